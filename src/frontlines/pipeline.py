"""extract(): the one place that knows the order of the stages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .types import Article, Extraction


def extract_article(article: Article) -> Extraction:
    """Run every stage on one article."""
    return next(extract_many([article]))


def extract_many(articles: Iterable[Article]) -> Iterator[Extraction]:
    """Run every stage on a stream of articles (the model is loaded once)."""
    for article in articles:
        yield Extraction(id=article.key, events=(), claims=(), figures=(), control=(), article=article)


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
