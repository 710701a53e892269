"""The corpus participant network: actors merged across articles, edges weighted by meetings, stances on top."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

import plotly.graph_objects as go
import streamlit as st

from components import selected_ids
from components.chart_export import render_chart_downloads
from components.network import (
    NODE_TRACE_NAME,
    circle_layout,
    edge_traces,
    line_segments,
    node_trace,
    style_network,
)
from components.style import (
    ENTITY_LABELS,
    POLARITY_COLOURS,
    POLARITY_LABELS,
    POLARITY_VALUES,
    bilingual,
    entity_colour,
    plotly_text,
)
from pipeline.actors import Actor
from pipeline.corpus import Meeting, actor_rank, meeting_counts, meeting_edges
from pipeline.rows import StanceRow

STANCE_HOVER_TRACE = "stance-hover"
DEFAULT_TOP = 40

StancePairs = Mapping[tuple[str, str], Sequence[StanceRow]]


def pair_polarity(rows: Sequence[StanceRow]) -> str:
    """The polarity a pair's stances add up to: the sign of their mean (+1 support, -1 oppose)."""
    total = sum(POLARITY_VALUES.get(r.polarity, 0.0) for r in rows)
    return "support" if total > 0 else "oppose" if total < 0 else "neutral"


def network_selection(
    found: Sequence[Meeting], stances: StancePairs | None = None, *, top: int = DEFAULT_TOP
) -> tuple[list[str], list[tuple[str, str, int]], list[tuple[str, str]]]:
    """Which actors and edges the network shows.

    Args:
        found: the meetings of the filtered corpus.
        stances: stance rows by (speaker, target) actor pair, or None to leave stances out.
        top: at most this many actors, those in the most meetings (and stances) first.

    Returns:
        (nodes, meeting edges (a, b, meetings), stance pairs (speaker, target)) among the kept nodes;
        nodes sorted by actor rank.
    """
    strength: Counter[str] = Counter(meeting_counts(found))
    for (speaker, target), rows in (stances or {}).items():
        strength[speaker] += len(rows)
        strength[target] += len(rows)
    kept = set(sorted(strength, key=lambda a: (-strength[a], actor_rank(a)))[:top])
    nodes = sorted(kept, key=actor_rank)
    edges = [(a, b, n) for a, b, n in meeting_edges(found) if a in kept and b in kept]
    pairs = sorted(
        (p for p in (stances or {}) if p[0] in kept and p[1] in kept),
        key=lambda p: (actor_rank(p[0]), actor_rank(p[1])),
    )
    return nodes, edges, pairs


def actor_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Positions on the unit circle, each group of actors who met one another side by side.

    A circle keeps every Arabic name legible, where a force layout piles each group's names on
    top of one another; groups go largest first, and within one, by actor rank.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    groups = sorted(nx.connected_components(graph), key=lambda g: (-len(g), min(actor_rank(n) for n in g)))
    return circle_layout([n for g in groups for n in sorted(g, key=actor_rank)])


def _node_hover(actor: Actor, meetings_n: int) -> str:
    ar, en = ENTITY_LABELS.get(actor.type, (actor.type, actor.type))
    lines = [f"<b>{plotly_text(actor.name)}</b>"]
    if actor.name_en:
        lines.append(plotly_text(actor.name_en))
    lines.append(bilingual(ar, en))
    lines.append(f"اللقاءات · meetings: {meetings_n}")
    lines.append(f"المقالات · articles: {actor.articles}")
    others = [n for n in actor.names if n != actor.name][:4]
    if others:
        lines.append("، ".join(plotly_text(n) for n in others))
    return "<br>".join(lines)


def _stance_hover(actors: Mapping[str, Actor], pair: tuple[str, str], rows: Sequence[StanceRow]) -> str:
    counts = Counter(r.polarity for r in rows)
    # Two labelled lines rather than an arrow: bidi reordering of Arabic names can flip an arrow.
    lines = [
        f"من · from: <b>{plotly_text(actors[pair[0]].name)}</b>",
        f"إلى · to: <b>{plotly_text(actors[pair[1]].name)}</b>",
    ]
    lines += [f"{bilingual(*POLARITY_LABELS[p])}: {counts[p]}" for p in POLARITY_LABELS if counts[p]]
    return "<br>".join(lines)


def build_corpus_network_figure(
    found: Sequence[Meeting],
    actors: Mapping[str, Actor],
    *,
    stances: StancePairs | None = None,
    top: int = DEFAULT_TOP,
) -> go.Figure:
    """Actors who met, on a circle by groups that met one another; edge width = meetings together.

    Traces: one grey line trace per meeting weight ("meetings-N"); with stances, one dashed trace
    per polarity (named by its label, meta "stances-support", ...) and a marker trace at each stance
    edge's middle for its hover ("stance-hover"); last the "nodes" trace, whose customdata holds
    the actor ids.
    """
    nodes, edges, pairs = network_selection(found, stances, top=top)
    pos = actor_layout(nodes, [(a, b) for a, b, _ in edges] + list(pairs))
    counts = meeting_counts(found)
    fig = go.Figure(data=edge_traces(pos, edges, prefix="meetings"))
    if stances is not None:
        by_polarity: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pair in pairs:
            by_polarity[pair_polarity(stances[pair])].append(pair)
        for polarity in POLARITY_LABELS:
            if not by_polarity[polarity]:
                continue
            xs, ys = line_segments(pos, by_polarity[polarity])
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"width": 1.5, "color": POLARITY_COLOURS[polarity], "dash": "dash"},
                    hoverinfo="skip",
                    # The legend shows the name; meta names the trace for code and tests.
                    name=bilingual(*POLARITY_LABELS[polarity]),
                    meta=f"stances-{polarity}",
                    legendgroup="stances",
                    showlegend=True,
                )
            )
        if pairs:
            fig.add_trace(
                go.Scatter(
                    x=[round((pos[a][0] + pos[b][0]) / 2, 4) for a, b in pairs],
                    y=[round((pos[a][1] + pos[b][1]) / 2, 4) for a, b in pairs],
                    mode="markers",
                    marker={"size": 7, "color": [POLARITY_COLOURS[pair_polarity(stances[p])] for p in pairs]},
                    hovertext=[_stance_hover(actors, p, stances[p]) for p in pairs],
                    hoverinfo="text",
                    name=STANCE_HOVER_TRACE,
                    showlegend=False,
                )
            )
    fig.add_trace(
        node_trace(
            [pos[n] for n in nodes],
            nodes,
            names=[actors[n].name for n in nodes],
            hovers=[_node_hover(actors[n], counts[n]) for n in nodes],
            sizes=[12 + 3 * min(counts[n], 10) for n in nodes],
            colours=[entity_colour(actors[n].type) for n in nodes],
        )
    )
    return style_network(fig, height=760, legend={"orientation": "h", "y": -0.05})


def render_corpus_network(
    found: Sequence[Meeting],
    actors: Mapping[str, Actor],
    stances: StancePairs,
    *,
    key: str,
    on_actor: Callable[[str], None] | None = None,
) -> None:
    """Show the network with its controls; clicking an actor calls on_actor with its id."""
    if not meeting_counts(found):
        st.info("لا لقاءات في هذا الاختيار · No meetings in this selection")
        return
    left, right = st.columns(2)
    with left:
        show_stances = st.checkbox("إظهار المواقف · Show stances", value=False, key=f"{key}-stances")
    with right:
        top = st.slider("عدد الفاعلين · Actors shown", 5, 150, DEFAULT_TOP, step=5, key=f"{key}-top")
    chart_key = f"{key}-chart"

    def _on_select() -> None:
        picked = selected_ids(st.session_state.get(chart_key))
        if picked and on_actor is not None and picked[0] in actors:
            on_actor(picked[0])

    drawn = stances if show_stances else None
    fig = build_corpus_network_figure(found, actors, stances=drawn, top=top)
    st.plotly_chart(fig, key=chart_key, on_select=_on_select, selection_mode="points")
    render_chart_downloads(fig, name="corpus_network", key=f"{key}-image")
    shown = len(next(t for t in fig.data if t.name == NODE_TRACE_NAME).x)
    total = len(network_selection(found, drawn, top=len(actors))[0])
    st.caption(f"الفاعلون المعروضون · actors shown: {shown} / {total}")
    st.caption("عرض الخط = عدد اللقاءات · line width = meetings")
    st.caption("انقر على فاعل لفتح صفحته · click an actor to open its page")
