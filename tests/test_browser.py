"""The dashboard in a real browser: Playwright drives Debian's Chromium against a server started here.

What only a browser shows: the five views drawn, an upload through the file picker, a click on a
chart point reaching the article view, downloads, right-to-left layout and Arabic letters joined.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
IN_CI = bool(os.environ.get("CI"))


def _skip_or_fail(reason: str) -> None:
    # In CI a skip would hide a missing install step (.ci/run installs both), so there it fails.
    if IN_CI:
        pytest.fail(f"{reason} (CI must install it: see .ci/run)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.is_file():
    _skip_or_fail(
        "browser tests need Debian's Chromium at /usr/bin/chromium "
        "(apt-get install --no-install-recommends chromium)"
    )
try:
    from playwright.sync_api import BrowserContext, Page, expect, sync_playwright
except ImportError:
    _skip_or_fail(
        "browser tests need playwright (pip install -r requirements.txt; never `playwright install`)"
    )

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_S = 90
TIMEOUT_MS = 60_000
TAB_LABELS = [
    "المقال · Article",
    "الكيانات · Entities",
    "شبكة المشاركين · Network",
    "المواقف · Stances",
    "الخط الزمني · Timeline",
]
CORPUS_EXPORT_TAB = "تصدير · Export"
BRIEFING_SECTIONS = ["أبرز اللقاءات", "شبكة المشاركين", "ملخص المواقف", "شواهد من النصوص"]
# An article of our own for the upload: a visit with a place and a date, and a stance.
UPLOADED = """\
وزير الخارجية العماني يزور نواكشوط لبحث التعاون
وصل وزير الخارجية العماني بدر البوسعيدي إلى نواكشوط يوم 12 مارس 2024 في زيارة رسمية.
والتقى البوسعيدي الرئيس الموريتاني محمد ولد الشيخ الغزواني في القصر الرئاسي.
وقال البوسعيدي إن سلطنة عمان تدعم جهود موريتانيا في تعزيز الاستقرار في منطقة الساحل.
"""

# Width of a piece of text as laid out, against the same letters kept apart by a zero-width
# non-joiner (U+200C) between each pair: a ZWNJ has no width of its own, so the two widths differ
# only when the browser joined the letters into their connected forms. Arabic letters drawn
# unjoined (isolated forms) are clearly wider; for the words checked here joined is under 90 %.
SHAPING_JS = """
(el, text) => {
    const measure = (node) => {
        if (node instanceof SVGTextElement) return node.getComputedTextLength();
        const range = document.createRange();
        range.selectNodeContents(node);
        return range.getBoundingClientRect().width;
    };
    const probe = (t) => {
        const node = el.cloneNode(false);
        node.removeAttribute('id');
        node.textContent = t;
        if (!(node instanceof SVGElement)) {
            node.style.position = 'absolute';
            node.style.whiteSpace = 'nowrap';
        }
        el.parentNode.appendChild(node);
        const w = measure(node);
        node.remove();
        return w;
    };
    const apart = Array.from(text).join('\\u200c');
    return {joined: probe(text), apart: probe(apart)};
}
"""
JOINED_RATIO = 0.9


# ----------------------------------------------------------------------------- fixtures


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the dashboard exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"the dashboard was not healthy after {SERVER_START_S} s:\n{log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server by its PID, then anything left in the process group it leads (kaleido's browser)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def corpus_db(sample_db_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sample_db import copy_db

    return copy_db(sample_db_master, tmp_path_factory.mktemp("browser-db") / "samples.db")


@pytest.fixture(scope="module")
def server(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a free port with Streamlit's headless flags; the rules tagger keeps it quick."""
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {**os.environ, "MAJLIS_TAGGER": "rules", "MAJLIS_DB": str(corpus_db)}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard.py"),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Chromium with a fresh profile; Playwright adds nothing it downloaded itself."""
    ARTIFACTS.mkdir(exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        # expect() keeps its own 5 s default, too short for a first page run on a loaded machine.
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


# ----------------------------------------------------------------------------- helpers


def _open(page: Page, url: str) -> None:
    page.goto(url)
    # Wait for the last view's tab: the page has then run once, so a screenshot is not blank.
    expect(page.get_by_role("tab", name=TAB_LABELS[-1])).to_be_visible()


def _tab(page: Page, label: str) -> Any:
    page.get_by_role("tab", name=label, exact=True).click()
    panel = page.locator('[role="tabpanel"]:visible')
    expect(panel).to_have_count(1)
    return panel


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _click_point(page: Page, point: Any) -> None:
    """A real mouse click on a Plotly marker: move there first so Plotly has it under the cursor."""
    box = point.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)


def _shaping(element: Any, text: str) -> dict[str, float]:
    return element.evaluate(SHAPING_JS, text)


def _assert_joined(element: Any, text: str) -> None:
    widths = _shaping(element, text)
    assert widths["apart"] > 0, widths
    assert widths["joined"] < JOINED_RATIO * widths["apart"], f"{text!r} looks unjoined: {widths}"


# ----------------------------------------------------------------------------- tests


def test_a_sample_shows_the_five_views(server: str, page: Page) -> None:
    _open(page, server)
    expect(page.get_by_role("tab")).to_have_text(TAB_LABELS)

    article = _tab(page, TAB_LABELS[0])
    expect(article.locator(".majlis-article")).to_contain_text("خلوصي أكار")
    assert article.locator(".majlis-article").evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(article.locator("mark.ent-PER").first).to_be_visible()
    _shot(page, "01-article")

    entities = _tab(page, TAB_LABELS[1])
    expect(entities.locator('[data-testid="stDataFrame"]')).to_be_visible()
    _shot(page, "02-entities")

    network = _tab(page, TAB_LABELS[2])
    expect(network.locator(".js-plotly-plot .scatterlayer .point")).to_have_count(2)
    expect(network.locator(".js-plotly-plot .textpoint text")).to_have_text(["خلوصي أكار", "فتحي باشاغا"])
    _shot(page, "03-network")

    stances = _tab(page, TAB_LABELS[3])
    expect(stances.locator(".js-plotly-plot .heatmaplayer")).to_have_count(1)
    _shot(page, "04-stances")

    timeline = _tab(page, TAB_LABELS[4])
    expect(timeline.locator(".js-plotly-plot .scatterlayer .point").first).to_be_visible()
    _shot(page, "05-timeline")


def test_arabic_is_shaped_in_a_chart_label_and_the_article(server: str, page: Page) -> None:
    _open(page, server)
    network = _tab(page, TAB_LABELS[2])
    label = network.locator(".js-plotly-plot .textpoint text").first
    expect(label).to_have_text("خلوصي أكار")
    _assert_joined(label, "خلوصي")

    article = _tab(page, TAB_LABELS[0])
    mark = article.locator("mark.ent-PER", has_text="باشاغا").first
    _assert_joined(mark, "باشاغا")


def test_clicking_a_network_node_focuses_it_in_the_article(server: str, page: Page) -> None:
    _open(page, server)
    network = _tab(page, TAB_LABELS[2])
    nodes = network.locator(".js-plotly-plot .scatterlayer .point")
    expect(nodes).to_have_count(2)
    _click_point(page, nodes.nth(1))  # the second node, فتحي باشاغا (nodes go clockwise from the top)
    expect(network.get_by_text("المحدد · Selected: فتحي باشاغا")).to_be_visible()
    _shot(page, "06-network-click")

    article = _tab(page, TAB_LABELS[0])
    expect(article.get_by_text("التركيز · Focus: فتحي باشاغا")).to_be_visible()
    focused = article.locator("mark.ent-focus")
    expect(focused.first).to_be_visible()
    assert {t.strip() for t in focused.all_inner_texts()} >= {"فتحي باشاغا"}
    assert len(set(focused.evaluate_all("els => els.map(e => e.dataset.entity)"))) == 1
    _shot(page, "07-article-focused")


def test_clicking_a_timeline_event_quotes_its_sentence(server: str, page: Page) -> None:
    _open(page, server)
    timeline = _tab(page, TAB_LABELS[4])
    point = timeline.locator(".js-plotly-plot .scatterlayer .point").first
    expect(point).to_be_visible()
    _click_point(page, point)
    expect(timeline.get_by_text("الحدث المحدد معروض في تبويب المقال", exact=False)).to_be_visible()

    article = _tab(page, TAB_LABELS[0])
    quote = article.locator("blockquote.majlis-focus")
    expect(quote).to_be_visible()
    selected = article.locator(".sent-selected")
    expect(selected).to_have_count(1)
    assert quote.inner_text().strip() == selected.inner_text().strip()
    _shot(page, "08-article-event")


def test_an_uploaded_file_is_analysed(server: str, page: Page, tmp_path: Path) -> None:
    upload = tmp_path / "oman_mauritania.txt"
    upload.write_text(UPLOADED, encoding="utf-8")
    _open(page, server)
    page.locator('[data-testid="stSidebar"]').get_by_text("Upload", exact=True).click()
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(str(upload))

    article = page.locator(".majlis-article")
    expect(article).to_contain_text("وزير الخارجية العماني يزور نواكشوط")
    expect(article.locator("mark", has_text="البوسعيدي").first).to_be_visible()
    expect(article.locator("mark", has_text="نواكشوط").first).to_be_visible()
    network = _tab(page, TAB_LABELS[2])
    expect(network.locator(".js-plotly-plot .textpoint text", has_text="البوسعيدي").first).to_be_visible()
    _shot(page, "09-upload")


def test_a_chart_downloads_as_svg(server: str, page: Page) -> None:
    _open(page, server)
    network = _tab(page, TAB_LABELS[2])
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        network.get_by_role("button", name="⬇ SVG").click()
    download = info.value
    assert download.suggested_filename == "majlis_network.svg"
    path = ARTIFACTS / "majlis_network.svg"
    download.save_as(path)
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {t.text for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"خلوصي أكار", "فتحي باشاغا"} <= texts


def test_corpus_exports_and_the_briefing(
    server: str, page: Page, corpus_db: Path, browser: BrowserContext
) -> None:
    from pipeline.corpus import select
    from pipeline.exports import to_csv
    from pipeline.queries import CorpusFilter
    from pipeline.rows import EntityRow
    from pipeline.store import Store

    _open(page, server)
    page.locator('[data-testid="stSidebar"]').get_by_text("المدونة · Corpus", exact=True).click()
    export = _tab(page, CORPUS_EXPORT_TAB)
    _shot(page, "10-corpus-export")

    with page.expect_download() as info:
        export.get_by_role("button", name="الكيانات · Entities CSV").click()
    csv_path = ARTIFACTS / "majlis_entities.csv"
    info.value.save_as(csv_path)
    with Store(corpus_db) as store:
        expected = to_csv(select(store, CorpusFilter(), []).entities, EntityRow)
    got = csv_path.read_bytes()
    assert got[:3] == b"\xef\xbb\xbf"  # the byte-order mark spreadsheets need for Arabic
    assert got.decode("utf-8-sig") == expected
    rows = list(csv.DictReader(io.StringIO(expected)))
    assert len({r["article"] for r in rows}) == 9
    assert any(r["name"] == "خلوصي أكار" and r["type"] == "PER" for r in rows)

    with page.expect_download() as info:
        export.get_by_role("button", name="موجز HTML بنقرة واحدة · One-click HTML briefing").click()
    briefing = ARTIFACTS / "majlis_briefing.html"
    info.value.save_as(briefing)

    view = browser.new_page()
    try:
        view.goto(briefing.as_uri())
        assert view.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
        assert view.evaluate("getComputedStyle(document.body).direction") == "rtl"
        expect(view.locator("h2")).to_have_text(BRIEFING_SECTIONS)
        # The meetings table has the Ankara meeting of the first sample, the stance table its rows,
        # and the evidence its quotes.
        meetings, stances = view.locator("table").nth(0), view.locator("table").nth(1)
        expect(meetings.locator("tr", has_text="خلوصي أكار").filter(has_text="أنقرة")).to_have_count(1)
        expect(stances.locator("tr", has_text="خلوصي أكار").first).to_be_visible()
        expect(view.locator("blockquote").first).to_be_visible()
        expect(view.locator("svg text").first).to_be_visible()
        _assert_joined(view.locator("h2").first, "اللقاءات")
        _assert_joined(view.locator("svg text", has_text="خليفة حفتر").first, "خليفة")
        view.screenshot(path=str(ARTIFACTS / "11-briefing.png"), full_page=True)
    finally:
        view.close()
