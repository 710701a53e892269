"""The corpus and actor pages end to end with AppTest, on a database of the nine samples: views, filters,
corrections made through the page, exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from pipeline.corpus import corpus_actors
from pipeline.exports import columns
from pipeline.queries import CorpusFilter, query_articles
from pipeline.rows import EntityRow
from pipeline.store import DB_ENV, Store

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
CORPUS_TABS = [
    "شبكة المشاركين · Network",
    "مصفوفة المواقف · Stances",
    "الخط الزمني · Timeline",
    "خريطة اللقاءات · Map",
    "المقالات · Articles",
    "التصحيح · Corrections",
    "تصدير · Export",
]
ALL_DATES = [
    "2018-04-01",
    "2019-03-31",
    "2019-12-26",
    "2020-01-01",  # the next Arab summit, in Algeria, dated by its year only
    "2020-01-19",
    "2020-01-26",
    "2020-06-23",
    "2020-09-24",
    "2020-10-20",
    "2020-10-21",
    "2021-01-05",
    "2021-01-05",
    "2021-03-15",
    "2021-04-13",
    "2021-04-15",
    "2021-04-16",
]
PLACES = {"العلا", "أنقرة", "الجزائر", "الظهران", "برلين", "تونس", "طرابلس", "موسكو", "نيقوسيا"}
ERDOGAN = "رجب طيب أردوغان"


@pytest.fixture(autouse=True)
def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def db(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the sample database, which the page opens by default through $MAJLIS_DB."""
    monkeypatch.setenv(DB_ENV, str(sample_db))
    return sample_db


def corpus(mode: str = "Corpus") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.radio(key="view_mode").set_value(mode).run()
    assert not at.exception
    return at


def tab(at: AppTest, label: str) -> Block:
    return next(t for t in at.tabs if t.label == label)


def traces(block: Block, n: int = 0) -> list[dict[str, Any]]:
    charts = block.get("plotly_chart")
    assert charts, "expected a plotly chart here"
    return json.loads(charts[n].proto.spec)["data"]


def node_names(at: AppTest) -> list[str]:
    return sorted(next(t for t in traces(tab(at, CORPUS_TABS[0])) if t["name"] == "nodes")["text"])


def timeline_dates(at: AppTest) -> list[str]:
    return sorted(x for t in traces(tab(at, CORPUS_TABS[2])) for x in t["x"])


def article_ids(at: AppTest) -> list[str]:
    return list(tab(at, CORPUS_TABS[4]).dataframe[0].value["id"])


def table(at: AppTest, column: str) -> Any:
    """The first table with this column (AppTest gives dataframes no key to find them by)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def key_of(db: Path, article_id: str) -> str:
    with Store(db) as store:
        return next(a.key for a in query_articles(store, CorpusFilter()) if a.id == article_id)


# --- the views --------------------------------------------------------------------------------------


def test_corpus_page_opens_the_default_database_and_renders_every_view(db: Path) -> None:
    at = corpus()
    assert at.text_input(key="corpus-db").value == str(db)
    assert not at.error
    assert [t.label for t in at.tabs if t.label in CORPUS_TABS] == CORPUS_TABS
    assert [(m.label, m.value) for m in at.metric] == [
        ("المقالات · Articles", "9"),
        ("اللقاءات · Meetings", "16"),
        ("المواقف · Stances", "57"),
        ("الفاعلون · Actors", str(len(actors(db)))),
    ]

    nodes = next(t for t in traces(tab(at, CORPUS_TABS[0])) if t["name"] == "nodes")
    assert len(nodes["text"]) == 27 and ERDOGAN in nodes["text"]
    assert all(c.startswith("a") for c in nodes["customdata"])
    # Edges: one trace per weight, weight = meetings; every sample meeting is reported once.
    assert [t["name"] for t in traces(tab(at, CORPUS_TABS[0])) if t["name"] != "nodes"] == ["meetings-1"]

    heat = traces(tab(at, CORPUS_TABS[1]))[0]
    assert heat["type"] == "heatmap" and len(heat["y"]) <= 25
    # With room for every actor, the matrix counts every stance the table lists.
    at.slider(key="corpus-stances-top").set_value(80).run()
    heat = traces(tab(at, CORPUS_TABS[1]))[0]
    assert len(tab(at, CORPUS_TABS[1]).dataframe[0].value) == sum(
        int(n.split("<br>")[0]) for row in heat["text"] for n in row if n
    )

    assert timeline_dates(at) == ALL_DATES
    geo = traces(tab(at, CORPUS_TABS[3]))[0]
    assert geo["type"] == "scattergeo" and set(geo["customdata"]) == PLACES
    assert geo["lat"][geo["customdata"].index("موسكو")] == 55.76

    assert len(article_ids(at)) == 9
    assert article_ids(at)[0] == "08_tripoli_malta_libya"  # newest first


def test_a_stance_pair_over_time_with_its_evidence_marked(db: Path) -> None:
    at = corpus()
    block = tab(at, CORPUS_TABS[1])
    bars = traces(block, 1)
    assert {t["name"] for t in bars} == {"oppose", "support", "neutral"}
    pair = at.selectbox(key="corpus-stances-pair")
    n = int(pair.format_func(pair.value).rsplit("(", 1)[1].rstrip(")"))
    over_time = traces(block, 2)
    assert over_time[0]["name"] == "balance"
    # Every sample is dated, so each of the pair's stances is one point, and one evidence card.
    assert sum(len(t["x"]) for t in over_time[1:]) == n
    cards = "".join(m.value for m in block.markdown if "majlis-evidence" in m.value)
    assert cards.count('<div class="majlis-evidence"') == n
    # The stored analyses give the speaker's and target's places in the sentence.
    assert 'class="stance-target"' in cards


def test_stance_edges_are_a_toggle(db: Path) -> None:
    at = corpus()
    at.checkbox(key="corpus-network-stances").check().run()
    names = [t.get("meta") or t["name"] for t in traces(tab(at, CORPUS_TABS[0]))]
    assert {"stances-support", "stances-oppose", "stance-hover"} <= set(names)
    assert any("actors shown: 40 / 63" in c.value for c in at.caption)
    at.checkbox(key="corpus-network-stances").uncheck().run()
    names = [t.get("meta") or t["name"] for t in traces(tab(at, CORPUS_TABS[0]))]
    assert not any(n.startswith("stance") for n in names)
    assert any("actors shown: 27 / 27" in c.value for c in at.caption)


def test_each_filter_narrows_exactly(db: Path) -> None:
    at = corpus()
    at.multiselect(key="corpus-sources").set_value(["صحيفة الضفتين"]).run()
    assert not at.exception
    assert article_ids(at) == ["08_tripoli_malta_libya", "02_algiers_visit"]
    assert timeline_dates(at) == ["2020-01-26", "2021-03-15", "2021-04-13", "2021-04-15", "2021-04-16"]
    assert node_names(at) == sorted(
        [
            "إيفاريست بارتولو",
            ERDOGAN,
            "روبرت أبيلا",
            "عبد الحميد الدبيبة",
            "عبد المجيد تبون",
            "محمد المنفي",
            "نجلاء المنقوش",
        ]
    )
    assert set(traces(tab(at, CORPUS_TABS[3]))[0]["customdata"]) == {"الجزائر", "طرابلس"}
    at.multiselect(key="corpus-sources").set_value([]).run()

    at.date_input(key="corpus-dates").set_value((dt(2020, 1, 1), dt(2020, 12, 31))).run()
    assert sorted(article_ids(at)) == [
        "02_algiers_visit",
        "03_riyadh_phone_call",
        "04_nicosia_trilateral",
        "06_berlin_libya_summit",
        "07_moscow_bilateral",
    ]
    # Back to the full span: no date filter at all.
    at.date_input(key="corpus-dates").set_value((dt(2019, 3, 31), dt(2021, 4, 15))).run()
    assert len(article_ids(at)) == 9

    erdogan = next(a.id for a in actors(db) if a.name == ERDOGAN)
    at.multiselect(key="corpus-actors").set_value([erdogan]).run()
    assert sorted(article_ids(at)) == ["02_algiers_visit", "06_berlin_libya_summit"]
    at.multiselect(key="corpus-actors").set_value([]).run()

    at.multiselect(key="corpus-kinds").set_value(["summit"]).run()
    assert [t["name"] for t in traces(tab(at, CORPUS_TABS[2]))] == ["قمة · summit"]
    # «2020-01-01»: the next Arab summit, in Algeria, dated by its year only.
    assert timeline_dates(at) == [
        "2018-04-01",
        "2019-03-31",
        "2020-01-01",
        "2020-01-19",
        "2020-10-21",
        "2021-01-05",
    ]
    at.multiselect(key="corpus-kinds").set_value([]).run()

    at.multiselect(key="corpus-countries").set_value(["مالطا"]).run()
    assert article_ids(at) == ["08_tripoli_malta_libya"]
    assert not at.exception


def dt(y: int, m: int, d: int) -> Any:
    import datetime

    return datetime.date(y, m, d)


def actors(db: Path) -> list[Any]:
    with Store(db) as store:
        return corpus_actors(store)


def test_a_missing_database_says_how_to_build_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "none" / "majlis.db"
    monkeypatch.setenv(DB_ENV, str(missing))
    at = corpus()
    assert any("python -m pipeline ingest" in i.value and str(missing) in i.value for i in at.info)
    assert not missing.exists() and not missing.parent.exists()


def test_another_database_file_can_be_picked(db: Path, tmp_path: Path) -> None:
    from sample_db import SAMPLES

    from models.registry import get_stance, get_tagger
    from pipeline.ingest import ingest

    other = tmp_path / "other.db"
    with Store(other) as store:
        ingest(
            [SAMPLES / "07_moscow_bilateral.txt"],
            store,
            tagger=get_tagger("rules"),
            stance=get_stance("lexicon"),
        )
    at = corpus()
    at.multiselect(key="corpus-sources").set_value(["صحيفة الضفتين"]).run()
    at.text_input(key="corpus-db").set_value(str(other)).run()
    assert not at.exception
    # The other database's outlets differ, so the old outlet choice is dropped, not applied.
    assert at.multiselect(key="corpus-sources").value == []
    assert article_ids(at) == ["07_moscow_bilateral"]


# --- corrections ----------------------------------------------------------------------------------


def test_a_name_correction_persists_and_shows_in_the_views(db: Path) -> None:
    k1 = key_of(db, "01_ankara_bilateral")
    at = corpus()
    at.selectbox(key="fix-article").set_value(k1).run()
    at.selectbox(key="fix-entity").set_value("e2").run()
    at.radio(key="fix-entity-field").set_value("name").run()
    assert at.text_input(key="fix-entity-name-e2").value == "فتحي باشاغا"
    at.text_input(key="fix-entity-name-e2").input("فتحي علي باشاغا").run()
    at.button(key="fix-entity-apply").click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success)

    with Store(db) as store:
        saved = store.corrections(k1)
        assert [(c.field, c.value, c.label) for c in saved] == [("name", "فتحي علي باشاغا", "فتحي باشاغا")]
        assert store.analysis(k1).entity("e2").name == "فتحي علي باشاغا"
    names = node_names(at)
    assert "فتحي علي باشاغا" in names and "فتحي باشاغا" not in names
    assert any(c.value.endswith("فتحي علي باشاغا") for c in at.text if "name" in c.value)

    # Removing it through the page brings the model's name back everywhere.
    at.button(key="fix-remove-0").click().run()
    with Store(db) as store:
        assert store.corrections(k1) == []
    assert "فتحي باشاغا" in node_names(at)


def test_type_merge_participants_date_and_polarity_corrections(db: Path) -> None:
    k1 = key_of(db, "01_ankara_bilateral")
    at = corpus()
    at.selectbox(key="fix-article").set_value(k1).run()

    at.selectbox(key="fix-entity").set_value("e13").run()  # البحر المتوسط, LOC
    at.radio(key="fix-entity-field").set_value("type").run()
    at.selectbox(key="fix-entity-type-e13").set_value("GPE").run()
    at.button(key="fix-entity-apply").click().run()

    at.selectbox(key="fix-entity").set_value("e14").run()  # البرلمان التركي
    at.radio(key="fix-entity-field").set_value("merge_into").run()
    at.selectbox(key="fix-entity-merge_into-e14").set_value("e4").run()  # تركيا
    at.button(key="fix-entity-apply").click().run()

    at.selectbox(key="fix-event").set_value("v1").run()
    at.text_input(key="fix-event-new-v1").input(ERDOGAN).run()
    at.button(key="fix-event-participants-apply").click().run()
    at.text_input(key="fix-event-date-v1").input("2019-12-25").run()
    at.button(key="fix-event-date-apply").click().run()

    at.selectbox(key="fix-stance").set_value(4).run()  # فتحي باشاغا about تركيا: support
    at.radio(key="fix-stance-polarity-4").set_value("oppose").run()
    at.button(key="fix-stance-apply").click().run()
    assert not at.exception and not at.error

    with Store(db) as store:
        assert [c.field for c in store.corrections(k1)] == [
            "type",
            "merge_into",
            "participants",
            "date",
            "polarity",
        ]
        shown = store.analysis(k1)
    assert shown.entity("e13").type == "GPE"
    assert shown.entity("e14") is None and "البرلمان التركي" in shown.entity("e4").aliases
    meeting = next(v for v in shown.events if v.id == "v1")
    assert meeting.date == "2019-12-25"
    assert [shown.entity(p).name for p in meeting.participants] == ["خلوصي أكار", "فتحي باشاغا", ERDOGAN]
    assert [s.polarity for s in shown.stances if (s.source, s.target) == ("e2", "e4")] == ["oppose"]

    # Every view shows them: the new date on the timeline, Erdogan met Akar, the flipped stance.
    assert "2019-12-25" in timeline_dates(at) and "2019-12-26" not in timeline_dates(at)
    stances = tab(at, CORPUS_TABS[1]).dataframe[0].value
    row = stances[(stances["speaker"] == "فتحي باشاغا") & (stances["target"] == "تركيا")]
    assert list(row["polarity"]) == ["oppose"]
    at.radio(key="view_mode").set_value("Actor").run()
    erdogan = next(a.id for a in actors(db) if a.name == ERDOGAN)
    at.selectbox(key="actor-choice").set_value(erdogan).run()
    counterparts = table(at, "counterpart")
    assert "خلوصي أكار" in list(counterparts["counterpart"])


# --- the actor page -------------------------------------------------------------------------------


def test_actor_page(db: Path) -> None:
    erdogan = next(a.id for a in actors(db) if a.name == ERDOGAN)
    at = corpus("Actor")
    # A click on a network node stores these two keys (AppTest cannot click a chart).
    at.session_state["actor-choice"] = erdogan
    at.run()
    assert not at.exception
    assert at.subheader[0].value == ERDOGAN
    assert list(table(at, "role")["role"]) == ["الرئيس التركي"]
    assert sorted(table(at, "counterpart")["counterpart"]) == sorted(
        ["خليفة حفتر", "إيمانويل ماكرون", "عبد المجيد تبون", "فايز السراج", "فلاديمير بوتين"]
    )
    assert len(table(at, "participants")) == 2
    assert list(table(at, "id")["id"]) == [
        "02_algiers_visit",
        "06_berlin_libya_summit",
    ]
    stances = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert {t["name"] for t in stances} == {"given-support", "given-neutral"}
    assert sum(len(t["x"]) for t in stances) == 4


# --- exports --------------------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Callable[[], bytes]]]:
    """What each download button would send, by file name (deferred ones are called on demand)."""
    got: dict[str, Callable[[], bytes]] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def spy_add(
        self: MediaFileManager, data: Any, mimetype: str, coordinates: str, file_name: Any = None, **kw: Any
    ) -> str:
        got[str(file_name)] = lambda: data
        return add(self, data, mimetype, coordinates, file_name, **kw)

    def spy_deferred(
        self: MediaFileManager, make: Any, mimetype: str, coordinates: str, file_name: Any = None, **kw: Any
    ) -> str:
        got[str(file_name)] = make
        return add_deferred(self, make, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add", spy_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    yield got


def test_export_buttons_give_the_filtered_corpus(db: Path, downloads: dict[str, Callable[[], bytes]]) -> None:
    at = corpus()
    at.multiselect(key="corpus-sources").set_value(["صحيفة الضفتين"]).run()
    assert not at.exception
    entities = list(csv.reader(io.StringIO(downloads["majlis_entities.csv"]().decode("utf-8-sig"))))
    assert entities[0] == columns(EntityRow)
    assert {row[0] for row in entities[1:]} == {"02_algiers_visit", "08_tripoli_malta_libya"}
    rows = json.loads(downloads["majlis_rows.json"]().decode("utf-8"))
    assert len(rows["entities"]) == len(entities) - 1
    assert {r["article"] for r in rows["events"]} == {"02_algiers_visit", "08_tripoli_malta_libya"}

    graph = nx.read_graphml(io.BytesIO(downloads["majlis_network.graphml"]()))
    labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert labels == set(node_names(at))
    assert all(d["weight"] == 1 for _, _, d in graph.edges(data=True))

    html = downloads["majlis_briefing.html"]().decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'dir="rtl"' in html and "2 مقالاً" in html
    assert downloads["majlis_corrections.jsonl"]() == b""
