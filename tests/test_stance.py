"""Speaker attribution and stance targets on sentences written for these tests, with a tagger we control."""

from __future__ import annotations

from collections.abc import Sequence

from marks import MarkTagger

from models.base import StancePrediction, StanceQuery
from models.lexicon_stance import LexiconStance
from pipeline import analyze
from pipeline.gazetteer import load_gazetteer
from pipeline.records import Analysis, Article
from pipeline.stance import RELATION_CONFIDENCE, find_statements

Marks = Sequence[tuple[str, str, str]]


def _analyze(body: str, marks: Marks) -> Analysis:
    return analyze(Article("t", "", body), tagger=MarkTagger(marks), stance=LexiconStance())


def _speakers(body: str, marks: Marks) -> list[tuple[int, str]]:
    """(sentence, speaker name) of every statement, in order."""
    result = _analyze(body, marks)
    names = {e.id: e.name for e in result.entities}
    statements = find_statements(result.sentences, result.entities, load_gazetteer())
    return [(st.sentence, names[st.speaker]) for st in statements]


def _pairs(body: str, marks: Marks) -> set[tuple[str, str]]:
    """(speaker, target) of every stance asked, whatever its polarity."""
    result = _analyze(body, marks)
    names = {e.id: e.name for e in result.entities}
    return {(names[s.source], names[s.target]) for s in result.stances}


def _stances(body: str, marks: Marks) -> set[tuple[str, str, str]]:
    result = _analyze(body, marks)
    names = {e.id: e.name for e in result.entities}
    return {(names[s.source], names[s.target], s.polarity) for s in result.stances}


def per(name: str) -> tuple[str, str, str]:
    return (name, name, "PER")


def org(name: str) -> tuple[str, str, str]:
    return (name, name, "ORG")


def gpe(name: str) -> tuple[str, str, str]:
    return (name, name, "GPE")


# --- who speaks ----------------------------------------------------------------------------------


def test_a_person_named_after_a_description_speaks_not_the_body_in_it() -> None:
    body = "وطالب رئيس لجنة الشؤون الخارجية في البرلمان الأوروبي ديفيد ماكاليستر، تركيا بوقف التنقيب."
    marks = [org("البرلمان الأوروبي"), per("ديفيد ماكاليستر"), gpe("تركيا")]
    assert _speakers(body, marks) == [(0, "ديفيد ماكاليستر")]
    assert ("البرلمان الأوروبي", "تركيا") not in _pairs(body, marks)


def test_a_place_or_body_inside_an_unnamed_speakers_description_does_not_speak() -> None:
    marks = [gpe("الجزائر"), gpe("المغرب"), gpe("عدن"), gpe("لندن")]
    assert _speakers("وقال السفير الإيطالي بالجزائر إن المغرب شريك مهم.", marks) == []
    assert _speakers("وأفادت مصادر محلية في عدن بأن الاشتباكات توقفت.", marks) == []
    assert _speakers("وقال قائد عملية تأمين عدن إن قواته انتشرت.", marks) == []
    assert _speakers("وقال دبلوماسي بريطاني في لندن إن المحادثات صعبة.", marks) == []


def test_an_unnamed_spokesman_speaks_for_the_body_named_after_basm() -> None:
    marks = [org("البيت الأبيض"), per("جين ساكي"), gpe("الصين")]
    assert _speakers("وقال المتحدث باسم البيت الأبيض إن الصين منافس.", marks) == [(0, "البيت الأبيض")]
    named = "وقالت المتحدثة باسم البيت الأبيض، جين ساكي، إن الصين منافس."
    assert _speakers(named, marks) == [(0, "جين ساكي")]


def test_a_person_after_a_description_that_is_no_title_is_the_object() -> None:
    body = "وأدان القادة الأفارقة في بيانهم قرار الرئيس الفرنسي إيمانويل ماكرون سحب قواته."
    assert _speakers(body, [per("إيمانويل ماكرون")]) == []
    # «the king» in the name of a relief centre does not speak either.
    centre = "وقال مركز الملك سلمان للإغاثة إن المساعدات وصلت."
    assert _speakers(centre, [("الملك سلمان", "سلمان", "PER")]) == []


def test_the_outlet_spoken_to_does_not_speak() -> None:
    body = "وقال مسؤول مصري لـ«رويترز» إن القاهرة ترفض الاتفاق."
    marks = [org("رويترز"), gpe("القاهرة")]
    assert _speakers(body, marks) == []
    # Nor does the speaker of the sentence before carry into it.
    two = "وقال سامح شكري إن المفاوضات متعثرة.\nوقال مسؤول مصري لـ«رويترز» إن القاهرة ترفض الاتفاق."
    assert _speakers(two, [per("سامح شكري"), *marks]) == [(0, "سامح شكري")]


def test_an_outlet_relaying_gives_the_voice_to_its_source() -> None:
    body = "ونقلت وكالة الأنباء الأردنية عن أيمن الصفدي قوله إن عمّان تدعم الحوار."
    marks = [org("وكالة الأنباء الأردنية"), per("أيمن الصفدي"), gpe("عمّان")]
    assert _speakers(body, marks) == [(0, "أيمن الصفدي")]
    # «نقل» without «عن» or «إن» moved someone: no statement.
    moved = "ونقلت السلطات التونسية الجرحى إلى مستشفى في صفاقس."
    assert _speakers(moved, [gpe("صفاقس")]) == []


def test_nouns_that_look_like_reporting_verbs_report_nothing() -> None:
    marks = [org("الأهلي"), org("الترجي"), gpe("قطر"), gpe("لندن")]
    assert _speakers("وتأهل الأهلي إلى ثمن النهائي على حساب الترجي.", marks) == []
    assert _speakers("وباع الأهلي لاعبه بثمن كبير للترجي.", marks) == []
    # «تعتبر» with no «أن» after it is "is considered".
    assert _speakers("وتعتبر قطر من أكبر المستثمرين في لندن.", marks) == []
    assert _speakers("وتعتبر قطر أن لندن شريك مهم.", marks) == [(0, "قطر")]


def test_a_plural_verb_has_its_subject_before_it() -> None:
    body = "وكان وزراء خارجية الاتحاد الأوروبي، قد دعوا موسكو إلى سحب قواتها."
    marks = [org("الاتحاد الأوروبي"), gpe("موسكو")]
    assert _speakers(body, marks) == [(0, "الاتحاد الأوروبي")]
    assert ("الاتحاد الأوروبي", "موسكو") in _pairs(body, marks)
    # A name in construct with a noun that is no title does not open the sentence as its subject.
    summit = "وكانت قمة بروكسل حول أوكرانيا قد دعوا إلى وقف إطلاق النار."
    assert _speakers(summit, [gpe("بروكسل"), gpe("أوكرانيا")]) == []


def test_the_name_after_amma_speaks_for_the_verb_with_fa() -> None:
    body = "وانتقد جاستن ترودو ناريندرا مودي، أما مودي فوصف ترودو بأنه متسرع."
    marks = [per("جاستن ترودو"), per("ناريندرا مودي")]
    assert _speakers(body, marks) == [(0, "جاستن ترودو"), (0, "ناريندرا مودي")]
    assert _pairs(body, marks) == {("جاستن ترودو", "ناريندرا مودي"), ("ناريندرا مودي", "جاستن ترودو")}


def test_a_name_right_before_the_verb_speaks_after_an_unnamed_speaker() -> None:
    body = "ويقول محللون إن الاتفاق هش، لكن لافروف يؤكد أن واشنطن ملتزمة به."
    marks = [per("لافروف"), gpe("واشنطن")]
    assert _speakers(body, marks) == [(0, "لافروف")]


def test_a_verb_without_subject_goes_back_to_the_person_a_relative_pronoun_follows() -> None:
    body = "وغادر رئيس الحكومة يوسف الشاهد، الذي وصل أمس إلى باريس، القصر معلنا رفضه تدخلات فرنسا."
    marks = [per("يوسف الشاهد"), gpe("باريس"), gpe("فرنسا")]
    assert _speakers(body, marks) == [(0, "يوسف الشاهد")]
    # A name a preposition governs is never that subject.
    gov = "وأعلن الوفد عودته من العاصمة الفرنسية باريس مؤكدا أن المحادثات مثمرة."
    assert _speakers(gov, [gpe("باريس")]) == []


def test_an_honorific_with_a_pronoun_is_the_speaker_named_before() -> None:
    body = "والتقى الأمير فيصل بن فرحان نظيره الكويتي.\nوقال سموه إن العلاقات بين البلدين متينة."
    marks = [per("فيصل بن فرحان")]
    assert _speakers(body, marks) == [(1, "فيصل بن فرحان")]


def test_a_relative_clause_of_an_unnamed_noun_carries_no_speaker() -> None:
    body = "وقال محمد اشتية إن الحصار خانق.\nوتتفاقم أزمة الكهرباء في غزة والتي يقول أنها الأسوأ."
    marks = [per("محمد اشتية"), gpe("غزة")]
    assert _speakers(body, marks) == [(0, "محمد اشتية")]


def test_content_starts_at_the_quotation_after_an_aside() -> None:
    body = 'وأعلن أنتوني بلينكن مساء الأحد بعد لقائه ناليدي باندور "دعم بلاده الكامل لجنوب أفريقيا".'
    marks = [per("أنتوني بلينكن"), per("ناليدي باندور"), gpe("جنوب أفريقيا")]
    assert _pairs(body, marks) == {("أنتوني بلينكن", "جنوب أفريقيا")}
    # A name right after the speaker is the verb's object, and what the statement is about.
    obj = 'ووصف أنتوني بلينكن ناليدي باندور بأنها "شريكة".'
    assert _pairs(obj, marks) == {("أنتوني بلينكن", "ناليدي باندور")}


def test_the_antecedent_of_a_verb_with_an_object_pronoun_is_a_target() -> None:
    body = "وتحدث عن حلف الناتو الذي وصفه إيمانويل ماكرون بأنه في حالة موت سريري."
    marks = [org("حلف الناتو"), per("إيمانويل ماكرون")]
    assert _pairs(body, marks) == {("إيمانويل ماكرون", "حلف شمال الأطلسي")}  # the tables' name


# --- whom a statement is about ---------------------------------------------------------------------


def test_a_state_official_takes_no_side_toward_the_organs_of_his_state() -> None:
    body = "وقال الرئيس الروسي فلاديمير بوتين إن الكرملين يرفض العقوبات التي فرضتها واشنطن."
    marks = [gpe("روسيا"), per("فلاديمير بوتين"), org("الكرملين"), gpe("واشنطن")]
    assert _pairs("روسيا دولة كبرى.\n" + body, marks) == {("فلاديمير بوتين", "واشنطن")}


def test_a_body_takes_no_side_toward_its_officials() -> None:
    body = "وقال الرئيس الأمريكي جو بايدن إن الصين منافس.\nوقال البيت الأبيض إن بايدن سيزور الصين."
    marks = [per("جو بايدن"), org("البيت الأبيض"), gpe("الصين")]
    assert ("البيت الأبيض", "جو بايدن") not in _pairs(body, marks)
    assert ("البيت الأبيض", "الصين") in _pairs(body, marks)


def test_a_party_or_armed_group_is_no_organ_of_the_state() -> None:
    body = "وقال رئيس الوزراء اللبناني نجيب ميقاتي إن حزب الله يعرقل تشكيل الحكومة."
    marks = [gpe("لبنان"), per("نجيب ميقاتي"), org("حزب الله")]
    assert _pairs("لبنان.\n" + body, marks) == {("نجيب ميقاتي", "حزب الله")}


def test_where_and_through_what_are_not_targets() -> None:
    marks = [per("رجب طيب أردوغان"), gpe("هلسنكي"), gpe("دمشق"), org("تويتر"), gpe("روسيا")]
    body = (
        'وقال رجب طيب أردوغان في العاصمة الفنلندية هلسنكي، قرب نهاية زيارته، وعلى موقع "تويتر"، '
        "إن روسيا شريك مهم."
    )
    assert _pairs(body, marks) == {("رجب طيب أردوغان", "روسيا")}
    near = "وقال رجب طيب أردوغان إن القصف قرب دمشق مستمر."
    assert _pairs(near, marks) == set()


def test_a_name_inside_someones_title_is_not_a_target() -> None:
    body = "وقال أنتوني بلينكن إن وزير خارجية روسيا سيرغي لافروف رفض المقترح."
    marks = [per("أنتوني بلينكن"), gpe("روسيا"), per("سيرغي لافروف")]
    assert _pairs(body, marks) == {("أنتوني بلينكن", "سيرغي لافروف")}


def test_a_nationality_adjective_stands_for_its_state() -> None:
    marks = [gpe("تونس"), per("عبد المجيد تبون"), gpe("سوريا")]
    body = "تونس بلد جار.\nوأشاد عبد المجيد تبون بالجهود التونسية لحل الأزمة."
    assert _stances(body, marks) == {("عبد المجيد تبون", "تونس", "support")}
    two = "كوريا الشمالية دولة مغلقة.\nوأدان عبد المجيد تبون التجارب الكورية الشمالية."
    assert _pairs(two, [gpe("كوريا الشمالية"), *marks]) == {("عبد المجيد تبون", "كوريا الشمالية")}
    # Not when it names a faction or people of the state, nor inside a title.
    faction = (
        "سوريا بلد عربي.\nوقال عبد المجيد تبون إن النظام السوري والمواطنين السوريين والرئيس السوري تضرروا."
    )
    assert _pairs(faction, marks) == set()


def test_a_description_states_its_holders_stance() -> None:
    marks = [org("الكرملين"), per("بشار الأسد"), per("أليكسي نافالني"), per("فلاديمير بوتين")]
    body = "ويواجه الغرب الكرملين الداعم الرئيسي للرئيس السوري بشار الأسد."
    assert _stances(body, marks) == {("الكرملين", "بشار الأسد", "support")}
    critic = 'وكان أليكسي نافالني"، وهو من أبرز معارضي فلاديمير بوتين، قد سجن.'
    assert _stances(critic, marks) == {("أليكسي نافالني", "فلاديمير بوتين", "oppose")}


class _AlwaysNeutral:
    """A statement classifier that never takes a side: what it is asked shows who decided what."""

    name = "always-neutral"

    def __init__(self) -> None:
        self.asked: list[StanceQuery] = []

    def classify(self, queries: Sequence[StanceQuery]) -> list[StancePrediction]:
        self.asked.extend(queries)
        return [StancePrediction("neutral", 0.5) for _ in queries]


def test_a_description_needs_no_classifier_whatever_the_backend() -> None:
    # The relation noun says the stance; the classifier is asked only about statements.
    marks = [org("الكرملين"), per("بشار الأسد"), per("أليكسي نافالني"), per("فلاديمير بوتين")]
    body = (
        "ويواجه الغرب الكرملين الداعم الرئيسي للرئيس السوري بشار الأسد.\n"
        'وقال أليكسي نافالني"، وهو من أبرز معارضي فلاديمير بوتين، إن الانتخابات مزورة.'
    )
    backend = _AlwaysNeutral()
    result = analyze(Article("t", "", body), tagger=MarkTagger(marks), stance=backend)
    names = {e.id: e.name for e in result.entities}
    got = {(names[s.source], names[s.target], s.polarity, s.confidence) for s in result.stances}
    assert got == {
        ("الكرملين", "بشار الأسد", "support", RELATION_CONFIDENCE),
        ("أليكسي نافالني", "فلاديمير بوتين", "oppose", RELATION_CONFIDENCE),
    }
    assert [(q.speaker, q.target) for q in backend.asked] == []


def test_a_description_holder_is_not_the_speakers_target() -> None:
    body = "وقال أنتوني بلينكن إن موقف موسكو من إيران حليفة دمشق غير مقبول."
    marks = [per("أنتوني بلينكن"), gpe("موسكو"), gpe("إيران"), gpe("دمشق")]
    pairs = _pairs(body, marks)
    assert ("أنتوني بلينكن", "إيران") not in pairs and ("إيران", "دمشق") in pairs
