"""Checks that need the whole case: references, cross-field rules, reconciliation.

The loader validates the shape of a case (codes BC1xx, BC2xx); :func:`check_case` then runs
everything that needs more than one field and returns findings that the loader locates.

It runs in four steps; an error at a line (or a parameter) leaves that line out of the steps
after it (:class:`Repair`), an error elsewhere stops them:

1. reference checks (BC205-BC208, BC211): names that must exist and be unique, parameters
   that must not refer to each other. The model cannot be built from a case that fails one;
2. the case is built into its calculation model (:mod:`businesscase.calc`) and evaluated,
   **once**; figures that cannot be computed are errors (BC209 division by zero, BC210 out
   of range);
3. cross-field checks (BC301-BC315) read the evaluated figures, never compute their own;
4. reconciliation of the figures the source document states (BC4xx,
   :mod:`businesscase.reconcile`), from the same evaluation, only for a case left whole.

The loader calls it on the sound part of a case whose shape has errors too, so that a file's
independent mistakes are reported in one run.

Each check is a plain function registered with :func:`businesscase.codes.check`, taking the
case (step 1) or the case and its evaluation (steps 2-3); its docstring, with a bad and a good
example, is the documentation in ``docs/checks.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from fractions import Fraction
from functools import cache, lru_cache
from typing import TYPE_CHECKING, get_args

from pydantic import BaseModel

from .codes import check
from .diagnostics import Finding, listing, suggest
from .fmt import as_written, currency_name, kr, span
from .fmt import written as W
from .formula import Formula
from .i18n import N_, _, language
from .model import (
    Avoided,
    Case,
    GrantFunding,
    PoolFunding,
    Priced,
    Repayment,
    Value,
    YearlyValue,
)
from .plausibility import PLAUSIBILITY_CHECKS

if TYPE_CHECKING:
    from .calc.exact import Evaluation

Path = tuple[str | int, ...]
CheckFunction = Callable[[Case], Iterable[Finding]]
"""A check on the case as written (references): it runs before the model is built."""
EvaluationCheck = Callable[[Case, "Evaluation"], Iterable[Finding]]
"""A check that reads the case's figures from its one evaluation."""


# --- Helpers ------------------------------------------------------------------------------------


def _yearly_values(case: Case) -> list[tuple[Path, YearlyValue]]:
    """Every yearly value in the case with its path (``("avoided", 2, "count")``).

    Several checks need them; they are collected once per case (the last case is remembered).
    """
    global _memo
    if _memo[0] is not case:
        found: list[tuple[Path, YearlyValue]] = []
        _collect(case, (), found)
        _memo = (case, found)
    return _memo[1]


_memo: tuple[Case | None, list[tuple[Path, YearlyValue]]] = (None, [])


def _collect(node: object, path: Path, found: list[tuple[Path, YearlyValue]]) -> None:
    if isinstance(node, YearlyValue):
        found.append((path, node))
    elif isinstance(node, BaseModel):
        for name in _fields_with_yearly(type(node)):
            value = getattr(node, name)
            if value is not None:
                _collect(value, (*path, name), found)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _collect(item, (*path, i), found)
    elif isinstance(node, dict):
        for key, item in node.items():
            _collect(item, (*path, key), found)


@cache
def _fields_with_yearly(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that may hold a yearly value, at any depth."""
    return tuple(
        name for name, info in model.model_fields.items() if _may_hold_yearly(info.annotation)
    )


def _may_hold_yearly(annotation: object, seen: frozenset[type] = frozenset()) -> bool:
    if annotation is YearlyValue:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return False
        return any(
            _may_hold_yearly(info.annotation, seen | {annotation})
            for info in annotation.model_fields.values()
        )
    return any(_may_hold_yearly(arg, seen) for arg in get_args(annotation))


def _formulas(case: Case) -> Iterator[tuple[Path, Formula]]:
    for path, yearly in _yearly_values(case):
        for value, key in yearly.values():
            if isinstance(value, Formula):
                yield (*path, *key), value


def _number(value: Value, ev: Evaluation) -> Fraction | None:
    """A written value as a number, by the model's interpreter; ``None`` when its formula
    cannot be evaluated (that is reported at the formula, BC209/BC210)."""
    from .calc.model import exact, value_expr

    if not isinstance(value, Formula):
        return Fraction(exact(value))  # a number as written is its own value
    try:
        number = ev.of(value_expr(value))
    except (KeyError, ArithmeticError):
        return None
    if number is None or type(number) is Fraction:
        return number
    return Fraction(number)


_kr = kr


def _quoted(names: Iterable[str]) -> str:
    """Names quoted, in order, at most ten of them (a hint never lists thousands)."""
    return listing(sorted(names))


# --- References (before the engine) -------------------------------------------------------------


@check("BC205", "unknown-parameter", "error")
def unknown_parameter(case: Case) -> Iterator[Finding]:
    """A formula uses a name that is not one of the case's ``parameters``.

    A count or an amount may be a formula over parameters; every name in it must be defined
    under ``parameters:``.

    Bad::

        parameters:
          familier: 40
        avoided:
          - name: Familiebehandling
            count: familier * andel
            unit_cost: 40000

    Good::

        parameters:
          familier: 40
          andel: 0.05
        avoided:
          - name: Familiebehandling
            count: familier * andel
            unit_cost: 40000
    """
    known = frozenset(case.parameters)
    for path, formula in [*_parameter_formulas(case), *_formulas(case)]:
        unknown = formula.names - known
        for name in sorted(unknown):
            close = suggest(name, case.parameters)  # in file order: the same hint every run
            yield Finding(
                "BC205",
                "error",
                _("the formula '{formula}' uses '{name}', which is not a parameter").format(
                    formula=formula.text, name=name
                ),
                path,
                hint=_spelt_otherwise(name, known)
                or (
                    _("did you mean '{key}'?").format(key=close)
                    if close
                    else _("define it under 'parameters:', e.g. '{name}: 1'").format(name=name)
                ),
                subject=name,
            )


def _spelt_otherwise(name: str, known: frozenset[str]) -> str | None:
    """A hint for a name that looks like a known one but is spelt with Cyrillic or Greek
    letters (on either side), naming those letters; ``None`` if none looks like it."""
    from .printable import describe, skeleton

    other = _skeletons(known).get(skeleton(name))
    if other is None:
        return None
    letters = [c for c in name + other if skeleton(c) != c]
    return _(
        "'{name}' looks like '{other}' but is spelt with other letters: {letters}; "
        "retype it with Latin letters"
    ).format(
        name=name,
        other=other,
        letters=", ".join(describe(c) for c in dict.fromkeys(letters)),
    )


@lru_cache(maxsize=8)
def _skeletons(known: frozenset[str]) -> dict[str, str]:
    """Each known name by how it looks (the first in sorted order, where two look alike):
    made once for all the unknown names of a case, not once for each."""
    from .printable import skeleton

    out: dict[str, str] = {}
    for other in sorted(known):
        out.setdefault(skeleton(other), other)
    return out


def _parameter_formulas(case: Case) -> Iterator[tuple[Path, Formula]]:
    for name, p in case.parameters.items():
        if isinstance(p.value, Formula):
            yield ("parameters", name), p.value


@check("BC211", "parameter-cycle", "error")
def parameter_cycle(case: Case) -> Iterator[Finding]:
    """Parameters are defined by formulas that refer to each other in a circle.

    A parameter may be a formula over other parameters, so that a share the document gives
    as a fraction is written exactly; but no parameter may depend on itself.

    Bad::

        parameters:
          forløb: 30
          andel: forebygget / forløb
          forebygget: andel * forløb

    Good::

        parameters:
          forløb: 30
          forebygget: 11.5
          andel: forebygget / forløb
    """
    formulas = {str(path[-1]): f.names for path, f in _parameter_formulas(case)}
    reported: set[str] = set()
    for start in formulas:
        trail: list[str] = []
        stack = [(start, iter(sorted(formulas.get(start, ()))))]
        on_path = {start}
        trail.append(start)
        while stack:
            _name, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.discard(trail.pop())
                continue
            if child == start:
                circle = [*trail, start]
                if not set(circle) & reported:
                    reported.update(circle)
                    yield Finding(
                        "BC211",
                        "error",
                        _("the parameters refer to each other in a circle: {circle}").format(
                            circle=" → ".join(circle)
                        ),
                        ("parameters", start),
                        hint=_("give one of them a number"),
                    )
                continue
            if child in formulas and child not in on_path:
                on_path.add(child)
                trail.append(child)
                stack.append((child, iter(sorted(formulas[child]))))


MAX_DEPARTMENTS = 20
"""Most departments in one case. Each is a view of the whole case with its own rows for every
year (net, cumulative net, pool, key figures) in every output, and a table or sheet of its own:
a case of a thousand departments took seconds and hundreds of megabytes to check. A case
shared by a municipality's administrations has a handful."""


@check("BC230", "too-many-departments", "error")
def too_many_departments(case: Case) -> Iterator[Finding]:
    """The case has more departments than a case can show (at most 20).

    Every department gets the whole case's rows for every year, its own key figures and its
    own table in every output, so the work and the output grow with the departments times the
    years. A case shared by a municipality's administrations has a handful; an investment
    spread over more is better made as one case per administration, or with fewer, larger
    departments.

    Bad::

        departments:
          - {id: d01, name: Skole 1}
          - {id: d02, name: Skole 2}
          # ... one for each of 25 schools

    Good::

        departments:
          - {id: skole, name: Skoler}
          - {id: born, name: Børn og Familie}
    """
    if len(case.departments) > MAX_DEPARTMENTS:
        yield Finding(
            "BC230",
            "error",
            _("the case has {n} departments; a case has at most {most}").format(
                n=len(case.departments), most=MAX_DEPARTMENTS
            ),
            ("departments",),  # the whole section: no department is left out and the rest checked
            hint=_(
                "join them into a few larger departments, or make a case for each administration"
            ),
            key=True,
        )


@check("BC206", "unknown-department", "error")
def unknown_department(case: Case) -> Iterator[Finding]:
    """A line, funding, activity or stated table names a department the case does not define.

    Once a case has ``departments``, every cost, avoided measure and reallocation must say
    which of them it belongs to, so that the per-department tables add up to the whole.

    Bad::

        departments:
          - {id: born, name: Børn og Familie}
        costs:
          - name: Pædagog
            department: skole
            amount: 390000

    Good::

        departments:
          - {id: born, name: Børn og Familie}
          - {id: skole, name: Skole}
        costs:
          - name: Pædagog
            department: skole
            amount: 390000
    """
    ids: set[str] = set()
    for i, department in enumerate(case.departments):
        if department.id in ids:
            yield Finding(
                "BC206",
                "error",
                _("the department id '{id}' is defined twice").format(id=department.id),
                ("departments", i, "id"),
                hint=_("give each department its own id"),
            )
        ids.add(department.id)
    listed = _quoted(ids) if ids else _("none")
    order = [d.id for d in case.departments]  # in file order: the same hint every run
    items: list[tuple[Path, str | None, bool]] = [
        (path, line.department, True) for path, line in case.lines()
    ]
    items += [(("funding", i), f.department, False) for i, f in enumerate(case.funding)]
    items += [(("activities", i), a.department, False) for i, a in enumerate(case.activities)]
    items += [(("stated", i), s.department, False) for i, s in enumerate(case.stated)]
    for path, named, required in items:
        if named is None:
            if required and ids:
                yield Finding(
                    "BC206",
                    "error",
                    _("the case has departments, but this line names none"),
                    (*path, "name"),
                    hint=_("add 'department:' with one of {listed}").format(listed=listed),
                )
        elif named not in ids:
            close = suggest(named, order)
            yield Finding(
                "BC206",
                "error",
                _("unknown department '{name}'").format(name=named),
                (*path, "department"),
                hint=_spelt_otherwise(named, frozenset(ids))
                or (
                    _("did you mean '{key}'?").format(key=close)
                    if close
                    else _("add it under 'departments:'; defined: {listed}").format(listed=listed)
                ),
            )


_SAME_NAME = {
    "line": (
        N_("the line name '{name}' is also used by {other}"),
        N_("give every line its own name"),
    ),
    "funding": (
        N_("the funding name '{name}' is also used by {other}"),
        N_("give every funding its own name"),
    ),
    "activity": (
        N_("the activity name '{name}' is also used by {other}"),
        N_("give every activity its own name"),
    ),
}
"""BC207's message and hint for each kind of name."""


@check("BC207", "duplicate-line-name", "error")
def duplicate_line_name(case: Case) -> Iterator[Finding]:
    """Two lines (costs, avoided measures and reallocations together) have the same name.

    Scenarios change lines by name, and reconciliation finds a document's row by name, so a
    name must say which line it means. The same holds for two fundings (two pools left with
    the default name 'Investeringspuljen', say) and for two activities.

    Bad::

        costs:
          - name: Pædagog
            amount: 390000
        reallocations:
          - name: Pædagog
            amount: 115000

    Good::

        costs:
          - name: Pædagog
            amount: 390000
        reallocations:
          - name: Pædagog, eksisterende praksis
            amount: 115000
    """
    from .diagnostics import format_path

    groups: list[tuple[str, list[tuple[Path, str]]]] = [
        ("line", [(path, line.name) for path, line in case.lines()]),
        ("funding", [(("funding", i), f.name) for i, f in enumerate(case.funding)]),
        ("activity", [(("activities", i), a.name) for i, a in enumerate(case.activities)]),
    ]
    for kind, named in groups:
        first: dict[str, Path] = {}
        for path, name in named:
            if name in first:
                yield Finding(
                    "BC207",
                    "error",
                    _(_SAME_NAME[kind][0]).format(name=name, other=format_path(first[name])),
                    (*path, "name"),
                    hint=_(_SAME_NAME[kind][1]),
                )
            else:
                first[name] = path


def _names(case: Case) -> list[tuple[str, list[tuple[Path, str]]]]:
    """Every name the case compares, by kind: two of a kind must not look alike."""
    lines = case.lines()
    return [
        ("line", [((*path, "name"), line.name) for path, line in lines]),
        ("funding", [(("funding", i, "name"), f.name) for i, f in enumerate(case.funding)]),
        ("activity", [(("activities", i, "name"), a.name) for i, a in enumerate(case.activities)]),
        ("department", [(("departments", i, "id"), d.id) for i, d in enumerate(case.departments)]),
        (
            "department",
            [(("departments", i, "name"), d.name) for i, d in enumerate(case.departments)],
        ),
        ("parameter", [(("parameters", name), name) for name in case.parameters]),
        ("group", [((*path, "group"), line.group) for path, line in lines if line.group]),
    ]


def _lookalikes(case: Case) -> Iterator[tuple[str, Path, str, Path, str]]:
    """(kind, path, name, path of the first, first name) for each name that looks like an
    earlier one of its kind but is spelt with other letters."""
    from .printable import skeleton

    for kind, named in _names(case):
        first: dict[str, tuple[Path, str]] = {}
        for path, name in named:
            look = skeleton(name)
            if look not in first:
                first[look] = (path, name)
            elif first[look][1] != name:
                yield kind, path, name, *first[look]


@check("BC221", "look-alike-name", "error")
def lookalike_name(case: Case) -> Iterator[Finding]:
    """Two names look the same but one is spelt with a Cyrillic or Greek letter.

    A Cyrillic ``а`` or ``о``, or a Greek ``Ο``, looks exactly like the Latin letter; a name
    copied from a web page or a chat may carry one. To the eye it is the same line; to a
    scenario, a reconciliation or a department it is another name. The letters are those
    that Unicode's table of confusable characters (UTS #39) maps to a Latin letter.

    Bad::

        avoided:
          - name: Familiebehandling
            count: 1.5
            unit_cost: 40000
          - name: Fаmiliebehandling
            count: 1
            unit_cost: 40000

    Good::

        avoided:
          - name: Familiebehandling
            count: 1.5
            unit_cost: 40000
          - name: Familiebehandling, efterværn
            count: 1
            unit_cost: 40000
    """
    from .diagnostics import format_path
    from .printable import describe

    for kind, path, name, first_path, first_name in _lookalikes(case):
        other = [c for c in name if c not in first_name] or [c for c in first_name if c not in name]
        yield Finding(
            "BC221",
            "error",
            _(
                "the {kind} name '{name}' looks the same as '{first}' ({where}) but is spelt "
                "with other letters: {letters}"
            ).format(
                kind=_(_KINDS[kind]),
                name=name,
                first=first_name,
                where=format_path(first_path),
                letters=", ".join(describe(c) for c in dict.fromkeys(other)),
            ),
            path,
            hint=_("retype the name with Latin letters, or give it a name of its own"),
        )


_KINDS = {
    "line": N_("line"),
    "funding": N_("funding"),
    "activity": N_("activity"),
    "department": N_("department"),
    "parameter": N_("parameter"),
    "group": N_("group"),
}


@check("BC222", "mixed-script-name", "warning")
def mixed_script_name(case: Case) -> Iterator[Finding]:
    """A name has a Cyrillic or Greek letter inside a word of Latin letters.

    A word written in one alphabet with a letter from another is how a name is made to look
    like one it is not; more often the letter came along when the name was copied. A name
    written wholly in another alphabet is not reported.

    Bad::

        costs:
          - name: Pædagоg
            amount: 390000

    Good::

        costs:
          - name: Pædagog
            amount: 390000
    """
    from .printable import describe, foreign_letters

    lookalike = {path for _kind, path, *_rest in _lookalikes(case)}  # BC221 says it
    for _kind, named in _names(case):
        for path, name in named:
            letters = foreign_letters(name)
            if letters and path not in lookalike:
                yield Finding(
                    "BC222",
                    "warning",
                    _("the name '{name}' mixes alphabets in one word: {letters}").format(
                        name=name, letters=", ".join(describe(c) for c in letters)
                    ),
                    path,
                    hint=_("retype the letter in the Latin alphabet"),
                    key=path[0] == "parameters",
                )


@check("BC208", "price-index-year", "error")
def price_index_year(case: Case) -> Iterator[Finding]:
    """The ``prices`` index has no value for the case's price level or its ``show_in`` year.

    Restating amounts from one year's prices to another's divides the two years' index values,
    so both must be there.

    Bad::

        meta:
          price_level: 2020
        prices:
          values: {2021: 102.1, 2022: 104.3}
          show_in: 2022

    Good::

        meta:
          price_level: 2020
        prices:
          values: {2020: 100, 2021: 102.1, 2022: 104.3}
          show_in: 2022
    """
    if case.prices is None:
        return
    index = case.prices.values
    written = ", ".join(str(y) for y in sorted(index)) or _("none")
    level = case.meta.price_level
    if level not in index:
        yield Finding(
            "BC208",
            "error",
            _("the price index has no value for {year}, the case's price level").format(year=level),
            ("prices", "values"),
            hint=_("add {year}: to 'values' (years given: {written})").format(
                year=level, written=written
            ),
        )
    if case.prices.show_in is not None and case.prices.show_in not in index:
        yield Finding(
            "BC208",
            "error",
            _("the price index has no value for {year}, the year to show prices in").format(
                year=case.prices.show_in
            ),
            ("prices", "show_in"),
            hint=_("add {year}: to 'values' (years given: {written})").format(
                year=case.prices.show_in, written=written
            ),
        )
    for year, value in index.items():
        if value <= 0:
            yield Finding(
                "BC208",
                "error",
                _("the price index for {year} is {value}; an index must be positive").format(
                    year=year, value=value
                ),
                ("prices", "values", year),
                hint=_("copy the index value from the published series"),
            )


@check("BC209", "division-by-zero", "error")
def division_by_zero(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A formula divides by zero with the case's parameters.

    Bad::

        parameters:
          familier: 40
          grupper: 0
        avoided:
          - name: Familiebehandling
            count: familier / grupper
            unit_cost: 40000

    Good::

        parameters:
          familier: 40
          grupper: 8
        avoided:
          - name: Familiebehandling
            count: familier / grupper
            unit_cost: 40000
    """
    for node, reason in ev.errors.items():
        if reason != "division by zero" or node[0] not in ("value", "param"):
            continue
        path, text = _formula_at(case, node)
        zero = _quoted(n for n in _names_in(case, text) if ev.get(("param", n)) == 0)
        yield Finding(
            "BC209",
            "error",
            _("the formula '{formula}' divides by zero").format(formula=text),
            path,
            hint=_("check the parameters it uses ({zero} is 0)").format(zero=zero)
            if zero
            else _("check the divisor"),
        )


def _formula_at(case: Case, node: tuple[object, ...]) -> tuple[Path, str]:
    """The path and text of the formula a ``("value", …)`` or ``("param", name)`` node is."""
    if node[0] == "param":
        name = str(node[1])
        value = case.parameters[name].value
        return ("parameters", name), str(value)
    path: Path = tuple(node[1:])  # type: ignore[arg-type]
    for p, formula in _formulas(case):
        if p == path:
            return path, formula.text
    return path, ""


def _names_in(case: Case, text: str) -> list[str]:
    return [n for n in case.parameters if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]


@check("BC210", "figure-out-of-range", "error")
def figure_out_of_range(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A computed figure is too large, or too finely divided, to be a figure of a budget.

    Every written number is bounded, and so is every figure computed from them: no amount
    may pass 10^15 kroner (a thousand times Denmark's public budget), and no figure may need
    more than 18 decimals (a division by a tiny parameter). Such a case is refused with the
    place its figure comes from, instead of printing a number of thousands of digits.

    Bad::

        parameters:
          familier: 30000000
          andel: 0.000000001
        avoided:
          - name: Familiebehandling
            count: familier / andel
            unit_cost: 40000000

    Good::

        parameters:
          familier: 30
          andel: 0.35
        avoided:
          - name: Familiebehandling
            count: familier * andel
            unit_cost: 40000
    """
    reported: set[Path] = set()
    for node, reason in ev.errors.items():
        if reason == "division by zero":
            continue
        if node[0] in ("value", "param"):
            path, text = _formula_at(case, node)
            what = _("the formula '{formula}'").format(formula=text)
        else:
            path, what = _origin(ev, node)
        if path in reported:
            continue
        reported.add(path)
        yield Finding(
            "BC210",
            "error",
            _("{what} computes a figure out of range: {reason}").format(
                what=what, reason=_out_of_range(reason)
            ),
            path,
            hint=_(
                "no budget figure is that large or that fine; "
                "check the numbers and formulas it is computed from"
            ),
        )


_REASONS = (N_("more than 10^15 kroner"), N_("a fraction of more than 1.000 digits"))
"""Why the engine could not compute a figure (calc/exact.py), in the catalogue."""


def _out_of_range(reason: str) -> str:
    """The engine's reason in the case's language, and in its currency."""
    name = currency_name()
    if reason == _REASONS[0] and name is not None:
        return _("more than 10^15 {currency}").format(currency=name)
    return _(reason)


def _origin(ev: Evaluation, node: tuple[object, ...]) -> tuple[Path, str]:
    """The place in the file a computed figure comes from: its first input, or its line."""
    from .calc.explain import describe, first_source

    return first_source(ev.model, node), describe(ev.model, node)


REFERENCE_CHECKS: tuple[CheckFunction, ...] = (
    too_many_departments,
    unknown_parameter,
    parameter_cycle,
    unknown_department,
    duplicate_line_name,
    lookalike_name,
    mixed_script_name,
    price_index_year,
)
"""Run before the model is built: a case that fails one cannot be computed."""

EVALUATION_CHECKS: tuple[EvaluationCheck, ...] = (division_by_zero, figure_out_of_range)
"""Figures that could not be computed: a division by zero, a figure out of range."""


# --- Cross-field checks on the case as written --------------------------------------------------


def _drawn(ev: Evaluation, index: int) -> Fraction:
    """What pool ``index`` of ``funding`` hands out within the period."""
    return Fraction(ev.get(("total", "pool_drawn", index)) or 0)


def _owed_at_end(ev: Evaluation, index: int) -> Fraction:
    """What the unit still owes pool ``index`` after the last year."""
    return Fraction(ev.get(("pool_balance", index, ev.model.years[-1])) or 0)


def _pools(case: Case) -> Iterator[tuple[int, PoolFunding]]:
    for i, funding in enumerate(case.funding):
        if isinstance(funding, PoolFunding):
            yield i, funding


@check("BC302", "pool-not-repaid", "warning")
def pool_not_repaid(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """The pool is not repaid within the case's period.

    Money from an investment pool is lent, not given: the case should show the year the pool
    is repaid. A repayment plan that runs past the last year (or, with ``until_repaid``, a
    yearly amount too small to finish in time) leaves that year outside the table. A pool
    without ``repayment`` is not reported: some documents give no plan.

    Bad::

        period: {first: 2021, last: 2027}
        funding:
          - kind: pool
            amount: 500000
            repayment: {first_year: 2025, amount: 100000, years: 5}

    Good::

        period: {first: 2021, last: 2027}
        funding:
          - kind: pool
            amount: 500000
            repayment: {first_year: 2023, amount: 100000, years: 5}
    """
    last = case.period.last
    for i, pool in _pools(case):
        drawn = _drawn(ev, i)
        rule = pool.repayment
        if rule is None:
            continue  # the document gives no plan; run shows the pool as not repaid
        if rule.write_off is not None and rule.write_off > last:
            continue  # the pool writes the rest off after the period (BC705)
        if rule.share_of_savings is not None:
            owed = _owed_at_end(ev, i)
            repaid = Fraction(ev.get(("total", "pool_repaid", i)) or 0)
            if owed > 0 and repaid > 0:  # nothing repaid at all is BC701
                yield Finding(
                    "BC302",
                    "warning",
                    _(
                        "the pool is not repaid within the period: {owed} is still "
                        "owed at the end of {last}"
                    ).format(owed=_kr(owed), last=W(last)),
                    ("funding", i, "repayment", "share_of_savings"),
                    hint=_(
                        "a share of {share} of the yearly surplus repays {repaid} by {last}; "
                        "raise the share or start earlier"
                    ).format(share=rule.share_of_savings, repaid=_kr(repaid), last=W(last)),
                )
            continue
        assert rule.amount is not None
        amount = Fraction(rule.amount) * case.meta.amounts_in  # in kroner, as the figures
        if rule.until_repaid:
            owed = _owed_at_end(ev, i)
            if owed > 0 and rule.last_year is not None and rule.last_year <= last:
                yield Finding(
                    "BC302",
                    "warning",
                    _(
                        "the pool is not repaid within the period: {owed} is still "
                        "owed at the end of {last}"
                    ).format(owed=_kr(owed), last=last),
                    ("funding", i, "repayment", "last_year"),
                    hint=_(
                        "the repayment stops after {year}; raise the yearly amount or repay "
                        "until later"
                    ).format(year=rule.last_year),
                )
            elif owed > 0:
                more = int(-(-owed // amount))  # whole years, rounded up
                until = rule.first_year + more - 1 if rule.first_year > last else last + more
                yield Finding(
                    "BC302",
                    "warning",
                    _(
                        "the pool is not repaid within the period: {owed} is still "
                        "owed at the end of {last}"
                    ).format(owed=_kr(owed), last=W(last)),
                    ("funding", i, "repayment", "amount"),
                    hint=_(
                        "repaying {amount} a year takes until {until}; "
                        "raise the yearly amount or start earlier"
                    ).format(amount=_kr(amount), until=W(until)),
                )
            continue
        assert isinstance(rule.years, int)
        end = rule.first_year + rule.years - 1
        owed = _owed_at_end(ev, i)
        if end > last and amount * rule.years >= drawn and owed > 0:
            yield Finding(
                "BC302",
                "warning",
                _(
                    "the repayment plan runs until {end}, after the period ends in {last}: "
                    "{owed} is still owed at the end of {last}"
                ).format(end=W(end), last=W(last), owed=_kr(owed)),
                ("funding", i, "repayment", "first_year"),
                hint=_("start the repayment by {year}, or extend the period to {end}").format(
                    year=W(last - rule.years + 1), end=W(end)
                ),
            )


@check("BC303", "repaid-differs-from-drawn", "warning")
def repaid_differs_from_drawn(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """The repayment plan repays more or less than the pool hands out.

    ``amount × years`` of the repayment should equal what is drawn from the pool.

    Bad::

        funding:
          - kind: pool
            amount: 500000
            repayment: {first_year: 2023, amount: 100000, years: 4}

    Good::

        funding:
          - kind: pool
            amount: 500000
            repayment: {first_year: 2023, amount: 100000, years: 5}
    """
    for i, pool in _pools(case):
        rule = pool.repayment
        if rule is None or not isinstance(rule.years, int) or rule.amount is None:
            continue  # repays at most what is owed
        interest = Fraction(ev.get(("total", "pool_interest", i)) or 0)
        drawn = _drawn(ev, i) + interest
        each = Fraction(rule.amount) * case.meta.amounts_in  # in kroner, as the figures
        total = each * rule.years
        if total != drawn:
            exact = drawn / rule.years
            message = _REPAID[(total < drawn, pool.interest is not None)]
            yield Finding(
                "BC303",
                "warning",
                _(message).format(
                    total=_kr(total),
                    years=rule.years,
                    each=_kr(each),
                    gap=_kr(abs(total - drawn)),
                    drawn=_kr(drawn),
                ),
                ("funding", i, "repayment"),
                hint=_("repay {amount} a year for {years} years").format(
                    amount=_kr(exact), years=rule.years
                )
                if exact.denominator == 1 and pool.interest is None
                else _(
                    "make amount × years equal to the amount drawn, or use 'years: until_repaid'"
                ),
            )


_REPAID = {
    (True, False): N_(
        "the repayment plan repays {total} ({years} × {each}), {gap} less than the {drawn} drawn"
    ),
    (False, False): N_(
        "the repayment plan repays {total} ({years} × {each}), {gap} more than the {drawn} drawn"
    ),
    (True, True): N_(
        "the repayment plan repays {total} ({years} × {each}), {gap} less than the {drawn} "
        "drawn with its interest"
    ),
    (False, True): N_(
        "the repayment plan repays {total} ({years} × {each}), {gap} more than the {drawn} "
        "drawn with its interest"
    ),
}
"""BC303's message by (repays less, the pool bears interest)."""


@check("BC304", "drawn-differs-from-amount", "warning")
def drawn_differs_from_amount(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """The yearly draws from the pool do not add up to the pool's ``amount``.

    Bad::

        funding:
          - kind: pool
            amount: 500000
            drawn: {2021: 250000, 2022: 200000}

    Good::

        funding:
          - kind: pool
            amount: 500000
            drawn: {2021: 250000, 2022: 250000}
    """
    for i, pool in _pools(case):
        if pool.drawn is None:
            continue
        drawn = _drawn(ev, i)
        amount = pool.amount * case.meta.amounts_in  # in kroner, as the figures
        if drawn != amount:
            yield Finding(
                "BC304",
                "warning",
                _(
                    "the draws within the period add up to {drawn}, not the pool's amount of "
                    "{amount}"
                ).format(drawn=_kr(drawn), amount=_kr(amount)),
                ("funding", i, "drawn"),
                hint=_("make the yearly draws add up to 'amount', or correct 'amount'"),
            )


@check("BC305", "year-outside-period", "warning")
def year_outside_period(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A value is written for years outside the case's period; it is never counted.

    Bad::

        period: {first: 2021, last: 2027}
        avoided:
          - name: Familiebehandling
            count: {2023-2028: 1.5}
            unit_cost: 40000

    Good::

        period: {first: 2021, last: 2027}
        avoided:
          - name: Familiebehandling
            count: {2023-2027: 1.5}
            unit_cost: 40000
    """
    first, last = case.period.first, case.period.last
    for path, yearly in _yearly_values(case):
        if path[:1] == ("prices",):
            continue  # an index series may well reach before or after the period
        if path[:1] == ("actuals",):
            continue  # an actual outside the period is an error of its own (BC721)
        for start, end, key in yearly.years_written():
            if start >= first and end <= last:
                continue
            if end < first or start > last:
                if start == end:
                    message = _(
                        "the year {year} lies outside the period {period}; "
                        "the value is never counted"
                    ).format(year=W(start), period=span(first, last))
                else:
                    message = _(
                        "the years {years} lie outside the period {period}; "
                        "the value is never counted"
                    ).format(years=key, period=span(first, last))
                hint = _("remove it, or widen the period")
            else:
                message = _(
                    "the years {years} reach outside the period {period}; "
                    "only the years inside are counted"
                ).format(years=key, period=span(first, last))
                hint = _("write {years}, or widen the period").format(
                    years=span(max(start, first), min(end, last))
                )
            yield Finding("BC305", "warning", message, (*path, key), hint=hint, key=True)
    for i, pool in _pools(case):
        if pool.repayment is not None and pool.repayment.first_year < first:
            yield Finding(
                "BC305",
                "warning",
                _(
                    "the repayment starts in {year}, before the period {period}; "
                    "repayments are counted from {first}"
                ).format(
                    year=W(pool.repayment.first_year), period=span(first, last), first=W(first)
                ),
                ("funding", i, "repayment", "first_year"),
                hint=_("start the repayment in {first} or later, or widen the period").format(
                    first=W(first)
                ),
            )
    for i, funding in enumerate(case.funding):
        if isinstance(funding, GrantFunding) and funding.received is None:
            for field in ("first_year", "last_year"):
                year = getattr(funding, field)
                if year is not None and not first <= year <= last:
                    yield Finding(
                        "BC305",
                        "warning",
                        _(
                            "the grant's {field} {year} lies outside the period {period}; "
                            "the part spread over years outside it is never counted"
                        ).format(field=field, year=W(year), period=span(first, last)),
                        ("funding", i, field),
                        hint=_("keep the grant's years within the period"),
                    )


def _price_parts(line: Avoided) -> Iterator[tuple[str, YearlyValue | None]]:
    yield "count", line.count
    yield "unit_cost", line.unit_cost


@check("BC306", "negative-count-or-unit-cost", "error")
def negative_count_or_unit_cost(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A count or a unit cost is negative.

    Every figure is written as a positive number under its heading: an avoided measure saves
    ``count × unit_cost``. A negative count or price turns a saving into a hidden cost.

    Bad::

        avoided:
          - name: Familiebehandling
            count: -1.5
            unit_cost: 40000

    Good::

        avoided:
          - name: Familiebehandling
            count: 1.5
            unit_cost: 40000
    """

    def negative(path: Path, yearly: YearlyValue | None, what: str) -> Iterator[Finding]:
        if yearly is None:
            return
        for value, key in yearly.values():
            number = _number(value, ev)
            if number is not None and number < 0:
                if isinstance(value, Formula):
                    shown = f"{value.text} (= {as_written(number, language())})"
                else:
                    shown = as_written(value, language())
                yield Finding(
                    "BC306",
                    "error",
                    _(_NEGATIVE[what][0]).format(got=shown),
                    (*path, *key),
                    hint=_(_NEGATIVE[what][1]),
                )

    priced: list[tuple[str, int, Priced]] = [("costs", i, c) for i, c in enumerate(case.costs)]
    priced += [("avoided", i, a) for i, a in enumerate(case.avoided)]
    for section, i, line in priced:
        yield from negative((section, i, "count"), line.count, "count")
        yield from negative((section, i, "unit_cost"), line.unit_cost, "unit cost")
        if line.hours is not None:
            for field in ("hours_per_week", "weeks", "hourly_rate"):
                yield from negative(
                    (section, i, "hours", field),
                    YearlyValue(getattr(line.hours, field)),
                    field.replace("_", " "),
                )
    for i, activity in enumerate(case.activities):
        yield from negative(("activities", i, "count"), activity.count, "count")


_NEGATIVE = {
    "count": (
        N_("the count must not be negative, got {got}"),
        N_("write the count as a positive number; the heading gives the sign"),
    ),
    "unit cost": (
        N_("the unit cost must not be negative, got {got}"),
        N_("write the unit cost as a positive number; the heading gives the sign"),
    ),
    "hours per week": (
        N_("the hours per week must not be negative, got {got}"),
        N_("write the hours per week as a positive number; the heading gives the sign"),
    ),
    "weeks": (
        N_("the weeks must not be negative, got {got}"),
        N_("write the weeks as a positive number; the heading gives the sign"),
    ),
    "hourly rate": (
        N_("the hourly rate must not be negative, got {got}"),
        N_("write the hourly rate as a positive number; the heading gives the sign"),
    ),
}
"""BC306's message and hint for each figure."""


@check("BC307", "zero-unit-cost", "warning")
def zero_unit_cost(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """An avoided measure has a unit cost of zero, so it saves nothing.

    Usually the price was not filled in yet.

    Bad::

        avoided:
          - name: Støttetimer
            count: 1
            unit_cost: 0

    Good::

        avoided:
          - name: Støttetimer
            count: 1
            unit_cost: 100000
    """
    for i, line in enumerate(case.avoided):
        if line.hours is not None:
            if line.hours.unit_cost == 0:
                yield Finding(
                    "BC307",
                    "warning",
                    _(
                        "the measure '{name}' costs {zero} (hours × weeks × rate), "
                        "so avoiding it saves nothing"
                    ).format(name=line.name, zero=kr(0)),
                    ("avoided", i, "hours"),
                    hint=_("fill in the hours, weeks and hourly rate"),
                )
            continue
        if line.unit_cost is None:
            continue  # a saving written as an amount
        for value, key in line.unit_cost.values():
            if _number(value, ev) == 0:
                yield Finding(
                    "BC307",
                    "warning",
                    _(
                        "the measure '{name}' has a unit cost of 0, so avoiding it saves nothing"
                    ).format(name=line.name),
                    ("avoided", i, "unit_cost", *key),
                    hint=_("fill in the price of one measure, or remove the line"),
                )


# Patterns, not compiled ones: ``re`` compiles them when a legal reference is first read
# (most cases cite none of Serviceloven), and the section's pattern takes a while.
_SERVICELOVEN = r"(?i)\b(sel|servicelov(en|ens)?)\b"
_SECTION = (
    r"(?i)§\s*(?P<section>[0-9]+)(?:\s*(?P<letter>[a-h])(?![a-zæøå0-9]))?(?![0-9a-zæøå])"
    r"(?:\s*\.\s*(?P<short>[0-9]+))?"
    r"(?:\s*,?\s*stk\.?\s*(?P<stk>[0-9]+))?(?:\s*,?\s*nr\.?\s*(?P<nr>[0-9]+))?"
)
CHANGE_YEAR = 2024
"""Serviceloven's provisions for children moved to Barnets lov on 1 January 2024."""

_Key = tuple[int, str | None, int | None, int | None]


@cache
def crosswalk() -> dict[_Key, tuple[str, str]]:
    """(section, letter, stk, nr) -> (Barnets lov provision, source), from the package's
    ``data/barnets_lov.yaml``, where each entry names the source that shows the move."""
    import yaml

    # the package is a folder, never a zip (see i18n.catalogue)
    with open(
        os.path.join(os.path.dirname(__file__), "data", "barnets_lov.yaml"), encoding="utf-8"
    ) as f:
        text = f.read()
    table: dict[_Key, tuple[str, str]] = {}
    for entry in yaml.safe_load(text)["provisions"]:
        old = entry["serviceloven"]
        key = (old["section"], old.get("letter"), old.get("stk"), old.get("nr"))
        table[key] = (entry["barnets_lov"], entry["source"])
    return table


def current_reference(legal_ref: str) -> str | None:
    """The Barnets lov provision that replaced a Serviceloven reference, if it moved.

    >>> current_reference("SEL § 11, stk. 3")
    'Barnets lov § 30'
    >>> current_reference("Serviceloven § 52, stk. 3, nr. 3")
    'Barnets lov § 32, stk. 1, nr. 5'
    >>> current_reference("SEL § 52, stk. 3, nr. 7")
    'Barnets lov § 46'
    >>> current_reference("SEL § 11, stk. 2")
    'Barnets lov, kapitel 4'
    >>> current_reference("SEL § 85") is None
    True
    """
    if not re.search(_SERVICELOVEN, legal_ref):
        return None
    m = re.search(_SECTION, legal_ref)
    if m is None:
        return None
    section = int(m["section"])
    letter = m["letter"].lower() if m["letter"] else None
    stk_text = m["stk"] or m["short"]
    stk = int(stk_text) if stk_text else None
    nr = int(m["nr"]) if m["nr"] else None
    table = crosswalk()
    for key in (
        (section, letter, stk, nr),
        (section, letter, stk, None),
        (section, letter, None, None),
    ):
        if key in table:
            return table[key][0]
    return None


@check("BC308", "legal-reference-changed", "warning")
def legal_reference_changed(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A legal reference cites a Serviceloven provision that moved to Barnets lov in 2024.

    On 1 January 2024 the provisions for children in Serviceloven moved to Barnets lov:
    § 11, stk. 3 became § 30; § 52, stk. 3, nr. 3 (family therapy) became § 32, stk. 1,
    nr. 5; § 52, stk. 3, nr. 7 (placement) became § 46; § 52 a became § 35; § 57 a became
    § 38, and so on: the whole crosswalk, each move with its source, is the package's
    ``data/barnets_lov.yaml``. A case that runs past 2023 keeps the document's reference in
    ``legal_ref`` and records the one in force in ``current_ref``.

    Bad::

        period: {first: 2021, last: 2027}
        avoided:
          - name: Familiebehandling
            legal_ref: SEL § 52, stk. 3, nr. 3
            count: 1.5
            unit_cost: 40000

    Good::

        period: {first: 2021, last: 2027}
        avoided:
          - name: Familiebehandling
            legal_ref: SEL § 52, stk. 3, nr. 3
            current_ref: Barnets lov § 32, stk. 1, nr. 5
            count: 1.5
            unit_cost: 40000
    """
    if case.period.last < CHANGE_YEAR:
        return
    for i, line in enumerate(case.avoided):
        if line.legal_ref is None or line.current_ref is not None:
            continue
        new = current_reference(line.legal_ref)
        if new is not None:
            yield Finding(
                "BC308",
                "warning",
                _(
                    "'{old}' was replaced by {new} on 1 January {year}, "
                    "and the case runs until {last}"
                ).format(old=line.legal_ref, new=new, year=CHANGE_YEAR, last=W(case.period.last)),
                ("avoided", i, "legal_ref"),
                hint=_(
                    "add 'current_ref: {new}' to the line, keeping the document's legal_ref"
                ).format(new=new),
            )


@check("BC301", "repayment-exceeds-net", "warning")
def repayment_exceeds_net(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A year's repayment to the pool is larger than that year's net surplus.

    The unit would repay the pool from money the measure has not yet saved. The repayments
    of every pool of the case are added up before they are compared with the net, so that
    splitting one pool in two does not hide the shortfall.

    Bad::

        funding:
          - kind: pool
            name: Investeringspuljen
            amount: 500000
            drawn: {2021: 500000}
            repayment: {first_year: 2022, amount: 500000, years: 1}

    Good::

        funding:
          - kind: pool
            name: Investeringspuljen
            amount: 500000
            drawn: {2021: 500000}
            repayment: {first_year: 2023, amount: 100000, years: 5}
    """
    years = ev.model.years
    pools = [i for i, f in enumerate(case.funding) if isinstance(f, PoolFunding) and f.repayment]
    if not pools:
        return
    short = [
        (year, net, pay)
        for year, net, pay in zip(
            years, ev.row(("net", None)), ev.row(("repayment", None)), strict=True
        )
        if pay > 0 and pay > net
    ]
    if not short:
        return
    first_year, first_net, first_pay = short[0]
    if len(short) == 1:
        message = _(
            "the repayment in {year} ({repayment}) is larger than that year's net result ({net})"
        ).format(year=W(first_year), repayment=kr(first_pay), net=kr(first_net))
    else:
        gap = sum((pay - n for _y, n, pay in short), Fraction(0))
        listed = ", ".join(
            _("{year} ({repayment} against {net})").format(year=W(y), repayment=kr(pay), net=kr(n))
            for y, n, pay in short
        )
        message = _(
            "the repayment is larger than the year's net result in {n} years: {listed}; "
            "{gap} in all must be found elsewhere"
        ).format(n=len(short), listed=listed, gap=kr(gap))
    paying = next((i for i in pools if ev.get(("pool_repaid", i, first_year))), pools[0])
    rule = case.funding[paying].repayment  # type: ignore[union-attr]
    field = "amount" if rule is None or rule.amount is not None else "share_of_savings"
    yield Finding(
        code="BC301",
        severity="warning",
        message=message,
        path=("funding", paying, "repayment", field),
        hint=_(
            "the unit must find the difference elsewhere in its budget; "
            "lower the yearly repayment or start it later"
        ),
    )


@check("BC701", "no-surplus-to-repay-from", "warning")
def no_surplus_to_repay_from(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """A repayment by ``share_of_savings`` repays nothing: the net is never positive.

    A share of the savings is paid only in a year whose net (of the pool's department, or of
    the whole case) is above 0. When no repayment year has a surplus, the pool is never repaid
    and the whole draw is still owed at the end.

    Bad::

        period: {first: 2021, last: 2027}
        costs:
          - name: Indsats
            amount: {2021-2027: 300000}
        avoided:
          - name: Familiebehandling
            count: 5
            unit_cost: 40000
        funding:
          - kind: pool
            amount: 500000
            repayment: {first_year: 2022, share_of_savings: 0.5, years: until_repaid}

    Good::

        period: {first: 2021, last: 2027}
        costs:
          - name: Indsats
            amount: {2021: 300000}
        avoided:
          - name: Familiebehandling
            count: 5
            unit_cost: 40000
        funding:
          - kind: pool
            amount: 500000
            repayment: {first_year: 2022, share_of_savings: 0.5, years: until_repaid}
    """
    years = ev.model.years
    for i, pool in _pools(case):
        rule = pool.repayment
        if rule is None or rule.share_of_savings is None:
            continue
        if ev.get(("total", "pool_repaid", i)) or not _drawn(ev, i):
            continue
        scope = pool.department
        due = rule.due(years)
        where = _("department {id}").format(id=scope) if scope else _("the case")
        if due:
            message = _(
                "the share of savings repays nothing: the net of {where} is not positive "
                "in any repayment year ({years})"
            ).format(where=where, years=span(due[0], due[-1]))
        else:
            message = _(
                "the share of savings repays nothing: the repayment starts in "
                "{year}, after the period"
            ).format(year=rule.first_year)
        yield Finding(
            "BC701",
            "warning",
            message,
            ("funding", i, "repayment", "share_of_savings"),
            hint=_("start the repayment in a year with a surplus, or use a fixed 'amount'"),
        )


def _repayments(case: Case) -> Iterator[tuple[int, Repayment]]:
    for i, pool in _pools(case):
        if pool.repayment is not None:
            yield i, pool.repayment


@check("BC702", "repayment-floor-above-cap", "error")
def repayment_floor_above_cap(case: Case) -> Iterator[Finding]:
    """A repayment's yearly ``floor`` is above its yearly ``cap``.

    A share of the savings may be held between a floor (at least this much a year) and a cap
    (at most this much a year); a floor above the cap leaves no amount that keeps both.

    Bad::

        funding:
          - kind: pool
            amount: 900000
            repayment:
              first_year: 2024
              share_of_savings: 0.5
              floor: 300000
              cap: 200000
              years: until_repaid

    Good::

        funding:
          - kind: pool
            amount: 900000
            repayment:
              first_year: 2024
              share_of_savings: 0.5
              floor: 100000
              cap: 300000
              years: until_repaid
    """
    for i, rule in _repayments(case):
        if rule.floor is not None and rule.cap is not None and rule.floor > rule.cap:
            yield Finding(
                "BC702",
                "error",
                _("the repayment's floor ({floor}) is above its cap ({cap})").format(
                    floor=kr(rule.floor * case.meta.amounts_in),
                    cap=kr(rule.cap * case.meta.amounts_in),
                ),
                ("funding", i, "repayment", "floor"),
                hint=_("lower the floor or raise the cap"),
            )


@check("BC703", "floor-or-cap-on-fixed-amount", "error")
def floor_or_cap_on_fixed_amount(case: Case) -> Iterator[Finding]:
    """A repayment of a fixed ``amount`` has a ``floor`` or a ``cap``.

    A floor and a cap hold a share of the savings between two amounts; a fixed amount a year
    is already both, so the case says two different things.

    Bad::

        funding:
          - kind: pool
            amount: 600000
            repayment: {first_year: 2024, amount: 200000, cap: 150000, years: 3}

    Good::

        funding:
          - kind: pool
            amount: 600000
            repayment: {first_year: 2024, amount: 200000, years: 3}
    """
    for i, rule in _repayments(case):
        if rule.amount is None:
            continue
        for field in ("floor", "cap"):
            if getattr(rule, field) is not None:
                yield Finding(
                    "BC703",
                    "error",
                    _("a fixed repayment amount cannot have a {field}").format(field=field),
                    ("funding", i, "repayment", field),
                    hint=_(
                        "remove the {field}, or repay a share_of_savings between a floor and a cap"
                    ).format(field=field),
                )


@check("BC704", "repayment-ends-before-it-starts", "error")
def repayment_ends_before_it_starts(case: Case) -> Iterator[Finding]:
    """A repayment's ``last_year`` or ``write_off`` year is before its ``first_year``.

    Bad::

        funding:
          - kind: pool
            amount: 900000
            repayment:
              first_year: 2028
              share_of_savings: 0.5
              years: until_repaid
              write_off: 2026

    Good::

        funding:
          - kind: pool
            amount: 900000
            repayment:
              first_year: 2028
              share_of_savings: 0.5
              years: until_repaid
              write_off: 2031
    """
    for i, rule in _repayments(case):
        for field in ("last_year", "write_off"):
            year = getattr(rule, field)
            if year is not None and year < rule.first_year:
                yield Finding(
                    "BC704",
                    "error",
                    _("the repayment's {field} ({year}) is before its first_year ({first})").format(
                        field=field, year=year, first=rule.first_year
                    ),
                    ("funding", i, "repayment", field),
                    hint=_("make {field} {first} or later").format(
                        field=field, first=rule.first_year
                    ),
                )


@check("BC705", "write-off-after-period", "warning")
def write_off_after_period(case: Case, ev: Evaluation) -> Iterator[Finding]:
    """The pool writes off what is left after the case's period, and something is left.

    The write-off happens outside the table, so the table shows the debt as still owed and
    the pool as not repaid, not what the pool will write off (this replaces ``BC302``).

    Bad::

        period: {first: 2025, last: 2030}
        funding:
          - kind: pool
            amount: 900000
            repayment:
              first_year: 2028
              share_of_savings: 0.5
              years: until_repaid
              write_off: 2032

    Good::

        period: {first: 2025, last: 2032}
        funding:
          - kind: pool
            amount: 900000
            repayment:
              first_year: 2028
              share_of_savings: 0.5
              years: until_repaid
              write_off: 2032
    """
    last = case.period.last
    for i, rule in _repayments(case):
        owed = _owed_at_end(ev, i)
        if rule.write_off is not None and rule.write_off > last and owed > 0:
            yield Finding(
                "BC705",
                "warning",
                _(
                    "{owed} is still owed at the end of {last}; the pool writes it off in "
                    "{year}, after the period, so the table shows it as owed"
                ).format(owed=kr(owed), year=rule.write_off, last=last),
                ("funding", i, "repayment", "write_off"),
                hint=_("extend the period to {year}").format(year=rule.write_off),
            )


FUND_CHECKS: tuple[CheckFunction, ...] = (
    repayment_floor_above_cap,
    floor_or_cap_on_fixed_amount,
    repayment_ends_before_it_starts,
)
"""The pool's repayment rules as written (BC702-BC704); run with the reference checks."""


CASE_CHECKS: tuple[EvaluationCheck, ...] = (
    *PLAUSIBILITY_CHECKS,
    no_surplus_to_repay_from,
    write_off_after_period,
    pool_not_repaid,
    repaid_differs_from_drawn,
    drawn_differs_from_amount,
    year_outside_period,
    negative_count_or_unit_cost,
    zero_unit_cost,
    legal_reference_changed,
)


# --- The entry point ----------------------------------------------------------------------------


def run_checks(case: Case, checks: Iterable[CheckFunction]) -> list[Finding]:
    return [finding for fn in checks for finding in fn(case)]


def _errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def check_case(case: Case, repair: Repair | None = None) -> tuple[list[Finding], Evaluation | None]:
    """Every cross-field finding for a schema-valid case, in the order of the steps above,
    and the case's one evaluation (``None`` when the case cannot be computed).

    An error at a line (or a parameter) does not stop the steps after it: the line is left
    out (:class:`Repair`) and the rest of the case is checked, so that a file's independent
    mistakes are reported at once. Findings on a case with parts left out are only those
    that cannot depend on what was left out (:meth:`Repair.trusts`); the checks of the
    whole case (the pool's repayment, reconciliation) run only on a case left whole.
    """
    from .actuals import ACTUAL_CHECKS, FOLLOWUP_CHECKS
    from .ranges import RANGE_CHECKS

    # A parameter left out is still a name formulas may use: the checks on names see it.
    named = repair.named(case) if repair is not None else case
    # the actuals name lines: checked when no line was left out (one left out is not unknown)
    actual = ACTUAL_CHECKS if repair is None or not repair.kept else ()
    found = _placed(
        run_checks(named, (*REFERENCE_CHECKS, *FUND_CHECKS, *RANGE_CHECKS, *actual)), repair
    )
    findings = _trusted(found, repair)
    if repair is not None:
        case, repair = repair.without(case, set())  # and what uses a parameter left out
    if _errors(found):
        cut = _units(found)
        if cut is None:
            return findings, None
        case, repair = (repair or Repair.whole()).without(case, cut)

    from .calc.exact import evaluate
    from .calc.model import build
    from .reconcile import reconcile

    evaluation = evaluate(build(case))
    found = _placed([f for fn in EVALUATION_CHECKS for f in fn(case, evaluation)], repair)
    findings += _trusted(found, repair)
    if _errors(found):
        cut = _units(found)
        if cut is None:
            return findings, None
        case, repair = (repair or Repair.whole()).without(case, cut)
        evaluation = evaluate(build(case))
        if evaluation.errors:
            return findings, None
    found = _placed(
        [f for fn in (*CASE_CHECKS, *FOLLOWUP_CHECKS) for f in fn(case, evaluation)], repair
    )
    findings += _trusted(found, repair)
    if _errors(findings) or repair is not None:
        return findings, None
    findings += list(repayment_exceeds_net(case, evaluation))
    findings += reconcile(case, evaluation)
    return findings, evaluation


# --- A case with parts left out -----------------------------------------------------------------

LINE_SECTIONS = (
    "costs",
    "avoided",
    "reallocations",
    "activities",
    "funding",
    "departments",
    "stated",
)
"""The lists whose items are left out one by one when they hold a mistake."""

WHOLE_CASE = frozenset({"BC301", "BC302", "BC303", "BC701"})
"""Findings on the case as a whole (the pool's repayment from the net of every line): never
reported for a case with a part left out, where they would describe another case."""

FIELD_CODES = frozenset({"BC205", "BC209", "BC210", "BC305", "BC306", "BC309", "BC310"})
"""Findings that read only the value at their path (with the parameters it uses and the
period): reported even when another field of the same line was left out."""


def unit_of(path: Path) -> Path:
    """The part of a case a path belongs to: a line (``("costs", 0)``), a parameter
    (``("parameters", "andel")``) or a section (``("period",)``)."""
    if len(path) >= 2 and path[0] in LINE_SECTIONS and isinstance(path[1], int):
        return path[:2]
    if len(path) >= 2 and path[0] in ("parameters", "scenarios"):
        return path[:2]
    return path[:1]


@dataclass(frozen=True, eq=False)
class Repair:
    """What was left out of a case with findings, so that the checks on the rest still run.

    Paths in findings on the cut-down case are mapped back to the file (:meth:`original`);
    a finding that may depend on what was left out is not reported (:meth:`trusts`): an
    error must never come from another error's follow-on.
    """

    kept: dict[str, tuple[int, ...]] = dc_field(default_factory=dict)
    """For each list with items left out: the index in the file of each item kept."""
    touched: frozenset[Path] = frozenset()
    """Units (lines, parameters, sections; paths in the file) that had a field left out."""
    parameters: frozenset[str] = frozenset()
    """Parameters left out."""
    fields: frozenset[Path] = frozenset()
    """Fields left out, or given a stand-in value (paths in the file)."""

    @classmethod
    def whole(cls) -> Repair:
        return cls()

    def original(self, path: Path) -> Path:
        """A path into the cut-down case as a path into the file."""
        if len(path) >= 2 and path[0] in self.kept and isinstance(path[1], int):
            index = self.kept[str(path[0])]
            if 0 <= path[1] < len(index):
                return (path[0], index[path[1]], *path[2:])
        return path

    def named(self, case: Case) -> Case:
        """``case`` with a stand-in for each parameter left out, for the checks on names."""
        if not self.parameters:
            return case
        from .model import Parameter

        stand_in = Parameter.model_validate({"value": 1})
        missing = {name: stand_in for name in self.parameters if name not in case.parameters}
        return case.model_copy(update={"parameters": {**case.parameters, **missing}})

    def trusts(self, finding: Finding) -> bool:
        """Whether ``finding`` (its path in the file) holds whatever was left out."""
        if finding.code in WHOLE_CASE:
            return False
        at = finding.path
        if len(at) > 1 and at[0] == "parameters" and str(at[1]) in self.parameters:
            return False  # about the stand-in
        departments_cut = "departments" in self.kept or ("departments",) in self.touched
        if finding.code == "BC206" and departments_cut:
            return False
        if finding.code == "BC205" and self.parameters:
            # the unknown name may be the one a parameter left out was meant to have
            name = finding.subject or ""
            if suggest(name, self.parameters, cutoff=0.5) is not None:
                return False
        if any(at[:k] in self.fields for k in range(len(at) + 1)):
            return False  # about a stand-in (a field left out is a prefix of its path)
        unit = unit_of(finding.path)
        return unit not in self.touched or finding.code in FIELD_CODES

    def without(self, case: Case, units: set[Path]) -> tuple[Case, Repair]:
        """``case`` without the lines and parameters ``units`` (paths in the file), and
        without every line and parameter whose formulas use a parameter left out."""
        kept = dict(self.kept)
        update: dict[str, object] = {}
        for section in LINE_SECTIONS:
            items = getattr(case, section)
            index = kept.get(section, tuple(range(len(items))))
            keep = [j for j, i in enumerate(index) if (section, i) not in units]
            if len(keep) < len(index):
                kept[section] = tuple(index[j] for j in keep)
                update[section] = [items[j] for j in keep]
        gone = set(self.parameters) | {str(u[1]) for u in units if u[:1] == ("parameters",)}
        if gone:
            update["parameters"] = {
                name: p for name, p in case.parameters.items() if name not in gone
            }
        cut = case.model_copy(update=update) if update else case
        repair = Repair(kept, self.touched, frozenset(gone), self.fields)
        if not gone:
            return cut, repair
        # a formula over a parameter left out cannot be computed: leave out its line too
        using = {
            unit_of(repair.original(path))
            for path, formula in [*_parameter_formulas(cut), *_formulas(cut)]
            if formula.names & gone
        }
        removable: set[Path] = {
            u for u in using if len(u) == 2 and u[0] in (*LINE_SECTIONS, "parameters")
        }
        repair = Repair(kept, self.touched | (using - removable), frozenset(gone), self.fields)
        return repair.without(cut, removable) if removable else (cut, repair)


def _placed(findings: list[Finding], repair: Repair | None) -> list[Finding]:
    """The findings on a cut-down case at their places in the file."""
    if repair is None or not repair.kept:
        return findings
    return [f._replace(path=repair.original(f.path)) for f in findings]


def _trusted(findings: list[Finding], repair: Repair | None) -> list[Finding]:
    """The findings (placed in the file) that hold whatever was left out of the case."""
    if repair is None:
        return findings
    return [f for f in findings if repair.trusts(f)]


def _units(findings: list[Finding]) -> set[Path] | None:
    """The lines and parameters the errors are in; ``None`` if an error is elsewhere."""
    units = {unit_of(f.path) for f in findings if f.severity == "error"}
    for unit in units:
        if len(unit) < 2 or unit[0] not in (*LINE_SECTIONS, "parameters"):
            return None
    return units
