"""The command line: a thin skin over `sources`, `pipeline`, `outputs`, `ingest` and `evaluate`.

    frontlines extract PATH... [--published YYYY-MM-DD] [--publisher NAME] [--format F]
    frontlines ingest PATH... [--db URL] [--workers N] [--published YYYY-MM-DD] [--publisher NAME]
    frontlines eval GOLD.jsonl [--json] [--limit N] [--skip-invalid]
    frontlines gazetteer build|info|lookup NAME [--country XX]|add [XX...] [--from PATH]

Results go to stdout; bad files and records go to stderr, one `error: ...` line each,
and the batch goes on. Exit codes: 0 when something was processed, 1 when nothing
could be, 2 for bad options.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .errors import Errors, FrontlinesError, QueryError
from .ingest import Added, IngestTally, Outcome, ingest
from .outputs import FORMATS, write
from .store.control import ControlAnswer
from .store.track import TrackRecord, records_by_name
from .pipeline import extract_many
from .sources import InputWarning, count_records, read_articles
from .store import open_store
from .types import Article, Extraction

if TYPE_CHECKING:
    from .store import SqlStore
    from .store.query import SourcedEvent

app = typer.Typer(
    name="frontlines",
    help="Extract sourced conflict events, claims, figures and territorial control from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@dataclass
class _Tally:
    articles: int = 0
    extracted: int = 0
    errors: int = 0
    warnings: int = 0


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


INPUT_HELP = (
    "Input files or folders of them (.txt, .jsonl, .json, .csv, .tsv, .html, .rss, .atom, .xml), "
    "or '-' for standard input."
)

PublishedOption = Annotated[
    str | None,
    typer.Option(
        "--published",
        metavar="YYYY-MM-DD",
        help="Publication date for inputs that do not give one.",
        show_default=False,
    ),
]
PublisherOption = Annotated[
    str,
    typer.Option(
        "--publisher",
        metavar="NAME",
        help="Publisher for inputs that do not give one (else the dateline's agency).",
        show_default=False,
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="The store: sqlite:///PATH (or a file path) or postgresql://USER@HOST/DB. "
        "Default: $FRONTLINES_DB, else frontlines.sqlite in the data directory.",
        show_default=False,
    ),
]


def _parse_published(value: str | None, option: str = "--published") -> dt.date | None:
    return None if value is None else _parse_day(value, option)


def _parse_day(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(Errors.E202.format(value=value), param_hint=f"'{option}'") from None


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "json"


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help=INPUT_HELP,
            show_default=False,
        ),
    ],
    published: PublishedOption = None,
    publisher: PublisherOption = "",
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(FORMATS)}. Default: table on a terminal, else json.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Extract events, claims, figures and control changes from news reports."""
    published_date = _parse_published(published)
    name = output_format or _default_format()
    if name not in FORMATS:
        raise typer.BadParameter(Errors.E201.format(value=name, choices=", ".join(FORMATS)), param_hint="'--format'")
    err = _stderr()
    tally = _Tally()

    def articles() -> Iterator[Article]:
        for item in read_articles(paths, published=published_date, publisher=publisher):
            if isinstance(item, Article):
                tally.articles += 1
                yield item
            elif isinstance(item, InputWarning):
                tally.warnings += 1
                err.print(f"warning: {item}", markup=False)
            else:
                tally.errors += 1
                err.print(f"error: {item}", markup=False)

    def counted(extractions: Iterable[Extraction], progress: Progress | None) -> Iterator[Extraction]:
        task = progress.add_task("extracting", total=None) if progress else None
        for extraction in extractions:
            tally.extracted += 1
            if progress is not None and task is not None:
                progress.update(task, completed=tally.extracted, description=f"extracting {extraction.id}")
            yield extraction

    out = sys.stdout
    show_progress = err.is_terminal and not out.isatty()
    try:
        if show_progress:
            with _progress(err) as progress:
                write(counted(extract_many(articles()), progress), out, format=name)
        else:
            write(counted(extract_many(articles()), None), out, format=name)
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if tally.extracted == 0:
        if tally.errors == 0:
            err.print("error: no input to extract from.", markup=False)
        raise typer.Exit(1)


def _progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} done"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,  # results go to stdout untouched; the bar lives on stderr
        redirect_stderr=False,
    )


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help=INPUT_HELP, show_default=False)],
    db: DbOption = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            metavar="N",
            min=1,
            help="Extract in N worker processes, each loading the pipeline once; this process writes.",
        ),
    ] = 1,
    published: PublishedOption = None,
    publisher: PublisherOption = "",
) -> None:
    """Extract news reports into the store; articles it already holds are skipped."""
    published_date = _parse_published(published)
    err = _stderr()
    try:
        store = open_store(db)
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    total = count_records(paths) if err.is_terminal else None
    with store, _ingest_progress(err) as progress:
        task = progress.add_task("ingesting", total=total)
        added = [0, 0]  # articles, events

        def report(outcome: Outcome) -> None:
            if isinstance(outcome, InputWarning):
                err.print(f"warning: {outcome}", markup=False)
                return
            if isinstance(outcome, FrontlinesError):
                err.print(f"error: {outcome}", markup=False)
            elif isinstance(outcome, Added):
                added[0] += 1
                added[1] += outcome.events
            progress.update(task, advance=1, description=f"ingesting: {added[0]:,} added, {added[1]:,} events")

        try:
            tally = ingest(
                paths, db=store, workers=workers, published=published_date, publisher=publisher, on_outcome=report
            )
        except FrontlinesError as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            progress.stop()
            err.print(
                f"interrupted: {added[0]:,} articles were added; run the same command again to finish.", markup=False
            )
            raise typer.Exit(130) from None
        progress.stop()
        holds = store.counts()
    sys.stdout.write(_ingest_summary(tally, holds))
    if tally.added + tally.skipped == 0:
        if tally.errors == 0 and tally.failed == 0:
            err.print("error: no input to ingest.", markup=False)
        raise typer.Exit(1)


def _ingest_summary(tally: IngestTally, holds: dict[str, int]) -> str:
    def plural(count: int, word: str) -> str:
        return f"{count:,} {word}" + ("" if count == 1 else "s")

    rates = (
        f": {tally.articles_per_second:,.1f} articles/s, {tally.events_per_second:,.1f} events/s" if tally.added else ""
    )
    lines = [
        f"store    {tally.store}",
        f"added    {plural(tally.added, 'article')}: {plural(tally.events, 'event')}, {plural(tally.claims, 'claim')}, "
        f"{plural(tally.figures, 'figure')}, {plural(tally.control, 'control change')}",
        f"skipped  {plural(tally.skipped, 'article')} already stored",
        f"failed   {plural(tally.failed, 'article')}; {plural(tally.errors, 'bad input')}, "
        f"{plural(tally.warnings, 'warning')}",
        f"took     {tally.seconds:,.1f} s{rates}",
        f"holds    {plural(holds['articles'], 'article')}, {plural(holds['events'], 'event')}, "
        f"{plural(holds['claims'], 'claim')}, {plural(holds['figures'], 'figure')}, "
        f"{plural(holds['control'], 'control change')}",
    ]
    return "\n".join(lines) + "\n"


class _RateColumn(ProgressColumn):
    """Articles a second, over the last half minute."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} articles/s" if speed else "… articles/s", style="progress.data.speed")


def _ingest_progress(console: Console) -> Progress:
    """A bar with the count, the rate and the time left; shown only on a terminal."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
        disable=not console.is_terminal,
    )


@app.command("eval")
def eval_command(
    gold: Annotated[
        Path,
        typer.Argument(metavar="GOLD.jsonl", help="A gold file in the format of gold/README.md.", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", metavar="N", min=1, help="Score only the first N texts.", show_default=False),
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Skip and count bad gold lines instead of stopping.")
    ] = False,
) -> None:
    """Score the extractor against a gold file and print per-field figures."""
    err = _stderr()
    if gold.is_dir():
        err.print(f"error: {Errors.E114.format(path=gold)}", markup=False)
        raise typer.Exit(1)
    if not gold.exists():
        err.print(f"error: {Errors.E101.format(path=gold)}", markup=False)
        raise typer.Exit(1)
    from . import evaluate as evaluation  # the scorer pulls in the whole pipeline

    try:
        report = evaluation.evaluate(gold, limit=limit, skip_invalid=skip_invalid)
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(evaluation.render_report(report).rstrip("\n") + "\n")


# --- events and export ---------------------------------------------------------------------

SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="YYYY-MM-DD", help="Events on or after this date.", show_default=False),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="YYYY-MM-DD", help="Events on or before this date.", show_default=False),
]
CountryOption = Annotated[
    str | None,
    typer.Option("--country", metavar="ISO3|NAME", help="Events in this country (SYR or Syria).", show_default=False),
]
Admin1Option = Annotated[
    str | None,
    typer.Option("--admin1", metavar="NAME", help="Events in this province (any case).", show_default=False),
]
BBoxOption = Annotated[
    str | None,
    typer.Option(
        "--bbox",
        metavar="MINLON,MINLAT,MAXLON,MAXLAT",
        help="Events with a point in this box (degrees).",
        show_default=False,
    ),
]
TypeOption = Annotated[
    str | None,
    typer.Option(
        "--type",
        metavar="TYPE",
        help="An ACLED event type or sub-event type ('Battles', 'Air/drone strike').",
        show_default=False,
    ),
]
ActorOption = Annotated[
    str | None,
    typer.Option(
        "--actor", metavar="TEXT", help="Part of an actor's name (actor1, actor2, associated).", show_default=False
    ),
]
ClaimantOption = Annotated[
    str | None,
    typer.Option(
        "--claimant", metavar="TEXT", help="Part of who claimed any report of the event.", show_default=False
    ),
]
TextOption = Annotated[
    str | None,
    typer.Option(
        "--text", metavar="WORDS", help="Every word in the event's evidence (full-text search).", show_default=False
    ),
]
ContestedOption = Annotated[bool, typer.Option("--contested", help="Only events whose sources disagree.")]
SortOption = Annotated[
    str,
    typer.Option("--sort", metavar="KEY", help="date, fatalities or sources; '-' first for descending (-date)."),
]


def _open_existing_store(db: str | None) -> SqlStore:
    """The store at `db`, which must exist (a query never creates an empty store)."""
    from .errors import StoreError
    from .store import resolve_url

    url = resolve_url(db)
    path = url.database
    if url.get_backend_name() == "sqlite" and path and path != ":memory:" and not Path(path).exists():
        raise StoreError(Errors.E711.format(path=path))
    return open_store(db)


def _fail(exc: FrontlinesError) -> typer.Exit:
    """Print one `error:` line; bad options exit 2, the rest (the store) 1."""
    _stderr().print(f"error: {exc}", markup=False)
    return typer.Exit(2 if isinstance(exc, QueryError) else 1)


@app.command("events")
def events_command(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    admin1: Admin1Option = None,
    bbox: BBoxOption = None,
    type_: TypeOption = None,
    actor: ActorOption = None,
    claimant: ClaimantOption = None,
    text: TextOption = None,
    contested: ContestedOption = False,
    limit: Annotated[int, typer.Option("--limit", metavar="N", help="Show at most N events.")] = 50,
    offset: Annotated[int, typer.Option("--offset", metavar="N", help="Skip the first N events.")] = 0,
    sort: SortOption = "date",
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"Output format: {', '.join(EVENT_FORMATS)}. Default: table on a terminal, else json.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the fused events in the store that match the filters."""
    from .store.query import SourcedEvent, parse_filter, parse_sort

    name = output_format or _default_format()
    try:
        if name not in EVENT_FORMATS:
            raise QueryError(Errors.E201.format(value=name, choices=", ".join(EVENT_FORMATS)))
        filters = parse_filter(
            since=since, until=until, country=country, admin1=admin1, bbox=bbox, type=type_, actor=actor,
            claimant=claimant, text=text, contested=contested,
        )
        order = parse_sort(sort)
        if limit < 0:
            raise QueryError(Errors.E708.format(option="--limit", minimum=0, value=limit))
        if offset < 0:
            raise QueryError(Errors.E708.format(option="--offset", minimum=0, value=offset))
        with _open_existing_store(db) as store:
            found = store.query_events(filters, limit=limit, offset=offset, sort=order)
            total = store.count_events(filters) if name == "table" else len(found)
            told = store.event_sources([event.id for event in found])
            # each claim shown carries its claimant's track record
            records = records_by_name(store.track_records()) if name in ("json", "jsonl") and found else {}
    except FrontlinesError as exc:
        raise _fail(exc) from None
    items = [SourcedEvent(event=event, sources=told.get(event.id, ())) for event in found]
    EVENT_FORMATS[name](items, sys.stdout, total=total, offset=offset, sort=order, records=records)


def _events_json(
    items: list[SourcedEvent], out: TextIO, *, total: int, offset: int, sort: str, records: Mapping[str, TrackRecord]
) -> None:
    from .exports import event_json
    from .exports.records import json_default

    rows = [event_json(item, records) for item in items]
    out.write(json.dumps(rows, indent=2, ensure_ascii=False, default=json_default))
    out.write("\n")


def _events_jsonl(
    items: list[SourcedEvent], out: TextIO, *, total: int, offset: int, sort: str, records: Mapping[str, TrackRecord]
) -> None:
    from .exports import event_json
    from .exports.records import json_default

    for item in items:
        out.write(json.dumps(event_json(item, records), ensure_ascii=False, default=json_default) + "\n")


def _events_table(
    items: list[SourcedEvent], out: TextIO, *, total: int, offset: int, sort: str, records: Mapping[str, TrackRecord]
) -> None:
    from rich.table import Table

    from .exports import fused_record

    shown = f"{offset + 1:,}–{offset + len(items):,}" if items else "none"
    caption = f"events {shown} of {total:,}, by {sort}"
    if offset + len(items) < total:
        caption += f"; --offset {offset + len(items)} for more"
    table = Table(title="Events", title_justify="left", caption=caption, caption_justify="left")
    widest = max((len(item.event.id) for item in items), default=2)
    table.add_column("id", no_wrap=True, min_width=widest)
    table.add_column("date", no_wrap=True)
    for column in ("sub-event type", "actor1 → actor2", "place", "killed", "sources"):
        table.add_column(column, justify="right" if column in ("killed", "sources") else "left", overflow="fold")
    for item in items:
        record = fused_record(item)
        actors = (record["actor1"] or "?") + (f" → {record['actor2']}" if record["actor2"] else "")
        place = ", ".join(dict.fromkeys(str(p) for p in (record["location"], record["admin1"], record["country"]) if p))
        sources = str(record["sources"]) + (" contested" if record["contested"] else "")
        table.add_row(
            record["event_id"],
            record["event_date"].isoformat() if record["event_date"] else "",
            record["sub_event_type"],
            actors,
            place,
            str(record["fatalities"]),
            sources,
        )
    Console(file=out, highlight=False).print(table)


EVENT_FORMATS: dict[str, Callable[..., None]] = {"table": _events_table, "json": _events_json, "jsonl": _events_jsonl}
"""Output formats of `frontlines events`."""


@app.command("export")
def export_command(
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="acled-csv, plover-jsonl, geojson or parquet."),
    ] = "acled-csv",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write to this file (default: standard output).", show_default=False
        ),
    ] = None,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    country: CountryOption = None,
    admin1: Admin1Option = None,
    bbox: BBoxOption = None,
    type_: TypeOption = None,
    actor: ActorOption = None,
    claimant: ClaimantOption = None,
    text: TextOption = None,
    contested: ContestedOption = False,
    sort: SortOption = "date",
) -> None:
    """Export the fused events that match the filters as ACLED CSV, PLOVER JSONL, GeoJSON or Parquet."""
    import os

    from .exports import export, exporter
    from .store.query import parse_filter, parse_sort

    err = _stderr()
    try:
        chosen = exporter(output_format)
        filters = parse_filter(
            since=since, until=until, country=country, admin1=admin1, bbox=bbox, type=type_, actor=actor,
            claimant=claimant, text=text, contested=contested,
        )
        order = parse_sort(sort)
        to_stdout = output is None or str(output) == "-"
        if to_stdout and chosen.binary and sys.stdout.isatty():
            raise QueryError(Errors.E709.format(format=chosen.name))
        with _open_existing_store(db) as store:
            if output is None or to_stdout:
                tally = export(store, chosen.name, sys.stdout.buffer, filters=filters, sort=order)
                sys.stdout.buffer.flush()
            else:
                partial = output.with_name(output.name + ".part")
                try:
                    with partial.open("wb") as out:
                        tally = export(store, chosen.name, out, filters=filters, sort=order)
                    os.replace(partial, output)
                except OSError as exc:
                    raise QueryError(Errors.E710.format(path=output, reason=exc.strerror or exc)) from None
                finally:
                    partial.unlink(missing_ok=True)
    except FrontlinesError as exc:
        raise _fail(exc) from None
    except BrokenPipeError:  # the reader went away (`| head`): not an error of ours
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    if tally.left_out:
        err.print(f"note: left out {tally.left_out:,} {tally.reason} ({chosen.name})", markup=False)
    if not to_stdout:
        err.print(f"exported {tally.events:,} events ({chosen.name}) to {output}", markup=False)


# --- gazetteer ----------------------------------------------------------------------------

gazetteer_app = typer.Typer(
    name="gazetteer",
    help="The embedded place index: build it, look names up, add GeoNames dumps.",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app)

_MAX_DUMP_ERRORS = 50  # bad dump lines printed one by one; the rest are counted


@gazetteer_app.command("build")
def gazetteer_build_command() -> None:
    """Build (or rebuild) the place index in the data directory."""
    import time

    from . import gazetteer

    err = _stderr()
    started = time.perf_counter()
    try:
        with err.status("building the place index"):
            path = gazetteer.build()
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    took = time.perf_counter() - started
    facts = gazetteer.info()
    sys.stdout.write(f"{path}: {facts.places:,} places, {facts.names:,} name keys, built in {took:.1f} s\n")


@gazetteer_app.command("info")
def gazetteer_info_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the facts as JSON.")] = False,
) -> None:
    """Show what the place index holds, per source, and the data's attribution."""
    from . import gazetteer

    try:
        facts = gazetteer.info()
    except FrontlinesError as exc:
        _stderr().print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if as_json:
        data = {**facts.__dict__, "path": str(facts.path)}
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [
        f"index: {facts.path} ({facts.size / 1e6:.1f} MB)",
        f"places: {facts.places:,}   name keys: {facts.names:,}",
        "per source: " + ", ".join(f"{k} {v:,}" for k, v in facts.per_source.items()),
        "admin1 names: " + ", ".join(f"{k} {v:,}" for k, v in facts.admin1_methods.items()),
        "dumps: " + (", ".join(f"{k} ({v:,} places)" for k, v in facts.dumps.items()) or "none"),
        "built from: " + ", ".join(f"{k} {v}" for k, v in facts.versions.items()),
        f"attribution: {facts.attribution}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


@gazetteer_app.command("lookup")
def gazetteer_lookup_command(
    name: Annotated[str, typer.Argument(metavar="NAME", help="A place name, e.g. 'Idleb' or 'Idlib province'.")],
    country: Annotated[
        str, typer.Option("--country", metavar="XX", help="Only places in this country (ISO alpha-2 or -3).")
    ] = "",
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="Show at most N places.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the places as JSON.")] = False,
) -> None:
    """Look a place name up: the places it may denote, most populous first."""
    from dataclasses import asdict

    from . import gazetteer

    err = _stderr()
    try:
        found = gazetteer.candidates(name, country=country)[:limit]
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if not found:
        where = f" in {country.upper()}" if country else ""
        err.print(f"error: {Errors.E505.format(name=name, where=where)}", markup=False)
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps([asdict(c) for c in found], indent=2, ensure_ascii=False) + "\n")
        return
    for cand in found:
        sys.stdout.write(
            f"{cand.name}\t{cand.iso3}\t{cand.admin1 or '-'}\t{cand.latitude:.5f},{cand.longitude:.5f}"
            f"\tpop {cand.population:,}\t{cand.feature}\t{cand.source}\t{cand.geonameid}\n"
        )


@gazetteer_app.command("add")
def gazetteer_add_command(
    countries: Annotated[
        list[str] | None,
        typer.Argument(metavar="XX", help="Country codes whose GeoNames dumps to download (e.g. SY IQ YE).",
                       show_default=False),
    ] = None,
    paths: Annotated[
        list[Path] | None,
        typer.Option("--from", metavar="PATH",
                     help="A GeoNames dump (XX.txt, XX.zip, allCountries.zip); admin1CodesASCII.txt and "
                          "admin2Codes.txt beside it are used. Repeatable.", show_default=False),
    ] = None,
) -> None:
    """Add GeoNames country dumps to the place index, from files or downloaded."""
    from rich.progress import BarColumn, DownloadColumn, TransferSpeedColumn

    from . import gazetteer

    err = _stderr()
    files = [p for p in paths or [] if p.name not in ("admin1CodesASCII.txt", "admin2Codes.txt")]
    admin1 = next((p for p in paths or [] if p.name == "admin1CodesASCII.txt"), None)
    admin2 = next((p for p in paths or [] if p.name == "admin2Codes.txt"), None)
    if not files and not countries:
        err.print("error: give country codes (SY IQ YE) or --from PATH.", markup=False)
        raise typer.Exit(2)
    failures = 0
    for code in countries or []:
        try:
            with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                          console=err, transient=True, disable=not err.is_terminal) as progress:
                task = progress.add_task(f"downloading {code.upper()}.zip", total=None)
                files.append(gazetteer.download_dump(
                    code, progress=lambda done, total: progress.update(task, completed=done, total=total)))
        except FrontlinesError as exc:
            failures += 1
            err.print(f"error: {exc}", markup=False)
    loaded = 0
    for path in files:
        try:
            report = gazetteer.add_dump(path, admin1_codes=admin1, admin2_codes=admin2)
        except FrontlinesError as exc:
            failures += 1
            err.print(f"error: {exc}", markup=False)
            continue
        for line in report.errors[:_MAX_DUMP_ERRORS]:
            err.print(f"error: {line}", markup=False)
        if len(report.errors) > _MAX_DUMP_ERRORS:
            err.print(f"error: {path}: {len(report.errors) - _MAX_DUMP_ERRORS} more bad lines", markup=False)
        loaded += 1
        sys.stdout.write(
            f"{path}: {report.places:,} places added, {report.known:,} already known, "
            f"{len(report.errors):,} bad lines skipped\n"
        )
    if loaded == 0:
        raise typer.Exit(1)
    if failures:
        raise typer.Exit(1)


# --- control and sources -------------------------------------------------------------------


@app.command("control")
def control_command(
    place: Annotated[str, typer.Argument(metavar="PLACE", help="A place name as reports write it.", show_default=False)],
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD", help="The day to answer for (default: the latest records).",
                     show_default=False),
    ] = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Who held a place on a day, according to whom: per area the latest records, and
    the records and claims that disagree."""
    day = _parse_published(on, "--on")
    err = _stderr()
    try:
        with open_store(db) as store:
            answer = store.control(place, on=day)
            records = records_by_name(store.track_records()) if answer.timeline else {}
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(json.dumps(answer.to_record(records), indent=2, ensure_ascii=False) + "\n")
    elif not answer.timeline:
        err.print(f"no control records for {place!r}" + (f" on or before {day}" if day else ""), markup=False)
    else:
        Console(file=sys.stdout, highlight=False).print(*_control_tables(answer, records))
    if not answer.timeline:
        raise typer.Exit(1)


def _control_tables(answer: ControlAnswer, records: Mapping[str, TrackRecord]) -> list[Table | Text]:
    when = f" on {answer.on.isoformat()}" if answer.on else ""
    out: list[Table | Text] = [Text(f"{answer.place}{when}: who holds what, according to whom", style="bold")]
    held = Table(title_justify="left")
    for column in ("area", "held by", "since", "claimed by", "article"):
        held.add_column(column)
    for h in answer.holdings:
        found = records.get(h.claimed_by)
        claimant = h.claimed_by + (f" ({found.summary()})" if found is not None else "")
        held.add_row(h.area or h.place, h.held_by, h.since.isoformat() if h.since else "", claimant, h.article_id)
    out.append(held)
    for a, b in answer.disputed:
        out.append(Text(f"disputed: {a.area or a.place}: {a.held_by} ({a.claimed_by}) / {b.held_by} ({b.claimed_by})"))
    for c in answer.contested_claims:
        out.append(Text(f"contested: {c.claimant_a}: \"{c.claim_a}\" / {c.claimant_b}: \"{c.claim_b}\""))
    return out


@app.command("sources")
def sources_command(
    claimants: Annotated[
        list[str] | None, typer.Argument(metavar="[CLAIMANT]...", help="Only these claimants.", show_default=False)
    ] = None,
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="Show the N claimants with most records.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print the records as JSON.")] = False,
) -> None:
    """Each claimant's track record: how many of its reports, claims and figures an
    independent source corroborated or contradicted, how many stand alone, and how its
    casualty figures compare with the other sources' for the same events."""
    err = _stderr()
    try:
        with open_store(db) as store:
            records = store.track_records(claimants or None)[:limit]
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if as_json:
        rows = [{**asdict(r), "records": r.records} for r in records]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    elif records:
        table = Table(title="Sources", title_justify="left")
        for column in ("claimant", "kind", "records", "corroborated", "contradicted", "alone", "figures vs others"):
            table.add_column(column, justify="left" if column in ("claimant", "kind") else "right")
        for r in records:
            ratio = f"{r.figure_ratio:.2f}x ({r.figures_compared})" if r.figure_ratio is not None else ""
            table.add_row(r.claimant, r.kind, str(r.records), str(r.corroborated), str(r.contradicted), str(r.alone), ratio)
        Console(file=sys.stdout, highlight=False).print(table)
    if not records:
        err.print("no claimants in the store" + (f" named {', '.join(claimants)}" if claimants else ""), markup=False)
        raise typer.Exit(1)


@app.command("report")
def report_command(
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="The day to report on.", show_default=False)],
    area: Annotated[
        str | None,
        typer.Option("--area", metavar="AREA", help="A country (name or ISO3), a province or a place; default: all.",
                     show_default=False),
    ] = None,
    report_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="md, html or json.")
    ] = "md",
    db: DbOption = None,
) -> None:
    """A daily situation report from the store: the day's events by area and type, figures
    as ranges with their claimants, contested claims side by side, control changes, sources."""
    from .reports import daily_report, render_html, render_markdown

    err = _stderr()
    day = _parse_day(date, "--date")
    if report_format not in ("md", "html", "json"):
        err.print(f"error: {Errors.E201.format(value=report_format, choices='md, html, json')}", markup=False)
        raise typer.Exit(2)
    try:
        with open_store(db) as store:
            report = daily_report(store, day=day, area=area)
    except FrontlinesError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    if report_format == "json":
        sys.stdout.write(json.dumps(report.to_record(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_markdown(report) if report_format == "md" else render_html(report))
    if not (report.events or report.figures or report.control):
        err.print(f"note: the store holds nothing for {area or 'any area'} on {date}", markup=False)


# --- serve ----------------------------------------------------------------------------------


@app.command("serve")
def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", metavar="HOST", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="N", min=1, max=65535, help="The port to listen on.")] = 8000,
    tiles: Annotated[
        str | None,
        typer.Option(
            "--tiles",
            metavar="URL",
            envvar="FRONTLINES_TILES",
            help="The map's tile URL template ({z}/{x}/{y}). Default: $FRONTLINES_TILES, else the offline map.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Open the store and print what would be served, then exit.")
    ] = False,
) -> None:
    """Serve the map dashboard and the REST API over the store (POST /articles needs
    FRONTLINES_API_TOKEN)."""
    from .api import TOKEN_ENV, create_app

    try:
        application = create_app(db=db, tiles=tiles)
    except FrontlinesError as exc:
        _stderr().print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    store: SqlStore = application.state.store
    counts = store.counts(["articles", "events"])
    where = f"[{host}]" if ":" in host else host
    url = f"http://{where}:{port}"
    posting = "on (bearer token from $" if application.state.frontlines.token else "off (set $"
    lines = [
        f"dashboard  {url}/",
        f"API docs   {url}/docs",
        f"store      {store.url}: {_count(counts['articles'], 'article')}, {_count(counts['events'], 'event')}",
        f"articles   POST {url}/articles is {posting}{TOKEN_ENV})",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    if check:
        store.close()
        return
    import uvicorn

    uvicorn.run(application, host=host, port=port, log_level="info")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def main() -> None:
    """Console-script entry point."""
    app()
