"""Tests for sources.py: every reader, the dateline and date parsing, and every bad input.

All texts are invented for these tests. Each bad-input test reads the bad file in a
batch with a good one and checks that the good one is still read and that the message
is one line naming the file (and line or record) and the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from frontlines.errors import InputError
from frontlines.sources import (
    MAX_BYTES,
    READERS,
    InputWarning,
    Located,
    count_records,
    html_to_text,
    parse_date,
    read_articles,
    read_dateline,
    read_located,
    split_title,
)
from frontlines.types import Article

GOOD_TEXT = "Militia fighters stormed a checkpoint near the river crossing on Sunday."


def read(
    paths: Sequence[str | Path], *, stdin: bytes | None = None, **options: Any
) -> tuple[list[Article], list[InputError], list[InputWarning]]:
    articles: list[Article] = []
    errors: list[InputError] = []
    warnings: list[InputWarning] = []
    stream = io.BytesIO(stdin) if stdin is not None else None
    for item in read_articles([str(path) for path in paths], stdin=stream, **options):
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, InputWarning):
            warnings.append(item)
        else:
            errors.append(item)
    return articles, errors, warnings


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def jsonl(*records: object) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")


def one_line(message: str) -> bool:
    return "\n" not in message and "\r" not in message


# --- bad inputs: the file is skipped, the batch goes on ------------------------------------

BAD_FILES = [
    # (name, content, code, reason fragment)
    ("empty.txt", b"", "E102", "empty input"),
    ("blank.txt", b"  \n\n\t \n", "E102", "empty input"),
    ("empty.jsonl", b"\n\n", "E102", "empty input"),
    ("empty.json", b"[]", "E102", "empty input"),
    ("header-only.csv", b"", "E102", "empty input"),
    ("binary.txt", b"GIF89a\x00\x01\x02\x00", "E103", "NUL bytes"),
    ("binary.jsonl", b'{"text": "a"}\n\x00\x00\x00', "E103", "NUL bytes"),
    ("latin1.txt", "Shelling hit Saint-Étienne".encode("latin-1"), "E104", "byte 19"),
    ("latin1.csv", "text\nCaf\xe9 bombed\n".encode("latin-1"), "E104", "byte 8"),
    ("broken.json", b'{"text": "a",\n "title": }', "E106", "broken.json:2: malformed JSON"),
    ("notes.docx", b"some words", "E111", "unknown file type '.docx'"),
    ("no-text-column.csv", b"id,body\n1,Shelling at dawn\n", "E109", "no 'text' column (columns: id, body)"),
]


@pytest.mark.parametrize(("name", "content", "code", "reason"), BAD_FILES)
def test_sources_bad_file_is_one_line_error_and_batch_goes_on(
    tmp_path: Path, good: Path, name: str, content: bytes, code: str, reason: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    articles, errors, _ = read([bad, good])
    assert [article.text for article in articles] == [GOOD_TEXT]
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith(f"[{code}] {bad}")
    assert reason in message
    assert one_line(message)


def test_sources_missing_file_names_path(tmp_path: Path, good: Path) -> None:
    articles, errors, _ = read([tmp_path / "nowhere.txt", good])
    assert len(articles) == 1
    assert [str(err) for err in errors] == [f"[E101] {tmp_path / 'nowhere.txt'}: file not found."]


def test_sources_missing_file_with_unknown_suffix_is_not_found(tmp_path: Path, good: Path) -> None:
    _, errors, _ = read([tmp_path / "nowhere.pdf", good])
    assert "[E101]" in str(errors[0])


def test_sources_folder_without_input_files_is_error(tmp_path: Path, good: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    (folder / "notes.md").write_text("not an input", encoding="utf-8")
    articles, errors, _ = read([folder, good])
    assert len(articles) == 1
    assert str(errors[0]).startswith(f"[E114] {folder}: folder holds no input files (.atom .csv")


def test_sources_folder_reads_its_input_files_in_path_order(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "b").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "b" / "two.txt").write_text("Two.", encoding="utf-8")
    (folder / "a.jsonl").write_bytes(jsonl({"text": "One."}, {"text": "One more."}))
    (folder / "c.txt").write_text("Three.", encoding="utf-8")
    (folder / "readme.md").write_text("not an input", encoding="utf-8")
    (folder / ".draft.txt").write_text("hidden", encoding="utf-8")
    (folder / ".hidden" / "x.txt").write_text("hidden", encoding="utf-8")
    articles, errors, _ = read([folder])
    assert errors == []
    assert [article.text for article in articles] == ["One.", "One more.", "Two.", "Three."]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_sources_unreadable_file_is_error(tmp_path: Path, good: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD_TEXT, encoding="utf-8")
    locked.chmod(0)
    articles, errors, _ = read([locked, good])
    assert len(articles) == 1
    assert str(errors[0]).startswith(f"[E115] {locked}: cannot read the file")


def test_sources_file_over_10_mb_is_error(tmp_path: Path, good: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (MAX_BYTES // 5 + 1))
    articles, errors, _ = read([big, good])
    assert len(articles) == 1
    message = str(errors[0])
    assert message.startswith(f"[E105] {big}: {MAX_BYTES + 5} bytes is over the {MAX_BYTES}-byte limit")
    assert one_line(message)


def test_sources_non_utf8_names_byte_offset(tmp_path: Path, good: Path) -> None:
    bad = tmp_path / "cp1252.txt"
    bad.write_bytes(b"Rockets \x93hit\x94 the base")
    _, errors, _ = read([bad, good])
    assert str(errors[0]) == f"[E104] {bad}: not valid UTF-8 (byte 8); re-encode the file as UTF-8."


def test_sources_non_utf8_jsonl_line_names_line_and_file_offset(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    first = jsonl({"text": GOOD_TEXT})
    path.write_bytes(first + b'{"text": "Caf\xe9"}\n' + jsonl({"text": "Drone strike reported."}))
    articles, errors, _ = read([path])
    assert [article.text for article in articles] == [GOOD_TEXT, "Drone strike reported."]
    assert str(errors[0]).startswith(f"[E104] {path}:2: not valid UTF-8 (byte {len(first) + 13})")


# --- bad records: the record is skipped, the file goes on --------------------------------

BAD_JSONL_LINES = [
    # (bad line, code, reason fragment)
    (b'{"text": "no closing brace"', "E106", "malformed JSON (Expecting ',' delimiter: column 28)"),
    (b'{"text": "unterminated}', "E106", "malformed JSON (Unterminated string starting at: column 10)"),
    (b"{'text': 'single quotes'}", "E106", "malformed JSON (Expecting property name"),
    (b'["text", "a list"]', "E113", "not a JSON object"),
    (b'"just a string"', "E113", "not a JSON object"),
    (b"42", "E113", "not a JSON object"),
    (b'{"title": "no text at all"}', "E107", "no non-empty 'text'"),
    (b'{"text": ""}', "E107", "no non-empty 'text'"),
    (b'{"text": "   \\n "}', "E107", "no non-empty 'text'"),
    (b'{"text": 12}', "E107", "no non-empty 'text'"),
    (b'{"text": null}', "E107", "no non-empty 'text'"),
]


@pytest.mark.parametrize(("line", "code", "reason"), BAD_JSONL_LINES)
def test_sources_bad_jsonl_record_names_line_and_others_are_read(
    tmp_path: Path, line: bytes, code: str, reason: str
) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": GOOD_TEXT}) + line + b"\n" + jsonl({"id": "c", "text": "Clashes."}))
    articles, errors, _ = read([path])
    assert [article.id for article in articles] == ["a", "c"]
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith(f"[{code}] {path}:2: ")
    assert reason in message
    assert one_line(message)


@pytest.mark.parametrize(
    ("record", "code"),
    [
        ("a string", "E113"),
        ({"title": "no text"}, "E107"),
        ({"text": ""}, "E107"),
    ],
)
def test_sources_bad_json_list_item_names_record(tmp_path: Path, record: object, code: str) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": GOOD_TEXT}, record, {"text": "Clashes."}]), encoding="utf-8")
    articles, errors, _ = read([path])
    assert [article.text for article in articles] == [GOOD_TEXT, "Clashes."]
    assert str(errors[0]).startswith(f"[{code}] {path}:record 2: ")


def test_sources_record_over_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big-record.jsonl"
    path.write_bytes(jsonl({"text": GOOD_TEXT}, {"text": "x" * 500}, {"text": "Clashes."}))
    articles, errors, _ = read([path], max_bytes=200)
    assert [article.text for article in articles] == [GOOD_TEXT, "Clashes."]
    assert str(errors[0]).startswith(f"[E112] {path}:2: record is 513 bytes, over the 200-byte limit")


def test_sources_csv_record_over_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big-row.csv"
    path.write_text(f"text\n{'y' * 300}\nClashes.\n", encoding="utf-8")
    articles, errors, _ = read([path], max_bytes=200)
    assert [article.text for article in articles] == ["Clashes."]
    assert str(errors[0]).startswith(f"[E112] {path}:2: record is 300 bytes")


BAD_CSV_ROWS = [
    # (bad row, code, reason fragment)
    ('3,"A quote "inside" the field"', "E108", "malformed CSV ("),
    ("3,too,many,fields", "E116", "row has 4 fields but the header has 2"),
    ("3", "E116", "row has 1 fields but the header has 2"),
    ("3,", "E107", "no non-empty 'text'"),
]


@pytest.mark.parametrize(("row", "code", "reason"), BAD_CSV_ROWS)
def test_sources_bad_csv_row_names_line_and_others_are_read(tmp_path: Path, row: str, code: str, reason: str) -> None:
    path = tmp_path / "batch.csv"
    path.write_text(f"id,text\n1,{GOOD_TEXT}\n2,Clashes.\n{row}\n4,Airstrike.\n", encoding="utf-8")
    articles, errors, _ = read([path])
    assert [article.id for article in articles] == ["1", "2", "4"]
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith(f"[{code}] {path}:4: ")
    assert reason in message
    assert one_line(message)


# --- dates ---------------------------------------------------------------------------------


def test_sources_unreadable_date_warns_and_record_is_read(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    path.write_bytes(jsonl({"id": "a", "text": GOOD_TEXT, "date": "the other day"}, {"id": "b", "text": "Clashes."}))
    articles, errors, warnings = read([path])
    assert errors == []
    assert [article.id for article in articles] == ["a", "b"]
    assert articles[0].published is None
    assert [str(w) for w in warnings] == [
        f"[W101] {path}:1: cannot read date 'the other day'; processed without a date."
    ]


def test_sources_unreadable_date_falls_back_to_default(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text(f"text,date\n{GOOD_TEXT},soon\n", encoding="utf-8")
    articles, _, warnings = read([path], published=dt.date(2021, 3, 4))
    assert articles[0].published == dt.date(2021, 3, 4)
    assert str(warnings[0]).startswith(f"[W102] {path}:2: cannot read date 'soon'; processed with the default date 2021-03-04")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-13", dt.date(2016, 12, 13)),
        ("December 13, 2016", dt.date(2016, 12, 13)),
        ("Dec 13, 2016", dt.date(2016, 12, 13)),
        ("13 December 2016", dt.date(2016, 12, 13)),
        ("13/12/2016", dt.date(2016, 12, 13)),
        ("12/13/2016", dt.date(2016, 12, 13)),
        ("3/4/2016", dt.date(2016, 3, 4)),
        ("2016-12-13T22:15:00Z", dt.date(2016, 12, 13)),
        ("Tue, 13 Dec 2016 22:15:00 EST", dt.date(2016, 12, 13)),
        ("  2016-12-13  ", dt.date(2016, 12, 13)),
        ("December 2016", dt.date(2016, 12, 1)),
        ("yesterday", None),
        ("13", None),
        ("99/99/2016", None),
        ("", None),
    ],
)
def test_sources_parse_date(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --- good inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "title", "text"),
    [
        ("Town falls to rebels\n\nRebels took the town.", "Town falls to rebels", "Rebels took the town."),
        ("Town falls to rebels\n\n\nRebels took it.\n\nMore later.", "Town falls to rebels", "Rebels took it.\n\nMore later."),
        ("Rebels took the town.", "", "Rebels took the town."),
        ("Rebels took the town.\nThe army left.\n\nMore.", "", "Rebels took the town.\nThe army left.\n\nMore."),
        ("Only a headline\n\n", "", "Only a headline"),
        ("HOMS (Reuters) - Shells fell.\n\nMore.", "", "HOMS (Reuters) - Shells fell.\n\nMore."),
        ("Town falls\r\n\r\nRebels took it.\r\n", "Town falls", "Rebels took it."),
        ("\ufeffTown falls\n\nRebels took it.", "Town falls", "Rebels took it."),
    ],
)
def test_sources_txt_title_is_single_line_first_paragraph(tmp_path: Path, content: str, title: str, text: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(content, encoding="utf-8", newline="")
    articles, errors, _ = read([path])
    assert errors == []
    assert (articles[0].title, articles[0].text) == (title, text)


def test_sources_split_title_keeps_long_first_line_as_text() -> None:
    content = "word " * 100 + "\n\nSecond paragraph."
    assert split_title(content) == ("", content)


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("ALEPPO, Syria (Reuters) - Fighting went on.", "ALEPPO, Syria", "Reuters"),
        ("BEIRUT (Reuters) - Fighting went on.", "BEIRUT", "Reuters"),
        ("KABUL, Dec 3 (AFP) - Fighting went on.", "KABUL", "AFP"),
        ("KABUL, Dec. 3 (AFP) - Fighting went on.", "KABUL", "AFP"),
        ("MOSUL, Iraq, Nov 12 (AP) — Fighting went on.", "MOSUL, Iraq", "AP"),
        ("GOMA, Congo/KIGALI (Reuters) - Fighting went on.", "GOMA, Congo/KIGALI", "Reuters"),
        ("SAN JOSÉ (Reuters) -- Fighting went on.", "SAN JOSÉ", "Reuters"),
        ("Aden (Reuters) - Fighting went on.", "Aden", "Reuters"),
        ("DAKAR - (Reuters) - Fighting went on.", "DAKAR", "Reuters"),
        ("(Reuters) - Fighting went on.", "", "Reuters"),
        ("Fighting went on near Aden, officials said.", "", ""),
        ("Five people died. (Reuters) - later", "", ""),
        ("HOMS (Reuters) -no space after the dash", "", ""),
        ("HOMS (Reuters)- no space before the dash", "HOMS", "Reuters"),
        ("The army said it killed five (AFP) - x", "", ""),
    ],
)
def test_sources_read_dateline(text: str, place: str, agency: str) -> None:
    assert read_dateline(text) == (place, agency)


def test_sources_dateline_sets_place_and_publisher_and_keeps_text(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    text = "HOMS, Syria (Reuters) - Shells fell on a market."
    path.write_text(text, encoding="utf-8")
    (article,), _, _ = read([path])
    assert article.text == text
    assert article.dateline_place == "HOMS, Syria"
    assert article.publisher == "Reuters"
    assert article.text[: len("HOMS, Syria")] == "HOMS, Syria"


def test_sources_given_publisher_wins_over_dateline(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("HOMS (Reuters) - Shells fell.", encoding="utf-8")
    (article,), _, _ = read([path], publisher="Desk Digest")
    assert (article.publisher, article.dateline_place) == ("Desk Digest", "HOMS")


def test_sources_jsonl_fields_override_defaults(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_bytes(
        jsonl(
            {
                "id": 17,
                "title": "Checkpoint stormed",
                "date": "March 2, 2019",
                "source": "Valley Courier",
                "url": "https://example.org/a",
                "text": GOOD_TEXT,
            },
            {"text": "Clashes.", "published": "2019-03-05", "publisher": "Hill Times"},
            {"text": "Airstrike."},
        )
    )
    articles, errors, _ = read([path], published=dt.date(2019, 1, 1), publisher="Default Wire")
    assert errors == []
    first, second, third = articles
    assert (first.id, first.title, first.published, first.publisher, first.url) == (
        "17",
        "Checkpoint stormed",
        dt.date(2019, 3, 2),
        "Valley Courier",
        "https://example.org/a",
    )
    assert (second.published, second.publisher) == (dt.date(2019, 3, 5), "Hill Times")
    assert (third.published, third.publisher) == (dt.date(2019, 1, 1), "Default Wire")


def test_sources_json_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"text": GOOD_TEXT, "title": "T"}, indent=2), encoding="utf-8")
    (article,), errors, _ = read([path])
    assert (article.title, article.text, errors) == ("T", GOOD_TEXT, [])


def test_sources_csv_quoted_multiline_text_bom_and_header_case(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes('\ufeffID,Text,Date,Source\n9,"Line one,\nline two ""quoted""",13/12/2016,Delta Post\n'.encode("utf-8"))
    (article,), errors, _ = read([path])
    assert errors == []
    assert (article.id, article.text, article.published, article.publisher) == (
        "9",
        'Line one,\nline two "quoted"',
        dt.date(2016, 12, 13),
        "Delta Post",
    )


def test_sources_tsv(tmp_path: Path) -> None:
    path = tmp_path / "rows.tsv"
    path.write_text(f"id\ttext\n5\t{GOOD_TEXT}\n", encoding="utf-8")
    (article,), errors, _ = read([path])
    assert (article.id, article.text, errors) == ("5", GOOD_TEXT, [])


def test_sources_readers_registered_by_suffix() -> None:
    assert {".txt", ".jsonl", ".json", ".csv"} <= set(READERS)


# --- standard input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "texts"),
    [
        (b"Headline\n\nRebels took the town.\n", ["Rebels took the town."]),
        (b'{\n  "text": "Rebels took the town."\n}\n', ["Rebels took the town."]),
        (b'{"text": "One."}\n{"text": "Two."}\n', ["One.", "Two."]),
        (b'  [{"text": "One."}, {"text": "Two."}]', ["One.", "Two."]),
    ],
)
def test_sources_stdin_format_from_first_character(data: bytes, texts: list[str]) -> None:
    articles, errors, _ = read(["-"], stdin=data)
    assert errors == []
    assert [article.text for article in articles] == texts


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E102"),
        (b"\n  \n", "E102"),
        (b"\x00\x01binary", "E103"),
        (b"caf\xe9", "E104"),
    ],
)
def test_sources_bad_stdin_names_stdin(good: Path, data: bytes, code: str) -> None:
    articles, errors, _ = read(["-", good], stdin=data)
    assert len(articles) == 1
    assert str(errors[0]).startswith(f"[{code}] <stdin>")


def test_sources_stdin_jsonl_bad_line_names_line() -> None:
    articles, errors, _ = read(["-"], stdin=b'{"text": "One."}\n{oops\n{"text": "Two."}\n')
    assert [article.text for article in articles] == ["One.", "Two."]
    assert str(errors[0]).startswith("[E106] <stdin>:2: malformed JSON")


# --- where a record was read ------------------------------------------------------------------


def test_sources_read_located_names_file_line_record_and_entry(tmp_path: Path, good: Path) -> None:
    lines = tmp_path / "batch.jsonl"
    lines.write_bytes(b"\n" + jsonl({"text": "One."}))
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"text": "A."}, {"text": "B."}]), encoding="utf-8")
    feed = tmp_path / "feed.rss"
    feed.write_text(RSS, encoding="utf-8")
    found = [e.where for e in read_located([str(good), str(lines), str(listed), str(feed)]) if isinstance(e, Located)]
    assert found == [str(good), f"{lines}:2", f"{listed}:record 1", f"{listed}:record 2", f"{feed}:entry 1",
                     f"{feed}:entry 2"]


def test_sources_nul_in_a_record_text_is_error(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl({"text": "Bad\u0000 text."}, {"text": GOOD_TEXT}))
    articles, errors, _ = read([path])
    assert [article.text for article in articles] == [GOOD_TEXT]
    assert str(errors[0]) == f"[E119] {path}:1: text holds NUL characters, not plain text; the record was skipped."


# --- web pages --------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<title>Clashes near Ariha | Levant Wire</title>
<meta property="og:title" content="Clashes near Ariha">
<meta property="og:site_name" content="Levant Wire">
<meta property="article:published_time" content="2020-05-04T09:30:00+00:00">
<link rel="canonical" href="https://levant-wire.example/2020/05/ariha">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Clashes near Ariha</h1>
<p>IDLIB, Syria (Levant Wire) - Government forces and rebels clashed near the town of Ariha on Monday,
killing at least seven fighters, a war monitor said.</p>
<p>The fighting followed a week of air strikes on villages south of the town, residents said, and
hundreds of families left for camps near the Turkish border.</p>
<p>A spokesman for the rebels said their fighters had repelled an attack on the hills west of Ariha.</p>
</article>
<aside>Most read: Football results from the weekend</aside>
<footer>Copyright 2020 Levant Wire. All rights reserved.</footer>
</body></html>
"""


def test_sources_html_page_gives_main_text_title_date_and_publisher(tmp_path: Path) -> None:
    page = tmp_path / "ariha.html"
    page.write_text(PAGE, encoding="utf-8")
    (article,), errors, _ = read([page])
    assert errors == []
    assert article.title == "Clashes near Ariha"
    assert article.text.startswith("IDLIB, Syria (Levant Wire) - Government forces and rebels clashed")
    assert "repelled an attack" in article.text
    assert "Home" not in article.text and "Football" not in article.text and "Copyright" not in article.text
    assert article.published == dt.date(2020, 5, 4)
    assert article.publisher == "Levant Wire"
    assert article.url == "https://levant-wire.example/2020/05/ariha"
    assert article.dateline_place == "IDLIB, Syria"


def test_sources_html_page_without_text_is_error(tmp_path: Path, good: Path) -> None:
    page = tmp_path / "empty.htm"
    page.write_text("<html><head><title>Nothing</title></head><body><img src='x.png'></body></html>", encoding="utf-8")
    articles, errors, _ = read([page, good])
    assert len(articles) == 1
    assert str(errors[0]) == (
        f"[E117] {page}: no article text found in the page; the file was skipped. "
        "Give the text as .txt if the page holds it."
    )


# --- feeds ------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Sahel Monitor</title>
  <link>https://sahel-monitor.example</link>
  <item>
    <title>Attack on convoy near Gao</title>
    <link>https://sahel-monitor.example/gao</link>
    <guid>sahel-001</guid>
    <pubDate>Tue, 05 May 2020 08:00:00 GMT</pubDate>
    <description>Short summary only.</description>
    <content:encoded><![CDATA[<p>Gunmen attacked a supply convoy near Gao on Monday, killing three soldiers, the army said.</p>
<p>The convoy was &amp; remained stuck for hours.</p>]]></content:encoded>
  </item>
  <item>
    <title>Protest in Bamako</title>
    <link>https://sahel-monitor.example/bamako</link>
    <pubDate>Wed, 06 May 2020 10:00:00 GMT</pubDate>
    <description>Hundreds of people &lt;b&gt;protested&lt;/b&gt; in Bamako on Wednesday.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Horn Observer</title>
  <id>urn:horn-observer</id>
  <updated>2020-05-07T12:00:00Z</updated>
  <entry>
    <title>Clashes in Beledweyne</title>
    <id>urn:horn-observer:1</id>
    <link href="https://horn-observer.example/1"/>
    <updated>2020-05-07T12:00:00Z</updated>
    <summary>Summary.</summary>
    <content type="html">&lt;p&gt;Al Shabaab fighters clashed with troops in Beledweyne on Thursday.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Nothing here</title>
    <id>urn:horn-observer:2</id>
    <updated>2020-05-07T13:00:00Z</updated>
  </entry>
</feed>
"""


def test_sources_rss_feed_gives_one_article_per_item(tmp_path: Path) -> None:
    feed = tmp_path / "sahel.rss"
    feed.write_text(RSS, encoding="utf-8")
    (first, second), errors, _ = read([feed], publisher="Fallback")
    assert errors == []
    assert first.title == "Attack on convoy near Gao"
    assert first.text == (
        "Gunmen attacked a supply convoy near Gao on Monday, killing three soldiers, the army said.\n\n"
        "The convoy was & remained stuck for hours."
    )
    assert (first.id, first.url, first.published, first.publisher) == (
        "sahel-001", "https://sahel-monitor.example/gao", dt.date(2020, 5, 5), "Sahel Monitor"
    )
    assert second.text == "Hundreds of people protested in Bamako on Wednesday."  # the summary, as text
    assert second.published == dt.date(2020, 5, 6)


def test_sources_atom_feed_content_and_entry_without_text(tmp_path: Path) -> None:
    feed = tmp_path / "horn.atom"
    feed.write_text(ATOM, encoding="utf-8")
    (entry,), errors, _ = read([feed])
    assert entry.text == "Al Shabaab fighters clashed with troops in Beledweyne on Thursday."
    assert (entry.id, entry.url, entry.published, entry.publisher) == (
        "urn:horn-observer:1", "https://horn-observer.example/1", dt.date(2020, 5, 7), "Horn Observer"
    )
    assert [str(e) for e in errors] == [
        f"[E107] {feed}:entry 2: record has no non-empty 'text' field; the record was skipped."
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<?xml version='1.0'?><catalog><book>Not news</book></catalog>", "no <rss>, <feed> or <rdf:RDF> element"),
        ("<rss><channel><title>cut short", "no element found"),
        ("plain words, no XML", "syntax error"),
    ],
)
def test_sources_xml_that_is_not_a_feed_is_error(tmp_path: Path, good: Path, content: str, reason: str) -> None:
    path = tmp_path / "thing.xml"
    path.write_text(content, encoding="utf-8")
    articles, errors, _ = read([path, good])
    assert len(articles) == 1
    message = str(errors[0])
    assert message.startswith(f"[E118] {path}: not an RSS or Atom feed (") and reason in message
    assert one_line(message)


def test_sources_empty_feed_is_empty_input(tmp_path: Path) -> None:
    path = tmp_path / "empty.rss"
    path.write_text("<rss version='2.0'><channel><title>Quiet</title></channel></rss>", encoding="utf-8")
    _, errors, _ = read([path])
    assert str(errors[0]).startswith(f"[E102] {path}: empty input")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One <b>bold</b> word.</p><p>Two</p>", "One bold word.\n\nTwo"),
        ("Line<br>break &amp; more", "Line\n\nbreak & more"),
        ("<script>var x = 1;</script><style>p {}</style>Visible", "Visible"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("", ""),
    ],
)
def test_sources_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_sources_count_records(tmp_path: Path, good: Path) -> None:
    (tmp_path / "lines.jsonl").write_bytes(jsonl({"text": "a"}, {"text": "b"}) + b"\n\n")
    (tmp_path / "rows.csv").write_text("text\none\ntwo\nthree\n", encoding="utf-8")
    (tmp_path / "list.json").write_text(json.dumps([{"text": "a"}] * 4), encoding="utf-8")
    (tmp_path / "feed.rss").write_text(RSS, encoding="utf-8")
    paths = [str(tmp_path / name) for name in ("lines.jsonl", "rows.csv", "list.json", "feed.rss")]
    assert count_records(paths) == 2 + 3 + 4 + 2
    assert count_records([str(tmp_path)]) == 2 + 3 + 4 + 2 + 1  # the folder holds good.txt too
    assert count_records([str(tmp_path / "missing.txt")]) == 1
    assert count_records(["-"]) is None
