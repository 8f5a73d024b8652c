"""Reconciliation: the figures a document prints against the figures the engine computes.

A case records what its source document prints under ``stated:`` (rows of a table per year,
and key figures such as the payback year). :func:`compare` puts each printed figure beside
the computed one, rounded as it is shown (whole kroner, half up). A figure that differs is a
finding for the reviewer, not a failure of the tool: the case keeps the document's figure, and
the output names the inconsistency. A mismatch the case acknowledges (``inconsistent:`` with
the reason) is not reported by ``validate`` again, but ``run`` still lists it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .codes import check
from .diagnostics import Finding
from .fmt import kroner, round_half_up
from .model import SPECIAL_ROWS, Case, Stated, StatedRow, Value
from .results import CaseResult, Shown, case_result, show

if TYPE_CHECKING:
    from .calc.exact import Evaluation

_FIGURES = (
    "break_even_year",
    "payback_year",
    "payback_period",
    "pool_repaid_year",
    "total_drawn",
    "total_repaid",
)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One printed figure beside the computed one."""

    source: str
    department: str | None
    row: str
    """The row's name in the case (a group, a line or a special row) or the key figure."""
    label: str
    """How the document prints the row."""
    year: int | None
    stated: int | None
    computed: int | None
    path: tuple[str | int, ...]
    acknowledged: str | None = None
    """The case's reason why the document's figure does not follow, if it says so."""
    is_year: bool = False
    """A key figure that is a year (the difference of years is not an amount)."""

    @property
    def matches(self) -> bool:
        return self.stated == self.computed

    @property
    def difference(self) -> int | None:
        if self.stated is None or self.computed is None:
            return None
        return self.computed - self.stated


@dataclass(frozen=True, slots=True)
class Reconciliation:
    comparisons: tuple[Comparison, ...]
    findings: tuple[Finding, ...]

    @property
    def mismatches(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if not c.matches)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source for c in self.comparisons))


def _shown_row(shown: Shown, row: str) -> tuple[tuple[int, ...], int | None] | None:
    """A row as shown: its cells, and its total (the exact total rounded; ``None`` for a
    running figure such as the cumulative net, which has no total)."""
    special: dict[str, tuple[tuple[int, ...], int | None]] = {
        "net": (shown.net, shown.total_net),
        "cumulative": (shown.cumulative, None),
        "drawn": (shown.drawn, shown.total_drawn),
        "repayment": (shown.repayment, shown.total_repaid),
        "pool_balance": (shown.pool_balance, None),
        "own_net": (shown.own_net, shown.total_own_net),
        "grants": (shown.grants_row, shown.total_grants),
    }
    if row in special:
        return special[row]
    for group in shown.groups:
        if group.name == row:
            return group.values, group.total
    for line in shown.lines:
        if line.name == row:
            return line.values, line.total
    for name, values, _, total in shown.grants:
        if name == row:
            return values, total
    return None


def _number(value: Value, evaluation: Evaluation) -> object:
    """A printed figure as written (a formula over the case's parameters is allowed)."""
    from .calc.model import value_expr

    return evaluation.of(value_expr(value))


def _stated_years(
    row: StatedRow, years: tuple[int, ...]
) -> Iterator[tuple[int, Value, tuple[int | str, ...]]]:
    """Each (year, printed value, key path below ``values``) the row states."""
    assert row.values is not None
    if row.values.constant is not None:
        for year in years:
            yield year, row.values.constant, ()
        return
    for first, last, value, key in row.values.entries:
        for year in range(first, last + 1):
            yield year, value, (key,)


def _known_rows(case: Case) -> list[str]:
    names = [line.group or line.name for _, line in case.lines()]
    names += [line.name for _, line in case.lines()]
    names += [f.name for f in case.funding if f.kind == "grant"]
    return list(dict.fromkeys([*names, *SPECIAL_ROWS]))


def reconcile(case: Case, evaluation: Evaluation) -> list[Finding]:
    """The findings of reconciling every ``stated`` figure (codes BC401-BC404)."""
    return list(compare(case, evaluation).findings)


def compare(case: Case, evaluation: Evaluation) -> Reconciliation:
    """Compare every ``stated`` figure with the computed one, rounded as it is shown.

    ``evaluation`` is the case's, at its own price level (the document's figures are).
    """
    comparisons: list[Comparison] = []
    findings: list[Finding] = []
    shown_by_department: dict[str | None, Shown] = {}
    scopes = set(evaluation.model.scopes)
    for i, stated in enumerate(case.stated):
        if stated.department not in scopes:  # reported by the reference checks
            continue
        if stated.department not in shown_by_department:
            shown_by_department[stated.department] = show(
                case_result(evaluation, stated.department)
            )
        shown = shown_by_department[stated.department]
        result = shown.result
        params = evaluation
        for j, row in enumerate(stated.rows):
            path = ("stated", i, "rows", j)
            found_row = _shown_row(shown, row.row)
            if found_row is None:
                findings.append(unknown_row(path, row.row, case))
                continue
            found = _compare_row(stated, row, path, shown, found_row, params)
            comparisons += found
            findings += _row_findings(row, path, found)
        if stated.figures is not None:
            found = _compare_figures(stated, i, result, shown)
            comparisons += found
            findings += _figure_findings(stated, i, found)
    return Reconciliation(tuple(comparisons), tuple(findings))


def _compare_row(
    stated: Stated,
    row: StatedRow,
    path: tuple[str | int, ...],
    shown: Shown,
    computed_row: tuple[tuple[int, ...], int | None],
    params: Evaluation,
) -> list[Comparison]:
    computed, computed_total = computed_row
    out = []
    if row.total is not None:
        out.append(
            Comparison(
                source=stated.source,
                department=stated.department,
                row=row.row,
                label=row.printed or row.row,
                year=None,
                stated=round_half_up(row.total),
                computed=computed_total,
                path=(*path, "total"),
                acknowledged=row.inconsistent,
            )
        )
    if row.values is None:
        return out
    index = {year: k for k, year in enumerate(shown.years)}
    for year, value, key in _stated_years(row, shown.years):
        k = index.get(year)
        out.append(
            Comparison(
                source=stated.source,
                department=stated.department,
                row=row.row,
                label=row.printed or row.row,
                year=year,
                stated=round_half_up(_number(value, params)),  # type: ignore[arg-type]
                computed=computed[k] if k is not None else None,
                path=(*path, "values", *key),
                acknowledged=row.inconsistent,
            )
        )
    return out


def _compare_figures(stated: Stated, i: int, result: CaseResult, shown: Shown) -> list[Comparison]:
    assert stated.figures is not None
    computed: dict[str, int | None] = {
        "break_even_year": result.break_even_year,
        "payback_year": result.payback_year,
        "payback_period": result.payback_period,
        "pool_repaid_year": result.pool_repaid_year,
        "total_drawn": shown.total_drawn,
        "total_repaid": shown.total_repaid,
    }
    out = []
    for name in _FIGURES:
        value = getattr(stated.figures, name)
        if value is None:
            continue
        out.append(
            Comparison(
                source=stated.source,
                department=stated.department,
                row=name,
                label=name,
                year=None,
                stated=round_half_up(value) if not isinstance(value, int) else value,
                computed=computed[name],
                path=("stated", i, "figures", name),
                acknowledged=stated.inconsistent,
                is_year=name.endswith("_year"),
            )
        )
    return out


def _describe(c: Comparison) -> str:
    def shown(value: int | None) -> str:
        if value is None:
            return "nothing (not reached in the period)" if c.is_year else "nothing"
        return str(value) if c.is_year or c.row == "payback_period" else kroner(value)

    when = f" {c.year}" if c.year is not None else (" in total" if c.path[-1] == "total" else "")
    where = f"{c.source}, '{c.label}'{when}"
    text = f"{where}: the document prints {shown(c.stated)}, the case computes {shown(c.computed)}"
    if c.difference is not None and not c.is_year and c.row != "payback_period":
        text += f" (difference {kroner(c.difference)})"
    return text


def _row_findings(
    row: StatedRow, path: tuple[str | int, ...], found: list[Comparison]
) -> list[Finding]:
    mismatches = [c for c in found if not c.matches]
    if row.inconsistent is not None:
        return [] if mismatches else [acknowledged_but_reconciles((*path, "inconsistent"))]
    return [row_mismatch(c) for c in mismatches]


def _figure_findings(stated: Stated, i: int, found: list[Comparison]) -> list[Finding]:
    mismatches = [c for c in found if not c.matches]
    if stated.inconsistent is not None:
        if mismatches:
            return []
        return [acknowledged_but_reconciles(("stated", i, "inconsistent"))]
    return [figure_mismatch(c) for c in mismatches]


@check("BC401", "stated-row-mismatch", "warning")
def row_mismatch(c: Comparison) -> Finding:
    """A figure the document prints in a table row differs from the computed figure.

    The case records the document's table under ``stated:``; the engine computes the same row
    from the case's lines. When they differ, either the case was written wrongly or the
    document does not add up. If it is the document, keep its figure and say why under
    ``inconsistent:``; ``run`` still lists the difference, ``validate`` no longer warns.

    Bad::

        stated:
          - source: Tabel 1
            rows:
              - row: net
                printed: Samlet varig ændring
                values: {2021: -240000}

    Good::

        stated:
          - source: Tabel 1
            rows:
              - row: net
                printed: Samlet varig ændring
                values: {2021: -250000}
    """
    return Finding(
        code="BC401",
        severity="warning",
        message=_describe(c),
        path=c.path,
        hint="correct the case or the stated figure; if the document itself does not add up, "
        "keep its figure and add 'inconsistent: <why>' to the row",
    )


@check("BC402", "stated-figure-mismatch", "warning")
def figure_mismatch(c: Comparison) -> Finding:
    """A key figure the document states (payback year, total drawn, ...) is not the computed one.

    Bad::

        stated:
          - source: Økonomi
            quote: Investeringen er tjent hjem i 2026
            figures:
              payback_year: 2026

    Good::

        stated:
          - source: Økonomi
            quote: Investeringen er tjent hjem i 2026
            figures:
              payback_year: 2026
            inconsistent: the case's own figures give payback in 2027, not 2026
    """
    return Finding(
        code="BC402",
        severity="warning",
        message=_describe(c),
        path=c.path,
        hint="if the document's figure does not follow from its own numbers, keep it and add "
        "'inconsistent: <why>' to this stated entry",
    )


@check("BC403", "stated-row-unknown", "error")
def unknown_row(path: tuple[str | int, ...], row: str, case: Case) -> Finding:
    """A stated row names neither a row group, a line, nor a special row of the case.

    Special rows are ``net``, ``cumulative``, ``drawn``, ``repayment``, ``pool_balance``,
    ``grants`` and ``own_net``; the document's own label goes in ``printed``.

    Bad::

        stated:
          - source: Tabel 1
            rows:
              - row: Samlet varig ændring
                values: {2021: -250000}

    Good::

        stated:
          - source: Tabel 1
            rows:
              - row: net
                printed: Samlet varig ændring
                values: {2021: -250000}
    """
    import difflib

    known = _known_rows(case)
    close = difflib.get_close_matches(row, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(known)
    return Finding(
        code="BC403",
        severity="error",
        message=f"the stated row '{row}' is not a row group, line, grant or special row "
        "of the case",
        path=(*path, "row"),
        hint=hint,
    )


@check("BC404", "inconsistent-but-reconciles", "warning")
def acknowledged_but_reconciles(path: tuple[str | int, ...]) -> Finding:
    """Stated figures are marked ``inconsistent`` but every one of them reconciles.

    The note is stale: it tells a reviewer the document does not add up where it does.

    Bad::

        stated:
          - source: Tabel 1
            rows:
              - row: net
                values: {2021: -250000}
                inconsistent: the net does not follow from the rows

    Good::

        stated:
          - source: Tabel 1
            rows:
              - row: net
                values: {2021: -250000}
    """
    return Finding(
        code="BC404",
        severity="warning",
        message="marked inconsistent, but every figure here reconciles with the computed one",
        path=path,
        hint="remove 'inconsistent:'",
    )
