"""Speaker attribution and stance candidates: who says what about whom, in which sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.base import StanceClassifier, StanceQuery
from pipeline.gazetteer import Gazetteer
from pipeline.lexicon.reporting import (
    CARRY_FORWARD_PHRASES,
    CONTENT_OPENERS,
    REPORTING_PARTICIPLES,
    REPORTING_VERBS,
)
from pipeline.records import Entity, Sentence, Stance
from pipeline.text import Token, candidate_stems, match_key, tokenize

VERB_KEYS = frozenset(match_key(v) for v in REPORTING_VERBS)
OPENER_KEYS = frozenset(match_key(w) for w in CONTENT_OPENERS)
PARTICIPLE_KEYS = frozenset(match_key(w) for w in REPORTING_PARTICIPLES)
# How many tokens after a verb the speaker may start: a title may come first
# ("وقال وزير الخارجية التركي مولود جاويش أوغلو").
SPEAKER_WINDOW = 8
SPEAKER_TYPES = ("PER", "ORG", "GPE")
TARGET_TYPES = ("PER", "ORG", "GPE")


@dataclass(frozen=True)
class Statement:
    """A reported statement: who voices it and where its content starts."""

    sentence: int
    speaker: str  #: entity id
    content_start: int  #: offset of the reported content in the sentence


def _verb_at(tok: Token) -> bool:
    return any(match_key(stem) in VERB_KEYS for _p, stem in candidate_stems(tok.text))


def find_statements(sentences: Sequence[Sentence], entities: Sequence[Entity]) -> list[Statement]:
    """Attribute each reporting verb to a speaker: named after it, before it, or carried forward."""
    spans: dict[int, list[tuple[int, int, Entity]]] = {}
    for e in entities:
        if e.type in SPEAKER_TYPES:
            for m in e.mentions:
                spans.setdefault(m.sentence, []).append((m.start, m.end, e))
    statements: list[Statement] = []
    previous: str | None = None
    for sent in sentences:
        toks = tokenize(sent.text)
        mentions = sorted(spans.get(sent.index, []), key=lambda x: x[0])
        carry = any(p in sent.text[:40] for p in CARRY_FORWARD_PHRASES)
        found_here = False
        for k, tok in enumerate(toks):
            if not _verb_at(tok):
                continue
            if found_here and statements and _continues_statement(tok):
                # "وأدان بومبيو الهجمات، واتهم إيران": a second verb of the same speaker; the name
                # after it is whom the statement is about, not who makes it.
                statements.append(Statement(sent.index, statements[-1].speaker, tok.end))
                continue
            speaker, content = _speaker_after(toks, k, mentions)
            if speaker is None:
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                opener = nxt is None or match_key(nxt.text) in OPENER_KEYS or not nxt.is_word
                before = [e for s, _e, e in mentions if s < tok.start and e.type == "PER"]
                if opener and found_here and statements:
                    speaker = statements[-1].speaker  # "الذي قال إنه": same sentence, same voice
                elif opener and before and k <= 3:
                    speaker = before[-1].id  # "الحريري قال إن"
                elif opener and (carry or previous) and previous:
                    speaker = previous  # "وأضاف أن", "لكنه أشار إلى"
                content = tok.end
            if speaker is None:
                continue
            statements.append(Statement(sent.index, speaker, content))
            previous, found_here = speaker, True
        if not found_here and not carry:
            # A sentence without a statement keeps the last speaker only across one sentence.
            previous = previous if _continues(sent.text) else None
    return statements


def _continues_statement(tok: Token) -> bool:
    """A coordinated verb ("واتهم") or a circumstantial participle ("داعيا", "معربا")."""
    return tok.text.startswith(("و", "ف")) or any(
        match_key(stem) in PARTICIPLE_KEYS for _p, stem in candidate_stems(tok.text)
    )


def _continues(text: str) -> bool:
    return text.lstrip().startswith(("و", "ف", "لكن"))


def _speaker_after(toks: list[Token], k: int, mentions) -> tuple[str | None, int]:
    if k + 1 >= len(toks):
        return None, toks[k].end
    window_end = toks[min(len(toks) - 1, k + SPEAKER_WINDOW)].end
    for start, end, e in mentions:
        if toks[k].end <= start <= window_end:
            between = [t for t in toks if toks[k].end <= t.start < start]
            if all(t.is_word is False or match_key(t.text) not in OPENER_KEYS for t in between):
                # The content starts at "إن/أن" when one follows; asides before it
                # ("وقال أكار -خلال اجتماع مع باشاغا- إنه") are not what is said.
                for t in toks:
                    if t.start >= end and match_key(t.text) in OPENER_KEYS:
                        return e.id, t.end
                return e.id, end
    return None, toks[k].end


def _country_of(e: Entity, gazetteer: Gazetteer | None) -> str | None:
    entry = gazetteer.lookup(e.name) if gazetteer else None
    return entry.country if entry else None


def find_stances(
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    classifier: StanceClassifier,
    gazetteer: Gazetteer | None = None,
) -> list[Stance]:
    """Ask the classifier about every (speaker, actor named in the content) pair."""
    by_id = {e.id: e for e in entities}
    countries = {e.id: _country_of(e, gazetteer) for e in entities}
    queries: list[tuple[Statement, Entity, int, int]] = []
    seen: set[tuple[int, str, str]] = set()
    for st in find_statements(sentences, entities):
        speaker = by_id[st.speaker]
        sent = sentences[st.sentence]
        own = _own_side(speaker, by_id, countries)
        for e in entities:
            if e.id == speaker.id or e.type not in TARGET_TYPES or e.id in own:
                continue
            for m in e.mentions:
                if m.sentence != st.sentence or m.start < st.content_start:
                    continue
                if _is_locative(sent.text, m.start):
                    continue  # "في ليبيا" is where, not whom
                key = (st.sentence, speaker.id, e.id)
                if key not in seen:
                    seen.add(key)
                    queries.append((st, e, m.start, m.end))
                break
    preds = classifier.classify(
        [
            StanceQuery(by_id[st.speaker].name, e.name, sentences[st.sentence].text, s, t)
            for st, e, s, t in queries
        ]
    )
    return [
        Stance(st.speaker, e.id, p.polarity, p.confidence, st.sentence, sentences[st.sentence].text)
        for (st, e, _s, _t), p in zip(queries, preds, strict=True)
    ]


def _own_side(speaker: Entity, by_id: dict[str, Entity], countries: dict[str, str | None]) -> set[str]:
    """Entities a speaker cannot take sides toward: their affiliation and its country's places."""
    own = {speaker.affiliation} if speaker.affiliation else set()
    home = countries.get(speaker.affiliation or "") or countries.get(speaker.id)
    if home:
        own |= {eid for eid, code in countries.items() if code == home and by_id[eid].type in ("GPE", "LOC")}
    return own


def _is_locative(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start]
    return before.endswith("في ") or before.endswith("ب") and not before.endswith(" ب")
