"""The lexicon stance backend on sentences written for these tests: which cue decides, and when none does."""

from __future__ import annotations

from models.base import StanceQuery
from models.lexicon_stance import LexiconStance


def _polarity(sentence: str, target: str, speaker: str = "", nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = sentence.index(target, start + 1)
    query = StanceQuery(speaker, target, sentence, start, start + len(target))
    return LexiconStance().classify_one(query).polarity


def test_the_cue_before_the_target_governs_it() -> None:
    s = "وجدد الوزير دعم بلاده الثابت لسيادة الأراضي الجورجية في وجه الاعتداء الروسي."
    assert _polarity(s, "الجورجية") == "support"
    assert _polarity(s, "الروسي") == "oppose"


def test_after_the_target_only_a_word_right_behind_it_counts() -> None:
    assert _polarity("وقال إن الرئيس ماكرون العظيم أنقذ الاتفاق.", "ماكرون") == "support"
    assert _polarity("وقال إن قطر دولة مهمة في المنطقة.", "قطر") == "support"
    # «حليفة» heads a phrase about Damascus, not a judgement of Moscow.
    assert _polarity("وتحدث عن موقف موسكو من طهران حليفة دمشق.", "موسكو") == "neutral"


def test_the_subject_of_the_reported_clause_takes_its_predicates_cues() -> None:
    assert _polarity("وقال الوزير إن طهران تعمل على زعزعة استقرار الخليج.", "طهران") == "oppose"


def test_a_harmful_act_opposes_its_agent_not_its_victim() -> None:
    assert _polarity("وأدان الوزير هجمات الحوثيين على المدنيين.", "الحوثيين") == "oppose"
    assert _polarity("وأدان الوزير الهجوم على تركيا.", "تركيا") == "neutral"
    assert _polarity("وقال إن الميليشيا تخرب الاقتصاد ووحدة الأراضي العراقية.", "العراقية") == "neutral"
    assert _polarity("ورفض تدخلات أنقرة وطهران في الشأن العراقي.", "طهران") == "oppose"
    assert _polarity("وقال إن مقتل سليماني غير الموازين.", "سليماني") == "neutral"


def test_a_label_names_only_the_actor_next_to_it() -> None:
    assert _polarity("وقال إن الانقلابي خليفة حفتر يرفض الحوار.", "خليفة حفتر") == "oppose"
    assert _polarity("وندد بهجمات الميليشيات على مدينة مصراتة.", "مصراتة") == "neutral"


def test_the_agent_or_backer_of_a_harmful_act_or_label_is_opposed_through_a_link() -> None:
    assert _polarity("وندد بالهجمات التي تشنها القوات الإثيوبية من قبل إريتريا.", "إريتريا") == "oppose"
    assert _polarity("وقال إن الجماعات المسلحة المدعومة من طهران تهدد الملاحة.", "طهران") == "oppose"
    assert (
        _polarity("وأدان الاعتداءات والانتهاكات التي ترتكبها ميانمار بحق الروهينغا.", "ميانمار") == "oppose"
    )


def test_an_alleged_act_asserts_nothing() -> None:
    assert _polarity("وقال إنه سيناقش التدخل الإيراني المزعوم في الانتخابات.", "الإيراني") == "neutral"


def test_blame_is_a_predicate_of_the_actor_before_it() -> None:
    assert _polarity("وقال إنه حمّل طهران مسؤولية كاملة عن الهجوم.", "طهران") == "oppose"
    assert _polarity("وقال إن الفريق تحمل مسؤولية أداء المغرب في البطولة.", "المغرب") == "neutral"


def test_measures_in_force_are_not_the_speakers() -> None:
    s = "وقالت إن العقوبات المفروضة على فنزويلا قد تخفف قريبا."
    assert _polarity(s, "فنزويلا") == "neutral"
    assert _polarity("ودعا إلى فرض عقوبات على فنزويلا.", "فنزويلا") == "oppose"


def test_judging_words_and_relation_nouns() -> None:
    assert _polarity("وسخر الكاتب في مقابلة تلفزيونية من تصريحات أردوغان.", "أردوغان") == "oppose"
    assert _polarity("وهو من أشد منتقدي بوتين.", "بوتين") == "oppose"
    assert _polarity("ويعد الكرملين الداعم الأول لنظام الأسد.", "الأسد") == "support"
    assert _polarity("وحذر الوزير إيران من مغبة التصعيد.", "إيران") == "oppose"
    assert _polarity("وأكد حرص بلاده على تحسين العلاقات مع المغرب.", "المغرب") == "support"
    assert _polarity("وأشاد بدور الكويت الشقيقة.", "الكويت") == "support"


def test_the_speakers_own_name_does_not_put_the_cue_out_of_reach() -> None:
    s = "وأدان وزير الخارجية الأميركي، مايكل روبرتسون، مساء الأحد، إيران."
    assert _polarity(s, "إيران", speaker="مايكل روبرتسون") == "oppose"


def test_the_round_of_sixteen_is_no_praise() -> None:
    assert _polarity("وبلغ الوداد ثمن النهائي على حساب الترجي.", "الترجي") == "neutral"
