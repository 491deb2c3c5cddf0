"""Fixtures of the store tests: a store URL per backend, and extractions to store.

`store_url` is parametrised over SQLite (a file in tmp_path) and PostgreSQL (a fresh
schema, dropped afterwards, in the database named by FRONTLINES_TEST_POSTGRES, e.g.
`postgresql://postgres@127.0.0.1:5432/frontlines_test`). Without that variable the
PostgreSQL cases are skipped, except in CI (CI=true), where they fail: `.ci/run` starts
a server and sets it.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from spacy.language import Language

from frontlines.pipeline import extract_many
from frontlines.sources import read_articles
from frontlines.store import SqlStore, open_store
from frontlines.types import Article, Extraction

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "aleppo-2016-12-13.txt"
POSTGRES_ENV = "FRONTLINES_TEST_POSTGRES"

# Invented reports (not from any corpus): an event that holds its figure, a speaker who
# speaks from a named place, a capture, and an article with no event at all.
INVENTED = [
    Article(
        title="Checkpoint attacked in Kunduz",
        text="Taliban fighters attacked a police checkpoint in Kunduz on Monday, killing five officers, "
        "a provincial spokesman said. Dozens of families fled the district, residents said.",
        published=dt.date(2020, 5, 5),
        publisher="Wire",
        id="wire-1",
    ),
    Article(
        title="Town taken",
        text="Government forces took control of the town of Saraqeb in Idlib province on Tuesday, "
        "state media said. A military source in Damascus said 12 militants were killed.",
        published=dt.date(2020, 3, 4),
        publisher="Wire",
        url="https://example.org/saraqeb",
    ),
    Article(text="The council met on Thursday to discuss the budget for next year.", publisher="Gazette"),
]


def seed_article() -> Article:
    (article,) = [a for a in read_articles([str(SEED)], publisher="Reuters", published=dt.date(2016, 12, 13))]
    assert isinstance(article, Article)
    return article


@pytest.fixture(scope="session")
def extractions(nlp: Language) -> list[Extraction]:
    """The seed article's extraction, then the invented ones'."""
    return list(extract_many([seed_article(), *INVENTED]))


@pytest.fixture(scope="session")
def seed(extractions: list[Extraction]) -> Extraction:
    return extractions[0]


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        message = f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must start one: see .ci/run)")
        pytest.skip(message)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    base = sa.make_url(_postgres_url())
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base.set(drivername="postgresql+psycopg"))
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    finally:
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    """An empty store on each backend, closed afterwards."""
    with open_store(store_url) as opened:
        yield opened
