"""Who supports or opposes whom: a source × target heatmap and the evidence behind each cell."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import id_sort_key
from components.chart_export import render_chart_downloads
from components.style import (
    POLARITY_COLOURS,
    POLARITY_LABELS,
    POLARITY_VALUES,
    bilingual,
    plotly_text,
    style_figure,
    truncate,
)
from pipeline.records import Analysis, Stance


def _label(analysis: Analysis, entity_id: str) -> str:
    entity = analysis.entity(entity_id)
    return entity.name if entity is not None else entity_id


def _stance_hover(analysis: Analysis, stances: list[Stance]) -> str:
    first = stances[0]
    # Two labelled lines rather than "A → B": bidi reordering of Arabic names can flip an arrow's meaning.
    lines = [
        f"من · from: <b>{plotly_text(_label(analysis, first.source))}</b>",
        f"إلى · to: <b>{plotly_text(_label(analysis, first.target))}</b>",
    ]
    for s in stances:
        ar, en = POLARITY_LABELS.get(s.polarity, (s.polarity, s.polarity))
        lines.append(f"{plotly_text(bilingual(ar, en))} ({s.confidence:.2f})")
        lines.append(plotly_text(truncate(s.evidence)))
    return "<br>".join(lines)


def stance_matrix(
    analysis: Analysis,
) -> tuple[list[str], list[str], list[list[float | None]], list[list[str]]]:
    """The stance grid behind the heatmap.

    Returns:
        (sources, targets, values, hovertexts): source and target entity ids sorted by id; values[i][j]
        is the mean of +1 support / -1 oppose / 0 neutral over the stances of sources[i] toward
        targets[j], None where there is none; hovertexts[i][j] names the pair and lists each stance's
        polarity, confidence and escaped, truncated evidence ("" for empty cells).
    """
    cells: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for s in analysis.stances:
        if s.polarity in POLARITY_VALUES:
            cells[(s.source, s.target)].append(s)
    sources = sorted({src for src, _ in cells}, key=id_sort_key)
    targets = sorted({tgt for _, tgt in cells}, key=id_sort_key)
    values: list[list[float | None]] = []
    hovers: list[list[str]] = []
    for src in sources:
        row_v: list[float | None] = []
        row_h: list[str] = []
        for tgt in targets:
            found = cells.get((src, tgt))
            if not found:
                row_v.append(None)
                row_h.append("")
                continue
            row_v.append(round(sum(POLARITY_VALUES[s.polarity] for s in found) / len(found), 4))
            row_h.append(_stance_hover(analysis, found))
        values.append(row_v)
        hovers.append(row_h)
    return sources, targets, values, hovers


def _counts(analysis: Analysis, sources: list[str], targets: list[str]) -> list[list[str]]:
    n: dict[tuple[str, str], int] = defaultdict(int)
    for s in analysis.stances:
        if s.polarity in POLARITY_VALUES:
            n[(s.source, s.target)] += 1
    return [[str(n[(a, b)]) if n[(a, b)] else "" for b in targets] for a in sources]


def build_stance_figure(analysis: Analysis) -> go.Figure:
    """Heatmap of stances, rows = who speaks, columns = about whom; green support, red oppose."""
    sources, targets, values, hovers = stance_matrix(analysis)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=targets,
            y=sources,
            text=_counts(analysis, sources, targets),
            texttemplate="%{text}",
            hovertext=hovers,
            hoverinfo="text",
            zmin=-1,
            zmax=1,
            zmid=0,
            colorscale=[
                [0.0, POLARITY_COLOURS["oppose"]],
                [0.5, "#f7f7f7"],
                [1.0, POLARITY_COLOURS["support"]],
            ],
            colorbar={
                "tickvals": [-1, 0, 1],
                "ticktext": [bilingual(*POLARITY_LABELS[p]) for p in ("oppose", "neutral", "support")],
            },
            xgap=2,
            ygap=2,
            name="stances",
        )
    )
    # Ids on the axes keep two entities with the same name apart; the tick text shows the names.
    return style_figure(
        fig,
        height=max(320, 90 * len(sources) + 160),
        xaxis={
            "title": {"text": "الهدف · Target"},
            "type": "category",
            "tickvals": targets,
            "ticktext": [plotly_text(_label(analysis, t)) for t in targets],
        },
        yaxis={
            "title": {"text": "المصدر · Source"},
            "type": "category",
            "tickvals": sources,
            "ticktext": [plotly_text(_label(analysis, s)) for s in sources],
            "autorange": "reversed",
        },
    )


def build_stance_table(analysis: Analysis) -> pd.DataFrame:
    """One row per stance: source and target names, polarity, confidence, evidence sentence."""
    rows = [
        {
            "source": _label(analysis, s.source),
            "target": _label(analysis, s.target),
            "polarity": s.polarity,
            "confidence": round(s.confidence, 2),
            "evidence": s.evidence,
        }
        for s in analysis.stances
    ]
    return pd.DataFrame(rows, columns=["source", "target", "polarity", "confidence", "evidence"])


def render_stances(analysis: Analysis, *, key: str) -> None:
    """Show the stance heatmap and the table of stances with their evidence."""
    sources, _, _, _ = stance_matrix(analysis)
    if not sources:
        st.info("لم يُعثر على مواقف · No stances found in this article")
        return
    fig = build_stance_figure(analysis)
    st.plotly_chart(fig, key=f"{key}-chart")
    render_chart_downloads(fig, name="stances", key=f"{key}-image")
    st.dataframe(
        build_stance_table(analysis),
        hide_index=True,
        key=f"{key}-table",
        column_config={
            "source": st.column_config.TextColumn("المصدر · Source"),
            "target": st.column_config.TextColumn("الهدف · Target"),
            "polarity": st.column_config.TextColumn("الموقف · Polarity"),
            "confidence": st.column_config.NumberColumn("الثقة · Confidence", format="%.2f"),
            "evidence": st.column_config.TextColumn("الدليل · Evidence", width="large"),
        },
    )
