"""What is at stake in a case, defined once for ``simulate`` and ``sensitivity``.

Most of these figures are nodes of the model already (total net, payback, the pool's balance
and the year it is repaid, the NPV). One is not, and is defined here, as nodes over the
model's own, so that the exact and the vectorised interpreters evaluate the same definition:

* the **shortfall** of a year: the part of that year's repayment to the pools that the
  year's net result does not cover, ``max(0, min(repayment, repayment − net))``; and its
  total over the period. A shortfall of 0 means the savings cover every repayment. (A year
  with a deficit and no repayment has no shortfall: the deficit is the investment itself.)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from .expr import Const, InputKey, Max, Min, NodeId, Op, Ref, Sum
from .model import Model, Node

if TYPE_CHECKING:
    from .exact import Evaluation

SHORTFALL = "shortfall"


@dataclass(frozen=True, slots=True)
class Stakes:
    """The node ids of what is at stake for the whole case."""

    total_net: NodeId
    npv: NodeId | None
    shortfall: NodeId
    payback: NodeId
    pool_repaid: NodeId
    pool_balance_end: NodeId
    net: tuple[NodeId, ...]
    cumulative: tuple[NodeId, ...]
    has_pool: bool

    def scalars(self) -> dict[str, NodeId]:
        out = {
            "total_net": self.total_net,
            "shortfall": self.shortfall,
            "payback_year": self.payback,
            "pool_repaid_year": self.pool_repaid,
            "pool_balance_end": self.pool_balance_end,
        }
        if self.npv is not None:
            out["npv"] = self.npv
        return out


def with_stakes(model: Model, scope: str | None = None) -> tuple[Model, Stakes]:
    """The model with the shortfall nodes of ``scope`` added (a department's id, or ``None``
    for the whole case), and the ids of every figure at stake for it.

    A department's figures are its own lines' and its own pools': its shortfall is the part
    of its pools' repayments that its own net does not cover.
    """
    nodes = dict(model.nodes)
    years = model.years
    for y in years:
        pay = Ref(("repayment", scope, y))
        uncovered = Op("-", (pay, Ref(("net", scope, y))))
        nodes[(SHORTFALL, scope, y)] = Node(Max((Min((pay, uncovered)), Const(0))))
    total: NodeId = ("total", SHORTFALL, scope)
    nodes[total] = Node(Sum(tuple(Ref((SHORTFALL, scope, y)) for y in years)))
    npv: NodeId = ("npv", scope)
    stakes = Stakes(
        total_net=("total", "net", scope),
        npv=npv if npv in nodes else None,
        shortfall=total,
        payback=("payback", scope),
        pool_repaid=("pool_repaid", scope),
        pool_balance_end=("pool_balance", scope, years[-1]),
        net=tuple(("net", scope, y) for y in years),
        cumulative=tuple(("cumulative", scope, y) for y in years),
        has_pool=any(
            f.kind == "pool" and (scope is None or f.department == scope) for f in model.funding
        ),
    )
    return replace(model, nodes=nodes), stakes


def input_label(model: Model, key: InputKey) -> str:
    """How an input with a range is named in the output: a parameter by its name, a written
    value by its line (or pool, grant …), its field and the years it is written for."""
    parts = input_parts(model, key)
    if parts["field"] is None:
        return str(parts["owner"])
    label = f"{parts['owner']}: {parts['field']}" if parts["owner"] else str(parts["field"])
    return label if parts["years"] is None else f"{label} {parts['years']}"


_FUNDING_PARTS = {
    "repayment": {"amount": "repayment"},
    "interest": {},
    "recycling": {"share": "recycled_share"},
}
"""A pool's repayment amount is named ``repayment`` (not the pool's own ``amount``), its
recycled share ``recycled_share`` (not a grant's ``share``)."""


def input_parts(model: Model, key: InputKey) -> dict[str, str | None]:
    """An input with a range in parts, for an output to name in its own language: ``owner``
    (a parameter's name; a line's, pool's or grant's), ``field`` (``count``, ``amount`` …;
    ``None`` for a parameter) and ``years`` (the years it is written for, when it is)."""
    if len(key) == 2 and key[0] == "parameters":
        return {"owner": str(key[1]), "field": None, "years": None}
    info = model.inputs[key]
    if key[0] == "discounting":
        return {"owner": None, "field": "discount_rate", "years": None}
    if key[0] == "funding" and len(key) == 4 and key[2] in _FUNDING_PARTS:
        field = _FUNDING_PARTS[str(key[2])].get(str(key[3]), str(key[3]))
        return {"owner": info.owner, "field": field, "years": None}
    last = key[-1]
    years = None
    if (isinstance(last, int) and not isinstance(last, bool)) or (
        isinstance(last, str) and last[:4].isdigit()
    ):
        years = str(last)
    return {"owner": info.owner, "field": info.field, "years": years}


def break_even_share(model: Model, ev: Evaluation, scope: str | None = None) -> Fraction | None:
    """The share of the expected avoided measures at which the case just breaks even over
    its period (total net 0), every other figure as written; ``None`` without any.

    Each avoided line is its count × unit cost (× phase-in, × price factor): scaling every
    count by ``s`` scales the avoided lines' total ``B`` by ``s``, so the total net ``T``
    becomes ``T − B + s·B``, which is 0 at ``s = 1 − T / B``.
    """
    lines = [info for info in model.lines if scope is None or info.department == scope]
    avoided = [ev.get(("total", "line", info.name)) for info in lines]
    sections = [info.section for info in lines]
    total = ev.get(("total", "net", scope))
    if total is None or any(v is None for v in avoided):
        return None
    b = sum(
        (Fraction(v) for v, s in zip(avoided, sections, strict=True) if s == "avoided" and v),
        Fraction(0),
    )
    if b == 0:
        return None
    return 1 - Fraction(total) / b
