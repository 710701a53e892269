"""Views of an Analysis: pure Plotly/HTML builders and the Streamlit renderers that show them."""

from __future__ import annotations

from typing import Any

# Session-state keys shared by the views: a chart click stores an id here and the article view reads it.
FOCUS_ENTITY_KEY = "focus_entity"
FOCUS_SENTENCE_KEY = "focus_sentence"


def id_sort_key(record_id: str) -> tuple[str, int, str]:
    """Sort key that puts "e2" before "e10": prefix, then number, then the raw id for odd ids."""
    head = record_id.rstrip("0123456789")
    tail = record_id[len(head) :]
    return (head, int(tail) if tail else -1, record_id)


def selected_ids(event: Any) -> list[str]:
    """Entity/event ids carried in the customdata of the points of a Plotly selection state."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return []
    out = []
    for p in points or []:
        data = p.get("customdata") if isinstance(p, dict) else None
        if isinstance(data, (list, tuple)):
            data = data[0] if data else None
        if isinstance(data, str):
            out.append(data)
    return out
