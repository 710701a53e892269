"""Exports: CSV and JSON of entities, events and stances, GraphML of who met whom, corrections as labels."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from itertools import combinations
from typing import TYPE_CHECKING, Any

from pipeline.actors import actor_of, build_actors
from pipeline.corrections import Correction, locate
from pipeline.records import MEETING_KINDS, Analysis
from pipeline.rows import LIST_SEPARATOR, EntityRow, EventRow, StanceRow, entity_rows, event_rows, stance_rows

if TYPE_CHECKING:
    import networkx as nx

    from pipeline.store import Store

Row = EntityRow | EventRow | StanceRow


def columns(row_type: type[Row]) -> list[str]:
    """The CSV header of a row type: its field names, in order."""
    return [f.name for f in fields(row_type)]


def to_csv(rows: Iterable[Row], row_type: type[Row]) -> str:
    """Rows as CSV text; a list field is one cell joined by " | ", None an empty cell.

    Write it with encoding "utf-8-sig" for spreadsheet programs that need the mark to read Arabic.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = columns(row_type)
    writer.writerow(names)
    for row in rows:
        values = [getattr(row, name) for name in names]
        writer.writerow(
            [LIST_SEPARATOR.join(v) if isinstance(v, tuple) else "" if v is None else v for v in values]
        )
    return out.getvalue()


def entities_csv(analyses: Iterable[Analysis]) -> str:
    return to_csv((r for a in analyses for r in entity_rows(a)), EntityRow)


def events_csv(analyses: Iterable[Analysis]) -> str:
    return to_csv((r for a in analyses for r in event_rows(a)), EventRow)


def stances_csv(analyses: Iterable[Analysis]) -> str:
    return to_csv((r for a in analyses for r in stance_rows(a)), StanceRow)


def rows_json(analyses: Iterable[Analysis]) -> str:
    """{"entities": [...], "events": [...], "stances": [...]}: the CSV rows as JSON, lists kept lists."""
    listed = list(analyses)
    return rows_to_json(
        [r for a in listed for r in entity_rows(a)],
        [r for a in listed for r in event_rows(a)],
        [r for a in listed for r in stance_rows(a)],
    )


def rows_to_json(
    entities: Iterable[EntityRow], events: Iterable[EventRow], stances: Iterable[StanceRow]
) -> str:
    """rows_json of rows already read, such as the corpus database's row tables give."""
    data = {
        "entities": [r.to_dict() for r in entities],
        "events": [r.to_dict() for r in events],
        "stances": [r.to_dict() for r in stances],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def analyses_json(analyses: Iterable[Analysis]) -> str:
    """{"articles": [...]}: whole analyses in the CLI's JSON contract (Analysis.from_dict reads them back)."""
    return json.dumps({"articles": [a.to_dict() for a in analyses]}, ensure_ascii=False, indent=1)


# ----------------------------------------------------------------------------- the network


def network_graph(analyses: Sequence[Analysis]) -> nx.Graph:
    """Who met whom across the analyses: corpus actors as nodes, shared meetings as weighted edges.

    Only actors in a meeting, call, visit or summit are nodes. Node attributes: label (the name),
    name_en, type, articles; edge attributes: weight (events shared) and kinds (";"-joined).
    """
    import networkx as nx

    actors = build_actors((str(i), e) for i, a in enumerate(analyses) for e in a.entities)
    of = actor_of(actors)
    by_id = {actor.id: actor for actor in actors}
    graph = nx.Graph()
    kinds: dict[tuple[str, str], set[str]] = {}
    for i, analysis in enumerate(analyses):
        known = {e.id for e in analysis.entities}
        for event in analysis.events:
            if event.kind not in MEETING_KINDS:
                continue
            ids = sorted({of[(str(i), p)] for p in event.participants if p in known})
            for actor_id in ids:
                actor = by_id[actor_id]
                # GraphML has no null: an unknown English name is an empty string.
                graph.add_node(
                    actor_id,
                    label=actor.name,
                    name_en=actor.name_en or "",
                    type=actor.type,
                    articles=actor.articles,
                )
            for a, b in combinations(ids, 2):
                weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
                graph.add_edge(a, b, weight=weight)
                kinds.setdefault((a, b), set()).add(event.kind)
    for (a, b), found in kinds.items():
        graph.edges[a, b]["kinds"] = ";".join(sorted(found))
    return graph


def network_graphml(analyses: Sequence[Analysis]) -> str:
    """network_graph as GraphML text (UTF-8), for Gephi, yEd or networkx.read_graphml."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(network_graph(analyses), out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


# ----------------------------------------------------------------------------- corrections as labels


def labelled_examples(
    corrected: Analysis, corrections: Sequence[Correction], key: str = ""
) -> list[dict[str, Any]]:
    """Training examples from an analyst's corrections of one article, read off the corrected analysis.

    Entity fixes give "ner" examples: each sentence mentioning a corrected entity with all its
    labelled spans. Event fixes give "event" examples; stance fixes "stance" examples (speaker,
    target and the sentence text, as a models.base.StanceQuery takes them, and the label).
    """
    entity_ids: set[str] = set()
    event_ids: list[str] = []
    stance_indexes: list[int] = []
    for c in corrections:
        found = locate(corrected, c)
        if found is None:
            continue
        if c.kind == "entity":
            entity_ids.add(str(found))
        elif c.kind == "event" and found not in event_ids:
            event_ids.append(str(found))
        elif c.kind == "stance" and isinstance(found, int) and found not in stance_indexes:
            stance_indexes.append(found)
    base = {"article": corrected.article.id, "key": key}
    out: list[dict[str, Any]] = []
    sentences = sorted({m.sentence for e in corrected.entities if e.id in entity_ids for m in e.mentions})
    for n in sentences:
        spans = sorted(
            (m.start, m.end, e.type, m.text)
            for e in corrected.entities
            for m in e.mentions
            if m.sentence == n
        )
        out.append(
            {
                **base,
                "task": "ner",
                "sentence": n,
                "text": corrected.sentences[n].text,
                "spans": [{"start": s, "end": t, "label": label, "text": x} for s, t, label, x in spans],
            }
        )
    for row in event_rows(corrected):
        if row.event in event_ids:
            out.append(
                {
                    **base,
                    "task": "event",
                    "sentence": row.sentence,
                    "text": row.evidence,
                    "kind": row.kind,
                    "participants": list(row.participants),
                    "date": row.event_date,
                }
            )
    rows = stance_rows(corrected)
    for i in stance_indexes:
        r = rows[i]
        out.append(
            {
                **base,
                "task": "stance",
                "sentence": r.sentence,
                "text": r.evidence,
                "speaker": r.speaker,
                "target": r.target,
                "label": r.polarity,
            }
        )
    return out


def export_corrections(store: Store) -> Iterator[dict[str, Any]]:
    """Every corrected article's labelled examples, one dict per example (write them as JSON Lines)."""
    for key in store.corrected_keys():
        corrected = store.analysis(key)
        if corrected is not None:
            yield from labelled_examples(corrected, store.corrections(key), key)
