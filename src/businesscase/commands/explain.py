"""``businesscase explain CASE [FIGURE] [YEAR]``: how a figure is derived, down to its inputs."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import CaseFileError, ExitCode
from .common import CASE_LANG, department_scope, io_error, print_diagnostics, stderr
from .params import Command, Param

if TYPE_CHECKING:
    from ..calc.exact import Evaluation
    from ..model import Case
    from ..render.explain import Namer


@dataclass(frozen=True)
class Figure:
    names: tuple[str, ...]
    """What the figure may be called: its id (``net``) and its label in the case's language."""
    key: tuple[object, ...]
    """A yearly row's key (``("net", None)``), or a single node's id."""
    yearly: bool


OPTIONAL_ROWS = ("interest", "written_off", "recycled")
"""Rows a case has only when a pool charges interest, writes off, or takes back savings."""
POOL_FIGURES = ("drawn", "repayment", "pool_balance", "pool_repaid")
"""Figures of the pool a case draws on: listed only for a case that draws on one (a case
without a pool has them, all 0 or never, but no pool to name them by)."""


def catalogue(ev: Evaluation, scope: str | None, namer: Namer) -> list[Figure]:
    """Every figure of ``scope`` that can be explained, in the order of the table."""
    model = ev.model
    out: list[Figure] = []
    groups = [g for g, _ in model.groups.get(scope, ())]
    for g in groups:
        out.append(Figure((g,), model.group_key(scope, g), True))
    for line in model.lines:
        if (scope is None or line.department == scope) and line.name not in groups:
            out.append(Figure((line.name,), ("line", line.name), True))
    for row in (
        "net",
        "cumulative",
        "drawn",
        "interest",
        "repayment",
        "written_off",
        "recycled",
        "pool_balance",
        "grants",
        "own_net",
    ):
        key = (row, scope)
        if row in OPTIONAL_ROWS and (*key, model.years[0]) not in model.nodes:
            continue  # no pool charges interest, writes off or recycles
        out.append(Figure((row, namer.row((*key, model.years[0]))), key, True))
    for f in model.funding:
        if f.kind == "grant" and (scope is None or f.department == scope):
            out.append(Figure((f.name,), ("grant", f.index), True))
    for fig in ("start", "break_even", "payback", "payback_period", "pool_repaid", "npv"):
        node = (fig, scope)
        if node in model.nodes:
            out.append(Figure((fig, namer.row(node)), node, False))
    return out


def _year(case: Case, text: str) -> int:
    """A year given on the command line, in the form of the case's period (or as the
    calculation counts it): ``2023``, ``2019-20``, ``3``."""
    form = case.period.form
    year = form.read(text)
    if year is not None:
        return year  # outside the period: refused below with the period named
    from ..i18n import usage_

    message = usage_("'{text}' is not a year of the case: write one of {years}").format(
        text=text, years=", ".join(form.written(y) for y in case.years)
    )
    stderr(f"businesscase: {message}\n")
    raise SystemExit(ExitCode.USAGE)


def match(figures: list[Figure], wanted: str) -> list[Figure]:
    """Figures named ``wanted``: case-insensitively, else by a unique prefix."""
    w = wanted.strip().casefold()
    exact = [f for f in figures if any(name.casefold() == w for name in f.names)]
    if exact:
        return exact
    return [f for f in figures if any(name.casefold().startswith(w) for name in f.names)]


def explain(
    case: str,
    figure: str | None = None,
    year_text: str | None = None,
    department: str | None = None,
    lang: str | None = None,
    fmt: str = "text",
    scenario: str | None = None,
    actuals: bool = False,
) -> None:
    """Show how a figure is derived, down to the numbers in the case file and where they stand.

    With ``actuals``, the figure as re-projected from the case's actuals."""
    from ..calc.explain import derive
    from ..fmt import shown_as
    from ..i18n import usage_
    from ..loader import load_case
    from ..render.explain import Namer, render_json, render_text
    from ..render.labels import labels

    try:
        loaded = load_case(case, scenario=scenario)
    except CaseFileError as exc:
        raise io_error(exc) from None
    if not loaded.ok or loaded.case is None or loaded.evaluation is None:
        print_diagnostics(loaded.diagnostics)
        raise SystemExit(ExitCode.FINDINGS)
    ev = loaded.evaluation
    the_case = loaded.case
    department = department_scope(case, the_case, department)
    language = lang or the_case.meta.language
    year = None if year_text is None else _year(the_case, year_text)
    doc = loaded.doc

    def locate(key: tuple[str | int, ...]) -> str:
        span = doc.span(key)
        written = getattr(span, "doc", None) or doc  # a base's or a followed case's value
        return f"{written.file}:{span.line}:{span.col}"

    pools = [f.pool or f.name for f in ev.model.funding if f.kind == "pool"]
    with shown_as(the_case.meta.currency, the_case.period.form, language):
        words = labels(language)
    namer = Namer(words, language, pools[0] if pools else "", locate, ev)
    figures = catalogue(ev, department, namer)
    if figure is None:
        from ..i18n import in_language

        a_year = f" [{in_language(language, 'YEAR')}]"  # the metavar, in the case's language
        for f in figures:
            if not pools and f.key[0] in POOL_FIGURES:
                continue
            sys.stdout.write(
                " / ".join(dict.fromkeys(f.names)) + (a_year if f.yearly else "") + "\n"
            )
        return
    found = match(figures, figure)
    if len(found) != 1:
        names = found or figures
        listed = "; ".join(" / ".join(dict.fromkeys(f.names)) for f in names)
        what = (
            usage_("'{figure}' is ambiguous; choose one of: {listed}")
            if found
            else usage_("'{figure}' is not a figure of the case; choose one of: {listed}")
        )
        stderr("businesscase: " + what.format(figure=figure, listed=listed) + "\n")
        raise SystemExit(ExitCode.USAGE)
    chosen = found[0]
    if chosen.yearly:
        if year is None:
            node: tuple[object, ...] = ("total", *chosen.key)
            if node not in ev.model.nodes:
                message = usage_("'{figure}' is a yearly figure: give a year").format(figure=figure)
                stderr(f"businesscase: {message}\n")
                raise SystemExit(ExitCode.USAGE)
        elif year not in ev.model.years:
            form = the_case.period.form
            period = form.span(ev.model.years[0], ev.model.years[-1])
            message = usage_("{year} is outside the case's period {period}").format(
                year=year_text, period=period
            )
            stderr(f"businesscase: {message}\n")
            raise SystemExit(ExitCode.USAGE)
        else:
            node = (*chosen.key, year)
    else:
        if year is not None:
            message = usage_("'{figure}' is a key figure of the whole period: no year").format(
                figure=figure
            )
            stderr(f"businesscase: {message}\n")
            raise SystemExit(ExitCode.USAGE)
        node = chosen.key
    if actuals:
        if ev.model.followup is None:
            stderr(f"businesscase: {case}: --actuals: the case has no actuals\n")
            raise SystemExit(ExitCode.USAGE)
        if ("outlook", *node) in ev.model.nodes:
            node = ("outlook", *node)
    step = derive(ev, node)
    render = render_json if fmt == "json" else render_text
    with shown_as(the_case.meta.currency, the_case.period.form, language):
        sys.stdout.write(render(step, namer))


COMMAND = Command(
    name="explain",
    summary="Show how a figure is derived: its definition, the figures it uses, and each "
    "number of the case file it rests on, with its file:line:col.",
    example='businesscase explain cases/ishoj_hjemmebaseret.yaml "Besparelser på sociale" 2023',
    function=explain,
    params=(
        Param("case", "The case file (YAML).", metavar="CASE"),
        Param(
            "figure",
            "A row or key figure, by name or a unique start of it (net, payback, a line's "
            "name); without it, the list of figures.",
            metavar="FIGURE",
            optional=True,
        ),
        Param(
            "year_text",
            "The year of a row, as the case's period writes it (2023, 2019-20, or 3 for "
            "year 3); without it, the row's total.",
            metavar="YEAR",
            optional=True,
        ),
        Param(
            "department",
            "A department's figures (its id or name).",
            metavar="ID",
            flags=("--department", "-d"),
        ),
        CASE_LANG,
        Param(
            "fmt",
            "Output format: text or json.",
            metavar="FORMAT",
            flags=("--format", "-f"),
            default="text",
            choices=("text", "json"),
            show_default=True,
        ),
        Param(
            "scenario",
            "Explain this named scenario of the case.",
            metavar="NAME",
            flags=("--scenario",),
        ),
        Param(
            "actuals",
            "Explain the figure as re-projected from the case's actuals.",
            flags=("--actuals",),
            default=False,
        ),
    ),
)
