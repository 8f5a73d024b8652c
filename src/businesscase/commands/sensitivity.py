"""``businesscase sensitivity CASE``: each ranged input at its low and its high, and how far
it can move before the savings stop covering the repayments.

Exact, not sampled: every figure is an evaluation of the case by the exact interpreter with
one input moved and the others at their written values. The switching value is found by
bisection on the exact figures, to within a ten-thousandth of the input's range.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Any

from ..diagnostics import ExitCode
from ..fmt import places_within, round_half_up
from .common import (
    BASE_ROOT,
    CASE_LANG,
    DEPARTMENT,
    department_of,
    department_scope,
    load_checked,
    stderr,
)
from .params import Command, Param

FORMATS = ("text", "json", "markdown")
STEPS = 10_000
"""The switching value is found to within 1/STEPS of the input's range."""


def sensitivity(
    case: str,
    by: str | None = None,
    fmt: str = "text",
    lang: str | None = None,
    scenario: str | None = None,
    base_root: str | None = None,
    department: str | None = None,
) -> None:
    """Each ranged input at its low and high, sorted by effect, with switching values."""

    loaded = load_checked(case, scenario, base_root)
    the_case = loaded.case
    year = None if by is None else the_case.period.form.read(by)
    if by is not None and year not in the_case.years:
        from ..i18n import usage_

        period = the_case.period.form.span(the_case.years[0], the_case.years[-1])
        message = usage_("not a year of the case ({period})").format(period=period)
        stderr(f"businesscase: {case}: --by {by}: {message}\n")
        raise SystemExit(ExitCode.USAGE)
    scope = department_scope(case, the_case, department)
    report = sensitivity_report(the_case, year, scope)
    from ..fmt import shown_as
    from ..render.uncertainty import render_sensitivity

    language = lang or the_case.meta.language
    with shown_as(the_case.meta.currency, the_case.period.form, language):
        sys.stdout.write(render_sensitivity(report, fmt, language))


def sensitivity_report(
    the_case: Any, by: int | None = None, department: str | None = None
) -> dict[str, Any]:
    """Every figure ``sensitivity`` shows, as plain data (the JSON output): for the whole
    case, or for one department (its id)."""
    from ..calc import exact
    from ..calc.expr import THRESHOLDS
    from ..calc.model import build
    from ..calc.stakes import break_even_share, input_label, input_parts, with_stakes

    model, stakes = with_stakes(build(the_case), department)
    written_ev = exact.evaluate(model)

    def figures(ev: Any) -> dict[str, Any]:
        out = {name: _plain(ev.get(node)) for name, node in stakes.scalars().items()}
        return out

    def fails(ev: Any) -> bool:
        if by is not None:
            payback = ev.get(stakes.payback)
            return payback is None or payback > by
        short = ev.get(stakes.shortfall)
        return short is None or short >= THRESHOLDS

    def at(key: Any, v: Fraction) -> Any:
        return exact.evaluate(model, {key: _num(v)})

    rows = []
    for key, r in model.ranges.items():
        written = Fraction(model.inputs[key].value)
        low, high = Fraction(r.low), Fraction(r.high)
        ev_low, ev_high = at(key, low), at(key, high)
        f_low, f_high = figures(ev_low), figures(ev_high)
        effect = abs((f_high["total_net"] or 0) - (f_low["total_net"] or 0))
        width = max(high - low, abs(written), Fraction(1))
        down_bound = min(low, Fraction(0)) if written >= 0 else low - 10 * width
        up_bound = high + 10 * width
        if _is_share(model, key):  # a share or a rate: searched within 0 and 1
            down_bound, up_bound = max(down_bound, Fraction(0)), min(up_bound, Fraction(1))
        tol = width / STEPS
        rows.append(
            {
                "name": input_label(model, key),
                **input_parts(model, key),
                "input": ".".join(str(part) for part in key),
                "value": float(written),
                "low": float(low),
                "high": float(high),
                "at_low": f_low,
                "at_high": f_high,
                "effect": effect,
                "shortfall_effect": abs((f_high["shortfall"] or 0) - (f_low["shortfall"] or 0)),
                "switch_down": _switch(lambda v, k=key: fails(at(k, v)), written, down_bound, tol),
                "switch_up": _switch(lambda v, k=key: fails(at(k, v)), written, up_bound, tol),
            }
        )
    # by the effect on the total net; a funding's number moves the shortfall, not the net
    rows.sort(key=lambda row: (-row["effect"], -row["shortfall_effect"], -_npv_effect(row)))
    share = break_even_share(model, written_ev, department)
    return {
        "case": the_case.meta.title,
        "department": department_of(the_case, department),
        "criterion": "payback_by" if by is not None else "no_shortfall",
        "by": by,
        "written": figures(written_ev),
        "fails_at_written": fails(written_ev),
        "inputs": rows,
        "break_even_share": None if share is None else float(share),
    }


def _npv_effect(row: dict[str, Any]) -> float:
    return float(abs((row["at_high"].get("npv") or 0) - (row["at_low"].get("npv") or 0)))


_SHARES = frozenset({"share", "share_of_savings", "rate", "phase_in"})
_SHARE_UNITS = frozenset({"andel", "share"})


def _is_share(model: Any, key: Any) -> bool:
    """Whether the input is a share or a rate (a fraction between 0 and 1)."""
    info = model.inputs[key]
    if key[0] == "parameters":
        return (info.unit or "").strip().lower() in _SHARE_UNITS
    return key[0] == "discounting" or info.field in _SHARES


def _switch(fails: Any, written: Fraction, bound: Fraction, tol: Fraction) -> dict[str, Any]:
    """Where, moving from ``written`` towards ``bound``, the case first fails.

    ``{"value": v, "last_holding": h, "step": tol}``: v on the failing side and h on the holding
    side, within ``tol`` of each other, so the switch lies between them; ``{"holds": b}`` when it
    does not fail up to ``bound``; ``{"fails_at_written": True}``.
    """
    if fails(written):
        return {"fails_at_written": True}
    if written == bound or not fails(bound):
        return {"holds": float(bound)}
    ok, bad = written, bound
    while abs(bad - ok) > tol:
        mid = (ok + bad) / 2
        if fails(mid):
            bad = mid
        else:
            ok = mid
    return {
        "value": float(bad),
        "last_holding": float(ok),
        "step": float(tol),
        "holds_to": float(_roundest_holding(fails, ok, written, tol)),
    }


def _roundest_holding(fails: Any, ok: Fraction, written: Fraction, tol: Fraction) -> Fraction:
    """The value to show for a switch found to within ``tol``: the one with the fewest decimals
    that lies within ``tol`` of ``ok`` and still holds (0,9 rather than 0,900024), at most the
    decimals the step allows; failing that, ``ok`` at those decimals rounded towards
    ``written``, which holds as ``ok`` does."""
    places = places_within(tol)
    for p in range(places + 1):
        near = Fraction(round_half_up(ok * 10**p), 10**p)
        if abs(near - ok) <= tol and not fails(near):
            return near
    scaled = ok * 10**places
    towards = math.ceil(scaled) if written > ok else math.floor(scaled)
    return Fraction(towards, 10**places)


def _num(v: Fraction) -> int | Fraction:
    return v.numerator if v.denominator == 1 else v


def _plain(v: Any) -> float | int | None:
    if v is None:
        return None
    if isinstance(v, int):
        return v
    return float(v)


COMMAND = Command(
    name="sensitivity",
    summary="Move each ranged input of a case to its low and its high, and find how far "
    "it can move before the savings stop covering the repayments (exact, not sampled).",
    example="businesscase sensitivity docs/examples/ishoj_ranges.yaml",
    function=sensitivity,
    params=(
        Param("case", "The case file (YAML).", metavar="CASE"),
        Param(
            "by",
            "Switching values for payback by this year instead of for the repayments "
            "(as the case's period writes it: 2023, 2019-20, or 3 for year 3).",
            metavar="YEAR",
            flags=("--by",),
        ),
        Param(
            "fmt",
            "Output format: text, json or markdown.",
            metavar="FORMAT",
            flags=("--format", "-f"),
            default="text",
            choices=FORMATS,
            show_default=True,
        ),
        CASE_LANG,
        Param(
            "scenario",
            "Use this named scenario of the case.",
            metavar="NAME",
            flags=("--scenario",),
        ),
        BASE_ROOT,
        DEPARTMENT,
    ),
)
