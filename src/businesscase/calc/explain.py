"""How a figure is derived: a node of the model, walked down to the inputs it rests on.

:func:`derive` gives a :class:`Step` tree: the node, its exact value, its definition, and the
steps of the nodes it uses (to a depth), with every input it reads. Nothing is computed here
that the evaluation does not already hold; the renderer (:mod:`businesscase.render.explain`)
only lays the tree out, with each input's ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_, _
from .exact import Evaluation, Value
from .expr import Expr, FirstYear, InputKey, NodeId, Ref, inputs, refs
from .model import Model

_ROW_WORDS = {
    "line": N_("the line{name}"),
    "group": N_("the row{name}"),
    "net": N_("the net{name}"),
    "cumulative": N_("the cumulative{name}"),
    "drawn": N_("the drawn{name}"),
    "repayment": N_("the repayment{name}"),
    "pool_balance": N_("the pool balance{name}"),
    "pool_drawn": N_("the drawn{name}"),
    "pool_repaid": N_("the repaid{name}"),
    "grant": N_("the grant{name}"),
    "grants": N_("the grants{name}"),
    "own_net": N_("the own net{name}"),
    "own_cumulative": N_("the own cumulative{name}"),
    "count": N_("the count{name}"),
    "unit_cost": N_("the unit cost{name}"),
    "phase": N_("the phase-in{name}"),
    "discount": N_("the discount factor{name}"),
    "undrawn": N_("the still to be drawn{name}"),
    "costs": N_("the costs{name}"),
}
"""A row of the model in words, for messages (``{name}``: its name, quoted, if it has one)."""


@dataclass
class Step:
    node: NodeId
    value: Value
    expr: Expr
    children: list[Step] = field(default_factory=list)
    inputs: list[InputKey] = field(default_factory=list)


_SAME_ROW_DEPTH = {"cumulative", "own_cumulative", "pool_balance", "discount", "undrawn"}
"""Rows defined from their own previous year: not walked back year by year."""


def derive(ev: Evaluation, node: NodeId, depth: int = 3) -> Step:
    """The derivation of ``node`` down to ``depth`` levels of nodes, with every input used."""
    model = ev.model
    expr = model.nodes[node].expr
    step = Step(node, ev.get(node), expr, inputs=inputs(expr))
    if depth <= 0:
        return step
    seen: set[NodeId] = set()
    if isinstance(expr, FirstYear):
        # A key figure: the row it scans is shown as one line of values by the renderer;
        # only the start year is derived further.
        if isinstance(expr.start, Ref):
            step.children.append(derive(ev, expr.start.node, 0))
        return step
    for ref in refs(expr):
        if ref in seen:
            continue
        seen.add(ref)
        if ref[0] == node[0] and ref[0] in _SAME_ROW_DEPTH:
            continue
        child_depth = depth - 1
        if ref[0] in ("param", "value", "phase", "price_factor"):
            child_depth = max(child_depth, 1)  # always show where a figure's inputs come from
        step.children.append(derive(ev, ref, child_depth))
    return step


def first_source(model: Model, node: NodeId) -> tuple[str | int, ...]:
    """The place in the case file a figure comes from: the first input it rests on."""
    if node[0] == "value":
        return tuple(node[1:])  # type: ignore[arg-type]
    if node[0] == "param":
        return ("parameters", str(node[1]))
    for info in model.lines:
        if node[:2] == ("line", info.name):
            return info.path
    stack = [node]
    seen: set[NodeId] = set()
    while stack:
        current = stack.pop()
        if current in seen or current not in model.nodes:
            continue
        seen.add(current)
        expr = model.nodes[current].expr
        found = inputs(expr)
        if found:
            return found[0]
        stack.extend(reversed(refs(expr)))
    return ()


def describe(model: Model, node: NodeId) -> str:
    """A node in words, for messages: ``line 'Familiebehandling' in 2023``."""
    kind = str(node[0])
    name = model.nodes[node].name if node in model.nodes else None
    year = node[-1] if isinstance(node[-1], int) and len(node) > 1 else None
    if kind == "param":
        return _("the parameter '{name}'").format(name=node[1])
    if kind == "value":
        return _("the formula at {path}").format(path=".".join(str(p) for p in node[1:]))
    quoted = f" '{name}'" if name else ""
    words = _ROW_WORDS.get(kind)
    what = _(words).format(name=quoted) if words else f"the {kind.replace('_', ' ')}{quoted}"
    return what if year is None else _("{what} in {year}").format(what=what, year=year)
