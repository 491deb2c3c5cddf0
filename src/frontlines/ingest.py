"""Batch ingest: source files -> extraction (in worker processes) -> the store, in input order.

    tally = frontlines.ingest(["reports/", "feed.rss"], db="sqlite:///monitor.sqlite", workers=2)

Articles are read in input order (`sources.read_located`); an article whose content hash
is already in the store, or that came earlier in the same input, is skipped before it is
extracted. The rest are extracted in batches, in this process (`workers=1`) or in worker
processes that each load the pipeline once; this process alone writes, in input order,
each article with everything extracted from it in its own transaction. So a run stopped
at any point (Ctrl-C, SIGKILL, a lost server) leaves whole articles only, and the same
command run again skips them and finishes the job: nothing lost, nothing twice.

Every bad file or record, and every article that cannot be extracted or stored, is one
`Outcome` passed to `on_outcome` (the CLI prints it as one line) and counted; the batch
goes on. A store that cannot be written at all (StoreError) stops the run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from itertools import islice
from typing import BinaryIO

from .errors import Errors, FrontlinesError, IngestError, InputError, StoreError
from .pipeline import extract_article, extract_many
from .sources import InputWarning, Located, read_located
from .store import Store, open_store
from .types import Article, Extraction

IN_PROCESS_BATCH = 32
"""Articles per batch when extracting in this process: the pipeline's own chunk size."""

WORKER_BATCH = 8
"""Articles per batch sent to a worker process: small, so results come back steadily."""

_WINDOW_PER_WORKER = 3  # batches in flight per worker: enough to keep each one busy


@dataclass(frozen=True)
class Added:
    """An article stored, with what was extracted from it."""

    article_id: str
    where: str
    events: int
    claims: int
    figures: int
    control: int


@dataclass(frozen=True)
class Skipped:
    """An article left out because the store has it, or the input held it before."""

    article_id: str
    where: str
    reason: str


Outcome = Added | Skipped | InputError | InputWarning | IngestError
"""What happened to one record: `on_outcome` receives one per article, bad record or warning."""


@dataclass(frozen=True)
class IngestTally:
    """What a run did. `read` counts the articles read whole (added, skipped or failed);
    `errors` the bad files and records; the record counts are of the added articles."""

    store: str
    read: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0
    events: int = 0
    claims: int = 0
    figures: int = 0
    control: int = 0
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.added / self.seconds if self.seconds > 0 else 0.0

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0

    def counts(self) -> dict[str, int]:
        return {
            name: int(getattr(self, name))
            for name in ("read", "added", "skipped", "failed", "errors", "warnings", "events", "claims", "figures", "control")
        }


class _Counter:
    """The tally while the run goes on."""

    def __init__(self) -> None:
        self.values: dict[str, int] = dict.fromkeys(IngestTally(store="").counts(), 0)

    def count(self, outcome: Outcome) -> None:
        if isinstance(outcome, Added):
            self.values["read"] += 1
            self.values["added"] += 1
            for name in ("events", "claims", "figures", "control"):
                self.values[name] += getattr(outcome, name)
        elif isinstance(outcome, Skipped):
            self.values["read"] += 1
            self.values["skipped"] += 1
        elif isinstance(outcome, IngestError):
            self.values["read"] += 1
            self.values["failed"] += 1
        elif isinstance(outcome, InputWarning):
            self.values["warnings"] += 1
        else:
            self.values["errors"] += 1


def ingest(
    paths: Sequence[str],
    *,
    db: str | Store | None = None,
    workers: int = 1,
    published: dt.date | None = None,
    publisher: str = "",
    stdin: BinaryIO | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    batch_size: int | None = None,
) -> IngestTally:
    """Read `paths`, extract every article the store lacks, and store it.

    `db` is a store URL (None: FRONTLINES_DB, else the default file) or an open store
    (left open). `workers` > 1 extracts in that many processes. `published`/`publisher`
    fill in what records do not give, as in `read_articles`. `on_outcome` gets each
    outcome as it happens. Raises StoreError when the store cannot be opened or written.
    """
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}")
    started = time.perf_counter()
    counter = _Counter()

    def notify(outcome: Outcome) -> None:
        counter.count(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    store: Store = open_store(db) if db is None or isinstance(db, str) else db
    try:
        run = store.begin_run(command="ingest", inputs=list(paths), version=_version())
        try:
            entries = read_located(paths, published=published, publisher=publisher, stdin=stdin)
            new = _new_articles(entries, store, notify)
            for located, result in _extracted(new, workers=workers, batch_size=batch_size):
                if isinstance(result, Extraction):
                    _write(store, located, result, notify)
                else:
                    notify(IngestError(Errors.E606.format(where=located.where, reason=result)))
        except BaseException:
            with contextlib.suppress(Exception):  # the first error is the one to tell
                store.end_run(run, {**counter.values, "interrupted": 1})
            raise
        store.end_run(run, counter.values)
    finally:
        if store is not db:
            store.close()
    return IngestTally(store=store.url, seconds=time.perf_counter() - started, **counter.values)


def _new_articles(
    entries: Iterable[Located | InputError | InputWarning], store: Store, notify: Callable[[Outcome], None]
) -> Iterator[Located]:
    """The articles to extract: not in the store, not earlier in this input."""
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, Located):
            notify(entry)
            continue
        key = entry.article.content_hash
        if key in seen:
            notify(Skipped(key, entry.where, "already read in this run"))
        elif store.has(key):
            seen.add(key)
            notify(Skipped(key, entry.where, "already in the store"))
        else:
            seen.add(key)
            yield entry


def _write(store: Store, located: Located, extraction: Extraction, notify: Callable[[Outcome], None]) -> None:
    try:
        added = store.add(extraction)
    except FrontlinesError:
        raise  # the store itself failed (E607): stop, what was committed stays
    except Exception as err:  # a record the store rejects; the batch goes on
        notify(IngestError(Errors.E605.format(where=located.where, reason=_one_line(err))))
        return
    key = extraction.article.content_hash
    if not added:
        notify(Skipped(key, located.where, "stored meanwhile by another run"))
        return
    notify(
        Added(
            article_id=key,
            where=located.where,
            events=len(extraction.events),
            claims=len(extraction.claims),
            figures=len(extraction.figures),
            control=len(extraction.control),
        )
    )


# --- extraction, here or in worker processes -----------------------------------------------

Result = Extraction | str
"""An extraction, or why it failed (one line)."""


def extract_batch(articles: Sequence[Article]) -> list[Result]:
    """Extract a batch; when the batch fails, each article alone, so one bad article
    costs only itself."""
    try:
        return list(extract_many(articles))
    except Exception:
        pass
    results: list[Result] = []
    for article in articles:
        try:
            results.append(extract_article(article))
        except Exception as err:
            results.append(_one_line(err))
    return results


def _batches(items: Iterable[Located], size: int) -> Iterator[list[Located]]:
    stream = iter(items)
    while batch := list(islice(stream, size)):
        yield batch


def _extracted(
    items: Iterable[Located], *, workers: int, batch_size: int | None
) -> Iterator[tuple[Located, Result]]:
    """(article, extraction or failure) in input order."""
    if workers == 1:
        for batch in _batches(items, batch_size or IN_PROCESS_BATCH):
            yield from zip(batch, extract_batch([located.article for located in batch]))
        return
    with _Workers(workers) as pool:
        yield from pool.run(_batches(items, batch_size or WORKER_BATCH))


def _init_worker() -> None:
    """Each worker: Ctrl-C is the parent's business; one BLAS thread (numpy's BLAS would
    otherwise spread each worker over every core, and N workers would fight for them);
    the pipeline loaded once, up front."""
    from threadpoolctl import threadpool_limits

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threadpool_limits(limits=1)
    extract_batch([Article(text="Rebels shelled the town on Monday.", published=dt.date(2020, 1, 6))])


class _Workers:
    """Worker processes that extract batches; results come back in the order sent.

    A few batches per worker are in flight at a time, so reading never runs far ahead.
    If a worker dies (killed, out of memory), the pool is started again and the batch
    tried once more; a batch that kills its worker twice is reported as failed.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self._context, initializer=_init_worker)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)

    def _submit(self, batch: list[Located]) -> Future[list[Result]]:
        return self._pool.submit(extract_batch, [located.article for located in batch])

    def run(self, batches: Iterable[list[Located]]) -> Iterator[tuple[Located, Result]]:
        _ensure_gazetteer()  # built once here, not by every worker at once
        stream = iter(batches)
        window: deque[tuple[list[Located], Future[list[Result]], bool]] = deque()

        def fill() -> None:
            while len(window) < self.workers * _WINDOW_PER_WORKER:
                batch = next(stream, None)
                if batch is None:
                    return
                window.append((batch, self._submit(batch), False))

        fill()
        while window:
            batch, future, retried = window.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                self._restart(window)
                if retried:
                    results = ["the worker process died on this batch, twice"] * len(batch)
                else:
                    window.appendleft((batch, self._submit(batch), True))
                    continue
            yield from zip(batch, results)
            fill()

    def _restart(self, window: deque[tuple[list[Located], Future[list[Result]], bool]]) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()
        for index, (batch, _, retried) in enumerate(window):
            window[index] = (batch, self._submit(batch), retried)


def _ensure_gazetteer() -> None:
    from .gazetteer import connection

    connection()


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _version() -> str:
    try:
        return version("frontlines")
    except PackageNotFoundError:
        return "unknown"


__all__ = ["Added", "IngestTally", "Outcome", "Skipped", "extract_batch", "ingest"]
