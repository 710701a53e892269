"""Hostile and messy input, one case per test, through the CLI (analyze, ingest) and the dashboard upload.

Every bad file gets one clear line naming it and the reason, never a traceback, and the good file
uploaded or passed beside it is still analysed. Every input is written here, into tmp_path.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard.py")
BACKENDS = ("--tagger", "rules", "--stance", "lexicon")

# Our own short article: a meeting in a named place on a named day, and a stance.
GOOD = """\
شكري والصفدي يبحثان في عمان التنسيق العربي
التقى وزير الخارجية المصري سامح شكري وزير الخارجية الأردني أيمن الصفدي في عمان يوم 4 فبراير 2024.
وقال الصفدي إن الأردن يدعم مصر في جهودها لتثبيت التهدئة في المنطقة.
"""
GOOD_TITLE = "شكري والصفدي يبحثان في عمان التنسيق العربي"
GOOD_BODY = GOOD.split("\n")[1:3]
MEETING = """\
الرئيس الموريتاني يزور داكار
زار الرئيس الموريتاني محمد ولد الغزواني العاصمة السنغالية داكار والتقى الرئيس السنغالي ماكي سال.
"""


@dataclass
class Outcome:
    """What one batch gave in each of the three places a user can send it."""

    analyze_rc: int
    analyze_errors: list[str]
    articles: list[dict[str, Any]]
    ingest_rc: int
    ingest_summary: list[str]
    app: AppTest


@pytest.fixture(autouse=True)
def _fast_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    # The dashboard takes its default tagger from MAJLIS_TAGGER; the rules keep these tests quick.
    monkeypatch.setenv("MAJLIS_TAGGER", "rules")
    st.cache_data.clear()
    st.cache_resource.clear()


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "pipeline", *map(str, args)]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=env, timeout=600
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def shown_text(value: str) -> str:
    """What a user reads of a Markdown element: the text with its escaping backslashes removed."""
    return re.sub(r"\\([\\`*_\[\]<>|~$#])", r"\1", value)


def upload(files: list[tuple[str, bytes]]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.radio(key="input_mode").set_value("Upload").run()
    at.file_uploader(key="uploads").set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    at.run()
    assert not at.exception, at.exception
    return at


def send(tmp_path: Path, files: list[tuple[str, str | bytes]], *, date: str = "2024-02-06") -> Outcome:
    """The files through `analyze`, through `ingest` into a fresh database, and uploaded to the dashboard."""
    paths = [write(tmp_path, name, content) for name, content in files]
    analysed = run_cli("analyze", *paths, "--date", date, *BACKENDS)
    articles = json.loads(analysed.stdout)["articles"] if analysed.stdout.strip() else []
    db = tmp_path / "corpus.db"
    ingested = run_cli("ingest", *paths, "--db", db, "--date", date, "--quiet", *BACKENDS)
    summary = ingested.stdout.splitlines()[2:]  # after "database: ..." and "model: ..."
    # A run with failures ends by pointing at the failures table; the lines before it say what failed.
    pointer = [line for line in summary if line.startswith("failures are kept in the database")]
    assert len(pointer) == (0 if "failed: 0" in summary else 1)
    summary = [line for line in summary if line not in pointer]
    app = upload([(p.name, p.read_bytes()) for p in paths])
    return Outcome(
        analysed.returncode,
        [line for line in analysed.stderr.splitlines() if line.strip()],
        articles,
        ingested.returncode,
        summary,
        app,
    )


def assert_good_article_shown(at: AppTest) -> None:
    """The good article's five views are on the page."""
    assert len(at.tabs) == 5
    html = next(m.value for m in at.tabs[0].markdown if 'class="majlis-article"' in m.value)
    assert "سامح شكري" in html
    assert sorted(at.tabs[1].dataframe[0].value["name"]) == [
        "أيمن الصفدي",
        "الأردن",
        "سامح شكري",
        "عمان",
        "مصر",
    ]


def assert_rejected_beside_good(out: Outcome, message: str) -> None:
    """One bad file: named with its reason everywhere, and the good file analysed all the same."""
    assert out.analyze_rc == 2
    assert out.analyze_errors == [message]
    assert [a["title"] for a in out.articles] == [GOOD_TITLE]
    assert out.ingest_rc == 2
    assert out.ingest_summary == ["analysed: 1", "skipped (unchanged): 0", "failed: 1", f"  {message}"]
    assert [shown_text(e.value) for e in out.app.error] == [message]
    assert_good_article_shown(out.app)


# ----------------------------------------------------------------------------- files that are not text


def test_empty_file(tmp_path: Path) -> None:
    out = send(tmp_path, [("empty.txt", b""), ("good.txt", GOOD)])
    assert_rejected_beside_good(out, "empty.txt: the file is empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    out = send(tmp_path, [("blank.txt", " \n\t\r\n   \u00a0\n"), ("good.txt", GOOD)])
    assert_rejected_beside_good(out, "blank.txt: the file holds only whitespace")


def test_binary_file(tmp_path: Path) -> None:
    # A PNG header and bytes of every value: what a mistaken upload of a picture looks like.
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    out = send(tmp_path, [("picture.txt", data), ("good.txt", GOOD)])
    assert_rejected_beside_good(out, "picture.txt: not a text file (binary content)")


def test_ten_megabyte_file_is_refused_with_its_size(tmp_path: Path) -> None:
    line = "وبحث الجانبان سبل تعزيز التعاون الاقتصادي بين البلدين الشقيقين.\n"
    big = (line * (10 * 1024 * 1024 // len(line.encode("utf-8")) + 1)).encode("utf-8")[: 10 * 1024 * 1024]
    out = send(tmp_path, [("big.txt", big), ("good.txt", GOOD)])
    assert_rejected_beside_good(out, "big.txt: file is 10.0 MB; the limit is 5 MB")


# ----------------------------------------------------------------------------- encodings


def _meeting_found(article: dict[str, Any]) -> None:
    names = {e["id"]: e["name"] for e in article["entities"]}
    [meeting] = [v for v in article["events"] if v["kind"] == "meeting"]
    assert sorted(names[p] for p in meeting["participants"]) == ["أيمن الصفدي", "سامح شكري"]
    assert (meeting["date"], meeting["date_text"]) == ("2024-02-04", "4 فبراير 2024")


def test_windows_1256_arabic_is_decoded(tmp_path: Path) -> None:
    out = send(tmp_path, [("cp1256.txt", GOOD.encode("cp1256"))])
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    [article] = out.articles
    assert article["title"] == GOOD_TITLE
    _meeting_found(article)
    assert out.ingest_summary == ["analysed: 1", "skipped (unchanged): 0", "failed: 0"]
    assert not out.app.error
    assert_good_article_shown(out.app)


def test_utf16_arabic_is_decoded(tmp_path: Path) -> None:
    # With a byte-order mark (what Windows Notepad writes) and without one, big-endian.
    files = [("bom.txt", GOOD.encode("utf-16")), ("plain.txt", MEETING.encode("utf-16-be"))]
    out = send(tmp_path, files)
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    assert [a["title"] for a in out.articles] == [GOOD_TITLE, "الرئيس الموريتاني يزور داكار"]
    _meeting_found(out.articles[0])
    assert out.ingest_summary == ["analysed: 2", "skipped (unchanged): 0", "failed: 0"]
    assert not out.app.error
    assert out.app.selectbox(key="article_choice").options == [
        f"1. {GOOD_TITLE}",
        "2. الرئيس الموريتاني يزور داكار",
    ]
    assert_good_article_shown(out.app)


# ----------------------------------------------------------------------------- markup in the text


HTML_ARTICLE = """\
<b>شكري والصفدي</b> يبحثان في عمان التنسيق العربي <script>alert("x")</script>
التقى وزير الخارجية المصري سامح شكري وزير الخارجية الأردني أيمن الصفدي في عمان يوم 4 فبراير 2024.
وقال الصفدي إن الأردن يدعم مصر <img src=x onerror="alert(1)"> في جهودها لتثبيت التهدئة.
المصدر: <a href="javascript:alert(2)">وكالة *الأنباء*</a>
"""


def test_html_and_script_in_the_text_are_escaped_on_the_page(tmp_path: Path) -> None:
    out = send(tmp_path, [("markup.txt", HTML_ARTICLE)])
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    [article] = out.articles
    # The data keeps the text as written; only what is shown is escaped.
    assert article["title"] == '<b>شكري والصفدي</b> يبحثان في عمان التنسيق العربي <script>alert("x")</script>'
    assert article["source"] == '<a href="javascript:alert(2)">وكالة *الأنباء*</a>'
    at = out.app
    assert not at.error
    shown = [m.value for m in at.markdown]
    assert not any(tag in text for text in shown for tag in ("<script", "<img", "<a href", "<b>شكري"))
    html = next(m.value for m in at.tabs[0].markdown if 'class="majlis-article"' in m.value)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    # Captions are Markdown without HTML: the source's tags and stars are escaped, not read.
    assert all(re.search(r"(?<!\\)[<*]", c.value) is None for c in at.caption)
    meta = at.tabs[0].caption[0].value
    assert meta.startswith(r'\<a href="javascript:alert(2)"\>وكالة \*الأنباء\*\</a\> · ')
    assert shown_text(meta).startswith(article["source"])
    # Stance evidence in the heatmap's hover is escaped too.
    hover = json.loads(at.tabs[3].get("plotly_chart")[0].proto.spec)["data"][0]["hovertext"]
    flat = " ".join(cell for row in hover for cell in row if cell)
    assert "&lt;img src=x" in flat and "<img" not in flat


# ----------------------------------------------------------------------------- language and script


def test_english_only_article_gets_a_not_arabic_notice(tmp_path: Path) -> None:
    english = (
        "Omani foreign minister receives his Kuwaiti counterpart\n"
        "Oman's foreign minister Badr Albusaidi received Kuwait's Abdullah Al-Yahya in Muscat.\n"
    )
    out = send(tmp_path, [("english.txt", english), ("good.txt", GOOD)])
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    notice = "This article is not in Arabic: Majlis analyses Arabic text, so little will be found."
    english_article, good = out.articles
    assert notice in english_article["warnings"] and notice not in good["warnings"]
    assert english_article["sentences"][0] == "Omani foreign minister receives his Kuwaiti counterpart"
    assert out.ingest_summary == ["analysed: 2", "skipped (unchanged): 0", "failed: 0"]
    assert [shown_text(w.value) for w in out.app.warning] == [notice]
    assert len(out.app.tabs) == 5


def test_mixed_arabic_and_latin_text(tmp_path: Path) -> None:
    mixed = (
        "لقاء شكري والصفدي (Shoukry – Safadi) في عمان\n"
        "التقى وزير الخارجية المصري سامح شكري (Sameh Shoukry) وزير الخارجية الأردني أيمن الصفدي "
        "في Amman يوم 4 February 2024 لبحث ملف OPEC+ وقضايا الـ UN.\n"
    )
    out = send(tmp_path, [("mixed.txt", mixed)])
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    [article] = out.articles
    assert "not in Arabic" not in " ".join(article["warnings"])
    assert [(e["name"], e["type"]) for e in article["entities"]] == [
        ("سامح شكري", "PER"),
        ("أيمن الصفدي", "PER"),
        ("عمان", "GPE"),
    ]
    for entity in article["entities"]:
        for m in entity["mentions"]:
            assert article["sentences"][m["sentence"]][m["start"] : m["end"]] == m["text"]
    [meeting] = article["events"]
    assert (meeting["kind"], meeting["participants"], meeting["location"]) == ("meeting", ["e1", "e2"], "e3")
    # Latin month names are not read: the meeting stays undated rather than misdated.
    assert meeting["date"] is None
    assert not out.app.error
    assert len(out.app.tabs) == 5


def test_full_diacritics_and_tatweel(tmp_path: Path) -> None:
    vocalised = (
        "وَزِيرُ الخَارِجِيَّةِ المِصْرِيُّ يَلْتَقِي نَظِيرَهُ الأُرْدُنِيَّ\n"
        "اِلْتَقَى وَزِيرُ الخَارِجِيَّةِ المِصْرِيُّ سَامِح شُكْرِي وَزِيرَ الخَارِجِيَّةِ الأُرْدُنِيَّ "
        "أَيْمَن الصَّفَدِي فِي عَمَّان.\n"
        "وقـــال سامح شـــكري إن مِصْر تـــدعـــم الأردن.\n"
    )
    out = send(tmp_path, [("harakat.txt", vocalised)])
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    [article] = out.articles
    shoukry, safadi = (e for e in article["entities"] if e["type"] == "PER")
    # The vocalised spelling, the plain one with tatweel and the title are one man.
    assert [m["text"] for m in shoukry["mentions"]] == [
        "وَزِيرُ الخَارِجِيَّةِ المِصْرِيُّ",
        "سَامِح شُكْرِي",
        "سامح شـــكري",
    ]
    assert safadi["name"] == "أَيْمَن الصَّفَدِي"
    [meeting] = article["events"]
    assert (meeting["trigger"], meeting["participants"]) == ("اِلْتَقَى", [shoukry["id"], safadi["id"]])
    [stance] = article["stances"]
    names = {e["id"]: e["name"] for e in article["entities"]}
    assert (stance["polarity"], stance["source"], names[stance["target"]]) == (
        "support",
        shoukry["id"],
        "الأردن",
    )
    assert not out.app.error
    assert len(out.app.tabs) == 5


def test_arabic_indic_digits_in_dates(tmp_path: Path) -> None:
    record = {
        "title": GOOD_TITLE,
        "text": GOOD_BODY[0].replace("4 فبراير 2024", "٤ فبراير ٢٠٢٤"),
        "date": "٢٠٢٤/٠٢/٠٦",
    }
    out = send(tmp_path, [("indic.json", json.dumps(record, ensure_ascii=False))], date="2000-01-01")
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    [article] = out.articles
    assert article["date"] == "2024-02-06"
    [meeting] = [v for v in article["events"] if v["kind"] == "meeting"]
    assert (meeting["date"], meeting["date_text"]) == ("2024-02-04", "٤ فبراير ٢٠٢٤")
    assert not out.app.error
    timeline = json.loads(out.app.tabs[4].get("plotly_chart")[0].proto.spec)["data"]
    assert [x for trace in timeline for x in trace["x"]] == ["2024-02-04"]


# ----------------------------------------------------------------------------- malformed structured files


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    broken = '[\n  {"title": "الأول", "text": "نص الخبر الأول"},\n  {"title": "الثاني" "text": "نص"}\n]\n'
    out = send(tmp_path, [("broken.json", broken), ("good.txt", GOOD)])
    assert_rejected_beside_good(
        out, "broken.json: malformed JSON at line 3, column 22 (expecting ',' delimiter)"
    )


def test_malformed_jsonl_names_the_line_and_the_real_column(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": GOOD_TITLE, "text": GOOD.split("\n", 1)[1]}, ensure_ascii=False),
        '{"title": "مقطوع", "text": "سطر انقطع قبل',
        '{"title": "فاصلة زائدة", "text": "نص",}',
    ]
    out = send(tmp_path, [("wire.jsonl", "\n".join(lines) + "\n")])
    expected = [
        "wire.jsonl: line 2: malformed JSON at column 28 (unterminated string)",
        "wire.jsonl: line 3: malformed JSON at column 39 (expecting property name enclosed in double quotes)",
    ]
    assert (out.analyze_rc, out.analyze_errors) == (2, expected)
    assert [a["title"] for a in out.articles] == [GOOD_TITLE]
    # The ingest streams the file line by line, and must report the same columns.
    assert out.ingest_summary == ["analysed: 1", "skipped (unchanged): 0", "failed: 2"] + [
        f"  {e}" for e in expected
    ]
    assert [shown_text(e.value) for e in out.app.error] == expected
    assert_good_article_shown(out.app)


def test_malformed_csv_names_the_line_and_column(tmp_path: Path) -> None:
    rows = (
        "title,text,date\n"
        f'"{GOOD_TITLE}","{GOOD.split(chr(10))[1]}",2024-02-06\n'
        '"سطر معطوب"خطأ,"نص",2024-02-06\n'
        f'"{GOOD_TITLE} (2)","{GOOD.split(chr(10))[2]}",2024-02-06\n'
    )
    out = send(tmp_path, [("rows.csv", rows)])
    message = "rows.csv: line 3: malformed CSV at column 12 (',' expected after '\"')"
    assert (out.analyze_rc, out.analyze_errors) == (2, [message])
    assert [a["title"] for a in out.articles] == [GOOD_TITLE, f"{GOOD_TITLE} (2)"]
    assert out.ingest_summary == ["analysed: 2", "skipped (unchanged): 0", "failed: 1", f"  {message}"]
    assert [shown_text(e.value) for e in out.app.error] == [message]


def test_csv_with_an_unclosed_quote_says_where_it_opened(tmp_path: Path) -> None:
    # The body's quote is never closed: every later row would silently become part of that body.
    rows = f'title,text\n"{GOOD_TITLE}","{GOOD_BODY[0]}\nثان,نص آخر\n'
    out = send(tmp_path, [("open.csv", rows), ("good.txt", GOOD)])
    assert_rejected_beside_good(
        out, "open.csv: line 2: malformed CSV: the quoted field opened at column 46 is never closed"
    )


def test_csv_quote_that_runs_into_the_next_row(tmp_path: Path) -> None:
    rows = f'title,text\n"{GOOD_TITLE}","{GOOD_BODY[0]}\n"ثان",نص آخر\n'
    out = send(tmp_path, [("runon.csv", rows), ("good.txt", GOOD)])
    assert_rejected_beside_good(
        out,
        "runon.csv: line 2: malformed CSV: the quoted field opened at column 46 runs on to line 3, "
        "which fails at column 2 (',' expected after '\"')",
    )


def test_csv_without_a_text_column(tmp_path: Path) -> None:
    rows = f"title,date,source\n{GOOD_TITLE},2024-02-06,وكالة\n"
    out = send(tmp_path, [("notext.csv", rows), ("good.txt", GOOD)])
    assert_rejected_beside_good(
        out,
        "notext.csv: no text column: the header has title, date, source; expected one of: text, body, content",
    )


# ----------------------------------------------------------------------------- many articles


@pytest.mark.slow
def test_five_thousand_one_line_articles_in_one_file(tmp_path: Path) -> None:
    cities = ["مسقط", "الكويت", "الدوحة", "المنامة", "الرياض"]
    lines = [
        json.dumps(
            {"id": f"n{i}", "text": f"وصل وزير الخارجية إلى {cities[i % 5]} في زيارة رقم {i}."},
            ensure_ascii=False,
        )
        for i in range(5000)
    ]
    lines[2500] = '{"id": "n2500", "text": '  # one broken line in the middle
    out = send(tmp_path, [("many.jsonl", "\n".join(lines) + "\n")])
    message = "many.jsonl: line 2501: malformed JSON at column 25 (expecting value)"
    assert (out.analyze_rc, out.analyze_errors) == (2, [message])
    assert len(out.articles) == 4999
    assert (out.articles[0]["id"], out.articles[-1]["id"]) == ("n0", "n4999")
    assert {e["name"] for e in out.articles[1]["entities"]} == {"الكويت"}
    assert out.ingest_summary == ["analysed: 4999", "skipped (unchanged): 0", "failed: 1", f"  {message}"]
    at = out.app
    assert [shown_text(e.value) for e in at.error] == [message]
    choice = at.selectbox(key="article_choice")
    assert len(choice.options) == 4999 and choice.options[-1].startswith("4999. وصل وزير الخارجية إلى الرياض")
    # Past MAX_BATCH only the article on screen is analysed, so the page still comes up.
    choice.set_value(4998).run()
    assert not at.exception
    html = next(m.value for m in at.tabs[0].markdown if 'class="majlis-article"' in m.value)
    assert "زيارة رقم 4999" in html


def test_bom_and_crlf_in_one_utf8_csv(tmp_path: Path) -> None:
    rows = f"title,text\r\n{GOOD_TITLE},{GOOD.split(chr(10))[1]}\r\n"
    out = send(tmp_path, [("excel.csv", codecs.BOM_UTF8 + rows.encode("utf-8"))])
    assert (out.analyze_rc, out.analyze_errors, out.ingest_rc) == (0, [], 0)
    [article] = out.articles
    assert article["title"] == GOOD_TITLE
    _meeting_found(article)


# ----------------------------------------------------------------------------- markup in every shown field


def _marked_up_analysis():
    """An analysis whose names, role, date words, source and evidence all carry markup.

    No tagger puts tags inside a name, so it is built as records: what a corrupted database or a
    corrections file could hand the views.
    """
    from pipeline.records import Analysis

    evil = '<script>alert("x")</script>'
    return Analysis.from_dict(
        {
            "id": "evil",
            "title": f"لقاء {evil}",
            "date": "2024-02-06",
            "source": f"<b>وكالة</b> {evil}",
            "url": None,
            "sentences": [f"لقاء {evil}", f"التقى <i>سامح شكري</i> {evil} أيمن الصفدي في عمان."],
            "sentence_paragraphs": [0, 1],
            "entities": [
                {"id": "e1", "type": "PER", "name": "<i>سامح شكري</i>", "name_en": "<b>Shoukry</b>",
                 "aliases": ["<i>سامح شكري</i>"], "role": f"وزير {evil}", "affiliation": "e3",
                 "mentions": [{"sentence": 1, "start": 6, "end": 22, "text": "<i>سامح شكري</i>"}]},
                {"id": "e2", "type": "PER", "name": f"أيمن {evil}", "aliases": [],
                 "mentions": [{"sentence": 1, "start": 51, "end": 61, "text": "أيمن الصفدي"}]},
                {"id": "e3", "type": "GPE", "name": "<a href='javascript:alert(1)'>مصر</a>", "aliases": [],
                 "mentions": []},
            ],
            "events": [
                {"id": "v1", "kind": "meeting", "participants": ["e1", "e2"], "location": "e3",
                 "date": "2024-02-04", "date_text": f"يوم {evil}", "sentence": 1, "trigger": "التقى"},
            ],
            "stances": [
                {"source": "e1", "target": "e2", "polarity": "support", "confidence": 0.9, "sentence": 1,
                 "evidence": f"التقى <img src=x onerror='alert(1)'> {evil}"},
            ],
            "model": "rules",
            "warnings": [],
        }
    )  # fmt: skip


def _strings(value: Any) -> list[str]:
    """Every string inside a Plotly figure's JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_view_escapes_markup_in_names_dates_and_evidence() -> None:
    from components.article_view import build_article_html
    from components.entity_table import build_entity_table
    from components.network import build_network_figure
    from components.stance_chart import build_stance_figure
    from components.timeline import build_timeline_figure
    from pipeline.briefing import build_briefing

    analysis = _marked_up_analysis()
    raw_tags = ("<script", "<i>", "<a href", "<img", "<b>Shoukry", "<b>وكالة")
    html = build_article_html(analysis)
    assert not any(tag in html for tag in raw_tags)
    assert html.count("&lt;script&gt;") == 4  # title, sentence, and e2's name in two mention titles
    for build in (build_network_figure, build_timeline_figure, build_stance_figure):
        texts = _strings(json.loads(build(analysis).to_json())["data"])
        assert not any(tag in t for t in texts for tag in raw_tags), build.__name__
        assert any("&lt;script&gt;" in t for t in texts), build.__name__
    hover = " ".join(_strings(json.loads(build_network_figure(analysis).to_json())["data"]))
    assert "&lt;i&gt;سامح شكري&lt;/i&gt;" in hover and "&lt;b&gt;Shoukry&lt;/b&gt;" in hover
    # The table is drawn as text, cell by cell, never as HTML: it shows the names exactly as written.
    table = build_entity_table(analysis)
    assert list(table["name"]) == [
        "<i>سامح شكري</i>",
        'أيمن <script>alert("x")</script>',
        analysis.entities[2].name,
    ]
    briefing = build_briefing([analysis])
    assert not any(tag in briefing for tag in raw_tags)
    assert "&lt;img src=x onerror=&#x27;alert(1)&#x27;&gt;" in briefing
