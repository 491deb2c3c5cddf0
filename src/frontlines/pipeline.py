"""extract(): the one place that knows the order of the stages.

Article -> sentences (cheap, all) -> candidates -> full parse (candidates only)
-> mentions per sentence -> events, figures, claims, control for the article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .candidates import find_candidates
from .events import build_events, control_changes
from .focus import article_focus, sentence_country
from .mentions.actors import actor_mentions
from .mentions.places import find_places
from .mentions.reader import ArticleContext, SentenceMentions, read_sentence
from .mentions.times import latest_explicit_date
from .nlp import load_nlp
from .sentences import SplitArticle, split_sentences
from .types import Actor, Article, Extraction

_BATCH = 64


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
    country = article_focus(split.docs, (p for found in places.values() for p in found), dateline=article.dateline_place)
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
