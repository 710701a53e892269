"""What the trained stance classifier reads: names found in the sentence, markers, the pair and its window."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.base import StanceQuery
from models.catalogue import STANCE_LABELS
from models.stance_inputs import (
    HINT_WORDS,
    locate_name,
    mark_sentence,
    marked_text,
    query_spans,
    query_text,
    window,
)

AKAR = "وقال أكار -خلال اجتماع مع باشاغا في أنقرة- إنه يجب قطع الدعم فورا عن خليفة حفتر."
HAFTAR = (AKAR.index("خليفة حفتر"), AKAR.index("خليفة حفتر") + len("خليفة حفتر"))


def test_a_name_as_written_is_found_where_it_is() -> None:
    assert locate_name(AKAR, "أكار") == (5, 9)
    assert locate_name(AKAR, "خليفة حفتر") == HAFTAR


def test_a_canonical_name_is_found_by_its_surname() -> None:
    # find_stances passes the entity's name ("خلوصي أكار"); the sentence says only "أكار".
    assert locate_name(AKAR, "خلوصي أكار") == (5, 9)


def test_spelling_is_folded_and_a_clitic_stays_outside_the_span() -> None:
    sentence = "وأكد الوزير أن لاكار دورا مهما"
    at = sentence.index("اكار")
    assert locate_name(sentence, "أكار") == (at, at + 4)


def test_particles_and_short_words_do_not_find_a_name() -> None:
    assert locate_name("قال عبد الرحمن إن الوضع صعب", "عبد الله") is None
    assert locate_name("قال بن علي", "محمد بن سلمان") is None
    assert locate_name("قال الرئيس", "") is None


def test_the_target_span_is_never_taken_for_the_speaker() -> None:
    sentence = "قال حفتر إن حفتر باق"
    second = (sentence.rindex("حفتر"), len(sentence) - 4)
    assert locate_name(sentence, "حفتر", avoid=(4, 8)) == second
    assert locate_name("اتهم حفتر", "حفتر", avoid=(5, 9)) is None


def test_offsets_win_over_the_name_and_an_unknown_target_is_found_by_name() -> None:
    query = StanceQuery("خلوصي أكار", "حفتر", AKAR, *HAFTAR)
    assert query_spans(query) == ((5, 9), HAFTAR)
    assert query_spans(StanceQuery("خلوصي أكار", "خليفة حفتر", AKAR)) == ((5, 9), HAFTAR)
    assert query_spans(StanceQuery("خلوصي أكار", "خليفة حفتر", AKAR), mark_speaker=False) == (None, HAFTAR)


def test_markers_stand_apart_and_whitespace_is_single() -> None:
    assert mark_sentence("رحب أكار بتركيا", (4, 8), (10, 15)) == "رحب [ أكار ] ب { تركيا }"
    # Adjacent spans: the speaker closes before the target opens.
    assert mark_sentence("أكارحفتر", (0, 4), (4, 8)) == "[ أكار ] { حفتر }"
    assert mark_sentence("  قال   أكار  ", None, None) == "قال أكار"
    assert mark_sentence("قال أكار", (5, 99), None) == "قال أكار"


def test_the_pair_the_model_reads() -> None:
    query = StanceQuery("خلوصي أكار", "خليفة  حفتر", AKAR, *HAFTAR)
    assert query_text(query, "</s>") == "خلوصي أكار </s> خليفة حفتر"
    # Names found in the sentence are given as written there, as in the labelled set.
    assert query_text(query, "</s>", query_spans(query)) == "أكار </s> خليفة حفتر"
    # A --lexicon-hint model reads the lexicon's answer as a third part, one word per polarity.
    assert query_text(query, "</s>", hint="oppose") == "خلوصي أكار </s> خليفة حفتر </s> معارضة"
    assert set(HINT_WORDS) == set(STANCE_LABELS) and len(set(HINT_WORDS.values())) == len(HINT_WORDS)
    titled = StanceQuery("بيرون كاميلاري", "حكومة الوفاق", "قال إن الحكومة الوطنية الليبية شريك", 7, 30)
    assert query_text(titled, "</s>", query_spans(titled)) == "بيرون كاميلاري </s> الحكومة الوطنية الليبية"
    assert marked_text(query) == (
        "وقال [ أكار ] -خلال اجتماع مع باشاغا في أنقرة- إنه يجب قطع الدعم فورا عن { خليفة حفتر } ."
    )


def test_a_window_keeps_the_target_and_whole_words() -> None:
    text = "a b c d e f g h { t } i j k l m n o p q r s"
    words = text.split(" ")
    offsets, at = [], 0
    for word in words:
        offsets.append((at, at + len(word)))
        at += len(word) + 1
    assert window(text, offsets, len(words)) == (0, len(text))
    start, end = window(text, offsets, 10)
    kept = text[start:end]
    assert "{ t }" in kept and kept.split(" ")[0] in words and kept.split(" ")[-1] in words
    assert len(kept.split(" ")) <= 10


def test_encoding_is_the_tokenizers_pair_and_a_long_sentence_is_cut_around_the_target(
    tiny_bert_stance_dir: Path,
) -> None:
    from transformers import AutoTokenizer

    from models.stance_inputs import encode_query

    tok = AutoTokenizer.from_pretrained(str(tiny_bert_stance_dir))
    query = StanceQuery("خلوصي أكار", "خليفة حفتر", AKAR, *HAFTAR)
    encoded = encode_query(tok, query, max_length=160)
    ids = encoded.input_ids
    assert ids == tok(query_text(query, tok.sep_token, query_spans(query)), marked_text(query))["input_ids"]
    assert ids[0] == tok.cls_token_id and ids.count(tok.sep_token_id) == 3
    assert encode_query(tok, query, max_length=160) == encoded  # deterministic
    # The positions point at the opening markers, inside the sentence (after the first [SEP]).
    first_sep = ids.index(tok.sep_token_id)
    assert first_sep < encoded.speaker_pos < encoded.target_pos
    assert tok.convert_ids_to_tokens([ids[encoded.target_pos + 1]]) == ["خليفة"]
    assert tok.convert_ids_to_tokens([ids[encoded.speaker_pos + 1]]) == ["أكار"]
    bare = encode_query(tok, query, max_length=160, mark_speaker=False)
    assert bare.speaker_pos == 0 and bare.target_pos > first_sep
    # Unmarked, the speaker is still named as written: only the markers differ.
    assert bare.input_ids[:first_sep] == ids[:first_sep]
    long = " ".join(["وزير الدفاع"] * 60) + " قال أكار إن خليفة حفتر يجب " + " ".join(["في أنقرة"] * 60)
    at = long.index("خليفة حفتر")
    cut = encode_query(tok, StanceQuery("أكار", "حفتر", long, at, at + 10), max_length=40)
    assert len(cut.input_ids) <= 40
    assert tok.convert_ids_to_tokens(cut.input_ids[cut.target_pos + 1 : cut.target_pos + 3]) == [
        "خليفة",
        "حفتر",
    ]


@pytest.mark.parametrize("max_length", [24, 32, 64])
def test_the_cut_never_exceeds_max_length(tiny_bert_stance_dir: Path, max_length: int) -> None:
    from transformers import AutoTokenizer

    from models.stance_inputs import encode_query

    tok = AutoTokenizer.from_pretrained(str(tiny_bert_stance_dir))
    sentence = " ".join(["قال أكار في أنقرة إن"] * 30)
    encoded = encode_query(tok, StanceQuery("أكار", "أنقرة", sentence), max_length=max_length)
    assert len(encoded.input_ids) <= max_length and encoded.input_ids[-1] == tok.sep_token_id
    assert 0 < encoded.target_pos < len(encoded.input_ids)
