"""Entity resolution, events and stances on short articles written for these tests."""

from __future__ import annotations

import pytest

from models.lexicon_stance import LexiconStance
from models.rules_tagger import RulesTagger
from pipeline import analyze
from pipeline.records import Analysis, Article

ROME = Article(
    id="rome",
    title="لقاء دفاعي في روما",
    text=(
        "التقى وزير الدفاع الإيطالي لورنزو غويريني اليوم في روما نظيره الليبي صلاح النمروش.\n"
        "وقال غويريني إن إيطاليا تدعم حكومة الوفاق، وإن الاتفاق الموقع في ديسمبر/كانون الأول 2019 "
        "بين إيطاليا وحكومة الوفاق ما زال ساريا.\n"
        "من جانبه، أكد وزير الدفاع الليبي أن التعاون مع إيطاليا مهم، وانتقد هجمات ميليشيات الجيش "
        "الوطني الليبي على طرابلس.\n"
        "وسبق اللقاء اتصال هاتفي أجراه غويريني أمس مع رئيس المجلس الرئاسي الليبي فايز السراج."
    ),
    source="وكالة الاختبار",
)


@pytest.fixture(scope="module")
def rome() -> Analysis:
    return analyze(ROME, tagger=RulesTagger(), stance=LexiconStance(), publication_date="2020-05-05")


def by_name(analysis: Analysis) -> dict[str, object]:
    return {e.name: e for e in analysis.entities}


def test_entities_one_per_actor_with_roles_and_affiliations(rome: Analysis) -> None:
    ents = by_name(rome)
    assert sorted((e.type, e.name) for e in rome.entities) == [
        ("GPE", "إيطاليا"),
        ("GPE", "روما"),
        ("GPE", "طرابلس"),
        ("ORG", "الجيش الوطني الليبي"),
        ("ORG", "حكومة الوفاق"),
        ("PER", "صلاح النمروش"),
        ("PER", "فايز السراج"),
        ("PER", "لورنزو غويريني"),
    ]
    guerini = ents["لورنزو غويريني"]
    assert guerini.aliases == ("لورنزو غويريني", "غويريني")
    assert guerini.role == "وزير الدفاع الإيطالي"
    assert guerini.affiliation == ents["إيطاليا"].id
    assert len(guerini.mentions) == 3
    # "نظيره الليبي" borrows its office from the minister named before it.
    assert ents["صلاح النمروش"].role == "وزير الدفاع الليبي"
    assert ents["فايز السراج"].role == "رئيس المجلس الرئاسي الليبي"
    assert ents["إيطاليا"].name_en == "Italy"


def test_title_only_reference_resolves_to_the_holder(rome: Analysis) -> None:
    namrush = by_name(rome)["صلاح النمروش"]
    texts = [(m.sentence, m.text) for m in namrush.mentions]
    assert texts == [(1, "صلاح النمروش"), (3, "وزير الدفاع الليبي")]
    # Not a name: the title is a mention, never an alias.
    assert namrush.aliases == ("صلاح النمروش",)


def test_mentions_point_at_their_text(rome: Analysis) -> None:
    for e in rome.entities:
        for m in e.mentions:
            assert rome.sentences[m.sentence].text[m.start : m.end] == m.text


def test_events_with_participants_place_and_resolved_dates(rome: Analysis) -> None:
    ents = by_name(rome)
    names = {e.id: e.name for e in rome.entities}
    got = [
        (v.kind, sorted(names[p] for p in v.participants), names.get(v.location), v.date, v.date_text)
        for v in rome.events
    ]
    assert got == [
        ("meeting", ["صلاح النمروش", "لورنزو غويريني"], "روما", "2020-05-05", "اليوم"),
        ("agreement", ["إيطاليا", "حكومة الوفاق"], None, "2019-12", "ديسمبر/كانون الأول 2019"),
        ("call", ["فايز السراج", "لورنزو غويريني"], None, "2020-05-04", "أمس"),
    ]
    assert rome.events[0].location == ents["روما"].id


def test_stances_with_speaker_carried_by_min_janibihi(rome: Analysis) -> None:
    names = {e.id: e.name for e in rome.entities}
    got = {(names[s.source], names[s.target], s.polarity) for s in rome.stances}
    assert ("لورنزو غويريني", "حكومة الوفاق", "support") in got
    assert ("صلاح النمروش", "إيطاليا", "support") in got
    assert ("صلاح النمروش", "الجيش الوطني الليبي", "oppose") in got
    # A speaker's stance toward their own country is not reported.
    assert ("لورنزو غويريني", "إيطاليا", "support") not in got
    for s in rome.stances:
        assert s.evidence == rome.sentences[s.sentence].text
        assert 0 <= s.confidence <= 1


def test_two_bilateral_meetings_from_each_of() -> None:
    article = Article(
        id="each",
        title="",
        text=(
            "عقد وزير الخارجية المصري سامح شكري اليوم في القاهرة اجتماعا ثلاثيا مع وزيري خارجية "
            "الأردن أيمن الصفدي والعراق فؤاد حسين.\n"
            "وسبق الاجتماع الثلاثي لقاءان ثنائيان لشكري مع كل من الصفدي وحسين."
        ),
    )
    result = analyze(article, tagger=RulesTagger(), stance=LexiconStance(), publication_date="2020-08-25")
    names = {e.id: e.name for e in result.entities}
    assert [(v.kind, sorted(names[p] for p in v.participants), v.date) for v in result.events] == [
        ("meeting", ["أيمن الصفدي", "سامح شكري", "فؤاد حسين"], "2020-08-25"),
        ("meeting", ["أيمن الصفدي", "سامح شكري"], "2020-08-25"),
        ("meeting", ["سامح شكري", "فؤاد حسين"], "2020-08-25"),
    ]
    assert {names[v.location] for v in result.events} == {"القاهرة"}


def test_negated_cue_is_neutral_and_reported_speech_is_not_a_participant() -> None:
    article = Article(
        id="neg",
        title="",
        text=(
            "وقال وزير الخارجية التركي مولود جاويش أوغلو خلال لقاء مع نظيره الروسي سيرغي لافروف "
            "إن بلاده ليس لديها نية لمواجهة فرنسا."
        ),
    )
    result = analyze(article, tagger=RulesTagger(), stance=LexiconStance(), publication_date="2020-03-01")
    names = {e.id: e.name for e in result.entities}
    assert [sorted(names[p] for p in v.participants) for v in result.events] == [
        ["سيرغي لافروف", "مولود جاويش أوغلو"]
    ]
    assert [(names[s.source], names[s.target], s.polarity) for s in result.stances] == [
        ("مولود جاويش أوغلو", "فرنسا", "neutral")
    ]


def test_analysis_round_trips_through_json(rome: Analysis) -> None:
    assert Analysis.from_dict(rome.to_dict()).to_dict() == rome.to_dict()


def test_empty_and_english_articles_get_notices() -> None:
    empty = analyze(Article(id="e", title="", text="   "), tagger=RulesTagger(), stance=LexiconStance())
    assert empty.sentences == () and empty.entities == ()
    assert empty.warnings == ("The article has no text to analyse.",)
    english = analyze(
        Article(id="en", title="Talks in Rome", text="The ministers met today.", date="2020-01-02"),
        tagger=RulesTagger(),
        stance=LexiconStance(),
    )
    assert english.article.date == "2020-01-02"
    assert any("not in Arabic" in w for w in english.warnings)


def test_publication_date_is_a_fallback_for_articles_without_one() -> None:
    dated = Article(id="d", title="", text="التقى الوزيران اليوم.", date="2021-02-03")
    assert analyze(
        dated, tagger=RulesTagger(), stance=LexiconStance(), publication_date="2020-01-01"
    ).article.date == ("2021-02-03")
    undated = Article(id="u", title="", text="التقى الوزيران اليوم.")
    result = analyze(undated, tagger=RulesTagger(), stance=LexiconStance())
    assert result.article.date is None
    assert any("No publication date" in w for w in result.warnings)


def test_dated_statements_and_background_years_go_on_the_timeline() -> None:
    article = Article(
        id="dated",
        title="",
        text=(
            "وقال المتحدث باسم الكرملين ديمتري بيسكوف يوم الاثنين إن موسكو مستعدة للحوار.\n"
            "وكانت روسيا قد ضمت القرم عام 2014."
        ),
    )
    result = analyze(article, tagger=RulesTagger(), stance=LexiconStance(), publication_date="2018-07-18")
    names = {e.id: e.name for e in result.entities}
    got = [
        (v.kind, v.date, v.date_text, v.trigger, sorted(names[p] for p in v.participants))
        for v in result.events
    ]
    assert got == [
        ("statement", "2018-07-16", "الاثنين", None, ["الكرملين", "ديمتري بيسكوف", "موسكو"]),
        ("other", "2014", "عام 2014", None, ["القرم", "روسيا"]),
    ]


def test_meeting_takes_the_date_nearest_its_trigger_not_a_background_year() -> None:
    article = Article(
        id="near",
        title="",
        text="التقى وزير الخارجية الروسي سيرغي لافروف اليوم في موسكو نظيره الكوري الشمالي ري يونغ هو، "
        "في أول زيارة منذ عام 2012.",
    )
    result = analyze(article, tagger=RulesTagger(), stance=LexiconStance(), publication_date="2018-05-31")
    # The year after «منذ» is no date of the meeting; it goes on the timeline on its own.
    assert [(v.kind, v.date) for v in result.events] == [("meeting", "2018-05-31"), ("other", "2012")]


# An agency report in the Gulf style: its own minister has the bare title, the guest a country.
KUWAIT = Article(
    id="kuwait",
    title="وزير الخارجية يبحث مع نظيره اليوناني العلاقات الثنائية",
    text=(
        "استقبل معالي وزير الخارجية الشيخ أحمد ناصر المحمد اليوم في الكويت معالي وزير خارجية "
        "اليونان نيكوس دندياس.\n"
        "وجرى خلال اللقاء بحث العلاقات الثنائية بين البلدين.\n"
        "ووصف معالي وزير الخارجية في تصريح له عقب اللقاء المباحثات بالمثمرة.\n"
        "وقال معاليه إن الكويت تدعم جهود الأمم المتحدة في ليبيا."
    ),
    source="وكالة الاختبار",
)


def test_a_bare_title_refers_to_the_one_introduced_by_it_word_for_word() -> None:
    # Two foreign ministers, both named two sentences back: recency cannot choose, but only one
    # was introduced as plain «وزير الخارجية», so the bare title and «معاليه» are his.
    analysis = analyze(KUWAIT, tagger=RulesTagger(), stance=LexiconStance(), publication_date="2021-03-01")
    ents = by_name(analysis)
    sheikh = next(e for e in analysis.entities if e.name.endswith("المحمد"))
    # Not the headline's: a title can only repeat one that was already introduced.
    assert [m.sentence for m in sheikh.mentions] == [1, 3]
    assert sheikh.mentions[-1].text == "وزير الخارجية"
    assert ents["نيكوس دندياس"].mentions[-1].sentence == 1
    from pipeline.stance import find_statements

    speakers = {(s.sentence, s.speaker) for s in find_statements(analysis.sentences, analysis.entities)}
    assert speakers == {(3, sheikh.id), (4, sheikh.id)}
