"""The corpus database: round trips, content-hash keys, whole-or-nothing writes, corrections, filters."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import pipeline.store
from models.registry import get_stance, get_tagger
from pipeline.analyze import analyze
from pipeline.corrections import correct_entity
from pipeline.loaders import load_path
from pipeline.queries import (
    CorpusFilter,
    facets,
    query_analyses,
    query_articles,
    query_entities,
    query_events,
    query_stances,
)
from pipeline.records import Analysis, Article
from pipeline.store import DB_ENV, Store, content_hash, default_db_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "assets" / "samples"
INDEX = json.loads((SAMPLES / "index.json").read_text(encoding="utf-8"))
ROW_TABLES = ("articles", "analyses", "entities", "entity_names", "events", "stances")


def sample(name: str) -> Article:
    dates = {s["file"]: s["date"] for s in INDEX}
    article = load_path(SAMPLES / name).articles[0]
    return replace(article, date=dates[name])


def run(article: Article) -> Analysis:
    return analyze(article, tagger=get_tagger("rules"), stance=get_stance("lexicon"))


@pytest.fixture(scope="module")
def analysed() -> list[tuple[Article, Analysis]]:
    return [(a, run(a)) for a in (sample(s["file"]) for s in INDEX)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "corpus.db") as s:
        yield s


@pytest.fixture
def full(store: Store, analysed: list[tuple[Article, Analysis]]) -> Store:
    for article, analysis in analysed:
        store.save(article, analysis, "rules+lexicon@test")
    return store


def rows_for(store: Store, key: str) -> dict[str, int]:
    return {
        t: store.conn.execute(f"SELECT COUNT(*) FROM {t} WHERE hash = ?", (key,)).fetchone()[0]
        for t in ROW_TABLES
    }


# --- keys and paths -----------------------------------------------------------------------------


def test_content_hash_is_the_text_date_and_outlet_not_the_id() -> None:
    article = Article(id="a", title="عنوان", text="نص", date="2020-01-01", source="وكالة", origin="x.txt")
    assert content_hash(article) == content_hash(replace(article, id="b", origin="y.txt", url="u"))
    for changed in ({"text": "نص آخر"}, {"title": "عنوان آخر"}, {"date": "2020-01-02"}, {"source": "أخرى"}):
        assert content_hash(replace(article, **changed)) != content_hash(article)


def test_default_db_path_honours_the_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_ENV, str(tmp_path / "chosen.db"))
    assert default_db_path() == tmp_path / "chosen.db"
    monkeypatch.delenv(DB_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "majlis" / "majlis.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_db_path() == tmp_path / "home" / ".local" / "share" / "majlis" / "majlis.db"


# --- analyses -----------------------------------------------------------------------------------


def test_round_trip_gives_the_same_analysis(store: Store, analysed: list[tuple[Article, Analysis]]) -> None:
    article, analysis = analysed[0]
    key = store.save(article, analysis, "m1")
    assert key == content_hash(article)
    back = store.analysis(key)
    assert back.to_dict() == analysis.to_dict()
    assert back.article.text == article.text and back.article.origin == article.origin
    assert store.current_model(key) == "m1" and store.count() == 1


def test_analyses_are_kept_per_model_version(store: Store, analysed: list[tuple[Article, Analysis]]) -> None:
    article, analysis = analysed[0]
    key = store.save(article, analysis, "m1")
    assert store.has_analysis(key, "m1") and not store.has_analysis(key, "m2")
    store.save(article, replace(analysis, model="other", stances=()), "m2")
    assert store.has_analysis(key, "m1") and store.has_analysis(key, "m2")
    assert store.current_model(key) == "m2" and rows_for(store, key)["stances"] == 0
    assert store.use_model(key, "m1")
    assert store.current_model(key) == "m1" and rows_for(store, key)["stances"] == len(analysis.stances)
    assert store.count() == 1 and not store.use_model(key, "m3")


def test_a_failed_write_leaves_nothing_half_written(
    store: Store, analysed: list[tuple[Article, Analysis]], monkeypatch: pytest.MonkeyPatch
) -> None:
    (first, done), (second, pending) = analysed[:2]
    kept = store.save(first, done, "m1")
    before = rows_for(store, kept)

    def broken(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("disk gone")

    # The stance rows are written last: the article, its analysis and its other rows are in by then.
    monkeypatch.setattr(pipeline.store, "stance_rows", broken)
    with pytest.raises(RuntimeError, match="disk gone"):
        store.save(second, pending, "m1")
    assert rows_for(store, content_hash(second)) == dict.fromkeys(ROW_TABLES, 0)
    assert rows_for(store, kept) == before and store.count() == 1
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# --- corrections --------------------------------------------------------------------------------


def test_corrections_persist_and_survive_reanalysis(
    tmp_path: Path, analysed: list[tuple[Article, Analysis]]
) -> None:
    article, analysis = next((a, x) for a, x in analysed if a.id == "01_ankara_bilateral")
    path = tmp_path / "c.db"
    with Store(path) as store:
        key = store.save(article, analysis, "m1")
        akar = next(e for e in analysis.entities if e.name == "خلوصي أكار")
        store.add_correction(key, correct_entity(analysis, akar.id, "type", "ORG"))
        store.add_correction(key, correct_entity(analysis, akar.id, "type", "LOC"))  # replaces the first
        assert len(store.corrections(key)) == 1
    with Store(path) as store:  # persisted
        assert store.analysis(key).entity(akar.id).type == "LOC"
        assert store.analysis(key, corrected=False).entity(akar.id).type == "PER"
        row = store.conn.execute("SELECT type FROM entities WHERE hash = ? AND name = ?", (key, akar.name))
        assert row.fetchone()[0] == "LOC"
        # A re-analysis by another model version renumbers the entities: the fix follows the mention.
        renumbered = replace(analysis, entities=tuple(replace(e, id=f"x{e.id}") for e in analysis.entities))
        store.save(article, renumbered, "m2")
        assert store.analysis(key).entity(f"x{akar.id}").type == "LOC"
        assert store.corrected_keys() == [key]
        store.remove_correction(key, f"entity:{store.corrections(key)[0].item[7:]}", "type")
        assert store.analysis(key).entity(f"x{akar.id}").type == "PER"
        row = store.conn.execute("SELECT type FROM entities WHERE hash = ? AND name = ?", (key, akar.name))
        assert row.fetchone()[0] == "PER"


def test_an_invalid_correction_is_refused_before_it_is_stored(
    store: Store, analysed: list[tuple[Article, Analysis]]
) -> None:
    article, analysis = analysed[0]
    key = store.save(article, analysis, "m1")
    with pytest.raises(ValueError):
        store.add_correction(key, replace(correct_entity(analysis, "e1", "type", "ORG"), value="PERSON"))
    assert store.corrections(key) == []


# --- filters ------------------------------------------------------------------------------------


def ids(rows: list) -> list[str]:
    return sorted({r.id if hasattr(r, "id") else r.article for r in rows})


def test_filters_by_actor_alias_country_kind_source_and_date(full: Store) -> None:
    assert ids(query_articles(full, CorpusFilter())) == sorted(s["file"][:-4] for s in INDEX)
    assert ids(query_articles(full, CorpusFilter(actors=("أكار",)))) == ["01_ankara_bilateral"]
    assert ids(query_articles(full, CorpusFilter(actors=("recep tayyip erdogan",)))) == [
        "02_algiers_visit",
        "06_berlin_libya_summit",
    ]
    # Ankara is in Turkey; the Turkish president's title names his country.
    assert ids(query_articles(full, CorpusFilter(countries=("Turkey",), kinds=("visit",)))) == [
        "02_algiers_visit"
    ]
    assert "01_ankara_bilateral" in ids(query_articles(full, CorpusFilter(countries=("تركيا",))))
    got = query_articles(full, CorpusFilter(date_from="2020-01-19", date_to="2020-06-24"))
    assert ids(got) == ["02_algiers_visit", "03_riyadh_phone_call", "06_berlin_libya_summit"]
    assert [r.date for r in got] == ["2020-06-24", "2020-01-26", "2020-01-19"]  # newest first
    assert ids(query_articles(full, CorpusFilter(sources=("شبكة الخليج الإخبارية",), kinds=("call",)))) == [
        "03_riyadh_phone_call"
    ]
    assert len(query_articles(full, CorpusFilter(limit=2))) == 2


def test_row_queries_match_the_stored_analyses(full: Store) -> None:
    f = CorpusFilter(kinds=("call",))
    events = query_events(full, f)
    assert events and {e.kind for e in events} == {"call"}
    call = next(e for e in events if e.article == "03_riyadh_phone_call")
    assert call.participants == ("مايك بومبيو", "فيصل بن فرحان")
    analyses = {a.article.id: a for a in query_analyses(full, f)}
    assert set(analyses) == {e.article for e in events}
    n_entities = sum(len(a.entities) for a in analyses.values())
    assert len(query_entities(full, f)) == n_entities
    assert len(query_stances(full, f)) == sum(len(a.stances) for a in analyses.values())
    found = facets(full)
    assert "call" in found["kinds"] and "تركيا" in found["countries"]
    assert found["dates"] == ["2019-03-31", "2021-04-15"]


def test_a_database_file_is_plain_sqlite(full: Store) -> None:
    with sqlite3.connect(full.path) as other:
        assert other.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(INDEX)
