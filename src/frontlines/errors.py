"""The catalogue of user-facing messages.

    FrontlinesError          anything the user can fix: bad input, bad data file, bad option
    ├── InputError           one input file or record cannot be read (the batch goes on)
    ├── KnowledgeError       a data file (lexicon, actor dictionary, ontology) is invalid
    ├── GazetteerError       the place index cannot be built, grown or read
    ├── StoreError           the store cannot be opened, upgraded or written (the run stops)
    ├── IngestError          one article cannot be extracted or stored (the batch goes on)
    ├── QueryError           a filter, sort, page or export option is invalid (nothing is read)
    └── ApiError             a REST API request cannot be served as asked (with its HTTP status)

Code raises `FrontlinesError(Errors.E101.format(...))`; the message says what is wrong
and what to do. Warnings carry W codes.
"""

from __future__ import annotations


class ErrorsWithCodes(type):
    def __getattribute__(cls, code: str) -> str:
        msg = super().__getattribute__(code)
        if code.startswith("__"):
            return msg  # type: ignore[no-any-return]
        return f"[{code}] {msg}"


class Errors(metaclass=ErrorsWithCodes):
    # Input files and records
    E101 = "{path}: file not found."
    E102 = "{path}: empty input, nothing to extract."
    E103 = "{path}: looks binary (NUL bytes), not text; give a .txt, .jsonl or .csv file."
    E104 = "{path}: not valid UTF-8 (byte {offset}); re-encode the file as UTF-8."
    E105 = "{path}: {size} bytes is over the {limit}-byte limit for one input; split it."
    E106 = "{path}:{line}: malformed JSON ({reason}); the record was skipped."
    E107 = "{path}:{line}: record has no non-empty 'text' field; the record was skipped."
    E108 = "{path}:{line}: malformed CSV ({reason}); the record was skipped."
    E109 = "{path}: CSV has no 'text' column (columns: {columns})."
    E110 = "{path}:{line}: cannot read date {value!r}; the record was processed without a date."
    E111 = "{path}: unknown file type {suffix!r}; use .txt, .jsonl, .json, .csv, .html or a feed (.rss, .atom, .xml)."
    E112 = "{path}:{line}: record is {size} bytes, over the {limit}-byte limit; skipped."
    E113 = "{path}:{line}: record is not a JSON object; the record was skipped."
    E114 = "{path}: folder holds no input files ({suffixes}); give files, a folder of them, or '-' for standard input."
    E115 = "{path}: cannot read the file ({reason}); check its permissions."
    E116 = "{path}:{line}: CSV row has {found} fields but the header has {expected}; the record was skipped."
    E117 = "{path}: no article text found in the page; the file was skipped. Give the text as .txt if the page holds it."
    E118 = "{path}: not an RSS or Atom feed ({reason}); the file was skipped."
    E119 = "{path}:{line}: text holds NUL characters, not plain text; the record was skipped."

    # Options
    E201 = "Unknown output format {value!r}; choose one of: {choices}."
    E202 = "Cannot read the date {value!r}; use YYYY-MM-DD."

    # Knowledge files
    E301 = "{path}:{line}: {reason}. Fix this row of the data file."
    E302 = "Data file {name!r} not found in {folder}."

    # Evaluation
    E401 = "{path}: not a gold file in the format of gold/README.md ({reason})."

    # Gazetteer
    E501 = "{path}:{line}: {reason}; the line was skipped, the rest of the dump loads."
    E502 = "{path}: not a GeoNames dump ({reason}); give XX.txt, XX.zip or allCountries.zip from download.geonames.org/export/dump."
    E503 = "Cannot download {url} ({reason}); check the connection, or set FRONTLINES_GEONAMES_URL to a mirror."
    E504 = "Unknown country code {code!r}; give ISO 3166 alpha-2 codes such as SY IQ YE, or allCountries."
    E505 = "No place named {name!r} in the gazetteer{where}; add a GeoNames dump with `frontlines gazetteer add`."
    E506 = "Cannot write the gazetteer index at {path} ({reason}); set FRONTLINES_DATA to a writable folder."

    # Store and ingest
    E601 = "Unknown store URL {url!r}; use sqlite:///PATH, a file path, or postgresql://USER@HOST/DB."
    E602 = "Cannot open the store {url} ({reason}); check the URL, the server and the permissions."
    E603 = "The store {url} has schema version {found}, newer than this frontlines knows ({known}); upgrade frontlines."
    E604 = "Cannot upgrade the store {url} to schema version {version} ({reason}); the store is unchanged."
    E605 = "{where}: cannot store the article ({reason}); the article was skipped."
    E606 = "{where}: extraction failed ({reason}); the article was skipped. Please report this with the record."
    E607 = "Lost the store {url} while writing ({reason}); what was committed stays, run the same command again to finish."

    # Queries and exports
    E701 = "Cannot read {option} {value!r}; use YYYY-MM-DD."
    E702 = "{since} is after {until}: no date can match; swap the two dates."
    E703 = "Unknown country {value!r}; give an ISO 3166 alpha-3 code (SYR) or the name ACLED uses (Syria)."
    E704 = "Cannot read {option} {value!r} ({reason}); give minlon,minlat,maxlon,maxlat in degrees, e.g. 36.9,36.0,37.4,36.4."
    E705 = "Unknown event type {value!r}; give one of ACLED's event types ({types}) or sub-event types (e.g. 'Armed clash')."
    E706 = "Unknown sort {value!r}; choose one of: {choices}."
    E707 = "{option} is empty; give something to match, or leave the filter out."
    E708 = "{option} must be a whole number of at least {minimum}, not {value!r}."
    E709 = "The {format} export is binary; give --output PATH rather than writing it to a terminal."
    E710 = "Cannot write {path} ({reason}); check that the folder exists and is writable."
    E711 = "No store at {path}; fill one with `frontlines ingest PATH --db {path}`, or give --db the store's URL."

    # REST API
    E801 = "Bad request: {reason}. The parameters and their values are listed at /docs."
    E802 = "No event {id!r} in the store; list the events with GET /events."
    E803 = "No route {path}; the API's routes are listed at /docs."
    E804 = "{method} is not allowed on {path}; use {allowed}."
    E805 = "Unknown export format {value!r}; choose one of: {choices}."
    E806 = "POST /articles is turned off: the server has no API token; start it with FRONTLINES_API_TOKEN set."
    E807 = "No bearer token; send the header 'Authorization: Bearer <token>'."
    E808 = "Wrong bearer token; send the token the server was started with."
    E809 = "The request body is {size} bytes, over the {limit}-byte limit; send one article at a time."
    E810 = "Send the article as JSON (Content-Type: application/json), not {content_type!r}."
    E811 = "Cannot read published {value!r}; use YYYY-MM-DD (or a dated form such as 'December 13, 2016')."
    E812 = "The daily report cannot be made here ({reason}); update frontlines."
    E813 = "{status} {phrase}."
    E814 = "The server failed on this request ({reason}); please report it with the request."

    # Dashboard
    E830 = "Cannot use the tile URL {value!r} ({reason}); give an http(s) URL template with the placeholders {placeholders}, or no tile URL for the offline map."

    # Warnings
    W101 = "{path}:{line}: cannot read date {value!r}; processed without a date."
    W102 = "{path}:{line}: cannot read date {value!r}; processed with the default date {default}."


class FrontlinesError(Exception):
    """A problem the user can fix; its message is one line."""


class InputError(FrontlinesError):
    """One input file or record cannot be read; the rest of the batch goes on."""


class KnowledgeError(FrontlinesError):
    """A data file is invalid."""


class GazetteerError(FrontlinesError):
    """The place index cannot be built, grown or read (a dump, a download, the data folder)."""


class StoreError(FrontlinesError):
    """The store cannot be opened, upgraded or written; the run stops (what was committed stays)."""


class IngestError(FrontlinesError):
    """One article cannot be extracted or stored; the rest of the batch goes on."""


class QueryError(FrontlinesError):
    """A filter, sort, page or export option is invalid; nothing was read or written."""


class ApiError(FrontlinesError):
    """A REST API request cannot be served as asked; `status` is the HTTP status to answer."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status
