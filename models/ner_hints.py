"""The rules backend's answer, word by word, as an extra input of the trained entity tagger.

The rules tagger knows what the tables list (countries, cities, organisations, the ANETAC names
news uses) and reads names after titles; the model knows context. Rather than merging their
spans after the fact, a model trained with ``--rules-hint`` reads the rules' BIO tag of every
word as a learnt vector added to that word's piece embeddings, and learns when to trust it.
A second flag, "this word is a word of a person's name in the tables", was tried and measured
no better on ANERcorp test (models/ner-e5/README.md), so it is not used.
The same RulesHints gives the hints in training (models/train_ner.py) and tagging
(models/word_tagger.py), so the model sees at inference exactly what it saw in training.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from models.base import TaggedSpan
from models.ner_data import joined_tokens

#: Hint ids: 0 is "the rules tag nothing here"; places keep the rules' GPE/LOC split.
HINT_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-GPE", "I-GPE", "B-LOC", "I-LOC")
HINT_ID = {tag: i for i, tag in enumerate(HINT_TAGS)}
#: The learnt hint vectors, beside the adapters and in the merged model folder.
HINTS_FILE = "hints.safetensors"


def hint_ids(words: Sequence[tuple[int, int]], spans: Sequence[TaggedSpan]) -> list[int]:
    """The hint id of each word (character ranges) from the rules' character spans.

    A word belongs to a span it overlaps at all: the rules start a span after a clitic they read
    off («بأنقرة» → «أنقرة»), and the word still names the place. Where two spans reach one word,
    the earlier span keeps it. Labels outside HINT_TAGS give no hint.
    """
    ids = [0] * len(words)
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if f"B-{span.label}" not in HINT_ID:
            continue
        covered = [i for i, (a, b) in enumerate(words) if a < span.end and span.start < b and ids[i] == 0]
        for k, i in enumerate(covered):
            ids[i] = HINT_ID[f"{'B' if k == 0 else 'I'}-{span.label}"]
    return ids


class RulesHints:
    """The hint id of every word of a sentence, from the rules' spans.

    Args:
        rules: anything with ``tag_sentence(text) -> list[TaggedSpan]``; the rules tagger by default
            (the hybrid tagger passes its own, so that one gazetteer serves both).
    """

    def __init__(self, rules: Any | None = None) -> None:
        if rules is None:
            from models.rules_tagger import RulesTagger

            rules = RulesTagger()
        self.rules = rules

    def word_hints(self, sentence: str, words: Sequence[tuple[int, int]]) -> list[int]:
        return hint_ids(words, self.rules.tag_sentence(sentence))


def hints_for_token_lists(hinter: RulesHints, sentences: Sequence[Sequence[str]]) -> list[list[int]]:
    """Hint ids for corpus sentences given as token lists (training data), joined as the
    evaluation joins them (ner_data.joined_tokens)."""
    return [hinter.word_hints(*joined_tokens(tokens)) for tokens in sentences]


def new_hint_embedding(hidden: int) -> Any:
    """A zero-initialised table: before training, a hinted model behaves as the one it started from."""
    import torch

    table = torch.nn.Embedding(len(HINT_TAGS), hidden)
    torch.nn.init.zeros_(table.weight)
    return table


def save_hints(table: Any, folder: Path) -> None:
    from safetensors.torch import save_file

    save_file({"weight": table.weight.detach().cpu().contiguous()}, str(folder / HINTS_FILE))


def load_hints(folder: Path) -> Any | None:
    """The hint table saved in `folder`, or None when the model was trained without hints."""
    path = folder / HINTS_FILE
    if not path.is_file():
        return None
    import torch
    from safetensors.torch import load_file

    weight = load_file(str(path))["weight"]
    if weight.shape[0] != len(HINT_TAGS):
        raise ValueError(f"{path}: {weight.shape[0]} hint vectors, expected {len(HINT_TAGS)}")
    table = torch.nn.Embedding(weight.shape[0], weight.shape[1])
    table.weight.data.copy_(weight)
    table.weight.requires_grad = False
    return table
