"""``businesscase diff`` in the terminal (rich): changed inputs, key figures, yearly deltas."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from .diff import (
    Report,
    change_text,
    delta_rows,
    figure_cells,
    figure_label,
    shown_figures,
    subject,
    view_title,
    where_text,
    words,
)

_STYLES = {"line": "", "net": "bold", "cumulative": "bold", "pool": ""}


def render(report: Report, language: str, console: Console) -> None:
    w = words(language)
    parts: list[RenderableType] = [
        Text(f"A: {report.a.file}  ({report.a.title})"),
        Text(f"B: {report.b.file}  ({report.b.title})"),
    ]
    diff = report.diff
    if diff.identical:
        parts.append(Text(w.no_differences, style="bold"))
        console.print(Group(*parts))
        return
    if diff.inputs:
        parts.append(Text(f"\n{w.inputs}", style="bold"))
        for change, where in zip(diff.inputs, report.where, strict=True):
            parts.append(Text(f"  {subject(change, w)}: {change_text(change, w)}"))
            located = where_text(where)
            if located:
                parts.append(Text(f"      {located}", style="dim"))
    if not diff.results_differ:
        parts.append(Text(f"\n{w.same_results}"))
        console.print(Group(*parts))
        return
    several = len(diff.views) > 1
    for view in diff.views:
        if not view.changed and view.department is not None:
            continue
        if several:
            parts.append(Text(f"\n{view_title(view, report, w)}", style="bold underline"))
        figures = Table()
        figures.add_column("")
        figures.add_column("A", justify="right", no_wrap=True)
        figures.add_column("B", justify="right", no_wrap=True)
        figures.add_column(w.change, justify="right", no_wrap=True)
        for fig in shown_figures(view):
            figures.add_row(figure_label(fig, view, w), *figure_cells(fig, w))
        parts.append(Text(f"\n{w.figures}", style="bold"))
        parts.append(figures)
        table = Table()
        table.add_column(w.common.amounts, overflow="fold")
        for year in view.years:
            table.add_column(str(year), justify="right", no_wrap=True)
        table.add_column(w.common.total, justify="right", no_wrap=True)
        for row in delta_rows(view, w, all_lines=report.all_lines):
            table.add_row(
                row.label,
                *row.cells,
                row.total,
                style=_STYLES[row.style],
                end_section=row.end_section,
            )
        parts.append(Text(f"\n{w.yearly}", style="bold"))
        parts.append(table)
    console.print(Group(*parts))
