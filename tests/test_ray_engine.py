"""The Ray engine: on a local 2-CPU Ray instance it stores exactly what the single-process ingest stores."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from news_templates import build_articles, write_jsonl

from models.registry import get_stance, get_tagger, load_stance, load_tagger
from pipeline.cli import main
from pipeline.ingest import IngestSummary, ingest, model_version
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
SAMPLES = sorted((ROOT / "assets" / "samples").glob("*.txt"))
RULES = ["--tagger", "rules", "--stance", "lexicon", "--quiet", "--date", "2021-03-15"]
# Every table an ingest writes, in insertion order, less the times rows were added.
TABLES = {
    "articles": "hash, id, title, text, date, source, url, origin, model",
    "analyses": "hash, model, json",
    "entities": "*",
    "entity_names": "*",
    "events": "*",
    "stances": "*",
    "failures": "origin, model, hash, reason",
}

if os.environ.get("CI"):
    import ray  # CI installs requirements-scale.txt (make test): these tests must run there, never skip
else:
    ray = pytest.importorskip(
        "ray", reason="Ray is the optional extra: pip install -r requirements-scale.txt"
    )

from pipeline.ray_engine import ArticleAnalyser, RayUnavailable, ingest_ray, start_ray  # noqa: E402


@pytest.fixture(scope="module")
def local_ray() -> object:
    """One local Ray instance with 2 CPUs for the module; its workers also register ray_plugin's backend."""
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(TESTS)  # start_ray puts the checkout in front of it
    try:
        start_ray(num_cpus=2, worker_setup="ray_plugin.register")
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """50 articles (the 9 bundled samples and 41 template ones) and two records that cannot load."""
    folder = tmp_path_factory.mktemp("corpus")
    broken = ('{"id": "cut", "title": "خبر مبتور", ', '{"id": "empty", "title": "بلا نص", "text": ""}')
    return [*SAMPLES, write_jsonl(build_articles(41), folder / "templates.jsonl", extra_lines=broken)]


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT {c} FROM {t} ORDER BY rowid").fetchall() for t, c in TABLES.items()}
    finally:
        conn.close()


def as_json(db: Path) -> str:
    """What the database holds as the analyze command's JSON: {"articles": [...]}, oldest first."""
    with Store(db) as store:
        articles = [store.analysis(key).to_dict() for key in store.article_keys()]  # type: ignore[union-attr]
    return json.dumps({"articles": articles}, ensure_ascii=False, indent=1)


def stored_models(db: Path) -> list[tuple[object, ...]]:
    """(content hash, model version) of each stored analysis."""
    return [(key, model) for key, model, _ in dump(db)["analyses"]]


def both_engines(paths: list[Path], tmp_path: Path, tagger_name: str) -> tuple[IngestSummary, IngestSummary]:
    tagger, stance = get_tagger(tagger_name), get_stance("lexicon")
    options = {"tagger": tagger, "stance": stance, "publication_date": "2021-03-15"}
    with Store(tmp_path / "single.db") as store:
        single = ingest(paths, store, **options)
    with Store(tmp_path / "ray.db") as store:
        on_ray = ingest_ray(paths, store, **options, workers=2)
    return single, on_ray


def test_ray_stores_exactly_what_the_single_process_stores(
    local_ray: object, corpus: list[Path], tmp_path: Path
) -> None:
    single, on_ray = both_engines(corpus, tmp_path, "rules")
    assert (single.analysed, single.skipped, single.failed) == (50, 0, 2)
    assert on_ray == single
    assert on_ray.failures == (
        "templates.jsonl: line 42: malformed JSON at column 37 (expecting property name enclosed in double quotes)",
        "templates.jsonl: line 43: no text (expected one of: text, body, content)",
    )
    json_single, json_ray = as_json(tmp_path / "single.db"), as_json(tmp_path / "ray.db")
    assert json_ray == json_single
    analysed = json.loads(json_ray)["articles"]
    assert len(analysed) == 50 and sum(len(a["entities"]) for a in analysed) > 200
    assert sum(len(a["events"]) for a in analysed) >= 41  # each template article reports a meeting or call
    assert dump(tmp_path / "ray.db") == dump(tmp_path / "single.db")


def test_a_rerun_on_ray_skips_everything_without_starting_workers(
    local_ray: object, corpus: list[Path], tmp_path: Path
) -> None:
    tagger, stance = get_tagger("rules"), get_stance("lexicon")
    options = {"tagger": tagger, "stance": stance, "publication_date": "2021-03-15", "workers": 2}
    with Store(tmp_path / "c.db") as store:
        first = ingest_ray(corpus[:3], store, **options)
        timings: dict[str, float] = {}
        again = ingest_ray(corpus, store, **options, timings=timings)
    assert (first.analysed, again.analysed, again.skipped, again.failed) == (3, 47, 3, 2)
    assert "run_s" in timings
    with Store(tmp_path / "c.db") as store:
        timings = {}
        third = ingest_ray(corpus, store, **options, timings=timings)
    assert (third.analysed, third.skipped, third.failed) == (0, 50, 2)
    assert "init_s" not in timings  # nothing to analyse: Ray is not even asked


def test_a_failing_article_is_recorded_and_the_job_goes_on(local_ray: object, tmp_path: Path) -> None:
    import ray_plugin

    records = build_articles(8)
    for record in records[2], records[5]:
        record["title"] += f" {ray_plugin.MARK}"
    paths = [write_jsonl(records, tmp_path / "marked.jsonl")]
    single, on_ray = both_engines(paths, tmp_path, ray_plugin.NAME)
    assert (on_ray.analysed, on_ray.skipped, on_ray.failed) == (6, 0, 2)
    assert on_ray == single
    assert on_ray.failures == (
        "marked.jsonl: tpl-003: analysis failed (ValueError: the article is marked as broken)",
        "marked.jsonl: tpl-006: analysis failed (ValueError: the article is marked as broken)",
    )
    kept = dump(tmp_path / "ray.db")["failures"]
    assert [(origin.rsplit("/", 1)[1], reason.split(": ")[1]) for origin, _, _, reason in kept] == [
        ("marked.jsonl#3", "tpl-003"),
        ("marked.jsonl#6", "tpl-006"),
    ]
    assert all(
        key is not None and model.startswith(f"{ray_plugin.NAME}+lexicon@") for _, model, key, _ in kept
    )
    assert dump(tmp_path / "ray.db") == dump(tmp_path / "single.db")


def test_the_cli_on_ray_prints_what_the_single_process_prints(
    local_ray: object, corpus: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(p) for p in corpus[:4]]
    assert main(["ingest", *paths, "--db", str(tmp_path / "single.db"), *RULES]) == 0
    single = capsys.readouterr().out.splitlines()
    ray_options = ["--engine", "ray", "--workers", "2"]
    assert main(["ingest", *paths, "--db", str(tmp_path / "ray.db"), *RULES, *ray_options]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[1:] == single[1:]
    assert single[1:] == [
        f"model: {model_version(get_tagger('rules'), get_stance('lexicon'))}",
        "analysed: 4",
        "skipped (unchanged): 0",
        "failed: 0",
    ]
    # Four articles are one block of work: a second worker would only load the models and wait.
    assert "ray: 1 worker on a local instance" in captured.err
    assert as_json(tmp_path / "ray.db") == as_json(tmp_path / "single.db")


@pytest.mark.model
def test_ray_honours_the_default_backends(local_ray: object, tmp_path: Path) -> None:
    # No --tagger/--stance: the workers load the catalogue's default (the trained tagger once built).
    paths = [str(SAMPLES[0]), str(SAMPLES[3])]
    assert main(["ingest", *paths, "--db", str(tmp_path / "single.db"), "--quiet"]) == 0
    single = stored_models(tmp_path / "single.db")
    assert main(["ingest", *paths, "--db", str(tmp_path / "ray.db"), "--quiet", "--engine", "ray"]) == 0
    tagger, _ = load_tagger(None)
    stance, _ = load_stance(None)
    assert stored_models(tmp_path / "ray.db") == single
    assert {row[1] for row in single} == {model_version(tagger, stance)}
    assert as_json(tmp_path / "ray.db") == as_json(tmp_path / "single.db")


def test_a_worker_with_another_model_refuses_to_analyse() -> None:
    with pytest.raises(
        RayUnavailable, match=r"a Ray worker loaded model rules\+lexicon@\w+ where the driver"
    ):
        ArticleAnalyser("rules", "lexicon", "e5-ner+rules+lexicon@000000000000")


def test_without_ray_the_cli_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    db = tmp_path / "c.db"
    assert main(["ingest", str(SAMPLES[0]), "--db", str(db), *RULES, "--engine", "ray"]) == 2
    err = capsys.readouterr().err
    assert "--engine ray needs Ray, which is not installed here" in err
    assert err.rstrip().endswith("install it with: pip install -r requirements-scale.txt")
    assert "Traceback" not in err and not db.exists()


def test_ray_options_need_the_ray_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SAMPLES[0]), "--db", str(tmp_path / "c.db"), "--workers", "2"]) == 2
    assert capsys.readouterr().err.strip() == "--workers: only with --engine ray"
    assert main(["ingest", str(SAMPLES[0]), "--engine", "ray", "--workers", "0"]) == 2
    assert capsys.readouterr().err.strip() == "--workers: expected 1 or more, got 0"


def test_a_stage_folder_that_cannot_be_made_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    stage = tmp_path / "file" / "stage"
    db = tmp_path / "c.db"
    assert (
        main(["ingest", str(SAMPLES[0]), "--db", str(db), *RULES, "--engine", "ray", "--stage", str(stage)])
        == 2
    )
    err = capsys.readouterr().err
    assert f"{stage}: cannot make the stage folder (Not a directory)" in err
    assert "Traceback" not in err
    with Store(db) as store:
        assert store.count() == 0
