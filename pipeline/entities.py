"""Entity resolution: tagger spans → one Entity per real-world actor, with roles and affiliations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from models.base import TaggedSpan
from pipeline.gazetteer import Gazetteer
from pipeline.lexicon.clitics import PROCLITIC_CHAINS
from pipeline.lexicon.function_words import PATRONYMIC_WORDS
from pipeline.lexicon.titles import ADDRESS_TITLES, COUNTERPART_WORDS
from pipeline.records import Entity, Mention, Sentence
from pipeline.text import Token, candidate_stems, longest_match, match_key, tokenize
from pipeline.titles import CONNECTOR_KEYS, STOP_KEYS, TitlePhrase, find_title_phrases, read_name

PLACE_TYPES = ("GPE", "LOC")
# A surname shorter than this is too ambiguous to find again on its own.
MIN_PROPAGATED_LEN = 3
# Words a title signature ignores: the article, and clitic prepositions linking an organisation.
SIGNATURE_DROP = ("ال", "بال", "لل", "وال")
# Words of address that sit between a title and a name.
HONORIFIC_KEYS = frozenset(
    match_key(w)
    for w in ("الأمير", "الشيخ", "الملك", "السلطان", "السيد", "السيدة", "الدكتور", "الأستاذ", "المشير")
)
# "نظيره الليبي": a title that borrows its office from the person named before it.
COUNTERPART_HEADS = frozenset(match_key(w) for w in COUNTERPART_WORDS)
PATRONYMIC_KEYS = frozenset(match_key(w) for w in PATRONYMIC_WORDS)


# "عبد العزيز" and "عبدالعزيز" are one name written two ways.
_ABD_SPACE = re.compile(r"(?<!\S)عبد (?=ال)")


def name_key(text: str) -> str:
    """match_key for comparing names: also joins "عبد ال…", drops hashtag signs ("#ترمب") and reads
    a hyphen as a space ("كيم جونغ-أون" is "كيم جونغ أون")."""
    return " ".join(_ABD_SPACE.sub("عبد", match_key(text).replace("#", " ").replace("-", " ")).split())


ADDRESS_KEYS = frozenset(match_key(t) for t in ADDRESS_TITLES)

#: How many times more often the most-named person must be named than the next, for a shared
#: short name ("كيم" in an article on Kim Jong-un and his sister Kim Yo-jong) to go to them.
DOMINANCE = 2


def dominant(candidates: list[_Cluster]) -> _Cluster | None:
    """The one candidate a shared short name refers to, or None when it stays ambiguous.

    A single candidate is it. Among several, a report calls by the short name the person it is
    about: the candidate named at least DOMINANCE times as often as any other; failing that, the
    one it introduced first, if named at least as often as each other (the sister or the aide
    comes later); else no guess.
    """
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    ranked = sorted(candidates, key=lambda c: -len(c.mentions))
    if len(ranked[0].mentions) >= DOMINANCE * len(ranked[1].mentions):
        return ranked[0]
    first = min(candidates, key=lambda c: min((m.sentence, m.start) for m in c.mentions))
    return first if len(first.mentions) >= len(ranked[0].mentions) else None


def _is_head(words: list[str], form: list[str]) -> bool:
    """ "كيم" for "كيم جونغ أون", "سارة" for "سارة ساندرز": one word that begins a person's full name.

    East Asian names put the family name first, and reports call people by a given name too;
    _find_cluster accepts it only when one person in the article has a name beginning so.
    """
    return len(words) == 1 and len(words[0]) >= 2 and form[0] == words[0] and words[0] not in CONNECTOR_KEYS


@dataclass
class _Cluster:
    """An entity under construction."""

    type: str
    forms: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    gazetteer_name: str | None = None
    role: TitlePhrase | None = None
    role_sentence: int = -1
    role_start: int = -1

    @property
    def keys(self) -> set[str]:
        return {name_key(f) for f in self.forms}

    @property
    def token_keys(self) -> list[list[str]]:
        return [name_key(f).split() for f in self.forms]


def compatible(a: str, b: str) -> bool:
    return a == b or (a in PLACE_TYPES and b in PLACE_TYPES)


def strip_leading_clitic(text: str, gz: Gazetteer, known: set[str]) -> int:
    """Length of a clitic a model left on a span ("بأنقرة" → 1) when the rest is a known name."""
    first = text.split(" ")[0]
    for chain in PROCLITIC_CHAINS:
        if first.startswith(chain) and len(first) - len(chain) >= 3:
            rest = text[len(chain) :]
            if gz.lookup(rest) or match_key(rest) in known or match_key(rest.split(" ")[0]) in known:
                return len(chain)
    return 0


def extend_patronymic(sentence: str, start: int, gz: Gazetteer) -> int:
    """Where a PER span starting with «بن» really starts: one word earlier when that word is a
    first name («مساعد بن محمد العيبان»), not a function word, verb, title or definite noun."""
    words = sentence[start:].split(" ", 1)
    if match_key(words[0]) not in PATRONYMIC_KEYS or start < 2 or sentence[start - 1] != " ":
        return start
    before = sentence[: start - 1]
    first = before.rsplit(" ", 1)[-1]
    if not re.fullmatch(r"[\u0621-\u064A]{2,}", first):
        return start
    keys = {match_key(stem) for _p, stem in candidate_stems(first)}
    if (
        keys & STOP_KEYS
        or keys & gz.title_heads
        or keys & gz.title_words
        or match_key(first).startswith("ال")
        or gz.country_of_nisba(first)
    ):
        return start
    return start - 1 - len(first)


def restore_article(sentence: str, start: int, text: str, gz: Gazetteer) -> str:
    """The name as written without a clitic: "للجيش" is ل + الجيش, whose alef the spelling drops.

    A mention starting right after a ل clitic with a word that begins with ل reads as ال + word
    when that form is a known name or the mention is otherwise unknown and definite-looking.
    """
    if start == 0 or sentence[start - 1] != "ل" or not text.startswith("ل") or gz.lookup(text):
        return text
    if start >= 2 and sentence[start - 2] not in ' ووف(«"':
        return text
    candidate = "ا" + text
    return candidate if gz.lookup(candidate) or len(text.split()) > 1 else text


def is_entity_text(text: str, gz: Gazetteer) -> bool:
    """False for nationality adjectives, bare titles and function words, which are not entities."""
    key = match_key(text)
    entry = gz.lookup(text)
    if entry is not None and entry.kind == "country":
        return True  # "السعودية" is the country even though it is also the feminine nisba
    if not key or key in STOP_KEYS or gz.country_of_nisba(text):
        return False
    if key in gz.title_heads or key in gz.title_words:
        return False
    if entry is None and " " not in key and gz.is_common_word(text):
        return False  # a model's one-word slip: "وسؤال", "صفحتها", "للحزب"
    return any("\u0621" <= ch <= "\u064a" or ch.isalpha() for ch in text)


def title_signature(text: str) -> set[str]:
    """Content words of a title, without articles and clitics: for matching title-only references."""
    out = set()
    for word in match_key(text).split():
        for prefix in SIGNATURE_DROP + ("ب", "و", "ل"):
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                word = word[len(prefix) :]
                break
        out.add(word)
    return out


class EntityResolver:
    """Groups mentions into entities and reads roles, affiliations and title-only references."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gz = gazetteer

    def resolve(self, sentences: Sequence[Sentence], spans: Sequence[Sequence[TaggedSpan]]) -> list[Entity]:
        tokens = [tokenize(s.text) for s in sentences]
        titles = [find_title_phrases(t, s.text, self.gz) for t, s in zip(tokens, sentences, strict=True)]
        clusters = self._cluster(sentences, spans)
        self._propagate(sentences, tokens, clusters)
        self._merge_parentheticals(sentences, clusters)
        self._assign_roles(sentences, tokens, titles, clusters)
        self._link_title_references(sentences, tokens, titles, clusters)
        return self._finish(clusters)

    # -- grouping -------------------------------------------------------------------------------
    def _cluster(
        self, sentences: Sequence[Sentence], spans: Sequence[Sequence[TaggedSpan]]
    ) -> list[_Cluster]:
        raw: list[tuple[Mention, str, float]] = []
        restored: dict[tuple[int, int], str] = {}
        known = {
            match_key(s.text[sp.start : sp.end])
            for s, sent_spans in zip(sentences, spans, strict=True)
            for sp in sent_spans
        }
        # Surnames too: "وكاميلاري" is و + the last word of the person "بيرون كاميلاري".
        known |= {
            match_key(s.text[sp.start : sp.end]).split()[-1]
            for s, sent_spans in zip(sentences, spans, strict=True)
            for sp in sent_spans
            if sp.label == "PER" and len(s.text[sp.start : sp.end].split()) >= 2
        }
        for sent, sent_spans in zip(sentences, spans, strict=True):
            for sp in sent_spans:
                start, end = sp.start, sp.end
                start += strip_leading_clitic(sent.text[start:end], self.gz, known)
                if sp.label == "PER":
                    start = extend_patronymic(sent.text, start, self.gz)
                text = sent.text[start:end].strip()
                if not text or not is_entity_text(text, self.gz):
                    continue
                label = sp.label
                entry = self.gz.lookup(text)
                if entry:  # the tables know "سول" is a city whatever a model called it
                    label = entry.type
                raw.append((Mention(sent.index, start, start + len(text), text), label, sp.score))
                form = restore_article(sent.text, start, text, self.gz)
                if form != text:
                    restored[(sent.index, start)] = form
        # Longer forms first, so that "أكار" joins "خلوصي أكار" whichever comes first in the text.
        order = sorted(range(len(raw)), key=lambda k: (-len(raw[k][0].text.split()), k))
        clusters: list[_Cluster] = []
        for k in order:
            mention, label, score = raw[k]
            form = restored.get((mention.sentence, mention.start), mention.text)
            target = self._find_cluster(clusters, form, label)
            if target is None:
                target = _Cluster(type=label)
                entry = self.gz.lookup(form)
                target.gazetteer_name = entry.name if entry else None
                clusters.append(target)
            target.forms.append(restored.get((mention.sentence, mention.start), mention.text))
            target.mentions.append(mention)
            target.scores.append(score)
        return self._split_pairs(merge_type_splits(clusters))

    def _split_pairs(self, clusters: list[_Cluster]) -> list[_Cluster]:
        """Give back to two people the spans that name both side by side («سيلتقي مون كيم»).

        Done once every cluster exists, so that the short names can find their full names
        wherever those stand in the text.
        """
        for c in [c for c in clusters if c.type == "PER"]:
            paired = [k for k, m in enumerate(c.mentions) if len(m.text.split()) >= 2]
            if not paired or len({name_key(c.mentions[k].text) for k in paired}) > 1:
                continue
            others = [o for o in clusters if o is not c]
            pieces = {k: self._two_people(others, c.mentions[k], c.type) for k in paired}
            if not all(pieces.values()):
                continue
            # A short name that joined the pair span («كيم» to «كيم ترمب») finds its person again.
            moved = {
                k: [(c.mentions[k], self._find_cluster(others, c.mentions[k].text, c.type))]
                for k in range(len(c.mentions))
                if k not in pieces
            }
            for k, split in {**pieces, **moved}.items():
                for piece, owner in split or ():
                    target = owner or c
                    if target is not c:
                        target.forms.append(piece.text)
                        target.mentions.append(piece)
                        target.scores.append(c.scores[k])
            kept = [k for k, split in moved.items() if split[0][1] is None]
            if not kept:
                clusters.remove(c)
                continue
            c.mentions = [c.mentions[k] for k in kept]
            c.scores = [c.scores[k] for k in kept]
            c.forms = [m.text for m in c.mentions]
        return clusters

    def _two_people(
        self, clusters: list[_Cluster], mention: Mention, label: str
    ) -> list[tuple[Mention, _Cluster]] | None:
        """ "سيلتقي مون كيم": one span over two people named side by side (verb, subject, object).

        Split where both sides are short names of two different people already known, else None.
        """
        words = mention.text.split()
        if label != "PER" or len(words) < 2:
            return None
        for cut in range(1, len(words)):
            left, right = " ".join(words[:cut]), " ".join(words[cut:])
            a, b = self._find_cluster(clusters, left, label), self._find_cluster(clusters, right, label)
            if a is not None and b is not None and a is not b:
                at = mention.start + mention.text.index(right, len(left))
                return [
                    (Mention(mention.sentence, mention.start, mention.start + len(left), left), a),
                    (Mention(mention.sentence, at, at + len(right), right), b),
                ]
        return None

    def _find_cluster(self, clusters: list[_Cluster], text: str, label: str) -> _Cluster | None:
        key = name_key(text)
        words = key.split()
        entry = self.gz.lookup(text)
        for c in clusters:
            if not compatible(c.type, label):
                continue
            if key in c.keys:
                return c
            if entry and c.gazetteer_name and entry.name == c.gazetteer_name:
                return c
        candidates = []
        for c in clusters:
            if not compatible(c.type, label):
                continue
            for form in c.token_keys:
                if (
                    label == "PER"
                    and len(words) < len(form)
                    and (_is_name_part(words, form) or _is_head(words, form))
                ):
                    candidates.append(c)
                    break
                if label == "ORG" and len(words) >= 2 and form[: len(words)] == words:
                    candidates.append(c)
                    break
        return dominant(candidates)

    # -- finding the names again --------------------------------------------------------------
    def _propagate(
        self, sentences: Sequence[Sentence], tokens: list[list[Token]], clusters: list[_Cluster]
    ) -> None:
        """Add mentions the tagger missed: full names and surnames of people, other names as seen."""
        patterns: dict[str, _Cluster | None] = {}
        for c in clusters:
            for form in c.forms:
                keys = [match_key(form)]
                if c.type == "PER" and len(form.split()) >= 2:
                    last = form.split()[-1]
                    if len(last) >= MIN_PROPAGATED_LEN and match_key(last) not in STOP_KEYS:
                        keys.append(match_key(last))
                for key in keys:
                    if key in patterns and patterns[key] is not c:
                        patterns[key] = None  # two entities share it: ambiguous
                    else:
                        patterns.setdefault(key, c)
        covered = {(m.sentence, i) for c in clusters for m in c.mentions for i in range(m.start, m.end)}
        known = {k for k, c in patterns.items() if c is not None}
        max_len = max((len(k.split()) for k in known), default=0)
        for sent, toks in zip(sentences, tokens, strict=True):
            i = 0
            while i < len(toks):
                # Only a name's own letters are taken: no restored article ("بالانقلابي" stays whole).
                hit = longest_match(toks, i, known, max_len, restore_article=False)
                if hit is None:
                    i += 1
                    continue
                prefix, j, key = hit
                cluster = patterns[key]
                start, end = toks[i].start + prefix, toks[j - 1].end
                if any((sent.index, p) in covered for p in range(start, end)):
                    i += 1
                    continue
                text = sent.text[start:end]
                cluster.mentions.append(Mention(sent.index, start, end, text))
                cluster.forms.append(text)
                cluster.scores.append(min(cluster.scores) if cluster.scores else 0.5)
                covered.update((sent.index, p) for p in range(start, end))
                i = j

    def _merge_parentheticals(self, sentences: Sequence[Sentence], clusters: list[_Cluster]) -> None:
        """ "الحكومة الوطنية الليبية (حكومة الوفاق)": a name and its bracketed other name are one actor."""
        by_mention = {(m.sentence, m.start, m.end): c for c in clusters for m in c.mentions}
        ordered = sorted(by_mention)
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a[0] != b[0]:
                continue
            between = sentences[a[0]].text[a[2] : b[1]].strip()
            ca, cb = by_mention[a], by_mention[b]
            if between == "(" and ca is not cb and compatible(ca.type, cb.type):
                ca.forms.extend(cb.forms)
                ca.mentions.extend(cb.mentions)
                ca.scores.extend(cb.scores)
                ca.gazetteer_name = ca.gazetteer_name or cb.gazetteer_name
                clusters.remove(cb)
                for m in cb.mentions:
                    by_mention[(m.sentence, m.start, m.end)] = ca

    # -- roles ----------------------------------------------------------------------------------
    def _assign_roles(self, sentences, tokens, titles, clusters) -> None:
        person_starts: dict[int, list[int]] = {}
        for c in clusters:
            if c.type == "PER":
                for m in c.mentions:
                    person_starts.setdefault(m.sentence, []).append(m.start)
        for c in clusters:
            if c.type != "PER":
                continue
            # The most telling title the article gives them: one naming a single country (two
            # are a list of two people's titles: «بين الزعيم الكوري الشمالي والرئيس الأمريكي ترامب»),
            # then any country, then the longest, then the first («الملك سلمان» in a headline,
            # «العاهل السعودي الملك سلمان» below).
            best = None
            for m in sorted(c.mentions, key=lambda m: (m.sentence, m.start)):
                phrase = self._title_before(tokens[m.sentence], titles[m.sentence], m.start)
                before = phrase is not None
                phrase = phrase or self._title_after(
                    sentences[m.sentence], titles[m.sentence], m.end, person_starts.get(m.sentence, ())
                )
                if phrase:
                    # A title before the name outranks one after it: right after a name with no
                    # comma, a title is as often the verb's object («ووصف ترامب الزعيم الكوري
                    # الشمالي بأنه») as an apposition.
                    apposed = before or sentences[m.sentence].text[m.end : phrase.char_start].strip() != ""
                    rank = (
                        apposed,
                        len(phrase.countries) == 1,
                        bool(phrase.countries),
                        len(phrase.text.split()),
                    )
                    if best is None or rank > best[0]:
                        best = (rank, phrase, m.sentence)
            if best is not None:
                c.role, c.role_sentence, c.role_start = best[1], best[2], best[1].char_start
        for c in clusters:
            if c.role is not None and c.role.head in COUNTERPART_HEADS:
                self._resolve_counterpart(c, clusters, titles[c.role_sentence])

    def _resolve_counterpart(self, c: _Cluster, clusters: list[_Cluster], phrases: list[TitlePhrase]) -> None:
        """ "وزير الدفاع الإيطالي X ونظيره الليبي Y": Y's title is وزير الدفاع الليبي.

        The counterpart is whichever is nearer before Y in the same sentence: a person with a
        title of their own, or a title («التقى وزير الخارجية الأمريكي نظيره السعودي»); that
        title minus its nationality and organisation, plus Y's.
        """
        assert c.role is not None
        own = min(m.start for m in c.mentions if m.sentence == c.role_sentence)
        best = None
        for other in clusters:
            if other is c or other.role is None or other.role.head in COUNTERPART_HEADS:
                continue
            starts = [m.start for m in other.mentions if m.sentence == c.role_sentence and m.start < own]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), other.role)
        before = [p for p in phrases if p.char_end <= c.role.char_start and p.head not in COUNTERPART_HEADS]
        if before and (best is None or before[-1].char_start > best[0]):
            best = (before[-1].char_start, before[-1])
        if best is None:
            return
        base = []
        for word in best[1].text.split():
            if self.gz.country_of_nisba(word) or word.startswith(("ب", "لدى")) and len(base) > 1:
                break
            base.append(word)
        nationality = c.role.text.split()[1:]
        c.role = replace(c.role, text=" ".join(base + nationality), head=best[1].head)

    @staticmethod
    def _title_before(toks: list[Token], phrases: list[TitlePhrase], start: int) -> TitlePhrase | None:
        """The title right before a name; an office before an honorific is one role with it.

        «العاهل السعودي، الملك سلمان»: the role is «العاهل السعودي الملك», so that a later
        «العاهل السعودي» finds the king by his office and country. Only a title of address
        (ADDRESS_TITLES) joins the office before it.
        """
        for p in phrases:
            if p.end < len(toks) and toks[p.end].start <= start:
                rest = [t for t in toks[p.end :] if t.start < start]
                if all(t.text in ("،", ",") for t in rest):
                    outer = next(
                        (
                            q
                            for q in phrases
                            if q.end <= p.start and all(t.text in ("،", ",") for t in toks[q.end : p.start])
                        ),
                        None,
                    )
                    if outer is None or outer is p or p.head not in ADDRESS_KEYS:
                        return p
                    return replace(
                        outer,
                        end=p.end,
                        char_end=p.char_end,
                        text=f"{outer.text} {p.text}",
                        countries=tuple(dict.fromkeys(outer.countries + p.countries)),
                        orgs=outer.orgs + p.orgs,
                        places=outer.places + p.places,
                    )
        return None

    @staticmethod
    def _title_after(
        sent, phrases: list[TitlePhrase], end: int, person_starts: Sequence[int]
    ) -> TitlePhrase | None:
        """A title in apposition after a name («كيم، الزعيم الكوري»), unless it introduces the
        next name: in «وسيلتقي كيم الرئيس الكوري الجنوبي مون» the title is Moon's."""
        for p in phrases:
            gap = sent.text[end : p.char_start]
            if p.char_start >= end and gap.strip() in ("", "،", ","):
                introduces = any(
                    s >= p.char_end and sent.text[p.char_end : s].strip() in ("", "،", ",")
                    for s in person_starts
                )
                return None if introduces else p
        return None

    def _link_title_references(self, sentences, tokens, titles, clusters) -> None:
        """A title with no name after it ("وزير الدفاع التركي") refers to whoever holds it here."""
        people = [c for c in clusters if c.type == "PER" and c.role is not None]
        covered = {(m.sentence, m.start) for c in clusters for m in c.mentions}
        for sent, toks, phrases in zip(sentences, tokens, titles, strict=True):
            for p in phrases:
                if (
                    read_name(toks, p.end, self.gz)
                    and p.end < len(toks)
                    and any(
                        (sent.index, toks[p.end].start) == k
                        or (sent.index, toks[min(p.end + 1, len(toks) - 1)].start) == k
                        for k in covered
                    )
                ):
                    continue  # the title introduces a name: not a reference
                if any(c.role_sentence == sent.index and c.role_start == p.char_start for c in people):
                    continue  # someone's own title
                holder = self._holder_of(p, people, (sent.index, p.char_start))
                if holder is not None and (sent.index, p.char_start) not in covered:
                    holder.mentions.append(Mention(sent.index, p.char_start, p.char_end, p.text))
                    holder.scores.append(min(holder.scores))
                    covered.add((sent.index, p.char_start))

    def _holder_of(self, phrase: TitlePhrase, people: list[_Cluster], at: tuple[int, int]) -> _Cluster | None:
        """The one person whose title this is; among several, the one named just before it.

        «وأعلن مكتب بومبيو أن وزير الخارجية تحادث مع نظيره»: three foreign ministers in the
        article, and the one named earlier in the same or the previous sentence is meant.
        """
        sig = title_signature(phrase.text)
        generic = phrase.head in self.gz.generic_titles
        matches = []
        for c in people:
            role = c.role
            assert role is not None
            if phrase.countries and not set(phrase.countries) & set(role.countries):
                continue
            if generic:
                # "المسؤول الليبي", "الوزير التركي": the country decides.
                if phrase.countries:
                    matches.append(c)
            elif sig <= title_signature(role.text):
                matches.append(c)
        if len(matches) == 1:
            return matches[0]
        recent = [
            (max(before), c)
            for c in matches
            if (before := [(m.sentence, m.start) for m in c.mentions if (m.sentence, m.start) < at])
            and max(before)[0] >= at[0] - 1
        ]
        recent.sort(key=lambda r: r[0])
        if recent and (len(recent) == 1 or recent[-1][0][0] > recent[-2][0][0]):
            return recent[-1][1]
        # «التقى معالي وزير الخارجية عادل الجبير وزير خارجية روسيا سيرجي لافروف ... ووصف معالي
        # وزير الخارجية»: a report gives its own side's officials the bare title and foreign ones
        # their country, so a later bare title repeats the one person introduced by it word for
        # word. Only an office with a portfolio: a lone «الرئيس» may be anyone's president.
        if generic or phrase.countries or len(sig) < 2:
            return None
        exact = [
            c
            for c in matches
            if c.role is not None
            and title_signature(self._role_text(c.role)) == sig
            and min((m.sentence, m.start) for m in c.mentions) < at
        ]
        return exact[0] if len(exact) == 1 else None

    # -- output ---------------------------------------------------------------------------------
    def _finish(self, clusters: list[_Cluster]) -> list[Entity]:
        for c in clusters:
            c.mentions.sort(key=lambda m: (m.sentence, m.start))
        clusters.sort(key=lambda c: (c.mentions[0].sentence, c.mentions[0].start))
        ids = {id(c): f"e{n}" for n, c in enumerate(clusters, 1)}
        entities = []
        for c in clusters:
            name = self._canonical_name(c)
            aliases = [name]
            seen = {match_key(name)}
            for m in c.mentions:
                if (
                    match_key(m.text) not in seen
                    and is_entity_text(m.text, self.gz)
                    and not self._is_title_ref(c, m)
                ):
                    seen.add(match_key(m.text))
                    aliases.append(m.text)
            entities.append(
                Entity(
                    id=ids[id(c)],
                    type=c.type,
                    name=name,
                    name_en=self._english(c, name),
                    aliases=tuple(aliases),
                    mentions=tuple(c.mentions),
                    role=self._role_text(c.role) if c.role else None,
                    affiliation=self._affiliation(c, clusters, ids),
                    confidence=sum(c.scores) / len(c.scores) if c.scores else 0.5,
                )
            )
        return entities

    def _role_text(self, role: TitlePhrase) -> str:
        """The title without honorifics that only precede the name ("ولي العهد السعودي الأمير")."""
        words = role.text.split()
        while len(words) > 1 and match_key(words[-1]) in HONORIFIC_KEYS:
            words.pop()
        return " ".join(words)

    @staticmethod
    def _is_title_ref(c: _Cluster, m: Mention) -> bool:
        return m.text not in c.forms

    def _canonical_name(self, c: _Cluster) -> str:
        if c.gazetteer_name and c.type != "PER":
            return c.gazetteer_name
        forms = [f for f in c.forms if f]
        return max(forms, key=lambda f: (len(f.split()), -c.forms.index(f)))

    def _english(self, c: _Cluster, name: str) -> str | None:
        for form in [name, *c.forms]:
            en = self.gz.english_name(form)
            if en:
                return en
        if c.type == "PER":
            parts = [self.gz.english_name(w) for w in name.split()]
            if parts and all(parts):
                return " ".join(p for p in parts if p)
        return None

    def _affiliation(self, c: _Cluster, clusters: list[_Cluster], ids: dict[int, str]) -> str | None:
        if c.role is None:
            return None
        sentence, role = c.role_sentence, c.role
        for other in clusters:
            if other.type == "ORG" and any(
                m.sentence == sentence and role.char_start <= m.start < role.char_end for m in other.mentions
            ):
                return ids[id(other)]
        for code in c.role.countries:
            for other in clusters:
                entry = self.gz.lookup(other.gazetteer_name or "") if other.gazetteer_name else None
                if other.type in PLACE_TYPES and entry and entry.kind == "country" and entry.country == code:
                    return ids[id(other)]
        return None


def merge_type_splits(clusters: list[_Cluster]) -> list[_Cluster]:
    """One name, one actor: a cluster typed differently from a larger one with the same name joins it.

    A model may tag one of five "حفتر" as ORG; that mention belongs to the person, whose type the
    majority of mentions decides. A surname joins the person whose full name ends with it.
    Place types (GPE/LOC) are already one family and are never split.
    """
    order = sorted(range(len(clusters)), key=lambda k: (-len(clusters[k].mentions), k))
    kept: list[_Cluster] = []
    for k in order:
        c = clusters[k]
        words_of = [key.split() for key in c.keys]
        host = next(
            (
                big
                for big in kept
                if not compatible(big.type, c.type)
                and (
                    c.keys & big.keys
                    or (
                        big.type == "PER"
                        and any(
                            _is_name_part(w, f) for w in words_of for f in big.token_keys if len(w) < len(f)
                        )
                    )
                )
            ),
            None,
        )
        if host is None:
            kept.append(c)
            continue
        host.forms.extend(c.forms)
        host.mentions.extend(c.mentions)
        host.scores.extend(c.scores)
    # Back in the order the clusters were built.
    position = {id(c): k for k, c in enumerate(clusters)}
    return sorted(kept, key=lambda c: position[id(c)])


def _is_name_part(words: list[str], form: list[str]) -> bool:
    """ "أكار" is part of "خلوصي أكار"; "محمد بن سلمان" contains "بن سلمان"? only tails and heads count."""
    n = len(words)
    # "سلمان" names "سلمان بن عبدالعزيز": a first name followed by بن is how such people are called.
    return form[-n:] == words or (form[:n] == words and (n >= 2 or form[n] in CONNECTOR_KEYS))
