"""``businesscase run CASE``: the year-by-year table, key figures and warnings."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..diagnostics import CaseFileError, ExitCode
from .common import Lang, io_error, print_diagnostics


class Format(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def run(
    case: Annotated[str, typer.Argument(help="The case file (YAML).", show_default=False)],
    detail: Annotated[
        bool, typer.Option("--detail", help="Show each measure as count × unit cost.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="Label language (default: the case's).")
    ] = None,
) -> None:
    """Compute a case and show the year-by-year table, key figures and warnings."""
    from ..engine import evaluate
    from ..loader import load_case
    from ..render.labels import labels
    from ..results import show

    try:
        loaded = load_case(case)
    except CaseFileError as exc:
        raise io_error(exc) from None
    if not loaded.ok or loaded.case is None:
        print_diagnostics(loaded.diagnostics)
        raise typer.Exit(ExitCode.FINDINGS)
    result = evaluate(loaded.case)
    warnings = loaded.diagnostics  # includes the engine's and the checks' warnings
    shown = show(result)
    words = labels(lang.value if lang else loaded.case.meta.language)
    if fmt is Format.json:
        from ..render import json_

        sys.stdout.write(json_.render(shown, warnings))
    elif fmt is Format.csv:
        from ..render import csv_

        sys.stdout.write(csv_.render(shown, words))
    elif fmt is Format.markdown:
        from ..render import markdown

        sys.stdout.write(markdown.render(shown, words, detail=detail, warnings=warnings))
    else:
        from ..render import text

        text.render(shown, words, text.console(), detail=detail, warnings=warnings)
