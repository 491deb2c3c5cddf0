"""The docs stay true: every command and error code is documented, the generated parts are
current, and the README starts with the two commands that set up, run and test frontlines.

No model is loaded here: help texts come from Typer's runner with a fixed terminal
(100 columns, no colour), through `scripts/gen_docs.py`.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from frontlines.errors import Errors

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"
ERRORS_DOC = ROOT / "docs" / "errors.md"

MAIN_COMMAND = (
    "scripts/setup.sh && .venv/bin/frontlines ingest examples/aleppo-2016-12-13.txt "
    "--published 2016-12-13 --publisher Reuters && .venv/bin/frontlines serve"
)
TEST_COMMAND = "scripts/setup.sh --dev && .venv/bin/pytest -q"

FENCE = re.compile(r"^```[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


@pytest.fixture(scope="module")
def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_docs", module)
    spec.loader.exec_module(module)
    return module


def fenced_blocks(text: str) -> list[str]:
    return [match.group("body").strip() for match in FENCE.finditer(text)]


def test_docs_readme_starts_with_main_and_test_commands() -> None:
    blocks = fenced_blocks(README.read_text(encoding="utf-8"))
    assert blocks[:2] == [MAIN_COMMAND, TEST_COMMAND]


def test_docs_readme_main_command_paths_exist() -> None:
    assert (ROOT / "scripts" / "setup.sh").is_file()
    assert (ROOT / "examples" / "aleppo-2016-12-13.txt").is_file()


def test_docs_every_command_is_in_cli_md(gen_docs: ModuleType) -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    names = gen_docs.command_names()
    assert names, "the CLI has no commands"
    specs = gen_docs.specs(text)
    assert "help" in specs
    for name in names:
        assert f"\n## frontlines {name}\n" in text, f"docs/cli.md has no section for `frontlines {name}`"
        assert f"help {name}" in specs, f"docs/cli.md does not show `frontlines {name} --help`"
        assert any(spec.startswith("example") and f" {name} " in f" {spec} " for spec in specs), (
            f"docs/cli.md has no example of `frontlines {name}`"
        )


def test_docs_every_error_code_is_in_errors_md(gen_docs: ModuleType) -> None:
    text = ERRORS_DOC.read_text(encoding="utf-8")
    codes = [name for name in vars(Errors) if re.fullmatch(r"[EW]\d{3}", name)]
    assert codes
    missing = [code for code in codes if f"`{code}`" not in text]
    assert not missing, f"docs/errors.md lacks {missing}; run scripts/gen_docs.py"
    for code in codes:
        raw = vars(Errors)[code]
        assert raw.replace("|", "\\|") in text, f"docs/errors.md has an old message for {code}"


def test_docs_every_exception_class_is_in_errors_md(gen_docs: ModuleType) -> None:
    import frontlines.errors as errors

    text = ERRORS_DOC.read_text(encoding="utf-8")
    classes = [
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.FrontlinesError)
    ]
    assert "FrontlinesError" in classes
    for name in classes:
        assert name in text


def test_docs_help_is_stable_and_fits_the_terminal(gen_docs: ModuleType) -> None:
    text = gen_docs.help_text("extract")
    assert text == gen_docs.help_text("extract")
    assert "\x1b[" not in text
    assert max(len(line) for line in text.splitlines()) <= gen_docs.WIDTH


def test_docs_generated_parts_are_current(gen_docs: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    code = gen_docs.main(["--check"])
    assert code == 0, f"docs are stale; run `.venv/bin/python scripts/gen_docs.py`\n{capsys.readouterr().err}"


def test_docs_check_fails_on_a_stale_part(gen_docs: ModuleType) -> None:
    stale = "<!-- [[[generated:errors]]] -->\nold text\n<!-- [[[end]]] -->\n"
    fresh = gen_docs.regenerate(stale, examples=False)
    assert fresh != stale
    assert "`E101`" in fresh
    assert gen_docs.regenerate(fresh, examples=False) == fresh


def test_docs_generated_examples_are_not_empty() -> None:
    for path in (README, CLI_DOC):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<!-- \[\[\[generated:(example|python).*?\]\]\] -->\n(.*?)<!-- \[\[\[end\]\]\] -->", text, re.DOTALL):
            assert match.group(2).strip(), f"{path.name}: run scripts/gen_docs.py --examples"
