"""Words that show a speaker supports or opposes the actor they talk about."""

from __future__ import annotations

# Stems are matched as word prefixes after clitics are removed ("بالانقلابي" → "انقلاب").
# Speech acts and measures: the actor they govern is what the speaker opposes, through a
# preposition too ("إدانة حفتر", "منتقدي بوتين", "سخر من موقف ترامب", "عقوبات على إيران").
OPPOSE_CUES: tuple[str, ...] = (
    "قطع الدعم",
    "وقف الدعم",
    "يدين",
    "أدان",
    "إدانة",
    "تدين",
    "انتقد",
    "ينتقد",
    "منتقد",
    "معارضي",
    "معارضو",
    "يتهم",
    "اتهم",
    "اتهام",
    "رفض",
    "يرفض",
    "ترفض",
    "عقوبات",
    "سخر",
    "يسخر",
    "متهكم",
    "هاجم",
    "يهاجم",
    "تورط",
    "حذر",
    "يحذر",
    "تحذر",
    "تحذير",
    "خصم",
    "خصوم",
    "أعداء",
)
# Labels: they qualify only the actor right next to them, as an adjective or in construct
# ("الانقلابي حفتر", "ميليشيات الحوثي", "تنظيم داعش الإرهابي"), never one a preposition puts
# after them ("هجمات الميليشيات على المدينة").
LABEL_CUES: tuple[str, ...] = (
    "انقلاب",
    "الانقلاب",
    "إرهاب",
    "الإرهاب",
    "ميليشيا",
    "ميليشيات",
    "مليشيا",
    "مرتزقة",
    "غير شرعي",
    "غير شرعية",
    "غبي",
    "جاهل",
    "مجنون",
    "مريض عقليا",
    "كاذب",
    "ديكتاتور",
    "طاغية",
)
# Blame: only a predicate after the actor it blames («حمّل بوتين مسؤولية», «تتحمل حماس
# المسؤولية»); before an actor it is that actor's duty or record («مسؤولية أداء ألمانيا»).
BLAME_CUES: tuple[str, ...] = ("مسؤولية", "المسؤولية")

# Harmful acts. Only the actor right next to one is its agent, and so opposed: «هجمات حفتر»,
# «الاعتداء الروسي», «روسيا للتأثير على الانتخابات». Further away the named actor is as likely the
# victim («يخرب ... وحدة الأراضي الليبية», «الهجوم على تركيا»), so the cue says nothing of it.
# «مقتل» and «دمار» are not here: the one named after them was killed or hit.
HARM_CUES: tuple[str, ...] = (
    "يخرب",
    "تخرب",
    "تخريب",
    "اعتداء",
    "الاعتداء",
    "اعتداءات",
    "عدوان",
    "هجمات",
    "هجوم",
    "جرائم",
    "انتهاك",
    "انتهاكات",
    "زعزعة",
    "مزعزع",
    "تهديد",
    "يهدد",
    "تهدد",
    "عرقلة",
    "يعرقل",
    "تعرقل",
    "تدخل",
    "تدخلات",
    "احتلال",
    "استفزاز",
    "تصعيد",
    "عدائية",
    "التأثير على الانتخابات",
    "التأثير في الانتخابات",
)
SUPPORT_CUES: tuple[str, ...] = (
    "مهمة",
    "مهم",
    "إستراتيجي",
    "استراتيجي",
    "شكر",
    "يشكر",
    "ثمن",
    "يثمن",
    "أشاد",
    "يشيد",
    "إشادة",
    "تقدير",
    "حليف",
    "شريك",
    "صديق",
    "صديقة",
    "متانة",
    "رحب",
    "يرحب",
    "ترحيب",
    "دعم",
    "يدعم",
    "تدعم",
    "داعم",
    "مؤيدي",
    "مؤيدو",
    "مساندة",
    "تضامن",
    "يعزز",
    "سيعزز",
    "تعزيز",
    "التعاون",
    "تعاون",
    "الشرعية",
    "شرعية",
    "عظيم",
    "الشقيق",
    "تحسين العلاقات",
    "تحسن العلاقات",
    "إصلاح العلاقات",
    "امتدح",
    "يمتدح",
)

# Links that make the actor after a harmful act or a label its agent or backer, however far:
# «هجمات من قبل الولايات المتحدة», «الميليشيات الحوثية المدعومة من إيران», «الموالية لإيران».
AGENT_LINKS: frozenset[str] = frozenset({"من قبل", "من جانب"})
BACKING_WORDS: frozenset[str] = frozenset(
    """
    المدعومة المدعوم المدعومين مدعومة مدعوم الموالية الموالي الموالين موالية موال التابعة التابع
    التابعين الممولة الممول
    """.split()
)

# Words that open a reported clause: an actor right after one is its subject, and the cues of
# its predicate judge it («إن إيران تعمل على زعزعة أمن المنطقة»).
CLAUSE_OPENERS: frozenset[str] = frozenset({"أن", "إن", "بأن", "وأن", "وإن"})
# Prepositions that make an actor after a harmful act its victim, not its agent («الهجوم على تركيا»).
VICTIM_PREPOSITIONS: frozenset[str] = frozenset({"على", "ضد", "في", "من", "إلى", "بحق", "قرب"})

# A negator shortly before a cue cancels it ("ليس لديها نية لمواجهة مصر").
NEGATORS: frozenset[str] = frozenset({"لا", "لم", "لن", "ليس", "ليست", "غير", "دون", "عدم", "ليسوا"})
NEGATION_WINDOW = 4
# Cues that flip the following support cue: "قطع الدعم" is handled as a phrase, these as words.
SUPPORT_CANCELLERS: frozenset[str] = frozenset({"قطع", "وقف", "وقاف", "إنهاء"})
# Words right after a hostile act or measure that make it someone else's claim or doing, not
# the speaker's: «التدخل الروسي المزعوم» (alleged), «العقوبات المفروضة على ...» (in force).
HEDGES: frozenset[str] = frozenset(
    {"المزعوم", "المزعومة", "المزعومين", "مزعوم", "مزعومة", "المفترض", "المفترضة", "المفروضة", "المفروض"}
)
# Two-word phrases in which a cue word means something else: «ثمن النهائي» is the round of sixteen.
NON_CUE_PHRASES: frozenset[str] = frozenset({"ثمن النهائي", "ثمن نهائي", "دور ثمن"})
