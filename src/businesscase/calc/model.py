"""``build(case) -> Model``: the one place where every figure of a case is defined.

Each figure is a :class:`Node`: an expression (:mod:`businesscase.calc.expr`) over the numbers
written in the case file (``Model.inputs``, each with its path for ``file:line:col``) and over
other nodes. The table, the checks, the reconciliation, ``diff``, ``explain`` and the
vectorised interpreter all read the same nodes, so no two of them can disagree.

Node ids (``s`` is a department id, or ``None`` for the whole case; ``y`` a year)::

    ("param", name)                  a parameter (a number, or a formula over others)
    ("value", *path)                 a formula written for a count, amount, … in the file
    ("price_factor",)                index(shown year) / index(case's price level)
    ("line", name, y)                a line, signed: cost negative, saving positive
    ("phase", name, y)               a line's phase-in share (when it has one)
    ("group", s, group, y)           a row of the document's table: its lines summed (a row
                                     of one line of the same name is that line's row)
    ("net", s, y)                    all lines ("Samlet varig ændring")
    ("cumulative", s, y)             net summed from the first year
    ("pool_drawn", i, y), ("pool_repaid", i, y), ("pool_balance", i, y)   pool i of funding
    ("pool_interest", i, y)          interest on pool i's balance (a pool with ``interest``)
    ("interest", s, y)               the scope's pools' interest (when any pool has interest)
    ("pool_principal", i, y)         pool i's principal still owed (``simple`` interest)
    ("pool_written_off", i, y)       what pool i writes off (a repayment with ``write_off``)
    ("pool_recycled", i, y)          savings returned to pool i (``recycling``)
    ("savings", s, y)                the saving lines (what recycling takes a share of)
    ("recycled", s, y)               the scope's pools' recycled savings (when any recycles)
    ("written_off", s, y)            the scope's pools' write-offs (when any pool writes off)
    ("drawn", s, y), ("repayment", s, y), ("pool_balance", s, y)           the scope's pools
    ("undrawn", s, y)                what is still to be drawn after year y
    ("grant", i, y), ("grants", s, y)
    ("costs", s, y)                  the cost lines (what a grant's share applies to)
    ("own_net", s, y)                net + drawn + grants − repayment (− recycled);
                                     ("own_cumulative", s, y)
    ("discount", y)                  the discount factor of year y
    ("activity", name, y)            a counted volume (no money); ("activity_total", name), or
                                     ("activity_average", name) for a number a year (årsværk)
    ("total", *row)                  a row summed over the years, e.g. ("total", "net", s)
    ("line_start", name)             the first year a line is not 0
    ("start", s)                     the first year any line is not 0 (the earliest of them)
    ("break_even", s), ("payback", s), ("payback_period", s), ("pool_repaid", s), ("npv", s)

With ``actuals`` (what the lines realised in the years that have passed)::

    ("actual", name, y)              a line's realised figure, signed as the line
    ("deviation", name, y)           actual − plan (the plan is ("line", name, y))
    ("actual_to_date", name), ("plan_to_date", name), ("deviation_to_date", name)
                                     summed over the years with an actual
    ("effect", name)                 actual_to_date / plan_to_date (``reproject: scaled``)
    ("outlook", *id)                 the figure ``id`` re-projected: for every node that
                                     depends on a followed-up line, the same definition over
                                     the re-projected lines (net, pool, key figures …)

Definitions, stated once (the sign convention of the documents' tables):

* a line is ``amount`` (a cost negated; an avoided measure may be a lump ``amount``) or
  ``count × unit_cost``, × the phase-in share, ×
  the price factor when amounts are restated in another year's prices; every amount of
  money written in the file is × ``meta.amounts_in`` (a ``Const``: 1000 for 1.000 kr.);
* break-even is the first year, from the first year any line is not 0, whose net is ≥ 0;
* payback is the first year, from that same year, from which the cumulative net stays ≥ 0
  to the end; the payback period counts the years from the start up to and including it;
* a pool's repayment is a fixed amount a year, or (``share_of_savings``) that share of the
  year's net when the net is positive, never more than is owed: ``min(max(owed, 0),
  max(0, share × net))``, the net of the pool's department or of the whole case;
* a share may have a ``floor`` and a ``cap`` a year: ``min(max(owed, 0), min(cap,
  max(floor, max(0, share × net))))``; a fixed amount until repaid is ``min(amount,
  max(owed, 0))``;
* with ``write_off``, what is still owed after that year's repayment is written off:
  ``written_off = max(0, owed − repaid)`` in that year, and the balance is 0; a pool with
  anything written off is not repaid;
* a pool's interest is ``rate ×`` its balance at the end of the year before, added to what
  is owed: ``owed = balance(y-1) + interest + drawn``, ``balance = owed − repaid``; simple
  interest is ``rate ×`` the principal at the end of the year before, where a repayment pays
  the interest first: ``principal = min(max(balance, 0), principal(y-1) + drawn)``;
* recycling returns ``share × max(0, savings)`` of each year in its years to the pool, apart
  from the repayment (the debt is not lowered by it); the own net pays it;
* the pool is repaid in the first year by which everything has been drawn and the balance
  (interest included) is 0. The year tests are made on figures as shown (rounded half up), see ``expr``;
* an actual is ``amount`` (× ``amounts_in`` and the price factor, a cost negated) or, for a
  saving written as count × unit cost, the realised ``count`` × the line's unit cost (the
  phase-in share is not applied: the realised count is the effect reached);
* the re-projected line is the actual in a year with one; after ``as_of`` it is the plan
  (``reproject: plan``) or the plan × the line's ``effect`` (``reproject: scaled``; a saving
  whose plan is 0 in every year with an actual keeps its plan); in a passed year without
  an actual, the plan. Only savings (``avoided``) are scaled: costs and reallocations are
  decided, not effects, and keep their plan. Every figure that depends on a re-projected line is defined again
  over it under ``("outlook", …)``: the same definition, so the pool's rule re-projects the
  repayment as it projects the plan's.
"""

# No ``from __future__ import annotations`` here: a named tuple's field types are read when
# its class is made, and each one written as a string is compiled then, on every command.

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple, get_args

from ..formula import Formula
from ..model import (
    FINANSMINISTERIET,
    PERIOD_UNITS,
    Avoided,
    Case,
    Cost,
    GrantFunding,
    PoolFunding,
    Priced,
    Range,
    RateBand,
    Value,
    WithRanges,
    YearlyValue,
)
from .expr import (
    Const,
    Earliest,
    Expr,
    FirstYear,
    Input,
    InputKey,
    Max,
    Min,
    NodeId,
    Num,
    Op,
    Ref,
    Spread,
    Sum,
    refs,
)

Scope = str | None
Scale = Callable[["Expr | None"], "Expr | None"]
"""Multiplies an amount by the price factor when amounts are restated (else leaves it)."""
ZERO = Const(0)
ONE = Const(1)


def exact(value: Decimal | Fraction | int) -> Num:
    """A written number as an exact ``int`` (when whole) or ``Fraction``."""
    if type(value) is int:
        return value
    if type(value) is Decimal:  # as Fraction reads it, without making one for a whole number
        n, d = value.as_integer_ratio()
        return n if d == 1 else Fraction(n, d)
    f = value if isinstance(value, Fraction) else Fraction(value)
    return f.numerator if f.denominator == 1 else f


class InputInfo(NamedTuple):
    """A number as written in the case file."""

    value: Num
    field: str
    """What it is: ``count``, ``unit_cost``, ``amount``, a parameter's name …"""
    owner: str | None
    """The line, pool, grant or parameter it belongs to."""
    unit: str | None = None
    assumption: str | None = None
    """Set when the number is not in the document (a parameter's ``assumption``)."""


class Node(NamedTuple):
    """A figure: its definition, and the row's name where it is a row's cell (line, group,
    pool, grant, activity). A named tuple: a large case has a hundred thousand of them."""

    expr: Expr
    name: str | None = None


class Assumption(NamedTuple):
    """What a row rests on that the document does not say; numbered as footnotes by ``run``."""

    kind: str
    """``line`` (the row's own text), ``parameter``, ``spread`` (a grant spread evenly)."""
    subject: str
    text: str
    value: Num | None = None
    unit: str | None = None
    first: int | None = None
    last: int | None = None


class LineInfo(NamedTuple):
    name: str
    group: str
    section: str
    """``cost``, ``avoided`` or ``reallocation``."""
    path: tuple[str | int, ...]
    department: str | None
    kind: str
    legal_ref: str | None
    phased: bool
    own_assumption: str | None
    assumptions: tuple[Assumption, ...]


@dataclass(frozen=True, slots=True, eq=False)
class FundingInfo:
    index: int
    name: str
    kind: str
    department: str | None
    assumptions: tuple[Assumption, ...]
    spread: bool = False
    pool: str | None = None
    """A pool's id (``pool``, or its name): tranches of one pool share it."""


class ActivityInfo(NamedTuple):
    name: str
    unit: str | None
    department: str | None
    per_year: bool
    assumptions: tuple[Assumption, ...]
    own_assumption: str | None
    summed: bool = True
    """False for a number a year (årsværk): an average a year, not a total."""


class FollowedLine(NamedTuple):
    """A line with actuals: the years it has one for, and how its later years go on."""

    name: str
    section: str
    field: str
    """What was written: ``amount`` or ``count``."""
    years: tuple[int, ...]
    scaled: bool
    """Its later years are its plan × its ``effect`` (``reproject: scaled``, a saving with a
    plan to scale by); otherwise its plan."""


class FollowUp(NamedTuple):
    """The actuals of a case: which lines were followed up in which years, and the rule the
    remaining years are re-projected by."""

    as_of: int
    rule: str
    """``plan`` or ``scaled``."""
    lines: tuple[FollowedLine, ...]
    """In the case's line order."""


@dataclass(eq=False, repr=False)
class Model:
    """Every figure of one case as a node, in an order where a node follows what it uses."""

    years: tuple[int, ...]
    scopes: tuple[Scope, ...]
    nodes: dict[NodeId, Node]
    inputs: dict[InputKey, InputInfo]
    lines: tuple[LineInfo, ...]
    funding: tuple[FundingInfo, ...]
    activities: tuple[ActivityInfo, ...]
    price_year: int
    price_level: int
    restated: bool
    npv_base_year: int | None
    npv_rates: tuple[tuple[int, Fraction], ...]
    groups: dict[Scope, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """Per scope, (group name, section) of each row of the table in order."""
    group_rows: dict[tuple[Scope, str], tuple[object, ...]] = field(default_factory=dict)
    """The key of each group's row: ``("group", scope, name)``, or ``("line", name)`` for a
    row of one line of the same name (the same figures, not defined twice)."""

    amounts_in: int = 1
    """The unit the file's amounts are written in (``meta.amounts_in``): 1000 for 1.000 kr."""
    details: dict[str, tuple[tuple[Expr, ...], tuple[Expr, ...]]] = field(default_factory=dict)
    """Per avoided measure, the expressions of its count and its unit cost in each year
    (parts of its line's definition, shown by ``run --detail``)."""

    def group_key(self, scope: Scope, name: str) -> tuple[object, ...]:
        return self.group_rows.get((scope, name), ("group", scope, name))

    ranges: dict[InputKey, Range] = field(default_factory=dict)
    """The inputs that carry a range (``simulate``, ``sensitivity``), by their path."""
    followup: FollowUp | None = None
    """The case's actuals, when it has any (nodes ``actual``, ``deviation``, ``outlook``)."""

    def in_scope(self, department: str | None, scope: Scope) -> bool:
        return scope is None or department == scope

    def row(self, key: tuple[object, ...]) -> list[NodeId]:
        """The node ids of a yearly row, e.g. ``row(("net", None))``."""
        return [(*key, y) for y in self.years]


class ModelError(ValueError):
    """A case the model cannot be built from (the reference checks report these first)."""


def _formula_expr(node: tuple[object, ...]) -> Expr:
    op = node[0]
    if op == "num":
        value = node[1]
        assert isinstance(value, Fraction)
        return Const(exact(value))
    if op == "name":
        return Ref(("param", node[1]))
    if op == "neg":
        return Op("neg", (_formula_expr(node[1]),))  # type: ignore[arg-type]
    return Op(op, (_formula_expr(node[1]), _formula_expr(node[2])))  # type: ignore[arg-type]


class _Builder:
    def __init__(self, case: Case, price_year: int | None, npv: bool) -> None:
        self.case = case
        self.years = tuple(case.years)
        self.nodes: dict[NodeId, Node] = {}
        self.inputs: dict[InputKey, InputInfo] = {}
        self.want_npv = True  # cheap, and a command may show it (``run --npv``, ``diff``)
        del npv
        self.price_year = price_year
        self.assumed_params: dict[str, Assumption] = {}
        self.details: dict[str, tuple[tuple[Expr, ...], tuple[Expr, ...]]] = {}
        self.ranges: dict[InputKey, Range] = {}

    def add(self, node_id: NodeId, expr: Expr, name: str | None = None) -> None:
        self.nodes[node_id] = Node(expr, name)

    def addref(self, node_id: NodeId, expr: Expr, name: str | None = None) -> Ref:
        """Add a node and return a reference to it."""
        self.nodes[node_id] = Node(expr, name)
        return Ref(node_id)

    def input(
        self,
        key: InputKey,
        value: Decimal | Fraction | int,
        field: str,
        owner: str | None,
        unit: str | None = None,
        assumption: str | None = None,
    ) -> Input:
        self.inputs[key] = InputInfo(exact(value), field, owner, unit, assumption)
        return Input(key)

    # --- written values -------------------------------------------------------------------

    def parameters(self) -> None:
        """Parameters in an order where a formula follows the parameters it uses."""
        params = self.case.parameters
        done: set[str] = set()

        def visit(name: str, trail: tuple[str, ...]) -> None:
            if name in done:
                return
            if name in trail:
                raise ModelError(f"the parameters {' → '.join((*trail, name))} refer to each other")
            p = params[name]
            value = p.value
            if isinstance(value, Formula):
                for used in sorted(value.names):
                    if used in params:
                        visit(used, (*trail, name))
                expr: Expr = _formula_expr(value.tree)
            else:
                expr = self.input(("parameters", name), value, name, name, p.unit, p.assumption)
                if p.range is not None:
                    self.ranges[("parameters", name)] = p.range
            self.add(("param", name), expr, name)
            done.add(name)

        for name in params:
            visit(name, ())

    def value(self, v: Value, path: InputKey, field: str, owner: str) -> Expr:
        """A written value: an input, or a node for a formula (evaluated once, not per year)."""
        if isinstance(v, Formula):
            node_id = ("value", *path)
            if node_id not in self.nodes:
                self.add(node_id, _formula_expr(v.tree), owner)
            return Ref(node_id)
        return self.input(path, v, field, owner)

    def yearly(
        self, yearly: YearlyValue | None, path: InputKey, field: str, owner: str
    ) -> list[Expr | None]:
        """Per year of the period the expression of the value written for it (None: none)."""
        if yearly is None:
            return [None] * len(self.years)
        out: list[Expr | None] = [None] * len(self.years)
        if yearly.constant is not None:
            out = [self.value(yearly.constant, path, field, owner)] * len(self.years)
        first = self.years[0]
        n = len(self.years)
        for lo, hi, v, key in yearly.entries:
            if hi < first or lo > self.years[-1]:
                continue
            e = self.value(v, (*path, key), field, owner)
            for k in range(max(lo - first, 0), min(hi - first, n - 1) + 1):
                out[k] = e
        for where, r in yearly.ranges:  # a range written beside a number: drawn in simulate
            ranged = (*path, *where)
            if ranged in self.inputs:  # a number (not a formula) of a year of the period
                self.ranges[ranged] = r
        return out

    def param_assumptions(self, *values: YearlyValue | None) -> list[Assumption]:
        """The assumed parameters that written values use, in order (names sorted per value)."""
        out: list[Assumption] = []
        for value in values:
            if value is None:
                continue
            for v, _ in value.values():
                if isinstance(v, Formula):
                    for name in sorted(self._uses(v)):
                        p = self.case.parameters.get(name)
                        if p is not None and p.assumption:
                            a = Assumption(
                                "parameter",
                                name,
                                p.assumption,
                                exact(p.value) if not isinstance(p.value, Formula) else None,
                                p.unit,
                            )
                            if a not in out:
                                out.append(a)
        return out

    def _uses(self, formula: Formula) -> set[str]:
        """The parameters a formula uses, directly or through parameter formulas."""
        seen: set[str] = set()
        stack = list(formula.names)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            p = self.case.parameters.get(name)
            if p is not None and isinstance(p.value, Formula):
                stack.extend(p.value.names)
        return seen

    # --- the figures ----------------------------------------------------------------------

    def price_factor(self) -> tuple[Expr | None, int, bool]:
        case = self.case
        target = self.price_year
        if target is None and case.prices is not None:
            target = case.prices.show_in
        level = case.meta.price_level
        if target is None or target == level or case.prices is None:
            return None, level, False
        index = case.prices.values
        name = case.prices.name or "prices"
        expr = Op(
            "/",
            (
                self.input(("prices", "values", target), index[target], str(target), name),
                self.input(("prices", "values", level), index[level], str(level), name),
            ),
        )
        return self.addref(("price_factor",), expr), target, True

    def build(self) -> Model:
        case, years = self.case, self.years
        n = len(years)
        self.parameters()
        pf, price_year, restated = self.price_factor()
        departments = [d.id for d in case.departments]
        scopes: tuple[Scope, ...] = (None, *departments)

        unit = case.meta.amounts_in
        in_unit = Const(unit)

        def money(e: Expr | None) -> Expr | None:
            if e is not None and unit != 1:
                e = Op("*", (e, in_unit))  # written in 1.000 kr. (``meta.amounts_in``)
            return e if e is None or pf is None else Op("*", (e, pf))

        # Lines
        line_infos: list[LineInfo] = []
        line_ids: list[list[NodeId]] = []
        line_refs: list[tuple[Ref, ...]] = []
        cost_lines: list[int] = []
        for path, line in case.lines():
            section = (
                "avoided"
                if isinstance(line, Avoided)
                else ("cost" if isinstance(line, Cost) else "reallocation")
            )
            name = line.name
            phase = self.yearly(line.phase_in, (*path, "phase_in"), "phase_in", name)
            if line.phase_in is not None:
                phase = [
                    self.addref(("phase", name, y), p if p is not None else ZERO, name)
                    for y, p in zip(years, phase, strict=True)
                ]
            ids: list[NodeId] = []
            if isinstance(line, Priced) and line.amount is None:  # count × unit_cost
                counts = self.yearly(line.count, (*path, "count"), "count", name)
                if line.hours is not None:
                    h = line.hours
                    hp = (*path, "hours")
                    unit_expr: Expr = Op(
                        "*",
                        (
                            self.input(
                                (*hp, "hours_per_week"), h.hours_per_week, "hours_per_week", name
                            ),
                            self.input((*hp, "weeks"), h.weeks, "weeks", name),
                            self.input((*hp, "hourly_rate"), h.hourly_rate, "hourly_rate", name),
                        ),
                    )
                    prices: list[Expr | None] = [unit_expr] * n
                elif line.unit_cost_per is not None:  # a price per day, week or month
                    per = line.unit_cost_per
                    days: Expr = Const(line.days_per_year)  # × 365: shown in the derivation
                    if line.unit_cost_units is not None:  # {per_day: 520, days: 200}
                        units = PERIOD_UNITS[per]
                        days = self.input(
                            (*path, "unit_cost", units), line.unit_cost_units, units, name
                        )
                    written = self.yearly(line.unit_cost, (*path, "unit_cost", per), per, name)
                    by_id: dict[int, Expr | None] = {}
                    for w in written:
                        if id(w) not in by_id:
                            by_id[id(w)] = None if w is None else Op("*", (w, days))
                    prices = [by_id[id(w)] for w in written]
                else:
                    prices = self.yearly(line.unit_cost, (*path, "unit_cost"), "unit_cost", name)
                priced: dict[int, Expr] = {}
                for p in prices:
                    if id(p) not in priced:
                        priced[id(p)] = money(p) or ZERO
                unit_costs = [priced[id(p)] for p in prices]
                self.details[name] = (tuple(c or ZERO for c in counts), tuple(unit_costs))
                # Years written with the same values share one expression (evaluated once).
                shared: dict[tuple[int, ...], Expr] = {}
                for k, y in enumerate(years):
                    ids.append(("line", name, y))
                    if counts[k] is None:
                        self.add(ids[-1], ZERO, name)  # no count written for the year
                        continue
                    factors = (counts[k], unit_costs[k], *(() if phase[k] is None else (phase[k],)))
                    key = tuple(map(id, factors))
                    if key not in shared:
                        product = Op("*", factors)
                        shared[key] = Op("neg", (product,)) if section == "cost" else product
                    self.add(ids[-1], shared[key], name)
                assumptions = self.param_assumptions(line.count, line.price, line.phase_in)
                if section == "cost":
                    cost_lines.append(len(line_infos))
            else:
                amounts = self.yearly(line.amount, (*path, "amount"), "amount", name)
                made: dict[tuple[int, int], Expr] = {}
                for k, y in enumerate(years):
                    ids.append(("line", name, y))
                    key2 = (id(amounts[k]), id(phase[k]))
                    if key2 in made:  # a value written for several years: one expression
                        self.add(ids[-1], made[key2], name)
                        continue
                    a = money(amounts[k])
                    if a is None:
                        expr: Expr = ZERO
                    else:
                        parts = (a,) if phase[k] is None else (a, phase[k])
                        expr = Op("*", parts) if len(parts) > 1 else parts[0]  # type: ignore[arg-type]
                        if section == "cost":
                            expr = Op("neg", (expr,))
                    made[key2] = expr
                    self.add(ids[-1], expr, name)
                assumptions = self.param_assumptions(line.amount, line.phase_in)
                if section == "cost":
                    cost_lines.append(len(line_infos))
            own = [Assumption("line", name, line.assumption)] if line.assumption else []
            line_infos.append(
                LineInfo(
                    name=name,
                    group=line.group or name,
                    section=section,
                    path=path,
                    department=line.department,
                    kind=line.kind,
                    legal_ref=getattr(line, "legal_ref", None),
                    phased=line.phase_in is not None,
                    own_assumption=line.assumption,
                    assumptions=(*own, *assumptions),
                )
            )
            line_ids.append(ids)
            line_refs.append(tuple(Ref(i) for i in ids))
            self.add(("total", "line", name), Sum(line_refs[-1]), name)
            self.add(("line_start", name), FirstYear(years, line_refs[-1], "nonzero"), name)

        # Rows per scope: groups, net, cumulative, costs
        groups: dict[Scope, tuple[tuple[str, str], ...]] = {}
        group_rows: dict[tuple[Scope, str], tuple[object, ...]] = {}
        lines_of: dict[Scope, list[int]] = {None: list(range(len(line_infos)))}
        for k, info in enumerate(line_infos):  # once, not once per department
            if info.department is not None:
                lines_of.setdefault(info.department, []).append(k)
        for s in scopes:
            mine = lines_of.get(s, [])
            members: dict[str, list[int]] = {}
            for k in mine:
                members.setdefault(line_infos[k].group, []).append(k)
            groups[s] = tuple((g, line_infos[ks[0]].section) for g, ks in members.items())
            for g, ks in members.items():
                if len(ks) == 1 and line_infos[ks[0]].name == g:
                    group_rows[(s, g)] = ("line", g)  # a row of one line is that line's row
                    continue
                group_rows[(s, g)] = ("group", s, g)
                for t, y in enumerate(years):
                    self.add(("group", s, g, y), Sum(tuple(line_refs[k][t] for k in ks)), g)
                self.add(
                    ("total", "group", s, g),
                    Sum(tuple(Ref(i) for i in self.row(("group", s, g)))),
                    g,
                )
            for t, y in enumerate(years):
                self.add(("net", s, y), Sum(tuple(line_refs[k][t] for k in mine)))
                prev: Expr = Ref(("cumulative", s, years[t - 1])) if t else ZERO
                self.add(("cumulative", s, y), Op("+", (prev, Ref(("net", s, y)))))
            self.total(("net", s))

        def savings_of(s: Scope) -> list[NodeId]:
            key = ("savings", s)
            if (*key, years[0]) not in self.nodes:
                ks = [
                    k
                    for k, info in enumerate(line_infos)
                    if info.section == "avoided" and (s is None or info.department == s)
                ]
                for t, y in enumerate(years):
                    self.add((*key, y), Sum(tuple(line_refs[k][t] for k in ks)))
            return self.row(key)

        def costs_of(s: Scope) -> list[NodeId]:
            key = ("costs", s)
            if (*key, years[0]) not in self.nodes:
                ks = [k for k in cost_lines if s is None or line_infos[k].department == s]
                for t, y in enumerate(years):
                    self.add((*key, y), Sum(tuple(line_refs[k][t] for k in ks)))
            return self.row(key)

        # Funding
        funding_infos: list[FundingInfo] = []
        for i, f in enumerate(case.funding):
            own = [Assumption("line", f.name, f.assumption)] if f.assumption else []
            if isinstance(f, PoolFunding):
                self.pool(i, f, money, savings_of)
                funding_infos.append(
                    FundingInfo(i, f.name, "pool", f.department, tuple(own), pool=f.pool_id)
                )
            else:
                spread = self.grant(i, f, money, costs_of)
                if spread:
                    assert f.amount is not None
                    own.append(
                        Assumption(
                            "spread",
                            f.name,
                            "",
                            exact(f.amount * unit),
                            None,
                            f.first_year,
                            f.last_year,
                        )
                    )
                funding_infos.append(
                    FundingInfo(i, f.name, "grant", f.department, tuple(own), spread)
                )

        for s in scopes:
            pools = [
                fi.index
                for fi in funding_infos
                if fi.kind == "pool" and (s is None or fi.department == s)
            ]
            grants = [
                fi.index
                for fi in funding_infos
                if fi.kind == "grant" and (s is None or fi.department == s)
            ]
            charging = [i for i in pools if (("pool_interest", i, years[0])) in self.nodes]
            if charging:
                for y in years:
                    self.add(
                        ("interest", s, y),
                        Sum(tuple(Ref(("pool_interest", i, y)) for i in charging)),
                    )
                self.total(("interest", s))
            writing_off = [i for i in pools if ("pool_written_off", i, years[0]) in self.nodes]
            if writing_off:
                for y in years:
                    self.add(
                        ("written_off", s, y),
                        Sum(tuple(Ref(("pool_written_off", i, y)) for i in writing_off)),
                    )
                self.total(("written_off", s))
            recycling = [i for i in pools if ("pool_recycled", i, years[0]) in self.nodes]
            if recycling:
                for y in years:
                    self.add(
                        ("recycled", s, y),
                        Sum(tuple(Ref(("pool_recycled", i, y)) for i in recycling)),
                    )
                self.total(("recycled", s))
            for y in years:
                self.add(("drawn", s, y), Sum(tuple(Ref(("pool_drawn", i, y)) for i in pools)))
                self.add(("repayment", s, y), Sum(tuple(Ref(("pool_repaid", i, y)) for i in pools)))
                self.add(
                    ("pool_balance", s, y), Sum(tuple(Ref(("pool_balance", i, y)) for i in pools))
                )
                self.add(("grants", s, y), Sum(tuple(Ref(("grant", i, y)) for i in grants)))
                paid: tuple[Expr, ...] = (Ref(("repayment", s, y)),)
                if recycling:
                    paid = (*paid, Ref(("recycled", s, y)))
                self.add(
                    ("own_net", s, y),
                    Op(
                        "-",
                        (
                            Sum((Ref(("net", s, y)), Ref(("drawn", s, y)), Ref(("grants", s, y)))),
                            *paid,
                        ),
                    ),
                )
            for t, y in enumerate(years):
                prev = Ref(("own_cumulative", s, years[t - 1])) if t else ZERO
                self.add(("own_cumulative", s, y), Op("+", (prev, Ref(("own_net", s, y)))))
            for t in range(n - 1, -1, -1):
                y = years[t]
                later: Expr = (
                    Op("+", (Ref(("undrawn", s, years[t + 1])), Ref(("drawn", s, years[t + 1]))))
                    if t < n - 1
                    else ZERO
                )
                self.add(("undrawn", s, y), later)
            for row in ("drawn", "repayment", "grants", "own_net"):
                self.total((row, s))

        # Activities
        activity_infos: list[ActivityInfo] = []
        for j, act in enumerate(case.activities):
            where: InputKey = ("activities", j)
            if act.count is not None:
                counts = self.yearly(act.count, (*where, "count"), "count", act.name)
                for k, y in enumerate(years):
                    cell = counts[k]
                    if act.count.constant is None and cell is None:
                        continue  # a year the case gives no count for: not the same as 0
                    self.add(("activity", act.name, y), cell or ZERO, act.name)
                given = [i for i in self.row(("activity", act.name)) if i in self.nodes]
                total: Expr = Sum(tuple(Ref(i) for i in given))
                if not act.adds_up():  # a number a year: its average, not a misleading sum
                    years_given = Const(len(given) or 1)
                    self.add(
                        ("activity_average", act.name), Op("/", (total, years_given)), act.name
                    )
            else:
                assert act.total is not None
                total = self.input((*where, "total"), act.total, "total", act.name, act.unit)
            if act.count is None or act.adds_up():
                self.add(("activity_total", act.name), total, act.name)
            own = [Assumption("line", act.name, act.assumption)] if act.assumption else []
            activity_infos.append(
                ActivityInfo(
                    act.name,
                    act.unit,
                    act.department,
                    act.count is not None,
                    (*own, *self.param_assumptions(act.count)),
                    act.assumption,
                    act.count is None or act.adds_up(),
                )
            )

        # Discounting
        base, rates = self.discounting()

        # Key figures
        for s in scopes:
            mine = lines_of.get(s, [])
            self.add(
                ("start", s),
                Earliest(tuple(Ref(("line_start", line_infos[k].name)) for k in mine)),
            )
            start = Ref(("start", s))
            self.add(
                ("break_even", s),
                FirstYear(years, tuple(map(Ref, self.row(("net", s)))), "nonneg", start),
            )
            self.add(
                ("payback", s),
                FirstYear(
                    years, tuple(map(Ref, self.row(("cumulative", s)))), "stays_nonneg", start
                ),
            )
            after = Op("-", (Ref(("payback", s)), start))
            inclusive = self.case.period.payback_counted == "inclusive"
            self.add(("payback_period", s), Op("+", (after, ONE)) if inclusive else after)
            first_draw = FirstYear(years, tuple(map(Ref, self.row(("drawn", s)))), "nonzero")
            outstanding = [
                Max((Ref(("undrawn", s, y)), Ref(("pool_balance", s, y)))) for y in years
            ]
            if (("written_off", s, years[0])) in self.nodes:
                # a pool whose debt was written off is not repaid
                outstanding = [
                    Max((o, Sum(tuple(Ref(("written_off", s, x)) for x in years[: t + 1]))))
                    for t, o in enumerate(outstanding)
                ]
            self.add(
                ("pool_repaid", s),
                FirstYear(years, tuple(outstanding), "nonpos", first_draw),
            )
            if base is not None:
                self.add(
                    ("npv", s),
                    Sum(tuple(Op("*", (Ref(("net", s, y)), Ref(("discount", y)))) for y in years)),
                )

        followup = self.followup(money, line_infos)
        self.funding_ranges()

        return Model(
            years=years,
            scopes=scopes,
            nodes=self.nodes,
            inputs=self.inputs,
            lines=tuple(line_infos),
            funding=tuple(funding_infos),
            activities=tuple(activity_infos),
            price_year=price_year,
            price_level=case.meta.price_level,
            restated=restated,
            npv_base_year=base,
            npv_rates=rates,
            groups=groups,
            group_rows=group_rows,
            details=self.details,
            ranges=self.ranges,
            amounts_in=case.meta.amounts_in,
            followup=followup,
        )

    def row(self, key: tuple[object, ...]) -> list[NodeId]:
        return [(*key, y) for y in self.years]

    def funding_ranges(self) -> None:
        """The ranges written beside a funding's numbers and the discount rate, on the inputs
        the model reads them as. A number the model does not read (a pool's amount when its
        draws are written) draws nothing; ``validate`` says so (BC612)."""
        parts: list[tuple[InputKey, WithRanges | None]] = []
        for i, f in enumerate(self.case.funding):
            parts.append((("funding", i), f))
            if isinstance(f, PoolFunding):
                parts += [
                    (("funding", i, "repayment"), f.repayment),
                    (("funding", i, "interest"), f.interest),
                    (("funding", i, "recycling"), f.recycling),
                ]
        parts.append((("discounting",), self.case.discounting))
        for where, part in parts:
            if part is None:
                continue
            for name, r in part.ranged.items():
                key = (*where, name)
                if key in self.inputs:
                    self.ranges[key] = r

    def followup(self, money: Scale, infos: list[LineInfo]) -> FollowUp | None:
        """The actuals, their deviations from the plan, and every figure re-projected."""
        actuals = self.case.actuals
        if actuals is None or not actuals.lines:
            return None
        years = self.years
        plan_ids = list(self.nodes)
        written = [
            last
            for actual in actuals.lines.values()
            for _, last, _ in actual.values.years_written()
        ]
        as_of = actuals.as_of if actuals.as_of is not None else max(written, default=years[0])
        scaled = actuals.reproject == "scaled"
        followed: list[FollowedLine] = []
        replaced: dict[NodeId, Expr] = {}
        for info in infos:  # in the case's line order
            actual = actuals.lines.get(info.name)
            if actual is None:
                continue
            name = info.name
            path: InputKey = ("actuals", "lines", name, actual.field)
            values = self.yearly(actual.values, path, actual.field, name)
            done: list[int] = []
            for k, y in enumerate(years):
                v = values[k]
                if v is None or y > as_of:
                    continue
                if actual.count is not None:
                    e: Expr = Op("*", (v, self.details[name][1][k]))
                    if info.section == "cost":  # a cost's realised count × its price
                        e = Op("neg", (e,))
                else:
                    e = money(v) or ZERO
                    if info.section == "cost":
                        e = Op("neg", (e,))
                a = self.addref(("actual", name, y), e, name)
                self.add(("deviation", name, y), Op("-", (a, Ref(("line", name, y)))), name)
                done.append(y)
            if not done:
                continue
            to_date = self.addref(
                ("actual_to_date", name), Sum(tuple(Ref(("actual", name, y)) for y in done)), name
            )
            plan = self.addref(
                ("plan_to_date", name), Sum(tuple(Ref(("line", name, y)) for y in done)), name
            )
            self.add(("deviation_to_date", name), Op("-", (to_date, plan)), name)
            effect: Ref | None = None
            saving = info.section == "avoided"
            if (
                saving
                and scaled
                and any(self.nodes[("line", name, y)].expr is not ZERO for y in done)
            ):
                effect = self.addref(("effect", name), Op("/", (to_date, plan)), name)
            for y in years:
                if y in done:
                    replaced[("line", name, y)] = Ref(("actual", name, y))
                elif effect is not None and y > as_of:
                    replaced[("line", name, y)] = Op("*", (Ref(("line", name, y)), effect))
            followed.append(
                FollowedLine(name, info.section, actual.field, tuple(done), effect is not None)
            )
        if not followed:
            return None
        # Every figure that depends on a re-projected line, defined again over it.
        for node_id, expr in replaced.items():
            self.add(("outlook", *node_id), expr, self.nodes[node_id].name)
        dependent = set(replaced)
        renamed: dict[int, Expr] = {}

        def rename(e: Expr) -> Expr:
            key = id(e)
            if key in renamed:
                return renamed[key]
            out: Expr = e
            if isinstance(e, Ref):
                if e.node in dependent:
                    out = Ref(("outlook", *e.node))
            elif dataclasses.is_dataclass(e) and not isinstance(e, Const | Input):
                changes: dict[str, object] = {}
                for f in dataclasses.fields(e):
                    value = getattr(e, f.name)
                    if isinstance(value, tuple) and value and _is_expr(value[0]):
                        new = tuple(rename(x) for x in value)
                        if any(a is not b for a, b in zip(new, value, strict=True)):
                            changes[f.name] = new
                    elif _is_expr(value):
                        new_one = rename(value)
                        if new_one is not value:
                            changes[f.name] = new_one
                if changes:
                    out = dataclasses.replace(e, **changes)  # type: ignore[arg-type]
            renamed[key] = out
            return out

        for node_id in plan_ids:
            if node_id in dependent:
                continue
            node = self.nodes[node_id]
            if any(r in dependent for r in refs(node.expr)):
                dependent.add(node_id)
                self.add(("outlook", *node_id), rename(node.expr), node.name)
        return FollowUp(as_of, actuals.reproject, tuple(followed))

    def total(self, key: tuple[object, ...]) -> None:
        self.add(("total", *key), Sum(tuple(Ref(i) for i in self.row(key))))

    def pool(
        self, i: int, pool: PoolFunding, scale: Scale, savings_of: Callable[[Scope], list[NodeId]]
    ) -> None:
        years = self.years
        owner = pool.name
        if pool.drawn is None:
            amount = self.input(("funding", i, "amount"), pool.amount, "amount", owner)
            draws: list[Expr | None] = [amount] + [None] * (len(years) - 1)
        else:
            draws = self.yearly(pool.drawn, ("funding", i, "drawn"), "drawn", owner)
        rule = pool.repayment
        pay: Expr | None = None
        share: Expr | None = None
        floor: Expr | None = None
        cap: Expr | None = None
        due: set[int] = set()
        where: InputKey = ("funding", i, "repayment")
        if rule is not None:
            if rule.share_of_savings is not None:
                share = self.input(
                    (*where, "share_of_savings"), rule.share_of_savings, "share", owner
                )
                if rule.floor is not None:
                    floor = scale(self.input((*where, "floor"), rule.floor, "floor", owner))
                if rule.cap is not None:
                    cap = scale(self.input((*where, "cap"), rule.cap, "cap", owner))
            else:
                assert rule.amount is not None
                pay = scale(self.input((*where, "amount"), rule.amount, "amount", owner))
            due = set(rule.due(years))
        write_off = rule.write_off if rule is not None else None
        rate: Expr | None = None
        simple = pool.interest is not None and pool.interest.method == "simple"
        if pool.interest is not None:
            rate = self.input(("funding", i, "interest", "rate"), pool.interest.rate, "rate", owner)
        recycle: Expr | None = None
        recycle_years: set[int] = set()
        if pool.recycling is not None:
            r = pool.recycling
            recycle = self.input(("funding", i, "recycling", "share"), r.share, "share", owner)
            recycle_years = {
                y
                for y in years
                if (r.first_year is None or y >= r.first_year)
                and (r.last_year is None or y <= r.last_year)
            }
            savings = savings_of(pool.department)
        for t, y in enumerate(years):
            self.add(("pool_drawn", i, y), scale(draws[t]) or ZERO, owner)
            prev: Expr = Ref(("pool_balance", i, years[t - 1])) if t else ZERO
            if rate is not None:
                on: Expr = prev
                if simple:
                    on = Ref(("pool_principal", i, years[t - 1])) if t else ZERO
                self.add(("pool_interest", i, y), Op("*", (on, rate)), owner)
                owed = Op("+", (prev, Ref(("pool_interest", i, y)), Ref(("pool_drawn", i, y))))
            else:
                owed = Op("+", (prev, Ref(("pool_drawn", i, y))))
            repaid: Expr = ZERO
            if rule is not None and y in due:
                if share is not None:
                    # a share of the year's surplus (none in a year of deficit), at least the
                    # floor and at most the cap, never more than is owed
                    year_pay: Expr = Max((ZERO, Op("*", (share, Ref(("net", pool.department, y))))))
                    if floor is not None:
                        year_pay = Max((floor, year_pay))
                    if cap is not None:
                        year_pay = Min((cap, year_pay))
                    repaid = Min((Max((owed, ZERO)), year_pay))
                elif pay is not None and rule.until_repaid:
                    repaid = Min((pay, Max((owed, ZERO))))
                elif pay is not None:
                    repaid = pay
            self.add(("pool_repaid", i, y), repaid, owner)
            left: Expr = Op("-", (owed, Ref(("pool_repaid", i, y))))
            if write_off is not None:
                # what the outcomes did not repay by the end of the write-off year
                gone: Expr = Max((ZERO, left)) if y == write_off else ZERO
                self.add(("pool_written_off", i, y), gone, owner)
                left = Op("-", (left, Ref(("pool_written_off", i, y))))
            self.add(("pool_balance", i, y), left, owner)
            if simple:
                # a repayment pays the year's interest first, then the principal
                before: Expr = Ref(("pool_principal", i, years[t - 1])) if t else ZERO
                self.add(
                    ("pool_principal", i, y),
                    Min(
                        (
                            Max((Ref(("pool_balance", i, y)), ZERO)),
                            Op("+", (before, Ref(("pool_drawn", i, y)))),
                        )
                    ),
                    owner,
                )
            if recycle is not None:
                back: Expr = ZERO
                if y in recycle_years:
                    back = Op("*", (recycle, Max((ZERO, Ref(savings[t])))))
                self.add(("pool_recycled", i, y), back, owner)
        self.total(("pool_drawn", i))
        self.total(("pool_repaid", i))
        if rate is not None:
            self.total(("pool_interest", i))
        if write_off is not None:
            self.total(("pool_written_off", i))
        if recycle is not None:
            self.total(("pool_recycled", i))

    def grant(
        self, i: int, grant: GrantFunding, scale: Scale, costs_of: Callable[[Scope], list[NodeId]]
    ) -> bool:
        years = self.years
        owner = grant.name
        if grant.share is not None:
            share = self.input(("funding", i, "share"), grant.share, "share", owner)
            costs = costs_of(grant.department)
            for t, y in enumerate(years):
                self.add(("grant", i, y), Op("*", (share, Op("neg", (Ref(costs[t]),)))), owner)
            self.total(("grant", i))
            return False
        if grant.received is not None:
            received = self.yearly(grant.received, ("funding", i, "received"), "received", owner)
            for t, y in enumerate(years):
                self.add(("grant", i, y), scale(received[t]) or ZERO, owner)
            self.total(("grant", i))
            return False
        assert grant.amount is not None and grant.first_year is not None
        assert grant.last_year is not None
        total = scale(self.input(("funding", i, "amount"), grant.amount, "amount", owner))
        assert total is not None
        n = grant.last_year - grant.first_year + 1
        for y in years:
            k = y - grant.first_year
            self.add(("grant", i, y), Spread(total, n, k) if 0 <= k < n else ZERO, owner)
        self.total(("grant", i))
        return True

    def discounting(self) -> tuple[int | None, tuple[tuple[int, Fraction], ...]]:
        if not self.want_npv:
            return None, ()
        settings = self.case.discounting
        years = self.years
        base = settings.base_year if settings and settings.base_year else years[0]
        bands: Sequence[RateBand]
        if settings is not None and settings.rate is not None:
            bands = (RateBand(from_year=0, rate=settings.rate),)
            band_inputs: list[Expr] = [
                self.input(("discounting", "rate"), settings.rate, "rate", "discounting")
            ]
        elif settings is not None and settings.bands:
            bands = settings.bands
            band_inputs = [
                self.input(("discounting", "bands", j, "rate"), b.rate, "rate", "discounting")
                for j, b in enumerate(bands)
            ]
        else:
            bands = FINANSMINISTERIET
            band_inputs = [Const(exact(b.rate)) for b in bands]
        order = sorted(range(len(bands)), key=lambda j: bands[j].from_year)

        def rate(k: int) -> Expr:
            current = band_inputs[order[0]]
            for j in order:
                if bands[j].from_year <= k:
                    current = band_inputs[j]
            return current

        lo, hi = min(base, years[0]), max(base, years[-1])
        self.add(("discount", base), ONE)
        for y in range(base + 1, hi + 1):
            step = Op("+", (ONE, rate(y - base)))
            self.add(("discount", y), Op("/", (Ref(("discount", y - 1)), step)))
        for y in range(base - 1, lo - 1, -1):
            step = Op("+", (ONE, rate(base - y)))
            self.add(("discount", y), Op("*", (Ref(("discount", y + 1)), step)))
        rates = tuple(
            (b.from_year, Fraction(b.rate)) for b in sorted(bands, key=lambda b: b.from_year)
        )
        return base, rates


_EXPR_KINDS = get_args(Expr)


def _is_expr(value: object) -> bool:
    return isinstance(value, _EXPR_KINDS)


def build(case: Case, *, price_year: int | None = None, npv: bool = False) -> Model:
    """The calculation model of a case whose references are valid (see ``checks``).

    ``price_year`` restates every amount in that year's prices (the case needs ``prices``);
    ``npv`` adds the net present value even when the case has no ``discounting`` section.
    """
    return _Builder(case, price_year, npv).build()


def value_expr(v: Value) -> Expr:
    """The expression of a value written outside the figures (a document's printed figure)."""
    if isinstance(v, Formula):
        return _formula_expr(v.tree)
    return Const(exact(v))


def scope_lines(model: Model, scope: Scope) -> Iterable[LineInfo]:
    return (info for info in model.lines if scope is None or info.department == scope)
