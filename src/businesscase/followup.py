"""What ``run`` shows of a case's actuals, read off its one evaluation (nothing is computed here).

For each followed-up line: plan, actual and deviation in each year with an actual, and over
those years; the rule the remaining years were re-projected by; and the whole table again as
re-projected (:func:`businesscase.calc.exact.followed_up`), with its key figures, beside the
plan's. Each shown figure is its exact value rounded half up.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from .fmt import round_half_up
from .results import CaseResult, Shown, case_result, show

if TYPE_CHECKING:
    from .calc.exact import Evaluation
    from .calc.expr import Num
    from .model import Case


@dataclass(frozen=True, slots=True)
class FollowedRow:
    """One followed-up line: per year with an actual, its plan, actual and deviation."""

    name: str
    section: str
    field: str
    years: tuple[int, ...]
    plan: tuple[int, ...]
    actual: tuple[int, ...]
    deviation: tuple[int, ...]
    plan_total: int
    actual_total: int
    deviation_total: int
    effect: Fraction | None
    """What the saving realised of its plan (``reproject: scaled``), exactly; else None."""


@dataclass(frozen=True, slots=True)
class FollowUpView:
    as_of: int
    rule: str
    """``plan`` or ``scaled``."""
    source: str | None
    years: tuple[int, ...]
    """The years with an actual in any line shown."""
    remaining: tuple[int, ...]
    """The years of the period after ``as_of``: the re-projected ones."""
    rows: tuple[FollowedRow, ...]
    plan: Shown
    """The plan's table (the same as ``run`` shows above it)."""
    outlook: Shown
    """The whole table as followed up: actuals, then the re-projected years."""


def build(
    case: Case, ev: Evaluation, scope: str | None, plan: Shown, unit: int = 1
) -> FollowUpView | None:
    """The follow-up of ``scope`` (a department, or None for the whole case), or None when
    the case has no actuals."""
    from .calc.exact import followed_up

    followup = ev.model.followup
    if followup is None:
        return None
    departments = {info.name: info.department for info in ev.model.lines}
    rows: list[FollowedRow] = []

    def r(v: Num | None) -> int:
        x = v or 0
        return round_half_up(x) if unit == 1 else round_half_up(Fraction(x) / unit)

    for line in followup.lines:
        if scope is not None and departments.get(line.name) != scope:
            continue
        name, years = line.name, line.years
        effect = ev.get(("effect", name)) if line.scaled else None
        rows.append(
            FollowedRow(
                name=name,
                section=line.section,
                field=line.field,
                years=years,
                plan=tuple(r(ev.get(("line", name, y))) for y in years),
                actual=tuple(r(ev.get(("actual", name, y))) for y in years),
                deviation=tuple(r(ev.get(("deviation", name, y))) for y in years),
                plan_total=r(ev.get(("plan_to_date", name))),
                actual_total=r(ev.get(("actual_to_date", name))),
                deviation_total=r(ev.get(("deviation_to_date", name))),
                effect=None if effect is None else Fraction(effect),
            )
        )
    outlook = case_result(followed_up(ev), scope)
    outlook = _titled(outlook, plan)
    return FollowUpView(
        as_of=followup.as_of,
        rule=followup.rule,
        source=case.actuals.source if case.actuals is not None else None,
        years=tuple(sorted({y for row in rows for y in row.years})),
        remaining=tuple(y for y in ev.model.years if y > followup.as_of),
        rows=tuple(rows),
        plan=plan,
        outlook=show(outlook, unit),
    )


def _titled(result: CaseResult, plan: Shown) -> CaseResult:
    """The re-projected result with the plan's title, language and present-value settings."""
    p = plan.result
    return result._replace(
        title=p.title,
        language=p.language,
        npv=None if p.npv is None else result.npv,
        npv_base_year=p.npv_base_year,
        npv_rates=p.npv_rates,
    )
