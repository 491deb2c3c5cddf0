"""Scoring the extractor against gold files (the format of gold/README.md).

`evaluate(path)` streams a gold JSONL file through `extract_many` and returns an
`EvalReport`; `render_report(report)` formats it as plain text. The arithmetic lives in
`Scorer` (and `score()` over plain data), so it is tested without running the extractor.

How a gold event is matched to a predicted event of the same text: first a prediction
with the same sub-type, then one with the same event type; within each tier the nearest
place wins when both sides have coordinates. Each prediction is used at most once.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gazetteer import admin1_key, candidates, distance_km
from .errors import Errors, FrontlinesError
from .fusion import Report, reports_of
from .types import Article, Event, Place

# Label used in the confusion table for "no counterpart" on either side.
NONE_LABEL = "(none)"
NEAR_KM = 10.0
FAR_KM = 50.0


@dataclass(frozen=True)
class GoldEvent:
    """The fields of one gold ACLED event that the scores read."""

    event_type: str
    sub_event_type: str
    event_date: str = ""
    inter1: int = 0
    inter2: int = 0
    fatalities: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    admin1: str = ""
    location: str = ""
    country: str = ""


@dataclass(frozen=True)
class GoldRecord:
    """One line of a gold file: a text and the events ACLED coded from it."""

    id: str
    text: str
    events: tuple[GoldEvent, ...]


@dataclass(frozen=True)
class Scores:
    """Micro precision / recall / F1 from true and false positive counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def r(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, float]:
        return {"p": self.p, "r": self.r, "f1": self.f1}


@dataclass(frozen=True)
class Share:
    """Hits out of a total; `value` is None when nothing was counted."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass(frozen=True)
class PlaceScores:
    """Place error over matched events whose predicted place has coordinates, and the
    shares issue 3 asks for: over all matched events (a missing place counts as a miss),
    over events whose gold location the gazetteer holds, over events we call precise."""

    with_coordinates: int = 0
    within_10km: Share = Share()
    within_50km: Share = Share()
    same_admin1: Share = Share()
    median_km: float | None = None
    all_within_50km: Share = Share()
    all_same_admin1: Share = Share()
    held_within_10km: Share = Share()
    precise_within_10km: Share = Share()

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "with_coordinates": self.with_coordinates,
            "within_10km": self.within_10km.value,
            "within_50km": self.within_50km.value,
            "same_admin1": self.same_admin1.value,
            "median_km": self.median_km,
            "all_within_50km": self.all_within_50km.value,
            "all_same_admin1": self.all_same_admin1.value,
            "held": self.held_within_10km.total,
            "held_within_10km": self.held_within_10km.value,
            "precise": self.precise_within_10km.total,
            "precise_within_10km": self.precise_within_10km.value,
        }


@dataclass(frozen=True)
class EvalReport:
    """The figures for one gold file; `to_dict()` is what `--json` prints."""

    file: str
    texts: int
    gold_events: int
    predicted_events: int
    matched: int
    event_type: Scores
    sub_event_type: Scores
    sub_type_macro_f1: float
    confusion: tuple[tuple[str, str, int], ...]
    date_exact: Share
    actors_inter_pair: Share
    fatalities_exact: Share
    place: PlaceScores
    coverage: float
    texts_per_second: float | None
    skipped: int = 0  # bad gold lines left out (only with `skip_invalid`)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "texts": self.texts,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "type": self.event_type.to_dict(),
            "sub_type": {**self.sub_event_type.to_dict(), "macro_f1": self.sub_type_macro_f1},
            "confusion": [list(row) for row in self.confusion],
            "date_exact": self.date_exact.value,
            "actors_inter_pair": self.actors_inter_pair.value,
            "fatalities_exact": self.fatalities_exact.value,
            "place": self.place.to_dict(),
            "coverage": self.coverage,
            "texts_per_second": self.texts_per_second,
            "matched": self.matched,
            "skipped": self.skipped,
        }


# --- reading gold files -------------------------------------------------------------


def read_gold(
    path: Path, *, limit: int | None = None, errors: list[FrontlinesError] | None = None
) -> Iterator[GoldRecord]:
    """Yield the records of a gold JSONL file (the first `limit` good ones).

    A bad line raises E401 naming file:line; when an `errors` list is given, the error is
    appended to it instead and the line skipped.
    """
    count = 0
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, start=1):
            if limit is not None and count >= limit:
                return
            if not line.strip():
                continue
            try:
                record = _parse_record(line, where=f"{path}:{lineno}")
            except FrontlinesError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                continue
            yield record
            count += 1


def _parse_record(line: str, *, where: str) -> GoldRecord:
    def bad(reason: str) -> FrontlinesError:
        return FrontlinesError(Errors.E401.format(path=where, reason=reason))

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise bad(f"malformed JSON: {exc.msg}") from exc
    if not isinstance(obj, dict):
        raise bad("the line is not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad("no non-empty 'text' string")
    events = obj.get("events")
    if not isinstance(events, list):
        raise bad("no 'events' list")
    parsed: list[GoldEvent] = []
    for i, ev in enumerate(events):
        if not isinstance(ev, dict):
            raise bad(f"events[{i}] is not an object")
        try:
            parsed.append(_parse_event(ev))
        except (TypeError, ValueError) as exc:
            raise bad(f"events[{i}]: {exc}") from exc
    return GoldRecord(id=str(obj.get("id") or ""), text=text, events=tuple(parsed))


def _parse_event(ev: dict[str, Any]) -> GoldEvent:
    event_type = _text(ev, "event_type")
    sub_event_type = _text(ev, "sub_event_type")
    if not event_type or not sub_event_type:
        raise ValueError("'event_type' and 'sub_event_type' are required")
    fatalities = _number(ev, "fatalities")
    return GoldEvent(
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=_text(ev, "event_date"),
        inter1=int(_number(ev, "inter1") or 0),
        inter2=int(_number(ev, "inter2") or 0),
        fatalities=None if fatalities is None else int(fatalities),
        latitude=_number(ev, "latitude"),
        longitude=_number(ev, "longitude"),
        admin1=_text(ev, "admin1"),
        location=_text(ev, "location"),
        country=_text(ev, "country"),
    )


def _text(ev: dict[str, Any], key: str) -> str:
    value = ev.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{key!r} should be a string, got {value!r}")
    return value.strip()


def _number(ev: dict[str, Any], key: str) -> float | None:
    # ACLED exports write numbers as strings; an empty string means "not given".
    value = ev.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"{key!r} should be a number, got {value!r}")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{key!r} should be a number, got {value!r}") from None


# --- matching and scoring -----------------------------------------------------------


def _gazetteer_holds(gold: GoldEvent) -> bool:
    """Whether the embedded gazetteer has the gold location itself: a place of that name
    within 10 km of the gold point."""
    if not gold.location or gold.latitude is None or gold.longitude is None:
        return False
    point = (gold.latitude, gold.longitude)
    return any(distance_km(point, (c.latitude, c.longitude)) <= NEAR_KM for c in candidates(gold.location))


def place_coordinates(place: Place | None) -> tuple[float, float] | None:
    """(lat, lon) of a predicted place; read with getattr until `Place` is geocoded."""
    lat = getattr(place, "latitude", None)
    lon = getattr(place, "longitude", None)
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)


def match_events(gold: Sequence[GoldEvent], predicted: Sequence[Event]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs: same sub-type, then same type."""
    pairs: list[tuple[int, int]] = []
    free_gold = set(range(len(gold)))
    free_pred = set(range(len(predicted)))
    tiers: tuple[Callable[[GoldEvent, Event], bool], ...] = (
        lambda g, e: g.sub_event_type == e.sub_event_type,
        lambda g, e: g.event_type == e.event_type,
    )
    for same in tiers:
        candidates = [
            (_pair_distance(gold[gi], predicted[pi]), gi, pi)
            for gi in sorted(free_gold)
            for pi in sorted(free_pred)
            if same(gold[gi], predicted[pi])
        ]
        # Nearest first; pairs without coordinates sort last, in text order.
        for _, gi, pi in sorted(candidates):
            if gi in free_gold and pi in free_pred:
                pairs.append((gi, pi))
                free_gold.discard(gi)
                free_pred.discard(pi)
    return sorted(pairs)


def _pair_distance(gold: GoldEvent, event: Event) -> float:
    where = place_coordinates(event.place)
    if where is None or gold.latitude is None or gold.longitude is None:
        return math.inf
    return distance_km((gold.latitude, gold.longitude), where)


def _ratio(num: float, den: int) -> float:
    return num / den if den else 0.0


@dataclass
class Scorer:
    """Accumulates the figures text by text, so a file is scored while it streams."""

    file: str = ""
    skipped: int = 0
    texts: int = 0
    covered: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    matched: int = 0
    event_type: Counter[str] = field(default_factory=Counter)
    sub_type: Counter[str] = field(default_factory=Counter)
    # Per gold sub-type label: "tp", "fp", "fn" counts for the macro F1.
    per_label: dict[str, Counter[str]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    date: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    fatalities: Counter[str] = field(default_factory=Counter)
    place: Counter[str] = field(default_factory=Counter)
    place_km: list[float] = field(default_factory=list)

    def add(self, record: GoldRecord, predicted: Sequence[Event]) -> None:
        """Score the predictions for one gold text."""
        self.texts += 1
        self.covered += bool(predicted)
        self.gold_events += len(record.events)
        self.predicted_events += len(predicted)
        self._add_sets(self.event_type, {g.event_type for g in record.events}, {e.event_type for e in predicted})
        gold_sub = {g.sub_event_type for g in record.events}
        pred_sub = {e.sub_event_type for e in predicted}
        self._add_sets(self.sub_type, gold_sub, pred_sub)
        for label in gold_sub | pred_sub:
            counts = self.per_label.setdefault(label, Counter())
            counts["tp"] += label in gold_sub and label in pred_sub
            counts["fp"] += label in pred_sub and label not in gold_sub
            counts["fn"] += label in gold_sub and label not in pred_sub

        pairs = match_events(record.events, predicted)
        self.matched += len(pairs)
        matched_gold = {gi for gi, _ in pairs}
        matched_pred = {pi for _, pi in pairs}
        for gi, pi in pairs:
            self._add_pair(record.events[gi], predicted[pi])
        for gi, g in enumerate(record.events):
            if gi not in matched_gold:
                self.confusion[(g.sub_event_type, NONE_LABEL)] += 1
        for pi, e in enumerate(predicted):
            if pi not in matched_pred:
                self.confusion[(NONE_LABEL, e.sub_event_type)] += 1

    @staticmethod
    def _add_sets(counts: Counter[str], gold: set[str], pred: set[str]) -> None:
        counts["tp"] += len(gold & pred)
        counts["fp"] += len(pred - gold)
        counts["fn"] += len(gold - pred)

    def _add_pair(self, gold: GoldEvent, event: Event) -> None:
        self.confusion[(gold.sub_event_type, event.sub_event_type)] += 1
        if gold.event_date:
            self.date["total"] += 1
            self.date["hits"] += event.date is not None and event.date.date.isoformat() == gold.event_date
        pred_pair = sorted(a.inter if a is not None else 0 for a in (event.actor1, event.actor2))
        self.actors["total"] += 1
        self.actors["hits"] += pred_pair == sorted((gold.inter1, gold.inter2))
        if gold.fatalities is not None:
            self.fatalities["total"] += 1
            self.fatalities["hits"] += event.fatalities == gold.fatalities
        gold_point = (gold.latitude, gold.longitude) if gold.latitude is not None and gold.longitude is not None else None
        where = place_coordinates(event.place)
        km = distance_km(gold_point, where) if gold_point and where else None
        admin1 = getattr(event.place, "admin1", None)
        # the same province in another spelling or style counts ("Idlib" = "Idleb")
        same_admin1 = bool(gold.admin1 and admin1 and admin1_key(str(admin1)) == admin1_key(gold.admin1))
        if gold_point:
            self.place["all"] += 1
            self.place["all_far"] += km is not None and km <= FAR_KM
            if _gazetteer_holds(gold):
                self.place["held"] += 1
                self.place["held_near"] += km is not None and km <= NEAR_KM
        if gold.admin1:
            self.place["all_admin1"] += 1
            self.place["all_admin1_hits"] += same_admin1
        if where is None:
            return
        self.place["with_coordinates"] += 1
        if km is not None:
            self.place_km.append(km)
            self.place["near"] += km <= NEAR_KM
            self.place["far"] += km <= FAR_KM
            if getattr(event.place, "geo_precision", 0) == 1:
                self.place["precise"] += 1
                self.place["precise_near"] += km <= NEAR_KM
        if gold.admin1 and admin1:
            self.place["admin1_total"] += 1
            self.place["admin1_hits"] += same_admin1

    def report(self, *, seconds: float | None = None) -> EvalReport:
        """The figures so far; `seconds` is the extraction wall-clock time, if timed."""
        # Macro F1 over the sub-types that occur in gold; predicted-only labels are left out.
        gold_labels = [c for c in self.per_label.values() if c["tp"] + c["fn"]]
        macro = sum(_scores(c).f1 for c in gold_labels)
        located = len(self.place_km)
        return EvalReport(
            file=self.file,
            skipped=self.skipped,
            texts=self.texts,
            gold_events=self.gold_events,
            predicted_events=self.predicted_events,
            matched=self.matched,
            event_type=_scores(self.event_type),
            sub_event_type=_scores(self.sub_type),
            sub_type_macro_f1=_ratio(macro, len(gold_labels)),
            confusion=tuple(
                (g, p, n)
                for (g, p), n in sorted(self.confusion.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))
            ),
            date_exact=Share(self.date["hits"], self.date["total"]),
            actors_inter_pair=Share(self.actors["hits"], self.actors["total"]),
            fatalities_exact=Share(self.fatalities["hits"], self.fatalities["total"]),
            place=PlaceScores(
                with_coordinates=self.place["with_coordinates"],
                within_10km=Share(self.place["near"], located),
                within_50km=Share(self.place["far"], located),
                same_admin1=Share(self.place["admin1_hits"], self.place["admin1_total"]),
                median_km=statistics.median(self.place_km) if self.place_km else None,
                all_within_50km=Share(self.place["all_far"], self.place["all"]),
                all_same_admin1=Share(self.place["all_admin1_hits"], self.place["all_admin1"]),
                held_within_10km=Share(self.place["held_near"], self.place["held"]),
                precise_within_10km=Share(self.place["precise_near"], self.place["precise"]),
            ),
            coverage=_ratio(self.covered, self.texts),
            texts_per_second=self.texts / seconds if seconds else None,
        )


@dataclass(frozen=True)
class PairScores:
    """Pairwise clustering scores: of the pairs put together, how many belong together
    (precision), and of the pairs that belong together, how many were put together (recall)."""

    precision: float
    recall: float
    true_pairs: int
    false_pairs: int
    missed_pairs: int


def pair_scores(predicted: Mapping[str, str], gold: Mapping[str, str]) -> PairScores:
    """Score a clustering (item -> predicted cluster) against gold labels (item -> label),
    over the items both know."""
    items = sorted(set(predicted) & set(gold))
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            together, belong = predicted[a] == predicted[b], gold[a] == gold[b]
            tp += together and belong
            fp += together and not belong
            fn += belong and not together
    return PairScores(_ratio(tp, tp + fp), _ratio(tp, tp + fn), tp, fp, fn)


def report_sets(path: Path) -> list[tuple[dict[str, Any], tuple[Report, ...]]]:
    """Labelled report sets for scoring fusion (JSONL, lines not starting with "{" are
    comments): each row an article (`text`, `title`, `publisher`, `published`, `set`) and
    `events`, which event its reports tell: {"*": label} for all of them, else {place:
    label} by the report's location. Each row with the reports extracted from it."""
    from .pipeline import extract_many

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    articles = [
        Article(text=r["text"], title=r["title"], publisher=r["publisher"], published=dt.date.fromisoformat(r["published"]))
        for r in rows
    ]
    return [(row, tuple(reports_of(ex))) for row, ex in zip(rows, extract_many(articles), strict=True)]


def report_label(row: Mapping[str, Any], report: Report) -> str | None:
    """The event a report of a labelled set tells (`report_sets`), None when unlabelled."""
    events = row["events"]
    if "*" in events:
        return str(events["*"])
    return next((str(label) for place, label in events.items() if place in report.location), None)


def _scores(counts: Counter[str]) -> Scores:
    return Scores(tp=counts["tp"], fp=counts["fp"], fn=counts["fn"])


def score(
    records: Iterable[GoldRecord],
    predictions: Iterable[Sequence[Event]],
    *,
    file: str = "",
    seconds: float | None = None,
) -> EvalReport:
    """Score predictions (one sequence of events per gold record, same order)."""
    scorer = Scorer(file=file)
    for record, predicted in zip(records, predictions, strict=True):
        scorer.add(record, predicted)
    return scorer.report(seconds=seconds)


def evaluate(path: Path, *, limit: int | None = None, skip_invalid: bool = False) -> EvalReport:
    """Run the extractor over a gold file (first `limit` texts) and score it.

    A bad line raises E401 before any extraction runs; with `skip_invalid` it is skipped
    and counted in `EvalReport.skipped` instead. Records stream through `extract_many`:
    only those the pipeline has taken but not yet returned are held. `texts_per_second`
    counts the time spent inside the extractor, model loading included.
    """
    # Imported here so scoring plain data never pulls in the pipeline (and spaCy).
    from .pipeline import extract_many

    errors: list[FrontlinesError] | None = [] if skip_invalid else None
    if errors is None:
        # Validate the whole file first: reading it is cheap, a failure after an hour
        # of extraction is not.
        for _ in read_gold(path, limit=limit):
            pass
    pending: deque[tuple[GoldRecord, Article]] = deque()

    def articles() -> Iterator[Article]:
        for record in read_gold(path, limit=limit, errors=errors):
            # No publication date: the pipeline takes the latest date the text names.
            article = Article(text=record.text, id=record.id)
            pending.append((record, article))
            yield article

    scorer = Scorer(file=str(path))
    extractions = extract_many(articles())
    seconds = 0.0
    while True:
        start = time.perf_counter()
        extraction = next(extractions, None)
        seconds += time.perf_counter() - start
        if extraction is None:
            break
        record, article = pending.popleft()
        if extraction.id != article.key:
            raise RuntimeError(f"extract_many returned {extraction.id!r} where {article.key!r} was expected")
        scorer.add(record, extraction.events)
    scorer.skipped = len(errors or ())
    return scorer.report(seconds=seconds)


# --- rendering ----------------------------------------------------------------------


def render_report(report: EvalReport, *, top: int = 3) -> str:
    """Plain-text report: headline figures, per-field shares, and the confusion table."""
    lines = [
        f"gold file   {report.file}"
        + (f"   ({report.skipped:,} bad lines skipped)" if report.skipped else ""),
        f"texts       {report.texts:,}   gold events {report.gold_events:,}   "
        f"predicted events {report.predicted_events:,}",
        f"matched     {report.matched:,} / {report.gold_events:,} gold events "
        f"({_pct(_ratio(report.matched, report.gold_events))})",
        f"coverage    {_pct(report.coverage)} of texts with >= 1 predicted event",
        "throughput  "
        + ("n/a" if report.texts_per_second is None else f"{report.texts_per_second:,.1f} texts/s"),
        "",
        f"{'':<10}{'P':>7}{'R':>7}{'F1':>7}{'macro F1':>10}",
        f"{'type':<10}{report.event_type.p:>7.3f}{report.event_type.r:>7.3f}{report.event_type.f1:>7.3f}",
        f"{'sub-type':<10}{report.sub_event_type.p:>7.3f}{report.sub_event_type.r:>7.3f}"
        f"{report.sub_event_type.f1:>7.3f}{report.sub_type_macro_f1:>10.3f}",
        "",
        f"matched events ({report.matched:,})",
    ]
    rows = [
        ("date exact", _share(report.date_exact, "scored")),
        ("actors inter pair", _share(report.actors_inter_pair, "scored")),
        ("fatalities exact", _share(report.fatalities_exact, "scored")),
    ]
    place = report.place
    if place.with_coordinates == 0:
        rows.append(("place", "n/a (0 with coordinates)"))
    else:
        median = "n/a" if place.median_km is None else f"{place.median_km:,.1f}"
        rows += [
            ("place within 10 km", _share(place.within_10km, "located")),
            ("place within 50 km", _share(place.within_50km, "located")),
            ("place same admin1", _share(place.same_admin1, "with admin1")),
            ("place median km", f"{median} ({place.with_coordinates:,} with coordinates)"),
            ("all: within 50 km", _share(place.all_within_50km, "matched with a gold point")),
            ("all: same admin1", _share(place.all_same_admin1, "matched with a gold admin1")),
            ("held: within 10 km", _share(place.held_within_10km, "whose gold place the gazetteer holds")),
            ("precise: within 10 km", _share(place.precise_within_10km, "we give geo_precision 1")),
        ]
    lines += [f"  {name:<22}{value}" for name, value in rows]
    lines += ["", *_render_confusion(report.confusion, top=top)]
    return "\n".join(lines) + "\n"


def _render_confusion(confusion: Sequence[tuple[str, str, int]], *, top: int) -> list[str]:
    totals: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    wrong: dict[str, list[tuple[int, str]]] = {}
    for gold, pred, n in confusion:
        totals[gold] += n
        if gold == pred:
            correct[gold] += n
        else:
            wrong.setdefault(gold, []).append((n, pred))
    if not totals:
        return ["confusion: no gold or predicted events"]
    # Gold sub-types by frequency; predictions without a gold counterpart go last.
    order = sorted(totals, key=lambda g: (g == NONE_LABEL, -totals[g], g))
    width = max(len("gold sub-type"), *(len(g) for g in order))
    out = [
        f"confusion (rows = gold sub-type; {NONE_LABEL} = no counterpart)",
        f"  {'gold sub-type':<{width}}{'n':>7}{'correct':>9}  top confusions",
    ]
    for gold in order:
        confused = sorted(wrong.get(gold, []), key=lambda item: (-item[0], item[1]))[:top]
        listed = ", ".join(f"{pred} {n}" for n, pred in confused) or "-"
        out.append(f"  {gold:<{width}}{totals[gold]:>7,}{correct[gold]:>9,}  {listed}")
    return out


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _share(share: Share, what: str) -> str:
    if share.value is None:
        return f"n/a (0 {what})"
    return f"{_pct(share.value)} ({share.hits:,} / {share.total:,})"
