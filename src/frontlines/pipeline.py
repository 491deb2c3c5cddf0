"""extract(): the one place that knows the order of the stages.

Article -> sentences (cheap, all) -> candidates -> full parse (candidates only)
-> mentions per sentence -> events (typed, merged) -> places geocoded
-> events, figures, claims, control for the article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from .candidates import find_candidates
from .events import build_events, control_changes, recent
from .focus import article_votes, focus_of, sentence_country
from .geocode import ArticlePlaces, geocode, locate_control, place_speakers
from .mentions.actors import actor_mentions
from .mentions.places import find_places, find_places_unparsed
from .mentions.reader import ArticleContext, SentenceMentions, read_sentence
from .mentions.times import latest_explicit_date
from .nlp import load_nlp
from .sentences import SplitArticle, split_sentences
from .types import Actor, Article, Extraction

# Parsing many short sentences is cheapest in large batches, so articles are read in
# chunks and the candidate sentences of a whole chunk go through the parser together.
_ARTICLES_PER_CHUNK = 32
_PARSE_BATCH = 256


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    stream = iter(articles)
    while chunk := list(islice(stream, size)):
        yield chunk


def _reference(article: Article) -> dt.date | None:
    return article.published or latest_explicit_date(f"{article.title}\n{article.text}")


def _read_article(article: Article, split: SplitArticle, parsed: dict[int, Doc]) -> Extraction:
    """Mentions, events and the rest for one article whose candidates are parsed."""
    reference = _reference(article)
    known: list[Actor] = []
    read: list[SentenceMentions] = []
    places = {i: find_places(doc) for i, doc in parsed.items()}
    # the other sentences' places, found cheaply, count for the country and the main place
    unparsed = {i: find_places_unparsed(doc) for i, doc in enumerate(split.docs) if i not in parsed}
    every = [p for found in (*places.values(), *unparsed.values()) for p in found]
    votes = article_votes(split.docs, every, dateline=article.dateline_place)
    country = focus_of(votes)
    # Body sentences first, the title last: a title repeats the lead, and its events should
    # merge into the body's rather than become the evidence.
    order = [i for i, s in enumerate(split.sentences) if s.index > 0] + [
        i for i, s in enumerate(split.sentences) if s.index == 0
    ]
    for i in order:
        sentence = split.sentences[i]
        if i in parsed:
            here = sentence_country(places[i], country)
            ctx = ArticleContext(reference, article.publisher, country, tuple(known), event_country=here)
            mentions = read_sentence(parsed[i], sentence, ctx, places=places[i])
            read.append(mentions)
            known.extend(mentions.actors)
        elif i + 1 in parsed:
            # only the sentence right before a parsed one can hold what its pronouns mean
            known.extend(actor_mentions(list(split.docs[i]), focus_country=country))
    # place mentions in article offsets, by sentence index, for the geocoder
    place_mentions = {
        split.sentences[i].index: [
            replace(p, start=p.start + split.sentences[i].start, end=p.end + split.sentences[i].start) for p in found
        ]
        for i, found in (places | unparsed).items()
    }
    resolved = ArticlePlaces((p for found in place_mentions.values() for p in found), votes)
    events = geocode(recent(build_events(read, country=country), reference), place_mentions, resolved, country=country)
    claims, figures = place_speakers(
        [c for m in read for c in m.claims],
        [f for m in read for f in m.figures],
        place_mentions,
        sentences={s.index: (s.start, s.text) for s in split.sentences},
        places=resolved,
    )
    return Extraction(
        id=article.key,
        events=tuple(events),
        claims=tuple(claims),
        figures=tuple(figures),
        control=tuple(locate_control([*control_changes(events), *(c for m in read for c in m.control)], resolved)),
        article=article,
    )


def extract_article(article: Article) -> Extraction:
    """Run every stage on one article."""
    return next(extract_many([article]))


def extract_many(articles: Iterable[Article]) -> Iterator[Extraction]:
    """Run every stage on a stream of articles, in order (the model is loaded once)."""
    nlp = load_nlp()
    for chunk in _chunks(articles, _ARTICLES_PER_CHUNK):
        splits = [find_candidates(split_sentences(article)) for article in chunk]
        wanted = [(k, i) for k, split in enumerate(splits) for i, s in enumerate(split.sentences) if s.is_candidate]
        texts = (splits[k].sentences[i].text for k, i in wanted)
        parsed: list[dict[int, Doc]] = [{} for _ in chunk]
        for (k, i), doc in zip(wanted, nlp.pipe(texts, batch_size=_PARSE_BATCH)):
            parsed[k][i] = doc
        for article, split, docs in zip(chunk, splits, parsed):
            yield _read_article(article, split, docs)


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
