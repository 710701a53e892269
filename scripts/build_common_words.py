"""Derive assets/tables/common_words.tsv: words that are almost never part of a name.

Sources (read from ../shared at build time, never committed):
- NER training corpora (ANERcorp train, NewsFANE train, WikiFANE, AQMAR, Wojood sample train):
  a word seen at least MIN_COUNT times and tagged as an entity in under MAX_ENTITY_SHARE of them.
- The news corpus (first CORPUS_ARTICLES articles): a word whose definite form ("ال" + word) is
  common too is a noun or adjective ("مباحثات"/"المباحثات"), which names almost never are.
Test splits (anercorp/test*, newsfane/test*) are never read.

Run: python scripts/build_common_words.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.text import match_key  # noqa: E402

MIN_COUNT = 3
MAX_ENTITY_SHARE = 0.05
CORPUS_ARTICLES = 20000
DEFINITE_SHARE = 0.2
MIN_DEFINITE = 5
TRAIN_FILES = (
    "ner/anercorp/train.conll",
    "ner/newsfane/train.conll",
    "ner/wikifane/all.conll",
    "ner/aqmar/all.conll",
    "ner/wojood_sample/train.conll",
)
WORD_RE = re.compile(r"[\u0621-\u064a]+")
OUT = Path(__file__).resolve().parent.parent / "assets" / "tables" / "common_words.tsv"


def from_ner(shared: Path) -> set[str]:
    total: Counter[str] = Counter()
    entity: Counter[str] = Counter()
    for rel in TRAIN_FILES:
        path = shared / "data" / rel
        if "test" in rel or not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not WORD_RE.fullmatch(parts[0]):
                continue
            key = match_key(parts[0])
            total[key] += 1
            if parts[-1] != "O":
                entity[key] += 1
    return {w for w, n in total.items() if n >= MIN_COUNT and entity[w] / n < MAX_ENTITY_SHARE}


def from_corpus(shared: Path) -> set[str]:
    counts: Counter[str] = Counter()
    seen = 0
    for path in sorted((shared / "data" / "news_corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                try:
                    text = json.loads(line).get("text") or ""
                except ValueError:
                    continue
                counts.update(match_key(w) for w in WORD_RE.findall(text))
                seen += 1
                if seen % (CORPUS_ARTICLES // 3) == 0:
                    break
    out = set()
    for w, n in counts.items():
        if w.startswith("ال") or len(w) < 3:
            continue
        definite = counts.get("ال" + w, 0)
        if definite >= MIN_DEFINITE and definite >= DEFINITE_SHARE * n:
            out.add(w)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parent.parent.parent / "shared"))
    args = parser.parse_args()
    shared = Path(args.shared)
    ner = from_ner(shared)
    corpus = from_corpus(shared)
    rows = sorted((w, "ner" if w in ner else "corpus") for w in ner | corpus)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("word\tsource\n")
        for w, src in rows:
            fh.write(f"{w}\t{src}\n")
    print(f"{len(rows)} words ({len(ner)} from NER corpora, {len(corpus)} from the news corpus) -> {OUT}")


if __name__ == "__main__":
    main()
