"""Proclitics that attach to Arabic words in news text."""

from __future__ import annotations

# Longest chains first so "وب" is tried before "و". ال is not listed: it belongs to the name
# ("الحريري", "الأمم المتحدة") and gazetteers store it; للـ is handled by strip_clitics.
PROCLITIC_CHAINS: tuple[str, ...] = (
    "وب",
    "ول",
    "وك",
    "فب",
    "فل",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)

# Suffix pronouns on nouns such as "نظيره" (his counterpart), "بلاده" (his country).
PRONOUN_SUFFIXES: tuple[str, ...] = ("هما", "هم", "ها", "ه")
