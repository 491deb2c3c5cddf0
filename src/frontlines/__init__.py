"""frontlines: an automated conflict monitor.

The scoring function is `frontlines.evaluate.evaluate` (module and function share the name,
so it is not re-exported here). `frontlines.ingest` is the function; its module's other
names are imported from it (`from frontlines.ingest import Added`).
"""

from .errors import FrontlinesError
from .ingest import IngestTally, ingest
from .pipeline import extract, extract_article, extract_many
from .store import Store, open_store
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
    "IngestTally",
    "Place",
    "Store",
    "extract",
    "extract_article",
    "extract_many",
    "ingest",
    "open_store",
]
