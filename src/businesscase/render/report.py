"""The rows and key figures every human-readable format shows, as text cells.

Text (rich) and Markdown lay out the same :class:`Row` list; they differ only in markup.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Literal, NamedTuple

from ..fmt import style as money_style
from ..fmt import year
from ..reconcile import Comparison, ledger_amount
from ..results import ActivityResult, CaseResult, Shown, ShownLine, round_half_up
from ..view import CaseView
from .labels import Labels
from .numbers import kroner, number

Style = Literal["group", "detail", "net", "cumulative", "pool", "own"]


class Row(NamedTuple):
    """A row of the year-by-year table, its figures already written."""

    label: str
    cells: tuple[str, ...]
    total: str
    style: Style
    end_section: bool = False


def _cells(values: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(kroner(v) for v in values)


def _detail_cells(line: ShownLine) -> tuple[str, ...]:
    assert line.counts is not None and line.unit_costs is not None
    phase = line.phase_in or (Fraction(1),) * len(line.counts)
    return tuple(
        (f"{number(c)} × {kroner(u)}" + (f" × {number(p * 100)} %" if p != 1 else ""))
        if c and p
        else ""
        for c, u, p in zip(line.counts, line.unit_costs, phase, strict=True)
    )


def _line_label(line: ShownLine) -> str:
    return f"{line.name} ({line.legal_ref})" if line.legal_ref else line.name


def _no_marks(name: str) -> str:
    return ""


def rows(
    shown: Shown, words: Labels, *, detail: bool = False, marks: Callable[[str], str] = _no_marks
) -> list[Row]:
    """The table: one row per group (as in the document), then net, cumulative and funding.

    ``marks`` gives the footnote markers of a row resting on assumptions (`` [1]``).
    """
    out: list[Row] = []
    for group in shown.groups:
        one_off = all(line.kind == "one_off" for line in group.lines)
        label = group.name + (f" ({words.one_off})" if one_off else "") + marks(group.name)
        out.append(Row(label, _cells(group.values), kroner(group.total), "group"))
        if not detail:
            continue
        for line in group.lines:
            if len(group.lines) > 1 or line.name != group.name:
                kind = f" ({words.one_off})" if line.kind == "one_off" and not one_off else ""
                label = "  " + _line_label(line) + kind + marks(line.name)
                out.append(Row(label, _cells(line.values), kroner(line.total), "detail"))
            if line.counts is not None:
                out.append(Row(f"    {words.count_x_price}", _detail_cells(line), "", "detail"))
    if out:
        out[-1] = Row(out[-1].label, out[-1].cells, out[-1].total, out[-1].style, end_section=True)
    out.append(Row(words.net, _cells(shown.net), kroner(shown.total_net), "net"))
    out.append(Row(words.cumulative, _cells(shown.cumulative), "", "cumulative", end_section=True))
    pool = shown.result.pool_name
    if pool is not None:
        out.append(
            Row(
                words.drawn.format(pool=pool),
                _cells(shown.drawn),
                kroner(shown.total_drawn),
                "pool",
            )
        )
        if shown.interest:
            out.append(
                Row(
                    words.interest.format(pool=pool),
                    _cells(shown.interest),
                    kroner(shown.total_interest),
                    "pool",
                )
            )
        out.append(
            Row(
                words.repayment.format(pool=pool),
                _cells(shown.repayment),
                kroner(shown.total_repaid),
                "pool",
            )
        )
        for kind, values, total in shown.pool_rows:
            label = pool_row_label(words, kind).format(pool=pool)
            out.append(Row(label, _cells(values), kroner(total), "pool"))
        out.append(Row(words.balance.format(pool=pool), _cells(shown.pool_balance), "", "pool"))
    for name, values, _, total in shown.grants:
        label = words.grant.format(name=name) + marks(name)
        out.append(Row(label, _cells(values), kroner(total), "pool"))
    if shown.result.has_funding:
        # the unit's own budget: what is left for it to carry each year once the pool and the
        # grants are counted (for a pool that covers the deficit and is repaid from the
        # savings, 0 every year)
        out[-1] = Row(out[-1].label, out[-1].cells, out[-1].total, out[-1].style, end_section=True)
        out.append(Row(words.own_net, _cells(shown.own_net), kroner(shown.total_own_net), "own"))
        out.append(Row(words.own_cumulative, _cells(shown.own_cumulative), "", "own"))
    return out


def pool_row_label(words: Labels, kind: str) -> str:
    """The label of a further pool row (``results.POOL_ROWS``), with ``{pool}`` to fill in."""
    return words.written_off if kind == "written_off" else words.recycled


KeyKind = Literal["year", "years", "kr", "owed"]


def key_figure_values(
    shown: Shown, words: Labels, unit: int = 1
) -> list[tuple[str, int | None, KeyKind]]:
    """Label, value and kind of each key figure, in the order a finance officer reads them.

    A year or period that is not reached is None; ``owed`` is the pool's repayment year, or
    (when it is not repaid in the period) None with the debt left to show beside it.
    """
    result = shown.result
    figures: list[tuple[str, int | None, KeyKind]] = [
        (words.break_even, result.break_even_year, "year"),
        (words.payback, result.payback_year, "year"),
    ]
    if result.payback_period is not None:
        figures.append((words.payback_period, result.payback_period, "years"))
    figures.append((words.total_net, shown.total_net, "kr"))
    pool = result.pool_name
    if pool is not None:
        figures.append((words.pool_repaid.format(pool=pool), result.pool_repaid_year, "owed"))
        figures.append((words.total_drawn.format(pool=pool), shown.total_drawn, "kr"))
        figures.append((words.total_repaid, shown.total_repaid, "kr"))
    if result.has_funding:
        figures.append((words.total_own_net, shown.total_own_net, "kr"))
    if result.npv is not None:
        label = words.npv.format(rates=rates(result), base=result.npv_base_year)
        figures.append((label, round_half_up(Fraction(result.npv) / unit), "kr"))
    return figures


def money(words: Labels, unit: int = 1) -> str:
    """The format of an amount in a sentence: ``{amount} kr.``, or ``{amount} t.kr.``."""
    return words.kr_tkr if unit == 1000 else words.kr


def amount_text(words: Labels, value: int, unit: int = 1) -> str:
    """An amount in a sentence: ``500.000 kr.``, ``500 t.kr.``, ``£500,000``."""
    current = money_style()
    if current is None:
        return money(words, unit).format(amount=kroner(value))
    # the currency's own place for the sign, before a minus or after the digits: -£500,000
    shown = current.with_sign(kroner(value))
    if unit == 1:
        return shown
    return f"{shown} (1.000)" if words.language == "da" else f"{shown} thousand"


def amounts_header(words: Labels, price_year: int, unit: int = 1) -> str:
    """The head of a money table: its unit and price level, ``Kr., 2020-priser``."""
    return (words.amounts_tkr if unit == 1000 else words.amounts_at).format(year=price_year)


def key_figure_text(
    shown: Shown, words: Labels, value: int | None, kind: KeyKind, unit: int = 1
) -> str:
    """A key figure as a phrase: ``2023``, ``7 år``, ``500.000 kr.``, ``ikke nået i perioden``."""
    written_off = dict((k, t) for k, _, t in shown.pool_rows).get("written_off", 0)
    if kind == "owed" and value is None and written_off and not shown.pool_balance[-1]:
        return words.not_repaid_written_off.format(
            amount=money(words, unit).format(amount=kroner(written_off))
        )
    if kind == "owed" and value is None:
        return words.not_repaid.format(amount=amount_text(words, shown.pool_balance[-1], unit))
    if value is None:
        return words.not_reached
    if kind == "years":
        result = shown.result
        first, last = result.start_year, result.payback_year
        if first is None or last is None:
            return words.years.format(n=value)
        counted = (
            words.payback_after
            if result.payback_counted == "after_first_year"
            else words.payback_inclusive
        )
        return counted.format(n=value, first=year(first), last=year(last))
    if kind in ("year", "owed"):
        return year(value)
    if kind == "kr":
        return amount_text(words, value, unit)
    return str(value)


def key_figures(shown: Shown, words: Labels, unit: int = 1) -> list[tuple[str, str]]:
    """Label and value of each key figure, as text."""
    return [
        (label, key_figure_text(shown, words, value, kind, unit))
        for label, value, kind in key_figure_values(shown, words, unit)
    ]


def rates(result: CaseResult) -> str:
    """The discount rate(s) used, Danish style: ``3,5 % (år 0-35), 2,5 % (36-70), 1,5 % (71-)``."""
    bands = result.npv_rates
    if len(bands) == 1:
        return f"{number(bands[0][1] * 100)} %"
    out = []
    for k, (start, rate) in enumerate(bands):
        end = f"{bands[k + 1][0] - 1}" if k + 1 < len(bands) else ""
        out.append(f"{number(rate * 100)} % ({start}-{end})")
    return ", ".join(out)


def rounding_notes(shown: Shown, words: Labels) -> list[str]:
    """Where shown cells do not add up to a shown figure ("afrundingsdifference")."""
    out = []
    for note in shown.rounding:
        if note.year is not None:
            text = words.rounding.format(
                year=year(note.year), shown=kroner(note.cells), exact=kroner(note.shown)
            )
        else:
            row = {"net": words.net, "own_net": words.own_net}.get(note.row, note.row)
            if note.row in ("drawn", "repayment", "interest", "written_off", "recycled"):
                pool = shown.result.pool_name or ""
                word = {
                    "drawn": words.drawn,
                    "interest": words.interest,
                    "written_off": words.written_off,
                    "recycled": words.recycled,
                }
                row = word.get(note.row, words.repayment).format(pool=pool)
            text = words.rounding_total.format(
                row=row, cells=kroner(note.cells), total=kroner(note.shown)
            )
        out.append(text)
    return out


def activity_rows(view: CaseView, words: Labels) -> list[tuple[str, str, tuple[str, ...], str]]:
    """(label with markers, unit, cells per year, total) for each activity; the total of a
    number a year (årsværk, families a year) is its number a year, as the document says it."""
    out = []
    n = len(view.main.years)
    for a in view.activities:
        cells = (
            tuple("" if c is None else number(c) for c in a.counts)
            if a.counts is not None
            else ("",) * n
        )
        out.append((a.name + view.marks(a.name), a.unit or "", cells, activity_total(a, words)))
    return out


def activity_total(a: ActivityResult, words: Labels) -> str:
    """What an activity's total column says: its total, or its number a year."""
    if a.total is not None:
        return number(a.total)
    if a.average is None:
        return ""
    label = words.a_year if a.steady else words.average_a_year
    return label.format(n=number(a.average))


def reconciliation_rows(view: CaseView, words: Labels) -> list[tuple[str, ...]]:
    """One row per printed figure that differs from the computed one."""
    rec = view.reconciliation
    assert rec is not None
    out: list[tuple[str, ...]] = []
    for c in rec.mismatches:
        source = c.source
        department = view.department_names.get(c.department or "", c.department)
        if department is not None and department not in source:
            source += f" ({department})"
        label = words.figure_names.get(c.label, c.label)

        plain = c.is_year or c.row == "payback_period"
        diff = "" if c.difference is None or plain else ledger_amount(c.difference)
        when = (
            year(c.year) if c.year is not None else (words.total if c.path[-1] == "total" else "")
        )
        out.append(
            (
                source,
                label,
                when,
                c.printed if c.printed is not None else _figure(c, c.stated, words),
                _figure(c, c.computed, words),
                diff,
                c.acknowledged or words.unexplained,
            )
        )
    return out


def _figure(c: Comparison, value: int | None, words: Labels) -> str:
    plain = c.is_year or c.row == "payback_period"
    if value is None:
        return words.not_reached if plain else "-"
    if c.is_year:
        return year(value)
    return str(value) if plain else ledger_amount(value)
