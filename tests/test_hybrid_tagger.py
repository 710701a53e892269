"""Combining the trained tagger's spans with the rules backend's."""

from __future__ import annotations

from models.base import TaggedSpan
from models.hybrid_tagger import HybridTagger, combine, join_spelled_letters


class FixedTagger:
    def __init__(self, name: str, spans: list[TaggedSpan]) -> None:
        self.name, self.spans = name, spans

    def tag(self, sentences):
        return [list(self.spans) for _ in sentences]


def test_model_spans_win_and_rules_fill_gaps() -> None:
    model = [TaggedSpan(0, 10, "PER", 0.9), TaggedSpan(20, 25, "LOC", 0.8)]
    rules = [TaggedSpan(5, 12, "ORG", 0.7), TaggedSpan(12, 18, "GPE", 0.95), TaggedSpan(24, 30, "GPE", 0.95)]
    assert combine(model, rules) == [
        TaggedSpan(0, 10, "PER", 0.9),
        TaggedSpan(12, 18, "GPE", 0.95),
        TaggedSpan(20, 25, "LOC", 0.8),
    ]


def test_a_fuller_rules_span_replaces_the_model_spans_it_covers() -> None:
    # "خليفة حفتر": the model tagged only the surname, the rules the whole name.
    model = [TaggedSpan(6, 10, "PER", 0.9), TaggedSpan(20, 25, "ORG", 0.8)]
    rules = [TaggedSpan(0, 10, "PER", 0.95), TaggedSpan(20, 25, "GPE", 0.95), TaggedSpan(24, 30, "GPE", 0.9)]
    # Same extent (20..25) keeps the model's label; 24..30 only crosses it, so it is dropped.
    assert combine(model, rules) == [TaggedSpan(0, 10, "PER", 0.95), TaggedSpan(20, 25, "ORG", 0.8)]


def test_a_rules_span_covering_two_model_spans_replaces_both() -> None:
    model = [TaggedSpan(0, 5, "ORG", 0.6), TaggedSpan(6, 12, "GPE", 0.7)]
    rules = [TaggedSpan(0, 12, "ORG", 0.9)]
    assert combine(model, rules) == [TaggedSpan(0, 12, "ORG", 0.9)]


def test_a_rules_span_that_is_the_model_span_less_a_clitic_wins() -> None:
    # "للولايات المتحدة": the rules read the clitic off with the gazetteer.
    model = [TaggedSpan(0, 16, "GPE", 0.9), TaggedSpan(20, 35, "PER", 0.9)]
    rules = [TaggedSpan(1, 16, "GPE", 0.95), TaggedSpan(20, 31, "PER", 0.9)]
    # A shorter name with the same start is not preferred: the title rules stop foreign names
    # at words like «إن» (Moon Jae-in), so the model's fuller reading stays.
    assert combine(model, rules) == [TaggedSpan(1, 16, "GPE", 0.95), TaggedSpan(20, 35, "PER", 0.9)]


def test_hybrid_tagger_combines_per_sentence() -> None:
    hybrid = HybridTagger(
        FixedTagger("m", [TaggedSpan(0, 3, "PER")]), FixedTagger("r", [TaggedSpan(4, 6, "GPE")])
    )
    assert hybrid.tag(["أ ب", "ج د"]) == [[TaggedSpan(0, 3, "PER"), TaggedSpan(4, 6, "GPE")]] * 2
    assert hybrid.name == "e5-ner+rules"


def test_places_end_to_end_replace_a_model_span_that_joined_them() -> None:
    sentence = "قدم مبادرات إلى سول وبكين."
    seoul = sentence.index("سول")
    beijing = sentence.index("بكين")
    model = [TaggedSpan(seoul, beijing + 4, "PER", 0.8)]  # «سول وبكين» read as one person
    rules = [TaggedSpan(seoul, seoul + 3, "GPE", 0.95), TaggedSpan(beijing, beijing + 4, "GPE", 0.95)]
    assert combine(model, rules) == rules
    # Three capitals, the model's span starting at the conjunction of the first: the same.
    text = "بين وموسكو وواشنطن ودمشق"
    first, second, third = text.index("موسكو"), text.index("واشنطن"), text.index("دمشق")
    places = [
        TaggedSpan(first, first + 5, "GPE"),
        TaggedSpan(second, second + 6, "GPE"),
        TaggedSpan(third, third + 4, "GPE"),
    ]
    assert combine([TaggedSpan(first - 1, third + 4, "GPE")], places) == places


def test_a_name_with_one_place_word_or_words_beyond_the_places_stays_the_models() -> None:
    text = "التقى جورج واشنطن في باريس ولندن الكبرى"
    george = TaggedSpan(text.index("جورج"), text.index(" في"), "PER")
    washington = TaggedSpan(text.index("واشنطن"), text.index(" في"), "GPE")
    # One table place inside a person's name: the name stays.
    assert combine([george], [washington]) == [george]
    # Places that do not reach the end of the model's span (a word the tables do not place).
    paris = TaggedSpan(text.index("باريس"), text.index("باريس") + 5, "GPE")
    london = TaggedSpan(text.index("لندن"), text.index("لندن") + 4, "GPE")
    whole = TaggedSpan(paris.start, len(text), "LOC")
    assert combine([whole], [paris, london]) == [whole]
    # An organisation among the rules' spans: not a run of places.
    org = TaggedSpan(london.start, london.end, "ORG")
    both = TaggedSpan(paris.start, london.end, "PER")
    assert combine([both], [paris, org]) == [both]


def _span(sentence: str, text: str, label: str, score: float = 0.8) -> TaggedSpan:
    start = sentence.index(text)
    return TaggedSpan(start, start + len(text), label, score)


def test_spelled_letters_the_model_cut_apart_are_one_acronym() -> None:
    sentence = "وقال لبي بي سي إن الاجتماع مثمر."
    # The model read «لبي» and «سي» as people and «بي» as an organisation; «إن» it left alone.
    model = [
        _span(sentence, "لبي", "PER", 0.9),
        _span(sentence, " بي ", "ORG", 0.6),
        _span(sentence, "سي", "PER", 0.6),
    ]
    model[1] = TaggedSpan(model[1].start + 1, model[1].end - 1, "ORG", 0.6)
    assert join_spelled_letters(model, sentence) == [TaggedSpan(6, 14, "ORG", 0.7)]
    assert sentence[6:14] == "بي بي سي"
    # Through combine, given the sentence; without it the spans are the model's.
    assert combine(model, [], sentence) == [TaggedSpan(6, 14, "ORG", 0.7)]
    assert combine(model, []) == model


def test_dotted_spelled_letters_are_one_acronym_too() -> None:
    for sentence in ("قال لشبكة (سي.بي.إس)، إنه", "قال لشبكة سي . بي . إس إنه"):
        letters = [
            _span(sentence, "سي", "ORG", 0.9),
            _span(sentence, "بي", "ORG", 0.8),
            _span(sentence, "إس", "ORG", 0.7),
        ]
        [joined] = join_spelled_letters(letters, sentence)
        assert (joined.start, joined.end, joined.label, joined.score) == (
            letters[0].start,
            letters[2].end,
            "ORG",
            0.8,
        )
    # Two dots, or a comma, part two names.
    sentence = "سي.. بي، إس"
    letters = [_span(sentence, "سي", "ORG"), _span(sentence, "بي", "ORG"), _span(sentence, "إس", "ORG")]
    assert join_spelled_letters(letters, sentence) == letters


def test_letters_apart_or_beside_other_words_are_left_as_they_are() -> None:
    sentence = "التقى بي في سي ثم سي إس كامل."
    lone = [_span(sentence, "بي", "ORG"), _span(sentence, "سي", "ORG")]  # «في» between, untagged
    assert join_spelled_letters(lone, sentence) == lone
    # A span that holds more than letters («إس كامل») is a name of its own.
    name = [TaggedSpan(18, 20, "PER", 0.5), _span(sentence, "إس كامل", "PER", 0.9)]
    assert sentence[18:20] == "سي"
    assert join_spelled_letters(name, sentence) == name
    # Joined letters keep a shared label that is not ORG.
    sentence = "قالت سي إس إن"
    spans = [_span(sentence, "سي", "PER", 0.5), _span(sentence, "إس", "PER", 0.7)]
    assert join_spelled_letters(spans, sentence) == [TaggedSpan(5, 10, "PER", 0.6)]
