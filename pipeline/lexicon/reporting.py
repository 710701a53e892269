"""Reporting verbs that introduce a statement, and phrases that carry the speaker forward."""

from __future__ import annotations

# Past-tense verbs, masculine and feminine; present and participle forms that newsrooms use.
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    قال قالت يقول تقول قائلا قائلة
    أكد أكدت يؤكد تؤكد مؤكدا مؤكدة
    أشار أشارت يشير تشير مشيرا مشيرة
    أضاف أضافت يضيف تضيف مضيفا مضيفة
    أوضح أوضحت يوضح توضح موضحا موضحة
    شدد شددت يشدد تشدد مشددا مشددة
    أعرب أعربت يعرب تعرب معربا معربة
    دعا دعت يدعو تدعو داعيا داعية
    طالب طالبت يطالب تطالب مطالبا مطالبة
    انتقد انتقدت ينتقد تنتقد
    أدان أدانت يدين تدين
    رحب رحبت يرحب ترحب مرحبا
    أعلن أعلنت يعلن تعلن معلنا
    صرح صرحت
    اعتبر اعتبرت يعتبر تعتبر معتبرا معتبرة
    حذر حذرت يحذر تحذر محذرا محذرة
    اتهم اتهمت يتهم تتهم متهما
    وصف وصفت يصف تصف واصفا
    أشاد أشادت يشيد تشيد مشيدا
    نفى نفت ينفي تنفي
    ثمن ثمنت يثمن
    جدد جددت
    أبلغ أبلغت
    ذكر ذكرت
    نقل نقلت ينقل نقلا
    سخر سخرت يسخر تسخر
    هاجم هاجمت يهاجم تهاجم
    تابع تابعت
    لفت لفتت
    """.split()
)

# Masculine plural forms. A verb agrees in number only with a subject named before it («وكان
# الوزراء قد دعوا»), so these never take a speaker named after them: what follows is the object.
PLURAL_REPORTING_VERBS: frozenset[str] = frozenset(
    """
    قالوا أكدوا أشاروا أضافوا أوضحوا شددوا أعربوا دعوا طالبوا انتقدوا أدانوا رحبوا أعلنوا
    اعتبروا حذروا اتهموا وصفوا أشادوا نفوا ثمنوا جددوا صرحوا سخروا هاجموا
    """.split()
)

# The only clitics a verb takes here: «وقال», «فوصف». «بثمن» (for a price) and «لقال» are not verbs.
VERB_PROCLITICS: tuple[str, ...] = ("", "و", "ف")

# Present forms that are as often passive ("وتعتبر تركيا من أكبر..." = "is considered"): they
# report only when a content opener follows within OPENER_REQUIRED_WINDOW tokens.
OPENER_REQUIRED_VERBS: frozenset[str] = frozenset({"يعتبر", "تعتبر"})
OPENER_REQUIRED_WINDOW = 8

# «نقلت وكالة رويترز عن مسؤول»: an outlet relays, and the speaker is named after «عن». Without
# «عن» or a content opener these verbs mean "moved" («نقل إلى المستشفى»): no statement.
RELAY_VERBS: frozenset[str] = frozenset({"نقل", "نقلت", "ينقل"})
RELAY_SOURCE_WORDS: frozenset[str] = frozenset({"عن"})

# Two-word phrases in which a reporting verb is a noun: «ثمن النهائي» is the round of sixteen.
NON_VERB_PHRASES: frozenset[str] = frozenset({"ثمن النهائي", "ثمن نهائي", "دور ثمن"})

# Honorifics with a pronoun: «وقال معاليه إن» is "he said", the speaker named before.
SELF_REFERENCES: frozenset[str] = frozenset(
    {"معاليه", "معاليها", "سموه", "سموها", "فخامته", "جلالته", "سعادته", "سعادتها", "سماحته", "دولته"}
)

# «قال المتحدث باسم البيت الأبيض إن»: a spokesman no one names speaks with the voice of the body
# after «باسم»; a named one speaks for himself.
SPOKESMAN_WORDS: frozenset[str] = frozenset(
    {"المتحدث", "المتحدثة", "الناطق", "الناطقة", "متحدث", "متحدثة", "ناطق", "ناطقة"}
)
VOICE_WORDS: frozenset[str] = frozenset({"باسم"})

# Particles that may open a sentence before its subject («وكان الوزير قد ...», «لكن بومبيو»).
SENTENCE_PARTICLES: frozenset[str] = frozenset(
    {
        "كان",
        "كانت",
        "كانوا",
        "لكن",
        "ولكن",
        "لكنه",
        "كما",
        "ثم",
        "قد",
        "لقد",
        "إلا",
        "أن",
        "إن",
        "بينما",
        "فيما",
    }
)

# «أما كيم فوصف الرئيس»: the name after أما is the subject of the verb that ف opens.
TOPIC_MARKERS: frozenset[str] = frozenset({"أما", "وأما"})

# A verb right after one of these has the name before it as subject («الحريري، الذي ... قال»).
RELATIVE_PRONOUNS: frozenset[str] = frozenset(
    {"الذي", "التي", "الذين", "اللذين", "اللذان", "اللتين", "اللتان", "اللواتي"}
)

# Words that open an aside of circumstance between a speaker and a quotation («وأعلن الوزير
# خلال لقائه نظيره "..."»): the quotation, not the aside, is what is said.
ASIDE_OPENERS: frozenset[str] = frozenset(
    {"في", "خلال", "عقب", "بعد", "قبل", "أثناء", "إثر", "قبيل", "بعيد", "لدى", "عند"}
)

# Marks that open quoted words: what the speaker says starts there, not at the asides before it.
QUOTE_MARKS: frozenset[str] = frozenset({'"', "«", "“", "”", "'"})

# "من جانبه" / "من ناحيته": the sentence continues with the speaker of the previous one
# ("من جانبه قال وزير الداخلية..." names a new one, so these only help when no name follows).
CARRY_FORWARD_PHRASES: tuple[str, ...] = (
    "من جانبه",
    "من ناحيته",
    "من جهته",
    "من جانبها",
    "من ناحيتها",
    "من جهتها",
)

# Words after a verb that open the reported content: the speaker came before them or earlier.
CONTENT_OPENERS: frozenset[str] = frozenset(
    {"أن", "إن", "أنه", "إنه", "أنها", "إنها", "أنهم", "إنهم", "إلى", ":"}
)

# Circumstantial participles continue the sentence's statement with the same speaker
# ("أدان الوزير الهجوم، داعيا مجلس الأمن إلى التحرك": the council is addressed, not speaking).
REPORTING_PARTICIPLES: frozenset[str] = frozenset(
    """
    قائلا قائلة مؤكدا مؤكدة مشيرا مشيرة مضيفا مضيفة موضحا موضحة مشددا مشددة معربا معربة
    داعيا داعية مطالبا مطالبة معتبرا معتبرة محذرا محذرة متهما متهمة واصفا واصفة مشيدا مشيدة
    معلنا معلنة منتقدا منتقدة مرحبا مرحبة
    """.split()
)

# Words that attribute what comes before them to a source: «بحسب ما قال متحدث الخميس», «وفق
# بيان للخارجية». What follows names the source and when it spoke, not the event's own actors.
ATTRIBUTION_WORDS: frozenset[str] = frozenset({"بحسب", "حسب", "حسبما", "وفق", "وفقا", "وفقاً", "نقلا", "نقلاً"})

# Nouns that describe an actor by its stance toward another: «الكرملين الداعم الأساسي للنظام»,
# «براودر، وهو من أشد منتقدي بوتين», «إيران حليفة روسيا». The described actor holds the stance,
# and the noun says which: such a description is not a statement, so no classifier is asked.
OPPOSING_RELATION_NOUNS: frozenset[str] = frozenset(
    "منتقد منتقدي منتقدو منتقدة معارض معارضي معارضو خصم خصوم عدو أعداء".split()
)
SUPPORTING_RELATION_NOUNS: frozenset[str] = frozenset(
    "داعم داعمي داعمو الداعم مؤيد مؤيدي مؤيدو حليف حليفة حلفاء الحليف أنصار".split()
)
RELATION_NOUNS: frozenset[str] = OPPOSING_RELATION_NOUNS | SUPPORTING_RELATION_NOUNS
# «وهو من أشد منتقدي»: the pronoun and words that may stand between a name and its relation noun.
RELATION_PRONOUNS: frozenset[str] = frozenset({"وهو", "وهي", "هو", "هي"})
RELATION_FILLERS: frozenset[str] = frozenset({"من", "أحد", "إحدى", "أشد", "أبرز", "أكبر", "كبار", "أهم"})
