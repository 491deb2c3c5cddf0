"""Source files -> Article: the first stage of the flow.

`read_articles(paths)` reads plain text (`.txt`), JSON Lines (`.jsonl`), JSON (`.json`,
one object or a list of objects), CSV (`.csv`, `.tsv`), web pages (`.html`, `.htm`: the
article text is found by trafilatura) and RSS/Atom feeds (`.rss`, `.atom`, `.xml`: one
article per entry, read by feedparser), folders of such files, or standard input (`-`),
and yields one `Article` per report. A file or record that cannot be read yields one
`InputError` (skipped) instead, and a record read with a caveat (a date that cannot be
parsed) yields one `InputWarning` just before its `Article`; either way the batch goes
on. Every message is one line that names the file, the line or record, and the reason.
`read_located(paths)` yields the same with each article wrapped in a `Located` that says
where it was read (`batch.jsonl:12`), for messages about it later in the flow.

Readers are registered by suffix in `READERS`, so a new format is one entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any, BinaryIO

from dateutil import parser as dateutil_parser

from .errors import Errors, FrontlinesError, InputError
from .types import Article

MAX_BYTES = 10 * 1024 * 1024
"""Largest input file (`.txt`, `.json`, text on stdin) and largest record, in bytes."""

STDIN = "-"
STDIN_NAME = "<stdin>"
_SNIFF_BYTES = 8192

TEXT_FIELDS = ("text",)
ID_FIELDS = ("id",)
TITLE_FIELDS = ("title",)
DATE_FIELDS = ("published", "date")
PUBLISHER_FIELDS = ("publisher", "source")
URL_FIELDS = ("url",)


class InputWarning(FrontlinesError, UserWarning):
    """A record was read, with a caveat (its `Article` follows this warning)."""


Item = Article | InputError | InputWarning


@dataclass(frozen=True)
class Located:
    """An article and where it was read: `path` for a whole file, `path:line` for a line of
    JSON Lines or CSV, `path:record N` for JSON, `path:entry N` for a feed."""

    article: Article
    where: str


Entry = Located | InputError | InputWarning


@dataclass(frozen=True)
class Defaults:
    """Values for fields a record does not give (the CLI's --published/--publisher)."""

    published: dt.date | None = None
    publisher: str = ""
    max_bytes: int = MAX_BYTES


Reader = Callable[[str, BinaryIO, Defaults], Iterator[Entry]]
"""A reader gets the display name, an open binary stream and the defaults."""


def read_articles(
    paths: Sequence[str],
    *,
    published: dt.date | None = None,
    publisher: str = "",
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Item]:
    """Yield an Article per report in `paths`, or an InputError per bad file or record.

    `published` and `publisher` are defaults: a record's own `date`/`published` and
    `publisher`/`source` fields override them. A dateline at the start of the text
    ("ALEPPO, Syria (Reuters) -") sets `Article.dateline_place` and, when no publisher
    is known, the publisher. `-` reads `stdin` (default: the process's standard input).
    A folder is read as the files in it (and its subfolders) with a known suffix, in
    the order of their paths; other files and hidden ones are left out.
    """
    for entry in read_located(paths, published=published, publisher=publisher, stdin=stdin, max_bytes=max_bytes):
        yield entry.article if isinstance(entry, Located) else entry


def read_located(
    paths: Sequence[str],
    *,
    published: dt.date | None = None,
    publisher: str = "",
    stdin: BinaryIO | None = None,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Entry]:
    """`read_articles`, with each article wrapped in a `Located` that says where it was read."""
    defaults = Defaults(published=published, publisher=publisher, max_bytes=max_bytes)
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, defaults)
        elif os.path.isdir(path):
            files = input_files(path)
            if not files:
                yield InputError(Errors.E114.format(path=path, suffixes=" ".join(sorted(READERS))))
            for file in files:
                yield from _read_path(file, defaults)
        else:
            yield from _read_path(path, defaults)


def input_files(folder: str) -> list[str]:
    """The files in `folder` and its subfolders that a reader takes, in the order of their
    paths; hidden files and folders (a leading dot) are left out."""
    found: list[str] = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(
            os.path.join(root, name)
            for name in names
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in READERS
        )
    return sorted(found, key=lambda path: os.path.relpath(path, folder).split(os.sep))


# --- files -------------------------------------------------------------------------


def _read_path(path: str, defaults: Defaults) -> Iterator[Entry]:
    suffix = os.path.splitext(path)[1].lower()
    reader = READERS.get(suffix)
    if reader is None:
        if not os.path.exists(path):
            yield InputError(Errors.E101.format(path=path))
        else:
            yield InputError(Errors.E111.format(path=path, suffix=suffix))
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        yield InputError(Errors.E101.format(path=path))
        return
    except OSError as err:
        yield InputError(Errors.E115.format(path=path, reason=err.strerror or err))
        return
    with stream:
        size = os.fstat(stream.fileno()).st_size
        if size == 0:
            yield InputError(Errors.E102.format(path=path))
            return
        if suffix in WHOLE_FILE_SUFFIXES and size > defaults.max_bytes:
            yield InputError(Errors.E105.format(path=path, size=size, limit=defaults.max_bytes))
            return
        head = stream.read(_SNIFF_BYTES)
        if b"\x00" in head:
            yield InputError(Errors.E103.format(path=path))
            return
        stream.seek(0)
        try:
            yield from reader(path, stream, defaults)
        except OSError as err:
            yield InputError(Errors.E115.format(path=path, reason=err.strerror or err))


def _read_stdin(stdin: BinaryIO, defaults: Defaults) -> Iterator[Entry]:
    data = stdin.read()
    if not data.strip():
        yield InputError(Errors.E102.format(path=STDIN_NAME))
        return
    if b"\x00" in data[:_SNIFF_BYTES]:
        yield InputError(Errors.E103.format(path=STDIN_NAME))
        return
    start = data.lstrip()[:1]
    if start == b"[":
        reader: Reader = read_json
    elif start == b"{":
        reader = read_json if _is_one_json_document(data) else read_jsonl
    else:
        reader = read_txt
    if reader is not read_jsonl and len(data) > defaults.max_bytes:
        yield InputError(Errors.E105.format(path=STDIN_NAME, size=len(data), limit=defaults.max_bytes))
        return
    yield from reader(STDIN_NAME, io.BytesIO(data), defaults)


def _is_one_json_document(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def _decode(name: str, data: bytes, *, base: int = 0) -> str:
    """UTF-8 text (a leading BOM dropped), or InputError naming the byte offset."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(Errors.E104.format(path=name, offset=base + err.start)) from err
    return text.removeprefix("\ufeff")


# --- plain text ----------------------------------------------------------------------

_TITLE = re.compile(r"[ \t]*(?P<title>[^\n]+?)[ \t]*\n(?:[ \t]*\n)+")
_MAX_TITLE_CHARS = 300


def read_txt(name: str, stream: BinaryIO, defaults: Defaults) -> Iterator[Entry]:
    """One article: the first paragraph is the title when it is a single line."""
    try:
        content = _decode(name, stream.read())
    except InputError as err:
        yield err
        return
    content = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not content:
        yield InputError(Errors.E102.format(path=name))
        return
    if "\x00" in content:
        yield InputError(Errors.E103.format(path=name))
        return
    title, text = split_title(content)
    yield Located(make_article(text=text, title=title, defaults=defaults), name)


def split_title(content: str) -> tuple[str, str]:
    """(title, text): the first paragraph is the title when it is one short line,
    followed by a blank line and more text, and is not a dateline."""
    match = _TITLE.match(content)
    if match is None:
        return "", content
    title = match.group("title")
    text = content[match.end() :]
    if len(title) > _MAX_TITLE_CHARS or not text.strip() or DATELINE.match(title):
        return "", content
    return title, text


# --- JSON Lines and JSON ---------------------------------------------------------------


def read_jsonl(name: str, stream: BinaryIO, defaults: Defaults) -> Iterator[Entry]:
    """One record a line; the file is streamed, so only the per-record limit applies."""
    offset = 0
    records = 0
    errors = 0
    for line_no, raw in enumerate(stream, start=1):
        base, offset = offset, offset + len(raw)
        if not raw.strip():
            continue
        where = f"{name}:{line_no}"
        if len(raw) > defaults.max_bytes:
            errors += 1
            yield InputError(Errors.E112.format(path=name, line=line_no, size=len(raw), limit=defaults.max_bytes))
            continue
        try:
            line = _decode(where, raw, base=base)
            value = json.loads(line.rstrip("\r\n"))
        except InputError as err:
            errors += 1
            yield err
            continue
        except json.JSONDecodeError as err:
            errors += 1
            yield InputError(Errors.E106.format(path=name, line=line_no, reason=_json_reason(err)))
            continue
        records += 1
        yield from _from_record(value, name=name, where=line_no, defaults=defaults)
    if records == 0 and errors == 0:
        yield InputError(Errors.E102.format(path=name))


def read_json(name: str, stream: BinaryIO, defaults: Defaults) -> Iterator[Entry]:
    """One JSON document: an object (one record) or a list of objects."""
    try:
        value = json.loads(_decode(name, stream.read()))
    except InputError as err:
        yield err
        return
    except json.JSONDecodeError as err:
        yield InputError(Errors.E106.format(path=name, line=err.lineno, reason=_json_reason(err)))
        return
    if isinstance(value, list):
        if not value:
            yield InputError(Errors.E102.format(path=name))
        for index, record in enumerate(value, start=1):
            yield from _from_record(record, name=name, where=f"record {index}", defaults=defaults)
    else:
        yield from _from_record(value, name=name, where="record 1", defaults=defaults)


def _json_reason(err: json.JSONDecodeError) -> str:
    return f"{err.msg}: column {err.colno}"


# --- CSV -------------------------------------------------------------------------------


def read_csv(name: str, stream: BinaryIO, defaults: Defaults, *, delimiter: str = ",") -> Iterator[Entry]:
    """One record a row, under a header row that has a `text` column."""
    lines = _DecodedLines(name, stream)
    _raise_csv_field_limit(defaults.max_bytes)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as err:
        yield InputError(Errors.E108.format(path=name, line=1, reason=err))
        return
    except InputError as err:
        yield err
        return
    if header is None:
        yield InputError(Errors.E102.format(path=name))
        return
    columns = [column.strip().lower() for column in header]
    if "text" not in columns:
        yield InputError(Errors.E109.format(path=name, columns=", ".join(header) or "none"))
        return
    while True:
        line_no = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield InputError(Errors.E108.format(path=name, line=line_no, reason=err))
            continue
        except InputError as err:
            yield err  # the rest of the file cannot be decoded reliably
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield InputError(Errors.E116.format(path=name, line=line_no, found=len(row), expected=len(columns)))
            continue
        size = sum(len(cell.encode("utf-8")) for cell in row)
        if size > defaults.max_bytes:
            yield InputError(Errors.E112.format(path=name, line=line_no, size=size, limit=defaults.max_bytes))
            continue
        yield from _from_record(dict(zip(columns, row)), name=name, where=line_no, defaults=defaults)


def read_tsv(name: str, stream: BinaryIO, defaults: Defaults) -> Iterator[Entry]:
    """CSV with tabs."""
    return read_csv(name, stream, defaults, delimiter="\t")


class _DecodedLines:
    """Lines of a binary stream decoded as UTF-8; a bad byte raises InputError with
    its offset in the file."""

    def __init__(self, name: str, stream: BinaryIO) -> None:
        self._name = name
        self._lines = iter(stream)
        self._offset = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = next(self._lines)
        base = self._offset
        self._offset += len(raw)
        text = _decode(self._name, raw, base=base)
        return text


def _raise_csv_field_limit(limit: int) -> None:
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


# --- records -------------------------------------------------------------------------


def _from_record(record: object, *, name: str, where: int | str, defaults: Defaults) -> Iterator[Entry]:
    """A record (dict) -> Article; or InputError for a record that is not one."""
    if not isinstance(record, Mapping):
        yield InputError(Errors.E113.format(path=name, line=where))
        return
    fields = {str(key).strip().lower(): value for key, value in record.items()}
    text = _first(fields, TEXT_FIELDS)
    if not isinstance(fields.get("text"), str) or not text.strip():
        yield InputError(Errors.E107.format(path=name, line=where))
        return
    size = len(text.encode("utf-8"))
    if size > defaults.max_bytes:
        yield InputError(Errors.E112.format(path=name, line=where, size=size, limit=defaults.max_bytes))
        return
    if "\x00" in text:
        yield InputError(Errors.E119.format(path=name, line=where))
        return
    published = defaults.published
    date_value = _first(fields, DATE_FIELDS)
    if date_value.strip():
        parsed = parse_date(date_value)
        if parsed is not None:
            published = parsed
        elif defaults.published is None:
            yield InputWarning(Errors.W101.format(path=name, line=where, value=date_value))
        else:
            yield InputWarning(
                Errors.W102.format(path=name, line=where, value=date_value, default=defaults.published.isoformat())
            )
    record_defaults = replace(defaults, published=published, publisher=_first(fields, PUBLISHER_FIELDS) or defaults.publisher)
    article = make_article(
        text=text,
        title=_first(fields, TITLE_FIELDS),
        id=_first(fields, ID_FIELDS),
        url=_first(fields, URL_FIELDS),
        defaults=record_defaults,
    )
    yield Located(article, f"{name}:{where}")


def _first(fields: Mapping[str, object], names: Iterable[str]) -> str:
    for key in names:
        value = fields.get(key)
        if value is None or isinstance(value, (dict, list)):
            continue
        text = str(value)
        if text.strip():
            return text
    return ""


def make_article(*, text: str, title: str = "", id: str = "", url: str = "", defaults: Defaults) -> Article:
    """An Article with the dateline read from the start of `text` (text unchanged)."""
    place, agency = read_dateline(text)
    return Article(
        text=text,
        title=title.strip(),
        published=defaults.published,
        publisher=defaults.publisher or agency,
        url=url.strip(),
        id=id.strip(),
        dateline_place=place,
    )


# --- datelines and dates ---------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LETTERS = "A-Za-zÀ-ÖØ-öø-ž"
_WORD = rf"[{_UPPER}][{_LETTERS}'’.\-]*"  # every word of a dateline place is capitalised
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    rf"""
    \s*
    (?:(?P<place>{_WORD}(?:[,/\-\ ]{{1,3}}{_WORD}){{0,7}})      # ALEPPO, Syria; BERKELEY, Calif./LANSING
       (?:,?\ +{_MONTH}\ +\d{{1,2}})?                    # , Dec 3
       ,?\ *(?:[-–—]\ *)?)?
    \((?P<agency>[{_UPPER}][\w.&'\ ]{{0,39}})\)            # (Reuters)
    \ *[-–—]{{1,2}}\ """,
    re.VERBOSE,
)


def read_dateline(text: str) -> tuple[str, str]:
    """(place, agency) from a wire dateline at the start of `text`, else ("", "").

    >>> read_dateline("KABUL, Dec 3 (AFP) - Gunmen ...")
    ('KABUL', 'AFP')
    """
    match = DATELINE.match(text[:200])
    if match is None:
        return "", ""
    return (match.group("place") or "").strip(" ,-–—"), match.group("agency").strip()


_HAS_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}\b")
_DEFAULT_DAY = dt.datetime(2000, 1, 1)


@lru_cache(maxsize=4096)
def parse_date(value: str) -> dt.date | None:
    """A date from a common written form ("2016-12-13", "December 13, 2016",
    "13/12/2016", "12/13/2016", "Tue, 13 Dec 2016 10:00:00 GMT"), else None.

    Slashed dates are read month first unless the first number cannot be a month.
    A value with no year is not a date we can place, so it gives None.
    """
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) == 10 else dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    if not _HAS_YEAR.search(value):
        return None
    try:
        parsed: dt.datetime = dateutil_parser.parse(value, default=_DEFAULT_DAY, ignoretz=True)
    except (ValueError, OverflowError):
        return None
    return parsed.date()


# --- web pages and feeds ----------------------------------------------------------------


def read_html(name: str, stream: BinaryIO, defaults: Defaults) -> Iterator[Entry]:
    """One article from a web page: its main text as trafilatura finds it (menus, adverts and
    comments left out), with the page's title, date, site name (the publisher) and URL."""
    import trafilatura  # loaded on the first page: it takes a while

    page = trafilatura.bare_extraction(
        stream.read(), with_metadata=True, include_comments=False, include_tables=False
    )
    text = str(getattr(page, "text", None) or "").strip()
    if not text:
        yield InputError(Errors.E117.format(path=name))
        return
    if "\x00" in text:
        yield InputError(Errors.E103.format(path=name))
        return
    title = " ".join(str(getattr(page, "title", None) or "").split())
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest.strip()  # the headline repeated at the top of the text
    date = parse_date(str(getattr(page, "date", None) or ""))
    page_defaults = replace(
        defaults,
        published=date or defaults.published,
        publisher=str(getattr(page, "sitename", None) or "").strip() or defaults.publisher,
    )
    url = str(getattr(page, "url", None) or "")
    yield Located(make_article(text=text, title=title, url=url, defaults=page_defaults), name)


def read_feed(name: str, stream: BinaryIO, defaults: Defaults) -> Iterator[Entry]:
    """One article per entry of an RSS or Atom feed: the entry's content, else its summary,
    as plain text; its title, link, id and date; the feed's title as the publisher."""
    import feedparser

    parsed: Any = feedparser.parse(stream.read())
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception") or "unreadable XML").split())
            yield InputError(Errors.E118.format(path=name, reason=reason))
        elif not parsed.get("version"):
            yield InputError(Errors.E118.format(path=name, reason="no <rss>, <feed> or <rdf:RDF> element"))
        else:
            yield InputError(Errors.E102.format(path=name))
        return
    feed_title = str((parsed.get("feed") or {}).get("title") or "")
    for index, entry in enumerate(entries, start=1):
        source = entry.get("source") or {}
        record = {
            "text": _entry_text(entry),
            "title": " ".join(str(entry.get("title") or "").split()),
            "id": str(entry.get("id") or ""),
            "url": str(entry.get("link") or ""),
            "published": _entry_date(entry),
            "publisher": str(source.get("title") or "") or feed_title,
        }
        yield from _from_record(record, name=name, where=f"entry {index}", defaults=defaults)


def _entry_text(entry: Mapping[str, Any]) -> str:
    for content in entry.get("content") or []:
        value = str(content.get("value") or "")
        if value.strip():
            return _as_text(value, str(content.get("type") or ""))
    detail = entry.get("summary_detail") or {}
    return _as_text(str(entry.get("summary") or ""), str(detail.get("type") or "text/html"))


def _as_text(value: str, kind: str) -> str:
    return html_to_text(value) if "html" in kind else value.strip()


def _entry_date(entry: Mapping[str, Any]) -> str:
    """The entry's date as ISO when feedparser could read it, else as written (or "")."""
    for key in ("published", "updated"):
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed is not None:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
        if entry.get(key):
            return str(entry[key])
    return ""


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template"})


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content): one paragraph per block
    element, separated by blank lines, spaces collapsed, entities decoded."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    paragraphs = (" ".join(chunk.split()) for chunk in "".join(parser.parts).split("\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


# --- counting, for a progress bar -------------------------------------------------------

_FEED_ITEM = re.compile(rb"<(?:item|entry)[\s>/]")


def count_records(paths: Sequence[str]) -> int | None:
    """About how many records `paths` hold, cheaply (lines, rows, feed items), for a
    progress bar; None when it cannot be known beforehand (standard input)."""
    total = 0
    for path in paths:
        if path == STDIN:
            return None
        for file in input_files(path) if os.path.isdir(path) else [path]:
            total += _count_file(file)
    return total


def _count_file(path: str) -> int:
    suffix = os.path.splitext(path)[1].lower()
    try:
        with open(path, "rb") as stream:
            if READERS.get(suffix) is read_jsonl:
                return sum(1 for line in stream if line.strip())
            if READERS.get(suffix) in (read_csv, read_tsv):
                return max(0, sum(1 for line in stream if line.strip()) - 1)
            if READERS.get(suffix) is read_feed:
                return len(_FEED_ITEM.findall(stream.read()))
            if READERS.get(suffix) is read_json:
                value = json.loads(stream.read())
                return len(value) if isinstance(value, list) else 1
    except (OSError, ValueError):
        return 1
    return 1


READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_json,
    ".csv": read_csv,
    ".tsv": read_tsv,
    ".html": read_html,
    ".htm": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}
"""Readers by file suffix; a new input format is one entry."""

WHOLE_FILE_SUFFIXES = frozenset({".txt", ".text", ".json", ".html", ".htm", ".rss", ".atom", ".xml"})
"""Formats read whole, so the size limit applies to the file; the others stream."""
