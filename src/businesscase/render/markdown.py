"""Markdown output: the same rows and key figures as the terminal table, as a pipe table."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..results import Shown
from .labels import Labels
from .report import key_figures, rounding_notes, rows


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def render(
    shown: Shown, words: Labels, *, detail: bool = False, warnings: list[Diagnostic] | None = None
) -> str:
    header = [words.amounts, *map(str, shown.years), words.total]
    lines = [f"## {_escape(shown.result.title)}", ""]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---", *["---:"] * (len(header) - 1)]) + "|")
    for row in rows(shown, words, detail=detail):
        label = _escape(row.label.strip())
        if row.style in ("net", "cumulative"):
            label = f"**{label}**"
        elif row.style == "detail":
            label = "&nbsp;&nbsp;" + label
        lines.append("| " + " | ".join([label, *row.cells, row.total]) + " |")
    lines += ["", f"### {words.key_figures}", ""]
    lines += [f"- {_escape(label)}: **{value}**" for label, value in key_figures(shown, words)]
    notes = rounding_notes(shown, words)
    if warnings or notes:
        lines += ["", f"### {words.warnings}", ""]
        lines += [f"- {n}" for n in notes]
        lines += [f"- `{w.code}` {_escape(w.message)} ({w.file}:{w.line})" for w in warnings or []]
    return "\n".join(lines) + "\n"
