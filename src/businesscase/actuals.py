"""Checks on a case's ``actuals:`` (what its lines realised in the years that have passed).

The actuals are checked before the model is built (BC720-BC724, BC728): an actual must name
a line of the case, fall in the period and not after ``as_of``, be a positive number under
its heading, and be a count only where the line is a count × a unit cost. After the model
is built, BC727 and BC729 say where a line's realised effect cannot scale its plan. A case
with actuals and a follow-up file giving them again is BC725 (:mod:`businesscase.bases`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from .codes import check
from .diagnostics import Finding, suggest
from .fmt import as_written, span, written
from .i18n import _, language
from .model import Avoided, Case, Cost, Priced, Reallocation, Value

if TYPE_CHECKING:
    from .calc.exact import Evaluation

Path = tuple[str | int, ...]


def _lines(case: Case) -> dict[str, Cost | Avoided | Reallocation]:
    return {line.name: line for _, line in case.lines()}


@check("BC720", "actual-unknown-line", "error")
def actual_unknown_line(case: Case) -> Iterator[Finding]:
    """An actual names a line the case does not have.

    Actuals are given per line, by the name of a cost, an avoided measure or a
    reallocation of the case, exactly as the case writes it.

    Bad::

        costs:
          - name: Pædagog
            amount: 390000
        actuals:
          lines:
            Paedagog: {amount: {2021: 350000}}

    Good::

        costs:
          - name: Pædagog
            amount: 390000
        actuals:
          lines:
            Pædagog: {amount: {2021: 350000}}
    """
    if case.actuals is None:
        return
    lines = _lines(case)
    for name in case.actuals.lines:
        if name in lines:
            continue
        close = suggest(name, lines)
        yield Finding(
            "BC720",
            "error",
            _("the case has no line '{name}' to give actuals for").format(name=name),
            ("actuals", "lines", name),
            hint=_("did you mean '{key}'?").format(key=close)
            if close
            else _("name a cost, an avoided measure or a reallocation of the case"),
            key=True,
        )


def _written(case: Case) -> Iterator[tuple[str, str, int, int, int | str, Value]]:
    """Each actual as written: line name, field, first and last year, key, value."""
    assert case.actuals is not None
    for name, actual in case.actuals.lines.items():
        for first, last, value, key in actual.values.entries:
            yield name, actual.field, first, last, key, value


@check("BC721", "actual-outside-period", "error")
def actual_outside_period(case: Case) -> Iterator[Finding]:
    """An actual is given for a year outside the case's period.

    The case can only compare what happened with its plan in the years it plans.

    Bad::

        period: {first: 2021, last: 2027}
        actuals:
          lines:
            Pædagog: {amount: {2020-2021: 350000}}

    Good::

        period: {first: 2021, last: 2027}
        actuals:
          lines:
            Pædagog: {amount: {2021: 350000}}
    """
    if case.actuals is None:
        return
    first, last = case.period.first, case.period.last
    for name, field, lo, hi, key, _value in _written(case):
        if lo >= first and hi <= last:
            continue
        yield Finding(
            "BC721",
            "error",
            _("the actual for {key} lies outside the period {period}").format(
                key=key, period=span(first, last)
            ),
            ("actuals", "lines", name, field, key),
            hint=_("give actuals for years {period} only").format(period=span(first, last)),
            key=True,
        )


@check("BC722", "actual-after-as-of", "error")
def actual_after_as_of(case: Case) -> Iterator[Finding]:
    """An actual is given for a year after ``as_of``, the last year that has passed.

    A year after ``as_of`` has not happened yet: its figure is a plan, not an actual.

    Bad::

        actuals:
          as_of: 2022
          lines:
            Pædagog: {amount: {2021-2023: 350000}}

    Good::

        actuals:
          as_of: 2023
          lines:
            Pædagog: {amount: {2021-2023: 350000}}
    """
    if case.actuals is None or case.actuals.as_of is None:
        return
    as_of = case.actuals.as_of
    for name, field, _lo, hi, key, _value in _written(case):
        if hi <= as_of:
            continue
        yield Finding(
            "BC722",
            "error",
            _("the actual for {key} is after {as_of}, the last year that has passed").format(
                key=key, as_of=as_of
            ),
            ("actuals", "lines", name, field, key),
            hint=_("move as_of to the last year that has passed, or remove the actual"),
            key=True,
        )


@check("BC723", "actual-negative", "error")
def actual_negative(case: Case) -> Iterator[Finding]:
    """An actual amount or count is negative.

    Actuals are written as the case's figures are: positive under their heading (a cost's
    amount is what was spent, a count what was avoided); the heading gives the sign.

    Bad::

        actuals:
          lines:
            Pædagog: {amount: {2021: -350000}}

    Good::

        actuals:
          lines:
            Pædagog: {amount: {2021: 350000}}
    """
    if case.actuals is None:
        return
    for name, field, _lo, _hi, key, value in _written(case):
        if isinstance(value, Decimal) and value < 0:  # a formula is refused by the model
            yield Finding(
                "BC723",
                "error",
                _("the actual {field} for {key} must not be negative, got {value}").format(
                    field=field, key=key, value=as_written(value, language())
                ),
                ("actuals", "lines", name, field, key),
                hint=_("write the actual as a positive number; the line's heading gives the sign"),
            )


@check("BC724", "actual-count-for-amount", "error")
def actual_count_for_amount(case: Case) -> Iterator[Finding]:
    """An actual gives a count for a line that is an amount, not a count × a unit cost.

    Only a saving written as ``count`` × ``unit_cost`` (or hours) has a count to realise;
    a cost, a reallocation or a saving written as an amount is followed up by its amount.

    Bad::

        costs:
          - name: Pædagog
            amount: 390000
        actuals:
          lines:
            Pædagog: {count: {2021: 1}}

    Good::

        costs:
          - name: Pædagog
            amount: 390000
        actuals:
          lines:
            Pædagog: {amount: {2021: 350000}}
    """
    if case.actuals is None:
        return
    lines = _lines(case)
    for name, actual in case.actuals.lines.items():
        line = lines.get(name)
        if line is None or actual.count is None:
            continue
        if isinstance(line, Priced) and line.amount is None:
            continue
        yield Finding(
            "BC724",
            "error",
            _("'{name}' is an amount, so its actual is an amount, not a count").format(name=name),
            ("actuals", "lines", name, "count"),
            hint=_("write the realised amount, e.g. amount: {2021: 350000}"),
            key=True,
        )


@check("BC728", "actual-year-missing", "warning")
def actual_year_missing(case: Case) -> Iterator[Finding]:
    """A followed-up line has no actual for a year that has passed; its plan is counted.

    Once a line has actuals, every year of the period up to ``as_of`` that its plan writes a
    figure for is expected to have one; a year without one counts as planned, which may hide
    a deviation.

    Bad::

        period: {first: 2021, last: 2027}
        actuals:
          as_of: 2022
          lines:
            Pædagog: {amount: {2021: 350000}}

    Good::

        period: {first: 2021, last: 2027}
        actuals:
          as_of: 2022
          lines:
            Pædagog: {amount: {2021: 350000, 2022: 390000}}
    """
    actuals = case.actuals
    if actuals is None:
        return
    lasts = [hi for _, _, _lo, hi, _, _ in _written(case)]
    as_of = actuals.as_of if actuals.as_of is not None else max(lasts, default=None)
    if as_of is None:
        return
    lines = _lines(case)
    first = case.period.first
    for name, actual in actuals.lines.items():
        if name not in lines:
            continue
        years = {y for lo, hi, _ in actual.values.years_written() for y in range(lo, hi + 1)}
        planned = _planned(lines[name])
        passed = range(first, min(as_of, case.period.last) + 1)
        missing = [y for y in passed if y not in years and planned(y)]
        if not missing or not years:
            continue
        shown = ", ".join(map(str, missing))
        yield Finding(
            "BC728",
            "warning",
            _("'{name}' has no actual for {years}; the plan is counted for it").format(
                name=name, years=shown
            ),
            ("actuals", "lines", name, actual.field),
            hint=_("give the realised figure for every year up to {as_of}").format(as_of=as_of),
        )


def _planned(line: Cost | Avoided | Reallocation) -> Callable[[int], bool]:
    """Whether the line's plan writes a figure for a year (a year it plans nothing for
    needs no actual)."""
    written = line.amount if line.amount is not None else getattr(line, "count", None)
    if written is None:
        return lambda year: False
    if written.constant is not None:
        return lambda year: True
    spans = written.years_written()
    return lambda year: any(lo <= year <= hi for lo, hi, _ in spans)


ACTUAL_CHECKS = (
    actual_unknown_line,
    actual_outside_period,
    actual_after_as_of,
    actual_negative,
    actual_count_for_amount,
    actual_year_missing,
)
"""Run before the model is built: an actual for an unknown line cannot be computed."""


@check("BC727", "nothing-to-scale", "warning")
def nothing_to_scale(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """``reproject: scaled``, but a saving's plan is 0 in every year with an actual.

    The realised effect of a saving is what it realised as a share of its plan over the
    years with actuals; a saving that planned nothing then has no share to scale its later
    years by, and keeps its plan.

    Bad::

        avoided:
          - name: Familiebehandling
            count: {2023-2027: 1.5}
            unit_cost: 40000
        actuals:
          as_of: 2022
          reproject: scaled
          lines:
            Familiebehandling: {count: {2022: 1}}

    Good::

        avoided:
          - name: Familiebehandling
            count: {2022-2027: 1.5}
            unit_cost: 40000
        actuals:
          as_of: 2022
          reproject: scaled
          lines:
            Familiebehandling: {count: {2022: 1}}
    """
    followup = ev.model.followup
    if followup is None or followup.rule != "scaled" or case.actuals is None:
        return
    for line in followup.lines:
        if line.scaled or line.section != "avoided":
            continue
        name, field = line.name, line.field
        first, last = line.years[0], line.years[-1]
        years = written(first) if first == last else span(first, last)
        yield Finding(
            "BC727",
            "warning",
            _(
                "'{name}' plans nothing in {years}, so it has no realised share to scale its "
                "later years by; its plan is kept"
            ).format(name=name, years=years),
            ("actuals", "lines", name, field),
            hint=_("re-project it by its plan, or give its plan for the years followed up"),
        )


@check("BC729", "effect-of-nothing", "error")
def effect_of_nothing(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """``reproject: scaled``, but a line's plan adds up to 0 over the years with actuals.

    The realised effect divides what the line realised by what it planned over the years
    with actuals; a plan that adds up to 0 there (a formula that gives 0) has no effect to
    scale by.

    Bad::

        parameters: {familier: 0}
        avoided:
          - name: Familiebehandling
            count: familier
            unit_cost: 40000
        actuals:
          reproject: scaled
          lines:
            Familiebehandling: {count: {2021: 1}}

    Good::

        parameters: {familier: 1.5}
        avoided:
          - name: Familiebehandling
            count: familier
            unit_cost: 40000
        actuals:
          reproject: scaled
          lines:
            Familiebehandling: {count: {2021: 1}}
    """
    followup = ev.model.followup
    if followup is None:
        return
    for line in followup.lines:
        name, field = line.name, line.field
        if ("effect", name) in ev.errors:
            yield Finding(
                "BC729",
                "error",
                _(
                    "the plan of '{name}' adds up to 0 over the years with actuals, so its "
                    "realised share cannot scale its later years"
                ).format(name=name),
                ("actuals", "lines", name, field),
                hint=_("re-project by the plan (reproject: plan)"),
            )


FOLLOWUP_CHECKS = (nothing_to_scale, effect_of_nothing)
"""Read the evaluated figures (the realised effect of each line)."""
