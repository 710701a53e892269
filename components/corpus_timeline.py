"""The timeline of every meeting in the filtered corpus, one row per kind, with the undated ones listed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.chart_export import render_chart_downloads
from components.style import EVENT_KIND_COLOURS, EVENT_KIND_LABELS, bilingual, plotly_text, style_figure
from components.tables import render_table
from components.timeline import _stack_offsets, plot_date
from pipeline.actors import Actor
from pipeline.corpus import Meeting
from pipeline.records import MEETING_KINDS

# Names listed in one hover; a summit can have dozens of participants.
HOVER_NAMES = 8


def meeting_names(m: Meeting, actors: Mapping[str, Actor]) -> list[str]:
    """The participants' names, most reported actor first."""
    return [actors[a].name for a in m.actors if a in actors]


def _hover(m: Meeting, actors: Mapping[str, Actor]) -> str:
    ar, en = EVENT_KIND_LABELS.get(m.kind, (m.kind, m.kind))
    names = meeting_names(m, actors)
    lines = [f"<b>{plotly_text(bilingual(ar, en))}</b>"]
    if names:
        more = f" … +{len(names) - HOVER_NAMES}" if len(names) > HOVER_NAMES else ""
        lines.append("، ".join(plotly_text(n) for n in names[:HOVER_NAMES]) + more)
    if m.place:
        lines.append(f"📍 {plotly_text(m.place)}")
    basis = "تاريخ النشر · publication date" if m.dated_by == "published" else "تاريخ الحدث · event date"
    lines.append(f"{plotly_text(m.date or '')} ({basis})")
    outlets = sorted({r.source for r in m.reports if r.source})
    lines.append(
        f"التقارير · reports: {len(m.reports)}" + (f" ({plotly_text('، '.join(outlets))})" if outlets else "")
    )
    return "<br>".join(lines)


def build_corpus_timeline_figure(found: Sequence[Meeting], actors: Mapping[str, Actor]) -> go.Figure:
    """Dated meetings as markers: x = date, y = kind; a bigger marker for a meeting more articles report.

    Each point's customdata is the meeting's index in `found`. A meeting dated only by its article's
    publication date is drawn hollow.
    """
    fig = go.Figure()
    dated = [(i, m, plot_date(m.date)) for i, m in enumerate(found)]
    dated = [(i, m, d) for i, m, d in dated if d is not None]
    kinds = [k for k in MEETING_KINDS if any(m.kind == k for _, m, _ in dated)]
    for row, kind in enumerate(kinds):
        points = [(i, m, d) for i, m, d in dated if m.kind == kind]
        ar, en = EVENT_KIND_LABELS.get(kind, (kind, kind))
        colour = EVENT_KIND_COLOURS.get(kind, "#9e9e9e")
        fig.add_trace(
            go.Scatter(
                x=[d for _, _, d in points],
                y=[row + o for o in _stack_offsets([d for _, _, d in points], step=0.12)],
                mode="markers",
                name=bilingual(ar, en),
                marker={
                    "size": [10 + 3 * min(len(m.reports) - 1, 5) for _, m, _ in points],
                    "color": colour,
                    "symbol": ["circle" if m.dated_by == "event" else "circle-open" for _, m, _ in points],
                    "line": {"width": 2, "color": colour},
                },
                hovertext=[_hover(m, actors) for _, m, _ in points],
                hoverinfo="text",
                customdata=[i for i, _, _ in points],
            )
        )
    return style_figure(
        fig,
        height=max(280, 80 * len(kinds) + 180),
        xaxis={"type": "date", "title": {"text": "التاريخ · Date"}},
        yaxis={
            "tickvals": list(range(len(kinds))),
            "ticktext": [bilingual(*EVENT_KIND_LABELS.get(k, (k, k))) for k in kinds],
            "range": [-0.6, len(kinds) - 0.4],
            "zeroline": False,
        },
        legend={"orientation": "h", "y": -0.2},
    )


def build_meeting_table(found: Sequence[Meeting], actors: Mapping[str, Actor]) -> pd.DataFrame:
    """One row per meeting: date, how it is dated, kind, participants, place, reports and outlets."""
    return pd.DataFrame(
        [
            {
                "date": m.date,
                "dated_by": m.dated_by,
                "kind": m.kind,
                "participants": "، ".join(meeting_names(m, actors)),
                "place": m.place,
                "reports": len(m.reports),
                "outlets": "، ".join(sorted({r.source for r in m.reports if r.source})),
            }
            for m in found
        ],
        columns=["date", "dated_by", "kind", "participants", "place", "reports", "outlets"],
    )


def render_corpus_timeline(found: Sequence[Meeting], actors: Mapping[str, Actor], *, key: str) -> None:
    """Show the meetings on a time axis and all of them, dated or not, in a table."""
    if not found:
        st.info("لا لقاءات في هذا الاختيار · No meetings in this selection")
        return
    if any(plot_date(m.date) for m in found):
        fig = build_corpus_timeline_figure(found, actors)
        st.plotly_chart(fig, key=f"{key}-chart")
        render_chart_downloads(fig, name="corpus_timeline", key=f"{key}-image")
        st.caption(
            "دائرة مفرغة: مؤرخ بتاريخ النشر · hollow: dated by the article's publication date; "
            "الحجم = عدد التقارير · size = reports"
        )
    render_table(build_meeting_table(found, actors), key=f"{key}-table")
