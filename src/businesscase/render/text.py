"""The terminal output (rich): a table per department and combined, key figures, activities,
assumptions, reconciliation with the source document, warnings."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..diagnostics import Diagnostic
from ..results import Shown
from ..view import CaseView
from .labels import Labels
from .report import activity_rows, key_figures, reconciliation_rows, rounding_notes, rows

_STYLES = {
    "group": "",
    "detail": "dim",
    "net": "bold",
    "cumulative": "bold",
    "pool": "",
    "own": "bold",
}


def table(shown: Shown, words: Labels, view: CaseView, *, detail: bool = False) -> Table:
    t = Table(show_lines=False, expand=False)
    t.add_column(words.amounts, overflow="fold")
    for year in shown.years:
        t.add_column(str(year), justify="right", no_wrap=True)
    t.add_column(words.total, justify="right", no_wrap=True)
    for row in rows(shown, words, detail=detail, marks=view.marks):
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


def activities_table(view: CaseView, words: Labels) -> Table:
    years = view.main.years
    t = Table(expand=False)
    t.add_column(words.activities, overflow="fold")
    t.add_column(words.unit)
    for year in years:
        t.add_column(str(year), justify="right", no_wrap=True)
    t.add_column(words.total, justify="right", no_wrap=True)
    for label, unit, cells, total in activity_rows(view):
        t.add_row(label, unit, *cells, total)
    return t


def footnotes_block(view: CaseView, words: Labels) -> Text:
    text = Text(f"{words.assumptions}:\n", style="bold")
    for fn in view.footnotes:
        text.append(f"  [{fn.number}] {fn.text}\n")
    return text


def reconciliation_block(view: CaseView, words: Labels) -> RenderableType:
    rec = view.reconciliation
    assert rec is not None
    n = len(rec.comparisons)
    if not rec.mismatches:
        return Text(words.reconciled.format(n=n, sources=", ".join(rec.sources)), style="green")
    title = Text(words.not_reconciled.format(m=len(rec.mismatches), n=n), style="bold yellow")
    t = Table(expand=False)
    for k, name in enumerate(words.rec_columns):
        t.add_column(name, justify="right" if 2 <= k <= 5 else "left", overflow="fold")
    for cells in reconciliation_rows(view, words):
        t.add_row(*cells)
    return Group(title, t)


def warnings_block(warnings: list[Diagnostic], notes: list[str], words: Labels) -> Text:
    text = Text(f"{words.warnings}:\n", style="bold yellow")
    for note in notes:
        text.append(f"  - {note}\n")
    for w in warnings:
        text.append(f"  - {w.file}:{w.line}:{w.col}: {w.severity}[{w.code}] {w.message}\n")
        if w.hint:
            text.append(f"    hint: {w.hint}\n", style="dim")
    return text


def render(view: CaseView, words: Labels, console: Console, *, detail: bool = False) -> None:
    parts: list[RenderableType] = [Text(view.title, style="bold")]
    if view.price_index is not None or view.price_year != view.price_level:
        parts.append(
            Text(
                words.prices_note.format(
                    year=view.price_year, base=view.price_level, index=view.price_index or ""
                )
            )
        )
    notes: list[str] = []
    if view.has_money:
        for section in view.sections:
            if section.name is not None:
                parts.append(Text(f"\n{section.name}", style="bold underline"))
            parts.append(table(section.shown, words, view, detail=detail))
            parts.append(figures_panel(section.shown, words))
            notes += rounding_notes(section.shown, words)
    else:
        parts.append(Text(words.no_money))
    if view.activities:
        parts.append(Text(f"\n{words.activities}", style="bold"))
        parts.append(activities_table(view, words))
    if view.footnotes:
        parts.append(footnotes_block(view, words))
    if view.reconciliation is not None:
        parts.append(reconciliation_block(view, words))
    if view.warnings or notes:
        parts.append(warnings_block(view.warnings, notes, words))
    console.print(Group(*parts))


def render_to_string(
    view: CaseView, words: Labels, *, detail: bool = False, terminal: bool = True
) -> str:
    """The text output as a string: coloured and as wide as the terminal when stdout is one,
    plain and never truncated otherwise (a pipe, a file)."""
    import io
    import sys

    buffer = io.StringIO()
    if terminal and sys.stdout.isatty():
        width = Console().width
        target = Console(file=buffer, width=width, highlight=False, force_terminal=True)
    else:
        target = Console(
            file=buffer, width=10_000, highlight=False, color_system=None, soft_wrap=False
        )
    render(view, words, target, detail=detail)
    return buffer.getvalue()


def console(*, stdout: bool = True) -> Console:
    """A console that never truncates piped output: no terminal means no width limit."""
    import sys

    stream = sys.stdout if stdout else sys.stderr
    if stream.isatty():
        return Console(file=stream, highlight=False)
    return Console(file=stream, width=10_000, highlight=False, color_system=None, soft_wrap=False)
