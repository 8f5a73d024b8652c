"""``businesscase diff`` as text: changed inputs, key figures, yearly deltas (as :mod:`.blocks`:
rich lays them out on a terminal, plain text needs no rich)."""

from __future__ import annotations

import sys

from ..fmt import year as shown_year
from .blocks import Block, Column, Para, TableBlock, plain_or_rich
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


def write(report: Report, language: str) -> None:
    """The report on standard output: by rich on a terminal, else as plain text."""
    parts = blocks(report, language)
    if sys.stdout.isatty():
        from rich.console import Console, Group

        from .rich_blocks import renderable

        Console(file=sys.stdout, highlight=False).print(Group(*map(renderable, parts)))
        return
    sys.stdout.write(plain_or_rich(parts))


def blocks(report: Report, language: str) -> list[Block]:
    w = words(language)
    parts: list[Block] = [
        Para(f"A: {report.a.file}  ({report.a.title})"),
        Para(f"B: {report.b.file}  ({report.b.title})"),
    ]
    diff = report.diff
    if diff.identical:
        parts.append(Para(w.no_differences, style="bold"))
        return parts
    if diff.inputs:
        parts.append(Para(f"\n{w.inputs}", style="bold"))
        for change, where in zip(diff.inputs, report.where, strict=True):
            parts.append(Para(f"  {subject(change, w)}: {change_text(change, w)}"))
            located = where_text(where)
            if located:
                parts.append(Para(f"      {located}", style="dim"))
    if not diff.results_differ:
        parts.append(Para(f"\n{w.same_results}"))
        return parts
    several = len(diff.views) > 1
    for view in diff.views:
        if not view.changed and view.department is not None:
            continue
        if several:
            parts.append(Para(f"\n{view_title(view, report, w)}", style="bold underline"))
        figures = TableBlock(
            [
                Column(""),
                Column("A", "right", no_wrap=True),
                Column("B", "right", no_wrap=True),
                Column(w.change, "right", no_wrap=True),
            ]
        )
        for fig in shown_figures(view):
            figures.add_row(figure_label(fig, view, w), *figure_cells(fig, w))
        parts.append(Para(f"\n{w.figures}", style="bold"))
        parts.append(figures)
        table = TableBlock(
            [
                Column(w.common.amounts, fold=True),
                *(Column(shown_year(year), "right", no_wrap=True) for year in view.years),
                Column(w.common.total, "right", no_wrap=True),
            ]
        )
        for row in delta_rows(view, w, all_lines=report.all_lines):
            table.add_row(
                row.label,
                *row.cells,
                row.total,
                style=_STYLES[row.style],
                end_section=row.end_section,
            )
        parts.append(Para(f"\n{w.yearly}", style="bold"))
        parts.append(table)
    return parts
