"""Exports: CSV headers, JSON round trips, GraphML that networkx reads back, the escaped RTL briefing."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest

from pipeline.briefing import build_briefing, key_meetings, network_svg, stance_summary
from pipeline.corrections import apply_corrections, correct_entity, correct_event, correct_stance
from pipeline.exports import (
    analyses_json,
    entities_csv,
    events_csv,
    export_corrections,
    labelled_examples,
    network_graph,
    network_graphml,
    rows_json,
    stances_csv,
)
from pipeline.records import Analysis, Article, Entity, Mention, Sentence, Stance
from pipeline.store import Store

FIXTURE = Path(__file__).parent / "fixtures" / "analysis_seedlike.json"
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return Analysis.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def hostile(analysis: Analysis) -> Analysis:
    """The fixture with a <script> in a sentence, a name, the title and the outlet."""
    sentences = list(analysis.sentences)
    sentences[4] = Sentence(4, sentences[4].text + HOSTILE, sentences[4].paragraph)
    stances = tuple(
        replace(s, evidence=s.evidence + HOSTILE) if s.sentence == 4 else s for s in analysis.stances
    )
    entities = tuple(replace(e, name=e.name + HOSTILE) if e.id == "e1" else e for e in analysis.entities)
    article = replace(analysis.article, title=analysis.article.title + HOSTILE, source=HOSTILE)
    return replace(analysis, article=article, sentences=tuple(sentences), entities=entities, stances=stances)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_headers_and_rows(analysis: Analysis) -> None:
    entities = read_csv(entities_csv([analysis]))
    assert entities[0] == [
        "article", "date", "source", "entity", "type", "name", "name_en", "role",
        "affiliation", "country", "mentions", "aliases", "key",
    ]  # fmt: skip
    assert entities[1] == [
        "seedlike-trilateral", "2024-03-12", "Majlis fixture", "e1", "PER", "سامي الحداد", "Sami al-Haddad",
        "وزير الخارجية", "مصر", "مصر", "3", "سامي الحداد | الحداد", "",
    ]  # fmt: skip
    assert len(entities) == 1 + len(analysis.entities)
    events = read_csv(events_csv([analysis]))
    assert events[0] == [
        "article", "date", "source", "event", "kind", "event_date", "date_text", "location",
        "participants", "participant_ids", "sentence", "trigger", "evidence", "key",
    ]  # fmt: skip
    assert events[2][8:10] == ["سامي الحداد | ليلى منصور", "e1 | e2"]
    stances = read_csv(stances_csv([analysis, analysis]))
    assert stances[0] == [
        "article", "date", "source", "speaker_id", "speaker", "target_id", "target", "polarity",
        "confidence", "sentence", "evidence", "key",
    ]  # fmt: skip
    assert len(stances) == 1 + 2 * len(analysis.stances)
    assert stances[2][4:8] == ["ليلى منصور", "e6", "جامعة الدول العربية", "oppose"]


def test_json_round_trips(analysis: Analysis) -> None:
    back = json.loads(analyses_json([analysis]))
    assert [Analysis.from_dict(a).to_dict() for a in back["articles"]] == [analysis.to_dict()]
    rows = json.loads(rows_json([analysis]))
    assert list(rows) == ["entities", "events", "stances"]
    assert rows["events"][0]["participants"] == [
        "سامي الحداد",
        "ليلى منصور",
        "كريم العلي",
        "جامعة الدول العربية",
    ]
    assert rows["stances"][0] == {
        "article": "seedlike-trilateral",
        "date": "2024-03-12",
        "source": "Majlis fixture",
        "speaker_id": "e1",
        "speaker": "سامي الحداد",
        "target_id": "e6",
        "target": "جامعة الدول العربية",
        "polarity": "support",
        "confidence": 0.91,
        "sentence": 4,
        "evidence": analysis.stances[0].evidence,
        "key": "",
    }


def test_graphml_reads_back_with_networkx(analysis: Analysis, tmp_path: Path) -> None:
    path = tmp_path / "network.graphml"
    path.write_text(network_graphml([analysis]), encoding="utf-8")
    graph = nx.read_graphml(path)
    labels = sorted(graph.nodes[n]["label"] for n in graph.nodes)
    assert labels == sorted(["سامي الحداد", "ليلى منصور", "كريم العلي", "جامعة الدول العربية"])
    by_label = {graph.nodes[n]["label"]: n for n in graph.nodes}
    edge = graph.edges[by_label["سامي الحداد"], by_label["ليلى منصور"]]
    assert (edge["weight"], edge["kinds"]) == (2, "call;meeting")  # the meeting and the phone call
    assert graph.number_of_edges() == 6
    assert graph.nodes[by_label["سامي الحداد"]]["name_en"] == "Sami al-Haddad"


def test_the_network_joins_one_person_across_articles(analysis: Analysis) -> None:
    # Another article writes the name with a shadda and numbers its entities the other way round.
    ids = {f"e{i}": f"e{9 - i}" for i in range(1, 9)}
    other = replace(
        analysis,
        article=replace(analysis.article, id="other"),
        entities=tuple(
            replace(e, id=ids[e.id], name="سامي الحدّاد" if e.id == "e1" else e.name, name_en=None)
            for e in analysis.entities
        ),
        events=tuple(replace(v, participants=tuple(ids[p] for p in v.participants)) for v in analysis.events),
    )
    graph = network_graph([analysis, other])
    assert graph.number_of_nodes() == 4
    by_label = {graph.nodes[n]["label"]: n for n in graph.nodes}
    assert graph.edges[by_label["سامي الحداد"], by_label["ليلى منصور"]]["weight"] == 4
    assert graph.nodes[by_label["سامي الحداد"]]["articles"] == 2


def test_briefing_is_rtl_self_contained_and_escaped(hostile: Analysis) -> None:
    page = build_briefing([hostile], title="موجز <b>اليوم</b>")
    assert page.startswith('<!DOCTYPE html>\n<html dir="rtl" lang="ar">')
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "<b>" not in page and "موجز &lt;b&gt;اليوم&lt;/b&gt;" in page
    assert not re.search(r"(?:src|href)\s*=|url\(|@import|https?://", page)
    assert "<style>" in page and "<svg" in page
    for heading in ("أبرز اللقاءات", "شبكة المشاركين", "ملخص المواقف", "شواهد من النصوص"):
        assert f"<h2>{heading}</h2>" in page
    # The quoted evidence names its outlet and article.
    assert page.count("<blockquote>") == len(hostile.stances)
    assert "وقال الحداد إن مصر تدعم" in page


def test_briefing_parts(analysis: Analysis) -> None:
    meetings = key_meetings([analysis, analysis])
    assert [(m.kind, m.date, len(m.names)) for m in meetings] == [
        ("meeting", "2024-03-12", 4),
        ("call", "2024-03", 2),
    ]
    assert meetings[0].place == "القاهرة"
    summary = stance_summary([analysis])
    assert [(s, t, dict(c)) for s, t, c in summary][0] == (
        "سامي الحداد",
        "جامعة الدول العربية",
        {"support": 1},
    )
    assert network_svg([analysis]).count("<circle") == 4


def test_briefing_of_nothing_still_renders() -> None:
    page = build_briefing([])
    assert "لم يُعثر على لقاءات" in page and "لا شواهد" in page and "بلا تاريخ" in page


def test_labelled_examples_from_corrections(analysis: Analysis) -> None:
    fixes = [
        correct_entity(analysis, "e8", "type", "GPE"),
        correct_event(analysis, "v2", "date", "2024-03-01"),
        correct_stance(analysis, analysis.stances[1], "neutral"),
    ]
    corrected = apply_corrections(analysis, fixes)
    examples = labelled_examples(corrected, fixes, key="k1")
    assert [(x["task"], x["sentence"]) for x in examples] == [
        ("ner", 0),
        ("ner", 4),
        ("event", 3),
        ("stance", 5),
    ]
    ner = examples[0]
    assert ner["text"] == analysis.sentences[0].text
    assert ner["spans"] == [
        {"start": 16, "end": 23, "label": "GPE", "text": "القاهرة"},
        {"start": 44, "end": 56, "label": "GPE", "text": "البحر الأحمر"},
    ]
    assert examples[2]["date"] == "2024-03-01" and examples[2]["participants"] == [
        "سامي الحداد",
        "ليلى منصور",
    ]
    assert examples[3] == {
        "article": "seedlike-trilateral",
        "key": "k1",
        "task": "stance",
        "sentence": 5,
        "text": analysis.stances[1].evidence,
        "speaker": "ليلى منصور",
        "target": "جامعة الدول العربية",
        "label": "neutral",
    }


def test_export_corrections_reads_the_store(tmp_path: Path) -> None:
    text = "التقى وزير الخارجية العماني بدر البوسعيدي نظيره الأردني أيمن الصفدي."
    article = Article(id="x", title="", text=text, date="2024-01-01")
    entity = Entity("e1", "PER", "بدر البوسعيدي", mentions=(Mention(1, 28, 41, "بدر البوسعيدي"),))
    other = Entity("e2", "PER", "أيمن الصفدي", mentions=(Mention(1, 56, 67, "أيمن الصفدي"),))
    stance = Stance("e1", "e2", "neutral", 0.5, 1, text)
    analysis = Analysis(
        article, (Sentence(0, "", 0), Sentence(1, text, 1)), (entity, other), stances=(stance,)
    )
    with Store(tmp_path / "c.db") as store:
        key = store.save(article, analysis, "m1")
        store.add_correction(key, correct_stance(analysis, stance, "support"))
        examples = list(export_corrections(store))
    assert [(x["task"], x["label"], x["key"]) for x in examples] == [("stance", "support", key)]
