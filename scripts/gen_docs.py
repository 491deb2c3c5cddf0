"""Regenerate the generated parts of README.md, docs/cli.md and docs/errors.md.

    .venv/bin/python scripts/gen_docs.py              rewrite help texts, the error list and the tree
    .venv/bin/python scripts/gen_docs.py --examples   also rerun the examples (loads the model)
    .venv/bin/python scripts/gen_docs.py --check      exit 1 when a generated part is stale

A generated part sits between two marker comments; everything outside them is written by
hand and left alone:

    <!-- [[[generated:help extract]]] -->   `frontlines extract --help`  (`help` alone: the top level)
    <!-- [[[generated:errors]]] -->         every code of `errors.Errors` with its message
    <!-- [[[generated:tree]]] -->           the tree of `FrontlinesError` and its subclasses
    <!-- [[[generated:example [lines=N] [fresh=PATH] ARGS...]]] -->
                                            `frontlines ARGS...` run from the repository root,
                                            its output cut to N lines when N is given; PATH
                                            (a store) removed first when given
    <!-- [[[generated:python
    CODE
    ]]] -->                                 CODE, then what it prints
    ...
    <!-- [[[end]]] -->

Help texts, the error list and the tree are cheap (no model is loaded), so `--check` always
covers them and the tests run it. Examples run the extractor, so they are rebuilt only with
`--examples` (and checked only with `--check --examples`, which ignores the evaluation's
throughput line since it changes from run to run). Everything runs in-process with a fixed
terminal: 100 columns, no colour.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import io
import os
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "docs/cli.md", "docs/errors.md")
WIDTH = 100
ENV = {"COLUMNS": str(WIDTH), "LINES": "50", "TERM": "dumb", "NO_COLOR": "1", "TERMINAL_WIDTH": str(WIDTH)}

MARKER = re.compile(
    r"(?P<open><!-- \[\[\[generated:(?P<spec>.*?)\]\]\] -->\n)(?P<body>.*?)(?P<close><!-- \[\[\[end\]\]\] -->)",
    re.DOTALL,
)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
CODE = re.compile(r"[EW]\d{3}")

if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing


# --- the generated parts -----------------------------------------------------------------


@contextlib.contextmanager
def _fixed_terminal() -> Iterator[None]:
    """Typer reads its width and colour switches at import; pin them for one run."""
    from typer import rich_utils

    saved = (rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM)
    rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM = WIDTH, False, None
    try:
        yield
    finally:
        rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM = saved


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in ANSI.sub("", text).splitlines()]
    return "\n".join(lines).strip("\n")


def _fence(text: str, lang: str = "text") -> str:
    return f"```{lang}\n{text}\n```\n"


def run_cli(args: Sequence[str]) -> tuple[int, str]:
    """`frontlines ARGS` in-process (stdout and stderr interleaved), from the repository root."""
    from typer.testing import CliRunner

    from frontlines.cli import app

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with _fixed_terminal():
            result = CliRunner().invoke(app, list(args), env=ENV, prog_name="frontlines", color=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, _clean(result.output)


def command_names() -> list[str]:
    """The CLI's commands, in the order `frontlines --help` lists them."""
    import typer.main

    from frontlines.cli import app

    group = typer.main.get_command(app)
    return list(getattr(group, "commands", {}))


def help_text(command: str = "") -> str:
    args = [command, "--help"] if command else ["--help"]
    code, output = run_cli(args)
    if code != 0:
        raise RuntimeError(f"`frontlines {' '.join(args)}` exited {code}:\n{output}")
    return output


def error_codes() -> dict[str, str]:
    """Every code of `errors.Errors` with its raw message (no `[code]` prefix)."""
    from frontlines.errors import Errors

    return {name: value for name, value in vars(Errors).items() if CODE.fullmatch(name)}


def error_sections() -> list[tuple[str, list[str]]]:
    """The codes grouped under the comment lines of `errors.py` ("# Options" ...)."""
    import frontlines.errors as module

    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    sections: list[tuple[str, list[str]]] = []
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name == "Errors"):
            continue
        last_comment_line = 0
        for item in node.body:
            if not (isinstance(item, ast.Assign) and len(item.targets) == 1):
                continue
            target = item.targets[0]
            if not (isinstance(target, ast.Name) and CODE.fullmatch(target.id)):
                continue
            heading = ""
            for number in range(item.lineno - 1, last_comment_line, -1):
                text = lines[number - 1].strip()
                if text.startswith("#"):
                    heading = text.lstrip("# ").strip()
                    last_comment_line = number
                    break
            if heading or not sections:
                sections.append((heading or "Codes", []))
            sections[-1][1].append(target.id)
    return sections


def errors_table() -> str:
    codes = error_codes()
    parts: list[str] = []
    for heading, names in error_sections():
        parts.append(f"### {heading}\n\n| code | message |\n|---|---|")
        for name in names:
            message = codes[name].replace("|", "\\|")
            parts.append(f"| `{name}` | `{message}` |" if "`" not in message else f"| `{name}` | {message} |")
        parts.append("")
    return "\n".join(parts)


def exception_tree() -> str:
    """`FrontlinesError` and every subclass defined in the package, with its docstring."""
    import frontlines  # noqa: F401  (imports every module that defines an exception)
    import frontlines.cli  # noqa: F401
    import frontlines.evaluate  # noqa: F401
    from frontlines.errors import FrontlinesError

    rows: list[tuple[str, str]] = []

    def describe(cls: type, prefix: str, branch: str) -> None:
        others = [b.__name__ for b in cls.__bases__ if not issubclass(b, FrontlinesError) and b is not Exception]
        module = cls.__module__.removeprefix("frontlines.")
        label = f"{branch}{cls.__name__}"
        if module != "errors" or others:
            extra = [f"{module}.py"] if module != "errors" else []
            extra += [f"also a {name}" for name in others]
            label += f" ({'; '.join(extra)})"
        doc = (cls.__doc__ or "").strip().splitlines()
        rows.append((label, doc[0] if doc else ""))
        children: list[type] = []
        child: type
        for child in cls.__subclasses__():
            if child.__module__.startswith("frontlines"):
                children.append(child)
        for index, child in enumerate(children):
            last = index == len(children) - 1
            describe(child, prefix + ("    " if last else "│   "), prefix + ("└── " if last else "├── "))

    describe(FrontlinesError, "", "")
    width = max(len(label) for label, _ in rows) + 2
    return "\n".join(f"{label:<{width}}{doc}".rstrip() for label, doc in rows)


def example(spec: str) -> str:
    args = shlex.split(spec)
    limit = None
    while args and args[0].startswith(("lines=", "fresh=")):
        option, _, value = args.pop(0).partition("=")
        if option == "lines":
            limit = int(value)
        else:  # a store the example starts without
            for suffix in ("", "-wal", "-shm"):
                Path(value + suffix).unlink(missing_ok=True)
    code, output = run_cli(args)
    lines = output.splitlines()
    if limit is not None and len(lines) > limit:
        lines = lines[:limit] + [f"… ({len(lines) - limit} more lines)"]
    shown = " ".join(shlex.quote(arg) for arg in args)
    status = f"\n(exit code {code})" if code else ""
    return _fence(f"$ frontlines {shown}\n" + "\n".join(lines) + status, "console")


def python_example(code: str) -> str:
    buffer = io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, "<docs example>", "exec"), {"__name__": "__docs__"})  # noqa: S102
    finally:
        os.chdir(cwd)
    output = _clean(buffer.getvalue())
    return _fence(code.strip("\n"), "python") + "\nprints\n\n" + _fence(output)


def render(spec: str, body: str, *, examples: bool) -> str:
    """The new body of one generated part."""
    kind, _, rest = spec.partition(" ")
    kind, rest = kind.strip(), rest.strip()
    if "\n" in kind:  # `python` with its code on the next lines
        kind, _, code = spec.partition("\n")
        kind, rest = kind.strip(), code
    if kind == "help":
        return _fence(help_text(rest))
    if kind == "errors":
        return errors_table()
    if kind == "tree":
        return _fence(exception_tree())
    if kind == "example":
        return example(rest) if examples else body
    if kind == "python":
        return python_example(rest) if examples else body
    raise ValueError(f"unknown generated part {spec!r}")


# --- files --------------------------------------------------------------------------------


def regenerate(text: str, *, examples: bool) -> str:
    def replace(match: re.Match[str]) -> str:
        body = render(match.group("spec"), match.group("body"), examples=examples)
        if not body.endswith("\n"):
            body += "\n"
        return match.group("open") + body + match.group("close")

    return MARKER.sub(replace, text)


def specs(text: str) -> list[str]:
    """The specs of every generated part of a document."""
    return [match.group("spec") for match in MARKER.finditer(text)]


TIMING = re.compile(r"^(throughput\s+)[\d.,]+( texts/s)$", re.MULTILINE)
TOOK = re.compile(r"^(took\s+)[\d.,]+ s.*$", re.MULTILINE)


def _steady(text: str) -> str:
    """`text` without what changes from run to run (the evaluation's and ingest's rates)."""
    return TOOK.sub(r"\1N", TIMING.sub(r"\1N\2", text))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated part is stale")
    parser.add_argument("--examples", action="store_true", help="also rerun the examples (loads the model)")
    parser.add_argument("files", nargs="*", default=list(DOCS), help="documents (default: %(default)s)")
    options = parser.parse_args(argv)
    stale = []
    for name in options.files:
        path = ROOT / name
        old = path.read_text(encoding="utf-8")
        new = regenerate(old, examples=options.examples)
        if new == old or (options.check and _steady(new) == _steady(old)):
            continue
        stale.append(name)
        if options.check:
            diff = difflib.unified_diff(old.splitlines(), new.splitlines(), name, f"{name} (regenerated)", lineterm="")
            print("\n".join(diff), file=sys.stderr)
        else:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {name}", file=sys.stderr)
    if options.check and stale:
        print(f"stale: {', '.join(stale)}; run scripts/gen_docs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
