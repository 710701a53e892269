"""Hand-made corpus rows: one meeting two outlets report, a call and a visit dated by publication, two undated."""

from __future__ import annotations

from pipeline.corpus import CorpusSlice
from pipeline.queries import ArticleRow
from pipeline.rows import EntityRow, EventRow, StanceRow

PUTIN, FULL_PUTIN, ERDOGAN, MACRON = "بوتين", "فلاديمير بوتين", "رجب طيب أردوغان", "إيمانويل ماكرون"
RUSSIAN = "الرئيس الروسي"


def article(key: str, date: str | None, source: str = "وكالة") -> ArticleRow:
    return ArticleRow(
        key=key, id=f"id-{key}", title=f"عنوان {key}", date=date, source=source, url=None, model="m"
    )


def entity(key: str, eid: str, name: str, type_: str = "PER", role: str | None = None) -> EntityRow:
    return EntityRow(key, None, None, eid, type_, name, None, role, None, None, 1, (name,), key=key)


def event(
    key: str,
    eid: str,
    kind: str,
    ids: tuple[str, ...],
    date: str | None = None,
    place: str | None = None,
    source: str = "وكالة",
) -> EventRow:
    return EventRow(key, None, source, eid, kind, date, None, place, ids, ids, 1, None, "جملة", key=key)


def stance(key: str, source: str, target: str, polarity: str, date: str | None) -> StanceRow:
    return StanceRow(key, date, None, source, source, target, target, polarity, 0.9, 1, "جملة", key=key)


def corpus_rows() -> CorpusSlice:
    """Four articles: one meeting reported twice, a call and a visit dated by publication, two undated."""
    return CorpusSlice(
        articles=(
            article("k3", "2020-02-01"),
            article("k1", "2020-01-10"),
            article("k2", "2020-01-10", "صحيفة"),
            article("k4", None),
        ),
        entities=(
            entity("k1", "e1", PUTIN, role=RUSSIAN),
            entity("k1", "e2", ERDOGAN),
            entity("k1", "e3", "موسكو", "GPE"),
            # Another outlet, other entity ids: the actors still match.
            entity("k2", "e7", ERDOGAN),
            entity("k2", "e8", PUTIN),
            entity("k3", "e1", PUTIN, role=RUSSIAN),
            entity("k3", "e2", MACRON),
            entity("k3", "e3", "فرنسا", "GPE"),
            entity("k3", "e4", FULL_PUTIN),
            entity("k4", "e1", PUTIN),
            entity("k4", "e2", "ماكرون"),
        ),
        events=(
            event("k3", "v1", "call", ("e1", "e2")),
            event("k3", "v2", "visit", ("e1",), place="باريس"),
            event("k3", "v3", "statement", ("e1", "e3")),
            event("k1", "v1", "meeting", ("e1", "e2"), "2020-01-09", "موسكو"),
            event("k2", "v1", "meeting", ("e8", "e7"), "2020-01-09", source="صحيفة"),
            event("k4", "v1", "meeting", ("e1", "e2"), place="قرية مجهولة"),
            event("k4", "v2", "meeting", ("e1", "e2"), place="فرنسا"),
        ),
        stances=(
            stance("k1", "e1", "e2", "support", "2020-01-10"),
            stance("k2", "e7", "e8", "oppose", "2020-01-10"),
            # «بوتين» about «فلاديمير بوتين»: one actor, so no stance toward anyone else.
            stance("k3", "e1", "e4", "neutral", "2020-02-01"),
        ),
    )
