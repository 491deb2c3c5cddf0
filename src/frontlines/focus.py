"""Which country an article is about, and which country each sentence's events are in.

Evidence is weighed, not taken first-come: countries named (by name or demonym), the home
countries of local armed groups named, the countries the places named may lie in, and the
dateline. A place name with homonyms abroad ("Hays", "Karak") votes for every country it
may be in, so the other places and names of the sentence decide.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span

from .gazetteer import candidates, generation, is_admin1
from .mentions.actors import country_counts, country_mentions, named_actor_countries
from .nlp import load_splitter
from .types import Place

_NAMED = 2.0  # a country named outright
_FOCUS = 0.9  # the article's focus, for a sentence: one place it knows outweighs it
_DATELINE = 3.0
_DEMONYM = 0.5
_MIN_POPULATION = 5000  # smaller places vote only when curated or a province
_AREA_RELATIONS = ("province", "countryside of")


@lru_cache(maxsize=65536)
def _named(text: str) -> Counter[str]:
    return country_counts(load_splitter().make_doc(text))


Votes = dict[str, float]


def _add(votes: Votes, counts: Mapping[str, float], weight: float = 1.0) -> None:
    for country, n in counts.items():
        votes[country] = votes.get(country, 0.0) + weight * n


@lru_cache(maxsize=65536)
def _name_votes(text: str, relation: str, _generation: int) -> tuple[tuple[str, float], ...]:
    """One vote per place name, split over the countries it may be in: a name found in one
    country alone ("al-Hasakeh") says much, one with homonyms abroad ("Tripoli", "Ara")
    says little, and big cities, provinces and our curated places weigh more."""
    return tuple(_votes_of(text, relation).items())


def _votes_of(text: str, relation: str) -> Votes:
    named = _named(text)
    if named:
        votes: Votes = {}
        _add(votes, named, _NAMED)
        return votes
    # hamlets say little (homonyms abound); provinces and our curated conflict places count
    weights: Votes = {}
    for c in candidates(text, exact=True):
        if not (c.population >= _MIN_POPULATION or c.source == "supplement" or is_admin1(c)):
            continue
        weight = 1.0 + math.log10(c.population + 10) / 2
        if c.source == "supplement" or is_admin1(c):
            weight += 1.0
            if relation in _AREA_RELATIONS:
                weight += 2.0  # "(Sadah)", "Al Mahrah governorate": that country's province
        weights[c.iso3] = max(weights.get(c.iso3, 0.0), weight)
    total = sum(weights.values())
    return {country: w / total for country, w in weights.items()} if total else {}


def place_votes(places: Iterable[Place]) -> Votes:
    """Country votes of place mentions, each name counted once."""
    votes: Votes = {}
    seen: set[str] = set()
    for place in places:
        if place.text not in seen:
            seen.add(place.text)
            _add(votes, dict(_name_votes(place.text, place.relation, generation())))
    return votes


def _winner(votes: Votes, prefer: str = "") -> str:
    if not votes:
        return ""
    best = max(votes.values())
    winners = [c for c, v in votes.items() if v == best]
    return prefer if prefer in winners else winners[0]


def article_focus(docs: Iterable[Doc | Span], places: Iterable[Place], *, dateline: str = "") -> str:
    """The country the article is mostly about ("" when nothing says)."""
    return focus_of(article_votes(docs, places, dateline=dateline))


def focus_of(votes: Votes) -> str:
    """The country with the most votes ("" when none)."""
    return _winner(votes)


def article_votes(docs: Iterable[Doc | Span], places: Iterable[Place], *, dateline: str = "") -> Votes:
    """How strongly the article points at each country."""
    votes: Votes = {}
    for doc in docs:
        names, demonyms = country_mentions(doc)
        _add(votes, names, _NAMED)
        # a demonym mostly qualifies an actor ("Turkish forces"), who may be abroad
        _add(votes, demonyms, _DEMONYM)
        _add(votes, named_actor_countries(doc))
    _add(votes, place_votes(places))
    if dateline:
        _add(votes, _named(dateline), _DATELINE)
    return votes


def sentence_country(places: Sequence[Place], focus: str) -> str:
    """The country a sentence's events are in: its places, weighed with the article's focus."""
    votes = place_votes(places)
    if focus:
        votes[focus] = votes.get(focus, 0.0) + _FOCUS
    return _winner(votes, focus)
