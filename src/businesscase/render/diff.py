"""What every format of ``businesscase diff`` shows, as words and text cells.

:class:`Report` is the diff (:mod:`businesscase.diff`) with what the renderers need besides:
the two files and titles, and where each changed input is written. Text (rich) and Markdown lay
out the same sections; JSON (:mod:`.diff_json`) gives the same content as numbers.
"""

# No ``from __future__ import annotations`` here: a named tuple's field types are read when
# its class is made, and each one written as a string is compiled then, on every command.

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from ..diff import CaseDiff, Figure, InputChange, LineRow, Row, ViewDiff
from ..fmt import style
from ..fmt import year as shown_year
from ..formula import Formula
from ..model import Range, YearlyValue
from .labels import Labels, labels
from .numbers import kroner, number


class Where(NamedTuple):
    """Where a value is written: file and 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, eq=False)
class Side:
    """One of the two compared cases."""

    file: str
    title: str
    departments: dict[str, str] = field(default_factory=dict)
    """Department id → name."""


class Report(NamedTuple):
    """The diff and what its renderers show beside it: the two cases and where inputs are written."""

    diff: CaseDiff
    a: Side
    b: Side
    where: tuple[tuple[Where | None, Where | None], ...]
    """For each of ``diff.inputs``: where the old value (in A) and the new (in B) are written."""
    all_lines: bool = False
    """Show every line, not only the lines that differ."""


class DiffWords(NamedTuple):
    """The words of the diff output beyond those of ``run`` (:mod:`.labels`)."""

    common: Labels
    no_differences: str
    same_results: str
    inputs: str
    figures: str
    yearly: str
    change: str
    added: str
    removed: str
    absent: str
    only_in: str
    npv: str
    pool_balance_end: str
    pool: str
    not_set: str
    sections: dict[str, str]
    range_span: str = "{low} to {high}"
    range_mode: str = "most likely {mode}"
    range_source: str = "source: {source}"


DA = DiffWords(
    common=labels("da"),
    no_differences="ingen forskelle",
    same_results="De beregnede resultater er de samme.",
    inputs="Ændrede forudsætninger",
    figures="Nøgletal",
    yearly="Ændring pr. år (B − A)",
    change="Ændring",
    added="tilføjet",
    removed="fjernet",
    absent="—",
    only_in="kun i {side}",
    npv="Nutidsværdi af netto",
    pool_balance_end="Restgæld ved periodens slut",
    pool="puljen",
    not_set="ikke angivet",
    range_span="{low} til {high}",
    range_mode="mest sandsynligt {mode}",
    range_source="kilde: {source}",
    sections={
        "meta": "Oplysninger",
        "period": "Periode",
        "parameter": "Parameter",
        "department": "Forvaltning",
        "line": "Linje",
        "funding": "Finansiering",
        "activity": "Aktivitet",
        "discounting": "Diskontering",
        "prices": "Prisindeks",
    },
)

EN = DiffWords(
    common=labels("en"),
    no_differences="no differences",
    same_results="The computed results are the same.",
    inputs="Changed inputs",
    figures="Key figures",
    yearly="Change per year (B − A)",
    change="Change",
    added="added",
    removed="removed",
    absent="—",
    only_in="only in {side}",
    npv="Net present value of the net",
    pool_balance_end="Owed to the pool at the end of the period",
    pool="the pool",
    not_set="not set",
    sections={
        "meta": "Meta",
        "period": "Period",
        "parameter": "Parameter",
        "department": "Department",
        "line": "Line",
        "funding": "Funding",
        "activity": "Activity",
        "discounting": "Discounting",
        "prices": "Price index",
    },
)


def words(language: str) -> DiffWords:
    """The words of ``language``, amounts named in the currency shown now (kroner by default)."""
    base = DA if language == "da" else EN
    return base if style() is None else base._replace(common=labels(language))


# --- Values -------------------------------------------------------------------------------------


def value_text(value: Any, w: DiffWords) -> str:
    """An input value as the file would say it, numbers in Danish style (``2023-2027: 3``)."""
    if value is None:
        return w.not_set
    if isinstance(value, YearlyValue):
        if value.constant is not None:
            return value_text(value.constant, w)
        if not value.entries:
            return "{}"
        return ", ".join(f"{key}: {value_text(v, w)}" for _, _, v, key in value.entries)
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, Range):
        return range_text(value, w)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return number(value, places=6)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v, w) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {value_text(v, w)}" for k, v in value.items()) + "}"
    if hasattr(value, "model_dump"):
        return value_text(value.model_dump(), w)
    return str(value)


def range_text(r: Range, w: DiffWords, *, source: bool = False) -> str:
    """A range as a sentence says it: ``0,4 til 0,8``, ``9 til 12, mest sandsynligt 11,
    pert``; its source only when asked (where the source is what changed)."""
    parts = [
        w.range_span.format(low=value_text(r.low, w), high=value_text(r.high, w)),
        *([w.range_mode.format(mode=value_text(r.mode, w))] if r.mode is not None else []),
        *([r.shape] if r.shape is not None else []),
        *([w.range_source.format(source=r.source)] if source and r.source else []),
    ]
    return ", ".join(parts)


def subject(change: InputChange, w: DiffWords) -> str:
    """``Linje 'Familiebehandling' · count``."""
    head = w.sections.get(change.section, change.section)
    if change.name:
        head += f" '{change.name}'"
    return f"{head} · {change.field}" if change.field else head


def change_text(change: InputChange, w: DiffWords) -> str:
    if change.status == "added":
        return w.added
    if change.status == "removed":
        return w.removed
    old, new = change.old, change.new
    if isinstance(old, Range) and isinstance(new, Range) and old.source != new.source:
        return f"{range_text(old, w, source=True)} → {range_text(new, w, source=True)}"
    return f"{value_text(old, w)} → {value_text(new, w)}"


def where_text(where: tuple[Where | None, Where | None]) -> str:
    a, b = where
    if a and b:
        return str(b) if a == b else f"{a} → {b}"
    return str(a or b or "")


# --- Figures and rows ---------------------------------------------------------------------------


def figure_label(fig: Figure, view: ViewDiff, w: DiffWords) -> str:
    c = w.common
    pool = view.pool_name or w.pool
    return {
        "break_even_year": c.break_even,
        "payback_year": c.payback,
        "pool_repaid_year": c.pool_repaid.format(pool=pool),
        "total_net": c.total_net,
        "npv": w.npv,
        "pool_balance_end": w.pool_balance_end,
    }[fig.key]


def figure_cells(fig: Figure, w: DiffWords) -> tuple[str, str, str]:
    """A, B and the change, as text."""
    if fig.is_year:

        def year(v: int | None) -> str:
            return shown_year(v) if v is not None else w.common.not_reached

        delta = fig.delta
        if delta is None:
            shown = "" if fig.a == fig.b else w.absent
        else:
            shown = w.common.years.format(n=signed(delta)) if delta else "0"
        return year(fig.a), year(fig.b), shown
    a = kroner(fig.a) if fig.a is not None else w.absent
    b = kroner(fig.b) if fig.b is not None else w.absent
    d = fig.delta
    return a, b, (signed(d) if d is not None else w.absent)


def signed(value: int) -> str:
    """A change in Danish style with its sign: ``+100.000``, ``-56.000``, ``0``."""
    return ("+" if value > 0 else "") + kroner(value)


def shown_figures(view: ViewDiff) -> tuple[Figure, ...]:
    """The key figures worth a row: the pool figures only when a case has a pool, NPV always."""
    pool_keys = {"pool_repaid_year", "pool_balance_end"}
    return tuple(f for f in view.figures if view.has_pool or f.key not in pool_keys)


class DeltaRow(NamedTuple):
    """A row of the table of differences, its cells already written."""

    label: str
    cells: tuple[str, ...]
    total: str
    style: str
    end_section: bool = False


def line_label(line: LineRow, w: DiffWords) -> str:
    if not line.in_a:
        return f"{line.name} ({w.only_in.format(side='B')})"
    if not line.in_b:
        return f"{line.name} ({w.only_in.format(side='A')})"
    return line.name


def delta_rows(view: ViewDiff, w: DiffWords, *, all_lines: bool = False) -> list[DeltaRow]:
    """Line deltas (those that differ, or all), then net, cumulative and the pool's rows that
    differ (drawn, repayment, balance)."""
    c = w.common
    out: list[DeltaRow] = []
    lines = view.lines if all_lines else view.changed_lines
    for line in lines:
        out.append(_delta(line_label(line, w), line, "line"))
    if out:
        last = out[-1]
        out[-1] = DeltaRow(last.label, last.cells, last.total, last.style, end_section=True)
    out.append(_delta(c.net, view.net, "net"))
    cumulative = _delta(c.cumulative, view.cumulative, "cumulative", total=False)
    out.append(DeltaRow(cumulative.label, cumulative.cells, "", "cumulative", end_section=True))
    pool = view.pool_name or w.pool
    pool_rows = [
        _delta(c.drawn.format(pool=pool), view.drawn, "pool"),
        _delta(c.repayment.format(pool=pool), view.repayment, "pool"),
        _delta(c.balance.format(pool=pool), view.pool_balance, "pool", total=False),
    ]
    changed = [r for r, row in zip(pool_rows, view.pool_rows, strict=False) if row.changed]
    if not changed:
        out[-1] = DeltaRow(out[-1].label, out[-1].cells, "", "cumulative")
    return out + changed


def _delta(label: str, row: Row, style: str, *, total: bool = True) -> DeltaRow:
    delta = row.delta
    return DeltaRow(
        label,
        tuple(signed(v) for v in delta),
        signed(row.total_delta) if total and row.total_delta is not None else "",
        style,
    )


def view_title(view: ViewDiff, report: Report, w: DiffWords) -> str:
    if view.department is None:
        return w.common.all_departments
    names = {**report.b.departments, **report.a.departments}
    name = names.get(view.department)
    return f"{name} ({view.department})" if name and name != view.department else view.department


def views(report: Report) -> tuple[ViewDiff, ...]:
    """The views to show: the whole case, and each department when there are departments."""
    return report.diff.views
