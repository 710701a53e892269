"""The table of entities: who and what the article mentions, with role, affiliation and mention count."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.tables import render_table
from pipeline.records import ENTITY_TYPES, Analysis

COLUMNS = ("name", "name_en", "type", "role", "affiliation", "mentions")


def build_entity_table(analysis: Analysis) -> pd.DataFrame:
    """One row per entity, sorted by type (PER, ORG, GPE, LOC) then by mention count, most first.

    The affiliation column holds the affiliated entity's name rather than its id, since ids mean
    nothing to a reader; an affiliation id that resolves to no entity is shown as-is.
    """
    type_rank = {t: i for i, t in enumerate(ENTITY_TYPES)}
    rows = []
    for order, e in enumerate(analysis.entities):
        affiliated = analysis.entity(e.affiliation)
        rows.append(
            {
                "name": e.name,
                "name_en": e.name_en,
                "type": e.type,
                "role": e.role,
                "affiliation": affiliated.name if affiliated is not None else e.affiliation,
                "mentions": len(e.mentions),
                "_rank": (type_rank.get(e.type, len(type_rank)), -len(e.mentions), order),
            }
        )
    rows.sort(key=lambda r: r["_rank"])
    for r in rows:
        del r["_rank"]
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype({"mentions": "int64"})


def render_entity_table(analysis: Analysis, *, key: str) -> None:
    """Show the entity table, or an info line when nothing was found."""
    df = build_entity_table(analysis)
    if df.empty:
        st.info("لم يُعثر على كيانات · No entities found in this article")
        return
    render_table(df, key=f"{key}-table")
