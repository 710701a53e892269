"""Tests for Arabic date recognition, its tables, and resolution against a publication date."""

from __future__ import annotations

import datetime
import itertools
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import KINDS, DateMention, find_dates, fold, parse_publication_date
from pipeline.lexicon.dates import (
    AMBIGUOUS_MONTHS,
    AMBIGUOUS_WEEKDAYS,
    CURRENT_MARKERS,
    DIGITS,
    FUTURE_MARKERS,
    FUTURE_PREFIX_NOUNS,
    FUTURE_VERB_PREFIXES,
    GREGORIAN_MONTHS,
    GREGORIAN_SUFFIXES,
    HIJRI_MONTHS,
    HIJRI_SUFFIXES,
    LEVANTINE_MONTHS,
    MAGHREBI_MONTHS,
    MONTH_CUES,
    NOT_TODAY_FOLLOWERS,
    PAST_MARKERS,
    PERIOD_UNITS,
    RELATIVE_DAYS,
    SCHEDULE_PHRASES,
    TWO_CUES,
    TWO_FOLLOWERS,
    WEEKDAY_CUES,
    WEEKDAYS,
    YEAR_NOUNS,
    YEAR_PREPOSITIONS,
)

# Thursday.
P = datetime.date(2020, 8, 6)


def found(text: str, pub: datetime.date | None = P) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.value, m.kind) for m in find_dates(text, pub)]


# --- tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [GREGORIAN_MONTHS, LEVANTINE_MONTHS, MAGHREBI_MONTHS, HIJRI_MONTHS])
def test_every_month_table_covers_the_twelve_months(table: dict[str, int]) -> None:
    assert set(table.values()) == set(range(1, 13))


def test_month_spellings_that_fold_together_agree_on_the_month() -> None:
    merged: dict[str, int] = {}
    for table in (GREGORIAN_MONTHS, LEVANTINE_MONTHS, MAGHREBI_MONTHS):
        for name, number in table.items():
            key = fold(name)[0]
            assert merged.setdefault(key, number) == number, name


@pytest.mark.parametrize(
    "name,number", [*GREGORIAN_MONTHS.items(), *LEVANTINE_MONTHS.items(), *MAGHREBI_MONTHS.items()]
)
def test_each_gregorian_month_name_reads_with_a_day_and_year(name: str, number: int) -> None:
    text = f"15 {name} 2021"
    assert found(text) == [(text, f"2021-{number:02d}-15", "absolute")]


# The Gregorian month in which each month of 1442 AH begins (Umm al-Qura).
HIJRI_1442_STARTS = {
    1: "2020-08",
    2: "2020-09",
    3: "2020-10",
    4: "2020-11",
    5: "2020-12",
    6: "2021-01",
    7: "2021-02",
    8: "2021-03",
    9: "2021-04",
    10: "2021-05",
    11: "2021-06",
    12: "2021-07",
}


@pytest.mark.parametrize("name,number", HIJRI_MONTHS.items())
def test_each_hijri_month_name_reads_with_a_year(name: str, number: int) -> None:
    text = f"{name} 1442 هـ"
    assert found(text) == [(text, HIJRI_1442_STARTS[number], "hijri")]


def test_weekdays_use_python_numbering() -> None:
    assert set(WEEKDAYS.values()) == set(range(7))
    assert WEEKDAYS["الاثنين"] == datetime.date(2020, 8, 3).weekday()
    assert WEEKDAYS["الأحد"] == datetime.date(2020, 8, 9).weekday()


# On or before Thursday 6 August 2020.
LAST_WEEKDAY = {
    0: "2020-08-03",
    1: "2020-08-04",
    2: "2020-08-05",
    3: "2020-08-06",
    4: "2020-07-31",
    5: "2020-08-01",
    6: "2020-08-02",
}


@pytest.mark.parametrize("name,number", WEEKDAYS.items())
def test_each_weekday_name_resolves_on_or_before_publication(name: str, number: int) -> None:
    assert found(f"يوم {name}") == [(name, LAST_WEEKDAY[number], "weekday")]


RELATIVE_EXPECTED = {-2: "2020-08-04", -1: "2020-08-05", 0: "2020-08-06", 1: "2020-08-07", 2: "2020-08-08"}


@pytest.mark.parametrize("name,offset", RELATIVE_DAYS.items())
def test_each_relative_day(name: str, offset: int) -> None:
    assert found(f"وقال {name} إن") == [(name, RELATIVE_EXPECTED[offset], "relative")]


@pytest.mark.parametrize(
    "markers,month",
    [(PAST_MARKERS, "2020-07"), (FUTURE_MARKERS, "2020-09"), (CURRENT_MARKERS, "2020-08")],
)
def test_each_marker_moves_the_month(markers: frozenset[str], month: str) -> None:
    for marker in markers:
        assert found(f"الشهر {marker}") == [(f"الشهر {marker}", month, "period")]


def test_past_and_future_markers_are_disjoint() -> None:
    assert not PAST_MARKERS & FUTURE_MARKERS
    assert not (PAST_MARKERS | FUTURE_MARKERS) & CURRENT_MARKERS


@pytest.mark.parametrize(
    "unit,value",
    [("الأسبوع", "2020-07-30"), ("الشهر", "2020-07"), ("العام", "2019"), ("السنة", "2019")],
)
def test_each_period_unit(unit: str, value: str) -> None:
    assert unit in PERIOD_UNITS
    assert found(f"{unit} الماضي") == [(f"{unit} الماضي", value, "period")]


def test_digit_map_covers_arabic_indic_and_persian_digits() -> None:
    assert len(DIGITS) == 20
    assert "".join(DIGITS[c] for c in "٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert "".join(DIGITS[c] for c in "۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert found("۱۵ مارس ۲۰۲۱") == [("۱۵ مارس ۲۰۲۱", "2021-03-15", "absolute")]


@pytest.mark.parametrize("name", sorted(AMBIGUOUS_MONTHS))
def test_ambiguous_month_alone_is_not_a_date(name: str) -> None:
    assert found(f"قال {name} الرئيس") == []


@pytest.mark.parametrize(
    "name,month", [("مارس", "2020-03"), ("آب", "2020-08"), ("نيسان", "2020-04"), ("ماي", "2020-05")]
)
def test_ambiguous_month_after_a_cue_is_a_date(name: str, month: str) -> None:
    assert name in AMBIGUOUS_MONTHS
    assert found(f"في {name}") == [(name, month, "absolute")]


@pytest.mark.parametrize("cue", sorted(MONTH_CUES))
def test_each_month_cue_makes_an_ambiguous_month_a_date(cue: str) -> None:
    assert found(f"{cue} مارس") == [("مارس", "2020-03", "absolute")]


def test_two_tables_never_overlap_the_weekday_cues() -> None:
    assert {"بين", "كلا"} <= TWO_CUES and {"على", "عن", "مع"} <= TWO_FOLLOWERS
    assert not (TWO_CUES | TWO_FOLLOWERS) & WEEKDAY_CUES


def test_ambiguous_weekday_is_a_day_only_where_news_puts_one() -> None:
    assert set(AMBIGUOUS_WEEKDAYS) == {"الاثنين"}
    # "the two": before a preposition, after بين / كلا, or before a quotation
    assert found("اتفق الاثنين على") == []
    assert found("وعبر الاثنين عن ثقته") == []
    assert found("الخلاف بين الاثنين.") == []
    assert found("كلا الاثنين وافق") == []
    # Monday: before a comma or full stop, or between a verb and its subject
    assert found("في اجتماع عمل الاثنين، على مأدبة") == [("الاثنين", "2020-08-03", "weekday")]
    assert found("التقى الاثنين وفد دبلوماسي") == [("الاثنين", "2020-08-03", "weekday")]
    assert found("وصل الوفد الاثنين.") == [("الاثنين", "2020-08-03", "weekday")]
    assert found("اتفقا الإثنين على") == [("الإثنين", "2020-08-03", "weekday")]
    assert found("الاثنين المقبل") == [("الاثنين المقبل", "2020-08-10", "weekday")]


def test_a_weekday_in_a_clause_about_the_future_is_the_coming_one() -> None:
    # P is Thursday 2020-08-06: a future Thursday is the same day.
    assert found("سيلتقي الوزيران الجمعة") == [("الجمعة", "2020-08-07", "weekday")]
    assert found("وستعقد القمة الخميس") == [("الخميس", "2020-08-06", "weekday")]
    assert found("ستبدأ المحادثات الأربعاء") == [("الأربعاء", "2020-08-12", "weekday")]
    assert found("ومن المقرر أن يصل الوفد الأحد") == [("الأحد", "2020-08-09", "weekday")]
    # Past verbs, nouns that only look like future verbs, and another clause keep the past day.
    assert found("التقى الوزيران الجمعة") == [("الجمعة", "2020-07-31", "weekday")]
    assert found("وقال مسؤول سياسي الجمعة") == [("الجمعة", "2020-07-31", "weekday")]
    assert found("سيلتقي الوزيران، كما قال مسؤول الجمعة") == [("الجمعة", "2020-07-31", "weekday")]


def test_future_tables() -> None:
    assert FUTURE_VERB_PREFIXES == ("سي", "ست", "سن")
    for noun in FUTURE_PREFIX_NOUNS:
        assert noun.startswith(FUTURE_VERB_PREFIXES), noun
    assert "من المقرر" in SCHEDULE_PHRASES


@pytest.mark.parametrize("cue", sorted(WEEKDAY_CUES))
def test_each_weekday_cue_makes_the_ambiguous_weekday_a_date(cue: str) -> None:
    text = f"{cue} الاثنين"
    mentions = find_dates(text, P)
    assert mentions and mentions[-1].end == len(text)


@pytest.mark.parametrize("word", sorted(NOT_TODAY_FOLLOWERS))
def test_today_followed_by_these_is_not_today(word: str) -> None:
    assert found(f"في اليوم {word}") == []


@pytest.mark.parametrize("noun", sorted(YEAR_NOUNS))
def test_year_nouns_belong_to_the_mention(noun: str) -> None:
    assert found(f"خلال {noun} 2019 الماضي") == [(f"{noun} 2019", "2019", "absolute")]


@pytest.mark.parametrize("preposition", sorted(YEAR_PREPOSITIONS))
def test_year_prepositions_stay_outside_the_mention(preposition: str) -> None:
    assert found(f"{preposition} 2011") == [("2011", "2011", "absolute")]


@pytest.mark.parametrize("suffix", sorted(HIJRI_SUFFIXES))
def test_each_hijri_suffix(suffix: str) -> None:
    # 1 محرم 1441 fell on 31 August 2019.
    assert found(f"1441 {suffix}") == [(f"1441 {suffix}", "2019", "hijri")]


@pytest.mark.parametrize("suffix", sorted(GREGORIAN_SUFFIXES))
def test_each_gregorian_suffix(suffix: str) -> None:
    assert found(f"2019 {suffix}") == [(f"2019 {suffix}", "2019", "absolute")]


# --- rules, publication date Thursday 2020-08-06 ---------------------------------------------

RULES = [
    # relative days
    ("اليوم", [("اليوم", "2020-08-06", "relative")]),
    ("أمس", [("أمس", "2020-08-05", "relative")]),
    ("أمس الأول", [("أمس الأول", "2020-08-04", "relative")]),
    ("أول من أمس", [("أول من أمس", "2020-08-04", "relative")]),
    ("غدا", [("غدا", "2020-08-07", "relative")]),
    ("غداً", [("غداً", "2020-08-07", "relative")]),
    ("بعد غد", [("بعد غد", "2020-08-08", "relative")]),
    ("أعلن أمس الأربعاء", [("أمس الأربعاء", "2020-08-05", "relative")]),
    ("في اليوم التالي", []),
    ("حزب الغد", []),
    # weekdays
    ("الثلاثاء", [("الثلاثاء", "2020-08-04", "weekday")]),
    ("يوم الأربعاء", [("الأربعاء", "2020-08-05", "weekday")]),
    ("الخميس", [("الخميس", "2020-08-06", "weekday")]),
    ("والثلاثاء", [("الثلاثاء", "2020-08-04", "weekday")]),
    ("الثلاثاء الماضي", [("الثلاثاء الماضي", "2020-08-04", "weekday")]),
    ("الخميس الماضي", [("الخميس الماضي", "2020-07-30", "weekday")]),
    ("الأحد المقبل", [("الأحد المقبل", "2020-08-09", "weekday")]),
    ("الخميس المقبل", [("الخميس المقبل", "2020-08-13", "weekday")]),
    ("الجمعة القادمة", [("الجمعة القادمة", "2020-08-07", "weekday")]),
    ("الدول الأحد عشر", []),
    # periods
    ("الأسبوع الماضي", [("الأسبوع الماضي", "2020-07-30", "period")]),
    ("الأسبوع المقبل", [("الأسبوع المقبل", "2020-08-13", "period")]),
    ("الشهر الماضي", [("الشهر الماضي", "2020-07", "period")]),
    ("الشهر المقبل", [("الشهر المقبل", "2020-09", "period")]),
    ("الشهر الجاري", [("الشهر الجاري", "2020-08", "period")]),
    ("العام الماضي", [("العام الماضي", "2019", "period")]),
    ("العام المقبل", [("العام المقبل", "2021", "period")]),
    ("العام الجاري", [("العام الجاري", "2020", "period")]),
    ("السنة الماضية", [("السنة الماضية", "2019", "period")]),
    ("هذا العام", [("هذا العام", "2020", "period")]),
    # Gregorian with a year
    ("15 مارس 2021", [("15 مارس 2021", "2021-03-15", "absolute")]),
    ("15 آذار 2021", [("15 آذار 2021", "2021-03-15", "absolute")]),
    ("١٥ مارس ٢٠٢١", [("١٥ مارس ٢٠٢١", "2021-03-15", "absolute")]),
    ("٦ أغسطس ٢٠٢٠", [("٦ أغسطس ٢٠٢٠", "2020-08-06", "absolute")]),
    ("كانون الثاني 2020", [("كانون الثاني 2020", "2020-01", "absolute")]),
    ("في ديسمبر/كانون الأول 2019", [("ديسمبر/كانون الأول 2019", "2019-12", "absolute")]),
    ("ديسمبر (كانون الأول) 2019", [("ديسمبر (كانون الأول) 2019", "2019-12", "absolute")]),
    ("كانون الأول/ديسمبر 2019", [("كانون الأول/ديسمبر 2019", "2019-12", "absolute")]),
    ("الخميس 6 أغسطس 2020", [("الخميس 6 أغسطس 2020", "2020-08-06", "absolute")]),
    ("يوم الخميس الموافق 6 أغسطس 2020", [("الخميس الموافق 6 أغسطس 2020", "2020-08-06", "absolute")]),
    ("في 15 من مارس عام 2021", [("15 من مارس عام 2021", "2021-03-15", "absolute")]),
    ("5 مايو 2020م", [("5 مايو 2020م", "2020-05-05", "absolute")]),
    ("مارس من العام الماضي", [("مارس من العام الماضي", "2019-03", "absolute")]),
    ("جانفي 2020", [("جانفي 2020", "2020-01", "absolute")]),
    # Gregorian without a year
    ("في ديسمبر الماضي", [("ديسمبر الماضي", "2019-12", "absolute")]),
    ("في يوليو الماضي", [("يوليو الماضي", "2020-07", "absolute")]),
    ("في أغسطس الماضي", [("أغسطس الماضي", "2019-08", "absolute")]),
    ("في سبتمبر المقبل", [("سبتمبر المقبل", "2020-09", "absolute")]),
    ("مطلع نوفمبر/تشرين الثاني الماضي", [("نوفمبر/تشرين الثاني الماضي", "2019-11", "absolute")]),
    ("ديسمبر", [("ديسمبر", "2019-12", "absolute")]),
    ("أغسطس", [("أغسطس", "2020-08", "absolute")]),
    ("يوليو", [("يوليو", "2020-07", "absolute")]),
    # unmarked: the nearer occurrence, a day ahead counting double (FUTURE_WEIGHT)
    ("20 أغسطس", [("20 أغسطس", "2020-08-20", "absolute")]),
    ("25 يوليو", [("25 يوليو", "2020-07-25", "absolute")]),
    ("9 أكتوبر", [("9 أكتوبر", "2020-10-09", "absolute")]),
    ("9 ديسمبر", [("9 ديسمبر", "2019-12-09", "absolute")]),
    ("سبتمبر", [("سبتمبر", "2020-09", "absolute")]),
    ("6 أغسطس", [("6 أغسطس", "2020-08-06", "absolute")]),
    ("6 أغسطس الماضي", [("6 أغسطس الماضي", "2019-08-06", "absolute")]),
    ("20 أغسطس المقبل", [("20 أغسطس المقبل", "2020-08-20", "absolute")]),
    ("15 أغسطس الجاري", [("15 أغسطس الجاري", "2020-08-15", "absolute")]),
    ("29 فبراير", [("29 فبراير", "2020-02-29", "absolute")]),
    # numeric
    ("2020-08-06", [("2020-08-06", "2020-08-06", "absolute")]),
    ("06/08/2020", [("06/08/2020", "2020-08-06", "absolute")]),
    ("٠٦/٠٨/٢٠٢٠", [("٠٦/٠٨/٢٠٢٠", "2020-08-06", "absolute")]),
    ("2020/13/45", []),
    # years
    ("في 2019", [("2019", "2019", "absolute")]),
    ("في عام 2019", [("عام 2019", "2019", "absolute")]),
    ("منذ 2011", [("2011", "2011", "absolute")]),
    ("قتل 2019 شخصا", []),
    ("عام 1800", []),
    # Hijri
    ("15 رمضان 1441 هـ", [("15 رمضان 1441 هـ", "2020-05-08", "hijri")]),
    ("1441هـ", [("1441هـ", "2019", "hijri")]),
    ("عام 1441 هجرية", [("عام 1441 هجرية", "2019", "hijri")]),
    ("رمضان 1441", [("رمضان 1441", "2020-04", "hijri")]),
    ("رمضان 2020", [("رمضان 2020", "2020-04", "hijri")]),
    ("10 ذي الحجة", [("10 ذي الحجة", "2020-07-31", "hijri")]),
    ("رمضان الماضي", [("رمضان الماضي", "2020-04", "hijri")]),
    ("شهر رمضان المبارك", [("رمضان", "2020-04", "hijri")]),
    ("قال طارق رمضان", []),
    ("حصل على صفر", []),
    # impossible dates are skipped, with the shorter dates inside them
    ("31 فبراير 2020", []),
    ("30 فبراير", []),
    ("31 أبريل 2021", []),
    # words that contain or resemble date words
    ("يمارس الضغط", []),
    ("مارس الرئيس ضغوطا", []),
    ("أب لثلاثة أطفال", []),
    ("سيارة نيسان", []),
    ("أمسية ثقافية", []),
    ("بحث الوزيران العلاقات الثنائية", []),
]


@pytest.mark.parametrize("text,expected", RULES)
def test_rules(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert found(text) == expected


def test_a_sentence_with_several_dates_in_order_with_offsets() -> None:
    text = "التقى الوزير نظيره أمس، بعد لقائهما في 15 مارس 2021، ويلتقيان الأحد المقبل."
    mentions = find_dates(text, P)
    assert mentions == [
        DateMention(19, 22, "أمس", "2020-08-05", "relative"),
        DateMention(39, 51, "15 مارس 2021", "2021-03-15", "absolute"),
        DateMention(62, 74, "الأحد المقبل", "2020-08-09", "weekday"),
    ]


def test_diacritics_and_direction_marks_stay_inside_offsets() -> None:
    text = "يوم الثُّلاثاءِ الماضي و\u200fغداً"
    mentions = find_dates(text, P)
    assert [(m.text, m.value) for m in mentions] == [
        ("الثُّلاثاءِ الماضي", "2020-08-04"),
        ("غداً", "2020-08-07"),
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_without_publication_date_relative_values_are_none() -> None:
    text = "اليوم الخميس وأمس والثلاثاء الماضي وديسمبر الماضي والأسبوع المقبل و15 مارس 2021"
    assert found(text, None) == [
        ("اليوم الخميس", None, "relative"),
        ("أمس", None, "relative"),
        ("الثلاثاء الماضي", None, "weekday"),
        ("ديسمبر الماضي", None, "absolute"),
        ("الأسبوع المقبل", None, "period"),
        ("15 مارس 2021", "2021-03-15", "absolute"),
    ]


def test_no_dates() -> None:
    assert find_dates("أكد الوزير دعم بلاده للحل السياسي في سوريا.", P) == []
    assert find_dates("", P) == []


# --- robustness ----------------------------------------------------------------------------

ARABIC_PIECES = [
    " ",
    "،",
    "/",
    "(",
    ")",
    "-",
    "هـ",
    "و",
    "في",
    "15",
    "٣١",
    "2019",
    "1441",
    "مارس",
    "كانون الأول",
    "ذو الحجة",
    "الماضي",
    "المقبل",
    "الأحد",
    "الاثنين",
    "أمس",
    "اليوم",
    "الأسبوع",
    "العام",
    "\u064b",
    "\u0640",
    "\u200f",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(ARABIC_PIECES), st.text(max_size=3)), max_size=25),
    st.one_of(st.none(), st.dates()),
)
def test_never_raises_and_offsets_hold(pieces: list[str], pub: datetime.date | None) -> None:
    text = "".join(pieces)
    mentions = find_dates(text, pub)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.kind in KINDS
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))


# --- publication dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2020-08-06", datetime.date(2020, 8, 6)),
        ("2020/08/06", datetime.date(2020, 8, 6)),
        ("2020-08-06T23:10:00+03:00", datetime.date(2020, 8, 6)),
        ("06/08/2020", datetime.date(2020, 8, 6)),
        ("Tue, 12 Jun 2018 04:26:40 GMT", datetime.date(2018, 6, 12)),
        ("June 12, 2018", datetime.date(2018, 6, 12)),
        ("12 يونيو 2018", datetime.date(2018, 6, 12)),
        ("الثلاثاء 12 حزيران 2018", datetime.date(2018, 6, 12)),
        ("٢٠٢٠-٠٨-٠٦", datetime.date(2020, 8, 6)),
        ("  2020-08-06  ", datetime.date(2020, 8, 6)),
        (None, None),
        ("", None),
        ("junk", None),
        ("2020-13-45", None),
        ("2019", None),
        ("اليوم", None),
        ("Tue, 99 Foo 2018", None),
    ],
)
def test_parse_publication_date(value: str | None, expected: datetime.date | None) -> None:
    assert parse_publication_date(value) == expected


@given(st.text(max_size=40))
def test_parse_publication_date_never_raises(value: str) -> None:
    result = parse_publication_date(value)
    assert result is None or isinstance(result, datetime.date)


def test_dates_module_does_not_import_streamlit() -> None:
    code = "import sys, pipeline.dates; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
