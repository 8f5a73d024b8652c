"""A pool's own rules (``businesscase pool --rules FILE``), and where its cases break them.

The rules file is YAML, checked as strictly as a case file (unknown keys, types, ranges, each
error at ``file:line:col``)::

    pool: Investeringspuljen       # the pool the rules are for (its name, or a case's pool:)
    organisation: Ishøj Kommune    # optional: only this organisation's pool
    frame: 5000000                 # the pool's total frame: what may be lent out at once
    cap_per_case: 1500000          # the most one case may draw
    max_payback_years: 6           # from a case's first draw to the year it has repaid
    required_return: 0.03          # the least return a year on what a case draws

Each rule is read off the figures :mod:`businesscase.portfolio` gathers (themselves read off
each case's one evaluation); nothing is computed twice:

* the frame holds when, in every year, what is lent out (drawn so far, less repaid and
  recycled so far, over every case) is at most the frame; a year above it is reported at
  the draws of the cases that draw in that year;
* the cap per case holds when a case's draws on the pool (its tranches together) are at most
  the cap, reported at the case's ``amount``;
* the payback period counts the years from a case's first draw up to and including the year
  from which it owes nothing more (shown, rounded half up): a case that is not repaid in its
  period, or only by a write-off, breaks it;
* the required return holds when what comes back to the pool from a case (repayments and
  recycled savings, less draws) is worth at least 0 discounted at the required rate to the
  case's first year (its present value, rounded half up to whole kroner).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any

from pydantic import Field, ValidationError

from . import yamlio
from .calc.expr import Num
from .codes import define
from .diagnostics import Diagnostic, suggest
from .fmt import as_written, kr, round_half_up
from .fmt import written as W
from .i18n import _, language
from .model import Amount, PoolFunding, Strict
from .portfolio import CaseDraw, Pool

Path = tuple[str | int, ...]


class PoolRules(Strict):
    """The rules of one pool (see the module docstring)."""

    pool: str = Field(min_length=1)
    organisation: str | None = None
    frame: Amount | None = Field(default=None, gt=0)
    cap_per_case: Amount | None = Field(default=None, gt=0)
    max_payback_years: Annotated[int, Field(strict=True, ge=1, le=100)] | None = None
    required_return: Amount | None = Field(default=None, ge=0, lt=1)

    def covers(self, pool: Pool) -> bool:
        return pool.name == self.pool and self.organisation in (None, pool.organisation)


RULE_KEYS = tuple(PoolRules.model_fields)


def read_rules(path: str) -> tuple[PoolRules | None, list[Diagnostic]]:
    """The rules in a file, or ``None`` and every error in it, located. I/O errors raise
    ``OSError`` (exit 2, as for a case file)."""
    from .loader import _pydantic_diagnostic

    doc, errors = yamlio.read(path)
    if errors:
        return None, errors
    if not isinstance(doc.data, dict):
        return None, [
            doc.diagnostic(
                "BC108",
                _("a pool rules file is a YAML mapping of keys (pool, frame, ...)"),
                hint=_("start the file with 'pool: ' and the pool's name"),
            )
        ]
    try:
        return PoolRules.model_validate(doc.data), []
    except ValidationError as exc:
        found = []
        for err in exc.errors(include_url=False):
            d = _pydantic_diagnostic(doc, err, hints=False)
            if err["type"] == "extra_forbidden":
                close = suggest(str(err["loc"][-1]), RULE_KEYS)
                hint = (
                    _("did you mean '{key}'?").format(key=close)
                    if close
                    else _("the keys are: {keys}").format(keys=", ".join(RULE_KEYS))
                )
                d = replace(d, hint=hint)
            found.append(d)
        return None, sorted(found, key=Diagnostic.sort_key)


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule a case breaks: its code, what is wrong, and where (the case file's field)."""

    code: str
    rule: str
    file: str
    path: Path
    message: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class Frame:
    """The pool against its frame, per year of the pool."""

    frame: Num
    lent: tuple[Num, ...]
    """Drawn so far less repaid and recycled so far, over every case."""

    @property
    def headroom(self) -> tuple[Num, ...]:
        return tuple(self.frame - v for v in self.lent)


def frame_of(pool: Pool, rules: PoolRules, unit: int = 1) -> Frame | None:
    if rules.frame is None:
        return None
    lent: list[Num] = []
    so_far: Num = 0
    for k, y in enumerate(pool.years):
        so_far += (
            pool.drawn[k]
            - pool.repaid[k]
            - sum((c.at(c.recycled, y) for c in pool.cases if c.recycled), 0)
        )
        lent.append(so_far)
    return Frame(Fraction(rules.frame) * unit, tuple(lent))


def _first(row: tuple[Num, ...], years: tuple[int, ...]) -> int | None:
    return next((y for y, v in zip(years, row, strict=True) if round_half_up(v) != 0), None)


def repaid_year(c: CaseDraw) -> int | None:
    """The first year from which the case owes the pool nothing (shown) and draws no more;
    ``None`` when it still owes at the end, or was only cleared by a write-off."""
    if any(round_half_up(v) for v in c.written_off):
        return None
    last_draw = max((y for y, v in zip(c.years, c.drawn, strict=True) if v), default=None)
    for y in c.years:
        if last_draw is not None and y < last_draw:
            continue
        if all(round_half_up(b) <= 0 for b in c.balance[c.years.index(y) :]):
            return y
    return None


def present_value(c: CaseDraw, rate: Fraction) -> Fraction:
    """What the pool gets back from the case, less what it lends, at ``rate`` a year, in
    the case's first year: Σ (repaid + recycled − drawn) / (1 + rate)^(year − first)."""
    total = Fraction(0)
    for k, _y in enumerate(c.years):
        back = c.recycled[k] if c.recycled else 0
        flow = Fraction(c.repaid[k]) + Fraction(back) - Fraction(c.drawn[k])
        total += flow / (1 + rate) ** k
    return total


def breaches(
    pool: Pool, rules: PoolRules, funding: dict[str, list[tuple[int, PoolFunding]]], unit: int = 1
) -> list[Breach]:
    """Each rule of ``rules`` that the pool or one of its cases breaks. ``funding`` is, per
    case file, the case's fundings on this pool (their index in ``funding`` and the funding),
    to locate a breach at the field that causes it."""
    out: list[Breach] = []
    money = Fraction(unit)
    if rules.frame is not None:
        frame = frame_of(pool, rules, unit)
        assert frame is not None
        over = [
            k for k, v in enumerate(frame.lent) if round_half_up(v) > round_half_up(frame.frame)
        ]
        if over:
            k = over[0]
            y = pool.years[k]
            drawing = [c for c in pool.cases if round_half_up(c.at(c.drawn, y))]
            for c in drawing or pool.cases[:1]:
                i, f = funding[c.file][0]
                where: Path = (
                    ("funding", i, "drawn") if f.drawn is not None else ("funding", i, "amount")
                )
                out.append(
                    Breach(
                        "BC710",
                        "frame",
                        c.file,
                        where,
                        _(
                            "the pool's frame of {frame} is exceeded in {year}: {lent} is lent "
                            "out, and this case draws {drawn} that year"
                        ).format(
                            frame=kr(frame.frame),
                            year=y,
                            lent=kr(frame.lent[k]),
                            drawn=kr(c.at(c.drawn, y)),
                        ),
                        _("draw later, or less, or widen the frame"),
                    )
                )
    for c in pool.cases:
        mine = funding[c.file]
        i, f = mine[0]
        if rules.cap_per_case is not None:
            cap = Fraction(rules.cap_per_case) * money
            drawn = sum(c.drawn, 0)
            if round_half_up(drawn) > round_half_up(cap):
                out.append(
                    Breach(
                        "BC711",
                        "cap_per_case",
                        c.file,
                        ("funding", i, "amount"),
                        _(
                            "the case draws {drawn} on the pool, above its cap of {cap} a case"
                        ).format(drawn=kr(drawn), cap=kr(cap)),
                        _("draw at most {cap}, or find the rest elsewhere").format(cap=kr(cap)),
                    )
                )
        rule_at: Path = ("funding", i, "repayment") if f.repayment is not None else ("funding", i)
        if rules.max_payback_years is not None:
            first = _first(c.drawn, c.years)
            repaid = repaid_year(c)
            limit = rules.max_payback_years
            if first is not None:
                if repaid is None:
                    message = _(
                        "the case does not repay the pool within its period ({last}); the pool "
                        "allows {n} years from the first draw in {first}"
                    ).format(last=W(c.years[-1]), n=limit, first=W(first))
                elif repaid - first + 1 > limit:
                    message = _(
                        "the case repays the pool in {repaid}, {years} years from its first "
                        "draw in {first}; the pool allows {n}"
                    ).format(repaid=W(repaid), years=repaid - first + 1, first=W(first), n=limit)
                else:
                    message = ""
                if message:
                    out.append(
                        Breach(
                            "BC712",
                            "max_payback_years",
                            c.file,
                            rule_at,
                            message,
                            _("repay by {year}").format(year=W(first + limit - 1)),
                        )
                    )
        if rules.required_return is not None:
            rate = Fraction(rules.required_return)
            value = present_value(c, rate)
            if round_half_up(value) < 0:
                out.append(
                    Breach(
                        "BC713",
                        "required_return",
                        c.file,
                        rule_at,
                        _(
                            "what the case pays back is worth {short} less than it draws, "
                            "discounted at the pool's required return of {rate} % a year"
                        ).format(short=kr(-value), rate=_percent(rate)),
                        _("repay more or sooner, or charge interest of at least the return"),
                    )
                )
    return out


def _percent(rate: Fraction) -> str:
    """A rate in per cent as the message's language writes it: ``2,5`` in Danish, ``2.5``."""
    return as_written(Decimal(f"{float(rate * 100):.4g}"), language())


def located(breach: Breach, docs: dict[str, yamlio.Document]) -> Diagnostic:
    """A breach at ``file:line:col`` of the field in its case file."""
    return docs[breach.file].diagnostic(breach.code, breach.message, breach.path, hint=breach.hint)


def pool_fundings(case: Any, pool_name: str) -> list[tuple[int, PoolFunding]]:
    return [
        (i, f)
        for i, f in enumerate(case.funding)
        if isinstance(f, PoolFunding) and f.pool_id == pool_name
    ]


def all_breaches(
    pools: Sequence[Pool], rules: PoolRules, cases: dict[str, Any]
) -> dict[str, list[Breach]]:
    """The breaches of each pool the rules cover, by the pool's name."""
    out: dict[str, list[Breach]] = {}
    for pool in pools:
        if not rules.covers(pool):
            continue
        funding = {c.file: pool_fundings(cases[c.file], pool.name) for c in pool.cases}
        unit = cases[pool.cases[0].file].meta.amounts_in if pool.cases else 1
        out[pool.name] = breaches(pool, rules, funding, unit)
    return out


_RULES = (
    "``frame: 1000000``, ``cap_per_case: 600000``, ``max_payback_years: 4`` and "
    "``required_return: 0.03``"
)

define(
    "BC710",
    "pool-frame-exceeded",
    "error",
    f"""
    The cases on a pool lend out more than the pool's frame in a year (``pool --rules``).

    What is lent out is every case's draws so far, less what they have repaid and recycled
    so far. The breach is reported at the draws of each case drawing in the first year
    above the frame. The examples are a case on a pool whose rules are
    {_RULES}.

    Bad::

        funding:
          - kind: pool
            amount: 1200000
            drawn: {{2025: 600000, 2026: 600000}}

    Good::

        funding:
          - kind: pool
            amount: 1000000
            drawn: {{2025: 500000, 2026: 500000}}
    """,
)
define(
    "BC711",
    "case-above-pool-cap",
    "error",
    f"""
    A case draws more on a pool than the pool's cap per case (``pool --rules``).

    A case's draws on the pool count together, all its tranches included. The examples are
    a case on a pool whose rules are
    {_RULES}.

    Bad::

        funding:
          - kind: pool
            amount: 800000

    Good::

        funding:
          - kind: pool
            amount: 600000
    """,
)
define(
    "BC712",
    "payback-longer-than-pool-allows",
    "error",
    f"""
    A case repays its pool later than the pool's maximum payback period (``pool --rules``).

    The period counts the years from the case's first draw up to and including the year from
    which it owes nothing more; a case not repaid within its own period, or cleared only by
    a write-off, breaks the rule too. The examples are a case on a pool whose rules are
    {_RULES}.

    Bad::

        period: {{first: 2025, last: 2031}}
        funding:
          - kind: pool
            amount: 600000
            repayment: {{first_year: 2027, amount: 120000, years: 5}}

    Good::

        period: {{first: 2025, last: 2031}}
        funding:
          - kind: pool
            amount: 600000
            repayment: {{first_year: 2026, amount: 200000, years: 3}}
    """,
)
define(
    "BC713",
    "return-below-required",
    "error",
    f"""
    What a case pays back to its pool is worth less than it draws at the pool's required return.

    Each year's repayments and recycled savings, less the year's draws, are discounted at
    the required rate to the case's first year; a sum below 0 means the pool earns less
    than its required return on the case (``pool --rules``). Interest at the required rate
    (``interest: {{rate: 0.03}}``) meets it. The examples are a case on a pool whose rules
    are {_RULES}.

    Bad::

        funding:
          - kind: pool
            amount: 600000
            repayment: {{first_year: 2026, amount: 200000, years: 3}}

    Good::

        funding:
          - kind: pool
            amount: 600000
            interest: {{rate: 0.03}}
            repayment: {{first_year: 2026, amount: 220000, years: until_repaid}}
    """,
)
