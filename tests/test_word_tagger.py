"""Word-level decoding of first-piece token classifiers (models/word_tagger.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.base import TaggedSpan
from models.word_tagger import _our_tag, chunk_words, tags_to_spans, words_of


def test_words_of_splits_punctuation_as_the_ner_corpora_do() -> None:
    sentence = "التقى أكار، في أنقرة (تركيا) 2020."
    words = [sentence[a:b] for a, b in words_of(sentence)]
    assert words == ["التقى", "أكار", "،", "في", "أنقرة", "(", "تركيا", ")", "2020", "."]
    sentence = "استقبل كيم جونغ-أون - في بيونغيانغ - الرئيس مون جاي-إن"
    words = [sentence[a:b] for a, b in words_of(sentence)]
    assert words == ["استقبل", "كيم", "جونغ-أون", "-", "في", "بيونغيانغ", "-", "الرئيس", "مون", "جاي-إن"]


def test_chunk_words_cuts_between_words_and_never_loses_one() -> None:
    assert chunk_words([2, 3, 1, 4], 5) == [(0, 2), (2, 4)]
    assert chunk_words([2, 3, 2, 4], 5) == [(0, 2), (2, 3), (3, 4)]
    assert chunk_words([2, 2, 1], 5) == [(0, 3)]
    # A word longer than the budget sits alone (its pieces are cut to fit by the caller).
    assert chunk_words([1, 9, 1], 4) == [(0, 1), (1, 2), (2, 3)]
    assert chunk_words([], 4) == []


def test_tags_to_spans_uses_word_offsets_and_mean_scores() -> None:
    words = [(0, 5), (6, 10), (11, 15), (16, 21)]
    tags = ["O", "B-PER", "I-PER", "B-GPE"]
    assert tags_to_spans(tags, [0.9, 0.8, 0.6, 1.0], words) == [
        TaggedSpan(6, 15, "PER", 0.7),
        TaggedSpan(16, 21, "GPE", 1.0),
    ]


@pytest.mark.parametrize(
    ("label", "extra", "expected"),
    [
        ("B-PERS", (), "B-PER"),
        ("I-ORG", (), "I-ORG"),
        ("S-LOC", (), "B-LOC"),
        ("E-LOC", (), "I-LOC"),
        ("PER", (), "I-PER"),  # IO scheme: a bare label continues a span of its type
        ("B-MISC", (), "O"),
        ("B-MISC", ("MISC",), "B-MISC"),
        ("O", (), "O"),
    ],
)
def test_checkpoint_labels_become_our_bio_tags(label: str, extra: tuple[str, ...], expected: str) -> None:
    assert _our_tag(label, extra) == expected


def test_word_tagger_on_a_tiny_checkpoint(tiny_bert_dir: Path) -> None:
    from models.word_tagger import WordTagger

    tagger = WordTagger(tiny_bert_dir, batch_size=2, max_pieces=8)
    sentences = ["وزير الدفاع التركي خلوصي أكار في أنقرة", "", "قال باشاغا إن تركيا مع ليبيا " * 5]
    result = tagger.tag(sentences)
    assert len(result) == 3 and result[1] == []
    for sentence, spans in zip(sentences, result, strict=True):
        ends = [0]
        for span in spans:
            assert span.label in ("PER", "ORG", "LOC", "GPE") and 0 <= span.score <= 1
            # Spans are whole words, in order, never overlapping.
            assert span.start >= ends[-1] and span.end <= len(sentence)
            assert sentence[span.start : span.end] == sentence[span.start : span.end].strip()
            ends.append(span.end)
    # Chunking changes no word's label: the same words tag the same alone and inside a long text.
    assert tagger.tag(sentences) == result
    quantized = WordTagger(tiny_bert_dir, quantize=True)
    assert len(quantized.tag(sentences)) == 3
