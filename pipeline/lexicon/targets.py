"""Words that tell whether an actor named in a statement is what it is about, or only where or how."""

from __future__ import annotations

# A name after these is where something happens («في ليبيا», «قرب دمشق»), or the channel it went
# through («عبر تويتر»): neither side of a stance.
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"في", "داخل", "خارج", "قرب", "بالقرب", "عبر", "لدى"})

# Nouns that put a place name after them in apposition: «في العاصمة الفنلندية هلسنكي».
PLACE_NOUNS: frozenset[str] = frozenset(
    """
    العاصمة عاصمة المدينة مدينة منطقة المنطقة ولاية الولاية جزيرة الجزيرة إقليم الإقليم محافظة
    المحافظة بلدة البلدة قرية القرية مقر
    """.split()
)

# «على موقع تويتر», «عبر حسابه على إنستغرام»: the medium a statement was posted on.
MEDIUM_WORDS: frozenset[str] = frozenset(
    {"موقع", "حساب", "حسابه", "حسابها", "منصة", "صفحة", "صفحته", "تطبيق"}
)

# Verbs whose object takes «ب»: after them «بتركيا» is whom the verb is about, not a place.
BA_OBJECT_VERBS: frozenset[str] = frozenset(
    """
    أشاد أشادت يشيد تشيد رحب رحبت يرحب ترحب ندد نددت يندد تندد اعترف اعترفت يعترف تعترف
    نوه نوهت ينوه تنوه تمسك تمسكت يتمسك تتمسك طالب طالبت يطالب تطالب اتصل اتصلت يتصل
    """.split()
)

# Heads whose nationality adjective names people or a faction of a country, not its state:
# «النظام السوري», «المعارضة السورية», «مسؤول تركي», «المواطنين الأمريكيين».
NISBA_NON_STATE_HEADS: frozenset[str] = frozenset(
    """
    النظام نظام المعارضة معارضة الشعب شعب المواطنين المواطنون مواطنين مواطنون الرعايا رعايا
    مصدر مصادر المصادر الوفد وفد مسؤول مسؤولون مسؤولين المسؤولين دبلوماسي دبلوماسيون عميل
    عميلا عملاء جاسوس
    """.split()
)

# Organisation kinds (assets/tables/organisations.tsv) that are organs of their state: a state's
# official speaks for them, so they are never that official's stance targets. Armies are left
# out: in a civil war a minister does take sides on «الجيش الوطني الليبي».
STATE_ORGAN_KINDS: frozenset[str] = frozenset({"government", "ministry", "agency"})
# First words of a body the tables do not know that make it an organ of the state its
# nationality names («وزارة الدفاع السعودية», «وكالة الأنباء الكورية الشمالية»).
ORGAN_HEADS: frozenset[str] = frozenset(
    {
        "وزارة",
        "الوزارة",
        "الخارجية",
        "الداخلية",
        "الرئاسة",
        "رئاسة",
        "الحكومة",
        "حكومة",
        "مكتب",
        "وكالة",
        "الديوان",
    }
)
