"""Sentences -> candidates: which sentences deserve the full parse.

A sentence is a candidate when its unparsed tokens hold an event trigger, a count next to
a figure word ("12 killed"), or a reporting verb together with an actor we know ("the
army said ..."): only those can yield events, figures or claims. The vocabulary is the
surface forms of the lexicons, so a new lexicon row widens the net by itself.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from pydantic import BaseModel
from spacy.tokens import Doc

from .knowledge import load_json, load_rows
from .mentions.actors import strong_alias_forms
from .mentions.attribution import verb_lexicon
from .mentions.lexmatch import PhraseLexicon
from .mentions.triggers import trigger_lexicon
from .sentences import SplitArticle


class _FigureWord(BaseModel):
    lemma: str
    kind: str


@cache
def _figure_forms() -> frozenset[str]:
    rows = load_rows("lexicons/figures.v1.jsonl", _FigureWord)
    return PhraseLexicon((r.lemma, r.kind, (), ()) for r in rows).surface_forms


@cache
def _number_words() -> frozenset[str]:
    table = load_json("lexicons/numbers.v1.json")
    words: set[str] = set()
    for key in ("units", "tens", "multipliers", "vague_plurals", "vague_determiners"):
        value = table.get(key)
        if isinstance(value, dict):
            words |= {str(w).lower() for w in value}
    words |= {"no", "a", "an", "one"}
    return frozenset(words)


def is_candidate(doc: Doc) -> bool:
    """Whether one unparsed sentence may yield an event, a figure or a claim."""
    words = {t.lower_ for t in doc}
    if words & trigger_lexicon().surface_forms:
        return True
    if words & _figure_forms() and (any(t.like_num for t in doc) or words & _number_words()):
        return True
    return bool(words & verb_lexicon().surface_forms and words & strong_alias_forms())


def find_candidates(split: SplitArticle) -> SplitArticle:
    """The same sentences, with `is_candidate` set."""
    marked = tuple(replace(s, is_candidate=is_candidate(d)) for s, d in zip(split.sentences, split.docs))
    return SplitArticle(marked, split.docs)
