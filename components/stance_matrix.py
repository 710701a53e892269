"""The stance matrix both pages draw: speakers × targets, diverging colours, count and mean confidence per cell."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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

StancePairs = Mapping[tuple[str, str], Sequence[StanceRow]]
# Evidence sentences quoted in one cell's hover; the drill-down below the chart has all of them.
HOVER_QUOTES = 3
HOVER_QUOTE_CHARS = 200


@dataclass(frozen=True)
class StanceGrid:
    """The numbers behind the heatmap; cell [i][j] is speakers[i] about targets[j]."""

    speakers: list[str]  #: row ids (entity or actor ids)
    targets: list[str]  #: column ids
    values: list[list[float | None]]  #: mean of +1 support / -1 oppose / 0 neutral, None for no stance
    counts: list[list[int]]  #: number of stances
    confidence: list[list[float | None]]  #: mean classifier confidence, None for no stance
    hovers: list[list[str]]  #: escaped hover text naming the pair and quoting evidence, "" for none

    def cell_text(self) -> list[list[str]]:
        """What each cell prints: the count over the mean confidence ("" for an empty cell)."""
        return [
            [f"{n}<br>{c:.2f}" if n and c is not None else "" for n, c in zip(ns, cs, strict=True)]
            for ns, cs in zip(self.counts, self.confidence, strict=True)
        ]


def pair_rows(pairs: StancePairs, speaker: str, target: str) -> list[StanceRow]:
    """The stances of one cell that carry a polarity the matrix knows."""
    return [r for r in pairs.get((speaker, target), ()) if r.polarity in POLARITY_VALUES]


def _hover(names: Mapping[str, str], speaker: str, target: str, rows: Sequence[StanceRow]) -> str:
    counts = Counter(r.polarity for r in rows)
    mean_conf = sum(r.confidence for r in rows) / len(rows)
    # Two labelled lines rather than "A → B": bidi reordering of Arabic names can flip an arrow's meaning.
    lines = [
        f"من · from: <b>{plotly_text(names.get(speaker, speaker))}</b>",
        f"إلى · to: <b>{plotly_text(names.get(target, target))}</b>",
        " · ".join(f"{bilingual(*POLARITY_LABELS[p])}: {counts[p]}" for p in POLARITY_LABELS if counts[p]),
        f"متوسط الثقة · mean confidence: {mean_conf:.2f}",
    ]
    for r in rows[:HOVER_QUOTES]:
        meta = " ".join(x for x in (r.source, r.date) if x)
        lines.append(
            f"{plotly_text(bilingual(*POLARITY_LABELS[r.polarity]))} ({r.confidence:.2f}) {plotly_text(meta)}"
        )
        lines.append(f"«{plotly_text(truncate(r.evidence, HOVER_QUOTE_CHARS))}»")
    if len(rows) > HOVER_QUOTES:
        lines.append(f"… +{len(rows) - HOVER_QUOTES}")
    return "<br>".join(lines)


def stance_grid(
    pairs: StancePairs, names: Mapping[str, str], speakers: Sequence[str], targets: Sequence[str]
) -> StanceGrid:
    """Fill the grid for the given row and column ids from the stances of each (speaker, target) pair."""
    values: list[list[float | None]] = []
    counts: list[list[int]] = []
    confidence: list[list[float | None]] = []
    hovers: list[list[str]] = []
    for s in speakers:
        row_v: list[float | None] = []
        row_n: list[int] = []
        row_c: list[float | None] = []
        row_h: list[str] = []
        for t in targets:
            rows = pair_rows(pairs, s, t)
            row_n.append(len(rows))
            if not rows:
                row_v.append(None)
                row_c.append(None)
                row_h.append("")
                continue
            row_v.append(round(sum(POLARITY_VALUES[r.polarity] for r in rows) / len(rows), 4))
            row_c.append(round(sum(r.confidence for r in rows) / len(rows), 4))
            row_h.append(_hover(names, s, t, rows))
        values.append(row_v)
        counts.append(row_n)
        confidence.append(row_c)
        hovers.append(row_h)
    return StanceGrid(list(speakers), list(targets), values, counts, confidence, hovers)


def build_stance_matrix_figure(
    grid: StanceGrid, names: Mapping[str, str], *, tick_angle: int = 0
) -> go.Figure:
    """Heatmap of a stance grid: rows who speak, columns about whom; green support, red oppose."""
    fig = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=grid.targets,
            y=grid.speakers,
            text=grid.cell_text(),
            texttemplate="%{text}",
            hovertext=grid.hovers,
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
    # Ids on the axes keep two actors of one name apart; the tick text shows the names.
    return style_figure(
        fig,
        height=max(360, 48 * len(grid.speakers) + 220),
        title={
            "text": "العدد ومتوسط الثقة في كل خانة · Each cell: count over mean confidence",
            "font": {"size": 13},
        },
        xaxis={
            "title": {"text": "الهدف · Target"},
            "type": "category",
            "tickvals": grid.targets,
            "ticktext": [plotly_text(names.get(t, t)) for t in grid.targets],
            "tickangle": tick_angle,
        },
        yaxis={
            "title": {"text": "المصدر · Source"},
            "type": "category",
            "tickvals": grid.speakers,
            "ticktext": [plotly_text(names.get(s, s)) for s in grid.speakers],
            "autorange": "reversed",
        },
    )
