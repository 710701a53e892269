"""Meeting and dated-event extraction from trigger words, with participants, place and date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from pipeline.dates import DateMention, find_dates
from pipeline.gazetteer import Gazetteer
from pipeline.lexicon.events import (
    ATTENDANCE_WORDS,
    BETWEEN_BRIDGES,
    BETWEEN_WORDS,
    BILATERAL_WORDS,
    DUAL_REFERENCES,
    EACH_OF_MARKERS,
    EVENT_TRIGGERS,
    GENERIC_EVENT_WORDS,
    HOSTING_VERBS,
    KIND_PRIORITY,
    MULTILATERAL_WORDS,
    OTHER_EVENT_WINDOW,
    OTHER_EVENT_WORDS,
    PLUPERFECT_AUXILIARIES,
    PLUPERFECT_PARTICLES,
    PREPARATION_WORDS,
    REFERENCE_MODIFIERS,
    REFERENCE_WORDS,
    REPETITION_WORDS,
    SPAN_WORDS,
    TRAVEL_WORDS,
    TRIGGER_TENSES,
)
from pipeline.lexicon.reporting import ATTRIBUTION_WORDS, RELATIVE_PRONOUNS, REPORTING_VERBS
from pipeline.records import MEETING_KINDS, Entity, Event, Sentence
from pipeline.text import Token, candidate_stems, match_key, tokenize

CLAUSE_BREAKS = frozenset({"،", ",", "؛", ";"})
NAME_FILLER = "name"
# How many words after «، و» a name may come and still continue a list of titled names.
APPOSITION_WORDS = 5  # a word no table holds, standing for the inner words of a name
# A sentence with no meeting in it still dates things; keep the timeline readable.
MAX_DATED_PER_SENTENCE = 2
MAX_INVOLVED = 6
REPORTING_KEYS = frozenset(match_key(v) for v in REPORTING_VERBS)
ATTRIBUTION_KEYS = frozenset(match_key(w) for w in ATTRIBUTION_WORDS)
SPEECH_OPENERS = frozenset(match_key(w) for w in ("إن", "إنه", "أن", "أنه", "إنها", "أنها", "إنهم", "أنهم"))
# «أعلن بومبيو أنه سيلتقي كيم»: with the pronoun, the reporter is the one who meets.
SELF_OPENERS = frozenset(match_key(w) for w in ("إنه", "أنه", "إنها", "أنها", "إنهم", "أنهم"))
TOPIC_WORDS = frozenset(match_key(w) for w in ("حول", "بشأن", "حيال", "تناول", "لبحث", "لمناقشة", "عن"))
TRIGGER_KEYS = {match_key(k): v for k, v in EVENT_TRIGGERS.items()}
GENERIC_KEYS = {match_key(w) for w in GENERIC_EVENT_WORDS}
MULTI_KEYS = {match_key(w) for w in MULTILATERAL_WORDS}
BILATERAL_KEYS = {match_key(w) for w in BILATERAL_WORDS}
INSTRUMENT_KEYS = {match_key("الهاتف")}
REFERENCE_KEYS = {match_key(w) for w in REFERENCE_WORDS}
SPAN_KEYS = {match_key(w) for w in SPAN_WORDS}
MODIFIER_KEYS = {match_key(w) for w in REFERENCE_MODIFIERS}
PREPARATION_KEYS = {match_key(w) for w in PREPARATION_WORDS}
OTHER_EVENT_KEYS = {match_key(w) for w in OTHER_EVENT_WORDS}
HOSTING_KEYS = {match_key(w) for w in HOSTING_VERBS}
TRAVEL_KEYS = {match_key(w) for w in TRAVEL_WORDS}
BETWEEN_KEYS = {match_key(w) for w in BETWEEN_WORDS}
BRIDGE_KEYS = {match_key(w) for w in BETWEEN_BRIDGES}
ATTENDANCE_KEYS = {match_key(w) for w in ATTENDANCE_WORDS}
TENSE_KEYS = {match_key(w): t for w, t in TRIGGER_TENSES.items()}
REPETITION_KEYS = {match_key(w): n for w, n in REPETITION_WORDS.items()}
DUAL_KEYS = {match_key(w) for w in DUAL_REFERENCES}
AUXILIARY_KEYS = {match_key(w) for w in PLUPERFECT_AUXILIARIES}
PARTICLE_KEYS = {match_key(w) for w in PLUPERFECT_PARTICLES}
# «كلاً من»: the markers as whole words, short vowels and tanwin allowed after any letter
# («بشكل منفصل» holds no «كل من»).
EACH_OF_PATTERNS = tuple(
    re.compile(
        r"(?<!\S)" + r"\s+".join("".join(re.escape(ch) + "[\u064b-\u0652]*" for ch in w) for w in m.split())
    )
    for m in EACH_OF_MARKERS
)
# How far (in words) after the trigger "بين" may open the list of who met, and "مرتين" count them.
BETWEEN_WINDOW = 6
REPETITION_WINDOW = 6
RELATIVE_KEYS = {match_key(w) for w in RELATIVE_PRONOUNS}
# How many words before a trigger a PREPARATION_WORDS word makes it a goal («لبحث ترتيبات القمة»).
PREPARATION_LOOKBACK = 2
# How many words before a date "منذ" makes it the start of a span of time, not an event's day.
SINCE_WINDOW = 6
# Kinds that need a date in their own sentence to be worth a place on the timeline.
DATED_ONLY_KINDS = ("agreement",)
# How far (in characters) from the trigger word a place may be to count as the venue.
CITY_WINDOW_BEFORE = 40
CITY_WINDOW_AFTER = 120
# Past this many characters after the trigger a city needs في/بـ/العاصمة to be the venue:
# «المحادثات بين ترامب وبوتن ... بسبب موقف واشنطن» names a government, not a place.
CITY_WINDOW_CLOSE = 40
COUNTRY_WINDOW_AFTER = 40


@dataclass
class _Draft:
    kind: str
    sentence: int
    trigger: str | None  # None for a dated happening without a trigger word
    participants: list[str] = field(default_factory=list)
    location: str | None = None
    date: DateMention | None = None
    definite: bool = False  # "الاجتماع": refers back to a meeting already told
    multilateral: bool = False
    people: set[str] = field(default_factory=set)  # which participants are persons
    times: int = 1  # «التقيا مرتين»: the same pair met this many times
    listed: bool = False  # participants listed after «بين»: a reference back needs one of them
    background: bool = False  # «وكان كيم قد التقى»: an earlier time, inherits no date or place
    other: bool = False  # «القمة المقبلة»: another event, never merged into an earlier one
    tense: str = ""  # "future" («سيلتقي»), "past" («التقى»), or "" when the trigger does not say


class Trigger(NamedTuple):
    """The word that reports an event in a clause, and what it says of that event."""

    kind: str
    word: str  #: the trigger without its clitics
    definite: bool  #: "الاجتماع": may refer back to an event already told
    multilateral: bool  #: followed by «الثلاثي» and the like
    bilateral: bool  #: followed by «ثنائي» and the like
    offset: int  #: where its token starts in the sentence
    referred: bool  #: only names an event the sentence refers to («بعد القمة»)
    other: bool = False  #: «القمة المقبلة»: another event than any told, never merged into one


def find_trigger(tokens: list[Token]) -> Trigger | None:
    """The main trigger of a clause.

    "ثلاثي" / "ثنائيان" count only right after the trigger ("اجتماعا ثلاثيا", "لقاءان ثنائيان"):
    elsewhere they describe something else ("العلاقات الثنائية"). The most specific kind wins,
    except over a trigger right after a REFERENCE_WORDS word, which loses to any other.
    """
    found: list[tuple[bool, int, str, str, bool, int, int]] = []
    words = [t for t in tokens if t.is_word]
    for k, tok in enumerate(words):
        for prefix, stem in candidate_stems(tok.text):
            key = match_key(stem)
            if key in GENERIC_KEYS:
                break
            kind = TRIGGER_KEYS.get(key)
            if kind:
                # «دعوة لزيارة المملكة ... خلال زيارة إلى بيروت»: an indefinite trigger with لـ
                # names a goal, and gives way to one that tells an event, like one after «بعد».
                # With the article («كرست صفحتها للزيارة») it names the event told.
                goal = tok.text[:prefix].endswith("ل") and not match_key(stem).startswith("ال")
                goal = goal or _prepared(words, tok.start)
                # The word before the trigger, or the one before that past «آخر» («منذ آخر محادثات»).
                before = [match_key(w.text) for w in words[max(0, k - 2) : k]]
                before = before[:-1] if before and before[-1] in MODIFIER_KEYS else before[-1:]
                if before and before[-1] in SPAN_KEYS:
                    break
                referred = goal or (bool(before) and before[-1] in REFERENCE_KEYS)
                found.append(
                    (referred, KIND_PRIORITY.index(kind), kind, stem, _is_definite(stem), tok.start, k)
                )
                break
    if not found:
        return None
    # A trigger the sentence only refers back to («بعد القمة») gives way to any other.
    referred, _rank, kind, stem, definite, offset, k = min(found, key=lambda f: f[:2])
    after = match_key(words[k + 1].text) if k + 1 < len(words) else ""
    following = {match_key(w.text) for w in words[k + 1 : k + 1 + OTHER_EVENT_WINDOW]}
    other = bool(following & OTHER_EVENT_KEYS)
    return Trigger(
        kind,
        stem,
        definite and not other,
        after in MULTI_KEYS,
        after in BILATERAL_KEYS,
        offset,
        referred,
        other,
    )


def _is_definite(stem: str) -> bool:
    """ "الاجتماع", "القمة": a trigger noun with the article, which may refer back to an event told.

    Not a verb that merely begins with ال ("التقى") nor the instrument in «عبر الهاتف».
    """
    key = match_key(stem)
    return key.startswith("ال") and key[2:] in TRIGGER_KEYS and key not in INSTRUMENT_KEYS


def nearest_date(dates: list[DateMention], offset: int) -> DateMention | None:
    """The date that belongs to the event: a day before a month before a year, then the nearest.

    A bare year in the same sentence is usually background ("منذ الحرب الكورية عام 1953").
    """
    if not dates:
        return None
    return min(dates, key=lambda d: (len(d.value or "") < 7, abs(d.start - offset)))


class EventExtractor:
    """Reads events sentence by sentence, then merges repeated mentions of one event."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gz = gazetteer

    def extract(
        self, sentences: Sequence[Sentence], entities: Sequence[Entity], publication_date: dt.date | None
    ) -> list[Event]:
        by_sentence: dict[int, list[tuple[int, Entity]]] = {}
        names: dict[int, list[tuple[int, int]]] = {}
        for e in entities:
            for m in e.mentions:
                by_sentence.setdefault(m.sentence, []).append((m.start, e))
                names.setdefault(m.sentence, []).append((m.start, m.end))
        person_ids = {e.id for e in entities if e.type == "PER"}
        drafts: list[_Draft] = []
        for sent in sentences:
            toks = _mask_names(tokenize(sent.text), names.get(sent.index, []))
            mentioned_all = sorted(by_sentence.get(sent.index, []), key=lambda x: x[0])
            # A month inside a name is no date («لويجي دي مايو», «جامعة 6 أكتوبر»).
            named = [
                span
                for span, (_st, e) in zip(
                    names.get(sent.index, []), by_sentence.get(sent.index, []), strict=True
                )
                if e.type in ("PER", "ORG")
            ]
            dates_all = [
                d
                for d in find_dates(sent.text, publication_date)
                if d.value and not any(a < d.end and d.start < b for a, b in named)
            ]
            people_at = [
                span
                for span, (st, e) in zip(
                    names.get(sent.index, []), by_sentence.get(sent.index, []), strict=True
                )
                if e.type == "PER"
            ]
            clauses = [
                (a, b, find_trigger([t for t in toks if a <= t.start < b]))
                for a, b in _clauses(toks, people_at)
            ]
            triggered = [(a, b, trig) for a, b, trig in clauses if trig is not None]
            primary: list[_Draft] = []
            used: list[DateMention] = []
            for n, (a, b, trig) in enumerate(triggered):
                # The first reported event owns the sentence's names and dates. A later clause
                # with a date of its own is another event ("، تمهيدا للقمة التي تجمع القادة
                # غدا"); one without only says more about the first ("، الذي يقوم بزيارة
                # رسمية"), whose kind it may sharpen: a reception during a visit is the visit.
                # A definite trigger («القمة») keeps to its clause and what follows: speakers
                # named before it are not its participants.
                # It owns them up to a later clause that names people of its own («تأتي زيارة
                # لافروف قبيل قمة بين ترمب وكيم»: Trump and Kim are the summit's).
                after = [
                    x
                    for x, y, t in triggered[n + 1 :]
                    if t.kind in MEETING_KINDS and _names_people(toks, mentioned_all, x, y)
                ]
                lo, hi = (
                    (a if trig.definite else 0, after[0] if after else len(sent.text)) if n == 0 else (a, b)
                )
                mentioned = [(s, e) for s, e in mentioned_all if lo <= s < hi]
                own_dates = [d for d in dates_all if a <= d.start < b]
                if n > 0 and not own_dates and not _names_people(toks, mentioned, a, b):
                    for d in primary:
                        if (
                            d.kind in MEETING_KINDS
                            and not trig.referred  # «في أعقاب قمة سنغافورة» says when, not what
                            and KIND_PRIORITY.index(trig.kind) < KIND_PRIORITY.index(d.kind)
                        ):
                            d.kind = trig.kind
                    continue
                other = [
                    d
                    for m, (x, y, _t) in enumerate(triggered)
                    if m != n
                    for d in dates_all
                    if x <= d.start < y
                ]
                dates = own_dates or ([d for d in dates_all if d not in other] if n == 0 else [])
                if trig.kind in MEETING_KINDS:
                    # «أول قمة منذ العام 2007»: a date after "منذ" starts a span, it dates no meeting.
                    dates = [d for d in dates if not _after_since(toks, d.start)]
                # «قال بيسكوف، الاثنين، إن المحادثات ...»: the day dates the statement, not the talks.
                reporter = _reporter_span_before(toks, trig.offset)
                source = _attribution_after(toks, trig.offset)
                dates = [
                    d
                    for d in dates
                    if not (reporter[0] <= d.start < reporter[1] or source[0] <= d.start < source[1])
                ]
                mentioned = [(s, e) for s, e in mentioned if not source[0] <= s < source[1]]
                # The venue may follow in clauses no trigger owns («، الذي كان في استقباله لدى
                # وصوله إلى الرياض»): look for it up to the next triggered clause.
                upto = triggered[n + 1][0] if n + 1 < len(triggered) else len(sent.text)
                places = mentioned + [
                    (s, e) for s, e in mentioned_all if b <= s < upto and (s, e) not in mentioned
                ]
                made = self._drafts(
                    sent, toks, trig, mentioned, nearest_date(dates, trig.offset), reporter, places
                )
                used.extend(d.date for d in made if d.date is not None)
                attendees = _attendees(toks, trig.offset, mentioned_all)
                for d in made:
                    d.tense = TENSE_KEYS.get(match_key(trig.word), "")
                    # A goal («لبحث ترتيبات القمة») is not told at the time and place of the lead.
                    d.background = _pluperfect(toks, a, trig.offset) or _prepared(toks, trig.offset)
                    d.other = trig.other
                    if d.kind in MEETING_KINDS and d.kind != "call":
                        d.participants = _unique(d.participants + attendees)
                if _names_a_pair(toks):
                    for d in made:
                        _fill_pair(d, drafts, person_ids)
                primary = primary or made
                drafts.extend(made)
            if sent.paragraph > 0:
                # Dates no event of the sentence took are happenings of their own: the statement
                # that reports a meeting, the resignation a visit is the first since.
                taken = {d.value for d in used}  # «اليوم الأحد 19 يناير»: one day, written twice
                unused = [d for d in dates_all if d not in used and d.value not in taken]
                drafts.extend(self._dated_happenings(sent, toks, mentioned_all, unused))
        for d in drafts:
            d.people = {p for p in d.participants if p in person_ids}
        headline = {s.index for s in sentences if s.paragraph == 0}
        return self._merge(drafts, headline)

    @staticmethod
    def _dated_happenings(
        sent: Sentence, toks: list[Token], mentioned: list[tuple[int, Entity]], dates: list[DateMention]
    ) -> list[_Draft]:
        """Other things the article dates ("قال بيسكوف الاثنين", "ضمت روسيا القرم عام 2014").

        One event per date, involving the actors named in the date's clause (the sentence's
        when the clause names none): a statement when a reporting verb says it, else "other".
        """
        said = any(any(match_key(st) in REPORTING_KEYS for _p, st in candidate_stems(t.text)) for t in toks)
        out = []
        for date in dates[:MAX_DATED_PER_SENTENCE]:
            a, b = next(((x, y) for x, y in _clauses(toks) if x <= date.start < y), (0, len(sent.text)))
            inside = [e.id for s, e in mentioned if a <= s < b] or [e.id for _s, e in mentioned]
            if inside:
                kind = "statement" if said else "other"
                out.append(_Draft(kind, sent.index, None, _unique(inside)[:MAX_INVOLVED], None, date))
        return out

    def _drafts(
        self,
        sent: Sentence,
        toks: list[Token],
        trig: Trigger,
        mentioned: list[tuple[int, Entity]],
        date: DateMention | None,
        reporter: tuple[int, int],
        places: list[tuple[int, Entity]],
    ) -> list[_Draft]:
        """The event(s) one trigger reports, with who, where and when; ``reporter`` is the span
        between a reporting verb and the «أن» that opens the report (_reporter_span_before)."""
        kind, word, definite, multi, bilateral, offset, _referred, _other = trig
        # People named in reported speech after the trigger did not attend ("وقال أكار -خلال
        # اجتماع مع باشاغا- إنه يجب قطع الدعم عن حفتر"), nor does whoever reports the event
        # ("وأوضح المتحدث ... أن الوزيرين بحثا").
        cut = _speech_start_after(toks, offset)
        mentioned = [(s, e) for s, e in mentioned if s < cut and not reporter[0] <= s < reporter[1]]
        # «وصل إلى نيويورك لبحث ترتيبات القمة»: an event after a word of preparing is a goal, and
        # the place before it is where the preparing happens («وصل إلى الرياض للقاء الملك» is not).
        for_event = _prepared(toks, offset)
        places = [(s, e) for s, e in places if s < cut and not reporter[0] <= s < reporter[1]]
        location = self._location(sent.text, places, offset, before_ok=not for_event)
        # Places named after "حول/بشأن", or after "في" and the list it opens, are what was
        # discussed or where, not who took part: "بحثا الأوضاع في لبنان وسوريا والعراق"; so are
        # people named after a topic word («مكالمة ترامب والملك سلمان عن خاشقجي»).
        topic_from, topic_to = _topic_span_after(toks, offset, {s for s, e in mentioned if e.type == "PER"})
        # A person in the topic phrase is what was discussed («لمناقشة قضية الصحفي السعودي، جمال
        # خاشقجي»), up to a relative pronoun or a word of attending: «حول فحوى الاجتماع الذي حضره X»
        # names who came.
        topic_person_to = min(topic_to, _topic_clause_end(toks, topic_from))
        people = _unique(
            [e.id for s, e in mentioned if e.type == "PER" and not topic_from <= s < topic_person_to]
        )
        topical = _topical_places(sent.text, mentioned)
        sides = _unique(
            [
                e.id
                for s, e in mentioned
                if e.type in ("ORG", "GPE")
                and e.id != location
                and not topic_from <= s < topic_to
                and (s, e.id) not in topical
            ]
        )
        if kind in DATED_ONLY_KINDS:
            if date is None:
                return []
            return [_Draft(kind, sent.index, word, sides or people, location, date)]
        times = _repetitions(toks, offset)
        listed = _between_list(toks, offset, mentioned, min(topic_from, cut))
        if listed:
            # «اللقاء بين العاهل السعودي والحريري» still refers back to the reception told before.
            definite_list = definite and not bilateral
            return [
                _Draft(
                    kind,
                    sent.index,
                    word,
                    listed,
                    location,
                    date,
                    definite_list,
                    multi,
                    times=times,
                    listed=True,
                )
            ]
        each_of = self._each_of(sent.text, mentioned)
        if each_of:
            subject, others = each_of
            return [
                _Draft(kind, sent.index, word, [subject, other], location, date, False, False, times=times)
                for other in others
            ]
        if kind == "call" and len(people) >= 3 and not multi:
            # «تحدث ترامب مع مون وآبي عبر الهاتف»: one caller, a call with each of the others.
            return [_Draft(kind, sent.index, word, [people[0], other], None, date) for other in people[1:]]
        participants = people if people else sides
        return [
            _Draft(
                kind,
                sent.index,
                word,
                participants,
                location,
                date,
                definite and not bilateral,
                multi,
                times=times,
            )
        ]

    def _location(
        self, text: str, mentioned: list[tuple[int, Entity]], trigger_at: int, *, before_ok: bool = True
    ) -> str | None:
        """The meeting place: a city near the trigger, or a country right after (else before) it with في/بـ.

        Places far from the trigger are topics ("الاستقرار في ليبيا"), not the venue.
        """
        best = None
        for start, e in mentioned:
            if e.type not in ("GPE", "LOC"):
                continue
            entry = self.gz.lookup(e.name)
            before = text[max(0, start - 8) : start]
            locative = text[start - 1 : start] == "ب" or before.endswith("في ") or "العاصمة" in before
            # A one-word place the tables do not know is a village or a venue more often than a
            # topic («في بيت السلام في بانمونجوم»): topics are countries and regions we know.
            is_city = (entry is not None and entry.kind in ("capital", "city")) or (
                entry is None and e.type == "GPE" and " " not in e.name and locative
            )
            distance = start - trigger_at
            # «قمة هلسنكي», «محادثات سنغافورة»: a place right after the trigger noun is its venue.
            right_after = distance > 0 and " " not in text[trigger_at:start].strip()
            # «لدى وصوله إلى الرياض»: a city one arrives at is where the meeting is held.
            near = (
                -CITY_WINDOW_BEFORE <= distance <= CITY_WINDOW_CLOSE or locative or _travelled_to(text, start)
            )
            # «تستضيف سنغافورة القمة»: the host named before the event is its venue.
            hosted = distance < 0 and any(
                match_key(stem) in HOSTING_KEYS
                for w in text[max(0, start - 20) : start].split()[-1:]
                for _p, stem in candidate_stems(w)
            )
            if right_after or hosted:
                rank = (0, 0)
            elif (
                is_city
                and near
                and -CITY_WINDOW_BEFORE <= distance <= CITY_WINDOW_AFTER
                and (before_ok or distance > 0)
            ):
                rank = (0, abs(distance))
            elif locative and 0 < distance <= COUNTRY_WINDOW_AFTER:
                rank = (1, distance)
            elif locative and before_ok and -CITY_WINDOW_BEFORE <= distance < 0:
                # «تصافح الزعيمان في سنغافورة في مستهل قمة»: just before the trigger, second best.
                rank = (2, -distance)
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, e.id)
        return best[1] if best else None

    @staticmethod
    def _each_of(text: str, mentioned: list[tuple[int, Entity]]) -> tuple[str, list[str]] | None:
        """ "لقاءان لأكار مع كل من باشاغا وكاميلاري": the subject meets each listed person apart."""
        for marker in EACH_OF_PATTERNS:
            found = marker.search(text)
            if found is None:
                continue
            at = found.start()
            people = [(s, e) for s, e in mentioned if e.type == "PER"]
            before = [e.id for s, e in people if s < at]
            after = _unique([e.id for s, e in people if s > at])
            if before and after:
                return before[-1], [p for p in after if p != before[-1]]
        return None

    def _merge(self, drafts: list[_Draft], headline: set[int]) -> list[Event]:
        # A headline announces the lead event: fold it into the first body event of its kind.
        # Its wording is loose ("قمة ترفض الاعتراف بسيادة إسرائيل"), so it lends place and date only.
        for d in [d for d in drafts if d.sentence in headline]:
            body = next((b for b in drafts if b.sentence not in headline and b.kind == d.kind), None)
            if body is not None:
                body.location = body.location or d.location
                body.multilateral = body.multilateral or d.multilateral
                drafts.remove(d)
        kept: list[_Draft] = []
        for d in drafts:
            target = self._same_event(d, kept)
            if target is not None:
                self._absorb(target, d)
                continue
            if d.kind in MEETING_KINDS and len(d.participants) < 2 and not self._worth_keeping(d):
                continue  # not enough to say who met whom, and it refers to nothing told before
            kept.append(d)
        # Details told after the lead inherit its date and place when they name none:
        # "وسبق الاجتماع لقاءان ثنائيان" happened the same day, in the same city.
        last_date, last_place = None, None
        for n, d in enumerate(kept):
            if d.kind not in MEETING_KINDS:
                continue
            inherits = d.date is None and not d.background and not d.other
            lead = kept[n - 1] if n else None
            if inherits and lead is not None and _leads_into(lead, d):
                # «سيصبح كيم الجمعة أول رئيس يعبر الحدود. وسيلتقي كيم الرئيس مون»: the
                # sentence before, dated and about the same person, says when.
                d.date = replace(lead.date, text="") if lead.date else None
            elif inherits and last_date is not None:
                d.date = replace(last_date, text="")
            # The place is inherited only with the date: an event dated on its own may be elsewhere.
            if d.location is None and last_place is not None and d.kind != "call" and inherits:
                d.location = last_place
            last_date = d.date or last_date
            last_place = d.location or last_place
        for d in kept:
            if d.kind == "call":
                d.location = None  # a call has two ends, not a venue
        # «التقى بومبيو كيم مرتين»: each meeting is its own event on the timeline.
        repeated = [d for d in kept for _ in range(d.times)]
        return [
            Event(
                id=f"v{n}",
                kind=d.kind,
                participants=tuple(d.participants),
                location=d.location,
                date=d.date.value if d.date else None,
                date_text=(d.date.text or None) if d.date else None,
                sentence=d.sentence,
                trigger=d.trigger,
            )
            for n, d in enumerate(repeated, 1)
        ]

    @staticmethod
    def _absorb(target: _Draft, d: _Draft) -> None:
        """Merge a second report of an event into the first."""
        merged = _unique(target.participants + d.participants)
        people = [p for p in merged if p in target.people or p in d.people]
        target.participants = people if people else merged
        target.people = target.people | d.people
        target.location = target.location or d.location
        target.date = target.date or d.date
        target.multilateral = target.multilateral or d.multilateral
        if d.participants:  # «مرتين» near a trigger naming no one counts another meeting
            target.times = max(target.times, d.times)

    @staticmethod
    def _worth_keeping(d: _Draft) -> bool:
        """A visit needs its visitor; a summit is an event even before its attendees are named."""
        if d.kind == "visit":
            return bool(d.participants)
        return d.kind == "summit" and (d.location is not None or d.date is not None)

    @staticmethod
    def _same_event(d: _Draft, kept: list[_Draft]) -> _Draft | None:
        if d.kind not in MEETING_KINDS or d.other:
            return None
        parts = set(d.participants)
        for k in reversed(kept):
            if k.kind not in MEETING_KINDS or not _may_be_one(d, k):
                continue
            if parts and parts == set(k.participants):
                return k
        if len(parts) < 2 and d.date is not None:
            # «وبشأن اجتماع اليوم، قال باشاغا»: a dated mention naming one side at most is the
            # event of that day that has them, not merely the last one told.
            for k in reversed(kept):
                if (
                    k.kind == d.kind
                    and k.date is not None
                    and k.date.value == d.date.value
                    and parts <= set(k.participants)
                    and _may_be_one(d, k)
                ):
                    return k
        if d.definite or len(parts) < 2:
            # A reference back ("الاجتماع الثلاثي", "وشارك في القمة"): the latest event of that
            # kind that has these people, or that has no named people yet.
            for k in reversed(kept):
                if k.kind != d.kind or (d.multilateral and not k.multilateral) or k.other:
                    continue  # «القمة المقبلة» is never what a later mention refers back to
                if d.listed and not set(d.participants) & set(k.participants):
                    # «المحادثات بين الولايات المتحدة وكوريا الشمالية» names its own sides.
                    continue
                if (
                    d.kind != "summit"
                    and len(d.people) >= 2
                    and len(k.people) >= 2
                    and not set(d.participants) & set(k.participants)
                ):
                    # Two pairs of named people with no one in common met separately; a summit is
                    # one gathering however differently its attendees are listed.
                    continue
                same_day = d.date is None or (k.date is not None and d.date.value == k.date.value)
                # A report naming someone the event lacks is another event, unless it refers back.
                loose = d.definite and k.kind == d.kind and (not k.people or same_day)
                if parts <= set(k.participants) or loose:
                    return k
        return None


def _clauses(tokens: list[Token], people: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Character spans of the clauses of a sentence: split at commas, and before a reference
    word that leads to a trigger («زيارة لافروف قبيل قمة بين ترمب وكيم» tells two events).

    Commas that set a person's name beside its title end no clause: one right before a name,
    and one after a name that goes on «و» to another title and name («بين الرئيس الأميركي،
    دونالد ترمب، والزعيم الكوري الشمالي، كيم يونغ أون»).
    """
    starts = {a for a, _b in people}
    ends = {b for _a, b in people}
    spans, start = [], 0
    words = [t for t in tokens if t.is_word]
    for i, tok in enumerate(tokens):
        if tok.text in CLAUSE_BREAKS and not _apposition_comma(tokens, i, starts, ends):
            spans.append((start, tok.start))
            start = tok.end
        elif tok.start > start and _leads_to_trigger(words, tok):
            spans.append((start, tok.start))
            start = tok.start
    spans.append((start, 10**9))
    return spans


def _apposition_comma(tokens: list[Token], i: int, starts: Container[int], ends: Container[int]) -> bool:
    nxt = tokens[i + 1 : i + 1 + APPOSITION_WORDS]
    if not nxt:
        return False
    if nxt[0].start in starts:
        return True
    return (
        i > 0
        and tokens[i - 1].end in ends
        and nxt[0].text.startswith("و")
        and any(t.start in starts for t in nxt[1:])
    )


def _leads_to_trigger(words: list[Token], tok: Token) -> bool:
    """Whether tok is a REFERENCE_WORDS word (not «منذ») followed by a trigger, «أول» allowed between."""
    key = match_key(tok.text)
    if key not in REFERENCE_KEYS or key in SPAN_KEYS:
        return False
    k = next(i for i, w in enumerate(words) if w.start == tok.start)
    following = words[k + 1 : k + 3]
    if following and match_key(following[0].text) in MODIFIER_KEYS:
        following = following[1:]
    return bool(following) and any(
        match_key(stem) in TRIGGER_KEYS for _p, stem in candidate_stems(following[0].text)
    )


def _reporter_span_before(tokens: list[Token], offset: int) -> tuple[int, int]:
    """The words between a reporting verb and the "أن/إن" that opens content holding the trigger.

    None when the opener carries the subject pronoun and the trigger follows it at once: the one
    who announces that "he will meet" is the one who meets.
    """
    opener = None
    for k in range(len(tokens) - 1, -1, -1):
        tok = tokens[k]
        if tok.start >= offset:
            continue
        key = match_key(tok.text)
        if opener is None and key in SPEECH_OPENERS:
            between = [t for t in tokens[k + 1 :] if t.start < offset and t.is_word]
            if key in SELF_OPENERS and len(between) <= 1:
                return 0, 0  # «أعلن بومبيو أنه سيلتقي كيم»: the reporter meets
            opener = tok.start
        elif opener is not None and any(
            match_key(stem) in REPORTING_KEYS for _p, stem in candidate_stems(tok.text)
        ):
            return tok.end, opener
    return 0, 0


def _attribution_after(tokens: list[Token], offset: int) -> tuple[int, int]:
    """From an ATTRIBUTION_WORDS word after the trigger to the sentence end; (0, 0) for none."""
    for tok in tokens:
        if tok.start > offset and any(
            match_key(stem) in ATTRIBUTION_KEYS for _p, stem in candidate_stems(tok.text)
        ):
            return tok.start, 10**9
    return 0, 0


def _speech_start_after(tokens: list[Token], offset: int) -> int:
    """Offset of the first "إن/أن" that opens reported content after the trigger, or of a later
    clause with a reporting verb («، لكن بومبيو يؤكد أن ...»: its subject speaks, he did not
    attend); infinity when neither comes."""
    clause_start = None
    for tok in tokens:
        if tok.start <= offset:
            continue
        if match_key(tok.text) in SPEECH_OPENERS:
            return tok.start
        if tok.text in CLAUSE_BREAKS:
            clause_start = tok.end
        elif clause_start is not None and any(
            match_key(stem) in REPORTING_KEYS for _p, stem in candidate_stems(tok.text)
        ):
            return clause_start
    return 10**9


def _topic_span_after(
    tokens: list[Token], offset: int, person_starts: Container[int] = ()
) -> tuple[int, int]:
    """The phrase a topic preposition opens after the trigger ("حول ليبيا،"), up to the next comma.

    A comma right before a person's name sets the name beside the noun that describes it
    («قضية الصحفي السعودي، جمال خاشقجي،»): the phrase goes on over it.
    """
    for k, tok in enumerate(tokens):
        if tok.start > offset and match_key(tok.text) in TOPIC_WORDS:
            end = next(
                (
                    t.start
                    for j, t in enumerate(tokens[k:], start=k)
                    if t.text in ("،", ",", ".", "؛")
                    and not (
                        t.text in ("،", ",") and j + 1 < len(tokens) and tokens[j + 1].start in person_starts
                    )
                ),
                10**9,
            )
            return tok.start, end
    return 10**9, 10**9


def _topic_clause_end(tokens: list[Token], topic_from: int) -> int:
    """Where a relative pronoun or a word of attending first follows the topic word; a huge number if none."""
    for tok in tokens:
        if tok.start > topic_from and match_key(tok.text) in RELATIVE_KEYS:
            return tok.start
    return _attendance_at(tokens, topic_from)


def _travelled_to(text: str, start: int) -> bool:
    """The place at `start` follows «إلى» after a word of travel («وصوله إلى», «زيارة رسمية إلى»)."""
    words = text[:start].split()
    if not words or words[-1] != "إلى":
        return False
    return any(match_key(stem) in TRAVEL_KEYS for w in words[-3:-1] for _p, stem in candidate_stems(w))


def _topical_places(text: str, mentioned: list[tuple[int, Entity]]) -> set[tuple[int, str]]:
    """Places after "في" or "بـ", and places coordinated with them by و."""
    out: set[tuple[int, str]] = set()
    previous_end, previous_topical = -1, False
    for start, e in mentioned:
        if e.type not in ("GPE", "LOC"):
            previous_topical = False
            continue
        before = text[max(0, start - 4) : start]
        locative = before.endswith("في ") or (before.endswith("ب") and not before.endswith(" ب"))
        gap = text[previous_end:start] if previous_end >= 0 else ""
        coordinated = previous_topical and gap.strip(" ،,") in ("و", "")
        if locative or coordinated:
            out.add((start, e.id))
        previous_topical = locative or coordinated
        previous_end = start + len(e.name)
    return out


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


def _may_be_one(d: _Draft, k: _Draft) -> bool:
    """Whether two reports could tell one event: not on two different days, not one announced and
    one held («سيلتقي» and «التقى»), not a call and a meeting in person, nor a summit and a visit
    («دعاه لزيارة واشنطن» after «قمة هلسنكي»)."""
    if {d.tense, k.tense} == {"past", "future"}:
        return False
    if d.date is not None and k.date is not None and d.date.value and k.date.value:
        a, b = d.date.value, k.date.value
        if not (a.startswith(b) or b.startswith(a)):
            return False
    kinds = {d.kind, k.kind}
    return len(kinds) == 1 or not ("call" in kinds or kinds == {"summit", "visit"})


def _prepared(tokens: list[Token], offset: int) -> bool:
    """Whether a PREPARATION_WORDS word stands within PREPARATION_LOOKBACK words before offset."""
    before = [t for t in tokens if t.is_word and t.end <= offset][-PREPARATION_LOOKBACK:]
    return any(match_key(stem) in PREPARATION_KEYS for t in before for _p, stem in candidate_stems(t.text))


def _names_people(tokens: list[Token], mentioned: list[tuple[int, Entity]], a: int, b: int) -> bool:
    """Whether the clause a..b names a person of its own: people after «حضره/بحضور» attended
    the event it refers to («وبحث ... فحوى الاجتماع الذي حضره الأمير ...»)."""
    came = _attendance_at(tokens, a)
    return any(e.type == "PER" and a <= s < b and not came <= s < b for s, e in mentioned)


def _pluperfect(tokens: list[Token], clause_start: int, offset: int) -> bool:
    """Whether «كان ... قد» stands before the trigger in its clause («وكان كيم قد التقى»)."""
    before = [t for t in tokens if clause_start <= t.start < offset and t.is_word]
    if not before or match_key(before[-1].text) not in PARTICLE_KEYS:
        return False
    return any(match_key(stem) in AUXILIARY_KEYS for t in before[:-1] for _p, stem in candidate_stems(t.text))


def _mask_names(tokens: list[Token], spans: list[tuple[int, int]]) -> list[Token]:
    """Tokens with the words inside a name after its first blanked out, so that no rule reads
    the «إن» of «مون جاي إن» as a speech opener nor a name's «بين» as a list."""
    return [
        Token(t.start, t.end, NAME_FILLER) if any(a < t.start and t.end <= b for a, b in spans) else t
        for t in tokens
    ]


def _leads_into(lead: _Draft, d: _Draft) -> bool:
    """Whether a dated happening (not a statement) in the sentence just before an undated
    meeting dates it: it must share a participant."""
    return (
        lead.kind == "other"
        and lead.date is not None
        and lead.sentence == d.sentence - 1
        and bool(set(lead.participants) & set(d.participants))
    )


def _attendance_at(tokens: list[Token], offset: int) -> int:
    """Where the first ATTENDANCE_WORDS word after offset stands; a huge number when none does."""
    for tok in tokens:
        key = match_key(tok.text)
        if tok.start > offset and (
            key in ATTENDANCE_KEYS or (key.startswith("و") and key[1:] in ATTENDANCE_KEYS)
        ):
            return tok.start
    return 10**9


def _attendees(tokens: list[Token], offset: int, mentioned: list[tuple[int, Entity]]) -> list[str]:
    """People named after an ATTENDANCE_WORDS word that follows the trigger, to the sentence end."""
    at = _attendance_at(tokens, offset)
    return _unique([e.id for s, e in mentioned if s > at and e.type == "PER"])


def _after_since(tokens: list[Token], offset: int) -> bool:
    """Whether "منذ" comes within SINCE_WINDOW words before offset, in the same clause."""
    before = [t for t in tokens if t.end <= offset][-SINCE_WINDOW:]
    for tok in reversed(before):
        if tok.text in CLAUSE_BREAKS:
            return False
        if match_key(tok.text) == "منذ":
            return True
    return False


def _names_a_pair(tokens: list[Token]) -> bool:
    """Whether a dual noun («الزعيمان», «الوزيرين») stands in the sentence, clitics allowed."""
    return any(
        match_key(stem) in DUAL_KEYS for t in tokens if t.is_word for _p, stem in candidate_stems(t.text)
    )


def _fill_pair(d: _Draft, earlier: list[_Draft], person_ids: set[str]) -> None:
    """«وعقد الزعيمان قمة»: a meeting naming fewer than two people is the last pair's that met."""
    if d.kind not in MEETING_KINDS or sum(p in person_ids for p in d.participants) >= 2:
        return
    # The last pair at an event of the same kind first: «الزعيمين ... القمة» are the summit's
    # leaders, not the ministers of a call told since.
    for same_kind in (True, False):
        for e in reversed(earlier):
            pair = [p for p in e.participants if p in person_ids]
            if e.kind in MEETING_KINDS and len(pair) == 2 and (e.kind == d.kind or not same_kind):
                d.participants = _unique(pair + [p for p in d.participants if p in person_ids])
                return


def _repetitions(tokens: list[Token], offset: int) -> int:
    """2 for «التقى كيم مرتين» (REPETITION_WORDS within a few words after the trigger), else 1."""
    after = [t for t in tokens if t.start > offset and t.is_word][:REPETITION_WINDOW]
    return max((REPETITION_KEYS.get(match_key(t.text), 1) for t in after), default=1)


def _between_list(
    tokens: list[Token], offset: int, mentioned: list[tuple[int, Entity]], stop: int
) -> list[str]:
    """Who «بين X وY» lists right after the trigger, up to the next comma or topic; [] for none.

    People when two or more are named; sides (countries, organisations) stand in for people only
    where no person is named, as in «المحادثات بين الولايات المتحدة وكوريا الشمالية».
    """
    after = [t for t in tokens if t.start > offset]
    words = [t for t in after if t.is_word][:BETWEEN_WINDOW]
    at = next((k for k, t in enumerate(words) if match_key(t.text) in BETWEEN_KEYS), None)
    if at is None:
        return []
    bridge = [match_key(t.text) for t in words[:at]]
    if any(w not in BRIDGE_KEYS and w not in MULTI_KEYS and w not in BILATERAL_KEYS for w in bridge):
        return []
    opener = words[at]
    end = next((t.start for t in after if t.start > opener.start and t.text in (*CLAUSE_BREAKS, ".")), 10**9)
    inside = [e for s, e in mentioned if opener.start < s < min(end, stop)]
    people = _unique([e.id for e in inside if e.type == "PER"])
    sides = _unique([e.id for e in inside if e.type in ("ORG", "GPE")])
    if len(people) >= 2:
        return people
    listed = people + sides
    return listed if len(listed) >= 2 else []
