"""``businesscase diff A B``: what changed in the inputs, and what it does to the results."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..diagnostics import CaseFileError, Diagnostic, ExitCode
from .common import (
    BASE_ROOT,
    LANGS,
    io_error,
    mixed_currencies,
    mixed_years,
    print_diagnostics,
    stderr,
)
from .params import Command, Param

if TYPE_CHECKING:
    from ..loader import Loaded
    from ..render.diff import Report, Where
    from ..yamlio import Document


FORMATS = ("text", "json", "markdown")


def _load(spec: str, base_root: str | None) -> Loaded:
    from ..bases import split_name
    from ..loader import load_case

    path, scenario = split_name(spec)
    return load_case(path, scenario=scenario, base_root=base_root)


def _where(doc: Document, path: tuple[str | int, ...] | None) -> Where | None:
    from ..render.diff import Where

    if path is None:
        return None
    located = doc.diagnostic("", "", path)  # follows a scenario's values to their own file
    return Where(located.file, located.line, located.col)


def diff(
    a: str,
    b: str,
    all_lines: bool = False,
    fmt: str = "text",
    lang: str | None = None,
    exit_code: bool = False,
    base_root: str | None = None,
    actuals: bool = False,
) -> None:
    """Compare two cases: changed inputs, key figures side by side, and the yearly deltas.

    B is compared as followed up (its actuals, then the re-projected years) when it is a
    follow-up file or with ``--actuals``: ``diff CASE CASE --actuals`` is plan against actual."""
    from ..diff import diff_cases
    from ..fmt import shown_as
    from ..render.diff import Report, Side

    try:
        loaded = [_load(a, base_root), _load(b, base_root)]
    except CaseFileError as exc:
        raise io_error(exc) from None
    errors: list[Diagnostic] = [d for x in loaded for d in x.diagnostics if d.is_error]
    if errors or any(x.case is None for x in loaded):
        print_diagnostics(errors)
        raise SystemExit(ExitCode.FINDINGS)
    case_a, case_b = (x.case for x in loaded)
    assert case_a is not None and case_b is not None
    if case_a.period.form != case_b.period.form:
        stderr(mixed_years(loaded[0].doc, loaded[1].doc))
        raise SystemExit(ExitCode.USAGE)
    if case_a.meta.currency != case_b.meta.currency:
        stderr(
            mixed_currencies(
                (loaded[0].doc, case_a.meta.currency), (loaded[1].doc, case_b.meta.currency)
            )
        )
        raise SystemExit(ExitCode.USAGE)
    language = lang or case_a.meta.language
    ev_b = loaded[1].evaluation
    title_b = case_b.meta.title
    if actuals or loaded[1].followup:
        from ..calc.exact import followed_up
        from ..i18n import in_language

        followup = ev_b.model.followup if ev_b is not None else None
        if ev_b is None or followup is None:
            stderr(
                in_language(
                    language, "businesscase: {file}: --actuals: the case has no actuals\n"
                ).format(file=b)
            )
            raise SystemExit(ExitCode.USAGE)
        ev_b = followed_up(ev_b)
        title_b = in_language(language, "{title}, followed up to {as_of}").format(
            title=title_b, as_of=case_b.period.form.label(followup.as_of, language)
        )
    result = diff_cases(case_a, case_b, loaded[0].evaluation, ev_b)
    report = Report(
        diff=result,
        a=Side(a, case_a.meta.title, {d.id: d.name for d in case_a.departments}),
        b=Side(b, title_b, {d.id: d.name for d in case_b.departments}),
        where=tuple(
            (_where(loaded[0].doc, c.path_a), _where(loaded[1].doc, c.path_b))
            for c in result.inputs
        ),
        all_lines=all_lines,
    )
    with shown_as(case_a.meta.currency, case_a.period.form, language):
        _render(report, fmt, language)
    if exit_code and result.results_differ:
        raise SystemExit(ExitCode.FINDINGS)


def _render(report: Report, fmt: str, language: str) -> None:
    if fmt == "json":
        from ..render import diff_json

        sys.stdout.write(diff_json.render(report))
    elif fmt == "markdown":
        from ..render import diff_markdown

        sys.stdout.write(diff_markdown.render(report, language))
    else:
        from ..render import diff_text

        diff_text.write(report, language)


COMMAND = Command(
    name="diff",
    summary="Compare two cases: changed inputs, key figures side by side, and the yearly deltas.",
    example="businesscase diff cases/ishoj_hjemmebaseret.yaml scenarios/ishoj_optimistic.yaml",
    function=diff,
    params=(
        Param("a", "The first case (FILE or FILE#SCENARIO).", metavar="A"),
        Param("b", "The second case (FILE or FILE#SCENARIO).", metavar="B"),
        Param(
            "all_lines",
            "Show every line, not only those that differ.",
            flags=("--all",),
            default=False,
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
        Param(
            "lang",
            "Label language: da or en (default: that of A).",
            metavar="LANG",
            flags=("--lang",),
            choices=LANGS,
        ),
        Param(
            "exit_code",
            "Exit 1 when the computed results differ, like git diff.",
            flags=("--exit-code",),
            default=False,
        ),
        BASE_ROOT,
        Param(
            "actuals",
            "Compare B as followed up: its actuals, then the years re-projected from them "
            "(diff CASE CASE --actuals is plan against actual; a follow-up file as B always is).",
            flags=("--actuals",),
            default=False,
        ),
    ),
)
