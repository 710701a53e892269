"""Show the next batch of drawn stance candidates to read, and add the labels read to labels.jsonl.

usage:
    python scripts/label_stance.py show [--pool DIR] [--n 50]
    python scripts/label_stance.py add BATCH_FILE [--pool DIR]
    python scripts/label_stance.py counts

``show`` prints the next unlabelled sentences of the pool that scripts/draw_stance_candidates.py
wrote, in the pool's seeded order, until about --n triples are shown: shard file by shard file
(shards are seeded random shares of the articles, so labelling can start while later shards are
still drawn), and within a shard, sentences by the smallest draw_key of their triples, so every
triple of a sentence is read together. ``add``
reads a batch file the labeller wrote, one triple a line: ``<id> <s|o|n|x> [note]`` (support,
oppose, neutral, skip; a skip needs its note), and appends each triple's reference to
models/stance_data/labels.jsonl. The corpus text stays in the pool, outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.stance_set import LABELS_PATH, label_counts, read_references, split_of  # noqa: E402

DEFAULT_POOL = Path("/work/stance-pool")
SHORT_LABELS = {"s": "support", "o": "oppose", "n": "neutral", "x": "skip"}
#: The reference fields copied from a pool line into labels.jsonl, in this order.
REFERENCE_FIELDS = (
    "id",
    "corpus",
    "article",
    "start",
    "end",
    "sha1",
    "speaker",
    "speaker_start",
    "speaker_end",
    "target",
    "target_start",
    "target_end",
)


def read_pool(pool: Path) -> dict[str, dict[str, Any]]:
    """Every drawn triple of every shard file, by id."""
    triples: dict[str, dict[str, Any]] = {}
    for shard, path in enumerate(sorted(pool.glob("candidates-*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                t = json.loads(line)
                triples[t["id"]] = t | {"shard": shard}
    return triples


def labelled_ids(path: Path = LABELS_PATH) -> set[str]:
    return {r["id"] for r in read_references(path)} if path.is_file() else set()


def sentence_order(triples: dict[str, dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The pool's triples grouped by sentence, sentences in shard order, then in seeded order."""
    groups: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for t in triples.values():
        groups.setdefault((t["corpus"], t["article"], t["start"]), []).append(t)
    for group in groups.values():
        group.sort(key=lambda t: (t["target_start"], t["speaker_start"]))
    return sorted(groups.values(), key=lambda g: (g[0]["shard"], min(t["draw_key"] for t in g)))


def earlier_decisions(pool: Path) -> dict[str, str]:
    """Labels given to the same triples in an earlier draw (kept under <pool>/v*/), to re-confirm."""
    earlier: dict[str, str] = {}
    for path in sorted(pool.glob("v*/b*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                earlier[line.split()[0]] = line.split(maxsplit=1)[1]
    return earlier


def show(pool: Path, n: int) -> None:
    done = labelled_ids()
    earlier = earlier_decisions(pool)
    shown = 0
    for group in sentence_order(read_pool(pool)):
        todo = [t for t in group if t["id"] not in done]
        if not todo:
            continue
        if shown >= n:
            break
        print(f"\n# {todo[0]['corpus'].split('.')[0]} {todo[0]['article']}")
        print(f"  {todo[0]['sentence']}")
        for t in todo:
            seen = f"  [earlier: {earlier[t['id']]}]" if t["id"] in earlier else ""
            print(
                f"  {t['id']}  {t['speaker']} ({t['speaker_type']}) -> {t['target']} ({t['target_type']}){seen}"
            )
        shown += len(todo)


def add(batch: Path, pool: Path) -> None:
    triples = read_pool(pool)
    done = labelled_ids()
    rows = []
    for number, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        tid, short, *note = line.split(maxsplit=2)
        where = f"{batch}:{number}"
        if tid not in triples:
            raise SystemExit(f"{where}: {tid} is not in the pool")
        if tid in done:
            raise SystemExit(f"{where}: {tid} is labelled already")
        if short not in SHORT_LABELS:
            raise SystemExit(f"{where}: label {short!r} is not one of {', '.join(SHORT_LABELS)}")
        if short == "x" and not note:
            raise SystemExit(f"{where}: a skip needs a note")
        t = triples[tid]
        row = {f: t[f] for f in REFERENCE_FIELDS}
        row["label"] = SHORT_LABELS[short]
        if note:
            row["note"] = note[0].strip()
        row["split"] = split_of(t["corpus"], t["article"])
        rows.append(row)
        done.add(tid)
    LABELS_PATH.parent.mkdir(parents=True, exist_ok=True)
    with open(LABELS_PATH, "a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"added {len(rows)} labels")
    counts()


def counts() -> None:
    rows = read_references()
    table = label_counts(rows)
    kept = [r for r in rows if r["label"] != "skip"]
    print(json.dumps(table))
    for label in ("support", "oppose", "neutral"):
        share = sum(r["label"] == label for r in kept) / max(1, len(kept))
        print(f"{label}: {share:.1%}", end="  ")
    print(f"| non-skip {len(kept)}, skip {len(rows) - len(kept)} of {len(rows)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("show", "add", "counts"))
    parser.add_argument("batch", nargs="?", type=Path)
    parser.add_argument("--pool", type=Path, default=DEFAULT_POOL)
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args(argv)
    if args.command == "show":
        show(args.pool, args.n)
    elif args.command == "add":
        if args.batch is None:
            parser.error("add needs a batch file")
        add(args.batch, args.pool)
    else:
        counts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
