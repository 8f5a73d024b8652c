"""CSV output: one row per line, then net, cumulative and the pool; plain whole kroner."""

from __future__ import annotations

import csv
import io

from ..results import Shown
from .labels import Labels


def render(shown: Shown, words: Labels) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "group", *shown.years, words.total])
    for line in shown.lines:
        writer.writerow([line.name, line.group, *line.values, line.total])
    writer.writerow([words.net, "", *shown.net, sum(shown.net)])
    writer.writerow([words.cumulative, "", *shown.cumulative, ""])
    pool = shown.result.pool_name
    if pool is not None:
        writer.writerow([words.drawn.format(pool=pool), "", *shown.drawn, sum(shown.drawn)])
        writer.writerow(
            [words.repayment.format(pool=pool), "", *shown.repayment, sum(shown.repayment)]
        )
        writer.writerow([words.balance.format(pool=pool), "", *shown.pool_balance, ""])
    return out.getvalue()
