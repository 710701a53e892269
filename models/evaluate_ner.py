"""Exact-span NER scores of any registered tagger on the ANERcorp and NewsFANE test sets.

Run: python -m models.evaluate_ner [--tagger NAME] [--limit N] [--sets anercorp,newsfane]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.base import TAGGER_LABELS, EntityTagger
from models.ner_data import (
    FANE_MAP,
    NerSentence,
    bio_from_spans,
    joined_tokens,
    load_evaluation,
    shared_root,
    source_path,
    spans_from_bio,
)

#: (sentence index, start token, end token exclusive, label): one entity, matched only exactly.
SpanKey = tuple[int, int, int, str]

BATCH_SIZE = 64
#: Labels beyond the tagger contract that the evaluation asks backends to keep.
EXTRA_LABELS = ("MISC",)


@dataclass(frozen=True)
class EvalSet:
    """How one test set is read and how a tagger's labels are renamed to score against it."""

    name: str  #: the ner_data evaluation set name
    header: str  #: the line printed above its scores
    gold_map: Mapping[str, str | None]  #: file label -> scored label (None: not scored)
    pred_map: Mapping[str, str | None]  #: tagger label -> scored label (None: not scored)


# ANERcorp keeps its own label names so the figures sit beside published ones (MODEL_NOTES.md).
# It has no GPE, so a tagger's GPE is scored as LOC; MISC stays in the gold, as in published micro-F1,
# and is scored against the MISC a model learnt (the rules backend has none, so its MISC recall is 0).
ANERCORP_EVAL = EvalSet(
    name="anercorp",
    header="ANERcorp test",
    gold_map={"PERS": "PERS", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"},
    pred_map={"PER": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "MISC": "MISC"},
)
# NewsFANE through the ner_data map (fine or coarse file alike), scoring only the labels taggers emit:
# MISC (products, vehicles, weapons) is a training-only class that hf_tagger drops.
NEWSFANE_EVAL = EvalSet(
    name="newsfane",
    header="NewsFANE test",
    gold_map={label: (ours if ours in TAGGER_LABELS else None) for label, ours in FANE_MAP.items()},
    pred_map={label: label for label in TAGGER_LABELS},
)
EVAL_SETS = {"anercorp": ANERCORP_EVAL, "newsfane": NEWSFANE_EVAL}


def spans_of(tag_sequences: Iterable[Sequence[str]]) -> list[set[SpanKey]]:
    """One set of (sentence, start, end, label) per sentence, from BIO tags."""
    return [
        {(i, start, end, label) for start, end, label in spans_from_bio(tags)}
        for i, tags in enumerate(tag_sequences)
    ]


def _prf(correct: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    precision = correct / n_pred if n_pred else 0.0
    recall = correct / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "gold": n_gold,
        "pred": n_pred,
        "correct": correct,
    }


def score_spans(gold: Iterable[Iterable[SpanKey]], pred: Iterable[Iterable[SpanKey]]) -> dict:
    """Micro and per-type precision, recall and F1 with exact-span matching (conlleval semantics).

    Args:
        gold: per sentence, the gold (sentence, start, end, label) spans.
        pred: the same for predictions; a prediction counts only if start, end and label all match.

    Returns:
        {"micro": {...}, "per_type": {label: {...}}}, each with precision, recall, f1, gold, pred and
        correct; per_type covers every label in gold or pred.
    """
    gold_set = {span for sentence in gold for span in sentence}
    pred_set = {span for sentence in pred for span in sentence}
    correct = gold_set & pred_set
    n_gold = Counter(span[3] for span in gold_set)
    n_pred = Counter(span[3] for span in pred_set)
    n_correct = Counter(span[3] for span in correct)
    per_type = {
        label: _prf(n_correct[label], n_pred[label], n_gold[label]) for label in sorted(n_gold | n_pred)
    }
    return {"micro": _prf(len(correct), len(pred_set), len(gold_set)), "per_type": per_type}


def tag_tokens(
    tagger: EntityTagger,
    sentences_tokens: Sequence[Sequence[str]],
    label_map: Mapping[str, str | None],
    *,
    batch_size: int = BATCH_SIZE,
) -> list[list[str]]:
    """BIO tags per token from a tagger's character spans, labels renamed through ``label_map``.

    A token belongs to a span if it overlaps it at all: taggers strip clitics (the rules tagger keeps
    «تركيا» out of «وتركيا»), and the corpus token still names the entity. Where spans overlap the same
    token, the one that starts first (the longer on a tie) wins and the other is dropped. Labels missing
    from ``label_map`` or mapped to None are not predicted.
    """
    results: list[list[str]] = []
    for first in range(0, len(sentences_tokens), batch_size):
        batch = sentences_tokens[first : first + batch_size]
        joined = [joined_tokens(tokens) for tokens in batch]
        predicted = tagger.tag([text for text, _ in joined])
        for (_text, offsets), spans in zip(joined, predicted, strict=True):
            owner = [False] * len(offsets)
            token_spans: list[tuple[int, int, str]] = []
            for span in sorted(spans, key=lambda s: (s.start, -s.end)):
                label = label_map.get(span.label)
                if label is None:
                    continue
                covered = [i for i, (a, b) in enumerate(offsets) if a < span.end and span.start < b]
                # A span whose tokens another span already took is dropped whole: keeping its free
                # remainder would only add an entity with the wrong boundaries.
                if not covered or any(owner[i] for i in covered):
                    continue
                for i in covered:
                    owner[i] = True
                token_spans.append((covered[0], covered[-1] + 1, label))
            results.append(bio_from_spans(len(offsets), token_spans))
    return results


def evaluate(
    tagger: EntityTagger, sentences: Sequence[NerSentence], eval_set: EvalSet, *, batch_size: int = BATCH_SIZE
) -> tuple[dict, float]:
    """Scores of ``tagger`` on gold sentences (already mapped by eval_set.gold_map), and seconds tagging."""
    started = time.perf_counter()
    predicted = tag_tokens(tagger, [s.tokens for s in sentences], eval_set.pred_map, batch_size=batch_size)
    seconds = time.perf_counter() - started
    return score_spans(spans_of(s.tags for s in sentences), spans_of(predicted)), seconds


def format_scores(header: str, scores: dict) -> list[str]:
    """The printed block: header, micro-F1, then one line per type (n = gold count)."""
    lines = [header, f"micro-F1 = {scores['micro']['f1']:.4f}"]
    for label, s in scores["per_type"].items():
        lines.append(
            f"{label}  P={s['precision']:.4f}  R={s['recall']:.4f}  F1={s['f1']:.4f}  (n={s['gold']})"
        )
    return lines


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m models.evaluate_ner", description=__doc__)
    parser.add_argument(
        "--tagger", default=None, help="model name, backend or folder (default: catalogue default)"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="score only the first N sentences of each set"
    )
    parser.add_argument("--sets", default="anercorp,newsfane", help="comma-separated: anercorp, newsfane")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--gold-anercorp", type=Path, default=None, help="another ANERcorp-format file")
    parser.add_argument(
        "--gold-newsfane", type=Path, default=None, help="another NewsFANE (fine or coarse) file"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """The CLI; returns the exit status (2 when the data or the arguments are wrong)."""
    args = _parse(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in EVAL_SETS]
    if unknown or not names:
        print(f"error: unknown set(s) {unknown}; choose from {', '.join(EVAL_SETS)}", file=sys.stderr)
        return 2
    overrides = {"anercorp": args.gold_anercorp, "newsfane": args.gold_newsfane}
    gold: dict[str, list[NerSentence]] = {}
    for name in names:
        try:
            path = overrides[name] or source_path(name, "test")
            gold[name] = load_evaluation(name, path=path, label_map=EVAL_SETS[name].gold_map)
        except (FileNotFoundError, ValueError) as exc:
            print(f"error: cannot read the {name} test set: {exc}", file=sys.stderr)
            print(
                f"(shared data is looked for in {shared_root()}; set MAJLIS_SHARED to move it)",
                file=sys.stderr,
            )
            return 2
        if args.limit is not None:
            gold[name] = gold[name][: args.limit]

    # Imported here so that reading this module (and --help) never pulls in a backend.
    from models.catalogue import default_tagger_name
    from models.registry import load_tagger

    requested = args.tagger or default_tagger_name()
    # MISC is kept for scoring only: the pipeline's taggers drop it (it is no actor type).
    tagger, warnings = load_tagger(requested, extra_labels=EXTRA_LABELS)
    print(f"tagger: {tagger.name} (requested {requested})")
    for warning in warnings:
        print(f"warning: {warning}")
    for name in names:
        sentences = gold[name]
        scores, seconds = evaluate(tagger, sentences, EVAL_SETS[name], batch_size=args.batch_size)
        print()
        print("\n".join(format_scores(EVAL_SETS[name].header, scores)))
        rate = len(sentences) / seconds if seconds > 0 else float("inf")
        print(f"sentences/second = {rate:.1f}  ({len(sentences)} sentences in {seconds:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
