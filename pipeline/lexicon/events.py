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
    "تحادث": "meeting",
    "تحادثا": "meeting",
    "تباحث": "meeting",
    "تباحثا": "meeting",
    # calls
    "هاتفي": "call",
    "هاتفيا": "call",
    "الهاتفي": "call",
    "هاتفية": "call",
    "الهاتفية": "call",
    "مكالمة": "call",
    "هاتف": "call",
    "الهاتف": "call",  # «تحدث معه عبر الهاتف»
    "اتصال": "call",
    "اتصالا": "call",
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

# A trigger word right after one of these names an event the sentence only refers to («قبل
# القمة», «في أعقاب قمة سنغافورة»): another trigger in the sentence reports the event itself.
REFERENCE_WORDS: frozenset[str] = frozenset(
    {"قبل", "قبيل", "بعد", "بُعيد", "بعيد", "عقب", "أعقاب", "إثر", "هامش", "منذ"}
)
# Words of preparing or discussing that make the event after them a goal, not the event told:
# «لبحث ترتيبات القمة», «للإعداد لقمة», «لإحياء قمة», «تمهيدا للقمة». Such a trigger gives way to
# another in its clause, and a place before it is where the preparing happens.
PREPARATION_WORDS: frozenset[str] = frozenset(
    {
        "لبحث", "لمناقشة", "للإعداد", "للتحضير", "لإحياء", "لترتيب", "لتنسيق", "لمتابعة",
        "ترتيبات", "تحضيرا", "تمهيدا", "استعدادا", "التحضير", "الإعداد",
    }
)  # fmt: skip

# Verbs of hosting: the place they take as subject is the venue of the event that follows
# («تستضيف سنغافورة القمة», «استضافت الرياض الاجتماع»).
HOSTING_VERBS: frozenset[str] = frozenset(
    {"تستضيف", "يستضيف", "استضافت", "استضاف", "ستستضيف", "سيستضيف", "احتضنت", "احتضن", "تحتضن", "يحتضن"}
)

# Words of travel that «إلى» follows (up to two words before it): the city one goes to is where
# the meeting is held («لدى وصوله إلى الرياض», «في زيارة رسمية إلى أنقرة»). Other «إلى» name a
# recipient, not a venue («قدم مبادرات دبلوماسية إلى سول وبكين»).
TRAVEL_WORDS: frozenset[str] = frozenset(
    {
        "وصل", "وصلت", "يصل", "تصل", "وصول", "وصوله", "وصولها", "وصولهم",
        "توجه", "توجهت", "يتوجه", "تتوجه", "توجهه", "سافر", "سافرت", "يسافر", "تسافر",
        "زيارة", "زيارته", "زيارتها", "زيارتهم", "زيارتين", "رحلة", "رحلته", "رحلتها",
        "جولة", "جولته", "جولتها", "عاد", "عادت", "يعود", "تعود", "عودته", "عودتها",
        "انتقل", "انتقلت", "قادما", "قادمة", "حل", "حلت", "يحل", "تحل",
    }
)  # fmt: skip
# Adjectives after a trigger that mark another event than the one told: «القمة العربية المقبلة»,
# «قمة ثانية», «الاجتماع السابق». Such a mention is never folded into an earlier event.
OTHER_EVENT_WORDS: frozenset[str] = frozenset(
    {
        "المقبل", "المقبلة", "القادم", "القادمة", "الثاني", "الثانية", "ثان", "ثانية",
        "جديد", "جديدة", "أخرى", "آخر", "السابق", "السابقة", "المقبلين",
    }
)  # fmt: skip
# How many words after the trigger such an adjective may come («القمة العربية المقبلة»).
OTHER_EVENT_WINDOW = 2

# Of those, the words that only measure time from another event: «منذ آخر محادثات بين الجانبين»
# tells of no event in the article, so the trigger after them reports nothing.
SPAN_WORDS: frozenset[str] = frozenset({"منذ"})
# Words that may stand between a reference word and its trigger: «بعد أول لقاء», «منذ آخر قمة».
REFERENCE_MODIFIERS: frozenset[str] = frozenset({"أول", "آخر", "اخر"})

# "بين X وY" after a trigger lists exactly who met: «القمة التي جمعت بين كيم وترامب».
BETWEEN_WORDS: frozenset[str] = frozenset({"بين"})
# Words that may stand between the trigger and "بين" (with dates and the trigger's own
# adjectives): any other word gives "بين" its own head («سيعزز التعاون القائم بين بلاده وتركيا»).
BETWEEN_BRIDGES: frozenset[str] = frozenset(
    {
        "التي",
        "الذي",
        "جمعت",
        "جمع",
        "تجمع",
        "يجمع",
        "ستجمع",
        "سيجمع",
        "جرت",
        "تجري",
        "ستجري",
        "عقدت",
        "عقد",
        "تعقد",
        "ستعقد",
        "المرتقبة",
        "المرتقب",
        "المقبلة",
        "التاريخية",
        "التاريخي",
        "الأولى",
        "الأول",
        "اليوم",
        "أمس",
        "غدا",
        "الأسبوع",
        "الشهر",
        "الماضي",
        "الماضية",
        "المقبل",
        "صباح",
        "مساء",
    }
)

# How many times one pair met: «التقى بومبيو كيم مرتين» is two meetings.
REPETITION_WORDS: dict[str, int] = {"مرتين": 2, "مرتان": 2}

# A dual noun as subject refers to the pair just named: «وعقد الزعيمان قمة في هلسنكي».
DUAL_REFERENCES: frozenset[str] = frozenset(
    {
        "الزعيمان",
        "الزعيمين",
        "الرئيسان",
        "الرئيسين",
        "الوزيران",
        "الوزيرين",
        "الرجلان",
        "الرجلين",
        "الطرفان",
        "الطرفين",
        "الجانبان",
        "الجانبين",
        "المسؤولان",
    }
)

# «وكان كيم قد التقى ...»: كان + قد before a trigger tells of an earlier time, background to the
# article's own events; such a meeting borrows no date or place from the events told before it.
PLUPERFECT_AUXILIARIES: frozenset[str] = frozenset({"كان", "كانت", "كانا", "كانوا"})
PLUPERFECT_PARTICLES: frozenset[str] = frozenset({"قد"})

# What a verb trigger says of time: a meeting announced («سيلتقي») is not one that took place
# («التقى»), even between the same two people. Nouns and present forms say nothing.
TRIGGER_TENSES: dict[str, str] = {
    "التقى": "past",
    "التقت": "past",
    "استقبل": "past",
    "استقبلت": "past",
    "اجتمع": "past",
    "زار": "past",
    "زارت": "past",
    "بحث": "past",
    "بحثا": "past",
    "ناقش": "past",
    "ناقشا": "past",
    "تحادث": "past",
    "تحادثا": "past",
    "تباحث": "past",
    "تباحثا": "past",
    "سيلتقي": "future",
    "سيجتمع": "future",
    "سيزور": "future",
}

# People named after these attended the event the sentence tells («الاجتماع الذي حضره الأمير
# عبدالعزيز ووزير الخارجية عادل الجبير», «بحضور ...»). Matched with or without a leading و.
ATTENDANCE_WORDS: frozenset[str] = frozenset(
    {"حضره", "حضرها", "حضرهما", "حضر", "بحضور", "بمشاركة", "وحضره", "وحضرها", "وحضر"}
)
