"""``businesscase run CASE``: the year-by-year table, key figures and warnings."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..diagnostics import CaseFileError, ExitCode
from .common import BaseRoot, Lang, io_error, print_diagnostics, stderr

if TYPE_CHECKING:
    from ..render.labels import Labels
    from ..view import CaseView


class Format(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def run(
    case: Annotated[
        str, typer.Argument(metavar="CASE", help="The case file (YAML).", show_default=False)
    ],
    detail: Annotated[
        bool, typer.Option("--detail", help="Show each measure as count × unit cost.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="Label language (default: the case's).")
    ] = None,
    department: Annotated[
        str | None,
        typer.Option("--department", "-d", help="Show only this department (its id)."),
    ] = None,
    prices: Annotated[
        int | None,
        typer.Option("--prices", help="Restate amounts in this year's prices (needs 'prices:')."),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of the screen, completely or not at all.",
        ),
    ] = None,
    npv: Annotated[
        bool,
        typer.Option("--npv", help="Show the net present value (Finansministeriet's rates)."),
    ] = False,
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            help="Compute this named scenario of the case (see docs/scenarios.md).",
            show_default=False,
        ),
    ] = None,
    base_root: BaseRoot = None,
) -> None:
    """Compute a case and show the year-by-year table, key figures and warnings."""
    from ..loader import load_case
    from ..render.labels import labels
    from ..view import UnknownPriceYear, build

    try:
        loaded = load_case(case, scenario=scenario, base_root=base_root)
    except CaseFileError as exc:
        raise io_error(exc) from None
    if not loaded.ok or loaded.case is None:
        print_diagnostics(loaded.diagnostics)
        raise typer.Exit(ExitCode.FINDINGS)
    the_case = loaded.case
    known = [d.id for d in the_case.departments]
    if department is not None and department not in known:
        choices = ", ".join(known) if known else "the case has no departments"
        stderr(f"businesscase: {case}: no department '{department}' ({choices})\n")
        raise typer.Exit(ExitCode.USAGE)
    words = labels(lang.value if lang else the_case.meta.language)
    try:
        view = build(
            the_case,
            words,
            loaded.diagnostics,
            department=department,
            price_year=prices,
            npv=npv,
            evaluation=loaded.evaluation,
        )
    except UnknownPriceYear as exc:
        stderr(f"businesscase: {case}: --prices {prices}: {exc}\n")
        raise typer.Exit(ExitCode.USAGE) from None
    output = _render(view, words, fmt, detail=detail, to_file=out is not None)
    if out is None:
        sys.stdout.write(output)
        return
    from ..atomic import write_text

    try:
        write_text(out, output)
    except OSError as exc:
        stderr(f"businesscase: {out}: cannot write: {exc.strerror or exc}\n")
        raise typer.Exit(ExitCode.USAGE) from None


def _render(view: CaseView, words: Labels, fmt: Format, *, detail: bool, to_file: bool) -> str:
    """The whole output as text, so that a file gets all of it or none of it."""
    if fmt is Format.json:
        from ..render import json_

        return json_.render(view)
    if fmt is Format.csv:
        from ..render import csv_

        return csv_.render(view, words)
    if fmt is Format.markdown:
        from ..render import markdown

        return markdown.render(view, words, detail=detail)
    from ..render import text

    return text.render_to_string(view, words, detail=detail, terminal=not to_file)
