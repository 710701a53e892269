"""The reference tables as lookups, and the lexicon stance classifier on single sentences."""

from __future__ import annotations

from models.base import StanceQuery
from models.lexicon_stance import LexiconStance, find_cues
from pipeline.gazetteer import load_gazetteer, nisba_forms
from pipeline.text import match_key, tokenize


def test_nisba_forms_cover_gender_article_and_plural() -> None:
    assert nisba_forms("تركي") == [
        "تركي",
        "تركية",
        "تركيين",
        "تركيون",
        "التركي",
        "التركية",
        "التركيين",
        "التركيون",
    ]
    assert "الكورية الشمالية" in nisba_forms("كوري شمالي")


def test_lookups_fold_spelling_and_know_types() -> None:
    gz = load_gazetteer()
    assert gz.lookup("أنقرة").type == "GPE" and gz.lookup("انقره").name_en == "Ankara"
    assert gz.lookup("أميركا").name == gz.lookup("الولايات المتحدة").name
    assert gz.lookup("الأمم المتحدة").type == "ORG"
    assert gz.country_of_nisba("المالطي") == "MT"
    assert gz.country_of_nisba("الليبية") == "LY"
    assert gz.country_of_nisba("الوزير") is None
    assert gz.english_name("تركيا") == "Turkey"


def test_common_words_and_name_parts() -> None:
    gz = load_gazetteer()
    assert gz.is_common_word("مباحثات") and gz.is_common_word("لشبكة") and gz.is_common_word("القومي")
    assert not gz.is_common_word("أردوغان") and not gz.is_common_word("محمد")


def test_a_plural_in_construct_is_as_common_as_its_plural() -> None:
    # «داعمي الحكومة», «مقاتلي المعارضة»: the plural loses its ن before the noun it governs, and
    # the table, counted on whole words, often holds only the plural.
    gz = load_gazetteer()
    plurals, constructs = ("داعمين", "رافضين", "مشاركين", "محللين"), ("داعمي", "رافضي", "مشاركي", "محللي")
    assert {match_key(w) for w in plurals} <= gz.common_words
    assert not {match_key(w) for w in constructs} & gz.common_words
    assert all(gz.is_common_word(w) for w in constructs)
    # Names ending in ي are not plurals of anything common.
    for name in ("الحريري", "الكاظمي", "خامنئي", "الغنوشي", "مرسي"):
        assert not gz.is_common_word(name), name


def test_cues_longest_first() -> None:
    tokens = tokenize("يجب قطع الدعم عن المرتزقة")
    assert find_cues(tokens) == [(1, 3, "oppose"), (4, 5, "label")]


def test_lexicon_stance_nearest_cue_and_negation() -> None:
    clf = LexiconStance()
    s1 = "إن تركيا دولة مهمة وإستراتيجية في المنطقة"
    s2 = "وليس لديها نية لتهديد فرنسا"
    s3 = "وانتقد الوزير هجمات الميليشيات على المدينة"
    preds = clf.classify(
        [
            StanceQuery("الوزير", "تركيا", s1, s1.index("تركيا"), s1.index("تركيا") + 5),
            StanceQuery("الوزير", "فرنسا", s2, s2.index("فرنسا"), s2.index("فرنسا") + 5),
            StanceQuery("الوزير", "الميليشيات", s3, s3.index("الميليشيات"), s3.index("الميليشيات") + 10),
            StanceQuery("الوزير", "المدينة", s3, s3.index("المدينة"), s3.index("المدينة") + 7),
            StanceQuery("الوزير", "غائب", s1),
        ]
    )
    assert [(p.polarity, p.confidence) for p in preds] == [
        ("support", 0.85),
        ("neutral", 0.6),  # "ليس" cancels "تهديد"
        ("oppose", 0.9),  # the attacks' agent
        ("neutral", 0.6),  # the place attacked is no one opposed
        ("neutral", 0.5),
    ]


def test_derived_cities_skip_ordinary_words_and_first_names() -> None:
    gz = load_gazetteer()
    assert gz.lookup("تورونتو").name_en == "Toronto" and gz.lookup("تورونتو").kind == "city"
    # "مشهد" is also "scene", "الأبيض" "white", "فلاديمير" a first name: none is read as a city.
    assert gz.lookup("مشهد") is None and gz.lookup("الأبيض") is None and gz.lookup("فلاديمير") is None
    # A one-word organisation name that is an ordinary word ("فتح": opening) is dropped too.
    assert gz.lookup("فتح") is None and gz.lookup("حركة فتح").type == "ORG"
