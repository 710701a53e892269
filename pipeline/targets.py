"""Stance targets: which actors a statement is about, and stances that descriptions state outright."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.gazetteer import Gazetteer
from pipeline.lexicon.reporting import (
    OPPOSING_RELATION_NOUNS,
    QUOTE_MARKS,
    RELATION_FILLERS,
    RELATION_NOUNS,
    RELATION_PRONOUNS,
    REPORTING_VERBS,
)
from pipeline.lexicon.targets import (
    BA_OBJECT_VERBS,
    MEDIUM_WORDS,
    NISBA_NON_STATE_HEADS,
    ORGAN_HEADS,
    PLACE_NOUNS,
    PLACE_PREPOSITIONS,
    STATE_ORGAN_KINDS,
)
from pipeline.records import Entity, Mention, Sentence
from pipeline.text import Token, candidate_stems, match_key, tokenize
from pipeline.titles import TitlePhrase, find_title_phrases

TARGET_TYPES = ("PER", "ORG", "GPE")
PLACE_TYPES = ("GPE", "LOC")
PLACE_PREPOSITION_KEYS = frozenset(match_key(w) for w in PLACE_PREPOSITIONS)
PLACE_NOUN_KEYS = frozenset(match_key(w) for w in PLACE_NOUNS)
MEDIUM_KEYS = frozenset(match_key(w) for w in MEDIUM_WORDS)
BA_VERB_KEYS = frozenset(match_key(w) for w in (*BA_OBJECT_VERBS, *REPORTING_VERBS))
ORGAN_HEAD_KEYS = frozenset(match_key(w) for w in ORGAN_HEADS)
NON_STATE_KEYS = frozenset(match_key(w) for w in NISBA_NON_STATE_HEADS)
RELATION_KEYS = frozenset(match_key(w) for w in RELATION_NOUNS)
OPPOSING_RELATION_KEYS = frozenset(match_key(w) for w in OPPOSING_RELATION_NOUNS)
RELATION_PRONOUN_KEYS = frozenset(match_key(w) for w in RELATION_PRONOUNS)
RELATION_FILLER_KEYS = frozenset(match_key(w) for w in RELATION_FILLERS)
# How many tokens after a relation noun its object may start: «الداعم الأساسي لنظام الرئيس
# السوري بشار الأسد».
RELATION_WINDOW = 6
# How far back from a name a place preposition may stand, over place nouns and adjectives.
PLACE_LOOKBACK = 3
CLAUSE_SIGNS = frozenset({".", "،", ",", "؛", ";", ":", "؟", "!"})


@dataclass(frozen=True)
class Target:
    """An actor a statement is about, at the mention the classifier should look at."""

    entity: str  #: entity id
    start: int  #: offset of the mention (or nationality adjective) in the sentence
    end: int  #: end offset


@dataclass(frozen=True)
class Relation:
    """A stance a description states: «الكرملين الداعم الأساسي لـ... الأسد», «X، وهو من منتقدي Y»."""

    sentence: int  #: index of the sentence
    holder: str  #: entity id of the described actor, who holds the stance
    target: str  #: entity id of the actor the relation noun governs
    start: int  #: target mention offset
    end: int  #: target mention end offset
    polarity: str  #: "support" or "oppose", as the relation noun says


def _keys(tok: Token) -> set[str]:
    """match_key of every clitic reading of a token («وللأسد» → للأسد, لأسد, الأسد, ...)."""
    return {match_key(stem) for _p, stem in candidate_stems(tok.text)}


class TargetFinder:
    """Answers, for one article, which actors each statement is about."""

    def __init__(
        self, sentences: Sequence[Sentence], entities: Sequence[Entity], gazetteer: Gazetteer | None
    ) -> None:
        self.sentences = sentences
        self.entities = list(entities)
        self.by_id = {e.id: e for e in entities}
        self.gz = gazetteer
        self.tokens = cache(lambda i: tokenize(sentences[i].text))
        self.titles = cache(self._titles)
        self.home = {e.id: self._home(e) for e in entities}
        self.countries: dict[str, str] = {}
        for e in entities:
            entry = gazetteer.lookup(e.name) if gazetteer else None
            if e.type in PLACE_TYPES and entry and entry.kind == "country" and entry.country:
                self.countries.setdefault(entry.country, e.id)
        self._relations = [r for i in range(len(sentences)) for r in self._find_relations(i)]
        self._holders = {
            (r.sentence, m.start)
            for r in self._relations
            for m in self.by_id[r.holder].mentions
            if m.sentence == r.sentence
        }

    # -- own side -------------------------------------------------------------------------------
    def _country_code(self, e: Entity) -> str | None:
        """A place's or body's country: from the tables, or a nationality in its name
        («وزارة الدفاع السعودية», «وكالة الأنباء السعودية»)."""
        if self.gz is None or e.type == "PER":
            return None
        entry = self.gz.lookup(e.name)
        if entry:
            return entry.country
        words = e.name.split()
        return next((c for w in words[1:] if (c := self.gz.country_of_nisba(w))), None)

    def _home(self, e: Entity) -> str | None:
        """The country an actor belongs to: a place's or body's own; a person's affiliation's, or
        the nationality in their title when the article names no such country («الرئيس الأمريكي»)."""
        if e.type == "PER":
            aff = self.by_id.get(e.affiliation or "")
            return self._country_code(aff) if aff else self._role_country(e)
        return self._country_code(e)

    def _role_country(self, e: Entity) -> str | None:
        if self.gz is None or not e.role:
            return None
        return next((c for w in e.role.split() if (c := self.gz.country_of_nisba(w))), None)

    def _is_organ(self, e: Entity) -> bool:
        """A body of a state: a government, ministry or agency the tables know, or a body named
        by an organ word and its nationality («وزارة الدفاع السعودية»)."""
        if e.type != "ORG" or self.gz is None:
            return False
        entry = self.gz.lookup(e.name)
        if entry:
            return entry.kind in STATE_ORGAN_KINDS
        head = match_key(e.name.split()[0]) if e.name.split() else ""
        return head in ORGAN_HEAD_KEYS and self._country_code(e) is not None

    def _is_state_side(self, e: Entity, *, by_title: bool = True) -> bool:
        """A state itself, its places and organs, and its officials: people affiliated to them,
        or (by_title) with a nationality in their title when no affiliation is resolved."""
        if e.type in PLACE_TYPES or self._is_organ(e):
            return True
        if e.type != "PER":
            return False
        aff = self.by_id.get(e.affiliation or "")
        if aff is None:
            return by_title and self._role_country(e) is not None
        return aff.type in PLACE_TYPES or self._is_organ(aff)

    def own_side(self, speaker: Entity) -> set[str]:
        """Actors a speaker cannot take sides toward: the body they speak for and its members.

        Their affiliation and its country's places (a minister toward his state or capital); who
        is affiliated with them (the White House toward its spokeswoman) or shares their
        affiliation (a minister toward his president); and, when a state, one of its organs or
        officials speaks, that state's organs and officials (Jubeir toward Saudi Arabia, Putin
        toward the Kremlin). A party, parliament or armed group is no organ: Schumer and the
        White House, Hariri and Hezbollah stay apart.
        """
        own = {speaker.affiliation} if speaker.affiliation else set()
        home = self.home.get(speaker.id)
        # A speaker is an official only through a resolved affiliation: «وزير الدفاع الليبي» alone
        # does not say which of two rival governments he serves.
        official = self._is_state_side(speaker, by_title=False)
        for e in self.entities:
            if e.id == speaker.id:
                continue
            same_home = home is not None and self.home.get(e.id) == home
            if (
                (same_home and e.type in PLACE_TYPES)
                or e.affiliation == speaker.id
                or (e.affiliation and e.affiliation == speaker.affiliation)
                or (same_home and official and self._is_state_side(e))
            ):
                own.add(e.id)
        return own

    # -- targets of a statement -----------------------------------------------------------------
    def targets(self, sentence: int, speaker: Entity, content_start: int, about: int = -1) -> list[Target]:
        """The actors a statement is about: named in its content, or its relative antecedent.

        Not the speaker's own side, a place where something happens, a name inside someone's
        title («وزير خارجية روسيا»), or an actor whose own stance a description gives here.
        """
        own = self.own_side(speaker)
        out: list[Target] = []
        for e in self.entities:
            if e.id == speaker.id or e.type not in TARGET_TYPES or e.id in own:
                continue
            for m in e.mentions:
                if m.sentence != sentence or (m.start < content_start and m.start != about):
                    continue
                if self.is_place_of(sentence, m.start) or self._inside_title(sentence, m):
                    continue
                if (sentence, m.start) in self._holders:
                    continue  # «إيران حليفة روسيا»: Iran's own stance, not whom the speaker judges
                out.append(Target(e.id, m.start, m.end))
                break
        named = {t.entity for t in out}
        for t in self._nisba_targets(sentence, content_start):
            if t.entity not in named and t.entity not in own and t.entity != speaker.id:
                named.add(t.entity)
                out.append(t)
        return out

    def is_place_of(self, sentence: int, start: int) -> bool:
        """Whether the name at `start` is where something happens or the medium it went through.

        «في ليبيا», «بأنقرة» (unless a verb that takes «ب» governs it: «أشاد بتركيا»), «في
        العاصمة الفنلندية هلسنكي», «قرب دمشق», «على موقع تويتر».
        """
        text = self.sentences[sentence].text
        toks = self.tokens(sentence)
        at = next((k for k, t in enumerate(toks) if t.end > start), len(toks))
        if at < len(toks) and toks[at].start < start and "ب" in text[toks[at].start : start]:
            prev = toks[at - 1] if at else None
            return prev is None or not (_keys(prev) & BA_VERB_KEYS)
        k = at - 1
        for _ in range(PLACE_LOOKBACK + 1):
            if k < 0:
                return False
            keys = _keys(toks[k])
            if keys & PLACE_PREPOSITION_KEYS or keys & MEDIUM_KEYS:
                return True
            if keys & PLACE_NOUN_KEYS:
                return True  # «العاصمة السعودية»: the city, a place whatever governs it
            if toks[k].text in ("،", ",") or toks[k].text in QUOTE_MARKS or self._is_nisba(toks[k].text):
                k -= 1
                continue
            return False
        return False

    def _is_nisba(self, word: str) -> bool:
        return bool(self.gz and self.gz.country_of_nisba(word))

    def _titles(self, sentence: int) -> list[TitlePhrase]:
        if self.gz is None:
            return []
        return find_title_phrases(self.tokens(sentence), self.sentences[sentence].text, self.gz)

    def _inside_title(self, sentence: int, m: Mention) -> bool:
        return any(
            p.char_start <= m.start and m.end <= p.char_end and (p.char_start, p.char_end) != (m.start, m.end)
            for p in self.titles(sentence)
        )

    def _nisba_targets(self, sentence: int, content_start: int) -> list[Target]:
        """«الدعم الثابت لسيادة ووحدة الأراضي الأوكرانية»: a nationality adjective stands for its
        state when that state is an actor of the article, outside titles, after a head that is no
        faction or person of that country («النظام السوري», «مسؤول تركي»), and not a place."""
        if self.gz is None or not self.countries:
            return []
        toks = self.tokens(sentence)
        covered = [(m.start, m.end) for e in self.entities for m in e.mentions if m.sentence == sentence]
        titled = [(p.char_start, p.char_end) for p in self.titles(sentence)]
        out = []
        for k, tok in enumerate(toks):
            if tok.start < content_start or not tok.is_word:
                continue
            if any(s <= tok.start < e for s, e in covered) or any(s <= tok.start < e for s, e in titled):
                continue
            end = tok.end
            code = None
            if k + 1 < len(toks):  # «الكوري الشمالي»: two words, one nationality
                code = self.gz.country_of_nisba(f"{tok.text} {toks[k + 1].text}")
                end = toks[k + 1].end if code else end
            code = code or self.gz.country_of_nisba(tok.text)
            if not code or code not in self.countries:
                continue
            if k and _keys(toks[k - 1]) & NON_STATE_KEYS:
                continue  # a faction or person of the country
            if self.is_place_of(sentence, tok.start):
                continue
            out.append(Target(self.countries[code], tok.start, end))
        return out

    # -- stances stated by descriptions -----------------------------------------------------------
    def relations(self) -> list[Relation]:
        """Stances a description states, one per (sentence, holder, target)."""
        return self._relations

    def _find_relations(self, sentence: int) -> list[Relation]:
        toks = self.tokens(sentence)
        text = self.sentences[sentence].text
        spans = sorted(
            (m.start, m.end, e)
            for e in self.entities
            if e.type in TARGET_TYPES
            for m in e.mentions
            if m.sentence == sentence
        )
        out = []
        for k, tok in enumerate(toks):
            keys = _keys(tok)
            if not keys & RELATION_KEYS or any(s <= tok.start < e for s, e, _ in spans):
                continue
            holder = self._holder_before(toks, k, spans, text)
            if holder is None:
                continue
            polarity = "oppose" if keys & OPPOSING_RELATION_KEYS else "support"
            for s, e, ent in spans:
                if s < tok.end or ent.id == holder.id:
                    continue
                between = [t for t in toks if tok.end <= t.start < s]
                if len(between) <= RELATION_WINDOW and not any(t.text in CLAUSE_SIGNS for t in between):
                    out.append(Relation(sentence, holder.id, ent.id, s, e, polarity))
                break
        return out

    @staticmethod
    def _holder_before(toks: list[Token], k: int, spans, text: str) -> Entity | None:
        """«الكرملين الداعم», «إيران حليفة»: the name right before; «براودر"، وهو من أشد
        منتقدي»: the name before «، وهو» and words such as «من أشد»."""
        j = k - 1
        while j >= 0 and _keys(toks[j]) & RELATION_FILLER_KEYS:
            j -= 1
        if j >= 0 and _keys(toks[j]) & RELATION_PRONOUN_KEYS:
            j -= 1
            while j >= 0 and (toks[j].text in ("،", ",") or toks[j].text in QUOTE_MARKS):
                j -= 1
        elif j != k - 1:
            return None  # fillers without «وهو»: «من أشد منتقدي» after a verb describes no name
        if j < 0:
            return None
        end = toks[j].end
        return next((e for s, e_, e in spans if e_ == end or (s < end <= e_)), None)
