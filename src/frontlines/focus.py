"""Which country an article is about, and which country each sentence's events are in.

Evidence is weighed, not taken first-come: countries named (by name or demonym), the home
countries of local armed groups named, the countries the places named may lie in, and the
dateline. A place name with homonyms abroad ("Hays", "Karak") votes for every country it
may be in, so the other places and names of the sentence decide.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from .gazetteer import candidates
from .mentions.actors import country_counts, named_actor_countries
from .nlp import load_splitter
from .types import Place

_NAMED = 2.0  # a country named outright
_FOCUS = 1.5  # the article's focus, for a sentence
_DATELINE = 3.0
_DEMONYM = 0.5
_MIN_POPULATION = 1000


def _named(text: str) -> Counter[str]:
    return country_counts(load_splitter().make_doc(text))


def _place_votes(place: Place) -> Counter[str]:
    named = _named(place.text)
    if named:
        return Counter({c: _NAMED * n for c, n in named.items()})
    found = [c for c in candidates(place.text) if c.population >= _MIN_POPULATION]
    votes: Counter[str] = Counter({c.iso3: 1 for c in found})
    if found:
        votes[found[0].iso3] += 0.5  # the most populous reading is likelier
    return votes


def article_focus(docs: Iterable[Doc], places: Iterable[Place], *, dateline: str = "") -> str:
    """The country the article is mostly about ("" when nothing says)."""
    votes: Counter[str] = Counter()
    for doc in docs:
        names = country_counts(doc, names_only=True)
        votes.update({c: _NAMED * n for c, n in names.items()})
        # a demonym mostly qualifies an actor ("Turkish forces"), who may be abroad
        votes.update({c: _DEMONYM * n for c, n in (country_counts(doc) - names).items()})
        votes.update(named_actor_countries(doc))
    for place in places:
        votes.update(_place_votes(place))
    if dateline:
        votes.update({c: _DATELINE * n for c, n in _named(dateline).items()})
    return votes.most_common(1)[0][0] if votes else ""


def sentence_country(places: Sequence[Place], focus: str) -> str:
    """The country a sentence's events are in: its places, weighed with the article's focus."""
    votes: Counter[str] = Counter()
    for place in places:
        votes.update(_place_votes(place))
    if focus:
        votes[focus] += _FOCUS
    if not votes:
        return ""
    best = max(votes.values())
    winners = [c for c, v in votes.items() if v == best]
    return focus if focus in winners else winners[0]
