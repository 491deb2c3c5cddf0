"""extract() on short reports, one case per ACLED sub-event type (all 25).

Each case is a one- or two-sentence report written for this suite, with its publication
date. A case states the (event_type, sub_event_type) pairs the report must give, each as
often as it must be recorded (one incident is one event), and, where the text decides
them, the ACLED inter codes of actor1 / actor2 (0 = nobody named) or the interaction code
(where ACLED's actor order is a convention, e.g. protests met by the police), and the
ACLED fatalities of the main event (the first pair listed).

Inter codes: 1 state forces, 2 rebels, 3 political militia, 4 identity militia,
5 rioters, 6 protesters, 7 civilians, 8 external forces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from spacy.language import Language

import frontlines
from describe import describe
from frontlines.types import Actor, Event, Extraction

Extract = Callable[[str, str], Extraction]

# ACLED's 6 event types and 25 sub-event types.
GOV_REGAINS = ("Battles", "Government regains territory")
NSA_OVERTAKES = ("Battles", "Non-state actor overtakes territory")
CLASH = ("Battles", "Armed clash")
EXCESSIVE_FORCE = ("Protests", "Excessive force against protesters")
INTERVENTION = ("Protests", "Protest with intervention")
PEACEFUL = ("Protests", "Peaceful protest")
VIOLENT_DEMO = ("Riots", "Violent demonstration")
MOB = ("Riots", "Mob violence")
CHEMICAL = ("Explosions/Remote violence", "Chemical weapon")
AIR = ("Explosions/Remote violence", "Air/drone strike")
SUICIDE = ("Explosions/Remote violence", "Suicide bomb")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
GRENADE = ("Explosions/Remote violence", "Grenade")
SEXUAL = ("Violence against civilians", "Sexual violence")
ATTACK = ("Violence against civilians", "Attack")
ABDUCTION = ("Violence against civilians", "Abduction/forced disappearance")
AGREEMENT = ("Strategic developments", "Agreement")
ARRESTS = ("Strategic developments", "Arrests")
CHANGE = ("Strategic developments", "Change to group/activity")
DISRUPTED = ("Strategic developments", "Disrupted weapons use")
BASE = ("Strategic developments", "Headquarters or base established")
LOOTING = ("Strategic developments", "Looting/property destruction")
TRANSFER = ("Strategic developments", "Non-violent transfer of territory")
OTHER = ("Strategic developments", "Other")

ALL_SUB_EVENT_TYPES = {
    GOV_REGAINS, NSA_OVERTAKES, CLASH, EXCESSIVE_FORCE, INTERVENTION, PEACEFUL, VIOLENT_DEMO, MOB,
    CHEMICAL, AIR, SUICIDE, SHELLING, IED, GRENADE, SEXUAL, ATTACK, ABDUCTION, AGREEMENT, ARRESTS,
    CHANGE, DISRUPTED, BASE, LOOTING, TRANSFER, OTHER,
}


def xfail(reason: str) -> pytest.MarkDecorator:
    """A known extractor defect: the expectation is right and must keep failing until fixed."""
    return pytest.mark.xfail(strict=True, reason=reason)


def case(
    id: str,
    published: str,
    text: str,
    expected: list[tuple[str, str]],
    inter1: int | None = None,
    inter2: int | None = None,
    *,
    interaction: int | None = None,
    fatalities: int | None = None,
    marks: pytest.MarkDecorator | tuple[pytest.MarkDecorator, ...] = (),
) -> Any:
    return pytest.param(published, text, expected, inter1, inter2, interaction, fatalities, id=id, marks=marks)


# fmt: off
CASES = [
    # Battles
    case("gov_regains_recaptured_from", "2021-03-16", "Nigerian troops recaptured the town of Damboa from Boko Haram militants on Sunday, the army said.", [GOV_REGAINS], 1, 2),
    case("gov_regains_retook_from", "2019-11-05", "Afghan forces retook the Jalrez district centre from the Taliban on Monday after two days of fighting, officials said.", [GOV_REGAINS], 1, 2),
    case("gov_regains_regained_control", "2017-07-21", "The Iraqi army regained control of the village of Badush from Islamic State fighters on Thursday.", [GOV_REGAINS], 1, 2),
    case("nsa_overtakes_seized_from_troops", "2022-06-20", "Al Shabaab fighters seized the town of Bulo Burde from Somali government troops on Sunday.", [NSA_OVERTAKES], 2, 1),
    case("nsa_overtakes_took_control_after_soldiers_fled", "2022-06-20", "M23 rebels took control of the border town of Bunagana on Monday after Congolese soldiers fled, residents said.", [NSA_OVERTAKES], 2, 1, marks=xfail("actor_mentions() also yields the generic 'rebels' inside 'M23 rebels'; events._fill_roles takes it as the opponent (others[0]) -> actor2 Rebels (2) instead of Congolese soldiers (1)")),
    case("nsa_overtakes_overran_base_killing", "2021-03-16", "Taliban insurgents overran an army base in Kunduz province on Monday, killing nine soldiers.", [NSA_OVERTAKES], 2, 1, fatalities=9),
    case("clash_clashed_with", "2018-04-10", "Colombian soldiers clashed with ELN rebels in Arauca on Sunday, leaving four fighters dead, the army said.", [CLASH], 1, 2, fatalities=4),
    case("clash_fighting_between", "2020-08-27", "Fighting broke out between Ambazonian separatists and Cameroonian troops near Bamenda on Wednesday.", [CLASH], interaction=12),
    case("clash_exchanged_fire_with", "2024-01-09", "Philippine troops exchanged fire with New People's Army guerrillas in Samar on Monday, the military said.", [CLASH], 1, 2, marks=xfail('alias "new people\'s army" never matches (spaCy splits People|\'s); generic \'army\' matches instead, and gazetteer.likely_country(\'Samar\') = RUS makes the event country Russia, so Philippine troops become external (8)')),
    # Protests
    case("excessive_force_live_ammunition", "2019-11-05", "Police opened fire with live ammunition on protesters in Baghdad on Monday, killing three, medics said.", [EXCESSIVE_FORCE], interaction=16, fatalities=3),
    case("excessive_force_shot_dead_demonstrators", "2022-06-20", "Sudanese security forces shot dead two demonstrators during a rally in Khartoum on Sunday.", [EXCESSIVE_FORCE], interaction=16, fatalities=2),
    case("intervention_tear_gas_riot_police", "2024-01-09", "Riot police fired tear gas to disperse hundreds of protesters in Nairobi on Monday.", [INTERVENTION], interaction=16),
    case("intervention_arrests_at_sit_in", "2023-02-14", "Police arrested 40 demonstrators at a sit-in outside parliament in Kampala on Monday.", [INTERVENTION], interaction=16),
    case("peaceful_marched", "2017-07-21", "Thousands of teachers marched peacefully through Lagos on Thursday to demand unpaid salaries.", [PEACEFUL], 6, 0),
    case("peaceful_rally", "2020-05-12", "Hundreds of students held a rally in Dhaka on Monday against rising fuel prices.", [PEACEFUL], 6, 0),
    case("peaceful_rally_no_arrests", "2016-12-13", "Hundreds of nurses held a rally in Accra on Monday and no arrests were made, police said.", [PEACEFUL], 6, 0),
    case("peaceful_staged_protest", "2018-04-10", "Garment workers staged a protest outside the labour ministry in Phnom Penh on Monday.", [PEACEFUL], 6, 0),
    # Riots
    case("violent_demo_threw_stones", "2019-11-05", "Protesters threw stones at police and set tyres on fire in Port-au-Prince on Monday.", [VIOLENT_DEMO], 5),
    case("violent_demo_torched_police_station", "2022-10-03", "Demonstrators torched a police station in Conakry on Sunday after a protest over fuel prices turned violent.", [VIOLENT_DEMO], 5),
    case("mob_lynched_suspected_thief", "2021-03-16", "An angry mob lynched a suspected thief in Kampala's Kawempe district on Saturday, police said.", [MOB], 5, 7),
    case("mob_beat_accused_men", "2020-08-27", "A mob beat two men accused of witchcraft in a village in Malawi's Thyolo district on Wednesday.", [MOB], 5, 7),
    # Explosions/Remote violence
    case("chemical_chlorine_attack_no_named_attacker", "2017-07-21", "A chlorine gas attack on the rebel-held town of Saraqeb injured 11 people on Thursday, rescuers said.", [CHEMICAL], 0, fatalities=0, marks=xfail("casualty trigger 'injured' takes its subject NP 'A chlorine gas attack on the rebel-held town' as actor1; resolve() matches the rebels alias 'rebel-held' inside it -> the target is made the attacker")),
    case("chemical_mustard_gas_shells", "2016-12-13", "Islamic State militants fired shells filled with mustard gas at Kurdish Peshmerga positions near Mosul on Monday.", [CHEMICAL], 2),
    case("air_coalition_warplanes", "2018-04-10", "Saudi-led coalition warplanes struck a wedding party in Yemen's Hajjah province on Monday, killing at least 20 civilians, health officials said.", [AIR], 8, 7, fatalities=20),
    case("air_foreign_drone_strike", "2022-10-03", "A US drone strike killed two al-Shabaab militants near Jilib in Somalia on Saturday, the US military said.", [AIR], 8, 2, fatalities=2),
    case("air_aircraft_bombed", "2023-02-14", "Myanmar military aircraft bombed a village in Sagaing region on Monday, killing nine civilians, residents said.", [AIR], 1, 7, fatalities=9),
    case("suicide_bomber_blew_himself_up", "2023-02-14", "A suicide bomber blew himself up at a mosque in Peshawar on Monday, killing at least 50 worshippers, police said.", [SUICIDE], None, 7, fatalities=50),
    case("suicide_bomber_of_named_group", "2020-05-12", "A Boko Haram suicide bomber killed five people at a market in Konduga on Sunday, a local official said.", [SUICIDE], 2, 7, fatalities=5),
    case("shelling_mortar_rounds", "2022-10-03", "Al Shabaab militants fired mortar rounds at the presidential palace in Mogadishu on Sunday, wounding two guards.", [SHELLING], 2, fatalities=0),
    case("shelling_rockets_no_casualties", "2021-03-16", "Hamas fired rockets at southern Israel on Monday, causing no casualties, the Israeli military said.", [SHELLING], fatalities=0),
    case("shelling_artillery_on_residential_areas", "2022-06-20", "Russian artillery shelled residential areas of Kharkiv overnight, killing two civilians, the regional governor said.", [SHELLING], None, 7, fatalities=2),
    # nobody named: an unidentified armed group (3), per ACLED
    case("ied_roadside_bomb_on_convoy", "2024-01-09", "A roadside bomb struck a military convoy in Mali's Mopti region on Monday, killing four soldiers, the army said.", [IED], 3, 1, fatalities=4),
    # nobody named: ACLED codes the planter as an unidentified armed group (3)
    case("ied_landmine_killed_children", "2020-08-27", "Two children were killed when a landmine exploded near their village in Colombia's Cauca department on Wednesday.", [IED], 3, 7, fatalities=2),
    case("grenade_thrown_into_bar", "2018-04-10", "Unknown assailants threw a grenade into a bar in Bujumbura on Saturday, wounding seven people, police said.", [GRENADE], 3, 7, fatalities=0),
    case("grenade_attack_on_police_post", "2019-11-05", "A grenade attack on a police post in Srinagar on Monday injured three officers, police said.", [GRENADE], 0, 1, fatalities=0, marks=xfail("casualty trigger 'injured' takes its subject NP 'A grenade attack on a police post' as actor1; 'police' inside it resolves -> victim made attacker")),
    # Violence against civilians
    case("sexual_soldiers_raped", "2017-07-21", "Soldiers raped at least ten women in a village in South Sudan's Unity state last week, the United Nations said.", [SEXUAL], 1, 7),
    case("attack_gunmen_killed_villagers", "2022-06-20", "Gunmen killed 12 villagers in an attack on a village in Zamfara state, Nigeria, on Sunday, police said.", [ATTACK], 3, 7, fatalities=12),
    case("attack_hacked_to_death", "2020-05-12", "ADF rebels hacked 15 civilians to death with machetes in Beni territory on Monday, local officials said.", [ATTACK], 2, 7, fatalities=15, marks=xfail("no killed figure for 'hacked 15 civilians to death': figures.py / figures.v1.jsonl lack the 'to death' complement -> fatalities 0")),
    case("attack_journalist_shot_dead", "2023-02-14", "Unidentified gunmen shot dead a journalist outside his home in Tegucigalpa on Monday, police said.", [ATTACK], 3, 7, fatalities=1),
    case("abduction_students_abducted", "2021-03-16", "Gunmen abducted 30 students from a boarding school in Kaduna state early on Monday, police said.", [ABDUCTION], 3, 7),
    case("abduction_fishermen_kidnapped", "2019-11-05", "Abu Sayyaf militants kidnapped five fishermen off the coast of Sabah on Sunday.", [ABDUCTION], 2, 7),
    # Strategic developments
    case("agreement_ceasefire_between_parties", "2016-12-13", "The Colombian government and ELN rebels agreed to a six-month ceasefire on Monday.", [AGREEMENT], interaction=12, marks=xfail("coordinated subject 'The Colombian government and ELN rebels' of a noun trigger resolves to one generic actor (Rebels, 2); roles() splits conjuncts only for verb triggers -> interaction 20")),
    case("agreement_prisoner_exchange", "2018-04-10", "Yemen's warring parties agreed to a prisoner exchange on Monday, the United Nations said.", [AGREEMENT]),
    case("arrests_suspected_militants", "2022-10-03", "Kenyan police arrested five suspected al-Shabaab members in Mombasa on Sunday.", [ARRESTS], 1, 2),
    case("arrests_opposition_politician", "2024-01-09", "Security forces detained a prominent opposition politician in Harare on Monday.", [ARRESTS], 1, 7),
    case("change_troops_deployed", "2021-03-16", "The army deployed additional troops to the restive Cabo Delgado province of Mozambique on Monday.", [CHANGE], 1),
    case("change_recruitment", "2017-07-21", "The Taliban recruited hundreds of new fighters in Helmand province last month, a local official said.", [CHANGE], 2),
    case("disrupted_ied_defused", "2020-08-27", "Army engineers defused an improvised explosive device planted on a road near Kandahar on Wednesday.", [DISRUPTED], 1),
    case("disrupted_weapons_cache_seized", "2019-11-05", "Police seized a large weapons cache in a raid on a farmhouse near Peshawar on Monday.", [DISRUPTED], 1),
    case("disrupted_drones_shot_down", "2022-10-03", "Ukrainian air defences shot down 10 Russian drones over Kyiv overnight, the Ukrainian military said.", [DISRUPTED], 1, marks=xfail("'Ukrainian air defences' is no alias in actors.v1.jsonl -> actor1 None")),
    case("base_established_by_militants", "2023-02-14", "JNIM militants established a new base in a forest near Menaka in Mali on Sunday, residents said.", [BASE], 2),
    case("base_set_up_after_withdrawal", "2018-04-10", "Al Shabaab set up a new base in the town of El Bur after Ethiopian troops left, residents said.", [BASE], 2),
    case("looting_shops_and_homes", "2019-11-05", "Soldiers looted shops and burned homes in a village in Myanmar's Rakhine state on Monday, residents said.", [LOOTING], 1, 7),
    case("looting_school_set_on_fire", "2024-01-09", "Separatist fighters set fire to a school in Cameroon's Northwest region on Monday.", [LOOTING], 2),
    case("transfer_base_handed_over", "2022-06-20", "French troops handed over the Gossi military base to the Malian army on Sunday.", [TRANSFER]),
    case("transfer_withdrew_without_fight", "2020-05-12", "Government troops withdrew from the town of Kidal on Monday and separatist rebels moved in without a fight.", [TRANSFER]),
    case("other_celebratory_gunfire", "2021-03-16", "Militiamen fired celebratory gunfire in the streets of Tripoli on Monday night, residents said.", [OTHER], 3),
    case("other_shooting_into_the_air", "2023-02-14", "Militiamen were seen shooting into the air in Aden on Monday to celebrate the result.", [OTHER], 3, marks=xfail("actors._subject() climbs the xcomp to 'seen' but takes only nsubj, not nsubjpass 'Militiamen'; with no actor the strength-1 group is dropped by events._keep")),
]
# fmt: on


@pytest.fixture(scope="session")
def run(nlp: Language) -> Extract:
    """extract() with the model loaded once and each report extracted once per session."""

    @cache
    def _run(text: str, published: str) -> Extraction:
        return frontlines.extract(text, published=published)

    return _run


def pairs(ex: Extraction) -> list[tuple[str, str]]:
    return sorted((e.event_type, e.sub_event_type) for e in ex.events)


def inter(actor: Actor | None) -> int:
    return 0 if actor is None else actor.inter


def main_event(ex: Extraction, expected: tuple[str, str]) -> Event:
    return next(e for e in ex.events if (e.event_type, e.sub_event_type) == expected)


def test_pipeline_types_cases_cover_all_25_sub_event_types() -> None:
    covered = {pair for param in CASES for pair in param.values[2]}
    assert covered == ALL_SUB_EVENT_TYPES


def test_pipeline_types_case_ids_are_unique() -> None:
    ids = [param.id for param in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("published", "text", "expected", "inter1", "inter2", "interaction", "fatalities"), CASES)
def test_pipeline_types_report_gives_sub_event_type(
    run: Extract,
    published: str,
    text: str,
    expected: list[tuple[str, str]],
    inter1: int | None,
    inter2: int | None,
    interaction: int | None,
    fatalities: int | None,
) -> None:
    ex = run(text, published)
    got = describe(ex)
    assert pairs(ex) == sorted(expected), got
    event = main_event(ex, expected[0])
    if inter1 is not None:
        assert inter(event.actor1) == inter1, got
    if inter2 is not None:
        assert inter(event.actor2) == inter2, got
    if interaction is not None:
        assert event.interaction == interaction, got
    if fatalities is not None:
        assert event.fatalities == fatalities, got
    # every event of a one-incident report is dated by the report, never after publication
    assert event.date is not None and event.date.date <= dt.date.fromisoformat(published), got
