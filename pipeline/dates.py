"""Find Arabic date expressions in text and resolve them against the publication date."""

from __future__ import annotations

import bisect
import datetime
import email.utils
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from hijridate import Gregorian, Hijri

from pipeline.lexicon.dates import (
    AMBIGUOUS_MONTHS,
    AMBIGUOUS_WEEKDAYS,
    CURRENT_MARKERS,
    DIGITS,
    FUTURE_MARKERS,
    FUTURE_PREFIX_NOUNS,
    FUTURE_VERB_PREFIXES,
    GREGORIAN_MONTHS,
    GREGORIAN_SUFFIXES,
    HIJRI_MONTHS,
    HIJRI_SUFFIXES,
    LEVANTINE_MONTHS,
    MAGHREBI_MONTHS,
    MONTH_CUES,
    NOT_TODAY_FOLLOWERS,
    PAST_MARKERS,
    PERIOD_UNITS,
    RELATIVE_DAYS,
    SCHEDULE_PHRASES,
    TWO_CUES,
    TWO_FOLLOWERS,
    WEEKDAY_CUES,
    WEEKDAYS,
    YEAR_NOUNS,
    YEAR_PREPOSITIONS,
)

KINDS = ("absolute", "relative", "weekday", "hijri", "period")
GREGORIAN_YEARS = range(1900, 2101)
# hijridate only converts within its Umm al-Qura table.
HIJRI_YEARS = range(1343, 1501)
# A day or month named without its year is the nearer of its past and coming occurrences, with a
# day ahead counting as this many days behind: reports tell the past more often than the plans,
# yet «9 حزيران» in an April report is the coming June's summit, not last year's.
FUTURE_WEIGHT = 2

# Combining marks and tatweel belong to the letter before them; invisible direction marks
# (common in copied web text) sit between words and are dropped without joining anything.
_MARKS = frozenset(
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)
_INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", **DIGITS}
_CLITICS = ("و", "ف", "ب", "ل")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text, with its resolved value.

    kind "absolute" names a calendar day, month or year; when the year is left out («15 مارس»,
    «ديسمبر الماضي») it is inferred from the publication date. "relative" is a day counted from
    the publication date (اليوم، أمس، غدا), "weekday" a named weekday, "hijri" a date in the Hijri
    calendar (its value is Gregorian), "period" a week, month or year named relative to the
    publication date; a week's value is the day seven days before or after it.
    """

    start: int  #: character offset of the first character in the text given
    end: int  #: character offset just past the last character
    text: str  #: text[start:end]
    value: str | None  #: "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when it needs an unknown publication date
    kind: str  #: one of KINDS


@dataclass(frozen=True)
class _Candidate:
    start: int  # offsets into the folded text
    end: int
    kind: str
    value: str | None
    valid: bool  # False for impossible dates: they still win overlaps, then are dropped


def fold(text: str) -> tuple[str, list[int]]:
    """Fold spelling variants and digits so one pattern matches them all, keeping offsets.

    Returns:
        The folded text and, for each of its characters, the index of the original character.
    """
    chars: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(text):
        if ch in _MARKS or ch in _INVISIBLE:
            continue
        chars.append(_FOLD.get(ch, ch))
        positions.append(i)
    return "".join(chars), positions


def _key(name: str) -> str:
    return " ".join(fold(name)[0].split())


def _table(*tables: dict[str, int]) -> dict[str, int]:
    return {_key(name): number for table in tables for name, number in table.items()}


def _alternation(names: Iterable[str]) -> str:
    # Longest first so that «أمس الأول» wins over «أمس» and «كانون الأول» is not cut short.
    keys = sorted({_key(n) for n in names}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


_MONTHS = _table(GREGORIAN_MONTHS, LEVANTINE_MONTHS, MAGHREBI_MONTHS)
_HIJRI = _table(HIJRI_MONTHS)
_WEEKDAYS = _table(WEEKDAYS)
_RELATIVE = _table(RELATIVE_DAYS)
_UNITS = {_key(k): v for k, v in PERIOD_UNITS.items()}
_AMBIGUOUS_MONTHS = {_key(k) for k in AMBIGUOUS_MONTHS}
_AMBIGUOUS_WEEKDAYS = {_key(k) for k in AMBIGUOUS_WEEKDAYS}
_MONTH_CUES = {_key(k) for k in MONTH_CUES}
_WEEKDAY_CUES = {_key(k) for k in WEEKDAY_CUES}
_TWO_CUES = {_key(k) for k in TWO_CUES}
_TWO_FOLLOWERS = {_key(k) for k in TWO_FOLLOWERS}
_FUTURE_PREFIXES = tuple(_key(k) for k in FUTURE_VERB_PREFIXES)
_FUTURE_NOUNS = {_key(k) for k in FUTURE_PREFIX_NOUNS}
_SCHEDULE = tuple(_key(k) for k in SCHEDULE_PHRASES)
_CLAUSE_END_RE = re.compile(r"[،,؛;.!?؟:\n]")
_YEAR_PREPOSITIONS = {_key(k) for k in YEAR_PREPOSITIONS}
_NOT_TODAY = {_key(k) for k in NOT_TODAY_FOLLOWERS}
_DIRECTIONS = {
    **{_key(k): "past" for k in PAST_MARKERS},
    **{_key(k): "future" for k in FUTURE_MARKERS},
    **{_key(k): "current" for k in CURRENT_MARKERS},
}
_YEAR_OFFSET = {"past": -1, "future": 1, "current": 0}

# A name may carry the proclitics و ف ب ل (one, or و/ف then ب/ل) but may not sit inside a
# longer word: «يمارس» is a verb, «والثلاثاء» is a weekday.
_B = r"(?:(?<![^\W\d_])|(?<=(?<![^\W\d_])[وفبل])|(?<=(?<![^\W\d_])[وف][بل]))"
# A number that is not the tail of a longer number, a decimal, a time or another date.
_NUM_START = r"(?<![\d.,/:\-])"
_NUM_END = r"(?!\d|[.,/:\-]\d)"
_MONTH = _alternation(_MONTHS)
_HMONTH = _alternation(_HIJRI)
_WEEKDAY = _alternation(_WEEKDAYS)
_MARK = _alternation(_DIRECTIONS)
_PAST_FUTURE = _alternation([*PAST_MARKERS, *FUTURE_MARKERS])
_GSUF = _alternation(GREGORIAN_SUFFIXES)
_HSUF = _alternation(HIJRI_SUFFIXES)
_UNIT = _alternation(_UNITS)
_YEAR_NOUN = _alternation(YEAR_NOUNS)
# «الخميس 6 أغسطس», «يوم الخميس الموافق 6 أغسطس», «15 من مارس».
_DAY = (
    rf"(?:(?:(?P<wd>{_B}(?:{_WEEKDAY}))(?!\w)[\s،,]+(?:الموافق\s+)?)?"
    rf"{_NUM_START}(?P<day>\d{{1,2}})(?!\d)\s*(?:من\s+)?)?"
)
# «مارس 2021», «مارس، 2021», «مارس من عام 2021», «مارس من العام الماضي», «مارس من هذا العام».
_YEAR_TAIL = rf"""
    [\s،,]*(?:من\s+)?(?:(?:{_YEAR_NOUN})\s*)?(?<!\d)(?P<year>\d{{4}})(?!\d)(?P<suffix>\s*(?:{{suffix}})(?!\w))?
  | \s+(?:من\s+)?(?:(?:{_YEAR_NOUN})\s+(?P<ymark>{_MARK})|(?P<ythis>هذا\s+العام|هذه\s+السنه))(?!\w)
  | \s+(?P<mark>{_MARK})(?!\w)
"""

_GREGORIAN_RE = re.compile(
    rf"""{_DAY}{_B}(?P<mon>{_MONTH})(?!\w)
    (?:\s*/\s*(?P<alt>{_MONTH})(?!\w) | \s*\(\s*(?P<alt2>{_MONTH})\s*\) | \s+-\s+(?P<alt3>{_MONTH})(?!\w))?
    (?:{_YEAR_TAIL.replace("{suffix}", _GSUF)})?""",
    re.VERBOSE,
)
_HIJRI_RE = re.compile(
    rf"{_DAY}{_B}(?P<mon>{_HMONTH})(?!\w)(?:{_YEAR_TAIL.replace('{suffix}', _HSUF)})?",
    re.VERBOSE,
)
_HIJRI_YEAR_RE = re.compile(
    rf"(?:(?P<noun>{_B}(?:{_YEAR_NOUN}))\s+)?{_NUM_START}(?P<year>\d{{4}})(?!\d)\s*(?:{_HSUF})(?!\w)"
)
_YEAR_RE = re.compile(
    rf"(?:(?P<noun>{_B}(?:{_YEAR_NOUN}))\s+)?{_NUM_START}(?P<year>\d{{4}})"
    rf"{_NUM_END}(?P<suffix>\s*(?:{_GSUF})(?!\w))?"
)
_ISO_RE = re.compile(
    rf"{_NUM_START}(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_NUM_END}"
)
# Day before month, the Arab convention: 06/08/2020 is 6 August.
_DMY_RE = re.compile(
    rf"{_NUM_START}(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}){_NUM_END}"
)
_RELATIVE_RE = re.compile(rf"{_B}(?P<rel>{_alternation(_RELATIVE)})(?!\w)(?:\s+(?P<wd>{_WEEKDAY})(?!\w))?")
# «الأحد عشر» is "the eleven", not Sunday.
_WEEKDAY_RE = re.compile(rf"{_B}(?P<wd>{_WEEKDAY})(?!\w)(?!\s+عشر)(?:\s+(?P<mark>{_PAST_FUTURE})(?!\w))?")
_PERIOD_RE = re.compile(
    rf"{_B}(?:(?P<unit>{_UNIT})\s+(?P<mark>{_MARK})|(?:هذا|هذه)\s+(?P<this>{_UNIT}))(?!\w)"
)
_PREVIOUS_WORD_RE = re.compile(r"(\w+)\W*$")
_NEXT_WORD_RE = re.compile(r"\s+(\w+)")


def find_dates(text: str, publication_date: datetime.date | None) -> list[DateMention]:
    """Find date expressions and resolve them against the publication date.

    Where two expressions overlap the longer one is kept. Expressions that need the
    publication date get value None when it is unknown; impossible dates (31 فبراير) are
    left out.

    Args:
        text: any text; offsets in the result index into it unchanged.
        publication_date: the day the text was published, or None.

    Returns:
        The mentions in text order.
    """
    if not isinstance(text, str) or not text:
        return []
    pub = publication_date if isinstance(publication_date, datetime.date) else None
    if isinstance(pub, datetime.datetime):
        pub = pub.date()
    scan = _Scan(text, *fold(text), pub)
    mentions = []
    for cand in _longest_first(_candidates(scan)):
        if not cand.valid:
            continue
        start, end = scan.span(cand.start, cand.end)
        mentions.append(DateMention(start, end, text[start:end], cand.value, cand.kind))
    return mentions


def _longest_first(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Keep the longest of overlapping candidates (the earlier on a tie), in text order."""
    starts: list[int] = []
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        # The chosen never overlap, so only the neighbours at the insertion point can clash.
        i = bisect.bisect_left(starts, cand.start)
        if (i > 0 and chosen[i - 1].end > cand.start) or (i < len(chosen) and chosen[i].start < cand.end):
            continue
        starts.insert(i, cand.start)
        chosen.insert(i, cand)
    return chosen


def parse_publication_date(value: str | None) -> datetime.date | None:
    """Read a publication date written in any of the usual ways; None when it is not one.

    Accepts ISO dates and timestamps, YYYY/MM/DD, DD/MM/YYYY, RFC 2822 feed dates, English
    month names («June 12, 2018») and Arabic ones («12 يونيو 2018»), in any digits.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    # Feeds and files carry anything; a date that cannot be read is simply unknown.
    try:
        return _parse_date_string(value)
    except (ValueError, TypeError, OverflowError):
        return None


def _parse_date_string(value: str) -> datetime.date | None:
    s = fold(value.strip())[0]
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?", s)
    if m:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?", s)
    if m:
        return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    if re.search(r"[A-Za-z]", s):
        with_zone = email.utils.parsedate_to_datetime(s) if email.utils.parsedate(s) else None
        if with_zone is not None:
            return with_zone.date()
        for fmt in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y"):
            try:
                return datetime.datetime.strptime(s, fmt).date()
            except ValueError:
                continue
        return None
    for mention in find_dates(s, None):
        if mention.value is not None and len(mention.value) == 10:
            return datetime.date.fromisoformat(mention.value)
    return None


@dataclass(frozen=True)
class _Scan:
    text: str  # as given
    folded: str  # what the patterns run on
    positions: list[int]  # folded index -> text index
    pub: datetime.date | None

    def previous_word(self, start: int) -> str:
        m = _PREVIOUS_WORD_RE.search(self.folded[max(0, start - 24) : start])
        return m[1] if m else ""

    def next_word(self, end: int) -> str:
        m = _NEXT_WORD_RE.match(self.folded, end)
        return m[1] if m else ""

    def original(self, start: int, end: int) -> str:
        return self.text[self.positions[start] : self.positions[end - 1] + 1]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The offsets in the original text of a folded span."""
        orig_start, orig_end = self.positions[start], self.positions[end - 1] + 1
        # Keep the marks of the last letter: «غداً» ends after its tanwin, «هـ» after its tatweel.
        while orig_end < len(self.text) and self.text[orig_end] in _MARKS:
            orig_end += 1
        return orig_start, orig_end


_Builder = Callable[[re.Match[str], _Scan], _Candidate | None]


def _candidates(scan: _Scan) -> Iterator[_Candidate]:
    finders: list[tuple[re.Pattern[str], _Builder]] = [
        (_GREGORIAN_RE, _gregorian),
        (_HIJRI_RE, _hijri),
        (_ISO_RE, _numeric),
        (_DMY_RE, _numeric),
        (_HIJRI_YEAR_RE, _hijri_year),
        (_YEAR_RE, _year),
        (_RELATIVE_RE, _relative),
        (_WEEKDAY_RE, _weekday),
        (_PERIOD_RE, _period),
    ]
    for pattern, build in finders:
        for match in pattern.finditer(scan.folded):
            cand = build(match, scan)
            if cand is not None:
                yield cand
            # «أمس الأربعاء 5 أغسطس»: the longer date may take the weekday, so offer «أمس» alone too.
            if pattern is _RELATIVE_RE and match["wd"]:
                yield _Candidate(
                    match.start("rel"), match.end("rel"), "relative", cand.value if cand else None, True
                )


def _make(match: re.Match[str], kind: str, value: str | None) -> _Candidate:
    return _Candidate(match.start(), match.end(), kind, value, True)


def _invalid(match: re.Match[str], kind: str) -> _Candidate:
    return _Candidate(match.start(), match.end(), kind, None, False)


def _is_cue(word: str, cues: set[str]) -> bool:
    """Whether a word is a cue, alone or behind one or two proclitics («وفي», «بمطلع»)."""
    if word in cues:
        return True
    if word[:1] in _CLITICS and word[1:] in cues:
        return True
    return word[:1] in _CLITICS and word[1:2] in _CLITICS and word[2:] in cues


def _ends_clause(folded: str, end: int) -> bool:
    """Whether a comma, a full stop or the end of the text comes next (spaces aside)."""
    rest = folded[end:].lstrip()
    return not rest or rest[0] in "،,.؛;"


def _direction(mark: str | None) -> str:
    return _DIRECTIONS.get(" ".join(mark.split()), "default") if mark else "default"


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year_of_month(month: int, anchor_year: int, anchor_month: int, direction: str) -> int:
    """The year of the nearest such month, as marked («الماضي», «المقبل») or by FUTURE_WEIGHT."""
    if direction == "past":
        return anchor_year if month < anchor_month else anchor_year - 1
    if direction == "future":
        return anchor_year if month > anchor_month else anchor_year + 1
    if direction == "current":
        return anchor_year
    if month <= anchor_month:
        return anchor_year
    # Unmarked: the nearer of last year's and this year's month, the future counted double.
    behind, ahead = anchor_month + 12 - month, month - anchor_month
    return anchor_year if FUTURE_WEIGHT * ahead < behind else anchor_year - 1


def _nearest_day(
    make: Callable[[int], datetime.date], anchor_year: int, pub: datetime.date, direction: str
) -> datetime.date | None:
    """The nearest day `make(year)`: strictly before or after pub as marked, else by FUTURE_WEIGHT."""
    if direction == "current":
        return make(anchor_year)
    days = []
    # Eight years back reach the last 29 February (or 30th of a short Hijri month).
    for year in range(anchor_year + 2, anchor_year - 9, -1):
        try:
            days.append(make(year))
        except (ValueError, OverflowError):
            continue
    if direction == "future":
        return min((d for d in days if d > pub), default=None)
    if direction == "past":
        return max((d for d in days if d < pub), default=None)
    return min(
        days, key=lambda d: (d - pub).days * FUTURE_WEIGHT if d > pub else (pub - d).days, default=None
    )


def _gregorian(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    pub = scan.pub
    month_name = " ".join(match["mon"].split())
    month = _MONTHS[month_name]
    paired = match["alt"] or match["alt2"] or match["alt3"]
    dated = match["day"] or match["year"] or match["mark"] or match["ymark"] or match["ythis"]
    if (
        month_name in _AMBIGUOUS_MONTHS
        and not (paired or dated)
        and not _is_cue(scan.previous_word(match.start()), _MONTH_CUES)
    ):
        return None
    try:
        day = int(match["day"]) if match["day"] else None
        if day is not None:
            datetime.date(2000, month, day)  # leap year: rejects only impossible days
        if match["year"]:
            year = int(match["year"])
            if year not in GREGORIAN_YEARS:
                return _invalid(match, "absolute")
        elif match["ymark"] or match["ythis"]:
            if pub is None:
                return _make(match, "absolute", None)
            year = pub.year + (_YEAR_OFFSET[_direction(match["ymark"])] if match["ymark"] else 0)
        elif pub is None:
            return _make(match, "absolute", None)
        elif day is not None:
            found = _nearest_day(
                lambda y: datetime.date(y, month, day), pub.year, pub, _direction(match["mark"])
            )
            return _make(match, "absolute", found.isoformat()) if found else _invalid(match, "absolute")
        else:
            year = _year_of_month(month, pub.year, pub.month, _direction(match["mark"]))
        if day is None:
            return _make(match, "absolute", _month_value(year, month))
        return _make(match, "absolute", datetime.date(year, month, day).isoformat())
    except (ValueError, OverflowError):
        return _invalid(match, "absolute")


def _hijri_to_date(year: int, month: int, day: int) -> datetime.date:
    g = Hijri(year, month, day).to_gregorian()
    return datetime.date(g.year, g.month, g.day)


def _hijri_year_in(gregorian_year: int, month: int) -> int:
    """The Hijri year whose `month` begins in the given Gregorian year (the first, if two do)."""
    approx = round((gregorian_year - 622) * 33 / 32)
    for year in range(approx - 2, approx + 3):
        try:
            if _hijri_to_date(year, month, 1).year == gregorian_year:
                return year
        except (ValueError, OverflowError):
            continue
    raise ValueError(f"no Hijri month {month} begins in {gregorian_year}")


def _hijri(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    pub = scan.pub
    month = _HIJRI[" ".join(match["mon"].split())]
    dated = match["day"] or match["year"] or match["mark"] or match["ymark"] or match["ythis"]
    # رمضان، رجب، شعبان are also personal names, صفر is "zero": alone they need a cue.
    if not dated and not _is_cue(scan.previous_word(match.start()), _MONTH_CUES):
        return None
    try:
        day = int(match["day"]) if match["day"] else None
        if day is not None and not 1 <= day <= 30:
            return _invalid(match, "hijri")
        if match["year"]:
            year = int(match["year"])
            if year in GREGORIAN_YEARS and not match["suffix"]:
                year = _hijri_year_in(year, month)
            elif year not in HIJRI_YEARS:
                return _invalid(match, "hijri")
        elif pub is None:
            return _make(match, "hijri", None)
        else:
            today = Gregorian.fromdate(pub).to_hijri()
            if match["ymark"] or match["ythis"]:
                year = today.year + (_YEAR_OFFSET[_direction(match["ymark"])] if match["ymark"] else 0)
            elif day is not None:
                found = _nearest_day(
                    lambda y: _hijri_to_date(y, month, day), today.year, pub, _direction(match["mark"])
                )
                return _make(match, "hijri", found.isoformat()) if found else _invalid(match, "hijri")
            else:
                year = _year_of_month(month, today.year, today.month, _direction(match["mark"]))
        if day is None:
            first = _hijri_to_date(year, month, 1)
            return _make(match, "hijri", _month_value(first.year, first.month))
        return _make(match, "hijri", _hijri_to_date(year, month, day).isoformat())
    except (ValueError, OverflowError):
        return _invalid(match, "hijri")


def _hijri_year(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    """A Hijri year alone: the Gregorian year in which it begins (1 محرم)."""
    year = int(match["year"])
    if year not in HIJRI_YEARS:
        return _invalid(match, "hijri")
    return _make(match, "hijri", f"{_hijri_to_date(year, 1, 1).year:04d}")


def _year(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    year = int(match["year"])
    # A bare number is a count far more often than a year («قتل 2019 شخصا»): ask for a cue.
    if year not in GREGORIAN_YEARS:
        return None
    if not (
        match["noun"] or match["suffix"] or _is_cue(scan.previous_word(match.start()), _YEAR_PREPOSITIONS)
    ):
        return None
    return _make(match, "absolute", f"{year:04d}")


def _numeric(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    try:
        year = int(match["y"])
        if year not in GREGORIAN_YEARS:
            return None
        return _make(match, "absolute", datetime.date(year, int(match["m"]), int(match["d"])).isoformat())
    except ValueError:
        return _invalid(match, "absolute")


def _relative(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    pub = scan.pub
    name = " ".join(match["rel"].split())
    if name == _key("اليوم") and not match["wd"] and scan.next_word(match.end()) in _NOT_TODAY:
        return None
    value = (pub + datetime.timedelta(days=_RELATIVE[name])).isoformat() if pub else None
    return _make(match, "relative", value)


def _weekday(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    pub = scan.pub
    name = " ".join(match["wd"].split())
    if (
        name in _AMBIGUOUS_WEEKDAYS
        and not match["mark"]
        and "إ" not in scan.original(match.start("wd"), match.end("wd"))
        and not _is_cue(scan.previous_word(match.start()), _WEEKDAY_CUES)
        and (
            _is_cue(scan.previous_word(match.start()), _TWO_CUES)
            or scan.next_word(match.end()) in _TWO_FOLLOWERS
            or (not scan.next_word(match.end()) and not _ends_clause(scan.folded, match.end()))
        )
    ):
        return None
    if pub is None:
        return _make(match, "weekday", None)
    weekday = _WEEKDAYS[name]
    direction = _direction(match["mark"])
    if direction == "default" and _future_clause(scan.folded, match.start()):
        direction = "coming"
    if direction == "past":
        back = (pub.weekday() - weekday - 1) % 7 + 1
    elif direction == "future":
        back = -((weekday - pub.weekday() - 1) % 7 + 1)
    elif direction == "coming":  # «سيلتقي الرئيسان الخميس» on a Thursday: today
        back = -((weekday - pub.weekday()) % 7)
    else:
        back = (pub.weekday() - weekday) % 7
    return _make(match, "weekday", (pub - datetime.timedelta(days=back)).isoformat())


def _future_clause(folded: str, start: int) -> bool:
    """Whether the clause before `start` speaks of the future (FUTURE_VERB_PREFIXES, SCHEDULE_PHRASES)."""
    breaks = list(_CLAUSE_END_RE.finditer(folded, 0, start))
    clause = folded[breaks[-1].end() if breaks else 0 : start]
    if any(phrase in clause for phrase in _SCHEDULE):
        return True
    for word in clause.split():
        bare = word[1:] if word[:1] in "وف" and len(word) > 4 else word
        if bare.startswith(_FUTURE_PREFIXES) and len(bare) >= 4 and bare not in _FUTURE_NOUNS:
            return True
    return False


def _period(match: re.Match[str], scan: _Scan) -> _Candidate | None:
    pub = scan.pub
    unit = _UNITS[match["unit"] or match["this"]]
    if pub is None:
        return _make(match, "period", None)
    offset = _YEAR_OFFSET[_direction(match["mark"])] if match["mark"] else 0
    if unit == "week":
        return _make(match, "period", (pub + datetime.timedelta(days=7 * offset)).isoformat())
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + offset
        return _make(match, "period", _month_value(index // 12, index % 12 + 1))
    return _make(match, "period", f"{pub.year + offset:04d}")
