"""Place mentions in a parsed sentence (coordinates come with the geocoding stage).

spaCy's small model tags some towns as NORP, PERSON or ORG ("Aleppo", "Ein Issa"); such a
mention counts as a place when a locative preposition precedes it or a place noun follows
it (and, for PERSON/ORG, the gazetteer knows the name), and it is not a demonym we know.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc, Span

from ..gazetteer import candidates
from ..knowledge import load_model
from ..types import Place
from .actors import country_lexicon

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_MISLABELLED = {"NORP", "PERSON", "ORG"}


class _PlaceWords(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    comment: str = Field(default="", alias="_comment")
    locative: frozenset[str]
    place_nouns: frozenset[str]
    name_particles: frozenset[str]
    relation_before: dict[str, str]
    relation_after: dict[str, str]


@cache
def _words() -> _PlaceWords:
    return load_model("lexicons/places.v1.json", _PlaceWords)


@cache
def _demonyms() -> frozenset[str]:
    return country_lexicon().surface_forms


def _is_place(ent: Span) -> bool:
    if ent.label_ in _PLACE_LABELS:
        return True
    if ent.label_ not in _MISLABELLED or ent.text.lower() in _demonyms():
        return False
    # The small model calls many towns NORP, PERSON or ORG ("Aleppo", "Ein Issa"): trust
    # the context, "in X" / "X province", and for PERSON/ORG the gazetteer too.
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
    in_context = before in _words().locative or after in _words().place_nouns
    if ent.label_ == "NORP":
        return in_context
    # a place qualified by the wider area it is in: "Zapopan, Jalisco", "Baqim district (Sadah)"
    qualifying = before in ("(", ",") and ent.end < len(ent.doc) and ent.doc[ent.end].text in (")", ",", ".")
    return (in_context or qualifying) and bool(candidates(ent.text, exact=True))


def _relation(ent: Span) -> str:
    """How the text places the event relative to this place: "X countryside", "rural X",
    "X province" name the area around or the province; "west of X" a point near it."""
    after = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
    if after in _words().relation_after:
        return _words().relation_after[after]
    before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    if before in ("(", ",") and after in (")", ",", "."):
        return "province"  # "Baqim district (Sadah)", "Zapopan, Jalisco": the wider area
    window = ent.doc[max(0, ent.start - 3) : ent.start]
    for tok in reversed(list(window)):
        if tok.lower_ in _words().relation_before:
            return _words().relation_before[tok.lower_]
    return ""


def _unlabelled_names(doc: Doc) -> list[Span]:
    """Proper names right after a locative preposition that NER left out ("in Kafr
    Takharim in Idleb"), kept when the gazetteer knows them or the text calls them a place
    ("the village of X", "X district")."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    found: list[Span] = []
    for tok in doc:
        if tok.lower_ not in _words().locative or tok.i + 1 >= len(doc):
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 5 and end not in taken and (
            doc[end].pos_ == "PROPN" or doc[end].lower_ in _words().name_particles
        ):
            end += 1
        while end > tok.i + 1 and doc[end - 1].pos_ != "PROPN":
            end -= 1  # a name ends on a proper noun, not on "al" or a hyphen
        if end > tok.i + 1:
            span = doc[tok.i + 1 : end]
            named_as_place = (tok.i > 0 and doc[tok.i - 1].lower_ in _words().place_nouns) or (
                end < len(doc) and doc[end].lower_ in _words().place_nouns
            )
            # "the village of X" / "X district" is a place even when the gazetteer lacks it
            if named_as_place or candidates(span.text, exact=True):
                found.append(span)
    return found


def find_places(doc: Doc, *, offset: int = 0) -> list[Place]:
    """Place mentions of one sentence, in order; offsets shifted by `offset`."""
    spans = [ent for ent in doc.ents if _is_place(ent)] + _unlabelled_names(doc)
    return [
        Place(text=span.text, relation=_relation(span), start=offset + span.start_char, end=offset + span.end_char)
        for span in sorted(spans, key=lambda span: span.start)
    ]
