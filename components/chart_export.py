"""PNG and SVG downloads of any chart, drawn by kaleido in the system's Chromium."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import streamlit as st

# Debian's package puts its launcher here; CI installs it (.ci/run) and the browser tests drive it too.
SYSTEM_CHROMIUM = "/usr/bin/chromium"
# Names a Chrome-family browser has on PATH elsewhere (a developer's laptop).
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 500
# PNGs at twice the on-screen size, so Arabic labels stay sharp in a report; SVG scales by itself.
PNG_SCALE = 2
GEO_TRACES = frozenset({"scattergeo", "choropleth"})
ROOT = Path(__file__).resolve().parent.parent
# The base map the corpus map draws (static/topojson/README.md); Plotly names it by scope and resolution.
TOPOJSON_FILE = ROOT / "static" / "topojson" / "world_110m.json"


def find_browser() -> str | None:
    """The Chrome or Chromium kaleido should drive, or None.

    `BROWSER_PATH` comes first, as in kaleido's own lookup (choreographer reads the same variable);
    then Debian's /usr/bin/chromium, then a Chrome-family name on PATH. kaleido would also take a
    browser it downloaded itself (`kaleido_get_chrome`), but nothing here downloads one.
    """
    for candidate in (os.environ.get("BROWSER_PATH"), SYSTEM_CHROMIUM):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def export_unavailable() -> str | None:
    """Why PNG/SVG export cannot work here (a line to show the user), or None when it can."""
    if importlib.util.find_spec("kaleido") is None:
        return (
            "تصدير الصور غير متاح · PNG/SVG export needs the kaleido package "
            "(pip install -r requirements.txt); the chart's camera button still saves a PNG."
        )
    if find_browser() is None:
        return (
            "تصدير الصور غير متاح · PNG/SVG export needs Chromium or Chrome "
            "(apt-get install chromium, or set BROWSER_PATH); the chart's camera button still saves a PNG."
        )
    return None


def figure_image(fig: go.Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes, at its own height and (when it sets none) DEFAULT_WIDTH.

    Nothing is fetched: kaleido's page loads the plotly.js that plotly.py ships, no MathJax, and for
    a geo figure the shipped base map, handed to Plotly as a preloaded asset (Plotly would otherwise
    fetch it from its CDN, and a file:// URL is not fetched by the page).

    Raises:
        ValueError: for another format.
        RuntimeError: when kaleido or a browser is missing (the message says which).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unsupported image format {fmt!r}; expected one of {sorted(FORMATS)}")
    reason = export_unavailable()
    if reason is not None:
        raise RuntimeError(reason)
    import kaleido

    opts: dict[str, Any] = {
        "format": fmt,
        "width": fig.layout.width or DEFAULT_WIDTH,
        "height": fig.layout.height or DEFAULT_HEIGHT,
        "scale": PNG_SCALE if fmt == "png" else 1,
    }
    with tempfile.TemporaryDirectory(prefix="majlis-kaleido-") as tmp:
        others = []
        if any(trace.type in GEO_TRACES for trace in fig.data) and TOPOJSON_FILE.is_file():
            assets = Path(tmp) / "geo_assets.js"
            assets.write_text(_geo_assets_script(TOPOJSON_FILE), encoding="utf-8")
            others.append(str(assets))
        page = kaleido.PageGenerator(mathjax=False, others=others)
        # kopts["path"] goes to choreographer's Browser: the very browser find_browser() chose.
        return kaleido.calc_fig_sync(fig, opts=opts, kopts={"path": find_browser(), "page_generator": page})


def _geo_assets_script(topojson_file: Path) -> str:
    # plotly.js looks in window.PlotlyGeoAssets.topojson[name] before it fetches a base map.
    name = json.dumps(topojson_file.stem)
    data = topojson_file.read_text(encoding="utf-8")
    return (
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
        f"window.PlotlyGeoAssets.topojson[{name}] = {data};\n"
    )


def render_chart_downloads(fig: go.Figure, *, name: str, key: str) -> None:
    """PNG and SVG download buttons under a chart, or one line saying why there are none.

    The image is drawn only when a button is clicked (a deferred download): a browser start costs
    seconds, too much for every rerun of the page.
    """
    reason = export_unavailable()
    if reason is not None:
        st.caption(reason)
        return
    # Narrow columns keep the two buttons side by side under the chart, not spread across the page.
    columns = st.columns([1] * len(FORMATS) + [8])
    for column, (fmt, mime) in zip(columns, FORMATS.items(), strict=False):
        with column:
            st.download_button(
                f"⬇ {fmt.upper()}",
                lambda fmt=fmt: figure_image(fig, fmt),
                file_name=f"majlis_{name}.{fmt}",
                mime=mime,
                key=f"{key}-{fmt}",
                on_click="ignore",
                help=f"تنزيل الرسم · Download this chart as {fmt.upper()}",
            )
