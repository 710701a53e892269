"""Shared look of every view: colours per entity type, polarity and event kind, fonts, text helpers."""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

# Arabic-capable faces first; the browser shapes and orders Arabic itself, so we never reshape or reverse.
FONT_FAMILY = "Noto Naskh Arabic, Noto Sans Arabic, DejaVu Sans, Tahoma, Arial, sans-serif"

# Background tints light enough that black Arabic text stays readable on them.
ENTITY_COLOURS: dict[str, str] = {
    "PER": "#f6c6c6",
    "ORG": "#c6dcf6",
    "GPE": "#c9ecc4",
    "LOC": "#f3e2b3",
}
# Saturated counterparts for chart markers, where the colour is the whole mark.
ENTITY_MARKER_COLOURS: dict[str, str] = {
    "PER": "#d1495b",
    "ORG": "#2e6fba",
    "GPE": "#3a9a3f",
    "LOC": "#c58b0f",
}
FALLBACK_COLOUR = "#9e9e9e"

ENTITY_LABELS: dict[str, tuple[str, str]] = {
    "PER": ("شخص", "Person"),
    "ORG": ("منظمة", "Organisation"),
    "GPE": ("دولة / كيان سياسي", "Country / GPE"),
    "LOC": ("مكان", "Location"),
}

POLARITY_COLOURS: dict[str, str] = {
    "support": "#1a9850",
    "oppose": "#d73027",
    "neutral": "#bdbdbd",
}
POLARITY_VALUES: dict[str, float] = {"support": 1.0, "oppose": -1.0, "neutral": 0.0}
POLARITY_LABELS: dict[str, tuple[str, str]] = {
    "support": ("تأييد", "support"),
    "oppose": ("معارضة", "oppose"),
    "neutral": ("حياد", "neutral"),
}

EVENT_KIND_COLOURS: dict[str, str] = {
    "meeting": "#2e6fba",
    "call": "#7b3fa0",
    "visit": "#3a9a3f",
    "summit": "#c58b0f",
    "agreement": "#d1495b",
    "statement": "#5f6b73",
    "other": "#9e9e9e",
}
EVENT_KIND_LABELS: dict[str, tuple[str, str]] = {
    "meeting": ("اجتماع", "meeting"),
    "call": ("اتصال", "call"),
    "visit": ("زيارة", "visit"),
    "summit": ("قمة", "summit"),
    "agreement": ("اتفاق", "agreement"),
    "statement": ("تصريح", "statement"),
    "other": ("أخرى", "other"),
}

# A categorical palette for colouring network nodes by country/organisation.
GROUP_PALETTE = ("#2e6fba", "#d1495b", "#3a9a3f", "#c58b0f", "#7b3fa0", "#1b9e9e", "#e07b39", "#5f6b73")

HOVER_TRUNCATE = 200


def bilingual(ar: str, en: str) -> str:
    """'عربي · English', the label form used on every axis, legend and header."""
    return f"{ar} · {en}"


def entity_colour(entity_type: str) -> str:
    """Marker colour of an entity type, grey for a type we do not know."""
    return ENTITY_MARKER_COLOURS.get(entity_type, FALLBACK_COLOUR)


def truncate(text: str, limit: int = HOVER_TRUNCATE) -> str:
    """Cut text to at most `limit` characters, ending with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


#: Characters that Streamlit's Markdown reads as markup inside a line: emphasis, code, links, raw HTML,
#: tables, strike-through, LaTeX and headings. Any ASCII punctuation may be backslash-escaped.
MARKDOWN_SPECIALS = frozenset("\\`*_[]<>|~$#")


def markdown_text(text: str | None) -> str:
    """Escape article text (a source, a file name, a date read from a file) for st.caption/error/warning.

    Those render Markdown without raw HTML, so '<script>' never runs, but '*x*', '[a](b)' or '<b>' in
    the text would still be read as markup; a backslash before each such character shows it as typed.
    """
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in text or "")


def plotly_text(text: str | None) -> str:
    """Escape article text for Plotly labels and hovers.

    Plotly reads a small HTML subset (<br>, <b>, <a href>) in text and hovers, so article text that
    contains '<' could inject a link or break the label; Plotly decodes &lt; &gt; &amp; back for display.
    """
    return html.escape(text or "", quote=False)


def style_figure(fig: go.Figure, *, height: int = 480, **layout: Any) -> go.Figure:
    """Apply the shared font, margins and hover style to a figure and return it."""
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}, "align": "right"},
        margin={"l": 20, "r": 20, "t": 40, "b": 20},
        height=height,
        **layout,
    )
    return fig


def entity_css() -> str:
    """CSS rules for entity marks, generated here so the article and the charts share one palette."""
    rules = [
        f"mark.ent-{t} {{ background-color: {bg}; border-bottom: 2px solid {ENTITY_MARKER_COLOURS[t]}; }}"
        for t, bg in ENTITY_COLOURS.items()
    ]
    return "\n".join(rules)
