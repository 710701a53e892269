"""Fine-tune the stance classifier on the team's stance set; resumable, and the same command on CPU or GPU.

usage: python -m models.train_stance [--base DIR] [--layers 6] [--lora-rank 16] [--epochs 10]
                                     [--val-share 0.15] [--skips none|class] [--lexicon-hint]
                                     [--out models/stance-e5] [--checkpoint-dir DIR] [--device auto]

What is trained: the first --layers encoder layers of the base (the rest are cut off) through LoRA
adapters, plus the head of models/stance_model.MarkedStanceModel, a `transformers` sequence
classifier that reads the hidden states at the target and speaker markers and their mean. The
word-embedding table is frozen. Each example is the pair ("speaker SEP target", the sentence with
the speaker in [ ] and the target in { }), built by models/stance_inputs.encode_query, which the
shipped backend (models/e5_stance.py) calls too. --skips class learns the set's skipped triples
as a fourth class, `none` (no real speaker-target pair), which the backend reads as neutral;
--lexicon-hint adds the lexicon backend's answer to the first text as a feature.

Data: the train split of models/stance_data/labels.jsonl. The test split is never read here. With
--val-share > 0, that share of the training articles (by a hash of the article) is held out to
tune on; --val-share 0 trains on every training triple (the shipped model).

Saved in --out: the adapters and head (adapter_model.safetensors), adapter_config.json, and
majlis_stance.json (how to rebuild the model from the base, the settings and the history).
Checkpoints are written every --save-every steps and after each epoch; rerunning the same command
resumes from the last one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.base import StanceQuery
from models.catalogue import STANCE_META
from models.stance_inputs import DEFAULT_MAX_LENGTH, SPEAKER_OPEN, TARGET_OPEN, EncodedQuery, encode_query
from models.stance_set import POLARITY_LABELS, LabelledTriple
from models.train_ner import group_by_length, with_adapters

LABELS = POLARITY_LABELS  # support, oppose, neutral: class i of the head is LABELS[i]
# With --skips class, a fourth class learns the set's "skip" triples: drawn pairs that are no real
# (speaker, actor) pair (own side, a place in the speaker's title, a word fragment...). The pipeline
# asks about such pairs too; the backend reads this class as "no stance", i.e. neutral.
NO_PAIR = "none"
DEFAULT_OUT = Path(__file__).resolve().parent / "stance-e5"
META_FILE = STANCE_META
CHECKPOINT_FILE = "checkpoint.pt"
SETTINGS_FILE = "settings.json"
# Trained whole: the head is new.
HEAD_MODULES = ("classifier",)
# Settings a resumed run must share with the checkpoint; --epochs may grow (a longer run).
RESUME_KEYS = (
    "base", "layers", "lora_rank", "lr", "head_lr", "batch_size", "warmup", "max_length",
    "val_share", "speaker_drop", "class_weights", "seed", "skips", "lexicon_hint",
)  # fmt: skip


@dataclass(frozen=True)
class Example:
    """One training triple encoded, with and without the speaker marked."""

    marked: EncodedQuery  #: speaker and target marked
    unmarked: EncodedQuery  #: target marked only (what the model sees when the speaker is not found)
    label: int  #: index into the head's classes (classes_of)


def load_labelled(include_skip: bool = False) -> list[LabelledTriple]:
    """The train split of the stance set (sentences rebuilt from ../shared); tests replace this.

    With include_skip, the train split's "skip" triples come too (never the test split's).
    """
    from models.stance_set import load_stance_set, train_test_split

    triples = load_stance_set(include_skip=include_skip)
    train, _test = train_test_split(triples)
    return train + [t for t in triples if t.label == "skip" and t.split == "train"]


def classes_of(skips: str) -> tuple[str, ...]:
    """The head's classes: the three polarities, and NO_PAIR when skips are learnt."""
    return (*LABELS, NO_PAIR) if skips == "class" else LABELS


def class_index(label: str, classes: Sequence[str]) -> int:
    return classes.index(NO_PAIR if label == "skip" else label)


def in_validation(triple: LabelledTriple, share: float) -> bool:
    """Whether a training triple's article is held out for validation (stable, by article)."""
    digest = hashlib.sha1(f"validation/{triple.corpus}/{triple.article}".encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF < share


def validation_split(
    triples: Sequence[LabelledTriple], share: float
) -> tuple[list[LabelledTriple], list[LabelledTriple]]:
    """(fit, validation) by article; a validation sentence also found in a fit article is dropped.

    The same rule as train_test_split: wire copy repeats across papers, and a repeated sentence
    would make the validation figure read high.
    """
    fit = [t for t in triples if not in_validation(t, share)]
    seen = {t.sha1 for t in fit}
    return fit, [t for t in triples if in_validation(t, share) and t.sha1 not in seen]


def lexicon_hints(queries: Sequence[StanceQuery], *, wanted: bool = True) -> list[str | None]:
    """The lexicon backend's polarity for each query, the feature a --lexicon-hint model reads; all
    None for a model trained without it."""
    if not wanted:
        return [None] * len(queries)
    from models.lexicon_stance import LexiconStance

    return [p.polarity for p in LexiconStance().classify(queries)]


def encode_examples(
    tokenizer: Any,
    triples: Sequence[LabelledTriple],
    max_length: int,
    *,
    unmarked: bool = True,
    classes: Sequence[str] = LABELS,
    lexicon_hint: bool = False,
) -> list[Example]:
    """Each triple encoded as at inference (StanceQuery in, ids out), with the lexicon's reading when asked."""
    queries = [t.to_query() for t in triples]
    hints = lexicon_hints(queries, wanted=lexicon_hint)
    out = []
    for t, query, hint in zip(triples, queries, hints, strict=True):
        marked = encode_query(tokenizer, query, max_length=max_length, hint=hint)
        bare = (
            encode_query(tokenizer, query, max_length=max_length, mark_speaker=False, hint=hint)
            if unmarked
            else marked
        )
        out.append(Example(marked, bare, class_index(t.label, classes)))
    return out


def class_weights(labels: Sequence[int], mode: str, n_classes: int = len(LABELS)) -> list[float]:
    """Per-class loss weights: "balanced" is n / (classes × count), "none" is all ones."""
    if mode == "none":
        return [1.0] * n_classes
    counts = [max(1, sum(1 for y in labels if y == k)) for k in range(n_classes)]
    return [len(labels) / (n_classes * c) for c in counts]


def epoch_batches(
    examples: Sequence[Example], batch_size: int, seed: int, speaker_drop: float
) -> list[list[tuple[EncodedQuery, int]]]:
    """One epoch as batches of (encoded query, label), in a seeded order; lengths sorted within windows.

    With speaker_drop, that share of examples shows the unmarked sentence, as at inference when the
    speaker is carried from an earlier sentence or named there only by a title.
    """
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rng.shuffle(order)
    rows = [
        (examples[i].unmarked if rng.random() < speaker_drop else examples[i].marked, examples[i].label)
        for i in order
    ]
    return group_by_length(rows, lambda r: len(r[0].input_ids), batch_size, 20, rng)


def collate(rows: Sequence[EncodedQuery], pad_id: int) -> dict[str, Any]:
    """Model inputs for encoded queries: ids padded on the right, the mask, the marker positions."""
    import torch

    width = max(len(r.input_ids) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for k, row in enumerate(rows):
        ids[k, : len(row.input_ids)] = torch.tensor(row.input_ids, dtype=torch.long)
        mask[k, : len(row.input_ids)] = 1
    return {
        "input_ids": ids,
        "attention_mask": mask,
        "target_pos": torch.tensor([r.target_pos for r in rows], dtype=torch.long),
        "speaker_pos": torch.tensor([r.speaker_pos for r in rows], dtype=torch.long),
    }


def build_model(base: str | Path, layers: int, lora_rank: int, classes: Sequence[str] = LABELS) -> Any:
    """The base encoder cut to `layers` layers, with a fresh head and (rank > 0) LoRA adapters."""
    from models.stance_model import MarkedStanceModel

    model = MarkedStanceModel.from_pretrained(
        str(base),
        id2label=dict(enumerate(classes)),
        label2id={label: i for i, label in enumerate(classes)},
        trust_remote_code=False,
        use_safetensors=True,
    )
    return with_adapters(model, layers, lora_rank, task_type="SEQ_CLS", head_modules=HEAD_MODULES)


def parameter_groups(model: Any, lr: float, head_lr: float) -> list[dict[str, Any]]:
    """The head learns at a higher rate than the adapters: it starts from nothing."""
    head, body = [], []
    for name, p in model.named_parameters():
        if p.requires_grad:
            (head if any(f".{m}." in name for m in HEAD_MODULES) else body).append(p)
    return [{"params": body, "lr": lr}, {"params": head, "lr": head_lr}]


def predict(
    model: Any, rows: Sequence[EncodedQuery], pad_id: int, device: Any, batch_size: int = 64
) -> list[list[float]]:
    """Class probabilities for each encoded query, in order."""
    import torch

    was_training = model.training
    model.eval()
    out: list[list[float]] = []
    with torch.no_grad():
        for start in range(0, len(rows), batch_size):
            batch = {k: v.to(device) for k, v in collate(rows[start : start + batch_size], pad_id).items()}
            out.extend(torch.softmax(model(**batch).logits.float(), dim=-1).cpu().tolist())
    if was_training:
        model.train()
    return out


def as_polarity(label: str) -> str:
    """A class read as a polarity: no real pair means no stance (neutral)."""
    return "neutral" if label == NO_PAIR else label


def validate(
    model: Any, examples: Sequence[Example], pad_id: int, device: Any, classes: Sequence[str] = LABELS
) -> dict[str, Any]:
    """Macro-F1 and the confusion matrix on validation examples (speaker marked, as at inference).

    The polarity triples are scored as at test time (NO_PAIR read as neutral); with a NO_PAIR class,
    "no_pair_recall" is the share of validation skips the model calls no pair.
    """
    from models.evaluate_stance import score_stance

    probs = predict(model, [e.marked for e in examples], pad_id, device)
    named = [
        (classes[e.label], classes[max(range(len(classes)), key=row.__getitem__)])
        for e, row in zip(examples, probs, strict=True)
    ]
    polar = [(g, as_polarity(p)) for g, p in named if g != NO_PAIR]
    scores = score_stance([g for g, _ in polar], [p for _, p in polar])
    skips = [p for g, p in named if g == NO_PAIR]
    if skips:
        scores["no_pair_recall"] = sum(p == NO_PAIR for p in skips) / len(skips)
    return scores


def settings_of(args: argparse.Namespace) -> dict[str, Any]:
    return {key: getattr(args, key) for key in RESUME_KEYS}


def export(
    model: Any, out: Path, args: argparse.Namespace, history: list[dict[str, Any]], data: dict[str, Any]
) -> None:
    """Save only what training adds (safetensors) and how to rebuild the model."""
    import tempfile

    out.mkdir(parents=True, exist_ok=True)
    # peft writes (or edits) a README.md beside the adapters: saving elsewhere first keeps the model
    # card in --out untouched, and only the files the backend reads are copied over.
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        for name in ("adapter_model.safetensors", "adapter_config.json"):
            os.replace(Path(tmp) / name, out / name)
    meta = {
        "base": "e5-small-base" if args.base is None else str(args.base),
        "layers": args.layers,
        "lora_rank": args.lora_rank,
        "labels": list(classes_of(args.skips)),
        "max_length": args.max_length,
        "lexicon_hint": args.lexicon_hint,
        "markers": {"speaker": SPEAKER_OPEN, "target": TARGET_OPEN},
        "data": data,
        "hyperparameters": {
            "epochs": args.epochs,
            "lr": args.lr,
            "head_lr": args.head_lr,
            "batch_size": args.batch_size,
            "warmup": args.warmup,
            "val_share": args.val_share,
            "speaker_drop": args.speaker_drop,
            "class_weights": args.class_weights,
            "skips": args.skips,
            "lexicon_hint": args.lexicon_hint,
            "seed": args.seed,
        },
        "history": history,
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m models.train_stance", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--base", default=None, help="encoder folder (default: the e5 base built here)")
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--lora-rank", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=0.1, help="share of steps spent warming up")
    parser.add_argument("--max-length", type=int, default=DEFAULT_MAX_LENGTH)
    parser.add_argument(
        "--val-share", type=float, default=0.15, help="training articles held out to tune on (0: none)"
    )
    parser.add_argument(
        "--speaker-drop", type=float, default=0.2, help="share of examples shown without the speaker marked"
    )
    parser.add_argument(
        "--lexicon-hint",
        action="store_true",
        help="give the model the lexicon backend's reading of each triple as a third text (a feature)",
    )
    parser.add_argument("--class-weights", choices=("balanced", "none"), default="balanced")
    parser.add_argument(
        "--skips",
        choices=("none", "class"),
        default="none",
        help="class: learn the train split's skip triples as a fourth class, no real pair",
    )
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    parser.add_argument(
        "--checkpoint-dir", default=None, help="default: models/.stance-checkpoints/<out name>"
    )
    parser.add_argument("--save-every", type=int, default=50)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    if args.lora_rank < 1:
        parser.error("--lora-rank must be at least 1: only adapters and the head are shipped")
    return args


def main(argv: Sequence[str] | None = None, *, log: Callable[[str], None] = print) -> int:
    args = parse_args(argv)
    import torch
    from transformers import get_linear_schedule_with_warmup

    from models.train_ner import load_checkpoint, save_checkpoint, training_setup

    def say(message: str) -> None:
        log(message)
        sys.stdout.flush()

    device, base, tokenizer = training_setup(args.base, args.device, args.seed)
    classes = classes_of(args.skips)
    triples = load_labelled(include_skip=True) if NO_PAIR in classes else load_labelled()
    allowed = {*LABELS, "skip"} if NO_PAIR in classes else set(LABELS)
    if any(t.split != "train" or t.label not in allowed for t in triples):
        raise ValueError("train_stance reads labelled train triples only")
    fit, val = validation_split(triples, args.val_share) if args.val_share > 0 else (list(triples), [])
    hint = args.lexicon_hint
    train = encode_examples(
        tokenizer, fit, args.max_length, unmarked=args.speaker_drop > 0, classes=classes, lexicon_hint=hint
    )
    dev = encode_examples(tokenizer, val, args.max_length, unmarked=False, classes=classes, lexicon_hint=hint)
    named = (*LABELS, "skip") if NO_PAIR in classes else LABELS
    counts = {label: sum(1 for t in fit if t.label == label) for label in named}
    data = {
        "train_triples": len(fit),
        "train_articles": len({(t.corpus, t.article) for t in fit}),
        "train_counts": counts,
        "validation_triples": len(val),
        "validation_articles": len({(t.corpus, t.article) for t in val}),
    }
    say(f"train {len(train)} {counts}, validation {len(dev)}, device {device}")

    model = build_model(base, args.layers, args.lora_rank, classes).to(device)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    say(f"trainable parameters: {trainable:,}")
    weights = torch.tensor(
        class_weights([e.label for e in train], args.class_weights, len(classes)), device=device
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    optimizer = torch.optim.AdamW(parameter_groups(model, args.lr, args.head_lr), weight_decay=0.01)
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = steps_per_epoch * args.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total * args.warmup), total)

    out = Path(args.out)
    ckpt_dir = (
        Path(args.checkpoint_dir)
        if args.checkpoint_dir
        else Path(__file__).resolve().parent / ".stance-checkpoints" / out.name
    )
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    ckpt, settings_file, hist_file = (
        ckpt_dir / CHECKPOINT_FILE,
        ckpt_dir / SETTINGS_FILE,
        ckpt_dir / "history.json",
    )
    start_epoch, start_step = 0, 0
    history: list[dict[str, Any]] = []
    if ckpt.exists():
        saved = json.loads(settings_file.read_text()) if settings_file.exists() else {}
        if saved != settings_of(args):
            changed = sorted(k for k in RESUME_KEYS if saved.get(k) != getattr(args, k))
            raise SystemExit(
                f"{ckpt} was written with other settings ({', '.join(changed)}); remove it or pass them"
            )
        start_epoch, start_step = load_checkpoint(ckpt, model, optimizer, scheduler)
        history = json.loads(hist_file.read_text()) if hist_file.exists() else []
        say(f"resumed at epoch {start_epoch + 1}, step {start_step}")
    settings_file.write_text(json.dumps(settings_of(args)))

    model.train()
    pad = tokenizer.pad_token_id
    for epoch in range(start_epoch, args.epochs):
        plan = epoch_batches(train, args.batch_size, args.seed + epoch, args.speaker_drop)
        began, seen_loss, first = time.time(), 0.0, start_step if epoch == start_epoch else 0
        for step in range(first, len(plan)):
            batch = {k: v.to(device) for k, v in collate([row for row, _ in plan[step]], pad).items()}
            labels = torch.tensor([label for _, label in plan[step]], device=device)
            loss = loss_fn(model(**batch).logits.float(), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            seen_loss += float(loss.detach())
            if (step + 1) % 20 == 0:
                rate = (step + 1 - first) / (time.time() - began)
                say(
                    f"epoch {epoch + 1} step {step + 1}/{len(plan)} loss {seen_loss / 20:.4f} ({rate:.2f} steps/s)"
                )
                seen_loss = 0.0
            if (step + 1) % args.save_every == 0:
                save_checkpoint(ckpt, model, optimizer, scheduler, epoch, step + 1)
        record: dict[str, Any] = {"epoch": epoch + 1, "seconds": round(time.time() - began)}
        if dev:
            scores = validate(model, dev, pad, device, classes)
            record |= {"val_macro_f1": round(scores["macro_f1"], 4), "val_confusion": scores["confusion"]}
            if "no_pair_recall" in scores:
                record["val_no_pair_recall"] = round(scores["no_pair_recall"], 4)
            say(
                f"epoch {epoch + 1} validation macro-F1 {scores['macro_f1']:.4f} confusion {scores['confusion']}"
            )
        history.append(record)
        save_checkpoint(ckpt, model, optimizer, scheduler, epoch + 1, 0)
        hist_file.write_text(json.dumps(history))
    export(model, out, args, history, data)
    say(f"saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
