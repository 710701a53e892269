"""Arabic date vocabulary: month names of four calendars, weekdays, relative words and markers."""

from __future__ import annotations

# Spellings are listed as they appear in print; pipeline.dates folds hamza seats, alef maqsura,
# ta marbuta and diacritics before matching, so أبريل/ابريل/إبريل are kept only to document them.

#: Egyptian and Gulf transliterations of the Latin month names.
GREGORIAN_MONTHS: dict[str, int] = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "ابريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "أغسطس": 8,
    "اغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
}

#: Syriac names used in Syria, Lebanon, Jordan, Palestine and Iraq.
LEVANTINE_MONTHS: dict[str, int] = {
    "كانون الثاني": 1,
    "شباط": 2,
    "آذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "آيار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "أيلول": 9,
    "تشرين الأول": 10,
    "تشرين الثاني": 11,
    "كانون الأول": 12,
}

#: French-derived names (Algeria, Tunisia) and the Moroccan forms يوليوز، غشت، شتنبر، نونبر، دجنبر.
MAGHREBI_MONTHS: dict[str, int] = {
    "جانفي": 1,
    "فيفري": 2,
    "مارس": 3,
    "أفريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويلية": 7,
    "يوليوز": 7,
    "أوت": 8,
    "غشت": 8,
    "سبتمبر": 9,
    "شتنبر": 9,
    "أكتوبر": 10,
    "نوفمبر": 11,
    "نونبر": 11,
    "ديسمبر": 12,
    "دجنبر": 12,
}

#: Hijri (lunar) months; ذو takes the genitive ذي and accusative ذا after prepositions.
HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1,
    "صفر": 2,
    "ربيع الأول": 3,
    "ربيع الآخر": 4,
    "ربيع الثاني": 4,
    "جمادى الأولى": 5,
    "جمادى الأول": 5,
    "جمادى الآخرة": 6,
    "جمادى الثانية": 6,
    "جمادى الآخر": 6,
    "رجب": 7,
    "شعبان": 8,
    "رمضان": 9,
    "شوال": 10,
    "ذو القعدة": 11,
    "ذي القعدة": 11,
    "ذا القعدة": 11,
    "ذو الحجة": 12,
    "ذي الحجة": 12,
    "ذا الحجة": 12,
}

#: Month names that are also ordinary words (مارس "he practised", آب/أب "father", نيسان the car
#: maker, ماي "my" in borrowed names); they count as dates only with a day, a year, a marker,
#: a second month name, or a cue word from MONTH_CUES before them.
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"مارس", "آب", "نيسان", "ماي"})

#: Words that announce a month name without a day or year: «في مارس», «مطلع نيسان».
MONTH_CUES: frozenset[str] = frozenset(
    {
        "في",
        "منذ",
        "خلال",
        "حتى",
        "شهر",
        "مطلع",
        "أوائل",
        "أواسط",
        "منتصف",
        "أواخر",
        "نهاية",
        "بداية",
        "مستهل",
        "بحلول",
    }
)

#: Weekdays, numbered like Python's date.weekday() (Monday=0).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0,
    "الإثنين": 0,
    "الثلاثاء": 1,
    "الأربعاء": 2,
    "الخميس": 3,
    "الجمعة": 4,
    "السبت": 5,
    "الأحد": 6,
}

#: الاثنين is also "the two"; spelt with hamzat wasl (ا) it needs a cue from WEEKDAY_CUES, a
#: marker or a following date, or must stand where news puts a day: before a comma or a full
#: stop («اجتماع عمل الاثنين،») or between a verb and its subject («التقى الاثنين وفد»), i.e.
#: not before a preposition («اتفق الاثنين على») nor after TWO_CUES. الإثنين is only the weekday.
AMBIGUOUS_WEEKDAYS: frozenset[str] = frozenset({"الاثنين"})

#: Words around الاثنين that make it "the two": «بين الاثنين», «كلا الاثنين», «اتفق الاثنين على».
TWO_CUES: frozenset[str] = frozenset({"بين", "كلا", "كلتا", "هذين"})
TWO_FOLLOWERS: frozenset[str] = frozenset({"على", "عن", "في", "إلى", "من", "مع", "معا", "معاً", "حول", "بشأن"})

#: Words before a weekday that make it a day: «يوم الاثنين», «مساء الاثنين».
WEEKDAY_CUES: frozenset[str] = frozenset(
    {"يوم", "صباح", "مساء", "ظهر", "عصر", "فجر", "ليلة", "ليل", "منذ", "حتى", "أمس", "اليوم", "غدا"}
)

#: Days relative to the publication date.
RELATIVE_DAYS: dict[str, int] = {
    "اليوم": 0,
    "أمس": -1,
    "الأمس": -1,
    "البارحة": -1,
    "أمس الأول": -2,
    "أول أمس": -2,
    "أول من أمس": -2,
    "غدا": 1,
    "غداً": 1,
    "يوم غد": 1,
    "بعد غد": 2,
}

#: After اليوم these make it "the day" of the story, not today: «اليوم التالي» is the day after.
NOT_TODAY_FOLLOWERS: frozenset[str] = frozenset(
    {
        "التالي",
        "السابق",
        "نفسه",
        "ذاته",
        "عينه",
        "الأول",
        "الثاني",
        "الثالث",
        "الأخير",
        "الوطني",
        "العالمي",
        "الدولي",
    }
)

#: Follow a date name to place it before the publication date («الثلاثاء الماضي»).
PAST_MARKERS: frozenset[str] = frozenset(
    {"الماضي", "الماضية", "المنصرم", "المنصرمة", "السابق", "السابقة", "الفائت", "الفائتة"}
)

#: Follow a date name to place it after the publication date («الأحد المقبل»).
FUTURE_MARKERS: frozenset[str] = frozenset({"المقبل", "المقبلة", "القادم", "القادمة"})

#: An unmarked weekday in a clause that speaks of the future is the coming one: a verb with the
#: future prefix س («سيلتقي الرئيسان الجمعة», «ستعقد القمة الأحد») or a phrase of scheduling.
#: FUTURE_PREFIX_NOUNS are words that only look like such verbs.
FUTURE_VERB_PREFIXES: tuple[str, ...] = ("سي", "ست", "سن")
FUTURE_PREFIX_NOUNS: frozenset[str] = frozenset(
    {
        "سياسي", "سياسية", "سياسة", "سياسيا", "سياسيين", "سياسيون", "سياسات", "سيارة", "سيارات",
        "سيد", "سيدة", "سيدات", "سيطرة", "سيناريو", "سيناء", "سيادة", "سياق", "سيرة", "سيول",
        "سيف", "ستة", "ستين", "ستون", "ستار", "ستوديو", "ستوكهولم", "سنة", "سنوات", "سنوي",
        "سنوية", "سنغافورة", "سنين", "سنتين", "سنتيمتر", "سنودن", "سيئة", "سيئ", "سيبيريا", "سيشل",
        "سيراليون", "سيريلانكا", "سيرغي", "سيرجي", "ستيفن", "سينما", "سيدني", "ستراتيجية",
    }
)  # fmt: skip
SCHEDULE_PHRASES: frozenset[str] = frozenset({"من المقرر", "من المنتظر", "من المزمع", "من المتوقع"})

#: Follow a month or period name to place it in the publication's own month or year.
CURRENT_MARKERS: frozenset[str] = frozenset({"الجاري", "الجارية", "الحالي", "الحالية"})

#: Period nouns and their unit: «الأسبوع الماضي», «الشهر المقبل», «السنة الماضية».
PERIOD_UNITS: dict[str, str] = {
    "الأسبوع": "week",
    "الشهر": "month",
    "العام": "year",
    "السنة": "year",
}

#: Nouns that make a four-digit number a year and belong to the mention: «عام 2019».
YEAR_NOUNS: frozenset[str] = frozenset({"عام", "العام", "سنة", "السنة"})

#: Prepositions that make a four-digit number a year but stay outside the mention: «منذ 2011».
YEAR_PREPOSITIONS: frozenset[str] = frozenset(
    {"في", "منذ", "خلال", "حتى", "بحلول", "مطلع", "أوائل", "أواسط", "منتصف", "أواخر", "نهاية", "بداية"}
)

#: Written after a Hijri year: «1441 هـ», «1441 هجرية».
HIJRI_SUFFIXES: frozenset[str] = frozenset({"هـ", "ه", "هجري", "هجرية", "للهجرة"})

#: Written after a Gregorian year: «2019م», «2019 ميلادية».
GREGORIAN_SUFFIXES: frozenset[str] = frozenset({"م", "ميلادي", "ميلادية", "للميلاد"})

#: Arabic-Indic (٠-٩) and Persian/Urdu (۰-۹) digits to ASCII.
DIGITS: dict[str, str] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
