"""What ``run`` shows, assembled once for every output format.

A :class:`CaseView` holds the computed tables (one per department and the combined one, or a
single table), the activities, the assumptions as numbered footnotes, the reconciliation with
the source document and the warnings. Renderers (text, Markdown, JSON, CSV) only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from .diagnostics import Diagnostic
from .engine import evaluate, price_factor
from .formula import Formula
from .model import Avoided, Case, GrantFunding, YearlyValue
from .reconcile import Reconciliation, compare
from .render.labels import Labels
from .render.numbers import kr, number
from .results import ActivityResult, CaseResult, Shown, show


@dataclass(frozen=True, slots=True)
class Section:
    """One table: a department's, the combined one, or the only one."""

    department: str | None
    name: str | None
    shown: Shown


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    text: str
    applies_to: tuple[str, ...]


@dataclass
class CaseView:
    title: str
    price_level: int
    price_year: int
    price_index: str | None
    sections: list[Section]
    activities: tuple[ActivityResult, ...]
    footnotes: list[Footnote]
    markers: dict[str, tuple[int, ...]]
    """Row name (group, line, grant, activity) -> the footnotes its figures rest on."""
    reconciliation: Reconciliation | None
    warnings: list[Diagnostic] = field(default_factory=list)
    department_names: dict[str, str] = field(default_factory=dict)

    @property
    def main(self) -> Shown:
        """The combined table (or the one department asked for)."""
        return self.sections[-1].shown

    @property
    def has_money(self) -> bool:
        return any(
            s.shown.lines or s.shown.grants or s.shown.result.pool_name for s in self.sections
        )

    def marks(self, name: str) -> str:
        """The footnote markers of a row resting on assumptions: `` [1] [3]``."""
        return "".join(f" [{n}]" for n in self.markers.get(name, ()))


class UnknownPriceYear(ValueError):
    """``--prices YEAR`` for a case without that year in its price index."""


def build(
    case: Case,
    words: Labels,
    diagnostics: list[Diagnostic],
    *,
    department: str | None = None,
    price_year: int | None = None,
    npv: bool = False,
) -> CaseView:
    """Compute every table ``run`` shows; ``department`` keeps one department only."""
    if price_year is not None and price_year != case.meta.price_level:
        if case.prices is None:
            raise UnknownPriceYear("the case has no price index ('prices:') to restate amounts")
        if price_year not in case.prices.values:
            years = ", ".join(map(str, sorted(case.prices.values)))
            raise UnknownPriceYear(
                f"the price index has no value for {price_year} (it has {years})"
            )
    factor = price_factor(case, price_year)

    def compute(dep: str | None) -> CaseResult:
        return evaluate(case, department=dep, price_year=price_year, npv=npv)

    names = {d.id: d.name for d in case.departments}
    sections: list[Section] = []
    if department is not None:
        sections.append(
            Section(department, names.get(department, department), show(compute(department)))
        )
    elif case.departments:
        sections += [Section(d.id, d.name, show(compute(d.id))) for d in case.departments]
        sections.append(Section(None, words.all_departments, show(compute(None))))
    else:
        sections.append(Section(None, None, show(compute(None))))
    main = sections[-1].shown.result

    reconciliation = None
    if case.stated:
        # The document's figures are at the case's price level: reuse the tables computed
        # above unless they were restated in another year's prices.
        results: dict[str | None, CaseResult] = (
            {s.department: s.shown.result for s in sections} if factor == 1 else {}
        )
        for dep in {st.department for st in case.stated}:
            if dep not in results:
                results[dep] = evaluate(case, department=dep)
        reconciliation = compare(case, results)

    footnotes, markers = _assumptions(case, words, department)
    return CaseView(
        title=case.meta.title,
        price_level=case.meta.price_level,
        price_year=main.price_year or case.meta.price_level,
        price_index=(case.prices.name if case.prices else None) if factor != 1 else None,
        sections=sections,
        activities=main.activities,
        footnotes=footnotes,
        markers=markers,
        reconciliation=reconciliation,
        warnings=diagnostics,
        department_names=names,
    )


def _assumptions(
    case: Case, words: Labels, department: str | None
) -> tuple[list[Footnote], dict[str, tuple[int, ...]]]:
    """Number every assumption in order of appearance; map each row to its footnotes."""
    texts: dict[str, list[str]] = {}
    order: list[str] = []

    def note(text: str, row: str) -> None:
        if text not in texts:
            texts[text] = []
            order.append(text)
        if row not in texts[text]:
            texts[text].append(row)

    def params(row: str, *values: YearlyValue | None) -> None:
        for value in values:
            if value is None:
                continue
            for v, _ in value.values():
                if isinstance(v, Formula):
                    for name in sorted(v.names):
                        p = case.parameters.get(name)
                        if p is not None and p.assumption:
                            unit = f" {p.unit}" if p.unit else ""
                            note(
                                words.parameter_note.format(
                                    name=name, value=_plain(p.value), unit=unit, text=p.assumption
                                ),
                                row,
                            )

    def mine(item_department: str | None) -> bool:
        return department is None or item_department == department

    for _, line in case.lines():
        if not mine(line.department):
            continue
        rows = [line.name] + ([line.group] if line.group and line.group != line.name else [])
        for row in rows:
            if line.assumption:
                note(f"{line.name}: {line.assumption}", row)
            if isinstance(line, Avoided):
                params(row, line.count, line.price, line.phase_in)
            else:
                params(row, line.amount, line.phase_in)
    for f in case.funding:
        if not mine(f.department):
            continue
        if f.assumption:
            note(f"{f.name}: {f.assumption}", f.name)
        if isinstance(f, GrantFunding) and f.spread_evenly and f.amount is not None:
            note(
                words.spread_note.format(
                    name=f.name, amount=kr(f.amount), first=f.first_year, last=f.last_year
                ),
                f.name,
            )
    for a in case.activities:
        if not mine(a.department):
            continue
        if a.assumption:
            note(f"{a.name}: {a.assumption}", a.name)
        params(a.name, a.count)
    footnotes = [Footnote(i + 1, text, tuple(texts[text])) for i, text in enumerate(order)]
    markers: dict[str, list[int]] = {}
    for fn in footnotes:
        for row in fn.applies_to:
            markers.setdefault(row, []).append(fn.number)
    return footnotes, {row: tuple(ns) for row, ns in markers.items()}


def _plain(value: Decimal | Fraction) -> str:
    return number(value, places=4)
