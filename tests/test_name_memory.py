"""Name memory: lone surnames of people found whole nearby (models/name_memory.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.name_memory import MIN_LETTERS, NOT_NAMES_ALONE, Recalled, recall_names
from pipeline.text import match_key


def _call(sentences: list[list[tuple[str, str]]], window: int = 20) -> list[Recalled]:
    words = [[w for w, _ in s] for s in sentences]
    tags = [[t for _, t in s] for s in sentences]
    scores = [[0.9 if t != "O" else 0.8 for _, t in s] for s in sentences]
    return recall_names(words, tags, scores, window=window)


FULL_NAME = [("التقى", "O"), ("خلوصي", "B-PER"), ("أكار", "I-PER"), ("نظيره", "O")]


def test_a_lone_surname_after_the_full_name_is_recalled_with_the_names_score() -> None:
    later = [("وقال", "O"), ("أكار", "O"), ("إن", "O")]
    assert _call([FULL_NAME, later]) == [
        Recalled(sentence=1, first=1, end=2, label="PER", skip=0, extends=False, score=0.9)
    ]


def test_the_surname_counts_before_the_full_name_too_and_in_its_own_sentence() -> None:
    before = [("أكار", "O"), ("يصل", "O")]
    same = [("خلوصي", "B-PER"), ("أكار", "I-PER"), ("و", "O"), ("أكار", "O")]
    assert [(r.sentence, r.first) for r in _call([before, same])] == [(0, 0), (1, 3)]


def test_proclitics_stay_outside_the_recalled_span() -> None:
    later = [("وأكار", "O"), ("لأكار", "O"), ("ولأكار", "O")]
    assert [r.skip for r in _call([FULL_NAME, later])] == [1, 1, 2]


def test_spelling_variants_of_the_surname_match() -> None:
    # Hamza seats and alef maqsura fold as everywhere in Majlis (match_key).
    full = [("مصطفى", "B-PER"), ("أكار", "I-PER")]
    assert [(r.sentence, r.first) for r in _call([full, [("اكار", "O")]])] == [(1, 0)]


def test_a_surname_after_a_person_span_extends_it() -> None:
    later = [("أنوشه", "B-PER"), ("أكار", "O"), ("قالت", "O")]
    assert _call([FULL_NAME, later]) == [Recalled(1, 1, 2, "PER", 0, True, 0.9)]


def test_a_first_name_alone_and_words_another_type_holds_are_left_as_they_are() -> None:
    later = [("خلوصي", "O"), ("أكار", "B-ORG"), ("قال", "O")]
    assert _call([FULL_NAME, later]) == []


def test_names_beyond_the_window_are_forgotten() -> None:
    filler = [[("قال", "O")] for _ in range(3)]
    later = [("أكار", "O")]
    assert _call([FULL_NAME, *filler, later], window=3) == []
    assert len(_call([FULL_NAME, *filler, later], window=4)) == 1
    assert _call([FULL_NAME, later], window=0) == []


def test_a_name_is_found_again_word_for_word_with_its_type() -> None:
    first = [
        ("رحب", "O"),
        ("الاتحاد", "B-ORG"),
        ("الأوروبي", "I-ORG"),
        ("بالاتفاق", "O"),
        ("في", "O"),
        ("أنقرة", "B-LOC"),
    ]
    later = [("وقال", "O"), ("للاتحاد", "O"), ("الاوروبي", "O"), ("مسؤول", "O"), ("في", "O"), ("انقرة", "O")]
    assert _call([first, later]) == [
        Recalled(1, 1, 3, "ORG", 1, False, 0.9),  # «للاتحاد الاوروبي»: the لـ stays out, spelling folds
        Recalled(1, 5, 6, "LOC", 0, False, 0.9),
    ]


def test_the_longest_repeat_wins_and_tagged_words_are_never_retagged() -> None:
    first = [("الأمم", "B-ORG"), ("المتحدة", "I-ORG"), ("و", "O"), ("المتحدة", "B-ORG")]
    later = [("الأمم", "O"), ("المتحدة", "O"), ("و", "O"), ("الأمم", "B-LOC"), ("المتحدة", "O")]
    assert [(r.first, r.end, r.label) for r in _call([first, later])] == [(0, 2, "ORG"), (4, 5, "ORG")]


def test_a_repeated_name_never_extends_the_span_before_it_and_misc_is_not_remembered() -> None:
    first = [("مجلس", "B-ORG"), ("الأمن", "I-ORG"), ("كأس", "B-MISC"), ("العالم", "I-MISC")]
    later = [("منظمة", "B-ORG"), ("مجلس", "O"), ("الأمن", "O"), ("كأس", "O"), ("العالم", "O")]
    assert _call([first, later]) == [Recalled(1, 1, 3, "ORG", 0, False, 0.9)]


@pytest.mark.parametrize("ending", ["الثاني", "علي", "آل", "أبو", "المصري", "الكرواتية"])
def test_words_that_read_otherwise_alone_are_never_surnames(ending: str) -> None:
    # «عبدالله الثاني» then «الثاني»: an ordinal; «أبو حمزة المصري» then «الجانب المصري»: a
    # nationality adjective; «علي» reads as «على» once alef maqsura is folded.
    full = [("عبدالله", "B-PER"), (ending, "I-PER")]
    assert _call([full, [(ending, "O")]]) == []


def test_a_one_word_name_that_is_also_a_function_word_is_not_repeated() -> None:
    # The tagger's «علي» (Ali) must not turn every «على» (on) of the article into a person, nor
    # its «بان» (Ban Ki-moon) every «بأن» (that).
    first = [("قال", "O"), ("علي", "B-PER"), ("إن", "O"), ("بان", "B-PER")]
    later = [("على", "O"), ("علي", "O"), ("الحدود", "O"), ("بأن", "O")]
    assert _call([first, later]) == []


def test_the_tables_are_folded_and_short_words_excluded() -> None:
    assert {"الثاني", "ابو", "علي", "في"} <= NOT_NAMES_ALONE
    assert all(key == match_key(key) for key in NOT_NAMES_ALONE)
    full = [("نور", "B-PER"), ("سو", "I-PER"), ("في", "O"), ("آل", "B-ORG")]
    assert len("سو") < MIN_LETTERS and len("آل") < MIN_LETTERS
    assert _call([full, [("سو", "O"), ("آل", "O")]]) == []


def test_word_tagger_spans_include_recalled_surnames(tiny_bert_dir: Path) -> None:
    from models.word_tagger import WordTagger

    sentences = ["التقى خلوصي أكار نظيره", "وقال وأكار إن"]
    fixed = [
        [("O", 0.9), ("B-PER", 0.8), ("I-PER", 0.6), ("O", 0.9)],
        [("O", 0.9), ("O", 0.7), ("O", 0.9)],
    ]
    tagger = WordTagger(tiny_bert_dir)
    tagger._word_labels = lambda sentences, words: fixed  # type: ignore[method-assign]
    first, second = tagger.tag(sentences)
    assert [(sentences[0][s.start : s.end], s.label, s.score) for s in first] == [("خلوصي أكار", "PER", 0.7)]
    assert [(sentences[1][s.start : s.end], s.label, s.score) for s in second] == [("أكار", "PER", 0.7)]
    off = WordTagger(tiny_bert_dir, name_memory=0)
    off._word_labels = lambda sentences, words: fixed  # type: ignore[method-assign]
    assert off.tag(sentences)[1] == []
