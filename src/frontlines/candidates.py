"""Sentences -> candidates: which sentences deserve the full parse.

A sentence is a candidate when its unparsed tokens hold
- a trigger that is an event by itself ("shelled", "airstrike", "protesters"), or
- a weak trigger ("attack", "fire", "operation") together with an armed actor we know, or
- a count next to a figure word ("12 killed"), or
- a reporting verb together with an armed actor or monitor we know ("the army said ..."), or
- a holding verb with an armed actor or with "still" ("they still hold the countryside").
Only those can yield events, figures or claims; a "sentence" longer than `MAX_PARSE_CHARS`
(a table, or a page with no full stops) is never parsed. The vocabulary is the lexicons' own, so a
new lexicon row widens the net by itself. A phrase counts when all its words are in the
sentence (in any inflection), which is cheap and never misses a real occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span

from .knowledge import load_json, load_rows
from .mentions.actors import actor_rows
from .mentions.attribution import marker_words, verb_lexicon
from .mentions.figures import FigureTerm
from .mentions.lexmatch import PhraseLexicon, inflections, split_words
from .mentions.times import month_names
from .mentions.triggers import TriggerRow, holding_verbs
from .sentences import SplitArticle

# Actors whose mention makes a weak trigger or a reporting verb worth a parse.
_CONFLICT_SECTORS = {"MIL", "POL", "REB", "UAG", "COM", "RIO", "PRO", "NGO", "IGO"}


@dataclass(frozen=True)
class _Phrase:
    words: tuple[frozenset[str], ...]

    def present(self, tokens: set[str]) -> bool:
        return all(forms & tokens for forms in self.words)


def _phrase(text: str, extra: Iterable[str] = ()) -> _Phrase:
    words = [w for w in split_words(text) if w != "-"]
    sets = [frozenset(inflections(w)) for w in words]
    sets[0] |= frozenset(f.lower() for f in extra)
    return _Phrase(tuple(sets))


class _PhraseIndex:
    """Phrases indexed by the forms of their first word, so a sentence checks only the
    phrases it could hold."""

    def __init__(self, phrases: Iterable[_Phrase]) -> None:
        self._by_first: dict[str, list[_Phrase]] = {}
        for phrase in phrases:
            for form in phrase.words[0]:
                self._by_first.setdefault(form, []).append(phrase)

    def any_present(self, words: set[str]) -> bool:
        return any(p.present(words) for w in words for p in self._by_first.get(w, ()))


@dataclass(frozen=True)
class _Vocabulary:
    strong: _PhraseIndex
    weak: _PhraseIndex
    actors: _PhraseIndex
    acronyms: frozenset[str]
    figure_words: frozenset[str]
    number_words: frozenset[str]
    reporting: frozenset[str]
    months: frozenset[str]
    holding: frozenset[str]


@cache
def _vocabulary() -> _Vocabulary:
    strong: list[_Phrase] = []
    weak: list[_Phrase] = []
    for row in load_rows("lexicons/triggers.v1.jsonl", TriggerRow):
        if not row.cls:
            continue
        # protest words name their actor themselves ("teachers marched"); other weak words
        # ("attack", "fire", "operation") need an armed actor or a source beside them
        weak_word = row.needs_actor or (row.strength == 1 and row.cls not in ("protest", "riot"))
        target = weak if weak_word else strong
        target.append(_phrase(row.words, row.forms))
    aliases = [
        alias
        for row in actor_rows()
        if row.sector in _CONFLICT_SECTORS and not row.weak
        for alias in row.aliases
    ]
    figure_rows = load_rows("lexicons/figures.v1.jsonl", FigureTerm)
    table = load_json("lexicons/numbers.v1.json")
    numbers: set[str] = {"no", "a", "an", "one"}
    for key in ("units", "tens", "multipliers", "vague_plurals", "vague_determiners"):
        value = table.get(key)
        if isinstance(value, dict):
            numbers |= {str(w).lower() for w in value}
    return _Vocabulary(
        strong=_PhraseIndex(strong),
        weak=_PhraseIndex(weak),
        actors=_PhraseIndex(_phrase(a) for a in aliases if not a.isupper()),
        acronyms=frozenset(a for a in aliases if a.isupper()),
        figure_words=PhraseLexicon((r.lemma, r.kind, (), r.forms) for r in figure_rows).surface_forms,
        number_words=frozenset(numbers),
        reporting=verb_lexicon().surface_forms | marker_words(),
        months=month_names(),
        holding=frozenset(form for lemma in holding_verbs() for form in inflections(lemma)),
    )


MAX_PARSE_CHARS = 5_000
"""The longest sentence the full pipeline parses (news sentences stay under 1,000)."""


def is_candidate(sent: Doc | Span) -> bool:
    """Whether one unparsed sentence may yield an event, a figure or a claim."""
    if len(sent.text) > MAX_PARSE_CHARS:
        return False
    vocab = _vocabulary()
    first = sent[0].i if len(sent) else 0
    # a capitalised month inside a sentence is a date, not the verb ("in March")
    words = {t.lower_ for t in sent if not (t.i != first and t.is_title and t.lower_ in vocab.months)}
    if vocab.strong.any_present(words):
        return True
    if words & vocab.figure_words and (any(t.like_num for t in sent) or words & vocab.number_words):
        return True
    armed = vocab.actors.any_present(words) or any(t.text in vocab.acronyms for t in sent)
    reported = bool(words & vocab.reporting)
    if armed and reported:
        return True
    if words & vocab.holding and (armed or "still" in words):
        return True
    return (armed or reported) and vocab.weak.any_present(words)


def find_candidates(split: SplitArticle) -> SplitArticle:
    """The same sentences, with `is_candidate` set."""
    marked = tuple(replace(s, is_candidate=is_candidate(d)) for s, d in zip(split.sentences, split.docs))
    return SplitArticle(marked, split.docs)
