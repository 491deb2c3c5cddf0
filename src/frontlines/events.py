"""Mentions -> typed, resolved events.

Three steps, all driven by data files:
1. consolidate: the triggers of one sentence that tell one event become one mention
   (`ontology/absorption.v1.csv`: "shelled ..., killing two" is one shelling);
2. type: (trigger class, actor1 inter, actor2 inter, context flags) -> ACLED type and
   sub-type, PLOVER event and mode, CAMEO root (`ontology/event_typing.v1.csv`);
3. merge: an event told across sentences (same sub-type, date and place, compatible
   actors; or a casualty-only sentence after it) becomes one event.
Fatalities follow ACLED: the most conservative figure; an unknown toll counts 10 in a
significant attack and 3 otherwise, and says so in `fatalities_flag`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from .knowledge import load_rows
from .mentions.actors import COMBATANT_SECTORS, generic_actor
from .mentions.reader import EventMention, SentenceMentions
from .types import Actor, ControlChange, Event, Figure

_ARMED = {1, 2, 3, 4, 8}
_VIOLENT = {"fight", "attack", "casualty", "shelling", "airstrike", "explosive", "grenade", "suicide", "chemical", "capture"}
_UNKNOWN_PERPETRATOR = {
    "Remote explosive/landmine/IED", "Grenade", "Attack", "Abduction/forced disappearance", "Suicide bomb",
}
_SIGNIFICANT = {"Battles", "Explosions/Remote violence"}
_TERRITORY = {"Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory"}


class TypingRow(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt column is an error, not ignored

    cls: str = Field(alias="class")
    actor1: str
    actor2: str
    flags: str = ""
    event_type: str
    sub_event_type: str
    plover_event: str = ""
    plover_mode: str = ""
    cameo_root: str = ""
    set_actor1: str = ""
    set_actor2: str = ""

    def matches(self, cls: str, inter1: int, inter2: int, flags: frozenset[str]) -> bool:
        if self.cls != cls:
            return False
        for cond, inter in ((self.actor1, inter1), (self.actor2, inter2)):
            if cond == "*":
                continue
            if cond == "-":
                if inter:
                    return False
            elif str(inter) not in cond.split("|"):
                return False
        for flag in self.flags.split():
            if flag.startswith("!"):
                if flag[1:] in flags:
                    return False
            elif flag not in flags:
                return False
        return True


class AbsorptionRow(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt column is an error, not ignored

    host: str
    part: str
    flag: str = ""


@cache
def typing_table() -> list[TypingRow]:
    return load_rows("ontology/event_typing.v1.csv", TypingRow)


@cache
def absorption() -> dict[tuple[str, str], str]:
    return {(r.host, r.part): r.flag for r in load_rows("ontology/absorption.v1.csv", AbsorptionRow)}


def type_of(cls: str, inter1: int, inter2: int, flags: frozenset[str]) -> TypingRow | None:
    """The first typing row that fits, or None when the class makes no ACLED event."""
    return next((row for row in typing_table() if row.matches(cls, inter1, inter2, flags)), None)


@dataclass
class _Group:
    """Triggers of one sentence that tell one event."""

    head: EventMention
    actor1: Actor | None
    actor2: Actor | None
    flags: set[str]
    figures: list[Figure] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    sentences: int = 1


def _consolidate(mentions: Sequence[EventMention]) -> list[_Group]:
    """The triggers of one sentence as events: a class takes in the classes the absorption
    table gives it ("shelled ..., killing two"), whichever of the two comes first."""
    table = absorption()
    groups: list[_Group] = []
    for mention in sorted(mentions, key=lambda m: (-m.strength, m.position)):
        group = _Group(mention, mention.actor1, mention.actor2, set(mention.flags), triggers=[mention.trigger])
        if mention.cls in ("casualty", "attack") and mention.actor1 is not None and mention.actor1.inter == 1:
            group.flags.add("state_violence")
        host = next(
            (
                g
                for g in groups
                if g.head.cls == mention.cls or (g.head.cls, mention.cls) in table or (mention.cls, g.head.cls) in table
            ),
            None,
        )
        if host is None:
            groups.append(group)
        else:
            _absorb(host, group, same_sentence=True)
    return groups


def _share_roles(groups: Sequence[_Group]) -> None:
    """Events of one sentence with no actors of their own ("shelling and air strikes on X")
    share the roles another event of the sentence found."""
    donors = [g for g in groups if g.actor1 is not None or g.actor2 is not None]
    for group in groups:
        if group.actor1 is None and group.actor2 is None and donors and donors[0] is not group:
            group.actor1, group.actor2 = donors[0].actor1, donors[0].actor2


def _keep(group: _Group) -> bool:
    head = group.head
    if head.needs_actor and (group.actor1.inter if group.actor1 else 0) not in head.needs_actor:
        return False
    if head.strength <= 1 and group.actor1 is None and group.actor2 is None and not group.figures:
        return False
    return True


def _fill_roles(group: _Group, implied: Sequence[Actor]) -> bool:
    """Fill empty roles from the sentence's other actors or the article's main opponent."""
    head = group.head
    used = {a.canonical for a in (group.actor1, group.actor2) if a is not None}
    others = [a for a in head.sentence_actors if a.canonical not in used and a.sector in COMBATANT_SECTORS]
    later = [a for a in others if a.start > head.position]
    earlier = [a for a in others if a.end <= head.position]
    if head.cls in ("fight", "capture") and group.actor2 is None and others:
        group.actor2 = others[0]
    elif head.cls in ("attack", "casualty") and group.actor2 is None and later:
        group.actor2 = later[0]
    elif head.cls == "fight" and group.actor1 is None and others:
        group.actor1 = others[0]
    if group.actor1 is None and earlier and head.cls in _VIOLENT:
        # the parse lost the subject, but an armed actor is named before the trigger
        group.actor1 = earlier[-1]
    if group.actor1 is None and group.actor2 is not None and head.cls in (
        "shelling", "airstrike", "capture", "fight",
    ):
        side = _side(group.actor2.inter)
        opponent = next((a for a in implied if _side(a.inter) != side and a.inter in _ARMED), None)
        if opponent is not None:
            group.actor1 = replace(opponent, text="", start=-1, end=-1)
            return True
    return False


def _side(inter: int) -> str:
    return "state" if inter in (1, 8) else "non-state"


def _conservative(fig: Figure) -> int:
    return fig.low if fig.low is not None else fig.best


def fatalities(figures: Sequence[Figure], event_type: str) -> tuple[int, str]:
    """ACLED fatalities: the most conservative of the rival killed counts."""
    killed = [f for f in figures if f.kind == "killed"]
    if not killed:
        return 0, ""
    # One claimant's figures in one sentence add up ("3 soldiers and 2 civilians"); different
    # claimants or sentences are rival counts of the same dead, of which the lowest stands.
    by_sentence: dict[tuple[int, str], list[Figure]] = {}
    for fig in killed:
        by_sentence.setdefault((fig.evidence.sentence, fig.claimed_by.text), []).append(fig)
    totals: list[int] = []
    unknown = False
    for figs in by_sentence.values():
        known = [f for f in figs if not (f.vague and f.qualifier in ("unknown", "a number of", "several", "some"))]
        if not known:
            unknown = True
            continue
        totals.append(sum(_conservative(f) for f in known))
    if totals:
        return min(totals), ""
    if unknown:
        value = 10 if event_type in _SIGNIFICANT else 3
        return value, f"unknown toll coded as {value} (ACLED rule)"
    return 0, ""


def _nearest_group(groups: Sequence[_Group], position: int) -> _Group:
    return min(groups, key=lambda g: abs(g.head.position - position))


def _build(group: _Group, country: str, implied_used: bool) -> Event | None:
    head = group.head
    if head.place is not None and head.place.country:
        country = head.place.country
    inter1 = group.actor1.inter if group.actor1 else 0
    inter2 = group.actor2.inter if group.actor2 else 0
    flags = frozenset(group.flags)
    if "state_violence" in flags and any(f.kind == "killed" and f.best > 0 for f in group.figures):
        flags |= {"lethal_force"}
    row = type_of(head.cls, inter1, inter2, flags)
    if row is None or not row.event_type:
        return None
    actor1, actor2 = group.actor1, group.actor2
    harmed = any(f.kind in ("killed", "injured") and f.best > 0 for f in group.figures)
    if actor2 is not None and actor2.sector == "CVP" and not harmed and row.event_type in _SIGNIFICANT:
        actor2 = None  # shelling a village that hurt nobody has no civilian victims to code
    assoc1: tuple[Actor, ...] = ()
    if row.set_actor1 == "swap":
        actor1, actor2 = actor2, actor1
    elif row.set_actor1:
        generic = generic_actor(row.set_actor1, country=country)
        if actor1 is not None and actor1.inter in (1, 8):
            # "police dispersed protesters": the crowd leads, the police are the other side
            actor1, actor2 = (actor2 if actor2 is not None and actor2.inter in (5, 6, 7) else None), actor1
        if actor1 is not None and actor1.inter != generic.inter and actor1.inter not in _ARMED:
            assoc1 = (actor1,)
        actor1 = replace(
            generic,
            text=actor1.text if actor1 else "",
            start=actor1.start if actor1 else -1,
            end=actor1.end if actor1 else -1,
        )
    if row.set_actor2 == "-":
        actor2 = None
    elif row.set_actor2 and actor2 is None:
        actor2 = generic_actor(row.set_actor2, country=country)
    if actor1 is None and row.sub_event_type in _UNKNOWN_PERPETRATOR:
        # ACLED codes an attacker nobody names as an unidentified armed group
        actor1 = generic_actor("political militia", country=country)
    deaths, flag = fatalities(group.figures, row.event_type)
    confidence = 0.4 + 0.1 * min(head.strength, 3) + (0.1 if actor1 else 0) + (0.1 if actor2 else 0)
    confidence += 0.05 * (group.sentences - 1)
    if implied_used:
        confidence -= 0.1
    return Event(
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        plover_event=row.plover_event,
        plover_mode=row.plover_mode,
        cameo_root=row.cameo_root,
        trigger=", ".join(group.triggers),
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=assoc1,
        assoc_actor_2=(),
        date=head.time,
        place=head.place,
        country=country,
        fatalities=deaths,
        fatalities_flag=flag,
        figures=tuple(group.figures),
        claimed_by=head.claimed_by,
        evidence=head.evidence,
        confidence=round(min(confidence, 0.95), 2),
        trigger_start=head.evidence.start + head.position,
        area=head.area,
    )


def _compatible_actors(a: _Group, b: _Group) -> bool:
    for x, y in ((a.actor1, b.actor1), (a.actor2, b.actor2)):
        if x is not None and y is not None and x.canonical != y.canonical:
            return False
    return True


def _tells_again(a: _Group, b: _Group) -> bool:
    """Whether `b`, told later in the article, is part of the event of `a`: the same class,
    or one the other takes in (absorption table) when `b` points back at the event or only
    adds its toll; on the same date, at the same place,
    between compatible actors. A later mention that refers back ("the attack", "the
    protest") or only adds a toll, and gives no date of its own, keeps the date of `a`."""
    table = absorption()
    same_class = a.head.cls == b.head.cls
    related = (a.head.cls, b.head.cls) in table or (b.head.cls, a.head.cls) in table
    # "the attack", "responded to the fire": a violent mention pointing back joins the violent event before it
    related = related or (b.head.refers_back and a.head.cls in _VIOLENT and b.head.cls in _VIOLENT)
    # Across sentences another class joins only a mention that points back at the event
    # or only adds its toll; otherwise "shelling" after "took control" is a second event.
    if b.head.evidence.sentence == 0:
        # a headline sums up the lead: it tells again a body event of its class, whatever
        # place it names ("Idlib" for "Maarat al-Numan") or date its missing day implies
        return same_class or related
    if not (same_class or related and (b.head.refers_back or b.head.cls == "casualty")):
        return False
    undated = b.head.time is not None and not b.head.time.text
    follow_up = undated and (b.head.refers_back or b.head.cls == "casualty")
    ta, tb = a.head.time, b.head.time
    if ta is not None and tb is not None and ta.date != tb.date and not follow_up:
        return False
    pa, pb = a.head.place, b.head.place
    if pa is not None and pb is not None and pa.text != pb.text:
        return False
    return not same_class or b.head.refers_back or _compatible_actors(a, b)


def _absorb(host: _Group, part: _Group, *, same_sentence: bool = False) -> None:
    """Merge `part` into `host` in place; the class that takes the other in leads."""
    table = absorption()
    if (part.head.cls, host.head.cls) in table and host.head.cls != part.head.cls:
        flag = table[(part.head.cls, host.head.cls)]
        host.head = replace(part.head, evidence=host.head.evidence, time=host.head.time or part.head.time)
    else:
        flag = table.get((host.head.cls, part.head.cls), "")
    host.actor1 = host.actor1 or part.actor1
    if host.actor2 is None and part.actor2 is not None and part.actor2 != host.actor1:
        host.actor2 = part.actor2
    host.flags |= part.flags
    if flag:
        host.flags.add(flag)
    host.figures.extend(part.figures)
    host.triggers.extend(part.triggers)
    if not same_sentence:
        host.sentences += part.sentences


def build_events(sentences: Sequence[SentenceMentions], *, country: str) -> list[Event]:
    """Typed events of one article, in text order, each told once."""
    implied = _main_actors(sentences)
    groups: list[_Group] = []
    for sent in sentences:
        found = _consolidate(sent.events)
        for fig in sent.figures:
            if found:
                _nearest_group(found, fig.evidence.start - sent.sentence.start).figures.append(fig)
        _share_roles(found)
        for group in sorted((g for g in found if _keep(g)), key=lambda g: g.head.position):
            # a headline (read last) sums up the lead: the first event it fits; a body
            # sentence goes on the latest one
            order = groups if group.head.evidence.sentence == 0 else reversed(groups)
            host = next((g for g in order if _tells_again(g, group)), None)
            if host is None:
                groups.append(group)
            else:
                _absorb(host, group)
    events: list[Event] = []
    for group in groups:
        implied_used = _fill_roles(group, implied)
        event = _build(group, country, implied_used)
        if event is not None:
            events.append(event)
    return events


def _main_actors(sentences: Sequence[SentenceMentions]) -> list[Actor]:
    """Armed actors of the article, most often named first: who an unnamed attacker likely is."""
    counts: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    for sent in sentences:
        for actor in sent.actors:
            if actor.sector in COMBATANT_SECTORS:
                counts[actor.canonical] += 1
                first.setdefault(actor.canonical, actor)
    return [first[name] for name, _ in counts.most_common()]


_BACKGROUND = dt.timedelta(days=365)


def recent(events: Sequence[Event], reference: dt.date | None) -> list[Event]:
    """The events a report tells as news: one dated more than a year before the report is
    background ("since the conflict began with protests in March 2011"), not an event of
    its own, and would merge every such report into one."""
    if reference is None:
        return list(events)
    return [e for e in events if e.date is None or e.date.date >= reference - _BACKGROUND]


def control_changes(events: Sequence[Event]) -> list[ControlChange]:
    """Territory events as control changes: who holds the place from the event's date."""
    changes: list[ControlChange] = []
    for event in events:
        if event.sub_event_type not in _TERRITORY or event.actor1 is None:
            continue
        place = event.place.text if event.place else event.country
        changes.append(
            ControlChange(
                place=place,
                held_by=event.actor1.canonical,
                previous_holder=event.actor2.canonical if event.actor2 else "",
                date=event.date.date if event.date else None,
                claimed_by=event.claimed_by,
                evidence=event.evidence,
                area=event.area,
                location=event.place,
            )
        )
    return changes
