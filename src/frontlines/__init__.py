"""frontlines: an automated conflict monitor.

The scoring function is `frontlines.evaluate.evaluate` (module and function share the name,
so it is not re-exported here).
"""

from .errors import FrontlinesError
from .pipeline import extract, extract_article, extract_many
from .types import Article, Attribution, Claim, ControlChange, Event, Extraction, Figure, Place

__all__ = [
    "Article",
    "Attribution",
    "Claim",
    "ControlChange",
    "Event",
    "Extraction",
    "Figure",
    "FrontlinesError",
    "Place",
    "extract",
    "extract_article",
    "extract_many",
]
