"""`python -m frontlines`: the same as the `frontlines` command."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main()
