"""The rules' hints as an input of the trained tagger: word ids, training examples, tagging, export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from models.base import TaggedSpan
from models.ner_hints import (
    HINT_ID,
    HINT_TAGS,
    RulesHints,
    hint_ids,
    hints_for_token_lists,
)


def test_hint_table_has_no_tag_first_and_every_type_begin_and_inside() -> None:
    assert HINT_TAGS[0] == "O"
    for label in ("PER", "ORG", "GPE", "LOC"):
        assert f"B-{label}" in HINT_ID and f"I-{label}" in HINT_ID


def test_hint_ids_mark_every_word_a_span_reaches() -> None:
    sentence = "وصل وزير الدفاع بأنقرة أمس"
    words = [(0, 3), (4, 8), (9, 15), (16, 22), (23, 26)]
    # The rules start «أنقرة» after the clitic ب; the corpus word «بأنقرة» still gets the hint.
    place = TaggedSpan(sentence.index("أنقرة"), 22, "GPE")
    title = TaggedSpan(4, 15, "ORG")
    assert hint_ids(words, [place, title]) == [0, HINT_ID["B-ORG"], HINT_ID["I-ORG"], HINT_ID["B-GPE"], 0]


def test_hint_ids_keep_the_earlier_span_and_skip_unknown_labels() -> None:
    words = [(0, 4), (5, 9), (10, 14)]
    first = TaggedSpan(0, 9, "PER")
    crossing = TaggedSpan(5, 14, "LOC")
    assert hint_ids(words, [crossing, first]) == [HINT_ID["B-PER"], HINT_ID["I-PER"], HINT_ID["B-LOC"]]
    assert hint_ids(words, [TaggedSpan(0, 4, "MISC")]) == [0, 0, 0]
    assert hint_ids([], [first]) == []


class _StubRules:
    """Tags the word «أنقرة» as GPE wherever it is, and records what it was asked."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def tag_sentence(self, text: str) -> list[TaggedSpan]:
        self.seen.append(text)
        at = text.find("أنقرة")
        return [] if at < 0 else [TaggedSpan(at, at + len("أنقرة"), "GPE")]

    def tag(self, sentences: list[str]) -> list[list[TaggedSpan]]:
        return [self.tag_sentence(s) for s in sentences]


def test_hints_for_token_lists_join_tokens_by_spaces() -> None:
    stub = _StubRules()
    got = hints_for_token_lists(RulesHints(stub), [["وصل", "أكار", "إلى", "أنقرة", "."], ["لا", "شيء"]])
    assert got == [[0, 0, 0, HINT_ID["B-GPE"], 0], [0, 0]]
    assert stub.seen == ["وصل أكار إلى أنقرة .", "لا شيء"]


def test_default_hints_read_the_shipped_tables() -> None:
    hinter = RulesHints()
    sentence = "استقبل الرئيس رجب طيب أردوغان في أنقرة"
    words = [(0, 6), (7, 13), (14, 17), (18, 21), (22, 29), (30, 32), (33, 38)]
    hints = hinter.word_hints(sentence, words)
    assert hints[0] == hints[1] == hints[5] == 0
    assert hints[6] == HINT_ID["B-GPE"]
    # The rules claim the name after the title.
    assert hints[2:5] == [HINT_ID["B-PER"], HINT_ID["I-PER"], HINT_ID["I-PER"]]


def _hinted_copy(tiny_bert_dir: Path, folder: Path, scale: float) -> Path:
    import torch

    from models.ner_hints import new_hint_embedding, save_hints

    shutil.copytree(tiny_bert_dir, folder)
    config = json.loads((tiny_bert_dir / "config.json").read_text())
    table = new_hint_embedding(config["hidden_size"])
    with torch.no_grad():
        table.weight.add_(scale * torch.arange(table.weight.numel()).reshape(table.weight.shape).float())
    save_hints(table, folder)
    return folder


def test_zero_hints_change_nothing_and_learnt_hints_reach_the_model(
    tiny_bert_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("torch")
    from models.word_tagger import WordTagger

    sentences = ["وصل وزير الدفاع إلى أنقرة اليوم", "قال أكار إن أنقرة مع طرابلس"]
    plain = WordTagger(tiny_bert_dir)
    assert plain.hints is None
    zero = WordTagger(_hinted_copy(tiny_bert_dir, tmp_path / "zero", 0.0), hinter=RulesHints(_StubRules()))
    assert zero.hints is not None
    # A zero-initialised table is where training starts: the tagger reads exactly as before.
    assert zero.tag(sentences) == plain.tag(sentences)
    stub = _StubRules()
    learnt = WordTagger(_hinted_copy(tiny_bert_dir, tmp_path / "learnt", 0.05), hinter=RulesHints(stub))
    assert stub.seen == [] and learnt.tag(sentences) != plain.tag(sentences)
    assert stub.seen == sentences  # the rules were read once per sentence


def test_training_with_rules_hint_exports_the_table_and_resumes(
    tiny_bert_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("peft")
    from models import ner_data, train_ner
    from models.ner_hints import HINTS_FILE, load_hints

    sentences = [
        (("التقى", "أكار", "في", "أنقرة"), ("O", "B-PER", "O", "B-GPE")),
        (("وصل", "الوزير", "إلى", "تركيا"), ("O", "O", "O", "B-GPE")),
    ] * 6
    monkeypatch.setattr(ner_data, "load_training", lambda sources, collapse_places=False: list(sentences))
    out, ckpt = tmp_path / "out", tmp_path / "ckpt"
    common = ["--base", str(tiny_bert_dir), "--layers", "1", "--lora-rank", "4", "--batch-size", "4"]
    common += ["--out", str(out), "--checkpoint-dir", str(ckpt), "--dev-share", "0.2", "--rules-hint"]
    assert train_ner.main([*common, "--epochs", "1", "--head-lr", "0.01"]) == 0
    meta = json.loads((out / train_ner.META_FILE).read_text())
    assert meta["hints"] == "rules"
    table = load_hints(out)
    # The rules tag «أنقرة» and «تركيا» as places, so training moved the B-GPE vector off zero.
    assert float(table.weight[HINT_ID["B-GPE"]].abs().sum()) > 0
    assert float(table.weight[HINT_ID["I-PER"]].abs().sum()) == 0  # never seen, never moved
    assert train_ner.main([*common, "--epochs", "2", "--head-lr", "0.01"]) == 0
    assert [h["epoch"] for h in json.loads((out / train_ner.META_FILE).read_text())["history"]] == [1, 2]
    assert (out / HINTS_FILE).is_file()
