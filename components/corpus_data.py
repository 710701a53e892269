"""Cached reads of the corpus database, keyed on its path, its version (file times and sizes) and the filter."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from pipeline.actors import Actor
from pipeline.corpus import CorpusSlice, corpus_actors, select
from pipeline.queries import CorpusFilter, facets
from pipeline.records import Analysis
from pipeline.store import Store

Version = tuple[int, ...]


def db_version(path: str | os.PathLike[str]) -> Version:
    """Modification times and sizes of the database and its write-ahead log.

    Any committed write changes one of them (a write lands in the log, and closing the last
    connection folds the log into the database), so a cache keyed on this never serves rows
    from before a correction or an ingest; opening and reading change neither.
    """
    out: list[int] = []
    for name in (str(path), f"{path}-wal"):
        try:
            stat = os.stat(name)
        except OSError:
            out += [0, -1]
        else:
            out += [stat.st_mtime_ns, stat.st_size]
    return tuple(out)


def db_exists(path: str) -> bool:
    """Whether a database file is there; the views never create one by opening a wrong path."""
    return Path(path).is_file()


@st.cache_data(show_spinner=False, max_entries=4)
def load_actors(path: str, version: Version) -> list[Actor]:
    """Actors of the whole database, so actor ids stay put whatever the filter."""
    with Store(path) as store:
        return corpus_actors(store)


@st.cache_data(show_spinner=False, max_entries=4)
def load_facets(path: str, version: Version) -> dict[str, list[str]]:
    """The values each filter can take: outlets, countries, event kinds, the first and last date."""
    with Store(path) as store:
        return facets(store)


@st.cache_data(show_spinner=False, max_entries=32)
def load_slice(path: str, version: Version, f: CorpusFilter, actor_ids: tuple[str, ...] = ()) -> CorpusSlice:
    """The rows the filter selects, narrowed to articles that mention any of the actors named by id."""
    by_id = {a.id: a for a in load_actors(path, version)}
    with Store(path) as store:
        return select(store, f, [by_id[a] for a in actor_ids if a in by_id])


@st.cache_data(show_spinner=False, max_entries=16)
def load_analysis(path: str, version: Version, key: str) -> Analysis | None:
    """One stored article's analysis with the corrections applied."""
    with Store(path) as store:
        return store.analysis(key)
