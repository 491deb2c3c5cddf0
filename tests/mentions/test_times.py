from __future__ import annotations

import datetime as dt

import pytest

from frontlines.mentions.times import TimeMention, find_times, latest_explicit_date

D = dt.date
TUE = D(2016, 12, 13)  # a Tuesday
NEW_YEAR = D(2017, 1, 2)  # a Monday


def only(text: str, reference: dt.date | None) -> TimeMention:
    found = find_times(text, reference)
    assert len(found) == 1, found
    return found[0]


# (sentence, reference, expected text, date, precision, part)
RESOLVED = [
    pytest.param("Militia fighters raided the camp late on Monday.", TUE, "late on Monday", D(2016, 12, 12), 1, "late", id="late_on_monday_in_tuesday_report"),
    pytest.param("Two markets burned on Monday night, residents said.", TUE, "Monday night", D(2016, 12, 12), 1, "night", id="on_monday_night_is_monday_night"),
    pytest.param("Drones struck a convoy on Monday, officials said.", TUE, "Monday", D(2016, 12, 12), 1, "", id="monday_in_tuesday_report_is_day_before"),
    pytest.param("Shelling continued overnight near the bridge.", TUE, "overnight", D(2016, 12, 12), 1, "night", id="overnight_is_night_before_reference"),
    pytest.param("Heavy gunfire was heard through the night in the north.", TUE, "through the night", D(2016, 12, 12), 1, "night", id="through_the_night_is_night_before"),
    pytest.param("A checkpoint was overrun last night.", TUE, "last night", D(2016, 12, 12), 1, "night", id="last_night_is_day_before"),
    pytest.param("The governor visited the wounded yesterday.", TUE, "yesterday", D(2016, 12, 12), 1, "", id="yesterday_is_day_before"),
    pytest.param("Talks resume today in the capital.", TUE, "today", TUE, 1, "", id="today_is_reference"),
    pytest.param("A mortar round landed near the school this morning.", TUE, "this morning", TUE, 1, "morning", id="this_morning_is_reference_morning"),
    pytest.param("Police dispersed the crowd earlier today.", TUE, "earlier today", TUE, 1, "", id="earlier_today_is_reference"),
    pytest.param("The ferry was hit on Sunday morning.", TUE, "Sunday morning", D(2016, 12, 11), 1, "morning", id="sunday_morning_in_tuesday_report"),
    pytest.param("Soldiers were deployed on Wednesday.", TUE, "Wednesday", D(2016, 12, 7), 1, "", id="wednesday_in_tuesday_report_is_last_week"),
    pytest.param("Rebels attacked a depot early on Saturday.", TUE, "early on Saturday", D(2016, 12, 10), 1, "morning", id="early_on_saturday_is_morning"),
    pytest.param("The bridge was destroyed last Tuesday.", TUE, "last Tuesday", D(2016, 12, 6), 1, "", id="last_tuesday_in_tuesday_report_is_week_before"),
    pytest.param("Looting spread on Mon. across the valley.", TUE, "Mon.", D(2016, 12, 12), 1, "", id="weekday_abbreviation_with_period"),
    pytest.param("Nine people were killed in the past 24 hours.", TUE, "in the past 24 hours", TUE, 1, "", id="past_24_hours_is_reference"),
    pytest.param("Nine people were killed in 24 hours of fighting.", TUE, "in 24 hours", TUE, 1, "", id="in_24_hours_is_reference"),
    pytest.param("Over the past day, aid trucks were turned back.", TUE, "Over the past day", TUE, 1, "", id="over_the_past_day_is_reference"),
    pytest.param("Three towns changed hands last week.", TUE, "last week", D(2016, 12, 5), 2, "", id="last_week_is_week_precision"),
    pytest.param("The army said earlier this week that it had advanced.", TUE, "earlier this week", D(2016, 12, 12), 2, "", id="earlier_this_week_is_week_precision"),
    pytest.param("Several villages were emptied earlier this month.", TUE, "earlier this month", D(2016, 12, 1), 3, "", id="earlier_this_month_is_month_precision"),
    pytest.param("The port reopened last month.", TUE, "last month", D(2016, 11, 1), 3, "", id="last_month_is_previous_month"),
    pytest.param("The convoy was ambushed three days ago.", TUE, "three days ago", D(2016, 12, 10), 1, "", id="days_ago_counts_back"),
    pytest.param("On 9 May 2020, gunmen stormed a clinic.", TUE, "9 May 2020", D(2020, 5, 9), 1, "", id="day_month_year"),
    pytest.param("The siege began on December 13, 2016, a witness said.", None, "December 13, 2016", D(2016, 12, 13), 1, "", id="month_day_comma_year"),
    pytest.param("Strikes resumed on 27 April in the east.", D(2016, 6, 1), "27 April", D(2016, 4, 27), 1, "", id="day_month_takes_reference_year"),
    pytest.param("Residents fled on May 9 after the raid.", D(2020, 5, 20), "May 9", D(2020, 5, 9), 1, "", id="month_day_takes_reference_year"),
    pytest.param("Gunmen burned the market on 30 December.", NEW_YEAR, "30 December", D(2016, 12, 30), 1, "", id="year_rollover_to_previous_year"),
    pytest.param("The mine exploded on Dec. 28 near the road.", NEW_YEAR, "Dec. 28", D(2016, 12, 28), 1, "", id="month_abbreviation_with_period"),
    pytest.param("The report is dated 2020-05-09.", None, "2020-05-09", D(2020, 5, 9), 1, "", id="iso_date"),
    pytest.param("The attack of 9/5/2020 was confirmed.", None, "9/5/2020", D(2020, 5, 9), 1, "", id="numeric_date_is_day_first"),
    pytest.param("The attack of 12/13/2016 was confirmed.", None, "12/13/2016", D(2016, 12, 13), 1, "", id="numeric_date_month_first_when_day_first_impossible"),
    pytest.param("Schools have been shut since the 9th, the mayor said.", TUE, "the 9th", D(2016, 12, 9), 1, "", id="ordinal_day_is_this_month"),
    pytest.param("Schools have been shut since the 20th, the mayor said.", TUE, "the 20th", D(2016, 11, 20), 1, "", id="ordinal_day_after_reference_is_last_month"),
    pytest.param("Clashes raged between 27 and 29 April near the dam.", D(2016, 5, 2), "between 27 and 29 April", D(2016, 4, 27), 2, "", id="day_range_is_first_day_week_precision"),
    pytest.param("Curfews held from 1 to 3 May in the old city.", D(2016, 5, 4), "from 1 to 3 May", D(2016, 5, 1), 2, "", id="from_to_range"),
    pytest.param("Aid was blocked from 1 to 20 May.", D(2016, 6, 4), "from 1 to 20 May", D(2016, 5, 1), 3, "", id="long_range_is_month_precision"),
    pytest.param("Raids went on from 28 December to 2 January.", D(2017, 1, 5), "from 28 December to 2 January", D(2016, 12, 28), 2, "", id="range_across_new_year"),
    pytest.param("Fighting flared in March near the border.", TUE, "March", D(2016, 3, 1), 3, "", id="month_after_in_is_month_precision"),
    pytest.param("Elections were postponed in May 2020.", TUE, "May 2020", D(2020, 5, 1), 3, "", id="month_year_is_month_precision"),
    pytest.param("Protesters gathered again on the night of 12 December.", TUE, "the night of 12 December", D(2016, 12, 12), 1, "night", id="night_of_date"),
    pytest.param("Shells fell overnight Sunday to Monday on the suburbs.", TUE, "overnight Sunday to Monday", D(2016, 12, 11), 1, "overnight", id="overnight_weekday_pair"),
    pytest.param("Convoys moved over the weekend.", TUE, "over the weekend", D(2016, 12, 10), 2, "", id="weekend_is_saturday_week_precision"),
]


@pytest.mark.parametrize(("text", "reference", "span", "date", "precision", "part"), RESOLVED)
def test_times_resolves(text: str, reference: dt.date | None, span: str, date: dt.date, precision: int, part: str) -> None:
    mention = only(text, reference)
    assert (mention.text, mention.date, mention.precision, mention.part) == (span, date, precision, part)
    assert text[mention.start : mention.end] == mention.text


def test_times_said_on_tuesday_in_tuesday_report_is_same_day() -> None:
    found = find_times("Rebels fired rockets late on Monday, the army said on Tuesday.", TUE)
    assert [(m.text, m.date, m.part) for m in found] == [
        ("late on Monday", D(2016, 12, 12), "late"),
        ("Tuesday", D(2016, 12, 13), ""),
    ]


# Sentences that hold no time expression at all.
NOTHING = [
    pytest.param("Officials said the militants may attack the airport.", id="may_as_verb_is_not_a_month"),
    pytest.param("Supporters will march to the ministry.", id="march_as_verb_is_not_a_month"),
    pytest.param("Theresa May met the envoy.", id="may_as_name_is_not_a_month"),
    pytest.param("An overnight curfew was imposed on the town.", id="overnight_as_adjective_after_an"),
    pytest.param("Soldiers of the 9th Brigade took the hill.", id="ordinal_unit_name_is_not_a_date"),
    pytest.param("Traders close their shops on Mondays.", id="plural_weekday_is_habitual"),
    pytest.param("The outlet Kabul Today published the photos.", id="today_in_a_title_is_not_a_date"),
    pytest.param("The claim was first printed by The Sun.", id="weekday_abbreviation_after_the_is_a_name"),
    pytest.param("Jan Novak, a medic, treated the wounded.", id="month_abbreviation_alone_is_not_a_month"),
    pytest.param("The mosque on the 4th floor was hit by the 3rd shell.", id="ordinal_followed_by_noun"),
]


@pytest.mark.parametrize("text", NOTHING)
def test_times_finds_nothing(text: str) -> None:
    assert find_times(text, TUE) == []


def test_times_may_with_day_number_is_a_date() -> None:
    assert only("Ceasefire talks may resume after 5 May.", TUE).date == D(2016, 5, 5)


# (sentence, expected text, date or None, explicit)
NO_REFERENCE = [
    pytest.param("Gunmen attacked a bus on Monday.", "Monday", None, False, id="weekday_without_reference_is_unresolved"),
    pytest.param("The strike came yesterday.", "yesterday", None, False, id="yesterday_without_reference_is_unresolved"),
    pytest.param("On 9 May 2020, troops withdrew.", "9 May 2020", D(2020, 5, 9), True, id="explicit_date_without_reference_is_resolved"),
    pytest.param("On 9 May, troops withdrew.", "9 May", None, True, id="day_month_without_year_or_reference_is_unresolved"),
]


@pytest.mark.parametrize(("text", "span", "date", "explicit"), NO_REFERENCE)
def test_times_without_reference(text: str, span: str, date: dt.date | None, explicit: bool) -> None:
    mention = only(text, None)
    assert (mention.text, mention.date, mention.explicit) == (span, date, explicit)


def test_times_mentions_come_in_order_with_offsets() -> None:
    text = "After clashes on 3 May, rebels withdrew yesterday and returned this morning."
    found = find_times(text, D(2016, 5, 10))
    assert [m.text for m in found] == ["3 May", "yesterday", "this morning"]
    assert all(text[m.start : m.end] == m.text for m in found)


LATEST = [
    pytest.param("On 9 May 2020, gunmen attacked. On 2 April 2020 the town fell.", D(2020, 5, 9), id="latest_of_several_dates"),
    pytest.param("Fighting lasted from 27 to 29 April 2020, then eased on Monday.", D(2020, 4, 29), id="range_counts_its_last_day"),
    pytest.param("Fighting eased on Monday and in May 2020.", None, id="no_full_date_gives_none"),
    pytest.param("Clashes on 9 May killed four.", None, id="date_without_year_gives_none"),
    pytest.param("On 1 May 2021 the governor banned rallies until 16 May.", D(2021, 5, 1), id="yearless_deadline_does_not_count"),
]


@pytest.mark.parametrize(("text", "date"), LATEST)
def test_times_latest_explicit_date(text: str, date: dt.date | None) -> None:
    assert latest_explicit_date(text) == date
