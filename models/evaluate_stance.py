"""Score stance classifiers on the held-out test split of the stance set: macro-F1, per class, confusion.

usage: python -m models.evaluate_stance [--stance NAME ...] [--json]

With no --stance, the default stance model and the lexicon fallback are scored in the same run (the
lexicon as the baseline). The test split (one article in five, sentences also seen in train
articles left out) is never trained on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from models.stance_set import POLARITY_LABELS

LABELS = POLARITY_LABELS


def score_stance(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Macro-F1 over support, oppose and neutral, per-class P/R/F1, accuracy and the confusion matrix.

    Returns:
        {"macro_f1", "accuracy", "n", "per_class": {label: {"p", "r", "f1", "support"}},
        "confusion": [[count of gold i predicted j for j in LABELS] for i in LABELS]}.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    unknown = (set(gold) | set(pred)) - set(LABELS)
    if unknown:
        raise ValueError(f"labels outside {LABELS}: {sorted(unknown)}")
    index = {label: i for i, label in enumerate(LABELS)}
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for g, p in zip(gold, pred, strict=True):
        confusion[index[g]][index[p]] += 1
    per_class: dict[str, dict[str, float]] = {}
    for i, label in enumerate(LABELS):
        tp = confusion[i][i]
        predicted = sum(row[i] for row in confusion)
        actual = sum(confusion[i])
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_class[label] = {"p": p, "r": r, "f1": f1, "support": actual}
    n = len(gold)
    return {
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(LABELS),
        "accuracy": sum(confusion[i][i] for i in range(len(LABELS))) / n if n else 0.0,
        "n": n,
        "per_class": per_class,
        "confusion": confusion,
    }


def format_report(name: str, scores: dict[str, Any], seconds: float) -> str:
    """A readable block: the macro-F1 line, a per-class table and the confusion matrix (rows gold)."""
    lines = [
        f"{name}: macro-F1 {scores['macro_f1']:.4f}  accuracy {scores['accuracy']:.4f}  "
        f"n={scores['n']}  ({seconds:.1f} s)",
        f"  {'class':<8} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}",
    ]
    for label, c in scores["per_class"].items():
        lines.append(f"  {label:<8} {c['p']:6.3f} {c['r']:6.3f} {c['f1']:6.3f} {c['support']:5d}")
    lines.append("  confusion, rows gold, columns predicted:")
    lines.append(f"  {'':<8} " + " ".join(f"{label:>8}" for label in LABELS))
    for label, row in zip(LABELS, scores["confusion"], strict=True):
        lines.append(f"  {label:<8} " + " ".join(f"{count:8d}" for count in row))
    return "\n".join(lines)


def evaluate(name: str | None, triples: Sequence[Any]) -> tuple[str, dict[str, Any], float]:
    """(model name, scores, seconds) of one stance model on labelled triples."""
    from models.registry import get_stance

    classifier = get_stance(name)
    started = time.perf_counter()
    preds = classifier.classify([t.to_query() for t in triples])
    seconds = time.perf_counter() - started
    return classifier.name, score_stance([t.label for t in triples], [p.polarity for p in preds]), seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m models.evaluate_stance", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--stance",
        action="append",
        help="a stance model to score (repeatable); default: the default and lexicon",
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)

    from models.base import ModelUnavailable
    from models.catalogue import default_stance_name
    from models.stance_set import load_stance_set, train_test_split

    names = args.stance or list(dict.fromkeys([default_stance_name(), "lexicon"]))
    _train, test = train_test_split(load_stance_set())
    results = {}
    for name in names:
        try:
            shown, scores, seconds = evaluate(name, test)
        except ModelUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        results[shown] = scores
        if not args.json:
            print(format_report(shown, scores, seconds), flush=True)
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
