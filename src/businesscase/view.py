"""What ``run`` shows, assembled once for every output format.

A :class:`CaseView` holds the computed tables (one per department and the combined one, or a
single table), the activities, the assumptions as numbered footnotes, the reconciliation with
the source document and the warnings. Renderers (text, Markdown, JSON, CSV) only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .diagnostics import Diagnostic
from .fmt import kr, number, span
from .i18n import usage_
from .model import Case
from .reconcile import Reconciliation, compare
from .results import ActivityResult, CaseResult, Shown, case_result, show

if TYPE_CHECKING:
    from .calc.exact import Evaluation
    from .calc.model import Assumption, Model
    from .followup import FollowUpView


class Words(Protocol):
    """The few words the view itself writes (the renderers' ``Labels`` has them)."""

    @property
    def language(self) -> str: ...
    @property
    def all_departments(self) -> str: ...
    @property
    def parameter_note(self) -> str: ...
    @property
    def spread_note(self) -> str: ...


class Section(NamedTuple):
    """One table: a department's, the combined one, or the only one."""

    department: str | None
    name: str | None
    shown: Shown


class Footnote(NamedTuple):
    number: int
    text: str
    applies_to: tuple[str, ...]


@dataclass(eq=False, repr=False)
class CaseView:
    """What every output of ``run`` shows: the tables, activities, footnotes and warnings."""

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
    unit: int = 1
    """1 for kroner, 1000 for thousands of kroner (``--unit tkr``)."""
    followup: FollowUpView | None = None
    """Plan against actual and the re-projection, when the case has actuals."""
    currency: str = "DKK"
    """The ISO 4217 code of the case's amounts (``meta.currency``)."""

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


def check_price_year(case: Case, price_year: int | None) -> None:
    """Refuse ``--prices YEAR`` when the case cannot restate its amounts in that year."""
    if price_year is not None and price_year != case.meta.price_level:
        if case.prices is None:
            raise UnknownPriceYear(
                usage_("the case has no price index ('prices:') to restate amounts")
            )
        if price_year not in case.prices.values:
            years = ", ".join(map(str, sorted(case.prices.values)))
            raise UnknownPriceYear(
                usage_("the price index has no value for {year} (it has {years})").format(
                    year=price_year, years=years
                )
            )


def restates(case: Case, price_year: int | None) -> bool:
    """Whether amounts are shown in another year's prices than the case's own."""
    target = (
        price_year if price_year is not None else (case.prices.show_in if case.prices else None)
    )
    return case.prices is not None and target is not None and target != case.meta.price_level


def build(
    case: Case,
    words: Words,
    diagnostics: list[Diagnostic],
    *,
    department: str | None = None,
    price_year: int | None = None,
    npv: bool = False,
    evaluation: Evaluation | None = None,
    unit: int = 1,
) -> CaseView:
    """Every table ``run`` shows, read off one evaluation; ``department`` keeps one only.

    ``evaluation`` is the one the checks made (at the case's own prices); it is reused for the
    tables unless they are restated in another year's prices, which is a second model.
    """
    check_price_year(case, price_year)
    from .calc.exact import evaluate
    from .calc.model import build as build_model

    if evaluation is None:
        evaluation = evaluate(build_model(case))
    shown_ev = evaluation
    if restates(case, price_year):
        shown_ev = evaluate(build_model(case, price_year=price_year))
    with_npv = npv or case.discounting is not None

    def compute(dep: str | None) -> CaseResult:
        result = case_result(shown_ev, dep)
        return result._replace(
            title=case.meta.title,
            language=case.meta.language,
            payback_counted=case.period.payback_counted,
            npv=result.npv if with_npv else None,
            npv_base_year=result.npv_base_year if with_npv else None,
            npv_rates=result.npv_rates if with_npv else (),
        )

    names = {d.id: d.name for d in case.departments}
    sections: list[Section] = []
    if department is not None:
        sections.append(
            Section(department, names.get(department, department), show(compute(department), unit))
        )
    elif case.departments:
        sections += [Section(d.id, d.name, show(compute(d.id), unit)) for d in case.departments]
        sections.append(Section(None, words.all_departments, show(compute(None), unit)))
    else:
        sections.append(Section(None, None, show(compute(None), unit)))
    main = sections[-1].shown.result

    reconciliation = None
    if case.stated:
        from .i18n import speaking

        with speaking(words.language):  # the ledger's words are the output's, as its labels
            reconciliation = compare(case, evaluation)
    followup = None
    if shown_ev.model.followup is not None:
        from .followup import build as followup_view

        followup = followup_view(case, shown_ev, department, sections[-1].shown, unit)
    footnotes, markers = _assumptions(shown_ev.model, words, department)
    return CaseView(
        title=case.meta.title,
        price_level=case.meta.price_level,
        price_year=main.price_year or case.meta.price_level,
        price_index=(case.prices.name if case.prices else None)
        if shown_ev.model.restated
        else None,
        sections=sections,
        activities=main.activities,
        footnotes=footnotes,
        markers=markers,
        reconciliation=reconciliation,
        warnings=diagnostics,
        department_names=names,
        unit=unit,
        currency=case.meta.currency,
        followup=followup,
    )


def _assumptions(
    model: Model, words: Words, department: str | None
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

    def text_of(a: Assumption) -> str:
        if a.kind == "parameter":
            unit = f" {a.unit}" if a.unit else ""
            value = _plain(a.value) if a.value is not None else "?"
            return words.parameter_note.format(name=a.subject, value=value, unit=unit, text=a.text)
        if a.kind == "spread":
            assert a.value is not None and a.first is not None and a.last is not None
            return words.spread_note.format(
                name=a.subject, amount=kr(a.value), years=span(a.first, a.last)
            )
        return f"{a.subject}: {a.text}"

    def mine(item_department: str | None) -> bool:
        return department is None or item_department == department

    for line in model.lines:
        if not mine(line.department):
            continue
        rows = [line.name] + ([line.group] if line.group != line.name else [])
        for row in rows:
            for a in line.assumptions:
                note(text_of(a), row)
    for f in model.funding:
        if mine(f.department):
            for a in f.assumptions:
                note(text_of(a), f.name)
    for act in model.activities:
        if mine(act.department):
            for a in act.assumptions:
                note(text_of(a), act.name)
    footnotes = [Footnote(i + 1, text, tuple(texts[text])) for i, text in enumerate(order)]
    markers: dict[str, list[int]] = {}
    for fn in footnotes:
        for row in fn.applies_to:
            markers.setdefault(row, []).append(fn.number)
    return footnotes, {row: tuple(ns) for row, ns in markers.items()}


def _plain(value: Decimal | Fraction | int) -> str:
    return number(value, places=4)
