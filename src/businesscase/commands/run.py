"""``businesscase run CASE``: the year-by-year table, key figures and warnings."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..diagnostics import ExitCode
from ..i18n import _, os_reason, usage_
from .common import (
    BASE_ROOT,
    CASE_LANG,
    LANGS,
    department_scope,
    is_terminal,
    load_checked,
    stderr,
)
from .params import Command, Param

if TYPE_CHECKING:
    from ..render.labels import Labels
    from ..view import CaseView

FORMATS = ("text", "json", "csv", "markdown", "xlsx", "html")


def run(
    case: str,
    detail: bool = False,
    fmt: str = "text",
    lang: str | None = None,
    department: str | None = None,
    prices: int | None = None,
    out: str | None = None,
    npv: bool = False,
    scenario: str | None = None,
    base_root: str | None = None,
    csv_dialect: str | None = None,
    ledger: bool = False,
    unit: str = "kr",
    chart: bool = False,
) -> None:
    """Compute a case and show the year-by-year table, key figures and warnings."""
    if ledger and fmt in ("xlsx", "html"):
        stderr(_("businesscase: --ledger is shown as text, json, csv or markdown\n"))
        raise SystemExit(ExitCode.USAGE)
    if chart and (fmt != "text" or ledger):
        stderr(
            _("businesscase: --chart draws in the text output: leave out --format and --ledger\n")
        )
        raise SystemExit(ExitCode.USAGE)
    if fmt == "xlsx" and (out is None or out == "-" or is_terminal(out)):
        stderr(
            "businesscase: "
            + usage_("--format xlsx writes a workbook: give a file with --output FILE")
            + "\n"
        )
        raise SystemExit(ExitCode.USAGE)
    from ..fmt import shown_as
    from ..render.labels import labels
    from ..view import UnknownPriceYear, build

    loaded = load_checked(case, scenario, base_root)
    the_case = loaded.case
    department = department_scope(case, the_case, department)
    language = lang or the_case.meta.language
    with shown_as(the_case.meta.currency, the_case.period.form, language):
        words = labels(language)
        try:
            view = build(
                the_case,
                words,
                loaded.diagnostics,
                department=department,
                price_year=prices,
                npv=npv,
                evaluation=loaded.evaluation,
                # JSON is for programs: always whole kroner
                unit=1000 if unit == "tkr" and fmt != "json" else 1,
            )
        except UnknownPriceYear as exc:
            stderr(f"businesscase: {case}: --prices {prices}: {exc}\n")
            raise SystemExit(ExitCode.USAGE) from None
        if fmt == "xlsx":
            from ..render import xlsx

            data = xlsx.export(
                loaded,
                view,
                words,
                language=language,
                prices=prices,
                department=department,
                npv=npv,
            ).data
        else:
            if ledger:
                output = _render_ledger(view, fmt, language)
            else:
                output = _render(
                    view,
                    words,
                    fmt,
                    detail=detail,
                    to_file=out is not None,
                    dialect=csv_dialect,
                    chart=chart,
                )
            if out is None:
                sys.stdout.write(output)
                return
    from ..atomic import write_bytes

    try:
        assert out is not None
        write_bytes(
            out,
            data if fmt == "xlsx" else output.encode("utf-8"),
            inputs=(case, *loaded.sources),
        )
    except OSError as exc:
        why = usage_(os_reason(exc))
        stderr(f"businesscase: {out}: " + usage_("cannot write: {why}").format(why=why) + "\n")
        raise SystemExit(ExitCode.USAGE) from None


def _render(
    view: CaseView,
    words: Labels,
    fmt: str,
    *,
    detail: bool,
    to_file: bool,
    dialect: str | None = None,
    chart: bool = False,
) -> str:
    """The whole output as text, so that a file gets all of it or none of it."""
    if fmt == "json":
        from ..render import json_

        return json_.render(view)
    if fmt == "csv":
        from ..render import csv_

        return csv_.render(view, words, "da" if dialect == "da" else "en" if dialect else None)
    if fmt == "html":
        return _render_html(view, words, detail=detail)
    if fmt == "markdown":
        from ..render import markdown

        return markdown.render(view, words, detail=detail)
    from ..render import text

    return text.render_to_string(view, words, detail=detail, terminal=not to_file, chart=chart)


def _render_html(view: CaseView, words: Labels, *, detail: bool) -> str:
    """The report to print, its chart drawn inline (the one export that needs matplotlib)."""
    from ..render import html

    svg = None
    if view.has_money:
        from ..render import plot
        from ..render.chart import chart_data

        data = chart_data(
            view.main, words, title=view.title, price_year=view.price_year, unit=view.unit
        )
        svg = plot.svg_element(data, titled=False)
    return html.render(view, words, chart_svg=svg, detail=detail)


def _render_ledger(view: CaseView, fmt: str, language: str) -> str:
    """Every figure of the source document and what the case does with it."""
    from ..render import ledger

    rec = view.reconciliation
    if fmt == "json":
        return ledger.render_json(rec)
    if fmt == "csv":
        return ledger.render_csv(rec, language)
    if fmt == "markdown":
        return ledger.render_markdown(rec, language, title=view.title)
    return ledger.render_text(rec, language)


COMMAND = Command(
    name="run",
    summary="Compute a case and show the year-by-year table, key figures and warnings.",
    example="businesscase run cases/ishoj_hjemmebaseret.yaml --format json",
    function=run,
    params=(
        Param("case", "The case file (YAML).", metavar="CASE"),
        Param(
            "detail", "Show each measure as count × unit cost.", flags=("--detail",), default=False
        ),
        Param(
            "fmt",
            "Output format: text, json, csv, markdown, xlsx (an Excel workbook: needs -o) or "
            "html (a report to print).",
            metavar="FORMAT",
            flags=("--format", "-f"),
            default="text",
            choices=FORMATS,
            show_default=True,
        ),
        CASE_LANG,
        Param(
            "department",
            "Show only this department (its id or name).",
            metavar="ID",
            flags=("--department", "-d"),
        ),
        Param(
            "prices",
            "Restate amounts in this year's prices (needs 'prices:').",
            metavar="YEAR",
            flags=("--prices",),
            whole=True,
        ),
        Param(
            "out",
            "Write to this file instead of the screen, completely or not at all.",
            metavar="FILE",
            flags=("--output", "-o"),
        ),
        Param(
            "npv",
            "Show the net present value (Finansministeriet's rates).",
            flags=("--npv",),
            default=False,
        ),
        Param(
            "scenario",
            "Compute this named scenario of the case (see docs/scenarios.md).",
            metavar="NAME",
            flags=("--scenario",),
        ),
        Param(
            "csv_dialect",
            "CSV for a Danish spreadsheet (da: ';', decimal comma, byte-order mark) or an "
            "English one (en: ','); default: the output's language.",
            metavar="LANG",
            flags=("--csv-dialect",),
            choices=LANGS,
        ),
        Param(
            "unit",
            "Amounts in kroner (kr) or in thousands of kroner (tkr), each figure its exact "
            "amount rounded half up; JSON stays in kroner.",
            metavar="UNIT",
            flags=("--unit",),
            default="kr",
            choices=("kr", "tkr"),
            show_default=True,
        ),
        BASE_ROOT,
        Param(
            "ledger",
            "Show every figure of the source document and what the case does with it.",
            flags=("--ledger",),
            default=False,
        ),
        Param(
            "chart",
            "Show the cumulative net and the pool's balance as a chart of bars under the "
            "key figures (text output).",
            flags=("--chart",),
            default=False,
        ),
    ),
)
