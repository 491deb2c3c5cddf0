"""Number phrases: "more than 8,000", "dozens", "between 10 and 20", "twenty-five".

`parse_number_phrase(text)` reads the number phrase that starts `text` (words after it,
such as the counted noun, are allowed); `find_number_phrases(text)` finds every number
phrase of a sentence with its character span. The vocabulary (number words, vague
quantities with ACLED's values, qualifier words) lives in `lexicons/numbers.v1.json`.

Values follow ACLED's conservative rules: a vague quantity takes its listed value
("dozens" = 12, "hundreds" = 100) and a range takes its lower end as `best`.
`low`/`high` are the bounds the phrase states ("more than 8,000" -> low 8000, "up to 50"
-> high 50, "10-20" -> 10 and 20, "dozens" -> low 12); an exact count leaves both None.

Not people counts, so never returned: ordinals ("3rd", "third"), years standing alone
("in 2016"), durations and times ("24 hours", "24-hour"), percentages ("40%", "40 per
cent"), money ("$5 million", "5 dollars"), measures ("10 km"), and decimals without a
multiplier ("2.5").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..knowledge import load_model

LEXICON = "lexicons/numbers.v1.json"

QualifierKind = Literal["lower", "upper", "approx"]

# Compiled once at import: these run on every candidate sentence.
# A token is digits with separators and any letters glued on ("8,000", "1.2m", "3rd"),
# a word (with one inner apostrophe: "o'clock"), or one symbol.
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*[^\W\d_]*|[^\W\d_]+(?:['’][^\W\d_]+)?|[^\s\w]|_")
_DIGITS_RE = re.compile(r"(\d+(?:[.,]\d+)*)([^\W\d_]*)")
_COMMA_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_DOT_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DECIMAL_RE = re.compile(r"\d+(?:\.\d+)?")
_SHORT_GROUP_RE = re.compile(r"\d{1,3}")
_GROUP_RE = re.compile(r"\d{3}")
_YEAR_RE = re.compile(r"\d{4}")


@dataclass(frozen=True)
class NumberPhrase:
    """The value of one number phrase (UCDP-style best/low/high)."""

    best: int
    low: int | None
    high: int | None
    qualifier: str
    vague: bool


@dataclass(frozen=True)
class NumberSpan:
    """A number phrase found in a text, with its character span."""

    start: int
    end: int
    text: str
    phrase: NumberPhrase


class _PhraseRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: str
    value: int
    vague: bool = False


class NumbersLexicon(BaseModel):
    """Schema of `lexicons/numbers.v1.json` (`figure_context` is read by the figures stage)."""

    model_config = ConfigDict(extra="forbid")

    version: int
    units: dict[str, int]
    tens: dict[str, int]
    multipliers: dict[str, int]
    digit_suffix_multipliers: dict[str, int]
    ordinal_suffixes: list[str]
    articles: list[str]
    phrases: list[_PhraseRow]
    vague_plurals: dict[str, int]
    vague_determiners: dict[str, int]
    qualifiers: dict[QualifierKind, list[str]]
    tail_qualifiers: dict[str, QualifierKind]
    tails: list[str]
    range_openers: list[str]
    range_joiners: list[str]
    range_blockers: list[str]
    one_blockers: list[str]
    thousands_gap: list[str]
    currency_symbols: list[str]
    non_count_units: list[str]
    year_range: tuple[int, int]
    year_context: list[str]
    figure_context: dict[str, object]


@dataclass(frozen=True)
class _Lexicon:
    """The lexicon turned into sets and tuple-keyed maps for fast matching."""

    units: dict[str, int]
    tens: dict[str, int]
    multipliers: dict[str, int]
    digit_suffix_multipliers: dict[str, int]
    ordinal_suffixes: frozenset[str]
    articles: frozenset[str]
    phrases: tuple[tuple[tuple[str, ...], _PhraseRow], ...]
    vague_plurals: dict[str, int]
    vague_determiners: dict[str, int]
    qualifiers: dict[tuple[str, ...], QualifierKind]
    qualifier_max: int
    tail_qualifiers: dict[tuple[str, ...], QualifierKind]
    tail_max: int
    tails: frozenset[str]
    range_openers: frozenset[str]
    range_joiners: frozenset[str]
    range_blockers: frozenset[str]
    one_blockers: frozenset[str]
    thousands_gap: frozenset[str]
    currency_symbols: frozenset[str]
    non_count_units: frozenset[str]
    year_low: int
    year_high: int
    year_context: frozenset[str]


@cache
def numbers_lexicon() -> NumbersLexicon:
    """The validated number lexicon (cached)."""
    return load_model(LEXICON, NumbersLexicon)


@cache
def _lexicon() -> _Lexicon:
    raw = numbers_lexicon()
    qualifiers = {
        tuple(words.split()): kind for kind, phrases in raw.qualifiers.items() for words in phrases
    }
    tails = {tuple(words.split()): kind for words, kind in raw.tail_qualifiers.items()}
    phrases = sorted(
        ((tuple(row.words.split()), row) for row in raw.phrases), key=lambda item: -len(item[0])
    )
    return _Lexicon(
        units=raw.units,
        tens=raw.tens,
        multipliers=raw.multipliers,
        digit_suffix_multipliers=raw.digit_suffix_multipliers,
        ordinal_suffixes=frozenset(raw.ordinal_suffixes),
        articles=frozenset(raw.articles),
        phrases=tuple(phrases),
        vague_plurals=raw.vague_plurals,
        vague_determiners=raw.vague_determiners,
        qualifiers=qualifiers,
        qualifier_max=max((len(k) for k in qualifiers), default=0),
        tail_qualifiers=tails,
        tail_max=max((len(k) for k in tails), default=0),
        tails=frozenset(raw.tails),
        range_openers=frozenset(raw.range_openers),
        range_joiners=frozenset(raw.range_joiners),
        range_blockers=frozenset(raw.range_blockers),
        one_blockers=frozenset(raw.one_blockers),
        thousands_gap=frozenset(raw.thousands_gap),
        currency_symbols=frozenset(raw.currency_symbols),
        non_count_units=frozenset(raw.non_count_units),
        year_low=raw.year_range[0],
        year_high=raw.year_range[1],
        year_context=frozenset(raw.year_context),
    )


@dataclass(frozen=True)
class _Tokens:
    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]


def _tokenize(text: str) -> _Tokens:
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN_RE.finditer(text):
        words.append(match.group().lower())
        starts.append(match.start())
        ends.append(match.end())
    return _Tokens(text, words, starts, ends)


@dataclass(frozen=True)
class _Quantity:
    end: int  # token index after the quantity
    value: int
    vague: bool = False
    floor: bool = False  # a vague plural: "dozens" means at least its value
    words: str = ""  # the vague words, which become part of the qualifier
    plain: bool = False  # bare digits, no separator or multiplier: may be a year


def _quantity(tk: _Tokens, i: int, lex: _Lexicon) -> _Quantity | None:
    words = tk.words
    n = len(words)
    if i >= n:
        return None
    for key, row in lex.phrases:
        if tuple(words[i : i + len(key)]) == key:
            j = i + len(key)
            text = " ".join(key) if row.vague else ""
            if row.vague and j < n and words[j] in lex.multipliers:  # "a few hundred"
                mult = lex.multipliers[words[j]]
                return _Quantity(j + 1, row.value * mult, True, False, f"{text} {words[j]}")
            return _Quantity(j, row.value, row.vague, False, text)
    word = words[i]
    if word in lex.vague_determiners:
        value = lex.vague_determiners[word]
        nxt = words[i + 1] if i + 1 < n else ""
        if nxt in lex.multipliers:  # "several hundred"
            return _Quantity(i + 2, value * lex.multipliers[nxt], True, False, f"{word} {nxt}")
        if nxt in lex.vague_plurals:  # "many thousands": the plural's value
            return _Quantity(i + 2, lex.vague_plurals[nxt], True, True, f"{word} {nxt}")
        return _Quantity(i + 1, value, True, False, word)
    if word in lex.vague_plurals:
        value = lex.vague_plurals[word]
        if i + 2 < n and words[i + 1] == "of":
            inner = lex.vague_plurals.get(words[i + 2], 0)
            if inner > value:  # "tens of thousands", "hundreds of thousands"
                return _Quantity(i + 3, value * inner, True, True, f"{word} of {words[i + 2]}")
        return _Quantity(i + 1, value, True, True, word)
    if word[0].isdigit():
        return _digits(tk, i, lex)
    return _number_words(tk, i, lex)


def _decimal(num: str) -> float | None:
    if _COMMA_THOUSANDS_RE.fullmatch(num):
        return float(num.replace(",", ""))
    if _DECIMAL_RE.fullmatch(num):
        return float(num)
    return None


def _digits(tk: _Tokens, i: int, lex: _Lexicon) -> _Quantity | None:
    words = tk.words
    n = len(words)
    match = _DIGITS_RE.fullmatch(words[i])
    if match is None:
        return None
    num, suffix = match.groups()
    if suffix:
        mult = lex.digit_suffix_multipliers.get(suffix)
        value = _decimal(num)
        # "3rd" is an ordinal, "10km" a measure: neither counts people.
        if suffix in lex.ordinal_suffixes or mult is None or value is None:
            return None
        return _Quantity(i + 1, round(value * mult))
    j = i + 1
    if _SHORT_GROUP_RE.fullmatch(num):  # "3 000": thousands split by a space
        while (
            j < n
            and _GROUP_RE.fullmatch(words[j])
            and tk.text[tk.ends[j - 1] : tk.starts[j]] in lex.thousands_gap
        ):
            num += words[j]
            j += 1
    if j == i + 1 and j < n and words[j] in lex.multipliers:  # "1.2 million"
        value = _decimal(num)
        if value is None:
            return None
        return _Quantity(j + 1, round(value * lex.multipliers[words[j]]))
    if num.isdigit():
        return _Quantity(j, int(num), plain=j == i + 1)
    if _COMMA_THOUSANDS_RE.fullmatch(num):
        return _Quantity(j, int(num.replace(",", "")))
    if _DOT_THOUSANDS_RE.fullmatch(num):  # "3.000" written with a dot for thousands
        return _Quantity(j, int(num.replace(".", "")))
    return None  # "2.5" or "1,5": not a count of people


def _number_words(tk: _Tokens, i: int, lex: _Lexicon) -> _Quantity | None:
    """Read spelled-out numbers: "three", "twenty-five", "two hundred and fifty", "a dozen"."""
    words = tk.words
    n = len(words)
    total = current = 0
    last = "start"
    j = i
    while j < n:
        word = words[j]
        nxt = words[j + 1] if j + 1 < n else ""
        if word in lex.articles and last == "start" and nxt in lex.multipliers:
            last = "article"
        elif word in lex.units:
            value = lex.units[word]
            after_tens = last in ("tens", "hyphen") and 0 < value < 10
            if not (last in ("start", "hundred", "big", "and") or after_tens):
                break
            current += value
            last = "unit" if value < 10 else "teen"
        elif word in lex.tens:
            if last not in ("start", "hundred", "big", "and"):
                break
            current += lex.tens[word]
            last = "tens"
        elif word in lex.multipliers:
            if last not in ("article", "unit", "teen", "tens", "hundred", "dozen"):
                break
            mult = lex.multipliers[word]
            if mult < 1000:  # "hundred", "dozen" multiply the current group
                current = (current or 1) * mult
                last = "hundred" if mult == 100 else "dozen"
            else:
                total += (current or 1) * mult
                current = 0
                last = "big"
        elif word == "and" and last in ("hundred", "big") and (nxt in lex.units or nxt in lex.tens):
            last = "and"
        elif word in ("-", "–") and last == "tens" and 0 < lex.units.get(nxt, 0) < 10:
            last = "hyphen"
        else:
            break
        j += 1
    if last in ("start", "article", "and", "hyphen"):
        return None
    return _Quantity(j, total + current)


def _prefix(words: list[str], i: int, table: dict[tuple[str, ...], QualifierKind], longest: int) -> tuple[int, QualifierKind | None, str]:
    for length in range(min(longest, len(words) - i), 0, -1):
        key = tuple(words[i : i + length])
        kind = table.get(key)
        if kind is not None:
            return length, kind, " ".join(key)
    return 0, None, ""


def _match(tk: _Tokens, i: int, lex: _Lexicon) -> tuple[int, NumberPhrase] | None:
    """The number phrase starting at token `i`: (token index after it, value)."""
    words = tk.words
    n = len(words)
    start = i
    prev = words[i - 1] if i > 0 else ""
    if words[i] == "one" and prev in lex.one_blockers:  # "no one", "the one who"
        return None
    size, kind, qualifier = _prefix(words, i, lex.qualifiers, lex.qualifier_max)
    i += size
    opener = False
    if kind is None and i < n and words[i] in lex.range_openers:
        opener, qualifier = True, words[i]
        i += 1
    first = _quantity(tk, i, lex)
    if first is None:
        return None
    j = first.end
    best, low, high = first.value, None, None
    vague, vague_words = first.vague, first.words
    is_range = False
    # "from 10 to 20" is a change, not a range: the second number is the figure.
    joiner = words[j] if j < n else ""
    if joiner in lex.range_joiners and (joiner != "and" or opener) and prev not in lex.range_blockers:
        second = _quantity(tk, j + 1, lex)
        if second is not None and second.value > first.value:
            low, high, is_range = first.value, second.value, True
            vague = vague or second.vague
            j = second.end
    if opener and not is_range:
        return None
    size, tail_kind, tail = _prefix(words, j, lex.tail_qualifiers, lex.tail_max)
    if size == 0 and j + 1 < n and words[j] in ("-", "–"):  # "20-odd", "100-plus"
        size, tail_kind, tail = _prefix(words, j + 1, lex.tail_qualifiers, lex.tail_max)
        size = size + 1 if size else 0
    j += size
    if j < n and words[j] in lex.tails:  # "thousands more people"
        j += 1
    if not _is_count(tk, start, j, first, lex, bare=not (is_range or qualifier or tail)):
        return None
    kind = kind or tail_kind
    if not is_range:
        if kind == "lower" or (kind is None and first.floor):
            low = best
        elif kind == "upper":
            high = best
    text = " ".join(part for part in (qualifier, vague_words, tail) if part)
    return j, NumberPhrase(best=best, low=low, high=high, qualifier=text, vague=vague)


def _is_count(tk: _Tokens, start: int, end: int, first: _Quantity, lex: _Lexicon, *, bare: bool) -> bool:
    """False when the phrase measures time, money, percent or distance, or is a year."""
    words = tk.words
    n = len(words)
    nxt = words[end] if end < n else ""
    if nxt in lex.non_count_units:
        return False
    if nxt in ("-", "–") and end + 1 < n and words[end + 1] in lex.non_count_units:
        return False  # "24-hour", "12-year-old"
    prev = words[start - 1] if start > 0 else ""
    if prev in lex.currency_symbols:
        return False
    if bare and first.plain and _YEAR_RE.fullmatch(words[first.end - 1]):
        if lex.year_low <= first.value <= lex.year_high:
            # A year unless a word follows that it could count ("2016 people" is rare).
            if prev in lex.year_context or not nxt[:1].isalpha():
                return False
    return True


def parse_number_phrase(text: str) -> NumberPhrase | None:
    """Read the number phrase at the start of `text`; None if it holds no people count."""
    tk = _tokenize(text)
    if not tk.words:
        return None
    found = _match(tk, 0, _lexicon())
    return found[1] if found else None


def find_number_phrases(text: str) -> list[NumberSpan]:
    """Every number phrase in `text` that could count people, left to right."""
    lex = _lexicon()
    tk = _tokenize(text)
    out: list[NumberSpan] = []
    i = 0
    n = len(tk.words)
    while i < n:
        found = _match(tk, i, lex)
        if found is None:
            i += 1
            continue
        end, phrase = found
        start_char, end_char = tk.starts[i], tk.ends[end - 1]
        out.append(NumberSpan(start_char, end_char, text[start_char:end_char], phrase))
        i = end
    return out
