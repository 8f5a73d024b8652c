"""Diagnostics as text, JSON records or GitHub workflow annotations; one serialiser per format.

Text, hledger-style: location first, the source line with a caret, a hint::

    cases/x.yaml:14:12: error[BC103] avoided[2].unit_cost: expected an amount in kroner, got '40.000'
       14 |     unit_cost: 40.000
          |                ^^^^^^
       hint: write whole kroner without separators or unit, e.g. 40000

This module imports only the standard library, so ``validate`` stays fast to start.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..i18n import _


def headline(d: Diagnostic) -> str:
    where = f"{d.path}: " if d.path else ""
    # the severity word stays English: "file:line:col: error[CODE]" is read by CI tools
    return f"{safe_file(d.file)}:{d.line}:{d.col}: {d.severity}[{d.code}] {where}{d.message}"


def safe_file(file: str) -> str:
    """A file name that cannot start a line as a CI workflow command: GitHub Actions reads any
    output line that starts with ``::`` as one, so ``::error file=x::y.yaml`` becomes
    ``./::error file=x::y.yaml`` (the same file)."""
    return "./" + file if file.lstrip().startswith("::") else file


SOURCE_WIDTH = 160
"""The most characters of a source line shown; a longer line is cut around the caret."""
_BEFORE = 40


def _window(source: str, col: int, span: int) -> tuple[str, int, int]:
    """The part of a long line to show, and the caret's column and width within it."""
    if len(source) <= SOURCE_WIDTH:
        return source, col, span
    start = max(0, min(col - 1 - _BEFORE, len(source) - SOURCE_WIDTH))
    end = start + SOURCE_WIDTH
    shown = ("…" if start else "") + source[start:end] + ("…" if end < len(source) else "")
    col = col - start + (1 if start else 0)
    return shown, col, min(span, SOURCE_WIDTH - (col - 1))


def text(d: Diagnostic) -> str:
    out = [headline(d)]
    if d.source is not None:
        number = str(d.line)
        pad = " " * len(number)
        source, col, span = _window(d.source.replace("\t", " "), d.col, d.span)
        caret = " " * (col - 1) + "^" * max(1, min(span, max(1, len(source) - col + 1)))
        out.append(f"   {number} | {source}")
        out.append(f"   {pad} | {caret}")
    if d.hint:
        hint = _("hint")
        out.append(f"   {hint}: {d.hint}")
    return "\n".join(out)


def render_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(text(d) + "\n" for d in diagnostics)


def record(d: Diagnostic) -> dict[str, object]:
    """One finding as a JSON record; the keys are a stable interface for CI tools."""
    return {
        "file": d.file,
        "line": d.line,
        "col": d.col,
        "code": d.code,
        "severity": d.severity,
        "path": d.path,
        "message": d.message,
        "hint": d.hint,
    }


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON array of records (``[]`` when there is nothing to report)."""
    return json.dumps([record(d) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


def escape_data(value: str) -> str:
    """Escape the message of a workflow command (GitHub's ``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value of a workflow command (GitHub's ``escapeProperty``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(
    severity: str, message: str, *, file: str | None = None, **properties: object
) -> str:
    props = {"file": file, **properties}
    shown = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{severity}{' ' + shown if shown else ''}::{escape_data(message)}"


def github(d: Diagnostic) -> str:
    """A GitHub Actions annotation: shown on the line of the pull request's diff."""
    message = f"{d.path}: {d.message}" if d.path else d.message
    if d.hint:
        message += f"\n{_('hint')}: {d.hint}"  # in the language of the hint: "tip" in Danish
    return annotation(d.severity, message, file=d.file, line=d.line, col=d.col, title=d.code)


def render_github(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(github(d) + "\n" for d in diagnostics)
