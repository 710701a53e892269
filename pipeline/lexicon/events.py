"""Trigger words that report meetings, calls, visits, summits and agreements."""

from __future__ import annotations

# Single-token triggers, written without clitics; matching folds hamza and ta marbuta and
# accepts the accusative -ا / -اً endings ("اجتماعا", "اتصالاً").
EVENT_TRIGGERS: dict[str, str] = {
    # meetings and talks
    "اجتماع": "meeting",
    "الاجتماع": "meeting",
    "اجتماعا": "meeting",
    "اجتماعان": "meeting",
    "لقاء": "meeting",
    "اللقاء": "meeting",
    "لقاءان": "meeting",
    "التقى": "meeting",
    "التقت": "meeting",
    "يلتقي": "meeting",
    "تلتقي": "meeting",
    "سيلتقي": "meeting",
    "استقبل": "meeting",
    "استقبلت": "meeting",
    "يستقبل": "meeting",
    "استقبال": "meeting",
    "استقبالهما": "meeting",
    "مباحثات": "meeting",
    "المباحثات": "meeting",
    "محادثات": "meeting",
    "المحادثات": "meeting",
    "بحث": "meeting",
    "بحثا": "meeting",
    "ناقش": "meeting",
    "ناقشا": "meeting",
    "اجتمع": "meeting",
    "يجتمع": "meeting",
    "سيجتمع": "meeting",
    "مشاورات": "meeting",
    # calls
    "هاتفي": "call",
    "هاتفيا": "call",
    "الهاتفي": "call",
    "هاتفية": "call",
    "الهاتفية": "call",
    "مكالمة": "call",
    "هاتف": "call",
    # visits
    "زيارة": "visit",
    "الزيارة": "visit",
    "زار": "visit",
    "زارت": "visit",
    "يزور": "visit",
    "تزور": "visit",
    "سيزور": "visit",
    # summits
    "قمة": "summit",
    "القمة": "summit",
    # agreements
    "اتفاقية": "agreement",
    "الاتفاقية": "agreement",
    "اتفاق": "agreement",
    "الاتفاق": "agreement",
    "وقع": "agreement",
    "وقعا": "agreement",
    "وقعت": "agreement",
    "موقعة": "agreement",
    "توقيع": "agreement",
    "مذكرة": "agreement",
}

# When one sentence holds several triggers, the most specific kind names the event.
KIND_PRIORITY: tuple[str, ...] = ("summit", "call", "visit", "meeting", "agreement")

# Plurals talk about meetings in general ("الزيارات المتبادلة"), not about one event.
GENERIC_EVENT_WORDS: frozenset[str] = frozenset(
    {"الزيارات", "زيارات", "اللقاءات", "الاجتماعات", "اجتماعات", "لقاءات"}
)

# "لقاءان ثنائيان لأكار مع كل من باشاغا وكاميلاري": one subject meets each listed person apart.
EACH_OF_MARKERS: tuple[str, ...] = ("كل من", "كلا من", "كل منهما")

# Words that turn a meeting into one with three or more sides; used to keep the reference
# "الاجتماع الثلاثي" tied to the right event.
MULTILATERAL_WORDS: frozenset[str] = frozenset(
    {"الثلاثي", "ثلاثي", "ثلاثيا", "الرباعي", "رباعي", "رباعيا", "متعدد"}
)
BILATERAL_WORDS: frozenset[str] = frozenset({"ثنائي", "ثنائيا", "ثنائيان", "الثنائي", "الثنائية", "ثنائية"})
