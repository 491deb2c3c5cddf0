"""Text exports write UTF-8 through a wrapper that leaves the caller's binary stream open."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO


@contextmanager
def text_stream(out: BinaryIO) -> Iterator[io.TextIOWrapper]:
    """`out` as UTF-8 text (no newline translation); flushed and detached at the end, so
    `out` stays open for its owner."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        yield text
        text.flush()
    finally:
        text.detach()
