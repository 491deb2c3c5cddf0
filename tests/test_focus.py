"""Country focus and the country of a sentence's events, from the places named."""

from __future__ import annotations

import pytest

from frontlines.focus import sentence_country
from frontlines.gazetteer import admin1_key, candidates, fold
from frontlines.types import Place


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Al-Hasakeh", "hasakeh"),
        ("Ma'rib", "marib"),
        ("Şırnak", "sirnak"),
        ("el-Arish", "arish"),
    ],
)
def test_gazetteer_fold_normalises_spelling(name: str, key: str) -> None:
    assert fold(name) == key


def test_gazetteer_knows_a_city_by_an_alternate_spelling() -> None:
    assert candidates("Idleb")[0].iso3 == "SYR"


@pytest.mark.parametrize(
    ("places", "focus", "expected"),
    [
        (["Raqqa"], "TUR", "SYR"),  # a Turkish-focused article, the event is in Syria
        (["Hebron"], "PSE", "PSE"),  # homonyms abroad: the focus decides
        (["Mosul", "Baghdad"], "", "IRQ"),
        ([], "YEM", "YEM"),  # no place: the article's focus
        (["Somalia"], "USA", "SOM"),  # a country named outright outweighs the focus
    ],
)
def test_focus_sentence_country_weighs_places_and_focus(places: list[str], focus: str, expected: str) -> None:
    assert sentence_country([Place(text=p) for p in places], focus) == expected


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        ("Idlib", "Idleb", True),
        ("Muhafazat al Hudaydah", "Al Hudaydah", True),
        ("Salah ad Din Governorate", "Sala al-Din", True),
        ("Mayorality of Baghdad", "Baghdad", True),
        ("Aleppo", "Idleb", False),
    ],
)
def test_gazetteer_admin1_key_compares_spellings_and_styles(ours: str, theirs: str, same: bool) -> None:
    assert (admin1_key(ours) == admin1_key(theirs)) is same
