"""Exact expectations on the corpus view builders, from hand-made corpus rows."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from corpus_rows import ERDOGAN, FULL_PUTIN, MACRON, corpus_rows

from components.actor_page import (
    build_actor_articles,
    build_actor_stance_figure,
    build_counterpart_table,
    build_role_table,
)
from components.corpus_articles import build_article_table
from components.corpus_exports import csv_bytes, export_files
from components.corpus_map import TOPOJSON_URL, build_meeting_map_figure, marker_size
from components.corpus_network import (
    build_corpus_network_figure,
    network_selection,
    pair_polarity,
)
from components.corpus_stances import build_corpus_stance_table, corpus_stance_matrix
from components.corpus_timeline import build_corpus_timeline_figure, build_meeting_table
from components.corrections_panel import describe, split_names
from components.network import edge_width
from pipeline.actors import Actor, actor_of, build_actors
from pipeline.corpus import (
    CorpusSlice,
    Meeting,
    actor_profile,
    meeting_places,
    meetings,
    row_entity,
    stance_pairs,
)
from pipeline.corrections import Correction
from pipeline.exports import columns
from pipeline.rows import EventRow, StanceRow


@pytest.fixture(scope="module")
def data() -> CorpusSlice:
    return corpus_rows()


@pytest.fixture(scope="module")
def actors(data: CorpusSlice) -> dict[str, Actor]:
    return {a.id: a for a in build_actors((r.key, row_entity(r)) for r in data.entities)}


@pytest.fixture(scope="module")
def ids(actors: dict[str, Actor]) -> dict[str, str]:
    return {a.name: a.id for a in actors.values()}


@pytest.fixture(scope="module")
def found(data: CorpusSlice, actors: dict[str, Actor]) -> list[Meeting]:
    return meetings(data, actor_of(actors.values()))


@pytest.fixture(scope="module")
def pairs(data: CorpusSlice, actors: dict[str, Actor]) -> dict[tuple[str, str], list[StanceRow]]:
    return stance_pairs(data, actor_of(actors.values()))


# --- network --------------------------------------------------------------------------------------


def test_network_nodes_edges_and_widths(
    found: list[Meeting], actors: dict[str, Actor], ids: dict[str, str]
) -> None:
    fig = build_corpus_network_figure(found, actors)
    nodes = next(t for t in fig.data if t.name == "nodes")
    assert sorted(nodes.text) == sorted([FULL_PUTIN, MACRON, ERDOGAN])
    assert list(nodes.customdata) == sorted(nodes.customdata, key=lambda a: int(a[1:]))
    edges = {t.name: t for t in fig.data if t.name.startswith("meetings-")}
    assert sorted(edges) == ["meetings-1", "meetings-3"]
    assert edges["meetings-3"].line.width == edge_width(3) == 5.5
    # One line per edge: two points and a break.
    assert len(edges["meetings-1"].x) == 3 and edges["meetings-1"].x[2] is None
    assert not any((t.meta or t.name).startswith("stance") for t in fig.data)
    # Same graph, same picture.
    again = next(t for t in build_corpus_network_figure(found, actors).data if t.name == "nodes")
    assert (list(again.x), list(again.y)) == (list(nodes.x), list(nodes.y))
    assert all(-1.0 <= v <= 1.0 for v in [*nodes.x, *nodes.y])


def test_network_keeps_the_busiest_actors(found: list[Meeting], ids: dict[str, str]) -> None:
    nodes, edges, pairs = network_selection(found, top=2)
    assert set(nodes) == {ids[FULL_PUTIN], ids[MACRON]}
    assert [n for _, _, n in edges] == [3]
    assert pairs == []


def test_stance_edges_when_asked(
    found: list[Meeting], actors: dict[str, Actor], pairs: dict[tuple[str, str], list[StanceRow]]
) -> None:
    fig = build_corpus_network_figure(found, actors, stances=pairs)
    names = [t.meta or t.name for t in fig.data]
    assert names[-1] == "nodes"
    assert {"stances-support", "stances-oppose", "stance-hover"} <= set(names)
    hover = next(t for t in fig.data if t.name == "stance-hover")
    assert len(hover.x) == 2
    assert all("من · from" in h and "إلى · to" in h for h in hover.hovertext)


def test_pair_polarity_is_the_sign_of_the_mean(pairs: dict[tuple[str, str], list[StanceRow]]) -> None:
    row = next(iter(pairs.values()))[0]
    assert pair_polarity([replace(row, polarity="support"), replace(row, polarity="oppose")]) == "neutral"
    assert (
        pair_polarity([replace(row, polarity="support")] * 2 + [replace(row, polarity="oppose")]) == "support"
    )


def test_network_escapes_names(found: list[Meeting], actors: dict[str, Actor], ids: dict[str, str]) -> None:
    hostile = dict(actors)
    hostile[ids[ERDOGAN]] = replace(actors[ids[ERDOGAN]], name='<a href="x">رجب</a>')
    nodes = next(t for t in build_corpus_network_figure(found, hostile).data if t.name == "nodes")
    assert '&lt;a href="x"&gt;رجب&lt;/a&gt;' in nodes.text
    assert not any("<a " in h for h in nodes.hovertext)


# --- stances --------------------------------------------------------------------------------------


def test_stance_matrix(
    pairs: dict[tuple[str, str], list[StanceRow]], actors: dict[str, Actor], ids: dict[str, str]
) -> None:
    p, e = ids[FULL_PUTIN], ids[ERDOGAN]
    grid = corpus_stance_matrix(pairs, actors)
    speakers, targets, values, counts, hovers = (
        grid.speakers,
        grid.targets,
        grid.values,
        grid.counts,
        grid.hovers,
    )
    order = sorted([p, e], key=lambda a: int(a[1:]))
    assert speakers == targets == order
    grid = {
        (s, t): v for s, row in zip(speakers, values, strict=True) for t, v in zip(targets, row, strict=True)
    }
    assert grid == {(p, p): None, (p, e): 1.0, (e, p): -1.0, (e, e): None}
    assert sorted(n for row in counts for n in row) == [0, 0, 1, 1]
    assert sum(1 for row in hovers for h in row if "«جملة»" in h) == 2
    table = build_corpus_stance_table(pairs, actors)
    assert sorted(zip(table["speaker"], table["target"], table["polarity"], strict=True)) == sorted(
        [(FULL_PUTIN, ERDOGAN, "support"), (ERDOGAN, FULL_PUTIN, "oppose")]
    )


# --- timeline and map -----------------------------------------------------------------------------


def test_timeline_plots_dated_meetings_by_kind(found: list[Meeting], actors: dict[str, Actor]) -> None:
    fig = build_corpus_timeline_figure(found, actors)
    by_name = {t.name: t for t in fig.data}
    assert list(by_name) == ["اجتماع · meeting", "اتصال · call", "زيارة · visit"]
    assert list(by_name["اجتماع · meeting"].x) == ["2020-01-09"]
    # Two reports make a bigger marker; a date taken from the article is drawn hollow.
    assert list(by_name["اجتماع · meeting"].marker.size) == [13]
    assert list(by_name["اجتماع · meeting"].marker.symbol) == ["circle"]
    assert list(by_name["اتصال · call"].marker.symbol) == ["circle-open"]
    assert list(by_name["اتصال · call"].customdata) == [0]
    assert "reports: 2" in by_name["اجتماع · meeting"].hovertext[0]
    table = build_meeting_table(found, actors)
    assert list(table["date"].fillna("")) == ["2020-02-01", "2020-02-01", "2020-01-09", "", ""]
    assert list(table["reports"]) == [1, 1, 2, 1, 1]
    assert table["outlets"][2] == "صحيفة، وكالة"


def test_map_markers(found: list[Meeting], actors: dict[str, Actor]) -> None:
    points, _ = meeting_places(found)
    fig = build_meeting_map_figure(points, found, actors)
    geo = fig.data[0]
    assert geo.type == "scattergeo" and geo.name == "places"
    assert list(geo.customdata) == ["باريس", "فرنسا", "موسكو"]
    assert list(geo.lat) == [48.86, 48.86, 55.76]
    assert list(geo.marker.size) == [marker_size(1)] * 3 == [8.0] * 3
    assert "drawn at the capital" in geo.hovertext[1]
    assert marker_size(5) == 20.0


# --- articles, actor, exports, corrections ----------------------------------------------------------


def test_article_table_counts(data: CorpusSlice) -> None:
    table = build_article_table(data)
    assert list(table["id"]) == ["id-k3", "id-k1", "id-k2", "id-k4"]
    assert list(table["entities"]) == [4, 3, 2, 2]
    assert list(table["meetings"]) == [2, 1, 1, 2]
    assert list(table["stances"]) == [1, 1, 1, 0]


def test_actor_tables_and_stances_over_time(
    data: CorpusSlice, actors: dict[str, Actor], ids: dict[str, str]
) -> None:
    profile = actor_profile(data, actor_of(actors.values()), actors[ids[FULL_PUTIN]])
    assert list(build_counterpart_table(profile, actors)["counterpart"]) == [MACRON, ERDOGAN]
    assert list(build_role_table(profile)["articles"]) == [2]
    assert list(build_actor_articles(profile)["id"]) == ["id-k3", "id-k1", "id-k2", "id-k4"]
    fig = build_actor_stance_figure(profile)
    assert [(t.name, list(t.x), list(t.y)) for t in fig.data] == [
        ("given-support", ["2020-01-10"], [0.0]),
        ("received-oppose", ["2020-01-10"], [1.0]),
    ]


def test_export_files(data: CorpusSlice, found: list[Meeting], actors: dict[str, Actor]) -> None:
    files = {f.file_name: f for f in export_files(data, found, actors)}
    assert sorted(files) == [
        "majlis_entities.csv",
        "majlis_events.csv",
        "majlis_network.graphml",
        "majlis_rows.json",
        "majlis_stances.csv",
    ]
    events = list(csv.reader(io.StringIO(files["majlis_events.csv"].content)))
    assert events[0] == columns(EventRow) and len(events) == 1 + len(data.events)
    rows = json.loads(files["majlis_rows.json"].content)
    assert [len(rows[k]) for k in ("entities", "events", "stances")] == [11, 7, 3]
    graph = nx.read_graphml(io.StringIO(files["majlis_network.graphml"].content))
    assert sorted(d["weight"] for _, _, d in graph.edges(data=True)) == [1, 3]
    assert csv_bytes("a")[:3] == b"\xef\xbb\xbf"


def test_correction_helpers() -> None:
    assert split_names(" رجب طيب أردوغان، عبد المجيد تبون , ,") == ["رجب طيب أردوغان", "عبد المجيد تبون"]
    line = describe(Correction("event:1.0", "participants", ["0.0.4", "name:رجب"], "بحث"))
    assert line == "المشاركون · participants — «بحث» ← 0.0.4، رجب"


def test_the_base_map_ships_and_is_served() -> None:
    root = Path(__file__).resolve().parents[1]
    # Plotly asks for TOPOJSON_URL + "world_110m.json"; Streamlit serves static/ at app/static/.
    path = root / TOPOJSON_URL.replace("app/", "", 1) / "world_110m.json"
    topology = json.loads(path.read_text(encoding="utf-8"))
    assert topology["type"] == "Topology" and {"countries", "coastlines", "land"} <= set(topology["objects"])
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
