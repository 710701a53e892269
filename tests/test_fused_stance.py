"""The stance model with the lexicon as a second opinion (models/fused_stance.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace

import pytest

from models.base import ModelUnavailable, StancePrediction, StanceQuery
from models.catalogue import CATALOGUE, entry_loadable
from models.fused_stance import (
    LIKELIHOOD_FILE,
    FusedStance,
    count_answers,
    fuse,
    likelihood,
    read_counts,
)
from models.ner_data import shared_root

# A lexicon that is right about opposition when it says so, and often wrong about support.
COUNTS = {
    "support": {"support": 8, "oppose": 0, "neutral": 11},
    "oppose": {"support": 4, "oppose": 9, "neutral": 6},
    "neutral": {"support": 2, "oppose": 1, "neutral": 16},
}


def test_counts_are_gold_by_answer_and_ignore_unknown_labels() -> None:
    gold = ["support", "support", "oppose", "neutral", "skip"]
    said = ["support", "neutral", "support", "neutral", "oppose"]
    assert count_answers(gold, said) == {
        "support": {"support": 1, "oppose": 0, "neutral": 1},
        "oppose": {"support": 1, "oppose": 0, "neutral": 0},
        "neutral": {"support": 0, "oppose": 0, "neutral": 1},
    }


def test_likelihood_rows_are_smoothed_and_sum_to_one() -> None:
    table = likelihood(COUNTS)
    # 8 + 1 of 19 + 3 support labels were answered "support".
    assert table["support"]["support"] == pytest.approx(9 / 22)
    assert table["support"]["oppose"] == pytest.approx(1 / 22)
    for row in table.values():
        assert sum(row.values()) == pytest.approx(1.0)


def test_fuse_is_the_normalised_product() -> None:
    table = likelihood(COUNTS)
    model = {"support": 0.5, "oppose": 0.3, "neutral": 0.2}
    fused = fuse(model, "oppose", table)
    raw = {y: model[y] * table[y]["oppose"] for y in model}
    assert fused == pytest.approx({y: v / sum(raw.values()) for y, v in raw.items()})


def test_a_reliable_cue_overturns_a_hesitant_model_but_not_a_sure_one() -> None:
    table = likelihood(COUNTS)
    hesitant = {"support": 0.55, "oppose": 0.35, "neutral": 0.10}
    sure = {"support": 0.97, "oppose": 0.02, "neutral": 0.01}
    assert max(fuse(hesitant, "oppose", table).items(), key=lambda kv: kv[1])[0] == "oppose"
    assert max(fuse(sure, "oppose", table).items(), key=lambda kv: kv[1])[0] == "support"
    # A model certain to the last digit still gives a distribution, not a division by zero.
    assert sum(
        fuse({"support": 1.0, "oppose": 0.0, "neutral": 0.0}, "oppose", table).values()
    ) == pytest.approx(1.0)


class FakeModel:
    def __init__(self, probs: list[dict[str, float]], hint: bool = False) -> None:
        self._loaded = SimpleNamespace(lexicon_hint=hint)
        self.probs = probs

    def probabilities(self, queries):
        assert len(queries) == len(self.probs)
        return self.probs


class FakeLexicon:
    name = "lexicon"

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers

    def classify(self, queries):
        return [StancePrediction(a, 0.9) for a in self.answers]


def _queries(n: int) -> list[StanceQuery]:
    return [StanceQuery("أ", "ب", "قال أ إن ب", 9, 10)] * n


def test_classify_answers_the_fused_winner_with_its_probability() -> None:
    model = FakeModel(
        [{"support": 0.55, "oppose": 0.35, "neutral": 0.10}, {"support": 0.2, "oppose": 0.1, "neutral": 0.7}]
    )
    fused = FusedStance(model, FakeLexicon(["oppose", "neutral"]), COUNTS)
    first, second = fused.classify(_queries(2))
    expected = fuse(model.probs[0], "oppose", likelihood(COUNTS))
    assert first.polarity == "oppose"
    assert first.confidence == pytest.approx(expected["oppose"])
    assert second.polarity == "neutral"
    assert fused.name == "e5-stance+lexicon"


def test_a_model_that_already_reads_the_lexicon_is_refused() -> None:
    with pytest.raises(ModelUnavailable, match="reads the lexicon"):
        FusedStance(FakeModel([], hint=True), FakeLexicon([]), COUNTS)


def test_a_missing_or_malformed_table_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="models.fused_stance"):
        read_counts(tmp_path)
    (tmp_path / LIKELIHOOD_FILE).write_text('{"counts": {"support": {}}}', encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="not a table"):
        read_counts(tmp_path)


SHIPPED_TABLE = Path(__file__).resolve().parents[1] / "models" / "stance-e5" / LIKELIHOOD_FILE


def test_the_shipped_table_is_whole_and_counts_every_training_triple() -> None:
    record = json.loads(SHIPPED_TABLE.read_text(encoding="utf-8"))
    counts = read_counts(SHIPPED_TABLE.parent)
    assert sum(sum(row.values()) for row in counts.values()) == record["triples"]
    # Each polarity is more often answered rightly than as the opposite polarity.
    assert counts["support"]["support"] > counts["support"]["oppose"]
    assert counts["oppose"]["oppose"] > counts["oppose"]["support"]


@pytest.mark.shared
@pytest.mark.skipif(
    not (shared_root() / "data" / "news_corpus").is_dir(), reason="../shared/data/news_corpus is absent"
)
def test_the_shipped_table_matches_the_lexicon_and_labels_of_today() -> None:
    # A change to the lexicon or the labels must come with a recount (python -m models.fused_stance).
    from models.fused_stance import count_on_training_split

    triples, counts = count_on_training_split()
    assert counts == read_counts(SHIPPED_TABLE.parent)
    assert triples == json.loads(SHIPPED_TABLE.read_text(encoding="utf-8"))["triples"]


@pytest.mark.model
@pytest.mark.skipif(
    not entry_loadable(CATALOGUE["e5-stance+lexicon"]), reason="models/stance-e5 or its packages are absent"
)
def test_the_catalogue_entry_loads_offline_and_classifies() -> None:
    from models.registry import get_stance

    fused = get_stance("e5-stance+lexicon")
    sentence = "واتهم المتحدث باسم الجيش الليبي أحمد المسماري تركيا بإرسال المرتزقة والأسلحة إلى طرابلس."
    at = sentence.index("تركيا")
    [p] = fused.classify([StanceQuery("أحمد المسماري", "تركيا", sentence, at, at + len("تركيا"))])
    assert p.polarity == "oppose"
    assert 0.5 < p.confidence <= 1.0
    assert not math.isnan(p.confidence)
