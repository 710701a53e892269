"""The always-available stance classifier: support/oppose cue words near the target, negation-aware."""

from __future__ import annotations

from collections.abc import Sequence

from models.base import StanceClassifier, StancePrediction, StanceQuery
from models.registry import register_stance
from pipeline.lexicon.stance_cues import (
    NEGATION_WINDOW,
    NEGATORS,
    OPPOSE_CUES,
    SUPPORT_CANCELLERS,
    SUPPORT_CUES,
)
from pipeline.text import Token, candidate_stems, match_key, tokenize

# A cue further than this many tokens from the target speaks about something else.
CUE_WINDOW = 6
CLAUSE_BREAKS = frozenset({".", "؛", ";", ":", "؟", "!"})
NEGATOR_KEYS = frozenset(match_key(w) for w in NEGATORS)
CANCELLER_KEYS = frozenset(match_key(w) for w in SUPPORT_CANCELLERS)


def _cue_table() -> list[tuple[list[str], str]]:
    table = [(match_key(c).split(), "oppose") for c in OPPOSE_CUES]
    table += [(match_key(c).split(), "support") for c in SUPPORT_CUES]
    # Longer cues first: "قطع الدعم" must win over "دعم".
    return sorted(table, key=lambda t: -len(t[0]))


CUES = _cue_table()


def _stems(tok: Token) -> list[str]:
    out = []
    for _p, stem in candidate_stems(tok.text):
        key = match_key(stem)
        out.append(key)
        if key.startswith("ال") and len(key) > 4:
            out.append(key[2:])
    return out


def find_cues(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(first token, end token, polarity) of every cue, longest match first, not overlapping."""
    found: list[tuple[int, int, str]] = []
    used: set[int] = set()
    for words, polarity in CUES:
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if any(k in used for k in range(i, i + n)):
                continue
            first_ok = any(s.startswith(words[0]) for s in _stems(tokens[i]))
            rest_ok = all(
                any(s.startswith(w) for s in _stems(tokens[i + k])) for k, w in enumerate(words[1:], 1)
            )
            if first_ok and rest_ok:
                found.append((i, i + n, polarity))
                used.update(range(i, i + n))
    return sorted(found)


def _negated(tokens: list[Token], i: int) -> bool:
    return any(any(s in NEGATOR_KEYS for s in _stems(tok)) for tok in tokens[max(0, i - NEGATION_WINDOW) : i])


def _cancelled(tokens: list[Token], i: int) -> bool:
    return i > 0 and any(s in CANCELLER_KEYS for s in _stems(tokens[i - 1]))


class LexiconStance:
    """Decides support/oppose from the nearest cue word to the target in the same clause."""

    name = "lexicon"

    def __init__(self, **_options: object) -> None:
        pass

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        return [self.classify_one(q) for q in queries]

    def classify_one(self, q: StanceQuery) -> StancePrediction:
        tokens = tokenize(q.sentence)
        if q.target_start >= 0:
            target = [k for k, t in enumerate(tokens) if t.end > q.target_start and t.start < q.target_end]
        else:
            target = [k for k, t in enumerate(tokens) if match_key(q.target) in match_key(t.text)]
        if not target:
            return StancePrediction("neutral", 0.5)
        t0, t1 = target[0], target[-1] + 1
        best: tuple[int, str] | None = None
        for i, j, polarity in find_cues(tokens):
            if t0 <= i < t1:
                continue
            distance = t0 - j if j <= t0 else i - t1 + 1
            lo, hi = (j, t0) if j <= t0 else (t1, i)
            if distance > CUE_WINDOW or any(tokens[k].text in CLAUSE_BREAKS for k in range(lo, hi)):
                continue
            if polarity == "support" and _cancelled(tokens, i):
                polarity = "oppose"
            if _negated(tokens, i):
                polarity = "neutral"
            if best is None or distance < best[0]:
                best = (distance, polarity)
        if best is None:
            return StancePrediction("neutral", 0.5)
        distance, polarity = best
        if polarity == "neutral":
            return StancePrediction("neutral", 0.6)
        return StancePrediction(polarity, round(0.9 - 0.05 * max(0, distance - 1), 3))


@register_stance("lexicon")
def make_lexicon_stance(**options: object) -> StanceClassifier:
    """Registry factory for the lexicon backend."""
    return LexiconStance(**options)
