"""Who supports or opposes whom in one article: the matrix, per-actor bars and the evidence behind each pair."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import id_sort_key
from components.chart_export import render_chart_downloads
from components.stance_bars import DIRECTIONS, build_stance_bars_figure, stance_actors
from components.stance_evidence import render_evidence_list, select_pair
from components.stance_matrix import (
    StanceGrid,
    StancePairs,
    build_stance_matrix_figure,
    pair_rows,
    stance_grid,
)
from components.tables import render_table
from pipeline.records import Analysis
from pipeline.rows import StanceRow, stance_rows, stance_spans


def stance_names(analysis: Analysis) -> dict[str, str]:
    """Entity id → name, for the labels of every stance view."""
    return {e.id: e.name for e in analysis.entities}


def article_pairs(analysis: Analysis) -> dict[tuple[str, str], list[StanceRow]]:
    """The article's stances grouped by (speaker id, target id), in the order they appear."""
    pairs: dict[tuple[str, str], list[StanceRow]] = defaultdict(list)
    for row in stance_rows(analysis):
        pairs[(row.speaker_id, row.target_id)].append(row)
    return dict(pairs)


def stance_matrix(analysis: Analysis) -> StanceGrid:
    """The stance grid of one article, speakers and targets sorted by entity id."""
    pairs = article_pairs(analysis)
    speakers = sorted({s for (s, t) in pairs if pair_rows(pairs, s, t)}, key=id_sort_key)
    targets = sorted({t for (s, t) in pairs if pair_rows(pairs, s, t)}, key=id_sort_key)
    return stance_grid(pairs, stance_names(analysis), speakers, targets)


def build_stance_figure(analysis: Analysis) -> go.Figure:
    """Heatmap of stances, rows = who speaks, columns = about whom; green support, red oppose."""
    return build_stance_matrix_figure(stance_matrix(analysis), stance_names(analysis))


def build_stance_table(analysis: Analysis) -> pd.DataFrame:
    """One row per stance: speaker and target names, polarity, confidence, evidence sentence."""
    rows = [
        {
            "speaker": r.speaker,
            "target": r.target,
            "polarity": r.polarity,
            "confidence": round(r.confidence, 2),
            "evidence": r.evidence,
        }
        for r in stance_rows(analysis)
    ]
    return pd.DataFrame(rows, columns=["speaker", "target", "polarity", "confidence", "evidence"])


def render_actor_bars(
    pairs: StancePairs,
    names: Mapping[str, str],
    actors: Sequence[str],
    *,
    key: str,
) -> None:
    """An actor picker, a given/received switch and the bars: for whom and against whom."""
    left, right = st.columns([3, 2])
    actor = left.selectbox(
        "الفاعل · Actor", actors, format_func=lambda a: names.get(a, a), key=f"{key}-actor"
    )
    direction = right.radio(
        "الاتجاه · Direction",
        DIRECTIONS,
        format_func=lambda d: "مواقفه · given" if d == "given" else "تجاهه · received",
        horizontal=True,
        key=f"{key}-direction",
    )
    fig = build_stance_bars_figure(pairs, names, actor, direction=direction)
    st.plotly_chart(fig, key=f"{key}-chart")
    render_chart_downloads(fig, name="stance_bars", key=f"{key}-image")


def render_stances(analysis: Analysis, *, key: str) -> None:
    """The stance matrix, per-actor bars, the evidence of a chosen pair and the table of stances."""
    grid = stance_matrix(analysis)
    if not grid.speakers:
        st.info("لم يُعثر على مواقف · No stances found in this article")
        return
    names = stance_names(analysis)
    pairs = article_pairs(analysis)
    fig = build_stance_matrix_figure(grid, names)
    st.plotly_chart(fig, key=f"{key}-chart")
    render_chart_downloads(fig, name="stances", key=f"{key}-image")
    st.subheader("مع من وضد من · For whom and against whom")
    render_actor_bars(pairs, names, stance_actors(pairs, id_sort_key), key=f"{key}-bars")
    st.subheader("الأدلة · Evidence")
    pair = select_pair(pairs, names, key=f"{key}-pair")
    if pair is not None:
        render_evidence_list(
            pair_rows(pairs, *pair), lambda r: stance_spans(analysis, r.speaker_id, r.target_id, r.sentence)
        )
    render_table(build_stance_table(analysis), key=f"{key}-table")
