"""Loads the data files in `frontlines/data/` by name and validates every row.

Formats carry their version in the name (`actors.v1`) so old files keep loading.
A `.jsonl` file holds one JSON object a line (blank lines and lines starting with `#`
are skipped); a `.csv` file has a header row (lines starting with `#` are skipped).
A row that does not fit its schema stops loading with the file and line named.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Errors, KnowledgeError

DATA_DIR = Path(str(resources.files("frontlines") / "data"))

Row = TypeVar("Row", bound=BaseModel)


def data_path(name: str) -> Path:
    """Path of a data file by name, e.g. `lexicons/triggers.v1.jsonl`."""
    path = DATA_DIR / name
    if not path.is_file():
        raise KnowledgeError(Errors.E302.format(name=name, folder=DATA_DIR))
    return path


def _raw_rows(path: Path) -> list[tuple[int, dict[str, object]]]:
    rows: list[tuple[int, dict[str, object]]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix == ".csv":
            lines = [(n, line) for n, line in enumerate(handle, 1) if not line.startswith("#")]
            reader = csv.DictReader(line for _, line in lines)
            for (n, _), row in zip(lines[1:], reader):
                rows.append((n, {k: v for k, v in row.items() if v not in (None, "")}))
            return rows
        for n, line in enumerate(handle, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as err:
                raise KnowledgeError(Errors.E301.format(path=path, line=n, reason=str(err))) from err
            if not isinstance(obj, dict):
                raise KnowledgeError(Errors.E301.format(path=path, line=n, reason="not a JSON object"))
            rows.append((n, obj))
    return rows


def load_rows(name: str, schema: type[Row], *, path: Path | None = None) -> list[Row]:
    """Read a data file by name and validate each row against `schema`."""
    source = path or data_path(name)
    out: list[Row] = []
    for line, raw in _raw_rows(source):
        try:
            out.append(schema.model_validate(raw))
        except ValidationError as err:
            raise KnowledgeError(Errors.E301.format(path=source, line=line, reason=_reason(err, "row"))) from err
    return out


def _reason(err: ValidationError, whole: str) -> str:
    """The first problem pydantic found, as "field: message" ("row: ..." when it is the whole)."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or whole
    return f"{where}: {first['msg']}"


@cache
def load_json(name: str) -> dict[str, object]:
    """Read a small JSON mapping (e.g. number words) by name."""
    path = data_path(name)
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise KnowledgeError(Errors.E301.format(path=path, line=err.lineno, reason=err.msg)) from err
    if not isinstance(obj, dict):
        raise KnowledgeError(Errors.E301.format(path=path, line=1, reason="not a JSON object"))
    return obj


Model = TypeVar("Model", bound=BaseModel)


def load_model(name: str, schema: type[Model]) -> Model:
    """Read a JSON mapping by name and validate it as a whole against `schema`."""
    try:
        return schema.model_validate(load_json(name))
    except ValidationError as err:
        raise KnowledgeError(Errors.E301.format(path=data_path(name), line=1, reason=_reason(err, "file"))) from err
