"""Plain typed data passed between the stages of the flow (see DESIGN.md).

Every record is a frozen dataclass with character offsets into the article text, so
stages after parsing (events, store, API) never need spaCy. Offsets are article-wide:
`Evidence.start`/`end` index into `Article.text` (the body, title excluded) unless the
sentence index is 0, the title, where they index into `Article.title`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

FigureKind = Literal["killed", "injured", "displaced", "detained"]
FIGURE_KINDS: tuple[FigureKind, ...] = ("killed", "injured", "displaced", "detained")


@dataclass(frozen=True)
class Article:
    """One news report as read from a source: the unit the extractor works on."""

    text: str
    title: str = ""
    published: dt.date | None = None
    publisher: str = ""
    url: str = ""
    id: str = ""
    dateline_place: str = ""

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256(f"{self.title}\n{self.text}".encode("utf-8"))
        return digest.hexdigest()[:16]

    @property
    def key(self) -> str:
        """The id given by the source, else the content hash."""
        return self.id or self.content_hash


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: index 0 is the title, body sentences count from 1."""

    index: int
    text: str
    start: int
    end: int
    is_candidate: bool = False


@dataclass(frozen=True)
class Evidence:
    """Where a record comes from: sentence index and its character span in the article."""

    sentence: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Attribution:
    """Who in the article asserts something (`claimed_by`)."""

    text: str
    kind: str
    canonical: str = ""
    origin: Place | None = None  # where it speaks from, when told: a bulletin "from the Hmeimim airbase"


@dataclass(frozen=True)
class Actor:
    """An actor mention resolved, where possible, to a dictionary entry."""

    text: str
    canonical: str
    inter: int
    sector: str = ""
    country: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class TimeRef:
    """A resolved date with ACLED time precision (1 day, 2 week, 3 month)."""

    date: dt.date
    precision: int
    text: str = ""


@dataclass(frozen=True)
class Figure:
    """A count of people (UCDP style best/low/high), with its claimant."""

    kind: FigureKind
    best: int
    low: int | None
    high: int | None
    qualifier: str
    text: str
    claimed_by: Attribution
    evidence: Evidence
    of_which: dict[str, str] = field(default_factory=dict)
    period: str = ""
    vague: bool = False


@dataclass(frozen=True)
class Claim:
    """A reported assertion: who said what, in which sentence."""

    speaker: str
    speaker_kind: str
    content: str
    evidence: Evidence
    date: dt.date | None = None
    origin: Place | None = None  # where the speaker speaks from, when the text says


@dataclass(frozen=True)
class Place:
    """A place mention and, once geocoded, where it is and how precisely.

    `geo_precision` follows ACLED: 1 the town itself, 2 near or part of a town or a
    district, 3 a province or region only; 0 not geocoded (a country alone has no point). `fallback` says the point is
    not the place named but the wider area the text also names (`note` says why).
    """

    text: str
    country: str = ""
    relation: str = ""
    start: int = -1
    end: int = -1
    name: str = ""
    admin1: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 0
    geonameid: str = ""
    fallback: bool = False
    note: str = ""
    within: str = ""  # the wider area the text puts this place in ("Kinda in Idleb": "Idleb")
    admin2: str = ""
    feature: str = ""  # "country" for a country's name; once geocoded, the gazetteer's kind
    # the other places the event's sentence names, geocoded ("a retreat ... to the Queiq River")
    also: tuple[Place, ...] = ()


@dataclass(frozen=True)
class Event:
    """One typed, resolved event with its provenance."""

    event_type: str
    sub_event_type: str
    plover_event: str
    plover_mode: str
    cameo_root: str
    trigger: str
    actor1: Actor | None
    actor2: Actor | None
    assoc_actor_1: tuple[Actor, ...]
    assoc_actor_2: tuple[Actor, ...]
    date: TimeRef | None
    place: Place | None
    country: str
    fatalities: int
    fatalities_flag: str
    figures: tuple[Figure, ...]
    claimed_by: Attribution
    evidence: Evidence
    confidence: float
    trigger_start: int = -1  # article offset of the trigger, to find the place it is told at
    area: str = ""  # which part of the place, when the text says ("all the Aleppo districts abandoned by rebels")

    @property
    def interaction(self) -> int:
        codes = sorted(a.inter for a in (self.actor1, self.actor2) if a is not None)
        if not codes:
            return 0
        if len(codes) == 1:
            return codes[0] * 10
        return codes[0] * 10 + codes[1]


@dataclass(frozen=True)
class ControlChange:
    """Who holds a place from a date, according to whom.

    `place` is the place as the text names it, `area` which part of it when the text says
    ("a few districts on the west bank of the Queiq River"), `location` the place geocoded.
    """

    place: str
    held_by: str
    previous_holder: str
    date: dt.date | None
    claimed_by: Attribution
    evidence: Evidence
    area: str = ""
    location: Place | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    id: str
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    figures: tuple[Figure, ...]
    control: tuple[ControlChange, ...]
    article: Article
