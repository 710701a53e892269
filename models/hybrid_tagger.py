"""The trained tagger with the rules backend: the fuller name wins where they overlap, rules fill gaps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from models.base import EntityTagger, TaggedSpan
from models.registry import register_tagger
from pipeline.lexicon.clitics import PROCLITIC_CHAINS
from pipeline.lexicon.spelling import LETTER_NAME_WORDS

#: The longest proclitic chain the rules read off a name ("وبال" is four letters, but leaves "ال").
MAX_CLITIC_LEN = 3
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: What may stand between two spelled letters of one acronym: a space («سي بي إس») or a dot
#: («سي.بي.إس», as the corpora's tokens joined by spaces also give it: «سي . بي . إس»).
LETTER_GAP = re.compile(r" |\s?\.\s?")


def _overlap(a: TaggedSpan, b: TaggedSpan) -> bool:
    return a.start < b.end and b.start < a.end


def _covers(outer: TaggedSpan, inner: TaggedSpan) -> bool:
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.end - outer.start) > (inner.end - inner.start)
    )


def _clitic_trimmed(inner: TaggedSpan, outer: TaggedSpan) -> bool:
    """ "للولايات المتحدة" (model) and "الولايات المتحدة" (rules): the same name, less a proclitic.

    The rules backend starts a span inside a word only after a clitic it has read off with the
    gazetteer, so a span that ends where the model's does and starts up to three letters later
    is the model's span with the clitic removed.
    """
    return inner.end == outer.end and 0 < inner.start - outer.start <= MAX_CLITIC_LEN


def _places_inside(span: TaggedSpan, secondary: Sequence[TaggedSpan]) -> list[TaggedSpan]:
    """Two or more table places that make up the whole of `span`, or [] when they do not.

    The model sometimes reads coordinated places as one name («سول وبكين» as a person, «موسكو
    وواشنطن» as one place). When the rules find table places end to end across the span, with
    nothing between them but a space and a proclitic, the span is those places.
    """
    hit = [s for s in secondary if _overlap(s, span)]
    if len(hit) < 2 or any(s.label not in PLACE_LABELS for s in hit):
        return []
    hit.sort(key=lambda s: s.start)
    inside = span.start <= hit[0].start and hit[-1].end == span.end
    starts_the_span = hit[0].start - span.start <= MAX_CLITIC_LEN
    gaps = all(0 < b.start - a.end <= 1 + MAX_CLITIC_LEN for a, b in zip(hit, hit[1:], strict=False))
    return hit if inside and starts_the_span and gaps else []


def _letters_start(span: TaggedSpan, sentence: str, *, clitic_ok: bool) -> int | None:
    """Where the spelled Latin letters that make up `span` begin, or None when it is not only those.

    The first word may carry a proclitic («لبي بي سي»: "to the BBC"), which stays out of the name.
    """
    words = sentence[span.start : span.end].split()
    if not words or any(w not in LETTER_NAME_WORDS for w in words[1:]):
        return None
    if words[0] in LETTER_NAME_WORDS:
        return span.start
    if clitic_ok:
        for clitic in PROCLITIC_CHAINS:
            if words[0].startswith(clitic) and words[0][len(clitic) :] in LETTER_NAME_WORDS:
                return span.start + len(clitic)
    return None


def join_spelled_letters(spans: Sequence[TaggedSpan], sentence: str) -> list[TaggedSpan]:
    """Spans of spelled Latin letters side by side, a space or a dot apart, become one acronym.

    A model that reads word by word can cut «بي بي سي» into «لبي» (PER), «بي» (ORG) and «سي»
    (PER). Spelled acronyms in the news are mostly broadcasters and agencies, so the joined span
    is an ORG when any of its parts was one. Nothing the model left untagged is added.
    """
    out: list[TaggedSpan] = []
    group: list[TaggedSpan] = []

    def flush() -> None:
        if len(group) < 2:
            out.extend(group)
        else:
            start = _letters_start(group[0], sentence, clitic_ok=True)
            label = "ORG" if any(s.label == "ORG" for s in group) else group[0].label
            score = round(sum(s.score for s in group) / len(group), 4)
            out.append(
                TaggedSpan(start if start is not None else group[0].start, group[-1].end, label, score)
            )
        group.clear()

    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        joins = (
            bool(group)
            and LETTER_GAP.fullmatch(sentence[group[-1].end : span.start]) is not None
            and _letters_start(span, sentence, clitic_ok=False) is not None
        )
        if not joins:
            flush()
            if _letters_start(span, sentence, clitic_ok=True) is None:
                out.append(span)
                continue
        group.append(span)
    flush()
    return out


def combine(
    primary: Sequence[TaggedSpan], secondary: Sequence[TaggedSpan], sentence: str | None = None
) -> list[TaggedSpan]:
    """Primary spans, with secondary spans added where free and swapped in where they are fuller.

    A secondary span that overlaps nothing is added. One that strictly covers every primary span
    it overlaps, or is that span less a leading clitic, replaces them: the model often tags only "حفتر" in "خليفة حفتر" or "الوفاق" in
    "حكومة الوفاق", which the title and gazetteer rules read whole. A primary span that two or more
    table places make up end to end is replaced by them (see _places_inside). Any other overlap
    (the same extent, a shorter span, crossing boundaries) keeps the primary span. Given the
    sentence, primary spans of spelled letters side by side are first joined into one acronym
    (join_spelled_letters). Sorted by start.
    """
    if sentence is not None:
        primary = join_spelled_letters(primary, sentence)
    out: list[TaggedSpan] = []
    for span in primary:
        out.extend(_places_inside(span, secondary) or [span])
    for span in secondary:
        hit = [p for p in out if _overlap(p, span)]
        if all(_covers(span, p) or _clitic_trimmed(span, p) for p in hit):
            out = [p for p in out if p not in hit] + [span]
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
        return [combine(a, b, s) for a, b, s in zip(first, second, sentences, strict=True)]


@register_tagger("e5-hybrid")
def make_hybrid_tagger(**options: Any) -> HybridTagger:
    """Registry factory: the trained e5 tagger plus the rules backend."""
    from models.e5_tagger import make_e5_tagger
    from models.ner_hints import RulesHints
    from models.rules_tagger import RulesTagger

    rules = RulesTagger()
    # One rules tagger serves both: as the model's hints (when it was trained with them) and as
    # the backend that fills the model's gaps.
    return HybridTagger(make_e5_tagger(hinter=RulesHints(rules), **options), rules)
