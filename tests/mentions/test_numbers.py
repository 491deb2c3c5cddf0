from __future__ import annotations

import pytest

from frontlines.mentions.numbers import NumberPhrase, find_number_phrases, parse_number_phrase

N = NumberPhrase

# (phrase, expected value)
PHRASES = [
    pytest.param("8,000", N(8000, None, None, "", False), id="comma_thousands"),
    pytest.param("12,500,000", N(12500000, None, None, "", False), id="comma_millions"),
    pytest.param("3 000", N(3000, None, None, "", False), id="space_thousands"),
    pytest.param("3.000", N(3000, None, None, "", False), id="dot_thousands"),
    pytest.param("1.2 million", N(1200000, None, None, "", False), id="decimal_million"),
    pytest.param("2.5m", N(2500000, None, None, "", False), id="glued_m_is_million"),
    pytest.param("40 thousand", N(40000, None, None, "", False), id="digits_thousand"),
    pytest.param("seven", N(7, None, None, "", False), id="word_unit"),
    pytest.param("Seventeen", N(17, None, None, "", False), id="word_teen_capitalised"),
    pytest.param("twenty-five", N(25, None, None, "", False), id="hyphenated_tens"),
    pytest.param("a dozen", N(12, None, None, "", False), id="a_dozen"),
    pytest.param("two dozen", N(24, None, None, "", False), id="two_dozen"),
    pytest.param("half a dozen", N(6, None, None, "", False), id="half_a_dozen"),
    pytest.param("a hundred", N(100, None, None, "", False), id="a_hundred"),
    pytest.param("three hundred", N(300, None, None, "", False), id="three_hundred"),
    pytest.param("one hundred and forty", N(140, None, None, "", False), id="hundred_and_forty"),
    pytest.param("two thousand five hundred", N(2500, None, None, "", False), id="thousand_hundred"),
    pytest.param("zero", N(0, None, None, "", False), id="zero"),
    pytest.param("tens", N(10, 10, None, "tens", True), id="vague_tens"),
    pytest.param("dozens", N(12, 12, None, "dozens", True), id="vague_dozens"),
    pytest.param("Scores", N(20, 20, None, "scores", True), id="vague_scores"),
    pytest.param("hundreds", N(100, 100, None, "hundreds", True), id="vague_hundreds"),
    pytest.param("thousands", N(1000, 1000, None, "thousands", True), id="vague_thousands"),
    pytest.param("tens of thousands", N(10000, 10000, None, "tens of thousands", True), id="tens_of_thousands"),
    pytest.param("hundreds of thousands", N(100000, 100000, None, "hundreds of thousands", True), id="hundreds_of_thousands"),
    pytest.param("several", N(3, None, None, "several", True), id="several"),
    pytest.param("a number of", N(3, None, None, "a number of", True), id="a_number_of"),
    pytest.param("a few", N(3, None, None, "a few", True), id="a_few"),
    pytest.param("several hundred", N(300, None, None, "several hundred", True), id="several_hundred"),
    pytest.param("a few thousand", N(3000, None, None, "a few thousand", True), id="a_few_thousand"),
    pytest.param("thousands more", N(1000, 1000, None, "thousands", True), id="thousands_more"),
    pytest.param("more than 8,000", N(8000, 8000, None, "more than", False), id="more_than_sets_low"),
    pytest.param("Over 600", N(600, 600, None, "over", False), id="over_sets_low"),
    pytest.param("at least 14", N(14, 14, None, "at least", False), id="at_least_sets_low"),
    pytest.param("upwards of 250", N(250, 250, None, "upwards of", False), id="upwards_of_sets_low"),
    pytest.param("more than a dozen", N(12, 12, None, "more than", False), id="more_than_a_dozen"),
    pytest.param("at least dozens", N(12, 12, None, "at least dozens", True), id="at_least_dozens"),
    pytest.param("up to 70", N(70, None, 70, "up to", False), id="up_to_sets_high"),
    pytest.param("nearly 90", N(90, None, 90, "nearly", False), id="nearly_sets_high"),
    pytest.param("almost 1,000", N(1000, None, 1000, "almost", False), id="almost_sets_high"),
    pytest.param("fewer than 20", N(20, None, 20, "fewer than", False), id="fewer_than_sets_high"),
    pytest.param("less than 5", N(5, None, 5, "less than", False), id="less_than_sets_high"),
    pytest.param("about 35", N(35, None, None, "about", False), id="about_is_approximate"),
    pytest.param("around two hundred", N(200, None, None, "around", False), id="around_words"),
    pytest.param("some 1.5 million", N(1500000, None, None, "some", False), id="some_is_approximate"),
    pytest.param("approximately 45", N(45, None, None, "approximately", False), id="approximately"),
    pytest.param("roughly 18", N(18, None, None, "roughly", False), id="roughly"),
    pytest.param("an estimated 9,000", N(9000, None, None, "an estimated", False), id="an_estimated"),
    pytest.param("30 or so", N(30, None, None, "or so", False), id="or_so_tail"),
    pytest.param("40-odd", N(40, None, None, "odd", False), id="odd_tail"),
    pytest.param("50 or more", N(50, 50, None, "or more", False), id="or_more_tail_sets_low"),
    pytest.param("between 15 and 30", N(15, 15, 30, "between", False), id="between_range_best_is_low"),
    pytest.param("15 to 30", N(15, 15, 30, "", False), id="to_range"),
    pytest.param("15-30", N(15, 15, 30, "", False), id="dash_range"),
    pytest.param("15–30", N(15, 15, 30, "", False), id="en_dash_range"),
    pytest.param("three or four", N(3, 3, 4, "", False), id="or_range_words"),
    pytest.param("dozens to hundreds", N(12, 12, 100, "dozens", True), id="vague_range"),
    pytest.param("six villagers", N(6, None, None, "", False), id="counted_noun_may_follow"),
    pytest.param("2016 refugees", N(2016, None, None, "", False), id="year_like_before_noun_is_count"),
]


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_numbers_parse_phrase(text: str, expected: NumberPhrase) -> None:
    assert parse_number_phrase(text) == expected


NOT_COUNTS = [
    pytest.param("in 2016", id="year_after_in"),
    pytest.param("1999", id="year_alone"),
    pytest.param("since 2011", id="year_after_since"),
    pytest.param("48 hours", id="hours"),
    pytest.param("three days", id="days"),
    pytest.param("24-hour", id="hyphen_hour"),
    pytest.param("a 9-year-old", id="age"),
    pytest.param("5th", id="ordinal_digits"),
    pytest.param("fifth", id="ordinal_word"),
    pytest.param("60%", id="percent_sign"),
    pytest.param("60 percent", id="percent_word"),
    pytest.param("60 per cent", id="per_cent"),
    pytest.param("$4 million", id="dollars_symbol"),
    pytest.param("4 million euros", id="euros_word"),
    pytest.param("20 km", id="kilometres"),
    pytest.param("2.5", id="decimal_without_multiplier"),
    pytest.param("between 10", id="between_without_second_number"),
    pytest.param("no one", id="no_one_is_not_one"),
    pytest.param("some", id="some_alone"),
    pytest.param("a", id="article_alone"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_numbers_non_counts_are_none(text: str) -> None:
    assert parse_number_phrase(text) is None


def test_numbers_find_gives_spans_and_skips_non_counts() -> None:
    text = "In 2015, more than 3,000 people fled within 48 hours and 40% of homes burned."
    found = find_number_phrases(text)
    assert [(s.text, s.phrase.best) for s in found] == [("more than 3,000", 3000)]
    span = found[0]
    assert text[span.start : span.end] == span.text


def test_numbers_from_to_is_a_change_not_a_range() -> None:
    found = find_number_phrases("The toll rose from 9 to 16.")
    assert [(s.text, s.phrase.low, s.phrase.high) for s in found] == [("9", None, None), ("16", None, None)]


def test_numbers_find_reads_several_phrases() -> None:
    found = find_number_phrases("Gunmen killed twenty-one and wounded between 5 and 8.")
    assert [(s.text, s.phrase.best, s.phrase.high) for s in found] == [
        ("twenty-one", 21, None),
        ("between 5 and 8", 5, 8),
    ]
