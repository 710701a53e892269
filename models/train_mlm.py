"""Domain-adaptive masked-LM training: LoRA adapters taught to fill in masked pieces of Arabic news.

The e5 base learnt its weights for sentence vectors from mostly non-Arabic text. Before the entity
tagger learns its labels, the same LoRA adapters it trains (same layers, rank and targets) can first
learn to predict masked word pieces of ``../shared/data/news_corpus``, the domain Majlis reads.
The entity tagger then starts from them: ``python -m models.train_ner --init OUT ...``.

Only the adapters are saved. The prediction head (a fresh transform, the frozen word-embedding rows
of the pieces the sampled text uses, and a bias) exists for this training alone. Restricting the
output to the pieces the text uses keeps the 250k-piece softmax off a CPU's critical path.

Checkpoints are written every ``--save-every`` steps; a rerun of the same command resumes. Masks
are drawn from a generator seeded by the step, so a resumed run sees the masks a straight run would.

Run: python -m models.train_mlm --out models/.mlm-news --steps 2000 [--articles 10000]
     [--batch-size 32] [--lr 5e-4] [--device auto]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from models.train_ner import build_model, trainable_state, training_setup, write_atomically

META_FILE = "majlis_mlm.json"
CHECKPOINT_FILE = "mlm-checkpoint.pt"
#: Targets the loss ignores (cross-entropy's default ignore index).
IGNORE = -100
#: BERT's recipe: of the chosen pieces, 80% become the mask, 10% a random piece, 10% stay.
MASK_SHARE, RANDOM_SHARE = 0.8, 0.1
#: Blocks shorter than this are the ragged ends of articles: too little context to learn from.
MIN_BLOCK = 16


def article_blocks(piece_ids: Sequence[int], block: int) -> list[list[int]]:
    """An article's pieces cut into consecutive blocks of at most ``block``; a last block shorter
    than MIN_BLOCK is dropped (unless it is the whole article)."""
    blocks = [list(piece_ids[start : start + block]) for start in range(0, len(piece_ids), block)]
    if len(blocks) > 1 and len(blocks[-1]) < MIN_BLOCK:
        blocks.pop()
    return [b for b in blocks if len(b) >= min(MIN_BLOCK, len(piece_ids))]


def corpus_vocabulary(blocks: Iterable[Sequence[int]]) -> list[int]:
    """The piece ids the blocks use, sorted: the rows of the prediction head's output."""
    return sorted({piece for b in blocks for piece in b})


def mask_block(
    pieces: Sequence[int], mask_id: int, vocabulary: Sequence[int], share: float, rng: random.Random
) -> tuple[list[int], list[int]]:
    """(inputs, targets) for one block of pieces (no special tokens).

    Exactly ``max(1, round(share * len))`` positions are chosen; targets hold the original piece
    there and IGNORE elsewhere. A chosen piece becomes ``mask_id`` (80%), a random piece of the
    vocabulary (10%) or stays as it is (10%).
    """
    inputs, targets = list(pieces), [IGNORE] * len(pieces)
    if not pieces:
        return inputs, targets
    count = max(1, round(share * len(pieces)))
    for position in rng.sample(range(len(pieces)), count):
        targets[position] = pieces[position]
        roll = rng.random()
        if roll < MASK_SHARE:
            inputs[position] = mask_id
        elif roll < MASK_SHARE + RANDOM_SHARE:
            inputs[position] = rng.choice(vocabulary)
    return inputs, targets


def collate_blocks(
    rows: Sequence[tuple[list[int], list[int]]], cls_id: int, sep_id: int, pad_id: int
) -> dict[str, Any]:
    """Tensors for masked blocks: [CLS] block [SEP], padded; the specials are never targets."""
    import torch

    width = max(len(inputs) for inputs, _ in rows) + 2
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    attention = torch.zeros((len(rows), width), dtype=torch.long)
    targets = torch.full((len(rows), width), IGNORE, dtype=torch.long)
    for row, (inputs, wanted) in enumerate(rows):
        n = len(inputs)
        ids[row, : n + 2] = torch.tensor([cls_id, *inputs, sep_id])
        attention[row, : n + 2] = 1
        targets[row, 1 : n + 1] = torch.tensor(wanted)
    return {"input_ids": ids, "attention_mask": attention, "targets": targets}


def piece_head(embeddings: Any, vocabulary: Sequence[int]) -> Any:
    """A module predicting a masked piece among ``vocabulary``: a fresh transform (dense, GELU,
    LayerNorm, as BERT's), then the frozen word-embedding rows of those pieces (tied output) and a
    bias. Called with (hidden states, targets) it returns the mean cross-entropy of the targets."""
    import torch

    class PieceHead(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            hidden = embeddings.shape[1]
            self.transform = torch.nn.Sequential(
                torch.nn.Linear(hidden, hidden), torch.nn.GELU(), torch.nn.LayerNorm(hidden)
            )
            index = torch.tensor(list(vocabulary), dtype=torch.long)
            # A buffer: the word table stays frozen, here as in the tagger.
            self.register_buffer("rows", embeddings.detach()[index].clone())
            self.bias = torch.nn.Parameter(torch.zeros(len(vocabulary)))
            # Piece id -> output row, for the targets.
            lookup = torch.full((embeddings.shape[0],), IGNORE, dtype=torch.long)
            lookup[index] = torch.arange(len(vocabulary))
            self.register_buffer("lookup", lookup)

        def forward(self, hidden_states: Any, targets: Any) -> Any:
            chosen = targets != IGNORE
            logits = self.transform(hidden_states[chosen]) @ self.rows.T + self.bias
            return torch.nn.functional.cross_entropy(logits, self.lookup[targets[chosen]])

    return PieceHead()


def encoder_of(model: Any) -> Any:
    """The encoder inside the token classifier build_model returns (LoRA layers included)."""
    return model.base_model.model.base_model


def mlm_loss(model: Any, head: Any, batch: dict[str, Any]) -> Any:
    hidden = encoder_of(model)(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    return head(hidden.last_hidden_state, batch["targets"])


def adapter_state(model: Any) -> dict[str, Any]:
    """The LoRA weights alone, named as peft saves them (the unused classifier head left out)."""
    from peft import get_peft_model_state_dict

    return {
        name: tensor.detach().cpu().contiguous()
        for name, tensor in get_peft_model_state_dict(model).items()
        if "classifier" not in name
    }


def load_blocks(
    data: Path, articles: int, seed: int, tokenizer: Any, block: int
) -> tuple[list[list[int]], list[list[int]]]:
    """(train, dev) blocks from ``articles`` sampled news articles; dev comes from its own articles
    (one in fifty), so the dev loss measures text the adapters never trained on."""
    from models.pseudo_label import article_sentences, corpus_files, sample_articles

    files = corpus_files(data)
    if not files:
        raise SystemExit(f"error: no news corpus under {data / 'news_corpus'}")
    texts = [" ".join(article_sentences(a["text"])) for a in sample_articles(files, articles, seed)]
    texts = [t for t in texts if t]
    ids = tokenizer(texts, add_special_tokens=False)["input_ids"] if texts else []
    per_article = [article_blocks(p, block) for p in ids]
    n_dev = max(1, len(per_article) // 50)
    dev = [b for blocks in per_article[:n_dev] for b in blocks]
    train = [b for blocks in per_article[n_dev:] for b in blocks]
    return train, dev


def dev_loss(
    model: Any,
    head: Any,
    dev: Sequence[tuple[list[int], list[int]]],
    ids: tuple[int, int, int],
    device: Any,
    batch_size: int,
) -> float:
    """Mean cross-entropy of the masked pieces of the dev blocks (fixed masks)."""
    import torch

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(dev), batch_size):
            rows = dev[start : start + batch_size]
            batch = {k: v.to(device) for k, v in collate_blocks(rows, *ids).items()}
            # Weighted by targets, so the figure is the mean over every masked piece.
            targets = int((batch["targets"] != IGNORE).sum())
            total += float(mlm_loss(model, head, batch)) * targets
            count += targets
    model.train()
    return total / max(count, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base", default=None, help="encoder folder or hub id (default: the e5 base built here)"
    )
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--lora-rank", type=int, default=64)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--warmup", type=float, default=0.06)
    parser.add_argument("--mask-share", type=float, default=0.15)
    parser.add_argument("--max-pieces", type=int, default=128, help="block length, specials included")
    parser.add_argument("--articles", type=int, default=10000, help="news articles sampled for training")
    parser.add_argument(
        "--data", dest="shared", default=None, help="folder holding news_corpus/ (default: ../shared/data)"
    )
    parser.add_argument("--out", required=True)
    parser.add_argument("--checkpoint-dir", default=None, help="default: <out>/../.mlm-checkpoints")
    parser.add_argument("--save-every", type=int, default=100)
    parser.add_argument("--eval-every", type=int, default=250)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    import torch
    from transformers import get_linear_schedule_with_warmup

    from models.ner_data import shared_root

    device, base, tokenizer = training_setup(args.base, args.device, args.seed)
    data = Path(args.shared) if args.shared else shared_root() / "data"
    began = time.time()
    train, dev_blocks = load_blocks(data, args.articles, args.seed, tokenizer, args.max_pieces - 2)
    if not train:
        raise SystemExit("the sampled articles gave no training blocks")
    vocabulary = corpus_vocabulary([*train, *dev_blocks])
    print(
        f"{len(train)} training blocks, {len(dev_blocks)} dev blocks, {len(vocabulary)} pieces "
        f"({time.time() - began:.0f} s), device {device}",
        flush=True,
    )
    mask_id = tokenizer.mask_token_id
    ids = (tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id)
    dev_rng = random.Random(args.seed + 1)
    dev = [mask_block(b, mask_id, vocabulary, args.mask_share, dev_rng) for b in dev_blocks[:256]]

    model = build_model(base, args.layers, args.lora_rank)
    embeddings = model.get_input_embeddings().weight
    head = piece_head(embeddings, vocabulary)
    model, head = model.to(device), head.to(device)
    body = [p for n, p in model.named_parameters() if p.requires_grad and "classifier" not in n]
    for name, p in model.named_parameters():
        if "classifier" in name:
            p.requires_grad = False
    optimizer = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": list(head.parameters()), "lr": args.head_lr}],
        weight_decay=0.01,
    )
    scheduler = get_linear_schedule_with_warmup(optimizer, int(args.steps * args.warmup), args.steps)

    out = Path(args.out)
    ckpt_dir = Path(args.checkpoint_dir) if args.checkpoint_dir else out.parent / ".mlm-checkpoints"
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    ckpt = ckpt_dir / CHECKPOINT_FILE
    start, history = 0, []
    if ckpt.exists():
        # Our own file; weights_only stays off only for the optimiser state.
        state = torch.load(ckpt, map_location="cpu", weights_only=False)
        params = dict(model.named_parameters())
        for name, value in state["model"].items():
            params[name].data.copy_(value)
        head.load_state_dict(state["head"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start, history = state["step"], state["history"]
        print(f"resumed at step {start}", flush=True)

    def save(step: int) -> None:
        write_atomically(
            ckpt,
            {
                "model": trainable_state(model),
                "head": head.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "step": step,
                "history": history,
            },
        )

    # One fixed order of blocks per pass over them; the step picks its batch from it.
    per_pass = math.ceil(len(train) / args.batch_size)
    order_of = (-1, [])
    model.train()
    clipped = [*body, *head.parameters()]
    seen, tick = 0.0, time.time()
    for step in range(start, args.steps):
        epoch, within = divmod(step, per_pass)
        if order_of[0] != epoch:
            order_of = (epoch, random.Random(args.seed * 1000 + epoch).sample(range(len(train)), len(train)))
        picked = order_of[1][within * args.batch_size : (within + 1) * args.batch_size]
        rng = random.Random(args.seed * 1_000_003 + step)
        rows = [mask_block(train[i], mask_id, vocabulary, args.mask_share, rng) for i in picked]
        batch = {k: v.to(device) for k, v in collate_blocks(rows, *ids).items()}
        loss = mlm_loss(model, head, batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(clipped, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        seen += float(loss.detach())
        done = step + 1
        if done % 50 == 0:
            print(
                f"step {done}/{args.steps} loss {seen / 50:.4f} ({50 / (time.time() - tick):.2f} steps/s)",
                flush=True,
            )
            seen, tick = 0.0, time.time()
        if done % args.eval_every == 0 or done == args.steps:
            value = dev_loss(model, head, dev, ids, device, args.batch_size)
            history.append({"step": done, "dev_loss": round(value, 4)})
            print(f"step {done} dev loss {value:.4f} (perplexity {math.exp(value):.1f})", flush=True)
        if done % args.save_every == 0 or done == args.steps:
            save(done)

    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    save_file(adapter_state(model), str(out / "adapter_model.safetensors"))
    model.peft_config["default"].save_pretrained(str(out))
    meta = {
        "base": "e5-small-base" if args.base is None else str(args.base),
        "layers": args.layers,
        "lora_rank": args.lora_rank,
        "task": "masked-LM on news_corpus (domain adaptation; adapters only)",
        "articles": args.articles,
        "training_blocks": len(train),
        "vocabulary_pieces": len(vocabulary),
        "hyperparameters": {
            "steps": args.steps,
            "batch_size": args.batch_size,
            "lr": args.lr,
            "head_lr": args.head_lr,
            "warmup": args.warmup,
            "mask_share": args.mask_share,
            "max_pieces": args.max_pieces,
            "seed": args.seed,
        },
        "history": history,
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"saved to {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
