"""Result types: what the engine computes, exactly, and its rounded form for display.

The engine (:mod:`businesscase.engine`) fills a :class:`CaseResult` with exact fractions.
Every renderer shows a :class:`Shown` instead: each line rounded half up to whole kroner, and
every total *derived from the rounded lines*, so that a printed table always adds up across
and down. Where rounding makes a shown total differ from the exact total, :class:`Shown` says
so in ``rounding``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import accumulate
from typing import Literal

from .diagnostics import Finding

Section = Literal["cost", "avoided", "reallocation"]


@dataclass(frozen=True, slots=True)
class LineResult:
    """One line of the case, signed as in the documents: cost negative, saving positive."""

    name: str
    group: str
    section: Section
    values: tuple[Fraction, ...]
    path: tuple[str | int, ...]
    legal_ref: str | None = None
    counts: tuple[Fraction, ...] | None = None
    unit_costs: tuple[Fraction, ...] | None = None
    department: str | None = None
    kind: str = "permanent"
    phase_in: tuple[Fraction, ...] | None = None
    assumption: str | None = None
    """The line's own assumption text, or "parameter" when it uses an assumed parameter."""


@dataclass(frozen=True, slots=True)
class FundingResult:
    """Money received from a grant, per year (positive)."""

    name: str
    kind: str
    values: tuple[Fraction, ...]
    path: tuple[str | int, ...]
    department: str | None = None
    assumption: str | None = None
    """The grant's own assumption, or "spread" when it is spread evenly over its period."""


@dataclass(frozen=True, slots=True)
class ActivityResult:
    """A counted volume (visits, staff trained): no money."""

    name: str
    unit: str | None
    counts: tuple[Fraction | None, ...] | None
    """Per year (None for a year the case gives no count); None when the document gives
    only the period's total."""
    total: Fraction
    department: str | None = None
    assumption: str | None = None


@dataclass(frozen=True, slots=True)
class CaseResult:
    """Everything ``run`` shows, computed once. Amounts are exact fractions of kroner."""

    title: str
    language: str
    years: tuple[int, ...]
    lines: tuple[LineResult, ...]
    net: tuple[Fraction, ...]
    cumulative: tuple[Fraction, ...]
    drawn: tuple[Fraction, ...]
    repayment: tuple[Fraction, ...]
    pool_balance: tuple[Fraction, ...]
    pool_name: str | None
    break_even_year: int | None
    payback_year: int | None
    pool_repaid_year: int | None
    warnings: tuple[Finding, ...] = ()
    department: str | None = None
    grants: tuple[FundingResult, ...] = ()
    own_net: tuple[Fraction, ...] = ()
    npv: Fraction | None = None
    """Net present value of ``net``; None unless the case or the caller asks for it."""
    activities: tuple[ActivityResult, ...] = ()
    price_year: int | None = None
    npv_base_year: int | None = None
    npv_rates: tuple[tuple[int, Fraction], ...] = ()
    """(first year after the base, rate) for each band of the discount rate used."""

    @property
    def payback_period(self) -> int | None:
        """Budget years up to and including the payback year (2021..2027 is 7 years)."""
        return None if self.payback_year is None else self.payback_year - self.years[0] + 1

    @property
    def total_net(self) -> Fraction:
        return sum(self.net, Fraction(0))

    @property
    def total_drawn(self) -> Fraction:
        return sum(self.drawn, Fraction(0))

    @property
    def total_repaid(self) -> Fraction:
        return sum(self.repayment, Fraction(0))

    @property
    def pool_balance_end(self) -> Fraction:
        return self.pool_balance[-1] if self.pool_balance else Fraction(0)


def round_half_up(value: Fraction | Decimal | int) -> int:
    """Whole kroner, halves away from zero (-0.5 → -1, 0.5 → 1), as in accounting practice."""
    if isinstance(value, int):
        return value
    exact = value if isinstance(value, Fraction) else Fraction(value)  # exact, no precision limit
    n, d = exact.numerator, exact.denominator
    if d == 1:
        return n
    whole = (2 * abs(n) + d) // (2 * d)  # floor(|x| + 1/2) in integers
    return whole if n >= 0 else -whole


@dataclass(frozen=True, slots=True)
class ShownLine:
    name: str
    group: str
    section: Section
    values: tuple[int, ...]
    legal_ref: str | None = None
    counts: tuple[Fraction, ...] | None = None
    unit_costs: tuple[Fraction, ...] | None = None
    assumption: str | None = None
    phase_in: tuple[Fraction, ...] | None = None
    kind: str = "permanent"

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True, slots=True)
class ShownGroup:
    """A row of the document's table: the lines that share a group, summed."""

    name: str
    section: Section
    lines: tuple[ShownLine, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(sum(col) for col in zip(*(line.values for line in self.lines), strict=True))

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True, slots=True)
class Shown:
    """The result in whole kroner, every total derived from the shown lines."""

    result: CaseResult
    lines: tuple[ShownLine, ...]
    groups: tuple[ShownGroup, ...]
    net: tuple[int, ...]
    cumulative: tuple[int, ...]
    drawn: tuple[int, ...]
    repayment: tuple[int, ...]
    pool_balance: tuple[int, ...]
    grants: tuple[tuple[str, tuple[int, ...], str | None], ...] = ()
    """(name, yearly amounts, assumption) per grant."""
    own_net: tuple[int, ...] = ()
    rounding: tuple[tuple[int, int, int], ...] = field(default=())
    """(year, shown net, exact net rounded) where rounding the lines moved the net by a krone."""

    @property
    def years(self) -> tuple[int, ...]:
        return self.result.years


def show(result: CaseResult) -> Shown:
    """Round a result for display so that every printed row and column adds up."""
    lines = tuple(
        ShownLine(
            name=line.name,
            group=line.group,
            section=line.section,
            values=tuple(round_half_up(v) for v in line.values),
            legal_ref=line.legal_ref,
            counts=line.counts,
            unit_costs=line.unit_costs,
            assumption=line.assumption,
            phase_in=line.phase_in,
            kind=line.kind,
        )
        for line in result.lines
    )
    groups: dict[str, list[ShownLine]] = {}
    for line in lines:
        groups.setdefault(line.group, []).append(line)
    shown_groups = tuple(
        ShownGroup(name, members[0].section, tuple(members)) for name, members in groups.items()
    )
    n = len(result.years)
    net = tuple(sum(line.values[i] for line in lines) for i in range(n))
    drawn = tuple(round_half_up(v) for v in result.drawn)
    repayment = tuple(round_half_up(v) for v in result.repayment)
    balance = tuple(d - r for d, r in zip(accumulate(drawn), accumulate(repayment), strict=True))
    grants = tuple(
        (g.name, tuple(round_half_up(v) for v in g.values), g.assumption) for g in result.grants
    )
    own_net = tuple(
        v + d + sum(g[1][i] for g in grants) - r
        for i, (v, d, r) in enumerate(zip(net, drawn, repayment, strict=True))
    )
    rounding = tuple(
        (year, shown, exact)
        for year, shown, exact in (
            (y, s, round_half_up(e)) for y, s, e in zip(result.years, net, result.net, strict=True)
        )
        if shown != exact
    )
    return Shown(
        result=result,
        lines=lines,
        groups=shown_groups,
        net=net,
        cumulative=tuple(accumulate(net)),
        drawn=drawn,
        repayment=repayment,
        pool_balance=balance,
        grants=grants,
        own_net=own_net,
        rounding=rounding,
    )
