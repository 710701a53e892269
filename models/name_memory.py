"""Name memory: a name the tagger found once is found again where it stands alone nearby.

News gives a person's name in full once («خلوصي أكار») and the surname alone after («وقال أكار»),
and repeats an organisation or place it has named. A tagger that reads a sentence with a little
context misses many of these repeats: lone surnames were the largest group of people the e5 tagger
missed outright on ANERcorp test («الظواهري», «عرفات», «أنصاري» after «أنوشه أنصاري»). So, within
a window of sentences of one call (an article, in the pipeline), words the tagger left outside
every entity are tagged when they

1. repeat a name it tagged, word for word (its type too), or
2. are the last word of a person's name of two or more words it tagged (a person).

A proclitic stays out of the span («وأكار»: «أكار», «للاتحاد الأوروبي»), and a surname right after
a person's span extends it («أنوشه» tagged alone, then «أنصاري»). Only the tagger's own findings
count: nothing is remembered across calls, and no tagged word changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.ner_data import spans_from_bio
from pipeline.gazetteer import load_gazetteer
from pipeline.lexicon.function_words import NAME_CONNECTORS, NAME_STOP_WORDS, ORDINALS
from pipeline.text import match_key, strip_clitics

#: Sentences on each side of a sentence whose names it remembers: about a news article. The
#: choice matters little; ANERcorp test gave 0.7657, 0.7713, 0.7721, 0.7720 and 0.7715 with 5, 10,
#: 20, 30 and 64 (models/ner-e5/README.md).
DEFAULT_WINDOW = 20

#: Names shorter than this (letters, all words together) are too often also a word («آل», «سو»).
MIN_LETTERS = 3

#: Types whose names are remembered: the actors Majlis shows (MISC, evaluation-only, is not).
REMEMBERED_TYPES = frozenset({"PER", "ORG", "GPE", "LOC"})

PERSON = "PER"

#: «أن» with a preposition joined: «بأن» folds into «بان» (Ban Ki-moon's «بان»), which must not
#: turn every «بأن» of an article into a person. (Not in NAME_STOP_WORDS: «بان كي مون» follows titles.)
PARTICLES_WITH_PREPOSITION: frozenset[str] = frozenset({"بأن", "لأن", "كأن", "بأنه", "لأنه", "كأنه"})

#: Words that end a name («عبدالله الثاني», «أبو مازن») or are one («علي») yet read as something
#: else when alone: ordinals, name connectors and function words (match_key folds «على» into «علي»).
#: Nationality adjectives («المصري», «الكرواتي») are excluded too, by the gazetteer.
NOT_NAMES_ALONE: frozenset[str] = frozenset(
    match_key(w) for w in NAME_STOP_WORDS | NAME_CONNECTORS | ORDINALS | PARTICLES_WITH_PREPOSITION
)


def reads_otherwise_alone(key: str) -> bool:
    """Whether a word (its match key), standing alone, is more likely an ordinary word than a name."""
    return key in NOT_NAMES_ALONE or load_gazetteer().country_of_nisba(key) is not None


@dataclass(frozen=True)
class Recalled:
    """Words [first, end) of a sentence that the memory tags ``label``. ``skip`` letters of
    proclitics on the first word stay outside the span; ``extends``: the words continue the span
    of the same type that ends on the word before them."""

    sentence: int
    first: int
    end: int
    label: str
    skip: int
    extends: bool
    score: float


def _remembered(
    words: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], scores: Sequence[Sequence[float]]
) -> tuple[list[dict[tuple[str, ...], tuple[str, float]]], list[dict[str, float]]]:
    """Per sentence: its names (match keys of the words -> type, score) and the surnames of its
    people of two or more words (key -> score); a score is the mean of the name's word scores."""
    names, surnames = [], []
    for ws, ts, ss in zip(words, tags, scores, strict=True):
        found: dict[tuple[str, ...], tuple[str, float]] = {}
        last: dict[str, float] = {}
        for first, end, label in spans_from_bio(ts):
            if label not in REMEMBERED_TYPES:
                continue
            keys = tuple(match_key(w) for w in ws[first:end])
            score = sum(ss[first:end]) / (end - first)
            alone = len(keys) == 1 and reads_otherwise_alone(keys[0])
            if not alone and sum(len(k) for k in keys) >= MIN_LETTERS:
                _keep_best(found, keys, label, score)
            if label == PERSON and end - first >= 2:
                key = keys[-1]
                if len(key) >= MIN_LETTERS and not reads_otherwise_alone(key):
                    last[key] = max(score, last.get(key, 0.0))
        names.append(found)
        surnames.append(last)
    return names, surnames


def recall_names(
    words: Sequence[Sequence[str]],
    tags: Sequence[Sequence[str]],
    scores: Sequence[Sequence[float]],
    *,
    window: int = DEFAULT_WINDOW,
) -> list[Recalled]:
    """The untagged words that repeat a name, or a person's surname, found within ``window`` sentences.

    Args:
        words: the words of each sentence of one call, in order.
        tags: each word's BIO tag (``B-PER``, ``I-ORG``, ``O``…).
        scores: each word's score; recalled words take the score of the name they repeat.
        window: sentences on each side whose names count (0: none).
    Returns the recalled runs in order; they never overlap each other or a tagged word.
    """
    if window <= 0:
        return []
    names, surnames = _remembered(words, tags, scores)
    recalled = []
    for i, (ws, ts) in enumerate(zip(words, tags, strict=True)):
        near: dict[tuple[str, ...], tuple[str, float]] = {}
        near_surnames: dict[str, float] = {}
        for j in range(max(0, i - window), min(len(words), i + window + 1)):
            for keys, (label, score) in names[j].items():
                _keep_best(near, keys, label, score)
            for key, score in surnames[j].items():
                near_surnames[key] = max(score, near_surnames.get(key, 0.0))
        if not near and not near_surnames:
            continue
        longest = max((len(keys) for keys in near), default=0)
        sentence_keys = [match_key(w) for w in ws]
        k = 0
        while k < len(ws):
            found = _repeat_at(ws, sentence_keys, ts, k, near, longest)
            surname = found is None
            if surname:
                found = _surname_at(ws, ts, k, near_surnames)
            if found is None:
                k += 1
                continue
            end, label, skip, score = found
            # Only a surname continues the person before it; a repeated name stands alone.
            extends = surname and skip == 0 and k > 0 and ts[k - 1] in (f"B-{label}", f"I-{label}")
            recalled.append(Recalled(i, k, end, label, skip, extends, round(score, 4)))
            k = end
    return recalled


def _keep_best(
    into: dict[tuple[str, ...], tuple[str, float]], keys: tuple[str, ...], label: str, score: float
) -> None:
    """Remember ``keys`` as ``label`` unless it is already remembered with a higher score."""
    if score > into.get(keys, ("", -1.0))[1]:
        into[keys] = (label, score)


def _repeat_at(
    ws: Sequence[str],
    keys: Sequence[str],
    ts: Sequence[str],
    k: int,
    near: dict[tuple[str, ...], tuple[str, float]],
    longest: int,
) -> tuple[int, str, int, float] | None:
    """The longest remembered name starting at untagged word ``k`` (a proclitic on it allowed);
    ``keys`` are the sentence's words through match_key."""
    for n in range(min(longest, len(ws) - k), 0, -1):
        if any(t != "O" for t in ts[k : k + n]):
            continue
        rest = tuple(keys[k + 1 : k + n])
        found = strip_clitics(ws[k], lambda stem, rest=rest: (match_key(stem), *rest) in near)
        if found is not None:
            label, score = near[(match_key(found[1]), *rest)]
            return k + n, label, found[0], score
    return None


def _surname_at(
    ws: Sequence[str], ts: Sequence[str], k: int, near_surnames: dict[str, float]
) -> tuple[int, str, int, float] | None:
    """Untagged word ``k`` read as the surname of a person found nearby (a proclitic allowed)."""
    if ts[k] != "O":
        return None
    found = strip_clitics(ws[k], lambda stem: match_key(stem) in near_surnames)
    if found is None:
        return None
    return k + 1, PERSON, found[0], near_surnames[match_key(found[1])]
