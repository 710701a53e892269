"""One actor across the corpus: roles, meetings, counterparts, stances given and received over time, articles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.chart_export import render_chart_downloads
from components.corpus_timeline import build_meeting_table
from components.style import (
    ENTITY_LABELS,
    POLARITY_COLOURS,
    POLARITY_LABELS,
    bilingual,
    plotly_text,
    style_figure,
    truncate,
)
from components.tables import render_table
from components.timeline import _stack_offsets, plot_date
from pipeline.actors import Actor
from pipeline.corpus import ActorProfile
from pipeline.rows import StanceRow

DIRECTIONS = (("given", "يصدر عنه", "given"), ("received", "تجاهه", "received"))


def _stance_hover(r: StanceRow, direction: str) -> str:
    other = r.target if direction == "given" else r.speaker
    label = "إلى · to" if direction == "given" else "من · from"
    meta = " ".join(x for x in (r.source, r.date) if x)
    return "<br>".join(
        [
            f"{bilingual(*POLARITY_LABELS.get(r.polarity, (r.polarity, r.polarity)))}",
            f"{label}: <b>{plotly_text(other)}</b>",
            f"«{plotly_text(truncate(r.evidence, 160))}»",
            plotly_text(meta),
        ]
    )


def build_actor_stance_figure(profile: ActorProfile) -> go.Figure:
    """Stances over time: x = the article's date, y = given or received, one trace per direction and polarity.

    Trace names are "given-support", "received-oppose", ...; stances from undated articles are left out.
    """
    fig = go.Figure()
    for row, (direction, _, _) in enumerate(DIRECTIONS):
        rows = [r for r in (profile.given if direction == "given" else profile.received) if plot_date(r.date)]
        offsets = dict(
            zip(
                range(len(rows)),
                _stack_offsets([str(plot_date(r.date)) for r in rows], step=0.08),
                strict=True,
            )
        )
        for polarity in POLARITY_LABELS:
            picked = [(i, r) for i, r in enumerate(rows) if r.polarity == polarity]
            if not picked:
                continue
            fig.add_trace(
                go.Scatter(
                    x=[plot_date(r.date) for _, r in picked],
                    y=[row + offsets[i] for i, _ in picked],
                    mode="markers",
                    name=f"{direction}-{polarity}",
                    legendgroup=polarity,
                    showlegend=False,
                    marker={"size": 12, "color": POLARITY_COLOURS[polarity], "symbol": "circle"},
                    hovertext=[_stance_hover(r, direction) for _, r in picked],
                    hoverinfo="text",
                )
            )
    return style_figure(
        fig,
        height=300,
        xaxis={"type": "date", "title": {"text": "التاريخ · Date"}},
        yaxis={
            "tickvals": [0, 1],
            "ticktext": [bilingual(ar, en) for _, ar, en in DIRECTIONS],
            "range": [-0.6, 1.6],
            "zeroline": False,
        },
    )


def build_counterpart_table(profile: ActorProfile, actors: Mapping[str, Actor]) -> pd.DataFrame:
    """Whom the actor met and how many times, most first."""
    return pd.DataFrame(
        [{"counterpart": actors[a].name, "meetings": n} for a, n in profile.counterparts if a in actors],
        columns=["counterpart", "meetings"],
    )


def build_role_table(profile: ActorProfile) -> pd.DataFrame:
    """The titles articles give the actor, with how many articles give each."""
    return pd.DataFrame([{"role": r, "articles": n} for r, n in profile.roles], columns=["role", "articles"])


def build_actor_articles(profile: ActorProfile) -> pd.DataFrame:
    """The articles that mention the actor, newest first."""
    return pd.DataFrame(
        [{"date": a.date, "source": a.source, "title": a.title, "id": a.id} for a in profile.articles],
        columns=["date", "source", "title", "id"],
    )


def stance_summary(rows: Sequence[StanceRow]) -> str:
    """ "support 3 · oppose 1 · neutral 0": English words, so that no number sits between Arabic ones."""
    counts = {p: sum(1 for r in rows if r.polarity == p) for p in POLARITY_LABELS}
    return " · ".join(f"{POLARITY_LABELS[p][1]} {counts[p]}" for p in POLARITY_LABELS)


def render_actor(profile: ActorProfile, actors: Mapping[str, Actor], *, key: str) -> None:
    """Show one actor's page."""
    actor = profile.actor
    ar, en = ENTITY_LABELS.get(actor.type, (actor.type, actor.type))
    # st.subheader/st.text take the name as plain text: an actor's name comes from article text.
    st.subheader(actor.name, anchor=False)
    st.text(" · ".join(x for x in (actor.name_en, bilingual(ar, en)) if x))
    others = [n for n in actor.names if n != actor.name]
    if others:
        st.text("يُكتب أيضاً · Also written: " + "، ".join(others))
    cols = st.columns(4)
    cols[0].metric("المقالات · Articles", len(profile.articles))
    cols[1].metric("اللقاءات · Meetings", len(profile.meetings))
    cols[2].metric("المواقف الصادرة · Stances given", len(profile.given))
    cols[3].metric("المواقف تجاهه · Stances received", len(profile.received))

    left, right = st.columns(2)
    with left:
        st.markdown(f"**{bilingual('الصفات', 'Roles seen')}**")
        if profile.roles:
            render_table(build_role_table(profile), key=f"{key}-roles")
        else:
            st.caption("لا صفة مذكورة · No role given")
    with right:
        st.markdown(f"**{bilingual('النظراء', 'Counterparts')}**")
        if profile.counterparts:
            render_table(build_counterpart_table(profile, actors), key=f"{key}-counterparts")
        else:
            st.caption("لا لقاءات مع آخرين · No meetings with others")

    st.markdown(f"**{bilingual('المواقف عبر الزمن', 'Stances over time')}**")
    if profile.given or profile.received:
        fig = build_actor_stance_figure(profile)
        st.plotly_chart(fig, key=f"{key}-stances")
        render_chart_downloads(fig, name="actor_stances", key=f"{key}-stances-image")
        st.caption(f"يصدر عنه · given: {stance_summary(profile.given)}")
        st.caption(f"تجاهه · received: {stance_summary(profile.received)}")
    else:
        st.caption("لا مواقف · No stances")

    st.markdown(f"**{bilingual('اللقاءات', 'Meetings')}**")
    if profile.meetings:
        render_table(build_meeting_table(profile.meetings, actors), key=f"{key}-meetings")
    else:
        st.caption("لا لقاءات · No meetings")

    st.markdown(f"**{bilingual('المقالات التي تذكره', 'Articles that mention it')}**")
    render_table(build_actor_articles(profile), key=f"{key}-articles")
