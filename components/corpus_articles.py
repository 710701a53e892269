"""The table of the filtered corpus's articles: date, outlet, title and what the analysis found in each."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from pipeline.corpus import CorpusSlice
from pipeline.records import MEETING_KINDS

COLUMNS = ("date", "source", "title", "entities", "meetings", "stances", "id", "url")
ARTICLE_COLUMNS = {
    "date": st.column_config.TextColumn("التاريخ · Date"),
    "source": st.column_config.TextColumn("الوسيلة · Outlet"),
    "title": st.column_config.TextColumn("العنوان · Title", width="large"),
    "entities": st.column_config.NumberColumn("الكيانات · Entities"),
    "meetings": st.column_config.NumberColumn("اللقاءات · Meetings"),
    "stances": st.column_config.NumberColumn("المواقف · Stances"),
    "id": st.column_config.TextColumn("المعرف · Id"),
    # A text column, not a link column: a URL read from a corpus is not ours to make clickable.
    "url": st.column_config.TextColumn("الرابط · URL"),
}


def build_article_table(data: CorpusSlice) -> pd.DataFrame:
    """One row per article, newest first, with its entity, meeting-kind event and stance counts."""
    entities = Counter(r.key for r in data.entities)
    meetings = Counter(r.key for r in data.events if r.kind in MEETING_KINDS)
    stances = Counter(r.key for r in data.stances)
    rows = [
        {
            "date": a.date,
            "source": a.source,
            "title": a.title,
            "entities": entities[a.key],
            "meetings": meetings[a.key],
            "stances": stances[a.key],
            "id": a.id,
            "url": a.url,
        }
        for a in data.articles
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(
        {"entities": "int64", "meetings": "int64", "stances": "int64"}
    )


def render_article_table(data: CorpusSlice, *, key: str) -> None:
    """Show the article table."""
    if not data.articles:
        st.info("لا مقالات في هذا الاختيار · No articles in this selection")
        return
    st.dataframe(
        build_article_table(data), hide_index=True, key=f"{key}-table", column_config=ARTICLE_COLUMNS
    )
