"""Time expressions in a sentence, resolved against a reference (publication) date.

Precision is ACLED's: 1 day, 2 week, 3 month. The vocabulary lives in
`data/lexicons/times.v1.json`; this module holds only the grammar.

Resolution rules (the reference is the article's publication date):
- A weekday is the latest such day on or before the reference ("on Monday" in a Tuesday
  report is the day before; "on Tuesday" in a Tuesday report is that day). "last Monday"
  is strictly before, "next Monday" strictly after.
- A day and month without a year ("9 May", "May 9") is the latest such date on or before
  the reference; "on the 9th" is the latest 9th on or before the reference (this month
  when the day has come, else the month before).
- A numeric date "9/5/2020" is read day-first (9 May 2020) unless the first number cannot
  be a month-day pair that way ("12/13/2016" is then 13 December 2016). "2020-05-09" is ISO.
- A month alone ("in April", "May 2020") is the first day of that month, precision 3.
- A range ("between 27 and 29 April") is its first day; precision 2 when it spans 2-7
  days, 3 when longer. Week and month phrases ("last week", "earlier this month") are the
  first day of the week (Monday) or month they name.
- Without a reference, only expressions that carry their own year are resolved; the
  rest keep `date=None`.

Explicit dates are read by our own patterns, which already split day, month and year, so
no general date parser runs here: dateparser costs 1-2 ms a call, these patterns a few
microseconds a sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel

from ..knowledge import load_model

LEXICON = "lexicons/times.v1.json"


@dataclass(frozen=True)
class TimeMention:
    """A time expression in a sentence and the date it resolves to."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: int
    part: str = ""
    explicit: bool = False


# --- lexicon -----------------------------------------------------------------------------

_Part = Literal["", "night", "late", "morning", "evening", "overnight"]


class _Relative(BaseModel):
    phrase: str
    anchor: Literal["day", "week", "month", "weekday"]
    offset: int
    precision: Literal[1, 2, 3]
    part: _Part = ""
    not_after: list[str] = []
    not_in_names: bool = False


class _Unit(BaseModel):
    hours: int
    precision: Literal[1, 2, 3]
    bare: bool


class _Lexicon(BaseModel):
    weekdays: dict[str, int]
    weekday_abbreviations: dict[str, int]
    months: dict[str, int]
    month_abbreviations: dict[str, int]
    months_needing_a_number: list[str]
    month_prefixes: list[str]
    weekday_modifiers: dict[str, Literal["on_or_before", "before", "after"]]
    relative: list[_Relative]
    part_prefixes: dict[str, _Part]
    part_of_nouns: dict[str, _Part]
    part_suffixes: dict[str, _Part]
    overnight_openers: list[str]
    overnight_links: list[str]
    range_starts: list[str]
    range_links: list[str]
    range_links_needing_a_start: list[str]
    ordinal_prepositions: list[str]
    ordinal_followers: list[str]
    units: dict[str, _Unit]
    span_prepositions: list[str]
    span_adjectives: list[str]
    numbers: dict[str, int]
    vague_numbers: list[str]


@cache
def _lexicon() -> _Lexicon:
    return load_model(LEXICON, _Lexicon)


@cache
def calendar_words() -> frozenset[str]:
    """Names of months and weekdays, lower case ("august", "monday")."""
    lex = _lexicon()
    return frozenset(lex.months) | frozenset(lex.weekdays)


# --- patterns ----------------------------------------------------------------------------


def month_names() -> frozenset[str]:
    """Full month names, lower case."""
    return frozenset(name.lower() for name in _lexicon().months)


def _phrase(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def _alt(words: Iterable[str]) -> str:
    # Longest first, so "the day before yesterday" wins over "yesterday".
    return "|".join(_phrase(w) for w in sorted(set(words), key=len, reverse=True))


def _cased(words: Iterable[str], *, lower: bool) -> str:
    """Case-sensitive alternation: Title and UPPER forms (and lower when allowed)."""
    forms: set[str] = set()
    for w in words:
        forms.update({w.title(), w.upper()})
        if lower:
            forms.add(w.lower())
    return f"(?-i:{_alt(forms)})"


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    date: dt.date | None
    precision: int
    part: str = ""
    explicit: bool = False
    day_level: bool = False  # a single day: may take "late on", "the night of", "... night"
    last_day: dt.date | None = None  # for ranges: the last day named


_Handler = Callable[[re.Match[str], str, dt.date | None], _Found | None]


@dataclass(frozen=True)
class _Patterns:
    rules: tuple[tuple[re.Pattern[str], _Handler], ...]
    anything: re.Pattern[str]  # what every rule needs one of: most sentences have none
    part_before: re.Pattern[str]
    part_after: re.Pattern[str]
    word_after: re.Pattern[str]
    word_before: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    lex = _lexicon()
    month_full = _cased(lex.months, lower=False)
    month_abbr = _cased(lex.month_abbreviations, lower=False)

    def month(name: str) -> str:
        # Month names only count capitalised: "may" the verb is lower case.
        return rf"\b(?P<{name}>{month_full}(?!\w)|{month_abbr}(?!\w)\.?)"

    wd_full = _cased(lex.weekdays, lower=True)
    wd_abbr = _cased(lex.weekday_abbreviations, lower=False)
    wd_any = rf"(?:{wd_full}|{wd_abbr}\.?)(?!\w)"

    def day(name: str) -> str:
        return rf"\b(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?\b"

    def year(name: str) -> str:
        return rf"(?:,?\s+(?P<{name}>(?:1[89]|20)\d\d)\b)"

    weekday_first = rf"(?:\b(?P<wd>{wd_any}),?\s+(?:the\s+)?)?"
    after_month = r"(?:\s+|(?<=\.)\s*)"
    r_start = _alt(lex.range_starts)
    r_link = "|".join(
        re.escape(w) if not w.isalpha() else rf"\b{re.escape(w)}\b" for w in lex.range_links
    )
    number = rf"(?:\d{{1,3}}|{_alt(lex.numbers)})"
    units = _alt(lex.units)

    rules: list[tuple[str, _Handler]] = [
        # 27-29 April, between 27 and 29 April 2020
        (
            rf"(?:\b(?P<start>{r_start})\s+)?(?:the\s+)?{day('d1')}\s*(?P<link>{r_link})\s*"
            rf"(?:the\s+)?{day('d2')}\s+(?:of\s+)?{month('m2')}{year('y2')}?",
            _range,
        ),
        # April 27-29, from April 27 to 29, 2020
        (
            rf"(?:\b(?P<start>{r_start})\s+)?{month('m2')}{after_month}(?:the\s+)?{day('d1')}\s*"
            rf"(?P<link>{r_link})\s*(?:the\s+)?{day('d2')}{year('y2')}?",
            _range,
        ),
        # from 27 April to 3 May 2020
        (
            rf"(?:\b(?P<start>{r_start})\s+)?(?:the\s+)?{day('d1')}\s+(?:of\s+)?{month('m1')}"
            rf"{year('y1')}?\s*(?P<link>{r_link})\s*(?:the\s+)?{day('d2')}\s+(?:of\s+)?"
            rf"{month('m2')}{year('y2')}?",
            _range,
        ),
        # from April 27 to May 3, 2020
        (
            rf"(?:\b(?P<start>{r_start})\s+)?{month('m1')}{after_month}(?:the\s+)?{day('d1')}"
            rf"{year('y1')}?\s*(?P<link>{r_link})\s*{month('m2')}{after_month}(?:the\s+)?"
            rf"{day('d2')}{year('y2')}?",
            _range,
        ),
        # (Monday,) 9 May (2020), the 9th of May
        (
            rf"{weekday_first}(?:the\s+)?{day('d')}\s+(?:of\s+)?{month('m')}{year('y')}?",
            _day_month,
        ),
        # (Monday,) May 9(, 2020), Dec. 13
        (rf"{weekday_first}{month('m')}{after_month}(?:the\s+)?{day('d')}{year('y')}?", _day_month),
        # 2020-05-09
        (r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b", _iso),
        # 9/5/2020, 9.5.2020
        (r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\b(?![/.]\d)", _numeric),
        # May 2020
        (rf"{month('m')},?\s+(?P<y>(?:1[89]|20)\d\d)\b", _month_year),
        # in March, January
        (
            rf"(?:\b(?P<pre>{_alt(lex.month_prefixes)})[\s-]+)?"
            rf"\b(?P<m>{month_full})(?!\w)",
            _month_only,
        ),
        # on the 9th
        (rf"\b(?:{_alt(lex.ordinal_prepositions)})\s+(?P<the>the)\s+{day('d')}", _ordinal),
        # between Monday and Wednesday
        (
            rf"\b(?:{r_start})\s+(?P<wd1>{wd_full})\s+(?:{r_link})\s+(?P<wd2>{wd_full})(?!\w)",
            _weekday_range,
        ),
        # overnight Monday to Tuesday, the night of Sunday into Monday
        (
            rf"\b(?:{_alt(lex.overnight_openers)})\s+(?:(?:of|from|between)\s+)?"
            rf"(?P<wd1>{wd_full})\s+(?:{_alt(lex.overnight_links)})\s+(?P<wd2>{wd_full})(?!\w)",
            _weekday_overnight,
        ),
        # Monday, last Monday, Mon.
        (
            rf"(?:\b(?P<mod>{_alt(lex.weekday_modifiers)})\s+)?"
            rf"(?P<wd>{wd_full}(?!\w)|{wd_abbr}\.)",
            _weekday,
        ),
        # yesterday, last week, earlier this month ...
        (rf"(?<![\w-])(?P<rel>{_alt(r.phrase for r in lex.relative)})(?![\w-])", _relative),
        # three days ago
        (rf"\b(?P<n>{number})\s+(?P<u>{units})s?\s+ago\b", _ago),
        # in the past 48 hours, over the last two weeks, in 24 hours
        (
            rf"\b(?:{_alt(lex.span_prepositions)})\s+(?:the\s+)?(?:(?P<adj>{_alt(lex.span_adjectives)})\s+)?"
            rf"(?P<n>{number})\s+(?P<u>{units})s?\b",
            _past_span,
        ),
    ]
    flags = re.IGNORECASE
    part_before = re.compile(
        rf"(?:\b(?P<p>{_alt(lex.part_prefixes)})\s+(?:on\s+)?"
        rf"|\bthe\s+(?P<q>{_alt(lex.part_of_nouns)})\s+of\s+)$",
        flags,
    )
    part_after = re.compile(rf"\s+(?P<s>{_alt(lex.part_suffixes)})(?!\w)", flags)
    needed = [r"\d", month_full, month_abbr, wd_full, wd_abbr, _alt(r.phrase for r in lex.relative), units]
    return _Patterns(
        rules=tuple((re.compile(src, flags), handler) for src, handler in rules),
        anything=re.compile("|".join(needed), flags),
        part_before=part_before,
        part_after=part_after,
        word_after=re.compile(r"\s*(?P<w>[\w-]+)?"),
        word_before=re.compile(r"(?P<w>\w+)\s+$"),
    )


# --- date arithmetic ---------------------------------------------------------------------


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _latest_on_or_before(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The latest `day month` on or before the reference (29 Feb looks back to a leap year)."""
    for year in range(reference.year, reference.year - 9, -1):
        found = _date(year, month, day)
        if found is not None and found <= reference:
            return found
    return None


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _weekday_date(weekday: int, reference: dt.date, rule: str) -> dt.date:
    behind = (reference.weekday() - weekday) % 7
    if rule == "before":
        return reference - dt.timedelta(days=behind or 7)
    if rule == "after":
        return reference + dt.timedelta(days=(weekday - reference.weekday()) % 7 or 7)
    return reference - dt.timedelta(days=behind)


def _span_precision(days: int) -> int:
    if days <= 1:
        return 1
    return 2 if days <= 7 else 3


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    value = int(text)
    if len(text) == 2:
        # Two-digit years: news archives here start after 1970.
        value += 2000 if value < 70 else 1900
    return value


@lru_cache(maxsize=4096)
def _month_number(name: str) -> int:
    lex = _lexicon()
    key = name.lower().rstrip(".")
    return lex.months.get(key) or lex.month_abbreviations[key]


@lru_cache(maxsize=64)
def _weekday_number(name: str) -> int:
    lex = _lexicon()
    key = name.lower().rstrip(".")
    return lex.weekdays.get(key, lex.weekday_abbreviations.get(key, -1))


def _valid_day(text: str) -> int | None:
    value = int(text)
    return value if 1 <= value <= 31 else None


@lru_cache(maxsize=8192)
def _day_month_date(day: int, month: int, year: int | None, reference: dt.date | None) -> dt.date | None:
    """Resolve a day and month; cached by (expression parts, reference)."""
    if year is not None:
        return _date(year, month, day)
    if reference is None:
        return None
    return _latest_on_or_before(month, day, reference)


# --- handlers: one per pattern -----------------------------------------------------------


def _range(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    lex = _lexicon()
    link = match["link"].lower()
    if match["start"] is None and link in lex.range_links_needing_a_start:
        return None  # "5 and 9 May" may be two days, not a span
    d1, d2 = _valid_day(match["d1"]), _valid_day(match["d2"])
    if d1 is None or d2 is None:
        return None
    m2 = _month_number(match["m2"])
    groups = match.groupdict()
    m1 = _month_number(groups["m1"]) if groups.get("m1") else m2
    y2 = _year(groups.get("y2"))
    y1 = _year(groups.get("y1")) or (y2 - 1 if y2 is not None and m1 > m2 else y2)
    first = _day_month_date(d1, m1, y1, reference)
    # Without any year, measure the span in a leap year and leave the date unresolved.
    probe = first or _date(2000, m1, d1)
    if probe is None:
        return None
    last_year = probe.year + 1 if (m2, d2) < (m1, d1) else probe.year
    last = _date(last_year if first is None else (y2 or last_year), m2, d2)
    if last is None or last < probe:
        return None
    days = (last - probe).days + 1
    return _Found(
        match.start(),
        match.end(),
        first,
        _span_precision(days),
        explicit=True,
        last_day=last if first is not None else None,
    )


def _day_month(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    day = _valid_day(match["d"])
    if day is None:
        return None
    month = _month_number(match["m"])
    year = _year(match["y"])
    if _date(year or 2000, month, day) is None:  # 2000 is a leap year: 29 Feb passes
        return None
    date = _day_month_date(day, month, year, reference)
    return _Found(match.start(), match.end(), date, 1, explicit=True, day_level=True)


def _iso(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    date = _date(int(match["y"]), int(match["mo"]), int(match["d"]))
    if date is None:
        return None
    return _Found(match.start(), match.end(), date, 1, explicit=True, day_level=True)


def _numeric(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    year = _year(match["y"])
    if year is None or (match["sep"] == "." and len(match["y"]) == 2):
        return None  # "1.5.20" is more often a version or a score than a date
    a, b = int(match["a"]), int(match["b"])
    # Day-first (most of the world's press); month-first only when day-first is impossible.
    date = _date(year, b, a) or _date(year, a, b)
    if date is None:
        return None
    return _Found(match.start(), match.end(), date, 1, explicit=True, day_level=True)


def _month_year(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    year = _year(match["y"])
    if year is None:
        return None
    date = dt.date(year, _month_number(match["m"]), 1)
    return _Found(match.start(), match.end(), date, 3, explicit=True)


def _month_only(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    name = match["m"]
    if match["pre"] is None and name.lower() in _lexicon().months_needing_a_number:
        return None  # "May" or "March" alone may be a verb or a name
    month = _month_number(name)
    date = None
    if reference is not None:
        year = reference.year if month <= reference.month else reference.year - 1
        date = dt.date(year, month, 1)
    return _Found(match.start("m"), match.end(), date, 3, explicit=True)


def _ordinal(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    pats = _patterns()
    follower = pats.word_after.match(text, match.end())
    word = follower["w"] if follower else None
    if word and word.lower() not in _lexicon().ordinal_followers:
        return None  # "on the 9th Brigade", "since the 4th floor"
    day = _valid_day(match["d"])
    if day is None:
        return None
    date = None
    if reference is not None:
        first = reference.replace(day=1)
        if day > reference.day:
            first = _add_months(first, -1)
        for back in range(3):  # the 31st looks back to a month that has one
            month = _add_months(first, -back)
            date = _date(month.year, month.month, day)
            if date is not None:
                break
    return _Found(match.start("the"), match.end(), date, 1, explicit=True, day_level=True)


def _weekday(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    name = match["wd"]
    if name.lower().rstrip(".") in _lexicon().weekday_abbreviations and match["mod"] is None:
        before = _patterns().word_before.search(text, 0, match.start())
        if before and before.end() == match.start() and before["w"].lower() == "the":
            return None  # "The Sun." is a newspaper, not a Sunday
    weekday = _weekday_number(name)
    mod = match["mod"]
    rule = _lexicon().weekday_modifiers[mod.lower()] if mod else "on_or_before"
    date = _weekday_date(weekday, reference, rule) if reference is not None else None
    return _Found(match.start(), match.end(), date, 1, day_level=True)


def _weekday_pair(match: re.Match[str], reference: dt.date | None) -> tuple[dt.date, dt.date] | None:
    if reference is None:
        return None
    last = _weekday_date(_weekday_number(match["wd2"]), reference, "on_or_before")
    first = _weekday_date(_weekday_number(match["wd1"]), last, "on_or_before")
    return first, last


def _weekday_range(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    pair = _weekday_pair(match, reference)
    if pair is None:
        return _Found(match.start(), match.end(), None, 2)
    first, last = pair
    return _Found(match.start(), match.end(), first, _span_precision((last - first).days + 1))


def _weekday_overnight(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    pair = _weekday_pair(match, reference)
    return _Found(match.start(), match.end(), pair[0] if pair else None, 1, part="overnight")


@lru_cache(maxsize=1024)
def _relative_entry(phrase: str) -> _Relative:
    key = " ".join(phrase.lower().split())
    return next(r for r in _lexicon().relative if r.phrase == key)


def _relative(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    entry = _relative_entry(match["rel"])
    if entry.not_in_names and match["rel"][:1].isupper():
        before = _patterns().word_before.search(text, 0, match.start())
        if before and before.end() == match.start() and before["w"][:1].isupper():
            return None  # "Aleppo Today", "USA Today": a title, not a date
    if entry.not_after:
        before = _patterns().word_before.search(text, 0, match.start())
        if before and before.end() == match.start() and before["w"].lower() in entry.not_after:
            return None  # "an overnight curfew" is not last night
    date = None
    if reference is not None:
        if entry.anchor == "day":
            date = reference + dt.timedelta(days=entry.offset)
        elif entry.anchor == "week":
            monday = reference - dt.timedelta(days=reference.weekday())
            date = monday + dt.timedelta(weeks=entry.offset)
        elif entry.anchor == "month":
            date = _add_months(reference.replace(day=1), entry.offset)
        else:
            date = _weekday_date(entry.offset, reference, "on_or_before")
    single_day = entry.anchor == "day" and entry.precision == 1 and not entry.part
    return _Found(
        match.start(), match.end(), date, entry.precision, part=entry.part, day_level=single_day
    )


def _count(match: re.Match[str]) -> tuple[int, _Unit, bool]:
    lex = _lexicon()
    raw = " ".join(match["n"].lower().split())
    n = int(raw) if raw.isdigit() else lex.numbers[raw]
    unit = lex.units[" ".join(match["u"].lower().split())]
    return n, unit, raw in lex.vague_numbers


def _ago(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    n, unit, vague = _count(match)
    precision = max(unit.precision, 2) if vague else unit.precision
    date = reference - dt.timedelta(days=n * unit.hours // 24) if reference else None
    return _Found(match.start(), match.end(), date, precision)


def _past_span(match: re.Match[str], text: str, reference: dt.date | None) -> _Found | None:
    n, unit, vague = _count(match)
    if match["adj"] is None and not unit.bare:
        return None  # "in two days" may be a deadline ahead; "in 24 hours" is the past day
    days = max(1, -(-n * unit.hours // 24))
    precision = max(_span_precision(days), 2) if vague else _span_precision(days)
    date = reference - dt.timedelta(days=days - 1) if reference else None
    return _Found(match.start(), match.end(), date, precision)


# --- scanning ----------------------------------------------------------------------------


def _with_part(found: _Found, text: str) -> _Found:
    """Widen a single-day mention to "late on ...", "the night of ...", "... night"."""
    if not found.day_level or found.part:
        return found
    pats = _patterns()
    lex = _lexicon()
    start, end, part = found.start, found.end, ""
    before = pats.part_before.search(text, max(0, start - 40), start)
    if before is not None and before.end() == start:
        if before["p"]:
            part = lex.part_prefixes[before["p"].lower()]
        else:
            part = lex.part_of_nouns[before["q"].lower()]
        start = before.start()
    after = pats.part_after.match(text, end)
    if after is not None:
        part = lex.part_suffixes[after["s"].lower()] or part
        end = after.end()
    if (start, end) == (found.start, found.end):
        return found
    return _Found(start, end, found.date, found.precision, part, found.explicit, True, found.last_day)


def _scan(text: str, reference: dt.date | None) -> list[_Found]:
    found: list[_Found] = []
    if not _patterns().anything.search(text):
        return found
    for pattern, handler in _patterns().rules:
        for match in pattern.finditer(text):
            hit = handler(match, text, reference)
            if hit is not None:
                found.append(_with_part(hit, text))
    # The longest expression wins where patterns overlap ("Monday night" over "Monday").
    found.sort(key=lambda f: (f.start - f.end, f.start))
    chosen: list[_Found] = []
    for hit in found:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    chosen.sort(key=lambda f: f.start)
    return chosen


def find_times(text: str, reference: dt.date | None) -> list[TimeMention]:
    """Every time expression in one sentence, in order, resolved against `reference`."""
    return [
        TimeMention(f.start, f.end, text[f.start : f.end], f.date, f.precision, f.part, f.explicit)
        for f in _scan(text, reference)
    ]


def latest_explicit_date(text: str) -> dt.date | None:
    """The latest full calendar date (day, month and year) a whole text names.

    Used as the reference for texts without a publication date; for a range it is the
    range's last day. Only dates that carry their own year count: month-only expressions
    ("May 2020") and year-less dates ("until 23 May", often a deadline ahead) do not, so a
    text with no year anywhere gives None.
    """
    return _latest_named_day(text, None)


def _latest_named_day(text: str, reference: dt.date | None) -> dt.date | None:
    days = [
        f.last_day or f.date
        for f in _scan(text, reference)
        if f.explicit and f.date is not None and (f.precision == 1 or f.last_day is not None)
    ]
    return max((d for d in days if d is not None), default=None)
