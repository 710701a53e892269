"""Political title phrases ("وزير الداخلية بحكومة الوفاق الوطني الليبية") and the names they introduce."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.gazetteer import MAX_PHRASE_TOKENS, Gazetteer
from pipeline.lexicon.clitics import PRONOUN_SUFFIXES
from pipeline.lexicon.events import EVENT_TRIGGERS
from pipeline.lexicon.function_words import NAME_CONNECTORS, NAME_STOP_WORDS, ORDINALS
from pipeline.lexicon.reporting import REPORTING_VERBS
from pipeline.lexicon.stance_cues import HARM_CUES, LABEL_CUES, OPPOSE_CUES, SUPPORT_CUES
from pipeline.lexicon.titles import COUNTERPART_WORDS
from pipeline.text import Token, candidate_stems, longest_match, match_key

MAX_TITLE_TOKENS = 12
MAX_NAME_TOKENS = 4
# Nouns that open an organisation phrase inside a title: "بحكومة الوفاق", "باسم الرئاسة".
TITLE_LINK_NOUNS = frozenset(
    match_key(w) for w in ("حكومة", "وزارة", "اسم", "شؤون", "مجلس", "جامعة", "منظمة")
)
STOP_KEYS = frozenset(match_key(w) for w in NAME_STOP_WORDS)
COUNTERPART_KEYS = frozenset(match_key(w) for w in COUNTERPART_WORDS)
CONNECTOR_KEYS = frozenset(match_key(w) for w in NAME_CONNECTORS)
ORDINAL_KEYS = frozenset(match_key(w) for w in ORDINALS)
# Verbs the system knows as triggers, reporting verbs and stance cues are never name parts.
VERB_KEYS = frozenset(
    match_key(w)
    for w in (*REPORTING_VERBS, *EVENT_TRIGGERS, *SUPPORT_CUES, *OPPOSE_CUES, *HARM_CUES, *LABEL_CUES)
    if " " not in w
)


@dataclass(frozen=True)
class TitlePhrase:
    """A title found in a sentence, with what it ties its holder to."""

    start: int  #: index of its first token
    end: int  #: index one past its last token
    char_start: int  #: offset of its first letter (after any clitic)
    char_end: int  #: offset one past its last letter
    text: str  #: the title as written
    head: str  #: match_key of the head title word(s)
    countries: tuple[str, ...] = ()  #: ISO codes of nisba adjectives and countries inside it
    orgs: tuple[tuple[int, int], ...] = field(default=())  #: token spans of organisations inside it
    places: tuple[tuple[int, int], ...] = field(default=())  #: token spans of places inside it


def match_phrase(tokens: list[Token], i: int, gz: Gazetteer, keys: set[str] | dict) -> tuple[int, int] | None:
    """Longest phrase of the given key set starting at token i: (prefix length, end token index)."""
    hit = longest_match(tokens, i, keys, MAX_PHRASE_TOKENS)
    return (hit[0], hit[1]) if hit else None


def stem_of(token: Token, keys: set[str] | dict, *, definite_too: bool = False) -> tuple[int, str] | None:
    """The clitic-free reading of a token whose stem is in keys.

    With definite_too, an indefinite form matches its definite entry too: "وزير داخلية حكومة
    الوفاق" uses the construct form of "الداخلية".
    """
    for prefix, stem in candidate_stems(token.text):
        key = match_key(stem)
        if key in keys or (definite_too and "ال" + key in keys):
            return prefix, stem
    return None


def is_definite(word: str) -> bool:
    return word.startswith("ال") and len(word) > 3


def find_title_phrases(tokens: list[Token], text: str, gz: Gazetteer) -> list[TitlePhrase]:
    """Every title phrase in a tokenised sentence, left to right, not overlapping."""
    phrases: list[TitlePhrase] = []
    i = 0
    while i < len(tokens):
        head = match_phrase(tokens, i, gz, gz.title_heads)
        if head is None:
            i += 1
            continue
        prefix, j = head
        head_key = match_key(" ".join(t.text for t in tokens[i:j])[prefix:])
        countries: list[str] = []
        orgs: list[tuple[int, int]] = []
        places: list[tuple[int, int]] = []
        j = _extend_title(tokens, j, gz, countries, orgs, places, limit=i + MAX_TITLE_TOKENS)
        start_char = tokens[i].start + prefix
        end_char = tokens[j - 1].end
        phrases.append(
            TitlePhrase(
                i,
                j,
                start_char,
                end_char,
                text[start_char:end_char],
                head_key,
                tuple(countries),
                tuple(orgs),
                tuple(places),
            )
        )
        i = j
    return phrases


def _extend_title(
    tokens: list[Token],
    j: int,
    gz: Gazetteer,
    countries: list[str],
    orgs: list[tuple[int, int]],
    places: list[tuple[int, int]],
    limit: int,
) -> int:
    """Consume the modifiers after a title head; return the index one past the title."""
    while j < min(len(tokens), limit):
        tok = tokens[j]
        if not tok.is_word:
            break
        key = match_key(tok.text)
        if key in STOP_KEYS:
            break
        named = match_phrase(tokens, j, gz, gz.names)
        if named:
            prefix, end = named
            entry = gz.lookup(" ".join(t.text for t in tokens[j:end])[prefix:])
            if (
                entry
                and entry.type in ("ORG", "GPE", "LOC")
                and (prefix == 0 or tok.text[:prefix] in ("ب", "ل", "لل"))
            ):
                # "أمير قطر", "بحكومة الوفاق", "وزير خارجية السعودية": names inside a title are
                # mentions in their own right, and tie the title to a country.
                (orgs if entry.type == "ORG" else places).append((j, end))
                if entry.country:
                    countries.append(entry.country)
                j = end
                continue
        if j + 1 < len(tokens) and gz.country_of_nisba(tok.text + " " + tokens[j + 1].text):
            countries.append(gz.country_of_nisba(tok.text + " " + tokens[j + 1].text) or "")
            j += 2  # two-word nationality: "الكوري الشمالي"
            continue
        nisba = gz.country_of_nisba(tok.text)
        if nisba:
            countries.append(nisba)
            j += 1
            continue
        portfolio = match_phrase(tokens, j, gz, gz.title_words)
        if portfolio:
            j = portfolio[1]  # "والأمن القومي": a title word, possibly of several tokens
            continue
        if key in COUNTERPART_KEYS:
            break  # «وزير الخارجية الأمريكي نظيره السعودي»: a second person's title begins
        if _possessed_title_word(tok.text, gz):
            j += 1  # «وزير خارجيتها سيرغي لافروف»: the country's own portfolio, named by a pronoun
            continue
        head = match_phrase(tokens, j, gz, gz.title_heads)
        if head and countries and tok.text.startswith("و") and head[0] == 1:
            # «الرئيس الكوري الشمالي والرئيس الأمريكي»: after a nationality, «و» and a new head
            # begin a second person's title («نائب رئيس الوزراء ووزير الخارجية الأردني» is one).
            break
        if head or stem_of(tok, gz.title_words, definite_too=True):
            j += 1
            continue
        stem = stem_of(tok, TITLE_LINK_NOUNS)
        if stem and stem[0] in (1, 2):  # "بحكومة", "باسم", "لشؤون": a linked phrase follows
            j += 1
            continue
        if is_definite(tok.text) and not (key in gz.name_tokens and not gz.is_common_word(tok.text)):
            # Definite nouns and adjectives continue a title: الدفاع، الوطني، القومي; a known
            # family name ("الحريري") does not, nor an ordinary noun that does not lead on to
            # more of the title ("نظيره العماني الأوضاع في لبنان": the talks' topic).
            nxt = tokens[j + 1] if j + 1 < len(tokens) else None
            chained = (
                nxt is not None
                and nxt.is_word
                and (is_definite(nxt.text) or gz.country_of_nisba(nxt.text) or stem_of(nxt, gz.title_words))
            )
            if gz.is_common_word(tok.text) and not chained:
                break  # "وزير الخارجية الأمريكي التزام واشنطن": the title ended before التزام
            j += 1
            continue
        break
    return j


def _possessed_title_word(word: str, gz: Gazetteer) -> bool:
    """«خارجيتها», «دفاعه», «وزرائها»: a portfolio with a pronoun suffix (ة written ت before it)."""
    for suffix in PRONOUN_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            stem = stem[:-1] + "ة" if stem.endswith("ت") else stem
            return match_key("ال" + stem) in gz.title_words
    return False


def trailing_name(tokens: list[Token], phrase: TitlePhrase, gz: Gazetteer) -> int | None:
    """Index of a one-word name a title swallowed: "الرئيس السيسي إن" reads السيسي as a modifier.

    Only a definite last word that is no title word, no nationality and no common word qualifies.
    """
    if phrase.end - phrase.start < 2:
        return None
    tok = tokens[phrase.end - 1]
    if not is_definite(tok.text) or gz.country_of_nisba(tok.text) or gz.is_common_word(tok.text):
        return None
    if match_key(tok.text) in ORDINAL_KEYS:
        return None
    if stem_of(tok, gz.title_words, definite_too=True) or stem_of(tok, gz.title_heads) or gz.lookup(tok.text):
        return None
    return phrase.end - 1


def read_name(tokens: list[Token], j: int, gz: Gazetteer) -> tuple[int, int] | None:
    """The person name starting at token j (after a title), as (first, end) token indices."""
    if j < len(tokens) and tokens[j].text in ("،", ",") and j + 1 < len(tokens):
        j += 1
    first = j
    count = 0
    while j < len(tokens) and count < MAX_NAME_TOKENS:
        tok = tokens[j]
        if tok.text == "#" and count and j + 1 < len(tokens) and tokens[j + 1].is_word:
            j += 1  # a hashtag inside a name, as news sites write it: "دونالد #ترمب"
            continue
        if not tok.is_word or tok.text.isdigit():
            break
        key = match_key(tok.text)
        if key in CONNECTOR_KEYS:
            if j == first or j + 1 >= len(tokens) or not tokens[j + 1].is_word:
                break
            j += 1
            continue
        if not _name_like(tok.text, gz, first=(j == first)) or match_phrase(tokens, j, gz, gz.title_heads):
            break
        j += 1
        count += 1
    while j > first and match_key(tokens[j - 1].text) in CONNECTOR_KEYS:
        j -= 1
    return (first, j) if count else None


def _name_like(word: str, gz: Gazetteer, *, first: bool) -> bool:
    """Whether a token can be part of a person's name."""
    key = match_key(word)
    if key in STOP_KEYS or key in gz.title_heads or key in gz.title_words or gz.country_of_nisba(word):
        return False
    if len(key) < 2 or not any("\u0621" <= ch <= "\u064a" for ch in word):
        return False
    if gz.is_common_word(word) or key in VERB_KEYS or (first and key in ORDINAL_KEYS):
        return False
    if (
        key.startswith(("ي", "ت"))
        and key.endswith(("ان", "ون"))
        and len(key) >= 5
        and key not in gz.name_tokens
    ):
        return False  # dual and plural imperfect verbs: "يبحثان", "يلتقون"
    if gz.lookup(word) and gz.lookup(word).type in ("GPE", "LOC", "ORG"):
        return False
    if word.startswith("و") and len(word) > 3 and key not in gz.name_tokens:
        rest = word[1:]
        rest_key = match_key(rest)
        # و at the start of a token is the conjunction: "ترامب ونظيره", "العاهل السعودي والحريري".
        if (
            not first
            or rest.startswith("ال")
            or rest_key in STOP_KEYS
            or rest_key in gz.title_heads
            or rest_key in gz.name_tokens
            or gz.lookup(rest)
        ):
            return False
    return True
