"""Source track records: how often each claimant is borne out by the others.

A claimant is whoever a record names as its source: a monitor, a ministry, a rebel
spokesman, or the outlet itself when it narrates ("Reuters (narration)"), named by its
dictionary name where the extractor resolved one ("Observatory head Rami Abdel Rahman" is
the Syrian Observatory for Human Rights, and so is "the Observatory" in a claim once a
report resolved it), else by its words without a leading article. Unnamed speakers ("he",
"a source") and the narration of articles whose outlet is unknown have no record: nobody
could weigh them. Its records are the
events it told (reports), its claims and its figures. A record is

- *corroborated* when an independent source (another outlet and another claimant) tells
  the same: another report of the same fused event; a claim about the same event with the
  same stance (`contradictions.stances`); a figure of the same kind for the same event whose
  range meets it;
- *contradicted* when a contradiction links it (claims, figures), or, for a report, when
  another claimant's report of the same event gives another sub-type or toll;
- *alone* when neither.

A record may be both corroborated and contradicted (three sources, two agree). For figures,
`figure_ratio` is the median over its compared figures of its count divided by the median
of the other claimants' counts for the same event and kind (2.0: it says twice as many).
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..contradictions import claimant_key, figure_bounds, ranges_meet, stances
from ..mentions.attribution import UNNAMED
from . import schema


_NARRATION = "publisher"


@dataclass(frozen=True)
class TrackRecord:
    """One claimant's record."""

    claimant: str
    kind: str
    reports: int = 0
    claims: int = 0
    figures: int = 0
    corroborated: int = 0
    contradicted: int = 0
    alone: int = 0
    figures_compared: int = 0
    figure_ratio: float | None = None
    names: tuple[str, ...] = ()  # every way the store's records name this claimant

    @property
    def records(self) -> int:
        return self.reports + self.claims + self.figures

    def brief(self) -> dict[str, int | float | None]:
        """The record in brief, to show beside each of the claimant's claims."""
        return {"records": self.records, "corroborated": self.corroborated, "contradicted": self.contradicted,
                "alone": self.alone, "figure_ratio": self.figure_ratio}

    def summary(self) -> str:
        """One line to show beside a claim: "12 records: 5 corroborated, 1 contradicted, 6 alone"."""
        return (f"{self.records} records: {self.corroborated} corroborated, {self.contradicted} contradicted, "
                f"{self.alone} alone")


@dataclass
class _Tally:
    name: str
    kind: str
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    ratios: list[float] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def count(self, what: str, *, corroborated: bool, contradicted: bool) -> None:
        self.counts[what] += 1
        self.counts["corroborated"] += corroborated
        self.counts["contradicted"] += contradicted
        self.counts["alone"] += not (corroborated or contradicted)

    def record(self) -> TrackRecord:
        return TrackRecord(
            claimant=self.name,
            kind=self.kind,
            reports=self.counts["reports"],
            claims=self.counts["claims"],
            figures=self.counts["figures"],
            corroborated=self.counts["corroborated"],
            contradicted=self.counts["contradicted"],
            alone=self.counts["alone"],
            figures_compared=len(self.ratios),
            figure_ratio=round(statistics.median(self.ratios), 2) if self.ratios else None,
            names=tuple(sorted(self.names)),
        )


@dataclass(frozen=True)
class _Told:
    """A record with what it is compared on."""

    id: str
    claimant: str
    outlet: str
    event: str | None


def track_records(conn: Connection, *, claimants: Sequence[str] | None = None) -> list[TrackRecord]:
    """Every claimant's record (or only those named), most records first."""
    wanted = {claimant_key(c) for c in claimants} if claimants else None
    publishers: dict[str, str] = {a: p for a, p in conn.execute(sa.select(schema.articles.c.id, schema.articles.c.publisher))}
    outlets = {a: p or a for a, p in publishers.items()}
    sources = schema.event_sources
    event_of = {r: e for e, r in conn.execute(sa.select(sources.c.event_id, sources.c.report_id))}
    linked = {(a, b) for a, b, _, _ in conn.execute(sa.select(schema.contradictions))}
    contradicted = {x for pair in linked for x in pair}
    tallies: dict[str, _Tally] = {}

    def tally(name: str, kind: str, article_id: str, raw: str) -> _Tally | None:
        if kind == UNNAMED or (kind == _NARRATION and not publishers[article_id]):
            return None
        if kind == _NARRATION:
            name = f"{publishers[article_id]} (narration)"
        key = claimant_key(name)
        if wanted is not None and key not in wanted:
            return None
        found = tallies.setdefault(key, _Tally(name, kind))
        found.names.add(raw)
        return found

    reports = _rows(conn, schema.reports, ("id", "article_id", "claimed_by_text", "claimed_by_kind",
                                            "claimed_by_canonical", "sub_event_type", "fatalities", "evidence_sentence"))
    figures = _rows(conn, schema.figures, ("id", "article_id", "report_id", "kind", "best", "low", "high",
                                            "claimed_by_text", "claimed_by_kind", "claimed_by_canonical", "vague", "period"))
    canonical = {claimant_key(r["claimed_by_text"]): r["claimed_by_canonical"]
                 for r in (*reports, *figures) if _same_source(r["claimed_by_text"], r["claimed_by_canonical"])}
    for row in (*reports, *figures):
        row["raw"] = row["claimed_by_text"]
        row["claimed_by_text"] = canonical.get(claimant_key(row["claimed_by_text"]), row["claimed_by_text"])
    told = {r["id"]: _Told(r["id"], claimant_key(r["claimed_by_text"]), outlets[r["article_id"]], event_of.get(r["id"]))
            for r in reports}
    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        if told[r["id"]].event:
            by_event[str(told[r["id"]].event)].append(r)
    for r in reports:
        me = told[r["id"]]
        others = [o for o in by_event.get(me.event or "", []) if _independent(me, told[o["id"]])]
        disagree = any(o["sub_event_type"] != r["sub_event_type"] or o["fatalities"] != r["fatalities"] for o in others)
        found = tally(r["claimed_by_text"], r["claimed_by_kind"], r["article_id"], r["raw"])
        if found is not None:
            found.count("reports", corroborated=bool(others), contradicted=disagree)

    # the events each sentence tells, for claims
    sentence_events: dict[tuple[str, int], set[str]] = defaultdict(set)
    for r in reports:
        if told[r["id"]].event:
            sentence_events[(r["article_id"], r["evidence_sentence"])].add(str(told[r["id"]].event))
    claims = _rows(conn, schema.claims, ("id", "article_id", "speaker", "speaker_kind", "content", "evidence_sentence"))
    for row in claims:
        row["raw"] = row["speaker"]
        row["speaker"] = canonical.get(claimant_key(row["speaker"]), row["speaker"])
    claim_topics = {c["id"]: sentence_events.get((c["article_id"], c["evidence_sentence"]), set()) for c in claims}
    claim_stances = {c["id"]: stances(c["content"]) for c in claims}
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        for topic in claim_topics[c["id"]]:
            by_topic[topic].append(c)
    for c in claims:
        me = _Told(c["id"], claimant_key(c["speaker"]), outlets[c["article_id"]], None)
        agree = any(
            _independent(me, _Told(o["id"], claimant_key(o["speaker"]), outlets[o["article_id"]], None))
            and claim_stances[c["id"]] & claim_stances[o["id"]]
            for topic in claim_topics[c["id"]] for o in by_topic[topic]
        )
        found = tally(c["speaker"], c["speaker_kind"], c["article_id"], c["raw"])
        if found is not None:
            found.count("claims", corroborated=agree, contradicted=c["id"] in contradicted)

    by_event_kind: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for f in figures:
        event = event_of.get(f["report_id"] or "")
        if event and not f["vague"] and not f["period"]:
            by_event_kind[(event, f["kind"])].append(f)
    for f in figures:
        event = event_of.get(f["report_id"] or "")
        me = _Told(f["id"], claimant_key(f["claimed_by_text"]), outlets[f["article_id"]], event)
        others = [
            o for o in by_event_kind.get((event or "", f["kind"]), [])
            if _independent(me, _Told(o["id"], claimant_key(o["claimed_by_text"]), outlets[o["article_id"]], event))
        ]
        found = tally(f["claimed_by_text"], f["claimed_by_kind"], f["article_id"], f["raw"])
        if found is None:
            continue
        meets = any(_meet(f, o) for o in others)
        found.count("figures", corroborated=meets, contradicted=f["id"] in contradicted)
        if others and not f["vague"] and not f["period"]:
            median = statistics.median(o["best"] for o in others)
            if median > 0:
                found.ratios.append(f["best"] / median)
    return sorted((t.record() for t in tallies.values()), key=lambda r: (-r.records, r.claimant.lower()))


_GENERIC_WORDS = frozenset({"forces", "force", "government", "group", "state", "people", "the", "of"})


def _same_source(text: str, canonical: str) -> bool:
    """Whether a dictionary name resolves the speaker itself ("Observatory head Rami Abdel
    Rahman": the Syrian Observatory for Human Rights), not a group it belongs to or speaks
    about ("a Reuters reporter in the city" is no civilian of Syria): they share a word."""
    words = {w for w in re.findall(r"[a-z]{4,}", text.lower())} - _GENERIC_WORDS
    return bool(canonical) and bool(words & set(re.findall(r"[a-z]{4,}", canonical.lower())))


def records_by_name(records: Iterable[TrackRecord]) -> dict[str, TrackRecord]:
    """Each way a claimant is named in the store -> its record."""
    return {name: record for record in records for name in record.names}


def _rows(conn: Connection, table: sa.Table, columns: Iterable[str]) -> list[dict[str, Any]]:
    query = sa.select(*(table.c[name] for name in columns)).order_by(table.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


def _independent(a: _Told, b: _Told) -> bool:
    return a.id != b.id and a.outlet != b.outlet and a.claimant != b.claimant


def _meet(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return ranges_meet(figure_bounds(a["best"], a["low"], a["high"]), figure_bounds(b["best"], b["low"], b["high"]))
