"""Corpus views as data: meetings merged across reports, edges, stance pairs, places, an actor's profile."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from corpus_rows import ERDOGAN, FULL_PUTIN, MACRON, RUSSIAN, corpus_rows

from pipeline.actors import Actor, actor_of
from pipeline.corpus import (
    CAPITAL,
    CorpusSlice,
    actor_profile,
    actor_rank,
    corpus_actors,
    meeting_counts,
    meeting_edges,
    meeting_graph,
    meeting_graphml,
    meeting_places,
    meetings,
    row_entity,
    select,
    stance_pairs,
)
from pipeline.queries import CorpusFilter
from pipeline.store import Store


@pytest.fixture(scope="module")
def data() -> CorpusSlice:
    return corpus_rows()


@pytest.fixture(scope="module")
def actors(data: CorpusSlice) -> list[Actor]:
    from pipeline.actors import build_actors

    return build_actors((r.key, row_entity(r)) for r in data.entities)


@pytest.fixture(scope="module")
def ids(actors: list[Actor]) -> dict[str, str]:
    return {a.name: a.id for a in actors}


def test_actors_merge_the_articles_spellings(actors: list[Actor], ids: dict[str, str]) -> None:
    putin = next(a for a in actors if a.id == ids[FULL_PUTIN])
    assert putin.id == "a1" and putin.articles == 4
    assert set(putin.members) == {("k1", "e1"), ("k2", "e8"), ("k3", "e1"), ("k3", "e4"), ("k4", "e1")}
    assert next(a for a in actors if a.id == ids[MACRON]).members == (("k3", "e2"), ("k4", "e2"))


def test_actor_rank_sorts_by_number() -> None:
    assert sorted(["a10", "a2", "x", "a1"], key=actor_rank) == ["a1", "a2", "a10", "x"]


def test_meetings_merge_reports_and_keep_undated_apart(
    data: CorpusSlice, actors: list[Actor], ids: dict[str, str]
) -> None:
    found = meetings(data, actor_of(actors))
    p, e, m = ids[FULL_PUTIN], ids[ERDOGAN], ids[MACRON]
    assert [(x.kind, x.date, x.dated_by, x.actors, x.place) for x in found] == [
        ("call", "2020-02-01", "published", tuple(sorted((p, m), key=actor_rank)), None),
        ("visit", "2020-02-01", "published", (p,), "باريس"),
        ("meeting", "2020-01-09", "event", tuple(sorted((p, e), key=actor_rank)), "موسكو"),
        ("meeting", None, "", tuple(sorted((p, m), key=actor_rank)), "قرية مجهولة"),
        ("meeting", None, "", tuple(sorted((p, m), key=actor_rank)), "فرنسا"),
    ]
    # Two outlets reported the Moscow meeting: one meeting, two reports.
    assert [(r.key, r.event) for r in found[2].reports] == [("k1", "v1"), ("k2", "v1")]
    assert meeting_counts(found) == {p: 5, m: 3, e: 1}


def test_meeting_edges_count_meetings(data: CorpusSlice, actors: list[Actor], ids: dict[str, str]) -> None:
    edges = meeting_edges(meetings(data, actor_of(actors)))
    pairs = [(frozenset((a, b)), n) for a, b, n in edges]
    assert pairs == [
        (frozenset((ids[FULL_PUTIN], ids[MACRON])), 3),
        (frozenset((ids[FULL_PUTIN], ids[ERDOGAN])), 1),
    ]


def test_stance_pairs_by_actor_and_no_stance_toward_oneself(
    data: CorpusSlice, actors: list[Actor], ids: dict[str, str]
) -> None:
    pairs = stance_pairs(data, actor_of(actors))
    p, e = ids[FULL_PUTIN], ids[ERDOGAN]
    assert {k: [r.polarity for r in v] for k, v in pairs.items()} == {(p, e): ["support"], (e, p): ["oppose"]}


def test_meeting_places_from_the_tables(data: CorpusSlice, actors: list[Actor]) -> None:
    found = meetings(data, actor_of(actors))
    points, unmapped = meeting_places(found)
    assert [(x.name, x.name_en, x.lat, x.lon, x.located_by, x.meetings) for x in points] == [
        ("باريس", "Paris", 48.86, 2.35, "capital", (1,)),
        # A country is drawn at its capital, and says so.
        ("فرنسا", "France", 48.86, 2.35, CAPITAL, (4,)),
        ("موسكو", "Moscow", 55.76, 37.62, "capital", (2,)),
    ]
    assert unmapped == [("قرية مجهولة", 1)]


def test_actor_profile(data: CorpusSlice, actors: list[Actor], ids: dict[str, str]) -> None:
    putin = next(a for a in actors if a.id == ids[FULL_PUTIN])
    profile = actor_profile(data, actor_of(actors), putin)
    assert profile.roles == ((RUSSIAN, 2),)
    assert len(profile.meetings) == 5
    assert profile.counterparts == ((ids[MACRON], 3), (ids[ERDOGAN], 1))
    assert [(r.key, r.polarity) for r in profile.given] == [("k1", "support")]
    assert [(r.key, r.polarity) for r in profile.received] == [("k2", "oppose")]
    assert [a.key for a in profile.articles] == ["k3", "k1", "k2", "k4"]


def test_meeting_graph_and_graphml(
    data: CorpusSlice, actors: list[Actor], ids: dict[str, str], tmp_path: Path
) -> None:
    found = meetings(data, actor_of(actors))
    by_id = {a.id: a for a in actors}
    graph = meeting_graph(found, by_id)
    assert graph.edges[ids[FULL_PUTIN], ids[MACRON]] == {"weight": 3, "kinds": "call;meeting"}
    path = tmp_path / "net.graphml"
    path.write_text(meeting_graphml(found, by_id), encoding="utf-8")
    back = nx.read_graphml(path)
    assert back.nodes[ids[FULL_PUTIN]]["label"] == FULL_PUTIN
    assert back.nodes[ids[FULL_PUTIN]]["meetings"] == 5
    assert back.edges[ids[FULL_PUTIN], ids[ERDOGAN]]["weight"] == 1


# --- on the sample database ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(sample_db_master: Path) -> Store:
    with Store(sample_db_master) as s:
        yield s


def _ids(data: CorpusSlice) -> list[str]:
    return sorted(a.id for a in data.articles)


def test_select_every_filter_narrows_exactly(store: Store) -> None:
    actors = corpus_actors(store)
    assert len(_ids(select(store, CorpusFilter()))) == 9
    assert _ids(select(store, CorpusFilter(sources=("صحيفة الضفتين",)))) == [
        "02_algiers_visit",
        "08_tripoli_malta_libya",
    ]
    in_2020 = select(store, CorpusFilter(date_from="2020-01-01", date_to="2020-12-31"))
    assert _ids(in_2020) == [
        "02_algiers_visit",
        "03_riyadh_phone_call",
        "04_nicosia_trilateral",
        "06_berlin_libya_summit",
        "07_moscow_bilateral",
    ]
    erdogan = next(a for a in actors if a.name == ERDOGAN)
    only = select(store, CorpusFilter(), [erdogan])
    assert _ids(only) == ["02_algiers_visit", "06_berlin_libya_summit"]
    # Every row belongs to a selected article.
    keys = {a.key for a in only.articles}
    assert {r.key for r in (*only.entities, *only.events, *only.stances)} == keys
    summits = select(store, CorpusFilter(kinds=("summit",)))
    assert {r.kind for r in summits.events} == {"summit"}


def test_sample_meetings_on_the_map(store: Store) -> None:
    actors = corpus_actors(store)
    found = meetings(select(store, CorpusFilter()), actor_of(actors))
    points, unmapped = meeting_places(found)
    assert {p.name for p in points} == {
        "العلا",
        "طرابلس",
        "نيقوسيا",
        "أنقرة",
        "الجزائر",
        "الظهران",
        "برلين",
        "تونس",
        "موسكو",
    }
    assert unmapped == []
