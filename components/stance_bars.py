"""Per-actor stance bars: for whom and against whom one actor speaks (or who speaks for and against it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

import plotly.graph_objects as go

from components.stance_matrix import StancePairs, pair_rows
from components.style import POLARITY_COLOURS, POLARITY_LABELS, bilingual, plotly_text, style_figure

DIRECTIONS = ("given", "received")


def stance_actors(pairs: StancePairs, order: Callable[[str], object]) -> list[str]:
    """Every actor that gives or receives a stance, the most involved first (ties in `order`)."""
    weight: Counter[str] = Counter()
    for (speaker, target), rows in pairs.items():
        weight[speaker] += len(rows)
        weight[target] += len(rows)
    return sorted(weight, key=lambda a: (-weight[a], order(a)))


def actor_balance(
    pairs: StancePairs, actor: str, *, direction: str = "given"
) -> list[tuple[str, Counter[str]]]:
    """(counterpart, polarity counts) for one actor, most stances first, then by counterpart id.

    direction "given": the actor speaks and the counterparts are its targets; "received": the
    counterparts speak about the actor.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    found: dict[str, Counter[str]] = {}
    for speaker, target in pairs:
        if (speaker if direction == "given" else target) != actor:
            continue
        other = target if direction == "given" else speaker
        rows = pair_rows(pairs, speaker, target)
        if rows:
            found.setdefault(other, Counter()).update(r.polarity for r in rows)
    return sorted(found.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))


def build_stance_bars_figure(
    pairs: StancePairs, names: Mapping[str, str], actor: str, *, direction: str = "given"
) -> go.Figure:
    """Horizontal diverging bars, one row per counterpart: support to the right, oppose to the left.

    Trace names are "support", "oppose" and "neutral"; oppose counts are drawn negative, neutral ones
    as a thin grey bar to the right of support, so a row's length still shows how often they speak.
    """
    balance = actor_balance(pairs, actor, direction=direction)
    others = [other for other, _ in balance]
    fig = go.Figure()
    for polarity, sign in (("oppose", -1), ("support", 1), ("neutral", 1)):
        counts = [c[polarity] for _, c in balance]
        fig.add_trace(
            go.Bar(
                x=[sign * n for n in counts],
                y=others,
                orientation="h",
                name=polarity,
                legendgroup=polarity,
                marker={"color": POLARITY_COLOURS[polarity]},
                customdata=others,
                hovertext=[
                    f"{plotly_text(names.get(o, o))}<br>{bilingual(*POLARITY_LABELS[polarity])}: {n}"
                    for o, n in zip(others, counts, strict=True)
                ],
                hoverinfo="text",
            )
        )
    who = plotly_text(names.get(actor, actor))
    # The name once, in the Arabic half: an English possessive after an Arabic name is reordered by bidi.
    title = (
        f"مواقف {who} تجاه الآخرين · stances given"
        if direction == "given"
        else f"مواقف الآخرين تجاه {who} · stances received"
    )
    return style_figure(
        fig,
        height=max(260, 36 * len(others) + 160),
        barmode="relative",
        title={"text": title, "font": {"size": 14}},
        xaxis={"title": {"text": "← ضد · against | مع · for →"}, "zeroline": True, "zerolinewidth": 2},
        yaxis={
            "type": "category",
            "tickvals": others,
            "ticktext": [plotly_text(names.get(o, o)) for o in others],
            "autorange": "reversed",
        },
        legend={"orientation": "h", "y": -0.2},
    )
