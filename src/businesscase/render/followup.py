"""The follow-up of a case with actuals, as text cells: plan, actual and deviation per line and
year, the rule the remaining years were re-projected by, and the re-projected table's words.

Text and Markdown lay out the same rows; JSON takes :func:`followup_dict`.
"""

from __future__ import annotations

from typing import Any

from ..fmt import span, year, year_key
from ..followup import FollowUpView
from ..i18n import in_language
from .labels import Labels
from .numbers import kroner, number


def _span(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    return year(years[0]) if years[0] == years[-1] else span(years[0], years[-1])


def heading(fv: FollowUpView, words: Labels) -> str:
    return in_language(words.language, "Follow-up: plan and actual up to {as_of}").format(
        as_of=year(fv.as_of)
    )


def source_note(fv: FollowUpView, words: Labels) -> str | None:
    if fv.source is None:
        return None
    return in_language(words.language, "Actuals from: {source}").format(source=fv.source)


def rows(fv: FollowUpView, words: Labels) -> list[tuple[str, tuple[str, ...], str, str]]:
    """(label, cells per year of ``fv.years``, total, style) for each followed-up line:
    the line's name, then its plan, actual and deviation."""
    lang = words.language
    plan, actual, deviation = (
        in_language(lang, "plan"),
        in_language(lang, "actual"),
        in_language(lang, "deviation"),
    )
    out: list[tuple[str, tuple[str, ...], str, str]] = []
    blank = ("",) * len(fv.years)
    for row in fv.rows:
        at = {y: k for k, y in enumerate(row.years)}

        def cells(values: tuple[int, ...], at: dict[int, int] = at) -> tuple[str, ...]:
            return tuple(kroner(values[at[y]]) if y in at else "" for y in fv.years)

        out.append((row.name, blank, "", "group"))
        out.append((f"  {plan}", cells(row.plan), kroner(row.plan_total), "detail"))
        out.append((f"  {actual}", cells(row.actual), kroner(row.actual_total), "detail"))
        out.append((f"  {deviation}", cells(row.deviation), kroner(row.deviation_total), "net"))
    return out


def rule(fv: FollowUpView, words: Labels) -> str:
    """The rule the remaining years were re-projected by, in words."""
    lang = words.language
    if not fv.remaining:
        return in_language(lang, "Every year of the period has passed; nothing is re-projected.")
    years = _span(fv.remaining)
    if fv.rule == "plan":
        return in_language(
            lang, "Re-projected: {years} as planned (the plan for the remaining years)."
        ).format(years=years)
    scaled = [
        f"{row.name} {number(row.effect * 100, places=1)} %"
        for row in fv.rows
        if row.effect is not None
    ]
    if not scaled:
        return in_language(
            lang,
            "Re-projected: {years} as planned; no saving has a plan in the years with actuals "
            "to scale by.",
        ).format(years=years)
    return in_language(
        lang,
        "Re-projected: {years} by the plan scaled by the realised effect: each saving × what "
        "it realised of its plan ({effects}); costs and reallocations as planned.",
    ).format(years=years, effects="; ".join(scaled))


def outlook_heading(fv: FollowUpView, words: Labels) -> str:
    return in_language(words.language, "Re-projected from the actuals")


def followup_dict(fv: FollowUpView) -> dict[str, Any]:
    """The follow-up in the JSON output (key ``followup``)."""
    from .json_ import result_dict

    return {
        "as_of": year_key(fv.as_of),
        "reproject": fv.rule,
        **({"source": fv.source} if fv.source is not None else {}),
        "remaining_years": [year_key(y) for y in fv.remaining],
        "lines": [
            {
                "name": row.name,
                "section": row.section,
                "written": row.field,
                "years": [year_key(y) for y in row.years],
                "plan": list(row.plan),
                "actual": list(row.actual),
                "deviation": list(row.deviation),
                "total_plan": row.plan_total,
                "total_actual": row.actual_total,
                "total_deviation": row.deviation_total,
                **(
                    {"effect": float(row.effect), "effect_exact": str(row.effect)}
                    if row.effect is not None
                    else {}
                ),
            }
            for row in fv.rows
        ],
        "reprojected": result_dict(fv.outlook),
    }
