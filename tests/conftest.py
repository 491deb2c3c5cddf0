"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import pytest
from spacy.language import Language

from frontlines.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full English pipeline, loaded once per test session."""
    return load_nlp()
