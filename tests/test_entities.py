"""Entity resolution over a model's spans: the cases a trained tagger brings that rules never did."""

from __future__ import annotations

from collections.abc import Sequence

from marks import MarkTagger

from models.lexicon_stance import LexiconStance
from pipeline import analyze
from pipeline.entities import dominant, name_key
from pipeline.records import Analysis, Article, Mention


def _analyse(body: str, marks: Sequence[tuple[str, str, str]]) -> Analysis:
    return analyze(Article("t", "", body), tagger=MarkTagger(marks), stance=LexiconStance())


def _entities(analysis: Analysis) -> dict[str, tuple[str, list[str]]]:
    return {e.name: (e.type, sorted({m.text for m in e.mentions})) for e in analysis.entities}


def test_name_key_joins_abd_and_drops_hashtags() -> None:
    assert name_key("سلمان بن عبد العزيز") == name_key("سلمان بن عبدالعزيز")
    assert name_key("دونالد #ترمب") == name_key("دونالد ترمب")
    assert name_key("كيم جونغ-أون") == name_key("كيم جونغ أون") == "كيم جونغ اون"
    assert name_key("عبد الله") == "عبدالله" and name_key("عبد ربه") == "عبد ربه"


def test_a_mention_the_model_typed_otherwise_joins_the_name() -> None:
    body = "هاجمت قوات خليفة حفتر المدينة.\nوقال المتحدث إن حفتر رفض الهدنة.\nواتهم الوزير حفتر بالتصعيد."
    marks = [("خليفة حفتر", "خليفة حفتر", "PER"), ("إن حفتر", "حفتر", "ORG"), ("حفتر", "حفتر", "PER")]
    found = _entities(_analyse(body, marks))
    assert found == {"خليفة حفتر": ("PER", ["حفتر", "خليفة حفتر"])}


# Kim Jong-un, his sister Kim Yo-jong, and a later bare «كيم».
KIM_MARKS = [
    ("كيم جونغ أون", "كيم جونغ أون", "PER"),
    ("كيم يو جونغ", "كيم يو جونغ", "PER"),
    ("وأكد كيم", "كيم", "PER"),
]


def test_a_short_name_goes_to_the_person_the_report_is_about() -> None:
    body = (
        "استقبل الزعيم كيم جونغ أون الوفد.\nوقال كيم جونغ أون إن المحادثات مثمرة.\n"
        "ورافقته شقيقته كيم يو جونغ.\nوأكد كيم أن بلاده ملتزمة."
    )
    found = _entities(_analyse(body, KIM_MARKS))
    assert found["كيم جونغ أون"] == ("PER", ["كيم", "كيم جونغ أون"])
    assert found["كيم يو جونغ"] == ("PER", ["كيم يو جونغ"])
    assert "كيم" not in found


def test_a_short_name_shared_by_people_named_as_often_goes_to_the_first_introduced() -> None:
    body = "التقى كيم جونغ أون مع كيم يو جونغ.\nوأكد كيم أن بلاده ملتزمة."
    found = _entities(_analyse(body, KIM_MARKS))
    assert found["كيم جونغ أون"] == ("PER", ["كيم", "كيم جونغ أون"])
    assert set(found) == {"كيم جونغ أون", "كيم يو جونغ"}


def test_a_short_name_stays_apart_when_the_first_introduced_is_named_less() -> None:
    body = (
        "وصلت كيم يو جونغ إلى سول.\nواستقبل كيم جونغ أون الوفد.\nوقال كيم جونغ أون إن المحادثات مثمرة.\n"
        "وقالت شقيقته كيم يو جونغ إنها سعيدة.\nوشكر كيم جونغ أون الوفد.\nوأكد كيم أن بلاده ملتزمة."
    )
    found = _entities(_analyse(body, KIM_MARKS))
    assert set(found) == {"كيم جونغ أون", "كيم يو جونغ", "كيم"}


def test_dominance_needs_twice_the_mentions_or_the_first_introduced() -> None:
    class C:
        def __init__(self, n: int, first: int) -> None:
            self.mentions = [Mention(first + k, 0, 1, "x") for k in range(n)]

    a, b = C(4, 5), C(2, 0)
    assert dominant([a, b]) is a
    assert dominant([C(3, 5), C(2, 0)]) is None  # the first named is named less
    later, earlier = C(2, 5), C(2, 0)
    assert dominant([later, earlier]) is earlier
    assert dominant([b]) is b and dominant([]) is None


def test_given_name_for_the_one_person_it_begins() -> None:
    body = "قالت المتحدثة سارة ساندرز إن الرئيس سيحضر.\nوأضافت سارة أن الموعد لم يحدد."
    marks = [("سارة ساندرز", "سارة ساندرز", "PER"), ("وأضافت سارة", "سارة", "PER")]
    assert _entities(_analyse(body, marks)) == {"سارة ساندرز": ("PER", ["سارة", "سارة ساندرز"])}


def test_model_slips_are_dropped_and_tables_decide_known_places() -> None:
    # «وسؤال» (and a question) is a common noun; «سول» is Seoul whatever the model called it.
    body = "وصل الوفد إلى سول أمس.\nوسؤال الصحفيين كان عن القمة."
    marks = [("سول", "سول", "PER"), ("وسؤال", "وسؤال", "PER")]
    assert _entities(_analyse(body, marks)) == {"سول": ("GPE", ["سول"])}


def test_a_clitic_before_a_known_surname_is_read_off() -> None:
    body = "التقى أكار مع بيرون كاميلاري في أنقرة.\nوأشاد أكار وكاميلاري بالتعاون."
    marks = [("بيرون كاميلاري", "بيرون كاميلاري", "PER"), ("وكاميلاري", "وكاميلاري", "PER")]
    found = _entities(_analyse(body, marks))
    assert found["بيرون كاميلاري"] == ("PER", ["بيرون كاميلاري", "كاميلاري"])


def test_a_later_meeting_of_other_people_is_not_folded_into_an_earlier_one() -> None:
    body = (
        "التقى الرئيس دونالد ترامب رئيس الوزراء لي هسين لونغ في سنغافورة اليوم.\n"
        "وفي الاجتماع الذي عقده الوزير مايك بومبيو مع المسؤول كيم يونغ شول، بحث الجانبان الترتيبات المقبلة."
    )
    names = ("دونالد ترامب", "لي هسين لونغ", "مايك بومبيو", "كيم يونغ شول")
    analysis = _analyse(body, [*((n, n, "PER") for n in names), ("سنغافورة", "سنغافورة", "GPE")])
    by_id = {e.id: e.name for e in analysis.entities}
    meetings = [sorted(by_id[p] for p in v.participants) for v in analysis.events if v.kind == "meeting"]
    assert sorted(meetings) == [["دونالد ترامب", "لي هسين لونغ"], ["كيم يونغ شول", "مايك بومبيو"]]


def test_one_span_over_two_people_named_side_by_side_is_split() -> None:
    body = "التقى الرئيس مون جاي إن الزعيم كيم جونغ أون.\nوسيلتقي مون كيم مرة أخرى في الخريف."
    marks = [
        ("مون جاي إن", "مون جاي إن", "PER"),
        ("كيم جونغ أون", "كيم جونغ أون", "PER"),
        ("مون كيم", "مون كيم", "PER"),
    ]
    found = _entities(_analyse(body, marks))
    assert found == {
        "مون جاي إن": ("PER", ["مون", "مون جاي إن"]),
        "كيم جونغ أون": ("PER", ["كيم", "كيم جونغ أون"]),
    }


def test_a_short_name_that_joined_a_pair_span_finds_its_person() -> None:
    body = "قمة كيم ترمب\nقال دونالد ترمب إن اللقاء مع كيم جونغ أون سيعقد.\nوأكد كيم أن بلاده ملتزمة."
    marks = [
        ("دونالد ترمب", "دونالد ترمب", "PER"),
        ("كيم جونغ أون", "كيم جونغ أون", "PER"),
        ("كيم ترمب", "كيم ترمب", "PER"),
        ("وأكد كيم", "كيم", "PER"),
    ]
    found = _entities(_analyse(body, marks))
    assert found == {
        "دونالد ترمب": ("PER", ["ترمب", "دونالد ترمب"]),
        "كيم جونغ أون": ("PER", ["كيم", "كيم جونغ أون"]),
    }


# (sentence, span the model gave, the person's name as resolved)
PATRONYMIC_CASES = [
    # A first name the model left out before «بن» belongs to the person.
    ("وحضر اللقاء وزير الدولة مساعد بن محمد العيبان.", "بن محمد العيبان", "مساعد بن محمد العيبان"),
    # A title, a verb or a definite word before «بن» is not a first name.
    ("وقال ولي العهد بن سلمان إن الإصلاحات مستمرة.", "بن سلمان", "بن سلمان"),
    ("واستقبل بن زايد الوفد في أبوظبي.", "بن زايد", "بن زايد"),
]


def test_a_span_starting_with_bin_takes_the_first_name_before_it() -> None:
    for sentence, span, expected in PATRONYMIC_CASES:
        result = analyze(
            Article("t", "", sentence), tagger=MarkTagger([(span, span, "PER")]), stance=LexiconStance()
        )
        assert [e.name for e in result.entities if e.type == "PER"] == [expected], sentence


def test_a_title_between_two_names_belongs_to_the_second() -> None:
    body = "وسيلتقي كيم جونغ أون الرئيس الكوري الجنوبي مون جاي إن على الحدود."
    result = _analyse(body, [("كيم جونغ أون", "كيم جونغ أون", "PER"), ("مون جاي إن", "مون جاي إن", "PER")])
    roles = {e.name: e.role for e in result.entities}
    assert roles == {"كيم جونغ أون": None, "مون جاي إن": "الرئيس الكوري الجنوبي"}


def test_and_with_a_new_title_head_after_a_nationality_is_a_second_person() -> None:
    body = "ومهدت القمة للقاء بين الرئيس الكوري الشمالي والرئيس الأمريكي دونالد ترامب."
    result = _analyse(body, [("دونالد ترامب", "دونالد ترامب", "PER")])
    assert [(e.name, e.role) for e in result.entities if e.type == "PER"] == [
        ("دونالد ترامب", "الرئيس الأمريكي")
    ]
    # One person holding two offices keeps both: the nationality comes last.
    body = "وقال نائب رئيس الوزراء ووزير الخارجية الأردني أيمن الصفدي إن المحادثات مثمرة."
    result = _analyse(body, [("أيمن الصفدي", "أيمن الصفدي", "PER")])
    assert [e.role for e in result.entities if e.type == "PER"] == [
        "نائب رئيس الوزراء ووزير الخارجية الأردني"
    ]


def test_a_portfolio_with_a_pronoun_is_part_of_the_title() -> None:
    body = "أعلنت روسيا عن زيارة وزير خارجيتها سيرغي لافروف إلى بيونغ يانغ."
    result = _analyse(body, [("روسيا", "روسيا", "GPE"), ("سيرغي لافروف", "سيرغي لافروف", "PER")])
    assert [e.role for e in result.entities if e.type == "PER"] == ["وزير خارجيتها"]


def test_a_title_before_the_name_outranks_one_right_after_it() -> None:
    # After «ووصف بايدن» with no comma, «الزعيم الكوري الشمالي» is the object, not Biden's
    # title, longer though it is; and so it refers to Kim, whose title it is.
    body = (
        "وقال الرئيس الأمريكي جو بايدن إن الحوار ضروري.\n"
        "وانتقد الزعيم الكوري الشمالي كيم جونغ أون واشنطن.\n"
        "ووصف بايدن الزعيم الكوري الشمالي بأنه متهور."
    )
    marks = [
        ("جو بايدن", "جو بايدن", "PER"),
        ("كيم جونغ أون", "كيم جونغ أون", "PER"),
        ("بايدن", "بايدن", "PER"),
        ("واشنطن", "واشنطن", "GPE"),
    ]
    result = _analyse(body, marks)
    roles = {e.name: e.role for e in result.entities if e.type == "PER"}
    assert roles == {"جو بايدن": "الرئيس الأمريكي", "كيم جونغ أون": "الزعيم الكوري الشمالي"}
    kim = next(e for e in result.entities if e.name == "كيم جونغ أون")
    assert (2, "الزعيم الكوري الشمالي") in [(m.sentence, m.text) for m in kim.mentions]
