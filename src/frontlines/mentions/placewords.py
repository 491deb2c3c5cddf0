"""Words around place names (`data/lexicons/places.v1.json`), read once and validated."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from ..knowledge import load_model


class PlaceWords(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    comment: str = Field(default="", alias="_comment")
    locative: frozenset[str]
    place_nouns: frozenset[str]
    name_particles: frozenset[str]
    relation_before: dict[str, str]
    relation_after: dict[str, str]
    origin_before: frozenset[str]
    cause_prepositions: frozenset[str]
    cause_heads: frozenset[str]
    container_words: frozenset[str]
    not_a_place_after: frozenset[str]
    area_adjectives: frozenset[str]
    feature_nouns: frozenset[str]
    street_nouns: frozenset[str]
    road_nouns: frozenset[str]
    qualifier_nouns_after: frozenset[str]
    neighbourhood_prefixes: frozenset[str]
    macro_regions: frozenset[str]
    peoples: frozenset[str]


@cache
def place_words() -> PlaceWords:
    return load_model("lexicons/places.v1.json", PlaceWords)
