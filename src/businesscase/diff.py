"""The difference of two cases: what changed in the inputs, and what it does to the results.

Pure: no files are read and nothing is printed. :func:`diff_cases` compares the inputs of two
validated cases by name (parameters, lines, funding, activities, departments; meta, period,
discounting and prices field by field) and their results, combined and per department.

Every amount is compared in **shown** whole kroner (:func:`businesscase.results.show`), so the
printed deltas add up exactly as the printed tables do: per year, the deltas of the lines sum
to the delta of the net, and the cumulative delta is the running sum of the net deltas. A delta
is always *B − A*.

When the two periods differ the years are their union; a case contributes 0 in a year outside
its period (its pool balance carries over).
"""

# No ``from __future__ import annotations`` here: a named tuple's field types are read when
# its class is made, and each one written as a string is compiled then, on every command.

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import BaseModel

from .fmt import round_half_up
from .formula import Formula
from .model import Case, Range, WithRanges, YearlyValue
from .results import CaseResult, case_result, show

if TYPE_CHECKING:
    from .calc.exact import Evaluation

Path = tuple[str | int, ...]
Status = Literal["changed", "added", "removed"]

SECTIONS = (
    "meta",
    "period",
    "parameter",
    "department",
    "line",
    "funding",
    "activity",
    "discounting",
    "prices",
)
"""The kinds of input compared, in the order they are reported."""

_IGNORED = frozenset({"stated", "scenarios", "format", "actuals"})
"""Not inputs of the plan: the document's stated figures, the named variants, the actuals
(compared as figures with ``diff --actuals``)."""


class InputChange(NamedTuple):
    """One changed input: a field of a named item, or an item added or removed.

    ``old`` and ``new`` are the values as the model holds them (``Decimal``, ``YearlyValue``,
    text, ...); ``None`` where the field is not written. ``path_a`` and ``path_b`` say where
    the value stands in each case (to be located in its file); ``None`` on the side that lacks it.
    """

    section: str
    name: str
    field: str
    status: Status
    old: Any
    new: Any
    path_a: Path | None
    path_b: Path | None

    def reversed(self) -> "InputChange":
        status: Status = {"changed": "changed", "added": "removed", "removed": "added"}[self.status]  # type: ignore[assignment]
        return InputChange(
            self.section,
            self.name,
            self.field,
            status,
            self.new,
            self.old,
            self.path_b,
            self.path_a,
        )


@dataclass(frozen=True, slots=True, eq=False)
class Row:
    """A row of yearly amounts in whole kroner in A and B; the delta is B − A."""

    name: str
    a: tuple[int, ...]
    b: tuple[int, ...]
    total_a: int | None = None
    total_b: int | None = None
    """Each case's shown total of the row: its exact total rounded, not a sum of cells
    (``None`` for a running figure: the cumulative net, the pool balance)."""

    @property
    def delta(self) -> tuple[int, ...]:
        return tuple(y - x for x, y in zip(self.a, self.b, strict=True))

    @property
    def total_delta(self) -> int | None:
        if self.total_a is None or self.total_b is None:
            return None
        return self.total_b - self.total_a

    @property
    def changed(self) -> bool:
        return self.a != self.b


@dataclass(frozen=True, slots=True, eq=False)
class LineRow(Row):
    """A line of the case, matched by name; ``in_a``/``in_b`` say whether each case has it."""

    section: str = ""
    in_a: bool = True
    in_b: bool = True


FigureKey = Literal[
    "break_even_year",
    "payback_year",
    "pool_repaid_year",
    "total_net",
    "npv",
    "pool_balance_end",
]
YEAR_FIGURES: tuple[FigureKey, ...] = ("break_even_year", "payback_year", "pool_repaid_year")


class Figure(NamedTuple):
    """A key figure in A and B. Years are ``None`` when not reached within the period."""

    key: FigureKey
    a: int | None
    b: int | None

    @property
    def is_year(self) -> bool:
        return self.key in YEAR_FIGURES

    @property
    def delta(self) -> int | None:
        """B − A (years later is positive); ``None`` when either side has no value."""
        if self.a is None or self.b is None:
            return None
        return self.b - self.a

    @property
    def changed(self) -> bool:
        return self.a != self.b


class ViewDiff(NamedTuple):
    """The results compared for the whole case (``department=None``) or one department."""

    department: str | None
    years: tuple[int, ...]
    figures: tuple[Figure, ...]
    lines: tuple[LineRow, ...]
    net: Row
    cumulative: Row
    drawn: Row
    repayment: Row
    pool_balance: Row
    has_pool: bool
    pool_name: str | None = None

    @property
    def changed_lines(self) -> tuple[LineRow, ...]:
        return tuple(line for line in self.lines if line.changed)

    @property
    def pool_rows(self) -> tuple[Row, ...]:
        return (self.drawn, self.repayment, self.pool_balance) if self.has_pool else ()

    @property
    def changed(self) -> bool:
        rows = (*self.lines, self.net, self.cumulative, *self.pool_rows)
        return any(f.changed for f in self.figures) or any(r.changed for r in rows)


class CaseDiff(NamedTuple):
    """Everything ``businesscase diff`` reports: changed inputs, then results per view."""

    inputs: tuple[InputChange, ...]
    views: tuple[ViewDiff, ...]
    """The whole case first, then each department (when either case has departments)."""

    @property
    def results_differ(self) -> bool:
        return any(view.changed for view in self.views)

    @property
    def identical(self) -> bool:
        return not self.inputs and not self.results_differ


# --- Inputs -------------------------------------------------------------------------------------


def _years_of(a: Case, b: Case) -> range:
    first = min(a.period.first, b.period.first)
    last = max(a.period.last, b.period.last)
    return range(first, last + 1)


def _normal(value: Any, years: range) -> Any:
    """A value in a form where equal meaning compares equal (``{2021-2022: 5}`` = two years)."""
    if isinstance(value, YearlyValue):
        written = [y for first, last, _ in value.years_written() for y in range(first, last + 1)]
        span = sorted(set(years) | set(written))
        return tuple(_normal(value.at(y), years) for y in span)
    if isinstance(value, Formula):
        return ("formula", value.tree)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value).normalize()
    if isinstance(value, BaseModel):
        return tuple((k, _normal(v, years)) for k, v in _fields(value))
    if isinstance(value, list | tuple):
        return tuple(_normal(v, years) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _normal(v, years)) for k, v in value.items()))
    return value


_NESTED = frozenset({"repayment", "hours"})
_DESCRIPTIVE = frozenset({"note", "assumption", "source", "unit", "legal_ref", "current_ref"})


def _fields(model: BaseModel, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """(dotted field, value) of a model; ``repayment`` and ``hours`` are compared field by field."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in _NESTED and isinstance(value, BaseModel):
            yield from _fields(value, (*prefix, name))
        else:
            yield ".".join((*prefix, name)), value


def _ranges(model: BaseModel, prefix: Path = ()) -> Iterator[tuple[Path, Range]]:
    """(place, range) of each range written beside a number of ``model``, the place being
    where the range is written below the item: a line's ``("count", "range")`` or
    ``("count", "2023-2027", "range")``, a pool's ``("repayment", "share_of_savings",
    "range")``, the discount rate's ``("rate", "range")``. A parameter's range is a field of
    its own, compared with the others."""
    if isinstance(model, WithRanges):
        for name, r in model.ranged.items():
            yield (*prefix, name, "range"), r
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, YearlyValue):
            for key, r in value.ranges:
                yield (*prefix, name, *key, "range"), r
        elif isinstance(value, BaseModel) and not isinstance(value, Range):
            yield from _ranges(value, (*prefix, name))


def _items(case: Case) -> Iterator[tuple[str, str, Path, BaseModel]]:
    """(section, name, path, model) of every compared input item of a case."""
    yield "meta", "", ("meta",), case.meta
    yield "period", "", ("period",), case.period
    for name, param in case.parameters.items():
        yield "parameter", name, ("parameters", name), param
    for i, dept in enumerate(case.departments):
        yield "department", dept.id, ("departments", i), dept
    for path, line in case.lines():
        yield "line", line.name, path, line
    for i, funding in enumerate(case.funding):
        yield "funding", funding.name, ("funding", i), funding
    for i, activity in enumerate(case.activities):
        yield "activity", activity.name, ("activities", i), activity
    if case.discounting is not None:
        yield "discounting", "", ("discounting",), case.discounting
    if case.prices is not None:
        yield "prices", "", ("prices",), case.prices


def _field_path(path: Path, dotted: str) -> Path:
    return (*path, *dotted.split("."))


def compare_inputs(a: Case, b: Case) -> tuple[InputChange, ...]:
    """Each input that differs between ``a`` and ``b``, matched by section and name."""
    years = _years_of(a, b)
    items_a = {(s, n): (p, m) for s, n, p, m in _items(a)}
    items_b = {(s, n): (p, m) for s, n, p, m in _items(b)}
    keys = list(items_a) + [k for k in items_b if k not in items_a]
    keys.sort(key=lambda k: SECTIONS.index(k[0]))  # stable: file order within a section
    out: list[InputChange] = []
    notes: list[InputChange] = []
    for key in keys:
        section, name = key
        if key not in items_b:
            path, _ = items_a[key]
            out.append(InputChange(section, name, "", "removed", None, None, path, None))
            continue
        if key not in items_a:
            path, _ = items_b[key]
            out.append(InputChange(section, name, "", "added", None, None, None, path))
            continue
        (path_a, model_a), (path_b, model_b) = items_a[key], items_b[key]
        fields_a, fields_b = dict(_fields(model_a)), dict(_fields(model_b))
        names = list(fields_a) + [f for f in fields_b if f not in fields_a]
        names.sort(key=lambda f: f in _DESCRIPTIVE)  # what computes first, then the notes
        for field in names:
            if field in _IGNORED or field == ("id" if section == "department" else "name"):
                continue
            old, new = fields_a.get(field), fields_b.get(field)
            if _normal(old, years) == _normal(new, years):
                continue
            change = InputChange(
                section,
                name,
                field,
                "changed",
                old,
                new,
                _field_path(path_a, field) if old is not None else path_a,
                _field_path(path_b, field) if new is not None else path_b,
            )
            (notes if field in _DESCRIPTIVE else out).append(change)
        out.extend(_range_changes(section, name, (path_a, model_a), (path_b, model_b), years))
        out.extend(notes)
        notes.clear()
    return tuple(out)


def _range_changes(
    section: str,
    name: str,
    a: tuple[Path, BaseModel],
    b: tuple[Path, BaseModel],
    years: range,
) -> Iterator[InputChange]:
    """The ranges beside an item's numbers that differ, each as its own change
    (``repayment.share_of_savings.range``), pointing at the range, or at the number on the
    side that writes none."""
    (path_a, model_a), (path_b, model_b) = a, b
    ranges_a, ranges_b = dict(_ranges(model_a)), dict(_ranges(model_b))
    for place in [*ranges_a, *(p for p in ranges_b if p not in ranges_a)]:
        old, new = ranges_a.get(place), ranges_b.get(place)
        if _normal(old, years) == _normal(new, years):
            continue
        yield InputChange(
            section,
            name,
            ".".join(map(str, place)),
            "changed",
            old,
            new,
            (*path_a, *(place if old is not None else place[:-1])),
            (*path_b, *(place if new is not None else place[:-1])),
        )


# --- Results ------------------------------------------------------------------------------------


def _pad(values: Iterable[int], own: tuple[int, ...], years: tuple[int, ...]) -> tuple[int, ...]:
    by_year = dict(zip(own, values, strict=True))
    return tuple(by_year.get(y, 0) for y in years)


def _carry(
    values: tuple[int, ...], own: tuple[int, ...], years: tuple[int, ...]
) -> tuple[int, ...]:
    """A running figure (cumulative, balance) over ``years``: 0 before the case's own years,
    its last value after them."""
    by_year = dict(zip(own, values, strict=True))
    out: list[int] = []
    last = 0
    for y in years:
        last = by_year.get(y, last if y > own[-1] else 0)
        out.append(last)
    return tuple(out)


def _row(name: str, a: tuple[int, ...], b: tuple[int, ...]) -> Row:
    return Row(name, a, b)


def compare_results(a: CaseResult, b: CaseResult) -> ViewDiff:
    """The results of two cases (or of one department in each), in shown whole kroner."""
    sa, sb = show(a), show(b)
    years = tuple(sorted(set(a.years) | set(b.years)))

    def pad_a(values: Iterable[int]) -> tuple[int, ...]:
        return _pad(values, a.years, years)

    def pad_b(values: Iterable[int]) -> tuple[int, ...]:
        return _pad(values, b.years, years)

    lines_a = {line.name: line for line in sa.lines}
    lines_b = {line.name: line for line in sb.lines}
    zero = tuple(0 for _ in years)
    names = list(lines_a) + [n for n in lines_b if n not in lines_a]
    lines = []
    for name in names:
        la, lb = lines_a.get(name), lines_b.get(name)
        section = (la or lb).section  # type: ignore[union-attr]
        lines.append(
            LineRow(
                name,
                pad_a(la.values) if la else zero,
                pad_b(lb.values) if lb else zero,
                la.total if la else 0,
                lb.total if lb else 0,
                section=section,
                in_a=la is not None,
                in_b=lb is not None,
            )
        )
    net_a, net_b = pad_a(sa.net), pad_b(sb.net)
    drawn_a, drawn_b = pad_a(sa.drawn), pad_b(sb.drawn)
    paid_a, paid_b = pad_a(sa.repayment), pad_b(sb.repayment)
    bal_a, bal_b = _carry(sa.pool_balance, a.years, years), _carry(sb.pool_balance, b.years, years)
    cum_a, cum_b = _carry(sa.cumulative, a.years, years), _carry(sb.cumulative, b.years, years)
    figures = (
        Figure("break_even_year", a.break_even_year, b.break_even_year),
        Figure("payback_year", a.payback_year, b.payback_year),
        Figure("pool_repaid_year", a.pool_repaid_year, b.pool_repaid_year),
        Figure("total_net", sa.total_net, sb.total_net),
        Figure("npv", _npv(a), _npv(b)),
        Figure("pool_balance_end", sa.pool_balance[-1], sb.pool_balance[-1]),
    )
    return ViewDiff(
        department=a.department,
        years=years,
        figures=figures,
        lines=tuple(lines),
        net=Row("net", net_a, net_b, sa.total_net, sb.total_net),
        cumulative=_row("cumulative", cum_a, cum_b),
        drawn=Row("drawn", drawn_a, drawn_b, sa.total_drawn, sb.total_drawn),
        repayment=Row("repayment", paid_a, paid_b, sa.total_repaid, sb.total_repaid),
        pool_balance=_row("pool_balance", bal_a, bal_b),
        has_pool=a.pool_name is not None or b.pool_name is not None,
        pool_name=a.pool_name or b.pool_name,
    )


def _npv(result: CaseResult) -> int | None:
    return None if result.npv is None else round_half_up(result.npv)


def departments(a: Case, b: Case) -> list[str]:
    """The department ids of either case, A's first, in file order."""
    ids = [d.id for d in a.departments]
    return ids + [d.id for d in b.departments if d.id not in ids]


def diff_cases(
    a: Case, b: Case, ev_a: "Evaluation | None" = None, ev_b: "Evaluation | None" = None
) -> CaseDiff:
    """Compare two validated cases: inputs by name, results combined and per department.

    ``ev_a`` and ``ev_b`` are the cases' evaluations (made when they were loaded).
    """
    from .calc.exact import evaluate
    from .calc.model import build

    ev_a = ev_a or evaluate(build(a))
    ev_b = ev_b or evaluate(build(b))

    def result(ev: "Evaluation", dept: str | None) -> CaseResult:
        # A department only one case has reads as empty in the other: no lines, zero rows.
        return case_result(ev, dept)

    views = [compare_results(result(ev_a, None), result(ev_b, None))]
    for dept in departments(a, b):
        views.append(compare_results(result(ev_a, dept), result(ev_b, dept)))
    return CaseDiff(compare_inputs(a, b), tuple(views))


__all__ = [
    "CaseDiff",
    "Figure",
    "InputChange",
    "LineRow",
    "Row",
    "ViewDiff",
    "compare_inputs",
    "compare_results",
    "diff_cases",
]
