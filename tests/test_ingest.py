"""Batch ingest: streaming, skipping what is stored, resuming after a kill, bad input, and the CLI."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from models.base import TaggedSpan
from models.registry import get_stance, get_tagger
from pipeline.cli import main
from pipeline.ingest import IngestSummary, count_records, ingest, model_version
from pipeline.store import DB_ENV, Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "assets" / "samples").glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "data" / "news_corpus" / "saudinewsnet.jsonl.gz"
RULES = ["--tagger", "rules", "--stance", "lexicon", "--quiet"]
RULES_MODEL = model_version(get_tagger("rules"), get_stance("lexicon"))


class CountingTagger:
    """The rules tagger, counting the articles it is asked to tag; raises `stop` on call number `stop_at`."""

    def __init__(self, stop_at: int | None = None, stop: type[BaseException] = KeyboardInterrupt) -> None:
        self.inner = get_tagger("rules")
        self.name = self.inner.name
        self.calls = 0
        self.stop_at, self.stop = stop_at, stop

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        self.calls += 1
        if self.calls == self.stop_at:
            raise self.stop()
        return self.inner.tag(sentences)


def run(
    paths: Sequence[Path | str], store: Store, tagger: CountingTagger, **options: object
) -> IngestSummary:
    return ingest(
        paths, store, tagger=tagger, stance=get_stance("lexicon"), publication_date="2020-01-01", **options
    )


def test_second_run_does_no_model_work(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        tagger = CountingTagger()
        first = run(SAMPLES, store, tagger)
        assert (first.analysed, first.skipped, first.failed, tagger.calls) == (9, 0, 0, 9)
        second = run(SAMPLES, store, tagger)
        assert (second.analysed, second.skipped, second.failed, tagger.calls) == (0, 9, 0, 9)
        # Another model version is another analysis: everything is analysed again.
        third = run(SAMPLES[:2], store, tagger, model="other")
        assert (third.analysed, tagger.calls) == (2, 11)
        assert store.count() == 9


def test_resume_after_a_few_analyses_only_the_rest(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        few = CountingTagger()
        assert run(SAMPLES[:3], store, few).analysed == 3
        rest = CountingTagger()
        summary = run(SAMPLES, store, rest)
        assert (summary.analysed, summary.skipped, rest.calls) == (6, 3, 6)


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        stopped = CountingTagger(stop_at=5)
        summary = run(SAMPLES, store, stopped)
        assert (summary.analysed, summary.interrupted, store.count()) == (4, True, 4)
        assert summary.lines()[-1] == "interrupted: run the same command again to resume"
        again = CountingTagger()
        summary = run(SAMPLES, store, again)
        assert (summary.analysed, summary.skipped, again.calls, store.count()) == (5, 4, 5, 9)


KILLER = """
import os, signal, sys
from models.registry import get_stance, get_tagger
from pipeline.ingest import ingest
from pipeline.store import Store

class Killer:
    name = "rules"
    def __init__(self):
        self.inner, self.calls = get_tagger("rules"), 0
    def tag(self, sentences):
        self.calls += 1
        if self.calls == 4:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no rollback: as a killed process
        return self.inner.tag(sentences)

ingest(sys.argv[2:], Store(sys.argv[1]), tagger=Killer(), stance=get_stance("lexicon"),
       publication_date="2020-01-01")
"""


def test_a_killed_process_loses_no_finished_article(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    command = [sys.executable, "-c", KILLER, str(db), *map(str, SAMPLES)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == -9, done.stderr.decode()
    with Store(db) as store:
        assert store.count() == 3
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tagger = CountingTagger()
        summary = run(SAMPLES, store, tagger)
        assert (summary.analysed, summary.skipped, tagger.calls, store.count()) == (6, 3, 6, 9)


def test_a_failing_article_or_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    with Store(tmp_path / "c.db") as store:
        tagger = CountingTagger(stop_at=2, stop=RuntimeError)
        paths = [SAMPLES[0], tmp_path / "bad.json", SAMPLES[1], tmp_path / "binary.txt", SAMPLES[2]]
        summary = run(paths, store, tagger)
    assert (summary.analysed, summary.skipped, summary.failed) == (2, 0, 3)
    assert summary.failures == (
        "bad.json: malformed JSON at line 1, column 24 (expecting value)",
        "02_algiers_visit.txt: 02_algiers_visit: analysis failed (RuntimeError: )",
        "binary.txt: not a text file (binary content)",
    )


def test_failures_are_kept_until_they_go_through(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"title": "x", "text": ', encoding="utf-8")
    paths = [SAMPLES[0], tmp_path / "bad.json", SAMPLES[1]]
    with Store(tmp_path / "c.db") as store:
        summary = run(paths, store, CountingTagger(stop_at=2, stop=RuntimeError))
        assert (summary.analysed, summary.failed) == (1, 2)
        key = store.failures()[1][2]
        assert store.failures() == [
            (
                str(tmp_path / "bad.json"),
                RULES_MODEL,
                None,
                "bad.json: malformed JSON at line 1, column 24 (expecting value)",
            ),
            (
                str(SAMPLES[1]),
                RULES_MODEL,
                key,
                "02_algiers_visit.txt: 02_algiers_visit: analysis failed (RuntimeError: )",
            ),
        ]
        assert key is not None and len(key) == 64
        # The article goes through on the next run and leaves the table; the broken file stays in it.
        again = run(paths, store, CountingTagger())
        assert (again.analysed, again.skipped, again.failed) == (1, 1, 1)
        assert [origin for origin, *_ in store.failures()] == [str(tmp_path / "bad.json")]


def test_a_jsonl_gz_corpus_streams_with_bad_lines_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl.gz"
    texts = [path.read_text(encoding="utf-8") for path in SAMPLES[:3]]
    lines = [
        json.dumps({"id": f"a{i}", "text": t, "date": f"2020-01-0{i}"}, ensure_ascii=False)
        for i, t in enumerate(texts, 1)
    ]
    lines.insert(1, '{"id": "broken", ')
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    assert count_records([corpus]) == 4
    with Store(tmp_path / "c.db") as store:
        summary = run([corpus], store, CountingTagger(), limit=2)
        assert (summary.analysed, summary.failed, summary.failures) == (
            2,
            1,
            (
                "corpus.jsonl.gz: line 2: malformed JSON at column 18 (expecting property name enclosed in double quotes)",
            ),
        )
        assert run([corpus], store, CountingTagger()).analysed == 1


def test_model_version_names_the_backends_and_the_code() -> None:
    version = model_version(get_tagger("rules"), get_stance("lexicon"))
    assert version.startswith("rules+lexicon@") and len(version.split("@")[1]) == 12


# --- the CLI --------------------------------------------------------------------------------------


def test_cli_ingest_prints_a_summary_and_a_rerun_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "c.db"
    assert main(["ingest", *map(str, SAMPLES[:2]), "--db", str(db), "--date", "2020-01-01", *RULES]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"database: {db}"
    assert out[1].startswith("model: rules+lexicon@")
    assert out[2:] == ["analysed: 2", "skipped (unchanged): 0", "failed: 0"]
    assert main(["ingest", *map(str, SAMPLES[:2]), "--db", str(db), "--date", "2020-01-01", *RULES]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == ["analysed: 0", "skipped (unchanged): 2", "failed: 0"]


def test_cli_ingest_exit_status_2_names_what_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["ingest", str(SAMPLES[0]), str(missing), "--db", str(tmp_path / "c.db"), *RULES]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[2:] == [
        "analysed: 1",
        "skipped (unchanged): 0",
        "failed: 1",
        "  missing.txt: no such file",
        f"failures are kept in the database's failures table (model {RULES_MODEL})",
    ]
    assert "missing.txt: no such file" in captured.err  # printed as it happened, too


def test_cli_ingest_refuses_a_junk_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SAMPLES[0]), "--db", str(tmp_path / "c.db"), "--date", "soon", *RULES]) == 2
    assert "--date: cannot read 'soon'" in capsys.readouterr().err
    assert not (tmp_path / "c.db").exists()


def test_cli_ingest_uses_the_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(DB_ENV, str(tmp_path / "deep" / "default.db"))
    assert main(["ingest", str(SAMPLES[0]), *RULES]) == 0
    assert capsys.readouterr().out.startswith(f"database: {tmp_path / 'deep' / 'default.db'}\n")
    with Store(tmp_path / "deep" / "default.db") as store:
        assert store.count() == 1


def test_cli_ingest_shows_a_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    options = ["--tagger", "rules", "--stance", "lexicon"]
    assert main(["ingest", *map(str, SAMPLES[:2]), "--db", str(tmp_path / "c.db"), *options]) == 0
    assert "2/2" in capsys.readouterr().err


@pytest.mark.shared
def test_a_slice_of_the_news_corpus(tmp_path: Path) -> None:
    if not CORPUS.is_file():
        pytest.skip(f"{CORPUS} is absent (../shared is not checked out next to the repo)")
    with Store(tmp_path / "c.db") as store:
        summary = run([CORPUS], store, CountingTagger(), limit=15)
        assert summary.analysed + summary.failed == 15 and summary.analysed >= 14
        again = CountingTagger()
        assert run([CORPUS], store, again, limit=15).skipped == summary.analysed
        assert again.calls == 0
    assert os.path.getsize(tmp_path / "c.db") > 0
