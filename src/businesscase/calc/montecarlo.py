"""Monte Carlo over the model: draws made and summarised in chunks, memory bounded whatever N.

Every ranged input is drawn once per draw (:func:`businesscase.calc.vector.sample`) and the
model is evaluated for the draws by a compiled program (:class:`~businesscase.calc.vector.Program`).
No draw is kept: each figure is summarised as the draws come.

* An amount's mean, and the draws where it shows as more than 0 kr. (a shortfall).
* A year's count of draws per year (``None``: not reached).
* An amount's percentiles, **exact**: the same numbers as ``numpy.quantile`` (linear between
  order statistics) over every draw, found in two passes over the same draws without keeping
  them. The first pass counts the draws in 4.096 bins between the least and greatest value of
  the first chunk (a value below or above them in a bin of its own); the bins holding the
  wanted order statistics are then known, and the second pass, which makes the same draws
  again from the same seed, keeps only the values in those bins. With no more draws than a
  chunk, the first chunk is all of them and one pass is enough.

The same seed gives the same draws, chunk by chunk, and therefore the same figures to the last
bit. Memory: a chunk of draws, a slice of evaluated arrays, the bins, the first chunk's values
of each amount, and the values in the wanted bins (a few thousandths of the draws at most,
values that repeat counted once).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .expr import InputKey, NodeId
from .model import Model
from .vector import Array, Program, sample

CHUNK = 65_536
"""Draws made at once. The random stream is made chunk by chunk: the same seed, the same draws."""
STEP = 8_192
"""Draws evaluated at once: the program's arrays of a slice stay in the processor's cache."""
BINS = 4_096
"""Bins of the first pass between the first chunk's least and greatest value."""
WINDOW = 6
"""How wide the first pass's windows are: six standard errors of a percentile of the first
chunk on either side of it (the percentile of all draws is almost never outside)."""
NARROW = 1 << 15
"""A window narrows each time it has kept this many more values."""
BUDGET = 1 << 18
"""The most values a window keeps before it counts those that repeat once; half as many
distinct values and it gives up, and two more passes find the percentile."""


@dataclass
class Result:
    """What :func:`simulate` found over ``n`` draws."""

    n: int
    seed: int
    quantiles: dict[str, tuple[float, ...]]
    """Per amount, its quantiles (``NaN`` when a draw has no value)."""
    means: dict[str, float]
    positive: dict[str, int]
    """Per amount, the draws whose amount shows as more than 0 kr. (rounded half up)."""
    years: dict[str, dict[int | None, int]]
    """Per year figure, how many draws give each year (``None``: not reached)."""


def simulate(
    model: Model,
    amounts: Mapping[str, NodeId],
    years: Mapping[str, NodeId],
    n: int,
    seed: int,
    qs: Sequence[float],
    progress: Callable[[int], None] | None = None,
    positive: Collection[str] = (),
) -> Result:
    """``n`` draws of every ranged input of ``model`` (each independently), summarised:
    the ``qs`` quantiles and the mean of each of ``amounts``, how many draws show each of
    ``positive`` above 0 kr., and how many give each year of each of ``years``."""
    keys = list(model.ranges)
    names = [*amounts, *years]
    program = Program(model, keys, [*amounts.values(), *years.values()])
    slot_of = dict(zip(names, program.outputs, strict=True))
    const = {name: not v for name, v in zip(names, program.varying, strict=True)}
    stats: dict[int, _Amount] = {}
    for name in amounts:
        if not const[name]:
            slot = slot_of[name]
            count = any(slot_of[other] == slot for other in positive)
            stats.setdefault(slot, _Amount(n, qs, count))
    counts: dict[int, _Years] = {}
    for name in years:
        if not const[name]:
            counts.setdefault(slot_of[name], _Years(model.years))
    first_values: list[Array] | None = None
    done = 0
    for m, values in _passes(model, keys, program, n, seed):
        by_slot = dict(zip(program.outputs, values, strict=True))
        for slot, s in stats.items():
            s.add(by_slot[slot])
        for slot, c in counts.items():
            c.add(by_slot[slot], m)
        if first_values is None:
            first_values = values
        done += m
        if progress is not None and (done % CHUNK == 0 or done == n):
            progress(done)
    assert first_values is not None
    constants = dict(zip(program.outputs, first_values, strict=True))
    wanted = {slot: s for slot, s in stats.items() if s.pending()}
    if wanted:  # a percentile outside its window: two more passes over the same draws
        nodes = {slot: node for name, node in amounts.items() if (slot := slot_of[name]) in wanted}
        again = Program(model, keys, list(nodes.values()))
        for step in ("count", "keep"):
            for _m, values in _passes(model, keys, again, n, seed):
                for slot, v in zip(nodes, values, strict=True):
                    wanted[slot].refine(step, v)
    out = Result(n, seed, {}, {}, {}, {})
    for name in amounts:
        slot = slot_of[name]
        if const[name]:
            x = float(constants[slot])
            out.quantiles[name] = tuple(x for _ in qs)
            out.means[name] = x
            if name in positive:
                out.positive[name] = n if x >= 0.5 else 0
        else:
            s = stats[slot]
            out.quantiles[name] = s.quantiles()
            out.means[name] = s.mean()
            if name in positive:
                out.positive[name] = s.positive
    for name in years:
        slot = slot_of[name]
        if const[name]:
            x = float(constants[slot])
            out.years[name] = {None if math.isnan(x) else int(x): n}
        else:
            out.years[name] = counts[slot].result()
    return out


def _passes(
    model: Model, keys: list[InputKey], program: Program, n: int, seed: int
) -> Iterator[tuple[int, list[Array]]]:
    """The program's values, slice after slice, for the ``n`` draws of ``seed``."""
    rng = np.random.default_rng(seed)
    ranges = [(model.ranges[k], float(model.inputs[k].value)) for k in keys]
    done = 0
    while done < n:
        m = min(CHUNK, n - done)
        draws = [sample(rng, r, written, m) for r, written in ranges]
        for start in range(0, m, STEP):
            part = [d[start : start + STEP] for d in draws]
            size = min(STEP, m - start)
            yield size, program.run(part, size)
        done += m


class _Years:
    """How many draws give each year; ``NaN`` is "not reached"."""

    def __init__(self, years: tuple[int, ...]) -> None:
        self.first = years[0]
        self.counts = np.zeros(len(years), dtype=np.int64)
        self.missing = 0
        self.other: dict[int, int] = {}

    def add(self, v: Array, m: int) -> None:
        v = np.broadcast_to(v, (m,))
        missing = np.isnan(v)
        k = int(np.count_nonzero(missing))
        self.missing += k
        found = v[~missing] if k else v
        if not found.size:
            return
        index = found - self.first
        if index.min() >= 0 and index.max() < self.counts.size:
            self.counts += np.bincount(index.astype(np.intp), minlength=self.counts.size)
            return
        for y, c in zip(*np.unique(found, return_counts=True), strict=True):
            self.other[int(y)] = self.other.get(int(y), 0) + int(c)

    def result(self) -> dict[int | None, int]:
        out: dict[int | None, int] = {
            self.first + i: int(c) for i, c in enumerate(self.counts) if c
        }
        for y, c in self.other.items():
            out[y] = out.get(y, 0) + c
        if self.missing:
            out[None] = self.missing
        return dict(sorted(out.items(), key=lambda t: (t[0] is None, t[0] or 0)))


class _Window:
    """Where the draws so far put one or more percentiles ``qs``, as a range of values ``low``
    to ``high``: the draws below it are counted and the draws within it kept, so that a
    percentile of all draws inside it is exact without a second pass.

    It starts from the first chunk and narrows as the draws come (the more draws, the better
    known where a percentile lies), so the values kept do not grow with the draws.
    """

    __slots__ = ("below", "high", "kept", "low", "qs", "seen")

    def __init__(self, qs: list[float], low: float, high: float) -> None:
        self.qs = qs
        self.low = low
        self.high = high
        self.below = 0
        self.seen = 0
        self.kept: _Kept | None = _Kept()

    def add(self, v: Array) -> None:
        self.below += int(np.count_nonzero(v < self.low))
        self.seen += v.size
        assert self.kept is not None
        self.kept.add(v[(v >= self.low) & (v <= self.high)])
        if self.kept.size > NARROW:
            self._narrow()
        if self.kept is not None and self.kept.full():
            self.kept = None  # too many to keep: the later passes find the percentile

    def _narrow(self) -> None:
        """Keep only the values within :data:`WINDOW` standard errors of each percentile of
        the draws so far."""
        assert self.kept is not None
        lo, hi = _span(self.qs, self.seen)
        lo, hi = lo - self.below, hi - self.below
        if hi < 0 or lo >= self.kept.total:
            self.kept = None  # the percentiles have left the window: the later passes
            return
        dropped, self.low, self.high = self.kept.trim(lo, hi)
        self.below += dropped

    def get(self, r: int) -> float | None:
        """The ``r``-th smallest draw (0-based) if it is within the window."""
        if self.kept is None or not self.below <= r < self.below + self.kept.total:
            return None
        return self.kept.nth(r - self.below)


def _span(qs: Sequence[float], m: int) -> tuple[int, int]:
    """The ranks among ``m`` draws within :data:`WINDOW` standard errors of the ``qs``."""
    lo, hi = m - 1, 0
    for q in qs:
        margin = WINDOW * math.sqrt(q * (1 - q) * m) + 2
        lo = min(lo, max(math.floor(q * (m - 1) - margin), 0))
        hi = max(hi, min(math.ceil(q * (m - 1) + margin), m - 1))
    return lo, hi


class _Amount:
    """An amount's mean, its draws shown above 0, and its exact percentiles."""

    def __init__(self, n: int, qs: Sequence[float], count_positive: bool) -> None:
        self.n = n
        self.qs = qs
        self.count_positive = count_positive
        self.total = 0.0
        self.positive = 0
        self.nan = False
        self.low = math.inf
        self.high = -math.inf
        self.first: list[Array] | None = []
        self.seen = 0
        self.windows: list[_Window] = []
        self.found: dict[int, float] = {}
        """Each wanted order statistic (0-based), once found."""
        self.bins: _Bins | None = None

    def add(self, v: Array) -> None:
        s = float(np.sum(v))
        self.total += s
        if self.count_positive:
            self.positive += int(np.count_nonzero(v >= 0.5))
        if math.isnan(s) and bool(np.isnan(v).any()):
            self.nan = True  # a draw without a value: percentiles have none either
        if self.nan:
            return
        self.low = min(self.low, float(np.min(v)))
        self.high = max(self.high, float(np.max(v)))
        if self.first is not None:
            self.first.append(v.copy())
            self.seen += v.size
            if self.seen < min(self.n, CHUNK) or self.n <= CHUNK:
                return  # with no more draws than a chunk, exact percentiles from all of them
            v = np.concatenate(self.first)
            self.first = None
            self._start(v)
        for w in self.windows:
            if w.kept is not None:
                w.add(v)

    def _start(self, pilot: Array) -> None:
        """The windows around the percentiles of the first chunk (one for percentiles close
        enough to share one)."""
        m = pilot.size
        spans = sorted((*_span((q,), m), q) for q in self.qs)
        ordered = np.partition(pilot, sorted({r for lo, hi, _q in spans for r in (lo, hi)}))
        merged: list[tuple[list[float], float, float]] = []
        for lo, hi, q in spans:
            a, b = float(ordered[lo]), float(ordered[hi])
            if merged and a <= merged[-1][2]:
                qs, low, high = merged[-1]
                merged[-1] = ([*qs, q], low, max(high, b))
            else:
                merged.append(([q], a, b))
        self.windows = [_Window(qs, a, b) for qs, a, b in merged]

    def _wanted_ranks(self) -> list[int]:
        out: set[int] = set()
        for q in self.qs:
            virtual = (self.n - 1) * q
            if virtual >= self.n - 1:
                out.add(self.n - 1)
            else:
                below = max(math.floor(virtual), 0)
                out.update((below, below + 1))
        return sorted(out)

    def pending(self) -> bool:
        """Whether a wanted percentile is outside every window (and needs more passes)."""
        if self.nan or self.first is not None:
            return False
        missing = []
        for r in self._wanted_ranks():
            found = next((x for w in self.windows if (x := w.get(r)) is not None), None)
            if found is None:
                missing.append(r)
            else:
                self.found[r] = found
        self.windows = []
        if missing:
            self.bins = _Bins(self.low, self.high, missing)
        return bool(missing)

    def refine(self, step: str, v: Array) -> None:
        assert self.bins is not None
        if step == "count":
            self.bins.count(v)
        else:
            self.bins.keep(v)

    def quantiles(self) -> tuple[float, ...]:
        if self.nan:
            return tuple(math.nan for _ in self.qs)
        if self.first is not None:
            return tuple(float(x) for x in np.quantile(np.concatenate(self.first), self.qs))
        if self.bins is not None:
            self.found.update(self.bins.result())
        return tuple(interpolate(self.n, q, self.found.__getitem__) for q in self.qs)

    def mean(self) -> float:
        return self.total / self.n


class _Bins:
    """The order statistics ``ranks`` of draws between ``low`` and ``high`` (their least and
    greatest), in two passes: one counts the draws in each of :data:`BINS` bins, the next
    keeps only those in the bins where the ranks fall."""

    def __init__(self, low: float, high: float, ranks: list[int]) -> None:
        self.low = low
        width = high - low
        scale = BINS / width if width > 0 else 1.0
        self.scale = scale if math.isfinite(scale) else 1.0
        self.ranks = ranks
        self.hist = np.zeros(BINS + 1, dtype=np.int64)
        self.kept: dict[int, _Kept] = {}
        self.below: dict[int, int] = {}

    def _bins(self, v: Array) -> npt.NDArray[np.intp]:
        """Each value's bin, increasing with the value, the same in both passes."""
        t = v - self.low
        t *= self.scale
        np.clip(t, 0, BINS, out=t)
        return t.astype(np.intp)  # truncated: the floor of a value not below 0

    def count(self, v: Array) -> None:
        self.hist += np.bincount(self._bins(v), minlength=BINS + 1)

    def keep(self, v: Array) -> None:
        if not self.kept:
            cum = np.cumsum(self.hist)
            for r in self.ranks:
                b = int(np.searchsorted(cum, r, side="right"))
                self.kept.setdefault(b, _Kept(limit=None))
                self.below[b] = int(cum[b] - self.hist[b])
        bins = self._bins(v)
        for b, kept in self.kept.items():
            kept.add(v[bins == b])

    def result(self) -> dict[int, float]:
        cum = np.cumsum(self.hist)
        out = {}
        for r in self.ranks:
            b = int(np.searchsorted(cum, r, side="right"))
            out[r] = self.kept[b].nth(r - self.below[b])
        return out


class _Kept:
    """Values kept for an order statistic; values that repeat are counted once."""

    def __init__(self, limit: int | None = BUDGET) -> None:
        self.limit = limit
        self.parts: list[Array] = []
        self.size = 0
        self.total = 0
        self.distinct: Array = np.empty(0)
        self.counts: npt.NDArray[np.float64] = np.empty(0)

    def add(self, values: Array) -> None:
        if values.size:
            self.parts.append(values)
            self.size += values.size
            self.total += values.size
            if self.size > (self.limit or BUDGET):
                self._compact()

    def full(self) -> bool:
        """Whether more distinct values are kept than the limit."""
        return self.limit is not None and self.distinct.size > self.limit // 2

    def _compact(self) -> None:
        if not self.parts:
            return
        values = np.concatenate([self.distinct, *self.parts])
        weights = np.concatenate([self.counts, np.ones(self.size)])
        order = np.argsort(values)
        values, weights = values[order], weights[order]
        starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
        self.distinct = values[starts]
        self.counts = np.add.reduceat(weights, starts)
        self.parts, self.size = [], 0

    def trim(self, lo: int, hi: int) -> tuple[int, float, float]:
        """Keep only the values from the ``lo``-th to the ``hi``-th smallest (0-based; beyond
        the values kept, none is dropped on that side): how many were dropped below, and the
        least and greatest value kept."""
        self._compact()
        cum = np.cumsum(self.counts)
        first = int(np.searchsorted(cum, lo, side="right")) if lo > 0 else 0
        last = int(np.searchsorted(cum, hi, side="right")) if hi < self.total - 1 else None
        last = min(last, self.distinct.size - 1) if last is not None else self.distinct.size - 1
        dropped = int(cum[first - 1]) if first else 0
        self.distinct = self.distinct[first : last + 1]
        self.counts = self.counts[first : last + 1]
        self.total = int(self.counts.sum())
        return dropped, float(self.distinct[0]), float(self.distinct[-1])

    def nth(self, k: int) -> float:
        """The ``k``-th smallest value kept (0-based)."""
        if not self.distinct.size:  # every value kept as it came: select, no sort
            values = np.concatenate(self.parts)
            return float(np.partition(values, k)[k])
        self._compact()
        cum = np.cumsum(self.counts)
        return float(self.distinct[int(np.searchsorted(cum, k, side="right"))])


def interpolate(n: int, q: float, order_statistic: Callable[[int], float]) -> float:
    """The ``q`` quantile of ``n`` values, linear between order statistics, computed as
    ``numpy.quantile`` computes it (the same float operations, the same result)."""
    virtual = (n - 1) * q
    if virtual >= n - 1:
        return order_statistic(n - 1)
    below = max(math.floor(virtual), 0)
    gamma = virtual - below
    a, b = order_statistic(below), order_statistic(below + 1)
    diff = b - a
    if gamma >= 0.5:
        return b - diff * (1 - gamma)
    return a + diff * gamma
