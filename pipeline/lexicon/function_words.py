"""Function words that can never be part of a person's name: they end a name after a title."""

from __future__ import annotations

# Prepositions, conjunctions, particles, relative pronouns and time words that follow names
# in news sentences ("خلوصي أكار مع", "إبراهيم قالن أن", "مايك بومبيو اليوم").
NAME_STOP_WORDS: frozenset[str] = frozenset(
    """
    في من إلى الى على عن مع عند لدى حول خلال بعد قبل منذ حتى بين بشأن حيال تجاه ضد عبر أمام
    وراء فوق تحت دون غير سوى إثر اثر عقب لكن لكن بل أو أم ثم كما إذ إذا اذا لو لا لم لن ما
    أن إن أنه إنه أنها إنها أنهم إنهم الذي التي الذين اللذين اللتين اللواتي اللذان اللتان
    هذا هذه ذلك تلك هناك هنا هو هي هم وهو وهي
    قد لقد كان كانت يكون تكون ليس ليست
    اليوم أمس غدا غداً الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت
    صباح مساء صباحا مساء ظهر ليلة يوم
    قال قالت أكد أكدت أشار أشارت أضاف أضافت أوضح أوضحت شدد شددت أعرب أعربت دعا دعت
    طالب طالبت انتقد انتقدت أدان أدانت رحب رحبت أعلن أعلنت صرح صرحت اعتبر اعتبرت
    بحث بحثت التقى التقت استقبل استقبلت يلتقي تلتقي يزور تزور زار زارت وصل وصلت
    إلى جانب بحضور برفقة وفق وفقا حسب بحسب
    """.split()
)

# Words that join the parts of one name ("محمد بن سلمان", "أبو مازن", "عبد الفتاح").
NAME_CONNECTORS: frozenset[str] = frozenset(
    {"بن", "ابن", "بنت", "أبو", "أبي", "ابو", "آل", "عبد", "ولد", "دي", "فون", "دو"}
)

# Patronymic links: a person's name never begins with one («بن محمد العيبان» lacks the first
# name before it), unless a title or verb stands there («ولي العهد بن سلمان», «التقى بن زايد»).
PATRONYMIC_WORDS: frozenset[str] = frozenset({"بن", "ابن", "بنت"})

# Ordinals follow titles ("النائب الثاني") far more often than they end a name ("عبدالله الثاني"),
# so a lone ordinal after a title is never read as the name.
ORDINALS: frozenset[str] = frozenset(
    {"الأول", "الأولى", "الثاني", "الثانية", "الثالث", "الثالثة", "الرابع", "الرابعة", "الخامس", "السادس"}
)

# Prepositions: a name governed by one is where, to whom or about what («قال لـCNN», «مصادر في
# أبين», «في مواجهة الكرملين»), never the subject of the verb before it.
PREPOSITIONS: frozenset[str] = frozenset(
    """
    في من إلى الى على عن مع عند لدى حول خلال بعد قبل منذ حتى بين بشأن حيال تجاه ضد عبر أمام
    وراء فوق تحت دون إثر اثر عقب بحسب حسب وفق وفقا نحو داخل خارج قرب لصالح
    """.split()
)

# Adverbs of time and manner that may stand between a verb and its subject («وقال، الاثنين،
# وزير...», «وأكد مجددا»); they name no one and open no phrase.
ADVERBS: frozenset[str] = frozenset(
    """
    اليوم أمس غدا غداً الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت
    صباح مساء صباحا مساءً ظهر ليلة يوم أيضا أيضاً كذلك مجددا مجدداً بدوره بدورها مرارا مراراً
    """.split()
)
