"""Combining the trained tagger's spans with the rules backend's."""

from __future__ import annotations

from models.base import TaggedSpan
from models.hybrid_tagger import HybridTagger, combine


class FixedTagger:
    def __init__(self, name: str, spans: list[TaggedSpan]) -> None:
        self.name, self.spans = name, spans

    def tag(self, sentences):
        return [list(self.spans) for _ in sentences]


def test_model_spans_win_and_rules_fill_gaps() -> None:
    model = [TaggedSpan(0, 10, "PER", 0.9), TaggedSpan(20, 25, "LOC", 0.8)]
    rules = [TaggedSpan(5, 12, "ORG", 0.7), TaggedSpan(12, 18, "GPE", 0.95), TaggedSpan(24, 30, "GPE", 0.95)]
    assert combine(model, rules) == [
        TaggedSpan(0, 10, "PER", 0.9),
        TaggedSpan(12, 18, "GPE", 0.95),
        TaggedSpan(20, 25, "LOC", 0.8),
    ]


def test_hybrid_tagger_combines_per_sentence() -> None:
    hybrid = HybridTagger(
        FixedTagger("m", [TaggedSpan(0, 3, "PER")]), FixedTagger("r", [TaggedSpan(4, 6, "GPE")])
    )
    assert hybrid.tag(["أ ب", "ج د"]) == [[TaggedSpan(0, 3, "PER"), TaggedSpan(4, 6, "GPE")]] * 2
    assert hybrid.name == "e5-ner+rules"
