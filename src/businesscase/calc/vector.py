"""The calculation model over arrays of draws: every node a ``float64`` array of ``n`` values.

The same nodes as the exact interpreter (:mod:`businesscase.calc.exact`), evaluated for many
sets of inputs at once (Monte Carlo, sensitivity). No figure is defined here: this is a
``match`` over the node kinds of :mod:`businesscase.calc.expr`, nothing else.

* An amount is a float (kroner); at the written values it agrees with the exact figure to
  well within an øre (tests check 0,01 kr. on every shipped case).
* A year ("first year where …") is a float year, or ``NaN`` for "not reached" (the exact
  interpreter's ``None``). ``NaN`` propagates through arithmetic as ``None`` does; a division
  by zero gives ``NaN`` too, where the exact interpreter reports an error.
* Year tests are made on the figure as shown (rounded half up), exactly as
  :func:`businesscase.calc.exact.passes` makes them (:data:`~businesscase.calc.expr.THRESHOLDS`).

A node that depends on no drawn input is computed once, as a single value, and handed out
broadcast to ``n`` values (a read-only view, no memory). The nodes the draws move are compiled
once into a flat list of numpy operations (:class:`Program`) and run over slices of draws.

This module and :mod:`businesscase.calc.montecarlo` (which draws and summarises) are the only
ones that import numpy; the commands that need them import them when they run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from typing import Protocol

import numpy as np
import numpy.typing as npt

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
    Op,
    Ref,
    Spread,
    Sum,
    refs,
    walk,
)
from .model import Model

Array = npt.NDArray[np.float64]

_HALF = float(THRESHOLDS)


def evaluate(
    model: Model,
    draws: Mapping[InputKey, Array] | None = None,
    n: int = 1,
    *,
    keep: Iterable[NodeId] | None = None,
) -> dict[NodeId, Array]:
    """Every node's value for ``n`` sets of inputs: the written values, except ``draws``.

    ``draws`` maps an input's path (a key of ``Model.inputs``) to ``n`` values for it; every
    other input keeps its written value. ``keep`` limits the result to those nodes, and the
    work to the nodes they use. The nodes are compiled (:class:`Program`) and run once.
    """
    draws = dict(draws or {})
    for key, given in draws.items():
        if key not in model.inputs:
            raise KeyError(f"not an input of the model: {key!r}")
        arr = np.asarray(given, dtype=np.float64)
        if arr.shape != (n,):
            raise ValueError(f"{key!r}: {arr.shape} draws, expected ({n},)")
        draws[key] = arr
    wanted = list(model.nodes) if keep is None else list(keep)
    program = Program(model, list(draws), wanted)
    values = program.run([draws[k] for k in program.drawn], n)
    return {k: _full(v, n) for k, v in zip(wanted, values, strict=True)}


class Program:
    """The nodes that draws move, compiled once into a flat list of numpy operations.

    A node that depends on no drawn input is computed once, by the interpreter below, and
    kept as a single value. Every other node becomes one or a few operations on the arrays
    of draws (``float64``), in the model's order; an operation already made on the same
    arguments is not made again (the years that share a definition share its array), and an
    array nobody needs any more is let go as soon as possible, so that a slice of draws
    stays in the processor's cache. :meth:`run` evaluates the program for one slice of
    draws; a caller runs it slice after slice, the memory bounded by the slice.

    The operations and their order are the interpreter's (:class:`_Interpreter`), so the
    figures are the same to the last bit.
    """

    __slots__ = ("code", "drawn", "outputs", "regs", "varying")

    def __init__(self, model: Model, drawn: Sequence[InputKey], keep: Sequence[NodeId]) -> None:
        self.drawn: tuple[InputKey, ...] = tuple(drawn)
        drawn_set = set(self.drawn)
        needed = _needed(model, keep)
        written: dict[InputKey, Array] = {
            key: np.asarray(float(info.value), dtype=np.float64)
            for key, info in model.inputs.items()
            if key not in drawn_set
        }
        consts: dict[NodeId, Array] = {}
        interp = _Interpreter(written, consts)
        regs: list[Array | None] = [None] * len(self.drawn)
        inputs = {key: i for i, key in enumerate(self.drawn)}
        slots: dict[NodeId, int] = {}
        const_slots: dict[bytes, int] = {}
        code: list[tuple[Callable[..., Array], int, tuple[int, ...]]] = []
        made: dict[tuple[object, ...], int] = {}
        varies_memo: dict[int, bool] = {}

        def varies(e: Expr) -> bool:
            found = varies_memo.get(id(e))
            if found is None:
                found = any(
                    (isinstance(x, Input) and x.key in drawn_set)
                    or (isinstance(x, Ref) and x.node in slots)
                    for x in walk(e)
                )
                varies_memo[id(e)] = found
            return found

        def const(value: Array) -> int:
            v = np.asarray(value, dtype=np.float64)
            key = v.tobytes()
            if key not in const_slots:
                const_slots[key] = len(regs)
                regs.append(v)
            return const_slots[key]

        def op(what: object, fn: Callable[..., Array], *args: int) -> int:
            key = (what, *args)
            if key not in made:
                made[key] = len(regs)
                regs.append(None)
                code.append((fn, made[key], args))
            return made[key]

        def fold(what: str, fn: Callable[..., Array], args: Sequence[int]) -> int:
            acc = args[0]
            for a in args[1:]:
                acc = op(what, fn, acc, a)
            return acc

        def emit(e: Expr) -> int:
            if not varies(e):
                return const(interp.ev(e))
            match e:
                case Ref(node):
                    return slots[node]
                case Input(key):
                    return inputs[key]
                case Sum(args):
                    return fold("+", np.add, [emit(a) for a in args])
                case Op("neg", (a,)):
                    return op("neg", np.negative, emit(a))
                case Op("abs", (a,)):
                    return op("abs", np.absolute, emit(a))
                case Op(name, args):
                    return fold(name, _BINARY[name], [emit(a) for a in args])
                case Min(args):
                    return fold("min", np.minimum, [emit(a) for a in args])
                case Max(args):
                    return fold("max", np.maximum, [emit(a) for a in args])
                case Earliest(args):
                    return fold("fmin", np.fmin, [const(np.asarray(np.nan)), *map(emit, args)])
                case Spread(total, n, k):
                    return op(("spread", n, k), partial(_spread, n, k), emit(total))
                case FirstYear(years, series, test, start):
                    used = [emit(x) for x in series]
                    if start is not None:
                        used.append(emit(start))
                    what = ("first", years, test, start is not None)
                    return op(what, partial(_first_year_of, years, test, start is not None), *used)
            raise TypeError(f"not a node kind: {e!r}")

        for node_id, node in model.nodes.items():
            if node_id not in needed:
                continue
            if varies(node.expr):
                slots[node_id] = emit(node.expr)
            else:
                consts[node_id] = interp.ev(node.expr)
        self.outputs = [slots[k] if k in slots else const(consts[k]) for k in keep]
        self.varying = [k in slots for k in keep]
        last: dict[int, int] = {}
        for i, (_fn, _dest, args) in enumerate(code):
            for a in args:
                last[a] = i
        kept = set(self.outputs)
        dests = {dest for _fn, dest, _args in code}
        free: list[list[int]] = [[] for _ in code]
        for a, i in last.items():
            if a in dests and a not in kept:
                free[i].append(a)
        self.code = [
            (fn, dest, args, tuple(f)) for (fn, dest, args), f in zip(code, free, strict=True)
        ]
        self.regs = regs

    def run(self, draws: Sequence[Array], n: int) -> list[Array]:
        """The kept nodes' values for ``n`` draws (``draws``: ``n`` values of each drawn
        input, in :attr:`drawn` order); a node no draw moves is a single value."""
        regs = list(self.regs)
        for i, d in enumerate(draws):
            if d.shape != (n,):
                raise ValueError(f"{self.drawn[i]!r}: {d.shape} draws, expected ({n},)")
            regs[i] = d
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for fn, dest, args, free in self.code:
                regs[dest] = fn(*[regs[a] for a in args])
                for f in free:
                    regs[f] = None
        return [regs[s] for s in self.outputs]  # type: ignore[misc]


def _divide(a: Array, b: Array) -> Array:
    return np.where(b == 0, np.nan, a / b)  # the exact interpreter's error: no value


_BINARY: dict[str, Callable[..., Array]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": _divide,
}


def _spread(n: int, k: int, t: Array) -> Array:
    # whole kroner: whole shares, the remaining kroner in the earliest shares
    base = np.floor(t / n)
    rest = t - base * n
    whole = np.where(k < rest, base + 1, base)
    return np.asarray(np.where(t == np.floor(t), whole, t / n), dtype=np.float64)


def _first_year_of(years: tuple[int, ...], test: str, has_start: bool, *args: Array) -> Array:
    if has_start:
        return _first_year(years, list(args[:-1]), test, args[-1])
    return _first_year(years, list(args), test, None)


def _needed(model: Model, keep: Iterable[NodeId]) -> set[NodeId]:
    """The nodes ``keep`` uses, directly or through others, and themselves."""
    needed: set[NodeId] = set()
    stack = list(keep)
    while stack:
        node = stack.pop()
        if node in needed:
            continue
        needed.add(node)
        stack.extend(refs(model.nodes[node].expr))
    return needed


def _full(v: Array, n: int) -> Array:
    if v.shape == (n,):
        return v
    return np.broadcast_to(v, (n,))


def passes(v: Array, test: str) -> npt.NDArray[np.bool_]:
    """Whether each figure, shown rounded half up, passes a year test (``NaN`` never does)."""
    if test == "nonpos":
        return v < _HALF
    if test == "nonzero":
        return np.abs(v) >= _HALF
    return v > -_HALF  # nonneg, stays_nonneg


class _Interpreter:
    __slots__ = ("inputs", "values")

    def __init__(self, inputs: Mapping[InputKey, Array], values: dict[NodeId, Array]) -> None:
        self.inputs = inputs
        self.values = values

    def ev(self, e: Expr) -> Array:
        match e:
            case Ref(node):
                return self.values[node]
            case Input(key):
                return self.inputs[key]
            case Const(value):
                return np.asarray(float(value), dtype=np.float64)
            case Sum(args):
                if not args:
                    return np.asarray(0.0)
                total = self.ev(args[0])
                for a in args[1:]:
                    total = total + self.ev(a)
                return np.asarray(total, dtype=np.float64)
            case Op(op, args):
                return _op(op, [self.ev(a) for a in args])
            case Min(args):
                vals = [self.ev(a) for a in args]
                acc = vals[0]
                for v in vals[1:]:
                    acc = np.minimum(acc, v)  # NaN ("not reached") propagates, as None does
                return np.asarray(acc, dtype=np.float64)
            case Max(args):
                vals = [self.ev(a) for a in args]
                acc = vals[0]
                for v in vals[1:]:
                    acc = np.maximum(acc, v)
                return np.asarray(acc, dtype=np.float64)
            case Earliest(args):
                # the earliest year reached; NaN ("not reached") left out, NaN if all are
                acc = np.asarray(np.nan)
                for a in args:
                    acc = np.fmin(acc, self.ev(a))
                return np.asarray(acc, dtype=np.float64)
            case Spread(total_expr, n, k):
                return _spread(n, k, self.ev(total_expr))
            case FirstYear(years, series, test, start):
                first = None if start is None else self.ev(start)
                return _first_year(years, [self.ev(x) for x in series], test, first)
        raise TypeError(f"not a node kind: {e!r}")


def _op(op: str, vals: list[Array]) -> Array:
    if op == "neg":
        return np.asarray(-vals[0], dtype=np.float64)
    if op == "abs":
        return np.asarray(np.abs(vals[0]), dtype=np.float64)
    acc = vals[0]
    for v in vals[1:]:
        if op == "+":
            acc = acc + v
        elif op == "-":
            acc = acc - v
        elif op == "*":
            acc = acc * v
        else:
            acc = _divide(acc, v)
    return np.asarray(acc, dtype=np.float64)


def _first_year(
    years: tuple[int, ...], series: list[Array], test: str, first: Array | None
) -> Array:
    """The first year whose figure passes ``test`` (see :class:`~businesscase.calc.expr.FirstYear`),
    per draw; ``NaN`` for none, and where a year that counts has no value.

    The years are scanned only as long as some draw is still undecided: most first years are
    found in the first year or two.
    """
    shape = np.broadcast_shapes(*(s.shape for s in series), () if first is None else first.shape)
    result = np.full(shape, np.nan)
    if first is None:
        first = np.asarray(float(years[0]))
    fixed = first.ndim == 0  # one first year for every draw: no need to compare per draw
    start = float(first) if fixed else 0.0
    if fixed and math.isnan(start):
        return result
    if test == "stays_nonneg":
        # the first year from which every later one passes: scanned from the last year back
        missing = np.zeros(shape, dtype=bool)
        for v in series:
            if math.isnan(np.min(v)):
                missing |= np.isnan(v)
        holds = np.ones(shape, dtype=bool)
        for year, v in zip(reversed(years), reversed(series), strict=True):
            if fixed and year < start:
                break
            holds &= passes(v, test)
            if not holds.any():
                break
            found = holds if fixed else holds & (year >= first)
            result[found] = float(year)
        result[missing] = np.nan
        if not fixed:
            result[np.isnan(first)] = np.nan
        return result
    open_ = np.ones(shape, dtype=bool) if fixed else ~np.isnan(first)
    for year, v in zip(years, series, strict=True):
        if fixed and year < start:
            continue
        counted = open_ if fixed else open_ & (year >= first)
        hit = counted & passes(v, test)
        result[hit] = float(year)
        if math.isnan(np.min(v)):  # a year with no value: no answer
            hit |= counted & np.isnan(v)
        open_ &= ~hit
        if not open_.any():
            break
    return result


# --- Drawing from ranges, and simulating ------------------------------------------------------


class RangeLike(Protocol):
    """A range as :class:`businesscase.model.Range` gives it."""

    @property
    def low(self) -> Decimal: ...
    @property
    def high(self) -> Decimal: ...
    @property
    def mode(self) -> Decimal | None: ...
    @property
    def kind(self) -> str: ...


def sample(rng: np.random.Generator, r: RangeLike, written: float, n: int) -> Array:
    """``n`` draws from a range; the mode of a triangular or PERT range is the written value
    unless the range gives one."""
    low, high = float(r.low), float(r.high)
    mode = written if r.mode is None else float(r.mode)
    if high <= low:
        return np.full(n, low)
    if r.kind == "uniform":
        return rng.uniform(low, high, n)
    if r.kind == "triangular":
        return rng.triangular(low, mode, high, n)
    # PERT: a beta distribution on [low, high] whose mode is ``mode``, with weight 4 on it
    a = 1 + 4 * (mode - low) / (high - low)
    b = 1 + 4 * (high - mode) / (high - low)
    return low + rng.beta(a, b, n) * (high - low)
