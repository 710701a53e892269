"""Re-anchor the labelled stance set after a change to pipeline.text.clean_text.

Each line of models/stance_data/labels.jsonl points at a sentence by raw-text offsets (which no
cleaning changes) and stores the cleaned sentence's hash and the speaker's and target's offsets
inside the cleaned sentence (which a cleaning that deletes more characters does change). Given
the old cleaning, this script rebuilds each sentence both ways and moves the in-sentence offsets
past the characters the new cleaning deletes; labels, notes and splits are kept as they are.
Lines whose sentence does not change are written back byte for byte.

Its one use so far: clean_text began dropping a «#» before an Arabic letter (hashtag links such
as «دونالد #ترمب»). Run from the repository root with ../shared beside it:

    python scripts/migrate_stance_labels.py            # rewrites labels.jsonl, prints a summary
    python scripts/migrate_stance_labels.py --check    # says what would change, writes nothing
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.ner_data import shared_root  # noqa: E402
from models.stance_set import CORPUS_SUBDIR, LABELS_PATH, iter_corpus, sentence_sha1  # noqa: E402
from pipeline.text import INVISIBLE_RE, clean_text, clean_text_positions  # noqa: E402


def clean_before_hashtags(text: str) -> str:
    """clean_text as it was before it dropped hashtag signs (zero-width marks and \\r only)."""
    return INVISIBLE_RE.sub("", text)


def moved(offset: int, kept: list[int]) -> int:
    """An offset into the old cleaned sentence, as an offset into the new one.

    `kept` holds, for every character of the new sentence, its position in the old one.
    """
    return sum(1 for position in kept if position < offset)


def migrate_row(row: dict, raw: str, old_clean: Callable[[str], str]) -> dict | None:
    """The row re-anchored to the new cleaning, or None when its sentence is unchanged."""
    old = old_clean(raw[row["start"] : row["end"]])
    new = clean_text(raw[row["start"] : row["end"]])
    if old == new:
        return None
    if sentence_sha1(old) != row["sha1"]:
        raise ValueError(f"{row['id']}: the stored hash matches neither the old nor the new sentence")
    # Positions in the old sentence of the characters the new cleaning keeps.
    kept = clean_text_positions(old)
    out = dict(row)
    out["sha1"] = sentence_sha1(new)
    for role in ("speaker", "target"):
        start, end = moved(row[f"{role}_start"], kept), moved(row[f"{role}_end"], kept)
        out[f"{role}_start"], out[f"{role}_end"] = start, end
        out[role] = new[start:end]
        if out[role] != clean_text(row[role]):
            raise ValueError(f"{row['id']}: the {role} {row[role]!r} did not survive the new cleaning")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS_PATH)
    parser.add_argument("--check", action="store_true", help="report only; write nothing")
    args = parser.parse_args(argv)
    lines = args.labels.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    texts: dict[tuple[str, str], str] = {}
    corpus_dir = Path(shared_root()) / CORPUS_SUBDIR
    for corpus in sorted({r["corpus"] for r in rows}):
        wanted = {str(r["article"]) for r in rows if r["corpus"] == corpus}
        for record in iter_corpus(corpus_dir / corpus, wanted):
            texts[(corpus, str(record["id"]))] = record.get("text") or ""
    changed = 0
    out_lines = []
    for line, row in zip(lines, rows, strict=True):
        new = migrate_row(row, texts[(row["corpus"], str(row["article"]))], clean_before_hashtags)
        if new is None:
            out_lines.append(line)
            continue
        changed += 1
        out_lines.append(json.dumps(new, ensure_ascii=False))
    print(f"{changed} of {len(rows)} references re-anchored")
    if not args.check and changed:
        args.labels.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
