"""Extraction -> text: the output formats of `frontlines extract`.

Every format is a writer `(extractions, out) -> None` registered by name in `FORMATS`,
so a new format is one entry. All of them build events with `event_record()`, the one
place where an `Event` becomes a record in ACLED's column names plus the fields ACLED
lacks (PLOVER, CAMEO, confidence, claimant, evidence span).

    json         one object per article (id, events, claims, figures, control);
                 a list when there are several articles
    jsonl        the same, one line per article
    acled-jsonl  one line per article: {"id": ..., "events": [ACLED records]}
    acled-csv    one row per event, ACLED columns, nested fields as JSON strings
    table        Rich tables for people
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .errors import Errors, FrontlinesError
from .mentions.actors import country_name
from .types import (
    Actor,
    Article,
    Attribution,
    Claim,
    ControlChange,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
)

Record = dict[str, Any]
Writer = Callable[[Iterable[Extraction], TextIO], None]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "iso3",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
    "source",
)
"""ACLED's columns, in ACLED's order (the export contract), with DESIGN.md's `iso3` beside `country`."""

EXTRA_COLUMNS: tuple[str, ...] = (
    "plover_event",
    "plover_mode",
    "cameo_root",
    "confidence",
    "claimed_by",
    "evidence",
    "fatalities_flag",
    "place",
)
"""What we add to ACLED's columns."""

EVENT_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS
CSV_COLUMNS = ("article_id",) + EVENT_COLUMNS

ASSOC_SEPARATOR = "; "
"""How ACLED joins several associated actors in one cell."""


# --- records -----------------------------------------------------------------------


def event_record(event: Event, article: Article) -> Record:
    """One event as a record with ACLED's column names plus ours.

    Dates are ISO strings; what is unknown (a place the gazetteer does not hold, a
    missing actor) is None. `location` is the gazetteer's name for the place, else the
    text's; `place` keeps the mention, the fallback flag and the geocoder's note.
    """
    place = event.place
    return {
        "event_id": event_id(event, article),
        "event_date": event.date.date.isoformat() if event.date else None,
        "time_precision": event.date.precision if event.date else None,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": _actor_name(event.actor1),
        "assoc_actor_1": ASSOC_SEPARATOR.join(_actor_name(a) for a in event.assoc_actor_1),
        "inter1": event.actor1.inter if event.actor1 else None,
        "actor2": _actor_name(event.actor2),
        "assoc_actor_2": ASSOC_SEPARATOR.join(_actor_name(a) for a in event.assoc_actor_2),
        "inter2": event.actor2.inter if event.actor2 else None,
        "interaction": event.interaction,
        "country": country_name(event.country) or event.country,
        "iso3": event.country,
        "admin1": place.admin1 if place and place.admin1 else None,
        "location": (place.name or place.text) if place else "",
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place and place.geo_precision else None,
        "fatalities": event.fatalities,
        "notes": event.evidence.text,
        "source": article.publisher,
        "plover_event": event.plover_event,
        "plover_mode": event.plover_mode,
        "cameo_root": event.cameo_root,
        "confidence": event.confidence,
        "claimed_by": _attribution(event.claimed_by),
        "evidence": _span(event.evidence),
        "fatalities_flag": event.fatalities_flag,
        "place": _place(place) if place else None,
    }


def _place(place: Place) -> Record:
    return {
        "mention": place.text,
        "relation": place.relation,
        "geonameid": place.geonameid or None,
        "fallback": place.fallback,
        "note": place.note,
        "also": [_origin(other) for other in place.also],
    }


def event_id(event: Event, article: Article) -> str:
    """A stable id: the article key and a digest of what makes the event itself."""
    parts = (
        event.evidence.sentence,
        event.evidence.start,
        event.trigger,
        event.sub_event_type,
        _actor_name(event.actor1),
        _actor_name(event.actor2),
        event.place.text if event.place else "",
    )
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"{article.key}-{digest[:8]}"


def figure_record(figure: Figure) -> Record:
    """A figure, UCDP style (best/low/high), with its claimant and evidence."""
    return {
        "kind": figure.kind,
        "best": figure.best,
        "low": figure.low,
        "high": figure.high,
        "qualifier": figure.qualifier,
        "text": figure.text,
        "of_which": dict(figure.of_which),
        "period": figure.period,
        "vague": figure.vague,
        "claimed_by": _attribution(figure.claimed_by),
        "evidence": _span(figure.evidence),
    }


def claim_record(claim: Claim) -> Record:
    """A reported assertion: who says what, in which sentence."""
    return {
        "speaker": claim.speaker,
        "speaker_kind": claim.speaker_kind,
        "content": claim.content,
        "date": claim.date.isoformat() if claim.date else None,
        "origin": _origin(claim.origin) if claim.origin is not None else None,
        "evidence": _span(claim.evidence),
    }


def control_record(change: ControlChange) -> Record:
    """Who holds a place from a date, according to whom."""
    return {
        "place": change.place,
        "area": change.area or None,
        "location": _origin(change.location) if change.location is not None else None,
        "held_by": change.held_by,
        "previous_holder": change.previous_holder,
        "date": change.date.isoformat() if change.date else None,
        "claimed_by": _attribution(change.claimed_by),
        "evidence": _span(change.evidence),
    }


def extraction_record(extraction: Extraction) -> Record:
    """Everything from one article, as the `json` and `jsonl` formats give it."""
    article = extraction.article
    return {
        "id": extraction.id,
        "events": [event_record(event, article) for event in extraction.events],
        "claims": [claim_record(claim) for claim in extraction.claims],
        "figures": [figure_record(figure) for figure in extraction.figures],
        "control": [control_record(change) for change in extraction.control],
    }


def _actor_name(actor: Actor | None) -> str:
    if actor is None:
        return ""
    return actor.canonical or actor.text


def _attribution(attribution: Attribution) -> Record:
    record: Record = {"text": attribution.text, "kind": attribution.kind}
    if attribution.origin is not None:
        record["origin"] = _origin(attribution.origin)
    return record


def _origin(place: Place) -> Record:
    """A place in brief: the mention and its point (a speaker's origin, a place also named)."""
    return {
        "mention": place.text,
        "location": place.name or place.text,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": place.geo_precision or None,
        "note": place.note or None,
    }


def _span(evidence: Evidence) -> Record:
    return {"sentence": evidence.sentence, "start": evidence.start, "end": evidence.end}


# --- writers -------------------------------------------------------------------------


def _dumps(record: object, *, indent: int | None = None) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


def write_json(extractions: Iterable[Extraction], out: TextIO) -> None:
    """One JSON object for one article, a JSON list for several (or none)."""
    stream = iter(extractions)
    first = list(itertools.islice(stream, 2))
    if len(first) == 1:
        out.write(_dumps(extraction_record(first[0]), indent=2) + "\n")
        return
    out.write("[")
    for index, extraction in enumerate(itertools.chain(first, stream)):
        body = _dumps(extraction_record(extraction), indent=2).replace("\n", "\n  ")
        out.write(("," if index else "") + "\n  " + body)
    out.write("\n]\n" if first else "]\n")


def write_jsonl(extractions: Iterable[Extraction], out: TextIO) -> None:
    """One JSON object a line, one line per article."""
    for extraction in extractions:
        out.write(_dumps(extraction_record(extraction)) + "\n")


def write_acled_jsonl(extractions: Iterable[Extraction], out: TextIO) -> None:
    """One line per article: {"id": ..., "events": [ACLED records]}."""
    for extraction in extractions:
        events = [event_record(event, extraction.article) for event in extraction.events]
        out.write(_dumps({"id": extraction.id, "events": events}) + "\n")


def csv_row(record: Record, *, article_id: str) -> dict[str, str]:
    """An event record as a CSV row: None is empty, nested values are JSON strings."""
    row = {"article_id": article_id}
    for column in EVENT_COLUMNS:
        value = record.get(column)
        if value is None:
            row[column] = ""
        elif isinstance(value, (dict, list)):
            row[column] = _dumps(value)
        else:
            row[column] = str(value)
    return row


def write_acled_csv(extractions: Iterable[Extraction], out: TextIO) -> None:
    """One row per event, ACLED's columns then ours, with an `article_id` column."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for extraction in extractions:
        for event in extraction.events:
            writer.writerow(csv_row(event_record(event, extraction.article), article_id=extraction.id))


def write_table(extractions: Iterable[Extraction], out: TextIO) -> None:
    """Rich tables for people: events, then figures, claims and control changes."""
    console = Console(file=out, highlight=False)
    for extraction in extractions:
        for renderable in tables(extraction):
            console.print(renderable, soft_wrap=isinstance(renderable, Text))  # headings stay one line


def tables(extraction: Extraction) -> Iterator[Table | Text]:
    """The heading and tables for one article (events first)."""
    article = extraction.article
    heading = Text(extraction.id, style="bold")
    about = ", ".join(
        part for part in (article.publisher, article.published.isoformat() if article.published else "") if part
    )
    if article.title:
        heading.append(f"  {article.title}")
    if about:
        heading.append(f"  ({about})", style="dim")
    yield heading
    if not extraction.events:
        yield Text("  no events found", style="dim")
    else:
        yield _events_table(extraction)
    if extraction.figures:
        yield _figures_table(extraction.figures)
    if extraction.claims:
        yield _claims_table(extraction.claims)
    if extraction.control:
        yield _control_table(extraction.control)


def _events_table(extraction: Extraction) -> Table:
    table = Table(title="Events", title_justify="left")
    for column in ("date", "type / sub-type", "actor1 → actor2", "place", "fatalities", "claimed by"):
        table.add_column(column, justify="right" if column == "fatalities" else "left")
    for event in extraction.events:
        record = event_record(event, extraction.article)
        actors = record["actor1"] or "?"
        if record["actor2"]:
            actors += f" → {record['actor2']}"
        place = ", ".join(part for part in (record["location"], record["country"]) if part)
        fatalities = str(record["fatalities"]) + (f" ({event.fatalities_flag})" if event.fatalities_flag else "")
        table.add_row(
            record["event_date"] or "",
            f"{event.event_type} / {event.sub_event_type}",
            actors,
            place,
            fatalities,
            event.claimed_by.text,
        )
    return table


def _figures_table(figures: Iterable[Figure]) -> Table:
    table = Table(title="Figures", title_justify="left")
    for column in ("kind", "best", "low–high", "claimed by", "text"):
        table.add_column(column, justify="right" if column in ("best", "low–high") else "left")
    for figure in figures:
        table.add_row(figure.kind, str(figure.best), _bounds(figure), figure.claimed_by.text, figure.text)
    return table


def _bounds(figure: Figure) -> str:
    if figure.low is not None and figure.high is not None:
        return f"{figure.low}–{figure.high}"
    if figure.low is not None:
        return f"≥ {figure.low}"
    if figure.high is not None:
        return f"≤ {figure.high}"
    return ""


def _claims_table(claims: Iterable[Claim]) -> Table:
    table = Table(title="Claims", title_justify="left")
    for column in ("speaker", "kind", "says"):
        table.add_column(column)
    for claim in claims:
        table.add_row(claim.speaker, claim.speaker_kind, claim.content)
    return table


def _control_table(changes: Iterable[ControlChange]) -> Table:
    table = Table(title="Control", title_justify="left")
    for column in ("place", "area", "held by", "from", "since", "claimed by"):
        table.add_column(column)
    for change in changes:
        table.add_row(
            change.place,
            change.area,
            change.held_by,
            change.previous_holder,
            change.date.isoformat() if change.date else "",
            change.claimed_by.text,
        )
    return table


FORMATS: dict[str, Writer] = {
    "json": write_json,
    "jsonl": write_jsonl,
    "acled-jsonl": write_acled_jsonl,
    "acled-csv": write_acled_csv,
    "table": write_table,
}
"""Output formats by name; a new format is one entry."""


def write(extractions: Iterable[Extraction], out: TextIO, *, format: str = "json") -> None:
    """Write `extractions` to `out` in the named format."""
    writer = FORMATS.get(format)
    if writer is None:
        raise FrontlinesError(Errors.E201.format(value=format, choices=", ".join(FORMATS)))
    writer(extractions, out)
