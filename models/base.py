"""The small interfaces every model backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Labels a tagger may emit after mapping its own label set (see each backend's LABEL_MAP).
TAGGER_LABELS = ("PER", "ORG", "GPE", "LOC")


@dataclass(frozen=True)
class TaggedSpan:
    """A typed span a tagger found in one sentence."""

    start: int  #: character offset into the sentence, inclusive
    end: int  #: character offset into the sentence, exclusive
    label: str  #: one of TAGGER_LABELS
    score: float = 1.0  #: the tagger's confidence in [0, 1]


@dataclass(frozen=True)
class StanceQuery:
    """One (speaker, target, sentence) triple to classify."""

    speaker: str  #: the speaker's name as written
    target: str  #: the target's name as written
    sentence: str  #: the evidence sentence
    target_start: int = -1  #: offset of the target mention in the sentence, -1 if unknown
    target_end: int = -1  #: end offset of the target mention, -1 if unknown


@dataclass(frozen=True)
class StancePrediction:
    """A stance classifier's answer for one query."""

    polarity: str  #: "support", "oppose" or "neutral"
    confidence: float  #: in [0, 1]


@runtime_checkable
class EntityTagger(Protocol):
    """Finds PER/ORG/GPE/LOC spans in sentences."""

    name: str

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        """Return, for each sentence, its spans sorted by start offset."""
        ...


@runtime_checkable
class StanceClassifier(Protocol):
    """Decides the polarity of a speaker toward a target in a sentence."""

    name: str

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        """Return one prediction per query, in order."""
        ...


class ModelUnavailable(RuntimeError):
    """A backend cannot be loaded here (missing files, missing package, no hub access)."""
