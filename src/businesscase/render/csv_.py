"""CSV output, for a spreadsheet: the table, then the key figures, the activities and the
reconciliation as further blocks of the same file.

Two dialects:

* ``da`` (the default for a Danish case): fields separated by ``;``, decimal comma, UTF-8
  with a byte-order mark, Danish headers. This is what a Danish Excel opens as a table when
  the file is double-clicked (its list separator is ``;``; without the mark it reads the
  file as Windows-1252 and "årsværk" becomes "Ã¥rsvÃ¦rk").
* ``en`` (the default otherwise): fields separated by ``,``, decimal point, UTF-8 without a
  mark, as programs expect.

Amounts are whole kroner without thousands separators, so that a spreadsheet reads them as
numbers. A block after the first starts with an empty row and a row holding only its title,
then its header row. A text cell that a spreadsheet would run as a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, and so does
one that starts with ``::``, which GitHub Actions would read as a workflow command at the
start of a line; numbers are written as numbers, a negative one included.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from ..fmt import year_key
from ..i18n import in_language
from ..results import Shown
from ..view import CaseView
from .labels import Labels
from .report import amounts_header, key_figure_text, key_figure_values, pool_row_label

Dialect = Literal["da", "en"]
Cell = int | Fraction | str | None


@dataclass(frozen=True)
class _Style:
    delimiter: str
    decimal: str
    bom: str


_STYLES: dict[Dialect, _Style] = {
    "da": _Style(delimiter=";", decimal=",", bom="\ufeff"),
    "en": _Style(delimiter=",", decimal=".", bom=""),
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """A text cell that a spreadsheet will not run as a formula, and that a CI log will not
    read as a workflow command (a line that starts with ``::``)."""
    if value.startswith(_FORMULA_START) or value.lstrip(" ").startswith("::"):
        return "'" + value
    return value


def _number(value: Fraction, decimal: str) -> str:
    """A count or rate with at most 4 decimals, without thousands separators."""
    d = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001"))
    text = f"{d.normalize():f}"
    return text.replace(".", decimal)


def _cell(value: Cell, style: _Style) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # pragma: no cover - no such cells; a bool is an int
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else _number(value, style.decimal)
    return _text(value)


def _money_rows(shown: Shown, words: Labels) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for line in shown.lines:
        out.append([line.name, line.group, *line.values, line.total])
    out.append([words.net, None, *shown.net, shown.total_net])
    out.append([words.cumulative, None, *shown.cumulative, None])
    pool = shown.result.pool_name
    if pool is not None:
        out.append([words.drawn.format(pool=pool), None, *shown.drawn, shown.total_drawn])
        if shown.interest:
            out.append(
                [words.interest.format(pool=pool), None, *shown.interest, shown.total_interest]
            )
        out.append([words.repayment.format(pool=pool), None, *shown.repayment, shown.total_repaid])
        for kind, values, total in shown.pool_rows:
            out.append([pool_row_label(words, kind).format(pool=pool), None, *values, total])
        out.append([words.balance.format(pool=pool), None, *shown.pool_balance, None])
    for name, values, _, total in shown.grants:
        out.append([words.grant.format(name=name), None, *values, total])
    if shown.result.has_funding:
        out.append([words.own_net, None, *shown.own_net, shown.total_own_net])
        out.append([words.own_cumulative, None, *shown.own_cumulative, None])
    return out


def _key_figure_rows(shown: Shown, words: Labels, unit: int) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for label, value, kind in key_figure_values(shown, words, unit):
        shown_value: Cell = value
        if value is None:
            shown_value = key_figure_text(shown, words, value, kind, unit)
        elif kind in ("year", "owed"):  # as the case writes it: 2019-20, 3
            shown_value = year_key(value)
        out.append([label, shown_value])
    return out


def blocks(view: CaseView, words: Labels) -> list[tuple[str | None, list[list[Cell]]]]:
    """(title, header and rows) of each block; the first block has no title."""
    years: list[Cell] = [year_key(y) for y in view.main.years]
    departments = len(view.sections) > 1
    section_of = [s for s in view.sections if departments or s is view.sections[-1]]
    department: list[Cell] = [words.csv_department] if departments else []

    name: Cell = words.csv_name
    if view.unit == 1000 or view.currency != "DKK":  # the unit where a reader looks first
        name = f"{words.csv_name} ({amounts_header(words, view.price_year, view.unit)})"
    table: list[list[Cell]] = [[*department, name, words.csv_group, *years, words.total]]
    figures: list[list[Cell]] = [[*department, words.key_figures, words.csv_value]]
    for section in section_of:
        dep: list[Cell] = [section.department or ""] if departments else []
        table += [[*dep, *row] for row in _money_rows(section.shown, words)]
        figures += [[*dep, *row] for row in _key_figure_rows(section.shown, words, view.unit)]
    out: list[tuple[str | None, list[list[Cell]]]] = []
    if view.has_money:
        out += [(None, table), (words.key_figures, figures)]
    if view.activities:
        rows: list[list[Cell]] = [[words.csv_activity, words.unit, *years, words.total]]
        for a in view.activities:
            counts: list[Cell] = (
                [*a.counts] if a.counts is not None else [None] * len(view.main.years)
            )
            rows.append([a.name, a.unit, *counts, a.total])  # None for a number a year
        out.append((words.activities if out else None, rows))
    if view.followup is not None and view.has_money:
        out += _followup_blocks(view, words)
    rec = view.reconciliation
    if rec is not None and rec.comparisons:
        rows = [list(words.rec_columns)]
        for c in rec.comparisons:
            year: Cell = (
                year_key(c.year)
                if c.year is not None
                else (words.total if c.path[-1] == "total" else None)
            )
            label = words.figure_names.get(c.label, c.label)
            source = c.source
            name = view.department_names.get(c.department or "", c.department)
            if name is not None and name not in source:
                source += f" ({name})"
            diff = None if c.is_year or c.row == "payback_period" else c.difference
            why = c.acknowledged or ("" if c.matches else words.unexplained)
            stated, computed = (
                (_year(c.stated), _year(c.computed)) if c.is_year else (c.stated, c.computed)
            )
            rows.append([source, label, year, stated, computed, diff, why])
        out.append((words.reconciliation, rows))
    return out


def _year(value: int | None) -> Cell:
    return None if value is None else year_key(value)


def _followup_blocks(view: CaseView, words: Labels) -> list[tuple[str | None, list[list[Cell]]]]:
    """Plan, actual and deviation per line and year; then the table re-projected, its key
    figures, and the rule it was re-projected by."""
    from . import followup

    fv = view.followup
    assert fv is not None
    lang = words.language
    kinds = (
        ("plan", "plan", "plan_total"),
        (in_language(lang, "actual"), "actual", "actual_total"),
        (in_language(lang, "deviation"), "deviation", "deviation_total"),
    )
    rows: list[list[Cell]] = [[words.csv_name, "", *map(year_key, fv.years), words.total]]
    for row in fv.rows:
        at = {y: k for k, y in enumerate(row.years)}
        for label, field, total in kinds:
            values = getattr(row, field)
            cells: list[Cell] = [values[at[y]] if y in at else None for y in fv.years]
            rows.append([row.name, in_language(lang, label), *cells, getattr(row, total)])
    years = map(year_key, fv.outlook.years)
    table: list[list[Cell]] = [[words.csv_name, words.csv_group, *years, words.total]]
    table += _money_rows(fv.outlook, words)
    figures: list[list[Cell]] = [[words.key_figures, words.csv_value]]
    figures += _key_figure_rows(fv.outlook, words, view.unit)
    figures.append([followup.rule(fv, words)])
    title = followup.outlook_heading(fv, words)
    return [
        (followup.heading(fv, words), rows),
        (title, table),
        (f"{title}: {words.key_figures}", figures),
    ]


def render(view: CaseView, words: Labels, dialect: Dialect | None = None) -> str:
    style = _STYLES[dialect or ("da" if words.language == "da" else "en")]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=style.delimiter, lineterminator="\n")
    for k, (title, rows) in enumerate(blocks(view, words)):
        if k:
            writer.writerow([])
        if title is not None:
            writer.writerow([_text(title)])
        writer.writerows([_cell(v, style) for v in row] for row in rows)
    return style.bom + out.getvalue()
