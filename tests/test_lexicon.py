"""One test per Arabic knowledge table: each holds what the stages rely on."""

from __future__ import annotations

from pipeline.lexicon.clitics import PROCLITIC_CHAINS, PRONOUN_SUFFIXES
from pipeline.lexicon.events import (
    BETWEEN_BRIDGES,
    BETWEEN_WORDS,
    BILATERAL_WORDS,
    DUAL_REFERENCES,
    EACH_OF_MARKERS,
    EVENT_TRIGGERS,
    GENERIC_EVENT_WORDS,
    HOSTING_VERBS,
    KIND_PRIORITY,
    MULTILATERAL_WORDS,
    OTHER_EVENT_WORDS,
    PLUPERFECT_AUXILIARIES,
    PLUPERFECT_PARTICLES,
    PREPARATION_WORDS,
    REFERENCE_MODIFIERS,
    REFERENCE_WORDS,
    REPETITION_WORDS,
    SPAN_WORDS,
    TRAVEL_WORDS,
)
from pipeline.lexicon.function_words import (
    ADVERBS,
    NAME_CONNECTORS,
    NAME_STOP_WORDS,
    PATRONYMIC_WORDS,
    PREPOSITIONS,
)
from pipeline.lexicon.reporting import (
    ATTRIBUTION_WORDS,
    CARRY_FORWARD_PHRASES,
    CONTENT_OPENERS,
    NON_VERB_PHRASES,
    OPENER_REQUIRED_VERBS,
    OPPOSING_RELATION_NOUNS,
    PLURAL_REPORTING_VERBS,
    QUOTE_MARKS,
    RELATION_FILLERS,
    RELATION_NOUNS,
    RELATION_PRONOUNS,
    RELATIVE_PRONOUNS,
    RELAY_SOURCE_WORDS,
    RELAY_VERBS,
    REPORTING_PARTICIPLES,
    REPORTING_VERBS,
    SELF_REFERENCES,
    SUPPORTING_RELATION_NOUNS,
    TOPIC_MARKERS,
    VERB_PROCLITICS,
)
from pipeline.lexicon.spelling import LATIN_LETTER_NAMES, LETTER_NAME_WORDS
from pipeline.lexicon.stance_cues import (
    AGENT_LINKS,
    BACKING_WORDS,
    BLAME_CUES,
    CLAUSE_OPENERS,
    HARM_CUES,
    HEDGES,
    LABEL_CUES,
    NEGATORS,
    NON_CUE_PHRASES,
    OPPOSE_CUES,
    SUPPORT_CANCELLERS,
    SUPPORT_CUES,
    VICTIM_PREPOSITIONS,
)
from pipeline.lexicon.targets import (
    BA_OBJECT_VERBS,
    MEDIUM_WORDS,
    NISBA_NON_STATE_HEADS,
    ORGAN_HEADS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    STATE_ORGAN_KINDS,
)
from pipeline.records import EVENT_KINDS


def test_proclitic_chains_try_longest_first() -> None:
    assert set(PROCLITIC_CHAINS) >= {"و", "ف", "ب", "ل", "ك", "وب", "ول"}
    for i, chain in enumerate(PROCLITIC_CHAINS):
        for later in PROCLITIC_CHAINS[i + 1 :]:
            assert not later.startswith(chain) or len(later) <= len(chain), (chain, later)
    assert "ال" not in PROCLITIC_CHAINS  # the article belongs to names such as الحريري
    assert PRONOUN_SUFFIXES[-1] == "ه"


def test_name_stop_words_and_connectors() -> None:
    for word in ("مع", "في", "إن", "أن", "الذي", "اليوم", "خلال", "قال"):
        assert word in NAME_STOP_WORDS
    assert {"بن", "أبو", "عبد", "آل"} <= NAME_CONNECTORS
    assert not NAME_CONNECTORS & NAME_STOP_WORDS


def test_patronymic_words_are_name_connectors() -> None:
    assert {"بن", "ابن", "بنت"} == PATRONYMIC_WORDS
    assert PATRONYMIC_WORDS <= NAME_CONNECTORS


def test_event_triggers_map_to_known_kinds() -> None:
    assert set(EVENT_TRIGGERS.values()) <= set(EVENT_KINDS)
    assert set(KIND_PRIORITY) == set(EVENT_TRIGGERS.values())
    assert EVENT_TRIGGERS["اجتماع"] == "meeting"
    assert EVENT_TRIGGERS["استقبل"] == "meeting"
    assert EVENT_TRIGGERS["هاتفي"] == "call"
    assert EVENT_TRIGGERS["زيارة"] == "visit"
    assert EVENT_TRIGGERS["قمة"] == "summit"
    assert EVENT_TRIGGERS["اتفاقية"] == "agreement"
    assert not GENERIC_EVENT_WORDS & set(EVENT_TRIGGERS)
    assert "كل من" in EACH_OF_MARKERS
    assert "الثلاثي" in MULTILATERAL_WORDS and "ثنائيان" in BILATERAL_WORDS


def test_meeting_structure_tables() -> None:
    assert EVENT_TRIGGERS["الهاتف"] == "call" and EVENT_TRIGGERS["تحادث"] == "meeting"
    # A reference word never triggers on its own, and "بين" never bridges to itself.
    assert not REFERENCE_WORDS & set(EVENT_TRIGGERS) and not BETWEEN_WORDS & BETWEEN_BRIDGES
    assert {"قبل", "بعد", "أعقاب", "هامش"} <= REFERENCE_WORDS
    assert REPETITION_WORDS == {"مرتين": 2, "مرتان": 2}
    # Duals only: the nominative -ان and the oblique -ين of the same nouns.
    assert all(w.endswith(("ان", "ين")) for w in DUAL_REFERENCES)
    assert {"الزعيمان", "الزعيمين", "الوزيران", "الجانبين"} <= DUAL_REFERENCES
    assert {"التي", "جمعت", "الماضي"} <= BETWEEN_BRIDGES


def test_address_titles_are_definite_single_words() -> None:
    from pipeline.lexicon.titles import ADDRESS_TITLES

    assert {"الملك", "الأمير", "الشيخ", "الجنرال"} <= ADDRESS_TITLES
    assert all(t.startswith("ال") and " " not in t for t in ADDRESS_TITLES)
    assert "نظيره" not in ADDRESS_TITLES and "وزير" not in ADDRESS_TITLES


def test_reporting_verbs_cover_the_news_verbs() -> None:
    for verb in ("قال", "أكد", "أشار", "أضاف", "أوضح", "شدد", "أعرب", "دعا", "طالب", "انتقد", "أدان", "رحب"):
        assert verb in REPORTING_VERBS
        assert verb + "ت" in REPORTING_VERBS or verb[:-1] + "ت" in REPORTING_VERBS
    assert "من جانبه" in CARRY_FORWARD_PHRASES and "من ناحيته" in CARRY_FORWARD_PHRASES
    assert {"أن", "إن", "إنه"} <= CONTENT_OPENERS


def test_stance_cues_do_not_overlap() -> None:
    assert not set(OPPOSE_CUES) & set(SUPPORT_CUES)
    assert not set(HARM_CUES) & (set(OPPOSE_CUES) | set(SUPPORT_CUES) | set(LABEL_CUES))
    assert not set(LABEL_CUES) & (set(OPPOSE_CUES) | set(SUPPORT_CUES))
    assert {"انقلاب", "ميليشيا", "مرتزقة"} <= set(LABEL_CUES) and "خصم" in OPPOSE_CUES
    assert "قطع الدعم" in OPPOSE_CUES and "دعم" in SUPPORT_CUES
    # The one killed is no one's target; judgements of people and relations are.
    assert "مقتل" not in HARM_CUES + OPPOSE_CUES and "دمار" not in HARM_CUES + OPPOSE_CUES
    assert {"هجمات", "اعتداء", "تدخلات", "يخرب", "تخرب"} <= set(HARM_CUES)
    assert {"منتقد", "اتهام", "سخر", "حذر"} <= set(OPPOSE_CUES) and {"داعم", "الشقيق"} <= set(SUPPORT_CUES)
    assert {"المزعوم", "المزعومة", "المفروضة"} <= HEDGES and "ثمن النهائي" in NON_CUE_PHRASES
    assert {"مسؤولية", "المسؤولية"} == set(BLAME_CUES)
    assert not set(BLAME_CUES) & (set(OPPOSE_CUES) | set(HARM_CUES) | set(LABEL_CUES))
    assert {"إن", "أن"} <= CLAUSE_OPENERS and {"على", "ضد"} <= VICTIM_PREPOSITIONS
    assert {"من قبل", "من جانب"} == AGENT_LINKS and {"المدعومة", "الموالية"} <= BACKING_WORDS
    assert {"لا", "ليس", "لم", "لن"} <= NEGATORS
    assert "قطع" in SUPPORT_CANCELLERS


def test_span_words_are_reference_words_and_modifiers_are_no_triggers() -> None:
    assert {"منذ"} == SPAN_WORDS and SPAN_WORDS <= REFERENCE_WORDS
    assert {"أول", "آخر"} <= REFERENCE_MODIFIERS
    assert not REFERENCE_MODIFIERS & set(EVENT_TRIGGERS)


def test_attribution_words_open_no_content() -> None:
    assert {"بحسب", "حسب", "حسبما", "وفق", "نقلا"} <= ATTRIBUTION_WORDS
    assert not ATTRIBUTION_WORDS & CONTENT_OPENERS


def test_pluperfect_tables() -> None:
    assert {"كان", "كانت"} <= PLUPERFECT_AUXILIARIES and {"قد"} == PLUPERFECT_PARTICLES
    assert {"قبيل", "بعيد"} <= REFERENCE_WORDS


def test_preparation_and_hosting_tables() -> None:
    assert {"لبحث", "للإعداد", "تمهيدا", "ترتيبات"} <= PREPARATION_WORDS
    assert not PREPARATION_WORDS & set(EVENT_TRIGGERS)
    assert {"تستضيف", "استضافت"} <= HOSTING_VERBS and not HOSTING_VERBS & set(EVENT_TRIGGERS)


def test_travel_words_are_movement_not_offers_or_events() -> None:
    assert {"وصوله", "توجه", "زيارة", "سافر"} <= TRAVEL_WORDS
    # «قدم» is also «offered» («قدم مبادرات إلى سول»): it stays out.
    assert "قدم" not in TRAVEL_WORDS and not TRAVEL_WORDS & HOSTING_VERBS


def test_other_event_words_are_adjectives_not_triggers() -> None:
    assert {"المقبلة", "ثانية", "السابق"} <= OTHER_EVENT_WORDS
    assert not OTHER_EVENT_WORDS & set(EVENT_TRIGGERS)


def test_speaker_tables() -> None:
    # Plural forms only: their subject stands before them.
    assert {"قالوا", "دعوا", "أكدوا"} <= PLURAL_REPORTING_VERBS
    assert all(v.endswith("وا") for v in PLURAL_REPORTING_VERBS)
    assert not PLURAL_REPORTING_VERBS & REPORTING_VERBS
    assert VERB_PROCLITICS == ("", "و", "ف")
    assert OPENER_REQUIRED_VERBS <= REPORTING_VERBS and RELAY_VERBS <= REPORTING_VERBS
    assert {"عن"} == RELAY_SOURCE_WORDS and {"أما"} <= TOPIC_MARKERS
    assert all(" " in p for p in NON_VERB_PHRASES) and "ثمن النهائي" in NON_VERB_PHRASES
    assert {"الذي", "التي", "الذين"} <= RELATIVE_PRONOUNS
    assert {'"', "«"} <= QUOTE_MARKS and {"معاليه", "سموه"} <= SELF_REFERENCES
    assert {"سخر", "هاجم", "تابع"} <= REPORTING_VERBS
    assert {"متهكما"}.isdisjoint(REPORTING_PARTICIPLES)


def test_relation_tables() -> None:
    assert {"منتقدي", "الداعم", "حليفة"} <= RELATION_NOUNS
    assert {"وهو", "وهي"} <= RELATION_PRONOUNS and {"من", "أشد", "أحد"} <= RELATION_FILLERS
    assert not RELATION_FILLERS & RELATION_NOUNS
    # Each relation noun says one polarity: the two halves are disjoint and make up the whole.
    assert {"منتقدي", "معارضي", "خصوم"} <= OPPOSING_RELATION_NOUNS
    assert {"الداعم", "حليفة", "أنصار"} <= SUPPORTING_RELATION_NOUNS
    assert not OPPOSING_RELATION_NOUNS & SUPPORTING_RELATION_NOUNS
    assert OPPOSING_RELATION_NOUNS | SUPPORTING_RELATION_NOUNS == RELATION_NOUNS


def test_function_word_tables_for_subjects() -> None:
    assert {"في", "لدى", "عن", "مع", "بشأن"} <= PREPOSITIONS
    assert {"الاثنين", "أمس", "مجددا"} <= ADVERBS
    assert not PREPOSITIONS & ADVERBS


def test_target_tables() -> None:
    assert {"في", "قرب", "عبر"} <= PLACE_PREPOSITIONS <= PREPOSITIONS | {"بالقرب"}
    assert {"العاصمة", "مدينة"} <= PLACE_NOUNS and {"موقع", "حساب"} <= MEDIUM_WORDS
    assert {"أشاد", "رحب", "ندد"} <= BA_OBJECT_VERBS
    assert {"النظام", "المعارضة", "مسؤول"} <= NISBA_NON_STATE_HEADS
    # Armies stay out: a minister does take sides on an army in a civil war.
    assert {"government", "ministry", "agency"} == STATE_ORGAN_KINDS
    assert {"وزارة", "الخارجية"} <= ORGAN_HEADS


def test_spelled_latin_letter_tables() -> None:
    assert sorted(LATIN_LETTER_NAMES) == [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    # Every spelling is one Arabic word, listed once per letter.
    for names in LATIN_LETTER_NAMES.values():
        assert names and len(set(names)) == len(names)
        assert all(" " not in n and all("\u0621" <= ch <= "\u064a" for ch in n) for n in names)
    # The acronyms the news spells most: BBC, CNN, CBS, FBI, RT.
    for acronym in ("بي بي سي", "سي إن إن", "سي بي إس", "إف بي آي", "آر تي"):
        assert all(word in LETTER_NAME_WORDS for word in acronym.split())
    assert "حفتر" not in LETTER_NAME_WORDS
