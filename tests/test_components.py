"""Exact expectations on the pure view builders, from a hand-made trilateral-meeting Analysis."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from components import id_sort_key, selected_ids
from components.article_view import build_article_html, build_legend_html
from components.entity_table import build_entity_table
from components.network import build_network_figure, circle_layout, network_edges, network_nodes
from components.stance_chart import build_stance_figure, build_stance_table, stance_matrix
from components.style import GROUP_PALETTE, entity_colour, plotly_text, truncate
from components.timeline import _stack_offsets, build_timeline_figure, plot_date, timeline_rows
from pipeline.records import Analysis, Article, Entity, Event, Mention, Sentence, Stance

FIXTURE = Path(__file__).parent / "fixtures" / "analysis_seedlike.json"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return Analysis.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def empty() -> Analysis:
    return Analysis(article=Article(id="empty", title="", text=""), sentences=())


def _node_trace(fig: go.Figure) -> go.Scatter:
    nodes = [t for t in fig.data if t.name == "nodes"]
    assert len(nodes) == 1
    return nodes[0]


# --- the fixture itself -------------------------------------------------------------------------


def test_fixture_offsets_point_at_their_text(analysis: Analysis) -> None:
    # Every builder trusts these offsets, so a typo in the hand-made JSON must fail here first.
    for entity in analysis.entities:
        for m in entity.mentions:
            assert analysis.sentences[m.sentence].text[m.start : m.end] == m.text
    assert [s.paragraph for s in analysis.sentences] == [0, 1, 1, 2, 2, 3, 3]
    assert analysis.to_dict() == json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_id_sort_key_is_numeric() -> None:
    assert sorted(["e10", "e2", "e1", "x"], key=id_sort_key) == ["e1", "e2", "e10", "x"]


# --- network ------------------------------------------------------------------------------------


def test_network_edges_exact(analysis: Analysis) -> None:
    # v1 meeting: e1 e2 e3 e6; v2 call: e1 e2; v3 agreement is not a meeting kind.
    assert network_edges(analysis) == [
        ("e1", "e2", 2),
        ("e1", "e3", 1),
        ("e1", "e6", 1),
        ("e2", "e3", 1),
        ("e2", "e6", 1),
        ("e3", "e6", 1),
    ]
    assert [e.id for e in network_nodes(analysis)] == ["e1", "e2", "e3", "e6"]


def test_network_figure_nodes_and_edges(analysis: Analysis) -> None:
    fig = build_network_figure(analysis)
    node = _node_trace(fig)
    assert list(node.text) == ["سامي الحداد", "ليلى منصور", "كريم العلي", "جامعة الدول العربية"]
    assert list(node.customdata) == ["e1", "e2", "e3", "e6"]
    assert list(node.x) == [0.0, 1.0, 0.0, -1.0]
    assert list(node.y) == [1.0, 0.0, -1.0, 0.0]
    # Two meetings for e1 and e2, one for e3 and the League.
    assert list(node.marker.size) == [28, 28, 22, 22]
    assert list(node.marker.color) == [entity_colour("PER")] * 3 + [entity_colour("ORG")]
    edges = [t for t in fig.data if t.mode == "lines"]
    assert [(t.name, t.line.width) for t in edges] == [("edges-1", 1.5), ("edges-2", 3.5)]
    # Five weight-1 segments and one weight-2 segment, each three points (a, b, gap).
    assert [len(t.x) for t in edges] == [15, 3]
    assert list(edges[1].x) == [0.0, 1.0, None]
    hover = node.hovertext[0]
    for part in ("سامي الحداد", "Sami al-Haddad", "وزير الخارجية", "مصر", "2024-03-12", "2024-03", "call"):
        assert part in hover


def test_network_colour_by_country(analysis: Analysis) -> None:
    node = _node_trace(build_network_figure(analysis, colour_by="country"))
    # e1 and e3 are both Egyptian; Jordan's minister and the League each get their own colour.
    assert list(node.marker.color) == [GROUP_PALETTE[0], GROUP_PALETTE[1], GROUP_PALETTE[0], GROUP_PALETTE[2]]


def test_circle_layout_single_node_is_centred() -> None:
    assert circle_layout(["e1"]) == {"e1": (0.0, 0.0)}


def test_network_ignores_unknown_and_repeated_participants(analysis: Analysis) -> None:
    extra = Event(id="v9", kind="visit", participants=("e1", "e1", "ghost", "e4"), date="2024-04")
    changed = replace(analysis, events=(*analysis.events, extra))
    assert ("e1", "e4", 1) in network_edges(changed)
    assert all("ghost" not in (a, b) for a, b, _ in network_edges(changed))


# --- stances ------------------------------------------------------------------------------------


def test_stance_matrix_exact(analysis: Analysis) -> None:
    grid = stance_matrix(analysis)
    assert grid.speakers == ["e1", "e2", "e3"]
    assert grid.targets == ["e5", "e6"]
    assert grid.values == [[None, 1.0], [None, -1.0], [1.0, None]]
    assert grid.counts == [[0, 1], [0, 1], [1, 0]]
    assert grid.confidence == [[None, 0.91], [None, 0.78], [0.84, None]]
    hovers = grid.hovers
    assert hovers[0][0] == ""
    assert "سامي الحداد" in hovers[0][1] and "جامعة الدول العربية" in hovers[0][1]
    assert "0.91" in hovers[0][1] and "support" in hovers[0][1]
    assert "تدعم جهود" in hovers[0][1]
    assert "oppose" in hovers[1][1] and "0.78" in hovers[1][1]


def test_stance_matrix_means_several_stances(analysis: Analysis) -> None:
    neutral = Stance("e1", "e6", "neutral", 0.6, 4, "نص محايد")
    changed = replace(analysis, stances=(*analysis.stances, neutral))
    grid = stance_matrix(changed)
    assert grid.values[0][1] == 0.5 and grid.counts[0][1] == 2
    assert grid.confidence[0][1] == 0.755  # (0.91 + 0.6) / 2
    assert "neutral" in grid.hovers[0][1] and "support" in grid.hovers[0][1]
    assert "mean confidence: 0.76" in grid.hovers[0][1]
    heat = build_stance_figure(changed).data[0]
    # Each cell prints its count over its mean confidence.
    assert [list(r) for r in heat.text] == [["", "2<br>0.76"], ["", "1<br>0.78"], ["1<br>0.84", ""]]


def test_stance_hover_escapes_and_truncates(analysis: Analysis) -> None:
    evil = Stance("e1", "e6", "oppose", 0.5, 4, "<script>alert(1)</script> " + "كلام " * 100)
    hovers = stance_matrix(replace(analysis, stances=(evil,))).hovers
    assert "<script>" not in hovers[0][0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hovers[0][0]
    evidence_line = hovers[0][0].split("<br>")[-1]
    assert len(evidence_line) <= 200 + len("&lt;&gt;&lt;&gt;") * 2 + 2
    assert evidence_line.endswith("…»")


def test_stance_figure_axes_show_names(analysis: Analysis) -> None:
    fig = build_stance_figure(analysis)
    heat = fig.data[0]
    assert list(heat.x) == ["e5", "e6"] and list(heat.y) == ["e1", "e2", "e3"]
    assert list(fig.layout.xaxis.ticktext) == ["الأردن", "جامعة الدول العربية"]
    assert list(fig.layout.yaxis.ticktext) == ["سامي الحداد", "ليلى منصور", "كريم العلي"]
    assert (heat.zmin, heat.zmax) == (-1, 1)
    assert [list(r) for r in heat.text] == [["", "1<br>0.91"], ["", "1<br>0.78"], ["1<br>0.84", ""]]


def test_stance_table(analysis: Analysis) -> None:
    df = build_stance_table(analysis)
    assert list(df.columns) == ["speaker", "target", "polarity", "confidence", "evidence"]
    assert df.iloc[1][["speaker", "target", "polarity"]].tolist() == [
        "ليلى منصور",
        "جامعة الدول العربية",
        "oppose",
    ]


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_rows_exact(analysis: Analysis) -> None:
    rows = timeline_rows(analysis)
    assert [(r["id"], r["kind"], r["date"]) for r in rows] == [
        ("v2", "call", "2024-03-01"),
        ("v1", "meeting", "2024-03-12"),
        ("v3", "agreement", None),
    ]
    assert rows[1]["participants"] == ["سامي الحداد", "ليلى منصور", "كريم العلي", "جامعة الدول العربية"]
    assert rows[1]["place"] == "القاهرة"
    assert rows[0]["date_raw"] == "2024-03" and rows[0]["date_text"] == "مطلع مارس 2024"
    assert rows[2]["participants"] == ["مصر", "الأردن"] and rows[2]["place"] is None


def test_timeline_figure_plots_dated_events_only(analysis: Analysis) -> None:
    fig = build_timeline_figure(analysis)
    # One row per kind (numeric, labelled by tick text), in EVENT_KINDS order.
    assert [list(t.y) for t in fig.data] == [[0.0], [1.0]]
    assert list(fig.layout.yaxis.ticktext) == ["اجتماع · meeting", "اتصال · call"]
    assert [list(t.x) for t in fig.data] == [["2024-03-12"], ["2024-03-01"]]
    assert [list(map(list, t.customdata)) for t in fig.data] == [[["v1", 1]], [["v2", 3]]]
    assert fig.data[0].marker.color != fig.data[1].marker.color
    hover = fig.data[0].hovertext[0]
    for part in ("سامي الحداد", "ليلى منصور", "القاهرة", "يوم 12 مارس 2024", "meeting"):
        assert part in hover


def test_timeline_year_only_maps_to_january_first(analysis: Analysis) -> None:
    events = tuple(replace(v, date="2024") if v.id == "v3" else v for v in analysis.events)
    rows = timeline_rows(replace(analysis, events=events))
    assert [(r["id"], r["date"]) for r in rows] == [
        ("v3", "2024-01-01"),
        ("v2", "2024-03-01"),
        ("v1", "2024-03-12"),
    ]


@pytest.mark.parametrize(
    ("raw", "plotted"),
    [
        ("2024-03-12", "2024-03-12"),
        ("2024-03", "2024-03-01"),
        ("2024", "2024-01-01"),
        ("2024-13", None),
        ("2024-02-30", None),
        ("آذار", None),
        (None, None),
        ("", None),
    ],
)
def test_plot_date(raw: str | None, plotted: str | None) -> None:
    assert plot_date(raw) == plotted


# --- entity table -------------------------------------------------------------------------------


def test_entity_table_exact(analysis: Analysis) -> None:
    df = build_entity_table(analysis)
    assert list(df.columns) == ["name", "name_en", "type", "role", "affiliation", "mentions"]
    assert df["name"].tolist() == [
        "سامي الحداد",
        "ليلى منصور",
        "كريم العلي",
        "جامعة الدول العربية",
        "مصر",
        "الأردن",
        "القاهرة",
        "البحر الأحمر",
    ]
    assert df["type"].tolist() == ["PER", "PER", "PER", "ORG", "GPE", "GPE", "GPE", "LOC"]
    assert df["mentions"].tolist() == [3, 3, 2, 3, 3, 3, 2, 2]
    assert df["affiliation"].tolist()[:3] == ["مصر", "الأردن", "مصر"]
    assert df.loc[df["name"] == "القاهرة", "affiliation"].item() == "مصر"
    assert pd.isna(df.loc[df["name"] == "الأردن", "affiliation"].item())
    assert df.loc[0, "role"] == "وزير الخارجية"


# --- article ------------------------------------------------------------------------------------


def _injected() -> Analysis:
    title = "<script>alert(1)</script> لقاء <b>مهم</b>"
    body = "<b>قال</b> الوزير سامي الحداد <script>alert(2)</script> إن $5 & أكثر."
    start = body.index("سامي الحداد")
    person = Entity(
        id="e1",
        type="PER",
        name='سامي "الحداد" <i>',
        name_en="Sami",
        mentions=(Mention(1, start, start + len("سامي الحداد"), "سامي الحداد"),),
        role="وزير",
    )
    tag = Entity(id="e2", type="ORG", name="<b>", mentions=(Mention(0, 0, 8, "<script>"),))
    return Analysis(
        article=Article(id="x", title=title, text=body),
        sentences=(Sentence(0, title, 0), Sentence(1, body, 1)),
        entities=(person, tag),
    )


def test_article_html_escapes_title_and_body() -> None:
    out = build_article_html(_injected())
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    # The title's first 8 characters are a mention, so its escaped "<script>" sits inside a mark.
    assert "&lt;script&gt;</mark>alert(1)&lt;/script&gt;" in out
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in out
    assert "&lt;b&gt;قال&lt;/b&gt;" in out and "&lt;b&gt;مهم&lt;/b&gt;" in out
    # The mention over "<script>" in the title is itself escaped inside its mark.
    mark = '<mark class="ent ent-ORG" data-entity="e2" title="&lt;b&gt; · منظمة · Organisation">'
    assert mark + "&lt;script&gt;</mark>" in out
    assert 'title="سامي &quot;الحداد&quot; &lt;i&gt; · Sami · شخص · Person · وزير"' in out
    assert "&amp; أكثر" in out


def test_article_html_wraps_mention_at_offsets() -> None:
    out = build_article_html(_injected())
    assert out.startswith('<div dir="rtl" lang="ar" class="majlis-article">') and out.endswith("</div>")
    assert re.search(
        r'الوزير <mark class="ent ent-PER" data-entity="e1" title="[^"]*">سامي الحداد</mark> &lt;script', out
    )
    assert out.count("<h3") == 1 and out.count("<p ") == 1
    assert "\n" not in out


def test_article_html_fixture_layout_and_focus(analysis: Analysis) -> None:
    out = build_article_html(analysis, focus_entity="e1", focus_sentence=3)
    assert out.count("<mark ") == 21
    assert out.count('class="ent ent-PER ent-focus" data-entity="e1"') == 3
    assert out.count('<p class="majlis-para">') == 3
    assert '<span class="sent sent-selected" data-sentence="3">' in out
    assert out.index('<blockquote class="majlis-focus">وكان الحداد') < out.index("<h3")
    assert '<h3 class="majlis-title"><span class="sent" data-sentence="0">اجتماع ثلاثي في <mark' in out


def test_article_html_skips_bad_and_overlapping_mentions() -> None:
    text = "التقى وزير الخارجية بنظيره"
    outer = Entity(id="e1", type="PER", name="وزير الخارجية", mentions=(Mention(0, 6, 19, "وزير الخارجية"),))
    inner = Entity(id="e2", type="ORG", name="الخارجية", mentions=(Mention(0, 11, 19, "الخارجية"),))
    broken = Entity(
        id="e3",
        type="GPE",
        name="x",
        mentions=(
            Mention(0, 20, 99, "?"),
            Mention(0, 5, 5, ""),
            Mention(7, 0, 2, "?"),
            Mention(0, -1, 2, "?"),
        ),
    )
    analysis = Analysis(
        article=Article(id="o", title="", text=text),
        sentences=(Sentence(0, text, 1),),
        entities=(outer, inner, broken),
    )
    out = build_article_html(analysis)
    assert out.count("<mark ") == 1
    assert 'data-entity="e1"' in out and "التقى <mark" in out and "</mark> بنظيره" in out


def test_legend_has_four_types() -> None:
    legend = build_legend_html()
    assert legend.count("<mark ") == 4
    for label in ("شخص · Person", "منظمة · Organisation", "Country / GPE", "مكان · Location"):
        assert label in legend
    assert 'class="ent ent-GPE"' in legend


# --- helpers and empty input --------------------------------------------------------------------


def test_text_helpers() -> None:
    assert plotly_text("a <b> & c") == "a &lt;b&gt; &amp; c"
    assert truncate("قصير") == "قصير"
    long = truncate("كلمة " * 100, 20)
    assert len(long) <= 20 and long.endswith("…")


def test_selected_ids_reads_customdata() -> None:
    state = {"selection": {"points": [{"customdata": "e3"}, {"customdata": ["v1", 1]}, {"x": 1}]}}
    assert selected_ids(state) == ["e3", "v1"]
    assert selected_ids(None) == [] and selected_ids({"selection": {}}) == []


def test_builders_handle_empty_analysis(empty: Analysis) -> None:
    assert network_edges(empty) == []
    assert len(_node_trace(build_network_figure(empty)).x) == 0
    grid = stance_matrix(empty)
    assert (grid.speakers, grid.targets, grid.values, grid.hovers) == ([], [], [], [])
    assert isinstance(build_stance_figure(empty), go.Figure)
    assert timeline_rows(empty) == []
    assert len(build_timeline_figure(empty).data) == 0
    df = build_entity_table(empty)
    assert df.empty and list(df.columns) == ["name", "name_en", "type", "role", "affiliation", "mentions"]
    assert build_article_html(empty) == '<div dir="rtl" lang="ar" class="majlis-article"></div>'
    # The figures must also serialise, which is what st.plotly_chart does with them.
    for fig in (build_network_figure(empty), build_stance_figure(empty), build_timeline_figure(empty)):
        assert json.loads(fig.to_json())["layout"]["font"]["family"].startswith("Noto Naskh Arabic")


def test_article_marks_whole_words_so_arabic_letters_stay_joined() -> None:
    text = "وصل الوفد بأنقرة وتركيا."
    start = text.index("أنقرة")
    city = Entity(id="e1", type="GPE", name="أنقرة", mentions=(Mention(0, start, start + 5, "أنقرة"),))
    analysis = Analysis(
        article=Article(id="w", title="", text=text), sentences=(Sentence(0, text, 1),), entities=(city,)
    )
    out = build_article_html(analysis)
    # The clitic ب is inside the mark: a boundary within a word would break the letters' joining.
    assert ">بأنقرة</mark>" in out


def test_timeline_fans_out_events_of_one_kind_on_one_day() -> None:
    assert _stack_offsets(["2020-08-06", "2020-08-06", "2020-08-06", "2019-12"]) == [-0.18, 0.0, 0.18, 0.0]
