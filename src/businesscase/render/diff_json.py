"""``businesscase diff --format json``: a contract for other tools.

Top-level keys (stable): ``a`` and ``b`` (file, title), ``identical``, ``results_differ``,
``inputs`` (section, name, field, status, old, new, where_a, where_b), ``views`` (the whole
case first, then each department: department, years, figures {key: {a, b, delta}}, lines,
net, cumulative and, with a pool, drawn, repayment and pool_balance, each {a, b, delta}).
Amounts are whole kroner as shown; every delta is B − A. ``lines`` holds the lines that differ
(every line with ``--all``). Input values are written as in a case file: numbers, text, or a
mapping of years to numbers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..diff import Row, ViewDiff
from ..fmt import year_key
from ..formula import Formula
from ..model import YearlyValue
from .diff import Report, Where


def value(v: Any) -> Any:
    """An input value as JSON: exact numbers as int or float, yearly values as a mapping."""
    if isinstance(v, YearlyValue):
        if v.constant is not None:
            return value(v.constant)
        return {str(key): value(x) for _, _, x, key in v.entries}
    if isinstance(v, Formula):
        return v.text
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, Decimal | int):
        d = Decimal(v)
        return int(d) if d == d.to_integral_value() else float(d)
    if isinstance(v, list | tuple):
        return [value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): value(x) for k, x in v.items()}
    if hasattr(v, "model_dump"):
        return value(v.model_dump())
    return str(v)


def _where(w: Where | None) -> dict[str, Any] | None:
    return None if w is None else {"file": w.file, "line": w.line, "col": w.col}


def _row(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {"a": list(row.a), "b": list(row.b), "delta": list(row.delta)}
    if row.total_delta is not None:  # the difference of the shown totals (each rounded exactly)
        out["total_delta"] = row.total_delta
    return out


def _year(value: int | None) -> int | str | None:
    return None if value is None else year_key(value)


def _view(view: ViewDiff, all_lines: bool) -> dict[str, Any]:
    lines = view.lines if all_lines else view.changed_lines
    out: dict[str, Any] = {
        "department": view.department,
        "changed": view.changed,
        "years": [year_key(y) for y in view.years],
        "figures": {
            f.key: {"a": _year(f.a), "b": _year(f.b), "delta": f.delta}
            if f.is_year
            else {"a": f.a, "b": f.b, "delta": f.delta}
            for f in view.figures
        },
        "lines": [
            {
                "name": line.name,
                "section": line.section,
                "in_a": line.in_a,
                "in_b": line.in_b,
                **_row(line),
            }
            for line in lines
        ],
        "net": _row(view.net),
        "cumulative": _row(view.cumulative),
    }
    if view.has_pool:
        out["pool_name"] = view.pool_name
        out["drawn"] = _row(view.drawn)
        out["repayment"] = _row(view.repayment)
        out["pool_balance"] = _row(view.pool_balance)
    return out


def report_dict(report: Report) -> dict[str, Any]:
    diff = report.diff
    return {
        "a": {"file": report.a.file, "title": report.a.title},
        "b": {"file": report.b.file, "title": report.b.title},
        "identical": diff.identical,
        "results_differ": diff.results_differ,
        "inputs": [
            {
                "section": c.section,
                "name": c.name,
                "field": c.field,
                "status": c.status,
                "old": value(c.old),
                "new": value(c.new),
                "where_a": _where(a),
                "where_b": _where(b),
            }
            for c, (a, b) in zip(diff.inputs, report.where, strict=True)
        ],
        "views": [_view(view, report.all_lines) for view in diff.views],
    }


def render(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
