"""The terminal table (rich): years as columns, the document's row groups, key figures."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..diagnostics import Diagnostic
from ..results import Shown
from .labels import Labels
from .report import key_figures, rounding_notes, rows

_STYLES = {
    "group": "",
    "detail": "dim",
    "net": "bold",
    "cumulative": "bold",
    "pool": "",
}


def table(shown: Shown, words: Labels, *, detail: bool = False) -> Table:
    t = Table(show_lines=False, expand=False)
    t.add_column(words.amounts, overflow="fold")
    for year in shown.years:
        t.add_column(str(year), justify="right", no_wrap=True)
    t.add_column(words.total, justify="right", no_wrap=True)
    for row in rows(shown, words, detail=detail):
        t.add_row(
            row.label, *row.cells, row.total, style=_STYLES[row.style], end_section=row.end_section
        )
    return t


def figures_panel(shown: Shown, words: Labels) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    grid.add_column(justify="right")
    for label, value in key_figures(shown, words):
        grid.add_row(label, Text(value, style="bold"))
    return Panel(grid, title=words.key_figures, title_align="left", expand=False)


def warnings_block(warnings: list[Diagnostic], notes: list[str], words: Labels) -> Text:
    text = Text(f"{words.warnings}:\n", style="bold yellow")
    for note in notes:
        text.append(f"  - {note}\n")
    for w in warnings:
        text.append(f"  - {w.file}:{w.line}:{w.col}: {w.severity}[{w.code}] {w.message}\n")
        if w.hint:
            text.append(f"    hint: {w.hint}\n", style="dim")
    return text


def render(
    shown: Shown,
    words: Labels,
    console: Console,
    *,
    detail: bool = False,
    warnings: list[Diagnostic] | None = None,
) -> None:
    parts: list[Table | Panel | Text] = [
        Text(shown.result.title, style="bold"),
        table(shown, words, detail=detail),
        figures_panel(shown, words),
    ]
    notes = rounding_notes(shown, words)
    if warnings or notes:
        parts.append(warnings_block(warnings or [], notes, words))
    console.print(Group(*parts))


def console(*, stdout: bool = True) -> Console:
    """A console that never truncates piped output: no terminal means no width limit."""
    import sys

    stream = sys.stdout if stdout else sys.stderr
    if stream.isatty():
        return Console(file=stream, highlight=False)
    return Console(file=stream, width=10_000, highlight=False, color_system=None, soft_wrap=False)
