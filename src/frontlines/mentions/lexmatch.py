"""Matching lemma and phrase vocabularies against tokens.

A lexicon entry is a word or a phrase; each word of it matches a token whose lemma or
lower-case form equals it. The same entries give the surface forms (regular inflections
plus the irregular `forms` a row lists) that the cheap candidate pass looks for in
unparsed text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from spacy.tokens import Doc, Token

Payload = TypeVar("Payload")

_VOWELS = set("aeiou")


def inflections(word: str) -> set[str]:
    """Regular English inflections of a word; generous, since extra forms only cost a parse."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "d"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word + "d"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) > 2 and word[-1] not in _VOWELS and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def split_words(phrase: str) -> tuple[str, ...]:
    """Words of a phrase as spaCy's English tokenizer splits them (hyphens apart)."""
    words: list[str] = []
    for part in phrase.lower().split():
        pieces = part.split("-")
        for i, piece in enumerate(pieces):
            if i:
                words.append("-")
            if piece:
                words.append(piece)
    return tuple(words)


@dataclass(frozen=True)
class Match(Generic[Payload]):
    start: int
    end: int
    payload: Payload


@dataclass(frozen=True)
class _Entry(Generic[Payload]):
    words: tuple[str, ...]
    payload: Payload
    pos: frozenset[str]
    first_forms: frozenset[str]


class PhraseLexicon(Generic[Payload]):
    """Words and phrases with a payload each, matched on lemma or lower-case form."""

    def __init__(self, entries: Iterable[tuple[str, Payload, Sequence[str], Sequence[str]]]) -> None:
        self._by_first: dict[str, list[_Entry[Payload]]] = {}
        self._exact: dict[str, list[_Entry[Payload]]] = {}
        self._forms: set[str] = set()
        for phrase, payload, pos, forms in entries:
            if phrase.isupper():
                # an acronym that is also a word ("IS") matches only as written
                self._exact.setdefault(phrase, []).append(_Entry((phrase,), payload, frozenset(pos), frozenset()))
                continue
            words = split_words(phrase)
            # The first word also matches by its listed irregular forms: the small model's
            # lemmatizer misses some ("retook", "raped").
            first_forms = frozenset({words[0], *(f.lower() for f in forms)})
            entry = _Entry(words, payload, frozenset(pos), first_forms)
            for key in first_forms:
                self._by_first.setdefault(key, []).append(entry)
            self._forms |= inflections(words[0]) | first_forms
        for options in self._by_first.values():
            options.sort(key=lambda e: -len(e.words))

    @property
    def surface_forms(self) -> frozenset[str]:
        """Lower-case forms that may start a match, for the cheap candidate pass."""
        return frozenset(self._forms)

    @staticmethod
    def _keys(token: Token) -> tuple[str, str]:
        return token.lower_, token.lemma_.lower()

    def find(self, doc: Doc | Sequence[Token]) -> list[Match[Payload]]:
        """Longest non-overlapping matches, left to right."""
        tokens = list(doc)
        found: list[Match[Payload]] = []
        i = 0
        while i < len(tokens):
            matched: _Entry[Payload] | None = None
            for key in dict.fromkeys(self._keys(tokens[i])):
                for entry in self._by_first.get(key, ()):
                    if entry.pos and tokens[i].pos_ not in entry.pos:
                        continue
                    if matched is not None and len(entry.words) <= len(matched.words):
                        break
                    if self._matches(tokens, i, entry.words):
                        matched = entry
                        break
            if matched is None and tokens[i].text in self._exact:
                matched = self._exact[tokens[i].text][0]
            if matched is None:
                i += 1
                continue
            found.append(Match(i, i + len(matched.words), matched.payload))
            i += len(matched.words)
        return found

    def _matches(self, tokens: list[Token], i: int, words: tuple[str, ...]) -> bool:
        if i + len(words) > len(tokens):
            return False
        return all(w in self._keys(tokens[i + k]) for k, w in enumerate(words) if k)
