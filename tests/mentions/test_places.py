"""Place mentions in parsed sentences: what counts as a place, its relation and the area it lies in."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontlines.mentions.places import COUNTRY, STREET, find_places, find_places_unparsed


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


# fmt: off
@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("The White House did not immediately comment on Friday.", "White House"),  # a GeoNames alias of Casablanca
        ("In 2000, Justice Sandra Day O'Connor voted to strike down the ban.", "Justice"),
        ("Militants attacked the police station, Interior Minister Mohammad al-Shaar said.", "al-Shaar"),  # an Aleppo district
        ("Lawmakers moved closer to a new round of North Korea sanctions on Friday.", "Korea"),
    ],
)
# fmt: on
def test_places_names_of_people_and_bodies_are_not_places(nlp: Language, text: str, not_a_place: str) -> None:
    assert not_a_place not in _places(nlp, text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Israeli forces fired at farmers in their lands east of Khuzaa on Monday.", "Khuzaa"),
        ("Ukrainian forces shelled positions in the area of Mineralne, Donetsk on Monday.", "Donetsk"),
        ("Refugees held a sit-in in the Ein al Hilweh refugee camp on Monday.", "Ein al Hilweh"),
    ],
)
def test_places_names_the_model_misses_in_context(nlp: Language, text: str, place: str) -> None:
    assert place in _places(nlp, text)


def test_places_a_list_of_cities_is_not_a_town_in_a_province(nlp: Language) -> None:
    # "Cluj" (also a county) between commas in a list is not the area Iasi lies in
    found = _places(nlp, "Thousands more protested in the cities of Iasi, Cluj, Timisoara and others.")
    assert found.get("Iasi", ("", "", ""))[1] != "Cluj"


def test_places_compass_word_of_a_name_is_kept(nlp: Language) -> None:
    found = _places(nlp, "Israel captured East Jerusalem in a 1967 war.")
    assert "East Jerusalem" in found


def test_places_months_and_weekdays_are_not_places(nlp: Language) -> None:
    # towns named August, March and Monday exist; "in August" is a time
    doc = nlp.make_doc("The offensive began in August and stalled in March.")
    assert not find_places_unparsed(doc)
    assert "August" not in _places(nlp, "The offensive began in August and stalled in March.")


def test_places_a_region_of_several_countries_is_not_a_place(nlp: Language) -> None:
    # "Middle East" is also a place in Maryland; no point describes the region
    text = "The command oversees military operations in the Middle East and in the Sahel."
    assert not {"Middle East", "the Middle East", "Sahel", "the Sahel"} & set(_places(nlp, text))
    assert not find_places_unparsed(nlp.make_doc(text))
