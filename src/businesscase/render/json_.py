"""JSON output: a contract for other tools. Amounts are whole kroner (numbers), as shown.

Top-level keys (stable): ``years``, ``lines`` (each with ``name``, ``group``, ``values``),
``net``, ``cumulative``, ``repayment``, ``pool_balance``, ``break_even_year``,
``payback_year``, ``pool_repaid_year``, ``warnings``; they describe the combined case (or the
department chosen with ``--department``). Keys that only some cases have appear only then:
``departments``, ``grants``, ``own_net`` with ``own_cumulative`` and ``total_own_net``
(for every case with a pool or a grant), ``npv``, ``activities``, ``assumptions``,
``reconciliation``, ``ledger`` (every figure of the source document; see ``run --ledger``),
``currency`` (the ISO 4217 code of a case in another currency than kroner; amounts are then
whole units of it), ``followup`` (a case with actuals: plan, actual and deviation per line
and year, the rule, and the re-projected figures under ``reprojected``, keyed as the top
level's).
No key changes meaning within format version 1.
"""

from __future__ import annotations

from typing import Any

from ..fmt import DEFAULT_CURRENCY, year_key
from ..results import Shown, round_half_up
from ..view import CaseView
from .diagnostics import record
from .jsontext import dumps


def _key(value: int | None) -> int | str | None:
    """A year as the case's period writes it: 2023, "2019-20" or 3 (relative)."""
    return None if value is None else year_key(value)


def _count(value: Any) -> int | float:
    """A count as JSON: an integer when whole, else a float (1.5 treatments)."""
    return int(value) if value == int(value) else float(value)


def result_dict(shown: Shown, view: CaseView | None = None) -> dict[str, Any]:
    r = shown.result

    def marks(name: str) -> dict[str, Any]:
        numbers = view.markers.get(name, ()) if view is not None else ()
        return {"assumptions": list(numbers)} if numbers else {}

    out: dict[str, Any] = {
        "title": r.title,
        "years": [year_key(y) for y in shown.years],
        "lines": [
            {
                "name": line.name,
                "group": line.group,
                "section": line.section,
                "values": list(line.values),
                **({"legal_ref": line.legal_ref} if line.legal_ref else {}),
                **({"kind": line.kind} if line.kind != "permanent" else {}),
                **marks(line.name),
            }
            for line in shown.lines
        ],
        "net": list(shown.net),
        "cumulative": list(shown.cumulative),
        "drawn": list(shown.drawn),
        "repayment": list(shown.repayment),
        "pool_balance": list(shown.pool_balance),
        "break_even_year": _key(r.break_even_year),
        "payback_year": _key(r.payback_year),
        "payback_period_years": r.payback_period,
        "payback_period_counted": r.payback_counted,
        "pool_repaid_year": _key(r.pool_repaid_year),
        "total_net": shown.total_net,
        "total_drawn": shown.total_drawn,
        "total_repaid": shown.total_repaid,
        "pool_balance_end": shown.pool_balance[-1] if shown.pool_balance else 0,
    }
    if shown.interest:
        out["interest"] = list(shown.interest)
        out["total_interest"] = shown.total_interest
    for kind, values, total in shown.pool_rows:
        out[kind] = list(values)
        out[f"total_{kind}"] = total
    if shown.grants:
        out["grants"] = [
            {"name": name, "values": list(values), "total": total, **marks(name)}
            for name, values, _, total in shown.grants
        ]
    if r.has_funding:
        out["own_net"] = list(shown.own_net)
        out["own_cumulative"] = list(shown.own_cumulative)
        out["total_own_net"] = shown.total_own_net
    if r.npv is not None:
        out["npv"] = round_half_up(r.npv)
        out["npv_base_year"] = _key(r.npv_base_year)
        out["npv_rates"] = [{"from_year": y, "rate": float(rate)} for y, rate in r.npv_rates]
    return out


def view_dict(view: CaseView) -> dict[str, Any]:
    out = result_dict(view.main, view)
    if view.currency != DEFAULT_CURRENCY:
        out["currency"] = view.currency
    if view.price_year != view.price_level:
        out["price_year"] = view.price_year
    if len(view.sections) > 1:
        out["departments"] = [
            {"id": s.department, "name": s.name, **result_dict(s.shown, view)}
            for s in view.sections[:-1]
        ]
    if view.activities:
        out["activities"] = [
            {
                "name": a.name,
                "unit": a.unit,
                **(
                    {"counts": [None if c is None else _count(c) for c in a.counts]}
                    if a.counts is not None
                    else {}
                ),
                **(
                    {"total": _count(a.total)}
                    if a.total is not None
                    else {"a_year": _count(a.average) if a.average is not None else None}
                ),
                **({"assumptions": list(view.markers[a.name])} if a.name in view.markers else {}),
            }
            for a in view.activities
        ]
    if view.footnotes:
        out["assumptions"] = [
            {"id": fn.number, "text": fn.text, "applies_to": list(fn.applies_to)}
            for fn in view.footnotes
        ]
    rec = view.reconciliation
    if rec is not None:
        out["reconciliation"] = {
            "checked": len(rec.comparisons),
            "sources": list(rec.sources),
            "mismatches": [
                {
                    "source": c.source,
                    "department": c.department,
                    "row": c.row,
                    "printed": c.label,
                    "year": _key(c.year),
                    "stated": c.stated,
                    **({"printed": c.printed} if c.printed is not None else {}),
                    "computed": c.computed,
                    "difference": c.difference,
                    "explanation": c.acknowledged,
                }
                for c in rec.mismatches
            ],
        }
        if rec.ledger:
            from .ledger import ledger_dict

            out["ledger"] = ledger_dict(rec)
    if view.followup is not None:
        from .followup import followup_dict

        out["followup"] = followup_dict(view.followup)
    out["warnings"] = [record(w) for w in view.warnings]
    return out


def render(view: CaseView) -> str:
    return dumps(view_dict(view)) + "\n"
