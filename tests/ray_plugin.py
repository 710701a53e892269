"""A backend for the Ray engine tests, registered in the test process and in each Ray worker.

`rules-brittle` is the rules tagger, except that it raises on any article whose text holds MARK:
an article that fails the same way whichever engine analyses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.base import TaggedSpan
from models.registry import get_tagger, register_tagger

MARK = "BROKEN"
NAME = "rules-brittle"


class BrittleTagger:
    """The rules tagger, failing on articles that carry MARK."""

    name = NAME

    def __init__(self, **options: Any) -> None:
        self.inner = get_tagger("rules")

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        if any(MARK in s for s in sentences):
            raise ValueError("the article is marked as broken")
        return self.inner.tag(sentences)


def register() -> None:
    """Ray's worker_process_setup_hook: make the backend known in a fresh worker."""
    register_tagger(NAME)(BrittleTagger)


register()
