"""Table headings (components/tables.py): every column of every table the components build has one."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from corpus_rows import FULL_PUTIN, corpus_rows

from components.actor_page import build_actor_articles, build_counterpart_table, build_role_table
from components.corpus_articles import build_article_table
from components.corpus_stances import build_corpus_stance_table
from components.corpus_timeline import build_meeting_table
from components.entity_table import build_entity_table
from components.stance_chart import build_stance_table
from components.tables import NUMBER_HEADINGS, TEXT_HEADINGS, WIDE_COLUMNS, column_config
from components.timeline import _undated_table
from pipeline.actors import actor_of, build_actors
from pipeline.corpus import actor_profile, meetings, row_entity, stance_pairs
from pipeline.records import Analysis

FIXTURE = Path(__file__).parent / "fixtures" / "analysis_seedlike.json"


def test_headings_are_bilingual_and_unique() -> None:
    headings = {**TEXT_HEADINGS, **NUMBER_HEADINGS}
    assert not set(TEXT_HEADINGS) & set(NUMBER_HEADINGS)
    assert len(set(headings.values())) == len(headings)
    # Arabic first, then English; "English" itself heads the transliterated name.
    assert all(" · " in h or h == "English" for h in headings.values())
    assert set(headings) >= WIDE_COLUMNS


def test_column_config_kinds_widths_and_formats() -> None:
    config = column_config(["confidence", "evidence", "date", "unknown"])
    assert list(config) == ["confidence", "evidence", "date"]
    assert config["confidence"]["label"] == "الثقة · Confidence"
    assert config["confidence"]["type_config"]["type"] == "number"
    assert config["confidence"]["type_config"]["format"] == "%.2f"
    assert (config["evidence"]["width"], config["date"]["width"]) == ("large", None)
    assert config["date"]["type_config"]["type"] == "text"


def test_every_table_shown_heads_all_its_columns() -> None:
    data = corpus_rows()
    actors = {a.id: a for a in build_actors((r.key, row_entity(r)) for r in data.entities)}
    of = actor_of(actors.values())
    putin = next(a for a in actors.values() if a.name == FULL_PUTIN)
    profile = actor_profile(data, of, putin)
    analysis = Analysis.from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))
    frames: list[pd.DataFrame] = [
        build_article_table(data),
        build_corpus_stance_table(stance_pairs(data, of), actors),
        build_meeting_table(meetings(data, of), actors),
        build_role_table(profile),
        build_counterpart_table(profile, actors),
        build_actor_articles(profile),
        build_stance_table(analysis),
        build_entity_table(analysis),
        _undated_table([]),
        pd.DataFrame(columns=["place", "meetings"]),  # the map's places without coordinates
    ]
    for frame in frames:
        assert list(column_config(frame.columns)) == list(frame.columns)
