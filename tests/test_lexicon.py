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
)
from pipeline.lexicon.function_words import NAME_CONNECTORS, NAME_STOP_WORDS, PATRONYMIC_WORDS
from pipeline.lexicon.reporting import (
    ATTRIBUTION_WORDS,
    CARRY_FORWARD_PHRASES,
    CONTENT_OPENERS,
    REPORTING_VERBS,
)
from pipeline.lexicon.stance_cues import NEGATORS, OPPOSE_CUES, SUPPORT_CANCELLERS, SUPPORT_CUES
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
    assert "قطع الدعم" in OPPOSE_CUES and "دعم" in SUPPORT_CUES
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


def test_other_event_words_are_adjectives_not_triggers() -> None:
    assert {"المقبلة", "ثانية", "السابق"} <= OTHER_EVENT_WORDS
    assert not OTHER_EVENT_WORDS & set(EVENT_TRIGGERS)
