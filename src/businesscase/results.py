"""Result types: a case's figures for one department (or all), exact, and rounded for display.

:func:`case_result` reads a :class:`CaseResult` off an evaluation of the calculation model
(:mod:`businesscase.calc`); nothing here defines a figure. :func:`show` rounds it for display:
**each shown figure is its exact value rounded half up** to whole kroner, totals included (a
total is the exact total rounded, never a sum of rounded cells). Where shown cells then do not
add up to a shown total, :class:`Shown` lists the difference in ``rounding`` and the output
says so ("afrundingsdifference"); it is never hidden and never moves a key figure.
"""

# No ``from __future__ import annotations`` here: a named tuple's field types are read when
# its class is made, and each one written as a string is compiled then, on every command.

from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

from .fmt import round_half_up

if TYPE_CHECKING:
    from .calc.exact import Evaluation
    from .model import Case

Section = Literal["cost", "avoided", "reallocation"]
Num = int | Fraction

__all__ = [
    "ActivityResult",
    "CaseResult",
    "FundingResult",
    "LineResult",
    "RoundingNote",
    "Shown",
    "ShownGroup",
    "ShownLine",
    "case_result",
    "compute",
    "round_half_up",
    "show",
]


class LineResult(NamedTuple):
    """One line of the case, signed as in the documents: cost negative, saving positive."""

    name: str
    group: str
    section: Section
    values: tuple[Num, ...]
    path: tuple[str | int, ...]
    legal_ref: str | None = None
    counts: tuple[Num, ...] | None = None
    unit_costs: tuple[Num, ...] | None = None
    department: str | None = None
    kind: str = "permanent"
    phase_in: tuple[Num, ...] | None = None
    assumption: str | None = None
    """The line's own assumption text, or "parameter" when it uses an assumed parameter."""
    total: Num = 0


class GroupResult(NamedTuple):
    name: str
    section: Section
    values: tuple[Num, ...]
    total: Num


class FundingResult(NamedTuple):
    """Money received from a grant, per year (positive)."""

    name: str
    kind: str
    values: tuple[Num, ...]
    path: tuple[str | int, ...]
    department: str | None = None
    assumption: str | None = None
    """The grant's own assumption, or "spread" when it is spread evenly over its period."""
    total: Num = 0


class ActivityResult(NamedTuple):
    """A counted volume (visits, staff trained): no money."""

    name: str
    unit: str | None
    counts: tuple[Num | None, ...] | None
    """Per year (None for a year the case gives no count); None when the document gives
    only the period's total."""
    total: Num | None
    """The counts over the years; None for a number a year (årsværk, families a year),
    whose sum would misstate it: it has :attr:`average` instead."""
    department: str | None = None
    assumption: str | None = None
    average: Num | None = None
    """A number a year: its average over the years the case gives a count for."""

    @property
    def steady(self) -> bool:
        """The same count in every year given (its average is that count)."""
        return len({c for c in self.counts or () if c is not None}) <= 1


class CaseResult(NamedTuple):
    """Everything ``run`` shows for one scope, read off one evaluation. Exact kroner."""

    title: str
    language: str
    years: tuple[int, ...]
    lines: tuple[LineResult, ...]
    net: tuple[Num, ...]
    cumulative: tuple[Num, ...]
    drawn: tuple[Num, ...]
    repayment: tuple[Num, ...]
    pool_balance: tuple[Num, ...]
    pool_name: str | None
    break_even_year: int | None
    payback_year: int | None
    pool_repaid_year: int | None
    department: str | None = None
    grants: tuple[FundingResult, ...] = ()
    own_net: tuple[Num, ...] = ()
    own_cumulative: tuple[Num, ...] = ()
    grants_row: tuple[Num, ...] = ()
    npv: Num | None = None
    """Net present value of ``net``; None unless the case or the caller asks for it."""
    activities: tuple[ActivityResult, ...] = ()
    price_year: int | None = None
    npv_base_year: int | None = None
    npv_rates: tuple[tuple[int, Fraction], ...] = ()
    """(first year after the base, rate) for each band of the discount rate used."""
    groups: tuple[GroupResult, ...] = ()
    payback_period: int | None = None
    """Years from the first year anything happens to the payback year, counted as
    ``payback_counted`` says."""
    payback_counted: str = "inclusive"
    """``inclusive`` (both years counted) or ``after_first_year`` (the years after the first)."""
    start_year: int | None = None
    """The first year in which any line is not 0 (break-even and payback count from it)."""
    total_net: Num = 0
    total_drawn: Num = 0
    total_repaid: Num = 0
    total_grants: Num = 0
    total_own_net: Num = 0
    has_funding: bool = False
    interest: tuple[Num, ...] = ()
    """Interest added to what is owed the pool each year (empty when no pool charges any)."""
    total_interest: Num = 0
    pool_rows: tuple[tuple[str, tuple[Num, ...], Num], ...] = ()
    """(kind, yearly figures, total) of each further pool row a case has: ``written_off``
    (what the pool writes off), ``recycled`` (savings returned to the pool)."""

    @property
    def pool_balance_end(self) -> Num:
        return self.pool_balance[-1] if self.pool_balance else 0


def compute(
    case: "Case", *, department: str | None = None, price_year: int | None = None, npv: bool = False
) -> CaseResult:
    """Build, evaluate and read one scope of a case whose references are valid.

    For tools and tests; the commands reuse the evaluation the checks made instead.
    """
    from .calc.exact import evaluate
    from .calc.model import build

    result = case_result(evaluate(build(case, price_year=price_year)), department)
    if not (npv or case.discounting is not None):
        result = result._replace(npv=None, npv_base_year=None, npv_rates=())
    return result._replace(title=case.meta.title, language=case.meta.language)


def case_result(ev: "Evaluation", scope: str | None) -> CaseResult:
    """The figures of ``scope`` (a department id, or None for the whole case)."""
    m = ev.model
    years = m.years
    lines = []
    for info in m.lines:
        if scope is not None and info.department != scope:
            continue
        counts = unit_costs = None
        if info.name in m.details:  # an avoided measure priced as count × unit cost
            count_exprs, price_exprs = m.details[info.name]
            counts = tuple(ev.of(e) or 0 for e in count_exprs)
            unit_costs = tuple(ev.of(e) or 0 for e in price_exprs)
        assumed = any(a.kind == "parameter" for a in info.assumptions)
        lines.append(
            LineResult(
                name=info.name,
                group=info.group,
                section=info.section,  # type: ignore[arg-type]
                values=ev.row(("line", info.name)),
                path=info.path,
                legal_ref=info.legal_ref,
                counts=counts,
                unit_costs=unit_costs,
                department=info.department,
                kind=info.kind,
                phase_in=ev.row(("phase", info.name)) if info.phased else None,
                assumption=info.own_assumption or ("parameter" if assumed else None),
                total=ev.get(("total", "line", info.name)) or 0,
            )
        )
    groups = tuple(
        GroupResult(
            name,
            section,  # type: ignore[arg-type]
            ev.row(m.group_key(scope, name)),
            ev.get(("total", *m.group_key(scope, name))) or 0,
        )
        for name, section in m.groups.get(scope, ())
    )
    grants = tuple(
        FundingResult(
            name=f.name,
            kind="grant",
            values=ev.row(("grant", f.index)),
            path=("funding", f.index),
            department=f.department,
            assumption=next((a.text for a in f.assumptions if a.kind == "line"), None)
            or ("spread" if f.spread else None),
            total=ev.get(("total", "grant", f.index)) or 0,
        )
        for f in m.funding
        if f.kind == "grant" and (scope is None or f.department == scope)
    )
    names = list(
        dict.fromkeys(  # the pools drawn on, once each (tranches of one pool are one)
            f.pool or f.name
            for f in m.funding
            if f.kind == "pool" and (scope is None or f.department == scope)
        )
    )
    activities = tuple(
        ActivityResult(
            name=a.name,
            unit=a.unit,
            counts=tuple(ev.get(("activity", a.name, y)) for y in years) if a.per_year else None,
            total=ev.get(("activity_total", a.name)) if a.summed else None,
            average=None if a.summed else ev.get(("activity_average", a.name)),
            department=a.department,
            assumption=a.own_assumption
            or ("parameter" if any(x.kind == "parameter" for x in a.assumptions) else None),
        )
        for a in m.activities
        if scope is None or a.department == scope
    )
    npv = ev.get(("npv", scope)) if m.npv_base_year is not None else None
    return CaseResult(
        title="",
        language="",
        years=years,
        lines=tuple(lines),
        net=ev.row(("net", scope)),
        cumulative=ev.row(("cumulative", scope)),
        drawn=ev.row(("drawn", scope)),
        repayment=ev.row(("repayment", scope)),
        pool_balance=ev.row(("pool_balance", scope)),
        pool_name=(names[0] if len(names) == 1 else ", ".join(names)) if names else None,
        break_even_year=ev.year(("break_even", scope)),
        payback_year=ev.year(("payback", scope)),
        pool_repaid_year=ev.year(("pool_repaid", scope)),
        department=scope,
        grants=grants,
        own_net=ev.row(("own_net", scope)),
        own_cumulative=ev.row(("own_cumulative", scope)),
        grants_row=ev.row(("grants", scope)),
        npv=npv,
        activities=activities,
        npv_base_year=m.npv_base_year,
        npv_rates=m.npv_rates,
        price_year=m.price_year,
        groups=groups,
        payback_period=ev.year(("payback_period", scope)),
        start_year=ev.year(("start", scope)),
        total_net=ev.get(("total", "net", scope)) or 0,
        total_drawn=ev.get(("total", "drawn", scope)) or 0,
        total_repaid=ev.get(("total", "repayment", scope)) or 0,
        total_grants=ev.get(("total", "grants", scope)) or 0,
        total_own_net=ev.get(("total", "own_net", scope)) or 0,
        has_funding=bool(names or grants),
        interest=ev.row(("interest", scope)) if ("total", "interest", scope) in m.nodes else (),
        total_interest=ev.get(("total", "interest", scope)) or 0,
        pool_rows=tuple(
            (kind, ev.row((kind, scope)), ev.get(("total", kind, scope)) or 0)
            for kind in POOL_ROWS
            if ("total", kind, scope) in m.nodes
        ),
    )


POOL_ROWS = ("written_off", "recycled")
"""The further rows of a pool, in the order shown (after the repayment), when a case has them."""


class ShownLine(NamedTuple):
    name: str
    group: str
    section: Section
    values: tuple[int, ...]
    total: int
    legal_ref: str | None = None
    counts: tuple[Num, ...] | None = None
    unit_costs: tuple[Num, ...] | None = None
    assumption: str | None = None
    phase_in: tuple[Num, ...] | None = None
    kind: str = "permanent"


class ShownGroup(NamedTuple):
    """A row of the document's table: the lines that share a group."""

    name: str
    section: Section
    lines: tuple[ShownLine, ...]
    values: tuple[int, ...]
    total: int


class RoundingNote(NamedTuple):
    """Shown cells that do not add up to a shown figure, because each is rounded on its own."""

    row: str
    """``net`` (a year's column of rows against the net), or the name of a row whose cells
    do not add up to its total."""
    year: int | None
    cells: int
    """The sum of the shown cells."""
    shown: int
    """The figure shown: the exact figure rounded."""


class Shown(NamedTuple):
    """The result in whole kroner: every figure its exact value rounded half up."""

    result: CaseResult
    lines: tuple[ShownLine, ...]
    groups: tuple[ShownGroup, ...]
    net: tuple[int, ...]
    cumulative: tuple[int, ...]
    drawn: tuple[int, ...]
    repayment: tuple[int, ...]
    pool_balance: tuple[int, ...]
    grants: tuple[tuple[str, tuple[int, ...], str | None, int], ...] = ()
    """(name, yearly amounts, assumption, total) per grant."""
    own_net: tuple[int, ...] = ()
    own_cumulative: tuple[int, ...] = ()
    total_net: int = 0
    total_drawn: int = 0
    total_repaid: int = 0
    total_own_net: int = 0
    total_grants: int = 0
    grants_row: tuple[int, ...] = ()
    """All grants per year, each year's exact sum rounded."""
    rounding: tuple[RoundingNote, ...] = ()
    interest: tuple[int, ...] = ()
    total_interest: int = 0
    pool_rows: tuple[tuple[str, tuple[int, ...], int], ...] = ()

    @property
    def years(self) -> tuple[int, ...]:
        return self.result.years


def _r(values: tuple[Num, ...], unit: int = 1) -> tuple[int, ...]:
    if unit == 1:
        return tuple(round_half_up(v) for v in values)
    return tuple(round_half_up(Fraction(v) / unit) for v in values)


def show(result: CaseResult, unit: int = 1) -> Shown:
    """Round a result for display: each figure its exact value rounded half up, in kroner or
    (``unit=1000``) in thousands of kroner."""

    def _one(v: Num) -> int:
        return round_half_up(v) if unit == 1 else round_half_up(Fraction(v) / unit)

    lines = tuple(
        ShownLine(
            name=line.name,
            group=line.group,
            section=line.section,
            values=_r(line.values, unit),
            total=_one(line.total),
            legal_ref=line.legal_ref,
            counts=line.counts,
            unit_costs=line.unit_costs,
            assumption=line.assumption,
            phase_in=line.phase_in,
            kind=line.kind,
        )
        for line in result.lines
    )
    members: dict[str, list[ShownLine]] = {}
    for line in lines:
        members.setdefault(line.group, []).append(line)
    groups = tuple(
        ShownGroup(g.name, g.section, tuple(members[g.name]), _r(g.values, unit), _one(g.total))
        for g in result.groups
    )
    net = _r(result.net, unit)
    drawn, repayment = _r(result.drawn, unit), _r(result.repayment, unit)
    grants = tuple((g.name, _r(g.values, unit), g.assumption, _one(g.total)) for g in result.grants)
    own_net = _r(result.own_net, unit)
    shown = Shown(
        result=result,
        lines=lines,
        groups=groups,
        net=net,
        cumulative=_r(result.cumulative, unit),
        drawn=drawn,
        repayment=repayment,
        pool_balance=_r(result.pool_balance, unit),
        grants=grants,
        own_net=own_net,
        own_cumulative=_r(result.own_cumulative, unit),
        total_net=_one(result.total_net),
        total_drawn=_one(result.total_drawn),
        total_repaid=_one(result.total_repaid),
        total_own_net=_one(result.total_own_net),
        total_grants=_one(result.total_grants),
        grants_row=_r(result.grants_row, unit),
        interest=_r(result.interest, unit),
        total_interest=_one(result.total_interest),
        pool_rows=tuple((k, _r(v, unit), _one(t)) for k, v, t in result.pool_rows),
    )
    return _with_rounding_notes(shown)


def _with_rounding_notes(s: Shown) -> Shown:
    notes: list[RoundingNote] = []
    for k, year in enumerate(s.years):
        cells = sum(g.values[k] for g in s.groups)
        if cells != s.net[k]:
            notes.append(RoundingNote("net", year, cells, s.net[k]))
    rows: list[tuple[str, tuple[int, ...], int]] = [(g.name, g.values, g.total) for g in s.groups]
    rows += [(line.name, line.values, line.total) for line in s.lines if line.name != line.group]
    rows.append(("net", s.net, s.total_net))
    if s.result.pool_name is not None:
        rows += [("drawn", s.drawn, s.total_drawn), ("repayment", s.repayment, s.total_repaid)]
        if s.interest:
            rows.append(("interest", s.interest, s.total_interest))
        rows += list(s.pool_rows)
    rows += [(name, values, total) for name, values, _, total in s.grants]
    if s.result.has_funding:
        rows.append(("own_net", s.own_net, s.total_own_net))
    for name, values, total in rows:
        if sum(values) != total:
            notes.append(RoundingNote(name, None, sum(values), total))
    if not notes:
        return s
    return s._replace(rounding=tuple(notes))
