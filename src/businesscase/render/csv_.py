"""CSV output: one row per line, then net, cumulative, pool and grants; plain whole kroner.

With departments, a first column names the department of each row; the combined rows come
last with an empty department.
"""

from __future__ import annotations

import csv
import io

from ..results import Shown
from ..view import CaseView
from .labels import Labels


def _rows(shown: Shown, words: Labels) -> list[list[object]]:
    out: list[list[object]] = []
    for line in shown.lines:
        out.append([line.name, line.group, *line.values, line.total])
    out.append([words.net, "", *shown.net, shown.total_net])
    out.append([words.cumulative, "", *shown.cumulative, ""])
    pool = shown.result.pool_name
    if pool is not None:
        out.append([words.drawn.format(pool=pool), "", *shown.drawn, shown.total_drawn])
        out.append([words.repayment.format(pool=pool), "", *shown.repayment, shown.total_repaid])
        out.append([words.balance.format(pool=pool), "", *shown.pool_balance, ""])
    for name, values, _, total in shown.grants:
        out.append([words.grant.format(name=name), "", *values, total])
    if shown.grants:
        out.append([words.own_net, "", *shown.own_net, shown.total_own_net])
    return out


def render(view: CaseView, words: Labels) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    years = view.main.years
    if len(view.sections) == 1:
        writer.writerow(["name", "group", *years, words.total])
        writer.writerows(_rows(view.main, words))
        return out.getvalue()
    writer.writerow(["department", "name", "group", *years, words.total])
    for section in view.sections:
        dep = section.department or ""
        writer.writerows([dep, *row] for row in _rows(section.shown, words))
    return out.getvalue()
