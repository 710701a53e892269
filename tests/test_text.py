"""Arabic text utilities: folding, tokens, sentences and clitics keep exact offsets."""

from __future__ import annotations

from pipeline.text import (
    arabic_ratio,
    candidate_stems,
    clean_text,
    clean_text_positions,
    match_key,
    split_sentences,
    strip_clitics,
    to_ascii_digits,
    tokenize,
)


def test_match_key_folds_spelling_variants() -> None:
    assert match_key("أمريكا") == match_key("امريكا") == "امريكا"
    assert match_key("إبراهيم") == "ابراهيم"
    assert match_key("مصطفى") == "مصطفي"
    assert match_key("المتحدة") == "المتحده"
    assert match_key("مُحَمَّد") == "محمد"
    assert match_key("الـــوزير") == "الوزير"
    assert match_key("  وزير   الدفاع ") == "وزير الدفاع"


def test_tokenize_keeps_offsets_and_splits_signs() -> None:
    text = "وقال أكار، إن «الدعم» مهم."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["وقال", "أكار", "،", "إن", "«", "الدعم", "»", "مهم", "."]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.is_word for t in tokens][:3] == [True, True, False]


def test_tokenize_keeps_diacritics_inside_words() -> None:
    assert [t.text for t in tokenize("وَزِيرُ الدِّفَاعِ")] == ["وَزِيرُ", "الدِّفَاعِ"]


def test_split_sentences_on_arabic_and_latin_marks() -> None:
    paragraph = "التقى الوزيران اليوم. وقال الوزير: نحن متفقون! هل يتغير الموقف؟ لا"
    spans = split_sentences(paragraph)
    assert [paragraph[s:e] for s, e in spans] == [
        "التقى الوزيران اليوم.",
        "وقال الوزير: نحن متفقون!",
        "هل يتغير الموقف؟",
        "لا",
    ]


def test_split_sentences_keeps_dots_inside_tokens_and_closing_quotes() -> None:
    paragraph = "قال لشبكة سي.بي.إس إن النمو بلغ 3.5 في المئة.” ثم غادر."
    spans = split_sentences(paragraph)
    assert [paragraph[s:e] for s, e in spans] == [
        "قال لشبكة سي.بي.إس إن النمو بلغ 3.5 في المئة.”",
        "ثم غادر.",
    ]


def test_strip_clitics_finds_the_known_word() -> None:
    known = {"تركيا", "أنقرة", "الأمم", "ليبيا"}.__contains__
    assert strip_clitics("وتركيا", known) == (1, "تركيا")
    assert strip_clitics("بأنقرة", known) == (1, "أنقرة")
    assert strip_clitics("وبأنقرة", known) == (2, "أنقرة")
    # لـ before ال drops the alef: للأمم is ل + الأمم, لليبيا is ل + ليبيا.
    assert strip_clitics("للأمم", known) == (1, "الأمم")
    assert strip_clitics("لليبيا", known) == (1, "ليبيا")
    assert strip_clitics("تركيا", known) == (0, "تركيا")
    assert strip_clitics("وزير", known) is None


def test_candidate_stems_lists_bare_word_first() -> None:
    # Longer proclitic chains come first (وب before و), each stem at most 2 letters long or more.
    assert list(candidate_stems("وبحث")) == [(0, "وبحث"), (2, "حث"), (1, "بحث")]
    assert list(candidate_stems("للجيش")) == [(0, "للجيش"), (1, "لجيش"), (1, "الجيش")]


def test_clean_text_and_digits_and_ratio() -> None:
    assert clean_text("\ufeffنص\u200f مع\r\n سطر") == "نص مع\n سطر"
    # A hashtag sign before an Arabic word is markup; before anything else it is kept.
    assert clean_text("دونالد #ترمب والروسي فلاديمير #بوتين") == "دونالد ترمب والروسي فلاديمير بوتين"
    assert clean_text("لغة C# والمركز #1 و# وحدها") == "لغة C# والمركز #1 و# وحدها"


def test_clean_text_positions_map_the_cleaned_text_back() -> None:
    raw = "\ufeffقال #\u200fترمب\r\n في C# #1 و#بوتين"
    kept = clean_text_positions(raw)
    assert "".join(raw[i] for i in kept) == clean_text(raw) == "قال ترمب\n في C# #1 وبوتين"
    # The sign before an invisible mark and then a letter goes too: cleaning is done in that order.
    assert raw[kept[4]] == "ت" and kept == sorted(kept)
    assert to_ascii_digits("٢٠١٩ و۱۴") == "2019 و14"
    assert arabic_ratio("abc") == 0.0
    assert arabic_ratio("تركيا") == 1.0
    assert arabic_ratio("") == 0.0


def test_longest_match_takes_the_longest_known_phrase_after_clitics() -> None:
    from pipeline.text import longest_match

    tokens = tokenize("وبحكومة الوفاق الوطني، ثم للجيش")
    keys = {match_key("حكومة الوفاق"), match_key("حكومة الوفاق الوطني"), match_key("الجيش")}
    assert longest_match(tokens, 0, keys, 6) == (2, 3, match_key("حكومة الوفاق الوطني"))
    assert longest_match(tokens, 3, keys, 6) is None  # a sign starts no phrase
    assert longest_match(tokens, 5, keys, 6) == (1, 6, match_key("الجيش"))
    assert longest_match(tokens, 5, keys, 6, restore_article=False) is None
