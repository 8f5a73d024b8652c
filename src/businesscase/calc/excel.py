"""Spreadsheet formulas from the calculation model: each node kind maps to a formula template.

Given where every node and every input stands in a workbook (a :class:`Cell` per node id and
per input path), :class:`Formulas` writes a node's definition as an Excel formula that refers
to those cells, so the workbook recomputes as the exact interpreter does when an input
changes. Nothing is defined again: the formula is read off the same expression.

Templates (``A``, ``B`` … the arguments' formulas)::

    Const          42, 0.035, (1/3) for a fraction without a finite decimal
    Input, Ref     the cell: 'Inddata'!$C$5, D7
    Op + - * /     (A+B+C), (A-B), (A*B), (A/B)     fold left, as the interpreter does
    Op neg, abs    (-A), ABS(A)
    Sum            SUM(C5:I5) for a run of cells, SUM(A,B,…) otherwise, 0 when empty
    Min, Max       MIN(A,B), MAX(A,B)
    Spread         IF(T=INT(T),INT(T/n)+IF(k<MOD(T,n),1,0),T/n)   whole kroner, rest first
    FirstYear      a flat MIN over IF(test,year,9999) (no nesting limit for 100 years);
                   ``stays_nonneg`` from the last failing year: MAX(start,last+1)

A year value that is ``None`` ("not reached") is the empty text ``""``; arithmetic over it
gives ``""`` again (``IF(OR(A="",…),"",…)``), as ``None`` propagates in the interpreter.
A year test is made on the figure as shown (rounded half up): ``x>-0.5`` for "shown ≥ 0",
``x<0.5`` for "shown ≤ 0", ``ABS(x)>=0.5`` for "shown ≠ 0" (see ``expr.THRESHOLDS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

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
)
from .model import Model

MAX_LENGTH = 8192
"""The longest formula a spreadsheet accepts."""
NOT_FOUND = 9999
"""A year beyond any period, standing for "no year passes" inside a MIN."""


def column_letters(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


@dataclass(frozen=True, slots=True, order=True)
class Cell:
    """A cell of a workbook: sheet name, 0-based row and column."""

    sheet: str
    row: int
    col: int

    def a1(self, *, absolute: bool = False) -> str:
        d = "$" if absolute else ""
        return f"{d}{column_letters(self.col)}{d}{self.row + 1}"

    def ref(self, here: str, *, absolute: bool = False) -> str:
        """The reference as written in a formula on sheet ``here``."""
        a1 = self.a1(absolute=absolute)
        if self.sheet == here:
            return a1
        return "'" + self.sheet.replace("'", "''") + "'!" + a1


def nullable(model: Model) -> set[NodeId]:
    """The nodes whose value may be ``None``: year figures and what is computed from them."""
    out: set[NodeId] = set()
    for node_id, node in model.nodes.items():
        if _may_be_none(node.expr, out):
            out.add(node_id)
    return out


def _may_be_none(e: Expr, known: set[NodeId]) -> bool:
    match e:
        case FirstYear() | Earliest():
            return True
        case Ref(node):
            return node in known
        case Op(_, args) | Sum(args) | Min(args) | Max(args):
            return any(_may_be_none(a, known) for a in args)
        case Spread(total, _, _):
            return _may_be_none(total, known)
    return False


def number(value: Num) -> str:
    """A constant as a formula writes it: a finite decimal where there is one."""
    f = Fraction(value)
    if f.denominator == 1:
        text = str(f.numerator)
    else:
        d = f.denominator
        for p in (2, 5):
            while d % p == 0:
                d //= p
        if d == 1:
            places = 0
            scaled = f
            while scaled.denominator != 1:
                scaled *= 10
                places += 1
            digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
            text = ("-" if f < 0 else "") + digits[:-places] + "." + digits[-places:]
        else:
            return f"({f.numerator}/{f.denominator})"
    return f"({text})" if f < 0 else text


class Formulas:
    """Writes nodes as formulas over a layout of the workbook's cells.

    ``nodes`` and ``inputs`` give the cell of each node and input; ``helpers`` may give a cell
    for a sub-expression that is not a node of its own (the first year of a draw inside the
    pool's repaid year), so that a long expression is written once and referred to.
    """

    def __init__(
        self,
        model: Model,
        nodes: Mapping[NodeId, Cell],
        inputs: Mapping[InputKey, Cell],
        helpers: Mapping[Expr, Cell] | None = None,
    ) -> None:
        self.model = model
        self.nodes = nodes
        self.inputs = inputs
        self.helpers = dict(helpers or {})
        self.none = nullable(model)
        self.here = ""
        self._refs: dict[tuple[Cell, str, bool], str] = {}
        self._helper_kinds = {type(e) for e in self.helpers}

    def node(self, node_id: NodeId, here: str) -> str:
        """The formula (with ``=``) of a node, for a cell on sheet ``here``."""
        expr = self.model.nodes[node_id].expr
        if node_id not in self.none:  # an amount: no year in it can be "not reached"
            self.here = here
            return "=" + self._ex(expr)
        return self.formula(expr, here)

    def formula(self, e: Expr, here: str, *, helper: bool = False) -> str:
        """The formula of an expression; ``helper``: the expression's own helper cell."""
        self.here = here
        own = self.helpers.pop(e, None) if helper else None
        try:
            return "=" + self._top(e)
        finally:
            if own is not None:
                self.helpers[e] = own

    # --- templates --------------------------------------------------------------------------

    def _top(self, e: Expr) -> str:
        """An expression, giving "" when a year it uses is "" (``None`` propagates)."""
        if isinstance(e, FirstYear):
            return self._first_year(e)
        leaves = self._none_leaves(e)
        body = self._ex(e)
        if not leaves:
            return body
        test = (
            leaves[0] + '=""'
            if len(leaves) == 1
            else "OR(" + ",".join(f'{x}=""' for x in leaves) + ")"
        )
        return f'IF({test},"",{body})'

    def _none_leaves(self, e: Expr) -> list[str]:
        out: list[str] = []
        stack = [e]
        while stack:
            x = stack.pop()
            if self._helped(x):
                if self._may_be_none(x):
                    out.append(self._ex(x))
                continue
            match x:
                case Ref(node):
                    if node in self.none:
                        out.append(self._ex(x))
                case FirstYear() | Earliest():
                    out.append(self._ex(x))
                case Op(_, args) | Sum(args) | Min(args) | Max(args):
                    stack.extend(reversed(args))
                case Spread(total, _, _):
                    stack.append(total)
                case _:
                    pass
        return list(dict.fromkeys(out))

    def _may_be_none(self, e: Expr) -> bool:
        return _may_be_none(e, self.none)

    def _cell(self, cell: Cell, *, absolute: bool = False) -> str:
        key = (cell, self.here, absolute)
        text = self._refs.get(key)
        if text is None:
            text = self._refs[key] = cell.ref(self.here, absolute=absolute)
        return text

    def _helped(self, e: Expr) -> bool:
        """Whether ``e`` has a helper cell (only kinds that have one are looked up: an
        expression's hash walks the whole tree)."""
        return type(e) in self._helper_kinds and e in self.helpers

    def _ex(self, e: Expr) -> str:
        if self._helped(e):
            return self._cell(self.helpers[e])
        match e:
            case Const(value):
                return number(value)
            case Input(key):
                return self._cell(self.inputs[key], absolute=True)
            case Ref(node):
                return self._cell(self.nodes[node])
            case Op("neg", (a,)):
                return f"(-{self._ex(a)})"
            case Op("abs", (a,)):
                return f"ABS({self._ex(a)})"
            case Op(op, args):
                return "(" + op.join(self._ex(a) for a in args) + ")"
            case Sum(args):
                return self._sum(args)
            case Min(args):
                return "MIN(" + ",".join(self._ex(a) for a in args) + ")"
            case Max(args):
                return "MAX(" + ",".join(self._ex(a) for a in args) + ")"
            case Spread(total, n, k):
                t = self._ex(total)
                return f"IF({t}=INT({t}),INT({t}/{n})+IF({k}<MOD({t},{n}),1,0),{t}/{n})"
            case FirstYear():
                return self._first_year(e)
            case Earliest(args):
                # MIN over cells leaves out those that are "" (not reached); none: ""
                if not args:
                    return '""'
                cells = ",".join(self._ex(a) for a in args)
                return f'IF(COUNT({cells})=0,"",MIN({cells}))'
        raise TypeError(f"not a node kind: {e!r}")

    def _sum(self, args: tuple[Expr, ...]) -> str:
        if not args:
            return "0"
        if len(args) == 1:
            return self._ex(args[0])
        cells = [
            self.nodes[a.node] if isinstance(a, Ref) and not self._helped(a) else None for a in args
        ]
        if len(args) > 1 and all(c is not None for c in cells):
            run = [c for c in cells if c is not None]
            first, last = run[0], run[-1]
            same_row = all(
                c.sheet == first.sheet and c.row == first.row and c.col == first.col + i
                for i, c in enumerate(run)
            )
            same_col = all(
                c.sheet == first.sheet and c.col == first.col and c.row == first.row + i
                for i, c in enumerate(run)
            )
            if same_row or same_col:
                return f"SUM({self._cell(first)}:{last.a1()})"
        parts = [self._ex(a) for a in args]
        chunks = [parts[i : i + 255] for i in range(0, len(parts), 255)]
        return "+".join("SUM(" + ",".join(c) + ")" for c in chunks)

    def _first_year(self, e: FirstYear) -> str:
        years = e.years
        if list(years) != list(range(years[0], years[0] + len(years))):
            raise ValueError("a year test needs consecutive years")
        start = self._ex(e.start) if e.start is not None else None
        tests = [self._test(x, e.test) for x in e.series]
        if e.test == "stays_nonneg":
            # the year after the last one that fails, not before the start; "" if the last fails
            last = (
                "MAX(" + ",".join(f"IF({t},0,{y})" for t, y in zip(tests, years, strict=True)) + ")"
            )
            floor = f"{start},{last}+1" if start is not None else f"{last}+1,{years[0]}"
            body = f'IF({last}={years[-1]},"",MAX({floor}))'
        else:
            if start is not None:
                tests = [f"AND({y}>={start},{t})" for t, y in zip(tests, years, strict=True)]
            pairs = list(zip(tests, years, strict=True))
            first = "MIN(" + ",".join(f"IF({t},{y},{NOT_FOUND})" for t, y in pairs) + ")"
            body = f'IF({first}={NOT_FOUND},"",{first})'
            if len(body) > MAX_LENGTH // 2:  # a long period: nest instead (no repetition)
                body = '""'
                for t, y in reversed(pairs):
                    body = f"IF({t},{y},{body})"
        if e.start is not None and self._may_be_none(e.start):
            return f'IF({start}="","",{body})'
        return body

    def _test(self, x: Expr, test: str) -> str:
        v = self._ex(x)
        if test == "nonpos":
            return f"{v}<0.5"
        if test == "nonzero":
            return f"ABS({v})>=0.5"
        return f"{v}>-0.5"
