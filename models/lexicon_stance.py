"""The always-available stance classifier: support/oppose cue words near the target, negation-aware."""

from __future__ import annotations

from collections.abc import Sequence

from models.base import StanceClassifier, StancePrediction, StanceQuery
from models.registry import register_stance
from pipeline.lexicon.reporting import RELATIVE_PRONOUNS
from pipeline.lexicon.stance_cues import (
    AGENT_LINKS,
    BACKING_WORDS,
    BLAME_CUES,
    CLAUSE_OPENERS,
    HARM_CUES,
    HEDGES,
    LABEL_CUES,
    NEGATION_WINDOW,
    NEGATORS,
    NON_CUE_PHRASES,
    OPPOSE_CUES,
    SUPPORT_CANCELLERS,
    SUPPORT_CUES,
    VICTIM_PREPOSITIONS,
)
from pipeline.text import Token, candidate_stems, match_key, tokenize

# Distances count the words between a cue and the target (0: side by side); signs and the
# speaker's own name do not count («أدان وزير الخارجية الأميركي، مايك بومبيو، إيران»).
# A cue further than this before the target speaks about something else.
CUE_WINDOW = 6
# After the target only a predicate or adjective right behind it qualifies it: «لاري كودلو
# العظيم», «تركيا دولة مهمة». A cue further on heads a phrase of its own («إيران حليفة روسيا»),
# unless the target is the subject of the reported clause («إن إيران تعمل على زعزعة»).
AFTER_WINDOW = 1
# A harmful act qualifies only its agent: the actor next to it, after at most one adjective
# («التدخل المباشر للسعودية»), or the second of two coordinated agents («تدخلات إيران وحزب الله»).
HARM_WINDOW = 1
# «تتحمل حركة حماس الإرهابية المسؤولية»: blame may follow an adjective of its actor.
BLAME_WINDOW = 2
COORDINATED_HARM_WINDOW = 2
# Cue kinds that reach only the actor next to them.
ADJACENT_KINDS = frozenset({"harm", "label"})
CLAUSE_BREAKS = frozenset({".", "؛", ";", ":", "؟", "!"})
QUOTES = frozenset({'"', "«", "»", "“", "”", "'"})
NEGATOR_KEYS = frozenset(match_key(w) for w in NEGATORS)
CANCELLER_KEYS = frozenset(match_key(w) for w in SUPPORT_CANCELLERS)
HEDGE_KEYS = frozenset(match_key(w) for w in HEDGES)
OPENER_KEYS = frozenset(match_key(w) for w in CLAUSE_OPENERS)
VICTIM_KEYS = frozenset(match_key(w) for w in VICTIM_PREPOSITIONS)
AGENT_LINK_KEYS = frozenset(match_key(w) for w in AGENT_LINKS)
BACKING_KEYS = frozenset(match_key(w) for w in BACKING_WORDS)
RELATIVE_KEYS = frozenset(match_key(w) for w in RELATIVE_PRONOUNS)
# «الاعتداءات السافرة والعنف الذي تمارسه إسرائيل»: how far a relative clause may put the agent.
RELATIVE_AGENT_WINDOW = 4
NON_CUE_KEYS = frozenset(match_key(p) for p in NON_CUE_PHRASES)


def _cue_table() -> list[tuple[list[str], str]]:
    table = [(match_key(c).split(), "oppose") for c in OPPOSE_CUES]
    table += [(match_key(c).split(), "harm") for c in HARM_CUES]
    table += [(match_key(c).split(), "label") for c in LABEL_CUES]
    table += [(match_key(c).split(), "blame") for c in BLAME_CUES]
    table += [(match_key(c).split(), "support") for c in SUPPORT_CUES]
    # Longer cues first: "قطع الدعم" must win over "دعم", "عدوان" over "عدو".
    return sorted(table, key=lambda t: (-len(t[0]), -len(t[0][0])))


CUES = _cue_table()


def _stems(tok: Token) -> list[str]:
    out = []
    for _p, stem in candidate_stems(tok.text):
        key = match_key(stem)
        out.append(key)
        if key.startswith("ال") and len(key) > 4:
            out.append(key[2:])
    return out


def _non_cue(tokens: list[Token], i: int) -> bool:
    """«ثمن النهائي»: the cue word is part of a phrase that means something else."""
    pairs = []
    if i + 1 < len(tokens):
        pairs.append(f"{match_key(tokens[i].text)} {match_key(tokens[i + 1].text)}")
    if i > 0:
        pairs.append(f"{match_key(tokens[i - 1].text)} {match_key(tokens[i].text)}")
    return any(p in NON_CUE_KEYS for p in pairs)


def find_cues(tokens: list[Token]) -> list[tuple[int, int, str]]:
    """(first token, end token, kind) of every cue, longest match first, not overlapping.

    kind is "support", "oppose", "harm" (an act whose agent is the actor next to it), "label"
    (a name for the actor next to it) or "blame" (a predicate of the actor before it).
    """
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
            if first_ok and rest_ok and not _non_cue(tokens, i):
                found.append((i, i + n, polarity))
                used.update(range(i, i + n))
    return sorted(found)


def _negated(tokens: list[Token], i: int) -> bool:
    return any(any(s in NEGATOR_KEYS for s in _stems(tok)) for tok in tokens[max(0, i - NEGATION_WINDOW) : i])


def _cancelled(tokens: list[Token], i: int) -> bool:
    return i > 0 and any(s in CANCELLER_KEYS for s in _stems(tokens[i - 1]))


def _hedged(tokens: list[Token], j: int) -> bool:
    """«التدخل الروسي المزعوم»: an "alleged" within two words after the cue or target."""
    return any(match_key(t.text) in HEDGE_KEYS for t in tokens[j : j + 2])


def _words_between(tokens: list[Token], lo: int, hi: int, skip: frozenset[str]) -> list[Token]:
    """The words between lo and hi that count for distance: not signs, not the speaker's name."""
    return [t for t in tokens[lo:hi] if t.is_word and not set(_stems(t)) & skip]


def _agent_link(between: list[Token], target: Token) -> bool:
    """Whether the words between a harmful act or label and the target make it its agent or
    backer: «من قبل», «المدعومة من», «الموالية لـ», or a relative clause («الذي تمارسه»)."""
    keys = [match_key(t.text) for t in between]
    if len(keys) >= 2 and f"{keys[-2]} {keys[-1]}" in AGENT_LINK_KEYS:
        return True
    if len(keys) >= 2 and keys[-2] in BACKING_KEYS and keys[-1] == "من":
        return True
    if keys and keys[-1] in BACKING_KEYS and target.text.startswith(("ل", "لل")):
        return True
    return len(keys) <= RELATIVE_AGENT_WINDOW and any(k in RELATIVE_KEYS for k in keys)


def _victim_clitic(tok: Token) -> bool:
    """«بتركيا», «وبسوريا»: a ب clitic on the target makes it where a harmful act happened."""
    return tok.text.startswith(("ب", "وب"))


def _is_clause_subject(tokens: list[Token], t0: int) -> bool:
    """«إن إيران تعمل»: the target opens the reported clause, so what follows is said of it."""
    k = t0 - 1
    while k >= 0 and tokens[k].text in QUOTES:
        k -= 1
    return k >= 0 and match_key(tokens[k].text) in OPENER_KEYS


class LexiconStance:
    """Decides support/oppose from the cue word that governs or qualifies the target.

    A cue before the target (within CUE_WINDOW, same clause) wins over one after it (within
    AFTER_WINDOW): Arabic puts the judging word before what it judges («الدعم الثابت لسيادة ...
    الأوكرانية»), and a cue further after the target usually heads a phrase about something else
    («بمواجهة الاعتداء الروسي»). Harmful acts count only next to their agent.
    """

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
        coordinated = tokens[t0].text.startswith("و")
        subject = _is_clause_subject(tokens, t0)
        speaker = frozenset(match_key(w) for w in q.speaker.split())
        before: tuple[int, str] | None = None
        after: tuple[int, str] | None = None
        for i, j, kind in find_cues(tokens):
            if t0 <= i < t1:
                continue
            lo, hi = (j, t0) if j <= t0 else (t1, i)
            between = _words_between(tokens, lo, hi, speaker)
            distance = len(between)
            if any(tokens[k].text in CLAUSE_BREAKS for k in range(lo, hi)):
                continue
            if kind == "blame" and j <= t0:
                continue  # «مسؤولية أداء ألمانيا»: a duty, not blame
            polarity = "oppose" if kind in ADJACENT_KINDS or kind == "blame" else kind
            if polarity == "support" and _cancelled(tokens, i):
                polarity = "oppose"
            if _negated(tokens, i) or (polarity == "oppose" and (_hedged(tokens, j) or _hedged(tokens, t1))):
                polarity = "neutral"
            if j <= t0:
                if distance > CUE_WINDOW or (before is not None and before[0] <= distance):
                    continue
                harm_window = COORDINATED_HARM_WINDOW if coordinated else HARM_WINDOW
                if (
                    kind in ADJACENT_KINDS
                    and not _agent_link(between, tokens[t0])
                    and (
                        distance > harm_window
                        or any(set(_stems(t)) & VICTIM_KEYS for t in between)
                        or _victim_clitic(tokens[t0])
                    )
                ):
                    # «أدان الهجوم على تركيا», «يخرب ... الأراضي الليبية»: the nearest cue is an act
                    # the target suffers; it still hides the cues before it.
                    polarity = "neutral"
                before = (distance, polarity)
            else:
                window = (
                    CUE_WINDOW
                    if subject
                    else HARM_WINDOW
                    if kind in ADJACENT_KINDS
                    else BLAME_WINDOW
                    if kind == "blame"
                    else AFTER_WINDOW
                )
                if distance <= window and (after is None or distance < after[0]):
                    after = (distance, polarity)
        best = before or after
        if best is None:
            return StancePrediction("neutral", 0.5)
        distance, polarity = best
        if polarity == "neutral":
            return StancePrediction("neutral", 0.6)
        return StancePrediction(polarity, round(0.9 - 0.05 * distance, 3))


@register_stance("lexicon")
def make_lexicon_stance(**options: object) -> StanceClassifier:
    """Registry factory for the lexicon backend."""
    return LexiconStance(**options)
