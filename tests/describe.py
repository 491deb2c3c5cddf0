"""A readable account of an extraction, for assertion messages in the pipeline tests."""

from __future__ import annotations

from frontlines.types import Actor, Extraction


def describe_actor(actor: Actor | None) -> str:
    return "-" if actor is None else f"{actor.text!r}={actor.canonical}({actor.inter})"


def describe(ex: Extraction) -> str:
    lines = []
    for e in ex.events:
        date = f"{e.date.date}/{e.date.precision}" if e.date else "-"
        lines.append(
            f"[{e.evidence.sentence}] {e.event_type} | {e.sub_event_type} | a1={describe_actor(e.actor1)} "
            f"a2={describe_actor(e.actor2)} date={date} fatalities={e.fatalities} "
            f"claimed_by={e.claimed_by.text!r}/{e.claimed_by.kind}"
        )
    for f in ex.figures:
        lines.append(f"figure {f.kind} best={f.best} low={f.low} q={f.qualifier!r} {f.text!r} by {f.claimed_by.kind}")
    for c in ex.claims:
        lines.append(f"claim {c.speaker!r}/{c.speaker_kind}: {c.content!r}")
    for change in ex.control:
        lines.append(f"control {change.place!r} held_by={change.held_by} previous={change.previous_holder} date={change.date}")
    return "\n".join(lines) or "(nothing extracted)"
