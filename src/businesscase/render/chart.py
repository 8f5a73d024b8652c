"""The chart of a case: the cumulative net and the pool's balance over the years.

:class:`ChartData` reads the series off a shown table (:class:`~businesscase.results.Shown`,
the evaluation's figures rounded as every table shows them): nothing is computed here. Two
renderers draw it: :func:`text_chart`, block characters for the terminal (``run --chart``),
and :mod:`businesscase.render.plot`, a PNG or SVG file (``businesscase chart``), the only
module that imports matplotlib.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from ..fmt import style
from ..fmt import year as shown_year
from ..results import Shown
from .labels import Labels
from .numbers import kroner
from .report import amounts_header


@dataclass(frozen=True)
class Band:
    """The P10-P90 band of the cumulative net from a seeded simulation."""

    p10: tuple[float, ...]
    p90: tuple[float, ...]
    draws: int
    seed: int


@dataclass(frozen=True)
class ChartData:
    title: str
    language: str
    years: tuple[int, ...]
    unit: str
    """The axis' unit and price level: ``Kr., 2020-priser``."""
    cumulative_label: str
    cumulative: tuple[int, ...]
    balance_label: str | None
    balance: tuple[int, ...] | None
    """The amount owed to the pool at each year's end; None when the case draws on none."""
    band: Band | None = None


def chart_data(
    shown: Shown,
    words: Labels,
    *,
    title: str,
    price_year: int,
    band: Band | None = None,
    unit: int = 1,
) -> ChartData:
    """The chart's series: the table's own cumulative row and pool balance row (in kroner,
    or in thousands for ``unit=1000``, as the table shows them)."""
    pool = shown.result.pool_name
    return ChartData(
        title=title,
        language=words.language,
        years=shown.years,
        unit=amounts_header(words, price_year, unit),
        cumulative_label=words.chart_cumulative,
        cumulative=shown.cumulative,
        balance_label=None if pool is None else words.balance.format(pool=pool),
        balance=None if pool is None else shown.pool_balance,
        band=band,
    )


def amount(value: float, language: str) -> str:
    """An axis amount: ``-250.000`` in Danish, ``-250,000`` in English; decimals only where
    the value has them (``2,5`` / ``2.5``)."""
    current = style()  # another currency than kroner: its language's separators already
    whole = round(value)
    if abs(value - whole) < 1e-9:
        text = kroner(whole)
    else:
        sign = "-" if value < 0 else ""
        digits = f"{abs(value):.2f}".rstrip("0")
        int_part, _, frac = digits.partition(".")
        text = sign + kroner(int(int_part)) + ("," if current is None else current.decimal) + frac
    if language == "da" or current is not None:
        return text
    return text.translate(_ENGLISH)


_ENGLISH = str.maketrans(".,", ",.")


# ---------------------------------------------------------------------------------------------
# The terminal chart

CUMULATIVE_BLOCK = "█"
BALANCE_BLOCK = "░"
_STYLES = {CUMULATIVE_BLOCK: "cyan", BALANCE_BLOCK: "yellow"}
_MAX_BAR = 60
"""The widest the bars get, however wide the terminal."""


def text_chart(data: ChartData, width: int) -> Text:
    """The chart as horizontal bars, one per year and series, about a zero axis (``│``),
    each bar's figure beside it; at most ``width`` cells wide, 20 at the least."""
    series: list[tuple[str, str, tuple[int, ...]]] = [
        (CUMULATIVE_BLOCK, data.cumulative_label, data.cumulative)
    ]
    if data.balance is not None and data.balance_label is not None:
        series.append((BALANCE_BLOCK, data.balance_label, data.balance))
    values = [v for _, _, vs in series for v in vs]
    texts = [amount(v, data.language) for v in values]
    figure_w = max(cell_len(t) for t in texts)
    year_w = max(len(shown_year(y)) for y in data.years)
    # "2021 " bars " " figure
    room = max(min(width - year_w - figure_w - 2, _MAX_BAR), 3)
    low, high = min(0, *values), max(0, *values)
    span = high - low or 1
    # one scale for both sides of the zero axis (which takes a cell), so that equal figures
    # get equal bars; shrunk a cell at a time where rounding would make the two sides too wide
    cells = room - 1

    def length(value: int) -> int:
        n = int(abs(value) * cells / span + 0.5)
        return max(n, 1) if value else 0

    while length(low) + length(high) > room - 1:
        cells -= 1
    left, right = length(low), room - 1 - length(low)

    def bar(value: int, block: str) -> tuple[str, str]:
        n = length(value)
        if value < 0:
            return " " * (left - n) + block * n, " " * right
        return " " * left, block * n + " " * (right - n)

    out = Text()
    for part in textwrap.wrap(data.unit, max(width, 20)):
        out.append(f"{part}\n", style="bold")
    for block, label, _ in series:
        out.append("  ")
        out.append(f"{block}{block}", style=_STYLES[block])
        # a label longer than the line goes on under itself, after the key
        for k, part in enumerate(textwrap.wrap(label, max(width, 20) - 5, break_on_hyphens=False)):
            out.append(f"{'' if k == 0 else '    '} {part}\n")
    for k, year in enumerate(data.years):
        for n, (block, _, vs) in enumerate(series):
            before, after = bar(vs[k], block)
            out.append(f"{shown_year(year):>{year_w}} " if n == 0 else " " * (year_w + 1))
            out.append(before, style=_STYLES[block])
            out.append("│")
            out.append(after, style=_STYLES[block])
            out.append(f" {amount(vs[k], data.language):>{figure_w}}\n")
    return out
