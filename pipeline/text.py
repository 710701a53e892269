"""Arabic text utilities that keep character offsets: matching keys, tokens, sentences, clitics."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass

from pipeline.lexicon.clitics import PROCLITIC_CHAINS

DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]")
LATIN_LETTER_RE = re.compile("[A-Za-z]")
# A token is a run of letters (with their diacritics and tatweel), digits, or a single other sign.
TOKEN_RE = re.compile(
    r"[\u0621-\u065f\u0670-\u06d3\u06d6-\u06edA-Za-z0-9\u0660-\u0669\u06f0-\u06f9]+"
    r"|[^\s\u0621-\u065f\u0670-\u06d3\u06d6-\u06edA-Za-z0-9\u0660-\u0669\u06f0-\u06f9]"
)
# Sentence ends: . ! ? ؟ and … followed by optional closing quotes/brackets, then space or end.
SENTENCE_END_RE = re.compile(r"[.!?؟…]+[\"'”»)\]]*(?=\s|$)")
ALEF_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
ARABIC_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class Token:
    """A token of a sentence with its offsets."""

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def match_key(text: str) -> str:
    """Fold spelling variation away so that two spellings of a name compare equal.

    Drops diacritics and tatweel, folds hamza seats, alef maqsura and ta marbuta, and
    collapses whitespace. Only for comparing: never shown and never used for offsets.
    """
    text = DIACRITICS_RE.sub("", text).translate(ALEF_VARIANTS)
    return " ".join(text.split())


#: «دونالد #ترمب»: news sites turn names into hashtag links inline (2,987 of the 72,697 articles of
#: ../shared/data/news_corpus, most from Al Arabiya, some from France 24, Al Madina, BBC, CNN). The
#: sign is markup, and it cuts a name in two for every tagger; a «#» before an Arabic letter is
#: dropped ("C#", "#1" are kept).
HASHTAG_SIGN_RE = re.compile("#(?=[\u0621-\u064a])")


INVISIBLE_RE = re.compile("[\ufeff\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\r]")


def clean_text(text: str) -> str:
    """Remove characters that carry no meaning but break matching (BOM, zero-width marks, hashtag signs)."""
    return HASHTAG_SIGN_RE.sub("", INVISIBLE_RE.sub("", text))


def clean_text_positions(text: str) -> list[int]:
    """The position in `text` of every character clean_text keeps, in order.

    Cleaning only deletes characters, so ``"".join(text[i] for i in clean_text_positions(text))``
    is ``clean_text(text)``: offsets into the cleaned text map back to the raw text.
    """
    visible = [i for i, ch in enumerate(text) if not INVISIBLE_RE.match(ch)]
    step = "".join(text[i] for i in visible)
    return [visible[k] for k in range(len(step)) if not HASHTAG_SIGN_RE.match(step, k)]


def tokenize(text: str) -> list[Token]:
    """Split text into word and sign tokens with character offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def arabic_ratio(text: str) -> float:
    """Share of letters that are Arabic (0 when there are no letters)."""
    arabic = len(ARABIC_LETTER_RE.findall(text))
    latin = len(LATIN_LETTER_RE.findall(text))
    return arabic / (arabic + latin) if arabic + latin else 0.0


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Split one paragraph into sentence spans (start, end), trimmed of surrounding space.

    A dot inside a token (e.g. "سي.بي.إس" or "3.5") does not end a sentence, because the end
    pattern needs whitespace or the end of the paragraph after it.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END_RE.finditer(paragraph):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(paragraph)))
    out = []
    for s, e in spans:
        while s < e and paragraph[s].isspace():
            s += 1
        while e > s and paragraph[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def strip_clitics(word: str, is_known: Callable[[str], bool]) -> tuple[int, str] | None:
    """Find the known word inside a token that carries proclitics (و، ف، ب، ل، ك).

    Tries the bare token first, then each proclitic chain, and for لـ before ال also the
    form with the article restored (للأمم → الأمم). Returns (prefix length, stem) for the
    first candidate that `is_known` accepts, or None.
    """
    if is_known(word):
        return 0, word
    for chain in PROCLITIC_CHAINS:
        if len(word) - len(chain) < 2 or not word.startswith(chain):
            continue
        stem = word[len(chain) :]
        if is_known(stem):
            return len(chain), stem
        # ل + ال is written لل: the article's alef disappears (لليبيا is ل + ليبيا, للأمم is ل + الأمم).
        if chain.endswith("ل") and stem.startswith("ل") and is_known("ا" + stem):
            return len(chain), "ا" + stem
    return None


def candidate_stems(word: str, *, restore_article: bool = True) -> Iterable[tuple[int, str]]:
    """Every (prefix length, stem) reading of a token, the bare token first.

    With restore_article, لـ + ل… also reads as لـ + الـ… ("للجيش" → "الجيش").
    """
    yield 0, word
    for chain in PROCLITIC_CHAINS:
        if len(word) - len(chain) >= 2 and word.startswith(chain):
            stem = word[len(chain) :]
            yield len(chain), stem
            if restore_article and chain.endswith("ل") and stem.startswith("ل"):
                yield len(chain), "ا" + stem


def longest_match(
    tokens: list[Token], i: int, keys: Container[str], max_tokens: int, *, restore_article: bool = True
) -> tuple[int, int, str] | None:
    """The longest phrase in keys (match_key form) starting at token i, clitics allowed on its first word.

    Returns (prefix length, end token index, matched key) or None. A phrase never crosses a sign.
    """
    if not tokens[i].is_word:
        return None
    best = None
    for prefix, stem in candidate_stems(tokens[i].text, restore_article=restore_article):
        words = [stem]
        for j in range(i, min(len(tokens), i + max_tokens)):
            if j > i:
                if not tokens[j].is_word:
                    break
                words.append(tokens[j].text)
            key = match_key(" ".join(words))
            if key in keys and (best is None or j + 1 > best[1]):
                best = (prefix, j + 1, key)
    return best


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits, same length."""
    return text.translate(ARABIC_INDIC_DIGITS)
