"""Latin letters as Arabic news spells them out in acronyms: «بي بي سي» (BBC), «سي إن إن» (CNN).

Arabic papers write English acronyms letter by letter, each letter's name a word of its own
(«سي بي إس», «إف بي آي», «آر تي»), or with dots («سي.بي.إس»); in ../shared/data/news_corpus
«بي بي سي» alone occurs more than 2,000 times, and five dotted ones («سي.إن.إن», «بي.بي.سي»,
«سي.بي.إس», «إيه.بي.سي», «إف.بي.آي») 209 times (counted 2026-12-07). A tagger that reads words one by one can cut such a name into letters.
Papers differ in hamzas («إيه»/«ايه», «آر»/«أر»), so each letter lists the spellings seen.
"""

from __future__ import annotations

#: Each Latin letter's spelled-out Arabic names, as words.
LATIN_LETTER_NAMES: dict[str, tuple[str, ...]] = {
    "A": ("إيه", "ايه"),
    "B": ("بي",),
    "C": ("سي",),
    "D": ("دي",),
    "E": ("إي",),
    "F": ("إف", "اف"),
    "G": ("جي",),
    "H": ("إتش", "اتش"),
    "I": ("آي",),
    "J": ("جيه", "جاي"),
    "K": ("كيه", "كاي"),
    "L": ("إل",),
    "M": ("إم",),
    "N": ("إن",),
    "O": ("أو",),
    "P": ("بي",),  # the same word as B: Arabic has no p
    "Q": ("كيو",),
    "R": ("آر", "أر"),
    "S": ("إس",),
    "T": ("تي",),
    "U": ("يو",),
    "V": ("في",),
    "W": ("دبليو",),
    "X": ("إكس",),
    "Y": ("واي",),
    "Z": ("زد", "زي"),
}

#: Every spelled letter name, for a membership test.
LETTER_NAME_WORDS: frozenset[str] = frozenset(name for names in LATIN_LETTER_NAMES.values() for name in names)
