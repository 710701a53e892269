"""The dashboard's tables: one bilingual heading per column name, so a column reads the same everywhere.

Every st.dataframe goes through render_table, which gives each column of the frame its heading from
COLUMN_HEADINGS (a number column right-aligned, a long text column wide), so no table shows a raw
column name and a new table needs no column block of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

#: Heading of each text column, by the column's name in the frames the components build.
TEXT_HEADINGS = {
    "affiliation": "الانتماء · Affiliation",
    "counterpart": "النظير · Counterpart",
    "date": "التاريخ · Date",
    "date_text": "نص التاريخ · Date as written",
    "dated_by": "مصدر التاريخ · Dated by",
    "evidence": "الدليل · Evidence",
    "id": "المعرف · Id",
    "kind": "النوع · Kind",
    "name": "الاسم · Name",
    "name_en": "English",
    "outlets": "الوسائل · Outlets",
    "participants": "المشاركون · Participants",
    "place": "المكان · Place",
    "polarity": "الموقف · Polarity",
    "role": "الصفة · Role",
    "source": "الوسيلة · Outlet",
    "speaker": "المصدر · Source",
    "target": "الهدف · Target",
    "title": "العنوان · Title",
    "type": "النوع · Type",
    # A text column, not a link column: a URL read from a corpus is not ours to make clickable.
    "url": "الرابط · URL",
}
#: Heading of each count or score column.
NUMBER_HEADINGS = {
    "articles": "المقالات · Articles",
    "confidence": "الثقة · Confidence",
    "entities": "الكيانات · Entities",
    "meetings": "اللقاءات · Meetings",
    "mentions": "الإشارات · Mentions",
    "reports": "التقارير · Reports",
    "stances": "المواقف · Stances",
}
#: Columns that hold a sentence or a list of names: given the width to read them.
WIDE_COLUMNS = frozenset({"evidence", "participants", "title"})
#: Number formats other than the default.
NUMBER_FORMATS = {"confidence": "%.2f"}


def column_config(columns: Iterable[str]) -> dict[str, Any]:
    """Streamlit column settings for the named columns; a name with no heading is left as it is."""
    config: dict[str, Any] = {}
    for name in columns:
        width = "large" if name in WIDE_COLUMNS else None
        if name in NUMBER_HEADINGS:
            config[name] = st.column_config.NumberColumn(
                NUMBER_HEADINGS[name], format=NUMBER_FORMATS.get(name), width=width
            )
        elif name in TEXT_HEADINGS:
            config[name] = st.column_config.TextColumn(TEXT_HEADINGS[name], width=width)
    return config


def render_table(frame: pd.DataFrame, *, key: str) -> None:
    """One table, without the index, its columns headed from the tables above."""
    st.dataframe(frame, hide_index=True, key=key, column_config=column_config(frame.columns))
