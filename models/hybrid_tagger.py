"""The trained tagger with the rules backend filling its gaps: model spans first, rules where it is silent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.base import EntityTagger, TaggedSpan
from models.registry import register_tagger


def combine(primary: Sequence[TaggedSpan], secondary: Sequence[TaggedSpan]) -> list[TaggedSpan]:
    """Every primary span, plus each secondary span that overlaps none of them, sorted by start."""
    out = list(primary)
    for span in secondary:
        if all(span.end <= p.start or span.start >= p.end for p in primary):
            out.append(span)
    return sorted(out, key=lambda s: (s.start, s.end))


class HybridTagger:
    """The model decides wherever it tags; the gazetteer and title rules add what it missed.

    The rules are precise on known places, organisations and names after titles, and the model
    finds names no table lists; where both tag the same words, the model's span wins.
    """

    def __init__(self, primary: EntityTagger, secondary: EntityTagger, name: str = "e5-ner+rules") -> None:
        self.primary, self.secondary, self.name = primary, secondary, name

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        first = self.primary.tag(sentences)
        second = self.secondary.tag(sentences)
        return [combine(a, b) for a, b in zip(first, second, strict=True)]


@register_tagger("e5-hybrid")
def make_hybrid_tagger(**options: Any) -> HybridTagger:
    """Registry factory: the trained e5 tagger plus the rules backend."""
    from models.e5_tagger import make_e5_tagger
    from models.rules_tagger import RulesTagger

    return HybridTagger(make_e5_tagger(**options), RulesTagger())
