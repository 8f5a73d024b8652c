"""Exact evaluation of the calculation model: ``int`` where a value is whole, else ``Fraction``.

1,5 family treatments × 40.000 kr. is exactly 60.000 kr., and seven years of a table never
drift by an øre. Rounding happens only where a figure is shown (:func:`businesscase.fmt.round_half_up`).

Every computed value is bounded (:data:`MAX_AMOUNT`, :data:`MAX_DENOMINATOR`): a figure
beyond them is an error located at the node that produced it, not a crash or a number of
thousands of digits. A division by zero is an error of the same kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from .expr import (
    THRESHOLDS,
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
)
from .model import Model

Value = Num | None

MAX_AMOUNT = 10**15
"""The largest size of any computed figure (a million billion kroner, a thousand times
Denmark's public budget): beyond it a case is refused rather than shown."""
MAX_DENOMINATOR = 10**1000
"""The finest fraction a computed figure may carry. Discount factors legitimately need long
denominators (1,035^-100 has 232 digits); a division by tiny parameters, again and again,
stops here instead of building numbers too long to print."""

EVALUATIONS = 0
"""How many times a model has been evaluated in this process (tests count them)."""


class EvaluationError(ArithmeticError):
    pass


@dataclass(eq=False, repr=False)
class Evaluation:
    """The exact value of every node of a model, and the nodes that could not be computed."""

    model: Model
    values: dict[NodeId, Value]
    inputs: Mapping[InputKey, Num]
    errors: dict[NodeId, str] = field(default_factory=dict)

    def __getitem__(self, node: NodeId) -> Value:
        return self.values[node]

    def get(self, node: NodeId) -> Value:
        return self.values.get(node)

    def row(self, key: tuple[object, ...]) -> tuple[Num, ...]:
        """A yearly row of amounts (0 where a figure could not be computed)."""
        return tuple(self.values.get((*key, y)) or 0 for y in self.model.years)

    def year(self, node: NodeId) -> int | None:
        v = self.values.get(node)
        return None if v is None else int(v)

    def written(self, key: InputKey) -> Value:
        """A value as written at ``key``: the input, or the formula's node."""
        if key in self.inputs:
            return self.inputs[key]
        return self.values.get(("value", *key))

    def of(self, expr: Expr) -> Value:
        """The value of an expression over this evaluation's nodes and inputs."""
        return _Interpreter(self.inputs, self.values).ev(expr)


def followed_up(ev: Evaluation) -> Evaluation:
    """The case as followed up: every figure that its actuals re-project (``("outlook", *id)``)
    in place of the plan's ``id``, every other figure as planned. Reading it as any evaluation
    gives the re-projected table, key figures and pool, and a diff of plan against actual."""
    values = dict(ev.values)
    for node, v in ev.values.items():
        if node and node[0] == "outlook":
            values[node[1:]] = v
    return Evaluation(ev.model, values, ev.inputs, ev.errors)


def value(expr: Expr, inputs: Mapping[InputKey, Num] | None = None) -> Value:
    """The exact value of an expression over constants and ``inputs`` (no nodes)."""
    return _Interpreter(inputs or {}, {}).ev(expr)


def _norm(v: Fraction) -> Num:
    if v.denominator == 1:
        return v.numerator
    if v.denominator > MAX_DENOMINATOR:
        raise EvaluationError("a fraction of more than 1.000 digits")
    return v


class _Interpreter:
    __slots__ = ("inputs", "memo", "values")

    def __init__(self, inputs: Mapping[InputKey, Num], values: dict[NodeId, Value]) -> None:
        self.inputs = inputs
        self.values = values
        self.memo: dict[int, Value] = {}
        """Values of arithmetic expressions by identity: an expression object of the model
        stands for the same figure wherever it is used, and lives as long as the model."""

    def ev(self, e: Expr) -> Value:
        """One case per node kind; the commonest first (a chain of ``type(e) is`` tests is
        several times faster than structural pattern matching here)."""
        kind = type(e)
        if kind is Ref:
            return self.values[e.node]  # type: ignore[union-attr]
        if kind is Input:
            return self.inputs[e.key]  # type: ignore[union-attr]
        if kind is Const:
            return e.value  # type: ignore[union-attr]
        if kind is Sum:
            values = self.values
            total: Num = 0
            for a in e.args:  # type: ignore[union-attr]
                v = values[a.node] if type(a) is Ref else self.ev(a)
                if v is None:
                    return None
                total += v
            return total
        if kind is Op:
            assert type(e) is Op
            memo = self.memo
            key = id(e)
            if key in memo:  # the same expression in several years: evaluated once
                return memo[key]
            memo[key] = result = self._op(e)
            return result
        return self._rest(e)

    def _op(self, e: Op) -> Value:
        values = self.values
        operands = [values[a.node] if type(a) is Ref else self.ev(a) for a in e.args]
        for v in operands:  # not `None in operands`: that calls Fraction.__eq__ on each
            if v is None:
                return None
        if e.op == "*" and len(operands) == 2:  # count × unit cost: the commonest node
            x, y = operands
            product = x * y  # type: ignore[operator]
            return product if type(product) is int else _norm(product)  # type: ignore[arg-type]
        return _op(e.op, operands)  # type: ignore[arg-type]

    def _rest(self, e: Expr) -> Value:
        if isinstance(e, Min | Max):
            found = [self.ev(a) for a in e.args]
            nums = [v for v in found if v is not None]
            if len(nums) != len(found):
                return None
            return min(nums) if isinstance(e, Min) else max(nums)
        if isinstance(e, Earliest):
            years = [int(v) for v in (self.ev(a) for a in e.args) if v is not None]
            return min(years) if years else None
        if isinstance(e, Spread):
            t = self.ev(e.total)
            if t is None:
                return None
            if isinstance(t, int):
                base, rest = divmod(t, e.n)
                return base + (1 if e.k < rest else 0)
            return _norm(t / e.n)
        if isinstance(e, FirstYear):
            first = e.years[0]
            if e.start is not None:
                s = self.ev(e.start)
                if s is None:
                    return None
                first = int(s)
            return _first_year(e.years, [self.ev(x) for x in e.series], e.test, first)
        raise TypeError(f"not a node kind: {e!r}")


def _op(op: str, vals: list[Num]) -> Num:
    if op == "neg":
        return -vals[0]
    if op == "abs":
        v = vals[0]
        return -v if v < 0 else v
    acc = vals[0]
    for v in vals[1:]:
        if op == "+":
            acc = acc + v
        elif op == "-":
            acc = acc - v
        elif op == "*":
            acc = acc * v
        else:
            if v == 0:
                raise ZeroDivisionError
            q = Fraction(acc, v) if type(acc) is int and type(v) is int else Fraction(acc) / v
            acc = _norm(q)
    if type(acc) is Fraction:
        acc = _norm(acc)
    return acc


def passes(value: Num, test: str) -> bool:
    """Whether a figure, shown rounded half up, passes a year test (see ``expr.THRESHOLDS``)."""
    if test == "nonpos":
        return value < THRESHOLDS
    if test == "nonzero":
        return value >= THRESHOLDS or value <= -THRESHOLDS
    return value > -THRESHOLDS  # nonneg, stays_nonneg


def _first_year(years: tuple[int, ...], series: list[Value], test: str, first: int) -> Value:
    if test == "stays_nonneg":
        found: int | None = None
        for year, v in zip(years, series, strict=True):
            if v is None:
                return None
            ok = passes(v, test)
            if year < first:
                continue
            found = (year if found is None else found) if ok else None
        return found
    for year, v in zip(years, series, strict=True):
        if year < first:
            continue
        if v is None:
            return None
        if passes(v, test):
            return year
    return None


def evaluate(model: Model, overrides: Mapping[InputKey, Num] | None = None) -> Evaluation:
    """Every node's exact value, in the model's order (a node follows what it uses)."""
    global EVALUATIONS
    EVALUATIONS += 1
    inputs: dict[InputKey, Num] = {k: info.value for k, info in model.inputs.items()}
    if overrides:
        inputs.update(overrides)
    values: dict[NodeId, Value] = {}
    errors: dict[NodeId, str] = {}
    interp = _Interpreter(inputs, values)
    ev = interp.ev
    for node_id, node in model.nodes.items():
        try:
            v = ev(node.expr)
        except ZeroDivisionError:
            errors[node_id] = "division by zero"
            v = None
        except EvaluationError as exc:
            errors[node_id] = str(exc)
            v = None
        if v is not None and (
            not -MAX_AMOUNT <= v <= MAX_AMOUNT
            if type(v) is int
            else abs(v.numerator) > MAX_AMOUNT * v.denominator  # a Fraction, compared in ints
        ):
            errors[node_id] = "more than 10^15 kroner"
            v = None
        values[node_id] = v
    return Evaluation(model, values, inputs, errors)
