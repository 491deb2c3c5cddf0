"""The cheap pass: which sentences get the full parse."""

from __future__ import annotations

import pytest

from frontlines.candidates import is_candidate
from frontlines.nlp import load_splitter


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Artillery shelled the outskirts of the town overnight.", True),  # a trigger that is an event by itself
        ("Hundreds of teachers marched through the capital.", True),  # protest words name their own actor
        ("Four people were killed and nine wounded.", True),  # a count beside a figure word
        ("More than 2,000 families fled their homes.", True),  # an irregular form of a figure word
        ("The army said the situation was calm.", True),  # a source and an armed actor
        ("According to residents, a bridge was destroyed.", True),  # a weak trigger beside a source
        ("Gunmen opened fire on a bus.", True),  # a weak trigger beside an armed actor
        ("The company opened a new factory.", False),  # "open" alone, no phrase "open fire"
        ("Shares fell sharply in early trading.", False),
        ("The minister attacked the opposition's budget plan.", False),  # weak trigger, no armed actor, no source
        ("The new season starts in March.", False),  # first words of phrases ("new base") alone do not count
    ],
)
def test_candidates_sentence_selection(sentence: str, expected: bool) -> None:
    assert is_candidate(load_splitter().make_doc(sentence)) is expected
