"""``businesscase validate PATH...``: the CI gate for case files."""

from __future__ import annotations

from typing import Annotated

import typer

from ..diagnostics import CaseFileError, Diagnostic, ExitCode
from .common import io_error, print_diagnostics


def validate(
    paths: Annotated[list[str], typer.Argument(help="Case files or folders.", show_default=False)],
) -> None:
    """Check case files; silent and exit 0 when all are valid, located errors otherwise."""
    from ..loader import load_case

    found: list[Diagnostic] = []
    for path in paths:
        try:
            found.extend(load_case(path).diagnostics)
        except CaseFileError as exc:
            raise io_error(exc) from None
    if found:
        print_diagnostics(found)
    if any(d.is_error for d in found):
        raise typer.Exit(ExitCode.FINDINGS)
