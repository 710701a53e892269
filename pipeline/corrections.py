"""An analyst's corrections to an analysis: typed records, anchors that survive re-analysis, and applying them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pipeline.entities import name_key
from pipeline.records import ENTITY_TYPES, POLARITIES, Analysis, Entity, Event, Stance

#: The fields an analyst may correct, per kind of item.
FIELDS: dict[str, tuple[str, ...]] = {
    "entity": ("type", "name", "name_en", "merge_into"),
    "event": ("participants", "date"),
    "stance": ("polarity",),
}
#: An entity anchor for an entity with no mention (one a correction added): its name.
NAME_ANCHOR = "name:"
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Correction:
    """One fix to one field of one item of an article's analysis.

    Items are named by anchors into the text, not by ids, because a re-analysis renumbers ids:
    an entity by one of its mentions ("entity:S.START.END"), an event by its sentence and its
    place among that sentence's events ("event:S.N"), a stance by its sentence and the anchors
    of its speaker and target ("stance:S:A>B").
    """

    item: str  #: the anchored item, as above
    field: str  #: one of FIELDS[kind of item]
    value: Any  #: JSON value: a type, name, date, polarity, an entity anchor, or a list of them
    label: str = ""  #: the item's name when corrected: shown to the analyst, and a fallback anchor

    @property
    def kind(self) -> str:
        return self.item.split(":", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "field": self.field, "value": self.value, "label": self.label}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Correction:
        return cls(item=d["item"], field=d["field"], value=d["value"], label=d.get("label") or "")


# ----------------------------------------------------------------------------- making corrections


def entity_anchor(entity: Entity) -> str:
    """ "S.START.END" of the entity's first mention, or "name:NAME" for an entity with none."""
    if not entity.mentions:
        return NAME_ANCHOR + entity.name
    m = min(entity.mentions, key=lambda m: (m.sentence, m.start))
    return f"{m.sentence}.{m.start}.{m.end}"


def _entity(analysis: Analysis, entity_id: str) -> Entity:
    entity = analysis.entity(entity_id)
    if entity is None:
        raise ValueError(f"no entity {entity_id!r} in {analysis.article.id}")
    return entity


def correct_entity(analysis: Analysis, entity_id: str, field: str, value: Any) -> Correction:
    """A correction of an entity in the analysis as shown; for "merge_into", value is the other entity's id."""
    entity = _entity(analysis, entity_id)
    if field == "merge_into":
        value = entity_anchor(_entity(analysis, str(value)))
    return validate(Correction(f"entity:{entity_anchor(entity)}", field, value, entity.name))


def correct_event(analysis: Analysis, event_id: str, field: str, value: Any) -> Correction:
    """A correction of an event; for "participants", value lists entity ids or, for someone new, names."""
    event = next((v for v in analysis.events if v.id == event_id), None)
    if event is None:
        raise ValueError(f"no event {event_id!r} in {analysis.article.id}")
    place = [v.id for v in analysis.events if v.sentence == event.sentence].index(event.id)
    if field == "participants":
        value = [
            entity_anchor(e) if (e := analysis.entity(p)) is not None else NAME_ANCHOR + p for p in value
        ]
    return validate(Correction(f"event:{event.sentence}.{place}", field, value, event.trigger or event.kind))


def correct_stance(analysis: Analysis, stance: Stance, polarity: str) -> Correction:
    """A correction of a stance's polarity."""
    speaker, target = _entity(analysis, stance.source), _entity(analysis, stance.target)
    item = f"stance:{stance.sentence}:{entity_anchor(speaker)}>{entity_anchor(target)}"
    return validate(Correction(item, "polarity", polarity, f"{speaker.name} > {target.name}"))


def validate(c: Correction) -> Correction:
    """The correction itself, or ValueError saying what is wrong with it."""
    if c.field not in FIELDS.get(c.kind, ()):
        raise ValueError(f"cannot correct {c.field!r} of {c.item!r}")
    bad = (
        (c.field == "type" and c.value not in ENTITY_TYPES)
        or (c.field == "polarity" and c.value not in POLARITIES)
        or (c.field == "date" and c.value is not None and not DATE_RE.match(str(c.value)))
        or (c.field in ("name", "merge_into") and not (isinstance(c.value, str) and c.value.strip()))
        or (c.field == "participants" and not isinstance(c.value, list))
    )
    if bad:
        raise ValueError(f"{c.value!r} is not a valid {c.field}")
    return c


# ----------------------------------------------------------------------------- applying them


class _Anchors:
    """Finds the entities of the analysis as the model made it from anchors, and tracks merges."""

    def __init__(self, raw: Analysis) -> None:
        self.raw = raw
        self.parent = {e.id: e.id for e in raw.entities}
        self.created: dict[str, str] = {}  #: name_key -> id of an entity a correction added

    def find(self, entity_id: str) -> str:
        while self.parent.get(entity_id, entity_id) != entity_id:
            entity_id = self.parent[entity_id]
        return entity_id

    def entity(self, anchor: str, label: str = "") -> str | None:
        """The surviving id of the entity an anchor (or, failing that, the label name) points at."""
        found = self._by_name(anchor[len(NAME_ANCHOR) :]) if anchor.startswith(NAME_ANCHOR) else None
        if not anchor.startswith(NAME_ANCHOR):
            found = self._by_mention(anchor)
        if found is None and label:
            found = self._by_name(label)
        return self.find(found) if found is not None else None

    def _by_mention(self, anchor: str) -> str | None:
        try:
            sentence, start, end = (int(x) for x in anchor.split("."))
        except ValueError:
            return None
        best, best_overlap = None, 0
        for e in self.raw.entities:
            for m in e.mentions:
                overlap = min(end, m.end) - max(start, m.start)
                # A re-analysis may draw the span a little wider or narrower: the largest overlap wins.
                if m.sentence == sentence and overlap > best_overlap:
                    best, best_overlap = e.id, overlap
        return best

    def _by_name(self, name: str) -> str | None:
        key = name_key(name)
        if key in self.created:
            return self.created[key]
        for e in self.raw.entities:
            if name_key(e.name) == key:
                return e.id
        return next((e.id for e in self.raw.entities if key in {name_key(a) for a in e.aliases}), None)


def _merge(into: Entity, other: Entity) -> Entity:
    mentions = sorted({*into.mentions, *other.mentions}, key=lambda m: (m.sentence, m.start, m.end))
    return replace(
        into,
        aliases=tuple(dict.fromkeys((*into.aliases, *other.aliases))),
        mentions=tuple(mentions),
        name_en=into.name_en or other.name_en,
        role=into.role or other.role,
        affiliation=into.affiliation or other.affiliation,
        confidence=max(into.confidence, other.confidence),
    )


def apply_corrections(analysis: Analysis, corrections: Sequence[Correction]) -> Analysis:
    """The analysis as the analyst corrected it; a correction that no longer applies becomes a warning.

    Merges go first, so that every other correction lands on the entity that survives them.
    """
    if not corrections:
        return analysis
    anchors = _Anchors(analysis)
    notes: list[str] = []
    entities = {e.id: e for e in analysis.entities}

    def missing(c: Correction) -> None:
        notes.append(f"A correction no longer applies: {c.field} of «{c.label or c.item}» (not found).")

    for c in (c for c in corrections if c.field == "merge_into"):
        source, target = anchors.entity(c.item[len("entity:") :], c.label), anchors.entity(str(c.value))
        if source is None or target is None:
            missing(c)
        elif source != target:
            entities[target] = _merge(entities[target], entities.pop(source))
            anchors.parent[source] = target

    def remap(entity_id: str | None) -> str | None:
        return anchors.find(entity_id) if entity_id is not None else None

    entities = {k: replace(e, affiliation=remap(e.affiliation)) for k, e in entities.items()}
    entities = {k: replace(e, affiliation=None) if e.affiliation == k else e for k, e in entities.items()}
    events = [
        replace(
            v,
            participants=tuple(dict.fromkeys(anchors.find(p) for p in v.participants)),
            location=remap(v.location),
        )
        for v in analysis.events
    ]
    stances = _remap_stances(analysis.stances, anchors)

    for c in corrections:
        if c.field == "merge_into":
            continue
        if c.kind == "entity":
            found = anchors.entity(c.item[len("entity:") :], c.label)
            if found is None:
                missing(c)
                continue
            e = entities[found]
            if c.field == "name":
                entities[found] = replace(
                    e, name=c.value, aliases=tuple(dict.fromkeys((c.value, *e.aliases)))
                )
            else:
                entities[found] = replace(e, **{c.field: c.value})
        elif c.kind == "event":
            if not _correct_event(c, events, entities, anchors):
                missing(c)
        elif c.kind == "stance" and not _correct_stance(c, stances, anchors):
            missing(c)

    return replace(
        analysis,
        entities=tuple(entities.values()),
        events=tuple(events),
        stances=tuple(stances),
        warnings=analysis.warnings + tuple(notes),
    )


def _remap_stances(stances: Sequence[Stance], anchors: _Anchors) -> list[Stance]:
    out: dict[tuple[str, str, int], Stance] = {}
    for s in stances:
        source, target = anchors.find(s.source), anchors.find(s.target)
        # A merge can make a stance someone's toward themself, or the twin of one already kept.
        if source != target:
            out.setdefault((source, target, s.sentence), replace(s, source=source, target=target))
    return list(out.values())


def _event_place(item: str) -> tuple[int, int] | None:
    """(sentence, place among its events) of "event:S.N"."""
    try:
        sentence, place = (int(x) for x in item[len("event:") :].split("."))
    except ValueError:
        return None
    return sentence, place


def _stance_anchors(item: str) -> tuple[int, str, str] | None:
    """(sentence, speaker anchor, target anchor) of "stance:S:A>B"."""
    try:
        sentence, pair = item[len("stance:") :].split(":", 1)
        speaker, target = pair.split(">", 1)
        return int(sentence), speaker, target
    except ValueError:
        return None


def _event_index(events: Sequence[Event], item: str) -> int | None:
    found = _event_place(item)
    if found is None:
        return None
    at = [i for i, v in enumerate(events) if v.sentence == found[0]]
    return at[found[1]] if 0 <= found[1] < len(at) else None


def _correct_event(
    c: Correction, events: list[Event], entities: dict[str, Entity], anchors: _Anchors
) -> bool:
    index = _event_index(events, c.item)
    if index is None:
        return False
    if c.field == "date":
        events[index] = replace(events[index], date=c.value)
        return True
    participants: list[str] = []
    for anchor in c.value:
        found = anchors.entity(str(anchor))
        if found is None and str(anchor).startswith(NAME_ANCHOR):
            # Someone the model never tagged: the analyst's name becomes an entity without mentions.
            name = str(anchor)[len(NAME_ANCHOR) :]
            found = f"c{len(anchors.created) + 1}"
            entities[found] = Entity(id=found, type="PER", name=name, aliases=(name,))
            anchors.created[name_key(name)] = found
        if found is not None and found not in participants:
            participants.append(found)
    events[index] = replace(events[index], participants=tuple(participants))
    return True


def _stance_index(stances: Sequence[Stance], item: str, anchors: _Anchors) -> int | None:
    found = _stance_anchors(item)
    if found is None:
        return None
    wanted = (found[0], anchors.entity(found[1]), anchors.entity(found[2]))
    return next((i for i, s in enumerate(stances) if (s.sentence, s.source, s.target) == wanted), None)


def _correct_stance(c: Correction, stances: list[Stance], anchors: _Anchors) -> bool:
    index = _stance_index(stances, c.item, anchors)
    if index is None:
        return False
    # The analyst's word is certain, unlike the classifier's.
    stances[index] = replace(stances[index], polarity=c.value, confidence=1.0)
    return True


def locate(analysis: Analysis, c: Correction) -> str | int | None:
    """What a correction is about in this (corrected) analysis: an entity or event id, a stance index.

    For a merge, the entity that survived it; None when the item is not there.
    """
    anchors = _Anchors(analysis)
    if c.kind == "entity":
        anchor = str(c.value) if c.field == "merge_into" else c.item[len("entity:") :]
        return anchors.entity(anchor, "" if c.field == "merge_into" else c.label)
    if c.kind == "event":
        index = _event_index(analysis.events, c.item)
        return analysis.events[index].id if index is not None else None
    return _stance_index(analysis.stances, c.item, anchors)
