"""The command line: options in, exit code out. No arithmetic here.

Heavy modules (rich, the engine, the renderers) are imported inside the command that uses
them, so ``validate`` and ``--help`` start fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from . import __version__
from .diagnostics import CaseFileError, Diagnostic, ExitCode

app = typer.Typer(
    name="businesscase",
    help="Business cases for municipal investment pools: validate, compute, compare.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Lang(str, Enum):
    da = "da"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"businesscase {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Business cases for municipal investment pools: validate, compute, compare."""


def _stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def _io_error(exc: CaseFileError) -> typer.Exit:
    _stderr(f"businesscase: {exc.file}: {exc.message}\n")
    return typer.Exit(ExitCode.USAGE)


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    from .render.diagnostics import render_text

    _stderr(render_text(diagnostics))


@app.command()
def run(
    case: Annotated[str, typer.Argument(help="The case file (YAML).", show_default=False)],
    detail: Annotated[
        bool, typer.Option("--detail", help="Show each measure as count × unit cost.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="Labels language (default: the case's).")
    ] = None,
) -> None:
    """Compute a case and show the year-by-year table, key figures and warnings."""
    from .engine import evaluate
    from .loader import load_case
    from .render.labels import labels
    from .results import show

    try:
        loaded = load_case(case)
    except CaseFileError as exc:
        raise _io_error(exc) from None
    if not loaded.ok or loaded.case is None:
        _print_diagnostics(loaded.diagnostics)
        raise typer.Exit(ExitCode.FINDINGS)
    result = evaluate(loaded.case)
    warnings = [*loaded.diagnostics, *(loaded.doc.locate(w) for w in result.warnings)]
    shown = show(result)
    words = labels(lang.value if lang else loaded.case.meta.language)
    if fmt is Format.json:
        from .render import json_

        sys.stdout.write(json_.render(shown, warnings))
    elif fmt is Format.csv:
        from .render import csv_

        sys.stdout.write(csv_.render(shown, words))
    elif fmt is Format.markdown:
        from .render import markdown

        sys.stdout.write(markdown.render(shown, words, detail=detail, warnings=warnings))
    else:
        from .render import text

        text.render(shown, words, text.console(), detail=detail, warnings=warnings)


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Case files or folders.", show_default=False)],
) -> None:
    """Check case files; silent and exit 0 when all are valid, located errors otherwise."""
    from .loader import load_case

    found: list[Diagnostic] = []
    for path in paths:
        try:
            found.extend(load_case(path).diagnostics)
        except CaseFileError as exc:
            raise _io_error(exc) from None
    if found:
        _print_diagnostics(found)
    if any(d.is_error for d in found):
        raise typer.Exit(ExitCode.FINDINGS)


def main() -> None:
    app()
