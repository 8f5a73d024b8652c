"""``businesscase pool PATH...``: every case drawing on the same pool, in one view."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import CaseFileError, ExitCode
from .common import (
    LANGS,
    io_error,
    mixed_currencies,
    mixed_years,
    print_diagnostics,
    stderr,
)
from .params import Command, Param

if TYPE_CHECKING:
    from ..yamlio import Document

FORMATS = ("text", "json", "csv", "markdown")


def _files(paths: list[str]) -> list[str]:
    """The case files: each file given, and the ``.yaml`` files directly in each folder."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(str(f) for f in sorted(path.glob("*.yaml")) if f.is_file())
        else:
            out.append(p)
    return out


def pool(
    paths: list[str], fmt: str = "text", lang: str | None = None, rules: str | None = None
) -> None:
    """Every case drawing on the same pool: draws and repayments per year per case, the
    pool's balance over time, and the cases not repaid by the end of their period; with
    ``rules``, the pool against its frame and each of its rules a case breaks, located.

    A follow-up file stands for the case it follows up (that case is not shown twice), and
    says whether its actuals put the case behind its schedule."""
    import os

    from ..loader import load_case
    from ..portfolio import currency_clash, gather, years_clash

    the_rules = None
    if rules is not None:
        from ..poolrules import read_rules

        try:
            the_rules, rule_errors = read_rules(rules)
        except OSError as exc:
            from ..i18n import os_reason

            raise io_error(CaseFileError(rules, os_reason(exc))) from None
        if the_rules is None:
            print_diagnostics(rule_errors)
            raise SystemExit(ExitCode.FINDINGS)

    loaded = []
    docs: list[Document] = []
    followed: set[str] = set()
    left_out: list[str] = []
    for file in _files(paths):
        if rules is not None and Path(file).resolve() == Path(rules).resolve():
            continue  # the rules file in the cases' folder is not a case
        try:
            one = load_case(file)
        except CaseFileError as exc:
            raise io_error(exc) from None
        if not one.ok or one.case is None or one.evaluation is None:
            print_diagnostics([d for d in one.diagnostics if d.is_error])
            left_out.append(file)
            continue
        if one.followup:  # the follow-up stands for the case it follows up
            followed.add(os.path.realpath(one.sources[1]))
        loaded.append((file, one.case, one.evaluation))
        docs.append(one.doc)
    keep = [k for k, (file, _, _) in enumerate(loaded) if os.path.realpath(file) not in followed]
    loaded = [loaded[k] for k in keep]
    docs = [docs[k] for k in keep]
    clash = years_clash([(file, case) for file, case, _ in loaded])
    if clash is not None:
        stderr(mixed_years(docs[clash[0]], docs[clash[1]]))
        raise SystemExit(ExitCode.USAGE)
    clash = currency_clash([(file, case) for file, case, _ in loaded])
    if clash is not None:
        first, second = clash
        stderr(
            mixed_currencies(
                (docs[first], loaded[first][1].meta.currency),
                (docs[second], loaded[second][1].meta.currency),
            )
        )
        raise SystemExit(ExitCode.USAGE)
    pools = gather(loaded)
    language = lang or (loaded[0][1].meta.language if loaded else "en")
    found = None
    frames = {}
    if the_rules is not None:
        from ..i18n import set_language
        from ..poolrules import all_breaches, frame_of, located

        set_language(language)  # the breaches speak the output's language

        cases = {file: case for file, case, _ in loaded}
        by_file = {file: doc for (file, _, _), doc in zip(loaded, docs, strict=True)}
        from ..fmt import CALENDAR, DEFAULT_CURRENCY, shown_as

        # the cases share one currency and one form of years (refused above otherwise)
        code = loaded[0][1].meta.currency if loaded else DEFAULT_CURRENCY
        form = loaded[0][1].period.form if loaded else CALENDAR
        with shown_as(code, form, language):
            broken = all_breaches(pools, the_rules, cases)
        found = [located(b, by_file) for name in broken for b in broken[name]]
        for p in pools:
            if the_rules.covers(p):
                unit = cases[p.cases[0].file].meta.amounts_in
                frame = frame_of(p, the_rules, unit)
                if frame is not None:
                    frames[p.name] = frame
        print_diagnostics(found)
    if fmt == "json":
        from ..render.pool import render_json

        sys.stdout.write(render_json(pools, left_out, frames, found))
    elif fmt == "csv":
        from ..render.pool import render_csv

        sys.stdout.write(render_csv(pools, frames, found, language))
    elif fmt == "markdown":
        from ..render.pool import render_markdown

        sys.stdout.write(render_markdown(pools, frames, found, language))
    else:
        from ..render.pool import render_text, rules_text

        text = render_text(pools, language)
        if found is not None:
            years = tuple(sorted({y for p in pools for y in p.years}))
            covered = [p for p in pools if the_rules is not None and the_rules.covers(p)]
            frame = frames.get(covered[0].name) if covered else None
            text += "\n" + rules_text(
                frame, found, covered[0].years if covered else years, language
            )
        sys.stdout.write(text)
    if left_out or found:
        raise SystemExit(ExitCode.FINDINGS)


COMMAND = Command(
    name="pool",
    summary="Every case drawing on the same pool: draws, repayments and the pool's balance "
    "per year, and the cases not repaid in time.",
    example="businesscase pool cases/",
    function=pool,
    params=(
        Param(
            "paths",
            "Case files, or folders whose .yaml files are cases.",
            metavar="PATH",
            many=True,
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
        Param(
            "rules",
            "A pool rules file (YAML): the pool's frame, a cap per case, a maximum payback "
            "period, a required return; each rule a case breaks is reported at its field.",
            metavar="FILE",
            flags=("--rules",),
        ),
        Param(
            "lang",
            "Label language: da or en (default: the first case's).",
            metavar="LANG",
            flags=("--lang",),
            choices=LANGS,
        ),
    ),
)
