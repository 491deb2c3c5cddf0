"""Place mentions in parsed sentences: what counts as a place, its relation and the area it lies in."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontlines.mentions.places import COUNTRY, STREET, find_places


def _places(nlp: Language, text: str) -> dict[str, tuple[str, str, str]]:
    return {p.text: (p.relation, p.within, p.feature) for p in find_places(nlp(text))}


def test_places_wider_area_in_brackets_and_after_in(nlp: Language) -> None:
    found = _places(nlp, "Saudi forces fired rockets at villages in Raizh district (Sadah) on Monday.")
    assert found["Raizh"][1] == "Sadah"
    assert found["Raizh"][0] == "district"


def test_places_country_as_qualifier_is_not_a_place(nlp: Language) -> None:
    found = _places(nlp, "Protesters angry at the soaring US dollar exchange rate blocked roads in Sidon.")
    assert "US" not in found and "Sidon" in found


def test_places_country_named_as_place_is_marked(nlp: Language) -> None:
    found = _places(nlp, "Protests spread across Lebanon on Monday.")
    assert found["Lebanon"][2] == COUNTRY


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Protesters gathered outside the Seray in Tripoli.", "Seray"),
        ("A man was found dead in Colonia Libertad, Acapulco.", "Colonia Libertad"),
        ("Rioters blocked the al Karama square in Tripoli.", "Karama"),  # not one of our curated squares
    ],
)
def test_places_streets_and_neighbourhoods_are_never_towns(nlp: Language, text: str, name: str) -> None:
    found = _places(nlp, text)
    assert all(feature == STREET for mention, (_, _, feature) in found.items() if name in mention), found


def test_places_people_are_not_places(nlp: Language) -> None:
    found = _places(nlp, "The Ukrainian forces fired mortars at positions near Donetsk, the monitors said.")
    assert "Ukrainian" not in found
