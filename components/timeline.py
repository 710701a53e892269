"""The events of an article on a time axis, one row per event kind; undated events in a table below."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import FOCUS_ENTITY_KEY, FOCUS_SENTENCE_KEY, selected_ids
from components.chart_export import render_chart_downloads
from components.style import EVENT_KIND_COLOURS, EVENT_KIND_LABELS, bilingual, plotly_text, style_figure
from components.tables import render_table
from pipeline.records import EVENT_KINDS, Analysis

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def plot_date(date: str | None) -> str | None:
    """The day an event is plotted on: YYYY-MM → the 1st of the month, YYYY → 1 January; None if unusable."""
    if not date:
        return None
    m = _PARTIAL_DATE.fullmatch(date.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def timeline_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One dict per event: dated events by date (then text order), undated ones after, in text order.

    Keys: id, kind, date (the plotted YYYY-MM-DD or None), date_raw (Event.date), date_text,
    participants (names), place (name or None), sentence.
    """
    rows = []
    for order, v in enumerate(analysis.events):
        names = []
        for p in v.participants:
            entity = analysis.entity(p)
            names.append(entity.name if entity is not None else p)
        place = analysis.entity(v.location)
        rows.append(
            {
                "id": v.id,
                "kind": v.kind,
                "date": plot_date(v.date),
                "date_raw": v.date,
                "date_text": v.date_text,
                "participants": names,
                "place": place.name if place is not None else v.location,
                "sentence": v.sentence,
                "_order": order,
            }
        )
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["_order"]))
    for r in rows:
        del r["_order"]
    return rows


def _hover(row: dict[str, Any]) -> str:
    ar, en = EVENT_KIND_LABELS.get(row["kind"], (row["kind"], row["kind"]))
    lines = [f"<b>{plotly_text(bilingual(ar, en))}</b>"]
    if row["participants"]:
        lines.append("، ".join(plotly_text(n) for n in row["participants"]))
    if row["place"]:
        lines.append(f"📍 {plotly_text(row['place'])}")
    lines.append(plotly_text(row["date_text"] or row["date_raw"] or ""))
    return "<br>".join(line for line in lines if line)


def _stack_offsets(dates: list[str], step: float = 0.18) -> list[float]:
    """Vertical offsets that fan out events of one kind on one day, so none hides another."""
    seen: dict[str, int] = {}
    totals = {d: dates.count(d) for d in dates}
    out = []
    for d in dates:
        k = seen.get(d, 0)
        seen[d] = k + 1
        out.append(round((k - (totals[d] - 1) / 2) * step, 3))
    return out


def build_timeline_figure(analysis: Analysis) -> go.Figure:
    """Dated events as markers: x = date, y = kind, one trace per kind coloured by kind.

    Each point's customdata is [event id, sentence index] so a click can point back to the article.
    """
    dated = [r for r in timeline_rows(analysis) if r["date"] is not None]
    fig = go.Figure()
    kinds_present = [k for k in EVENT_KINDS if any(r["kind"] == k for r in dated)]
    kinds_present += sorted({r["kind"] for r in dated} - set(EVENT_KINDS))
    for row_number, kind in enumerate(kinds_present):
        rows = [r for r in dated if r["kind"] == kind]
        ar, en = EVENT_KIND_LABELS.get(kind, (kind, kind))
        fig.add_trace(
            go.Scatter(
                x=[r["date"] for r in rows],
                y=[row_number + offset for offset in _stack_offsets([r["date"] for r in rows])],
                mode="markers",
                name=bilingual(ar, en),
                marker={"size": 16, "color": EVENT_KIND_COLOURS.get(kind, "#9e9e9e"), "symbol": "circle"},
                hovertext=[_hover(r) for r in rows],
                hoverinfo="text",
                customdata=[[r["id"], r["sentence"]] for r in rows],
            )
        )
    return style_figure(
        fig,
        height=max(260, 70 * len(kinds_present) + 160),
        xaxis={"type": "date", "title": {"text": "التاريخ · Date"}},
        yaxis={
            "tickvals": list(range(len(kinds_present))),
            "ticktext": [bilingual(*EVENT_KIND_LABELS.get(k, (k, k))) for k in kinds_present],
            "range": [-0.6, len(kinds_present) - 0.4],
            "zeroline": False,
        },
        legend={"orientation": "h", "y": -0.25},
        clickmode="event+select",
    )


def _undated_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "kind": r["kind"],
                "participants": "، ".join(r["participants"]),
                "place": r["place"],
                "date_text": r["date_text"],
            }
            for r in rows
        ],
        columns=["kind", "participants", "place", "date_text"],
    )


def render_timeline(analysis: Analysis, *, key: str) -> None:
    """Show the dated events on a timeline and the undated ones in a table below it."""
    rows = timeline_rows(analysis)
    if not rows:
        st.info("لم يُعثر على أحداث · No events found in this article")
        return
    dated = [r for r in rows if r["date"] is not None]
    undated = [r for r in rows if r["date"] is None]
    chart_key = f"{key}-chart"
    sentence_of = {r["id"]: r["sentence"] for r in rows}

    def _on_select() -> None:
        ids = selected_ids(st.session_state.get(chart_key))
        if ids and ids[0] in sentence_of:
            st.session_state[FOCUS_SENTENCE_KEY] = sentence_of[ids[0]]
            st.session_state[FOCUS_ENTITY_KEY] = None

    if dated:
        fig = build_timeline_figure(analysis)
        st.plotly_chart(fig, key=chart_key, on_select=_on_select, selection_mode="points")
        render_chart_downloads(fig, name="timeline", key=f"{key}-image")
        if st.session_state.get(FOCUS_SENTENCE_KEY) is not None:
            st.caption(
                "الحدث المحدد معروض في تبويب المقال · The selected event's sentence is shown in the Article tab"
            )
        else:
            st.caption(
                "انقر على حدث لعرض جملته في المقال · Click an event to show its sentence in the article"
            )
    else:
        st.info("لا أحداث مؤرخة · No dated events in this article")
    if undated:
        st.markdown("**أحداث بلا تاريخ · Undated events**")
        render_table(_undated_table(undated), key=f"{key}-undated")
