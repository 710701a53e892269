"""Flat rows of an Analysis (one per entity, event, stance): the corpus tables and the CSV/JSON exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.gazetteer import load_gazetteer
from pipeline.records import Analysis, Entity

PLACE_TYPES = ("GPE", "LOC")
#: Joins the items of a tuple field in one CSV cell; "|" appears in no Arabic name.
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class EntityRow:
    """One entity of one article, with the names of what it points to instead of ids."""

    article: str  #: article id
    date: str | None  #: publication date of the article
    source: str | None  #: outlet of the article
    entity: str  #: entity id within the article ("e3")
    type: str  #: PER, ORG, GPE or LOC
    name: str  #: canonical Arabic name
    name_en: str | None  #: English name, or None
    role: str | None  #: title such as "وزير الدفاع", or None
    affiliation: str | None  #: name of the country or organisation it belongs to
    country: str | None  #: the country: itself for a GPE, else its (organisation's) affiliated GPE
    mentions: int  #: how many times the article mentions it
    aliases: tuple[str, ...] = ()  #: every surface form, canonical name first
    key: str = ""  #: the article's content hash in the corpus database, "" outside it

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "aliases": list(self.aliases)}


@dataclass(frozen=True)
class EventRow:
    """One event of one article, with participant and place names."""

    article: str  #: article id
    date: str | None  #: publication date of the article
    source: str | None  #: outlet of the article
    event: str  #: event id within the article ("v1")
    kind: str  #: one of EVENT_KINDS
    event_date: str | None  #: "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    date_text: str | None  #: the words the date was read from
    location: str | None  #: name of the place
    participants: tuple[str, ...]  #: participant names, in the event's order
    participant_ids: tuple[str, ...]  #: their entity ids
    sentence: int  #: index of the sentence that reports it
    trigger: str | None  #: the trigger word
    evidence: str  #: the text of that sentence
    key: str = ""  #: the article's content hash in the corpus database, "" outside it

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "participants": list(self.participants),
            "participant_ids": list(self.participant_ids),
        }


@dataclass(frozen=True)
class StanceRow:
    """One stance of one article, with the speaker's and target's names."""

    article: str  #: article id
    date: str | None  #: publication date of the article
    source: str | None  #: outlet of the article
    speaker_id: str  #: entity id of who voices it
    speaker: str  #: their name
    target_id: str  #: entity id of whom it is about
    target: str  #: their name
    polarity: str  #: support, oppose or neutral
    confidence: float  #: classifier (or analyst) confidence
    sentence: int  #: index of the evidence sentence
    evidence: str  #: the evidence sentence text
    key: str = ""  #: the article's content hash in the corpus database, "" outside it

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def country_of(analysis: Analysis, entity: Entity) -> str | None:
    """The name of the country an entity is, lies in, or belongs to (by its affiliations), or None.

    A place the tables know gives its country ("أنقرة" → "تركيا"); an unknown GPE stands for itself;
    without an affiliation, a nationality adjective in a title or organisation name gives it.
    """
    seen: set[str] = set()
    current: Entity | None = entity
    # Following affiliations covers "minister → ministry → country"; the set guards against cycles.
    while current is not None and current.id not in seen:
        if current.type in PLACE_TYPES:
            gz = load_gazetteer()
            entry = gz.lookup(current.name)
            if entry is not None and entry.country in gz.countries:
                return gz.countries[entry.country].name
            return current.name if current.type == "GPE" else None
        seen.add(current.id)
        if current.affiliation is None:
            return _nisba_country(current)
        current = analysis.entity(current.affiliation)
    return None


def _nisba_country(entity: Entity) -> str | None:
    """The country a nationality adjective names in a title or an organisation's name ("الرئيس التركي")."""
    gz = load_gazetteer()
    words = (entity.role or "").split() + (entity.name.split() if entity.type == "ORG" else [])
    for word in words:
        code = gz.country_of_nisba(word)
        if code in gz.countries:
            return gz.countries[code].name
    return None


def _name(analysis: Analysis, entity_id: str | None) -> str | None:
    entity = analysis.entity(entity_id)
    return entity.name if entity is not None else None


def entity_rows(analysis: Analysis, key: str = "") -> list[EntityRow]:
    """One row per entity, in the analysis's order."""
    a = analysis.article
    rows = []
    for e in analysis.entities:
        rows.append(
            EntityRow(
                article=a.id,
                date=a.date,
                source=a.source,
                entity=e.id,
                type=e.type,
                name=e.name,
                name_en=e.name_en,
                role=e.role,
                affiliation=_name(analysis, e.affiliation),
                country=country_of(analysis, e),
                mentions=len(e.mentions),
                aliases=e.aliases,
                key=key,
            )
        )
    return rows


def event_rows(analysis: Analysis, key: str = "") -> list[EventRow]:
    """One row per event; a participant id with no entity is left out of both name and id lists."""
    a = analysis.article
    rows = []
    for v in analysis.events:
        known = [p for p in v.participants if analysis.entity(p) is not None]
        evidence = analysis.sentences[v.sentence].text if 0 <= v.sentence < len(analysis.sentences) else ""
        rows.append(
            EventRow(
                article=a.id,
                date=a.date,
                source=a.source,
                event=v.id,
                kind=v.kind,
                event_date=v.date,
                date_text=v.date_text,
                location=_name(analysis, v.location),
                participants=tuple(_name(analysis, p) or p for p in known),
                participant_ids=tuple(known),
                sentence=v.sentence,
                trigger=v.trigger,
                evidence=evidence,
                key=key,
            )
        )
    return rows


def stance_rows(analysis: Analysis, key: str = "") -> list[StanceRow]:
    """One row per stance, names looked up (the id itself when the entity is missing)."""
    a = analysis.article
    return [
        StanceRow(
            article=a.id,
            date=a.date,
            source=a.source,
            speaker_id=s.source,
            speaker=_name(analysis, s.source) or s.source,
            target_id=s.target,
            target=_name(analysis, s.target) or s.target,
            polarity=s.polarity,
            confidence=round(float(s.confidence), 4),
            sentence=s.sentence,
            evidence=s.evidence,
            key=key,
        )
        for s in analysis.stances
    ]


def stance_spans(
    analysis: Analysis, speaker: str, target: str, sentence: int
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    """Where the speaker and the target are named in a stance's evidence sentence, as (start, end) offsets.

    Both come from the entities' mentions in that sentence, so a target named by a title or a
    nisba adjective the resolver linked is found too; a speaker carried over from an earlier
    sentence («من جانبه») has no span here. Spans are sorted and never overlap (the speaker's win).
    """
    text = next((s.text for s in analysis.sentences if s.index == sentence), None)
    if text is None:
        return (), ()

    def spans(entity_id: str, taken: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
        entity = analysis.entity(entity_id)
        if entity is None:
            return ()
        found = {
            (m.start, m.end)
            for m in entity.mentions
            if m.sentence == sentence and 0 <= m.start < m.end <= len(text)
        }
        free = [s for s in sorted(found) if not any(s[0] < e and b < s[1] for b, e in taken)]
        kept: list[tuple[int, int]] = []
        for s in free:
            if not kept or s[0] >= kept[-1][1]:
                kept.append(s)
        return tuple(kept)

    speaker_spans = spans(speaker, ())
    return speaker_spans, spans(target, speaker_spans)
