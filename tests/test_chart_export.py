"""PNG/SVG export of charts: the browser lookup, the notice without kaleido or Chromium, a real SVG."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from components import chart_export
from components.chart_export import export_unavailable, figure_image, find_browser
from components.style import style_figure

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard.py")
SVG_NS = "{http://www.w3.org/2000/svg}"
needs_browser = pytest.mark.skipif(
    export_unavailable() is not None, reason=f"no PNG/SVG export here: {export_unavailable()}"
)


@pytest.fixture(autouse=True)
def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def _fake_browser(folder: Path) -> Path:
    exe = folder / "my-chromium"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


def test_browser_path_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    exe = _fake_browser(tmp_path)
    monkeypatch.setenv("BROWSER_PATH", str(exe))
    assert find_browser() == str(exe)


def test_a_browser_path_that_is_no_program_is_passed_over(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    monkeypatch.setattr(chart_export, "SYSTEM_CHROMIUM", str(tmp_path / "also-missing"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_browser() is None
    exe = _fake_browser(tmp_path)
    exe.rename(tmp_path / "chromium")
    assert find_browser() == str(tmp_path / "chromium")


def test_without_kaleido_the_notice_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    real = chart_export.importlib.util.find_spec
    monkeypatch.setattr(
        chart_export.importlib.util, "find_spec", lambda name: None if name == "kaleido" else real(name)
    )
    reason = export_unavailable()
    assert reason is not None and "kaleido" in reason
    with pytest.raises(RuntimeError, match="kaleido"):
        figure_image(go.Figure(), "svg")


def test_without_a_browser_the_notice_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart_export, "find_browser", lambda: None)
    if chart_export.importlib.util.find_spec("kaleido") is None:
        pytest.skip("kaleido is not installed, so its notice comes first")
    reason = export_unavailable()
    assert reason is not None and "Chromium" in reason and "BROWSER_PATH" in reason


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="jpeg"):
        figure_image(go.Figure(), "jpeg")


@needs_browser
def test_a_figure_exports_to_svg_with_its_arabic_labels() -> None:
    fig = style_figure(
        go.Figure(go.Scatter(x=[1, 2], y=[1, 2], mode="markers+text", text=["أنقرة", "طرابلس"])),
        height=300,
    )
    svg = figure_image(fig, "svg")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert (root.get("width"), root.get("height")) == (str(chart_export.DEFAULT_WIDTH), "300")
    texts = {t.text for t in root.iter(f"{SVG_NS}text")}
    assert {"أنقرة", "طرابلس"} <= texts


# --- the buttons on the dashboard -----------------------------------------------------------------


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Callable[[], Any]]]:
    """The callable behind each deferred download button, by file name."""
    got: dict[str, Callable[[], Any]] = {}
    add_deferred = MediaFileManager.add_deferred

    def spy(
        self: MediaFileManager, make: Any, mimetype: str, coordinates: str, file_name: Any = None, **kw: Any
    ):
        got[str(file_name)] = make
        return add_deferred(self, make, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    yield got


def _article_page(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("MAJLIS_TAGGER", "rules")  # these tests are about the buttons, not the tagger
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    return at


def _labels(block: Any) -> list[str]:
    return [b.proto.label for b in block.get("download_button")]


@needs_browser
def test_every_article_chart_offers_png_and_svg(
    monkeypatch: pytest.MonkeyPatch, deferred: dict[str, Callable[[], Any]]
) -> None:
    at = _article_page(monkeypatch)
    _article, _entities, network, stances, timeline = at.tabs
    for tab in (network, timeline):
        assert _labels(tab) == ["⬇ PNG", "⬇ SVG"]
    # The stance tab has two charts: the matrix and the per-actor bars.
    assert _labels(stances) == ["⬇ PNG", "⬇ SVG"] * 2
    names = {"majlis_network", "majlis_stances", "majlis_stance_bars", "majlis_timeline"}
    assert {f"{n}.{fmt}" for n in names for fmt in ("png", "svg")} <= set(deferred)
    svg = deferred["majlis_network.svg"]()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    # The node labels of the network as drawn on the page are in the SVG.
    assert "خلوصي أكار" in {t.text for t in root.iter(f"{SVG_NS}text")}
    assert deferred["majlis_timeline.png"]()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_kaleido_the_charts_show_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chart_export, "export_unavailable", lambda: "تصدير الصور غير متاح · no kaleido here")
    at = _article_page(monkeypatch)
    _article, _entities, network, stances, timeline = at.tabs
    for tab in (network, stances, timeline):
        assert _labels(tab) == []
        assert "تصدير الصور غير متاح · no kaleido here" in [c.value for c in tab.caption]
