"""The node kinds of the calculation model: a small closed set of frozen expressions.

Every figure of a case is a node (:mod:`businesscase.calc.model`) whose definition is one of
these expressions over inputs (numbers written in the case file) and other nodes. Each
interpreter is a ``match`` over exactly these kinds, so a figure defined once is evaluated
exactly (:mod:`~businesscase.calc.exact`), over arrays of draws
(:mod:`~businesscase.calc.vector`), written as a spreadsheet formula, or explained, without
being defined again.

Conventions
-----------
* Amounts are kroner, signed as in the documents' tables: a cost negative, a saving positive.
* A *year* value (a key figure such as the payback year) is an ``int`` or ``None`` ("not
  reached"); ``None`` propagates through arithmetic.
* Tests on a year's figure are made on the figure **as shown**, rounded half up to whole
  kroner, so that a key figure never contradicts a row: a cumulative of -0,30 kr. shows as 0
  and counts as reached (:data:`THRESHOLDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

Num = int | Fraction
"""An exact number: ``int`` where the value is whole (fast), ``Fraction`` otherwise."""

NodeId = tuple[object, ...]
"""``("line", name, year)``, ``("net", department, year)``, ``("payback", department)`` …"""

InputKey = tuple[str | int, ...]
"""The path of a number in the case file: ``("avoided", 2, "unit_cost")``."""


@dataclass(frozen=True, slots=True)
class Const:
    """A number that is not an input: a sign, a year count, 1 for "no phase-in"."""

    value: Num


@dataclass(frozen=True, slots=True)
class Input:
    """A number written in the case file, found by its path (see ``Model.inputs``)."""

    key: InputKey


@dataclass(frozen=True, slots=True)
class Ref:
    """The value of another node."""

    node: NodeId


OpName = Literal["+", "-", "*", "/", "neg", "abs"]


@dataclass(frozen=True, slots=True)
class Op:
    """Arithmetic: ``+ - * /`` fold left over ``args``; ``neg`` and ``abs`` take one."""

    op: OpName
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Sum:
    """The sum of its terms (0 when there are none): a row of a table, a total."""

    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Min:
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Max:
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Spread:
    """The ``k``-th (0-based) of ``n`` even shares of ``total``.

    A whole-kroner total is split in whole kroner with the remaining kroner in the earliest
    shares (3.250.700 over 3 is 1.083.567, 1.083.567, 1.083.566); any other total exactly.
    """

    total: Expr
    n: int
    k: int


@dataclass(frozen=True, slots=True)
class Earliest:
    """The earliest of several years, leaving out those not reached (``None``); ``None``
    when none is reached. The first year anything happens in a department is the earliest
    of its lines' first years."""

    args: tuple[Expr, ...]


Test = Literal["nonneg", "nonpos", "nonzero", "stays_nonneg"]

THRESHOLDS = Fraction(1, 2)
"""A figure shown rounded half up is ≥ 0 exactly when it is > -1/2, ≤ 0 when < 1/2, and not
0 when its size is ≥ 1/2."""


@dataclass(frozen=True, slots=True)
class FirstYear:
    """The first of ``years`` whose figure in ``series`` passes ``test``, or ``None``.

    ``nonneg``: shown ≥ 0; ``nonpos``: shown ≤ 0; ``nonzero``: shown ≠ 0; ``stays_nonneg``:
    shown ≥ 0 in that year and every later one. With ``start`` (an expression giving a year),
    years before it are not considered, and a ``None`` start gives ``None``.
    """

    years: tuple[int, ...]
    series: tuple[Expr, ...]
    test: Test
    start: Expr | None = None


Expr = Const | Input | Ref | Op | Sum | Min | Max | Earliest | Spread | FirstYear


def walk(expr: Expr) -> list[Expr]:
    """The expression and every expression inside it, depth first, left to right; the
    nodes it refers to are not entered (each is a figure of its own)."""
    out: list[Expr] = []
    stack = [expr]
    while stack:
        e = stack.pop()
        out.append(e)
        match e:
            case Op(_, args) | Sum(args) | Min(args) | Max(args) | Earliest(args):
                stack.extend(reversed(args))
            case Spread(total, _, _):
                stack.append(total)
            case FirstYear(_, series, _, start):
                stack.extend(reversed(series))
                if start is not None:
                    stack.append(start)
            case _:
                pass
    return out


def refs(expr: Expr) -> list[NodeId]:
    """The nodes an expression refers to directly, in order."""
    return [e.node for e in walk(expr) if isinstance(e, Ref)]


def inputs(expr: Expr) -> list[InputKey]:
    """The inputs an expression uses directly (not through other nodes), in order."""
    return [e.key for e in walk(expr) if isinstance(e, Input)]
