"""check_article_schema: asserts one article of `python -m pipeline analyze` output keeps the JSON contract."""

from __future__ import annotations

import json
import re
from typing import Any

from pipeline.records import ENTITY_TYPES, EVENT_KINDS, POLARITIES, Analysis

ARTICLE_KEYS = (
    "id",
    "title",
    "date",
    "source",
    "url",
    "sentences",
    "sentence_paragraphs",
    "entities",
    "events",
    "stances",
    "model",
    "warnings",
)
ENTITY_KEYS = ("id", "type", "name", "name_en", "aliases", "mentions", "role", "affiliation", "confidence")
MENTION_KEYS = ("sentence", "start", "end", "text")
EVENT_KEYS = ("id", "kind", "participants", "location", "date", "date_text", "sentence", "trigger")
STANCE_KEYS = ("source", "target", "polarity", "confidence", "sentence", "evidence")
DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Event dates may be as precise as the text allows: a day, a month or a year.
EVENT_DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def check_article_schema(article: dict[str, Any]) -> None:
    """Assert that one article object has exactly the documented keys, types and cross-references.

    Args:
        article: one element of the CLI's {"articles": [...]} list, as parsed from JSON.
    """
    _keys(article, ARTICLE_KEYS, "article")
    assert isinstance(article["id"], str) and article["id"], article["id"]
    assert isinstance(article["title"], str)
    _optional_str(article["date"], "article date")
    if article["date"] is not None:
        assert DAY_RE.fullmatch(article["date"]), f"article date {article['date']!r} is not YYYY-MM-DD"
    _optional_str(article["source"], "source")
    _optional_str(article["url"], "url")
    assert isinstance(article["model"], str), article["model"]
    _str_list(article["warnings"], "warnings")

    sentences = article["sentences"]
    _str_list(sentences, "sentences")
    paragraphs = article["sentence_paragraphs"]
    assert isinstance(paragraphs, list) and len(paragraphs) == len(sentences), (
        f"{len(paragraphs)} sentence_paragraphs for {len(sentences)} sentences"
    )
    assert all(_is_int(p) and p >= 0 for p in paragraphs), paragraphs

    entities = article["entities"]
    assert isinstance(entities, list)
    entity_ids = [e["id"] if isinstance(e, dict) else None for e in entities]
    assert len(set(entity_ids)) == len(entity_ids), f"entity ids are not unique: {entity_ids}"
    known = set(entity_ids)
    for entity in entities:
        _check_entity(entity, sentences, known)

    events = article["events"]
    assert isinstance(events, list)
    event_ids = [v["id"] if isinstance(v, dict) else None for v in events]
    assert len(set(event_ids)) == len(event_ids), f"event ids are not unique: {event_ids}"
    for event in events:
        _check_event(event, sentences, known)

    assert isinstance(article["stances"], list)
    for stance in article["stances"]:
        _check_stance(stance, sentences, known)

    # The JSON contract: parse, rebuild the records, and serialise to the same object.
    reparsed = json.loads(json.dumps(article, ensure_ascii=False))
    assert Analysis.from_dict(reparsed).to_dict() == article, "Analysis.from_dict(a).to_dict() != a"


def _check_entity(entity: dict[str, Any], sentences: list[str], known: set[str]) -> None:
    _keys(entity, ENTITY_KEYS, "entity")
    where = f"entity {entity['id']!r}"
    assert isinstance(entity["id"], str) and entity["id"], where
    assert entity["type"] in ENTITY_TYPES, f"{where}: type {entity['type']!r}"
    assert isinstance(entity["name"], str) and entity["name"].strip(), f"{where}: empty name"
    _optional_str(entity["name_en"], f"{where} name_en")
    _str_list(entity["aliases"], f"{where} aliases")
    _optional_str(entity["role"], f"{where} role")
    affiliation = entity["affiliation"]
    _optional_str(affiliation, f"{where} affiliation")
    if affiliation is not None:
        assert affiliation in known, f"{where}: affiliation {affiliation!r} is not an entity id"
    _confidence(entity["confidence"], where)
    assert isinstance(entity["mentions"], list), where
    for mention in entity["mentions"]:
        _keys(mention, MENTION_KEYS, f"{where} mention")
        index, start, end, text = (mention[k] for k in MENTION_KEYS)
        assert all(_is_int(n) for n in (index, start, end)), f"{where}: {mention}"
        assert 0 <= index < len(sentences), f"{where}: mention sentence {index} out of range"
        sentence = sentences[index]
        assert 0 <= start < end <= len(sentence), (
            f"{where}: span {start}:{end} in a {len(sentence)}-char sentence"
        )
        assert sentence[start:end] == text, (
            f"{where}: sentence[{start}:{end}] is {sentence[start:end]!r}, not {text!r}"
        )


def _check_event(event: dict[str, Any], sentences: list[str], known: set[str]) -> None:
    _keys(event, EVENT_KEYS, "event")
    where = f"event {event['id']!r}"
    assert isinstance(event["id"], str) and event["id"], where
    assert event["kind"] in EVENT_KINDS, f"{where}: kind {event['kind']!r}"
    _str_list(event["participants"], f"{where} participants")
    for participant in event["participants"]:
        assert participant in known, f"{where}: participant {participant!r} is not an entity id"
    location = event["location"]
    _optional_str(location, f"{where} location")
    if location is not None:
        assert location in known, f"{where}: location {location!r} is not an entity id"
    date = event["date"]
    _optional_str(date, f"{where} date")
    if date is not None:
        assert EVENT_DATE_RE.fullmatch(date), f"{where}: date {date!r} is not YYYY-MM-DD, YYYY-MM or YYYY"
    _optional_str(event["date_text"], f"{where} date_text")
    assert _is_int(event["sentence"]) and 0 <= event["sentence"] < len(sentences), f"{where}: sentence"
    _optional_str(event["trigger"], f"{where} trigger")


def _check_stance(stance: dict[str, Any], sentences: list[str], known: set[str]) -> None:
    _keys(stance, STANCE_KEYS, "stance")
    where = f"stance {stance['source']!r}->{stance['target']!r}"
    assert stance["source"] in known, f"{where}: source is not an entity id"
    assert stance["target"] in known, f"{where}: target is not an entity id"
    assert stance["polarity"] in POLARITIES, f"{where}: polarity {stance['polarity']!r}"
    _confidence(stance["confidence"], where)
    index = stance["sentence"]
    assert _is_int(index) and 0 <= index < len(sentences), f"{where}: sentence {index!r} out of range"
    assert stance["evidence"] == sentences[index], f"{where}: evidence is not sentences[{index}]"


def _keys(d: Any, expected: tuple[str, ...], what: str) -> None:
    assert isinstance(d, dict), f"{what} is a {type(d).__name__}, not an object"
    assert set(d) == set(expected), (
        f"{what} keys: missing {sorted(set(expected) - set(d))}, unexpected {sorted(set(d) - set(expected))}"
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional_str(value: Any, what: str) -> None:
    assert value is None or isinstance(value, str), f"{what} is {value!r}, not a string or null"


def _str_list(value: Any, what: str) -> None:
    assert isinstance(value, list), f"{what} is a {type(value).__name__}, not a list"
    assert all(isinstance(v, str) for v in value), f"{what} holds a non-string: {value!r}"


def _confidence(value: Any, what: str) -> None:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{what}: confidence {value!r}"
    assert 0.0 <= value <= 1.0, f"{what}: confidence {value} outside [0, 1]"
