"""The command line: a thin skin over `sources`, `pipeline`, `outputs` and `evaluate`.

    frontlines extract PATH... [--published YYYY-MM-DD] [--publisher NAME] [--format F]
    frontlines eval GOLD.jsonl [--json] [--limit N] [--skip-invalid]

Results go to stdout; bad files and records go to stderr, one `error: ...` line each,
and the batch goes on. Exit codes: 0 when something was processed, 1 when nothing
could be, 2 for bad options.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .errors import Errors, FrontlinesError
from .outputs import FORMATS, write
from .pipeline import extract_many
from .sources import InputWarning, read_articles
from .types import Article, Extraction

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


def _parse_published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(Errors.E202.format(value=value), param_hint="'--published'") from None


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "json"


@app.command("extract")
def extract_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Input files (.txt, .jsonl, .json, .csv, .tsv), or '-' for standard input.",
            show_default=False,
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="YYYY-MM-DD",
            help="Publication date for inputs that do not give one.",
            show_default=False,
        ),
    ] = None,
    publisher: Annotated[
        str,
        typer.Option(
            "--publisher",
            metavar="NAME",
            help="Publisher for inputs that do not give one (else the dateline's agency).",
            show_default=False,
        ),
    ] = "",
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


def main() -> None:
    """Console-script entry point."""
    app()
