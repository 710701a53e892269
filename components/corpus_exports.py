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


def csv_bytes(text: str) -> bytes:
    """CSV text as UTF-8 with a byte-order mark, which spreadsheet programs need to read Arabic."""
    return text.encode("utf-8-sig")


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
        data = csv_bytes(f.content) if f.mime == CSV_MIME else f.content.encode("utf-8")
        with columns[i % 3]:
            st.download_button(
                f.label,
                data,
                file_name=f.file_name,
                mime=f.mime,
                key=f"{key}-{f.file_name}",
                on_click="ignore",
            )
    st.markdown("**موجز · Briefing**")
    # A callable defers the work to the click: the briefing reads every selected article's analysis.
    st.download_button(
        "موجز HTML بنقرة واحدة · One-click HTML briefing",
        lambda: briefing().encode("utf-8"),
        file_name="majlis_briefing.html",
        mime="text/html",
        key=f"{key}-briefing",
        on_click="ignore",
        type="primary",
    )
    st.download_button(
        "التصحيحات كبيانات تدريب · Corrections as training data (JSON Lines, whole database)",
        lambda: corrections().encode("utf-8"),
        file_name="majlis_corrections.jsonl",
        mime="application/x-ndjson",
        key=f"{key}-corrections",
        on_click="ignore",
    )
    st.caption("PNG/SVG: the ⬇ PNG and ⬇ SVG buttons under each chart · أزرار التنزيل تحت كل رسم")
