"""Speaker attribution and stance candidates: who says what about whom, in which sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.base import StanceClassifier, StanceQuery
from pipeline.gazetteer import Gazetteer
from pipeline.lexicon.clitics import PRONOUN_SUFFIXES
from pipeline.lexicon.function_words import ADVERBS, PREPOSITIONS
from pipeline.lexicon.reporting import (
    ASIDE_OPENERS,
    CARRY_FORWARD_PHRASES,
    CONTENT_OPENERS,
    NON_VERB_PHRASES,
    OPENER_REQUIRED_VERBS,
    OPENER_REQUIRED_WINDOW,
    PLURAL_REPORTING_VERBS,
    QUOTE_MARKS,
    RELATIVE_PRONOUNS,
    RELAY_SOURCE_WORDS,
    RELAY_VERBS,
    REPORTING_PARTICIPLES,
    REPORTING_VERBS,
    SELF_REFERENCES,
    SENTENCE_PARTICLES,
    SPOKESMAN_WORDS,
    TOPIC_MARKERS,
    VERB_PROCLITICS,
    VOICE_WORDS,
)
from pipeline.records import Entity, Sentence, Stance
from pipeline.targets import TargetFinder
from pipeline.text import Token, candidate_stems, match_key, tokenize

# A relation noun states the stance outright: as sure as the lexicon's cue right beside its target.
RELATION_CONFIDENCE = 0.9

VERB_KEYS = frozenset(match_key(v) for v in REPORTING_VERBS)
PLURAL_KEYS = frozenset(match_key(v) for v in PLURAL_REPORTING_VERBS)
OPENER_KEYS = frozenset(match_key(w) for w in CONTENT_OPENERS)
PARTICIPLE_KEYS = frozenset(match_key(w) for w in REPORTING_PARTICIPLES)
OPENER_REQUIRED_KEYS = frozenset(match_key(w) for w in OPENER_REQUIRED_VERBS)
RELAY_KEYS = frozenset(match_key(w) for w in RELAY_VERBS)
RELAY_SOURCE_KEYS = frozenset(match_key(w) for w in RELAY_SOURCE_WORDS)
NON_VERB_KEYS = frozenset(match_key(p) for p in NON_VERB_PHRASES)
TOPIC_KEYS = frozenset(match_key(w) for w in TOPIC_MARKERS)
RELATIVE_KEYS = frozenset(match_key(w) for w in RELATIVE_PRONOUNS)
PREPOSITION_KEYS = frozenset(match_key(w) for w in PREPOSITIONS)
ADVERB_KEYS = frozenset(match_key(w) for w in ADVERBS)
SELF_KEYS = frozenset(match_key(w) for w in SELF_REFERENCES)
PARTICLE_KEYS = frozenset(match_key(w) for w in SENTENCE_PARTICLES)
ASIDE_KEYS = frozenset(match_key(w) for w in ASIDE_OPENERS)
SPOKESMAN_KEYS = frozenset(match_key(w) for w in SPOKESMAN_WORDS)
VOICE_KEYS = frozenset(match_key(w) for w in VOICE_WORDS)
# How many tokens after a verb the speaker's name may end: a long description may come first
# («ودعا زعيم الديمقراطيين في مجلس الشيوخ الأمريكي تشاك شومر»).
SPEAKER_WINDOW = 12
# A sentence's topic, the subject a later verb without one goes back to, starts this early.
TOPIC_WINDOW = 6
# Object pronouns a reporting verb may carry («وصفه», «اتهمها»), longest first.
OBJECT_SUFFIXES = tuple(match_key(p) for p in PRONOUN_SUFFIXES)
# How far back a preposition may govern a name: «في مجلس الشيوخ الأمريكي», «بين المملكة وروسيا».
PHRASE_LOOKBACK = 3
SPEAKER_TYPES = ("PER", "ORG", "GPE")
TARGET_TYPES = ("PER", "ORG", "GPE")
# Signs that end the words a verb's subject may be read from.
SUBJECT_STOPS = frozenset({".", "؟", "?", "!", "؛", ";", ":"})
# Clitics that make a name the object of a preposition («لترامب», «بتونس»).
PREPOSITION_CLITICS = ("ب", "ل")

_Span = tuple[int, int, Entity]


@dataclass(frozen=True)
class Statement:
    """A reported statement: who voices it and where its content starts."""

    sentence: int
    speaker: str  #: entity id
    content_start: int  #: offset of the reported content in the sentence
    #: start of a mention before the content that the statement is about too: the antecedent of
    #: «الاتحاد الأوروبي الذي وصفه ترمب بأنه خصم»; -1 for none
    about: int = -1


@dataclass(frozen=True)
class _Subject:
    """What stands after a verb: a named speaker, a description naming no one, or nothing."""

    kind: str  #: "named", "unnamed", "none", or "self" for «معاليه» (the speaker named before)
    span: _Span | None = None


def _stems(tok: Token) -> list[str]:
    """match_key of the token's readings that a verb can have: bare, or after و/ف."""
    return [
        match_key(stem)
        for prefix, stem in candidate_stems(tok.text, restore_article=False)
        if tok.text[:prefix] in VERB_PROCLITICS
    ]


def _verb_stems(tok: Token) -> list[str]:
    """_stems, and each without an object pronoun: «وصفه», «اتهمها» are وصف, اتهم + him, her."""
    out = _stems(tok)
    return out + [
        s[: -len(p)] for s in out for p in OBJECT_SUFFIXES if s.endswith(p) and len(s) - len(p) >= 3
    ]


def _verb_at(tok: Token) -> bool:
    return any(key in VERB_KEYS for key in _verb_stems(tok))


def _is(tok: Token, keys: frozenset[str]) -> bool:
    """Whether the token, bare or after و/ف, is one of keys: «وفي» is «في»."""
    return any(s in keys for s in _stems(tok))


def _is_preposition(tok: Token) -> bool:
    """A preposition, bare or with a pronoun: «في», «وفي», «فيها», «عليه»."""
    return _is(tok, PREPOSITION_KEYS) or any(
        s[: -len(p)] in PREPOSITION_KEYS or s[: -len(p)] + "ى" in PREPOSITION_KEYS
        for s in _stems(tok)
        for p in OBJECT_SUFFIXES
        if s.endswith(p) and len(s) > len(p)
    )


def _verb_kind(toks: list[Token], k: int) -> str | None:
    """ "singular" or "plural" for a reporting verb at token k that reports here, else None."""
    stems = _verb_stems(toks[k])
    kind = (
        "singular" if any(s in VERB_KEYS for s in stems) else "plural" if set(stems) & PLURAL_KEYS else None
    )
    if kind is None:
        return None
    pair_after = f"{match_key(toks[k].text)} {match_key(toks[k + 1].text)}" if k + 1 < len(toks) else ""
    pair_before = f"{match_key(toks[k - 1].text)} {match_key(toks[k].text)}" if k else ""
    if pair_after in NON_VERB_KEYS or pair_before in NON_VERB_KEYS:
        return None  # «ثمن النهائي»
    ahead = toks[k + 1 : k + 1 + OPENER_REQUIRED_WINDOW]
    opener_ahead = any(match_key(t.text) in OPENER_KEYS or t.text in QUOTE_MARKS for t in ahead)
    if set(stems) & OPENER_REQUIRED_KEYS and not opener_ahead:
        return None  # «وتعتبر تركيا من أكبر...»: "is considered"
    said_ahead = any(match_key(t.text) in OPENER_KEYS for t in ahead)
    if set(stems) & RELAY_KEYS and not said_ahead and not any(_is(t, RELAY_SOURCE_KEYS) for t in ahead):
        return None  # «نقل إلى المستشفى»: moved, not reported
    return kind


def _is_participle(tok: Token) -> bool:
    return any(key in PARTICIPLE_KEYS for key in _stems(tok))


def _continues_statement(tok: Token) -> bool:
    """A coordinated verb ("واتهم") or a circumstantial participle ("داعيا", "معربا")."""
    return tok.text.startswith(("و", "ف")) or _is_participle(tok)


def _continues(text: str) -> bool:
    return text.lstrip().startswith(("و", "ف", "لكن"))


def _governed(text: str, toks: list[Token], span: _Span) -> bool:
    """Whether a preposition governs the mention: «لترامب», «في مجلس الشيوخ», «عن بيسكوف»."""
    start = span[0]
    tok = next((t for t in toks if t.start <= start < t.end), None)
    if tok is not None and start > tok.start:
        return any(c in text[tok.start : start] for c in PREPOSITION_CLITICS)
    before = [t for t in toks if t.end <= start]
    return bool(before) and before[-1].is_word and _is(before[-1], PREPOSITION_KEYS)


# Keyed by id, holding the gazetteer itself so that the id cannot be reused by another one.
_TITLE_WORDS: dict[int, tuple[Gazetteer, frozenset[str]]] = {}


def _title_first_words(gz: Gazetteer) -> frozenset[str]:
    """First words of every title head and title word in the tables («ولي» of «ولي العهد»)."""
    if id(gz) not in _TITLE_WORDS:
        _TITLE_WORDS[id(gz)] = (gz, frozenset(t.split()[0] for t in gz.title_heads | gz.title_words if t))
    return _TITLE_WORDS[id(gz)][1]


def _is_adverb(tok: Token) -> bool:
    """A time word, or an indefinite accusative such as «مجددا», «متهكما»: names no one."""
    key = match_key(tok.text)
    return _is(tok, ADVERB_KEYS) or (len(key) > 3 and key.endswith("ا") and not key.startswith(("ال", "وال")))


def find_statements(
    sentences: Sequence[Sentence], entities: Sequence[Entity], gazetteer: Gazetteer | None = None
) -> list[Statement]:
    """Attribute each reporting verb to a speaker: named after it, before it, or carried forward.

    Args:
        sentences: the article's sentences.
        entities: resolved entities; PER, ORG and GPE ones can speak.
        gazetteer: tells nationality adjectives, which close a description of an unnamed speaker
            («مسؤول تركي لـCNN»); without it that cue is not used.
    """
    spans: dict[int, list[_Span]] = {}
    for e in entities:
        if e.type in SPEAKER_TYPES:
            for m in e.mentions:
                spans.setdefault(m.sentence, []).append((m.start, m.end, e))
    statements: list[Statement] = []
    previous: str | None = None
    last_person: str | None = None  # the first person the sentence before names: «سموه»
    for sent in sentences:
        reader = _SentenceReader(sent, sorted(spans.get(sent.index, []), key=lambda x: x[0]), gazetteer)
        carry = any(p in sent.text[:40] for p in CARRY_FORWARD_PHRASES)
        found_here = False
        current: str | None = None  # the speaker of this sentence's last statement (None: unnamed)
        for k, tok in enumerate(reader.toks):
            if reader.in_mention(k):
                continue
            kind = _verb_kind(reader.toks, k)
            if kind is None:
                continue
            topic = reader.topic_marked(k)
            if topic is not None:
                # «أما كيم جونغ أون فوصف»: the fronted name speaks, not the one before.
                statements.append(Statement(sent.index, topic[2].id, tok.end))
                previous = current = topic[2].id
                found_here = True
                continue
            if found_here and _continues_statement(tok):
                # "وأدان بومبيو الهجمات، واتهم إيران": a second verb of the same speaker; the name
                # after it is whom the statement is about, not who makes it.
                if current is not None:
                    statements.append(Statement(sent.index, current, reader.content_after(k)))
                continue
            # A participle or a plural verb never has its subject after it.
            plain = not _is_participle(tok) and kind == "singular"
            subject = reader.subject_after(k) if plain else _Subject("none")
            if subject.kind == "unnamed":
                # «قال مسؤول تركي لـCNN إن»: someone unnamed speaks; later verbs are theirs too.
                found_here, current, previous = True, None, None
                continue
            adjacent = reader.adjacent_subject(k) if subject.kind == "none" else None
            earlier = reader.earlier_subject(k) if subject.kind == "none" else None
            if subject.kind == "named" and subject.span is not None:
                speaker, content = subject.span[2].id, reader.content_after(k, subject.span[1])
            elif adjacent is not None:
                speaker, content = adjacent[2].id, reader.content_after(k)  # «بومبيو يؤكد أن»
            elif found_here or subject.kind == "self":
                # «الذي قال إنه»: the voice of the sentence; «وقال معاليه»: the one named before.
                speaker = current if found_here else previous or last_person
                if speaker is None:
                    continue
                content = reader.content_after(k)
            elif earlier is not None:
                # SVO: all the subject's predicate is theirs («وكان الوزراء، قدموا دعمهم ... ودعوا
                # موسكو»), from where the name ends.
                speaker, content = earlier[2].id, earlier[1]
            elif previous is not None and (carry or k <= 2 or reader.opener_after(k)):
                if reader.after_relative(k):
                    continue  # «والتي يقول أنها»: an unnamed antecedent speaks
                speaker, content = previous, reader.content_after(k)  # "وأضاف أن", "لكنه أشار إلى"
            else:
                continue
            statements.append(Statement(sent.index, speaker, content, reader.antecedent(k)))
            previous = current = speaker
            found_here = True
        if not found_here and not carry:
            # A sentence without a statement keeps the last speaker only across one sentence.
            previous = previous if _continues(sent.text) else None
        people = [span[2].id for span in reader.mentions if span[2].type == "PER"]
        last_person = people[0] if people else None
    return statements


class _SentenceReader:
    """One sentence's tokens and speaker mentions, and the questions find_statements asks of them."""

    def __init__(self, sent: Sentence, mentions: list[_Span], gazetteer: Gazetteer | None) -> None:
        self.text = sent.text
        self.toks = tokenize(sent.text)
        self.mentions = mentions
        self.gz = gazetteer
        self.span_of: dict[int, _Span] = {}
        for span in mentions:
            for k, t in enumerate(self.toks):
                if t.end > span[0] and t.start < span[1]:
                    self.span_of.setdefault(k, span)

    def in_mention(self, k: int) -> bool:
        return k in self.span_of

    def _first_token_after(self, offset: int) -> int:
        return next((k for k, t in enumerate(self.toks) if t.start >= offset), len(self.toks))

    def subject_after(self, k: int) -> _Subject:
        """The verb's subject when it follows the verb (VSO): a name, a description, or none.

        The first name right after the verb speaks («قالت روسيا»); a person named after a
        description speaks («قال المتحدث باسم الكرملين، ديمتري بيسكوف»); a place or body inside
        the description does not («السفير الألماني بتونس», «مصادر محلية في أبين»), nor any name a
        preposition governs («قال لـCNN»).
        """
        toks = self.toks
        head_words = 0  # description words read so far (not adverbs or prepositions)
        closed = False  # an indefinite nationality adjective ended the description
        titled = False  # the description opens with a title, so a person named after it holds it
        voice: _Span | None = None  # «المتحدث باسم البيت الأبيض»: the body a spokesman speaks for
        spokesman = False
        if set(_stems(toks[k])) & RELAY_KEYS:
            return self._relayed_source(k)
        j = k + 1
        end = min(len(toks), k + 1 + SPEAKER_WINDOW)
        while j < end:
            tok = toks[j]
            if tok.text in SUBJECT_STOPS or tok.text in QUOTE_MARKS or match_key(tok.text) in OPENER_KEYS:
                break
            if _verb_at(tok) and j not in self.span_of:
                break
            span = self.span_of.get(j)
            if span is not None:
                governed = _governed(self.text, toks, span)
                person_titled = span[2].type == "PER" and titled
                if not governed and not closed and (head_words == 0 or person_titled):
                    return _Subject("named", span)
                if spokesman and voice is None and j and _is(toks[j - 1], VOICE_KEYS):
                    voice = span
                j = self._first_token_after(span[1])
                continue
            if tok.is_word:
                if _is(tok, SELF_KEYS) and head_words == 0:
                    return _Subject("self")  # «قال معاليه»: "he", the speaker before
                if head_words == 0 and (_is_preposition(tok) or self._clitic_preposition(tok)):
                    return _Subject("none")  # «وقال في بيان»، «قال لـCNN»: no subject follows
                if (head_words == 0 and _is_adverb(tok)) or _is_preposition(tok):
                    pass
                else:
                    if head_words and self.gz is not None and not match_key(tok.text).startswith("ال"):
                        closed = closed or bool(self.gz.country_of_nisba(tok.text))
                    if head_words == 0:
                        # «وأدان القادة العرب ... قرار الرئيس دونالد ترامب»: a description that is no
                        # title names no speaker, and the person after it is the object.
                        titled = self._is_title_word(tok)
                        spokesman = _is(tok, SPOKESMAN_KEYS)
                    head_words += 1
            j += 1
        if voice is not None:
            return _Subject("named", voice)  # an unnamed spokesman: the body speaks through them
        return _Subject("unnamed" if head_words else "none")

    def _is_title_word(self, tok: Token) -> bool:
        """A title head, honorific or portfolio («زعيم», «المتحدث», «معالي», «الأمين» of «الأمين
        العام»); any word when there are no tables to tell."""
        if self.gz is None:
            return True
        words = _title_first_words(self.gz)
        return any(key in words or "ال" + key in words for key in _stems(tok))

    def _clitic_preposition(self, tok: Token) -> bool:
        """«لشبكة», «لـCNN», «بتصريح»: a common noun behind a ب/ل clitic opens a phrase."""
        text = tok.text
        if text.startswith(("لـ", "بـ")):
            return True
        for clitic in ("ول", "وب", "لل", "ل", "ب"):
            if text.startswith(clitic) and len(text) - len(clitic) >= 3:
                stem = text[len(clitic) :]
                stem = "ال" + stem if clitic == "لل" else stem
                return self.gz is not None and self.gz.is_common_word(stem) and not self.gz.lookup(stem)
        return False

    def _relayed_source(self, k: int) -> _Subject:
        """«ونقلت وكالة الإعلام الروسية عن بيسكوف قوله»: the source after «عن» speaks."""
        for j in range(k + 1, min(len(self.toks), k + 1 + SPEAKER_WINDOW)):
            tok = self.toks[j]
            if match_key(tok.text) in OPENER_KEYS or tok.text in SUBJECT_STOPS:
                break
            if j not in self.span_of and tok.is_word and _is(tok, RELAY_SOURCE_KEYS):
                span = self.span_of.get(j + 1)
                return _Subject("named", span) if span is not None else _Subject("unnamed")
        # «نقلت الوكالة أن»: an outlet reporting on its own account.
        return self.subject_after_plain(k)

    def subject_after_plain(self, k: int) -> _Subject:
        span = self.span_of.get(k + 1)
        if span is not None and not _governed(self.text, self.toks, span):
            return _Subject("named", span)
        return _Subject("none")

    def _free_before(self, k: int) -> list[_Span]:
        """Names before the verb at k that can be its subject: no preposition governs them in
        their stretch of the sentence («وبشأن الوضع في سوريا، قال», «من العاصمة السعودية معلنا»)."""
        verb = self.toks[k]
        out = []
        for span in self.mentions:
            if span[1] > verb.start:
                break
            phrase = [t for t in self.toks if t.end <= span[0]][-PHRASE_LOOKBACK:]
            cut = max((j for j, t in enumerate(phrase) if not t.is_word), default=-1)
            if any(_is(t, PREPOSITION_KEYS) for t in phrase[cut + 1 :]):
                continue
            if not _governed(self.text, self.toks, span):
                out.append(span)
        return out

    def adjacent_subject(self, k: int) -> _Span | None:
        """The name right before the verb, with at most a comma between: «بومبيو يؤكد أن»."""
        free = self._free_before(k)
        if free and all(not c.isalnum() for c in self.text[free[-1][1] : self.toks[k].start]):
            return free[-1]
        return None

    def after_relative(self, k: int) -> bool:
        return k > 0 and _is(self.toks[k - 1], RELATIVE_KEYS)

    def earlier_subject(self, k: int) -> _Span | None:
        """The subject of a verb with none after it, named earlier in the sentence.

        The name a relative pronoun before the verb follows («الحريري، الذي ... معلنا»), else
        the sentence's topic: a name that opens it with no preposition before («وكان وزراء
        خارجية مجموعة السبع، قدموا ...»), a person first.
        """
        free = self._free_before(k)
        if not free:
            return None
        relative = [j for j in range(k) if _is(self.toks[j], RELATIVE_KEYS)]
        if relative:
            at = self.toks[relative[-1]].start
            antecedent = [s for s in free if s[1] <= at and not self.text[s[1] : at].strip(" ،,\"'«»")]
            if antecedent:
                return antecedent[-1]
        first_prep = next(
            (t.start for t in self.toks if t.is_word and _is(t, PREPOSITION_KEYS)), len(self.text)
        )
        opening = [
            s
            for s in free
            if s[0] < first_prep and self._first_token_after(s[0]) < TOPIC_WINDOW and self._opens(s)
        ]
        people = [s for s in opening if s[2].type == "PER"]
        return (people or opening or [None])[0]

    def _opens(self, span: _Span) -> bool:
        """Whether a name opens its sentence as a subject: nothing but particles before it
        («وكان ...»), or a title it holds («وكان وزراء خارجية مجموعة السبع»); «قمة برلين» is
        a summit, not Berlin."""
        words = [t for t in self.toks if t.end <= span[0] and t.is_word and not _is(t, PARTICLE_KEYS)]
        return not words or self._is_title_word(words[0])

    def topic_marked(self, k: int) -> _Span | None:
        """The name after «أما» when the verb at k carries «ف»: «أما كيم فوصف»."""
        if not self.toks[k].text.startswith("ف") or k < 2:
            return None
        for j in range(k - 1, max(-1, k - SPEAKER_WINDOW), -1):
            if self.toks[j].text in SUBJECT_STOPS:
                return None
            if match_key(self.toks[j].text) in TOPIC_KEYS:
                span = self.span_of.get(j + 1)
                return span if span is not None and span[1] <= self.toks[k].start else None
        return None

    def opener_after(self, k: int) -> bool:
        nxt = self.toks[k + 1] if k + 1 < len(self.toks) else None
        return nxt is None or not nxt.is_word or match_key(nxt.text) in OPENER_KEYS

    def content_after(self, k: int, offset: int | None = None) -> int:
        """Where the reported content starts after the verb at k (or after the speaker's name).

        At «إن/أن» or a colon when one follows: asides before it are not what is said («وقال أكار
        -خلال اجتماع مع باشاغا- إنه»). At an opening quote too when an aside of time or
        circumstance stands before it («وأعلن سوليفان مساء السبت في ختام لقاء مع كليمكين
        "الدعم..."»); a complement before the quote is part of what is said («أعرب عن شكره لروسيا
        على "موقفها"», «ووصف بلينكن باندور بأنها "شريكة"»). Else right after the verb or name.
        """
        start = self.toks[k].end if offset is None else offset
        first = self._first_token_after(start)
        aside = first < len(self.toks) and first not in self.span_of and self._opens_aside(self.toks[first])
        for t in self.toks:
            if t.start < start:
                continue
            if match_key(t.text) in OPENER_KEYS:
                return t.end
            if t.text in QUOTE_MARKS and aside:
                return t.start
        return start

    def _opens_aside(self, tok: Token) -> bool:
        return _is(tok, ADVERB_KEYS) or _is(tok, ASIDE_KEYS) or tok.text in ("-", "–", "(")

    def antecedent(self, k: int) -> int:
        """«الاتحاد الأوروبي الذي وصفه ترمب بأنه خصم»: a verb with an object pronoun right after a
        relative pronoun is about the name before that pronoun; its start, or -1."""
        tok = self.toks[k]
        if k < 2 or not tok.text.endswith(("ه", "ها", "هم")) or not _is(self.toks[k - 1], RELATIVE_KEYS):
            return -1
        before = [s for s in self.mentions if s[1] <= self.toks[k - 1].start]
        if before and not self.text[before[-1][1] : self.toks[k - 1].start].strip(" ،,"):
            return before[-1][0]
        return -1


def find_stances(
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    classifier: StanceClassifier,
    gazetteer: Gazetteer | None = None,
) -> list[Stance]:
    """Stances a description states, then the classifier's answer for every (speaker, actor the
    statement is about) pair.

    A description's relation noun («الداعم», «منتقدي») says its stance outright, so it needs no
    classifier; for statements the pipeline decides who speaks, about whom and where in the
    sentence, and the classifier only decides the polarity, so any StanceClassifier drops in.
    """
    by_id = {e.id: e for e in entities}
    finder = TargetFinder(sentences, entities, gazetteer)
    stances: list[Stance] = []
    seen: set[tuple[int, str, str]] = set()
    for r in finder.relations():
        if (r.sentence, r.holder, r.target) not in seen:
            seen.add((r.sentence, r.holder, r.target))
            text = sentences[r.sentence].text
            stances.append(Stance(r.holder, r.target, r.polarity, RELATION_CONFIDENCE, r.sentence, text))
    queries: list[tuple[int, str, str, int, int]] = []
    for st in find_statements(sentences, entities, gazetteer):
        for target in finder.targets(st.sentence, by_id[st.speaker], st.content_start, st.about):
            key = (st.sentence, st.speaker, target.entity)
            if key not in seen:
                seen.add(key)
                queries.append((*key, target.start, target.end))
    preds = classifier.classify(
        [
            StanceQuery(by_id[speaker].name, by_id[target].name, sentences[sentence].text, start, end)
            for sentence, speaker, target, start, end in queries
        ]
    )
    return stances + [
        Stance(speaker, target, p.polarity, p.confidence, sentence, sentences[sentence].text)
        for (sentence, speaker, target, _s, _e), p in zip(queries, preds, strict=True)
    ]
