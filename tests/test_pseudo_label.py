"""Self-training data from the news corpus (models/pseudo_label.py), with a stand-in tagger."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from models import pseudo_label
from models.ner_data import SHARED_ENV, read_conll
from models.pseudo_label import article_sentences, confident_sentences, sample_articles
from models.word_tagger import words_of


def _corpus(root: Path, texts: Sequence[str]) -> Path:
    folder = root / "data" / "news_corpus"
    folder.mkdir(parents=True)
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        for i, text in enumerate(texts):
            handle.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        handle.write("not json\n")
    return folder


def test_article_sentences_keep_arabic_sentences_of_a_useful_length() -> None:
    text = (
        "استقبل الرئيس التركي رجب طيب أردوغان وزير الخارجية الليبي في أنقرة اليوم.\n"
        "قصير جدا.\n"
        "The minister met his counterpart in Ankara on Monday morning.\n"
        "وقال الوزير إن المحادثات تناولت الأمن في المتوسط. وأضاف أن اللقاء كان مثمرا للغاية"
    )
    assert article_sentences(text) == [
        "استقبل الرئيس التركي رجب طيب أردوغان وزير الخارجية الليبي في أنقرة اليوم.",
        "وقال الوزير إن المحادثات تناولت الأمن في المتوسط.",
        "وأضاف أن اللقاء كان مثمرا للغاية",
    ]


def test_confident_sentences_need_every_word_sure() -> None:
    sentences = ["زار أردوغان أنقرة", "زار بوتين موسكو"]
    labels = [
        [("O", 0.99), ("B-PER", 0.95), ("B-LOC", 0.9)],
        [("O", 0.99), ("B-PER", 0.6), ("B-LOC", 0.97)],
    ]
    assert list(confident_sentences(sentences, labels, 0.9)) == [
        (["زار", "أردوغان", "أنقرة"], ["O", "B-PER", "B-LOC"])
    ]
    assert len(list(confident_sentences(sentences, labels, 0.5))) == 2


def test_sample_articles_is_seeded_and_skips_bad_lines(tmp_path: Path) -> None:
    folder = _corpus(tmp_path, [f"نص الخبر رقم {i}" for i in range(20)])
    files = sorted(folder.glob("*.jsonl.gz"))
    first = sample_articles(files, 5, seed=3)
    assert first == sample_articles(files, 5, seed=3)
    assert len({a["id"] for a in first}) == len(first) <= 5
    assert sample_articles(files, 5, seed=3) != sample_articles(files, 5, seed=4)
    # Asking for more than there is gives every good line once.
    assert sorted(a["id"] for a in sample_articles(files, 100, seed=3)) == list(range(20))


class _FakeTagger:
    """Tags a word PER when it is أردوغان, with a probability that makes the second sentence unsure."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def word_labels(self, sentences: Sequence[str]) -> list[list[tuple[str, float]]]:
        self.calls.append(list(sentences))
        out = []
        for sentence in sentences:
            words = [sentence[a:b] for a, b in words_of(sentence)]
            sure = 0.5 if "ربما" in words else 0.99
            out.append([("B-PER", sure) if w == "أردوغان" else ("O", sure) for w in words])
        return out


def test_main_writes_the_confident_sentences_as_conll(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus(tmp_path, ["قال الرئيس أردوغان إن تركيا مستعدة للحوار. ربما يزور أردوغان المنطقة قريبا جدا"])
    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    fake = _FakeTagger()
    monkeypatch.setattr("models.registry.load_tagger", lambda name, extra_labels=(): (fake, []))
    out = tmp_path / "pseudo.conll"
    assert pseudo_label.main(["--articles", "3", "--out", str(out), "--min-prob", "0.9"]) == 0
    # Both sentences of the article went to the tagger in one call (context), one was sure enough.
    assert len(fake.calls) == 1 and len(fake.calls[0]) == 2
    assert read_conll(out) == [
        [("قال", "O"), ("الرئيس", "O"), ("أردوغان", "B-PER"), ("إن", "O"), ("تركيا", "O")]
        + [("مستعدة", "O"), ("للحوار", "O"), (".", "O")]
    ]


def test_main_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    assert pseudo_label.main(["--out", str(tmp_path / "x.conll")]) == 2
    assert "no news corpus" in capsys.readouterr().err
    _corpus(tmp_path, ["نص"])

    class SpansOnly:
        name = "spans-only"

    monkeypatch.setattr("models.registry.load_tagger", lambda name, extra_labels=(): (SpansOnly(), []))
    assert pseudo_label.main(["--out", str(tmp_path / "x.conll")]) == 2
    assert "word labels" in capsys.readouterr().err
