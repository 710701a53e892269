"""Word-level decoding of first-piece token classifiers (models/word_tagger.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.base import TaggedSpan
from models.word_tagger import (
    _our_tag,
    bio_viterbi,
    chunk_words,
    context_words,
    tags_to_spans,
    transition_mask,
    words_of,
)


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


def test_context_words_takes_whole_neighbours_nearest_first_within_the_budget() -> None:
    # Around word 2: word 1 (3 pieces) fits a budget of 4, word 0 (2 more) does not; on the right
    # word 3 (4 pieces) fits and word 4 does not.
    assert context_words([2, 3, 1, 4, 2], 2, 3, 4) == (1, 4)
    assert context_words([2, 3, 1, 4, 2], 2, 3, 0) == (2, 3)
    assert context_words([2, 3, 1, 4, 2], 0, 2, 9) == (0, 5)
    # A neighbour too long for the budget stops the context there, even if a farther one would fit.
    assert context_words([1, 5, 1, 1], 2, 3, 3) == (2, 4)


def test_transition_mask_lets_inside_labels_follow_only_their_own_span() -> None:
    labels = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
    assert transition_mask(labels).astype(int).tolist() == [
        [1, 1, 0, 1, 0],  # after O
        [1, 1, 1, 1, 0],  # after B-PER
        [1, 1, 1, 1, 0],  # after I-PER
        [1, 1, 0, 1, 1],  # after B-ORG
        [1, 1, 0, 1, 1],  # after I-ORG
        [1, 1, 0, 1, 0],  # at the start
    ]
    # BIOES: an end label continues a span like an inside one; single-word labels and bare IO
    # labels are free.
    assert transition_mask(["O", "S-LOC", "B-LOC", "E-LOC"]).astype(int).tolist() == [
        [1, 1, 1, 0],
        [1, 1, 1, 0],
        [1, 1, 1, 1],
        [1, 1, 1, 0],
        [1, 1, 1, 0],
    ]
    assert transition_mask(["O", "PER"]).all()


def test_bio_viterbi_picks_the_best_well_formed_path() -> None:
    allowed = transition_mask(["O", "B-PER", "I-PER"])
    # Word by word: O then I-PER, which is no span. The valid paths: O O = 0.12,
    # B-PER I-PER = 0.07, O B-PER = 0.06.
    probabilities = np.array([[0.6, 0.1, 0.3], [0.2, 0.2, 0.6]])
    assert bio_viterbi(probabilities, allowed) == [0, 0]
    # The rules add no preference of their own: where a valid B-PER beats I-PER, it stays
    # (B B = 0.45 against B I = 0.405) ...
    probabilities = np.array([[0.05, 0.9, 0.05], [0.05, 0.5, 0.45]])
    assert bio_viterbi(probabilities, allowed) == [1, 1]
    # ... and an orphan I-PER after a B-PER is kept as the name's second word.
    probabilities = np.array([[0.05, 0.9, 0.05], [0.3, 0.1, 0.6]])
    assert bio_viterbi(probabilities, allowed) == [1, 2]
    assert bio_viterbi(np.zeros((0, 3)), allowed) == []
    # Where every word's best label is valid, the path is the word-by-word one.
    probabilities = np.array([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.7, 0.2, 0.1], [0.2, 0.7, 0.1]])
    assert bio_viterbi(probabilities, allowed) == [1, 2, 0, 1]


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

    tagger = WordTagger(tiny_bert_dir, batch_size=2, max_pieces=8, name_memory=0)
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
    # The spans are the word labels read as BIO, each word's label a well-formed continuation.
    labels = tagger.word_labels(sentences)
    assert [len(x) for x in labels] == [len(words_of(s)) for s in sentences]
    for sentence, word_labels, spans in zip(sentences, labels, result, strict=True):
        words = words_of(sentence)
        assert tags_to_spans([t for t, _ in word_labels], [p for _, p in word_labels], words) == spans
        previous = "O"
        for tag, probability in word_labels:
            assert 0 <= probability <= 1
            assert not tag.startswith("I-") or previous[2:] == tag[2:]
            previous = tag
    quantized = WordTagger(tiny_bert_dir, quantize=True)
    assert len(quantized.tag(sentences)) == 3


def test_word_tagger_reads_the_neighbouring_sentences_as_context(tiny_bert_dir: Path) -> None:
    from models.word_tagger import WordTagger

    plain = WordTagger(tiny_bert_dir)
    tagger = WordTagger(tiny_bert_dir, context=64)
    rows: list[list[int]] = []
    original = tagger._forward
    tagger._forward = lambda ids, hints: rows.extend(ids) or original(ids, hints)  # type: ignore[method-assign]
    sentences = ["التقى خلوصي أكار", "قال أكار في أنقرة"]
    result = tagger.tag(sentences)
    assert len(result) == 2 and all(
        span.end <= len(s) for s, spans in zip(sentences, result, strict=True) for span in spans
    )
    pieces = [plain.tokenizer(w, add_special_tokens=False)["input_ids"] for w in sentences[0].split()]
    pieces2 = [plain.tokenizer(w, add_special_tokens=False)["input_ids"] for w in sentences[1].split()]
    first = [p for word in pieces for p in word]
    second = [p for word in pieces2 for p in word]
    cls, sep = plain.tokenizer.cls_token_id, plain.tokenizer.sep_token_id
    # Both rows hold the whole text: each sentence with the other as its context.
    assert sorted(rows) == sorted([[cls, *first, *second, sep]] * 2)
    assert WordTagger(tiny_bert_dir, context=0).context == 0
