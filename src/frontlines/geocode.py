"""Place mentions -> coordinates, admin1 and an honest precision (offline).

For each event the mentions of its sentence are tried, the one nearest after the trigger
first. A mention resolves to the gazetteer candidate in the event's country (else the
article's), the most populous among equals. Precision follows ACLED: a town 1; a place
given relative to a town ("outskirts of X", "west of X") or a part of one 2; a province 3.
A mention the gazetteer does not hold falls back to the province or district the sentence
also names, flagged, never to a same-named place elsewhere; with nothing to fall back on
it stays unresolved and says why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .gazetteer import Candidate, candidates, is_admin1
from .types import Event, Place

_REGION_FEATURES = ("admin1", "region")
_AREA_RELATIONS = ("countryside of", "province")
_PART_FEATURES = ("city_part", "district", "neighbourhood", "camp", "airbase", "military_base", "border_crossing",
                  "river", "front_line", "road", "port", "dam", "mountain")


def _feature(cand: Candidate) -> str:
    return str(getattr(cand, "feature", "city")).split(":")[-1]


def _precision(cand: Candidate, relation: str) -> int:
    feature = _feature(cand)
    if relation == "countryside of":
        return 2  # somewhere around X: ACLED's "part of a region"
    if feature in _REGION_FEATURES or is_admin1(cand):
        return 3
    if relation or feature in _PART_FEATURES:
        return 2
    return 1


def _pick(mention: Place, country: str) -> Candidate | None:
    # a loose transliteration match is trusted only inside a known country
    found = candidates(mention.text, exact=not country)
    if country:
        found = tuple(c for c in found if c.iso3 == country)  # a same-named place abroad is not this one
    if not found:
        return None
    if mention.relation in _AREA_RELATIONS:
        # "Idleb countryside", "rural Raqqa", "Homs province": the province, not the city
        return next((c for c in found if is_admin1(c)), found[0])
    return found[0]


def _also_province(mention: Place, country: str) -> bool:
    """Whether the name is also a province's ("Idleb", "Raqqa", "Marib")."""
    return any(is_admin1(c) for c in candidates(mention.text, country=country))


def _located(mention: Place, cand: Candidate, *, fallback: bool, note: str = "") -> Place:
    precision = _precision(cand, mention.relation)
    if fallback:
        precision = max(precision, 2)
    return replace(
        mention,
        country=cand.iso3,
        name=cand.name,
        admin1=str(getattr(cand, "admin1", "")),
        latitude=cand.latitude,
        longitude=cand.longitude,
        geo_precision=precision,
        geonameid=str(getattr(cand, "geonameid", "")),
        fallback=fallback,
        note=note,
    )


def locate(mentions: Sequence[Place], *, after: int, country: str) -> Place | None:
    """The event's place among its sentence's mentions (offsets in the same frame as
    `after`, the trigger's position)."""
    if not mentions:
        return None
    # places told after the trigger first ("shelled Kinda in Idleb"), then those before it
    # ("civilians in Jarablus in Aleppo protested"); in each, the first named is the finest
    ordered = sorted(mentions, key=lambda m: (m.start < after, m.start))
    unresolved: Place | None = None
    for mention in ordered:
        cand = _pick(mention, country)
        if cand is not None and _feature(cand) not in _REGION_FEATURES and not is_admin1(cand):
            if unresolved is not None and _also_province(mention, country):
                # "in Kinda in Idleb": the unknown village lies in the province, not the city
                note = f"{unresolved.text!r} is not in the gazetteer; located in {mention.text!r} province"
                region = _pick(replace(mention, relation="province"), country)
                return _located(unresolved, region or cand, fallback=True, note=note)
            return _located(mention, cand, fallback=False)
        unresolved = unresolved or mention
    # nothing finer resolved: a region the sentence names, as a fallback for the place
    for mention in ordered:
        cand = _pick(mention, country)
        if cand is not None:
            first = ordered[0]
            if mention is first:
                return _located(mention, cand, fallback=False)
            note = f"{first.text!r} is not in the gazetteer; located at {mention.text!r}, which the text also names"
            return _located(first, cand, fallback=True, note=note)
    assert unresolved is not None
    return replace(unresolved, note=f"{unresolved.text!r} is not in the gazetteer and no wider area is named")


def _main_place(mentions: dict[int, list[Place]], country: str) -> Place | None:
    """The place the article names most often that the gazetteer puts in its country."""
    counts: Counter[str] = Counter(p.text for found in mentions.values() for p in found)
    for text, _ in counts.most_common():
        mention = next(p for found in mentions.values() for p in found if p.text == text)
        cand = _pick(mention, country)
        if cand is not None:
            return _located(replace(mention, relation=""), cand, fallback=False)
    return None


def geocode(events: Sequence[Event], mentions: dict[int, list[Place]], *, country: str) -> list[Event]:
    """Events with their place resolved from the mentions of their evidence sentence; an
    event whose sentence names no place ("fighting in the city") takes the article's main
    place, flagged as a fallback with precision 2 at best."""
    main = _main_place(mentions, country)
    located: list[Event] = []
    for event in events:
        here = mentions.get(event.evidence.sentence, [])
        after = event.trigger_start if event.trigger_start >= 0 else event.evidence.start
        place = locate(here, after=after, country=event.country or country)
        if place is None and main is not None and main.country == (event.country or country):
            note = "the sentence names no place; the article's main place"
            place = replace(main, geo_precision=max(main.geo_precision, 2), fallback=True, note=note)
        located.append(replace(event, place=place) if place is not None else event)
    return located
