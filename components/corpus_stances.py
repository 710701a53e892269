"""The corpus stance matrix: who backs or opposes whom across the filtered articles, actors merged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

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
from pipeline.actors import Actor
from pipeline.corpus import actor_rank
from pipeline.rows import StanceRow

DEFAULT_TOP = 25
# Evidence sentences quoted in one cell's hover; the table below the chart has all of them.
HOVER_QUOTES = 3
HOVER_QUOTE_CHARS = 140

StancePairs = Mapping[tuple[str, str], Sequence[StanceRow]]


def matrix_actors(pairs: StancePairs, *, top: int = DEFAULT_TOP) -> tuple[list[str], list[str]]:
    """(speakers, targets): the `top` actors with the most stances, given or received, by actor rank."""
    weight: Counter[str] = Counter()
    for (speaker, target), rows in pairs.items():
        weight[speaker] += len(rows)
        weight[target] += len(rows)
    kept = set(sorted(weight, key=lambda a: (-weight[a], actor_rank(a)))[:top])
    speakers = sorted({s for s, t in pairs if s in kept and t in kept}, key=actor_rank)
    targets = sorted({t for s, t in pairs if s in kept and t in kept}, key=actor_rank)
    return speakers, targets


def _hover(actors: Mapping[str, Actor], speaker: str, target: str, rows: Sequence[StanceRow]) -> str:
    counts = Counter(r.polarity for r in rows)
    lines = [
        f"من · from: <b>{plotly_text(actors[speaker].name)}</b>",
        f"إلى · to: <b>{plotly_text(actors[target].name)}</b>",
        " · ".join(f"{bilingual(*POLARITY_LABELS[p])}: {counts[p]}" for p in POLARITY_LABELS if counts[p]),
    ]
    for r in rows[:HOVER_QUOTES]:
        meta = " ".join(x for x in (r.source, r.date) if x)
        lines.append(f"«{plotly_text(truncate(r.evidence, HOVER_QUOTE_CHARS))}» {plotly_text(meta)}")
    if len(rows) > HOVER_QUOTES:
        lines.append(f"… +{len(rows) - HOVER_QUOTES}")
    return "<br>".join(lines)


def corpus_stance_matrix(
    pairs: StancePairs, actors: Mapping[str, Actor], *, top: int = DEFAULT_TOP
) -> tuple[list[str], list[str], list[list[float | None]], list[list[str]], list[list[str]]]:
    """The grid behind the heatmap.

    Returns:
        (speakers, targets, values, counts, hovers): actor ids; values[i][j] is the mean of +1 support,
        -1 oppose, 0 neutral over the stances of speakers[i] toward targets[j] (None for none);
        counts[i][j] their number as text ("" for none); hovers name the pair and quote evidence.
    """
    speakers, targets = matrix_actors(pairs, top=top)
    values: list[list[float | None]] = []
    counts: list[list[str]] = []
    hovers: list[list[str]] = []
    for s in speakers:
        row_v: list[float | None] = []
        row_n: list[str] = []
        row_h: list[str] = []
        for t in targets:
            rows = [r for r in pairs.get((s, t), ()) if r.polarity in POLARITY_VALUES]
            if not rows:
                row_v.append(None)
                row_n.append("")
                row_h.append("")
                continue
            row_v.append(round(sum(POLARITY_VALUES[r.polarity] for r in rows) / len(rows), 4))
            row_n.append(str(len(rows)))
            row_h.append(_hover(actors, s, t, rows))
        values.append(row_v)
        counts.append(row_n)
        hovers.append(row_h)
    return speakers, targets, values, counts, hovers


def build_corpus_stance_figure(
    pairs: StancePairs, actors: Mapping[str, Actor], *, top: int = DEFAULT_TOP
) -> go.Figure:
    """Heatmap of stances between actors: rows who speak, columns about whom; green support, red oppose."""
    speakers, targets, values, counts, hovers = corpus_stance_matrix(pairs, actors, top=top)
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=targets,
            y=speakers,
            text=counts,
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
    # Actor ids on the axes keep two actors of one name apart; the tick text shows the names.
    return style_figure(
        fig,
        height=max(360, 28 * len(speakers) + 220),
        xaxis={
            "title": {"text": "الهدف · Target"},
            "type": "category",
            "tickvals": targets,
            "ticktext": [plotly_text(actors[t].name) for t in targets],
            "tickangle": -45,
        },
        yaxis={
            "title": {"text": "المصدر · Source"},
            "type": "category",
            "tickvals": speakers,
            "ticktext": [plotly_text(actors[s].name) for s in speakers],
            "autorange": "reversed",
        },
    )


def build_corpus_stance_table(pairs: StancePairs, actors: Mapping[str, Actor]) -> pd.DataFrame:
    """One row per stance: speaker and target actors, polarity, confidence, date, outlet, evidence."""
    rows = [
        {
            "speaker": actors[s].name,
            "target": actors[t].name,
            "polarity": r.polarity,
            "confidence": round(r.confidence, 2),
            "date": r.date,
            "source": r.source,
            "evidence": r.evidence,
        }
        for (s, t), found in sorted(
            pairs.items(), key=lambda kv: (actor_rank(kv[0][0]), actor_rank(kv[0][1]))
        )
        for r in found
    ]
    return pd.DataFrame(
        rows, columns=["speaker", "target", "polarity", "confidence", "date", "source", "evidence"]
    )


def render_corpus_stances(pairs: StancePairs, actors: Mapping[str, Actor], *, key: str) -> None:
    """Show the stance matrix, a size control and every stance with its evidence."""
    if not pairs:
        st.info("لا مواقف في هذا الاختيار · No stances in this selection")
        return
    top = st.slider("عدد الفاعلين · Actors shown", 5, 80, DEFAULT_TOP, step=5, key=f"{key}-top")
    fig = build_corpus_stance_figure(pairs, actors, top=top)
    st.plotly_chart(fig, key=f"{key}-chart")
    render_chart_downloads(fig, name="corpus_stances", key=f"{key}-image")
    st.dataframe(
        build_corpus_stance_table(pairs, actors),
        hide_index=True,
        key=f"{key}-table",
        column_config={
            "speaker": st.column_config.TextColumn("المصدر · Source"),
            "target": st.column_config.TextColumn("الهدف · Target"),
            "polarity": st.column_config.TextColumn("الموقف · Polarity"),
            "confidence": st.column_config.NumberColumn("الثقة · Confidence", format="%.2f"),
            "date": st.column_config.TextColumn("التاريخ · Date"),
            "source": st.column_config.TextColumn("الوسيلة · Outlet"),
            "evidence": st.column_config.TextColumn("الدليل · Evidence", width="large"),
        },
    )
