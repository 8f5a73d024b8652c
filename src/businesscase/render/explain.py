"""``explain``: a figure's derivation laid out as text or JSON.

The derivation itself (:func:`businesscase.calc.explain.derive`) is a tree of steps over the
calculation model; this module only names the nodes in the case's language, writes each
definition twice (in words, then in numbers) and places every input at its ``file:line:col``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..calc.exact import Evaluation, Value
from ..calc.explain import Step
from ..calc.expr import (
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
)
from ..fmt import kroner, number
from ..fmt import year as shown_year
from ..i18n import N_, in_language
from .labels import Labels

_KIND_WORDS = {
    "da": {
        "count": "antal",
        "unit_cost": "enhedspris",
        "phase": "indfasning",
        "discount": "diskonteringsfaktor",
        "start": "første år med beløb",
        "undrawn": "endnu ikke trukket",
        "costs": "omkostninger",
        "grants": "tilskud i alt",
        "own_cumulative": "egen netto akkumuleret",
        "price_factor": "prisfaktor",
        "pool_balance_of": "restgæld",
        "first_year": "første år fra {start} hvor {row} (som vist) er {test}",
        "stays": "første år fra {start} hvorfra {row} (som vist) forbliver ≥ 0",
        "none": "ikke nået",
        "total": "{row} i alt",
        "savings": "Besparelser",
        "year_of": "{label}, {year}",
        "spread": "{k}. af {n} lige store dele af {total}",
        "nonneg": "≥ 0",
        "nonpos": "≤ 0",
        "nonzero": "forskellig fra 0",
        "input": "i sagen",
        "amount": "beløb",
        "drawn": "træk",
        "received": "modtaget",
        "share": "andel",
        "hours_per_week": "timer pr. uge",
        "weeks": "uger",
        "hourly_rate": "timepris",
        "per_day": "pris pr. dag",
        "per_week": "pris pr. uge",
        "per_month": "pris pr. måned",
        "days": "dage om året",
        "months": "måneder om året",
        "any_line": "en linje",
        "earliest": "det tidligste af {years}",
        "earliest_lines": "det tidligste af linjernes første år med beløb",
        "line_start": "{name}, første år med beløb",
    },
    "en": {
        "count": "count",
        "unit_cost": "unit cost",
        "phase": "phase-in",
        "discount": "discount factor",
        "start": "first year with amounts",
        "undrawn": "still to be drawn",
        "costs": "costs",
        "grants": "grants in all",
        "own_cumulative": "own net, cumulative",
        "price_factor": "price factor",
        "pool_balance_of": "balance",
        "first_year": "first year from {start} in which {row} (as shown) is {test}",
        "stays": "first year from {start} from which {row} (as shown) stays ≥ 0",
        "none": "not reached",
        "total": "{row}, total",
        "savings": "Savings",
        "year_of": "{label}, {year}",
        "spread": "share {k} of {n} equal shares of {total}",
        "nonneg": "≥ 0",
        "nonpos": "≤ 0",
        "nonzero": "not 0",
        "input": "in the case",
        "per_day": "price per day",
        "per_week": "price per week",
        "per_month": "price per month",
        "days": "days a year",
        "months": "months a year",
        "any_line": "a line",
        "earliest": "the earliest of {years}",
        "earliest_lines": "the earliest of the lines' first years with an amount",
        "line_start": "{name}, first year with an amount",
    },
}

_YEAR_FIGURES = ("break_even", "payback", "pool_repaid", "start", "line_start")


_FOLLOWUP_WORDS = {
    "actual": N_("{name}, actual"),
    "deviation": N_("{name}, deviation from the plan"),
    "actual_to_date": N_("{name}, actual so far"),
    "plan_to_date": N_("{name}, planned so far"),
    "deviation_to_date": N_("{name}, deviation so far"),
    "effect": N_("{name}, realised share of the plan"),
}
"""The figures of a case's actuals (``calc.model``'s ``actual``, ``deviation`` … nodes)."""


@dataclass
class Namer:
    """Names of nodes and inputs in one language, and where each input stands in the file."""

    words: Labels
    lang: str
    pool: str
    locate: Callable[[InputKey], str]
    evaluation: Evaluation

    @property
    def k(self) -> dict[str, str]:
        return _KIND_WORDS[self.lang]

    def row(self, node: NodeId) -> str:
        """A row's name, without the year."""
        kind = str(node[0])
        model = self.evaluation.model
        name = model.nodes[node].name if node in model.nodes else None
        w, k = self.words, self.k
        fixed = {
            "net": w.net,
            "cumulative": w.cumulative,
            "drawn": w.drawn.format(pool=self.pool),
            "repayment": w.repayment.format(pool=self.pool),
            "own_net": w.own_net,
            "break_even": w.break_even,
            "payback": w.payback,
            "payback_period": w.payback_period,
            "pool_repaid": w.pool_repaid.format(pool=self.pool),
            "npv": w.npv.split(" (")[0],
        }
        if kind == "outlook":
            return in_language(self.lang, "{row}, re-projected").format(row=self.row(node[1:]))
        if kind in _FOLLOWUP_WORDS:
            return in_language(self.lang, _FOLLOWUP_WORDS[kind]).format(name=name)
        if kind == "pool_balance":
            return w.balance.format(pool=name or self.pool)
        if kind == "pool_drawn":
            return w.drawn.format(pool=name)
        if kind in ("pool_interest", "interest"):
            return w.interest.format(pool=name or self.pool)
        if kind in ("pool_written_off", "written_off"):
            return w.written_off.format(pool=name or self.pool)
        if kind in ("pool_recycled", "recycled"):
            return w.recycled.format(pool=name or self.pool)
        if kind == "pool_principal":
            return w.principal.format(pool=name or self.pool)
        if kind == "savings":
            return k["savings"]
        if kind == "line_start":
            return k["line_start"].format(name=name or node[1])
        if kind == "pool_repaid" and len(node) == 3:
            return w.repayment.format(pool=name)
        if kind in fixed and not (kind == "pool_repaid" and len(node) == 3):
            return fixed[kind]
        if kind == "grant":
            return w.grant.format(name=name)
        if kind in ("count", "unit_cost", "phase"):
            return k[kind]  # named within its line's derivation
        if kind == "param":
            return str(node[1])
        if kind == "value":  # a formula written for a count, a price …: named by its field
            fields = [p for p in node[1:] if isinstance(p, str) and p in k]
            return k[fields[-1]] if fields else ".".join(str(p) for p in node[1:])
        if kind == "total":
            return k["total"].format(row=self.row((*node[1:], 0)))
        if name:
            return name
        return k.get(kind, kind.replace("_", " "))

    def node(self, node: NodeId) -> str:
        """A node's name with its year, when it has one."""
        last = node[-1]
        year = last if len(node) > 2 and isinstance(last, int) else None
        if node[0] == "discount" and isinstance(node[1], int):
            year = node[1]
        label = self.row(node)
        if year is None or node[0] in ("total", "count", "unit_cost", "phase"):
            return label
        return self.k["year_of"].format(label=label, year=shown_year(year))

    def input(self, key: InputKey) -> str:
        """An input by its field; a line's own numbers need no owner in its derivation."""
        info = self.evaluation.model.inputs[key]
        field = self.k.get(info.field, info.field.replace("_", " "))
        if key[0] in ("costs", "avoided", "reallocations") or info.owner == info.field:
            return field
        return f"{field} ({info.owner})" if info.owner else field

    def value(self, node: NodeId | None, v: Value) -> str:
        if v is None:
            return self.k["none"]
        kind = node[0] if node else None
        if kind == "outlook" and node is not None:
            node = node[1:]  # a figure re-projected is shown as the figure is
            kind = node[0]
        a_year = kind in _YEAR_FIGURES and not (node and len(node) == 3)  # a pool's repayment
        if a_year and isinstance(v, int):
            return shown_year(v)
        if a_year or kind == "payback_period":
            return str(v)
        if kind in ("count", "phase", "discount", "price_factor", "param", "value", "effect"):
            return plain(v)
        return amount(v)


def amount(v: int | Fraction) -> str:
    """Whole kroner as shown; an amount with øre also exactly (``1.083.566,67``)."""
    if isinstance(v, int) or v.denominator == 1:
        return kroner(v)
    return f"{kroner(v)} ({number(v, places=2)})"


def _year_of(v: object) -> str:
    return shown_year(v) if isinstance(v, int) else str(v)


def plain(v: int | Fraction) -> str:
    return number(v, places=6)


def _words(expr: Expr, n: Namer) -> str:
    """A definition in words: ``antal (Familiebehandling) × enhedspris (Familiebehandling)``."""
    return _render(expr, n, lambda node: n.node(node), lambda key: n.input(key), words=True)


def _numbers(expr: Expr, n: Namer) -> str:
    ev = n.evaluation
    return _render(
        expr,
        n,
        lambda node: n.value(node, ev.get(node)),
        lambda key: (
            plain(ev.inputs[key])
            if n.evaluation.model.inputs[key].field in ("count", "share", "rate", "phase_in")
            or key[0] == "parameters"  # a parameter is a number (11,5 families), not kroner
            or n.evaluation.model.amounts_in != 1  # written in 1.000 kr., not kroner
            else amount(ev.inputs[key])
        ),
    )


def _render(
    expr: Expr,
    n: Namer,
    ref: Callable[[NodeId], str],
    inp: Callable[[InputKey], str],
    *,
    words: bool = False,
) -> str:
    def go(e: Expr, outer: int) -> str:
        match e:
            case Ref(node):
                return ref(node)
            case Input(key):
                return inp(key)
            case Const(value):
                return plain(value)
            case Sum(args):
                if not args:
                    return "0"
                text = " + ".join(go(a, 1) for a in args)
                return f"({text})" if outer > 1 and len(args) > 1 else text
            case Op("neg", (a,)):
                return f"-{go(a, 3)}"
            case Op("abs", (a,)):
                return f"|{go(a, 0)}|"
            case Op(op, args):
                symbol = {"+": " + ", "-": " − ", "*": " × ", "/": " / "}[op]
                level = 1 if op in "+-" else 2
                text = symbol.join(go(a, level + (1 if i else 0)) for i, a in enumerate(args))
                return f"({text})" if outer > level else text
            case Min(args):
                return "min(" + ", ".join(go(a, 0) for a in args) + ")"
            case Max(args):
                return "max(" + ", ".join(go(a, 0) for a in args) + ")"
            case Earliest(args):
                lines = all(isinstance(a, Ref) and a.node[0] == "line_start" for a in args)
                if words and lines:  # each line's own year is a step below
                    return n.k["earliest_lines"]
                sep = "; " if words else ", "  # names may hold commas, years do not
                return n.k["earliest"].format(years=sep.join(go(a, 0) for a in args))
            case Spread(total, parts, k):
                return n.k["spread"].format(k=k + 1, n=parts, total=go(total, 0))
            case FirstYear(_, series, test, start):
                ref_node = _first_ref(series)
                scans_lines = _scans_lines(e)
                row = n.k["any_line"] if scans_lines or ref_node is None else n.row(ref_node)
                if start is None:
                    start_text = str(n.evaluation.model.years[0])
                elif isinstance(start, Ref):
                    start_text = go(start, 0)
                else:
                    start_text = n.value(("start",), n.evaluation.of(start))
                phrase = "stays" if test == "stays_nonneg" else "first_year"
                return n.k[phrase].format(start=start_text, row=row, test=n.k.get(test, test))
        return "?"

    return go(expr, 0)


def _scans_lines(e: FirstYear) -> bool:
    """Whether the figure is the first year in which any line is not 0 (no one row to show)."""
    return e.test == "nonzero" and all(isinstance(x, Max | Const) for x in e.series)


def _first_ref(series: tuple[Expr, ...]) -> NodeId | None:
    from ..calc.expr import refs

    for e in series:
        found = refs(e)
        if found:
            return found[-1] if isinstance(e, Max) else found[0]
    return None


def to_dict(step: Step, n: Namer) -> dict[str, Any]:
    out: dict[str, Any] = {
        "figure": n.node(step.node),
        "node": [str(p) if p is not None else None for p in step.node],
        "value": n.value(step.node, step.value),
        "exact": None if step.value is None else str(step.value),
        "definition": _words(step.expr, n),
        "in_numbers": _numbers(step.expr, n),
    }
    if step.inputs:
        out["inputs"] = [_input_dict(key, n) for key in step.inputs]
    if step.children:
        out["steps"] = [to_dict(c, n) for c in step.children]
    return out


def _input_dict(key: InputKey, n: Namer) -> dict[str, Any]:
    info = n.evaluation.model.inputs[key]
    return {
        "input": n.input(key),
        "value": str(n.evaluation.inputs[key]),
        "source": n.locate(key),
        **({"assumption": info.assumption} if info.assumption else {}),
    }


def render_text(step: Step, n: Namer) -> str:
    lines: list[str] = []
    seen: set[NodeId] = set()

    def go(s: Step, indent: str) -> None:
        if isinstance(s.expr, Input):  # a number written in the case: one line
            key = s.expr.key
            info = n.evaluation.model.inputs[key]
            lines.append(
                f"{indent}{n.node(s.node)} = {_numbers(s.expr, n)}   {n.locate(key)}"
                + (f"  ({info.assumption})" if info.assumption else "")
            )
            return
        head = f"{indent}{n.node(s.node)}: {n.value(s.node, s.value)}"
        lines.append(head)
        definition, numbers = _words(s.expr, n), _numbers(s.expr, n)
        trivial = isinstance(s.expr, Input | Const | Ref)
        if not trivial:
            lines.append(f"{indent}  = {definition}")
            if numbers != definition:
                lines.append(f"{indent}  = {numbers}")
        for key in s.inputs:
            info = n.evaluation.model.inputs[key]
            text = f"{indent}  {n.input(key)} = {_numbers(Input(key), n)}   {n.locate(key)}"
            lines.append(text)
            if info.assumption:
                lines.append(f"{indent}    ({info.assumption})")
        if s.node in seen:
            return
        seen.add(s.node)
        if isinstance(s.expr, FirstYear) and not _scans_lines(s.expr):
            series = [r for e in s.expr.series if (r := _first_ref((e,))) is not None]
            cells = ", ".join(
                f"{_year_of(node[-1])}: {n.value(node, n.evaluation.get(node))}" for node in series
            )
            if cells:
                lines.append(f"{indent}    {cells}")
        for child in s.children:
            go(child, indent + "  ")

    go(step, "")
    return "\n".join(lines) + "\n"


def render_json(step: Step, n: Namer) -> str:
    return json.dumps(to_dict(step, n), ensure_ascii=False, indent=2) + "\n"
