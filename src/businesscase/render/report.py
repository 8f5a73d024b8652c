"""The rows and key figures every human-readable format shows, as text cells.

Text (rich) and Markdown lay out the same :class:`Row` list; they differ only in markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..results import Shown, ShownLine
from .labels import Labels
from .numbers import kroner, number

Style = Literal["group", "detail", "net", "cumulative", "pool"]


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]
    total: str
    style: Style
    end_section: bool = False


def _cells(values: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(kroner(v) for v in values)


def _detail_cells(line: ShownLine) -> tuple[str, ...]:
    assert line.counts is not None and line.unit_costs is not None
    return tuple(
        f"{number(c)} × {kroner(u)}" if c else ""
        for c, u in zip(line.counts, line.unit_costs, strict=True)
    )


def _line_label(line: ShownLine) -> str:
    return f"{line.name} ({line.legal_ref})" if line.legal_ref else line.name


def rows(shown: Shown, words: Labels, *, detail: bool = False) -> list[Row]:
    """The table: one row per group (as in the document), then net, cumulative and pool."""
    out: list[Row] = []
    for group in shown.groups:
        out.append(Row(group.name, _cells(group.values), kroner(group.total), "group"))
        if not detail:
            continue
        for line in group.lines:
            if len(group.lines) > 1 or line.name != group.name:
                out.append(
                    Row("  " + _line_label(line), _cells(line.values), kroner(line.total), "detail")
                )
            if line.counts is not None:
                out.append(Row(f"    {words.count_x_price}", _detail_cells(line), "", "detail"))
    if out:
        out[-1] = Row(out[-1].label, out[-1].cells, out[-1].total, out[-1].style, end_section=True)
    out.append(Row(words.net, _cells(shown.net), kroner(sum(shown.net)), "net"))
    out.append(Row(words.cumulative, _cells(shown.cumulative), "", "cumulative", end_section=True))
    pool = shown.result.pool_name
    if pool is not None:
        out.append(
            Row(
                words.drawn.format(pool=pool), _cells(shown.drawn), kroner(sum(shown.drawn)), "pool"
            )
        )
        out.append(
            Row(
                words.repayment.format(pool=pool),
                _cells(shown.repayment),
                kroner(sum(shown.repayment)),
                "pool",
            )
        )
        out.append(Row(words.balance.format(pool=pool), _cells(shown.pool_balance), "", "pool"))
    return out


def key_figures(shown: Shown, words: Labels) -> list[tuple[str, str]]:
    """Label and value of each key figure, in the order a finance officer reads them."""
    result = shown.result

    def year(value: int | None) -> str:
        return str(value) if value is not None else words.not_reached

    figures = [
        (words.break_even, year(result.break_even_year)),
        (words.payback, year(result.payback_year)),
    ]
    if result.payback_period is not None:
        figures.append((words.payback_period, words.years.format(n=result.payback_period)))
    figures.append((words.total_net, words.kr.format(amount=kroner(sum(shown.net)))))
    pool = result.pool_name
    if pool is not None:
        repaid = (
            str(result.pool_repaid_year)
            if result.pool_repaid_year is not None
            else words.not_repaid.format(
                amount=words.kr.format(amount=kroner(shown.pool_balance[-1]))
            )
        )
        figures.append((words.pool_repaid.format(pool=pool), repaid))
        figures.append(
            (words.total_drawn.format(pool=pool), words.kr.format(amount=kroner(sum(shown.drawn))))
        )
        figures.append((words.total_repaid, words.kr.format(amount=kroner(sum(shown.repayment)))))
    return figures


def rounding_notes(shown: Shown, words: Labels) -> list[str]:
    return [
        words.rounding.format(year=year, shown=kroner(s), exact=kroner(e))
        for year, s, e in shown.rounding
    ]
