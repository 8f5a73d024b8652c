"""Every case drawing on the same pool, in one view: the pool as its owner sees it.

The figures are read off each case's one evaluation (the nodes ``("pool_drawn", i, y)``,
``("pool_interest", i, y)``, ``("pool_repaid", i, y)`` and ``("pool_balance", i, y)`` of
:mod:`businesscase.calc.model`); nothing is defined again. Cases draw on the same pool when
their pool funding has the same ``name`` and they are the same organisation's
(``meta.organisation``): a pool is one municipality's, and two municipalities' pools of the
same name are two pools.

The pool's yearly figures add up its cases over every year any case covers: a case's draws,
interest and repayments count in its own years; its balance is 0 before its first year and
stays what it owes after its last (the debt does not go away when the case's table ends).
A case is *behind* when it still owes the pool at the end of its period (as shown, rounded
half up to whole kroner).

A case with actuals (:mod:`businesscase.followup`) also has a :class:`Schedule`: its account
with the pool as planned against as re-projected from the actuals (the nodes
``("outlook", "pool_repaid", i, y)`` …). It is *behind its schedule* when the re-projection
repays the pool less than the plan does, leaves more owed at the end of its period, or repays
it later (or not at all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .calc.exact import Evaluation
from .calc.expr import Num
from .fmt import YearForm, round_half_up
from .model import Case, PoolFunding


@dataclass(frozen=True, slots=True)
class Schedule:
    """A followed-up case's account with one pool: as planned, and as re-projected from its
    actuals up to ``as_of``. Exact kroner."""

    as_of: int
    rule: str
    net_plan: Num
    """The case's net summed over the years up to ``as_of``, as planned."""
    net_actual: Num
    """The same, as realised (the actuals, the plan where a line has none)."""
    repaid_plan: tuple[Num, ...]
    repaid: tuple[Num, ...]
    """Re-projected repayments per year."""
    owed_plan: Num
    owed: Num
    """What is owed at the end of the period, planned and re-projected."""
    year_plan: int | None
    year: int | None
    """The year the pool is repaid, planned and re-projected (None: not within the period)."""

    @property
    def behind(self) -> bool:
        """The re-projection repays less, owes more at the end (as shown), or repays later,
        than the plan (a rule that writes off what is not repaid owes nothing at the end)."""
        if round_half_up(sum(self.repaid, 0)) < round_half_up(sum(self.repaid_plan, 0)):
            return True
        if round_half_up(self.owed) > round_half_up(self.owed_plan):
            return True
        if self.year_plan is not None:
            return self.year is None or self.year > self.year_plan
        return False


@dataclass(frozen=True, slots=True)
class CaseDraw:
    """One case's account with the pool (one pool funding of the case). Exact kroner."""

    file: str
    title: str
    funding: int
    """The index of the pool in the case's ``funding``."""
    years: tuple[int, ...]
    drawn: tuple[Num, ...]
    interest: tuple[Num, ...]
    """All 0 when the pool charges the case no interest."""
    repaid: tuple[Num, ...]
    balance: tuple[Num, ...]
    repaid_year: int | None
    """The case's own key figure, when this is its only pool; else ``None``."""
    schedule: Schedule | None = None
    """Plan against the re-projection, when the case has actuals."""
    recycled: tuple[Num, ...] = ()
    """Savings the case returns to the pool each year (``recycling``); empty when none."""
    written_off: tuple[Num, ...] = ()
    """What the pool writes off of the case's debt each year; empty when nothing."""

    @property
    def owed_at_end(self) -> Num:
        return self.balance[-1] if self.balance else 0

    @property
    def total_written_off(self) -> Num:
        """What the pool writes off of the case's debt within its period."""
        return sum(self.written_off, 0)

    @property
    def written_off_in(self) -> int | None:
        """The year the pool writes the debt off, when it does so in one year, as shown."""
        found = [
            y for y, v in zip(self.years, self.written_off, strict=False) if round_half_up(v) != 0
        ]
        return found[0] if len(found) == 1 else None

    @property
    def behind(self) -> bool:
        """Still owes the pool, as shown, at the end of its period."""
        return round_half_up(self.owed_at_end) > 0

    def at(self, row: tuple[Num, ...], year: int) -> Num:
        """A flow (draws, interest, repayments) in ``year``: 0 outside the case's years."""
        if year in self.years and row:
            return row[self.years.index(year)]
        return 0

    def balance_at(self, year: int) -> Num:
        """The balance in ``year``: 0 before the case's years, what it owes after them."""
        if not self.years or year < self.years[0]:
            return 0
        if year > self.years[-1]:
            return self.owed_at_end
        return self.balance[self.years.index(year)]


@dataclass(frozen=True, slots=True)
class Pool:
    """One pool: every case drawing on it, and its own figures per year."""

    name: str
    organisation: str
    years: tuple[int, ...]
    cases: tuple[CaseDraw, ...]
    currency: str
    """The ISO 4217 code of its cases' amounts (one pool is one currency's)."""
    form: YearForm
    """How its cases count their years (all of them the same way)."""
    drawn: tuple[Num, ...]
    interest: tuple[Num, ...]
    repaid: tuple[Num, ...]
    balance: tuple[Num, ...]
    written_off: tuple[Num, ...] = ()
    """What the pool writes off of its cases' debts each year."""

    @property
    def has_interest(self) -> bool:
        return any(self.interest)

    @property
    def writes_off(self) -> bool:
        """Whether the pool writes off any case's debt (as shown)."""
        return any(round_half_up(c.total_written_off) != 0 for c in self.cases)

    @property
    def written_off_cases(self) -> tuple[CaseDraw, ...]:
        """The cases the pool writes off debt of, and so does not have repaid in full."""
        return tuple(
            c for c in self.cases if not c.behind and round_half_up(c.total_written_off) != 0
        )

    @property
    def behind(self) -> tuple[CaseDraw, ...]:
        return tuple(c for c in self.cases if c.behind)

    @property
    def followed(self) -> tuple[CaseDraw, ...]:
        """The cases with actuals."""
        return tuple(c for c in self.cases if c.schedule is not None)

    @property
    def behind_schedule(self) -> tuple[CaseDraw, ...]:
        """The cases whose actuals put them behind their schedule with the pool."""
        return tuple(c for c in self.followed if c.schedule is not None and c.schedule.behind)


def _schedule(ev: Evaluation, indexes: list[int], only_pool: bool) -> Schedule | None:
    """Plan against the re-projection of a pool of a case with actuals (its tranches, the
    fundings ``indexes``, summed)."""
    from .calc.exact import followed_up

    followup = ev.model.followup
    if followup is None:
        return None
    out = followed_up(ev)
    passed = [y for y in ev.model.years if y <= followup.as_of]

    def summed(e: Evaluation, kind: str) -> tuple[Num, ...]:
        rows = [e.row((kind, i)) for i in indexes]
        return tuple(sum(col, 0) for col in zip(*rows, strict=True))

    repaid_plan, repaid = summed(ev, "pool_repaid"), summed(out, "pool_repaid")
    owed_plan, owed = summed(ev, "pool_balance"), summed(out, "pool_balance")
    return Schedule(
        as_of=followup.as_of,
        rule=followup.rule,
        net_plan=sum((ev.get(("net", None, y)) or 0 for y in passed), 0),
        net_actual=sum((out.get(("net", None, y)) or 0 for y in passed), 0),
        repaid_plan=repaid_plan,
        repaid=repaid,
        owed_plan=owed_plan[-1] if owed_plan else 0,
        owed=owed[-1] if owed else 0,
        year_plan=ev.year(("pool_repaid", None)) if only_pool else None,
        year=out.year(("pool_repaid", None)) if only_pool else None,
    )


def _draws(file: str, case: Case, ev: Evaluation) -> list[tuple[str, CaseDraw]]:
    model = ev.model
    years = model.years
    tranches: dict[str, list[int]] = {}  # a pool's fundings in the case: its tranches
    for i, f in enumerate(case.funding):
        if isinstance(f, PoolFunding):
            tranches.setdefault(f.pool_id, []).append(i)
    zero = (0,) * len(years)

    def row(kind: str, indexes: list[int]) -> tuple[Num, ...]:
        rows = [ev.row((kind, i)) for i in indexes if (kind, i, years[0]) in model.nodes]
        return tuple(sum(col, 0) for col in zip(*rows, strict=True)) if rows else zero

    out = []
    for name, indexes in tranches.items():
        out.append(
            (
                name,
                CaseDraw(
                    file=file,
                    title=case.meta.title,
                    funding=indexes[0],
                    years=years,
                    drawn=row("pool_drawn", indexes),
                    interest=row("pool_interest", indexes),
                    repaid=row("pool_repaid", indexes),
                    balance=row("pool_balance", indexes),
                    repaid_year=ev.year(("pool_repaid", None)) if len(tranches) == 1 else None,
                    recycled=row("pool_recycled", indexes),
                    written_off=row("pool_written_off", indexes),
                    schedule=_schedule(ev, indexes, len(tranches) == 1),
                ),
            )
        )
    return out


def pool_keys(case: Case) -> list[tuple[str, str]]:
    """The pools a case draws on: (organisation, pool name) each."""
    return [(case.meta.organisation, f.pool_id) for f in case.funding if isinstance(f, PoolFunding)]


def currency_clash(cases: Sequence[tuple[str, Case]]) -> tuple[int, int] | None:
    """The first two cases (their indexes) that draw on one pool in different currencies."""
    return _clash(cases, lambda case: case.meta.currency)


def years_clash(cases: Sequence[tuple[str, Case]]) -> tuple[int, int] | None:
    """The first two cases that draw on one pool with years counted in different ways
    (calendar, financial, relative years)."""
    return _clash(cases, lambda case: case.period.form)


def _clash(
    cases: Sequence[tuple[str, Case]], of: Callable[[Case], object]
) -> tuple[int, int] | None:
    first: dict[tuple[str, str], int] = {}
    for k, (_, case) in enumerate(cases):
        for key in pool_keys(case):
            j = first.setdefault(key, k)
            if of(cases[j][1]) != of(case):
                return j, k
    return None


def gather(cases: Iterable[tuple[str, Case, Evaluation]]) -> list[Pool]:
    """The pools the cases draw on, in the order they are first met, each with its cases.
    The cases of one pool are in one currency (:func:`currency_clash` finds those that are
    not)."""
    by_name: dict[tuple[str, str], list[CaseDraw]] = {}
    currencies: dict[tuple[str, str], str] = {}
    forms: dict[tuple[str, str], YearForm] = {}
    for file, case, ev in cases:
        for name, draw in _draws(file, case, ev):
            by_name.setdefault((case.meta.organisation, name), []).append(draw)
            currencies.setdefault((case.meta.organisation, name), case.meta.currency)
            forms.setdefault((case.meta.organisation, name), case.period.form)
    return [
        _pool(name, org, draws, currencies[org, name], forms[org, name])
        for (org, name), draws in by_name.items()
    ]


def _pool(
    name: str, organisation: str, draws: Sequence[CaseDraw], currency: str, form: YearForm
) -> Pool:
    years = tuple(sorted({y for d in draws for y in d.years}))

    def total(row: str) -> tuple[Num, ...]:
        return tuple(sum((d.at(getattr(d, row), y) for d in draws), 0) for y in years)

    return Pool(
        name=name,
        organisation=organisation,
        years=years,
        cases=tuple(draws),
        currency=currency,
        form=form,
        drawn=total("drawn"),
        interest=total("interest"),
        repaid=total("repaid"),
        balance=tuple(sum((d.balance_at(y) for d in draws), 0) for y in years),
        written_off=total("written_off"),
    )
