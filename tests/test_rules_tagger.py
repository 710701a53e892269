"""The rules backend: titles introduce names, gazetteers find places and organisations."""

from __future__ import annotations

import pytest

from models.rules_tagger import RulesTagger
from pipeline.gazetteer import load_gazetteer
from pipeline.text import tokenize
from pipeline.titles import find_title_phrases, read_name, trailing_name


@pytest.fixture(scope="module")
def tagger() -> RulesTagger:
    return RulesTagger()


def spans(tagger: RulesTagger, sentence: str) -> list[tuple[str, str]]:
    return [(sentence[s.start : s.end], s.label) for s in tagger.tag_sentence(sentence)]


def test_names_after_titles_and_counterparts(tagger: RulesTagger) -> None:
    s = "استقبل الرئيس الجزائري عبد المجيد تبون في العاصمة الجزائر نظيره التركي رجب طيب أردوغان."
    assert spans(tagger, s) == [("عبد المجيد تبون", "PER"), ("الجزائر", "GPE"), ("رجب طيب أردوغان", "PER")]


def test_coordinated_portfolios_and_nisba_stay_in_the_title(tagger: RulesTagger) -> None:
    s = "وقال وزير الداخلية والأمن القومي المالطي بيرون كاميلاري إن التعاون مستمر."
    assert spans(tagger, s) == [("بيرون كاميلاري", "PER")]


def test_spokesperson_of_an_organisation_after_a_comma(tagger: RulesTagger) -> None:
    s = "أعلن المتحدث باسم وزارة الخارجية الروسية، ماريا زاخاروفا، أن موسكو ترفض العقوبات."
    assert spans(tagger, s) == [
        ("وزارة الخارجية الروسية", "ORG"),
        ("ماريا زاخاروفا", "PER"),
        ("موسكو", "GPE"),
    ]


def test_a_one_word_name_swallowed_by_a_title(tagger: RulesTagger) -> None:
    assert spans(tagger, "وأكد الرئيس السيسي أن مصر تدعم الحل السياسي.") == [
        ("السيسي", "PER"),
        ("مصر", "GPE"),
    ]


def test_clitics_are_left_out_of_spans(tagger: RulesTagger) -> None:
    s = "وصل الوفد بأنقرة قادما من لليبيا وتونس."
    assert spans(tagger, s) == [("أنقرة", "GPE"), ("ليبيا", "GPE"), ("تونس", "GPE")]


def test_a_common_word_is_not_read_as_a_clitic_and_a_place(tagger: RulesTagger) -> None:
    # «كبيرا» ("great") is not «ك» + «بيرا» (the Mozambican port).
    assert spans(tagger, 'ووصف الوزير الزيارة بأنها كانت "نجاحا كبيرا" للبلدين.') == []
    assert spans(tagger, "وصلت السفينة إلى بيرا بعد رحلة طويلة.") == [("بيرا", "GPE")]
    # A clitic on a name is still read off.
    assert spans(tagger, "وعاد الوفد لبيرا ثم لبنان.") == [("بيرا", "GPE"), ("لبنان", "GPE")]


def test_organisation_pattern_needs_a_distinctive_word(tagger: RulesTagger) -> None:
    assert spans(tagger, "وقالت وزارة الدفاع التركية إن التدريب انتهى.") == [("وزارة الدفاع التركية", "ORG")]
    # A description is not a name: no nationality, place or portfolio in it.
    assert spans(tagger, "ودعمت الحكومة الشرعية المعترف بها الاتفاق.") == []


def test_name_stops_at_common_words_and_conjunctions(tagger: RulesTagger) -> None:
    s = "التقى وزير الخارجية الإيطالي لويجي دي مايو مباحثات ونظيره المصري سامح شكري."
    assert spans(tagger, s) == [("لويجي دي مايو", "PER"), ("سامح شكري", "PER")]


def test_topic_after_a_counterpart_is_not_a_name(tagger: RulesTagger) -> None:
    s = "بحث وزير خارجية قطر مع نظيره العماني الأوضاع في لبنان وسوريا."
    assert spans(tagger, s) == [("قطر", "GPE"), ("لبنان", "GPE"), ("سوريا", "GPE")]


def test_places_inside_titles_are_mentions(tagger: RulesTagger) -> None:
    # "السعودية" is the country here even though it is also the feminine nationality adjective.
    s = "وصل أمير الكويت الشيخ نواف الأحمد إلى السعودية."
    assert spans(tagger, s) == [("الكويت", "GPE"), ("نواف الأحمد", "PER"), ("السعودية", "GPE")]


def test_title_phrases_record_countries() -> None:
    gz = load_gazetteer()
    s = "وقال وزير الداخلية بحكومة الوفاق الوطني الليبية فتحي باشاغا إن الأمن أولوية."
    toks = tokenize(s)
    (phrase,) = find_title_phrases(toks, s, gz)
    assert phrase.text == "وزير الداخلية بحكومة الوفاق الوطني الليبية"
    assert phrase.countries == ("LY",)
    assert [s[toks[i].start : toks[j - 1].end] for i, j in phrase.orgs] == ["بحكومة الوفاق الوطني الليبية"]
    first, end = read_name(toks, phrase.end, gz)
    assert s[toks[first].start : toks[end - 1].end] == "فتحي باشاغا"
    assert trailing_name(toks, phrase, gz) is None


def test_tagger_output_is_sorted_and_inside_the_sentence(tagger: RulesTagger) -> None:
    sentences = [
        "",
        "نص بلا أسماء.",
        "التقى الرئيس الفرنسي إيمانويل ماكرون في باريس الرئيس اللبناني ميشال عون.",
    ]
    out = tagger.tag(sentences)
    assert out[0] == [] and out[1] == []
    assert [(sentences[2][s.start : s.end], s.label) for s in out[2]] == [
        ("إيمانويل ماكرون", "PER"),
        ("باريس", "GPE"),
        ("ميشال عون", "PER"),
    ]
    assert all(0 <= s.start < s.end <= len(sentences[2]) and 0 < s.score <= 1 for s in out[2])


def test_hashtag_inside_a_name(tagger: RulesTagger) -> None:
    s = "وقال الرئيس الأميركي دونالد #ترمب إن القمة ناجحة."
    assert spans(tagger, s) == [("دونالد #ترمب", "PER")]
