"""The network of who met whom: entities in meeting-kind events, linked by the events they share."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import Literal

import plotly.graph_objects as go
import streamlit as st

from components import FOCUS_ENTITY_KEY, FOCUS_SENTENCE_KEY, id_sort_key, selected_ids
from components.chart_export import render_chart_downloads
from components.style import (
    EVENT_KIND_LABELS,
    GROUP_PALETTE,
    bilingual,
    entity_colour,
    plotly_text,
    style_figure,
)
from pipeline.records import MEETING_KINDS, Analysis, Entity, Event

NODE_TRACE_NAME = "nodes"
ColourBy = Literal["type", "country"]

#: Meeting edges are grey: colour is for the nodes (type or country) and the stance lines.
EDGE_COLOUR = "#8a97a6"


def _meeting_events(analysis: Analysis) -> list[Event]:
    known = {e.id for e in analysis.entities}
    return [v for v in analysis.events if v.kind in MEETING_KINDS and any(p in known for p in v.participants)]


def _participants(event: Event, known: set[str]) -> list[str]:
    # A participant may be listed twice (alias resolved late); count it once per event.
    return sorted({p for p in event.participants if p in known}, key=id_sort_key)


def network_edges(analysis: Analysis) -> list[tuple[str, str, int]]:
    """(a, b, n) for every pair of entities that took part in n meeting-kind events together, sorted."""
    known = {e.id for e in analysis.entities}
    weights: Counter[tuple[str, str]] = Counter()
    for event in _meeting_events(analysis):
        for a, b in combinations(_participants(event, known), 2):
            weights[(a, b)] += 1
    return sorted(
        ((a, b, n) for (a, b), n in weights.items()), key=lambda t: (id_sort_key(t[0]), id_sort_key(t[1]))
    )


def network_nodes(analysis: Analysis) -> list[Entity]:
    """Entities that took part in at least one meeting-kind event, sorted by id."""
    known = {e.id for e in analysis.entities}
    ids = {p for v in _meeting_events(analysis) for p in _participants(v, known)}
    return sorted((e for e in analysis.entities if e.id in ids), key=lambda e: id_sort_key(e.id))


def circle_layout(ids: list[str]) -> dict[str, tuple[float, float]]:
    """Deterministic positions on the unit circle, first id at the top, going clockwise."""
    n = len(ids)
    if n == 1:
        return {ids[0]: (0.0, 0.0)}
    pos = {}
    for i, entity_id in enumerate(ids):
        angle = math.pi / 2 - 2 * math.pi * i / n
        pos[entity_id] = (round(math.cos(angle), 6), round(math.sin(angle), 6))
    return pos


def _group_of(analysis: Analysis, entity: Entity) -> str:
    # Countries and organisations are their own group; people and places take their affiliation's.
    if entity.type in ("GPE", "ORG"):
        return entity.name
    affiliated = analysis.entity(entity.affiliation)
    return affiliated.name if affiliated is not None else "—"


def _node_hover(analysis: Analysis, entity: Entity, events: list[Event]) -> str:
    lines = [f"<b>{plotly_text(entity.name)}</b>"]
    if entity.name_en:
        lines.append(plotly_text(entity.name_en))
    if entity.role:
        lines.append(plotly_text(entity.role))
    affiliated = analysis.entity(entity.affiliation)
    if affiliated is not None:
        lines.append(plotly_text(affiliated.name))
    for v in events:
        ar, en = EVENT_KIND_LABELS.get(v.kind, (v.kind, v.kind))
        lines.append(
            f"• {plotly_text(bilingual(ar, en))} {plotly_text(v.date or v.date_text or '')}".rstrip()
        )
    return "<br>".join(lines)


def edge_width(weight: int) -> float:
    """Line width for an edge shared by `weight` events."""
    return 1.5 + 2.0 * (weight - 1)


def line_segments(
    pos: Mapping[str, tuple[float, float]], pairs: Iterable[tuple[str, str]]
) -> tuple[list[float | None], list[float | None]]:
    """x and y of straight lines between node pairs, for one trace: a None breaks the path between them."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in pairs:
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    return xs, ys


def edge_traces(
    pos: Mapping[str, tuple[float, float]], edges: Iterable[tuple[str, str, int]], *, prefix: str
) -> list[go.Scatter]:
    """Grey lines for weighted edges, one trace per weight (Plotly sets the width per trace), lightest
    first; each named "<prefix>-<weight>"."""
    by_weight: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for a, b, n in edges:
        by_weight[n].append((a, b))
    traces = []
    for weight in sorted(by_weight):
        xs, ys = line_segments(pos, by_weight[weight])
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"width": edge_width(weight), "color": EDGE_COLOUR},
                hoverinfo="skip",
                showlegend=False,
                name=f"{prefix}-{weight}",
            )
        )
    return traces


def build_network_figure(analysis: Analysis, *, colour_by: ColourBy = "type") -> go.Figure:
    """Participants of meetings, calls, visits and summits as a circle, edges weighted by shared events.

    Edges come first, one trace per weight (Plotly sets line width per trace), then one marker trace
    named "nodes" whose customdata holds the entity ids a click reports.
    """
    nodes = network_nodes(analysis)
    ids = [e.id for e in nodes]
    pos = circle_layout(ids)
    events_of: dict[str, list[Event]] = defaultdict(list)
    known = {e.id for e in analysis.entities}
    for v in _meeting_events(analysis):
        for p in _participants(v, known):
            events_of[p].append(v)

    fig = go.Figure(data=edge_traces(pos, network_edges(analysis), prefix="edges"))

    groups: dict[str, str] = {}
    colours = []
    for e in nodes:
        if colour_by == "country":
            group = _group_of(analysis, e)
            if group not in groups:
                groups[group] = GROUP_PALETTE[len(groups) % len(GROUP_PALETTE)]
            colours.append(groups[group])
        else:
            colours.append(entity_colour(e.type))
    fig.add_trace(
        node_trace(
            [pos[i] for i in ids],
            ids,
            names=[e.name for e in nodes],
            hovers=[_node_hover(analysis, e, events_of[e.id]) for e in nodes],
            sizes=[16 + 6 * len(events_of[i]) for i in ids],
            colours=colours,
        )
    )
    return style_network(fig, height=520)


def node_trace(
    points: Sequence[tuple[float, float]],
    ids: Sequence[str],
    *,
    names: Sequence[str],
    hovers: Sequence[str],
    sizes: Sequence[float],
    colours: Sequence[str],
) -> go.Scatter:
    """The named, clickable nodes of a network (this one and the corpus's): customdata carries the ids."""
    return go.Scatter(
        x=[x for x, _ in points],
        y=[y for _, y in points],
        mode="markers+text",
        name=NODE_TRACE_NAME,
        text=[plotly_text(n) for n in names],
        textposition="top center",
        hovertext=list(hovers),
        hoverinfo="text",
        customdata=list(ids),
        marker={"size": list(sizes), "color": list(colours), "line": {"width": 1, "color": "#ffffff"}},
        showlegend=False,
    )


def style_network(fig: go.Figure, *, height: int, **layout: object) -> go.Figure:
    """A circle layout's square, hidden axes; clicks select nodes rather than pan the view."""
    axis = {"visible": False, "range": [-1.45, 1.45], "fixedrange": True}
    return style_figure(
        fig,
        height=height,
        xaxis=axis,
        yaxis={**axis, "scaleanchor": "x"},
        dragmode=False,
        clickmode="event+select",
        **layout,
    )


def render_network(analysis: Analysis, *, key: str) -> None:
    """Show the meeting network; clicking a node focuses that entity in the article view."""
    if not network_nodes(analysis):
        st.info("لم يُعثر على لقاءات · No meetings found in this article")
        return
    colour_by = st.radio(
        "التلوين حسب · Colour by",
        options=["type", "country"],
        format_func=lambda o: "النوع · type" if o == "type" else "الدولة · country",
        horizontal=True,
        key=f"{key}-colour-by",
    )
    chart_key = f"{key}-chart"

    def _on_select() -> None:
        ids = selected_ids(st.session_state.get(chart_key))
        if ids:
            st.session_state[FOCUS_ENTITY_KEY] = ids[0]
            st.session_state[FOCUS_SENTENCE_KEY] = None

    fig = build_network_figure(analysis, colour_by=colour_by)
    st.plotly_chart(fig, key=chart_key, on_select=_on_select, selection_mode="points")
    render_chart_downloads(fig, name="network", key=f"{key}-image")
    focused = analysis.entity(st.session_state.get(FOCUS_ENTITY_KEY))
    if focused is not None:
        # st.text, not st.caption: the name is article text and must not be read as Markdown.
        st.text(f"المحدد · Selected: {focused.name} — see the Article tab")
    else:
        st.caption("انقر على مشارك لإبرازه في المقال · Click a participant to highlight it in the article")
