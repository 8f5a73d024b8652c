"""Checks that a case says what its author meant: signs, shares, one-offs, the order of flows.

Each rule here closes a way in which a case that passes every shape check would still compute
a wrong figure without a word: a negative cost that becomes a saving, a phase-in of 50 instead
of 0,5, a one-off charged every year, grants that pay 200 % of the costs, a grant amount that is
never used, a repayment that runs ahead of the draws, a discounting year far after the period.

They read what is written (a formula's value is read off the case's evaluation; one that
cannot be evaluated is reported as BC209/BC210), and a case that fails one of them is never
shown: nothing after them runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from .codes import check
from .diagnostics import Finding
from .fmt import as_written, kr, span
from .fmt import written as W
from .formula import Formula
from .i18n import N_, _, language
from .model import Avoided, Case, GrantFunding, PoolFunding, Value, YearlyValue

if TYPE_CHECKING:
    from .calc.exact import Evaluation

Path = tuple[str | int, ...]


def _eval(value: Value, ev: Evaluation) -> Fraction | None:
    """A written value as an exact number, by the model's interpreter; ``None`` when its
    formula cannot be evaluated (reported as BC209/BC210)."""
    from .calc.model import value_expr

    try:
        number = ev.of(value_expr(value))
    except (KeyError, ArithmeticError):
        return None
    return None if number is None else Fraction(number)


def _shown(value: Value, number: Fraction) -> str:
    """A value as written, with its result when it is a formula."""
    if isinstance(value, Formula):
        return f"{value.text} (= {_plain(number)})"
    return _plain(number)


def _plain(number: Fraction | Decimal) -> str:
    """A number as a message says it: ``1,5`` in Danish, ``1.5`` in English."""
    return as_written(Fraction(number), language())


def _yaml(number: Fraction | Decimal) -> str:
    """A number as a case file writes it (in a hint to write)."""
    number = Fraction(number)
    if number.denominator == 1:
        return str(number.numerator)
    return f"{float(number):g}"


def _written(
    yearly: YearlyValue | None, ev: Evaluation
) -> Iterator[tuple[tuple[int | str, ...], Value, Fraction]]:
    """(key path, value as written, its number) of each value of a yearly field."""
    if yearly is None:
        return
    for value, key in yearly.values():
        number = _eval(value, ev)
        if number is not None:
            yield key, value, number


# --- Signs --------------------------------------------------------------------------------------


@check("BC309", "negative-amount", "error")
def negative_amount(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """An amount under ``costs``, ``reallocations`` or ``funding`` is negative.

    The documents' tables print costs as negative numbers, so copying ``-390.000`` from a table
    is a natural slip. In a case file every amount is positive under its heading; the heading
    gives the sign. A negative cost would be counted as a saving, a negative reallocation as a
    cost, a negative draw or grant as money paid back.

    Bad::

        costs:
          - name: Pædagog
            amount: -390000

    Good::

        costs:
          - name: Pædagog
            amount: 390000
    """
    items: list[tuple[Path, YearlyValue | None, str]] = []
    items += [(("costs", i, "amount"), line.amount, "cost") for i, line in enumerate(case.costs)]
    items += [
        (("avoided", i, "amount"), line.amount, "saving")
        for i, line in enumerate(case.avoided)
        if line.amount is not None
    ]
    items += [
        (("reallocations", i, "amount"), line.amount, "reallocation")
        for i, line in enumerate(case.reallocations)
    ]
    for i, funding in enumerate(case.funding):
        if isinstance(funding, PoolFunding):
            items.append((("funding", i, "drawn"), funding.drawn, "draw"))
        else:
            items.append((("funding", i, "received"), funding.received, "grant"))
    for path, yearly, kind in items:
        for key, value, number in _written(yearly, ev):
            if number >= 0:
                continue
            meant = "saving" if kind == "reallocation" else kind  # what the heading makes it
            heading = _(_THING[meant])
            yield Finding(
                "BC309",
                "error",
                _(
                    "{thing} must be written as a positive amount, got {got}: the documents' "
                    "tables print costs negative, but a case file writes every amount positive "
                    "under its heading"
                ).format(thing=_(_THING[kind]), got=_shown(value, number)),
                (*path, *key),
                hint=_("write {number}; the heading already makes it {heading}").format(
                    number=_yaml(-number), heading=heading
                )
                if not isinstance(value, Formula)
                else _("make the formula positive; the heading gives the sign"),
            )


_THING = {
    "cost": N_("a cost"),
    "saving": N_("a saving"),
    "reallocation": N_("a reallocation"),
    "draw": N_("a draw from the pool"),
    "grant": N_("a grant received"),
}
"""What a negative amount was meant to be, for BC309's message (translated where shown)."""


@check("BC310", "phase-in-range", "error")
def phase_in_range(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A ``phase_in`` share is below 0 or above 1.

    ``phase_in`` is the share of the full effect reached in a year, from 0 (none yet) to 1
    (all of it). A percentage written as ``50`` would multiply the effect fifty times.

    Bad::

        avoided:
          - name: Familiebehandling
            count: 2
            unit_cost: 40000
            phase_in: {2025: 50, 2026: 100}

    Good::

        avoided:
          - name: Familiebehandling
            count: 2
            unit_cost: 40000
            phase_in: {2025: 0.5, 2026: 1}
    """
    for path, line in case.lines():
        for key, value, number in _written(line.phase_in, ev):
            if 0 <= number <= 1:
                continue
            hint = (
                _("write a share from 0 to 1, e.g. {share} for {percent} %").format(
                    share=_yaml(number / 100), percent=_plain(number)
                )
                if 1 < number <= 100
                else _("write a share from 0 (no effect yet) to 1 (the full effect)")
            )
            yield Finding(
                "BC310",
                "error",
                _(
                    "phase_in is the share of the full effect reached in a year, from 0 to 1; "
                    "got {got}"
                ).format(got=_shown(value, number)),
                (*path, "phase_in", *key),
                hint=hint,
            )


@check("BC311", "one-off-every-year", "error")
def one_off_every_year(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A line of ``kind: one_off`` has the same amount in every year of the period.

    A one-off cost or saving falls in one year (or a few); written as a constant it is
    counted in every year of the period, seven times over a seven-year case.

    Bad::

        costs:
          - name: Kompetenceudvikling
            kind: one_off
            amount: 250000

    Good::

        costs:
          - name: Kompetenceudvikling
            kind: one_off
            amount: {2025: 250000}
    """
    first = case.period.first
    years = len(case.years)
    for path, line in case.lines():
        if line.kind != "one_off":
            continue
        field, yearly = (
            ("count", line.count)
            if isinstance(line, Avoided) and line.count is not None
            else ("amount", line.amount)
        )
        if yearly is None or yearly.constant is None or years < 2:
            continue
        written = yearly.constant
        shown = written.text if isinstance(written, Formula) else str(written)
        yield Finding(
            "BC311",
            "error",
            _(
                "a one-off line with a constant {field} is counted in every year of the period "
                "({years} × {shown})"
            ).format(field=field, years=years, shown=shown),
            (*path, field),
            hint=_("write the year it falls in, e.g. {example}").format(
                example=f"{field}: {{{W(first)}: {shown}}}"
            ),
        )


# --- Funding ------------------------------------------------------------------------------------


def _grants(case: Case) -> Iterator[tuple[int, GrantFunding]]:
    for i, funding in enumerate(case.funding):
        if isinstance(funding, GrantFunding):
            yield i, funding


@check("BC312", "grant-shares-over-100", "error")
def grant_shares_over_100(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """Grants that pay a ``share`` of the costs add up to more than the whole cost.

    Two grants with ``share: 1`` would fund 200 % of the costs, and the case would show a
    surplus that no grantor pays. Shares of the same department's costs (or of the whole
    case's, for grants without a department) must add up to 1 at most.

    Bad::

        funding:
          - {kind: grant, name: Puljemidler, share: 0.6}
          - {kind: grant, name: Fondsstøtte, share: 0.6}

    Good::

        funding:
          - {kind: grant, name: Puljemidler, share: 0.6}
          - {kind: grant, name: Fondsstøtte, share: 0.4}
    """
    totals: dict[str | None, Fraction] = {}
    for i, grant in _grants(case):
        if grant.share is None:
            continue
        before = totals.get(grant.department, Fraction(0))
        total = totals[grant.department] = before + Fraction(grant.share)
        if total > 1 >= before:
            if grant.department is not None:
                message = _(
                    "the grants' shares of department '{id}'s costs add up to {percent} %, "
                    "more than the whole cost"
                ).format(id=grant.department, percent=_plain(total * 100))
            else:
                message = _(
                    "the grants' shares of the costs add up to {percent} %, more than the whole cost"
                ).format(percent=_plain(total * 100))
            yield Finding(
                "BC312",
                "error",
                message,
                ("funding", i, "share"),
                hint=_("make the shares add up to 1 at most (0.6 and 0.4, say)"),
            )


@check("BC313", "grant-amount-unused", "error")
def grant_amount_unused(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A grant gives both ``amount`` and ``received``, and they disagree.

    With ``received`` the money arrives as the years say and ``amount`` is not used; when the
    two differ, one of them is wrong and the case would silently follow ``received``.

    Bad::

        period: {first: 2021, last: 2023}
        funding:
          - kind: grant
            name: Satspuljen
            amount: 300000
            received: {2021: 100000, 2022: 100000}

    Good::

        period: {first: 2021, last: 2023}
        funding:
          - kind: grant
            name: Satspuljen
            amount: 300000
            received: {2021: 100000, 2022: 100000, 2023: 100000}
    """
    years = case.years
    for i, grant in _grants(case):
        if grant.amount is None or grant.received is None:
            continue
        total = ev.get(("total", "grant", i))  # what 'received' gives within the period
        if total is not None and total != grant.amount * case.meta.amounts_in:
            yield Finding(
                "BC313",
                "error",
                _(
                    "the grant's amount {amount} is not used: 'received' gives {received} "
                    "within the period {period}"
                ).format(
                    amount=_plain(grant.amount),
                    received=_plain(Fraction(total) / case.meta.amounts_in),
                    period=span(years[0], years[-1]),
                ),
                ("funding", i, "amount"),
                hint=_("make 'received' add up to 'amount', or remove 'amount'"),
            )


@check("BC314", "repayment-before-draw", "error")
def repayment_before_draw(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """The pool is repaid before the money is drawn, so the pool balance turns negative.

    A repayment plan with a fixed number of years repays its amount every year from
    ``first_year``; if that is earlier than the draws, the unit would owe the pool a
    negative amount. (Repaying more than is drawn in all is BC303.)

    Bad::

        period: {first: 2021, last: 2027}
        funding:
          - kind: pool
            amount: 500000
            drawn: {2023: 500000}
            repayment: {first_year: 2021, amount: 100000, years: 5}

    Good::

        period: {first: 2021, last: 2027}
        funding:
          - kind: pool
            amount: 500000
            drawn: {2023: 500000}
            repayment: {first_year: 2023, amount: 100000, years: 5}
    """
    for i, pool in enumerate(case.funding):
        if not isinstance(pool, PoolFunding) or pool.repayment is None:
            continue
        rule = pool.repayment
        if rule.until_repaid or rule.share_of_savings is not None:
            continue  # repays at most what is owed
        drawn = ev.row(("pool_drawn", i))
        total_drawn = ev.get(("total", "pool_drawn", i)) or 0
        if (ev.get(("total", "pool_repaid", i)) or 0) > total_drawn:
            continue  # repaying more than is drawn is BC303
        for year in ev.model.years:
            balance = ev.get(("pool_balance", i, year))
            if balance is None or balance >= 0:
                continue
            first_draw = next(
                (y for y, d in zip(ev.model.years, drawn, strict=True) if d > 0), None
            )
            yield Finding(
                "BC314",
                "error",
                _(
                    "in {year} the pool balance would be {balance}: the plan "
                    "repays money before it is drawn"
                ).format(year=W(year), balance=kr(balance)),
                ("funding", i, "repayment", "first_year"),
                hint=_("start the repayment in {year} or later, after the draw").format(
                    year=W(first_draw)
                )
                if first_draw is not None and rule.first_year < first_draw
                else _("start the repayment later, or draw earlier"),
            )
            break


# --- Discounting --------------------------------------------------------------------------------


@check("BC315", "discounting-base-year", "error")
def discounting_base_year(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """``discounting.base_year`` lies outside the case's period.

    Year 0 of the net present value is a year of the period (the first, when it is omitted).
    A base year after the period compounds every figure forward instead of discounting it, and
    one long before it discounts the whole case away.

    Bad::

        period: {first: 2021, last: 2027}
        discounting:
          base_year: 2090

    Good::

        period: {first: 2021, last: 2027}
        discounting:
          base_year: 2021
    """
    settings = case.discounting
    if settings is None or settings.base_year is None:
        return
    first, last = case.period.first, case.period.last
    if not first <= settings.base_year <= last:
        yield Finding(
            "BC315",
            "error",
            _("the discounting base year {year} lies outside the period {period}").format(
                year=W(settings.base_year), period=span(first, last)
            ),
            ("discounting", "base_year"),
            hint=_("write a year from {first} to {last}, or leave it out to use {first}").format(
                first=W(first), last=W(last)
            ),
        )


PLAUSIBILITY_CHECKS = (
    negative_amount,
    phase_in_range,
    one_off_every_year,
    grant_shares_over_100,
    grant_amount_unused,
    repayment_before_draw,
    discounting_base_year,
)
"""Run by :func:`businesscase.checks.check_case` with the other cross-field checks."""
