"""Corpus views as data: a filter's rows, actors merged across articles, meetings, stances, places, profiles."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TYPE_CHECKING, TypeVar

from pipeline.actors import Actor, build_actors
from pipeline.gazetteer import Gazetteer, load_gazetteer
from pipeline.queries import (
    ArticleRow,
    CorpusFilter,
    query_articles,
    query_entities,
    query_events,
    query_stances,
)
from pipeline.records import MEETING_KINDS, Entity
from pipeline.rows import EntityRow, EventRow, StanceRow
from pipeline.store import Store

if TYPE_CHECKING:
    import networkx as nx

#: (article key, entity id) -> actor id, as pipeline.actors.actor_of gives it.
ActorOf = Mapping[tuple[str, str], str]
Row = TypeVar("Row", ArticleRow, EntityRow, EventRow, StanceRow)
# A country named as a meeting place is drawn at its capital: the tables give countries no centroid.
CAPITAL = "capital"


@dataclass(frozen=True)
class CorpusSlice:
    """The rows of the articles a filter selects (corrections applied: the row tables hold them)."""

    articles: tuple[ArticleRow, ...] = ()  #: newest first
    entities: tuple[EntityRow, ...] = ()  #: their entities
    events: tuple[EventRow, ...] = ()  #: their events (only the filter's kinds, when it names any)
    stances: tuple[StanceRow, ...] = ()  #: their stances


@dataclass(frozen=True)
class Meeting:
    """One meeting, call, visit or summit, however many articles report it."""

    kind: str  #: meeting, call, visit or summit
    date: str | None  #: the event's own date, else the publication date of its first report
    dated_by: str  #: "event" or "published" (which of the two `date` is), "" when undated
    actors: tuple[str, ...]  #: actor ids of the participants, most reported actor first
    place: str | None  #: the place name the first report that has one gives
    reports: tuple[EventRow, ...]  #: the event rows that report it, newest article first


@dataclass(frozen=True)
class PlacePoint:
    """A meeting place the tables can put on a map."""

    name: str  #: the place as the articles name it
    name_en: str | None  #: its English name from the tables
    lat: float  #: latitude
    lon: float  #: longitude
    located_by: str  #: the table kind that gave the coordinates: capital, city, region, sea, or CAPITAL
    meetings: tuple[int, ...]  #: indexes into the meetings list held there


@dataclass(frozen=True)
class ActorProfile:
    """What the filtered corpus says about one actor."""

    actor: Actor  #: the actor
    roles: tuple[tuple[str, int], ...]  #: titles seen with it and how many articles give each, most first
    meetings: tuple[Meeting, ...]  #: meetings it took part in, newest first
    counterparts: tuple[tuple[str, int], ...]  #: (actor id, meetings together), most first
    given: tuple[StanceRow, ...]  #: stances it voiced, oldest first
    received: tuple[StanceRow, ...]  #: stances voiced toward it, oldest first
    articles: tuple[ArticleRow, ...]  #: articles that mention it, newest first


# ----------------------------------------------------------------------------- reading


def row_entity(row: EntityRow) -> Entity:
    """The parts of an entity row that actor merging reads, as an Entity."""
    return Entity(id=row.entity, type=row.type, name=row.name, name_en=row.name_en, aliases=row.aliases)


def corpus_actors(store: Store) -> list[Actor]:
    """Actors of the whole database, so that their ids stay the same whatever a filter selects."""
    return build_actors((r.key, row_entity(r)) for r in query_entities(store, CorpusFilter()))


def select(store: Store, f: CorpusFilter, actors: Sequence[Actor] = ()) -> CorpusSlice:
    """The rows of the articles the filter selects that mention any of `actors` (all, when none given).

    The actors' names narrow the query through the indexed name table; their members make it exact,
    so an article that only shares a spelling with an actor (another «كيري») is left out.
    """
    keep: set[str] | None = None
    if actors:
        f = replace(f, actors=tuple(sorted({n for a in actors for n in a.names})))
        keep = {key for a in actors for key, _ in a.members}

    def kept(rows: Iterable[Row]) -> tuple[Row, ...]:
        return tuple(r for r in rows if keep is None or r.key in keep)

    return CorpusSlice(
        articles=kept(query_articles(store, f)),
        entities=kept(query_entities(store, f)),
        events=kept(query_events(store, f)),
        stances=kept(query_stances(store, f)),
    )


# ----------------------------------------------------------------------------- meetings


def actor_rank(actor_id: str) -> tuple[int, str]:
    """Sort key of actor ids: "a1", "a2", ... are numbered by how widely reported, "a2" before "a10"."""
    digits = actor_id[1:]
    return (int(digits), "") if actor_id.startswith("a") and digits.isdigit() else (1 << 62, actor_id)


def meetings(data: CorpusSlice, of: ActorOf) -> list[Meeting]:
    """Meeting-kind events of the slice, one per meeting, newest first (undated last).

    Reports of one meeting (same kind, same day, same participants after actor merging) from
    several articles or outlets are one meeting; an event with no date at all stays on its own.
    """
    published = {a.key: a.date for a in data.articles}
    found: dict[tuple[object, ...], Meeting] = {}
    for row in data.events:
        if row.kind not in MEETING_KINDS:
            continue
        ids = {of[(row.key, p)] for p in row.participant_ids if (row.key, p) in of}
        actors = tuple(sorted(ids, key=actor_rank))
        date, dated_by = (
            (row.event_date, "event") if row.event_date else (published.get(row.key), "published")
        )
        key: tuple[object, ...] = (row.kind, date, actors) if date else (row.key, row.event)
        seen = found.get(key)
        if seen is None:
            found[key] = Meeting(row.kind, date, dated_by if date else "", actors, row.location, (row,))
        else:
            found[key] = replace(seen, place=seen.place or row.location, reports=(*seen.reports, row))
    out = list(found.values())
    out.sort(
        key=lambda m: (m.date is None, _descending(m.date or ""), m.reports[0].article, m.reports[0].event)
    )
    return out


def _descending(text: str) -> tuple[int, ...]:
    # Newest first while the rest of the key stays ascending: negate each code point.
    return tuple(-ord(ch) for ch in text)


def meeting_edges(found: Sequence[Meeting]) -> list[tuple[str, str, int]]:
    """(a, b, n): actors a and b met n times; most meetings first, then by actor rank."""
    weights: Counter[tuple[str, str]] = Counter()
    for m in found:
        for a, b in combinations(m.actors, 2):
            weights[(a, b)] += 1
    return sorted(
        ((a, b, n) for (a, b), n in weights.items()),
        key=lambda t: (-t[2], actor_rank(t[0]), actor_rank(t[1])),
    )


def meeting_counts(found: Sequence[Meeting]) -> Counter[str]:
    """How many meetings each actor took part in."""
    return Counter(a for m in found for a in m.actors)


# ----------------------------------------------------------------------------- stances


def stance_pairs(data: CorpusSlice, of: ActorOf) -> dict[tuple[str, str], list[StanceRow]]:
    """Stances grouped by (speaker actor, target actor); a stance toward oneself after merging is dropped."""
    pairs: dict[tuple[str, str], list[StanceRow]] = defaultdict(list)
    for row in data.stances:
        speaker, target = of.get((row.key, row.speaker_id)), of.get((row.key, row.target_id))
        if speaker and target and speaker != target:
            pairs[(speaker, target)].append(row)
    return dict(pairs)


# ----------------------------------------------------------------------------- places


def meeting_places(
    found: Sequence[Meeting], gazetteer: Gazetteer | None = None
) -> tuple[list[PlacePoint], list[tuple[str, int]]]:
    """Meeting places with coordinates from the tables (places.tsv, countries' capitals).

    Returns:
        (points, unmapped): one point per place entry, most meetings first; and the place names the
        tables give no coordinates for, with their meeting counts, most first.
    """
    gz = gazetteer or load_gazetteer()
    at: dict[str, list[int]] = defaultdict(list)
    entries = {}
    missing: Counter[str] = Counter()
    for i, m in enumerate(found):
        if not m.place:
            continue
        entry = gz.lookup(m.place)
        if entry is None or entry.lat is None or entry.lon is None:
            missing[m.place] += 1
            continue
        # Spellings of one place ("أبوظبي", "أبو ظبي") share the table entry, so they share a point.
        at[entry.name].append(i)
        entries[entry.name] = entry
    points = [
        PlacePoint(
            name=name,
            name_en=entries[name].name_en,
            lat=float(entries[name].lat),  # type: ignore[arg-type]
            lon=float(entries[name].lon),  # type: ignore[arg-type]
            located_by=CAPITAL if entries[name].kind == "country" else entries[name].kind,
            meetings=tuple(indexes),
        )
        for name, indexes in at.items()
    ]
    points.sort(key=lambda p: (-len(p.meetings), p.name))
    return points, sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))


# ----------------------------------------------------------------------------- one actor


def actor_profile(data: CorpusSlice, of: ActorOf, actor: Actor) -> ActorProfile:
    """The actor's roles, meetings, counterparts, stances and articles within the slice."""
    members = set(actor.members)
    keys = {key for key, _ in members}
    roles: Counter[str] = Counter()
    for row in data.entities:
        if (row.key, row.entity) in members and row.role:
            roles[row.role] += 1
    mine = [m for m in meetings(data, of) if actor.id in m.actors]
    counterparts: Counter[str] = Counter(a for m in mine for a in m.actors if a != actor.id)
    # As in stance_pairs, a stance toward oneself (two spellings of one actor) is neither given nor received.
    pairs = [(r, of.get((r.key, r.speaker_id)), of.get((r.key, r.target_id))) for r in data.stances]
    given = [r for r, speaker, target in pairs if speaker == actor.id != target]
    received = [r for r, speaker, target in pairs if target == actor.id != speaker]
    by_date = sorted(range(len(given)), key=lambda i: (given[i].date or "", i))
    by_date_received = sorted(range(len(received)), key=lambda i: (received[i].date or "", i))
    return ActorProfile(
        actor=actor,
        roles=tuple(sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))),
        meetings=tuple(mine),
        counterparts=tuple(sorted(counterparts.items(), key=lambda kv: (-kv[1], actor_rank(kv[0])))),
        given=tuple(given[i] for i in by_date),
        received=tuple(received[i] for i in by_date_received),
        articles=tuple(a for a in data.articles if a.key in keys),
    )


# ----------------------------------------------------------------------------- the network as a file


def meeting_graph(found: Sequence[Meeting], actors: Mapping[str, Actor]) -> nx.Graph:
    """Who met whom, as the corpus network view draws it: actors as nodes, meetings as edge weights.

    Node attributes: label (the name), name_en ("" when unknown: GraphML has no null), type,
    articles, meetings; edge attributes: weight (meetings together) and kinds (";"-joined).
    """
    import networkx as nx

    graph = nx.Graph()
    counts = meeting_counts(found)
    for actor_id in sorted(counts, key=actor_rank):
        actor = actors[actor_id]
        graph.add_node(
            actor_id,
            label=actor.name,
            name_en=actor.name_en or "",
            type=actor.type,
            articles=actor.articles,
            meetings=counts[actor_id],
        )
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in found:
        for a, b in combinations(m.actors, 2):
            kinds[(a, b)].add(m.kind)
    for a, b, n in meeting_edges(found):
        graph.add_edge(a, b, weight=n, kinds=";".join(sorted(kinds[(a, b)])))
    return graph


def meeting_graphml(found: Sequence[Meeting], actors: Mapping[str, Actor]) -> str:
    """meeting_graph as GraphML text, for Gephi, yEd or networkx.read_graphml."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(meeting_graph(found, actors), out, encoding="utf-8")
    return out.getvalue().decode("utf-8")
