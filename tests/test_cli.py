"""The command line contract of `python -m pipeline analyze`: JSON schema, golden files, UTF-8, bad input."""

from __future__ import annotations

import copy
import difflib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from schema import check_article_schema

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "assets" / "samples"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SAMPLES = json.loads((SAMPLES_DIR / "index.json").read_text(encoding="utf-8"))
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SEED = SHARED_EVAL / "articles" / "seed.txt"
SEED_DATE = "2020-08-06"
UPDATE_HINT = (
    "the CLI output differs from {golden}; if the change is intended, run "
    "`.venv/bin/python scripts/update_goldens.py` and review `git diff tests/golden/` line by line"
)

# An original short article: a title line, a meeting sentence and a source line.
GOOD_TITLE = "وزير الخارجية العماني يلتقي نظيره الأردني في مسقط"
GOOD_ARTICLE = (
    f"{GOOD_TITLE}\n\n"
    "التقى وزير الخارجية العماني بدر البوسعيدي اليوم في مسقط نظيره الأردني أيمن الصفدي، "
    "وبحث الجانبان سبل تعزيز التعاون الثنائي.\n"
    "المصدر: وكالة تجريبية\n"
)


def run_cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m pipeline analyze ARGS` from the repository root; stdout and stderr stay bytes."""
    command = [sys.executable, "-m", "pipeline", "analyze", *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, env=env, timeout=120)


def articles_of(done: subprocess.CompletedProcess[bytes]) -> list[dict[str, Any]]:
    data = json.loads(done.stdout.decode("utf-8"))
    assert list(data) == ["articles"], f"top-level keys {list(data)}"
    assert isinstance(data["articles"], list)
    return data["articles"]


def stderr_lines(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    return [line for line in done.stderr.decode("utf-8").splitlines() if line.strip()]


def golden_mismatch(path: Path, golden: Any, actual: Any, max_lines: int = 60) -> str:
    """The update hint and the start of a unified diff, golden first, as update_goldens.py would change it."""
    lines = difflib.unified_diff(
        json.dumps(golden, ensure_ascii=False, indent=1).splitlines(),
        json.dumps(actual, ensure_ascii=False, indent=1).splitlines(),
        fromfile=f"{path.name} (golden)",
        tofile=f"{path.name} (CLI now)",
        lineterm="",
    )
    diff = list(lines)
    shown = "\n".join(diff[:max_lines]) + (
        f"\n... {len(diff) - max_lines} more lines" if len(diff) > max_lines else ""
    )
    return UPDATE_HINT.format(golden=path.relative_to(ROOT)) + "\n" + shown


# --- the schema checker itself ------------------------------------------------------------------------


def _break_mention(a: dict[str, Any]) -> None:
    a["entities"][0]["mentions"][0]["end"] += 1


def _dangle_participant(a: dict[str, Any]) -> None:
    a["events"][0]["participants"].append("e999")


def _duplicate_entity_id(a: dict[str, Any]) -> None:
    a["entities"][1]["id"] = a["entities"][0]["id"]


def _wrong_evidence(a: dict[str, Any]) -> None:
    a["stances"][0]["evidence"] = a["sentences"][0] + " "


def _extra_key(a: dict[str, Any]) -> None:
    a["entities"][0]["gender"] = "m"


def _bad_polarity(a: dict[str, Any]) -> None:
    a["stances"][0]["polarity"] = "positive"


def _bad_confidence(a: dict[str, Any]) -> None:
    a["entities"][0]["confidence"] = 1.5


def _bad_event_date(a: dict[str, Any]) -> None:
    a["events"][0]["date"] = "26/12/2019"


def _short_paragraphs(a: dict[str, Any]) -> None:
    a["sentence_paragraphs"].pop()


@pytest.mark.parametrize(
    "corrupt",
    [
        _break_mention,
        _dangle_participant,
        _duplicate_entity_id,
        _wrong_evidence,
        _extra_key,
        _bad_polarity,
        _bad_confidence,
        _bad_event_date,
        _short_paragraphs,
    ],
)
def test_schema_checker_rejects_a_corrupted_article(corrupt: Any) -> None:
    # A checker that accepts everything would let every golden test pass vacuously.
    article = json.loads((GOLDEN_DIR / "01_ankara_bilateral.json").read_text(encoding="utf-8"))["articles"][0]
    check_article_schema(copy.deepcopy(article))
    corrupt(article)
    with pytest.raises(AssertionError):
        check_article_schema(article)


# --- golden files -------------------------------------------------------------------------------------


def test_every_sample_has_a_golden() -> None:
    expected = {f"{Path(s['file']).stem}.json" for s in SAMPLES}
    assert expected == {p.name for p in GOLDEN_DIR.glob("*.json")}


@pytest.mark.parametrize("sample", SAMPLES, ids=[Path(s["file"]).stem for s in SAMPLES])
def test_sample_matches_golden(sample: dict[str, str]) -> None:
    done = run_cli(
        f"assets/samples/{sample['file']}",
        "--date",
        sample["date"],
        "--tagger",
        "rules",
        "--stance",
        "lexicon",
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    articles = articles_of(done)
    assert len(articles) == 1
    check_article_schema(articles[0])
    assert articles[0]["id"] == Path(sample["file"]).stem
    golden_path = GOLDEN_DIR / f"{Path(sample['file']).stem}.json"
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    assert {"articles": articles} == golden, golden_mismatch(golden_path, golden, {"articles": articles})


# --- output encoding and --out --------------------------------------------------------------------------


def test_stdout_is_utf8_with_arabic_unescaped() -> None:
    sample = SAMPLES[0]
    title = (SAMPLES_DIR / sample["file"]).read_text(encoding="utf-8").splitlines()[0].strip()
    # An ASCII locale and stdout encoding must not change the bytes: the CLI writes UTF-8 itself.
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    done = run_cli(f"assets/samples/{sample['file']}", "--date", sample["date"], env=env)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert title.encode("utf-8") in done.stdout
    assert b"\\u06" not in done.stdout
    assert articles_of(done)[0]["title"] == title


def test_out_writes_the_same_json_to_a_file(tmp_path: Path) -> None:
    sample = SAMPLES[0]
    path = f"assets/samples/{sample['file']}"
    printed = run_cli(path, "--date", sample["date"])
    out = tmp_path / "analysis.json"
    written = run_cli(path, "--date", sample["date"], "--out", out)
    assert printed.returncode == written.returncode == 0
    assert written.stdout == b"", "with --out nothing goes to standard output"
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(printed.stdout.decode("utf-8"))
    assert out.read_bytes() == printed.stdout


# --- bad input --------------------------------------------------------------------------------------------


def test_bad_files_are_reported_and_good_ones_still_analysed(tmp_path: Path) -> None:
    bad = {
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n   \n",
        "picture.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00",
        "broken.json": '{"title": "عنوان", "text": '.encode(),
        "no_text.csv": "title,date\nعنوان,2021-03-02\n".encode(),
    }
    for name, content in bad.items():
        (tmp_path / name).write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_ARTICLE, encoding="utf-8")

    done = run_cli(*(tmp_path / name for name in bad), good, "--date", "2021-03-02")

    assert done.returncode == 2
    lines = stderr_lines(done)
    assert "Traceback" not in done.stderr.decode("utf-8")
    for name in bad:
        assert sum(name in line for line in lines) == 1, f"{name}: expected one stderr line, got {lines}"
    assert len(lines) == len(bad), lines
    assert "good.txt" not in done.stderr.decode("utf-8")
    articles = articles_of(done)
    assert [a["id"] for a in articles] == ["good"]
    check_article_schema(articles[0])
    article = articles[0]
    assert article["title"] == GOOD_TITLE
    assert article["source"] == "وكالة تجريبية"
    names = {e["name"] for e in article["entities"] if e["type"] == "PER"}
    assert {"بدر البوسعيدي", "أيمن الصفدي"} <= names
    assert any(v["kind"] == "meeting" and v["date"] == "2021-03-02" for v in article["events"])


def test_junk_date_is_a_clear_error_not_a_traceback() -> None:
    done = run_cli(f"assets/samples/{SAMPLES[0]['file']}", "--date", "yesterday")
    assert done.returncode == 2
    stderr = done.stderr.decode("utf-8")
    assert "Traceback" not in stderr
    assert "--date" in stderr and "yesterday" in stderr, stderr


def test_missing_file_is_named_on_stderr(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_article.txt"
    done = run_cli(missing, "--date", "2021-03-02")
    assert done.returncode == 2
    stderr = done.stderr.decode("utf-8")
    assert "no_such_article.txt" in stderr
    assert "Traceback" not in stderr
    assert articles_of(done) == []


# --- the shared seed article ------------------------------------------------------------------------------


def _seed_output(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent (the shared evaluation kit is not checked out next to the repo)")
    out = tmp_path / "seed.json"  # score.py finds the gold file by this stem
    done = run_cli(SEED, "--date", SEED_DATE, "--out", out)
    assert done.returncode == 0, done.stderr.decode("utf-8")
    articles = json.loads(out.read_text(encoding="utf-8"))["articles"]
    assert len(articles) == 1
    return out, articles[0]


@pytest.mark.shared
def test_seed_article_entities_meeting_and_stances(tmp_path: Path) -> None:
    _, article = _seed_output(tmp_path)
    check_article_schema(article)
    entities = {e["id"]: e for e in article["entities"]}
    people = {e["name"]: e["id"] for e in article["entities"] if e["type"] == "PER"}
    assert set(people) == {"خلوصي أكار", "بيرون كاميلاري", "فتحي باشاغا", "خليفة حفتر", "إبراهيم قالن"}
    assert any({"خلوصي أكار", "أكار"} <= set(e["aliases"]) for e in entities.values() if e["type"] == "PER")

    akar, camilleri, bashagha = people["خلوصي أكار"], people["بيرون كاميلاري"], people["فتحي باشاغا"]
    meetings = [
        v
        for v in article["events"]
        if v["kind"] == "meeting"
        and v["date"] == SEED_DATE
        and v["location"] is not None
        and entities[v["location"]]["name"] == "أنقرة"
        and set(v["participants"]) == {akar, camilleri, bashagha}
    ]
    assert meetings, f"no trilateral meeting in Ankara on {SEED_DATE}: {article['events']}"

    assert len(article["stances"]) >= 2
    turkey = [e["id"] for e in entities.values() if e["name"] == "تركيا"]
    assert len(turkey) == 1
    haftar = people["خليفة حفتر"]
    found = {(s["source"], s["target"], s["polarity"]) for s in article["stances"]}
    expected = {(akar, haftar, "oppose"), (bashagha, haftar, "oppose"), (camilleri, turkey[0], "support")}
    assert expected <= found, f"missing stances: {expected - found}"


@pytest.mark.shared
def test_seed_article_scores_perfectly(tmp_path: Path) -> None:
    out, _ = _seed_output(tmp_path)
    done = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), str(SHARED_EVAL / "gold"), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    for figure in ("entity_f1=1.0", "stance_f1=1.0", "meet_pair_f1=1.0"):
        assert figure in line.split(), f"{figure} not in {line!r}"
