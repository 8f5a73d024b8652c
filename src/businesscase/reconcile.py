"""Reconciliation: the figures a document prints against the figures the engine computes.

A case records what its source document prints under ``stated:`` (rows of a table per year,
and key figures such as the payback year). :func:`compare` puts each printed figure beside
the computed one, rounded as it is shown (whole kroner, half up). A figure that differs is a
finding for the reviewer, not a failure of the tool: the case keeps the document's figure, and
the output names the inconsistency. A mismatch the case acknowledges (``inconsistent:`` with
the reason) is not reported by ``validate`` again, but ``run`` still lists it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .codes import check
from .diagnostics import Finding, listing, suggest
from .fmt import DEFAULT_CURRENCY, kr, kroner, number, round_half_up, style, year_form
from .fmt import year as shown_year
from .formula import Formula
from .i18n import _
from .model import (
    SPECIAL_ROWS,
    Case,
    Parameter,
    Period,
    Printed,
    PrintedFigure,
    Stated,
    StatedRow,
    Value,
    YearlyValue,
    path_year,
)
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


class Comparison(NamedTuple):
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
    printed: str | None = None
    """The figure as the document prints it (``2,1 mio.``), when the case gives it so; then
    ``low`` and ``high`` are the values its words allow (``high_open``: up to, not including)."""
    low: Fraction | None = None
    high: Fraction | None = None
    high_open: bool = True

    @property
    def matches(self) -> bool:
        if self.printed is None or self.high is None:
            return self.stated == self.computed
        if self.computed is None:
            return False
        if self.low is not None and self.computed < self.low:
            return False
        return self.computed < self.high if self.high_open else self.computed <= self.high

    @property
    def difference(self) -> int | None:
        if self.stated is None or self.computed is None:
            return None
        return self.computed - self.stated


LedgerKind = Literal["reproduced", "reconciled", "flagged", "recorded", "unexplained"]
LEDGER_KINDS: tuple[LedgerKind, ...] = (
    "reproduced",
    "reconciled",
    "flagged",
    "recorded",
    "unexplained",
)
"""What the case does with a printed figure: uses it as an input (reproduced), computes the
same (reconciled), shows that the document disagrees with itself (flagged), keeps it as
context (recorded); ``unexplained`` is a figure that differs without a reason (a finding)."""


class LedgerEntry(NamedTuple):
    """One figure of the source document and what the case does with it."""

    source: str
    department: str | None
    quote: str
    """The figure with its words as the document prints them (or the row's label)."""
    kind: LedgerKind
    printed: str | None
    """The document's figure as the case reads it (``2,1 mio.`` is ``2.100.000``)."""
    case: str | None
    """What the case holds or computes for it."""
    reason: str | None = None
    """Why it is flagged (the document disagrees with itself) or recorded (not computed)."""
    assumption: str | None = None
    scenario: str | None = None
    path: tuple[str | int, ...] = ()


class Reconciliation(NamedTuple):
    comparisons: tuple[Comparison, ...]
    findings: tuple[Finding, ...]
    ledger: tuple[LedgerEntry, ...] = ()

    def counts(self) -> dict[LedgerKind, int]:
        """How many figures of the ledger are of each kind."""
        return {kind: sum(e.kind == kind for e in self.ledger) for kind in LEDGER_KINDS}

    @property
    def mismatches(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if not c.matches)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.source for c in self.comparisons))


Row = tuple[tuple[int, ...], int | None]


def _shown_rows(shown: Shown) -> dict[str, Row]:
    """Each row as shown, by the name a stated row gives it: its cells, and its total (the
    exact total rounded; ``None`` for a running figure such as the cumulative net, which has
    no total). Where two rows share a name, a special row, then a row group, then a line,
    then a grant. Made once for a scope, so thousands of stated rows are found by name."""
    rows: dict[str, Row] = {
        "net": (shown.net, shown.total_net),
        "cumulative": (shown.cumulative, None),
        "drawn": (shown.drawn, shown.total_drawn),
        "repayment": (shown.repayment, shown.total_repaid),
        "pool_balance": (shown.pool_balance, None),
        "own_net": (shown.own_net, shown.total_own_net),
        "grants": (shown.grants_row, shown.total_grants),
    }
    for group in shown.groups:
        rows.setdefault(group.name, (group.values, group.total))
    for line in shown.lines:
        rows.setdefault(line.name, (line.values, line.total))
    for name, values, _grant, total in shown.grants:
        rows.setdefault(name, (values, total))
    return rows


def _number(value: Value, evaluation: Evaluation) -> object:
    """A printed figure as written (a formula over the case's parameters is allowed)."""
    from .calc.model import exact, value_expr

    if not isinstance(value, Formula):
        return exact(value)  # a number as written is its own value
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
    return list(compare(case, evaluation, with_ledger=False).findings)


def compare(case: Case, evaluation: Evaluation, *, with_ledger: bool = True) -> Reconciliation:
    """Compare every ``stated`` figure with the computed one, rounded as it is shown.

    ``evaluation`` is the case's, at its own price level (the document's figures are).
    Without the ledger (``with_ledger=False``: the checks want only the findings) the
    table rows and key figures are not written out for it.
    """
    comparisons: list[Comparison] = []
    findings: list[Finding] = []
    ledger: list[LedgerEntry] = []
    shown_by_department: dict[str | None, tuple[Shown, dict[str, Row]]] = {}
    known: list[str] | None = None  # the case's row names, for a row it does not have
    scopes = set(evaluation.model.scopes)
    unit = case.meta.amounts_in  # the document's figures are in the file's unit, as amounts
    case_params: dict[str, Fraction] | None = None
    for i, stated in enumerate(case.stated):
        if stated.department not in scopes:  # reported by the reference checks
            continue
        if stated.department not in shown_by_department:
            scope = show(case_result(evaluation, stated.department))
            shown_by_department[stated.department] = scope, _shown_rows(scope)
        shown, rows = shown_by_department[stated.department]
        result = shown.result
        params = evaluation
        for j, row in enumerate(stated.rows):
            path = ("stated", i, "rows", j)
            found_row = rows.get(row.row)
            if found_row is None:
                known = _known_rows(case) if known is None else known
                findings.append(unknown_row(path, row.row, known))
                continue
            found = _compare_row(stated, row, path, shown, found_row, params, unit)
            comparisons += found
            findings += _row_findings(row, path, found)
            if with_ledger:
                ledger.append(_row_entry(stated, row, path, found))
        if stated.figures is not None:
            found = _compare_figures(stated, i, result, shown, unit)
            comparisons += found
            findings += _figure_findings(stated, i, found)
            if with_ledger:
                ledger += [_figure_entry(stated, c) for c in found]
        for k, figure in enumerate(stated.printed):
            if case_params is None:  # once per case: every printed figure reads them
                case_params = _parameters(case)
            path = ("stated", i, "printed", k)
            entry, more = _printed_entry(case, stated, figure, path, case_params)
            findings += more
            if entry is not None:
                ledger.append(entry)
    return Reconciliation(tuple(comparisons), tuple(findings), tuple(ledger))


# --- The ledger -----------------------------------------------------------------------------------


def _spans(values: list[tuple[int | None, int | str | None]]) -> str:
    """``2021-2022: 25.000; 2023-2027: 175.000``: equal neighbouring years written once; a
    figure written as printed (``0,6 mio.``) as it is printed."""

    def fmt(v: int | str | None) -> str:
        return "–" if v is None else v if isinstance(v, str) else ledger_amount(v)

    if len(values) == 1 and values[0][0] is None:
        return fmt(values[0][1])
    runs: list[tuple[int, int, int | str | None]] = []
    for year, value in values:
        assert year is not None
        if runs and runs[-1][2] == value and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year, value)
        else:
            runs.append((year, year, value))
    calendar = year_form().kind == "calendar"

    def span(a: int, b: int) -> str:
        if a == b:
            return shown_year(a)
        if calendar:
            return f"{shown_year(a)}-{shown_year(b)}"
        return _("{first} to {last}").format(first=shown_year(a), last=shown_year(b))

    return "; ".join(f"{span(a, b)}: {fmt(v)}" for a, b, v in runs)


def _row_entry(
    stated: Stated, row: StatedRow, path: tuple[str | int, ...], found: list[Comparison]
) -> LedgerEntry:
    mismatches = [c for c in found if not c.matches]
    kind: LedgerKind = "reconciled"
    if mismatches:
        kind = "flagged" if row.inconsistent else "unexplained"
    totals = [c for c in found if c.year is None]
    yearly = [c for c in found if c.year is not None]
    printed = [_spans([(c.year, c.printed or c.stated) for c in yearly])] if yearly else []
    computed = [_spans([(c.year, c.computed) for c in yearly])] if yearly else []
    for c in totals:
        printed.append(
            _("{figure} in total").format(figure=c.printed or ledger_amount(c.stated or 0))
        )
        computed.append(_("{figure} in total").format(figure=fmt_int(c.computed)))
    return LedgerEntry(
        source=stated.source,
        department=stated.department,
        quote=row.quote or row.printed or row.row,
        kind=kind,
        printed="; ".join(printed),
        case="; ".join(computed),
        reason=row.inconsistent,
        path=path,
    )


def fmt_int(value: int | None) -> str:
    return "–" if value is None else ledger_amount(value)


def _figure_entry(stated: Stated, c: Comparison) -> LedgerEntry:
    def fmt(value: int | None) -> str:
        if value is None:
            return "–"
        if c.is_year:
            return shown_year(value)
        return str(value) if c.row == "payback_period" else ledger_amount(value)

    kind: LedgerKind = "reconciled"
    if not c.matches:
        kind = "flagged" if stated.inconsistent else "unexplained"
    return LedgerEntry(
        source=stated.source,
        department=stated.department,
        quote=stated.quote or c.label,
        kind=kind,
        printed=f"{c.row} {c.printed or fmt(c.stated)}",
        case=f"{c.row} {fmt(c.computed)}",
        reason=stated.inconsistent,
        path=c.path,
    )


class Unresolved(ValueError):
    """A path that names nothing in the case."""


class UnknownParameter(Unresolved):
    """A formula of a printed figure names a parameter the case does not have."""


class ImpliedUndefined(Unresolved):
    """A printed figure's own formula has no value (it divides by zero)."""


_SEGMENT = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]+)\]")


def resolve(case: Case, path: str, params: dict[str, Fraction] | None = None) -> Fraction | str:
    """The value of the case at ``path``: ``costs[Pædagog].amount``, ``period.first``,
    ``avoided[Familiebehandling].count[2023]``, ``parameters.andel``,
    ``funding[Investeringspuljen].repayment.amount``, ``activities[Besøg].total``.

    Items of a list are found by name (or a department by id); a yearly value needs
    ``[year]`` unless it is the same every year; a formula is evaluated with the parameters
    (``params``: the case's, as :func:`_parameters` gives them, when already known).
    """
    if params is None:
        params = _parameters(case)
    obj: Any = case
    pos = 0
    text = path.strip()
    if not text:
        raise Unresolved(_("the path is empty"))
    while pos < len(text):
        m = _SEGMENT.match(text, pos)
        if m is None or (pos == 0 and text.startswith(".")):
            raise Unresolved(_("cannot read '{text}'").format(text=text[pos:]))
        pos = m.end()
        name, key = m.group(1), m.group(2)
        if name is not None:
            if isinstance(obj, dict):
                if name not in obj:
                    raise Unresolved(_("no '{name}' here").format(name=name))
                obj = obj[name]
            elif name in _fields(type(obj)):
                obj = getattr(obj, name)
            else:
                raise Unresolved(_("no field '{name}'").format(name=name))
            if obj is None:
                raise Unresolved(_("'{name}' is not set").format(name=name))
            continue
        key = key.strip()
        if isinstance(obj, list):
            matches = [
                item
                for item in obj
                if getattr(item, "name", None) == key
                or ("id" in _fields(type(item)) and item.id == key)
            ]
            if not matches:
                raise Unresolved(_("nothing named '{name}'").format(name=key))
            obj = matches[0]
        elif isinstance(obj, YearlyValue):
            year = path_year(key, case.period.form)
            if year is None:
                raise Unresolved(_("'{key}' is not a year").format(key=key))
            obj = obj.at(year)
        elif isinstance(obj, dict):
            if key not in obj:
                raise Unresolved(_("no '{name}' here").format(name=key))
            obj = obj[key]
        else:
            raise Unresolved(_("'[{key}]' needs a list or a yearly value").format(key=key))
    if isinstance(obj, Parameter):
        obj = obj.value
    if isinstance(obj, YearlyValue):
        if obj.constant is None:
            raise Unresolved(_("the value differs by year: add [year]"))
        obj = obj.constant
    if isinstance(obj, Period):
        return f"{obj.first}-{obj.last}"
    if isinstance(obj, Formula):
        unknown = sorted(obj.names - set(params))
        if unknown:
            raise UnknownParameter(_("unknown parameter '{name}'").format(name=unknown[0]))
        try:
            return obj.evaluate(params)
        except ZeroDivisionError:
            raise Unresolved(_("the formula divides by zero")) from None
    if isinstance(obj, bool):
        raise Unresolved(_("not a number"))
    if isinstance(obj, int | Decimal):
        return Fraction(obj)
    if isinstance(obj, str):
        return obj
    raise Unresolved(_("not a number"))


_FIELDS: dict[type, frozenset[str]] = {}


def _fields(kind: type) -> frozenset[str]:
    """The fields of a model class (none for any other type), looked up once per class."""
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = frozenset(getattr(kind, "model_fields", None) or ())
    return found


def _plain(value: Fraction | str, quote: str = "") -> str:
    """A number as the document would print it; a year stays ``2019``, not ``2.019``."""
    if isinstance(value, str):
        return value
    if value.denominator == 1 and _written_whole(str(value), quote):
        return str(value)
    return number(value, places=4)


_DIGITS = frozenset("0123456789")
_NOT_BEFORE = frozenset("0123456789.,")
_DECIMAL_MARKS = frozenset(".,")


def _written_whole(digits: str, quote: str) -> bool:
    """Whether ``quote`` has ``digits`` as a number of its own: not inside a longer number,
    nor before a decimal part (``2019`` in "i 2019", not in "12019" or "2019,5"). A plain
    search, where a pattern per number would be compiled for every figure of every file."""
    at = quote.find(digits)
    while at >= 0:
        end = at + len(digits)
        before = quote[at - 1 : at]
        after, then = quote[end : end + 1], quote[end + 1 : end + 2]
        if (
            before not in _NOT_BEFORE
            and after not in _DIGITS
            and not (after in _DECIMAL_MARKS and then in _DIGITS)
        ):
            return True
        at = quote.find(digits, at + 1)
    return False


def _printed_entry(
    case: Case,
    stated: Stated,
    figure: PrintedFigure,
    path: tuple[str | int, ...],
    params: dict[str, Fraction],
) -> tuple[LedgerEntry | None, list[Finding]]:

    def entry(
        kind: LedgerKind, printed: str | None, held: str | None, reason: str | None
    ) -> LedgerEntry:
        return LedgerEntry(
            source=stated.source,
            department=stated.department,
            quote=figure.quote,
            kind=kind,
            printed=printed,
            case=held,
            reason=reason,
            assumption=figure.assumption,
            scenario=figure.scenario,
            path=path,
        )

    if figure.context is not None:
        value = figure.value
        printed = _plain(Fraction(value), figure.quote) if value is not None else None
        return entry("recorded", printed, None, figure.context), []
    if figure.input is not None:
        assert figure.value is not None
        pairs = [(figure.input, figure.value, "input")]
        if figure.input_upto is not None and figure.value_upto is not None:
            pairs.append((figure.input_upto, figure.value_upto, "input_upto"))
        wanted, held_texts, findings = [], [], []
        for target, value, key in pairs:
            try:
                held = resolve(case, target, params)
            except Unresolved as exc:
                return None, [unresolved((*path, key), target, str(exc), _first(case))]
            want = Fraction(value)
            wanted.append(value.text if isinstance(value, Printed) else _plain(want, figure.quote))
            held_texts.append(f"{target} = {_plain(held, figure.quote)}")
            if isinstance(value, Printed) and not isinstance(held, str):
                # a figure with its own scale (2,1 mio.) is in whole units, the case's value
                # in the file's unit
                agrees = value.allows(held * case.meta.amounts_in if value.scaled else held)
            else:
                agrees = held == want
            if not agrees:
                findings.append(
                    printed_mismatch(
                        (*path, "value" if key == "input" else "value_upto"),
                        _(
                            "{source}, '{quote}': the document prints {printed}, "
                            "the case holds {held} at {path}"
                        ).format(
                            source=stated.source,
                            quote=figure.quote,
                            printed=wanted[-1],
                            held=_plain(held, figure.quote),
                            path=target,
                        ),
                    )
                )
        kind: LedgerKind = "unexplained" if findings else "reproduced"
        return entry(kind, "-".join(wanted), "; ".join(held_texts), None), findings
    assert figure.implies is not None
    try:
        low = _evaluate(figure.implies, params)
        high = _evaluate(figure.implies_upto, params) if figure.implies_upto is not None else low
        total = Fraction(0)
        for target in figure.against:
            held = resolve(case, target, params)
            if isinstance(held, str):
                raise Unresolved(_("'{path}' is not a number").format(path=target))
            total += held
    except Unresolved as exc:
        own = isinstance(exc, UnknownParameter | ImpliedUndefined)
        where = (*path, "implies") if own else (*path, "against")
        return None, [unresolved(where, figure.quote, str(exc), _first(case))]
    implied = number(low) if low == high else f"{number(low)}-{number(high)}"
    formulas = [v for v in (figure.implies, figure.implies_upto) if isinstance(v, Formula)]
    if formulas:
        implied = " .. ".join(f.text for f in formulas) + f" = {implied}"
    held_text = " + ".join(figure.against) + f" = {_plain(total)}"
    agrees = low <= total <= high
    if figure.inconsistent is not None:
        if agrees:
            return entry("reconciled", implied, held_text, None), [
                acknowledged_but_reconciles((*path, "inconsistent"))
            ]
        return entry("flagged", implied, held_text, figure.inconsistent), []
    if agrees:
        return entry("reconciled", implied, held_text, None), []
    finding = printed_mismatch(
        (*path, "implies"),
        _(
            "{source}, '{quote}': the document's figure gives {implied}, "
            "the case has {held} ({paths})"
        ).format(
            source=stated.source,
            quote=figure.quote,
            implied=implied,
            held=_plain(total),
            paths=" + ".join(figure.against),
        ),
    )
    return entry("unexplained", implied, held_text, None), [finding]


def _parameters(case: Case) -> dict[str, Fraction]:
    """The parameters' values (a printed figure's formulas use only these); a parameter
    written as a formula over others is evaluated once those are known."""
    params: dict[str, Fraction] = {}
    pending = dict(case.parameters)
    while pending:
        done = False
        for name, p in list(pending.items()):
            if isinstance(p.value, Formula):
                if not p.value.names <= set(params):
                    continue
                params[name] = p.value.evaluate(params)
            else:
                params[name] = Fraction(p.value)
            del pending[name]
            done = True
        if not done:  # a cycle or an unknown name: reported by the case checks
            break
    return params


def _evaluate(value: Value, params: dict[str, Fraction]) -> Fraction:
    if isinstance(value, Formula):
        unknown = sorted(value.names - set(params))
        if unknown:
            raise UnknownParameter(_("unknown parameter '{name}'").format(name=unknown[0]))
        try:
            return value.evaluate(params)
        except ZeroDivisionError:
            raise ImpliedUndefined(_("the formula divides by zero")) from None
    return Fraction(value)


def _compare_row(
    stated: Stated,
    row: StatedRow,
    path: tuple[str | int, ...],
    shown: Shown,
    computed_row: tuple[tuple[int, ...], int | None],
    params: Evaluation,
    unit: int = 1,
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
                stated=_stated(row.total, unit),
                computed=computed_total,
                path=(*path, "total"),
                acknowledged=row.inconsistent,
                **_precision(row.total, unit),
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
                stated=_stated(value, unit)
                if isinstance(value, Printed)
                else round_half_up(_number(value, params) * unit),  # type: ignore[operator]
                computed=computed[k] if k is not None else None,
                path=(*path, "values", *key),
                acknowledged=row.inconsistent,
                **_precision(value, unit),
            )
        )
    return out


def _stated(value: Decimal, unit: int) -> int:
    """A stated amount in whole units: a printed figure with its own scale as it says."""
    if isinstance(value, Printed) and value.scaled:
        return round_half_up(value)
    return round_half_up(value * unit)


def _precision(value: object, unit: int) -> dict[str, Any]:
    """The bounds a printed figure's words allow, as a comparison's fields (none for a number
    written plainly: it is compared exactly)."""
    if not isinstance(value, Printed):
        return {}
    low, high = value.bounds(unit)
    return {"printed": value.text, "low": low, "high": high, "high_open": value.high_open}


def _compare_figures(
    stated: Stated, i: int, result: CaseResult, shown: Shown, unit: int = 1
) -> list[Comparison]:
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
        precision = _precision(value, unit)
        if name in ("total_drawn", "total_repaid"):
            value = _stated(value, unit)  # an amount, in the file's unit
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
                **precision,
            )
        )
    return out


def amount(value: int) -> str:
    """An amount in a message: kroner as the tables print them (``-250.000``), another
    currency with its sign (``£1,500,000``)."""
    return kroner(value) if style() is None else kr(value)


def ledger_amount(value: int) -> str:
    """An amount in the ledger and the reconciliation table: kroner as the tables print them
    in every language (``-250.000``, ``-250,000``), another currency with its sign
    (``£1,500,000``), as the document prints it."""
    current = style()
    return kroner(value) if current is None or current.currency == DEFAULT_CURRENCY else kr(value)


def _allowed(c: Comparison) -> str:
    """What a printed figure's words allow: ``1.450.000 up to 1.550.000``."""
    assert c.high is not None
    high = amount(round_half_up(c.high))
    if c.low is None:
        return (_("up to {high}") if not c.high_open else _("below {high}")).format(high=high)
    low = amount(round_half_up(c.low))
    return (_("{low} up to {high}") if c.high_open else _("{low} to {high}")).format(
        low=low, high=high
    )


def _describe(c: Comparison) -> str:
    def shown(value: int | None) -> str:
        if value is None:
            return _("nothing (not reached in the period)") if c.is_year else _("nothing")
        if c.is_year:
            return shown_year(value)
        return str(value) if c.row == "payback_period" else amount(value)

    if c.year is not None:
        when = f" {shown_year(c.year)}"
    else:
        when = " " + _("in total") if c.path[-1] == "total" else ""
    where = f"{c.source}, '{c.label}'{when}"
    printed = shown(c.stated) if c.printed is None else f"'{c.printed}' ({_allowed(c)})"
    text = _("{where}: the document prints {printed}, the case computes {computed}").format(
        where=where, printed=printed, computed=shown(c.computed)
    )
    if c.difference is not None and not c.is_year and c.row != "payback_period":
        text += " " + _("(difference {difference})").format(difference=amount(c.difference))
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
        hint=_(
            "correct the case or the stated figure; if the document itself does not add up, "
            "keep its figure and add 'inconsistent: <why>' to the row"
        ),
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
        hint=_(
            "if the document's figure does not follow from its own numbers, keep it and add "
            "'inconsistent: <why>' to this stated entry"
        ),
    )


@check("BC403", "stated-row-unknown", "error")
def unknown_row(path: tuple[str | int, ...], row: str, known: list[str]) -> Finding:
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
    close = suggest(row, known)
    hint = (
        _("did you mean '{key}'?").format(key=close)
        if close
        else _("use one of: {names}").format(names=listing(known))
    )
    return Finding(
        code="BC403",
        severity="error",
        message=_(
            "the stated row '{row}' is not a row group, line, grant or special row of the case"
        ).format(row=row),
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
        message=_("marked inconsistent, but every figure here reconciles with the computed one"),
        path=path,
        hint=_("remove 'inconsistent:'"),
    )


@check("BC405", "printed-figure-mismatch", "warning")
def printed_mismatch(path: tuple[str | int, ...], message: str) -> Finding:
    """A figure the document prints is not what the case holds, or does not follow.

    Under ``printed:``, a figure with ``input`` must be exactly the case's value at that path,
    and a figure with ``implies`` must agree with the case's values at ``against``. When the
    document itself disagrees (its text against its own table), keep the figure and say why
    under ``inconsistent:``.

    Bad::

        stated:
          - source: 4. Økonomi
            printed:
              - quote: 390.000 kr. pr. årsværk
                value: 390000
                input: costs[Pædagog].amount

    Good::

        stated:
          - source: 4. Økonomi
            printed:
              - quote: 390.000 kr. pr. årsværk
                value: 390000
                input: costs[Støtte- og ressourcepædagog].amount
    """
    return Finding(
        code="BC405",
        severity="warning",
        message=message,
        path=path,
        hint=_(
            "correct the case or the figure; if the document disagrees with itself, add "
            "'inconsistent: <why>'"
        ),
    )


def _first(case: Case) -> str:
    """The period's first year as the case writes it: ``2023``, ``2019-20``, ``1``."""
    return case.period.form.written(case.years[0])


@check("BC406", "printed-figure-unresolved", "error")
def unresolved(path: tuple[str | int, ...], what: str, reason: str, year: str) -> Finding:
    """A printed figure points at nothing in the case.

    ``input`` and ``against`` are paths into the case: a list's item by name
    (``costs[Pædagog]``), then a field (``.amount``), then a year (``[2023]``) when the value
    differs by year, as the case's period writes it (``[2019-20]``, ``[3]``). ``implies`` may
    name only the case's parameters.

    Bad::

        stated:
          - source: 4. Økonomi
            printed:
              - quote: 390.000 kr. årligt
                value: 390000
                input: costs[Pædagog].amout

    Good::

        stated:
          - source: 4. Økonomi
            printed:
              - quote: 390.000 kr. årligt
                value: 390000
                input: costs[Pædagog].amount
    """
    return Finding(
        code="BC406",
        severity="error",
        message=f"'{what}': {reason}",
        path=path,
        hint=_(
            "write a path such as costs[NAME].amount, avoided[NAME].count[{year}], "
            "parameters.NAME or period.first"
        ).format(year=year),
    )
