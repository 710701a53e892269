"""The map of meeting places: Plotly geo markers at coordinates from the team's place and capital tables."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.chart_export import render_chart_downloads
from components.corpus_timeline import meeting_names
from components.style import EVENT_KIND_LABELS, FONT_FAMILY, bilingual, plotly_text, style_figure
from components.tables import render_table
from pipeline.actors import Actor
from pipeline.corpus import CAPITAL, Meeting, PlacePoint

PLACE_TRACE_NAME = "places"
# Where Plotly finds its base map when Streamlit serves static/ (see static/topojson/README.md);
# relative, so it also holds under a server.baseUrlPath.
TOPOJSON_URL = "app/static/topojson/"
HOVER_MEETINGS = 6
MARKER_COLOUR = "#2e6fba"


def marker_size(meetings: int) -> float:
    """Marker diameter for a place with this many meetings: area grows with the count."""
    return round(8 + 6 * math.sqrt(meetings - 1), 2)


def _hover(point: PlacePoint, found: Sequence[Meeting], actors: Mapping[str, Actor]) -> str:
    lines = [
        f"<b>{plotly_text(point.name)}</b>" + (f" · {plotly_text(point.name_en)}" if point.name_en else "")
    ]
    if point.located_by == CAPITAL:
        lines.append("(مرسومة عند العاصمة · drawn at the capital)")
    lines.append(f"اللقاءات · meetings: {len(point.meetings)}")
    for i in point.meetings[:HOVER_MEETINGS]:
        m = found[i]
        ar, _ = EVENT_KIND_LABELS.get(m.kind, (m.kind, m.kind))
        names = "، ".join(plotly_text(n) for n in meeting_names(m, actors)[:4])
        lines.append(f"• {plotly_text(m.date or '')} {ar}: {names}")
    if len(point.meetings) > HOVER_MEETINGS:
        lines.append(f"… +{len(point.meetings) - HOVER_MEETINGS}")
    return "<br>".join(lines)


def build_meeting_map_figure(
    points: Sequence[PlacePoint], found: Sequence[Meeting], actors: Mapping[str, Actor]
) -> go.Figure:
    """One marker per meeting place, sized by its meetings; customdata holds the place names."""
    fig = go.Figure(
        go.Scattergeo(
            lat=[p.lat for p in points],
            lon=[p.lon for p in points],
            text=[plotly_text(p.name) for p in points],
            customdata=[p.name for p in points],
            mode="markers+text",
            textposition="top center",
            textfont={"family": FONT_FAMILY, "size": 12},
            marker={
                "size": [marker_size(len(p.meetings)) for p in points],
                "color": MARKER_COLOUR,
                "opacity": 0.8,
                "line": {"width": 1, "color": "#ffffff"},
            },
            hovertext=[_hover(p, found, actors) for p in points],
            hoverinfo="text",
            name=PLACE_TRACE_NAME,
        )
    )
    return style_figure(
        fig,
        height=540,
        geo={
            "projection": {"type": "natural earth"},
            "showcountries": True,
            "countrycolor": "#c8ccd2",
            "showland": True,
            "landcolor": "#f3f1ec",
            "fitbounds": "locations" if points else False,
        },
    )


def plot_config() -> dict[str, str]:
    """Plotly config pointing at the bundled base map when static serving is on (else Plotly's CDN)."""
    return {"topojsonURL": TOPOJSON_URL} if st.get_option("server.enableStaticServing") else {}


def render_meeting_map(
    points: Sequence[PlacePoint],
    unmapped: Sequence[tuple[str, int]],
    found: Sequence[Meeting],
    actors: Mapping[str, Actor],
    *,
    key: str,
) -> None:
    """Show the map, then the places the tables cannot locate."""
    if not points and not unmapped:
        st.info("لا أماكن لقاءات في هذا الاختيار · No meeting places in this selection")
        return
    if points:
        fig = build_meeting_map_figure(points, found, actors)
        st.plotly_chart(fig, key=f"{key}-chart", config=plot_config())
        render_chart_downloads(fig, name="corpus_map", key=f"{key}-image")
        st.caption(
            f"اللقاءات · meetings: {sum(len(p.meetings) for p in points)} — الأماكن · places: {len(points)}"
        )
        st.caption("الإحداثيات من جداول الأماكن والعواصم · coordinates from the place and capital tables")
    if unmapped:
        st.markdown(f"**{bilingual('أماكن بلا إحداثيات', 'Places without coordinates')}**")
        render_table(pd.DataFrame(unmapped, columns=["place", "meetings"]), key=f"{key}-unmapped")
