"""Diagnostics as text, hledger-style: location first, the source line with a caret, a hint.

cases/x.yaml:14:12: error[BC103] avoided[2].unit_cost: expected an amount in kroner, got '40.000'
   14 |     unit_cost: 40.000
      |                ^^^^^^
   hint: write whole kroner without separators or unit, e.g. 40000
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic


def headline(d: Diagnostic) -> str:
    where = f"{d.path}: " if d.path else ""
    return f"{d.file}:{d.line}:{d.col}: {d.severity}[{d.code}] {where}{d.message}"


def text(d: Diagnostic) -> str:
    out = [headline(d)]
    if d.source is not None:
        number = str(d.line)
        pad = " " * len(number)
        source = d.source.replace("\t", " ")
        caret = " " * (d.col - 1) + "^" * max(1, min(d.span, max(1, len(source) - d.col + 1)))
        out.append(f"   {number} | {source}")
        out.append(f"   {pad} | {caret}")
    if d.hint:
        out.append(f"   hint: {d.hint}")
    return "\n".join(out)


def render_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(text(d) + "\n" for d in diagnostics)
