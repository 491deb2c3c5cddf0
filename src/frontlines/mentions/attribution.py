"""Attribution: who in the article asserts what.

"X said (that) C", "C, X said", "X reported that C" and "according to X, C" give a
speaker and a claimed clause. Anything inside a claimed clause is `claimed_by` the speaker;
everything else is narrated by the publisher. The speaker's kind (state military, war
monitor, journalist, ...) comes from `lexicons/attribution.v1.jsonl`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Token

from ..knowledge import load_rows
from .lexmatch import PhraseLexicon, split_words

_SPEAKER_EXCLUDE = {"appos", "relcl", "punct", "conj", "cc", "advcl"}


class AttributionRow(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt column is an error, not ignored

    verb: str = ""
    marker: str = ""
    keyword: str = ""
    kind: str = ""
    forms: list[str] = []


@cache
def _rows() -> list[AttributionRow]:
    return load_rows("lexicons/attribution.v1.jsonl", AttributionRow)


@cache
def reporting_verbs() -> frozenset[str]:
    return frozenset(r.verb for r in _rows() if r.verb)


@cache
def verb_lexicon() -> PhraseLexicon[str]:
    return PhraseLexicon((r.verb, r.verb, (), r.forms) for r in _rows() if r.verb)


@cache
def marker_words() -> frozenset[str]:
    """First words of the speaker markers ("according" of "according to")."""
    return frozenset(split_words(r.marker)[0] for r in _rows() if r.marker)


@cache
def _kind_keywords() -> list[tuple[tuple[str, ...], str]]:
    return [(split_words(r.keyword), r.kind) for r in _rows() if r.keyword]


def speaker_kind(text: str) -> str:
    """The kind of a speaker phrase, from the first keyword row it contains."""
    words = split_words(text.replace("’", "'"))
    joined = " " + " ".join(words) + " "
    for keyword, kind in _kind_keywords():
        needle = " " + " ".join(keyword) + " "
        if needle in joined:
            return kind
        # plural and possessive forms of a one-word keyword ("officials", "monitor's")
        if len(keyword) == 1 and any(w.rstrip("s'") == keyword[0] for w in words):
            return kind
    return NAMED if _has_name(text) else UNNAMED


UNNAMED = "unnamed source"  # "he", "a source": nobody could weigh it
NAMED = "named source"  # "Zakaria Malahifji", "the Syrian Civil Defence": no keyword says what it is
_NOT_NAMES = frozenset({"the", "a", "an", "he", "she", "they", "it", "we", "i", "who", "this", "that", "one"})


def _has_name(text: str) -> bool:
    """Whether a speaker phrase holds a proper name: a capitalised word that is not a
    pronoun or an article."""
    return any(w[:1].isupper() and w.lower() not in _NOT_NAMES for w in text.split())


@dataclass(frozen=True)
class Quote:
    """A speaker and the token range of what they claim, within one sentence doc."""

    speaker: str
    kind: str
    speaker_start: int
    speaker_end: int
    content_start: int
    content_end: int
    verb: int


def _speaker_tokens(head: Token) -> list[Token]:
    keep: list[Token] = []

    def walk(tok: Token, depth: int) -> None:
        keep.append(tok)
        for child in tok.children:
            if child.dep_ in _SPEAKER_EXCLUDE:
                continue
            # keep "a bulletin issued by X" but not X's further detail ("from the base")
            if depth >= 1 and tok.dep_ == "acl" and child.dep_ not in ("agent", "pobj", "compound", "amod", "poss", "det"):
                continue
            if depth >= 3 and child.dep_ in ("prep", "acl"):
                continue
            walk(child, depth + 1)

    walk(head, 0)
    keep.sort(key=lambda t: t.i)
    # trim quotes and punctuation at the edges
    while keep and (keep[-1].is_punct or keep[-1].is_quote):
        keep.pop()
    while keep and (keep[0].is_punct or keep[0].is_quote):
        keep.pop(0)
    return keep


def _kind(head: Token, text: str) -> str:
    """The speaker's kind from its phrase, else from an apposition that says who it is
    ("Zakaria Malahifji, an official of the Fastaqim rebel group")."""
    kind = speaker_kind(text)
    if kind not in (UNNAMED, NAMED):
        return kind
    for appos in (c for c in head.children if c.dep_ == "appos"):
        described = speaker_kind(_span_text(list(appos.subtree)))
        if described not in (UNNAMED, NAMED):
            return described
    return kind


def _span_text(tokens: list[Token]) -> str:
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.replace("“", "").replace("”", "").replace('"', "")


def _clean_content(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].dep_ == "mark" and doc[start].lower_ == "that" or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def find_quotes(doc: Doc) -> list[Quote]:
    """Every attributed clause of a parsed sentence."""
    quotes: list[Quote] = []
    verbs = reporting_verbs()
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in verbs:
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        limit = len(doc)
        if subj is None:
            subj, limit = _trailing_speaker(doc, tok)
        if subj is None or subj.lower_ in ("it", "which", "that"):
            continue
        # "told reporters that C": the clause, not the addressee
        clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        content: tuple[int, int] | None = None
        if clause is not None:
            sub = list(clause.subtree)
            content = (sub[0].i, sub[-1].i + 1)
        elif tok.dep_ in ("parataxis", "ccomp") and tok.head.i != tok.i:
            # "C, X said": the parser hangs the reporting verb under the claimed clause
            head = tok.head
            left = [t for t in head.subtree if t.i < min(x.i for x in tok.subtree)]
            if left:
                content = (left[0].i, left[-1].i + 1)
        if content is None:
            continue
        speaker = _speaker_tokens(subj)
        if not speaker:
            continue
        start, end = _clean_content(doc, content[0], min(content[1], limit))
        if end <= start:
            continue
        text = _span_text(speaker)
        quotes.append(Quote(text, _kind(subj, text), speaker[0].i, speaker[-1].i + 1, start, end, tok.i))
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if not objs:
                continue
            speaker = _speaker_tokens(objs[0])
            if not speaker:
                continue
            text = _span_text(speaker)
            span_end = speaker[-1].i + 1
            if tok.i == 0 or doc[tok.i - 1].is_punct and tok.i <= 1:
                start, end = _clean_content(doc, span_end, len(doc))
            else:
                start, end = _clean_content(doc, 0, tok.i)
            if end > start:
                quotes.append(Quote(text, speaker_kind(text), speaker[0].i, span_end, start, end, tok.i))
    return quotes


_MAX_TRAILING_SPEAKER = 12  # tokens


def _trailing_speaker(doc: Doc, verb: Token) -> tuple[Token | None, int]:
    """"C, killing 12, the Observatory said.": the parser may lose the link between a
    sentence-final reporting verb and its subject; the noun phrase between the last comma
    and the verb is the speaker. Returns its head and where the claimed clause ends."""
    if any(not t.is_punct for t in doc[verb.i + 1 :]):
        return None, len(doc)
    comma = next((t.i for t in reversed(doc[: verb.i]) if t.text == ","), None)
    if comma is None or verb.i - comma > _MAX_TRAILING_SPEAKER:
        return None, len(doc)
    phrase = doc[comma + 1 : verb.i]
    heads = [t for t in phrase if t.pos_ in ("NOUN", "PROPN") and not comma < t.head.i < verb.i]
    return (heads[0] if heads else None), comma


def quote_for(quotes: list[Quote], token_index: int) -> Quote | None:
    """The innermost quote whose claimed clause holds this token."""
    holding = [q for q in quotes if q.content_start <= token_index < q.content_end]
    return min(holding, key=lambda q: q.content_end - q.content_start) if holding else None
