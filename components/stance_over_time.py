"""Stance over time for one pair across articles: each stance a point, and the running balance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from components.style import (
    POLARITY_COLOURS,
    POLARITY_LABELS,
    POLARITY_VALUES,
    bilingual,
    plotly_text,
    style_figure,
    truncate,
)
from pipeline.rows import StanceRow


def dated_stances(rows: Sequence[StanceRow]) -> tuple[list[StanceRow], int]:
    """(stances with a known date and polarity, oldest first; how many were left out undated)."""
    known = [r for r in rows if r.polarity in POLARITY_VALUES]
    dated = sorted((r for r in known if r.date), key=lambda r: (r.date or "", r.article, r.sentence))
    return dated, len(known) - len(dated)


def running_balance(rows: Sequence[StanceRow]) -> list[float]:
    """After each stance (oldest first), the mean of +1 support / -1 oppose / 0 neutral so far."""
    out: list[float] = []
    total = 0.0
    for n, r in enumerate(rows, start=1):
        total += POLARITY_VALUES[r.polarity]
        out.append(round(total / n, 4))
    return out


def build_pair_over_time_figure(
    rows: Sequence[StanceRow], names: Mapping[str, str], speaker: str, target: str
) -> go.Figure:
    """x = the article's date; one marker trace per polarity (named after it) and a "balance" line."""
    dated, _ = dated_stances(rows)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[r.date for r in dated],
            y=running_balance(dated),
            mode="lines",
            name="balance",
            line={"color": "#5f6b73", "dash": "dot", "shape": "hv"},
            hoverinfo="skip",
        )
    )
    for polarity in POLARITY_LABELS:
        found = [r for r in dated if r.polarity == polarity]
        if not found:
            continue
        fig.add_trace(
            go.Scatter(
                x=[r.date for r in found],
                y=[POLARITY_VALUES[polarity]] * len(found),
                mode="markers",
                name=polarity,
                marker={
                    "color": POLARITY_COLOURS[polarity],
                    "size": 12,
                    "line": {"width": 1, "color": "#333"},
                },
                customdata=[r.key or r.article for r in found],
                hovertext=[
                    "<br>".join(
                        x
                        for x in (
                            f"{plotly_text(bilingual(*POLARITY_LABELS[polarity]))} ({r.confidence:.2f})",
                            plotly_text(" · ".join(y for y in (r.source, r.date) if y)),
                            f"«{plotly_text(truncate(r.evidence, 160))}»",
                        )
                        if x
                    )
                    for r in found
                ],
                hoverinfo="text",
            )
        )
    who, whom = plotly_text(names.get(speaker, speaker)), plotly_text(names.get(target, target))
    return style_figure(
        fig,
        height=340,
        # Words, not an arrow, and the names inside the Arabic half: bidi reorders mixed runs.
        title={
            "text": f"موقف {who} من {whom} عبر الزمن · stance over time",
            "font": {"size": 14},
        },
        xaxis={"title": {"text": "التاريخ · Date"}, "type": "date"},
        yaxis={
            "range": [-1.3, 1.3],
            "tickvals": [-1, 0, 1],
            "ticktext": [bilingual(*POLARITY_LABELS[p]) for p in ("oppose", "neutral", "support")],
        },
        legend={"orientation": "h", "y": -0.25},
    )
