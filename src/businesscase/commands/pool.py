"""``businesscase pool PATH...``: every case drawing on the same pool, in one view."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import CaseFileError, ExitCode
from .common import LANGS, io_error, mixed_currencies, print_diagnostics, stderr
from .params import Command, Param

if TYPE_CHECKING:
    from ..yamlio import Document

FORMATS = ("text", "json")


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


def pool(paths: list[str], fmt: str = "text", lang: str | None = None) -> None:
    """Every case drawing on the same pool: draws and repayments per year per case, the
    pool's balance over time, and the cases not repaid by the end of their period.

    A follow-up file stands for the case it follows up (that case is not shown twice), and
    says whether its actuals put the case behind its schedule."""
    import os

    from ..loader import load_case
    from ..portfolio import currency_clash, gather

    loaded = []
    docs: list[Document] = []
    followed: set[str] = set()
    left_out: list[str] = []
    for file in _files(paths):
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
    if fmt == "json":
        from ..render.pool import render_json

        sys.stdout.write(render_json(pools, left_out))
    else:
        from ..render.pool import render_text

        language = lang or (loaded[0][1].meta.language if loaded else "en")
        sys.stdout.write(render_text(pools, language))
    if left_out:
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
            "Output format: text or json.",
            metavar="FORMAT",
            flags=("--format", "-f"),
            default="text",
            choices=FORMATS,
            show_default=True,
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
