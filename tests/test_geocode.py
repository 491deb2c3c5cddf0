"""Toponym resolution on reports we write ourselves: ambiguity, precision, fallbacks."""

from __future__ import annotations

from pathlib import Path

import pytest

import frontlines
from frontlines.evaluate import distance_km
from frontlines.types import Event, Extraction, Place


def _located(ex: Extraction) -> list[Event]:
    return [e for e in ex.events if e.place is not None and e.place.latitude is not None]


def _near(event: Event, lat: float, lon: float, km: float = 25) -> bool:
    assert event.place is not None and event.place.latitude is not None and event.place.longitude is not None
    return distance_km((event.place.latitude, event.place.longitude), (lat, lon)) <= km


# fmt: off
@pytest.mark.parametrize(
    ("text", "lat", "lon", "country"),
    [
        ("Militias loyal to the unity government clashed with rival fighters near the airport in Tripoli, Libya, on Monday.", 32.89, 13.19, "LBY"),
        ("Lebanese protesters clashed with the army in Tripoli, Lebanon's second city, on Monday.", 34.44, 35.85, "LBN"),
        ("Syrian government forces shelled rebel positions in Homs province on Monday, the Syrian Observatory for Human Rights said.", 34.73, 36.71, "SYR"),
        ("Forces loyal to the Libyan National Army shelled the port of Al Khums, east of Tripoli in Libya, on Monday.", 32.65, 14.26, "LBY"),
        ("Islamic State fighters attacked Kurdish forces in Kobani in northern Syria on Monday.", 36.89, 38.35, "SYR"),
        ("Islamic State fighters attacked Kurdish forces in Ayn al Arab in northern Syria on Monday.", 36.89, 38.35, "SYR"),
    ],
)
# fmt: on
def test_geocode_resolves_ambiguous_names_by_the_report(text: str, lat: float, lon: float, country: str) -> None:
    ex = frontlines.extract(text, published="2019-11-05")
    located = _located(ex)
    assert located, [e.place for e in ex.events]
    assert located[0].place is not None and located[0].place.country == country
    assert _near(located[0], lat, lon, km=40), located[0].place


def test_geocode_seed_aleppo_events_are_at_aleppo() -> None:
    text = (
        "The Syrian army and its allies have taken full control over all the Aleppo districts abandoned by rebels "
        "during their retreat in the city, a Syrian military source said on Tuesday."
    )
    ex = frontlines.extract(text, published="2016-12-13", publisher="Reuters")
    event = _located(ex)[0]
    assert event.place is not None
    assert abs((event.place.latitude or 0) - 36.20) <= 0.1 and abs((event.place.longitude or 0) - 37.16) <= 0.1
    assert event.place.admin1 == "Aleppo"


def test_geocode_unknown_village_falls_back_to_its_province_flagged() -> None:
    ex = frontlines.extract(
        "Government forces shelled the village of Zqrabatiyah in Idlib province on Monday.", published="2019-11-05"
    )
    event = _located(ex)[0]
    assert event.place is not None
    assert event.place.fallback and event.place.geo_precision >= 2
    assert "Zqrabatiyah" in event.place.note


def test_geocode_ambiguous_name_with_nothing_else_stays_unresolved_and_says_why() -> None:
    # nothing in the text says Lebanon or Libya: no point, and the note names both readings
    ex = frontlines.extract("Protesters gathered outside the courthouse in Tripoli on Monday.", published="2020-05-04")
    places = [e.place for e in ex.events if e.place is not None and e.place.text == "Tripoli"]
    assert places, ex.events
    for place in places:
        assert place.latitude is None and place.geo_precision == 0
        assert "LBN" in place.note and "LBY" in place.note


def test_geocode_same_named_place_abroad_is_not_taken() -> None:
    # "Hebron" is also a small town in the United States: a West Bank report never lands there
    ex = frontlines.extract("Israeli forces raided Hebron in the West Bank on Monday, arresting five Palestinians.", published="2019-11-05")
    for event in _located(ex):
        assert event.place is not None and event.place.country in ("PSE", "ISR")


@pytest.mark.parametrize(
    ("text", "lat", "lon", "country"),
    [
        ("Gunmen attacked a checkpoint in the Ashrafieh district of Aleppo on Monday.", 36.225, 37.15, "SYR"),
        ("Protesters blocked roads in Ashrafieh in Beirut on Monday.", 33.888, 35.52, "LBN"),
        ("Lebanese protesters blocked roads in Ashrafieh on Monday, angry at the collapse of the pound.", 33.888, 35.52, "LBN"),
    ],
)
def test_geocode_district_name_in_two_cities_follows_the_report(text: str, lat: float, lon: float, country: str) -> None:
    event = _located(frontlines.extract(text, published="2019-11-05"))[0]
    assert event.place is not None and event.place.country == country
    assert _near(event, lat, lon, km=5), event.place
    assert event.place.geo_precision == 2  # a part of a city, not the city itself


def test_geocode_place_not_held_falls_back_to_the_area_the_text_puts_it_in() -> None:
    # Tuban is a town in Indonesia too; the report puts this one in Lahij, Yemen
    ex = frontlines.extract("Gunmen shot dead a soldier in Tuban district (Lahij) on Monday.", published="2020-05-11")
    event = _located(ex)[0]
    assert event.place is not None and event.place.text == "Tuban"
    assert (event.place.country, event.place.admin1, event.place.fallback) == ("YEM", "Lahij", True)
    assert event.place.geo_precision >= 2 and "Lahij" in event.place.note


def test_geocode_a_currency_does_not_move_the_event() -> None:
    ex = frontlines.extract(
        "Protesters angry at the soaring US dollar exchange rate blocked roads in Sidon on Monday.", published="2020-04-28"
    )
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "LBN"
    assert _near(event, 33.56, 35.37, km=10)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Regime forces shelled Idleb on Monday, killing two civilians.", 2),  # the city or its province
        ("Regime forces shelled Idleb city on Monday, killing two civilians.", 1),
    ],
)
def test_geocode_town_sharing_its_province_name_is_not_claimed_precise(text: str, precision: int) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None and _near(event, 35.93, 36.63, km=10)
    assert event.place.geo_precision == precision


def test_geocode_country_alone_gets_no_point() -> None:
    ex = frontlines.extract("Protesters blocked roads across Lebanon on Monday.", published="2020-04-28")
    places = [e.place for e in ex.events if e.place is not None]
    assert places, ex.events
    assert places[0].country == "LBN" and places[0].latitude is None and places[0].geo_precision == 0
    assert "only the country" in places[0].note


def test_geocode_speaker_origin_is_the_place_it_speaks_from() -> None:
    ex = frontlines.extract(
        "A bulletin issued by the Russian military's “reconciliation centre” from the Khmeimim airbase said that "
        "more than 2,000 civilians had left the town of Douma on Monday.",
        published="2018-03-20",
    )
    origins = [f.claimed_by.origin for f in ex.figures] + [c.origin for c in ex.claims]
    found = [o for o in origins if o is not None]
    assert found, (ex.figures, ex.claims)
    assert found[0].name == "Hmeimim airbase" and _near_point(found[0], 35.40, 35.95, km=5)


def _near_point(place: Place, lat: float, lon: float, km: float) -> bool:
    assert place.latitude is not None and place.longitude is not None
    return distance_km((place.latitude, place.longitude), (lat, lon)) <= km


def test_geocode_seed_retreat_tied_to_the_queiq_river_and_bulletin_to_hmeimim() -> None:
    text = (Path(__file__).parent.parent / "examples" / "aleppo-2016-12-13.txt").read_text(encoding="utf-8")
    ex = frontlines.extract(text, published="2016-12-13", publisher="Reuters")
    retreat = [e for e in ex.events if e.place is not None and "Queiq" in e.evidence.text]
    assert retreat, [e.evidence.text for e in ex.events]
    place = retreat[0].place
    assert place is not None and abs((place.latitude or 0) - 36.20) <= 0.1
    assert [other.name for other in place.also] == ["Queiq River"]
    origins = [f.claimed_by.origin for f in ex.figures if f.claimed_by.origin is not None]
    assert [o.name for o in origins] == ["Hmeimim airbase"]


def test_geocode_square_is_located_through_its_town() -> None:
    # "Seray" is a village in Iran too; here it is a building of Tripoli
    ex = frontlines.extract("Lebanese protesters gathered outside the Seray in Tripoli on Monday.", published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "LBN" and _near(event, 34.44, 35.85, km=10)
    assert event.place.geo_precision <= 2


def test_geocode_ambiguous_name_with_nothing_else_is_not_guessed() -> None:
    # "Mina" is also an alternate name of Minna, Nigeria: nothing in the report says where
    ex = frontlines.extract("Rioters clashed with soldiers in el Mina on Monday.", published="2020-04-29")
    places = [e.place for e in ex.events if e.place is not None]
    assert all(p.country != "NGA" for p in places), places


def test_geocode_district_is_not_claimed_precise() -> None:
    ex = frontlines.extract(
        "Saudi-led coalition airstrikes targeted Majzar district (Marib) on Monday.", published="2020-05-04"
    )
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "YEM" and event.place.geo_precision == 2


def test_geocode_unparsed_sentence_gives_the_main_place() -> None:
    text = (
        "Thousands of Israelis gathered at the Rabin square in Tel Aviv on Saturday. "
        "Protesters demanded that the government resign."
    )
    event = _located(frontlines.extract(text, published="2020-05-03"))[0]
    assert event.place is not None and event.place.fallback and _near(event, 32.08, 34.78, km=10)


def test_geocode_neighbourhood_is_a_part_of_the_town_named() -> None:
    ex = frontlines.extract(
        "On Monday, in Acapulco, Guerrero, a man was found dead in Colonia Libertad with gunshot wounds.",
        published="2020-05-06",
    )
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "MEX" and _near(event, 16.86, -99.89, km=15)


def test_geocode_namesake_far_from_the_town_named_is_not_taken() -> None:
    # Jacarezinho is also a town 600 km away in Parana; here it is a favela of Rio
    ex = frontlines.extract(
        "On Friday, in the North Zone of Rio de Janeiro, military police killed two men during an operation "
        "against drug traffickers in Jacarezinho.",
        published="2020-05-09",
    )
    event = _located(ex)[0]
    assert event.place is not None and _near(event, -22.91, -43.21, km=25), event.place
    assert event.place.geo_precision >= 2


def test_gazetteer_acronyms_match_only_curated_rows() -> None:
    from frontlines.gazetteer import candidates

    assert all(c.source == "supplement" for c in candidates("LoC")), candidates("LoC")
    assert all(c.source == "supplement" for c in candidates("PKK"))


def test_geocode_unresolved_mention_is_kept_with_its_reason() -> None:
    ex = frontlines.extract(
        "Regime forces shelled Zqrabatiyah and Maarat al-Numan in Idlib province on Monday.", published="2020-05-04"
    )
    event = _located(ex)[0]
    assert event.place is not None
    others = {p.text: p for p in event.place.also}
    assert "Zqrabatiyah" in others or event.place.text == "Zqrabatiyah", event.place
    unresolved = others.get("Zqrabatiyah", event.place)
    assert unresolved.latitude is None or unresolved.fallback
    assert "gazetteer" in unresolved.note


def test_geocode_district_is_located_at_its_seat() -> None:
    # GeoNames' admin2 groups give Nihm district of Sanaa its seat, Al Madid (15.64, 44.47)
    ex = frontlines.extract(
        "Houthi forces clashed with government troops in Nihm district of Sanaa on Monday.", published="2020-05-04"
    )
    event = _located(ex)[0]
    assert event.place is not None and event.place.geo_precision == 2
    assert _near(event, 15.64, 44.47, km=5), event.place


def test_geocode_town_found_only_abroad_is_not_taken_when_the_report_lies_elsewhere() -> None:
    # the gazetteer knows one Jaru, in Brazil; the report's other places are Syrian
    ex = frontlines.extract(
        "An explosive device went off near Jaru in Deir-ez-Zor province on Tuesday, killing two civilians.",
        published="2020-04-29",
    )
    places = [e.place for e in ex.events if e.place is not None]
    assert places and all(p.country != "BRA" for p in places), places


@pytest.mark.parametrize("text", [
    "Mayors of Arab cities protested outside the ministry in Jerusalem on Monday.",
    "Mayors of Kurdish towns protested outside the ministry in Jerusalem on Monday.",
])
def test_geocode_a_people_is_not_a_place(text: str) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None and event.place.country == "ISR" and _near(event, 31.77, 35.21, km=10)


def test_geocode_country_inside_a_town_name_is_not_that_country() -> None:
    ex = frontlines.extract("Gunmen shot and wounded a man in Port of Spain on Monday.", published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "TTO", event.place


def test_geocode_place_in_a_city_stays_in_that_citys_province() -> None:
    # GeoNames has a village Kadikoy in Yalova, 45 km from Istanbul; the text puts it in Istanbul
    ex = frontlines.extract("Students protested in Kadikoy, Istanbul, on Friday.", published="2020-05-08")
    event = _located(ex)[0]
    assert event.place is not None and event.place.admin1 == "Istanbul" and _near(event, 41.0, 29.0, km=10)



def test_geocode_district_named_with_and_and_a_cut_name() -> None:
    # "Khabb wa ash Shaaf": "wa" (and) joins a district's name; "Radman" + "Al Awad" (NER cuts it)
    for text, lat, lon in [
        ("Coalition airstrikes targeted Khabb wa ash Shaaf district (Al Jawf) on Monday.", 16.71, 44.85),
        ("Houthi reinforcements arrived in Radman Al Awad district (Al Bayda) on Monday.", 14.42, 45.30),
    ]:
        event = _located(frontlines.extract(text, published="2020-05-04"))[0]
        assert event.place is not None and event.place.geo_precision == 2 and _near(event, lat, lon, km=5), event.place


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("Protesters blocked the Homs highway with burning tyres on Monday.", 34.73, 36.72),
        ("Gunmen attacked a fuel convoy on the Aleppo-Damascus road on Monday.", 36.20, 37.16),
    ],
)
def test_geocode_town_a_road_is_named_after_is_near_it(text: str, lat: float, lon: float) -> None:
    # NER leaves such names out; the event lies on the road, so near the town, not at it
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None
    assert event.place.relation == "near" and event.place.geo_precision == 2
    assert _near(event, lat, lon)


def test_geocode_bare_province_without_a_namesake_town_is_the_province() -> None:
    # Yemen's Al Jawf governorate holds no town of that name: not a village "Al Jawf" in Abyan
    ex = frontlines.extract("Houthi forces shelled government positions in Al Jawf on Monday.", published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "YEM"
    assert event.place.admin1 == "Al Jawf" and event.place.geo_precision == 3


@pytest.mark.parametrize(
    ("text", "country", "admin1"),
    [
        # held only in another spelling (Al Qamishli), in an article nothing else places
        ("Unidentified gunmen threw a hand grenade at a house in Quamishli city on Monday.", "SYR", "Al-Hasakah"),
        # "Amara" is Al 'Amarah, not Romania's small Amara
        ("Employees protested in front of the municipality building in Amara city on Monday.", "IRQ", "Maysan"),
    ],
)
def test_geocode_name_plainly_meant_in_another_spelling(text: str, country: str, admin1: str) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None and event.place.country == country
    assert event.place.admin1 == admin1


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Shop owners protested against the closure of their shops in Kafr Qasim on Monday.", "HaMerkaz"),
        ("Unidentified gunmen shot dead a man in Damascus city on Monday.", "Damascus"),
    ],
)
def test_geocode_admin1_is_written_as_acled_writes_it(text: str, admin1: str) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None and event.place.admin1 == admin1


def test_geocode_direction_from_a_city_is_near_it() -> None:
    # "X city" says which reading; "west of" still says the event is not in it
    event = _located(frontlines.extract("Tribesmen clashed with each other west of Marib city on Monday.", published="2020-05-04"))[0]
    assert event.place is not None
    assert event.place.relation == "west of" and event.place.geo_precision == 2
    assert event.place.admin1 == "Marib"


def test_geocode_city_that_holds_a_part_is_the_city_not_its_province() -> None:
    # Sanaa city lies in Amanat al Asimah, not in Sanaa governorate around it
    ex = frontlines.extract("Gunmen looted a shop in Al Qiyadah neighbourhood of Sanaa city on Monday.", published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.admin1 == "Amanat Al Asimah"


# fmt: off
@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        # the capitals, not the provinces' largest towns (Arsal, Khanaqin) nor a centre in the hills
        ("Protesters gathered outside the governorate building of Baalbek Hermel on Monday.", 34.00, 36.21),
        ("Gunmen killed a shepherd in Diyala province on Monday.", 33.75, 44.64),
        ("Fighters clashed on Socotra island on Monday.", 12.65, 54.02),
    ],
)
# fmt: on
def test_geocode_province_alone_is_placed_at_its_capital(text: str, lat: float, lon: float) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None and event.place.geo_precision == 3
    assert _near(event, lat, lon, km=5), event.place


def test_geocode_short_name_in_another_spelling() -> None:
    # too short for a consonant skeleton: "Doura" is GeoNames' Dura by its vowels
    ex = frontlines.extract("Israeli forces razed farmland near Doura in Hebron, in the West Bank, on Monday.",
                            published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "PSE"
    assert _near(event, 31.51, 35.03, km=5), event.place


def test_geocode_short_name_in_another_spelling_is_not_a_namesake_abroad() -> None:
    # nothing places "Minah"; Nigeria's Minna, a spelling away, is not what it plainly means
    ex = frontlines.extract("Rioters blocked the main road in Minah on Monday.", published="2020-05-04")
    assert all(e.place is None or e.place.country != "NGA" for e in ex.events)


def test_geocode_kosovo_town_is_not_taken_from_another_country() -> None:
    # Kosovo's code is not in ISO 3166-1: asking for its places once gave every country's
    ex = frontlines.extract("Residents protested in Selac, Kosovo, demanding a paved road.", published="2020-05-04")
    assert ex.events
    assert all(e.place is None or e.place.country in ("XKX", "") for e in ex.events), [e.place for e in ex.events]


def test_geocode_curated_neighbourhood_does_not_hide_a_big_city_abroad() -> None:
    # Aleppo's al-Mashhad is in our supplement; "Mashhad" alone is Iran's second city
    ex = frontlines.extract("Families of prisoners held a rally outside the court in Mashhad on Monday.", published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.country == "IRN"


def test_geocode_sentence_without_a_place_takes_the_area_the_article_names() -> None:
    text = ("Government troops were deployed to Socotra island on Monday. "
            "Separatist fighters withdrew from their checkpoints around the island after clashes.")
    ex = frontlines.extract(text, published="2020-05-04")
    later = [e for e in ex.events if "withdrew" in e.evidence.text]
    assert later and later[0].place is not None, [(e.evidence.text, e.place) for e in ex.events]
    assert later[0].place.fallback and later[0].place.geo_precision == 3
    assert _near(later[0], 12.65, 54.02, km=5)


# fmt: off
@pytest.mark.parametrize(
    ("text", "lat", "lon", "precision"),
    [
        # a name the model calls a person, in "the neighbourhood of X", known in another spelling
        ("Gunmen threw a grenade at an office in the western neighbourhood of Quamishli on Monday.", 37.05, 41.23, 1),
        # "the eastern X front": the preposition, an article and a direction before the name
        ("Regime forces captured two rebels on the eastern Idleb front on Monday.", 35.93, 36.63, 2),
        # a town-and-province name and a finer place inside that province: the finer one
        ("Turkish military convoys entered Idleb via the Kafr Lusin border crossing on Monday.", 36.22, 36.64, 2),
    ],
)
# fmt: on
def test_geocode_finds_the_place_the_model_misses(text: str, lat: float, lon: float, precision: int) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None and event.place.geo_precision == precision, event.place
    assert _near(event, lat, lon, km=5), event.place


def test_geocode_name_and_comma_names_the_wider_area() -> None:
    # "X, Donetsk": Donetsk holds X; a namesake of X in another province is not taken
    ex = frontlines.extract("Ukrainian forces shelled positions in the area of Mineralne, Donetsk on Monday.",
                            published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.admin1 == "Donetsk", event.place


# fmt: off
@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        # a country's other name followed by "city" is the town ("Gaza" alone may name Palestine)
        ("Israeli tanks shelled a post in the Zaytun neighbourhood of Gaza city on Monday.", 31.50, 34.47),
        # "in the X desert": the article, then a name a place noun follows
        ("Iraqi aircraft bombed a hideout in the Rutba desert in Anbar province on Monday, killing two militants.", 33.04, 40.28),
        # "the X refugee camp": a modifier between the name and its place noun
        ("Palestinian refugees held a sit-in in the Ein al Hilweh refugee camp on Monday.", 33.54, 35.38),
    ],
)
# fmt: on
def test_geocode_names_after_an_article_or_before_city(text: str, lat: float, lon: float) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert _near(event, lat, lon, km=5), event.place


def test_geocode_in_front_of_the_office_is_not_a_place() -> None:
    ex = frontlines.extract("In Texcoco, Mexico, about 30 people demonstrated in front of the Attorney General's Office on Monday.",
                            published="2020-05-04")
    assert all(e.place is None or "Attorney" not in e.place.text for e in ex.events), [e.place for e in ex.events]


def test_geocode_curated_place_the_model_misses_places_the_article() -> None:
    # "al Nour square" is in our supplement (Tripoli, Lebanon); NER misses it, and it
    # tells which Tripoli the report means
    ex = frontlines.extract("Rioters blocked the al Nour square in Tripoli on Monday. Hundreds gathered in Tripoli.",
                            published="2020-05-04")
    assert ex.events and all(e.place is not None and e.place.country == "LBN" for e in ex.events), [e.place for e in ex.events]
    assert _near(ex.events[0], 34.44, 35.84, km=5)


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        ("Police arrested a journalist in Shabwah governorate as he was travelling from Aden on Monday.", "Shabwah"),
        ("Security forces in Lahij governorate arrested ten travellers coming from Aden governorate on Monday.", "Lahij"),
    ],
)
def test_geocode_where_someone_came_from_is_not_where_it_happened(text: str, admin1: str) -> None:
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert event.place is not None and event.place.admin1 == admin1, event.place


def test_geocode_a_namesake_far_from_the_town_it_is_said_to_be_next_to_is_not_taken() -> None:
    # Idlib's Sinjar is 40 km north of Suran, in another province: "the Sinjar area west of
    # Suran in Hama countryside" is another one, near Suran
    ex = frontlines.extract("A landmine exploded in the Sinjar area west of Suran in Hama countryside on Monday, "
                            "wounding a shepherd.", published="2020-05-04")
    event = _located(ex)[0]
    assert event.place is not None and event.place.relation == "west of" and event.place.geo_precision == 2
    assert event.place.admin1 == "Hama" and _near(event, 35.29, 36.75, km=5), event.place


def test_geocode_what_a_protest_is_about_is_not_where_it_is() -> None:
    text = "Protesters gathered outside the court in Tyre, in demonstration against the arrest of activists in Sidon, on Monday."
    event = _located(frontlines.extract(text, published="2020-05-04"))[0]
    assert _near(event, 33.27, 35.19, km=5), event.place


def test_geocode_a_compass_word_in_a_name_is_no_direction() -> None:
    # "West Bengal" is a state, not "west of Bengal"
    event = _located(frontlines.extract("Police fired tear gas at protesters in Cooch Behar, West Bengal on Monday.",
                                        published="2020-05-04"))[0]
    assert event.place is not None and event.place.geo_precision == 1
    assert _near(event, 26.33, 89.45, km=5), event.place


def test_geocode_from_one_town_to_another_is_a_stretch_not_an_origin() -> None:
    ex = frontlines.extract("Warplanes carried out raids on militia positions in the area stretching from Al Mayadin "
                            "to Al-Bukamal in Deir ez-Zor on Monday.", published="2020-05-04")
    event = _located(ex)[0]
    assert _near(event, 35.02, 40.45, km=5), event.place  # Al Mayadin, the first end
