"""Actors: who acts on whom around a trigger, resolved through the actor dictionary.

Roles come from the dependency parse (subject, object, passive agent, "between X and Y",
"attack on X", "Houthi attack"); a role's noun phrase is then looked up in
`actors.v1.jsonl`. Generic forms ("the army", "gunmen", "protesters") are filled with the
country a demonym beside them names ("Turkish troops") or else the article's country focus.
State forces acting outside their own country become external forces (inter 8).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Span, Token

from ..gazetteer import candidates, is_admin1
from ..knowledge import load_rows
from ..types import Actor
from .lexmatch import Match, PhraseLexicon
from .placewords import place_words


# Sectors of actors that fight (state forces, rebels, militias), as opposed to civilians,
# crowds, monitors and international bodies.
COMBATANT_SECTORS = frozenset({"MIL", "POL", "REB", "UAG", "COM"})


class ActorRow(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt column is an error, not ignored

    canonical: str
    inter: int
    aliases: list[str]
    kind: str = ""
    sector: str = ""
    country: str = ""
    generic: bool = False
    weak: bool = False
    local: bool = False  # state forces that fight at home: their name says where


class CountryRow(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt column is an error, not ignored

    iso3: str
    name: str
    other_names: str = ""
    demonyms: str = ""


@cache
def countries() -> dict[str, CountryRow]:
    return {row.iso3: row for row in load_rows("countries.v1.csv", CountryRow)}


@cache
def country_lexicon() -> PhraseLexicon[tuple[str, bool]]:
    """Country names and demonyms -> (ISO3 code, whether it is the name itself)."""
    entries: list[tuple[str, tuple[str, bool], Sequence[str], Sequence[str]]] = []
    for row in countries().values():
        entries.extend((n, (row.iso3, True), (), ()) for n in [row.name, *row.other_names.split("|")] if n)
        demonyms = [n for n in row.demonyms.split("|") if n]
        # the people too: "Palestinians", "Yemenis" (cheap tokens have no lemma to go by)
        demonyms += [f"{n}s" for n in demonyms if not n.endswith(("s", "sh", "ese", "ch"))]
        entries.extend((n, (row.iso3, False), (), ()) for n in demonyms)
    return PhraseLexicon(entries)


@cache
def actor_rows() -> tuple[ActorRow, ...]:
    """The actor dictionary, read once."""
    return tuple(load_rows("actors.v1.jsonl", ActorRow))


@cache
def actor_lexicon() -> PhraseLexicon[ActorRow]:
    return PhraseLexicon((alias, row, (), ()) for row in actor_rows() for alias in row.aliases)


def country_name(iso3: str) -> str:
    row = countries().get(iso3)
    return row.name if row else ""


def country_mentions(tokens: Iterable[Token]) -> tuple[Counter[str], Counter[str]]:
    """How often each country is named, by its name and by a demonym."""
    found = list(tokens)
    names: Counter[str] = Counter()
    demonyms: Counter[str] = Counter()
    for m in country_lexicon().find(found):
        # names are capitalised: "US" the country, not "us" the pronoun
        if found[m.start].text[:1].isupper() and not qualifies_a_noun(found, m.end) and not _in_place_name(found, m.start, m.end):
            # "US forces" says whose forces, like "American forces": a demonym's weight
            as_name = m.payload[1] and not _followed_by(found, m.end, place_words().qualifier_nouns_after)
            (names if as_name else demonyms)[m.payload[0]] += 1
    return names, demonyms


def _in_place_name(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether a country's name ends a town's ("Port of Spain", "Port of Spain city")."""
    if start < 2 or tokens[start - 1].lower_ != "of" or not tokens[start - 2].text[:1].isupper():
        return False
    name = " ".join(t.text for t in tokens[start - 2 : end])
    return any(not is_admin1(c) for c in candidates(name, exact=True))


def _followed_by(tokens: Sequence[Token], end: int, words: frozenset[str]) -> bool:
    after = [t.lower_ for t in tokens[end : end + 2]]
    return bool(after) and (after[0] in words or "".join(after) in words)


def qualifies_a_noun(tokens: Doc | Sequence[Token], end: int) -> bool:
    """Whether the country name ending before `end` qualifies what follows it rather than
    naming a place: "US dollar", "US-led", "Iran deal"."""
    return _followed_by(list(tokens), end, place_words().not_a_place_after)


def country_counts(tokens: Iterable[Token]) -> Counter[str]:
    """How often each country is named, by name or demonym."""
    names, demonyms = country_mentions(tokens)
    return names + demonyms


def named_actor_countries(tokens: Iterable[Token]) -> Counter[str]:
    """Home countries of the named local armed groups in these tokens (not of state forces,
    which often fight abroad, unless the dictionary marks them local)."""
    found = list(tokens)
    return Counter(
        m.payload.country
        for m in actor_lexicon().find(found)
        if not m.payload.generic
        and m.payload.country
        and (m.payload.sector in ("REB", "UAG", "COM") or m.payload.local)
        and not _preceded_by_anti(found, m)
    )


@dataclass(frozen=True)
class RoleTokens:
    """Candidate noun phrases for each role of a trigger, best first."""

    actor1: tuple[tuple[Token, ...], ...]
    actor2: tuple[tuple[Token, ...], ...]


_NOMINAL_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "attr", "appos", "compound"}
_PHRASE_EXCLUDE = {"conj", "cc", "relcl", "appos", "punct", "advcl", "parataxis", "ccomp"}


def phrase(head: Token, *, limit: int = 14) -> tuple[Token, ...]:
    """The noun phrase of `head`: its subtree without conjuncts, clauses and appositions."""
    keep: list[Token] = []

    def walk(tok: Token) -> None:
        keep.append(tok)
        for child in tok.children:
            if child.dep_ not in _PHRASE_EXCLUDE:
                walk(child)

    walk(head)
    keep.sort(key=lambda t: t.i)
    if len(keep) > limit:
        keep = [t for t in keep if abs(t.i - head.i) <= limit // 2]
    return tuple(keep)


def _conjuncts(token: Token) -> list[Token]:
    return [c for c in token.children if c.dep_ == "conj"]


def _prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    objs: list[Token] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in wanted:
            objs.extend(c for c in child.children if c.dep_ == "pobj")
    return objs


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _subject(token: Token) -> Token | None:
    node = token
    # Conjoined and chained verbs share the subject of the first verb ("attacked and killed").
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


def roles(
    doc: Doc | Span, start: int, end: int, *, of_is_target: bool = False, reciprocal: bool = False
) -> RoleTokens:
    """Candidate actor1 / actor2 phrases for the trigger spanning tokens [start, end)."""
    # In a multiword trigger the verb ("take control", "open fire"), else the syntactic head
    # of the phrase ("new base", "air strikes"), carries the arguments.
    span = doc[start:end]
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    trigger = verbs[0] if verbs else span.root
    if trigger.dep_ == "compound" and trigger.head.pos_ == "NOUN":
        trigger = trigger.head  # "rocket fire continued on X": the head noun carries the roles
    a1: list[Token | None] = []
    a2: list[Token | None] = []
    # a gerund the tagger calls a verb but that stands as a noun ("in a drive-by shooting")
    verbal = trigger.pos_ in ("VERB", "AUX") and trigger.dep_ not in _NOMINAL_DEPS
    if verbal:
        passive = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        if passive:
            a1.append(_agent(trigger))
            # "was shot and killed by X": the agent hangs on the last verb
            a1.extend(_agent(c) for c in trigger.children if c.dep_ == "conj")
            a2.extend(passive)
        else:
            subj = _subject(trigger)
            a1.append(subj)
            if subj is not None and reciprocal:
                a2.extend(_conjuncts(subj))  # "rebels and troops fought": two sides
            a2.extend(c for c in trigger.children if c.dep_ == "dobj")
            a2.extend(_prep_objects(trigger, ("on", "against", "at", "with", "upon", "from", "targeting")))
        if trigger.dep_ in ("advcl", "xcomp", "conj", "pcomp"):
            a1.append(_subject(trigger.head))
    else:
        for between in _prep_objects(trigger, ("between", "among")):
            a1.append(between)
            a2.extend(_conjuncts(between))
        a1.extend(_prep_objects(trigger, ("by",)))
        # "an IED planted by X exploded"
        a1.extend(_agent(c) for c in trigger.children if c.dep_ == "acl")
        (a2 if of_is_target else a1).extend(_prep_objects(trigger, ("of",)))
        a1.extend(c for c in trigger.children if c.dep_ in ("poss", "compound", "amod", "nmod"))
        a2.extend(_prep_objects(trigger, ("on", "against", "targeting", "at", "with", "in")))
        head = trigger.head
        if trigger.dep_ in ("nsubj", "nsubjpass") and head.i != trigger.i:
            # "clashes erupted between ...", "airstrikes targeted X"
            for between in _prep_objects(head, ("between",)):
                a1.append(between)
                a2.extend(_conjuncts(between))
            a2.extend(c for c in head.children if c.dep_ == "dobj")
            a2.extend(_prep_objects(head, ("on", "against", "at")))
        if trigger.dep_ in ("dobj", "pobj") and head.i != trigger.i:
            # "X launched an attack on Y", "X carried out airstrikes"
            verb = head if head.pos_ in ("VERB", "AUX") else head.head
            a1.append(_agent(verb))
            a1.append(_subject(verb))
    return RoleTokens(
        tuple(phrase(t) for t in dict.fromkeys(a1) if t is not None),
        tuple(phrase(t) for t in dict.fromkeys(a2) if t is not None),
    )


def _preceded_by_anti(tokens: Sequence[Token], match: Match[ActorRow]) -> bool:
    if match.start >= 2 and tokens[match.start - 1].text == "-":
        return tokens[match.start - 2].lower_ in ("anti", "counter")
    return match.start >= 1 and tokens[match.start - 1].lower_.startswith("anti")


def resolve(
    tokens: Sequence[Token],
    *,
    focus_country: str,
    event_country: str = "",
) -> Actor | None:
    """The actor a noun phrase names, or None when it names no actor we know."""
    found = resolve_ranked(tokens, focus_country=focus_country, event_country=event_country)
    return found[0] if found else None


def resolve_ranked(
    tokens: Sequence[Token],
    *,
    focus_country: str,
    event_country: str = "",
) -> tuple[Actor, int] | None:
    """The actor a phrase names and how specifically: 3 a named group, 2 a kind of actor
    with its country named ("Turkish troops"), 1 a kind of actor, 0 a weak word ("forces")."""
    if not tokens:
        return None
    matches = [m for m in actor_lexicon().find(tokens) if not _preceded_by_anti(tokens, m)]
    if not matches:
        armed = _armed_by_demonym(tokens, focus_country=focus_country, event_country=event_country)
        return (armed, 2) if armed else None

    def rank(m: Match[ActorRow]) -> tuple[int, int]:
        # a named group beats a kind of actor, which beats a weak word; then the earliest,
        # since the head of a phrase comes before its modifiers ("X, including Y")
        row = m.payload
        specificity = 0 if row.weak else (1 if row.generic else 2)
        return (specificity, -m.start)

    best = max(matches, key=rank)
    row = best.payload
    demonyms = country_counts(tokens)
    country = row.country
    if row.generic:
        country = demonyms.most_common(1)[0][0] if demonyms else (event_country or focus_country)
    canonical = _canonical(row, country)
    inter = row.inter
    here = event_country or focus_country
    if inter == 1 and country and here and country != here:
        inter = 8
    first, last = tokens[0], tokens[-1]
    text = first.doc[first.i : last.i + 1].text
    actor = Actor(
        text=text,
        canonical=canonical,
        inter=inter,
        sector=row.sector,
        country=country,
        start=first.idx,
        end=last.idx + len(last.text),
    )
    specificity = 0 if row.weak else 3 if not row.generic else 2 if demonyms else 1
    return actor, specificity


def names_people(head: Token, *, focus_country: str) -> Actor | None:
    """The actor a noun names when the noun itself denotes people ("two rebels",
    "QSD operatives"), not a thing or place of theirs ("an army base")."""
    own = [m for m in actor_lexicon().find([head]) if not m.payload.weak]
    if not own:
        return None
    left = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod", "poss", "nummod", "det")]
    return resolve((*left, head), focus_country=focus_country)


_WEAPON_CLASSES = {"shelling", "airstrike"}


def _armed_by_demonym(tokens: Sequence[Token], *, focus_country: str, event_country: str) -> Actor | None:
    """"Israeli artillery", "Turkish drones": a country's weapon stands for its forces."""
    from .triggers import trigger_lexicon  # the weapon words are the remote-violence triggers

    head = max(tokens, key=lambda t: t.i if t.dep_ not in ("prep", "pobj") else -1)
    weapon = [m for m in trigger_lexicon().find([head]) if m.payload.cls in _WEAPON_CLASSES]
    countries_named = country_counts(tokens)
    if not weapon or not countries_named:
        return None
    country = countries_named.most_common(1)[0][0]
    here = event_country or focus_country
    first, last = tokens[0], tokens[-1]
    return Actor(
        text=first.doc[first.i : last.i + 1].text,
        canonical=f"Military Forces of {country_name(country)}",
        inter=8 if here and here != country else 1,
        sector="MIL",
        country=country,
        start=first.idx,
        end=last.idx + len(last.text),
    )


def generic_actor(kind: str, *, country: str) -> Actor:
    """The generic actor of a kind ("protesters", "state police") for the given country."""
    for row in actor_rows():
        if row.generic and row.kind == kind and not row.weak:
            return Actor(text="", canonical=_canonical(row, country), inter=row.inter, sector=row.sector, country=country)
    raise KeyError(kind)


def _canonical(row: ActorRow, country: str) -> str:
    """A row's canonical name, its "{country}" filled ("Protesters (Kenya)") or dropped."""
    name = country_name(country)
    if name:
        return row.canonical.replace("{country}", name)
    return row.canonical.replace(" ({country})", "").replace(" of {country}", "")


def actor_mentions(tokens: Sequence[Token], *, focus_country: str) -> list[Actor]:
    """Every non-weak actor the tokens name, in order (for reference and fallbacks)."""
    found: list[Actor] = []
    for m in actor_lexicon().find(tokens):
        if m.payload.weak or _preceded_by_anti(tokens, m):
            continue
        actor = resolve(tokens[m.start : m.end], focus_country=focus_country)
        if actor is not None:
            found.append(actor)
    return found
