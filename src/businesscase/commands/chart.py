"""``businesscase chart CASE -o FILE.png|svg``: the cumulative net and the pool's balance as a
picture for a memo.

The figures are the table's (the case's one evaluation, rounded as ``run`` shows them); the
P10-P90 band (``--band``) comes from a seeded simulation of the case's ranges, as
``simulate`` makes it. matplotlib is imported here only, when a chart is drawn.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..diagnostics import ExitCode
from ..i18n import _, usage_
from .common import (
    BASE_ROOT,
    CASE_LANG,
    department_scope,
    is_terminal,
    load_checked,
    stderr,
)
from .params import Command, Param

if TYPE_CHECKING:
    from ..render.chart import Band

BAND_DRAWS = 10_000
BAND_SEED = 1


def chart(
    case: str,
    out: str | None = None,
    lang: str | None = None,
    department: str | None = None,
    scenario: str | None = None,
    base_root: str | None = None,
    band: bool = False,
    draws: int = BAND_DRAWS,
    seed: int = BAND_SEED,
) -> None:
    """Draw the cumulative net and the pool's balance over the years to a PNG or SVG file."""
    fmt = _format(out)
    if out is None or fmt is None:
        stderr(
            _(
                "businesscase: chart writes a picture: give a file ending in .png or .svg with --output FILE\n"
            )
        )
        raise SystemExit(ExitCode.USAGE)
    if is_terminal(out):
        stderr(_("businesscase: {file}: a picture cannot go to a terminal\n").format(file=out))
        raise SystemExit(ExitCode.USAGE)
    from ..fmt import shown_as
    from ..render.chart import chart_data
    from ..render.labels import labels
    from ..view import build

    loaded = load_checked(case, scenario, base_root)
    the_case = loaded.case
    department = department_scope(case, the_case, department)
    simulated: Band | None = None
    if band:
        if department is not None:
            stderr(usage_("businesscase: --band is the whole case's: leave out --department\n"))
            raise SystemExit(ExitCode.USAGE)
        if loaded.evaluation is not None:
            ranges = loaded.evaluation.model.ranges
        else:
            from ..calc.model import build as build_model

            ranges = build_model(the_case).ranges
        if not ranges:  # on a parameter or beside a written number
            stderr(
                usage_(
                    "businesscase: {file}: --band needs ranged inputs (see docs/uncertainty.md)\n"
                ).format(file=case)
            )
            raise SystemExit(ExitCode.USAGE)
        simulated = simulated_band(the_case, draws, seed)
    language = lang or the_case.meta.language
    with shown_as(
        the_case.meta.currency, the_case.period.form, language
    ):  # the axis: £1,000 or 1.000 €
        words = labels(language)
        view = build(
            the_case,
            words,
            loaded.diagnostics,
            department=department,
            evaluation=loaded.evaluation,
        )
        data = chart_data(
            view.main, words, title=view.title, price_year=view.price_year, band=simulated
        )
        from ..render import plot

        picture = plot.render(data, fmt)
    from ..atomic import write_bytes

    try:
        write_bytes(out, picture, inputs=(case, *loaded.sources))
    except OSError as exc:
        from ..i18n import os_reason

        stderr(
            usage_("businesscase: {file}: cannot write: {why}\n").format(
                file=out, why=usage_(os_reason(exc))
            )
        )
        raise SystemExit(ExitCode.USAGE) from None


def simulated_band(the_case: Any, draws: int, seed: int) -> Band:
    """P10 and P90 of the cumulative net in each year, from ``simulate``'s own report."""
    from ..render.chart import Band
    from .simulate import simulation_report

    report = simulation_report(the_case, draws, seed)
    years = report["years"]
    return Band(
        p10=tuple(y["cumulative"]["p10"] for y in years),
        p90=tuple(y["cumulative"]["p90"] for y in years),
        draws=draws,
        seed=seed,
    )


def _format(out: str | None) -> str | None:
    """``png`` or ``svg`` from the output file's name, else None."""
    if out is None:
        return None
    ext = os.path.splitext(out)[1].lower().lstrip(".")
    return ext if ext in ("png", "svg") else None


COMMAND = Command(
    name="chart",
    summary="Draw the cumulative net and the pool's balance over the years as a PNG or SVG "
    "picture for a memo.",
    example="businesscase chart cases/ishoj_hjemmebaseret.yaml -o ishoj.png",
    function=chart,
    params=(
        Param("case", "The case file (YAML).", metavar="CASE"),
        Param(
            "out",
            "The picture to write, FILE.png or FILE.svg, completely or not at all.",
            metavar="FILE",
            flags=("--output", "-o"),
        ),
        CASE_LANG,
        Param(
            "department",
            "Draw only this department (its id or name).",
            metavar="ID",
            flags=("--department", "-d"),
        ),
        Param(
            "scenario",
            "Draw this named scenario of the case.",
            metavar="NAME",
            flags=("--scenario",),
        ),
        BASE_ROOT,
        Param(
            "band",
            "Also draw the P10-P90 band of the cumulative net from a simulation of the "
            "case's ranges.",
            flags=("--band",),
            default=False,
        ),
        Param(
            "draws",
            "How many draws the band's simulation makes.",
            metavar="N",
            flags=("--draws", "-n"),
            default=BAND_DRAWS,
            whole=True,
            minimum=1,
            maximum=1_000_000,
            show_default=True,
        ),
        Param(
            "seed",
            "Seed of the band's simulation (the same seed draws the same band).",
            metavar="SEED",
            flags=("--seed",),
            default=BAND_SEED,
            whole=True,
            minimum=0,
            show_default=True,
        ),
    ),
)
