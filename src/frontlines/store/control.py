"""Who held a place on a day, according to whom: the control timeline of a place.

Every stored control record (a territory event, "X still holds Y", "X retreated to Y")
says who holds which part of a place (`area`) from a date, and who says so. For a place
and a day, the answer is, per area, the latest records on or before that day; records of
one area and day that name different holders, from different claimants, are contested,
and so are the claims that contradict each other in the articles that tell the place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..gazetteer import candidates, fold
from . import schema
from .browse import contradicting_claims
from .track import TrackRecord


@dataclass(frozen=True)
class Holding:
    """One control record: who holds (which part of) a place from a date, says whom."""

    id: str
    place: str
    area: str
    held_by: str
    previous_holder: str
    since: dt.date | None
    claimed_by: str
    claimed_by_kind: str
    article_id: str
    evidence: str


@dataclass(frozen=True)
class ContestedClaim:
    """Two claims about the place that contradict each other, each with its claimant."""

    claimant_a: str
    claim_a: str
    claimant_b: str
    claim_b: str
    reason: str


@dataclass(frozen=True)
class ControlAnswer:
    """Who held a place on a day: the latest holdings per area, the records that disagree,
    the claims that contradict each other, and the whole timeline up to that day."""

    place: str
    on: dt.date | None
    holdings: tuple[Holding, ...]
    disputed: tuple[tuple[Holding, Holding], ...]
    contested_claims: tuple[ContestedClaim, ...]
    timeline: tuple[Holding, ...]

    def to_record(self, records: Mapping[str, TrackRecord] | None = None) -> dict[str, Any]:
        """The answer as plain JSON-ready data; with `records` (claimant name -> track record),
        each holding carries its claimant's record."""

        def holding(h: Holding) -> dict[str, Any]:
            found = (records or {}).get(h.claimed_by)
            return {**asdict(h), "since": h.since.isoformat() if h.since else None,
                    "claimed_by_record": found.brief() if found is not None else None}

        return {
            "place": self.place,
            "on": self.on.isoformat() if self.on else None,
            "holdings": [holding(h) for h in self.holdings],
            "disputed": [[holding(a), holding(b)] for a, b in self.disputed],
            "contested_claims": [asdict(c) for c in self.contested_claims],
            "timeline": [holding(h) for h in self.timeline],
        }


def control_of(conn: Connection, place: str, *, on: dt.date | None = None) -> ControlAnswer:
    """The control of `place` on `on` (today's knowledge of every date when None)."""
    records = [h for h in _holdings(conn, place) if on is None or (h.since is not None and h.since <= on)]
    records.sort(key=lambda h: (h.since or dt.date.min, h.id))
    latest: dict[str, list[Holding]] = {}
    for holding in records:
        key = fold(holding.area) if holding.area else ""
        current = latest.get(key)
        if current is None or (holding.since or dt.date.min) > (current[0].since or dt.date.min):
            latest[key] = [holding]
        else:
            current.append(holding)
    holdings = [h for group in latest.values() for h in group]
    disputed = [
        (a, b)
        for group in latest.values()
        for i, a in enumerate(group)
        for b in group[i + 1:]
        if a.held_by != b.held_by and a.claimed_by != b.claimed_by
    ]
    articles = sorted({h.article_id for h in records})
    return ControlAnswer(
        place=place,
        on=on,
        holdings=tuple(sorted(holdings, key=lambda h: (h.since or dt.date.min, h.id))),
        disputed=tuple(disputed),
        contested_claims=tuple(_contested_claims(conn, articles, place)),
        timeline=tuple(records),
    )


def _place_ids(place: str) -> list[str]:
    return sorted({str(c.geonameid) for c in candidates(place, exact=True) if c.geonameid})


def _holdings(conn: Connection, place: str) -> list[Holding]:
    control = schema.control
    ids = _place_ids(place)
    match = sa.func.lower(control.c.place) == place.lower()
    if ids:
        match = sa.or_(match, control.c.place_id.in_(ids))
    rows = conn.execute(sa.select(control).where(match).order_by(control.c.id)).mappings()
    return [_holding(dict(row)) for row in rows]


def _holding(row: Mapping[str, Any]) -> Holding:
    return Holding(
        id=row["id"],
        place=row["place"],
        area=row["area"],
        held_by=row["held_by"],
        previous_holder=row["previous_holder"],
        since=row["control_date"],
        claimed_by=row["claimed_by_text"],
        claimed_by_kind=row["claimed_by_kind"],
        article_id=row["article_id"],
        evidence=row["evidence_text"],
    )


def _contested_claims(conn: Connection, articles: Sequence[str], place: str) -> Iterable[ContestedClaim]:
    """Contradicting claims of the articles that tell the place's control, when the
    sentence of one of them names the place."""
    told = set(articles)
    return [
        ContestedClaim(a["speaker"], a["content"], b["speaker"], b["content"], reason)
        for a, b, reason in contradicting_claims(conn, articles)
        if a["article_id"] in told and b["article_id"] in told
        and place.lower() in (a["evidence_text"] + " " + b["evidence_text"]).lower()
    ]
