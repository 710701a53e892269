"""Corpus queries for the dashboard: articles, entities, events and stances filtered by indexed columns."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.entities import name_key
from pipeline.records import Analysis
from pipeline.rows import EntityRow, EventRow, StanceRow
from pipeline.store import Store


@dataclass(frozen=True)
class CorpusFilter:
    """Which articles a corpus view shows. Empty fields do not filter; within a field any value matches."""

    date_from: str | None = None  #: first publication date "YYYY-MM-DD", inclusive
    date_to: str | None = None  #: last publication date, inclusive
    sources: tuple[str, ...] = ()  #: outlets
    actors: tuple[str, ...] = ()  #: entity names or aliases, Arabic (spelling folded) or English
    countries: tuple[str, ...] = ()  #: countries the article's entities are or belong to
    kinds: tuple[str, ...] = ()  #: event kinds: the article must report one, and event rows keep only these
    limit: int | None = None  #: at most this many articles, newest first


@dataclass(frozen=True)
class ArticleRow:
    """One stored article as a corpus list shows it."""

    key: str  #: content hash, the article's key in the database
    id: str  #: article id
    title: str  #: headline
    date: str | None  #: publication date
    source: str | None  #: outlet
    url: str | None  #: where it came from
    model: str  #: the model version of its current analysis


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join('?' * len(values))})"


def _where(f: CorpusFilter) -> tuple[str, list[Any]]:
    """The WHERE clause over `articles a` and its parameters; each condition uses an index."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.date_from:
        clauses.append("a.date >= ?")
        params.append(f.date_from)
    if f.date_to:
        # A stored date is at most "YYYY-MM-DD", so the bound's day itself is included.
        clauses.append("a.date <= ?")
        params.append(f.date_to)
    if f.sources:
        clauses.append(_in("a.source", f.sources))
        params.extend(f.sources)
    if f.actors:
        keys = [name_key(a) for a in f.actors]
        english = [a.casefold() for a in f.actors]
        clauses.append(
            f"(a.hash IN (SELECT hash FROM entity_names WHERE {_in('key', keys)}) "
            f"OR a.hash IN (SELECT hash FROM entities WHERE {_in('name_en_key', english)}))"
        )
        params.extend(keys + english)
    if f.countries:
        keys = [name_key(c) for c in f.countries]
        english = [c.casefold() for c in f.countries]
        clauses.append(
            f"(a.hash IN (SELECT hash FROM entities WHERE {_in('country_key', keys)}) "
            f"OR a.hash IN (SELECT hash FROM entities WHERE {_in('country_en_key', english)}))"
        )
        params.extend(keys + english)
    if f.kinds:
        clauses.append(f"a.hash IN (SELECT hash FROM events WHERE {_in('kind', f.kinds)})")
        params.extend(f.kinds)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _articles_sql(f: CorpusFilter, columns: str) -> tuple[str, list[Any]]:
    where, params = _where(f)
    sql = f"SELECT {columns} FROM articles a{where} ORDER BY a.date DESC, a.id"
    if f.limit is not None:
        sql += " LIMIT ?"
        params.append(f.limit)
    return sql, params


def query_articles(store: Store, f: CorpusFilter) -> list[ArticleRow]:
    """The articles the filter selects, newest first (undated last)."""
    sql, params = _articles_sql(f, "a.hash, a.id, a.title, a.date, a.source, a.url, a.model")
    return [ArticleRow(*row) for row in store.conn.execute(sql, params)]


def _selected(f: CorpusFilter) -> tuple[str, list[Any]]:
    """A subquery of the selected articles' hashes, kept in SQL so no hash list crosses into Python."""
    sql, params = _articles_sql(f, "a.hash")
    return f"({sql})", params


def query_entities(store: Store, f: CorpusFilter) -> list[EntityRow]:
    """Entity rows of the selected articles."""
    selected, params = _selected(f)
    sql = (
        "SELECT a.id, a.date, a.source, e.entity, e.type, e.name, e.name_en, e.role, e.affiliation, "
        "e.country, e.mentions, e.aliases, e.hash FROM entities e JOIN articles a ON a.hash = e.hash "
        f"WHERE e.hash IN {selected} ORDER BY a.date DESC, a.id, e.rowid"
    )
    return [
        EntityRow(*row[:11], aliases=tuple(json.loads(row[11])), key=row[12])
        for row in store.conn.execute(sql, params)
    ]


def query_events(store: Store, f: CorpusFilter) -> list[EventRow]:
    """Event rows of the selected articles (only the filter's kinds, when it names any)."""
    selected, params = _selected(f)
    kinds = ""
    if f.kinds:
        kinds = " AND " + _in("v.kind", f.kinds)
        params.extend(f.kinds)
    sql = (
        "SELECT a.id, a.date, a.source, v.event, v.kind, v.event_date, v.date_text, v.location, "
        "v.participants, v.participant_ids, v.sentence, v.trigger, v.evidence, v.hash "
        f"FROM events v JOIN articles a ON a.hash = v.hash WHERE v.hash IN {selected}{kinds} "
        "ORDER BY a.date DESC, a.id, v.rowid"
    )
    return [
        EventRow(
            *row[:8],
            participants=tuple(json.loads(row[8])),
            participant_ids=tuple(json.loads(row[9])),
            sentence=row[10],
            trigger=row[11],
            evidence=row[12],
            key=row[13],
        )
        for row in store.conn.execute(sql, params)
    ]


def query_stances(store: Store, f: CorpusFilter) -> list[StanceRow]:
    """Stance rows of the selected articles."""
    selected, params = _selected(f)
    sql = (
        "SELECT a.id, a.date, a.source, s.speaker_id, s.speaker, s.target_id, s.target, s.polarity, "
        "s.confidence, s.sentence, s.evidence, s.hash FROM stances s JOIN articles a ON a.hash = s.hash "
        f"WHERE s.hash IN {selected} ORDER BY a.date DESC, a.id, s.n"
    )
    return [StanceRow(*row[:11], key=row[11]) for row in store.conn.execute(sql, params)]


def query_analyses(store: Store, f: CorpusFilter) -> Iterator[Analysis]:
    """The selected articles' analyses, corrections applied, one at a time (a corpus never sits in memory)."""
    for row in query_articles(store, f):
        analysis = store.analysis(row.key)
        if analysis is not None:
            yield analysis


def facets(store: Store) -> dict[str, list[str]]:
    """The values a filter can take here: outlets, countries, event kinds, and the first and last date."""

    def column(sql: str) -> list[str]:
        return [r[0] for r in store.conn.execute(sql) if r[0] is not None]

    return {
        "sources": column("SELECT DISTINCT source FROM articles ORDER BY source"),
        "countries": column("SELECT DISTINCT country FROM entities ORDER BY country"),
        "kinds": column("SELECT DISTINCT kind FROM events ORDER BY kind"),
        "dates": column("SELECT MIN(date) FROM articles UNION ALL SELECT MAX(date) FROM articles"),
    }
