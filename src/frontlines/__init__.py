"""frontlines: an automated conflict monitor."""

from .errors import FrontlinesError
from .pipeline import extract, extract_article, extract_many
from .types import Article, Attribution, Claim, ControlChange, Event, Extraction, Figure

__all__ = [
    "Article",
    "Attribution",
    "Claim",
    "ControlChange",
    "Event",
    "Extraction",
    "Figure",
    "FrontlinesError",
    "extract",
    "extract_article",
    "extract_many",
]
