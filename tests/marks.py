"""MarkTagger: a tagger whose output each test decides, to test resolution and events apart from any model."""

from __future__ import annotations

from collections.abc import Sequence

from models.base import TaggedSpan


class MarkTagger:
    """Tags chosen words, like a model whose output we decide.

    Each mark is (context, name, label): wherever ``context`` occurs, the ``name`` inside it is
    tagged ``label``; a name already tagged is not tagged twice. List the longer contexts first.
    """

    name = "marks"

    def __init__(self, marks: Sequence[tuple[str, str, str]]) -> None:
        self.marks = marks

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        out = []
        for text in sentences:
            spans: list[TaggedSpan] = []
            for context, name, label in self.marks:
                at = text.find(context)
                while at >= 0:
                    start = at + context.index(name)
                    if all(start >= s.end or start + len(name) <= s.start for s in spans):
                        spans.append(TaggedSpan(start, start + len(name), label, 0.9))
                    at = text.find(context, at + 1)
            out.append(sorted(spans, key=lambda s: s.start))
        return out
