"""The always-available entity tagger: the team's gazetteers plus title and organisation patterns."""

from __future__ import annotations

from collections.abc import Sequence

from models.base import TaggedSpan
from models.registry import register_tagger
from pipeline.gazetteer import Gazetteer, load_gazetteer
from pipeline.text import Token, candidate_stems, match_key, tokenize
from pipeline.titles import STOP_KEYS, find_title_phrases, is_definite, match_phrase, read_name, trailing_name

# Nouns that head an organisation name when followed by definite modifiers:
# "وزارة الدفاع التركية", "حكومة الوفاق الوطني", "حركة النهضة".
ORG_HEADS = frozenset(
    match_key(w)
    for w in (
        "وزارة",
        "حكومة",
        "الحكومة",
        "وكالة",
        "حزب",
        "حركة",
        "هيئة",
        "منظمة",
        "مجلس",
        "جبهة",
        "قوات",
        "الجيش",
    )
)
MAX_ORG_TOKENS = 5
TITLE_NAME_SCORE = 0.8
GAZETTEER_SCORE = 0.95
PATTERN_SCORE = 0.7


def _span_text(tokens: list[Token], i: int, j: int, prefix: int) -> str:
    return " ".join(t.text for t in tokens[i:j])[prefix:]


class RulesTagger:
    """Finds places and organisations by gazetteer, and people by the titles before their names."""

    name = "rules"

    def __init__(self, gazetteer: Gazetteer | None = None, **_options: object) -> None:
        self.gz = gazetteer or load_gazetteer()
        self.person_keys = {
            k for k, (_en, cls) in self.gz.english.items() if cls.startswith("PER") and " " in k
        }

    def tag(self, sentences: Sequence[str]) -> list[list[TaggedSpan]]:
        return [self.tag_sentence(s) for s in sentences]

    def tag_sentence(self, text: str) -> list[TaggedSpan]:
        tokens = tokenize(text)
        taken = [False] * len(tokens)
        spans: list[TaggedSpan] = []

        def claim(i: int, j: int, prefix: int, label: str, score: float) -> None:
            if j <= i or any(taken[i:j]):
                return
            for k in range(i, j):
                taken[k] = True
            spans.append(TaggedSpan(tokens[i].start + prefix, tokens[j - 1].end, label, score))

        for phrase in find_title_phrases(tokens, text, self.gz):
            for oi, oj in phrase.orgs:
                claim(oi, oj, self._prefix(tokens, oi, oj), "ORG", GAZETTEER_SCORE)
            for pi, pj in phrase.places:
                prefix = self._prefix(tokens, pi, pj)
                entry = self.gz.lookup(_span_text(tokens, pi, pj, prefix))
                claim(pi, pj, prefix, entry.type if entry else "GPE", GAZETTEER_SCORE)
            name = read_name(tokens, phrase.end, self.gz)
            if name:
                claim(name[0], name[1], 0, "PER", TITLE_NAME_SCORE)
            else:
                k = trailing_name(tokens, phrase, self.gz)
                if k is not None:
                    claim(k, k + 1, 0, "PER", PATTERN_SCORE)
            for k in range(phrase.start, phrase.end):
                taken[k] = taken[k] or True  # a title is not an entity
        i = 0
        while i < len(tokens):
            if taken[i] or not tokens[i].is_word:
                i += 1
                continue
            found = (
                self._gazetteer_at(tokens, i) or self._person_at(tokens, i) or self._org_pattern_at(tokens, i)
            )
            if found:
                j, prefix, label, score = found
                if not any(taken[i:j]):
                    claim(i, j, prefix, label, score)
                    i = j
                    continue
            i += 1
        return sorted(spans, key=lambda s: s.start)

    def _prefix(self, tokens: list[Token], i: int, j: int) -> int:
        hit = match_phrase(tokens, i, self.gz, self.gz.names)
        return hit[0] if hit else 0

    def _gazetteer_at(self, tokens: list[Token], i: int) -> tuple[int, int, str, float] | None:
        hit = match_phrase(tokens, i, self.gz, self.gz.names)
        if not hit:
            return None
        prefix, j = hit
        if prefix and j == i + 1 and match_key(tokens[i].text) in self.gz.common_words:
            return None  # «نجاحا كبيرا» is not «ك» + «بيرا»: a common word is read whole
        entry = self.gz.lookup(_span_text(tokens, i, j, prefix))
        if entry is None:
            return None
        # A trailing nisba belongs to an organisation's name ("الحكومة الوطنية الليبية").
        return j, prefix, entry.type, GAZETTEER_SCORE

    def _person_at(self, tokens: list[Token], i: int) -> tuple[int, int, str, float] | None:
        hit = match_phrase(tokens, i, self.gz, self.person_keys)
        if not hit:
            return None
        prefix, j = hit
        return j, prefix, "PER", GAZETTEER_SCORE

    def _org_pattern_at(self, tokens: list[Token], i: int) -> tuple[int, int, str, float] | None:
        prefix = next(
            (p for p, stem in candidate_stems(tokens[i].text) if match_key(stem) in ORG_HEADS), None
        )
        if prefix is None:
            return None
        # The name runs over definite words, and ends at its last distinctive word: a nationality,
        # a known place or organisation, or a portfolio ("وزارة الدفاع التركية", "الحكومة الألمانية").
        # Without one, "الحكومة الشرعية" is a description, not a name.
        j, last = i + 1, None
        while j < len(tokens) and j - i < MAX_ORG_TOKENS and tokens[j].is_word:
            word = tokens[j].text
            if match_key(word) in STOP_KEYS:
                break
            entry = match_phrase(tokens, j, self.gz, self.gz.names)
            if entry and entry[0] == 0:
                j = last = entry[1]
                continue
            if self.gz.country_of_nisba(word) or match_phrase(tokens, j, self.gz, self.gz.title_words):
                j = last = j + 1
                continue
            if is_definite(word):
                j += 1
                continue
            break
        if last is None:
            return None
        return last, prefix, "ORG", PATTERN_SCORE


@register_tagger("rules")
def make_rules_tagger(**options: object) -> RulesTagger:
    """Registry factory for the rules backend."""
    return RulesTagger(**options)
