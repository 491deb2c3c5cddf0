"""The package root re-exports the public API, and only what exists."""

from __future__ import annotations

import frontlines


def test_exports_every_public_name_exists() -> None:
    missing = [name for name in frontlines.__all__ if not hasattr(frontlines, name)]
    assert not missing


def test_exports_public_functions_and_types_are_listed() -> None:
    public = {
        name
        for name, value in vars(frontlines).items()
        if not name.startswith("_") and (callable(value) or isinstance(value, type)) and value.__module__.startswith("frontlines")
    }
    assert public == set(frontlines.__all__)
