"""The text output: a table per department and combined, key figures, activities,
assumptions, reconciliation with the source document, warnings.

Every width works. A figure is never cut and a label never broken where it need not be: the
layout is chosen for the width at hand, in this order:

1. the whole table, labels wrapped at spaces if the label column must be narrower;
2. the table split into year blocks (``2021-2024``, then ``2025-2027`` and the total), each
   block repeating the row labels, as few blocks as fit;
3. the same with the label column narrower still, a word longer than it broken with a hyphen;
4. years as rows: each row's label on its own line(s), then one line per year (``2021
   -390.000``), which fits any terminal of 20 columns or more.

Piped output (no terminal) has no width limit and always gets the whole table. The output is
described as :mod:`.blocks`: rich lays them out for a terminal, and plain text needs no rich.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from ..diagnostics import Diagnostic
from ..fmt import year
from ..i18n import in_language
from ..results import Shown
from ..view import CaseView
from .blocks import (
    UNLIMITED,
    Block,
    Column,
    Figures,
    Para,
    Rendered,
    TableBlock,
    cell_len,
    plain_or_rich,
)
from .labels import Labels
from .report import (
    Style,
    activity_rows,
    amounts_header,
    key_figures,
    reconciliation_rows,
    rounding_notes,
    rows,
)

_STYLES: dict[Style, str] = {
    "group": "",
    "detail": "dim",
    "net": "bold",
    "cumulative": "bold",
    "pool": "",
    "own": "bold",
}

_UNLIMITED = UNLIMITED
MIN_WIDTH = 20
"""Narrower terminals get the layout for 20 columns; their lines wrap, nothing is cut."""

_READABLE_LABEL = 20
"""The narrowest label column before the table gives way to years as rows."""


# ---------------------------------------------------------------------------------------------
# A table as text cells, and the layouts that fit it to a width


class GridRow(NamedTuple):
    """A row of a table as text: its label, further text cells and figures."""

    label: str
    texts: tuple[str, ...]
    """Further left-aligned text cells (an activity's unit)."""
    cells: tuple[str, ...]
    """The figures, one per column (years, then the total)."""
    style: Style
    end_section: bool = False


class Grid(NamedTuple):
    """A table as text cells, before it is fitted to a width."""

    head: str
    texts: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[GridRow, ...]


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces; a word longer than a
    line is broken with a hyphen. Leading spaces (an indented detail row) are kept."""
    indent = len(text) - len(text.lstrip(" "))
    room = max(width - indent, 2)
    lines: list[str] = []
    current = ""
    for word in text[indent:].split(" "):
        while cell_len(word) > room:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: room - 1] + "-")
            word = word[room - 1 :]
        if not current:
            current = word
        elif cell_len(current) + 1 + cell_len(word) <= room:
            current += " " + word
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return [" " * indent + line for line in lines]


def _longest_word(text: str) -> int:
    indent = len(text) - len(text.lstrip(" "))
    return indent + max((cell_len(w) for w in text.split()), default=0)


def _balanced(n: int, blocks: int) -> list[range]:
    """``n`` columns in ``blocks`` consecutive runs, the first ones one longer if need be."""
    size, extra = divmod(n, blocks)
    out, start = [], 0
    for k in range(blocks):
        end = start + size + (1 if k < extra else 0)
        out.append(range(start, end))
        start = end
    return out


class Layout(NamedTuple):
    """How a table fits a width: the label column's width and the runs of figure columns."""

    label_width: int
    blocks: list[range] | None
    """Runs of figure columns, one table each; None for years as rows."""


def choose_layout(grid: Grid, width: int) -> Layout:
    """The first layout of the module docstring's list that fits ``width``."""
    labels = [grid.head, *(r.label for r in grid.rows)]
    natural = max(cell_len(lb) for lb in labels)
    longest = max(_longest_word(lb) for lb in labels)
    text_w = [
        max(cell_len(h), *(cell_len(r.texts[k]) for r in grid.rows))
        for k, h in enumerate(grid.texts)
    ]
    fig_w = [
        max(cell_len(h), *(cell_len(r.cells[k]) for r in grid.rows))
        for k, h in enumerate(grid.columns)
    ]

    def without_label(block: range) -> int:
        # a rich box: one rule left of every column and one at the right, one space each side
        cols = [*text_w, *(fig_w[k] for k in block)]
        return sum(cols) + 3 * (len(cols) + 1) + 1

    n = len(grid.columns)
    tries = ((min(natural, longest), 3), (min(natural, _READABLE_LABEL), 4))
    for least, most_blocks in tries:
        for count in range(1, min(most_blocks, n) + 1):
            blocks = _balanced(n, count)
            room = width - max(without_label(b) for b in blocks)
            if room >= least:
                return Layout(min(natural, room), None if count == 1 else blocks)
    return Layout(max(width - 2, 2), [])


def _full_table(grid: Grid, layout: Layout | None, block: range | None = None) -> TableBlock:
    columns = range(len(grid.columns)) if block is None else block
    t = TableBlock(
        [
            Column(grid.head, fold=True, no_wrap=layout is not None),
            *(Column(header, no_wrap=True) for header in grid.texts),
            *(Column(grid.columns[k], "right", no_wrap=True) for k in columns),
        ]
    )
    kept: list[GridRow] = []
    for row in grid.rows:
        if block is not None and not any(row.cells[k] for k in block):
            # a row with nothing in this block (the cumulative under the total) is left out,
            # so that its label cannot be read as the continuation of the label above
            if row.end_section and kept:
                kept[-1] = kept[-1]._replace(end_section=True)
            continue
        kept.append(row)
    for row in kept:
        label = row.label if layout is None else "\n".join(wrap(row.label, layout.label_width))
        t.add_row(
            label,
            *row.texts,
            *(row.cells[k] for k in columns),
            style=_STYLES[row.style],
            end_section=row.end_section,
        )
    return t


def _years_as_rows(grid: Grid, width: int) -> Para:
    """Each row's label on its own lines, then one line per column: ``  2021  -390.000``."""
    head_w = max(cell_len(h) for h in grid.columns)
    fig_w = max((cell_len(c) for r in grid.rows for c in r.cells), default=0)
    text = Para()
    for part in wrap(grid.head, width):
        text.append(part + "\n", style="bold")
    for row in grid.rows:
        label = row.label + "".join(f" ({t})" for t in row.texts if t)
        style = _STYLES[row.style]
        text.append("\n")
        for part in wrap(label, width):
            text.append(part + "\n", style=style or "bold")
        for header, cell in zip(grid.columns, row.cells, strict=True):
            if cell:
                pad = head_w - cell_len(header) + fig_w - cell_len(cell)
                text.append(f"  {header}  {' ' * pad}{cell}\n", style=style)
    return text


def fit(grid: Grid, width: int) -> list[Block]:
    """``grid`` laid out for a terminal ``width`` columns wide."""
    layout = choose_layout(grid, width)
    if layout.blocks is None:
        return [_full_table(grid, layout)]
    if not layout.blocks:
        return [_years_as_rows(grid, width)]
    return [_full_table(grid, layout, block) for block in layout.blocks]


# ---------------------------------------------------------------------------------------------
# The parts of the output


def table(shown: Shown, words: Labels, view: CaseView, *, detail: bool = False) -> TableBlock:
    """The money table in one piece, as wide as it needs (a pipe, a file)."""
    return _full_table(money_grid(shown, words, view, detail=detail), None)


def money_grid(shown: Shown, words: Labels, view: CaseView, *, detail: bool = False) -> Grid:
    return Grid(
        head=amounts_header(words, view.price_year, view.unit),
        texts=(),
        columns=(*map(year, shown.years), words.total),
        rows=tuple(
            GridRow(row.label, (), (*row.cells, row.total), row.style, row.end_section)
            for row in rows(shown, words, detail=detail, marks=view.marks)
        ),
    )


def activity_grid(view: CaseView, words: Labels) -> Grid:
    return Grid(
        head=words.activities,
        texts=(words.unit,),
        columns=(*map(year, view.main.years), words.total),
        rows=tuple(
            GridRow(label, (unit,), (*cells, total), "group")
            for label, unit, cells, total in activity_rows(view, words)
        ),
    )


def figures_panel(shown: Shown, words: Labels, width: int = _UNLIMITED, unit: int = 1) -> Block:
    """The key figures in a frame; as label-then-value lines where the frame would not fit."""
    figures = key_figures(shown, words, unit)
    value_w = max(cell_len(v) for _, v in figures)
    label_w = max(cell_len(lb) for lb, _ in figures)
    longest = max(_longest_word(lb) for lb, _ in figures)
    frame = 2 + 4  # the gap between the two columns; the frame and its padding
    room = width - value_w - frame
    if room >= longest:
        return Figures(
            words.key_figures,
            [
                (label if label_w <= room else "\n".join(wrap(label, room)), value)
                for label, value in figures
            ],
        )
    text = Para(f"{words.key_figures}\n", style="bold")
    for label, value in figures:
        for part in wrap(label, width):
            text.append(part + "\n")
        for part in wrap(value, width - 2):
            text.append("  " + part + "\n", style="bold")
    return text


def footnotes_block(view: CaseView, words: Labels) -> Para:
    text = Para(f"{words.assumptions}:\n", style="bold")
    for fn in view.footnotes:
        text.append(f"  [{fn.number}] {fn.text}\n")
    return text


def reconciliation_block(view: CaseView, words: Labels, width: int = _UNLIMITED) -> list[Block]:
    rec = view.reconciliation
    assert rec is not None
    n = len(rec.comparisons)
    if not rec.mismatches:
        return [Para(words.reconciled.format(n=n, sources=", ".join(rec.sources)), style="green")]
    title = Para(words.not_reconciled.format(m=len(rec.mismatches), n=n), style="bold yellow")
    found = reconciliation_rows(view, words)
    widths = [
        max(cell_len(h), *(cell_len(r[k]) for r in found)) for k, h in enumerate(words.rec_columns)
    ]
    if sum(widths) + 3 * len(widths) + 1 <= width:
        t = TableBlock(
            [
                Column(name, "right" if 2 <= k <= 5 else "left", no_wrap=True)
                for k, name in enumerate(words.rec_columns)
            ]
        )
        for cells in found:
            t.add_row(*cells)
        return [title, t]
    # one paragraph per figure: what and where, then document / computed / difference, then why
    text = Para()
    names = words.rec_columns
    for source, row, when, stated, computed, diff, why in found:
        where = " · ".join(part for part in (source, row, when) if part)
        text.append(f"\n{where}\n", style="bold")
        figures = [f"{names[3]}: {stated}", f"{names[4]}: {computed}"]
        if diff:
            figures.append(f"{names[5]}: {diff}")
        for figure in figures:
            text.append(f"  {figure}\n")
        text.append(f"  {why}\n", style="dim")
    return [title, text]


def warnings_block(warnings: list[Diagnostic], notes: list[str], words: Labels) -> Para:
    text = Para(f"{words.warnings}:\n", style="bold yellow")
    for note in notes:
        text.append(f"  - {note}\n")
    for w in warnings:
        severity = in_language(words.language, w.severity)
        text.append(f"  - {w.file}:{w.line}:{w.col}: {severity}[{w.code}] {w.message}\n")
        if w.hint:
            text.append(f"    {in_language(words.language, 'hint')}: {w.hint}\n", style="dim")
    return text


def chart_block(shown: Shown, words: Labels, view: CaseView, width: int) -> Rendered:
    """The cumulative net and the pool's balance as bars of block characters."""
    from .chart import chart_data, text_chart

    data = chart_data(shown, words, title=view.title, price_year=view.price_year, unit=view.unit)
    return Rendered(text_chart(data, min(width, CHART_WIDTH)))


CHART_WIDTH = 100
"""The widest the terminal chart gets (piped output has no width limit)."""


def blocks(
    view: CaseView,
    words: Labels,
    *,
    detail: bool = False,
    width: int = _UNLIMITED,
    chart: bool = False,
) -> list[Block]:
    """The whole output, laid out for a terminal ``width`` columns wide; ``chart`` adds each
    table's chart (the cumulative net and the pool's balance)."""
    parts: list[Block] = [Para(view.title, style="bold")]
    if view.price_index is not None or view.price_year != view.price_level:
        parts.append(
            Para(
                words.prices_note.format(
                    year=view.price_year, base=view.price_level, index=view.price_index or ""
                )
            )
        )
    if view.unit == 1000 and view.has_money:
        parts.append(Para(words.tkr_note))
    notes: list[str] = []
    if view.has_money:
        for section in view.sections:
            if section.name is not None:
                parts.append(Para(f"\n{section.name}", style="bold underline"))
            parts += fit(money_grid(section.shown, words, view, detail=detail), width)
            parts.append(figures_panel(section.shown, words, width, view.unit))
            if chart:
                parts.append(chart_block(section.shown, words, view, width))
            notes += rounding_notes(section.shown, words)
    else:
        parts.append(Para(words.no_money))
    if view.followup is not None and view.has_money:
        parts += followup_parts(view, words, width, detail=detail)
        notes += rounding_notes(view.followup.outlook, words)
    if view.activities:
        parts.append(Para(f"\n{words.activities}", style="bold"))
        parts += fit(activity_grid(view, words), width)
    if view.footnotes:
        parts.append(footnotes_block(view, words))
    if view.reconciliation is not None and view.reconciliation.comparisons:
        parts += reconciliation_block(view, words, width)
    if view.reconciliation is not None and view.reconciliation.ledger:
        from . import ledger

        lines = ledger.report_lines(view.reconciliation, ledger.language_of(words))
        parts.append(Para("\n".join(lines)))
    if view.warnings or notes:
        parts.append(warnings_block(view.warnings, notes, words))
    return parts


def followup_parts(
    view: CaseView, words: Labels, width: int = _UNLIMITED, *, detail: bool = False
) -> list[Block]:
    """Plan, actual and deviation per line and year; the rule; the re-projected table."""
    from . import followup

    fv = view.followup
    assert fv is not None
    parts: list[Block] = [Para(f"\n{followup.heading(fv, words)}", style="bold underline")]
    note = followup.source_note(fv, words)
    if note is not None:
        parts.append(Para(note))
    grid = Grid(
        head=amounts_header(words, view.price_year, view.unit),
        texts=(),
        columns=(*map(year, fv.years), words.total),
        rows=tuple(
            GridRow(label, (), (*cells, total), style)  # type: ignore[arg-type]
            for label, cells, total, style in followup.rows(fv, words)
        ),
    )
    parts += fit(grid, width)
    parts.append(Para(followup.rule(fv, words)))
    parts.append(Para(f"\n{followup.outlook_heading(fv, words)}", style="bold"))
    parts += fit(money_grid(fv.outlook, words, view, detail=detail), width)
    parts.append(figures_panel(fv.outlook, words, width, view.unit))
    return parts


def terminal_width() -> int:
    """The terminal's width: ``COLUMNS`` if it is a positive number, else what the terminal
    says, else 80; never less than :data:`MIN_WIDTH`."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        width = int(columns)
    else:
        import shutil  # a terminal only: it imports the compression modules

        width = shutil.get_terminal_size((80, 24)).columns or 80
    return max(width, MIN_WIDTH)


def render_to_string(
    view: CaseView,
    words: Labels,
    *,
    detail: bool = False,
    terminal: bool = True,
    chart: bool = False,
) -> str:
    """The text output as a string: coloured and laid out for the terminal's width when stdout
    is one, plain and never truncated otherwise (a pipe, a file)."""
    import sys

    if terminal and sys.stdout.isatty():
        from .rich_blocks import to_string

        width = terminal_width()
        return to_string(blocks(view, words, detail=detail, width=width, chart=chart), width=width)
    return plain_or_rich(blocks(view, words, detail=detail, chart=chart))
