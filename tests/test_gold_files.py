"""The team's gold annotations are well formed: every key they refer to is defined."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOLD = sorted((Path(__file__).resolve().parent / "gold" / "dev_articles").glob("*.json"))
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def test_at_least_twelve_articles_are_annotated() -> None:
    assert len(GOLD) >= 12


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_gold_file_is_self_consistent(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    assert gold["article"]["file"] == f"{path.stem}.txt" and DATE.match(gold["article"]["date"])
    keys = set(gold["entities"]) | set(gold.get("optional_entities", {}))
    for group in ("entities", "optional_entities"):
        for entity in gold.get(group, {}).values():
            assert entity["type"] in ("PER", "ORG", "PLACE")
    for meeting in gold.get("meetings", []):
        assert set(meeting["participants"]) <= keys and meeting["location"] in keys | {None}
        assert meeting["date"] is None or DATE.match(meeting["date"])
    for event in gold.get("dated_events", []):
        assert set(event["involves"]) <= keys and DATE.match(event["date"])
    for group in ("stances", "optional_stances"):
        for stance in gold.get(group, []):
            assert {stance["source"], stance["target"]} <= keys
            assert stance["polarity"] in (
                ("support", "oppose") if group == "stances" else ("support", "oppose", "neutral")
            )
    for person, role in gold.get("roles", {}).items():
        affiliations = role["affiliation"] if isinstance(role["affiliation"], list) else [role["affiliation"]]
        assert person in keys and set(affiliations) <= keys
