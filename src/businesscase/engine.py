"""The engine: one pure function from a validated case to its result.

Arithmetic is exact (``fractions.Fraction``): 1.5 family treatments × 40.000 kr. is exactly
60.000 kr., and a table of seven years never drifts by an øre. Rounding to whole kroner
happens only for display (:func:`businesscase.results.show`). The engine never prints and
never reads files; what it has to say goes into ``CaseResult.warnings``.

Definitions (the key figures)
-----------------------------
* net[y]            sum of all lines in year y (costs negative, savings positive)
* cumulative[y]     net[first] + ... + net[y]
* break-even year   the first year with net ≥ 0
* payback year      the first year from which the cumulative net stays ≥ 0 to the end
* pool balance[y]   drawn so far − repaid so far (what the unit still owes the pool)
* pool repaid year  the first year in which everything has been drawn and the balance is 0
"""

from __future__ import annotations

from fractions import Fraction
from itertools import accumulate

from .diagnostics import Finding
from .model import Avoided, Case, PoolFunding, YearlyValue
from .render.numbers import kr
from .results import CaseResult, LineResult

ZERO = Fraction(0)


def _series(value: YearlyValue, years: range) -> tuple[Fraction, ...]:
    return tuple(Fraction(v) for v in value.over(years))


def _avoided_line(index: int, measure: Avoided, years: range) -> LineResult:
    counts = _series(measure.count, years)
    unit_costs = tuple(Fraction(measure.unit_cost_at(y)) for y in years)
    return LineResult(
        name=measure.name,
        group=measure.group or measure.name,
        section="avoided",
        values=tuple(c * u for c, u in zip(counts, unit_costs, strict=True)),
        path=("avoided", index),
        legal_ref=measure.legal_ref,
        counts=counts,
        unit_costs=unit_costs,
    )


def lines(case: Case) -> tuple[LineResult, ...]:
    """Every line of the case, signed: costs negative, savings positive, in file order."""
    years = case.years
    out: list[LineResult] = []
    for i, cost in enumerate(case.costs):
        out.append(
            LineResult(
                name=cost.name,
                group=cost.group or cost.name,
                section="cost",
                values=tuple(-v for v in _series(cost.amount, years)),
                path=("costs", i),
            )
        )
    out.extend(_avoided_line(i, m, years) for i, m in enumerate(case.avoided))
    for i, realloc in enumerate(case.reallocations):
        out.append(
            LineResult(
                name=realloc.name,
                group=realloc.group or realloc.name,
                section="reallocation",
                values=_series(realloc.amount, years),
                path=("reallocations", i),
            )
        )
    return tuple(out)


def _draws(pool: PoolFunding, years: range) -> tuple[Fraction, ...]:
    if pool.drawn is None:
        return tuple(Fraction(pool.amount) if y == years[0] else ZERO for y in years)
    return _series(pool.drawn, years)


def _repayments(
    pool: PoolFunding, years: range, drawn: tuple[Fraction, ...]
) -> tuple[Fraction, ...]:
    rule = pool.repayment
    if rule is None:
        return tuple(ZERO for _ in years)
    amount = Fraction(rule.amount)
    out: list[Fraction] = []
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
        out.append(pay)
    return tuple(out)


def _first(years: range, values: tuple[Fraction, ...], ok: object) -> int | None:
    for year, value in zip(years, values, strict=True):
        if ok(value):  # type: ignore[operator]
            return year
    return None


def payback_year(years: range | tuple[int, ...], cumulative: tuple[Fraction, ...]) -> int | None:
    """The first year from which the cumulative net stays ≥ 0 until the end of the period."""
    found: int | None = None
    for year, value in zip(years, cumulative, strict=True):
        found = (year if found is None else found) if value >= 0 else None
    return found


def evaluate(case: Case) -> CaseResult:
    """Compute a case. Pure: the same case gives the same result, nothing is printed."""
    years = case.years
    all_lines = lines(case)
    net = tuple(sum((line.values[i] for line in all_lines), ZERO) for i in range(len(years)))
    cumulative = tuple(accumulate(net))
    pool = case.pool
    if pool is not None:
        drawn = _draws(pool, years)
        repayment = _repayments(pool, years, drawn)
    else:
        drawn = repayment = tuple(ZERO for _ in years)
    balance = tuple(d - r for d, r in zip(accumulate(drawn), accumulate(repayment), strict=True))
    total_drawn = sum(drawn, ZERO)
    pool_repaid_year = None
    if pool is not None and total_drawn > 0:
        drawn_so_far = tuple(accumulate(drawn))
        for year, so_far, owed in zip(years, drawn_so_far, balance, strict=True):
            if so_far == total_drawn and owed <= 0:
                pool_repaid_year = year
                break
    warnings: list[Finding] = []
    if pool is not None and pool.repayment is not None:
        warnings.extend(_repayment_warnings(case, years, net, repayment))
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
        pool_name=pool.name if pool is not None else None,
        break_even_year=_first(years, net, lambda v: v >= 0),
        payback_year=payback_year(years, cumulative),
        pool_repaid_year=pool_repaid_year,
        warnings=tuple(warnings),
    )


def _repayment_warnings(
    case: Case, years: range, net: tuple[Fraction, ...], repayment: tuple[Fraction, ...]
) -> list[Finding]:
    index = case.funding.index(case.pool)  # type: ignore[arg-type]
    found = []
    for year, n, pay in zip(years, net, repayment, strict=True):
        if pay > 0 and pay > n:
            found.append(
                Finding(
                    code="BC301",
                    severity="warning",
                    message=(
                        f"the repayment in {year} ({kr(pay)}) is larger than "
                        f"that year's net result ({kr(n)})"
                    ),
                    path=("funding", index, "repayment", "amount"),
                    hint="the unit must find the difference elsewhere in its budget; "
                    "lower the yearly repayment or start it later",
                )
            )
    return found
