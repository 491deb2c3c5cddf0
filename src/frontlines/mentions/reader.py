"""One parsed sentence -> its mentions: event triggers with their roles, figures, claims.

This is the boundary where spaCy objects become plain dataclasses with article-wide
character offsets; nothing after it needs spaCy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..types import Actor, Attribution, Claim, ControlChange, Evidence, Figure, Place, Sentence, TimeRef
from . import actors as actor_mod
from .attribution import Quote, find_quotes, quote_for, speaker_kind
from .figures import find_figures
from .places import find_places
from .times import TimeMention, find_times
from .triggers import find_triggers, holding_verbs, sentence_flags

_REMOTE = {"shelling", "airstrike", "explosive", "grenade", "suicide", "chemical"}
_PRONOUNS = {"they", "them", "their", "it", "its", "he", "she"}
_SELF_NAMING = {"protest", "riot", "deploy"}
_RECIPROCAL = {"fight", "agreement"}


@dataclass(frozen=True)
class ArticleContext:
    """What a sentence needs to know about its article."""

    reference: dt.date | None
    publisher: str
    focus_country: str
    known_actors: tuple[Actor, ...] = ()
    event_country: str = ""


@dataclass(frozen=True)
class EventMention:
    """One trigger with its resolved roles, before consolidation and typing."""

    cls: str
    strength: int
    trigger: str
    position: int
    actor1: Actor | None
    actor2: Actor | None
    time: TimeRef | None
    place: Place | None
    claimed_by: Attribution
    evidence: Evidence
    flags: frozenset[str]
    needs_actor: tuple[int, ...] = ()
    sentence_actors: tuple[Actor, ...] = ()
    refers_back: bool = False


@dataclass
class SentenceMentions:
    sentence: Sentence
    events: list[EventMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    control: list[ControlChange] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


def publisher_attribution(publisher: str) -> Attribution:
    name = publisher or "the publisher"
    return Attribution(text=f"{name} (narration)", kind="publisher", canonical=publisher)


def _attribution(quote: Quote | None, doc: Doc, ctx: ArticleContext) -> Attribution:
    if quote is None:
        return publisher_attribution(ctx.publisher)
    speaker = list(doc[quote.speaker_start : quote.speaker_end])
    named = actor_mod.actor_mentions(speaker, focus_country=ctx.focus_country)
    return Attribution(text=quote.speaker, kind=quote.kind, canonical=named[0].canonical if named else "")


def _pick_time(times: list[TimeMention], char: int, quote: Quote | None, doc: Doc, ctx: ArticleContext) -> TimeRef | None:
    usable = [t for t in times if t.date is not None]
    if quote is not None:
        span = doc[quote.content_start : quote.content_end]
        inside = [t for t in usable if span.start_char <= t.start < span.end_char]
        usable = inside or usable
    if usable:
        best = min(usable, key=lambda t: abs(t.start - char))
        if best.date is not None:
            return TimeRef(best.date, best.precision, best.text)
    if ctx.reference is not None:
        return TimeRef(ctx.reference, 1, "")
    return None


def _pick_place(places: list[Place], char: int) -> Place | None:
    if not places:
        return None
    after = [p for p in places if p.start >= char]
    return after[0] if after else places[-1]


def _resolve_roles(
    doc: Doc, start: int, end: int, cls: str, ctx: ArticleContext, here: Sequence[Actor]
) -> tuple[Actor | None, Actor | None]:
    found = actor_mod.roles(
        doc, start, end, of_is_target=cls in _REMOTE or cls in ("capture", "loot"), reciprocal=cls in _RECIPROCAL
    )
    picked: list[Actor | None] = []
    for options in (found.actor1, found.actor2):
        # the most specific candidate wins, the parse's order breaks ties
        best: tuple[Actor, int] | None = None
        for tokens in options:
            ranked = actor_mod.resolve_ranked(tokens, focus_country=ctx.focus_country, event_country=ctx.event_country)
            pronoun = _pronoun(tokens, ctx, here)
            if ranked is None and pronoun is not None:
                ranked = (pronoun, 1)
            if ranked is not None and (best is None or ranked[1] > best[1]):
                best = ranked
        picked.append(best[0] if best else None)
    a1, a2 = picked
    if a1 is not None and a2 is not None and a1.start == a2.start:
        a2 = None
    if a1 is None and cls in _SELF_NAMING:
        # "protesters gathered", "a mob attacked": the trigger word names the actor
        a1 = actor_mod.resolve(
            actor_mod.phrase(doc[start:end].root), focus_country=ctx.focus_country, event_country=ctx.event_country
        )
    return a1, a2


def _refers_back(doc: Doc, start: int, end: int) -> bool:
    """'the attack', 'this clash': a definite noun trigger names an event told before."""
    head = doc[start:end].root
    return head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children)


def _captured_class(doc: Doc, start: int, end: int, ctx: ArticleContext) -> str:
    """"captured two rebels" is a clash, "captured three farmers" an abduction: a capture
    whose direct object is people is not a territorial change."""
    verb = next((t for t in doc[start:end] if t.pos_ == "VERB"), None)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None) if verb is not None else None
    if obj is None:
        return "capture"
    people = actor_mod.names_people(obj, focus_country=ctx.focus_country)
    if people is None:
        return "capture"
    if people.sector in ("CVL", "PRO"):
        return "abduct"
    return "fight" if people.inter in (1, 2, 3, 4, 8) else "capture"


def _pronoun(tokens: tuple[Token, ...], ctx: ArticleContext, here: Sequence[Actor] = ()) -> Actor | None:
    """'they' / 'its forces' -> the latest armed actor named before it: earlier in the same
    sentence (`here`), else earlier in the article."""
    if not tokens or tokens[0].lower_ not in _PRONOUNS:
        return None
    before = [a for a in here if a.end <= tokens[0].idx]
    for actor in [*reversed(before), *reversed(ctx.known_actors)]:
        if actor.sector in actor_mod.COMBATANT_SECTORS:
            return actor
    return None


def read_sentence(
    doc: Doc, sentence: Sentence, ctx: ArticleContext, *, places: Sequence[Place] | None = None
) -> SentenceMentions:
    """Everything one parsed sentence says: event mentions, figures, claims, control."""
    out = SentenceMentions(sentence)
    offset = sentence.start
    quotes = find_quotes(doc)
    times = find_times(doc.text, ctx.reference)
    places = list(places) if places is not None else find_places(doc, offset=0)
    flags = sentence_flags(doc)
    out.actors = actor_mod.actor_mentions(list(doc), focus_country=ctx.focus_country)

    def evidence(start: int, end: int) -> Evidence:
        return Evidence(sentence.index, offset + start, offset + end, sentence.text)

    for trig in find_triggers(doc):
        if not trig.happened:
            continue
        char = doc[trig.start].idx
        quote = quote_for(quotes, trig.start)
        cls = _captured_class(doc, trig.start, trig.end, ctx) if trig.cls == "capture" else trig.cls
        actor1, actor2 = _resolve_roles(doc, trig.start, trig.end, cls, ctx, out.actors)
        if trig.subject_is_victim and actor2 is None:
            actor1, actor2 = None, actor1
        place = _pick_place(places, char)
        out.events.append(
            EventMention(
                cls=cls,
                strength=trig.strength,
                trigger=trig.text,
                position=char,
                actor1=actor1,
                actor2=actor2,
                time=_pick_time(times, char, quote, doc, ctx),
                place=Place(place.text, ctx.event_country, place.relation, offset + place.start, offset + place.end)
                if place
                else None,
                claimed_by=_attribution(quote, doc, ctx),
                evidence=evidence(0, len(doc.text)),
                flags=flags,
                needs_actor=trig.needs_actor,
                sentence_actors=tuple(out.actors),
                refers_back=trig.refers_back or _refers_back(doc, trig.start, trig.end),
            )
        )
    for fig in find_figures(doc):
        if fig.negated:
            continue
        token = next((t.i for t in doc if t.idx >= fig.start), 0)
        quote = quote_for(quotes, token)
        out.figures.append(
            Figure(
                kind=fig.kind,
                best=fig.best,
                low=fig.low,
                high=fig.high,
                qualifier=fig.qualifier,
                text=fig.text,
                claimed_by=_attribution(quote, doc, ctx),
                evidence=evidence(fig.start, fig.end),
                of_which=dict(fig.of_which),
                period=fig.period,
                vague=fig.vague,
            )
        )
    for quote in quotes:
        span = doc[quote.content_start : quote.content_end]
        when = _pick_time(times, doc[quote.verb].idx, None, doc, ctx)
        content = span.text.replace("“", "").replace("”", "").replace('"', "").strip()
        out.claims.append(
            Claim(
                speaker=quote.speaker,
                speaker_kind=quote.kind or speaker_kind(quote.speaker),
                content=content,
                evidence=evidence(span.start_char, span.end_char),
                date=when.date if when else None,
            )
        )
    out.control.extend(_holdings(doc, quotes, times, ctx, evidence, out.actors))
    return out


def _holdings(
    doc: Doc,
    quotes: list[Quote],
    times: list[TimeMention],
    ctx: ArticleContext,
    evidence: Callable[[int, int], Evidence],
    here: Sequence[Actor],
) -> list[ControlChange]:
    """'X (still) holds / controls Y': who holds a place, without a change."""
    found: list[ControlChange] = []
    for tok in doc:
        if tok.lemma_.lower() not in holding_verbs() or tok.pos_ != "VERB":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if subj is None or obj is None:
            continue
        tokens = actor_mod.phrase(subj)
        holder = actor_mod.resolve(tokens, focus_country=ctx.focus_country) or _pronoun(tokens, ctx, here)
        if holder is None or holder.sector not in actor_mod.COMBATANT_SECTORS:
            continue
        obj_tokens = list(obj.subtree)
        place_text = doc[obj_tokens[0].i : obj_tokens[-1].i + 1].text
        when = _pick_time(times, tok.idx, None, doc, ctx)
        quote = quote_for(quotes, tok.i)
        found.append(
            ControlChange(
                place=place_text,
                held_by=holder.canonical,
                previous_holder="",
                date=when.date if when else None,
                claimed_by=_attribution(quote, doc, ctx),
                evidence=evidence(obj_tokens[0].idx, obj_tokens[-1].idx + len(obj_tokens[-1].text)),
            )
        )
    return found
