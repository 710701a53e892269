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
    """.split()
)

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
