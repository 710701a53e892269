"""Corrections: anchored to the text, applied in order, merges first, surviving a renumbering re-analysis."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.corrections import (
    Correction,
    apply_corrections,
    correct_entity,
    correct_event,
    correct_stance,
    entity_anchor,
    validate,
)
from pipeline.records import Analysis, Mention

FIXTURE = Path(__file__).parent / "fixtures" / "analysis_seedlike.json"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return Analysis.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))


def renumbered(analysis: Analysis, mapping: dict[str, str], widen: int = 0) -> Analysis:
    """The same analysis as another model run might give it: other ids, spans a little wider."""

    def m(i: str | None) -> str | None:
        return mapping.get(i, i) if i is not None else None

    entities = tuple(
        replace(
            e,
            id=m(e.id),
            affiliation=m(e.affiliation),
            mentions=tuple(Mention(x.sentence, max(0, x.start - widen), x.end, x.text) for x in e.mentions),
        )
        for e in reversed(analysis.entities)
    )
    events = tuple(
        replace(v, participants=tuple(m(p) for p in v.participants), location=m(v.location))
        for v in analysis.events
    )
    stances = tuple(replace(s, source=m(s.source), target=m(s.target)) for s in analysis.stances)
    return replace(analysis, entities=entities, events=events, stances=stances)


def test_no_corrections_leave_the_analysis_as_it_is(analysis: Analysis) -> None:
    assert apply_corrections(analysis, []) is analysis


def test_anchors_name_the_first_mention_or_the_name(analysis: Analysis) -> None:
    assert entity_anchor(analysis.entity("e1")) == "1.22.33"
    assert entity_anchor(replace(analysis.entity("e1"), mentions=())) == "name:سامي الحداد"
    assert correct_event(analysis, "v2", "date", "2024-03-01").item == "event:3.0"
    stance = analysis.stances[1]
    assert correct_stance(analysis, stance, "support").item == "stance:5:1.55.65>2.21.40"


def test_entity_type_and_name(analysis: Analysis) -> None:
    fixes = [
        correct_entity(analysis, "e8", "type", "GPE"),
        correct_entity(analysis, "e3", "name", "كريم علي"),
        correct_entity(analysis, "e3", "name_en", "Karim Ali"),
    ]
    fixed = apply_corrections(analysis, fixes)
    assert fixed.entity("e8").type == "GPE"
    assert fixed.entity("e3").name == "كريم علي"
    assert fixed.entity("e3").aliases == ("كريم علي", "كريم العلي", "العلي")
    assert fixed.entity("e3").name_en == "Karim Ali"
    assert fixed.entity("e3").mentions == analysis.entity("e3").mentions
    assert [e.id for e in fixed.entities] == [e.id for e in analysis.entities]
    assert fixed.events == analysis.events and fixed.stances == analysis.stances
    assert fixed.warnings == ()


def test_merging_two_entities_moves_mentions_events_and_stances(analysis: Analysis) -> None:
    fixed = apply_corrections(analysis, [correct_entity(analysis, "e3", "merge_into", "e1")])
    assert fixed.entity("e3") is None
    e1 = fixed.entity("e1")
    assert [(m.sentence, m.start) for m in e1.mentions] == [(1, 22), (1, 86), (3, 5), (4, 5), (6, 6)]
    assert e1.aliases == ("سامي الحداد", "الحداد", "كريم العلي", "العلي")
    assert fixed.events[0].participants == ("e1", "e2", "e6")
    assert [(s.source, s.target, s.polarity) for s in fixed.stances] == [
        ("e1", "e6", "support"),
        ("e2", "e6", "oppose"),
        ("e1", "e5", "support"),
    ]


def test_a_merge_drops_a_stance_toward_oneself_and_a_self_affiliation(analysis: Analysis) -> None:
    fixed = apply_corrections(analysis, [correct_entity(analysis, "e7", "merge_into", "e4")])
    assert fixed.entity("e4").affiliation is None  # Cairo belonged to Egypt: now one entity
    fixed = apply_corrections(analysis, [correct_entity(analysis, "e6", "merge_into", "e1")])
    assert [(s.source, s.target) for s in fixed.stances] == [("e2", "e1"), ("e3", "e5")]


def test_event_participants_and_date(analysis: Analysis) -> None:
    fixes = [
        correct_event(analysis, "v1", "participants", ["e1", "e2", "خالد يوسف"]),
        correct_event(analysis, "v2", "date", "2024-03-01"),
    ]
    fixed = apply_corrections(analysis, fixes)
    assert fixed.events[0].participants == ("e1", "e2", "c1")
    new = fixed.entity("c1")
    assert (new.type, new.name, new.aliases, new.mentions) == ("PER", "خالد يوسف", ("خالد يوسف",), ())
    assert fixed.events[1].date == "2024-03-01"
    assert fixed.events[1].date_text == "مطلع مارس 2024"
    assert fixed.events[2] == analysis.events[2]


def test_stance_polarity_is_the_analysts_and_certain(analysis: Analysis) -> None:
    fixed = apply_corrections(analysis, [correct_stance(analysis, analysis.stances[1], "support")])
    assert (fixed.stances[1].polarity, fixed.stances[1].confidence) == ("support", 1.0)
    assert fixed.stances[0] == analysis.stances[0] and fixed.stances[2] == analysis.stances[2]


def test_corrections_survive_a_renumbering_reanalysis(analysis: Analysis) -> None:
    fixes = [
        correct_entity(analysis, "e8", "type", "GPE"),
        correct_entity(analysis, "e3", "merge_into", "e1"),
        correct_event(analysis, "v1", "participants", ["e1", "e2"]),
        correct_stance(analysis, analysis.stances[1], "support"),
    ]
    # The new run numbers entities the other way round and takes one character more before each span.
    mapping = {f"e{i}": f"e{9 - i}" for i in range(1, 9)}
    again = renumbered(analysis, mapping, widen=1)
    fixed = apply_corrections(again, fixes)
    assert fixed.warnings == ()
    assert fixed.entity("e1").type == "GPE"  # the Red Sea, now e1
    assert fixed.entity("e6") is None  # Karim al-Ali, merged into Sami al-Haddad (now e8)
    assert fixed.events[0].participants == ("e8", "e7")
    assert (fixed.stances[1].source, fixed.stances[1].polarity) == ("e7", "support")


def test_a_name_label_finds_the_entity_when_the_spans_moved(analysis: Analysis) -> None:
    fix = Correction("entity:9.0.4", "type", "ORG", label="البحر الأحمر")
    assert apply_corrections(analysis, [fix]).entity("e8").type == "ORG"


def test_a_correction_that_no_longer_applies_is_a_warning(analysis: Analysis) -> None:
    fixes = [
        Correction("entity:9.0.4", "type", "ORG", label="شخص غير موجود"),
        Correction("event:6.3", "date", "2024-01-01"),
        Correction("stance:2:1.22.33>1.55.65", "polarity", "oppose"),
    ]
    fixed = apply_corrections(analysis, fixes)
    assert fixed.entities == analysis.entities and fixed.events == analysis.events
    assert fixed.stances == analysis.stances
    assert fixed.warnings == (
        "A correction no longer applies: type of «شخص غير موجود» (not found).",
        "A correction no longer applies: date of «event:6.3» (not found).",
        "A correction no longer applies: polarity of «stance:2:1.22.33>1.55.65» (not found).",
    )


@pytest.mark.parametrize(
    "bad",
    [
        Correction("entity:1.0.3", "type", "PERSON"),
        Correction("entity:1.0.3", "date", "2024-01-01"),
        Correction("entity:1.0.3", "name", " "),
        Correction("event:1.0", "date", "12 March"),
        Correction("event:1.0", "participants", "e1"),
        Correction("stance:1:a>b", "polarity", "against"),
        Correction("sentence:1", "text", "x"),
    ],
)
def test_invalid_corrections_are_refused(bad: Correction) -> None:
    with pytest.raises(ValueError):
        validate(bad)


def test_unknown_ids_are_refused(analysis: Analysis) -> None:
    with pytest.raises(ValueError, match="no entity 'e99'"):
        correct_entity(analysis, "e99", "type", "PER")
    with pytest.raises(ValueError, match="no event 'v9'"):
        correct_event(analysis, "v9", "date", "2024")


def test_correction_json_round_trip(analysis: Analysis) -> None:
    fix = correct_event(analysis, "v1", "participants", ["e1", "خالد يوسف"])
    assert fix.value == ["1.22.33", "name:خالد يوسف"]
    assert Correction.from_dict(json.loads(json.dumps(fix.to_dict(), ensure_ascii=False))) == fix
