"""The engine: one pure function from a validated case to its result.

Arithmetic is exact (``fractions.Fraction``): 1.5 family treatments × 40.000 kr. is exactly
60.000 kr., and a table of seven years never drifts by an øre. Rounding to whole kroner
happens only for display (:func:`businesscase.results.show`). The engine never prints and
never reads files; what it has to say goes into ``CaseResult.warnings``.

Definitions (the key figures)
-----------------------------
* line[y]           amount (or count × unit cost) × phase-in share, signed: costs negative
* net[y]            sum of all lines in year y ("Samlet varig ændring")
* cumulative[y]     net[first] + ... + net[y]
* break-even year   the first year with net ≥ 0, counted from the first year in which any
                    line has an amount (years before the case starts are not break-even)
* payback year      the first year from which the cumulative net stays ≥ 0 to the end
* pool balance[y]   drawn so far − repaid so far (what the unit still owes the pool)
* pool repaid year  the first year in which everything has been drawn and the balance is 0
* own net[y]        net + drawn from the pool + grants received − repayment: the
                    municipality's own result after funding
* NPV               Σ net[y] × discount factor(y − base year), Finansministeriet's rates
                    unless the case sets its own; the budget table itself is undiscounted
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from itertools import accumulate

from .diagnostics import Finding
from .formula import Formula
from .model import (
    FINANSMINISTERIET,
    Avoided,
    Case,
    Cost,
    GrantFunding,
    PoolFunding,
    RateBand,
    Reallocation,
    Value,
    YearlyValue,
)
from .render.numbers import kr
from .results import ActivityResult, CaseResult, FundingResult, LineResult

ZERO = Fraction(0)
ONE = Fraction(1)


class _Context:
    """What resolving a value needs: the years, the parameters, the price factor."""

    def __init__(self, case: Case, price_factor: Fraction) -> None:
        self.case = case
        self.years = case.years
        self.params = {name: Fraction(p.value) for name, p in case.parameters.items()}
        self.assumed_params = {n for n, p in case.parameters.items() if p.assumption}
        self.price_factor = price_factor

    def num(self, value: Value) -> Fraction:
        return value.evaluate(self.params) if isinstance(value, Formula) else Fraction(value)

    def series(self, value: YearlyValue | None, default: Fraction = ZERO) -> tuple[Fraction, ...]:
        if value is None:
            return tuple(default for _ in self.years)
        return tuple(self.num(v) for v in value.over(self.years))

    def assumed(self, *values: YearlyValue | None) -> bool:
        """Whether any of these values rests on a parameter marked as an assumption."""
        for value in values:
            if value is None:
                continue
            for v, _ in value.values():
                if isinstance(v, Formula) and v.names & self.assumed_params:
                    return True
        return False


def _line(ctx: _Context, path: tuple[str, int], line: Cost | Avoided | Reallocation) -> LineResult:
    phase = ctx.series(line.phase_in, ONE)
    money = ctx.price_factor
    counts = unit_costs = None
    if isinstance(line, Avoided):
        counts = ctx.series(line.count)
        unit_costs = tuple(u * money for u in ctx.series(line.price))
        full = tuple(c * u for c, u in zip(counts, unit_costs, strict=True))
        assumed = ctx.assumed(line.count, line.price, line.phase_in)
        section = "avoided"
    else:
        full = tuple(v * money for v in ctx.series(line.amount))
        assumed = ctx.assumed(line.amount, line.phase_in)
        section = "cost" if isinstance(line, Cost) else "reallocation"
    sign = -1 if isinstance(line, Cost) else 1
    return LineResult(
        name=line.name,
        group=line.group or line.name,
        section=section,  # type: ignore[arg-type]
        values=tuple(sign * v * p for v, p in zip(full, phase, strict=True)),
        path=path,
        legal_ref=getattr(line, "legal_ref", None),
        counts=counts,
        unit_costs=unit_costs,
        department=line.department,
        kind=line.kind,
        phase_in=phase if line.phase_in is not None else None,
        assumption=line.assumption or ("parameter" if assumed else None),
    )


def _pool_flows(
    ctx: _Context, pool: PoolFunding
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    years = ctx.years
    if pool.drawn is None:
        drawn = tuple(Fraction(pool.amount) if y == years[0] else ZERO for y in years)
    else:
        drawn = ctx.series(pool.drawn)
    drawn = tuple(d * ctx.price_factor for d in drawn)
    rule = pool.repayment
    if rule is None:
        return drawn, tuple(ZERO for _ in years)
    amount = Fraction(rule.amount) * ctx.price_factor
    repaid: list[Fraction] = []
    owed = ZERO
    paid_years = 0
    for year, draw in zip(years, drawn, strict=True):
        owed += draw
        pay = ZERO
        if year >= rule.first_year:
            if rule.years == "until_repaid":
                pay = min(amount, max(owed, ZERO))
            elif paid_years < rule.years:
                pay = amount
                paid_years += 1
        owed -= pay
        repaid.append(pay)
    return drawn, tuple(repaid)


def _grant_flows(
    ctx: _Context, grant: GrantFunding, costs: tuple[Fraction, ...]
) -> tuple[Fraction, ...]:
    if grant.share is not None:
        return tuple(-c * Fraction(grant.share) for c in costs)
    if grant.received is not None:
        return tuple(v * ctx.price_factor for v in ctx.series(grant.received))
    assert grant.amount is not None and grant.first_year is not None
    assert grant.last_year is not None
    return spread(
        Fraction(grant.amount) * ctx.price_factor, grant.first_year, grant.last_year, ctx.years
    )


def spread(total: Fraction, first: int, last: int, years: range) -> tuple[Fraction, ...]:
    """``total`` evenly over ``first..last``: whole kroner, any remainder in the earliest years.

    A total that is not whole kroner (after restating prices) is divided exactly.
    """
    n = last - first + 1
    if total.denominator != 1:
        shares = [total / n] * n
    else:
        base, rest = divmod(total.numerator, n)
        shares = [Fraction(base + (1 if k < rest else 0)) for k in range(n)]
    return tuple(shares[y - first] if first <= y <= last else ZERO for y in years)


def _sum(columns: Iterable[tuple[Fraction, ...]], n: int) -> tuple[Fraction, ...]:
    out = [ZERO] * n
    for column in columns:
        for i, v in enumerate(column):
            out[i] += v
    return tuple(out)


def _first(
    years: range, values: tuple[Fraction, ...], ok: Callable[[Fraction], bool]
) -> int | None:
    return next((y for y, v in zip(years, values, strict=True) if ok(v)), None)


def break_even_year(
    years: range, lines: tuple[LineResult, ...], net: tuple[Fraction, ...]
) -> int | None:
    """The first year with net ≥ 0, from the first year in which any line has an amount."""
    start = next((k for k in range(len(years)) if any(line.values[k] != 0 for line in lines)), None)
    if start is None:
        return None
    return _first(years[start:], net[start:], lambda v: v >= 0)


def _activity_counts(ctx: _Context, count: YearlyValue) -> tuple[Fraction | None, ...]:
    """Counts per year; None for a year the case does not give (not the same as zero)."""
    if count.constant is not None:
        return ctx.series(count)
    written = {y for first, last, _ in count.years_written() for y in range(first, last + 1)}
    return tuple(ctx.num(count.at(y)) if y in written else None for y in ctx.years)


def payback_year(years: range | tuple[int, ...], cumulative: tuple[Fraction, ...]) -> int | None:
    """The first year from which the cumulative net stays ≥ 0 until the end of the period."""
    found: int | None = None
    for year, value in zip(years, cumulative, strict=True):
        found = (year if found is None else found) if value >= 0 else None
    return found


def discount_factors(
    years: range, base_year: int, bands: tuple[RateBand, ...] = FINANSMINISTERIET
) -> tuple[Fraction, ...]:
    """Exact factors: year t after the base is discounted by Π (1 + r_k) for k = 1..t.

    The rate of year k is that of the last band starting at or before k, so with
    Finansministeriet's rates year 36 is discounted by 1,035^-35 × 1,025^-1.
    """
    ordered = sorted(bands, key=lambda b: b.from_year)

    def rate(k: int) -> Fraction:
        current = Fraction(ordered[0].rate)
        for band in ordered:
            if band.from_year <= k:
                current = Fraction(band.rate)
        return current

    out = []
    for year in years:
        t = year - base_year
        factor = ONE
        for k in range(1, abs(t) + 1):
            factor *= 1 + rate(k)
        out.append(1 / factor if t >= 0 else factor)
    return tuple(out)


def price_factor(case: Case, price_year: int | None) -> Fraction:
    """The factor that restates the case's amounts in ``price_year``'s prices."""
    target = (
        price_year if price_year is not None else (case.prices.show_in if case.prices else None)
    )
    if target is None or target == case.meta.price_level or case.prices is None:
        return ONE
    index = case.prices.values
    return Fraction(index[target]) / Fraction(index[case.meta.price_level])


def evaluate(
    case: Case,
    *,
    department: str | None = None,
    price_year: int | None = None,
    npv: bool = False,
) -> CaseResult:
    """Compute a case (or one department of it). Pure: nothing is printed or read.

    ``price_year`` restates amounts in another year's prices (needs ``prices`` in the case);
    ``npv`` computes the net present value even when the case has no ``discounting`` section.
    """
    factor = price_factor(case, price_year)
    ctx = _Context(case, factor)
    years = case.years
    n = len(years)

    def mine(item_department: str | None) -> bool:
        return department is None or item_department == department

    all_lines = tuple(
        _line(ctx, path, line) for path, line in case.lines() if mine(line.department)
    )
    net = _sum((line.values for line in all_lines), n)
    costs = _sum((line.values for line in all_lines if line.section == "cost"), n)
    cumulative = tuple(accumulate(net))

    pools = [
        (i, f)
        for i, f in enumerate(case.funding)
        if isinstance(f, PoolFunding) and mine(f.department)
    ]
    pool_flows = [_pool_flows(ctx, pool) for _, pool in pools]
    drawn = _sum((d for d, _ in pool_flows), n)
    repayment = _sum((r for _, r in pool_flows), n)
    balance = tuple(d - r for d, r in zip(accumulate(drawn), accumulate(repayment), strict=True))
    total_drawn = sum(drawn, ZERO)
    pool_repaid_year = None
    if total_drawn > 0:
        so_far = tuple(accumulate(drawn))
        pool_repaid_year = next(
            (
                y
                for y, s, b in zip(years, so_far, balance, strict=True)
                if s == total_drawn and b <= 0
            ),
            None,
        )

    grants = tuple(
        FundingResult(
            name=f.name,
            kind="grant",
            values=_grant_flows(ctx, f, costs),
            path=("funding", i),
            department=f.department,
            assumption=f.assumption or ("spread" if f.spread_evenly else None),
        )
        for i, f in enumerate(case.funding)
        if isinstance(f, GrantFunding) and mine(f.department)
    )
    grant_total = _sum((g.values for g in grants), n)
    own_net = tuple(
        v + d + g - r for v, d, g, r in zip(net, drawn, grant_total, repayment, strict=True)
    )

    present_value = None
    base = None
    bands: tuple[RateBand, ...] = ()
    if npv or case.discounting is not None:
        settings = case.discounting
        base = settings.base_year if settings and settings.base_year else years[0]
        bands = settings.schedule if settings else FINANSMINISTERIET
        factors = discount_factors(years, base, bands)
        present_value = sum((v * f for v, f in zip(net, factors, strict=True)), ZERO)

    activities = tuple(
        ActivityResult(
            name=a.name,
            unit=a.unit,
            counts=_activity_counts(ctx, a.count) if a.count is not None else None,
            total=(
                sum((c for c in _activity_counts(ctx, a.count) if c is not None), ZERO)
                if a.count is not None
                else Fraction(a.total)  # type: ignore[arg-type]
            ),
            department=a.department,
            assumption=a.assumption or ("parameter" if ctx.assumed(a.count) else None),
        )
        for a in case.activities
        if mine(a.department)
    )

    warnings: list[Finding] = []
    for (index, pool), (_, paid) in zip(pools, pool_flows, strict=True):
        if pool.repayment is not None:
            warnings.extend(_repayment_warnings(index, years, net, paid))
    names = [p.name for _, p in pools]
    return CaseResult(
        title=case.meta.title,
        language=case.meta.language,
        years=tuple(years),
        lines=all_lines,
        net=net,
        cumulative=cumulative,
        drawn=drawn,
        repayment=repayment,
        pool_balance=balance,
        pool_name=(names[0] if len(names) == 1 else ", ".join(names)) if names else None,
        break_even_year=break_even_year(years, all_lines, net),
        payback_year=payback_year(years, cumulative),
        pool_repaid_year=pool_repaid_year,
        warnings=tuple(warnings),
        department=department,
        grants=grants,
        own_net=own_net,
        npv=present_value,
        activities=activities,
        npv_base_year=base,
        npv_rates=tuple((b.from_year, Fraction(b.rate)) for b in bands),
        price_year=case.meta.price_level if factor == ONE else (price_year or case.prices.show_in),  # type: ignore[union-attr]
    )


def _repayment_warnings(
    index: int, years: range, net: tuple[Fraction, ...], repayment: tuple[Fraction, ...]
) -> list[Finding]:
    """One warning per pool, naming every year whose repayment exceeds that year's net."""
    short = [
        (year, n, pay)
        for year, n, pay in zip(years, net, repayment, strict=True)
        if pay > 0 and pay > n
    ]
    if not short:
        return []
    first_year, first_net, first_pay = short[0]
    if len(short) == 1:
        message = (
            f"the repayment in {first_year} ({kr(first_pay)}) is larger than "
            f"that year's net result ({kr(first_net)})"
        )
    else:
        gap = sum((pay - n for _, n, pay in short), Fraction(0))
        listed = ", ".join(f"{y} ({kr(pay)} against {kr(n)})" for y, n, pay in short)
        message = (
            f"the repayment is larger than the year's net result in {len(short)} years: "
            f"{listed}; {kr(gap)} in all must be found elsewhere"
        )
    return [
        Finding(
            code="BC301",
            severity="warning",
            message=message,
            path=("funding", index, "repayment", "amount"),
            hint="the unit must find the difference elsewhere in its budget; "
            "lower the yearly repayment or start it later",
        )
    ]
