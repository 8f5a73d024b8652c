"""Ranges on parameters and written values: what each guess may be, and the checks on them
(BC601-BC605 on parameters, BC606-BC612 on written values, a funding's and the discount
rate's included).

A parameter may carry a ``range`` beside its value (:class:`businesscase.model.Range`), and so
may a number written for a count, a unit cost, an amount or a phase-in share
(``count: {value: 5, range: {low: 4, high: 6}}``, also per year). The written value is what
``run`` uses; ``simulate`` draws a value from the range and ``sensitivity`` moves it to its low
and high. These checks run with the reference checks, before the model is built, and need
nothing but the case as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from .codes import check
from .diagnostics import Finding
from .fmt import as_written
from .formula import Formula
from .i18n import _, language
from .model import Case, Parameter, PoolFunding, Priced, Range, Value, WithRanges, YearlyValue

SHARE_UNITS = frozenset({"andel", "share"})
"""A parameter with one of these units is a share: its range stays within 0 and 1."""


def _yaml(v: Decimal) -> str:
    """A number as a case file writes it (in a hint to write)."""
    return format(v.normalize(), "f") if v == v.to_integral() else str(v)


def _fmt(v: Decimal) -> str:
    """A number as a message says it: as written, ``0,35`` in Danish."""
    return as_written(Decimal(_yaml(v)), language())


@check("BC601", "range-order", "error")
def range_order(case: Case) -> Iterator[Finding]:
    """A range's ``low`` is above its ``high``, or its ``mode`` lies outside them.

    Bad::

        parameters:
          andel:
            value: 0.35
            range: {low: 0.40, high: 0.30}

    Good::

        parameters:
          andel:
            value: 0.35
            range: {low: 0.30, high: 0.40}
    """
    for name, p in _ranged(case):
        r = p.range
        assert r is not None
        path = ("parameters", name, "range")
        if r.low > r.high:
            yield Finding(
                "BC601",
                "error",
                _("the range of '{name}' runs backwards: low {low} is above high {high}").format(
                    name=name, low=_fmt(r.low), high=_fmt(r.high)
                ),
                (*path, "low"),
                hint=_("write low: {high}, high: {low}").format(
                    high=_yaml(r.high), low=_yaml(r.low)
                ),
            )
        elif r.mode is not None and not r.low <= r.mode <= r.high:
            yield Finding(
                "BC601",
                "error",
                _("the mode {mode} of '{name}' is outside its range {low} to {high}").format(
                    mode=_fmt(r.mode), name=name, low=_fmt(r.low), high=_fmt(r.high)
                ),
                (*path, "mode"),
                hint=_("the most likely value lies between low and high"),
            )
        elif r.kind in ("triangular", "pert") and r.low == r.high:
            yield Finding(
                "BC601",
                "error",
                _(
                    "the range of '{name}' is a single value ({low}), which has no {shape} shape"
                ).format(name=name, low=_fmt(r.low), shape=r.kind),
                (*path, "high"),
                hint=_("widen the range, or remove it if the value is certain"),
            )


@check("BC602", "value-outside-range", "error")
def value_outside_range(case: Case) -> Iterator[Finding]:
    """A parameter's written value lies outside its own range.

    The written value is what ``run`` shows; a range that does not contain it describes some
    other guess.

    Bad::

        parameters:
          andel:
            value: 0.5
            range: {low: 0.30, high: 0.40}

    Good::

        parameters:
          andel:
            value: 0.35
            range: {low: 0.30, high: 0.40}
    """
    for name, p in _ranged(case):
        r = p.range
        assert r is not None
        if isinstance(p.value, Formula) or r.low > r.high:
            continue
        if not r.low <= p.value <= r.high:
            yield Finding(
                "BC602",
                "error",
                _("the value {value} of '{name}' is outside its range {low} to {high}").format(
                    value=_fmt(p.value), name=name, low=_fmt(r.low), high=_fmt(r.high)
                ),
                ("parameters", name, "value"),
                hint=_("widen the range to include the value, or correct the value"),
            )


@check("BC603", "range-on-formula", "error")
def range_on_formula(case: Case) -> Iterator[Finding]:
    """A range on a parameter computed by a formula.

    A computed parameter moves with the parameters it is computed from; give those the range.

    Bad::

        parameters:
          familier: 30
          andel:
            value: 11.5 / 30
            range: {low: 0.30, high: 0.40}

    Good::

        parameters:
          familier: 30
          andel:
            value: 11.5 / 30
          forebygget:
            value: 11.5
            range: {low: 9, high: 12}
    """
    for name, p in _ranged(case):
        if isinstance(p.value, Formula):
            yield Finding(
                "BC603",
                "error",
                _(
                    "'{name}' is computed by the formula '{formula}' and cannot have a range "
                    "of its own"
                ).format(name=name, formula=p.value.text),
                ("parameters", name, "range"),
                key=True,
                hint=_("put the range on a parameter the formula uses"),
            )


@check("BC604", "share-range-outside-0-1", "error")
def share_outside_unit(case: Case) -> Iterator[Finding]:
    """The range of a share goes below 0 or above 1.

    A parameter with ``unit: andel`` or ``unit: share`` is a share, written as a fraction.

    Bad::

        parameters:
          andel:
            value: 0.35
            unit: andel
            range: {low: 0.30, high: 1.40}

    Good::

        parameters:
          andel:
            value: 0.35
            unit: andel
            range: {low: 0.30, high: 0.40}
    """
    for name, p in _ranged(case):
        r = p.range
        assert r is not None
        if (p.unit or "").strip().lower() not in SHARE_UNITS:
            continue
        for end, v in (("low", r.low), ("high", r.high)):
            if not 0 <= v <= 1:
                yield Finding(
                    "BC604",
                    "error",
                    _("the {end} end {value} of the share '{name}' is outside 0 to 1").format(
                        end=end, value=_fmt(v), name=name
                    ),
                    ("parameters", name, "range", end),
                    hint=_("a share is written as a fraction: 35 pct. is 0.35"),
                )


@check("BC605", "count-range-below-zero", "error")
def count_below_zero(case: Case) -> Iterator[Finding]:
    """The range of a parameter that a count uses goes below 0.

    A count of prevented measures or of families cannot be negative, and neither can a
    number it is computed from.

    Bad::

        parameters:
          familier:
            value: 2
            range: {low: -1, high: 5}
        avoided:
          - name: Familiebehandling
            count: familier
            unit_cost: 40000

    Good::

        parameters:
          familier:
            value: 2
            range: {low: 0, high: 5}
        avoided:
          - name: Familiebehandling
            count: familier
            unit_cost: 40000
    """
    counted = _used_in_counts(case)
    for name, p in _ranged(case):
        r = p.range
        assert r is not None
        if name in counted and r.low < 0:
            yield Finding(
                "BC605",
                "error",
                _("the range of '{name}' goes down to {low}, but a count uses it").format(
                    name=name, low=_fmt(r.low)
                ),
                ("parameters", name, "range", "low"),
                hint=_("a count cannot be negative: write low: 0 or more"),
            )


class Written(NamedTuple):
    """A range written beside a number of a line or an activity."""

    path: tuple[str | int, ...]
    """Where the number is written (``("avoided", 2, "count", "2023-2027")``)."""
    field: str
    owner: str
    value: Value
    range: Range


def written_ranges(case: Case) -> Iterator[Written]:
    """Every range written beside a number, in the order of the file."""
    for path, line in case.lines():
        fields: list[tuple[str, YearlyValue | None, tuple[str, ...]]] = [
            ("phase_in", line.phase_in, ("phase_in",))
        ]
        if isinstance(line, Priced):
            price = ("unit_cost", line.unit_cost_per) if line.unit_cost_per else ("unit_cost",)
            fields += [("count", line.count, ("count",)), ("unit_cost", line.unit_cost, price)]
        fields.append(("amount", line.amount, ("amount",)))
        for field, yearly, where in fields:
            yield from _of(yearly, (*path, *where), field, line.name)
    for j, act in enumerate(case.activities):
        yield from _of(act.count, ("activities", j, "count"), "count", act.name)
    for i, f in enumerate(case.funding):
        at: tuple[str | int, ...] = ("funding", i)
        yield from _scalars(f, at, f.name)
        if isinstance(f, PoolFunding):
            yield from _of(f.drawn, (*at, "drawn"), "drawn", f.name)
            for part, sub in (
                ("repayment", f.repayment),
                ("interest", f.interest),
                ("recycling", f.recycling),
            ):
                yield from _scalars(sub, (*at, part), f.name)
        else:
            yield from _of(f.received, (*at, "received"), "received", f.name)
    yield from _scalars(case.discounting, ("discounting",), "discounting")


SHARES = frozenset({"share", "share_of_savings", "rate"})
"""The fields of a funding or of discounting that are a share or a rate, within 0 and 1."""


def _scalars(part: WithRanges | None, path: tuple[str | int, ...], owner: str) -> Iterator[Written]:
    """The ranges beside a funding's (or the discounting's) own numbers."""
    if part is None:
        return
    for name, r in part.ranged.items():
        value = getattr(part, name)
        assert value is not None
        yield Written((*path, name), name, owner, value, r)


def _of(
    yearly: YearlyValue | None, path: tuple[str | int, ...], field: str, owner: str
) -> Iterator[Written]:
    if yearly is None:
        return
    for where, r in yearly.ranges:
        value = yearly.constant if not where else yearly.at_key(where[0])
        assert value is not None
        yield Written((*path, *where), field, owner, value, r)


@check("BC606", "written-range-order", "error")
def written_range_order(case: Case) -> Iterator[Finding]:
    """A range written beside a number runs backwards, or its ``mode`` lies outside it.

    Bad::

        avoided:
          - name: Familiebehandling
            count: {value: 1.5, range: {low: 2, high: 1}}
            unit_cost: 40000

    Good::

        avoided:
          - name: Familiebehandling
            count: {value: 1.5, range: {low: 1, high: 2}}
            unit_cost: 40000
    """
    for w in written_ranges(case):
        r = w.range
        at = (*w.path, "range")
        if r.low > r.high:
            yield Finding(
                "BC606",
                "error",
                _(
                    "the range of {field} of '{owner}' runs backwards: low {low} is above high {high}"
                ).format(field=w.field, owner=w.owner, low=_fmt(r.low), high=_fmt(r.high)),
                (*at, "low"),
                hint=_("write low: {high}, high: {low}").format(
                    high=_yaml(r.high), low=_yaml(r.low)
                ),
            )
        elif r.mode is not None and not r.low <= r.mode <= r.high:
            yield Finding(
                "BC606",
                "error",
                _(
                    "the mode {mode} of {field} of '{owner}' is outside its range {low} to {high}"
                ).format(
                    mode=_fmt(r.mode),
                    field=w.field,
                    owner=w.owner,
                    low=_fmt(r.low),
                    high=_fmt(r.high),
                ),
                (*at, "mode"),
                hint=_("the most likely value lies between low and high"),
            )
        elif r.kind in ("triangular", "pert") and r.low == r.high:
            yield Finding(
                "BC606",
                "error",
                _(
                    "the range of {field} of '{owner}' is a single value ({low}), which has no {shape} "
                    "shape"
                ).format(field=w.field, owner=w.owner, low=_fmt(r.low), shape=r.kind),
                (*at, "high"),
                hint=_("widen the range, or remove it if the value is certain"),
            )


@check("BC607", "written-value-outside-range", "error")
def written_value_outside_range(case: Case) -> Iterator[Finding]:
    """A written number lies outside the range written beside it.

    The number is what ``run`` shows; a range that does not contain it describes some other
    guess.

    Bad::

        avoided:
          - name: Familiebehandling
            count: {value: 3, range: {low: 1, high: 2}}
            unit_cost: 40000

    Good::

        avoided:
          - name: Familiebehandling
            count: {value: 1.5, range: {low: 1, high: 2}}
            unit_cost: 40000
    """
    for w in written_ranges(case):
        r = w.range
        if isinstance(w.value, Formula) or r.low > r.high:
            continue
        if not r.low <= w.value <= r.high:
            yield Finding(
                "BC607",
                "error",
                _("{field} of '{owner}' is {value}, outside its range {low} to {high}").format(
                    field=w.field,
                    owner=w.owner,
                    value=_fmt(w.value),
                    low=_fmt(r.low),
                    high=_fmt(r.high),
                ),
                (*w.path, "value"),
                hint=_("widen the range to include the value, or correct the value"),
            )


@check("BC608", "written-range-on-formula", "error")
def written_range_on_formula(case: Case) -> Iterator[Finding]:
    """A range beside a formula instead of a number.

    A formula moves with the parameters it uses; give those parameters the range.

    Bad::

        parameters:
          familier: 30
        avoided:
          - name: Familiebehandling
            count: {value: familier * 0.05, range: {low: 1, high: 2}}
            unit_cost: 40000

    Good::

        parameters:
          familier:
            value: 30
            range: {low: 20, high: 40}
        avoided:
          - name: Familiebehandling
            count: familier * 0.05
            unit_cost: 40000
    """
    for w in written_ranges(case):
        if isinstance(w.value, Formula):
            yield Finding(
                "BC608",
                "error",
                _(
                    "{field} of '{owner}' is the formula '{formula}', which cannot have a range of its own"
                ).format(field=w.field, owner=w.owner, formula=w.value.text),
                (*w.path, "range"),
                key=True,
                hint=_("put the range on a parameter the formula uses"),
            )


@check("BC609", "phase-in-range-outside-0-1", "error")
def phase_in_outside_unit(case: Case) -> Iterator[Finding]:
    """The range of a phase-in share goes below 0 or above 1.

    A phase-in is the share of the line's full effect reached in a year, written as a
    fraction.

    Bad::

        avoided:
          - name: Familiebehandling
            count: 2
            unit_cost: 40000
            phase_in: {2021: {value: 0.5, range: {low: 0.3, high: 1.2}}, 2022-2027: 1}

    Good::

        avoided:
          - name: Familiebehandling
            count: 2
            unit_cost: 40000
            phase_in: {2021: {value: 0.5, range: {low: 0.3, high: 0.8}}, 2022-2027: 1}
    """
    for w in written_ranges(case):
        if w.field != "phase_in":
            continue
        for end, v in (("low", w.range.low), ("high", w.range.high)):
            if not 0 <= v <= 1:
                yield Finding(
                    "BC609",
                    "error",
                    _(
                        "the {end} end {value} of the phase-in of '{owner}' is outside 0 to 1"
                    ).format(end=end, value=_fmt(v), owner=w.owner),
                    (*w.path, "range", end),
                    hint=_("a share is written as a fraction: 35 pct. is 0.35"),
                )


@check("BC610", "written-range-below-zero", "error")
def written_below_zero(case: Case) -> Iterator[Finding]:
    """The range of a count, a unit cost or an amount written positive goes below 0.

    A count or a price cannot be negative, and an amount written positive under its heading
    would change sides (a cost would become a saving).

    Bad::

        costs:
          - name: Pædagog
            amount: {value: 390000, range: {low: -10000, high: 420000}}

    Good::

        costs:
          - name: Pædagog
            amount: {value: 390000, range: {low: 350000, high: 420000}}
    """
    for w in written_ranges(case):
        if w.field == "phase_in" or w.field in SHARES or isinstance(w.value, Formula):
            continue  # a phase-in, a share or a rate: BC609 and BC611
        if w.range.low >= 0:
            continue
        if w.field == "amount" and w.value < 0:
            continue  # written negative: a range around it may cross 0 on purpose
        yield Finding(
            "BC610",
            "error",
            _("the range of {field} of '{owner}' goes down to {low}, below 0").format(
                field=w.field, owner=w.owner, low=_fmt(w.range.low)
            ),
            (*w.path, "range", "low"),
            hint=_(
                "a count, a price or an amount written positive stays positive: write low: 0 or more"
            ),
        )


@check("BC611", "funding-share-range-outside-0-1", "error")
def funding_share_outside_unit(case: Case) -> Iterator[Finding]:
    """The range of a funding's share or rate, or of the discount rate, leaves 0 to 1.

    A repayment's share of the savings, a recycled share, a grant's share, an interest rate
    and the discount rate are fractions: 3,5 % is 0.035.

    Bad::

        funding:
          - kind: pool
            amount: 500000
            repayment:
              first_year: 2023
              share_of_savings: {value: 0.5, range: {low: 0.3, high: 1.5}}
              years: until_repaid

    Good::

        funding:
          - kind: pool
            amount: 500000
            repayment:
              first_year: 2023
              share_of_savings: {value: 0.5, range: {low: 0.3, high: 0.7}}
              years: until_repaid
    """
    for w in written_ranges(case):
        if w.field not in SHARES:
            continue
        for end, v in (("low", w.range.low), ("high", w.range.high)):
            if not 0 <= v <= 1:
                yield Finding(
                    "BC611",
                    "error",
                    _("the {end} end {value} of the {field} of '{owner}' is outside 0 to 1").format(
                        end=end, value=_fmt(v), field=w.field, owner=w.owner
                    ),
                    (*w.path, "range", end),
                    hint=_("a share or a rate is written as a fraction: 3,5 pct. is 0.035"),
                )


@check("BC612", "range-on-unused-amount", "error")
def range_on_unused_amount(case: Case) -> Iterator[Finding]:
    """A range beside a pool's or a grant's ``amount`` whose yearly amounts are written.

    The figures use the amounts drawn (received) each year, so the range would draw nothing.

    Bad::

        funding:
          - kind: pool
            amount: {value: 500000, range: {low: 400000, high: 500000}}
            drawn: {2021: 250000, 2022: 250000}
            repayment: {first_year: 2023, amount: 100000, years: 5}

    Good::

        funding:
          - kind: pool
            amount: 500000
            drawn:
              2021: 250000
              2022: {value: 250000, range: {low: 150000, high: 250000}}
            repayment: {first_year: 2023, amount: 100000, years: 5}
    """
    for i, f in enumerate(case.funding):
        if f.range_of("amount") is None:
            continue
        years = f.drawn if isinstance(f, PoolFunding) else f.received
        if years is None:
            continue
        where = "drawn" if isinstance(f, PoolFunding) else "received"
        yield Finding(
            "BC612",
            "error",
            _(
                "the range beside the amount of '{name}' draws nothing: its yearly '{where}' "
                "amounts are what the figures use"
            ).format(name=f.name, where=where),
            ("funding", i, "amount", "range"),
            key=True,
            hint=_("write the range beside the '{where}' amount of a year").format(where=where),
        )


RANGE_CHECKS = (
    range_order,
    value_outside_range,
    range_on_formula,
    share_outside_unit,
    count_below_zero,
    written_range_order,
    written_value_outside_range,
    written_range_on_formula,
    phase_in_outside_unit,
    written_below_zero,
    funding_share_outside_unit,
    range_on_unused_amount,
)
"""Run with the reference checks: a case with a bad range is not computed."""


def _ranged(case: Case) -> Iterator[tuple[str, Parameter]]:
    for name, p in case.parameters.items():
        if p.range is not None:
            yield name, p


def _used_in_counts(case: Case) -> set[str]:
    """The parameters that a count uses, directly or through parameter formulas."""
    names: set[str] = set()
    for _path, line in case.lines():
        if isinstance(line, Priced) and line.count is not None:
            for v, _key in line.count.values():
                if isinstance(v, Formula):
                    names |= v.names
    for a in case.activities:
        if a.count is not None:
            for v, _key in a.count.values():
                if isinstance(v, Formula):
                    names |= v.names
    stack = list(names)
    while stack:
        p = case.parameters.get(stack.pop())
        if p is not None and isinstance(p.value, Formula):
            for used in p.value.names - names:
                names.add(used)
                stack.append(used)
    return names
