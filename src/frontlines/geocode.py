"""Place mentions -> coordinates, admin areas and an honest precision (offline).

Toponyms are resolved per article, not one by one. Each mention's readings (gazetteer
places of that name) are scored on the countries the article and its sentence point at,
population, whether our curated supplement holds the place, whether the name matched
exactly or only by transliteration, whether the reading lies inside the wider area the
text puts it in ("Kinda in Idleb", "Baqim district (Sadah)"), and how near it lies to the
other places of the article. A reading outside the countries the article points at, or
outside the area the text puts it in, is never taken: the mention falls back to that
wider area instead, flagged, or stays unresolved with the reason.

An event takes the first place named after its trigger, else before it; places someone
came from ("reinforcements from Dhamar") and countries come last. Precision follows
ACLED: a town 1; a place given relative to a town ("outskirts of X", "west of X"), a part
of one, or a fallback to a district 2; a province 3. A country alone gets no point.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .focus import Votes, place_votes
from .gazetteer import (
    Candidate,
    admin1_key,
    admin1_name,
    candidates,
    distance_km,
    fold,
    generation,
    is_admin1,
    loose_key,
)
from .mentions.places import COUNTRY, STREET
from .types import Claim, ControlChange, Event, Figure, Place

_REGION_FEATURES = ("admin1", "region")
_AREA_RELATIONS = ("countryside of", "province")
_EXTENDED_FEATURES = ("river", "road", "front_line", "mountain")  # a line or a range: no finer than a town
_PART_FEATURES = ("city_part", "district", "neighbourhood", "camp", "airbase", "military_base", "border_crossing",
                  "river", "front_line", "road", "port", "dam", "mountain")

# Reading scores: weights of the evidence, in points.
_COUNTRY_WEIGHT = 2.0  # times the country's share of the top vote
_POPULATION_WEIGHT = 0.35  # per factor of ten inhabitants
_SUPPLEMENT = 1.5  # our curated conflict places (and their admin1 as ACLED writes it)
_CAPITAL = 0.5  # a GeoNames admin1 reading rather than the supplement's row
_LOOSE = -0.7  # matched by transliteration only
_AREA_WANTED = 2.0  # "Idlib province", "(Sadah)": the admin1 reading
_CONTAINER = 1.5  # a name the text puts another place in is more likely the province
_TOWN_MEANT = -1.0  # a bare name that is a town and a province: the town
_INSIDE = 3.0  # the reading lies in the area the text puts it in
_NEAR = ((30.0, 1.5), (100.0, 1.0), (300.0, 0.3))  # km to the article's other places -> points
_CONTAINER_KM = 60.0  # a place "in" a town lies within this distance of it
_SUBURB_KM = 15.0  # ... and in the town's province unless this close ("Kadikoy, Istanbul" is not Yalova's)
_LOOSE_SUPPORT = 0.5  # ... and a loose reading's country this share
_SUPPORT = 0.25  # a country needs this share of the top country's votes from other evidence
_UNAMBIGUOUS = 0.75  # ... or this share of the name's own vote
_POINTED = 1.0  # other places' votes this strong for a country (one named) put the article there
_TOWN_KM = 100.0  # a reading this far from a much bigger town of the sentence is a namesake
_BIGGER = 10  # ... "much bigger": this many times the population
_NEAR_KM = 30.0  # a reading this far from the town the text says it is next to is a namesake
_NEXT_TO_CHARS = 30  # "X area west of Y": the words between the two names
# (not "near": a road's two towns are both near it)
_NEAR_RELATIONS = ("west of", "east of", "north of", "south of", "northwest of", "northeast of", "southwest of",
                   "southeast of")
_DOMINANT_POPULATION = 10_000  # the least a town needs to be what its name plainly means
_FAMOUS_POPULATION = 100_000  # ... and to be meant in an article pointing at other countries


@dataclass(frozen=True)
class _Resolved:
    cand: Candidate
    score: float


def _feature(cand: Candidate) -> str:
    return str(cand.feature).split(":")[-1]


def _is_region(cand: Candidate) -> bool:
    return _feature(cand) in _REGION_FEATURES or is_admin1(cand)


def _same_admin1(a: str, b: str, country: str) -> bool:
    """Same province under any of its spellings ("Beyrouth" = "Beirut")."""
    return admin1_key(admin1_name(a, country)) == admin1_key(admin1_name(b, country))


def _in_area(cand: Candidate, area: Candidate) -> bool:
    """Whether a reading lies in a province (by name, under any spelling)."""
    return cand.iso3 == area.iso3 and bool(cand.admin1) and _same_admin1(cand.admin1, area.admin1 or area.name, cand.iso3)


def _precision(cand: Candidate, relation: str) -> int:
    if relation == "countryside of":
        return 2  # somewhere around X: ACLED's "part of a region"
    if _is_region(cand):
        return 3
    if (relation and relation not in ("from", "city", "about")) or _feature(cand) in _PART_FEATURES:
        return 2
    return 1


def _named_so(cand: Candidate, name: str) -> bool:
    """Whether the place bears the name itself, not as one of its aliases ("Raz" is an
    alias of Pakistan's Rawalakot); "Amara" is "Al 'Amarah". A short name's other
    spellings are too many to tell: "Minah" is not Nigeria's Minna."""
    key = fold(name).removesuffix(" city")
    loose = loose_key(key, spelled=False)
    own = fold(cand.name)
    return own == key or _bare(own) == _bare(key) or bool(loose and loose_key(cand.name, spelled=False) == loose)


def _bare(key: str) -> str:
    """A folded name without the final h of its words' Arabic feminine ending ("Amarah")."""
    return " ".join(w.removesuffix("ah") + "a" if w.endswith("ah") else w for w in key.split())


def _dominant(name: str, *, least: int = _DOMINANT_POPULATION) -> str:
    """The country of the one place a name plainly means on its own ("Beirut", "Van"):
    our curated place, or a town of that very name, of at least `least` inhabitants, that
    dwarfs its namesakes abroad; "" when there is none ("Tripoli"; "Minah", only a spelling
    of Nigeria's Minna)."""
    country, population = _dominant_in_index(name, generation())
    return country if population >= least else ""


@lru_cache(maxsize=65536)
def _dominant_in_index(name: str, _generation: int) -> tuple[str, float]:
    # cached by the index's generation: asked for every mention of every article
    # a name the gazetteer holds only in another spelling: those readings ("Quamishli")
    found = candidates(name, exact=True) or candidates(name)
    curated = {c.iso3 for c in found if c.source == "supplement"}
    # our curated place, unless a big town abroad bears the name (Aleppo's al-Mashhad is
    # not what "Mashhad" plainly means)
    if len(curated) == 1 and not any(
        c.iso3 not in curated and not is_admin1(c) and c.population >= _FAMOUS_POPULATION and _named_so(c, name)
        for c in found
    ):
        return curated.pop(), math.inf
    named = [c for c in found if _named_so(c, name)]
    if not named:
        return "", 0
    best = max(named, key=lambda c: c.population)
    abroad = max((c.population for c in named if c.iso3 != best.iso3), default=0)
    return (best.iso3, best.population) if best.population >= 10 * abroad else ("", 0)


def _area_or_curated(name: str, country: str) -> bool:
    return any(is_admin1(c) or c.source == "supplement" for c in candidates(name, country=country))


class ArticlePlaces:
    """The readings of every place mention of one article, resolved together."""

    def __init__(self, mentions: Iterable[Place], votes: Votes) -> None:
        every = list(mentions)
        self._mentions = [m for m in every if m.feature != COUNTRY]
        self._votes = dict(votes)
        # where the article's places lie (not its actors, nor where someone came from)
        self._place_votes = place_votes(m for m in every if m.relation != "from")
        self._containers = {m.within for m in self._mentions if m.within}
        self._readings: dict[Place, tuple[Candidate, ...]] = {m: self._candidates(m) for m in self._mentions}
        first = {m: self._best(m, anchors={}) for m in self._mentions}
        anchors_by_text: dict[str, tuple[float, float]] = {}
        for m, found in first.items():
            if found is not None and not _is_region(found.cand):
                anchors_by_text.setdefault(m.text, (found.cand.latitude, found.cand.longitude))
        self._anchors = anchors_by_text
        self._resolved: dict[Place, _Resolved | None] = {}

    def _candidates(self, mention: Place) -> tuple[Candidate, ...]:
        if mention.feature == STREET:
            return ()  # "the Seray": located through the town the text puts it in
        # a country counts when something besides this very name points at it, or when
        # the name is (nearly) that country's alone ("al-Hasakeh"); "Hat" or "Radman",
        # with homonyms in several countries and nothing else to go by, resolve nowhere
        own = place_votes([mention])
        independent = {c: v - own.get(c, 0.0) for c, v in self._votes.items()}
        if not self._votes:
            # nothing says where the article is: a name only one place has, else only
            # real towns by their exact name
            exact = candidates(mention.text, exact=True)
            if len(exact) == 1:
                return exact
            if not exact:  # only in other spellings: those of the country it plainly means
                meant = _dominant(mention.text)
                return candidates(mention.text, country=meant) if meant else ()
            return tuple(c for c in exact if c.population >= 1000 or c.source == "supplement")
        least = _SUPPORT * max(independent.values(), default=0.0)
        # when the article's other places plainly lie elsewhere, a town name found only
        # abroad is a namesake of a village we lack ("Sawar" in a Yemen report is not
        # Rajasthan's), unless famous; provinces and curated places are complete, so count
        pointed = any(v - own.get(c, 0.0) >= _POINTED for c, v in self._place_votes.items())
        voted = {
            c
            for c, v in independent.items()
            if (v > 0 and v >= least)
            or (own.get(c, 0.0) >= _UNAMBIGUOUS and (not pointed or _area_or_curated(mention.text, c)))
        }
        voted |= {_dominant(mention.text, least=_FAMOUS_POPULATION if pointed else _DOMINANT_POPULATION)} - {""}
        # a transliteration match abroad is a stretch: only in the countries the article
        # points at most ("Puntland" is not Ponteland)
        strong = {c for c in voted if independent.get(c, 0.0) >= _LOOSE_SUPPORT * max(independent.values(), default=0)}
        # a same-named place in a country the article never points at is not this one
        return tuple(
            c
            for country in sorted(voted)
            for c in candidates(mention.text, country=country)
            if not c.loose or country in strong
        )

    def _score(self, mention: Place, cand: Candidate, anchors: Mapping[str, tuple[float, float]]) -> float:
        top = max(self._votes.values(), default=0.0)
        score = _COUNTRY_WEIGHT * self._votes.get(cand.iso3, 0.0) / top if top > 0 else 0.0
        score += _POPULATION_WEIGHT * math.log10(cand.population + 10)
        if is_admin1(cand):
            # a GeoNames province reading over our supplement's row for the same area: both
            # stand at its capital, but the reading knows the province's population and code
            score += _CAPITAL if cand.source == "iso3166-2" else 0.0
        elif cand.source == "supplement":
            score += _SUPPLEMENT
        score += _LOOSE if cand.loose else 0.0
        if mention.relation == "district" and _feature(cand) == "district":
            score += _AREA_WANTED  # "Nihm district": the district (at its seat), not a village named so
        if is_admin1(cand):
            if mention.relation in _AREA_RELATIONS:
                score += _AREA_WANTED
            elif mention.relation == "city":
                score += _TOWN_MEANT  # "Sanaa city" is the city, even as a container
            elif mention.text in self._containers:
                score += _CONTAINER
            elif any(self._namesake_town(mention, c, cand) for c in self._readings.get(mention, ())):
                score += _TOWN_MEANT  # a bare "Tripoli" is the city, not its district; but a
                # bare "Al Jawf" is the province: its towns of that name are elsewhere
        others = [point for text, point in anchors.items() if text != mention.text]
        if others and not _is_region(cand):
            km = min(distance_km((cand.latitude, cand.longitude), p) for p in others)
            score += next((points for limit, points in _NEAR if km <= limit), 0.0)
        return score

    @staticmethod
    def _namesake_town(mention: Place, town: Candidate, area: Candidate) -> bool:
        """Whether a reading is the town a province's name also means: inside it, or of the
        same country and bearing the name itself (Sanaa, beside Sanaa governorate)."""
        if _is_region(town) or town.iso3 != area.iso3:
            return False
        return _in_area(town, area) or _named_so(town, mention.text)

    def _inside(self, cand: Candidate, container: tuple[Place, Candidate] | None) -> bool | None:
        """Whether a reading lies in the area the text puts it in (None: no such area)."""
        if container is None:
            return None
        outer, area = container
        if cand.iso3 != area.iso3:
            return False
        if _is_region(area):
            return _in_area(cand, area)
        km = distance_km((cand.latitude, cand.longitude), (area.latitude, area.longitude))
        if outer.relation == "city":
            return km <= _SUBURB_KM  # "Al-Ashrafieh neighbourhood in Afrin city": in the city itself
        same_province = bool(cand.admin1) and _same_admin1(cand.admin1, area.admin1, cand.iso3)
        return km <= _SUBURB_KM or (km <= _CONTAINER_KM and same_province)

    def _container_of(self, mention: Place) -> tuple[Place, Candidate] | None:
        """The nearest wider area the text puts the mention in that resolves ("Al
        Husayniyah (Ad Durayhimi, Al Hudaydah)": Al Hudaydah when Ad Durayhimi does not)."""
        for outer in self.container_chain(mention):
            found = self.resolve(outer)
            if found is not None:
                return outer, found.cand
        return None

    def area_of(self, mention: Place) -> Candidate | None:
        """The province the text puts the mention in ("As-Saan in Hama countryside"), if any."""
        container = self._container_of(mention)
        return container[1] if container is not None and _is_region(container[1]) else None

    def _best(self, mention: Place, anchors: Mapping[str, tuple[float, float]]) -> _Resolved | None:
        scored = [_Resolved(c, self._score(mention, c, anchors)) for c in self._readings.get(mention, ())]
        return max(scored, key=lambda r: r.score, default=None)

    def resolve(self, mention: Place) -> _Resolved | None:
        """The mention's reading, or None when no reading fits what the text says."""
        if mention in self._resolved:
            return self._resolved[mention]
        self._resolved[mention] = None  # a container cycle resolves to nothing
        container = self._container_of(mention)
        scored: list[_Resolved] = []
        for cand in self._readings.get(mention, ()):
            inside = self._inside(cand, container)
            if inside is False:
                continue  # "Tuban, Lahij": not a Tuban in another province
            bonus = _INSIDE if inside else 0.0
            scored.append(_Resolved(cand, self._score(mention, cand, self._anchors) + bonus))
        best = max(scored, key=lambda r: r.score, default=None)
        self._resolved[mention] = best
        return best

    def town(self, mention: Place) -> Candidate | None:
        """The mention's town: its reading, or for a province named like its capital
        ("Rio de Janeiro", "Idleb") the most populous town of that name in the country."""
        found = self.resolve(mention)
        if found is None or not _is_region(found.cand):
            return found.cand if found is not None else None
        towns = [c for c in self._readings.get(mention, ()) if not _is_region(c) and _in_area(c, found.cand)]
        return max(towns, key=lambda c: c.population, default=None)

    def container_chain(self, mention: Place) -> list[Place]:
        """The wider areas the text puts a mention in, nearest first; a name placed once
        is placed everywhere ("stormed Hat police station (Hat, Al Mahrah)")."""
        chain: list[Place] = []
        current: Place | None = mention
        if not mention.within:
            current = next((m for m in self._mentions if m.text == mention.text and m.within), None)
        while current is not None and current.within:
            current = next((m for m in self._mentions if m.text == current.within and m.start > current.start), None)
            if current is None or current in chain:
                break
            chain.append(current)
        return chain

    def main_place(self, country: str) -> Place | None:
        """The place the article names most often that resolves to a town in its country;
        a province named like its capital counts as the capital ("Izmir"). With no town,
        the area it names most often ("Socotra island ... around the island")."""
        counts: Counter[str] = Counter(m.text for m in self._mentions)
        area: Place | None = None
        for text, _ in counts.most_common():
            mention = next(m for m in self._mentions if m.text == text)
            town = self.town(mention)
            if town is not None and town.iso3 == country:
                return _located(replace(mention, relation="", within=""), town, fallback=False)
            found = self.resolve(mention)
            if area is None and found is not None and found.cand.iso3 == country and _is_region(found.cand):
                area = _located(replace(mention, within=""), found.cand, fallback=False)
        return area


def _shared_with_province(mention: Place, cand: Candidate) -> bool:
    """Whether a town's name is also its province's ("Idleb", "Marib", "Deir ez-Zor"),
    and the text does not say which it means."""
    if mention.relation == "city" or mention.text.lower().endswith((" city", " town")) or is_admin1(cand):
        return False
    return any(is_admin1(c) for c in candidates(mention.text, country=cand.iso3))


def _located(mention: Place, cand: Candidate, *, fallback: bool, note: str = "") -> Place:
    precision = _precision(cand, mention.relation)
    if fallback:
        precision = max(precision, 2)
    elif precision == 1 and _shared_with_province(mention, cand):
        # "shelling in Idleb": the city or anywhere in its province; ACLED's capital point,
        # without the claim that it is the town itself
        precision = 2
        note = note or f"{mention.text!r} also names a province; placed at its capital"
    return replace(
        mention,
        country=cand.iso3,
        name=cand.name,
        admin1=admin1_name(cand.admin1 or cand.name, cand.iso3) if cand.admin1 or is_admin1(cand) else "",
        admin2=cand.admin2,
        latitude=cand.latitude,
        longitude=cand.longitude,
        geo_precision=precision,
        geonameid=str(cand.geonameid),
        feature=_feature(cand),
        fallback=fallback,
        note=note,
    )


def _order(mentions: Sequence[Place], after: int) -> list[Place]:
    # places told after the trigger first ("shelled Kinda in Idleb"), then those before it
    # ("civilians in Jarablus in Aleppo protested"); what a protest is about, where
    # someone came from and bare country names last
    return sorted(
        mentions, key=lambda m: (m.feature == COUNTRY, m.relation == "from", m.relation == "about", m.start < after, m.start)
    )


def _others(mention: Place, ordered: Sequence[Place]) -> Iterator[Place]:
    """The sentence's other places where the event may be: not countries, nor where
    someone came from."""
    return (o for o in ordered if o is not mention and o.feature != COUNTRY and o.relation != "from")


def _far_from_its_town(
    mention: Place, cand: Candidate, ordered: Sequence[Place], places: ArticlePlaces
) -> tuple[Place, Candidate, str] | None:
    """A much bigger town the sentence also names, far from this reading: "in Acapulco,
    Guerrero, a man was found dead in Colonia Libertad" means Acapulco's Colonia Libertad
    ("part of" it), not a namesake 400 km away; or a town the text puts it right next to,
    in a province this reading is not in (the relation the text gives)."""
    if cand.source == "supplement":
        return None  # our curated place is no namesake ("Hodeidah port" is not a part of Riyadh)
    for other in _others(mention, ordered):
        area = places.resolve(other)
        if area is not None and _is_region(area.cand) and _in_area(cand, area.cand):
            continue  # "Jarablus in Aleppo": the province, which holds the reading
        town = places.town(other)
        if town is None:
            continue
        km = distance_km((cand.latitude, cand.longitude), (town.latitude, town.longitude))
        if km > _TOWN_KM and town.population >= _BIGGER * max(cand.population, 1):
            return other, town, "part of"
        if km > _NEAR_KM and _feature(cand) != "district" and _said_near(mention, other):
            # "in Sinjar area west of As-Saan in Hama countryside": that Sinjar is in Hama
            province = places.area_of(other)
            if province is not None and not _in_area(cand, province):
                return other, town, other.relation
    return None


def _said_near(mention: Place, other: Place) -> bool:
    """Whether the text puts the mention right next to the other place: "X area west of Y"
    (the relation is told by the few words before Y)."""
    return other.relation in _NEAR_RELATIONS and 0 <= other.start - mention.end <= _NEXT_TO_CHARS


def _finer_in_province(
    mention: Place, cand: Candidate, ordered: Sequence[Place], places: ArticlePlaces
) -> tuple[Place, Candidate] | None:
    """Another place of the sentence inside the province that a bare town-and-province
    name may mean: "entered Idleb via Kafr Lusin crossing" happened at the crossing (a
    river or a road is no finer than the town)."""
    if not _shared_with_province(mention, cand):
        return None
    for other in _others(mention, ordered):
        if other.text == mention.text:
            continue
        found = places.resolve(other)
        if (found is not None and not _is_region(found.cand) and _feature(found.cand) not in _EXTENDED_FEATURES
                and found.cand.iso3 == cand.iso3 and _same_admin1(found.cand.admin1, cand.admin1, cand.iso3)):
            return other, found.cand
    return None


def locate(mentions: Sequence[Place], places: ArticlePlaces, *, after: int) -> Place | None:
    """The event's place among its sentence's mentions (offsets in the same frame as
    `after`, the trigger's position)."""
    ordered = _order(mentions, after)
    if not ordered:
        return None
    unresolved: Place | None = None
    regions: list[tuple[Place, Candidate]] = []
    for mention in ordered:
        if mention.feature == COUNTRY:
            continue
        if mention.relation == "from" and regions:
            break  # "arrested in Shabwah governorate while travelling from Aden": not Aden
        found = places.resolve(mention)
        if found is not None and not _is_region(found.cand):
            town = _far_from_its_town(mention, found.cand, ordered, places)
            if town is not None:
                outer, cand, relation = town
                note = (f"{mention.text!r} has no reading near {outer.text!r}, which the sentence also names; "
                        + ("taken as a part of it" if relation == "part of" else "taken as near it"))
                return _located(replace(mention, relation=relation), cand, fallback=True, note=note)
            finer = _finer_in_province(mention, found.cand, ordered, places)
            return _located(*(finer or (mention, found.cand)), fallback=False)
        if found is not None:
            regions.append((mention, found.cand))
            continue
        # not in the gazetteer (or not where the text says): the wider area the text names
        for outer in places.container_chain(mention):
            area = places.resolve(outer)
            if area is not None:
                note = f"{mention.text!r} is not in the gazetteer; located at {outer.text!r}, which the text puts it in"
                return _located(replace(mention, relation=outer.relation), area.cand, fallback=True, note=note)
        unresolved = unresolved or mention
    if regions:
        mention, cand = regions[0]
        if unresolved is None:
            return _located(mention, cand, fallback=False)
        note = f"{unresolved.text!r} is not in the gazetteer; located at {mention.text!r}, which the text also names"
        return _located(unresolved, cand, fallback=True, note=note)
    country = next((m for m in ordered if m.feature == COUNTRY), None)
    if unresolved is None and country is not None:
        return replace(country, note=f"only the country is named: {country.text!r}")
    if unresolved is None:
        return None
    return replace(unresolved, note=_unresolved_note(unresolved))


def _unresolved_note(mention: Place) -> str:
    """Why a mention has no place: the gazetteer lacks the name, or has it only in
    countries nothing else in the text points at ("Jericho": West Bank or New York)."""
    countries = sorted({c.iso3 for c in candidates(mention.text)})
    if not countries:
        return f"{mention.text!r} is not in the gazetteer and no wider area is named"
    listed = ", ".join(countries[:5]) + (", ..." if len(countries) > 5 else "")
    return (f"{mention.text!r} names places in {listed}, but nothing else in the text points at one of them, "
            f"and no wider area is named")


def _also(mentions: Sequence[Place], chosen: Place, places: ArticlePlaces) -> tuple[Place, ...]:
    """The sentence's other places, each once: those that resolve as points of their own,
    those that do not with the reason, so that one unresolved name loses nothing."""
    seen = {chosen.text, chosen.name}
    out: list[Place] = []
    for mention in mentions:
        if mention.feature == COUNTRY or mention.text in seen:
            continue
        found = places.resolve(mention)
        if found is None:
            seen.add(mention.text)
            why = "a part of a town" if mention.feature == STREET else "not in the gazetteer, or not where the text puts it"
            out.append(replace(mention, within="", note=f"{mention.text!r}: {why}"))
            continue
        if found.cand.name in seen:
            continue
        seen.update((mention.text, found.cand.name))
        out.append(_located(replace(mention, within=""), found.cand, fallback=False))
    return tuple(out)


def geocode(
    events: Sequence[Event], mentions: dict[int, list[Place]], places: ArticlePlaces, *, country: str
) -> list[Event]:
    """Events with their place resolved from the mentions of their evidence sentence.

    `places` holds the article's mentions resolved together (`ArticlePlaces`), `country`
    is the article's focus. An event whose sentence names no finer place than a country
    ("fighting in the city", "protests in Lebanon") takes the article's main place in the
    same country, flagged as a fallback with precision 2 at best.
    """
    main = places.main_place(country)
    located: list[Event] = []
    for event in events:
        here = mentions.get(event.evidence.sentence, [])
        after = event.trigger_start if event.trigger_start >= 0 else event.evidence.start
        place = locate(here, places, after=after)
        same_country = main is not None and main.country == (event.country or country)
        if (place is None or place.feature == COUNTRY) and main is not None and same_country:
            note = "the sentence names no place; the article's main place"
            if place is not None:
                note = f"the sentence names only the country ({place.text!r}); the article's main place"
            place = replace(main, geo_precision=max(main.geo_precision, 2), fallback=True, note=note)
        if place is None:
            located.append(event)
            continue
        place = replace(place, also=_also(here, place, places))
        located.append(replace(event, place=place, country=place.country or event.country))
    return located


def locate_control(changes: Sequence[ControlChange], places: ArticlePlaces) -> list[ControlChange]:
    """Control records with their place geocoded: those of territory events already carry
    the event's place; "still hold X" and "retreat to X" carry X's mention, resolved here
    (left as the mention, with the reason, when it does not resolve)."""
    out: list[ControlChange] = []
    for change in changes:
        mention = change.location
        if mention is None or mention.latitude is not None or mention.note:
            out.append(change)
            continue
        found = places.resolve(mention)
        if found is None:
            note = f"{mention.text!r}: not in the gazetteer, or not where the text puts it"
            out.append(replace(change, location=replace(mention, note=note)))
        else:
            out.append(replace(change, location=_located(mention, found.cand, fallback=False)))
    return out


# What may stand between a speaker's phrase and the place it speaks from: '" from the'.
_ORIGIN_GAP = re.compile(r"""^[\s"'“”‘’,]*(?:(?:based|speaking|issued|operating)\s+)?(?:from|in|at)\s+(?:the\s+)?$""", re.I)


_QUOTES = r"""[\s"'“”‘’]*"""


def _origin(speaker: str, sentence: tuple[int, str], mentions: Sequence[Place], places: ArticlePlaces) -> Place | None:
    """The place a speaker speaks from, when the sentence names it right after the speaker
    ("a bulletin issued by the ministry's centre from the Hmeimin airbase")."""
    offset, text = sentence
    # the speaker's words as the sentence has them, quotation marks and all
    words = speaker.split()
    found_speaker = re.search(_QUOTES.join(map(re.escape, words)), text) if words else None
    if found_speaker is None:
        return None
    end = offset + found_speaker.end()
    for mention in mentions:
        if mention.start >= end and _ORIGIN_GAP.match(text[end - offset : mention.start - offset]):
            found = places.resolve(mention)
            if found is not None:
                return _located(replace(mention, relation=""), found.cand, fallback=False)
    return None


def place_speakers(
    claims: Sequence[Claim],
    figures: Sequence[Figure],
    mentions: dict[int, list[Place]],
    *,
    sentences: Mapping[int, tuple[int, str]],
    places: ArticlePlaces,
) -> tuple[list[Claim], list[Figure]]:
    """Claims and figures with the place their speakers speak from, where the text says.
    `sentences` maps a sentence index to its start offset and text."""

    def origin(speaker: str, index: int) -> Place | None:
        sentence, here = sentences.get(index), mentions.get(index)
        return _origin(speaker, sentence, here, places) if sentence and here else None

    located_claims = [replace(c, origin=origin(c.speaker, c.evidence.sentence)) for c in claims]
    located_figures = [
        replace(f, claimed_by=replace(f.claimed_by, origin=origin(f.claimed_by.text, f.evidence.sentence)))
        for f in figures
    ]
    return located_claims, located_figures
