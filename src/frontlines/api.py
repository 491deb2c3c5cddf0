"""The REST API: a thin skin over the store, like the command line.

    from frontlines.api import create_app
    app = create_app(db="sqlite:///monitor.sqlite", token="s3cret")   # then uvicorn.run(app)

`frontlines serve` runs it with uvicorn. OpenAPI docs at /docs (the spec at /openapi.json):

    GET  /events              fused events: the filters of `frontlines events` (since, until,
                              country, admin1, bbox, type, actor, claimant, text, contested),
                              limit (50, at most 500), offset, sort; the total in the answer
    GET  /events/{id}         one event: evidence spans, every report in the order it joined,
                              the claims and figures of its sentences, field support
    GET  /claims              claims with their claimant's track record; contested=true: those
                              another claim contradicts, the two side by side
    GET  /figures             figures (best/low/high) with claimant and event; kind, contested
    GET  /control             who held a place on a day (place, on)
    GET  /reports/daily       the daily situation report (date, area, format json|md|html)
    GET  /export/{format}     every matching event as acled-csv, plover-jsonl, geojson, parquet
    POST /articles            extract and store one article (needs the bearer token)

Every 4xx and 5xx answer has one shape, `{"error": {"code": "E802", "message": "..."}}`,
with a code of `errors.Errors`. Limits: page size 500, request bodies `MAX_BODY_BYTES`,
article text `MAX_TEXT_CHARS`. The store is opened once per app (`app.state.store`).
Reads run in the server's thread pool, each on its own pooled connection; what needs the
place index or spaCy (control lookups, the daily report, extraction) runs on one thread of
its own, since their connections and models are not shared between threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import datetime as dt
import functools
import hmac
import io
import logging
import os
import queue
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated, Any, BinaryIO, Literal, TypeVar, cast

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, Errors, FrontlinesError, QueryError, StoreError
from .exports import EXPORTERS, event_json, export
from .sources import Defaults, make_article, parse_date
from .store import SqlStore, open_store
from .store.browse import ClaimFilter, EventDetail, FigureFilter, Span, StoredClaim, StoredFigure
from .store.query import SORTS, EventFilter, SourcedEvent, parse_filter
from .store.track import TrackRecord, records_by_name

logger = logging.getLogger(__name__)

TOKEN_ENV = "FRONTLINES_API_TOKEN"
"""The environment variable that holds the bearer token of `POST /articles`."""

MAX_LIMIT = 500
"""The most events (claims, figures) one page holds."""

MAX_OFFSET = 1_000_000_000
"""The largest offset a page may start at."""

MAX_BODY_BYTES = 1_000_000
"""The largest request body (413 past it)."""

MAX_TEXT_CHARS = 200_000
"""The longest article text `POST /articles` takes."""

MAX_PARAM_CHARS = 200
"""The longest text a filter parameter takes."""

COUNT_CAP = 10_000
"""`GET /events` counts matches up to this many past the page (`total_exact` false beyond);
`exact_total=true` counts them all, which on a large store costs a scan of every match."""

COUNT_SECONDS = 0.04
"""`GET /events` gives up counting after this long (a rare match in a large store: every
row is read to count it); `total` is then the rows up to the page's end, `total_exact` false."""

COUNT_THREADS = 4
"""Threads that count matches for `GET /events`, each while its request reads the page."""

RECORDS_CHECK_SECONDS = 30.0
"""How often the track records are checked against the store (recomputed when it grew)."""

RECORDS_WAIT_SECONDS = 5.0
"""How long a read waits for the first track records; past it, claimants come without one
until they are ready (over a million events, computing them takes about half a minute)."""

_CODE = re.compile(r"^\[(?P<code>[EW]\d{3})\] (?P<message>.*)$", re.DOTALL)

T = TypeVar("T")


# --- response and request models -----------------------------------------------------------


class ErrorDetail(BaseModel):
    code: str = Field(description="The numbered error (docs/errors.md), e.g. E802.")
    message: str = Field(description="What is wrong and what to do.")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer."""

    error: ErrorDetail


class TrackBrief(BaseModel):
    """A claimant's track record in brief: its records, how many another source corroborated
    or contradicted, how many stand alone, and its casualty figures against the others'."""

    records: int
    corroborated: int
    contradicted: int
    alone: int
    figure_ratio: float | None


class Claimant(BaseModel):
    text: str
    kind: str
    record: TrackBrief | None = None


class SourceOut(BaseModel):
    """One report of an event: which article told it, who published it, who claimed it."""

    report_id: str
    article_id: str
    publisher: str
    published: dt.date | None
    url: str | None
    claimed_by: Claimant


class SupportValue(BaseModel):
    value: Any
    reports: list[str]


class EventOut(BaseModel):
    """A fused event: ACLED's columns in ACLED's order, then ours, then its reports."""

    event_id: str
    event_date: dt.date | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int | None
    actor2: str
    assoc_actor_2: str
    inter2: int | None
    interaction: int
    country: str
    iso3: str
    admin1: str | None
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    notes: str
    source: str
    admin2: str | None
    plover_event: str
    plover_mode: str
    cameo_root: str
    confidence: float
    claimed_by: str
    fatalities_flag: str
    sources: int
    independent_sources: int | None
    contested: bool
    source_articles: list[str]
    source_reports: list[str]
    claimants: list[str]
    reports: list[SourceOut]
    support: dict[str, list[SupportValue]] | None = Field(
        default=None, description="For each field, the values the reports give and which reports give each."
    )


class EventPage(BaseModel):
    total: int = Field(description="How many events match (at least this many when total_exact is false).")
    total_exact: bool
    limit: int
    offset: int
    sort: str
    items: list[EventOut]


class SpanOut(BaseModel):
    """Evidence: sentence index (0 is the title) and the character span in the article text."""

    sentence: int
    start: int
    end: int
    text: str


class EvidenceOut(SpanOut):
    report_id: str
    article_id: str


class HistoryStep(BaseModel):
    """A report of the event, in the order it joined (see `history_order`)."""

    step: int
    report_id: str
    article_id: str
    title: str
    publisher: str
    published: dt.date | None
    url: str | None
    claimed_by: Claimant
    event_date: dt.date | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    location: str | None
    fatalities: int
    evidence: SpanOut


class ClaimCore(BaseModel):
    """A claim: who in an article asserts what (its speaker, with the speaker's track record)."""

    id: str
    article_id: str
    speaker: str
    speaker_kind: str
    record: TrackBrief | None = Field(description="The speaker's track record.")
    content: str
    date: dt.date | None
    origin: dict[str, Any] | None
    evidence: SpanOut
    publisher: str
    published: dt.date | None
    url: str | None


class ClaimOpposed(BaseModel):
    reason: str
    claim: ClaimCore


class ClaimOut(ClaimCore):
    contradicts: list[ClaimOpposed]


class FigureCore(BaseModel):
    """A count of people (best/low/high, UCDP style) with its claimant and the event holding it."""

    id: str
    article_id: str
    event_id: str | None
    report_id: str | None
    kind: str
    best: int
    low: int | None
    high: int | None
    qualifier: str
    text: str
    of_which: dict[str, Any]
    period: str
    vague: bool
    claimed_by: Claimant
    evidence: SpanOut
    publisher: str
    published: dt.date | None


class FigureOpposed(BaseModel):
    reason: str
    figure: FigureCore


class FigureOut(FigureCore):
    contradicts: list[FigureOpposed]


class EventDetailOut(EventOut):
    evidence: list[EvidenceOut] = Field(description="Each report's evidence sentence with its span.")
    history: list[HistoryStep] = Field(description="Every report, in the order it joined the event.")
    history_order: Literal["ingest", "published"] = Field(
        description="ingest: the order the store took the reports in (SQLite); published: by the articles' "
        "publication date, then report id (stores that keep no such order)."
    )
    claims: list[ClaimOut] = Field(description="The claims made in the sentences of the event's reports.")
    figures: list[FigureOut] = Field(description="The figures of the event's reports and their sentences.")


class ClaimPageOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ClaimOut]


class FigurePageOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[FigureOut]


class HoldingOut(BaseModel):
    id: str
    place: str
    area: str
    held_by: str
    previous_holder: str
    since: str | None
    claimed_by: str
    claimed_by_kind: str
    article_id: str
    evidence: str
    claimed_by_record: TrackBrief | None


class ContestedClaimOut(BaseModel):
    claimant_a: str
    claim_a: str
    claimant_b: str
    claim_b: str
    reason: str


class ControlOut(BaseModel):
    """Who held a place on a day: per area the latest holdings, records that disagree, the
    claims that contradict each other, and the timeline up to that day."""

    place: str
    on: str | None
    holdings: list[HoldingOut]
    disputed: list[list[HoldingOut]]
    contested_claims: list[ContestedClaimOut]
    timeline: list[HoldingOut]


class ArticleIn(BaseModel):
    """One article to extract and store."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The body of the report.")
    title: str = Field(default="", max_length=1_000)
    published: str | None = Field(
        default=None, max_length=100, description="Publication date (YYYY-MM-DD), the reference for 'on Monday'."
    )
    publisher: str = Field(default="", max_length=300, description="Who published it; the narrator in claimed_by.")
    url: str = Field(default="", max_length=2_000)
    id: str = Field(default="", max_length=300, description="Your id for the article (the store's id is a content hash).")


class ArticleAdded(BaseModel):
    article_id: str = Field(description="The article's content hash: its id in the store.")
    new: bool = Field(description="False when the store already held the article (nothing was added).")
    events: list[str] = Field(description="The fused events the article's reports are part of.")


# --- errors ---------------------------------------------------------------------------------


def error_body(message: str) -> dict[str, Any]:
    """`{"error": {"code", "message"}}` from a catalogue message ("[E802] No event ...")."""
    found = _CODE.match(message)
    if found is None:
        return {"error": {"code": "E814", "message": message}}
    return {"error": {"code": found.group("code"), "message": found.group("message")}}


def _answer(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(message), status_code=status, headers=dict(headers or {}))


def _status_of(exc: FrontlinesError) -> int:
    if isinstance(exc, ApiError):
        return exc.status
    if isinstance(exc, QueryError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


async def _on_frontlines_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FrontlinesError)
    status = _status_of(exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return _answer(status, str(exc), headers)


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return _answer(422, Errors.E801.format(reason=_validation_reason(exc.errors())))


def _validation_reason(errors: Any) -> str:
    parts = []
    for err in errors:
        where = [str(part) for part in err.get("loc", ())]
        name = ".".join(where[1:]) if len(where) > 1 else "".join(where)
        place = f" ({where[0]})" if len(where) > 1 else ""
        parts.append(f"{name}{place}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        message = Errors.E803.format(path=request.url.path)
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        message = Errors.E804.format(method=request.method, path=request.url.path, allowed=allowed or "another method")
    else:
        message = Errors.E813.format(status=exc.status_code, phrase=_phrase(exc.status_code))
    return _answer(exc.status_code, message, exc.headers)


async def _on_server_error(request: Request, exc: Exception) -> Response:
    logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _answer(500, Errors.E814.format(reason=type(exc).__name__))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers a route documents, each in the one error shape."""
    return {status: {"model": ErrorBody, "description": _phrase(status)} for status in sorted({*statuses, 500})}


_READ_ERRORS = _errors(422, 503)


class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` is answered 413 (E809) before any
    route reads it, whether Content-Length says so or the streamed body grows past it."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(int(declared), scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                await self.app(scope, _replay([message], receive), send)
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(size, scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body: Message = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([body], receive), send)

    async def _refuse(self, size: int, scope: Scope, receive: Receive, send: Send) -> None:
        response = _answer(413, Errors.E809.format(size=size, limit=self.max_bytes), {"Connection": "close"})
        await response(scope, receive, send)


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


# --- the app's state ------------------------------------------------------------------------


class Threads:
    """The app's own threads, in pools by name ("nlp": the one thread of the place index and
    spaCy; "records": refreshing the track records; "count": counting matches while the page
    is read), each started when first needed and stopped when the app shuts down; an app
    started again starts them again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pools: dict[str, ThreadPoolExecutor] = {}

    def pool(self, name: str, *, workers: int = 1) -> ThreadPoolExecutor:
        with self._lock:
            found = self._pools.get(name)
            if found is None:
                found = self._pools[name] = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"frontlines-{name}")
            return found

    def close(self) -> None:
        with self._lock:
            pools = list(self._pools.values())
            self._pools.clear()
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


class TrackRecords:
    """Each claimant's track record, by every name the store's records give it.

    A record weighs a claimant against every other source in the store, so it is computed
    over the whole store (`store.track_records()`), on a thread of its own: first when a
    read asks for it (the read waits up to `wait_seconds`, then goes on without records
    until they are ready), then again when the store has grown (its article count, checked
    at most every `check_seconds`), but never more than a tenth of the time: after a
    computation that took t seconds, the next one waits 10 t. A read never waits for a
    refresh; it gets the records as last computed.
    """

    def __init__(self, store: SqlStore, *, threads: Threads, check_seconds: float, wait_seconds: float) -> None:
        self._store = store
        self._threads = threads
        self._check_seconds = check_seconds
        self._wait_seconds = wait_seconds
        self._lock = threading.Lock()
        self._records: Mapping[str, TrackRecord] | None = None
        self._articles = -1
        self._checked = float("-inf")
        self._computed = float("-inf")
        self._took = 0.0
        self._job: Future[None] | None = None

    def get(self) -> Mapping[str, TrackRecord]:
        with self._lock:
            idle = self._job is None or self._job.done()
            if idle and time.monotonic() - self._checked > self._check_seconds:
                self._job = self._threads.pool("records").submit(self._refresh)
            records, job = self._records, self._job
        if records is not None or job is None:
            return records or {}
        with contextlib.suppress(FutureTimeout):
            job.result(timeout=self._wait_seconds)
        return self._records or {}

    def stale(self) -> None:
        """The store changed: check it at the next read."""
        with self._lock:
            self._checked = float("-inf")

    def _refresh(self) -> None:
        try:
            articles = self._store.counts(["articles"])["articles"]
            with self._lock:
                rested = time.monotonic() - self._computed >= 10 * self._took
                due = self._records is None or (articles != self._articles and rested)
            if due:
                started = time.monotonic()
                records = records_by_name(self._store.track_records())
                with self._lock:
                    self._records, self._articles = records, articles
                    self._computed, self._took = time.monotonic(), time.monotonic() - started
                # the records live until the next refresh: out of the collector's full passes,
                # which otherwise walk them during requests (p95 of a 500-event page: 2.5x)
                gc.collect()
                gc.freeze()
            with self._lock:
                self._checked = time.monotonic()
        except Exception:  # the store went away or failed: keep the records we have
            logger.exception("cannot compute the track records")


@dataclass(frozen=True)
class Context:
    """What the routes share: the store, the token, the track records, and the one thread
    that runs work needing the place index or spaCy."""

    store: SqlStore
    token: str | None
    records: TrackRecords
    threads: Threads

    async def on_worker(self, call: Callable[[], T]) -> T:
        """`call()` on the thread that owns the place index and spaCy."""
        return await asyncio.get_running_loop().run_in_executor(self.threads.pool("nlp"), call)


def _context(request: Request) -> Context:
    found = request.app.state.frontlines
    assert isinstance(found, Context)
    return found


Ctx = Annotated[Context, Depends(_context)]


# --- parameters -----------------------------------------------------------------------------


def _plain(name: str, value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        raise ApiError(Errors.E801.format(reason=f"{name} (query): holds a NUL character"), status=422)
    return value


def _text_param(description: str, example: str) -> Any:
    return Query(max_length=MAX_PARAM_CHARS, description=description, examples=[example])


def event_filters(
    since: Annotated[str | None, _text_param("Events dated on or after this day (YYYY-MM-DD).", "2016-12-01")] = None,
    until: Annotated[str | None, _text_param("Events dated on or before this day (YYYY-MM-DD).", "2016-12-31")] = None,
    country: Annotated[str | None, _text_param("An ISO 3166 alpha-3 code or a country's name.", "SYR")] = None,
    admin1: Annotated[str | None, _text_param("The province, any case.", "Aleppo")] = None,
    bbox: Annotated[
        str | None, _text_param("minlon,minlat,maxlon,maxlat in degrees.", "36.9,36.0,37.4,36.4")
    ] = None,
    type_: Annotated[
        str | None,
        Query(
            alias="type",
            max_length=MAX_PARAM_CHARS,
            description="An ACLED event type or sub-event type, any case.",
            examples=["Battles"],
        ),
    ] = None,
    actor: Annotated[str | None, _text_param("Part of an actor's name, any case.", "rebels")] = None,
    claimant: Annotated[str | None, _text_param("Part of a claimant's name, any case.", "observatory")] = None,
    text: Annotated[str | None, _text_param("Every word in a report's evidence (full-text).", "frontline river")] = None,
    contested: Annotated[bool, Query(description="Only events whose sources disagree.")] = False,
) -> EventFilter:
    """The `frontlines events` filters, as URL parameters."""
    values = {"since": since, "until": until, "country": country, "admin1": admin1, "bbox": bbox, "type": type_,
              "actor": actor, "claimant": claimant, "text": text}
    for name, value in values.items():
        _plain(name, value)
    return parse_filter(**values, contested=contested, prefix="")


Filters = Annotated[EventFilter, Depends(event_filters)]
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"At most this many (up to {MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Skip this many first.")]
Sort = Annotated[
    Literal[SORTS],  # type: ignore[valid-type]
    Query(description="date, fatalities or sources; '-' first for descending (-date: newest first)."),
]


# --- records ----------------------------------------------------------------------------------


def _brief(name: str, records: Mapping[str, TrackRecord]) -> dict[str, Any] | None:
    found = records.get(name)
    return dict(found.brief()) if found is not None else None


def _claimant(text: str, kind: str, records: Mapping[str, TrackRecord]) -> dict[str, Any]:
    return {"text": text, "kind": kind, "record": _brief(text, records)}


def _span(span: Span) -> dict[str, Any]:
    return {"sentence": span.sentence, "start": span.start, "end": span.end, "text": span.text}


def _claim(claim: StoredClaim, records: Mapping[str, TrackRecord]) -> dict[str, Any]:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "speaker": claim.speaker,
        "speaker_kind": claim.speaker_kind,
        "record": _brief(claim.speaker, records),
        "content": claim.content,
        "date": claim.date,
        "origin": claim.origin,
        "evidence": _span(claim.evidence),
        "publisher": claim.publisher,
        "published": claim.published,
        "url": claim.url or None,
    }


def _figure(figure: StoredFigure, records: Mapping[str, TrackRecord]) -> dict[str, Any]:
    return {
        "id": figure.id,
        "article_id": figure.article_id,
        "event_id": figure.event_id,
        "report_id": figure.report_id,
        "kind": figure.kind,
        "best": figure.best,
        "low": figure.low,
        "high": figure.high,
        "qualifier": figure.qualifier,
        "text": figure.text,
        "of_which": figure.of_which,
        "period": figure.period,
        "vague": figure.vague,
        "claimed_by": _claimant(figure.claimed_by, figure.claimed_by_kind, records),
        "evidence": _span(figure.evidence),
        "publisher": figure.publisher,
        "published": figure.published,
    }


def _detail(found: EventDetail, records: Mapping[str, TrackRecord]) -> dict[str, Any]:
    record = event_json(SourcedEvent(event=found.event, sources=found.sources), records)
    claims = {c.id: c for c in found.claims}
    figures = {f.id: f for f in found.figures}
    opposed: dict[str, list[tuple[str, str]]] = {}
    for link in found.contradictions:
        opposed.setdefault(link.a, []).append((link.b, link.reason))
        opposed.setdefault(link.b, []).append((link.a, link.reason))
    record["evidence"] = [
        {"report_id": r.report_id, "article_id": r.article_id, **_span(r.evidence)} for r in found.reports
    ]
    record["history"] = [
        {
            "step": step,
            "report_id": r.report_id,
            "article_id": r.article_id,
            "title": r.title,
            "publisher": r.publisher,
            "published": r.published,
            "url": r.url or None,
            "claimed_by": _claimant(r.claimed_by, r.claimed_by_kind, records),
            "event_date": r.event_date,
            "event_type": r.event_type,
            "sub_event_type": r.sub_event_type,
            "actor1": r.actor1,
            "actor2": r.actor2,
            "location": r.location,
            "fatalities": r.fatalities,
            "evidence": _span(r.evidence),
        }
        for step, r in enumerate(found.reports, start=1)
    ]
    record["history_order"] = found.history_order
    record["claims"] = [
        {
            **_claim(c, records),
            "contradicts": [
                {"reason": reason, "claim": _claim(claims[other], records)}
                for other, reason in opposed.get(c.id, [])
                if other in claims
            ],
        }
        for c in found.claims
    ]
    record["figures"] = [
        {
            **_figure(f, records),
            "contradicts": [
                {"reason": reason, "figure": _figure(figures[other], records)}
                for other, reason in opposed.get(f.id, [])
                if other in figures
            ],
        }
        for f in found.figures
    ]
    return record


# --- routes ---------------------------------------------------------------------------------

router = APIRouter()


@router.get("/events", response_model=EventPage, responses=_READ_ERRORS, tags=["events"])
def list_events(
    ctx: Ctx,
    filters: Filters,
    limit: Limit = 50,
    offset: Offset = 0,
    sort: Sort = "date",
    exact_total: Annotated[
        bool,
        Query(
            description=f"Count every match (else counting stops {COUNT_CAP:,} past the page, or after "
            f"{COUNT_SECONDS * 1000:.0f} ms, and total_exact is false)."
        ),
    ] = False,
) -> dict[str, Any]:
    """The fused events that match the filters, a page at a time; each claimant with its
    track record. The same query as `frontlines events`."""
    store = ctx.store
    counting = ctx.threads.pool("count", workers=COUNT_THREADS).submit(
        _count, store, filters, cap=None if exact_total else offset + limit + COUNT_CAP
    )
    found = store.query_events(filters, limit=limit, offset=offset, sort=sort)
    total, exact = _total(counting, limit=limit, offset=offset, found=len(found), exact=exact_total)
    told = store.event_sources([event.id for event in found]) if found else {}
    records = ctx.records.get() if found else {}
    events = [event_json(SourcedEvent(event=e, sources=told.get(e.id, ())), records) for e in found]
    return {
        "total": total,
        "total_exact": exact,
        "limit": limit,
        "offset": offset,
        "sort": sort,
        "items": events,
    }


def _count(store: SqlStore, filters: EventFilter, *, cap: int | None) -> int | None:
    """How many events match: all of them when `cap` is None, else at most `cap`, or None
    when that takes over `COUNT_SECONDS`."""
    if cap is None:
        return store.count_events(filters)
    return store.count_events_within(filters, cap=cap, seconds=COUNT_SECONDS)


def _total(counting: Future[int | None], *, limit: int, offset: int, found: int, exact: bool) -> tuple[int, bool]:
    """How many events match, and whether that is exact. The count (`_count`) runs while
    the page is read; a page that is not full says it without waiting for the count."""
    if not exact and (0 < found < limit or (found == 0 < limit and offset == 0)):
        counting.cancel()  # not needed: drop it if it still waits for a thread
        return offset + found, True
    counted = counting.result()
    if counted is None:  # gave up: at least the rows up to this page's end
        return offset + found, False
    return counted, exact or counted < offset + limit + COUNT_CAP


@router.get("/events/{event_id}", response_model=EventDetailOut, responses=_errors(404, 422, 503), tags=["events"])
def get_event(
    ctx: Ctx,
    event_id: Annotated[str, Path(max_length=MAX_PARAM_CHARS, description="The event's id.", examples=["02acb156da425ede:0"])],
) -> dict[str, Any]:
    """One fused event in full: the evidence sentences with their spans, every report with
    its publisher, url and claimant (with track record) in the order it joined the event,
    the claims and figures of those sentences (with what contradicts them), and `support`."""
    _plain("event_id", event_id)
    found = ctx.store.event_detail(event_id)
    if found is None:
        raise ApiError(Errors.E802.format(id=event_id), status=404)
    return _detail(found, ctx.records.get())


@router.get("/claims", response_model=ClaimPageOut, responses=_READ_ERRORS, tags=["claims and figures"])
def list_claims(
    ctx: Ctx,
    contested: Annotated[bool, Query(description="Only claims another claim contradicts.")] = False,
    claimant: Annotated[str | None, _text_param("Part of the speaker's words, any case.", "military source")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Claims (who says what) in id order, each claimant with its track record; every claim
    with the claims that contradict it, side by side, and why."""
    found = ctx.store.claims(
        ClaimFilter(contested=contested, claimant=_plain("claimant", claimant)), limit=limit, offset=offset
    )
    records = ctx.records.get() if found.claims else {}
    claims = [
        {
            **_claim(c, records),
            "contradicts": [{"reason": reason, "claim": _claim(o, records)} for o, reason in found.opposed.get(c.id, ())],
        }
        for c in found.claims
    ]
    return {"total": found.total, "limit": limit, "offset": offset, "items": claims}


@router.get("/figures", response_model=FigurePageOut, responses=_READ_ERRORS, tags=["claims and figures"])
def list_figures(
    ctx: Ctx,
    kind: Annotated[
        Literal["killed", "injured", "displaced", "detained"] | None, Query(description="The kind of count.")
    ] = None,
    contested: Annotated[bool, Query(description="Only figures another figure contradicts.")] = False,
    claimant: Annotated[str | None, _text_param("Part of the claimant's words, any case.", "observatory")] = None,
    event: Annotated[str | None, _text_param("Only the figures of this fused event.", "02acb156da425ede:0")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Figures (best/low/high per kind) in id order, with claimant and event; every figure
    with the figures that contradict it."""
    filters = FigureFilter(kind=kind, contested=contested, claimant=_plain("claimant", claimant), event=_plain("event", event))
    found = ctx.store.figures(filters, limit=limit, offset=offset)
    records = ctx.records.get() if found.figures else {}
    figures = [
        {
            **_figure(f, records),
            "contradicts": [
                {"reason": reason, "figure": _figure(o, records)} for o, reason in found.opposed.get(f.id, ())
            ],
        }
        for f in found.figures
    ]
    return {"total": found.total, "limit": limit, "offset": offset, "items": figures}


@router.get("/control", response_model=ControlOut, responses=_READ_ERRORS, tags=["control"])
async def get_control(
    ctx: Ctx,
    place: Annotated[
        str, Query(min_length=1, max_length=MAX_PARAM_CHARS, description="A place as reports name it.", examples=["Aleppo"])
    ],
    on: Annotated[dt.date | None, Query(description="The day (default: the latest records).")] = None,
) -> dict[str, Any]:
    """Who held a place on a day, according to whom (`frontlines control`)."""
    _plain("place", place)
    answer = await ctx.on_worker(functools.partial(ctx.store.control, place, on=on))
    records = await asyncio.to_thread(ctx.records.get) if answer.timeline else {}
    return answer.to_record(records)


def _export_schema(media_type: str) -> dict[str, str]:
    """A JSON document (GeoJSON) is an object; the other formats are text or bytes."""
    return {"type": "object"} if media_type.split(";")[0].endswith("json") else {"type": "string", "format": "binary"}


_REPORT_MEDIA = {"json": "application/json", "md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8"}


@router.get(
    "/reports/daily",
    response_model=None,
    responses={
        200: {
            "description": "The report: JSON, Markdown or HTML.",
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/markdown": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            },
        },
        **_errors(422, 501, 503),
    },
    tags=["reports"],
)
async def daily_report(
    ctx: Ctx,
    date: Annotated[dt.date, Query(description="The day (YYYY-MM-DD).", examples=["2016-12-13"])],
    area: Annotated[str | None, _text_param("Only this area (a country or province).", "Aleppo")] = None,
    format: Annotated[Literal["json", "md", "html"], Query(description="json, md (Markdown) or html.")] = "json",
) -> Response:
    """The daily situation report (`frontlines report`): the day's events by area and type,
    figures as ranges with their claimants, contested claims, control changes, sources."""
    _plain("area", area)
    try:
        from . import reports
    except ImportError as exc:
        raise ApiError(Errors.E812.format(reason=str(exc)), status=501) from None

    def make() -> Response:
        report = reports.daily_report(ctx.store, day=date, area=area)
        if format == "md":
            return Response(reports.render_markdown(report), media_type=_REPORT_MEDIA["md"])
        if format == "html":
            return Response(reports.render_html(report), media_type=_REPORT_MEDIA["html"])
        return JSONResponse(report.to_record())

    return await ctx.on_worker(make)


@router.get(
    "/export/{format}",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Every matching event in the format, streamed.",
            "content": {e.media_type: {"schema": _export_schema(e.media_type)} for e in EXPORTERS.values()},
        },
        **_errors(404, 422, 503),
    },
    tags=["events"],
)
def export_events(
    ctx: Ctx,
    format: Annotated[str, Path(description="The export format.", json_schema_extra={"enum": list(EXPORTERS)})],
    filters: Filters,
    sort: Sort = "date",
) -> StreamingResponse:
    """Every event that matches the filters, as ACLED CSV, PLOVER JSON Lines, GeoJSON or
    Parquet (`frontlines export`), streamed a page at a time."""
    chosen = EXPORTERS.get(format)
    if chosen is None:
        raise ApiError(Errors.E805.format(value=format, choices=", ".join(EXPORTERS)), status=404)
    pipe = _Pipe()
    write = functools.partial(export, ctx.store, chosen.name, filters=filters, sort=sort)
    threading.Thread(target=pipe.run, args=(write,), name="frontlines-export", daemon=True).start()
    filename = f"frontlines-events{chosen.suffix}"
    return StreamingResponse(
        pipe.chunks(),
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


class _Cancelled(Exception):
    """The reader of an export went away."""


class _Pipe(io.RawIOBase):
    """A binary stream an export writes to in a thread of its own, read as chunks by the
    response: bounded, so the export never runs far ahead of the client."""

    _END = b""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=16)
        self._cancel = threading.Event()
        self._written = 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._written

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if chunk:
            self._put(chunk)
            self._written += len(chunk)
        return len(chunk)

    def _put(self, item: bytes | BaseException) -> None:
        while not self._cancel.is_set():
            with contextlib.suppress(queue.Full):
                self._chunks.put(item, timeout=0.2)
                return
        raise _Cancelled

    def run(self, write: Callable[[BinaryIO], object]) -> None:
        try:
            write(cast(BinaryIO, self))
            self._put(self._END)
        except _Cancelled:
            pass
        except BaseException as exc:  # the response ends early; the failure is logged
            logger.exception("export failed")
            with contextlib.suppress(_Cancelled):
                self._put(exc)

    def _next(self) -> bytes | BaseException | None:
        while not self._cancel.is_set():
            with contextlib.suppress(queue.Empty):
                return self._chunks.get(timeout=0.2)
        return None

    async def chunks(self) -> AsyncIterator[bytes]:
        try:
            while True:
                item = await asyncio.to_thread(self._next)
                if item is None or isinstance(item, BaseException) or item == self._END:
                    return
                yield item
        finally:
            self._cancel.set()


@router.post(
    "/articles",
    response_model=ArticleAdded,
    status_code=201,
    responses={
        200: {"model": ArticleAdded, "description": "The store already held the article; nothing was added."},
        **_errors(401, 403, 413, 415, 422, 503),
    },
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": ArticleIn.model_json_schema()}}}
    },
    tags=["articles"],
)
async def post_article(
    ctx: Ctx,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(HTTPBearer(auto_error=False))],
) -> Response:
    """Extract one article and store it, with its events fused into the store's. Needs
    `Authorization: Bearer <token>`; without a token configured on the server, refused.
    Idempotent: an article the store holds (same title and text) is not added again."""
    if not ctx.token:
        raise ApiError(Errors.E806, status=403)
    if credentials is None:
        raise ApiError(Errors.E807, status=401)
    if not hmac.compare_digest(credentials.credentials.encode("utf-8"), ctx.token.encode("utf-8")):
        raise ApiError(Errors.E808, status=401)
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiError(Errors.E810.format(content_type=content_type), status=415)
    try:
        given = ArticleIn.model_validate_json(await request.body())
    except ValidationError as exc:
        reason = _validation_reason([{**err, "loc": ("body", *err["loc"])} for err in exc.errors(include_input=False)])
        raise ApiError(Errors.E801.format(reason=reason), status=422) from None
    published = None
    if given.published is not None and given.published.strip():
        published = parse_date(given.published)
        if published is None:
            raise ApiError(Errors.E811.format(value=given.published), status=422)
    if "\x00" in given.text + given.title + given.publisher + given.url + given.id:
        raise ApiError(Errors.E801.format(reason="body: holds a NUL character"), status=422)
    article = make_article(
        text=given.text, title=given.title, id=given.id, url=given.url,
        defaults=Defaults(published=published, publisher=given.publisher.strip()),
    )
    store = ctx.store

    def add() -> ArticleAdded:
        from .pipeline import extract_article

        key = article.content_hash
        new = not store.has(key) and store.add(extract_article(article))
        if new:
            ctx.records.stale()
        return ArticleAdded(article_id=key, new=new, events=store.article_events(key))

    added = await ctx.on_worker(add)
    return JSONResponse(added.model_dump(), status_code=201 if added.new else 200)


# --- the app ----------------------------------------------------------------------------------


def create_app(*, db: str | None = None, token: str | None = None, tiles: str | None = None) -> FastAPI:
    """The API over the store at `db` (None: FRONTLINES_DB, else the default store), opened
    once here and closed when the app shuts down. `token` is the bearer token of `POST
    /articles` (None: FRONTLINES_API_TOKEN; without one that route refuses every request).
    `tiles`, the map's tile URL, is passed to the dashboard (`app.state.tiles`), which is
    included when `frontlines.dashboard` is installed. Raises StoreError when the store
    cannot be opened."""
    store = open_store(db)
    threads = Threads()
    context = Context(
        store=store,
        token=token if token is not None else (os.environ.get(TOKEN_ENV) or None),
        records=TrackRecords(
            store, threads=threads, check_seconds=RECORDS_CHECK_SECONDS, wait_seconds=RECORDS_WAIT_SECONDS
        ),
        threads=threads,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            threads.close()
            store.close()  # its pooled connections; it opens new ones if the app starts again

    app = FastAPI(
        title="frontlines",
        summary="Sourced, geolocated conflict events, claims, figures and territorial control.",
        description="The store of `frontlines ingest`, read and fed over HTTP. Every error answers "
        '`{"error": {"code": "E8xx", "message": "..."}}` (docs/errors.md lists the codes).',
        version=_version(),
        lifespan=lifespan,
    )
    app.state.frontlines = context
    app.state.store = store
    app.state.tiles = tiles
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_exception_handler(FrontlinesError, _on_frontlines_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_server_error)
    app.include_router(router)
    dashboard = _dashboard()
    if dashboard is not None:
        app.include_router(dashboard)
    else:
        app.add_api_route("/", _to_docs, include_in_schema=False)
    return app


def _dashboard() -> APIRouter | None:
    try:
        from .dashboard import router as dashboard
    except ImportError:
        return None
    return dashboard


async def _to_docs() -> RedirectResponse:
    return RedirectResponse("/docs")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frontlines")
    except PackageNotFoundError:
        return "unknown"


__all__ = ["MAX_BODY_BYTES", "MAX_LIMIT", "MAX_TEXT_CHARS", "TOKEN_ENV", "BodyLimit", "create_app", "error_body"]
