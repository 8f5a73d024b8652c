"""JSON output: a contract for other tools. Amounts are whole kroner (numbers), as shown.

Top-level keys (stable): ``years``, ``lines`` (each with ``name``, ``group``, ``values``),
``net``, ``cumulative``, ``repayment``, ``pool_balance``, ``break_even_year``,
``payback_year``, ``pool_repaid_year``, ``warnings``. Further keys may be added; none of these
will change meaning within format version 1.
"""

from __future__ import annotations

import json
from typing import Any

from ..diagnostics import Diagnostic
from ..results import Shown


def diagnostic_record(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file,
        "line": d.line,
        "col": d.col,
        "code": d.code,
        "severity": d.severity,
        "path": d.path,
        "message": d.message,
        "hint": d.hint,
    }


def result_dict(shown: Shown, warnings: list[Diagnostic]) -> dict[str, Any]:
    r = shown.result
    return {
        "title": r.title,
        "years": list(shown.years),
        "lines": [
            {
                "name": line.name,
                "group": line.group,
                "section": line.section,
                "values": list(line.values),
                **({"legal_ref": line.legal_ref} if line.legal_ref else {}),
            }
            for line in shown.lines
        ],
        "net": list(shown.net),
        "cumulative": list(shown.cumulative),
        "drawn": list(shown.drawn),
        "repayment": list(shown.repayment),
        "pool_balance": list(shown.pool_balance),
        "break_even_year": r.break_even_year,
        "payback_year": r.payback_year,
        "payback_period_years": r.payback_period,
        "pool_repaid_year": r.pool_repaid_year,
        "total_net": sum(shown.net),
        "total_drawn": sum(shown.drawn),
        "total_repaid": sum(shown.repayment),
        "pool_balance_end": shown.pool_balance[-1] if shown.pool_balance else 0,
        "warnings": [diagnostic_record(w) for w in warnings],
    }


def render(shown: Shown, warnings: list[Diagnostic]) -> str:
    return json.dumps(result_dict(shown, warnings), ensure_ascii=False, indent=2) + "\n"
