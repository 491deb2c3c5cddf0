"""Extraction <-> table rows: pure functions, no database.

`article_rows(extraction)` gives every row one article adds (ids from the content hash and
positions, nothing from the clock); the `*_from_row` functions build the dataclasses of
`frontlines.types` back. Nested places (a place's `also`, a speaker's `origin`) are JSON
with every field of `Place`.

An event's figures are stored once, as rows of the article's figures linked to the event's
report, so they read back as the article lists them: with the place their speaker speaks
from where the geocoder found one (the extractor locates the article's figures only).
"""

from __future__ import annotations

import dataclasses
import hashlib
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..outputs import ASSOC_SEPARATOR, event_id
from ..types import (
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
    TimeRef,
)

Row = dict[str, Any]

ROLES = ("actor1", "actor2", "assoc1", "assoc2")
"""An actor's role in its report: the two sides and their associated actors."""


@dataclass(frozen=True)
class ArticleRows:
    """Every row one article adds, by table."""

    article: Row
    reports: tuple[Row, ...]
    report_actors: tuple[Row, ...]
    figures: tuple[Row, ...]
    claims: tuple[Row, ...]
    control: tuple[Row, ...]
    actors: tuple[Row, ...]
    places: tuple[Row, ...]
    evidence: tuple[Row, ...]


def report_id(article_id: str, n: int) -> str:
    return f"{article_id}:{n}"


def figure_id(article_id: str, n: int) -> str:
    return f"{article_id}:f{n}"


def claim_id(article_id: str, n: int) -> str:
    return f"{article_id}:c{n}"


def control_id(article_id: str, n: int) -> str:
    return f"{article_id}:k{n}"


def evidence_id(article_id: str, sentence: int) -> str:
    return f"{article_id}:s{sentence}"


def evidence_key(evidence_id: str) -> int:
    """The evidence row's integer key, made from its id (a hash, not a counter, so stores fed
    the same articles stay equal row for row): the full-text index refers to rows by it.
    Changing it needs a migration that rekeys the rows already stored."""
    return int.from_bytes(hashlib.blake2b(evidence_id.encode(), digest_size=8).digest()) >> 1


# --- to rows ------------------------------------------------------------------------------


def article_rows(extraction: Extraction) -> ArticleRows:
    """The rows of one extraction; the article's id is its content hash."""
    article = extraction.article
    article_id = article.content_hash
    reports = [_report_row(article_id, n, event, article) for n, event in enumerate(extraction.events)]
    figures = _figure_rows(article_id, extraction)
    claims = [_claim_row(article_id, n, claim) for n, claim in enumerate(extraction.claims)]
    control = [_control_row(article_id, n, change, extraction.events) for n, change in enumerate(extraction.control)]
    evidence: dict[str, Row] = {}
    for row in (*reports, *claims, *figures, *control):
        cited = evidence_id(article_id, row["evidence_sentence"])
        if cited not in evidence:
            evidence[cited] = {
                "key": evidence_key(cited),
                "id": cited,
                "article_id": article_id,
                "sentence": row["evidence_sentence"],
                "text": row["evidence_text"],
            }
    return ArticleRows(
        article=_article_row(article_id, article),
        reports=tuple(reports),
        report_actors=tuple(
            row for n, event in enumerate(extraction.events) for row in _actor_rows(report_id(article_id, n), event)
        ),
        figures=tuple(figures),
        claims=tuple(claims),
        control=tuple(control),
        actors=_first_of_each(
            (_actor_registry_row(actor) for event in extraction.events for actor in _actors(event)), key="name"
        ),
        places=_first_of_each((_place_registry_row(event.place) for event in extraction.events if event.place), key="id"),
        evidence=tuple(evidence.values()),
    )


def _first_of_each(rows: Iterable[Row | None], *, key: str) -> tuple[Row, ...]:
    """Registry rows, the first of each `key` only."""
    found: dict[str, Row] = {}
    for row in rows:
        if row is not None:
            found.setdefault(row[key], row)
    return tuple(found.values())


def _article_row(article_id: str, article: Article) -> Row:
    return {
        "id": article_id,
        "source_id": article.id,
        "title": article.title,
        "text": article.text,
        "published": article.published,
        "publisher": article.publisher,
        "url": article.url,
        "dateline_place": article.dateline_place,
    }


def _actor_name(actor: Actor | None) -> str | None:
    return (actor.canonical or actor.text) if actor is not None else None


def _actors(event: Event) -> list[Actor]:
    return [a for a in (event.actor1, event.actor2, *event.assoc_actor_1, *event.assoc_actor_2) if a is not None]


def _report_row(article_id: str, n: int, event: Event, article: Article) -> Row:
    place = event.place
    return {
        "id": report_id(article_id, n),
        "article_id": article_id,
        "n": n,
        "record_id": event_id(event, article),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "plover_event": event.plover_event,
        "plover_mode": event.plover_mode,
        "cameo_root": event.cameo_root,
        "trigger_text": event.trigger,
        "trigger_start": event.trigger_start,
        "area": event.area,
        "event_date": event.date.date if event.date else None,
        "time_precision": event.date.precision if event.date else None,
        "date_text": event.date.text if event.date else None,
        "actor1": _actor_name(event.actor1),
        "assoc_actor_1": ASSOC_SEPARATOR.join(a.canonical or a.text for a in event.assoc_actor_1),
        "inter1": event.actor1.inter if event.actor1 else None,
        "actor2": _actor_name(event.actor2),
        "assoc_actor_2": ASSOC_SEPARATOR.join(a.canonical or a.text for a in event.assoc_actor_2),
        "inter2": event.actor2.inter if event.actor2 else None,
        "interaction": event.interaction,
        "country": event.country,
        "place_id": place.geonameid or None if place else None,
        "place_name": place.name if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "place_text": place.text if place else None,
        "place_country": place.country if place else None,
        "place_relation": place.relation if place else None,
        "place_start": place.start if place else None,
        "place_end": place.end if place else None,
        "geonameid": place.geonameid if place else None,
        "place_fallback": place.fallback if place else None,
        "place_note": place.note if place else None,
        "place_within": place.within if place else None,
        "place_feature": place.feature if place else None,
        "place_also": [place_json(other) for other in place.also] if place else None,
        "fatalities": event.fatalities,
        "fatalities_flag": event.fatalities_flag,
        **_claimed_by_columns(event.claimed_by),
        **_evidence_columns(event.evidence),
        "confidence": event.confidence,
    }


def _actor_rows(rid: str, event: Event) -> list[Row]:
    groups: dict[str, Sequence[Actor]] = {
        "actor1": [event.actor1] if event.actor1 else [],
        "actor2": [event.actor2] if event.actor2 else [],
        "assoc1": event.assoc_actor_1,
        "assoc2": event.assoc_actor_2,
    }
    return [
        {
            "report_id": rid,
            "role": role,
            "n": n,
            "name": actor.canonical or None,
            "text": actor.text,
            "inter": actor.inter,
            "sector": actor.sector,
            "country": actor.country,
            "span_start": actor.start,
            "span_end": actor.end,
        }
        for role, group in groups.items()
        for n, actor in enumerate(group)
    ]


def _actor_registry_row(actor: Actor) -> Row | None:
    if not actor.canonical:
        return None
    return {"name": actor.canonical, "inter": actor.inter, "sector": actor.sector, "country": actor.country}


def _place_registry_row(place: Place) -> Row | None:
    if not place.geonameid:
        return None
    return {
        "id": place.geonameid,
        "name": place.name or place.text,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "feature": place.feature,
    }


def _figure_key(figure: Figure) -> str:
    """A figure without its speaker's origin: how an event's figure is found in the
    article's list (which carries the origin)."""
    return repr(dataclasses.replace(figure, claimed_by=dataclasses.replace(figure.claimed_by, origin=None)))


def _figure_rows(article_id: str, extraction: Extraction) -> list[Row]:
    rows = [_figure_row(article_id, n, figure, listed=True) for n, figure in enumerate(extraction.figures)]
    by_key: dict[str, list[Row]] = {}
    for row, figure in zip(rows, extraction.figures):
        by_key.setdefault(_figure_key(figure), []).append(row)
    for n, event in enumerate(extraction.events):
        for position, figure in enumerate(event.figures):
            free = [row for row in by_key.get(_figure_key(figure), []) if row["report_id"] is None]
            if free:
                row = free[0]
            else:  # an event's figure missing from the article's list (or held twice): kept apart
                row = _figure_row(article_id, len(rows), figure, listed=False)
                rows.append(row)
            row["report_id"] = report_id(article_id, n)
            row["report_n"] = position
    return rows


def _figure_row(article_id: str, n: int, figure: Figure, *, listed: bool) -> Row:
    return {
        "id": figure_id(article_id, n),
        "article_id": article_id,
        "n": n,
        "listed": listed,
        "report_id": None,
        "report_n": None,
        "kind": figure.kind,
        "best": figure.best,
        "low": figure.low,
        "high": figure.high,
        "qualifier": figure.qualifier,
        "text": figure.text,
        "of_which": dict(figure.of_which),
        "period": figure.period,
        "vague": figure.vague,
        **_claimed_by_columns(figure.claimed_by),
        **_evidence_columns(figure.evidence),
    }


def _claim_row(article_id: str, n: int, claim: Claim) -> Row:
    return {
        "id": claim_id(article_id, n),
        "article_id": article_id,
        "n": n,
        "speaker": claim.speaker,
        "speaker_kind": claim.speaker_kind,
        "content": claim.content,
        "claim_date": claim.date,
        "origin": place_json(claim.origin) if claim.origin is not None else None,
        **_evidence_columns(claim.evidence),
    }


def _control_row(article_id: str, n: int, change: ControlChange, events: Sequence[Event]) -> Row:
    source = next(
        (
            k
            for k, event in enumerate(events)
            if event.evidence == change.evidence
            and event.actor1 is not None
            and event.actor1.canonical == change.held_by
        ),
        None,
    )
    return {
        "id": control_id(article_id, n),
        "article_id": article_id,
        "n": n,
        "report_id": report_id(article_id, source) if source is not None else None,
        "place": change.place,
        "area": change.area,
        "place_id": change.location.geonameid or None if change.location is not None else None,
        "location": place_json(change.location) if change.location is not None else None,
        "held_by": change.held_by,
        "previous_holder": change.previous_holder,
        "control_date": change.date,
        **_claimed_by_columns(change.claimed_by),
        **_evidence_columns(change.evidence),
    }


def _claimed_by_columns(attribution: Attribution) -> Row:
    return {
        "claimed_by_text": attribution.text,
        "claimed_by_kind": attribution.kind,
        "claimed_by_canonical": attribution.canonical,
        "claimed_by_origin": place_json(attribution.origin) if attribution.origin is not None else None,
    }


def _evidence_columns(evidence: Evidence) -> Row:
    return {
        "evidence_sentence": evidence.sentence,
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence_text": evidence.text,
    }


_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))


def place_json(place: Place) -> dict[str, Any]:
    """Every field of a place, `also` as a list of the same."""
    record = {name: getattr(place, name) for name in _PLACE_FIELDS if name != "also"}
    record["also"] = [place_json(other) for other in place.also]
    return record


def place_from_json(record: Mapping[str, Any]) -> Place:
    """A place back from `place_json`; fields this version does not know are left out."""
    values = {name: record[name] for name in _PLACE_FIELDS if name in record and name != "also"}
    return Place(**values, also=tuple(place_from_json(other) for other in record.get("also") or ()))


# --- from rows ------------------------------------------------------------------------------


def article_from_row(row: Mapping[str, Any]) -> Article:
    return Article(
        text=row["text"],
        title=row["title"],
        published=_date(row["published"]),
        publisher=row["publisher"],
        url=row["url"],
        id=row["source_id"],
        dateline_place=row["dateline_place"],
    )


def _date(value: object) -> dt.date | None:
    """Dates as stored: a `date` (a DateTime column would give a `datetime`)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _evidence(row: Mapping[str, Any]) -> Evidence:
    return Evidence(
        sentence=row["evidence_sentence"],
        start=row["evidence_start"],
        end=row["evidence_end"],
        text=row["evidence_text"],
    )


def _attribution(row: Mapping[str, Any]) -> Attribution:
    origin = row["claimed_by_origin"]
    return Attribution(
        text=row["claimed_by_text"],
        kind=row["claimed_by_kind"],
        canonical=row["claimed_by_canonical"],
        origin=place_from_json(origin) if origin is not None else None,
    )


def actor_from_row(row: Mapping[str, Any]) -> Actor:
    return Actor(
        text=row["text"],
        canonical=row["name"] or "",
        inter=row["inter"],
        sector=row["sector"],
        country=row["country"],
        start=row["span_start"],
        end=row["span_end"],
    )


def figure_from_row(row: Mapping[str, Any]) -> Figure:
    return Figure(
        kind=row["kind"],
        best=row["best"],
        low=row["low"],
        high=row["high"],
        qualifier=row["qualifier"],
        text=row["text"],
        claimed_by=_attribution(row),
        evidence=_evidence(row),
        of_which=dict(row["of_which"] or {}),
        period=row["period"],
        vague=bool(row["vague"]),
    )


def claim_from_row(row: Mapping[str, Any]) -> Claim:
    origin = row["origin"]
    return Claim(
        speaker=row["speaker"],
        speaker_kind=row["speaker_kind"],
        content=row["content"],
        evidence=_evidence(row),
        date=_date(row["claim_date"]),
        origin=place_from_json(origin) if origin is not None else None,
    )


def control_from_row(row: Mapping[str, Any]) -> ControlChange:
    location = row["location"]
    return ControlChange(
        place=row["place"],
        held_by=row["held_by"],
        previous_holder=row["previous_holder"],
        date=_date(row["control_date"]),
        claimed_by=_attribution(row),
        evidence=_evidence(row),
        area=row["area"],
        location=place_from_json(location) if location is not None else None,
    )


def _place(row: Mapping[str, Any]) -> Place | None:
    if row["place_text"] is None:
        return None
    return Place(
        text=row["place_text"],
        country=row["place_country"],
        relation=row["place_relation"],
        start=row["place_start"],
        end=row["place_end"],
        name=row["place_name"],
        admin1=row["admin1"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        geo_precision=row["geo_precision"],
        geonameid=row["geonameid"],
        fallback=bool(row["place_fallback"]),
        note=row["place_note"],
        within=row["place_within"],
        admin2=row["admin2"],
        feature=row["place_feature"],
        also=tuple(place_from_json(other) for other in row["place_also"] or ()),
    )


def event_from_rows(row: Mapping[str, Any], actors: Sequence[Mapping[str, Any]], figures: Sequence[Figure]) -> Event:
    """A report row, its actor rows and its figures (in the event's order) -> Event."""
    by_role: dict[str, list[Actor]] = {role: [] for role in ROLES}
    for actor in sorted(actors, key=lambda a: (a["role"], a["n"])):
        by_role[actor["role"]].append(actor_from_row(actor))
    date = _date(row["event_date"])
    return Event(
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        plover_event=row["plover_event"],
        plover_mode=row["plover_mode"],
        cameo_root=row["cameo_root"],
        trigger=row["trigger_text"],
        actor1=by_role["actor1"][0] if by_role["actor1"] else None,
        actor2=by_role["actor2"][0] if by_role["actor2"] else None,
        assoc_actor_1=tuple(by_role["assoc1"]),
        assoc_actor_2=tuple(by_role["assoc2"]),
        date=TimeRef(date=date, precision=row["time_precision"], text=row["date_text"] or "") if date else None,
        place=_place(row),
        country=row["country"],
        fatalities=row["fatalities"],
        fatalities_flag=row["fatalities_flag"],
        figures=tuple(figures),
        claimed_by=_attribution(row),
        evidence=_evidence(row),
        confidence=row["confidence"],
        trigger_start=row["trigger_start"],
        area=row["area"],
    )
