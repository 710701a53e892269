"""Downloads of the filtered corpus: CSV and JSON rows, GraphML of the network, the HTML briefing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from pipeline.actors import Actor
from pipeline.corpus import CorpusSlice, Meeting, meeting_graphml
from pipeline.exports import rows_to_json, to_csv
from pipeline.rows import EntityRow, EventRow, StanceRow

CSV_MIME = "text/csv"


@dataclass(frozen=True)
class ExportFile:
    """One download: what the button says, the file's name and type, and its text."""

    label: str  #: button label
    file_name: str  #: suggested file name
    mime: str  #: MIME type
    content: str  #: the file's text


def export_files(
    data: CorpusSlice, found: Sequence[Meeting], actors: Mapping[str, Actor]
) -> list[ExportFile]:
    """The row and network exports of the filtered corpus, as the views show it (corrections applied)."""
    return [
        ExportFile(
            "الكيانات · Entities CSV", "majlis_entities.csv", CSV_MIME, to_csv(data.entities, EntityRow)
        ),
        ExportFile("الأحداث · Events CSV", "majlis_events.csv", CSV_MIME, to_csv(data.events, EventRow)),
        ExportFile("المواقف · Stances CSV", "majlis_stances.csv", CSV_MIME, to_csv(data.stances, StanceRow)),
        ExportFile(
            "الكل · Entities, events, stances JSON",
            "majlis_rows.json",
            "application/json",
            rows_to_json(data.entities, data.events, data.stances),
        ),
        ExportFile(
            "الشبكة · Network GraphML",
            "majlis_network.graphml",
            "application/graphml+xml",
            meeting_graphml(found, actors),
        ),
    ]


#: The two downloads built on click (their content is filled in then).
BRIEFING = ExportFile(
    "موجز HTML بنقرة واحدة · One-click HTML briefing", "majlis_briefing.html", "text/html", ""
)
CORRECTIONS = ExportFile(
    "التصحيحات كبيانات تدريب · Corrections as training data (JSON Lines, whole database)",
    "majlis_corrections.jsonl",
    "application/x-ndjson",
    "",
)


def csv_bytes(text: str) -> bytes:
    """CSV text as UTF-8 with a byte-order mark, which spreadsheet programs need to read Arabic."""
    return text.encode("utf-8-sig")


def render_download(
    f: ExportFile, *, key: str, build: Callable[[], str] | None = None, primary: bool = False
) -> None:
    """One download button; with ``build``, the file's text is made only when the button is clicked."""
    encode = csv_bytes if f.mime == CSV_MIME else lambda text: text.encode("utf-8")
    st.download_button(
        f.label,
        encode(f.content) if build is None else lambda: encode(build()),
        file_name=f.file_name,
        mime=f.mime,
        key=f"{key}-{f.file_name}",
        on_click="ignore",
        type="primary" if primary else "secondary",
    )


def render_exports(
    files: Sequence[ExportFile],
    *,
    briefing: Callable[[], str],
    corrections: Callable[[], str],
    key: str,
) -> None:
    """Download buttons; the briefing and the labelled corrections are built only when clicked."""
    st.markdown("**تصدير الاختيار الحالي · Export the current selection**")
    columns = st.columns(3)
    for i, f in enumerate(files):
        with columns[i % 3]:
            render_download(f, key=key)
    st.markdown("**موجز · Briefing**")
    # A callable defers the work to the click: the briefing reads every selected article's analysis.
    render_download(BRIEFING, key=key, build=briefing, primary=True)
    render_download(CORRECTIONS, key=key, build=corrections)
    st.caption("PNG/SVG: the ⬇ PNG and ⬇ SVG buttons under each chart · أزرار التنزيل تحت كل رسم")
