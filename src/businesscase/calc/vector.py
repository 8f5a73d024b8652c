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
broadcast to ``n`` values (a read-only view, no memory): only what the draws move costs
``n`` floats per node.

This is the only module that imports numpy; the commands that need it import it when they run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

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
    work to the nodes they use (a caller bounds memory by evaluating its draws in chunks).
    """
    written: dict[InputKey, Array] = {
        key: np.asarray(float(info.value), dtype=np.float64) for key, info in model.inputs.items()
    }
    if draws:
        for key, given in draws.items():
            if key not in written:
                raise KeyError(f"not an input of the model: {key!r}")
            arr = np.asarray(given, dtype=np.float64)
            if arr.shape != (n,):
                raise ValueError(f"{key!r}: {arr.shape} draws, expected ({n},)")
            written[key] = arr
    values: dict[NodeId, Array] = {}
    interp = _Interpreter(written, values)
    needed = None if keep is None else _needed(model, keep := list(keep))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for node_id, node in model.nodes.items():
            if needed is None or node_id in needed:
                values[node_id] = interp.ev(node.expr)
    wanted = values.keys() if keep is None else keep
    return {k: _full(values[k], n) for k in wanted}


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
                t = self.ev(total_expr)
                # whole kroner: whole shares, the remaining kroner in the earliest shares
                base = np.floor(t / n)
                rest = t - base * n
                whole = np.where(k < rest, base + 1, base)
                return np.asarray(np.where(t == np.floor(t), whole, t / n), dtype=np.float64)
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
            acc = np.where(v == 0, np.nan, acc / v)  # the exact interpreter's error: no value
    return np.asarray(acc, dtype=np.float64)


def _first_year(
    years: tuple[int, ...], series: list[Array], test: str, first: Array | None
) -> Array:
    shape = np.broadcast_shapes(*(s.shape for s in series), () if first is None else first.shape)
    nan = np.full(shape, np.nan)
    if first is None:
        first = np.asarray(float(years[0]))
    if test == "stays_nonneg":
        # the first year from which every later one passes; no value if any year has none
        found = nan.copy()
        missing = np.zeros(shape, dtype=bool)
        for year, v in zip(years, series, strict=True):
            missing |= np.isnan(v)
            counted = year >= first
            ok = passes(v, test)
            found = np.where(counted, np.where(ok, np.fmin(found, float(year)), np.nan), found)
        return np.where(missing | np.isnan(first), np.nan, found)
    result = nan.copy()
    done = np.isnan(first) | np.zeros(shape, dtype=bool)
    for year, v in zip(years, series, strict=True):
        counted = ~done & (year >= first)
        hit = counted & passes(v, test)
        result = np.where(hit, float(year), result)
        done = done | hit | (counted & np.isnan(v))  # a year with no value: no answer
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


@dataclass
class Simulation:
    """Per draw, every figure at stake (``float64``; years ``NaN`` when not reached), and
    per year net and cumulative (``float32``, enough for percentiles to the krone)."""

    n: int
    seed: int
    scalars: dict[str, Array]
    net: npt.NDArray[np.float32]
    cumulative: npt.NDArray[np.float32]


CHUNK = 65_536
"""Draws evaluated at once: memory stays bounded whatever the number of draws."""


def simulate(
    model: Model,
    scalars: Mapping[str, NodeId],
    net: Sequence[NodeId],
    cumulative: Sequence[NodeId],
    n: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> Simulation:
    """``n`` draws of every ranged input (each drawn once per draw, independently), in
    chunks; the same seed gives the same draws."""
    rng = np.random.default_rng(seed)
    out = {name: np.empty(n) for name in scalars}
    net_out = np.empty((len(net), n), dtype=np.float32)
    cum_out = np.empty((len(cumulative), n), dtype=np.float32)
    keep = [*scalars.values(), *net, *cumulative]
    done = 0
    while done < n:
        m = min(CHUNK, n - done)
        draws = {
            key: sample(rng, r, float(model.inputs[key].value), m)
            for key, r in model.ranges.items()
        }
        values = evaluate(model, draws, m, keep=keep)
        for name, node in scalars.items():
            out[name][done : done + m] = values[node]
        for k, node in enumerate(net):
            net_out[k, done : done + m] = values[node]
        for k, node in enumerate(cumulative):
            cum_out[k, done : done + m] = values[node]
        done += m
        if progress is not None:
            progress(done)
    return Simulation(n, seed, out, net_out, cum_out)


def quantiles(values: npt.NDArray[np.floating[Any]], qs: Sequence[float]) -> list[float]:
    """The quantiles of the draws (linear between order statistics, numpy's default)."""
    return [float(x) for x in np.quantile(values.astype(np.float64), qs)]


def share(mask: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """The share of draws where ``mask`` holds, and its Monte Carlo standard error."""
    p = float(np.mean(mask))
    return p, math.sqrt(p * (1 - p) / mask.size)


def same(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> bool:
    """Whether two arrays of draws are equal in every draw (NaN equal to NaN)."""
    return a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=True))


def mean(values: Array) -> float:
    return float(np.mean(values))


def counts(values: Array) -> dict[int | None, int]:
    """How many draws give each year (``None``: not reached)."""
    out: dict[int | None, int] = {}
    missing = np.isnan(values)
    if missing.any():
        out[None] = int(missing.sum())
    years, hits = np.unique(values[~missing], return_counts=True)
    for y, c in zip(years, hits, strict=True):
        out[int(y)] = int(c)
    return out


def not_after(values: Array, year: int) -> npt.NDArray[np.bool_]:
    """Draws whose year is reached by ``year`` (``NaN`` never is)."""
    return values <= year


def shown_positive(values: Array) -> npt.NDArray[np.bool_]:
    """Draws whose amount shows as more than 0 kr. (rounded half up)."""
    return passes(values, "nonzero") & (values > 0)
