"""``businesscase simulate CASE``: Monte Carlo over the ranges of a case's inputs.

Every ranged input (a parameter, or a number written with a range beside it) is drawn once
per draw, independently of the others, and used everywhere it is used (a parameter in every
line that uses it: those lines move together); the case is evaluated for every draw by the vectorised
interpreter (:mod:`businesscase.calc.vector`, the only place numpy is imported). The seed is
printed, so every figure can be reproduced; every probability has its standard error.
"""

from __future__ import annotations

import math
import os
import sys
from typing import Any

from .common import (
    BASE_ROOT,
    CASE_LANG,
    DEPARTMENT,
    department_of,
    department_scope,
    load_checked,
)
from .params import Command, Param

FORMATS = ("text", "json", "csv", "markdown")
QUANTILES = (0.1, 0.5, 0.9)
MAX_DRAWS = 10_000_000
"""No draw is kept (memory is the same whatever the number); ten million take seconds."""


def simulate(
    case: str,
    draws: int = 10_000,
    seed: int | None = None,
    fmt: str = "text",
    lang: str | None = None,
    scenario: str | None = None,
    base_root: str | None = None,
    department: str | None = None,
) -> None:
    """Draw every ranged input and show what is at stake, with its uncertainty."""

    loaded = load_checked(case, scenario, base_root)
    scope = department_scope(case, loaded.case, department)
    if seed is None:
        seed = int.from_bytes(os.urandom(4), "big") % 1_000_000
    language = lang or loaded.case.meta.language
    progress = _progress(draws, language)
    report = simulation_report(loaded.case, draws, seed, progress, department=scope)
    from ..fmt import shown_as
    from ..render.uncertainty import render_simulation

    with shown_as(loaded.case.meta.currency, loaded.case.period.form, language):
        sys.stdout.write(render_simulation(report, fmt, language))


def simulation_report(
    the_case: Any, n: int, seed: int, progress: Any = None, department: str | None = None
) -> dict[str, Any]:
    """Every figure ``simulate`` shows, as plain data (the JSON output): for the whole case,
    or for one department (its id), from the same draws."""
    from ..calc import montecarlo
    from ..calc.model import build
    from ..calc.stakes import with_stakes

    model, stakes = with_stakes(build(the_case), department)
    years = model.years
    last = years[-1]
    amounts: dict[str, Any] = {"total_net": stakes.total_net, "shortfall": stakes.shortfall}
    if stakes.npv is not None:
        amounts["npv"] = stakes.npv
    for y, net, cum in zip(years, stakes.net, stakes.cumulative, strict=True):
        amounts[f"net {y}"] = net
        amounts[f"cumulative {y}"] = cum
    year_figures = {"payback_year": stakes.payback, "pool_repaid_year": stakes.pool_repaid}
    sim = montecarlo.simulate(
        model, amounts, year_figures, n, seed, QUANTILES, progress, positive=("shortfall",)
    )

    def q(name: str) -> dict[str, float]:
        p10, p50, p90 = sim.quantiles[name]
        return {"p10": p10, "p50": p50, "p90": p90, "mean": sim.means[name]}

    def prob(hits: int) -> dict[str, float]:
        p = hits / n
        return {"p": p, "se": math.sqrt(p * (1 - p) / n)}

    def by(figure: str, year: int) -> int:
        return sum(c for y, c in sim.years[figure].items() if y is not None and y <= year)

    probabilities: dict[str, dict[str, float]] = {
        "no_shortfall": prob(n - sim.positive["shortfall"]),
        "payback_in_period": prob(by("payback_year", last)),
    }
    if stakes.has_pool:
        probabilities["pool_repaid_in_period"] = prob(by("pool_repaid_year", last))
    per_year = []
    for y in years:
        row: dict[str, Any] = {
            "year": y,
            "net": q(f"net {y}"),
            "cumulative": q(f"cumulative {y}"),
            "payback_by": prob(by("payback_year", y)),
        }
        if stakes.has_pool:
            row["pool_repaid_by"] = prob(by("pool_repaid_year", y))
        per_year.append(row)
    summaries = {"total_net": q("total_net"), "shortfall": q("shortfall")}
    if stakes.npv is not None:
        summaries["npv"] = q("npv")
    return {
        "case": the_case.meta.title,
        "department": department_of(the_case, department),
        "draws": n,
        "seed": seed,
        "inputs": ranged_inputs(model),
        "independence": "independent unless they share a parameter",
        "probabilities": probabilities,
        "summaries": summaries,
        "years": per_year,
        "payback_years": [
            {"year": y, "share": c / n} for y, c in sim.years["payback_year"].items()
        ],
    }


def ranged_inputs(model: Any) -> list[dict[str, Any]]:
    """The inputs with a range, parameters and written values, as written: value, range,
    shape and the range's source."""
    from ..calc.stakes import input_label, input_parts

    out = []
    for key, r in model.ranges.items():
        info = model.inputs[key]
        out.append(
            {
                "name": input_label(model, key),
                **input_parts(model, key),
                "input": ".".join(str(part) for part in key),
                "value": float(info.value),
                "unit": info.unit,
                "low": float(r.low),
                "mode": None if r.mode is None else float(r.mode),
                "high": float(r.high),
                "shape": r.kind,
                "source": r.source,
            }
        )
    return out


def _progress(total: int, language: str) -> Any:
    """A progress line on stderr for a long run on a terminal, in the output's language and
    its grouping of digits (``100.000 / 200.000 træk``, ``100,000 / 200,000 draws``);
    ``None`` otherwise."""
    if total < 200_000 or not sys.stderr.isatty():
        return None
    group = "." if language == "da" else ","

    def show(done: int) -> None:
        end = "\n" if done >= total else ""
        from ..i18n import in_language

        counted = in_language(language, "{done} / {total} draws").format(
            done=f"{done:,}".replace(",", group), total=f"{total:,}".replace(",", group)
        )
        sys.stderr.write(f"\r{counted}{end}")
        sys.stderr.flush()

    return show


COMMAND = Command(
    name="simulate",
    summary="Draw the ranged inputs of a case (Monte Carlo) and show how likely the "
    "savings cover the repayments, payback is reached and the pool is repaid.",
    example="businesscase simulate docs/examples/ishoj_ranges.yaml --draws 100000 --seed 1",
    function=simulate,
    params=(
        Param("case", "The case file (YAML).", metavar="CASE"),
        Param(
            "draws",
            "How many draws.",
            metavar="N",
            flags=("--draws", "-n"),
            default=10_000,
            whole=True,
            minimum=1,
            maximum=MAX_DRAWS,
            show_default=True,
        ),
        Param(
            "seed",
            "Seed of the random draws (printed, so a run can be repeated; random when left out).",
            metavar="SEED",
            flags=("--seed",),
            whole=True,
            minimum=0,
        ),
        Param(
            "fmt",
            "Output format: text, json, csv or markdown.",
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
