from __future__ import annotations

import pytest
from spacy.language import Language

from frontlines.mentions.figures import FigureMention, find_figures
from frontlines.types import FIGURE_KINDS


def figures(nlp: Language, text: str) -> list[FigureMention]:
    return find_figures(nlp(text))


def only(nlp: Language, text: str) -> FigureMention:
    found = figures(nlp, text)
    assert len(found) == 1, found
    return found[0]


# (sentence, expected [(kind, best)] in order)
KINDS_AND_COUNTS = [
    pytest.param("Four shepherds were killed near the dam.", [("killed", 4)], id="passive_killed"),
    pytest.param("The drone strike killed 6 fighters on the road.", [("killed", 6)], id="active_object_killed"),
    pytest.param("Shelling hit the market, killing nine shoppers.", [("killed", 9)], id="participle_clause_killed"),
    pytest.param("Militants ambushed a patrol and killed 4 soldiers and wounded 7.", [("killed", 4), ("injured", 7)], id="killed_and_wounded_bare"),
    pytest.param("Three farmers were killed and two injured in the raid.", [("killed", 3), ("injured", 2)], id="reduced_passive_second_figure"),
    pytest.param("The explosion left 11 people dead.", [("killed", 11)], id="left_dead_is_killed"),
    pytest.param("Five people were reported dead after the shelling.", [("killed", 5)], id="reported_dead"),
    pytest.param("The car bomb resulted in 8 dead.", [("killed", 8)], id="number_dead"),
    pytest.param("The death toll from the raid rose to 31.", [("killed", 31)], id="death_toll_rose_to"),
    pytest.param("The strike killed 4, bringing the toll to 19.", [("killed", 4), ("killed", 19)], id="bringing_toll_to"),
    pytest.param("Twelve bodies were found in a ditch.", [("killed", 12)], id="bodies_are_killed"),
    pytest.param("Two guards died of their injuries.", [("killed", 2)], id="died_subject"),
    pytest.param("Seven pilgrims were wounded by shrapnel.", [("injured", 7)], id="passive_wounded"),
    pytest.param("The blast hurt 23 passengers.", [("injured", 23)], id="hurt_people"),
    pytest.param("Hundreds of families fled the shelling on Friday.", [("displaced", 100)], id="fled_vague_hundreds"),
    pytest.param("Some 700 villagers abandoned their homes.", [("displaced", 700)], id="abandoned_homes"),
    pytest.param("About 3,500 residents were evacuated from the valley.", [("displaced", 3500)], id="evacuated_passive"),
    pytest.param("Heavy fighting forced 900 families to flee.", [("displaced", 900)], id="forced_to_flee"),
    pytest.param("Nearly 6,000 refugees crossed into the neighbouring country.", [("displaced", 6000)], id="refugees_noun"),
    pytest.param("The number of displaced people reached 40,000.", [("displaced", 40000)], id="number_of_displaced_reached"),
    pytest.param("Troops arrested 17 suspects at dawn.", [("detained", 17)], id="arrested_object"),
    pytest.param("Gunmen kidnapped 8 aid workers on the highway.", [("detained", 8)], id="kidnapped_object"),
    pytest.param("Dozens of students were detained after the march.", [("detained", 12)], id="detained_dozens"),
    pytest.param("Police detained 30 protesters and injured a dozen.", [("detained", 30), ("injured", 12)], id="detained_and_injured_a_dozen"),
    pytest.param("A shepherd was killed by a landmine.", [("killed", 1)], id="a_person_is_one"),
    pytest.param("The militia opened fire, killing a teenager.", [("killed", 1)], id="killing_a_person_is_one"),
    pytest.param("The mayor was abducted from his office.", [("detained", 1)], id="the_official_is_one"),
    pytest.param("Fighters killed three policemen and two civilians.", [("killed", 3), ("killed", 2)], id="conjoined_counts_share_verb"),
    pytest.param("Hospital staff said 14 people were killed and 40 injured.", [("killed", 14), ("injured", 40)], id="reported_speech_two_figures"),
    pytest.param("Thirty-two displaced families arrived at the camp.", [("displaced", 32)], id="displaced_modifier"),
    pytest.param("Soldiers killed 5 gunmen, officials said.", [("killed", 5)], id="gunmen_object_killed"),
    pytest.param("Nine police officers were among the wounded.", [("injured", 9)], id="among_the_wounded"),
    pytest.param("Three soldiers killed in the ambush were buried on Monday.", [("killed", 3)], id="reduced_relative_killed"),
    pytest.param("The death toll rose from 8 to 21 overnight.", [("killed", 21)], id="toll_from_to_takes_second"),
]


@pytest.mark.parametrize(("text", "expected"), KINDS_AND_COUNTS)
def test_figures_kind_and_best(nlp: Language, text: str, expected: list[tuple[str, int]]) -> None:
    assert [(m.kind, m.best) for m in figures(nlp, text)] == expected


NO_FIGURE = [
    pytest.param("The rebels destroyed 3 tanks near the airport.", id="tanks_are_not_people"),
    pytest.param("In 2015, 60% of the $2 million budget went to 24-hour patrols.", id="years_percent_money_time"),
    pytest.param("The ceasefire took effect at noon on 12 March.", id="date_number"),
    pytest.param("Four gunmen attacked a checkpoint on the 3rd day of the truce.", id="attackers_are_not_victims"),
    pytest.param("The army has 40,000 troops in the province.", id="troop_strength_is_not_a_figure"),
]


@pytest.mark.parametrize("text", NO_FIGURE)
def test_figures_not_counts_give_nothing(nlp: Language, text: str) -> None:
    assert figures(nlp, text) == []


# (sentence, kind, best, low, high, qualifier, vague)
VALUES = [
    pytest.param("More than 50 civilians were killed in the raid.", "killed", 50, 50, None, "more than", False, id="more_than_sets_low_bound"),
    pytest.param("Up to 200 people may have fled, aid groups estimated.", "displaced", 200, None, 200, "up to", False, id="up_to_sets_high_bound"),
    pytest.param("Between 20 and 35 militants were killed overnight.", "killed", 20, 20, 35, "between", False, id="between_range_best_is_conservative"),
    pytest.param("The air raid killed 15-25 insurgents.", "killed", 15, 15, 25, "", False, id="dash_range"),
    pytest.param("Thousands more people fled the fighting at the weekend.", "displaced", 1000, 1000, None, "thousands", True, id="thousands_more_is_vague"),
    pytest.param("Security forces rounded up a number of fighters.", "detained", 3, None, None, "a number of", True, id="a_number_of_is_vague"),
    pytest.param("Several killed as gunmen storm a village.", "killed", 3, None, None, "several", True, id="several_killed_headline"),
    pytest.param("Tens of thousands of people have been uprooted by the war.", "displaced", 10000, 10000, None, "tens of thousands", True, id="tens_of_thousands_uprooted"),
    pytest.param("Clashes erupted, incurring fatalities on both sides.", "killed", 3, None, None, "unknown", True, id="unknown_fatalities_use_acled_value"),
    pytest.param("Roughly 1.3 million people have left the region.", "displaced", 1300000, None, None, "roughly", False, id="decimal_million_left"),
]


@pytest.mark.parametrize(("text", "kind", "best", "low", "high", "qualifier", "vague"), VALUES)
def test_figures_values(
    nlp: Language, text: str, kind: str, best: int, low: int | None, high: int | None, qualifier: str, vague: bool
) -> None:
    mention = only(nlp, text)
    assert (mention.kind, mention.best, mention.low, mention.high, mention.qualifier, mention.vague) == (
        kind,
        best,
        low,
        high,
        qualifier,
        vague,
    )


# (sentence, expected [(kind, text)]) for reports of no casualties
ZERO = [
    pytest.param("No fatalities were reported in the incident.", [("killed", "No fatalities")], id="no_fatalities"),
    pytest.param("The patrol returned to base with no casualties.", [("killed", "no casualties")], id="no_casualties"),
    pytest.param("Neither injuries nor fatalities were reported after the attack.", [("injured", "Neither injuries"), ("killed", "fatalities")], id="neither_injuries_nor_fatalities"),
    pytest.param("The convoy crossed the front line without casualties.", [("killed", "without casualties")], id="without_casualties"),
    pytest.param("Nobody was hurt when the shell hit the school.", [("injured", "Nobody")], id="nobody_hurt"),
    pytest.param("No one was killed in the blast.", [("killed", "No one")], id="no_one_killed"),
    pytest.param("There were no deaths or injuries.", [("killed", "no deaths"), ("injured", "injuries")], id="no_deaths_or_injuries"),
]


@pytest.mark.parametrize(("text", "expected"), ZERO)
def test_figures_zero_is_none_reported(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    found = figures(nlp, text)
    assert [(m.kind, m.text) for m in found] == expected
    assert all(m.best == 0 and m.qualifier == "none reported" and not m.negated for m in found)


def test_figures_displacement_with_share_and_period(nlp: Language) -> None:
    text = "Over 9,000 residents, nearly a third of them women, abandoned the town within 48 hours."
    mention = only(nlp, text)
    assert mention.kind == "displaced"
    assert (mention.best, mention.low, mention.high, mention.qualifier) == (9000, 9000, None, "over")
    assert mention.of_which == {"women": "nearly a third"}
    assert mention.period == "48 hours"
    assert mention.text == "Over 9,000 residents"
    assert text[mention.start : mention.end] == mention.text


def test_figures_displacement_more_than_half_children_past_hours(nlp: Language) -> None:
    text = "More than 6,500 civilians, more than half of them children, had left the besieged district in the past 36 hours."
    mention = only(nlp, text)
    assert (mention.kind, mention.best, mention.low, mention.qualifier) == ("displaced", 6500, 6500, "more than")
    assert mention.of_which == {"children": "more than half"}
    assert mention.period == "36 hours"


# (sentence, expected of_which of the first figure)
OF_WHICH = [
    pytest.param("The strike killed 10 people, including four children.", {"children": "four"}, id="including_after_noun"),
    pytest.param("Police said 19 people had been killed, including 5 women and 2 children.", {"women": "5", "children": "2"}, id="including_on_verb_with_conjuncts"),
    pytest.param("The shelling killed 9 people, 4 of whom were children.", {"children": "4"}, id="of_whom_were"),
    pytest.param("Eight people died, among them three children.", {"children": "three"}, id="among_them"),
]


@pytest.mark.parametrize(("text", "expected"), OF_WHICH)
def test_figures_of_which_parts(nlp: Language, text: str, expected: dict[str, str]) -> None:
    found = figures(nlp, text)
    assert found[0].of_which == expected
    assert len(found) == 1  # the parts are not figures of their own


# Figures the sentence denies, hedges or puts in the future are kept with negated=True.
NEGATED = [
    pytest.param("The general warned the offensive could kill 100 civilians.", True, id="could_kill_is_negated"),
    pytest.param("The army denied killing 20 villagers.", True, id="denied_is_negated"),
    pytest.param("Officials fear up to 5,000 residents will be displaced.", True, id="future_displaced_is_negated"),
    pytest.param("Four protesters were not injured, the police insisted.", True, id="not_injured_is_negated"),
    pytest.param("The army said it killed 20 militants.", False, id="reported_past_is_not_negated"),
]


@pytest.mark.parametrize(("text", "negated"), NEGATED)
def test_figures_negated_or_future(nlp: Language, text: str, negated: bool) -> None:
    assert only(nlp, text).negated is negated


def test_figures_spans_cover_number_and_noun(nlp: Language) -> None:
    text = "Medics said dozens of civilians were wounded in the market."
    mention = only(nlp, text)
    assert mention.text == "dozens of civilians"
    assert text[mention.start : mention.end] == mention.text


def test_figures_kinds_are_known(nlp: Language) -> None:
    text = "Two soldiers were killed, 5 wounded, 300 people fled and 12 men were arrested."
    found = figures(nlp, text)
    assert {m.kind for m in found} <= set(FIGURE_KINDS)
    assert [(m.kind, m.best) for m in found] == [("killed", 2), ("injured", 5), ("displaced", 300), ("detained", 12)]


def test_figures_partitive_counts_the_group_once(nlp: Language) -> None:
    found = figures(nlp, "She was one of 15 students abducted by gunmen.")
    assert [(m.kind, m.best) for m in found] == [("detained", 15)]
