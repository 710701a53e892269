"""The corpus and actor pages: database picker, filters, and the views over the whole filtered corpus."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import streamlit as st

from components.actor_page import render_actor
from components.corpus_articles import render_article_table
from components.corpus_data import (
    Version,
    db_exists,
    db_version,
    load_actors,
    load_analysis,
    load_facets,
    load_slice,
)
from components.corpus_exports import export_files, render_exports
from components.corpus_map import render_meeting_map
from components.corpus_network import render_corpus_network
from components.corpus_stances import render_corpus_stances
from components.corpus_timeline import render_corpus_timeline
from components.corrections_panel import render_corrections
from components.stance_evidence import SpanFinder, Spans
from components.style import EVENT_KIND_LABELS, bilingual
from pipeline.actors import Actor, actor_of
from pipeline.briefing import build_briefing
from pipeline.corpus import CorpusSlice, actor_profile, actor_rank, meeting_places, meetings, stance_pairs
from pipeline.exports import export_corrections
from pipeline.queries import CorpusFilter
from pipeline.rows import StanceRow, stance_spans
from pipeline.store import Store, default_db_path

VIEW_MODE_KEY = "view_mode"
ACTOR_CHOICE_KEY = "actor-choice"
DB_KEY = "corpus-db"
KEEP_PREFIX = "_keep-"
FILTER_KEYS = ("corpus-dates", "corpus-sources", "corpus-actors", "corpus-countries", "corpus-kinds")
CORPUS_TABS = (
    "شبكة المشاركين · Network",
    "مصفوفة المواقف · Stances",
    "الخط الزمني · Timeline",
    "خريطة اللقاءات · Map",
    "المقالات · Articles",
    "التصحيح · Corrections",
    "تصدير · Export",
)


# ----------------------------------------------------------------------------- sidebar


def sidebar_database() -> str | None:
    """The database path field (default: the ingest command's default); None when no file is there."""
    _restore_widgets()
    if DB_KEY not in st.session_state:
        st.session_state[DB_KEY] = str(default_db_path())
    path = st.sidebar.text_input(
        "قاعدة البيانات · Database file",
        key=DB_KEY,
        help="The SQLite file `python -m pipeline ingest` writes; default $MAJLIS_DB or ~/.local/share/majlis/majlis.db",
    ).strip()
    keep_widgets()
    if not path or not db_exists(path):
        st.info(
            "لا توجد قاعدة بيانات هنا · No corpus database at this path. Build one with:\n\n"
            f"`python -m pipeline ingest FILES... --db {path or default_db_path()}`"
        )
        return None
    if st.session_state.get("_corpus_db_for") != path:
        # Another database has other outlets, actors and dates: the old choices would match nothing.
        for k in (*FILTER_KEYS, ACTOR_CHOICE_KEY):
            st.session_state.pop(k, None)
            st.session_state.pop(KEEP_PREFIX + k, None)
        st.session_state["_corpus_db_for"] = path
    return path


def _restore_widgets() -> None:
    """Put back the database path and filters the Article page dropped.

    Streamlit forgets a widget's value on a run that does not draw it, so a trip to the Article
    page would reset them; keep_widgets saves copies under other keys at the end of each run.
    """
    for k in (DB_KEY, *FILTER_KEYS, ACTOR_CHOICE_KEY):
        if k not in st.session_state and KEEP_PREFIX + k in st.session_state:
            st.session_state[k] = st.session_state[KEEP_PREFIX + k]


def keep_widgets() -> None:
    """Save copies of the database path and filters (see _restore_widgets)."""
    for k in (DB_KEY, *FILTER_KEYS, ACTOR_CHOICE_KEY):
        if k in st.session_state:
            st.session_state[KEEP_PREFIX + k] = st.session_state[k]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def sidebar_filters(
    path: str, actors: Sequence[Actor], *, with_actors: bool
) -> tuple[CorpusFilter, tuple[str, ...]]:
    """The filter widgets. Returns the filter and the actor ids the articles must mention (any of them)."""
    side = st.sidebar
    side.markdown(f"**{bilingual('التصفية', 'Filters')}**")
    found = load_facets(path, db_version(path))
    date_from = date_to = None
    first, last = (_date(d) for d in (found["dates"] or [None, None]))
    if first and last:
        # The default goes through session state, as a restored value does (see _restore_widgets):
        # a widget given both a value and a session-state value warns on the page.
        st.session_state.setdefault("corpus-dates", (first, last))
        picked = side.date_input("الفترة · Date range", min_value=first, max_value=last, key="corpus-dates")
        span = tuple(picked) if isinstance(picked, Sequence) else (picked,)
        # The full span means no date filter: articles without a date stay in.
        if len(span) == 2 and (span[0], span[1]) != (first, last):
            date_from, date_to = span[0].isoformat(), span[1].isoformat()
    sources = side.multiselect("الوسيلة · Outlet", found["sources"], key="corpus-sources")
    actor_ids: list[str] = []
    if with_actors:
        names = {a.id: f"{a.name} ({a.articles})" for a in actors}
        actor_ids = side.multiselect(
            "الفاعل · Actor", list(names), format_func=lambda i: names.get(i, i), key="corpus-actors"
        )
    countries = side.multiselect("الدولة · Country", found["countries"], key="corpus-countries")
    kinds = side.multiselect(
        "نوع الحدث · Event kind",
        found["kinds"],
        format_func=lambda k: bilingual(*EVENT_KIND_LABELS.get(k, (k, k))),
        key="corpus-kinds",
    )
    f = CorpusFilter(
        date_from=date_from,
        date_to=date_to,
        sources=tuple(sources),
        countries=tuple(countries),
        kinds=tuple(kinds),
    )
    keep_widgets()
    return f, tuple(actor_ids)


# ----------------------------------------------------------------------------- pages


def _open_actor(actor_id: str) -> None:
    # Runs as a chart callback, before the widgets are drawn, so both may still be set.
    st.session_state[ACTOR_CHOICE_KEY] = actor_id
    st.session_state[VIEW_MODE_KEY] = "Actor"


def _summary(data: CorpusSlice, n_meetings: int, n_actors: int) -> None:
    # Metrics, not one mixed Arabic-English line, whose numbers the bidi algorithm would reorder.
    cols = st.columns(4)
    cols[0].metric("المقالات · Articles", len(data.articles))
    cols[1].metric("اللقاءات · Meetings", n_meetings)
    cols[2].metric("المواقف · Stances", len(data.stances))
    cols[3].metric("الفاعلون · Actors", n_actors)


def _span_finder(path: str, version: Version) -> SpanFinder:
    """Where a stored stance's speaker and target are named in its sentence, read from its analysis."""

    def spans_of(row: StanceRow) -> tuple[Spans, Spans]:
        analysis = load_analysis(path, version, row.key) if row.key else None
        if analysis is None:
            return (), ()
        return stance_spans(analysis, row.speaker_id, row.target_id, row.sentence)

    return spans_of


def render_corpus_page() -> None:
    """The corpus page: the five corpus views, corrections and exports of the filtered articles."""
    path = sidebar_database()
    if path is None:
        return
    version = db_version(path)
    actors = load_actors(path, version)
    f, actor_ids = sidebar_filters(path, actors, with_actors=True)
    data = load_slice(path, version, f, actor_ids)
    by_id = {a.id: a for a in actors}
    of = actor_of(actors)
    found = meetings(data, of)
    pairs = stance_pairs(data, of)
    _summary(data, len(found), len({of[(r.key, r.entity)] for r in data.entities if (r.key, r.entity) in of}))
    tabs = st.tabs(list(CORPUS_TABS))
    with tabs[0]:
        render_corpus_network(found, by_id, pairs, key="corpus-network", on_actor=_open_actor)
    with tabs[1]:
        render_corpus_stances(pairs, by_id, key="corpus-stances", spans_of=_span_finder(path, version))
    with tabs[2]:
        render_corpus_timeline(found, by_id, key="corpus-timeline")
    with tabs[3]:
        points, unmapped = meeting_places(found)
        render_meeting_map(points, unmapped, found, by_id, key="corpus-map")
    with tabs[4]:
        render_article_table(data, key="corpus-articles")
    with tabs[5]:
        _corrections_tab(path, data)
    with tabs[6]:
        keys = [a.key for a in data.articles]
        render_exports(
            export_files(data, found, by_id),
            briefing=lambda: _briefing(path, keys),
            corrections=lambda: _corrections_jsonl(path),
            key="corpus-export",
        )


def _corrections_tab(path: str, data: CorpusSlice) -> None:
    if not data.articles:
        st.info("لا مقالات في هذا الاختيار · No articles in this selection")
        return
    titles = {
        a.key: " · ".join(x for x in (a.date, a.source, a.title[:90] or a.id) if x) for a in data.articles
    }
    article = st.selectbox(
        "المقال · Article", list(titles), format_func=lambda k: titles[k], key="fix-article"
    )
    analysis = load_analysis(path, db_version(path), article)
    if analysis is None:
        st.error("لم يُعثر على تحليل هذا المقال · This article has no stored analysis")
        return
    with Store(path) as store:
        corrections = store.corrections(article)
    render_corrections(path, article, analysis, corrections, key="fix")


def _briefing(path: str, keys: Sequence[str]) -> str:
    """The HTML briefing of the selected articles; runs when the button is clicked."""
    with Store(path) as store:
        analyses = [a for k in keys if (a := store.analysis(k)) is not None]
    return build_briefing(analyses)


def _corrections_jsonl(path: str) -> str:
    with Store(path) as store:
        return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in export_corrections(store))


def render_actor_page() -> None:
    """The actor page: one actor across the filtered corpus."""
    path = sidebar_database()
    if path is None:
        return
    version = db_version(path)
    actors = load_actors(path, version)
    by_id = {a.id: a for a in actors}
    of = actor_of(actors)
    f, _ = sidebar_filters(path, actors, with_actors=False)
    data = load_slice(path, version, f)
    present = sorted(
        {of[(r.key, r.entity)] for r in data.entities if (r.key, r.entity) in of}, key=actor_rank
    )
    if not present:
        st.info("لا فاعلين في هذا الاختيار · No actors in this selection")
        return
    if st.session_state.get(ACTOR_CHOICE_KEY) not in present:
        st.session_state[ACTOR_CHOICE_KEY] = present[0]
    actor_id = st.sidebar.selectbox(
        "الفاعل · Actor",
        present,
        format_func=lambda i: f"{by_id[i].name} ({by_id[i].articles})",
        key=ACTOR_CHOICE_KEY,
    )
    keep_widgets()
    actor = by_id[actor_id]
    mine = load_slice(path, version, f, (actor_id,))
    render_actor(actor_profile(mine, of, actor), by_id, key="actor")
