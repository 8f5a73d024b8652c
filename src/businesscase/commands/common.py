"""What several commands share: writing diagnostics, the I/O error exit, the enums."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..diagnostics import CaseFileError, Diagnostic, ExitCode


class Lang(StrEnum):
    da = "da"
    en = "en"


def stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def io_error(exc: CaseFileError) -> typer.Exit:
    """Report an unreadable input (exit 2: a usage or I/O problem, not a finding)."""
    stderr(f"businesscase: {exc.file}: {exc.message}\n")
    return typer.Exit(ExitCode.USAGE)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    from ..render.diagnostics import render_text

    stderr(render_text(diagnostics))


BaseRoot = Annotated[
    str | None,
    typer.Option(
        "--base-root",
        metavar="DIR",
        help="Also read scenario bases from this folder tree (by default only from the "
        "case's own: the current folder, or the case's folder when it lies outside it).",
        show_default=False,
    ),
]
