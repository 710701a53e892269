"""The team's reference tables (assets/tables) as lookups keyed by folded Arabic spelling."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.lexicon.clitics import PRONOUN_SUFFIXES
from pipeline.text import match_key

TABLES_DIR = Path(__file__).resolve().parent.parent / "assets" / "tables"
# Longest name (in tokens) looked up in one piece.
MAX_PHRASE_TOKENS = 6
# Table kinds of organisations that are typed ORG; places are GPE (countries, cities) or LOC.
# Folded pronoun suffixes (ة folds to ه, so "صفحتها" ends in "تها" → stem "صفحت" + "ه").
PRONOUN_SUFFIX_KEYS = tuple(match_key(s) for s in PRONOUN_SUFFIXES)
# The future particle before an imperfect verb: سيـ، ستـ، سنـ، سأـ (folded: سا).
FUTURE_PREFIXES = ("سي", "ست", "سن", "سا")
PLACE_KIND_TYPE = {"capital": "GPE", "city": "GPE", "region": "LOC", "sea": "LOC"}


@dataclass(frozen=True)
class GazetteerEntry:
    """A named thing the team's tables know."""

    name: str  #: canonical Arabic name
    type: str  #: PER, ORG, GPE or LOC
    name_en: str | None = None  #: English name
    country: str | None = None  #: ISO code of the country it is, or belongs to
    kind: str = ""  #: table kind: country, capital, city, region, sea, international, ministry, ...
    lat: float | None = None  #: latitude, for places
    lon: float | None = None  #: longitude, for places


@dataclass
class Gazetteer:
    """All lookups used by the rules tagger and the resolver."""

    names: dict[str, GazetteerEntry] = field(default_factory=dict)  #: match_key(phrase) -> entry
    countries: dict[str, GazetteerEntry] = field(default_factory=dict)  #: ISO code -> country entry
    nisba: dict[str, str] = field(default_factory=dict)  #: match_key(adjective form) -> ISO code
    title_heads: set[str] = field(default_factory=set)  #: match_key of heads ("وزير", "ولي العهد")
    title_words: set[str] = field(default_factory=set)  #: portfolios, honorifics, generic title nouns
    generic_titles: set[str] = field(default_factory=set)  #: nouns that refer back to a person
    title_en: dict[str, str] = field(default_factory=dict)  #: match_key(title) -> English
    english: dict[str, tuple[str, str]] = field(default_factory=dict)  #: match_key(ar) -> (en, class)
    common_words: set[str] = field(default_factory=set)  #: match_key of words almost never in names
    name_tokens: set[str] = field(default_factory=set)  #: match_key of words seen in people's names

    def is_common_word(self, word: str) -> bool:
        """True for a word that is almost never part of a name, with or without its clitics.

        A clitic reading counts only when the whole word is not a known name part, so "كامل"
        (a name) is not rejected for looking like "ك" + "أمل".
        """
        key = match_key(word)
        if key in self.common_words:
            return True
        if key in self.name_tokens:
            return False
        if key.startswith("ال") and key[2:] in self.common_words:
            return True  # "القومي", "الثاني": adjectives and nouns with the article
        for suffix in PRONOUN_SUFFIX_KEYS:
            # "لقاءهما", "تعهداته", "صفحتها": a common noun or verb carrying a pronoun.
            stem = key[: -len(suffix)]
            if (
                key.endswith(suffix)
                and len(stem) >= 3
                and (stem in self.common_words or stem + "ه" in self.common_words)
            ):
                return True
        if (
            key.endswith("ي")
            and len(key) >= 5
            and any(key[:-1] + p in self.common_words for p in ("ين", "ون"))
        ):
            # «داعمي»، «محللي»: a masculine plural before the noun it governs drops its ن.
            return True
        if key.startswith(FUTURE_PREFIXES) and len(key) >= 5:
            return True  # "سيبحث", "سيشرح": future verbs (known names were ruled out above)
        for prefix in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "لل"):
            if (
                key.startswith(prefix)
                and len(key) - len(prefix) >= 3
                and key[len(prefix) :] in self.common_words
            ):
                return True
        return False

    def lookup(self, phrase: str) -> GazetteerEntry | None:
        """The entry whose name or variant is this phrase (spelling folded), or None."""
        return self.names.get(match_key(phrase))

    def country_of_nisba(self, word: str) -> str | None:
        """ISO code for a nationality adjective such as "التركي" or "الليبية", else None."""
        return self.nisba.get(match_key(word))

    def english_name(self, arabic: str) -> str | None:
        """English spelling from the tables, or None."""
        entry = self.names.get(match_key(arabic))
        if entry and entry.name_en:
            return entry.name_en
        hit = self.english.get(match_key(arabic))
        return hit[0] if hit else None


def _split(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split("|") if v.strip()]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def nisba_forms(masculine: str) -> list[str]:
    """Every written form of a nationality adjective: تركي → تركي، تركية، التركي، التركية، الأتراك...

    Multi-word adjectives ("كوري شمالي") agree word by word.
    """
    words = masculine.split()
    forms = []
    for article in ("", "ال"):
        for fem in ("", "ة"):
            forms.append(" ".join(article + w + fem for w in words))
        # Plural "الليبيين", "الليبيون": people of the country, used as topics and stance targets.
        for plural in ("ين", "ون"):
            forms.append(" ".join(article + w + (plural if k == 0 else "ين") for k, w in enumerate(words)))
    return forms


def _ambiguous(key: str, entry: GazetteerEntry, common: set[str]) -> bool:
    """A one-word organisation or city that is also an ordinary word ("فتح" = opening, "مشهد" =
    scene) would tag every use of the word; countries and capitals are kept, being far likelier."""
    return " " not in key and key in common and entry.kind not in ("country", "capital")


def _add(index: dict[str, GazetteerEntry], name: str, entry: GazetteerEntry) -> None:
    key = match_key(name)
    if key and key not in index:  # first table wins: countries, then places, then organisations
        index[key] = entry


@lru_cache(maxsize=4)
def load_gazetteer(tables_dir: str | None = None) -> Gazetteer:
    """Read the TSV tables once per process."""
    root = Path(tables_dir) if tables_dir else TABLES_DIR
    gz = Gazetteer()
    for row in _rows(root / "countries.tsv"):
        entry = GazetteerEntry(
            name=row["name_ar"],
            type="GPE",
            name_en=row["name_en"],
            country=row["code"],
            kind="country",
            lat=_float(row.get("capital_lat")),
            lon=_float(row.get("capital_lon")),
        )
        gz.countries[row["code"]] = entry
        for name in [row["name_ar"], *_split(row.get("variants_ar"))]:
            _add(gz.names, name, entry)
        for masc in _split(row.get("nisba_ar")):
            for form in nisba_forms(masc):
                gz.nisba.setdefault(match_key(form), row["code"])
    for row in _rows(root / "places.tsv"):
        entry = GazetteerEntry(
            name=row["name_ar"],
            type=PLACE_KIND_TYPE.get(row.get("kind", ""), "GPE"),
            name_en=row.get("name_en") or None,
            country=row.get("country_code") or None,
            kind=row.get("kind", ""),
            lat=_float(row.get("lat")),
            lon=_float(row.get("lon")),
        )
        for name in [row["name_ar"], *_split(row.get("variants_ar"))]:
            _add(gz.names, name, entry)
    for row in _rows(root / "cities.tsv"):
        entry = GazetteerEntry(
            name=row["name_ar"],
            type="GPE",
            name_en=row.get("name_en") or None,
            country=row.get("country_code") or None,
            kind="city",
        )
        _add(gz.names, row["name_ar"], entry)
    for row in _rows(root / "organisations.tsv"):
        entry = GazetteerEntry(
            name=row["name_ar"],
            type="ORG",
            name_en=row.get("name_en") or None,
            country=row.get("country_code") or None,
            kind=row.get("kind", ""),
        )
        for name in [row["name_ar"], *_split(row.get("variants_ar"))]:
            _add(gz.names, name, entry)
    for row in _rows(root / "titles.tsv"):
        key = match_key(row["title_ar"])
        kind = row.get("kind", "")
        gz.title_en.setdefault(key, row.get("title_en", ""))
        if kind in ("head", "generic"):
            # Generic nouns ("المسؤول", "الوزير") head title-only references too.
            gz.title_heads.add(key)
        else:
            gz.title_words.add(key)
        if kind == "generic":
            gz.generic_titles.add(key)
    for row in _rows(root / "names_en.tsv"):
        gz.english.setdefault(match_key(row["ar"]), (row["en"], row.get("class", "")))
        if row.get("class") == "PER":
            gz.name_tokens.update(match_key(row["ar"]).split())
    gz.common_words = {match_key(row["word"]) for row in _rows(root / "common_words.tsv")}
    # One-word names that are also ordinary words are found by their longer forms only.
    for key in [k for k, e in gz.names.items() if _ambiguous(k, e, gz.common_words)]:
        del gz.names[key]
    # A word the team lists as a name part is not common, whatever the corpora say.
    gz.common_words -= gz.name_tokens
    return gz
