"""Tag unlabelled news with a trained tagger and keep the sentences it is sure of, as training data.

Self-training: a model trained on 4,000 gold ANERcorp sentences meets, in ``../shared/data/
news_corpus``, names and contexts the gold never shows. The sentences where every word's label is
confident are written as a CoNLL file in our labels, which ``python -m models.train_ner
--extra-conll FILE`` trains on beside the gold corpora. The file is derived data: it stays out of
the repository, like the corpus it comes from.

Run: python -m models.pseudo_label --articles 500 --out /tmp/pseudo.conll [--tagger e5-ner]
     [--min-prob 0.8] [--seed 13]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from models.ner_data import shared_root, spans_from_bio
from models.word_tagger import words_of
from pipeline.text import arabic_ratio, clean_text, split_sentences

#: Sentences shorter than this say too little around a name; longer ones are mostly lists.
MIN_WORDS, MAX_WORDS = 5, 80
#: A sentence must be mostly Arabic script to be taught as Arabic news.
MIN_ARABIC = 0.6


def corpus_files(root: Path) -> list[Path]:
    """The news corpus files, in a fixed order."""
    return sorted((root / "news_corpus").glob("*.jsonl.gz"))


def sample_articles(files: Iterable[Path], count: int, seed: int) -> list[dict]:
    """``count`` articles drawn uniformly from every line of ``files`` (reservoir sampling, seeded).

    Lines that are not JSON objects with a text are skipped, never fatal.
    """
    rng = random.Random(seed)
    chosen: list[str] = []
    seen = 0
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                seen += 1
                if len(chosen) < count:
                    chosen.append(line)
                else:
                    slot = rng.randrange(seen)
                    if slot < count:
                        chosen[slot] = line
    articles = []
    for line in chosen:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            articles.append(record)
    return articles


def article_sentences(text: str) -> list[str]:
    """The article's sentences worth teaching: cleaned, of a useful length, mostly Arabic."""
    out = []
    for paragraph in clean_text(text).split("\n"):
        for start, end in split_sentences(paragraph):
            sentence = paragraph[start:end]
            if MIN_WORDS <= len(words_of(sentence)) <= MAX_WORDS and arabic_ratio(sentence) >= MIN_ARABIC:
                out.append(sentence)
    return out


def confident_sentences(
    sentences: Sequence[str], labels: Sequence[Sequence[tuple[str, float]]], min_prob: float
) -> Iterator[tuple[list[str], list[str]]]:
    """(words, tags) of each sentence whose every word's label has at least ``min_prob``."""
    for sentence, word_labels in zip(sentences, labels, strict=True):
        if word_labels and min(p for _, p in word_labels) >= min_prob:
            words = [sentence[a:b] for a, b in words_of(sentence)]
            yield words, [tag for tag, _ in word_labels]


def write_conll(handle, words: Sequence[str], tags: Sequence[str]) -> None:
    """One sentence as ``token<TAB>tag`` lines and a blank line."""
    for word, tag in zip(words, tags, strict=True):
        handle.write(f"{word}\t{tag}\n")
    handle.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m models.pseudo_label", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--articles", type=int, default=500, help="articles drawn from the news corpus")
    parser.add_argument("--out", type=Path, required=True, help="the CoNLL file to write")
    parser.add_argument("--tagger", default="e5-ner", help="a tagger that gives word labels (default e5-ner)")
    parser.add_argument(
        "--min-prob", type=float, default=0.8, help="keep sentences whose every word is this sure"
    )
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    files = corpus_files(shared_root() / "data")
    if not files:
        print(f"error: no news corpus under {shared_root() / 'data'}", file=sys.stderr)
        return 2
    from models.registry import load_tagger

    # MISC is kept: the student learns it, as the teacher did.
    tagger, warnings = load_tagger(args.tagger, extra_labels=("MISC",))
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not hasattr(tagger, "word_labels"):
        print(f"error: tagger {tagger.name} gives spans only, not word labels", file=sys.stderr)
        return 2

    articles = sample_articles(files, args.articles, args.seed)
    entities: Counter[str] = Counter()
    seen = kept = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for number, article in enumerate(articles, 1):
            sentences = article_sentences(article["text"])
            if not sentences:
                continue
            # One call per article: the model reads each sentence with its neighbours as context.
            labels = tagger.word_labels(sentences)
            seen += len(sentences)
            for words, tags in confident_sentences(sentences, labels, args.min_prob):
                write_conll(handle, words, tags)
                kept += 1
                entities.update(label for _, _, label in spans_from_bio(tags))
            if number % 50 == 0:
                print(f"{number}/{len(articles)} articles, {kept}/{seen} sentences kept", flush=True)
    print(f"{len(articles)} articles, {seen} sentences, {kept} kept ({dict(sorted(entities.items()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
