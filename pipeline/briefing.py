"""The one-click briefing: one self-contained right-to-left HTML file of meetings, network, stances, quotes."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from pipeline.actors import actor_of, build_actors
from pipeline.exports import network_graph
from pipeline.records import MEETING_KINDS, Analysis

KIND_LABELS = {
    "meeting": "لقاء",
    "call": "اتصال هاتفي",
    "visit": "زيارة",
    "summit": "قمة",
    "agreement": "اتفاق",
    "statement": "تصريح",
    "other": "حدث",
}
POLARITY_LABELS = {"support": "تأييد", "oppose": "معارضة", "neutral": "محايد"}
TYPE_COLOURS = {"PER": "#d1495b", "ORG": "#2e6fba", "GPE": "#3a9a3f", "LOC": "#c58b0f"}
MAX_MEETINGS = 12
MAX_NODES = 24
MAX_STANCE_PAIRS = 15
MAX_QUOTES = 12
SVG_SIZE = 720
# Inline only: the file must open offline, attached to an e-mail, with nothing fetched.
CSS = """
body{font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",Tahoma,sans-serif;margin:2em auto;
max-width:60em;line-height:1.7;color:#1f2430;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #d8dde6;padding-bottom:.2em;margin-top:1.6em}
.meta{color:#5c6678}table{border-collapse:collapse;width:100%}th,td{border:1px solid #d8dde6;padding:.3em .5em;
text-align:right;vertical-align:top}th{background:#f2f4f8}blockquote{margin:.8em 0;padding:.4em 1em;
border-right:4px solid #8a97a6;background:#f7f8fa}.support{color:#1a7f44}.oppose{color:#c0392b}
.neutral{color:#6b7280}.src{font-size:.9em;color:#5c6678}svg{display:block;margin:auto;max-width:100%}
"""


@dataclass(frozen=True)
class _Meeting:
    kind: str
    date: str
    names: tuple[str, ...]
    place: str
    evidence: str
    source: str


def build_briefing(analyses: Sequence[Analysis], *, title: str = "موجز إخباري") -> str:
    """The briefing as one HTML document; every piece of article text in it is escaped."""
    dates = sorted(a.article.date for a in analyses if a.article.date)
    outlets = sorted({a.article.source for a in analyses if a.article.source})
    span = f"{dates[0]} – {dates[-1]}" if dates else "بلا تاريخ"
    meta = f"{len(analyses)} مقالاً · {span}" + (f" · {'، '.join(outlets)}" if outlets else "")
    parts = [
        '<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n<head>\n<meta charset="utf-8">',
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        f'<h1>{escape(title)}</h1>\n<p class="meta">{escape(meta)}</p>',
        "<h2>أبرز اللقاءات</h2>",
        _meetings_html(analyses),
        "<h2>شبكة المشاركين</h2>",
        network_svg(analyses),
        "<h2>ملخص المواقف</h2>",
        _stances_html(analyses),
        "<h2>شواهد من النصوص</h2>",
        _quotes_html(analyses),
        "</body>\n</html>\n",
    ]
    return "\n".join(parts)


def _source_line(analysis: Analysis) -> str:
    a = analysis.article
    return " · ".join(x for x in (a.source, a.date, a.title or a.id) if x)


def key_meetings(analyses: Sequence[Analysis]) -> list[_Meeting]:
    """Meetings, calls, visits and summits, most participants first, then newest."""
    found = []
    for a in analyses:
        for v in a.events:
            names = tuple(e.name for p in v.participants if (e := a.entity(p)) is not None)
            if v.kind not in MEETING_KINDS or len(names) < 2:
                continue
            place = a.entity(v.location)
            evidence = a.sentences[v.sentence].text if 0 <= v.sentence < len(a.sentences) else ""
            date = v.date or a.article.date or ""
            found.append(
                _Meeting(v.kind, date, names, place.name if place else "", evidence, _source_line(a))
            )
    # Two outlets reporting one meeting give one row.
    seen: set[tuple[str, str, frozenset[str]]] = set()
    unique = []
    for m in found:
        if (m.kind, m.date, frozenset(m.names)) not in seen:
            seen.add((m.kind, m.date, frozenset(m.names)))
            unique.append(m)
    unique.sort(key=lambda m: m.date, reverse=True)
    unique.sort(key=lambda m: len(m.names), reverse=True)  # stable: newest first among equals
    return unique[:MAX_MEETINGS]


def _meetings_html(analyses: Sequence[Analysis]) -> str:
    meetings = key_meetings(analyses)
    if not meetings:
        return "<p>لم يُعثر على لقاءات.</p>"
    rows = [
        "<tr>"
        + "".join(
            f"<td>{escape(x)}</td>"
            for x in (m.date, KIND_LABELS.get(m.kind, m.kind), "، ".join(m.names), m.place, m.source)
        )
        + "</tr>"
        for m in meetings
    ]
    head = "<tr><th>التاريخ</th><th>النوع</th><th>المشاركون</th><th>المكان</th><th>المصدر</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def network_svg(analyses: Sequence[Analysis]) -> str:
    """The participant network drawn as an inline SVG: actors on a circle, edges as wide as shared events."""
    graph = network_graph(analyses)
    if graph.number_of_nodes() == 0:
        return "<p>لا شبكة: لا لقاءات بين مشاركين معروفين.</p>"
    strength = dict(graph.degree(weight="weight"))
    nodes = sorted(graph.nodes, key=lambda n: (-strength[n], n))[:MAX_NODES]
    centre, radius = SVG_SIZE / 2, SVG_SIZE / 2 - 130
    angles = {n: math.pi / 2 - 2 * math.pi * i / len(nodes) for i, n in enumerate(nodes)}

    def at(n: str, r: float) -> tuple[float, float]:
        r = 0 if len(nodes) == 1 else r
        return round(centre + r * math.cos(angles[n]), 1), round(centre - r * math.sin(angles[n]), 1)

    # Inline SVG in HTML needs no namespace attribute, so the file holds no URL at all.
    out = [f'<svg width="{SVG_SIZE}" height="{SVG_SIZE}" viewBox="0 0 {SVG_SIZE} {SVG_SIZE}" role="img">']
    for a, b, data in graph.edges(data=True):
        if a in angles and b in angles:
            (x1, y1), (x2, y2) = at(a, radius), at(b, radius)
            width = 1.5 + 2 * (data["weight"] - 1)
            out.append(
                f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#8a97a6" stroke-width="{width}"/>'
            )
    for n in nodes:
        (x, y), (lx, ly) = at(n, radius), at(n, radius + 22)
        node = graph.nodes[n]
        colour = TYPE_COLOURS.get(node["type"], "#9e9e9e")
        out.append(f'<circle cx="{x}" cy="{y}" r="{7 + min(strength[n], 8)}" fill="{colour}"/>')
        # Labels point away from the circle, so neighbours' names do not run over each other's. The
        # page is dir="rtl", so a label's "start" is its right end: left-hand labels start at x.
        anchor = "middle" if abs(lx - centre) < 1 else "start" if lx < centre else "end"
        out.append(
            f'<text x="{lx}" y="{ly + 4}" text-anchor="{anchor}" font-size="13">{escape(node["label"])}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def stance_summary(analyses: Sequence[Analysis]) -> list[tuple[str, str, Counter[str]]]:
    """(speaker, target, polarity counts) per pair of corpus actors, most stances first."""
    actors = build_actors((str(i), e) for i, a in enumerate(analyses) for e in a.entities)
    of = actor_of(actors)
    names = {actor.id: actor.name for actor in actors}
    pairs: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for i, a in enumerate(analyses):
        for s in a.stances:
            source, target = of.get((str(i), s.source)), of.get((str(i), s.target))
            if source and target:
                pairs[(names[source], names[target])][s.polarity] += 1
    ranked = sorted(pairs.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return [(speaker, target, counts) for (speaker, target), counts in ranked[:MAX_STANCE_PAIRS]]


def _stances_html(analyses: Sequence[Analysis]) -> str:
    summary = stance_summary(analyses)
    if not summary:
        return "<p>لم يُعثر على مواقف.</p>"
    head = "<tr><th>صاحب الموقف</th><th>تجاه</th>" + "".join(
        f'<th class="{p}">{label}</th>' for p, label in POLARITY_LABELS.items()
    )
    rows = [
        f"<tr><td>{escape(speaker)}</td><td>{escape(target)}</td>"
        + "".join(f'<td class="{p}">{counts.get(p, 0)}</td>' for p in POLARITY_LABELS)
        + "</tr>"
        for speaker, target, counts in summary
    ]
    return f"<table>{head}</tr>{''.join(rows)}</table>"


def _quotes_html(analyses: Sequence[Analysis]) -> str:
    quotes = []
    for a in analyses:
        for s in a.stances:
            speaker, target = a.entity(s.source), a.entity(s.target)
            if speaker is None or target is None or not s.evidence:
                continue
            # Support and opposition say more than neutral mentions; the surest first.
            quotes.append(
                (s.polarity == "neutral", -s.confidence, s, speaker.name, target.name, _source_line(a))
            )
    if not quotes:
        return "<p>لا شواهد.</p>"
    quotes.sort(key=lambda q: (q[0], q[1]))
    out = []
    for _, _, s, speaker, target, source in quotes[:MAX_QUOTES]:
        label = POLARITY_LABELS.get(s.polarity, s.polarity)
        out.append(
            f"<blockquote><p>«{escape(s.evidence)}»</p>"
            f'<p><span class="{escape(s.polarity)}">{escape(label)}</span>: {escape(speaker)} ← {escape(target)}</p>'
            f'<p class="src">{escape(source)}</p></blockquote>'
        )
    return "\n".join(out)
