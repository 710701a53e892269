"""Typed records that flow through Majlis; their to_dict/from_dict are the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC")
EVENT_KINDS = ("meeting", "call", "visit", "summit", "agreement", "statement", "other")
MEETING_KINDS = ("meeting", "call", "visit", "summit")
POLARITIES = ("support", "oppose", "neutral")


@dataclass(frozen=True)
class Article:
    """One news article as loaded, before analysis."""

    id: str  #: stable identifier: the file stem, a record id, or a content hash
    title: str  #: headline (may be empty)
    text: str  #: body text, paragraphs separated by newlines
    date: str | None = None  #: publication date YYYY-MM-DD, or None when unknown
    source: str | None = None  #: outlet name
    url: str | None = None  #: where the article came from
    origin: str | None = None  #: file path (and record number) it was loaded from

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=str(d["id"]),
            title=d.get("title") or "",
            text=d.get("text") or "",
            date=d.get("date"),
            source=d.get("source"),
            url=d.get("url"),
            origin=d.get("origin"),
        )


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article; sentence 0 is the title when there is one."""

    index: int  #: position in Analysis.sentences
    text: str  #: the sentence text, which all offsets refer to
    paragraph: int = 0  #: paragraph number (0 = title), for laying the article out again


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that refers to an entity."""

    sentence: int  #: index of the sentence
    start: int  #: character offset into the sentence text, inclusive
    end: int  #: character offset into the sentence text, exclusive
    text: str  #: sentence.text[start:end], clitics excluded

    def to_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Mention:
        return cls(sentence=int(d["sentence"]), start=int(d["start"]), end=int(d["end"]), text=d["text"])


@dataclass(frozen=True)
class Entity:
    """One real-world actor or place, with every mention of it in the article."""

    id: str  #: "e1", "e2", ... unique within the analysis
    type: str  #: one of ENTITY_TYPES
    name: str  #: canonical Arabic name, clitics stripped
    name_en: str | None = None  #: English name, or None
    aliases: tuple[str, ...] = ()  #: every surface form seen, canonical name first
    mentions: tuple[Mention, ...] = ()  #: where it is mentioned
    role: str | None = None  #: title text such as "وزير الدفاع", or None
    affiliation: str | None = None  #: id of the country/organisation entity it belongs to
    confidence: float = 1.0  #: tagger confidence in [0, 1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "name_en": self.name_en,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
            "role": self.role,
            "affiliation": self.affiliation,
            "confidence": round(float(self.confidence), 4),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(
            id=str(d["id"]),
            type=d["type"],
            name=d["name"],
            name_en=d.get("name_en"),
            aliases=tuple(d.get("aliases") or ()),
            mentions=tuple(Mention.from_dict(m) for m in d.get("mentions") or ()),
            role=d.get("role"),
            affiliation=d.get("affiliation"),
            confidence=float(d.get("confidence", 1.0)),
        )


@dataclass(frozen=True)
class Event:
    """A meeting, call, visit, summit or other dated event."""

    id: str  #: "v1", "v2", ...
    kind: str  #: one of EVENT_KINDS
    participants: tuple[str, ...] = ()  #: entity ids of who took part
    location: str | None = None  #: entity id of the place, or None
    date: str | None = None  #: "YYYY-MM-DD", "YYYY-MM", "YYYY" or None
    date_text: str | None = None  #: the words the date was read from
    sentence: int = 0  #: index of the sentence that reports it
    trigger: str | None = None  #: the trigger word ("اجتماع", "اتصال هاتفي", ...)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "participants": list(self.participants),
            "location": self.location,
            "date": self.date,
            "date_text": self.date_text,
            "sentence": self.sentence,
            "trigger": self.trigger,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            id=str(d["id"]),
            kind=d["kind"],
            participants=tuple(d.get("participants") or ()),
            location=d.get("location"),
            date=d.get("date"),
            date_text=d.get("date_text"),
            sentence=int(d.get("sentence") or 0),
            trigger=d.get("trigger"),
        )


@dataclass(frozen=True)
class Stance:
    """A position one actor voices toward another, with the sentence that says so."""

    source: str  #: entity id of who voices it
    target: str  #: entity id of whom it is about
    polarity: str  #: one of POLARITIES
    confidence: float  #: classifier confidence in [0, 1]
    sentence: int  #: index of the evidence sentence
    evidence: str  #: the evidence sentence text

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "polarity": self.polarity,
            "confidence": round(float(self.confidence), 4),
            "sentence": self.sentence,
            "evidence": self.evidence,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stance:
        return cls(
            source=d["source"],
            target=d["target"],
            polarity=d["polarity"],
            confidence=float(d.get("confidence", 1.0)),
            sentence=int(d.get("sentence") or 0),
            evidence=d.get("evidence") or "",
        )


@dataclass(frozen=True)
class Analysis:
    """Everything Majlis found in one article: the unit the dashboard renders."""

    article: Article  #: the input
    sentences: tuple[Sentence, ...]  #: title (if any) then body sentences
    entities: tuple[Entity, ...] = ()  #: one per real-world actor or place
    events: tuple[Event, ...] = ()  #: meetings and dated events, in text order
    stances: tuple[Stance, ...] = ()  #: support/oppose/neutral positions
    model: str = ""  #: name of the entity tagger that produced it
    warnings: tuple[str, ...] = field(default_factory=tuple)  #: notices for the user

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id, or None."""
        if entity_id is None:
            return None
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        return {
            "id": a.id,
            "title": a.title,
            "date": a.date,
            "source": a.source,
            "url": a.url,
            "sentences": [s.text for s in self.sentences],
            "sentence_paragraphs": [s.paragraph for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "events": [v.to_dict() for v in self.events],
            "stances": [s.to_dict() for s in self.stances],
            "model": self.model,
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Analysis:
        texts = d.get("sentences") or []
        paras = d.get("sentence_paragraphs") or [0] * len(texts)
        sentences = tuple(Sentence(i, t, p) for i, (t, p) in enumerate(zip(texts, paras, strict=False)))
        body = "\n".join(s.text for s in sentences if s.paragraph > 0)
        article = Article(
            id=str(d["id"]),
            title=d.get("title") or "",
            text=body,
            date=d.get("date"),
            source=d.get("source"),
            url=d.get("url"),
        )
        return cls(
            article=article,
            sentences=sentences,
            entities=tuple(Entity.from_dict(e) for e in d.get("entities") or ()),
            events=tuple(Event.from_dict(v) for v in d.get("events") or ()),
            stances=tuple(Stance.from_dict(s) for s in d.get("stances") or ()),
            model=d.get("model") or "",
            warnings=tuple(d.get("warnings") or ()),
        )
