"""Titles of address that stand right before a name, after the office that explains them."""

from __future__ import annotations

# «العاهل السعودي الملك سلمان», «ولي العهد الأمير محمد», «رئيس المخابرات الجنرال كيم»: the
# office and this title are one role. Any other title after an office is a second person's
# («وزير الخارجية الأمريكي نظيره السعودي عادل الجبير»).
ADDRESS_TITLES: frozenset[str] = frozenset(
    {
        "الملك",
        "الملكة",
        "الأمير",
        "الأميرة",
        "الشيخ",
        "الشيخة",
        "السلطان",
        "الجنرال",
        "المشير",
        "الفريق",
        "اللواء",
        "العقيد",
    }
)

# «نظيره الليبي»: "his counterpart", a title of its own that borrows its office from the
# person named before; it always begins a new title, never continues one.
COUNTERPART_WORDS: frozenset[str] = frozenset({"نظيره", "نظيرته", "نظيراه", "نظيرتها", "نظيريه"})
