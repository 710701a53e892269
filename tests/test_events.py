"""Meeting extraction rules on short articles written for these tests, with a tagger we control."""

from __future__ import annotations

from collections.abc import Sequence

from marks import MarkTagger

from models.lexicon_stance import LexiconStance
from pipeline import analyze
from pipeline.records import Article

PUBLISHED = "2018-06-19"  # a Tuesday


def _events(body: str, marks: Sequence[tuple[str, str, str]], date: str = PUBLISHED) -> list[tuple]:
    """(kind, sorted participant names, place name, date) of every event, in order."""
    result = analyze(
        Article("t", "", body), tagger=MarkTagger(marks), stance=LexiconStance(), publication_date=date
    )
    names = {e.id: e.name for e in result.entities}
    return [
        (v.kind, sorted(names[p] for p in v.participants), names.get(v.location or ""), v.date)
        for v in result.events
    ]


POMPEO = ("مايك بومبيو", "مايك بومبيو", "PER")
KIM = ("كيم جونغ أون", "كيم جونغ أون", "PER")
TRUMP = ("دونالد ترامب", "دونالد ترامب", "PER")


def test_between_lists_exactly_who_met() -> None:
    body = "وكان مايك بومبيو تولى التحضير للقمة التي جمعت الأسبوع الماضي، بين كيم جونغ أون ودونالد ترامب."
    assert _events(body, [POMPEO, KIM, TRUMP]) == [
        ("summit", ["دونالد ترامب", "كيم جونغ أون"], None, "2018-06-12")
    ]


def test_between_countries_when_no_person_is_named() -> None:
    body = "وأعلن البيت الأبيض أن المحادثات بين الولايات المتحدة وكوريا الشمالية تجري بسرعة."
    marks = [
        ("البيت الأبيض", "البيت الأبيض", "ORG"),
        ("الولايات المتحدة", "الولايات المتحدة", "GPE"),
        ("كوريا الشمالية", "كوريا الشمالية", "GPE"),
    ]
    assert _events(body, marks) == [("meeting", ["الولايات المتحدة", "كوريا الشمالية"], None, None)]


def test_a_call_with_two_others_is_two_calls() -> None:
    body = "وتحدث دونالد ترامب مع مون جاي إن وشينزو آبي عبر الهاتف أمس."
    marks = [TRUMP, ("مون جاي إن", "مون جاي إن", "PER"), ("شينزو آبي", "شينزو آبي", "PER")]
    assert _events(body, marks) == [
        ("call", ["دونالد ترامب", "مون جاي إن"], None, "2018-06-18"),
        ("call", ["دونالد ترامب", "شينزو آبي"], None, "2018-06-18"),
    ]


def test_met_twice_is_two_meetings() -> None:
    body = "والتقى مايك بومبيو كيم جونغ أون مرتين في بيونغ يانغ."
    marks = [POMPEO, KIM, ("بيونغ يانغ", "بيونغ يانغ", "GPE")]
    twice = ("meeting", ["كيم جونغ أون", "مايك بومبيو"], "بيونغ يانغ", None)
    assert _events(body, marks) == [twice, twice]


def test_a_dual_subject_is_the_pair_just_named() -> None:
    body = (
        "دعا دونالد ترامب فلاديمير بوتين لزيارة واشنطن.\n"
        "وعقد الزعيمان قمة في العاصمة الفنلندية هلسنكي يوم الاثنين."
    )
    marks = [TRUMP, ("فلاديمير بوتين", "فلاديمير بوتين", "PER"), ("هلسنكي", "هلسنكي", "GPE")]
    events = _events(body, marks)
    assert events[1] == ("summit", ["دونالد ترامب", "فلاديمير بوتين"], "هلسنكي", "2018-06-18")


def test_a_summit_only_referred_to_gives_way_to_the_talks() -> None:
    body = "وتحادث مايك بومبيو مع نظيرته كانغ كيونغ وا في أعقاب قمة سنغافورة أمس."
    marks = [POMPEO, ("كانغ كيونغ وا", "كانغ كيونغ وا", "PER"), ("سنغافورة", "سنغافورة", "GPE")]
    assert _events(body, marks)[0][:2] == ("meeting", ["كانغ كيونغ وا", "مايك بومبيو"])


def test_who_announces_that_he_will_meet_takes_part() -> None:
    body = "أعلن مايك بومبيو، الاثنين، أنه سيلتقي كيم جونغ أون قريبا."
    assert _events(body, [POMPEO, KIM])[0][:2] == ("meeting", ["كيم جونغ أون", "مايك بومبيو"])


def test_a_spokesman_who_reports_a_meeting_does_not_take_part() -> None:
    body = "وأوضح المتحدث جون كيربي أن مايك بومبيو التقى كيم جونغ أون."
    marks = [("جون كيربي", "جون كيربي", "PER"), POMPEO, KIM]
    assert _events(body, marks)[0][:2] == ("meeting", ["كيم جونغ أون", "مايك بومبيو"])


def test_a_year_after_since_does_not_date_the_meeting() -> None:
    body = "واستقبل كيم جونغ أون الوفد الجنوبي في أول زيارة من نوعها منذ العام 2007."
    assert _events(body, [KIM]) == [
        ("visit", ["كيم جونغ أون"], None, None),
        ("other", ["كيم جونغ أون"], None, "2007"),  # the date left over is a happening of its own
    ]


def test_the_day_a_statement_is_made_dates_the_statement_not_the_talks() -> None:
    body = (
        "عنوان\n"
        "قال المتحدث ديمتري بيسكوف، الاثنين، إن المحادثات بين دونالد ترامب وفلاديمير بوتين لن تكون سهلة."
    )
    marks = [("ديمتري بيسكوف", "ديمتري بيسكوف", "PER"), TRUMP, ("فلاديمير بوتين", "فلاديمير بوتين", "PER")]
    assert _events(body, marks) == [
        ("meeting", ["دونالد ترامب", "فلاديمير بوتين"], None, None),
        ("statement", ["دونالد ترامب", "ديمتري بيسكوف", "فلاديمير بوتين"], None, "2018-06-18"),
    ]


def test_a_country_named_with_fi_just_before_the_trigger_is_the_place() -> None:
    body = "تصافح دونالد ترامب وكيم جونغ أون صباح الثلاثاء في سنغافورة في مستهل قمة تاريخية."
    marks = [TRUMP, KIM, ("سنغافورة", "سنغافورة", "GPE")]
    assert _events(body, marks, "2018-06-12") == [
        ("summit", ["دونالد ترامب", "كيم جونغ أون"], "سنغافورة", "2018-06-12")
    ]


def test_an_office_before_an_honorific_is_one_role_found_again_by_title() -> None:
    body = (
        "استقبل العاهل السعودي، الملك سلمان بن عبدالعزيز، رئيس الوزراء اللبناني سعد الحريري.\n"
        "وقالت الوكالة إن اللقاء بين العاهل السعودي والحريري كان وديا."
    )
    marks = [("سلمان بن عبدالعزيز", "سلمان بن عبدالعزيز", "PER"), ("سعد الحريري", "سعد الحريري", "PER")]
    result = analyze(Article("t", "", body), tagger=MarkTagger(marks), stance=LexiconStance())
    salman = next(e for e in result.entities if e.name == "سلمان بن عبدالعزيز")
    assert salman.role == "العاهل السعودي"
    assert [m.text for m in salman.mentions] == ["سلمان بن عبدالعزيز", "العاهل السعودي"]
    assert len(result.events) == 1


def test_a_person_named_after_a_topic_word_is_what_was_discussed() -> None:
    body = "وتحدث دونالد ترامب مع سلمان بن عبدالعزيز هاتفيا أمس عن جمال خاشقجي."
    marks = [
        TRUMP,
        ("سلمان بن عبدالعزيز", "سلمان بن عبدالعزيز", "PER"),
        ("جمال خاشقجي", "جمال خاشقجي", "PER"),
    ]
    assert _events(body, marks) == [("call", ["دونالد ترامب", "سلمان بن عبدالعزيز"], None, "2018-06-18")]


def test_a_person_described_in_the_topic_phrase_is_discussed_not_met() -> None:
    # The name stands beside the noun that describes it, after a comma, still inside the topic.
    body = (
        "التقى وزير الخارجية الفرنسي جان لودريان أمس نظيره الإيطالي لويجي دي مايو لبحث "
        "قضية الباحث الإيطالي، جوليو ريجيني، ومستقبل التعاون."
    )
    marks = [
        ("جان لودريان", "جان لودريان", "PER"),
        ("لويجي دي مايو", "لويجي دي مايو", "PER"),
        ("جوليو ريجيني", "جوليو ريجيني", "PER"),
    ]
    assert _events(body, marks) == [("meeting", ["جان لودريان", "لويجي دي مايو"], None, "2018-06-18")]
    # A relative clause after the topic names who came, as before.
    body = "وبحث جان لودريان حول نتائج الاجتماع الذي حضره لويجي دي مايو أمس."
    assert ("جان لودريان" in _events(body, marks[:2])[0][1]) and "لويجي دي مايو" in _events(body, marks[:2])[
        0
    ][1]


def test_between_with_a_head_of_its_own_lists_no_participants() -> None:
    body = (
        "عقد مايك بومبيو اجتماعا مع كيم جونغ أون أمس.\n"
        "وقال بومبيو إن الاجتماع سيعزز التعاون القائم بين الولايات المتحدة وكوريا الشمالية."
    )
    marks = [
        POMPEO,
        KIM,
        ("بومبيو", "بومبيو", "PER"),
        ("الولايات المتحدة", "الولايات المتحدة", "GPE"),
        ("كوريا الشمالية", "كوريا الشمالية", "GPE"),
    ]
    assert _events(body, marks) == [("meeting", ["كيم جونغ أون", "مايك بومبيو"], None, "2018-06-18")]


def test_only_trigger_nouns_with_the_article_refer_back() -> None:
    from pipeline.events import _is_definite

    assert [_is_definite(w) for w in ("الاجتماع", "القمة", "المحادثات", "اللقاء")] == [True] * 4
    # A verb that begins with ال, the instrument of a call, and an indefinite noun do not.
    assert [_is_definite(w) for w in ("التقى", "التقت", "الهاتف", "اجتماع")] == [False] * 4


def test_people_named_after_an_attendance_word_attended() -> None:
    body = (
        "وقالت الوكالة إن اللقاء بين سلمان بن عبدالعزيز وسعد الحريري كان وديا، "
        "وحضره الأمير عبدالعزيز بن سعود، ووزير الخارجية عادل الجبير."
    )
    marks = [
        ("سلمان بن عبدالعزيز", "سلمان بن عبدالعزيز", "PER"),
        ("سعد الحريري", "سعد الحريري", "PER"),
        ("عبدالعزيز بن سعود", "عبدالعزيز بن سعود", "PER"),
        ("عادل الجبير", "عادل الجبير", "PER"),
    ]
    assert _events(body, marks) == [
        ("meeting", ["سعد الحريري", "سلمان بن عبدالعزيز", "عادل الجبير", "عبدالعزيز بن سعود"], None, None)
    ]


def test_a_meeting_announced_and_one_held_are_two() -> None:
    body = "أعلن مايك بومبيو أنه سيلتقي كيم جونغ أون قريبا.\nوكان بومبيو التقى كيم جونغ أون في بيونغ يانغ."
    marks = [POMPEO, KIM, ("بومبيو", "بومبيو", "PER"), ("بيونغ يانغ", "بيونغ يانغ", "GPE")]
    assert _events(body, marks) == [
        ("meeting", ["كيم جونغ أون", "مايك بومبيو"], None, None),
        ("meeting", ["كيم جونغ أون", "مايك بومبيو"], "بيونغ يانغ", None),
    ]


def test_a_title_shared_by_several_goes_to_the_one_just_named() -> None:
    body = (
        "التقى وزير الخارجية الأميركي مايك بومبيو نظيره الروسي سيرغي لافروف أمس.\n"
        "وأعلن مكتب بومبيو أن وزير الخارجية تحادث مع كيم جونغ أون اليوم."
    )
    marks = [POMPEO, ("سيرغي لافروف", "سيرغي لافروف", "PER"), KIM, ("بومبيو", "بومبيو", "PER")]
    assert _events(body, marks)[1] == ("meeting", ["كيم جونغ أون", "مايك بومبيو"], None, "2018-06-19")


def test_a_place_right_after_the_trigger_noun_is_the_venue() -> None:
    body = "وقال مايك بومبيو إن كيم جونغ أون خرج من قمة سنغافورة أمس فائزا."
    marks = [POMPEO, KIM, ("سنغافورة", "سنغافورة", "GPE")]
    assert _events(body, marks)[0][2] == "سنغافورة"


def test_a_city_far_after_the_trigger_needs_a_locative_to_be_the_venue() -> None:
    far = (
        "وقال المتحدث إن المحادثات بين دونالد ترامب وفلاديمير بوتين بشأن سوريا لن تكون سهلة "
        "بسبب موقف واشنطن من إيران."
    )
    arrived = (
        "والتقى وزير الخارجية مايك بومبيو نظيره عادل الجبير الذي كان في استقباله "
        "لدى وصوله إلى الرياض صباح الثلاثاء."
    )
    marks = [
        TRUMP,
        POMPEO,
        ("فلاديمير بوتين", "فلاديمير بوتين", "PER"),
        ("عادل الجبير", "عادل الجبير", "PER"),
    ]
    places = [("واشنطن", "واشنطن", "GPE"), ("الرياض", "الرياض", "GPE"), ("إيران", "إيران", "GPE")]
    assert _events(far, marks + places)[0][2] is None
    assert _events(arrived, marks + places)[0][2] == "الرياض"


def test_a_city_after_ila_is_the_venue_only_after_a_word_of_travel() -> None:
    # «إلى» after an offer names a recipient: Seoul is not where the summit is held.
    offered = (
        "وتأتي الزيارة قبيل قمة مقررة بين دونالد ترامب وكيم جونغ أون، "
        "الذي قدم أيضا مبادرات دبلوماسية إلى سول وبكين."
    )
    toured = "وعقدت قمة بين دونالد ترامب وكيم جونغ أون خلال زيارة رسمية إلى سول."
    places = [("سول", "سول", "GPE"), ("بكين", "بكين", "GPE")]
    assert [place for _k, _n, place, _d in _events(offered, [TRUMP, KIM, *places])] == [None]
    assert [place for _k, _n, place, _d in _events(toured, [TRUMP, KIM, *places])] == ["سول"]


def test_a_counterpart_after_an_office_is_another_persons_title() -> None:
    body = "التقى وزير الخارجية الأمريكي مايك بومبيو اليوم في الرياض.\nثم التقى وزير الخارجية الأمريكي نظيره السعودي عادل الجبير."
    marks = [POMPEO, ("عادل الجبير", "عادل الجبير", "PER"), ("الرياض", "الرياض", "GPE")]
    result = analyze(Article("t", "", body), tagger=MarkTagger(marks), stance=LexiconStance())
    roles = {e.name: e.role for e in result.entities if e.type == "PER"}
    assert roles == {"مايك بومبيو": "وزير الخارجية الأمريكي", "عادل الجبير": "وزير الخارجية السعودي"}


def test_a_place_before_a_trigger_with_li_is_where_the_preparing_happens() -> None:
    body = "ووصل وفد أمريكي إلى بلدة بانمونجوم أمس في كوريا الشمالية للإعداد لقمة دونالد ترامب وكيم جونغ أون."
    marks = [TRUMP, KIM, ("كوريا الشمالية", "كوريا الشمالية", "GPE")]
    assert _events(body, marks) == [("summit", ["دونالد ترامب", "كيم جونغ أون"], None, "2018-06-18")]


def test_a_definite_trigger_with_between_refers_back_and_takes_the_attendees() -> None:
    body = (
        "استقبل العاهل الأردني الملك عبدالله الثاني في القاهرة الأحد الرئيس الفلسطيني محمود عباس.\n"
        "وقال الديوان الملكي إن اللقاء بين الملك عبدالله الثاني ومحمود عباس تناول التطورات، "
        "وبحث سبل التنسيق، في الاجتماع الذي حضره وزير الخارجية أيمن الصفدي."
    )
    marks = [
        ("الملك عبدالله الثاني", "عبدالله الثاني", "PER"),
        ("محمود عباس", "محمود عباس", "PER"),
        ("أيمن الصفدي", "أيمن الصفدي", "PER"),
        ("القاهرة", "القاهرة", "GPE"),
        ("الديوان الملكي", "الديوان الملكي", "ORG"),
    ]
    # One reception: the second sentence says more about it; «وبحث» whose only person came to
    # the meeting is no second meeting of the attendee alone.
    assert _events(body, marks) == [
        ("meeting", ["أيمن الصفدي", "عبدالله الثاني", "محمود عباس"], "القاهرة", "2018-06-17")
    ]


def test_a_definite_between_list_of_other_sides_is_its_own_event() -> None:
    body = (
        "والتقى دونالد ترامب شينزو آبي في طوكيو الاثنين.\n"
        "وأعلن البيت الأبيض أن المحادثات بين الولايات المتحدة وكوريا الشمالية تتقدم."
    )
    marks = [
        TRUMP,
        ("شينزو آبي", "شينزو آبي", "PER"),
        ("طوكيو", "طوكيو", "GPE"),
        ("البيت الأبيض", "البيت الأبيض", "ORG"),
        ("الولايات المتحدة", "الولايات المتحدة", "GPE"),
        ("كوريا الشمالية", "كوريا الشمالية", "GPE"),
    ]
    kinds = [(kind, names) for kind, names, _place, _date in _events(body, marks)]
    assert kinds == [
        ("meeting", ["دونالد ترامب", "شينزو آبي"]),
        ("meeting", ["الولايات المتحدة", "كوريا الشمالية"]),
    ]


def test_an_indefinite_trigger_with_li_is_a_goal_and_gives_way() -> None:
    body = "وكان سعد الحريري تلقى دعوة لزيارة الرياض حملها له نزار العلولا خلال زيارة قصيرة إلى بيروت."
    marks = [
        ("سعد الحريري", "سعد الحريري", "PER"),
        ("نزار العلولا", "نزار العلولا", "PER"),
        ("الرياض", "الرياض", "GPE"),
        ("بيروت", "بيروت", "GPE"),
    ]
    assert _events(body, marks)[0][2] == "بيروت"


def test_a_trigger_after_since_tells_no_event() -> None:
    body = "والتقى دونالد ترامب شينزو آبي في طوكيو، في أول لقاء بينهما منذ آخر قمة جمعت ترامب وآبي."
    marks = [TRUMP, ("شينزو آبي", "شينزو آبي", "PER"), ("وآبي", "آبي", "PER"), ("طوكيو", "طوكيو", "GPE")]
    assert [kind for kind, *_ in _events(body, marks)] == ["meeting"]


def test_an_attribution_dates_the_statement_and_names_no_participant() -> None:
    body = "سيلتقي مون جاي إن كيم جونغ أون على الحدود، بحسب ما قال المتحدث يون يونغ تشان للصحفيين الاثنين."
    marks = [("مون جاي إن", "مون جاي إن", "PER"), KIM, ("يون يونغ تشان", "يون يونغ تشان", "PER")]
    events = _events(body, marks)
    assert events[0] == ("meeting", ["كيم جونغ أون", "مون جاي إن"], None, None)
    assert events[1] == ("statement", ["يون يونغ تشان"], None, "2018-06-18")


def test_a_report_naming_someone_else_is_another_meeting() -> None:
    body = "وسيلتقي كيم جونغ أون مون جاي إن.\nومهدت الخطوة الطريق للقاء محتمل مع دونالد ترامب."
    marks = [KIM, ("مون جاي إن", "مون جاي إن", "PER"), TRUMP]
    assert _events(body, marks)[0][1] == ["كيم جونغ أون", "مون جاي إن"]


def test_the_dated_sentence_before_an_undated_meeting_dates_it() -> None:
    body = "سيصبح كيم جونغ أون الجمعة أول زعيم يعبر الحدود.\nوسيلتقي كيم جونغ أون مون جاي إن."
    marks = [KIM, ("مون جاي إن", "مون جاي إن", "PER")]
    # Published on a Tuesday: the coming Friday.
    assert _events(body, marks)[1] == ("meeting", ["كيم جونغ أون", "مون جاي إن"], None, "2018-06-22")


def test_a_one_word_place_the_tables_do_not_know_is_a_venue_after_fi() -> None:
    body = "وتبدأ المحادثات الرسمية بين مون جاي إن وكيم جونغ أون صباحا بالتوقيت المحلي في بيت السلام في بانمونجوم."
    marks = [("مون جاي إن", "مون جاي إن", "PER"), KIM, ("بانمونجوم", "بانمونجوم", "GPE")]
    assert _events(body, marks)[0][2] == "بانمونجوم"


def test_each_of_with_tanwin_and_twice_gives_a_meeting_per_person_and_time() -> None:
    body = "وكان كيم جونغ أون قد التقى مرتين كلاً من شي جينبينغ ومون جاي إن."
    marks = [KIM, ("شي جينبينغ", "شي جينبينغ", "PER"), ("مون جاي إن", "مون جاي إن", "PER")]
    with_xi = ("meeting", ["شي جينبينغ", "كيم جونغ أون"], None, None)
    with_moon = ("meeting", ["كيم جونغ أون", "مون جاي إن"], None, None)
    assert _events(body, marks) == [with_xi, with_xi, with_moon, with_moon]


def test_a_pluperfect_meeting_borrows_no_date_or_place() -> None:
    body = "والتقى مايك بومبيو كيم جونغ أون في بيونغ يانغ أمس.\nوكان كيم جونغ أون قد التقى شي جينبينغ."
    marks = [POMPEO, KIM, ("شي جينبينغ", "شي جينبينغ", "PER"), ("بيونغ يانغ", "بيونغ يانغ", "GPE")]
    assert _events(body, marks)[1] == ("meeting", ["شي جينبينغ", "كيم جونغ أون"], None, None)


def test_a_reference_word_before_a_trigger_starts_another_event() -> None:
    # The visit owns Lavrov; the summit after «قبيل» owns the two leaders, titles and commas included.
    body = (
        "تأتي زيارة سيرغي لافروف قبيل قمة بين الرئيس الأميركي، دونالد ترامب، "
        "والزعيم الكوري الشمالي، كيم جونغ أون، الذي قدم مبادرات."
    )
    marks = [("سيرغي لافروف", "سيرغي لافروف", "PER"), TRUMP, KIM]
    assert [(kind, names) for kind, names, *_ in _events(body, marks)] == [
        ("visit", ["سيرغي لافروف"]),
        ("summit", ["دونالد ترامب", "كيم جونغ أون"]),
    ]


def test_the_venue_may_follow_in_a_clause_no_trigger_owns() -> None:
    body = "التقى مايك بومبيو نظيره عادل الجبير، الذي كان في استقباله لدى وصوله إلى الرياض."
    marks = [POMPEO, ("عادل الجبير", "عادل الجبير", "PER"), ("الرياض", "الرياض", "GPE")]
    assert _events(body, marks) == [("meeting", ["عادل الجبير", "مايك بومبيو"], "الرياض", None)]


def test_a_dual_takes_the_last_pair_at_an_event_of_its_kind() -> None:
    body = (
        "وستعقد قمة بين دونالد ترامب وكيم جونغ أون.\n"
        "وتحدث مايك بومبيو مع سيرغي لافروف عبر الهاتف.\n"
        "ويظهر ذلك رغبة الزعيمين في أن تمضي القمة قدما."
    )
    marks = [TRUMP, KIM, POMPEO, ("سيرغي لافروف", "سيرغي لافروف", "PER")]
    kinds = [(kind, names) for kind, names, *_ in _events(body, marks)]
    assert kinds == [("summit", ["دونالد ترامب", "كيم جونغ أون"]), ("call", ["سيرغي لافروف", "مايك بومبيو"])]


def test_a_dated_mention_naming_one_side_is_that_days_event() -> None:
    body = (
        "عقد خلوصي أكار اجتماعا ثلاثيا مع فتحي باشاغا وبيرون كاميلاري في أنقرة اليوم.\n"
        "وسبق الاجتماع الثلاثي لقاءان ثنائيان لأكار مع كل من باشاغا وكاميلاري.\n"
        "وبشأن اجتماع اليوم، قال باشاغا إن التعاون سيتعزز."
    )
    marks = [
        ("خلوصي أكار", "خلوصي أكار", "PER"),
        ("فتحي باشاغا", "فتحي باشاغا", "PER"),
        ("بيرون كاميلاري", "بيرون كاميلاري", "PER"),
        ("لأكار", "أكار", "PER"),
        ("من باشاغا", "باشاغا", "PER"),
        ("قال باشاغا", "باشاغا", "PER"),
        ("وكاميلاري", "كاميلاري", "PER"),
        ("أنقرة", "أنقرة", "GPE"),
    ]
    # «اجتماع اليوم» joins the trilateral, not the last bilateral, which keeps the city it inherits.
    assert [place for *_, place, _date in _events(body, marks)] == ["أنقرة", "أنقرة", "أنقرة"]


def test_an_event_after_a_word_of_preparing_is_a_goal() -> None:
    # The meeting is the news; the summit is what they prepare, and New York is not its venue.
    body = "التقى مايك بومبيو كيم يونغ تشول، الذي وصل إلى نيويورك، لبحث ترتيبات القمة بين دونالد ترامب وكيم جونغ أون."
    marks = [POMPEO, ("كيم يونغ تشول", "كيم يونغ تشول", "PER"), TRUMP, KIM, ("نيويورك", "نيويورك", "GPE")]
    events = _events(body, marks)
    assert events[0][:2] == ("meeting", ["كيم يونغ تشول", "مايك بومبيو"])
    assert events[1] == ("summit", ["دونالد ترامب", "كيم جونغ أون"], None, None)


def test_a_later_clause_with_a_reporting_verb_names_a_speaker_not_a_participant() -> None:
    body = "وخرج كيم جونغ أون من قمة سنغافورة فائزا، لكن مايك بومبيو يؤكد أن كيم جدي."
    marks = [KIM, POMPEO, ("سنغافورة", "سنغافورة", "GPE")]
    assert _events(body, marks)[0][1:3] == (["كيم جونغ أون"], "سنغافورة")


def test_the_host_of_an_event_is_its_venue() -> None:
    body = "ومن المقرر أن تستضيف سنغافورة القمة بين دونالد ترامب وكيم جونغ أون."
    marks = [TRUMP, KIM, ("سنغافورة", "سنغافورة", "GPE")]
    assert _events(body, marks)[0][1:3] == (["دونالد ترامب", "كيم جونغ أون"], "سنغافورة")


def test_the_next_summit_is_another_event_with_its_own_host_and_year() -> None:
    body = (
        "واختتمت القمة العربية في تونس اليوم بمشاركة الباجي قائد السبسي وأنطونيو غوتيريش.\n"
        "وتقرر أن تستضيف الجزائر القمة العربية المقبلة في 2020."
    )
    marks = [
        ("الباجي قائد السبسي", "الباجي قائد السبسي", "PER"),
        ("أنطونيو غوتيريش", "أنطونيو غوتيريش", "PER"),
        ("تونس", "تونس", "GPE"),
        ("الجزائر", "الجزائر", "GPE"),
    ]
    assert _events(body, marks) == [
        ("summit", ["أنطونيو غوتيريش", "الباجي قائد السبسي"], "تونس", "2018-06-19"),
        ("summit", [], "الجزائر", "2020"),
    ]


def test_a_month_inside_a_name_dates_nothing() -> None:
    body = "استقبل الرئيس عبد المجيد تبون أمس وزير الخارجية لويجي دي مايو."
    marks = [("عبد المجيد تبون", "عبد المجيد تبون", "PER"), ("لويجي دي مايو", "لويجي دي مايو", "PER")]
    assert _events(body, marks) == [("meeting", ["عبد المجيد تبون", "لويجي دي مايو"], None, "2018-06-18")]
