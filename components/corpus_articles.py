"""The table of the filtered corpus's articles: date, outlet, title and what the analysis found in each."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from components.tables import render_table
from pipeline.corpus import CorpusSlice
from pipeline.records import MEETING_KINDS

COLUMNS = ("date", "source", "title", "entities", "meetings", "stances", "id", "url")


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
    render_table(build_article_table(data), key=f"{key}-table")
