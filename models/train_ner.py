"""Fine-tune an entity tagger on the NER training splits; resumable, and the same command on CPU or GPU.

usage: python -m models.train_ner [--base DIR_OR_HUB_ID] [--layers 6] [--lora-rank 32] [--epochs 4]
                                  [--sources anercorp,wikifane,aqmar,wojood] [--out models/ner-e5]
                                  [--checkpoint-dir DIR] [--device auto]

What is trained: the first --layers encoder layers of the base (the rest are cut off, which also
makes the tagger faster), through LoRA adapters when --lora-rank > 0, plus the classifier head.
The 96M-parameter word embedding table is always frozen. What is saved in --out is only what
training adds (adapters and head, safetensors) plus `majlis_ner.json`, which says how to rebuild
the model from the base; models/e5_tagger.py does that at first use.

Checkpoints (trainable weights, optimiser, scheduler, position in the data, random state) are
written every --save-every steps and at the end of each epoch; rerunning the same command
resumes from the last one. The test splits (anercorp/test*, newsfane/test*) are never read here.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from models.catalogue import ADAPTER_META
from models.ner_hints import (
    HINTS_FILE,
    RulesHints,
    hints_for_token_lists,
    load_hints,
    new_hint_embedding,
    save_hints,
)
from models.word_tagger import chunk_words, context_row

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
DEFAULT_SOURCES = ("anercorp", "wikifane", "aqmar", "wojood")
DEFAULT_OUT = Path(__file__).resolve().parent / "ner-e5"
META_FILE = ADAPTER_META  # how the registry knows a folder of adapters
CHECKPOINT_FILE = "checkpoint.pt"
# LoRA on every linear map of the kept layers: attention projections and both feed-forward maps.
LORA_TARGETS = ("query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense")
IGNORE = -100
T = TypeVar("T")


@dataclass(frozen=True)
class Example:
    """One training sentence: model pieces and a label on the first piece of each word."""

    input_ids: list[int]
    labels: list[int]
    #: the rules' hint id of each piece (models/ner_hints.py); empty when trained without hints
    hints: list[int] = field(default_factory=list)
    #: index of its sentence in the list encoded (a long sentence gives several examples)
    sentence: int = 0


def to_training_tags(tags: Sequence[str]) -> list[str]:
    """Our BIO tags to the trained label set: places are one type, since ANERcorp has no GPE.

    The resolver tells countries and cities (GPE) from other places with the gazetteer.
    """
    out = []
    for tag in tags:
        if tag == "O":
            out.append("O")
            continue
        prefix, _, label = tag.partition("-")
        label = "LOC" if label in ("GPE", "LOC") else label
        out.append(f"{prefix}-{label}" if f"{prefix}-{label}" in LABELS else "O")
    return out


def encode_sentences(
    tokenizer: Any,
    sentences: Sequence[tuple[Sequence[str], Sequence[str]]],
    max_pieces: int,
    hints: Sequence[Sequence[int]] | None = None,
    context: int = 0,
) -> list[Example]:
    """Word-piece each sentence; label the first piece of a word, ignore the others.

    A sentence longer than max_pieces is cut between words into several examples, so no label is
    lost to truncation. With `hints` (one id per word), every piece of a word carries its word's.
    With `context` > 0 the sentences are read as running text: each example also holds up to
    `context` pieces of the words before and after it, unlabelled (word_tagger.context_row).
    """
    label_id = {label: i for i, label in enumerate(LABELS)}
    budget = max_pieces - 2  # <s> and </s>
    words = [w for ws, _tags in sentences for w in ws]
    encoded = tokenizer(words, add_special_tokens=False)["input_ids"] if words else []
    pieces = [p[:budget] or [tokenizer.unk_token_id] for p in encoded]
    labels = [label_id[t] for _ws, tags in sentences for t in to_training_tags(tags)]
    flat_hints = [h for hs in hints for h in hs] if hints is not None else [0] * len(words)
    counts = [len(p) for p in pieces]
    ends = (tokenizer.cls_token_id, tokenizer.sep_token_id)
    examples: list[Example] = []
    at = 0
    for n, (ws, _tags) in enumerate(sentences):
        for first, end in chunk_words(counts[at : at + len(ws)], budget):
            ids, heads, piece_hints = context_row(
                pieces, counts, flat_hints, (at + first, at + end), context, ends
            )
            piece_labels = [IGNORE] * len(ids)
            for k, head in enumerate(heads):
                piece_labels[head] = labels[at + first + k]
            examples.append(Example(ids, piece_labels, piece_hints if hints is not None else [], n))
        at += len(ws)
    return examples


def batches(examples: Sequence[Example], batch_size: int, seed: int) -> list[list[int]]:
    """Indices grouped into batches of similar length (less padding), in a seeded random order."""
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rng.shuffle(order)
    return group_by_length(order, lambda i: len(examples[i].input_ids), batch_size, 50, rng)


def group_by_length(
    items: Sequence[T], length: Callable[[T], int], batch_size: int, window_batches: int, rng: random.Random
) -> list[list[T]]:
    """Batches of shuffled items, sorted by length within windows of `window_batches` batches (similar
    lengths together: less padding, yet a different mix each epoch), the batches then shuffled.

    Shared by the entity tagger and the stance classifier (models/train_stance.py).
    """
    window = batch_size * window_batches
    grouped: list[list[T]] = []
    for start in range(0, len(items), window):
        chunk = sorted(items[start : start + window], key=length)
        grouped.extend(chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size))
    rng.shuffle(grouped)
    return grouped


def collate(examples: Sequence[Example], pad_id: int) -> dict[str, Any]:
    import torch

    width = max(len(e.input_ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    labels = torch.full((len(examples), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    hints = torch.zeros((len(examples), width), dtype=torch.long)
    for row, e in enumerate(examples):
        n = len(e.input_ids)
        ids[row, :n] = torch.tensor(e.input_ids)
        labels[row, :n] = torch.tensor(e.labels)
        mask[row, :n] = 1
        if e.hints:
            hints[row, :n] = torch.tensor(e.hints)
    batch = {"input_ids": ids, "attention_mask": mask, "labels": labels}
    if any(e.hints for e in examples):
        batch["hint_ids"] = hints
    return batch


def forward(model: Any, batch: dict[str, Any], hints: Any | None) -> Any:
    """The model's output for a collated batch; with a hint table, each piece's hint vector is added
    to its word embedding (the position and type embeddings are added by the model as usual)."""
    inputs = {k: v for k, v in batch.items() if k != "hint_ids"}
    if hints is None:
        return model(**inputs)
    ids = inputs.pop("input_ids")
    embeds = model.get_input_embeddings()(ids) + hints(batch["hint_ids"])
    return model(inputs_embeds=embeds, **inputs)


def build_model(base: str | Path, layers: int, lora_rank: int) -> Any:
    """The base encoder cut to `layers` layers, with a fresh head and (optionally) LoRA adapters."""
    from transformers import AutoModelForTokenClassification

    model = AutoModelForTokenClassification.from_pretrained(
        str(base),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
        trust_remote_code=False,
        use_safetensors=True,
        # A base that already has a head (another task's, another label set) gets a fresh one.
        ignore_mismatched_sizes=True,
    )
    return with_adapters(model, layers, lora_rank, task_type="TOKEN_CLS", head_modules=("classifier",))


def with_adapters(
    model: Any, layers: int, lora_rank: int, *, task_type: str, head_modules: Sequence[str]
) -> Any:
    """Cut the encoder to its first `layers` layers, freeze the word embeddings, and (rank > 0) wrap
    the model in LoRA adapters on every linear map of the kept layers, its head trained whole.

    Shared by the entity tagger and the stance classifier (models/train_stance.py).
    """
    encoder = model.base_model.encoder
    if 0 < layers < len(encoder.layer):
        encoder.layer = encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    # The 250k-piece table is most of the parameters and needs no training for either task.
    model.base_model.embeddings.word_embeddings.weight.requires_grad = False
    if lora_rank > 0:
        from peft import LoraConfig, TaskType, get_peft_model

        config = LoraConfig(
            task_type=getattr(TaskType, task_type),
            r=lora_rank,
            lora_alpha=2 * lora_rank,
            lora_dropout=0.1,
            target_modules=list(LORA_TARGETS),
            modules_to_save=list(head_modules),
        )
        model = get_peft_model(model, config)
    return model


def warm_start(model: Any, folder: Path) -> None:
    """Load an earlier run's trained weights (LoRA adapters and head, or trained.safetensors).

    Lets a model trained on every source be tuned further on one (ANERcorp's own conventions)
    without paying for the first run again, or start from adapters adapted to news by masked-LM
    training (models/train_mlm.py), which have no head.
    """
    from safetensors.torch import load_file

    if (folder / "adapter_model.safetensors").is_file():
        from peft import get_peft_model_state_dict, set_peft_model_state_dict

        state = load_file(str(folder / "adapter_model.safetensors"))
        # Adapters without a head (models.train_mlm's) keep this model's fresh head.
        for name, value in get_peft_model_state_dict(model).items():
            if "classifier" in name:
                state.setdefault(name, value)
        result = set_peft_model_state_dict(model, state)
        unexpected = getattr(result, "unexpected_keys", [])
        if unexpected:
            raise ValueError(f"{folder}: adapters do not fit this model ({unexpected[:3]})")
        return
    state = load_file(str(folder / "trained.safetensors"))
    params = dict(model.named_parameters())
    missing = [name for name in state if name not in params]
    if missing:
        raise ValueError(f"{folder}: trained weights do not fit this model ({missing[:3]})")
    for name, value in state.items():
        params[name].data.copy_(value)


def parameter_groups(model: Any, lr: float, head_lr: float, hints: Any | None = None) -> list[dict[str, Any]]:
    """The head learns at a higher rate: with one small rate the model predicts only O for an epoch.

    The hint table starts at zero and is new, like the head, so it learns at the head's rate.
    """
    head, body = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (head if "classifier" in name else body).append(p)
    if hints is not None:
        head.extend(hints.parameters())
    return [{"params": body, "lr": lr}, {"params": head, "lr": head_lr}]


def trainable_state(model: Any) -> dict[str, Any]:
    return {n: p.detach().cpu().clone() for n, p in model.named_parameters() if p.requires_grad}


def save_checkpoint(
    path: Path, model: Any, optimizer: Any, scheduler: Any, epoch: int, step: int, hints: Any | None = None
) -> None:
    """Atomically write everything needed to resume: a killed run never leaves half a checkpoint."""
    import torch

    write_atomically(
        path,
        {
            "trainable": trainable_state(model),
            "hints": None if hints is None else hints.weight.detach().cpu().clone(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "epoch": epoch,
            "step": step,
            "torch_rng": torch.get_rng_state(),
            "python_rng": random.getstate(),
        },
    )


def write_atomically(path: Path, payload: dict[str, Any]) -> None:
    """torch.save to a temporary file, then rename: a killed run never leaves half a checkpoint."""
    import torch

    tmp = path.with_suffix(".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)


def load_checkpoint(
    path: Path, model: Any, optimizer: Any, scheduler: Any, hints: Any | None = None
) -> tuple[int, int]:
    import torch

    # Our own file, written by save_checkpoint; weights_only stays off only for optimiser state.
    state = torch.load(path, map_location="cpu", weights_only=False)
    params = dict(model.named_parameters())
    for name, value in state["trainable"].items():
        params[name].data.copy_(value)
    if hints is not None and state.get("hints") is not None:
        hints.weight.data.copy_(state["hints"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["torch_rng"])
    random.setstate(state["python_rng"])
    return state["epoch"], state["step"]


def evaluate(
    model: Any,
    examples: Sequence[Example],
    pad_id: int,
    device: Any,
    batch_size: int = 64,
    hints: Any | None = None,
) -> float:
    """Exact-span micro-F1 over first-piece labels (a quick dev figure, not the benchmark)."""
    import torch

    from models.evaluate_ner import score_spans
    from models.ner_data import spans_from_bio

    model.eval()
    gold_sets, pred_sets = [], []
    with torch.no_grad():
        for start in range(0, len(examples), batch_size):
            chunk = examples[start : start + batch_size]
            batch = {k: v.to(device) for k, v in collate(chunk, pad_id).items() if k != "labels"}
            logits = forward(model, batch, hints).logits
            pred = logits.argmax(-1).cpu()
            for row, e in enumerate(chunk):
                keep = [k for k, lab in enumerate(e.labels) if lab != IGNORE]
                gold_tags = [LABELS[e.labels[k]] for k in keep]
                pred_tags = [LABELS[int(pred[row, k])] for k in keep]
                n = len(gold_sets)
                gold_sets.append({(n, s, t, lab) for s, t, lab in spans_from_bio(gold_tags)})
                pred_sets.append({(n, s, t, lab) for s, t, lab in spans_from_bio(pred_tags)})
    model.train()
    return score_spans(gold_sets, pred_sets)["micro"]["f1"]


def export(
    model: Any, out: Path, args: argparse.Namespace, history: list[dict[str, Any]], hints: Any | None = None
) -> None:
    """Save only what training adds, in safetensors, and how to rebuild the model."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    if hints is not None:
        save_hints(hints, out)
    if args.lora_rank > 0:
        model.save_pretrained(str(out), safe_serialization=True)
    else:
        save_file(
            {n: t.contiguous() for n, t in trainable_state(model).items()}, str(out / "trained.safetensors")
        )
    meta = {
        "base": "e5-small-base" if args.base is None else str(args.base),
        "layers": args.layers,
        "lora_rank": args.lora_rank,
        "labels": list(LABELS),
        "max_pieces": args.max_pieces,
        "context": args.context,
        "sources": args.sources.split(","),
        "extra_files": [Path(path).name for path in args.extra_conll],
        "hints": "rules" if hints is not None else None,
        "hyperparameters": {
            "epochs": args.epochs,
            "lr": args.lr,
            "head_lr": args.head_lr,
            "batch_size": args.batch_size,
            "warmup": args.warmup,
            "seed": args.seed,
            "split_seed": args.split_seed,
            "init": args.init,
        },
        "history": history,
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def training_setup(base: str | None, device: str, seed: int) -> tuple[Any, str | Path, Any]:
    """What both trainers start with: seeded RNGs, the device, the base encoder's folder, its tokenizer.

    ``device`` "auto" is CUDA when there is one, else the CPU, which then uses every core; ``base``
    None is the e5 base built at setup (built now if missing).
    """
    import torch
    from transformers import AutoTokenizer

    torch.manual_seed(seed)
    random.seed(seed)
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    chosen = torch.device(device)
    if chosen.type == "cpu":
        torch.set_num_threads(os.cpu_count() or 1)
    if base is None:
        from models.e5_base import ensure_base

        folder: str | Path = ensure_base()
    else:
        folder = base
    return chosen, folder, AutoTokenizer.from_pretrained(str(folder), trust_remote_code=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base", default=None, help="encoder folder or hub id (default: the e5 base built here)"
    )
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--lora-rank", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--head-lr", type=float, default=2e-3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=0.06, help="share of steps spent warming up")
    parser.add_argument("--max-pieces", type=int, default=128)
    parser.add_argument(
        "--context",
        type=int,
        default=0,
        help="pieces of the running text read on each side of a sentence, unlabelled (0: none)",
    )
    parser.add_argument("--sources", default=",".join(DEFAULT_SOURCES))
    parser.add_argument(
        "--extra-conll",
        action="append",
        default=[],
        metavar="FILE",
        help="a CoNLL file in our labels to train on as well (repeatable); never in the dev split",
    )
    parser.add_argument("--dev-share", type=float, default=0.03, help="training sentences held out for dev")
    parser.add_argument("--limit", type=int, default=0, help="use only this many sentences (smoke tests)")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument("--checkpoint-dir", default=None, help="default: <out>/../.ner-checkpoints")
    parser.add_argument("--save-every", type=int, default=200)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--split-seed",
        type=int,
        default=None,
        help="seed of the dev split (default: --seed); fix it to compare runs of different seeds",
    )
    parser.add_argument(
        "--rules-hint",
        action="store_true",
        help="the model also reads the rules tagger's tag of each word (models/ner_hints.py)",
    )
    parser.add_argument(
        "--init",
        default=None,
        help="start from the adapters and head of an earlier run's --out folder (same layers and rank)",
    )
    args = parser.parse_args(argv)
    if args.split_seed is None:
        args.split_seed = args.seed

    import torch
    from transformers import get_linear_schedule_with_warmup

    from models.ner_data import load_own_file, load_training

    device, base, tokenizer = training_setup(args.base, args.device, args.seed)
    # Sentences stay in corpus order for encoding (context is the running text around each);
    # the seeded shuffle then picks the dev sentences and the order of the examples.
    sentences = [tuple(s) for s in load_training(args.sources.split(","), collapse_places=True)]
    order = list(range(len(sentences)))
    random.Random(args.split_seed).shuffle(order)
    if args.limit:
        order = order[: args.limit]
    n_dev = max(1, int(len(order) * args.dev_share))
    word_hints = None
    hinter = RulesHints() if args.rules_hint else None
    if hinter is not None:
        word_hints = hints_for_token_lists(hinter, [words for words, _tags in sentences])
    by_sentence: dict[int, list[Example]] = {}
    for example in encode_sentences(tokenizer, sentences, args.max_pieces, word_hints, args.context):
        by_sentence.setdefault(example.sentence, []).append(example)
    dev = [e for n in order[:n_dev] for e in by_sentence.get(n, [])]
    train = [e for n in order[n_dev:] for e in by_sentence.get(n, [])]
    # Extra files only add training examples: the dev split stays the one the named sources give,
    # and each file is encoded on its own, so its context never runs into a corpus sentence.
    for path in args.extra_conll:
        extra = [tuple(s) for s in load_own_file(path, collapse_places=True)]
        extra_hints = None
        if hinter is not None:
            extra_hints = hints_for_token_lists(hinter, [words for words, _tags in extra])
        examples = list(encode_sentences(tokenizer, extra, args.max_pieces, extra_hints, args.context))
        print(f"{path}: {len(extra)} sentences, {len(examples)} examples", flush=True)
        train.extend(examples)
    print(f"train {len(train)} examples, dev {len(dev)}, device {device}", flush=True)

    model = build_model(base, args.layers, args.lora_rank)
    hints = new_hint_embedding(model.config.hidden_size) if args.rules_hint else None
    if args.init:
        warm_start(model, Path(args.init))
        if hints is not None and (Path(args.init) / HINTS_FILE).is_file():
            hints.weight.data.copy_(load_hints(Path(args.init)).weight)
        print(f"warm start from {args.init}", flush=True)
    model = model.to(device)
    if hints is not None:
        hints = hints.to(device)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"trainable parameters: {trainable:,}", flush=True)
    optimizer = torch.optim.AdamW(parameter_groups(model, args.lr, args.head_lr, hints), weight_decay=0.01)
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = steps_per_epoch * args.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total * args.warmup), total)

    out = Path(args.out)
    ckpt_dir = Path(args.checkpoint_dir) if args.checkpoint_dir else out.parent / ".ner-checkpoints"
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    ckpt = ckpt_dir / CHECKPOINT_FILE
    start_epoch, start_step = 0, 0
    history: list[dict[str, Any]] = []
    if ckpt.exists():
        start_epoch, start_step = load_checkpoint(ckpt, model, optimizer, scheduler, hints)
        print(f"resumed at epoch {start_epoch + 1}, step {start_step}", flush=True)
        hist_file = ckpt_dir / "history.json"
        history = json.loads(hist_file.read_text()) if hist_file.exists() else []

    model.train()
    pad = tokenizer.pad_token_id
    clipped = [*model.parameters(), *(hints.parameters() if hints is not None else ())]
    for epoch in range(start_epoch, args.epochs):
        plan = batches(train, args.batch_size, args.seed + epoch)
        began, seen_loss = time.time(), 0.0
        for step in range(start_step if epoch == start_epoch else 0, len(plan)):
            batch = {k: v.to(device) for k, v in collate([train[i] for i in plan[step]], pad).items()}
            loss = forward(model, batch, hints).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(clipped, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            seen_loss += float(loss.detach())
            if (step + 1) % 50 == 0:
                rate = (step + 1 - (start_step if epoch == start_epoch else 0)) / (time.time() - began)
                print(
                    f"epoch {epoch + 1} step {step + 1}/{len(plan)} loss {seen_loss / 50:.4f} "
                    f"({rate:.2f} steps/s)",
                    flush=True,
                )
                seen_loss = 0.0
            if (step + 1) % args.save_every == 0:
                save_checkpoint(ckpt, model, optimizer, scheduler, epoch, step + 1, hints)
        f1 = evaluate(model, dev, pad, device, hints=hints)
        history.append(
            {"epoch": epoch + 1, "dev_micro_f1": round(f1, 4), "seconds": round(time.time() - began)}
        )
        print(f"epoch {epoch + 1} dev micro-F1 {f1:.4f}", flush=True)
        save_checkpoint(ckpt, model, optimizer, scheduler, epoch + 1, 0, hints)
        (ckpt_dir / "history.json").write_text(json.dumps(history))
    export(model, out, args, history, hints)
    print(f"saved to {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
