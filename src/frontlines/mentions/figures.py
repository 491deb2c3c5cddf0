"""Casualty, displacement and detention figures in one parsed sentence.

`find_figures(doc)` takes ONE sentence parsed by the full pipeline (`nlp.load_nlp()`)
and returns a `FigureMention` per count of people it reports:

1. Number phrases come from `numbers.find_number_phrases` on `doc.text` (years, times,
   money and percentages are already left out there).
2. The counted noun is the noun the number modifies ("three civilians") or the one
   after "of" ("dozens of civilians"); a number may also stand alone ("wounded 5").
   A noun that is not a person ("3 tanks") is not a figure.
3. The kind comes from the dependency parse, in this order: the complement of the
   governing verb ("were reported dead", "left 5 people dead", "forced 2,000 to flee");
   the governing verb or adjective, when the count has the right role for it (victims
   are objects or passive subjects: "killed 3", "three were killed", "four injured";
   those who flee are subjects); a total noun ("the death toll rose to 12"); a modifier
   of the noun ("civilians killed", "displaced people"); the noun itself ("12 fatalities",
   "200 refugees"). The words are in `lexicons/figures.v1.jsonl`.
4. Counts without a number: zero ("No fatalities were reported", "without casualties",
   "no one was hurt": best 0, qualifier "none reported"), one ("a civilian was killed",
   a named person), and plural nouns with no count ("incurring fatalities", "soldiers were
   killed": vague, with ACLED's value for an unknown count, 3; no value is guessed for
   displacement).

`negated` is True when the sentence denies the figure, hedges it with a modal or puts it
in the future ("could kill 100", "denied killing 20", "were not killed"). Such figures are
kept, not omitted, so the events stage can decide; zero figures are never negated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Span, Token

from ..knowledge import load_json, load_rows
from ..types import FigureKind
from .numbers import LEXICON as NUMBERS_LEXICON
from .numbers import NumberPhrase, NumberSpan, find_number_phrases

LEXICON = "lexicons/figures.v1.jsonl"

# Dependency labels (spaCy's English scheme), not vocabulary.
_NUMBER_TO_NOUN = frozenset({"nummod", "quantmod", "amod", "det", "compound", "nmod"})
_ARGUMENT = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "oprd"})
_OBJECT = frozenset({"dobj", "dative", "nsubjpass", "attr", "oprd"})
_COMPLEMENT = frozenset({"oprd", "acomp", "xcomp"})
_SUBJECT = frozenset({"nsubj", "nsubjpass"})
_NOUN_LEFT = frozenset({"det", "amod", "compound", "nummod", "quantmod", "poss"})
_MODIFIER = frozenset({"advmod", "amod", "quantmod", "cc", "prep", "det"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})


class FigureTerm(BaseModel):
    """A row of `lexicons/figures.v1.jsonl`."""

    model_config = ConfigDict(extra="forbid")

    lemma: str
    kind: FigureKind
    pos: Literal["verb", "noun", "adj"] = "verb"
    role: Literal["object", "subject", "any"] = "any"
    needs_person: bool = False
    total: bool = False
    forms: list[str] = []  # irregular inflections, for the cheap candidate pass


class FigureContext(BaseModel):
    """The `figure_context` section of `lexicons/numbers.v1.json`."""

    model_config = ConfigDict(extra="forbid")

    people_nouns: frozenset[str]
    singular_determiners: frozenset[str]
    plural_blockers: frozenset[str]
    zero_determiners: frozenset[str]
    zero_preps: frozenset[str]
    zero_pronouns: frozenset[str]
    modal_aux: frozenset[str]
    negations: frozenset[str]
    hedge_verbs: frozenset[str]
    controller_deps: frozenset[str]
    period_preps: frozenset[str]
    period_units: frozenset[str]
    period_drop: frozenset[str]
    fraction_words: frozenset[str]
    of_which_pronouns: frozenset[str]
    of_which_preps: frozenset[str]
    total_deps_to: frozenset[str]
    unknown_count: dict[FigureKind, int]
    zero_qualifier: str
    unknown_qualifier: str


@dataclass(frozen=True)
class FigureMention:
    """A count of people of one kind, with character offsets into `doc.text`."""

    kind: FigureKind
    best: int
    low: int | None
    high: int | None
    qualifier: str
    vague: bool
    start: int
    end: int
    text: str
    of_which: dict[str, str] = field(default_factory=dict)
    period: str = ""
    negated: bool = False


@dataclass(frozen=True)
class _Vocab:
    verbs: dict[str, FigureTerm]
    nouns: dict[str, FigureTerm]
    adjs: dict[str, FigureTerm]
    ctx: FigureContext


@cache
def _vocab() -> _Vocab:
    tables: dict[str, dict[str, FigureTerm]] = {"verb": {}, "noun": {}, "adj": {}}
    for term in load_rows(LEXICON, FigureTerm):
        tables[term.pos][term.lemma] = term
    ctx = FigureContext.model_validate(load_json(NUMBERS_LEXICON)["figure_context"])
    return _Vocab(tables["verb"], tables["noun"], tables["adj"], ctx)


def _keys(tok: Token) -> list[str]:
    """Lookup keys, most specific first: "round up", "death toll", lemma, surface form."""
    lemma = tok.lemma_.lower()
    keys = [lemma, tok.lower_]
    for child in tok.children:
        if child.dep_ == "prt":
            keys.insert(0, f"{lemma} {child.lower_}")
    compounds = [c.lemma_.lower() for c in tok.lefts if c.dep_ == "compound"]
    if compounds:
        keys.insert(0, " ".join([*compounds, lemma]))
    return keys


def _term(tok: Token, vocab: _Vocab) -> FigureTerm | None:
    """The lexicon entry for a token, trying its own part of speech first (taggers slip)."""
    if tok.pos_ in _VERBS:
        order = (vocab.verbs, vocab.adjs, vocab.nouns)
    elif tok.pos_ == "ADJ":
        order = (vocab.adjs, vocab.verbs, vocab.nouns)
    else:
        order = (vocab.nouns, vocab.adjs, vocab.verbs)
    keys = _keys(tok)
    for table in order:
        for key in keys:
            term = table.get(key)
            if term is not None:
                return term
    return None


def _noun_term(tok: Token, vocab: _Vocab) -> FigureTerm | None:
    """A nominal entry only ("fatalities", "dead", "death toll")."""
    keys = _keys(tok)
    for table in (vocab.nouns, vocab.adjs):
        for key in keys:
            term = table.get(key)
            if term is not None:
                return term
    return None


def _is_person(tok: Token, vocab: _Vocab) -> bool:
    people = vocab.ctx.people_nouns
    return tok.lemma_.lower() in people or tok.lower_ in people or tok.ent_type_ in ("NORP", "PERSON")


def _role_ok(term: FigureTerm, head: Token, dep: str, person: bool) -> bool:
    """Does a count with dependency `dep` on `head` hold the role the term needs?"""
    if term.needs_person and not person:
        return False
    if term.pos != "verb" or term.role == "any":
        return dep in _ARGUMENT
    if dep in _OBJECT:
        return term.role == "object"
    if dep == "nsubj":
        if term.role == "subject":
            return True
        # Reduced passive: "four injured", "several killed". These verbs take an object,
        # so one without object or "have" is passive even when tagged past tense.
        return head.tag_ in ("VBN", "VBD") and not any(c.dep_ in ("aux", "dobj") for c in head.children)
    return False


def _complement_ok(term: FigureTerm, comp: Token, dep: str, person: bool) -> bool:
    if term.needs_person and not person:
        return False
    if term.pos != "verb" or term.role == "any":
        return True  # "were reported dead", "left 5 people dead"
    if term.role == "object":
        return comp.tag_ == "VBN"  # "were reported killed"
    return dep in _ARGUMENT  # "forced 2,000 families to flee"


def _total_kind(tok: Token, vocab: _Vocab) -> tuple[FigureKind, Token] | None:
    """The kind a total names: "the death toll", "the number of displaced people"."""
    term = _noun_term(tok, vocab)
    if term is not None:
        return term.kind, tok
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    inner = _noun_term(pobj, vocab)
                    if inner is not None:
                        return inner.kind, pobj
                    found = _from_modifiers(pobj, vocab, person=_is_person(pobj, vocab))
                    if found is not None:
                        return found
    return None


def _from_governor(arg: Token, vocab: _Vocab, *, person: bool) -> tuple[FigureKind, Token] | None:
    """The kind the clause gives a count: its verb, the verb's complement, or a total."""
    head, dep = arg.head, arg.dep_
    if head.i == arg.i:
        return None
    if dep in _ARGUMENT:
        for comp in head.children:
            if comp.dep_ in _COMPLEMENT and comp.i != arg.i:
                term = _term(comp, vocab)
                if term is not None and _complement_ok(term, comp, dep, person):
                    return term.kind, comp
        term = _term(head, vocab)
        if term is not None and not term.total and _role_ok(term, head, dep, person):
            return term.kind, head
        if dep == "nsubj" and head.lemma_ == "be":  # "14 soldiers were among the dead"
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "among":
                    for pobj in prep.children:
                        term = _noun_term(pobj, vocab) if pobj.dep_ == "pobj" else None
                        if term is not None and not term.total:
                            return term.kind, pobj
        if dep in ("attr", "dobj"):  # "the toll was 12", "the toll reached 12"
            for sibling in head.children:
                if sibling.dep_ in _SUBJECT:
                    found = _total_kind(sibling, vocab)
                    if found is not None:
                        return found
        return None
    if dep == "pobj":
        prep, owner = head, head.head
        if prep.lower_ == "of" and owner.pos_ in _NOUNS:  # "the deaths of 12 people"
            term = _noun_term(owner, vocab)
            if term is not None:
                return term.kind, owner
        # "rose from 10 to 25" can parse as "from (10 to 25)": the figure is still "to" 25.
        to_figure = prep.lower_ in vocab.ctx.total_deps_to or (
            prep.lower_ == "from" and any(c.lower_ == "to" for c in arg.children)
        )
        if to_figure and owner.pos_ in _VERBS:
            for sibling in owner.children:  # "the toll rose to 12", "bringing the toll to 40"
                if sibling.dep_ in ("nsubj", "nsubjpass", "dobj"):
                    found = _total_kind(sibling, vocab)
                    if found is not None:
                        return found
    return None


def _from_modifiers(noun: Token, vocab: _Vocab, *, person: bool) -> tuple[FigureKind, Token] | None:
    """The kind a noun's own modifiers give: "wounded soldiers", "civilians killed"."""
    for child in noun.children:
        if child.dep_ not in ("amod", "acl", "relcl", "compound"):
            continue
        term = _term(child, vocab)
        if term is None or term.total or (term.needs_person and not person):
            continue
        if child.dep_ in ("amod", "compound") or term.pos != "verb" or term.role == "any":
            return term.kind, child
        if child.dep_ == "acl":
            role = "object" if child.tag_ == "VBN" else "subject"
        else:  # a relative clause: "who were killed" / "who fled"
            deps = {c.dep_ for c in child.children}
            role = "object" if "nsubjpass" in deps or child.tag_ == "VBN" and "aux" not in deps else "subject"
        if role == term.role:
            return term.kind, child
    return None


def _kind(arg: Token, noun: Token | None, vocab: _Vocab, *, person: bool) -> tuple[FigureKind, Token] | None:
    # A later conjunct shares the first one's role: "killed three soldiers and two civilians".
    while arg.dep_ == "conj" and arg.head.i != arg.i and arg.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        arg = arg.head
    found = _from_governor(arg, vocab, person=person)
    if found is not None:
        return found
    # A parser may hang the verb on the count: "two injured" as number + acl.
    found = _from_modifiers(noun if noun is not None else arg, vocab, person=person)
    if found is not None or noun is None:
        return found
    if found is not None:
        return found
    term = _noun_term(noun, vocab)
    if term is not None and not term.total:
        return term.kind, noun
    return None


def _negated(tok: Token, vocab: _Vocab) -> bool:
    """Denied, hedged by a modal, or future: "could kill", "denied killing", "not killed"."""
    ctx = vocab.ctx
    current = tok
    for _ in range(8):  # a clause chain is short; the bound guards odd parses
        for child in current.children:
            if child.dep_ == "neg" and child.lower_ in ctx.negations:
                return True
            if child.dep_ == "aux" and child.lower_ in ctx.modal_aux:
                return True
        if current.i != tok.i and current.lemma_.lower() in ctx.hedge_verbs:
            return True
        if current.dep_ == "conj":  # "could kill 10 and injure 20": the modal sits on "kill"
            return any(c.dep_ == "aux" and c.lower_ in ctx.modal_aux for c in current.head.children)
        if current.dep_ not in ctx.controller_deps or current.head.i == current.i:
            return False
        current = current.head
    return False


def _period(tok: Token, vocab: _Vocab) -> str:
    """The time span a figure covers: "24 hours" from "in the past 24 hours"."""
    ctx = vocab.ctx
    doc = tok.doc
    seen: set[int] = set()
    current: Token | None = tok
    while current is not None and current.i not in seen:
        seen.add(current.i)
        for prep in current.children:
            if prep.dep_ != "prep" or prep.lower_ not in ctx.period_preps:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in ctx.period_units:
                    first = pobj.left_edge.i
                    while first < pobj.i and doc[first].lower_ in ctx.period_drop:
                        first += 1
                    return doc[first : pobj.i + 1].text
        current = current.head if current.head.i != current.i else None
    return ""


def _quantity_text(noun: Token) -> str:
    lefts = [c for c in noun.lefts if c.dep_ in ("nummod", "quantmod", "amod", "det")]
    if not lefts:
        return ""
    start = min(c.left_edge.i for c in lefts)
    return noun.doc[start : noun.i].text.lower()


def _parts(prep: Token, vocab: _Vocab, used: set[int], out: dict[str, str]) -> None:
    """The counted parts under "including"/"among": "including 4 women and 3 children"."""
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        for part in (pobj, *pobj.conjuncts):
            value = _quantity_text(part)
            if value and _is_person(part, vocab) and part.i not in used:
                out[part.lower_] = value
                used.update(range(part.left_edge.i, part.i + 1))


def _of_which(doc: Doc, owners: list[Token], vocab: _Vocab, used: set[int]) -> dict[str, str]:
    """Parts of a count: "..., more than half of them children", "including three children"."""
    ctx = vocab.ctx
    out: dict[str, str] = {}
    for owner in owners:
        for child in owner.children:
            if child.dep_ == "prep" and child.lower_ in ctx.of_which_preps:
                _parts(child, vocab, used, out)
    # Apposition-like parts follow the counted noun or the verb: try right after each.
    for after in sorted({owner.i for owner in owners}):
        if out:
            break
        out = _of_which_after(doc, after, vocab, used)
    return out


def _of_which_after(doc: Doc, after: int, vocab: _Vocab, used: set[int]) -> dict[str, str]:
    ctx = vocab.ctx
    out: dict[str, str] = {}
    p = after + 1
    if p < len(doc) and doc[p].is_punct:
        p += 1
    if p + 1 < len(doc) and doc[p].lower_ in ctx.of_which_preps and doc[p + 1].lower_ in ctx.of_which_pronouns:
        # "among them two children": a quantity, then the person noun.
        for k in range(p + 2, min(p + 8, len(doc))):
            if doc[k].is_punct:
                break
            if _is_person(doc[k], vocab) and k > p + 2:
                out[doc[k].lower_] = doc[p + 2 : k].text.lower()
                used.update(range(p, k + 1))
                break
        return out
    # "<quantity> of them <noun>", "<quantity> of whom were <noun>".
    k = p
    while k < len(doc) and k - p < 5 and doc[k].lower_ != "of" and not doc[k].is_punct:
        k += 1
    if not (
        k > p
        and k + 2 < len(doc)
        and doc[k].lower_ == "of"
        and doc[k + 1].lower_ in ctx.of_which_pronouns
        and (doc[k - 1].lower_ in ctx.fraction_words or doc[k - 1].like_num)
    ):
        return out
    first = doc[k + 3] if doc[k + 2].pos_ == "AUX" and k + 3 < len(doc) else doc[k + 2]
    parts = [first, *first.conjuncts]
    for part in parts:
        if _is_person(part, vocab):
            out[part.lower_] = doc[p:k].text.lower()
    if out:
        used.update(range(p, max(t.i for t in parts) + 1))
    return out


def _counted_noun(toks: Span, inside: set[int]) -> tuple[Token | None, Token]:
    """(counted noun, the token whose clause role decides the kind)."""
    for tok in toks:
        head = tok.head
        if head.i not in inside and tok.dep_ in _NUMBER_TO_NOUN and head.pos_ in ("NOUN", "PROPN", "ADJ"):
            return head, head
    roots = [t for t in toks if (t.head.i not in inside or t.head is t) and not t.is_punct]
    # "wounded dozens more": "more" may hang off the verb too; the count is the argument.
    args = [t for t in roots if t.dep_ not in _MODIFIER]
    root = (args or roots or [toks[-1]])[-1]
    for tok in toks:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.pos_ in _NOUNS and pobj.i not in inside:
                        if any(c.dep_ == "nummod" for c in pobj.children):
                            return None, root  # "one of 15 students": the 15 is its own count
                        return pobj, root
    return None, root


def _mention(
    doc: Doc,
    kind: FigureKind,
    phrase: NumberPhrase,
    start: int,
    end: int,
    *,
    of_which: dict[str, str] | None = None,
    period: str = "",
    negated: bool = False,
) -> FigureMention:
    return FigureMention(
        kind=kind,
        best=phrase.best,
        low=phrase.low,
        high=phrase.high,
        qualifier=phrase.qualifier,
        vague=phrase.vague,
        start=start,
        end=end,
        text=doc.text[start:end],
        of_which=of_which or {},
        period=period,
        negated=negated,
    )


def _context_of(kind_tok: Token, arg: Token) -> Token:
    """The token whose clause carries negation and period: the verb, else the count's head."""
    return kind_tok if kind_tok.pos_ in _VERBS or kind_tok.pos_ == "ADJ" else arg.head


def _from_number(doc: Doc, span: NumberSpan, vocab: _Vocab, used: set[int]) -> FigureMention | None:
    toks = doc.char_span(span.start, span.end, alignment_mode="expand")
    if toks is None or any(t.i in used for t in toks):
        return None
    inside = {t.i for t in toks}
    noun, arg = _counted_noun(toks, inside)
    if noun is not None and noun.pos_ == "PRON":
        noun = None
    person = noun is not None and _is_person(noun, vocab)
    if noun is not None and not person and _noun_term(noun, vocab) is None:
        if _from_modifiers(noun, vocab, person=False) is None:
            return None  # "3 tanks", "12 December": not a count of people
    found = _kind(arg, noun, vocab, person=person)
    if found is None:
        return None
    kind, kind_tok = found
    used.update(inside)
    start, end = span.start, span.end
    if noun is not None:
        used.add(noun.i)
        start, end = min(start, noun.idx), max(end, noun.idx + len(noun))
    if kind_tok.pos_ in _NOUNS:
        used.add(kind_tok.i)  # "the deaths of 12 people": "deaths" is not a second figure
    context = _context_of(kind_tok, arg)
    return _mention(
        doc,
        kind,
        span.phrase,
        start,
        end,
        of_which=_of_which(doc, [t for t in (toks[-1], noun, kind_tok) if t is not None], vocab, used),
        period=_period(context, vocab),
        negated=_negated(context, vocab),
    )


def _zero_marker(tok: Token, vocab: _Vocab) -> Token | None:
    """The word that says a count is zero: "no", "neither", "without", or `tok` itself."""
    ctx = vocab.ctx
    if tok.lower_ in ctx.zero_pronouns:
        return tok
    for child in tok.lefts:
        if child.dep_ in ("det", "neg", "preconj", "advmod") and child.lower_ in ctx.zero_determiners:
            return child
    head = tok.head
    if tok.dep_ == "conj" and head is not tok and _zero_marker(head, vocab) is not None:
        return tok  # "neither injuries nor fatalities"
    if tok.dep_ == "pobj" and head.lower_ in ctx.zero_preps:
        return head  # "without casualties"
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i:
        for child in head.head.lefts:  # "no reports of casualties"
            if child.dep_ == "det" and child.lower_ in ctx.zero_determiners:
                return child
    return None


def _left_start(tok: Token) -> int:
    lefts = [c.left_edge.idx for c in tok.lefts if c.dep_ in _NOUN_LEFT]
    return min([tok.idx, *lefts])


def _without_number(doc: Doc, vocab: _Vocab, used: set[int]) -> list[FigureMention]:
    ctx = vocab.ctx
    out: list[FigureMention] = []
    for tok in doc:
        if tok.i in used or tok.dep_ == "compound" or any(c.dep_ == "nummod" for c in tok.children):
            continue
        term = _noun_term(tok, vocab) if tok.pos_ not in _VERBS else None
        if term is not None and term.total:
            continue
        person = _is_person(tok, vocab) or tok.lower_ in ctx.zero_pronouns
        marker = _zero_marker(tok, vocab) if term is not None or person or tok.lower_ == "one" else None
        if marker is not None:
            found = (term.kind, tok) if term is not None else _kind(tok, tok, vocab, person=True)
            if found is not None:
                used.add(tok.i)
                zero = NumberPhrase(best=0, low=None, high=None, qualifier=ctx.zero_qualifier, vague=False)
                start = min(marker.idx, _left_start(tok))
                out.append(_mention(doc, found[0], zero, start, tok.idx + len(tok)))
            continue
        if tok.pos_ not in _NOUNS:
            continue
        plural = tok.tag_ in ("NNS", "NNPS")
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss", "predet")}
        if plural and not dets & ctx.plural_blockers:
            if term is not None and not person:
                found = (term.kind, tok)
            else:
                found = _kind(tok, tok, vocab, person=person) if (person or term) else None
            if found is None or found[0] not in ctx.unknown_count:
                continue
            value = ctx.unknown_count[found[0]]
            phrase = NumberPhrase(best=value, low=None, high=None, qualifier=ctx.unknown_qualifier, vague=True)
        elif not plural and person and (dets & ctx.singular_determiners or tok.ent_type_ == "PERSON"):
            found = _from_governor(tok, vocab, person=True) or _from_modifiers(tok, vocab, person=True)
            if found is None:
                continue
            phrase = NumberPhrase(best=1, low=None, high=None, qualifier="", vague=False)
        else:
            continue
        used.add(tok.i)
        context = _context_of(found[1], tok)
        out.append(
            _mention(
                doc,
                found[0],
                phrase,
                _left_start(tok),
                tok.idx + len(tok),
                period=_period(context, vocab),
                negated=_negated(context, vocab),
            )
        )
    return out


def find_figures(doc: Doc) -> list[FigureMention]:
    """Every figure (killed, injured, displaced, detained) in one parsed sentence."""
    vocab = _vocab()
    used: set[int] = set()
    out: list[FigureMention] = []
    for span in find_number_phrases(doc.text):
        mention = _from_number(doc, span, vocab, used)
        if mention is not None:
            out.append(mention)
    out.extend(_without_number(doc, vocab, used))
    out.sort(key=lambda m: m.start)
    return out
