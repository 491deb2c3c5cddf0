"""extract(): the one place that knows the order of the stages.

Article -> sentences (cheap, all) -> candidates -> full parse (candidates only)
-> mentions per sentence -> events, figures, claims, control for the article.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from .candidates import find_candidates
from .events import build_events, control_changes
from .gazetteer import likely_country
from .mentions.actors import actor_mentions, country_counts, named_actor_countries
from .mentions.places import find_places
from .mentions.reader import ArticleContext, SentenceMentions, read_sentence
from .mentions.times import latest_explicit_date
from .nlp import load_nlp, load_splitter
from .sentences import SplitArticle, split_sentences
from .types import Actor, Article, Extraction, Place

_BATCH = 64


def focus_country(article: Article, split: SplitArticle, places: Iterable[Place]) -> str:
    """The country the article is mostly about: countries and demonyms it names, the home
    countries of named actors, the countries of the places it names, the dateline thrice."""
    counts: Counter[str] = Counter()
    for doc in split.docs:
        counts.update(country_counts(doc))
        counts.update(named_actor_countries(doc))
    for place in places:
        country = _place_country(place.text, "")
        if country:
            counts[country] += 1
    if article.dateline_place:
        for iso3, n in country_counts(load_splitter().make_doc(article.dateline_place)).items():
            counts[iso3] += 3 * n
    return counts.most_common(1)[0][0] if counts else ""


def _place_country(name: str, prefer: str) -> str:
    """A country named as such, else the country the gazetteer puts the place in."""
    named = country_counts(load_splitter().make_doc(name))
    if named:
        return named.most_common(1)[0][0]
    return likely_country(name, prefer=prefer)


def _sentence_country(places: Sequence[Place], focus: str) -> str:
    """Where a sentence's events happen: its first town or region, else a country it names
    (a country name is often only an adjective: "a US drone strike in Jilib")."""
    towns = [p for p in places if not country_counts(load_splitter().make_doc(p.text))]
    for place in towns + [p for p in places if p not in towns]:
        country = _place_country(place.text, focus)
        if country:
            return country
    return focus


def _reference(article: Article) -> dt.date | None:
    return article.published or latest_explicit_date(f"{article.title}\n{article.text}")


def _extract_split(article: Article, split: SplitArticle) -> Extraction:
    nlp = load_nlp()
    split = find_candidates(split)
    reference = _reference(article)
    known: list[Actor] = []
    read: list[SentenceMentions] = []
    chosen = [i for i, s in enumerate(split.sentences) if s.is_candidate]
    parsed = dict(zip(chosen, nlp.pipe((split.sentences[i].text for i in chosen), batch_size=_BATCH)))
    places = {i: find_places(doc) for i, doc in parsed.items()}
    country = focus_country(article, split, (p for found in places.values() for p in found))
    # Body sentences first, the title last: a title repeats the lead, and its events should
    # merge into the body's rather than become the evidence.
    order = [i for i, s in enumerate(split.sentences) if s.index > 0] + [
        i for i, s in enumerate(split.sentences) if s.index == 0
    ]
    for i in order:
        sentence = split.sentences[i]
        if i in parsed:
            here = _sentence_country(places[i], country)
            ctx = ArticleContext(reference, article.publisher, country, tuple(known), event_country=here)
            mentions = read_sentence(parsed[i], sentence, ctx)
            read.append(mentions)
            known.extend(mentions.actors)
        else:
            known.extend(actor_mentions(list(split.docs[i]), focus_country=country))
    events = build_events(read, country=country)
    figures = tuple(f for m in read for f in m.figures)
    claims = tuple(c for m in read for c in m.claims)
    control = tuple(control_changes(events)) + tuple(c for m in read for c in m.control)
    return Extraction(
        id=article.key,
        events=tuple(events),
        claims=claims,
        figures=figures,
        control=control,
        article=article,
    )


def extract_article(article: Article) -> Extraction:
    """Run every stage on one article."""
    return _extract_split(article, split_sentences(article))


def extract_many(articles: Iterable[Article]) -> Iterator[Extraction]:
    """Run every stage on a stream of articles (the model is loaded once)."""
    for article in articles:
        yield extract_article(article)


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    publisher: str = "",
    title: str = "",
    id: str = "",
) -> Extraction:
    """Extract events, claims, figures and control changes from one report."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    return extract_article(Article(text=text, title=title, published=published, publisher=publisher, id=id))
