"""What several commands share: writing diagnostics, the I/O error exit, the languages.

Nothing here imports typer, rich or pydantic: a command runs without them unless its own
work needs them. A command ends with ``SystemExit(code)`` for an exit code other than 0,
which the fast path and the typer app both pass on unchanged.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..diagnostics import CaseFileError, Diagnostic, ExitCode
from .params import Param

if TYPE_CHECKING:
    from ..yamlio import Document

LANGS = ("da", "en")


def stderr(text: str) -> None:
    """Write a message; a name in it from the command line or a case is printed safely."""
    from ..printable import printable

    sys.stderr.write("\n".join(printable(line) for line in text.split("\n")))
    sys.stderr.flush()


def io_error(exc: CaseFileError) -> SystemExit:
    """Report an unreadable input (exit 2: a usage or I/O problem, not a finding)."""
    from ..i18n import usage_

    stderr(f"businesscase: {exc.file}: {usage_(exc.message)}\n")
    return SystemExit(ExitCode.USAGE)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    from ..render.diagnostics import render_text

    stderr(render_text(diagnostics))


def load_checked(case: str, scenario: str | None, base_root: str | None) -> Any:
    """The case's :class:`~businesscase.loader.Loaded`; exit 2 when the file cannot be read
    and 1, with its located findings, when the case is not valid."""
    from ..loader import load_case

    try:
        loaded = load_case(case, scenario=scenario, base_root=base_root)
    except CaseFileError as exc:
        raise io_error(exc) from None
    if not loaded.ok or loaded.case is None:
        print_diagnostics(loaded.diagnostics)
        raise SystemExit(ExitCode.FINDINGS)
    return loaded


def is_terminal(path: str) -> bool:
    """Whether ``path`` names a terminal (where a workbook's or a picture's bytes must not go)."""
    import os
    import stat

    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | os.O_NONBLOCK)
    except (OSError, ValueError):
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def mixed_currencies(*sides: tuple[Document, str]) -> str:
    """The refusal of a command that would add or compare amounts in two currencies: where
    the second currency is set (``file:line:col``), and which the first is."""
    from ..i18n import _

    (first_doc, first), *rest = sides
    doc, code = next((d, c) for d, c in rest if c != first)
    here = doc.diagnostic("", "", ("meta", "currency"))
    there = first_doc.diagnostic("", "", ("meta", "currency"))
    return _(
        "businesscase: {file}:{line}:{col}: the case is in {code}, {other} is in {first}: "
        "amounts in two currencies cannot be compared or added\n"
        "   hint: convert one case's amounts, and set its meta.currency to the other's\n"
    ).format(
        file=here.file,
        line=here.line,
        col=here.col,
        code=code,
        other=f"{there.file}:{there.line}:{there.col}",
        first=first,
    )


def mixed_years(first: Document, second: Document) -> str:
    """The refusal of a command that would compare two cases whose years are counted in two
    ways (calendar, financial, relative): where the second case's period is written."""
    from ..i18n import _

    here = second.diagnostic("", "", ("period", "first"))
    there = first.diagnostic("", "", ("period", "first"))
    return _(
        "businesscase: {file}:{line}:{col}: the case counts its years otherwise than {other}: "
        "years of two kinds (calendar, financial, relative) cannot be compared\n"
    ).format(
        file=here.file,
        line=here.line,
        col=here.col,
        other=f"{there.file}:{there.line}:{there.col}",
    )


CASE_LANG = Param(
    "lang",
    "Label language: da or en (default: the case's).",
    metavar="LANG",
    flags=("--lang",),
    choices=LANGS,
)
"""``--lang`` of a command that reads one case."""

BASE_ROOT = Param(
    "base_root",
    "Also read scenario bases from this folder tree (by default only from the case's own: "
    "the current folder, or the case's folder when it lies outside it).",
    metavar="DIR",
    flags=("--base-root",),
)


def department_scope(case: str, the_case: Any, department: str | None) -> str | None:
    """The id of the department ``--department`` names (by its id, or else its name), for
    every command that takes it; exit 2 with the choices when the case has no such
    department. A mistake on the command line: said in ``--lang``'s language, else the
    environment's (:func:`businesscase.i18n.usage_`)."""
    from ..i18n import usage_

    if department is None:
        return None
    for d in the_case.departments:
        if department == d.id:
            return str(d.id)
    for d in the_case.departments:
        if department == d.name:
            return str(d.id)
    known = ", ".join(d.id for d in the_case.departments)
    choices = known or usage_("the case has no departments")
    message = usage_("no department '{id}' ({choices})").format(id=department, choices=choices)
    stderr(f"businesscase: {case}: {message}\n")
    raise SystemExit(ExitCode.USAGE)


DEPARTMENT = Param(
    "department",
    "Show only this department (its id or name).",
    metavar="ID",
    flags=("--department", "-d"),
)
"""``--department``: the figures of one department's lines and pools."""


def department_of(the_case: Any, department: str | None) -> dict[str, str] | None:
    """The department figures are shown for, as the JSON output names it (``None``: the
    whole case)."""
    for d in the_case.departments:
        if d.id == department:
            return {"id": d.id, "name": d.name}
    return None
