"""The corpus stance views: the matrix across the filtered articles, per-actor bars, one pair over time, evidence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.chart_export import render_chart_downloads
from components.stance_bars import stance_actors
from components.stance_chart import render_actor_bars
from components.stance_evidence import SpanFinder, render_evidence_list, select_pair
from components.stance_matrix import (
    StanceGrid,
    StancePairs,
    build_stance_matrix_figure,
    pair_rows,
    stance_grid,
)
from components.stance_over_time import build_pair_over_time_figure, dated_stances
from components.tables import render_table
from pipeline.actors import Actor
from pipeline.corpus import actor_rank

DEFAULT_TOP = 25


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


def actor_names(actors: Mapping[str, Actor]) -> dict[str, str]:
    return {a: actor.name for a, actor in actors.items()}


def corpus_stance_matrix(
    pairs: StancePairs, actors: Mapping[str, Actor], *, top: int = DEFAULT_TOP
) -> StanceGrid:
    """The grid behind the heatmap over the `top` most involved actors."""
    speakers, targets = matrix_actors(pairs, top=top)
    return stance_grid(pairs, actor_names(actors), speakers, targets)


def build_corpus_stance_figure(
    pairs: StancePairs, actors: Mapping[str, Actor], *, top: int = DEFAULT_TOP
) -> go.Figure:
    """Heatmap of stances between actors: rows who speak, columns about whom; green support, red oppose."""
    return build_stance_matrix_figure(
        corpus_stance_matrix(pairs, actors, top=top), actor_names(actors), tick_angle=-45
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


def render_corpus_stances(
    pairs: StancePairs, actors: Mapping[str, Actor], *, key: str, spans_of: SpanFinder | None = None
) -> None:
    """The stance matrix with a size control, per-actor bars, a pair over time with its evidence, the table.

    spans_of finds the speaker and target in a stance's sentence (it needs the stored analysis);
    without it the evidence is shown unmarked.
    """
    if not pairs:
        st.info("لا مواقف في هذا الاختيار · No stances in this selection")
        return
    names = actor_names(actors)
    top = st.slider("عدد الفاعلين · Actors shown", 5, 80, DEFAULT_TOP, step=5, key=f"{key}-top")
    fig = build_corpus_stance_figure(pairs, actors, top=top)
    st.plotly_chart(fig, key=f"{key}-chart")
    render_chart_downloads(fig, name="corpus_stances", key=f"{key}-image")
    render_table(build_corpus_stance_table(pairs, actors), key=f"{key}-table")
    st.subheader("مع من وضد من · For whom and against whom")
    render_actor_bars(pairs, names, stance_actors(pairs, actor_rank), key=f"{key}-bars")
    st.subheader("زوج عبر الزمن · One pair over time")
    pair = select_pair(pairs, names, key=f"{key}-pair")
    if pair is None:
        return
    rows = pair_rows(pairs, *pair)
    _, undated = dated_stances(rows)
    over_time = build_pair_over_time_figure(rows, names, *pair)
    st.plotly_chart(over_time, key=f"{key}-over-time")
    render_chart_downloads(over_time, name="stance_over_time", key=f"{key}-over-time-image")
    if undated:
        st.caption(f"بلا تاريخ · undated, not drawn: {undated}")
    render_evidence_list(rows, spans_of or (lambda r: ((), ())))
