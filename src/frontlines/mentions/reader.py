"""One parsed sentence -> its mentions: event triggers with their roles, figures, claims.

This is the boundary where spaCy objects become plain dataclasses with article-wide
character offsets; nothing after it needs spaCy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from ..types import Actor, Attribution, Claim, ControlChange, Evidence, Figure, Place, Sentence, TimeRef
from . import actors as actor_mod
from .attribution import Quote, find_quotes, quote_for, speaker_kind
from .figures import find_figures
from .places import find_places
from .placewords import place_words
from .times import TimeMention, find_times
from .triggers import find_triggers, holding_verbs, sentence_flags

_REMOTE = {"shelling", "airstrike", "explosive", "grenade", "suicide", "chemical"}
_PRONOUNS = {"they", "them", "their", "it", "its", "he", "she"}
_SELF_NAMING = {"protest", "riot", "deploy"}
_RECIPROCAL = {"fight", "agreement"}
_TERRITORY = {"capture", "transfer", "withdraw"}  # classes that move who holds ground
_AREA_PREPOSITIONS = {"over", "of", "to", "towards", "toward", "into", "across"}
_DESTINATION = {"to", "towards", "toward", "into"}


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
    area: str = ""  # for territory: the phrase saying which part of the place ("all the Aleppo districts ...")


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
    if quote.kind == "journalist":
        # a reporter speaks for an outlet, never as an actor ("reporter" is also in the actor
        # dictionary, as the civilians journalists are when they are the victims)
        outlets = [e.text for e in doc.ents if e.label_ == "ORG" and quote.speaker_start <= e.start < quote.speaker_end]
        if ctx.publisher and ctx.publisher.lower() in quote.speaker.lower():
            outlets.insert(0, ctx.publisher)
        return Attribution(text=quote.speaker, kind=quote.kind, canonical=outlets[0] if outlets else "")
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
                area=_area(doc, trig.start, trig.end, place) if cls in _TERRITORY and place else "",
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
    out.control.extend(_holdings(doc, quotes, times, ctx, evidence, out.actors, places, offset))
    out.control.extend(_retreats(doc, quotes, times, ctx, evidence, out.actors, places, offset))
    return out


def _objects(head: Token) -> list[Token]:
    """The phrases a territory word acts on: its object, and what "over", "of", "to" ...
    introduce ("took control over X", "a retreat to X")."""
    found = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in _AREA_PREPOSITIONS):
        found.extend(c for c in prep.children if c.dep_ == "pobj")
    return found


def _area(doc: Doc, start: int, end: int, place: Place) -> str:
    """The phrase of the trigger's object that holds the place ("all the Aleppo districts
    abandoned by rebels"), when it says more than the place's name; else ""."""
    for head in doc[start:end]:
        # "took control of X": "control" is the trigger's own word, X the object
        for tokens in (part for obj in _objects(head) if not start <= obj.i < end for part in _conjuncts(obj)):
            first, last = tokens[0], tokens[-1]
            if first.idx <= place.start and place.end <= last.idx + len(last.text):
                return "" if _names_whole(tokens, place) else doc[first.i : last.i + 1].text
    return ""


def _names_whole(tokens: Sequence[Token], place: Place) -> bool:
    """Whether a phrase names the place as a whole ("the town of Qaniyah", "Aleppo city")."""
    outside = [t for t in tokens if not (place.start <= t.idx < place.end)]
    generic = place_words().place_nouns | {"the", "of", "a"}
    return all(t.lower_ in generic for t in outside)


def _places_in(places: Sequence[Place], tokens: Sequence[Token]) -> list[Place]:
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return [p for p in places if start <= p.start and p.end <= end and p.feature != "country"]


def _in_article(place: Place, offset: int) -> Place:
    return replace(place, start=place.start + offset, end=place.end + offset)


def _conjuncts(obj: Token) -> list[list[Token]]:
    """An object split at its coordinated parts: "much of the countryside west of Aleppo
    and the province of Idlib" -> two phrases."""
    inside = {t.i for t in obj.subtree}
    tops = [t for t in obj.subtree if t.dep_ == "conj" and t.head.i in inside and t.pos_ in ("NOUN", "PROPN")]
    tops = [t for t in tops if not any(t.i in {x.i for x in other.subtree} for other in tops if other is not t)]
    taken = {x.i for t in tops for x in t.subtree}
    spans = [[t for t in obj.subtree if t.i not in taken], *([*t.subtree] for t in tops)]
    out: list[list[Token]] = []
    for tokens in spans:
        while tokens and (tokens[-1].dep_ in ("cc", "punct") or tokens[-1].lower_ in ("and", "or", ",")):
            tokens = tokens[:-1]
        if tokens:
            out.append(tokens)
    return out


def _holdings(
    doc: Doc,
    quotes: list[Quote],
    times: list[TimeMention],
    ctx: ArticleContext,
    evidence: Callable[[int, int], Evidence],
    here: Sequence[Actor],
    places: Sequence[Place],
    offset: int,
) -> list[ControlChange]:
    """'X (still) holds / controls Y': who holds a place, without a change; one record per
    place the object names ("the countryside west of Aleppo and the province of Idlib")."""
    found: list[ControlChange] = []
    for tok in doc:
        if tok.lemma_.lower() not in holding_verbs() or tok.pos_ != "VERB":
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if subj is None or obj is None:
            continue
        holder = _holder(subj, ctx, here)
        if holder is None:
            continue
        when = _pick_time(times, tok.idx, None, doc, ctx)
        claimed_by = _attribution(quote_for(quotes, tok.i), doc, ctx)
        for part in _conjuncts(obj):
            found.extend(
                _held(doc, part, places, offset, holder=holder.canonical, previous="",
                      date=when.date if when else None, claimed_by=claimed_by, evidence=evidence)
            )
    return found


def _retreats(
    doc: Doc,
    quotes: list[Quote],
    times: list[TimeMention],
    ctx: ArticleContext,
    evidence: Callable[[int, int], Evidence],
    here: Sequence[Actor],
    places: Sequence[Place],
    offset: int,
) -> list[ControlChange]:
    """'X retreated to Y', 'a retreat of X to Y': the side that falls back holds where it
    falls back to."""
    found: list[ControlChange] = []
    for trig in find_triggers(doc):
        if trig.cls != "withdraw" or not trig.happened:
            continue
        head = doc[trig.start]
        actor_tok = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if actor_tok is None:  # "a retreat of opposition fighters to ..."
            of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            actor_tok = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        holder = _holder(actor_tok, ctx, here) if actor_tok is not None else None
        if holder is None:
            continue
        when = _pick_time(times, head.idx, None, doc, ctx)
        claimed_by = _attribution(quote_for(quotes, head.i), doc, ctx)
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in _DESTINATION):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                found.extend(
                    _held(doc, list(obj.subtree), places, offset, holder=holder.canonical, previous="",
                          date=when.date if when else None, claimed_by=claimed_by, evidence=evidence,
                          around=next((p for p in places if not _is_feature(p) and p.feature != "country"), None))
                )
    return found


def _holder(tok: Token, ctx: ArticleContext, here: Sequence[Actor]) -> Actor | None:
    tokens = actor_mod.phrase(tok)
    holder = actor_mod.resolve(tokens, focus_country=ctx.focus_country) or _pronoun(tokens, ctx, here)
    return holder if holder is not None and holder.sector in actor_mod.COMBATANT_SECTORS else None


def _held(
    doc: Doc,
    tokens: Sequence[Token],
    places: Sequence[Place],
    offset: int,
    *,
    holder: str,
    previous: str,
    date: dt.date | None,
    claimed_by: Attribution,
    evidence: Callable[[int, int], Evidence],
    around: Place | None = None,
) -> list[ControlChange]:
    """Who holds the area a phrase names: one record per town or province in it; a phrase
    that names only a feature ("the west bank of the Queiq River") is an area of the place
    the sentence is about (`around`)."""
    phrase = doc[tokens[0].i : tokens[-1].i + 1].text
    span = evidence(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    inside = _places_in(places, tokens)
    named = [p for p in inside if not _is_feature(p)] or ([around] if around is not None else inside)
    if not named:
        return [ControlChange(phrase, holder, previous, date, claimed_by, span, area=phrase)]
    return [
        ControlChange(p.text, holder, previous, date, claimed_by, span,
                      area=phrase if phrase != p.text else "", location=_in_article(p, offset))
        for p in named
    ]


def _is_feature(place: Place) -> bool:
    """A river, a base, a road: not the place whose ground is held."""
    last = place.text.split()[-1].lower() if place.text else ""
    return last in place_words().feature_nouns
