"""The stance model with the lexicon as a second opinion: their answers combined as independent evidence.

The two err differently. The model reads the whole sentence but can take praise or abuse in a
quotation the wrong way round; the lexicon reads only cue words near the target. How much each of
the lexicon's answers is worth is counted, not assumed, and combining them naive-Bayes style,

    P(y | sentence, lexicon says x)  ∝  P_model(y | sentence) · P(lexicon says x | y),

lets the lexicon tip a hesitant model and leave a sure one alone (on the training triples, 57% of
its "support" answers and 69% of its "oppose" answers are right). P(x | y) is counted on the
training split of the stance set (never the test split) and shipped beside the adapters as
``lexicon_likelihood.json``; ``python -m models.fused_stance`` counts it again after the lexicon
or the labels change.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from models.base import ModelUnavailable, StanceClassifier, StancePrediction, StanceQuery
from models.catalogue import STANCE_LABELS
from models.registry import register_stance

LIKELIHOOD_FILE = "lexicon_likelihood.json"
#: Added to every count so that an answer never seen for a class is unlikely, not impossible.
SMOOTHING = 1.0

Counts = Mapping[str, Mapping[str, float]]


def count_answers(gold: Sequence[str], answered: Sequence[str]) -> dict[str, dict[str, int]]:
    """counts[gold][answer]: how often the lexicon answered ``answer`` where the label was ``gold``."""
    counts = {g: dict.fromkeys(STANCE_LABELS, 0) for g in STANCE_LABELS}
    for g, a in zip(gold, answered, strict=True):
        if g in counts and a in counts[g]:
            counts[g][a] += 1
    return counts


def likelihood(counts: Counts, smoothing: float = SMOOTHING) -> dict[str, dict[str, float]]:
    """P(answer | gold) from the counts, each row smoothed and summing to one."""
    table = {}
    for g in STANCE_LABELS:
        row = {a: float(counts[g][a]) + smoothing for a in STANCE_LABELS}
        total = sum(row.values())
        table[g] = {a: v / total for a, v in row.items()}
    return table


def fuse(
    model_probs: Mapping[str, float], answer: str, table: Mapping[str, Mapping[str, float]]
) -> dict[str, float]:
    """The combined distribution over polarities; ``answer`` is the lexicon's polarity."""
    # Logs: a model sure to 1e-12 must still be comparable, not underflow to a 0/0.
    logs = {
        y: math.log(max(model_probs.get(y, 0.0), 1e-12)) + math.log(table[y][answer]) for y in STANCE_LABELS
    }
    top = max(logs.values())
    weights = {y: math.exp(v - top) for y, v in logs.items()}
    total = sum(weights.values())
    return {y: w / total for y, w in weights.items()}


def read_counts(folder: Path) -> dict[str, dict[str, int]]:
    """The counts shipped in ``folder``; ModelUnavailable if missing or malformed."""
    path = folder / LIKELIHOOD_FILE
    try:
        counts = json.loads(path.read_text(encoding="utf-8"))["counts"]
        return {g: {a: int(counts[g][a]) for a in STANCE_LABELS} for g in STANCE_LABELS}
    except FileNotFoundError:
        raise ModelUnavailable(f"{path} is missing: run python -m models.fused_stance") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(f"{path} is not a table of lexicon counts: {exc}") from None


class FusedStance:
    """The e5 stance model's probabilities, weighed by what the lexicon backend answered."""

    def __init__(
        self, model: Any, lexicon: StanceClassifier, counts: Counts, name: str = "e5-stance+lexicon"
    ) -> None:
        if getattr(model._loaded, "lexicon_hint", False):
            # Such a model already read the lexicon's answer: counting it twice would overweigh it.
            raise ModelUnavailable("this stance model reads the lexicon's answer itself; use it alone")
        self.model, self.lexicon, self.name = model, lexicon, name
        self.table = likelihood(counts)

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        probs = self.model.probabilities(queries)
        answers = self.lexicon.classify(queries)
        out = []
        for p, a in zip(probs, answers, strict=True):
            fused = fuse(p, a.polarity, self.table)
            # Ties go to the first of STANCE_LABELS, as in the model alone.
            polarity = max(STANCE_LABELS, key=lambda y: fused[y])
            out.append(StancePrediction(polarity, fused[polarity]))
        return out


@register_stance("e5-stance-fused")
def make_fused_stance(**options: Any) -> FusedStance:
    """Registry factory: the trained stance model and the lexicon, with the folder's count table."""
    from models.e5_stance import SHIPPED, make_e5_stance
    from models.lexicon_stance import LexiconStance

    folder = Path(options.get("model") or SHIPPED)
    counts = read_counts(folder)
    return FusedStance(make_e5_stance(**options), LexiconStance(), counts)


def count_on_training_split() -> tuple[int, dict[str, dict[str, int]]]:
    """(polarity triples read, counts) of today's lexicon on the train split (needs ../shared)."""
    from models.lexicon_stance import LexiconStance
    from models.stance_set import load_stance_set, train_test_split

    train, _test = train_test_split(load_stance_set())
    labelled = [t for t in train if t.label in STANCE_LABELS]
    answers = LexiconStance().classify([t.to_query() for t in labelled])
    return len(labelled), count_answers([t.label for t in labelled], [a.polarity for a in answers])


def main(argv: Sequence[str] | None = None) -> int:
    """Count the lexicon's answers on the training split and write them beside the adapters."""
    from models.e5_stance import SHIPPED

    parser = argparse.ArgumentParser(prog="python -m models.fused_stance", description=main.__doc__)
    parser.add_argument(
        "--out", type=Path, default=SHIPPED, help="the adapters folder (default models/stance-e5)"
    )
    args = parser.parse_args(argv)
    triples, counts = count_on_training_split()
    record = {
        "what": "counts[gold][lexicon answer] on the train split of models/stance_data/labels.jsonl",
        "triples": triples,
        "counts": counts,
    }
    path = args.out / LIKELIHOOD_FILE
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}: {triples} training triples")
    for g in STANCE_LABELS:
        print(f"  {g:<8} " + " ".join(f"{a}={counts[g][a]}" for a in STANCE_LABELS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
