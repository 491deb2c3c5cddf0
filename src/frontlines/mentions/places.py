"""Place mentions in a parsed sentence (coordinates come with the geocoding stage).

spaCy's small model tags some towns as NORP, PERSON or ORG ("Aleppo", "Ein Issa"); such a
mention counts as a place when a locative preposition precedes it or a place noun follows
it (and, for PERSON/ORG, the gazetteer knows the name), and it is not a demonym we know.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from ..gazetteer import candidates, is_admin1, loose_key, supplement_names
from ..types import Place
from .actors import actor_lexicon, country_lexicon, qualifies_a_noun
from .lexmatch import Payload, PhraseLexicon, split_words
from .placewords import place_words as _words
from .times import calendar_words

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_MISLABELLED = {"NORP", "PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE"}
_PROMINENT = 500_000
COUNTRY = "country"  # `Place.feature` of a mention that names a country
STREET = "street"  # `Place.feature` of a square, street or building named in the text


@cache
def _demonyms() -> frozenset[str]:
    return country_lexicon().surface_forms


def _whole(lexicon: PhraseLexicon[Payload], tokens: list[Token]) -> list[Payload]:
    """What the lexicon says of entries that cover all of `tokens`."""
    return [m.payload for m in lexicon.find(tokens) if m.start == 0 and m.end == len(tokens)]


def names_country(span: Span | Doc) -> str:
    """The ISO3 code of the country the whole span names ("the United States"), else ""."""
    tokens = list(span)
    if tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    return next((iso3 for iso3, is_name in _whole(country_lexicon(), tokens) if is_name), "")


def _names_actor(span: Span) -> bool:
    """Whether the span is an actor in our dictionary ("the Taliban"; Taliban is also a
    village in Turkey)."""
    return bool(_whole(actor_lexicon(), [t for t in span if t.lower_ != "the"]))


def _modifies_a_noun(span: Span) -> bool:
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end and root.head.pos_ == "NOUN"


def _may_name_country(span: Span) -> bool:
    """A cheap test before the lexicon: could the span be a country's or a people's name?"""
    first = span[1] if len(span) > 1 and span[0].lower_ == "the" else span[0]
    return first.lower_ in _demonyms() or first.text.isupper()


def _names_people(span: Span) -> bool:
    """Whether the whole span is a demonym ("Ukrainian", "Syrians") or a people's name
    ("Arab", "Kurdish")."""
    if span.text.lower() in _words().peoples:
        return True
    return _may_name_country(span) and any(not is_name for _, is_name in _whole(country_lexicon(), list(span)))


def _town_named(span: Span) -> bool:
    """"Gaza city", "Kuwait city": a town, whatever else the name may be."""
    return span.end < len(span.doc) and span.doc[span.end].lower_ in ("city", "town")


def _is_place(ent: Span) -> bool:
    if ent.label_ not in _PLACE_LABELS and ent.label_ not in _MISLABELLED:
        return False  # dates, numbers ...
    if _names_people(ent):
        return False  # "Ukrainian", "Arab", tagged GPE: a people, not a place
    if _may_name_country(ent) and not _town_named(ent):
        if names_country(ent) and (qualifies_a_noun(ent.doc, ent.end) or _modifies_a_noun(ent)):
            return False  # "the US dollar", "a US drone strike": a country name as a qualifier
    if ent.label_ in _PLACE_LABELS:
        return True
    if ent.label_ not in _MISLABELLED or ent.text.lower() in _demonyms() or _names_actor(ent):
        return False
    if ent.label_ == "LANGUAGE" and ent.root.dep_ in ("amod", "compound"):
        return False  # "the English city of Manchester": a language qualifies; "of Afrin" names
    # The small model calls many towns NORP, PERSON or ORG ("Aleppo", "Ein Issa"): trust
    # the context, "in X" / "X province", and for PERSON/ORG the gazetteer too.
    start = ent.start - 1 if ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the" else ent.start
    before = ent.doc[start - 1].lower_ if start > 0 else ""  # "from X", "from the X"
    after = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
    # "the western neighbourhood of Quamishli", "the town of X", "east of X"
    of_place = before == "of" and start >= 2 and (
        ent.doc[start - 2].lower_ in _words().place_nouns or ent.doc[start - 2].lower_ in _words().relation_before
    )
    in_context = before in _words().locative or after in _words().place_nouns or of_place
    if ent.label_ == "NORP":
        # "in Aleppo" (tagged NORP) is a place; "in the Arab cities" is not
        right_before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        named_feature = ent[-1].lower_ in _words().feature_nouns  # "Khmeimim airbase", whole
        bracketed = right_before in ("(", ",") and after in (")", ",") and bool(candidates(ent.text, exact=True))
        return right_before in _words().locative or after in _words().place_nouns or named_feature or bracketed
    in_context = in_context or after == "in"  # "shelled Umm Zaytunah in Aleppo province"
    # a place qualified by the wider area it is in: "Zapopan, Jalisco", "Baqim district (Sadah)"
    qualifying = before in ("(", ",") and ent.end < len(ent.doc) and ent.doc[ent.end].text in (")", ",", ".")
    known = candidates(ent.text, exact=True)
    # a big city or a province's name is a place even where nothing around says so
    # ("shelled Idleb", tagged PERSON); a smaller one needs the context
    prominent = any(c.population >= _PROMINENT or is_admin1(c) for c in known)
    if known:
        return in_context or qualifying or prominent
    # "Kafr Nassij in Dar'a", "the neighbourhood of Quamishli": that much context trusts a
    # transliteration match (a skeleton's, after "in": "charges against Zuma in" is a man)
    return (of_place or (after == "in" and bool(loose_key(ent.text, spelled=False)))) and bool(candidates(ent.text))


def _relation(ent: Span) -> str:
    """How the text places the event relative to this place: "X countryside", "rural X",
    "X province" name the area around or the province; "west of X" a point near it."""
    after = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
    before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    if before.lower() in _words().origin_before and not _range_start(ent):
        return "from"  # "travel from Aden governorate": where they came from, whatever it is
    named = _words().relation_after.get(after, "")
    if not named and len(ent) > 1:
        named = _words().relation_after.get(ent[-1].lower_, "")  # "Majzar district" as one name
    if named and named != "city":
        return named
    # "X city" says which reading, not where: "west of Marib city" is west of it
    if before in ("(", ",") and after in (")", ",", "."):
        return "province"  # "Baqim district (Sadah)", "Zapopan, Jalisco": the wider area
    window = ent.doc[max(0, ent.start - 3) : ent.start]
    for tok in reversed(list(window)):
        relation = _words().relation_before.get(tok.lower_, "")
        following = ent.doc[tok.i + 1].lower_
        # "west of X", "the outskirts of X" say so with "of": "West Bengal" is a name
        if relation and (relation != f"{tok.lower_} of" or following == "of"):
            return relation
    return named


def _range_start(span: Span) -> bool:
    """Whether "from X" opens a stretch to another place ("raids on the area stretching
    from Al Mayadin to Al-Bukamal", "a car convoy from Beirut to Tripoli"): X is one end
    of it, not where someone came from."""
    after = span.doc[span.end : span.end + 4]
    return any(t.lower_ == "to" and t.i + 1 < len(span.doc) and span.doc[t.i + 1].pos_ == "PROPN" for t in after)


def _about(span: Span) -> bool:
    """Whether the place is what a protest is about, not where it is: inside "against"
    or "over" of a demonstration ("in Tyr, in demonstration against the detention of
    activists accused of vandalising a bank in Sidon")."""
    words = _words()
    for tok in span.root.ancestors:
        if tok.lower_ in words.cause_prepositions and tok.head.lemma_.lower() in words.cause_heads:
            return True
    return False


def _in_brackets(tok: Token) -> bool:
    before = [t.text for t in tok.doc[max(0, tok.i - 8) : tok.i]]
    return "(" in before and ")" not in before[before.index("(") :]


def _unlabelled_names(doc: Doc) -> list[Span]:
    """Proper names right after a locative preposition, or a name and a comma, that NER
    left out ("in Kafr Takharim in Idleb", "Mineralne, Donetsk"), kept when the gazetteer
    knows them or the text calls them a place ("the village of X", "X district")."""
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    found: list[Span] = []
    for tok in doc:
        # after "in", "near" ...; and inside brackets, where notes name the wider areas:
        # "(Tarim, Hadramawt)"
        # and after a name and a comma: "Mineralne, Donetsk", "Ipekyolu, Van"
        opens = tok.lower_ in _words().locative or tok.text == "(" or (
            tok.text == "," and (_in_brackets(tok) or tok.i - 1 in taken))
        if not opens or tok.i + 1 >= len(doc):
            continue
        begin = tok.i + 1
        # "in the X ..." is a place only when a place noun says so: "the Minister" is not
        the = doc[begin].lower_ == "the" and begin + 1 < len(doc)
        article = the and doc[begin + 1].pos_ == "PROPN"
        if article or (the and doc[begin + 1].is_lower and doc[begin + 1].lower_ in _words().area_adjectives):
            begin += 1  # "on the eastern Idleb front", "in the Rutba desert"
        if doc[begin].lower_ in _words().area_adjectives:
            begin += 1  # "in central Van", "in northern Hama"
        end = begin
        while end < len(doc) and end - begin < 5 and end not in taken and (
            doc[end].pos_ == "PROPN" or doc[end].lower_ in _words().name_particles
        ):
            end += 1
        while end > begin and doc[end - 1].pos_ != "PROPN":
            end -= 1  # a name ends on a proper noun, not on "al" or a hyphen
        if end > begin:
            span = doc[begin:end]
            # "the village of X", "X district", "the X refugee camp", "the X mountains"
            nouns = _words().place_nouns | (_words().feature_nouns if article else frozenset())
            modified = end + 1 < len(doc) and doc[end].is_lower and doc[end].pos_ in ("NOUN", "ADJ")
            # ("in front of the Attorney General's Office": a noun before "of the X" is no sign)
            named_as_place = (not article and tok.i > 0 and doc[tok.i - 1].lower_ in nouns) or any(
                end + k < len(doc) and doc[end + k].lower_ in nouns for k in ((0, 1) if modified else (0,))
            )
            # a place even when the gazetteer lacks it; a known name needs no noun
            known = candidates(span.text, exact=True) if not article else ()
            if tok.text == "," and not _in_brackets(tok):
                # "Mineralne, Donetsk": after a name and a comma, only a province that ends the
                # list ("in 2000, Justice O'Connor"; "In Kansas, Secretary of State ..."; "the
                # cities of Iasi, Cluj, Timisoara and others")
                listed = (end + 1 < len(doc) and (doc[end].text == "," or doc[end].lower_ in ("and", "or"))
                          and doc[end + 1].text[:1].isupper())
                known = () if listed else tuple(c for c in known if is_admin1(c))
            if named_as_place or known:
                found.append(span)
    return found


def _parts(ent: Span) -> list[Span]:
    """An entity split where NER ran two places together: "Bara in Idleb" (as one ORG)."""
    cuts = [t.i for t in ent if t.lower_ == "in" or t.text == ","]
    if not cuts:
        return [ent]
    bounds = [ent.start, *cuts, ent.end]
    starts = [ent.start] + [c + 1 for c in cuts]
    return [Span(ent.doc, a, b, label=ent.label_) for a, b in zip(starts, bounds[1:], strict=True) if b > a]


def _with_feature_noun(span: Span) -> Span:
    """The name with the feature noun that belongs to it ("Hmeimin airbase", "Queiq
    River"), when the gazetteer knows the whole."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in _words().feature_nouns:
        whole = Span(doc, span.start, span.end + 1, label=span.label_)
        if candidates(whole.text, exact=True):
            return whole
    return span


def _split_off(ent: Span, part: Span) -> bool:
    """A name cut off an entity before "in" ("Bara" of "Bara in Idleb"), when the
    gazetteer knows it."""
    # "X in <place>" says enough to trust a transliteration match ("Saraqab" ~ Saraqib)
    return part.end < ent.end and ent.doc[part.end].lower_ == "in" and bool(candidates(part.text))


def _trimmed(span: Span) -> Span | None:
    """The name without what NER often takes along: a leading "the" or "northern", a possessive "'s",
    trailing common words ("Sulaimaniyah province continue" -> "Sulaimaniyah province")."""
    start, end = span.start, span.end
    doc = span.doc
    if doc[start].lower_ == "the":
        start += 1
    if (end - start > 1 and doc[start].lower_ in _words().area_adjectives
            and doc[start + 1].lower_ not in _words().place_nouns
            and not (doc[start].text[:1].isupper() and candidates(doc[start:end].text, exact=True))):
        # "northwestern Yemen", "Central Beirut": the place is Yemen, Beirut (not "the North
        # Zone"; and "South Carolina", "East Jerusalem" are names of their own)
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or (doc[end - 1].is_lower and doc[end - 1].lower_ not in _words().place_nouns | _words().name_particles)
    ):
        end -= 1
    return doc[start:end] if end > start else None


def _container(doc: Doc, inner: Span, outer: Span) -> bool:
    """Whether the text puts `inner` inside `outer`: "Kinda in Idleb", "Baqim district
    (Sadah)", "Bara in the southern countryside of Idleb", "Zapopan, Jalisco."."""
    gap = doc[inner.end : outer.start]
    opening = next((i for i, t in enumerate(gap) if t.text == "("), -1)
    if opening >= 0 and len(gap) > opening + 2 and gap[-1].text == "," and all(
        t.lower_ in _words().container_words for t in gap[:opening]
    ):
        # "Al Arish (Sabir Al Mawadim, Taizz)", "Adh Dhalah area (As Said, Shabwah)": every
        # area in the brackets holds it
        return all(t.pos_ == "PROPN" or t.lower_ in _words().name_particles for t in gap[opening + 1 : -1])
    if len(gap) > 7 or any(t.lower_ not in _words().container_words for t in gap):
        return False
    words = {t.lower_ for t in gap}
    if words & {"in", "(", "of"}:
        return True
    # "X, Y" is also a list of places: a wider area closes the sentence or a bracket
    after = doc[outer.end].text if outer.end < len(doc) else "."
    return "," in words and after in (")", ".", ";", ",") and len(gap) == 1


def _with_name_tail(span: Span) -> Span:
    """The name with the words NER left off its end: "Ma'arrat" + "An Nu'man" when the
    gazetteer knows the whole, "Madinat" + "as Saleh" always."""
    doc = span.doc
    end = span.end
    while end < len(doc) and end - span.end < 4 and (
        doc[end].pos_ == "PROPN" or doc[end].lower_ in _words().name_particles
    ):
        end += 1
    while end > span.end and doc[end - 1].pos_ != "PROPN":
        end -= 1
    if end == span.end:
        return span
    # "Madinat" + "as Saleh": an article joining two names is one name, known or not
    joined = doc[span.end].lower_ in _words().name_particles and doc[span.end].is_lower
    if joined or candidates(doc[span.start : end].text):
        return Span(doc, span.start, end, label=span.label_)
    return span


def _with_name_head(span: Span) -> Span:
    """The name with the proper nouns NER left off its start ("Radman" + "Al Awad"), when
    the gazetteer knows the whole by its exact name."""
    doc = span.doc
    start = span.start
    while start > 0 and span.start - start < 3 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].ent_iob_ == "O":
        start -= 1
    while start < span.start:
        if candidates(doc[start : span.end].text, exact=True):
            return Span(doc, start, span.end, label=span.label_)
        start += 1
    return span


def _common_word(span: Span) -> bool:
    """A lone common noun NER took for a name ("Town", "Camp", "Colonia"), a month or a
    weekday ("in August": towns bear those names too), or a region of several countries
    ("the Middle East", which is also a place in Maryland)."""
    if " ".join(t.lower_ for t in span if t.lower_ != "the") in _words().macro_regions:
        return True
    return len(span) == 1 and span[0].lower_ in _lone_common_words()


@cache
def _lone_common_words() -> frozenset[str]:
    words = _words()
    return words.place_nouns | words.street_nouns | words.feature_nouns | words.neighbourhood_prefixes | calendar_words()


def _with_ezafe(span: Span) -> Span:
    """A Persian name joined by "e" ("Kut e Abdollah", "Masjed-e Soleyman"), whole."""
    doc = span.doc
    end = span.end
    while end + 1 < len(doc) and doc[end].lower_ in ("e", "-e") and doc[end + 1].pos_ == "PROPN":
        end += 2
    return Span(doc, span.start, end, label=span.label_) if end > span.end else span


def _street(span: Span) -> bool:
    """A square, street, building or neighbourhood of a town ("al Nour square", "the
    Seray", "Colonia Libertad"): a part of the town the text puts it in, never a town of
    its own."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in _words().road_nouns and _road_town(span):
        return False  # "the Homs highway": near Homs
    return (
        after in _words().street_nouns
        or span.text.lower() in _words().street_nouns
        or (len(span) > 1 and span[0].lower_ in _words().neighbourhood_prefixes)  # "Colonia Libertad"
    )


def _road_town(span: Span, *, spelled: bool = False) -> bool:
    """Whether a name before a road noun is a town the gazetteer knows by that very name,
    or (`spelled`, one end of an "X-Y road") in another spelling."""
    return span[0].text[:1].isupper() and bool(candidates(span.text, exact=not spelled))


def _road_towns(doc: Doc) -> list[Span]:
    """Towns that name a road, which NER leaves out or mislabels ("blocked the Homs
    highway", "on the Aleppo-Damascus road": Aleppo and Damascus)."""
    words = _words()
    found: list[Span] = []
    for tok in doc:
        if tok.lower_ not in words.road_nouns:
            continue
        begin = tok.i
        while begin > 0 and tok.i - begin < 6 and (
            doc[begin - 1].text[:1].isupper() or doc[begin - 1].lower_ in words.name_particles
        ):
            begin -= 1
        if begin == tok.i or begin == 0 or not (doc[begin - 1].lower_ == "the" or doc[begin - 1].lower_ in words.locative):
            continue  # "the X road", "on X road": not a road noun inside a title
        pieces: list[list[int]] = [[]]
        for i in range(begin, tok.i):
            if doc[i].text == "-":
                pieces.append([])
            else:
                pieces[-1].append(i)
        for piece in pieces:
            while piece and not doc[piece[-1]].text[:1].isupper():
                piece.pop()  # a name ends on a capitalised word, not on "el"
            # a road from one town to another names two towns: a transliteration will do
            if piece and _road_town(doc[piece[0] : piece[-1] + 1], spelled=len(pieces) > 1):
                found.append(doc[piece[0] : piece[-1] + 1])
    return found


def _is_place_trimmed(ent: Span) -> bool:
    """Whether the entity names a place once trimmed: "the eastern Idleb" (tagged ORG)."""
    # a mislabelled name with a direction or a possessive taken off ("the eastern Idleb",
    # "al Muthanna's"); "The White House" (ORG) is not the place "White House", and
    # "North Korea sanctions" (GPE) not "Korea"
    if ent.label_ not in _MISLABELLED:
        return False
    trimmed = _trimmed(ent)
    if trimmed is None:
        return False
    direction = trimmed.start > ent.start and ent.doc[trimmed.start - 1].lower_ in _words().area_adjectives
    # a possessive only before a place: "al Muthanna's As Samwah city", not "Kelly's orders"
    after = ent.doc[trimmed.end + 1 : trimmed.end + 4]
    possessive = (trimmed.end < ent.end and ent.doc[trimmed.end].tag_ == "POS"
                  and any(t.lower_ in _words().place_nouns for t in after))
    if not (direction or possessive):
        return False
    return _is_place(Span(ent.doc, trimmed.start, trimmed.end, label=ent.label_))


_ARTICLES = frozenset({"al", "el", "the"})


@cache
def _curated_lexicon() -> tuple[PhraseLexicon[str], frozenset[str]]:
    """The supplement's names of two words or more that say more than a kind of place
    ("Kafr Lusin crossing", "al Nour square"; not "Airport Road"), and the words that say
    more (a sentence with none of them names none of these places)."""
    words = _words()
    generic = words.place_nouns | words.feature_nouns | words.street_nouns | words.road_nouns | words.area_adjectives
    entries: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = []
    telling: set[str] = set()
    for name in supplement_names():
        parts = [w for w in split_words(name) if w != "-"]
        distinct = {w for w in parts if w not in generic and w not in _ARTICLES and w not in STOP_WORDS and len(w) > 2}
        if len(parts) >= 2 and distinct:
            # as written, and with its hyphens as spaces ("Ein al Hilweh")
            entries += [(variant, name, (), ()) for variant in {name, name.replace("-", " ")}]
            telling |= distinct
    return PhraseLexicon(entries), frozenset(telling)


def _curated_names(doc: Doc) -> list[Span]:
    """Our curated places named in two words or more, wherever the text writes them as a
    name (a capital besides the article): the model misses many ("blocked the al Nour
    square in Tripoli")."""
    lexicon, telling = _curated_lexicon()
    if not any(t.lower_ in telling for t in doc):
        return []  # most sentences: one set lookup a token instead of the phrase matching
    spans = (doc[m.start : m.end] for m in lexicon.find(doc))
    return [
        span for span in spans
        if any(t.text[:1].isupper() and t.lower_ not in _ARTICLES for t in span) and not _in_a_longer_name(span)
    ]


def _in_a_longer_name(span: Span) -> bool:
    """Whether the span is part of a person's or an organisation's name ("Interior
    Minister Mohammad al-Shaar" holds Aleppo's al-Shaar)."""
    return any(
        ent.label_ in ("PERSON", "ORG") and ent.start <= span.start and span.end <= ent.end
        and len([t for t in ent if t.lower_ != "the"]) > len(span)
        for ent in span.doc.ents
    )


def find_places(doc: Doc, *, offset: int = 0) -> list[Place]:
    """Place mentions of one sentence, in order; offsets shifted by `offset`. A mention
    that the text puts inside the next one names it in `within`."""
    raw = [
        part
        for ent in doc.ents
        for part in map(_with_feature_noun, map(_with_name_tail, map(_with_name_head, _parts(ent))))
        if _is_place(part) or _is_place_trimmed(part) or _split_off(ent, part)
    ]
    taken = {i for span in raw for i in range(span.start, span.end)}
    roads = [span for span in _road_towns(doc) if taken.isdisjoint(range(span.start, span.end)) and not _names_actor(span)]
    raw += roads
    on_road = {i for span in roads for i in range(span.start, span.end)}
    raw += [  # "at Police forces" is an actor; "on the Damboa-Maiduguri road" is its towns
        span for span in _unlabelled_names(doc) if not _names_actor(span) and on_road.isdisjoint(range(span.start, span.end))
    ]
    # a curated name replaces what it holds ("Nour" of "al Nour square"), never half a name
    curated_names: list[Span] = []
    for curated in _curated_names(doc):
        inside = [span for span in raw if curated.start <= span.start and span.end <= curated.end]
        if all(span in inside or span.end <= curated.start or span.start >= curated.end for span in raw):
            raw = [span for span in raw if span not in inside] + [curated]
            curated_names.append(curated)
    on_roads = {span.start for span in roads}  # "the Aleppo-Damascus road": near either town
    spans = sorted(
        (_with_ezafe(t) for t in (span if span in curated_names else _trimmed(span) for span in raw)
         if t is not None and not _common_word(t)),
        key=lambda span: span.start,
    )
    places: list[Place] = []
    for i, span in enumerate(spans):
        outer = spans[i + 1] if i + 1 < len(spans) else None
        within = outer.text if outer is not None and _container(doc, span, outer) else ""
        country = names_country(span) if _may_name_country(span) and not _town_named(span) else ""
        places.append(
            Place(
                text=span.text,
                relation="near" if span.start in on_roads else _relation(span) or ("about" if _about(span) else ""),
                start=offset + span.start_char,
                end=offset + span.end_char,
                within=within,
                country=country,
                feature=COUNTRY if country else STREET if _street(span) else "",
            )
        )
    return places


@cache
def _locative_name() -> re.Pattern[str]:
    """A preposition, maybe "the", then a capitalised word: the cheap pre-check."""
    words = "|".join(sorted(map(re.escape, _words().locative)))
    return re.compile(rf"\b(?i:{words})\s+(?:(?i:the)\s+)?[A-Z]")


def find_places_unparsed(tokens: Doc | Span, *, offset: int = 0) -> list[Place]:
    """Places of a sentence that is not parsed (no event in it), found cheaply: capitalised
    names right after a preposition that the gazetteer knows by their exact name, and
    country names. They tell the article's country and main place ("gathered at the Rabin
    square in Tel Aviv"), not where an event was."""
    found: list[Place] = []
    if not _locative_name().search(tokens.text):
        return found  # most sentences: no capitalised word after a preposition
    words = list(tokens)
    base = tokens.start_char if isinstance(tokens, Span) else 0
    for i, tok in enumerate(words[:-1]):
        if tok.lower_ not in _words().locative:
            continue
        start = i + 1
        if words[start].lower_ == "the" and start + 1 < len(words):
            start += 1
        end = start
        while end < len(words) and end - start < 5 and (
            words[end].text[:1].isupper() or (end > start and words[end].lower_ in _words().name_particles)
        ):
            end += 1
        while end > start and not words[end - 1].text[:1].isupper():
            end -= 1
        if end == start:
            continue
        first, last = words[start], words[end - 1]
        span = tokens.doc[first.i : last.i + 1]
        span_text = span.text
        if _names_people(span) or _common_word(span):
            continue  # "in Arab villages", "of Syrians", "in August"
        country = names_country(span) if _may_name_country(span) and not _town_named(span) else ""
        if country or candidates(span_text, exact=True):
            found.append(
                Place(
                    text=span_text,
                    country=country,
                    start=offset + first.idx - base,
                    end=offset + last.idx + len(last.text) - base,
                    feature=COUNTRY if country else "",
                )
            )
    return found
