"""The Excel workbook: every computed figure a live formula over the input cells.

Sheets: the inputs (each number written in the case file, with its ``file:line``), the table
laid out like ``run``'s (row groups, net, cumulative, pool, grants, own net), the key figures,
the calculation (every other node of the model: lines, counts, unit costs, discount factors
…), the reconciliation with the document and the assumptions. Each computed cell's formula is
written by :mod:`businesscase.calc.excel` from the node's definition, and the engine's exact
value (rounded to øre) is stored as its cached value, so a viewer that does not recalculate
shows the right figure, and one that does recomputes the same figures from the inputs.

The same case gives the same bytes: the workbook's dates are fixed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import xlsxwriter  # type: ignore[import-untyped]

from ..calc.excel import Cell, Formulas
from ..calc.expr import FirstYear, NodeId, Num, Ref
from ..fmt import YearForm, round_half_up, style, year_form
from ..fmt import year as shown_year
from ..fmt import years as years_shown

if TYPE_CHECKING:
    from ..calc.exact import Evaluation
    from ..calc.model import Model
    from ..loader import Loaded
    from ..reconcile import Comparison, Reconciliation
    from ..view import CaseView
    from ..yamlio import Document
    from .labels import Labels

FIXED_DATE = datetime(2000, 1, 1)
"""The workbook's created date: fixed, so the same case gives byte-identical files."""

AMOUNT = "#,##0"
"""Whole kroner with a thousands separator (1.000 in a Danish Excel, 1,000 in an English)."""


def amount_format(currency: str) -> str:
    """The number format of an amount: plain ``#,##0`` for kroner, as the documents' tables
    print them; another currency with its sign where the language puts it (``"£"#,##0``)."""
    current = style()
    if currency == "DKK" or current is None:
        return AMOUNT
    sign = current.symbol.replace('"', "")
    if current.prefix:
        return f'"{sign}"#,##0;-"{sign}"#,##0'
    return f'#,##0" {sign}"'


_AMOUNT_KINDS = frozenset(
    {
        "line",
        "group",
        "net",
        "cumulative",
        "pool_drawn",
        "pool_repaid",
        "pool_balance",
        "drawn",
        "repayment",
        "undrawn",
        "grant",
        "grants",
        "costs",
        "own_net",
        "own_cumulative",
        "total",
        "npv",
        "unit_cost",
    }
)
_YEAR_KINDS = frozenset({"start", "break_even", "payback", "pool_repaid"})


@dataclass(frozen=True)
class Words:
    inputs: str
    table: str
    key_figures: str
    calculation: str
    reconciliation: str
    assumptions: str
    input_columns: tuple[str, ...]
    start: str
    first_draw: str
    row: str
    value: str
    no: str
    applies_to: str
    kinds: dict[str, str]
    """The calculation sheet's rows: what each kind of node is."""
    tests: dict[str, str]


_DA = Words(
    inputs="Inddata",
    table="Tabel",
    key_figures="Nøgletal",
    calculation="Beregning",
    reconciliation="Afstemning",
    assumptions="Forudsætninger",
    input_columns=("Hører til", "Felt", "Værdi", "Enhed", "Sted i filen", "Forudsætning"),
    start="Første år med beløb",
    first_draw="Første år med træk",
    row="Række",
    value="Værdi",
    no="Nr.",
    applies_to="Gælder",
    kinds={
        "line": "Linje",
        "total": "I alt",
        "pool_balance": "Restgæld",
        "net": "Netto",
        "cumulative": "Akkumuleret",
        "drawn": "Træk",
        "repayment": "Tilbagebetaling",
        "grants": "Tilskud i alt",
        "own_net": "Egen netto",
        "own_cumulative": "Egen netto akkumuleret",
        "undrawn": "Endnu ikke trukket",
        "group": "Række",
        "discount": "Diskonteringsfaktor",
        "pool_repaid": "Tilbagebetalt til puljen",
        "pool_drawn": "Trukket på puljen",
        "pool_interest": "Renter til puljen",
        "interest": "Renter",
        "pool_written_off": "Afskrevet af puljen",
        "written_off": "Afskrevet",
        "pool_recycled": "Genanvendt til puljen",
        "pool_principal": "Hovedstol til puljen",
        "savings": "Besparelser",
        "recycled": "Genanvendt",
        "line_start": "Linjens første år",
        "actual": "Faktisk",
        "deviation": "Afvigelse fra planen",
        "actual_to_date": "Faktisk indtil nu",
        "plan_to_date": "Planlagt indtil nu",
        "deviation_to_date": "Afvigelse indtil nu",
        "effect": "Realiseret andel af planen",
        "outlook": "Fremskrevet",
        "grant": "Tilskud",
        "param": "Parameter",
        "start": "Første år med beløb",
        "break_even": "Break-even-år",
        "payback": "Tilbagebetalingsår",
        "payback_period": "Tilbagebetalingstid",
        "npv": "Nutidsværdi",
        "activity": "Aktivitet",
        "activity_total": "Aktivitet i alt",
        "activity_average": "Aktivitet pr. år (gennemsnit)",
        "value": "Formel",
        "phase": "Indfasning",
        "costs": "Omkostninger",
        "price_factor": "Prisfaktor",
        "count": "Antal",
        "unit_cost": "Enhedspris",
    },
    tests={
        "nonneg": "vist ≥ 0",
        "nonpos": "vist ≤ 0",
        "nonzero": "vist ≠ 0",
        "stays_nonneg": "vist ≥ 0 herefter",
    },
)
_EN = Words(
    inputs="Inputs",
    table="Table",
    key_figures="Key figures",
    calculation="Calculation",
    reconciliation="Reconciliation",
    assumptions="Assumptions",
    input_columns=("Belongs to", "Field", "Value", "Unit", "Place in the file", "Assumption"),
    start="First year with amounts",
    first_draw="First year drawn",
    row="Row",
    value="Value",
    no="No.",
    applies_to="Applies to",
    kinds={
        "line": "Line",
        "total": "Total",
        "pool_balance": "Owed",
        "net": "Net",
        "cumulative": "Cumulative",
        "drawn": "Drawn",
        "repayment": "Repayment",
        "grants": "Grants",
        "own_net": "Own net",
        "own_cumulative": "Own net, cumulative",
        "undrawn": "Still to be drawn",
        "group": "Row",
        "discount": "Discount factor",
        "pool_repaid": "Repaid to the pool",
        "pool_drawn": "Drawn from the pool",
        "pool_interest": "Interest to the pool",
        "interest": "Interest",
        "pool_written_off": "Written off by the pool",
        "written_off": "Written off",
        "pool_recycled": "Recycled to the pool",
        "pool_principal": "Principal owed to the pool",
        "savings": "Savings",
        "recycled": "Recycled",
        "line_start": "Line's first year",
        "actual": "Actual",
        "deviation": "Deviation from the plan",
        "actual_to_date": "Actual so far",
        "plan_to_date": "Planned so far",
        "deviation_to_date": "Deviation so far",
        "effect": "Realised share of the plan",
        "outlook": "Re-projected",
        "grant": "Grant",
        "param": "Parameter",
        "start": "First year with amounts",
        "break_even": "Break-even year",
        "payback": "Payback year",
        "payback_period": "Payback period",
        "npv": "Net present value",
        "activity": "Activity",
        "activity_total": "Activity, total",
        "activity_average": "Activity a year (average)",
        "value": "Formula",
        "phase": "Phase-in",
        "costs": "Costs",
        "price_factor": "Price factor",
        "count": "Count",
        "unit_cost": "Unit cost",
    },
    tests={
        "nonneg": "shown ≥ 0",
        "nonpos": "shown ≤ 0",
        "nonzero": "shown ≠ 0",
        "stays_nonneg": "shown ≥ 0 from then on",
    },
)


def year_label_formula(ref: str, form: YearForm, word: str) -> str:
    """A formula that writes the year number in ``ref`` as the case's years are labelled:
    ``2020-21`` for a financial year (the number is the calendar year it starts in), ``Year 3``
    or ``Year 3 (2027)`` for a relative year; empty where the year is not reached."""
    if form.kind == "financial":
        return f'IF({ref}="","",{ref}&"-"&TEXT(MOD({ref}+1,100),"00"))'
    offset = form.first_number - 1
    n = ref if offset == 0 else f"({ref}-{offset})"
    anchored = f'&" ("&{ref}&")"' if form.anchor is not None else ""
    return f'IF({ref}="","","{word} "&{n}{anchored})'


def _kind(node: NodeId) -> str:
    return str(node[0])


def cached(node: NodeId, value: Num | None) -> int | float | str:
    """The value stored with a formula: amounts to øre, years whole, "" for "not reached"."""
    if value is None:
        return ""
    kind = _kind(node)
    if (kind in _YEAR_KINDS and len(node) == 2) or kind == "payback_period":
        return int(value)  # ("pool_repaid", i, y) is an amount, not a year
    if kind in _AMOUNT_KINDS:
        ore = round_half_up(Fraction(value) * 100)
        return ore // 100 if ore % 100 == 0 else ore / 100
    if isinstance(value, int):
        return value
    return float(value)


class _Sheet:
    """A worksheet and the widest text of each column, for widths that fit."""

    def __init__(self, book: Any, name: str) -> None:
        self.name = name
        self.ws = book.add_worksheet(name)
        self.widths: dict[int, int] = {}
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)
        self.ws.freeze_panes(1, 1)
        self.ws.repeat_rows(0)  # the header row and the label column on every printed page
        self.ws.repeat_columns(0)

    def fit(self, col: int, text: str) -> None:
        self.widths[col] = max(self.widths.get(col, 0), len(text))

    def text(self, row: int, col: int, text: str, fmt: Any = None) -> None:
        self.ws.write_string(row, col, text, fmt)
        self.fit(col, text)

    def finish(self, *, limit: int = 70) -> None:
        for col, width in sorted(self.widths.items()):
            self.ws.set_column(col, col, min(width, limit) + 2)


def _shown(value: int | float | str) -> str:
    """Roughly how a cached value reads, for the column width."""
    if isinstance(value, str):
        return value
    return f"{value:,.0f}" if abs(value) >= 1000 or value == int(value) else f"{value}"


class _Workbook:
    def __init__(
        self,
        view: CaseView,
        ev: Evaluation,
        words: Labels,
        doc: Document,
        language: str,
        scopes: Sequence[tuple[str | None, str | None]],
        with_npv: bool,
    ) -> None:
        self.view = view
        self.ev = ev
        self.model: Model = ev.model
        self.words = words
        self.doc = doc
        self.w = _DA if language == "da" else _EN
        self.scopes = scopes
        self.with_npv = with_npv
        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.out, {"in_memory": True})
        self.book.set_properties({"title": view.title, "created": FIXED_DATE})
        self.bold = self.book.add_format({"bold": True})
        amount = amount_format(view.currency)
        self.amount = self.book.add_format({"num_format": amount})
        self.amount_bold = self.book.add_format({"num_format": amount, "bold": True})
        self.year = self.book.add_format({"num_format": "0"})
        self.general = self.book.add_format({})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.nodes: dict[NodeId, Cell] = {}
        self.inputs: dict[tuple[str | int, ...], Cell] = {}
        self.helpers: dict[Any, Cell] = {}
        self.formats: dict[NodeId, Any] = {}
        self.year_labels: dict[tuple[int, int], Any] = {}
        """A key figure's year in a case of financial or relative years: its cell on the key
        figures sheet (row, column) shows the year's label, by a formula over the year's number
        on the calculation sheet, which the other formulas refer to."""

    def year_head(self, sh: _Sheet, col: int, year: int) -> None:
        """A column's year: a number for a calendar year, else its label (``2019-20``)."""
        if year_form().kind == "calendar":
            sh.ws.write_number(0, col, year, self.bold)
        else:
            sh.text(0, col, shown_year(year), self.bold)

    # --- layout: where each node stands -----------------------------------------------------

    def layout(self) -> tuple[list[tuple[int, str, list[NodeId | None], Any]], list[Any]]:
        m = self.model
        w = self.w
        years = m.years
        for r, ikey in enumerate(m.inputs, start=1):
            self.inputs[ikey] = Cell(w.inputs, r, 2)

        table: list[tuple[int, str, list[NodeId | None], Any]] = []
        r = 1
        multi = len(self.scopes) > 1
        for scope, name in self.scopes:
            if multi:
                table.append((r, name or "", [], self.bold))
                r += 1
            rows: list[tuple[str, tuple[object, ...], NodeId | None, Any]] = []
            for group, _section in m.groups.get(scope, ()):
                key = m.group_key(scope, group)  # a row of one line is that line's row
                rows.append((group, key, ("total", *key), self.amount))
            rows.append((self.words.net, ("net", scope), ("total", "net", scope), self.amount_bold))
            rows.append((self.words.cumulative, ("cumulative", scope), None, self.amount))
            pools = [f for f in m.funding if f.kind == "pool" and m.in_scope(f.department, scope)]
            grants = [f for f in m.funding if f.kind == "grant" and m.in_scope(f.department, scope)]
            if pools:
                names = self.words.figure_names
                one = pools[0].name if len(pools) == 1 else None
                rows += [
                    (
                        self.words.drawn.format(pool=one) if one else names["drawn"],
                        ("drawn", scope),
                        ("total", "drawn", scope),
                        self.amount,
                    ),
                    (
                        self.words.repayment.format(pool=one) if one else names["repayment"],
                        ("repayment", scope),
                        ("total", "repayment", scope),
                        self.amount,
                    ),
                    (
                        self.words.balance.format(pool=one) if one else names["pool_balance"],
                        ("pool_balance", scope),
                        None,
                        self.amount,
                    ),
                ]
            for g in grants:
                rows.append(
                    (
                        self.words.grant.format(name=g.name),
                        ("grant", g.index),
                        ("total", "grant", g.index),
                        self.amount,
                    )
                )
            if grants:
                rows.append(
                    (
                        self.words.own_net,
                        ("own_net", scope),
                        ("total", "own_net", scope),
                        self.amount_bold,
                    )
                )
            for label, key, total, fmt in rows:
                ids: list[NodeId | None] = [(*key, y) for y in years]
                ids.append(total)
                for c, node in enumerate(ids, start=1):
                    if node is not None and node not in self.nodes:
                        self.nodes[node] = Cell(w.table, r, c)
                        self.formats[node] = fmt
                table.append((r, label, ids, fmt))
                r += 1

        # key figures: one column per scope
        figures: list[Any] = []
        kr = 1
        labelled = year_form().kind != "calendar"
        first_draws: list[Any] = []
        for label, fkey in self._figure_rows():
            for c, (scope, _name) in enumerate(self.scopes, start=1):
                figure: NodeId | None = (fkey, scope) if fkey != "first_draw" else None
                if figure is not None and figure not in m.nodes:
                    continue
                if figure is None:
                    repaid = m.nodes.get(("pool_repaid", scope))
                    if repaid is None or not isinstance(repaid.expr, FirstYear):
                        continue
                    start = repaid.expr.start
                    if start is None or isinstance(start, Ref):
                        continue
                    if labelled:
                        self.year_labels[(kr, c)] = start
                        first_draws.append(start)
                    else:
                        self.helpers[start] = Cell(w.key_figures, kr, c)
                elif labelled and fkey in _YEAR_KINDS:
                    self.year_labels[(kr, c)] = figure  # its number on the calculation sheet
                else:
                    self.nodes.setdefault(figure, Cell(w.key_figures, kr, c))
            figures.append((kr, label, fkey))
            kr += 1
        for label, mkey in self._mirrored_rows():
            figures.append((kr, label, mkey))
            kr += 1

        # everything else: the calculation sheet, a row per yearly series or scalar node
        calc: list[Any] = []
        cr = 1
        series: dict[tuple[object, ...], list[NodeId]] = {}
        scalars: list[NodeId] = []
        yearset = set(years)
        for node in m.nodes:
            if node in self.nodes:
                continue
            last = node[-1]
            if len(node) > 1 and isinstance(last, int) and last in yearset:
                series.setdefault(node[:-1], []).append(node)
            else:
                scalars.append(node)
        for skey, members in series.items():
            for member in members:
                assert isinstance(member[-1], int)
                self.nodes[member] = Cell(w.calculation, cr, 1 + years.index(member[-1]))
            calc.append((cr, self._label(skey), members))
            cr += 1
        for node in scalars:
            self.nodes[node] = Cell(w.calculation, cr, 1)
            calc.append((cr, self._label(node), [node]))
            cr += 1
        for start in first_draws:  # the first year drawn, as a number the label reads
            if start not in self.helpers:
                self.helpers[start] = Cell(w.calculation, cr, 1)
                calc.append((cr, self.w.first_draw, [start]))
                cr += 1
        # a year test over computed figures (the largest line of a year, what is still owed):
        # a row of its own, so that the year's formula refers to cells
        tested = [(n, node.expr) for n, node in m.nodes.items() if isinstance(node.expr, FirstYear)]
        tested += [(("first_draw", None), e) for e in self.helpers if isinstance(e, FirstYear)]
        for node, expr in tested:
            assert isinstance(expr, FirstYear)
            row = [x for x in expr.series if not isinstance(x, Ref) and x not in self.helpers]
            if not row or len(row) != len(expr.series):
                continue
            for t, x in enumerate(expr.series):
                self.helpers[x] = Cell(w.calculation, cr, 1 + t)
            test = self.w.tests.get(expr.test, expr.test)
            name = self._label(node)
            if node[0] == "pool_repaid":  # the year, not the yearly repayment
                name = self.words.figure_names["pool_repaid_year"]
            calc.append((cr, f"{name} ({test})", list(expr.series)))
            cr += 1
        return table, [figures, calc]

    def _figure_rows(self) -> list[tuple[str, str]]:
        fn = self.words.figure_names
        rows = [
            (self.w.start, "start"),
            (fn["break_even_year"], "break_even"),
            (fn["payback_year"], "payback"),
            (fn["payback_period"], "payback_period"),
        ]
        if any(f.kind == "pool" for f in self.model.funding):
            rows += [(self.w.first_draw, "first_draw"), (fn["pool_repaid_year"], "pool_repaid")]
        if self.with_npv:
            rows.append((self.words.npv.split(" (")[0], "npv"))
        return rows

    def _mirrored_rows(self) -> list[tuple[str, str]]:
        rows = [(self.words.total_net, "net")]
        if any(f.kind == "pool" for f in self.model.funding):
            fn = self.words.figure_names
            rows += [(fn["total_drawn"], "drawn"), (fn["total_repaid"], "repayment")]
        return rows

    def _label(self, key: tuple[object, ...]) -> str:
        m = self.model
        kind = str(key[0])
        if kind in ("total", "outlook") and len(key) > 1:
            return f"{self._kind(kind)}: {self._label(key[1:])}"
        parts: list[str] = []
        for k, part in enumerate(key[1:], start=1):
            if part is None:
                continue
            pool_or_grant = kind in ("pool_drawn", "pool_repaid", "pool_balance", "grant")
            if pool_or_grant and k == 1 and isinstance(part, int) and 0 <= part < len(m.funding):
                parts.append(m.funding[part].name)
                continue
            parts.append(str(part))
        return self._kind(kind) + (": " + " · ".join(parts) if parts else "")

    def _kind(self, kind: str) -> str:
        """A node kind in the workbook's language (the id itself where there is no word)."""
        return self.w.kinds.get(kind, kind)

    # --- writing ----------------------------------------------------------------------------

    def formula_cell(self, f: Formulas, sheet: _Sheet, node: NodeId, fmt: Any) -> None:
        cell = self.nodes[node]
        value = cached(node, self.ev.get(node))
        sheet.ws.write_formula(cell.row, cell.col, f.node(node, sheet.name), fmt, value)
        sheet.fit(cell.col, _shown(value))

    def year_label(self, sheet: _Sheet, r: int, c: int, source: Any) -> None:
        """A key figure's year as the case writes its years (``2020-21``, ``Year 3``): a formula
        over the year's number, stored with the label the engine's year gives."""
        if isinstance(source, tuple):
            cell, value = self.nodes[source], self.ev.get(source)
        else:
            cell, value = self.helpers[source], self.ev.of(source)
        text = "" if value is None else shown_year(int(value))
        word = shown_year(year_form().first_number).split(" ")[0]  # År, Year
        formula = "=" + year_label_formula(cell.ref(sheet.name), year_form(), word)
        sheet.ws.write_formula(r, c, formula, self.general, text)
        sheet.fit(c, text)

    def fmt_of(self, node: NodeId) -> Any:
        kind = _kind(node)
        if (kind in _YEAR_KINDS and len(node) == 2) or kind == "payback_period":
            return self.year
        if kind in _AMOUNT_KINDS:
            return self.amount
        return self.general

    def render(self) -> bytes:
        table, (figures, calc) = self.layout()
        f = Formulas(self.model, self.nodes, self.inputs, self.helpers)
        w = self.w
        m = self.model
        years = m.years

        # Inputs
        sh = _Sheet(self.book, w.inputs)
        for c, title in enumerate(w.input_columns):
            sh.text(0, c, title, self.bold)
        for key, cell in self.inputs.items():
            info = m.inputs[key]
            span = self.doc.span(key)
            sh.text(cell.row, 0, info.owner or "")
            sh.text(cell.row, 1, info.field)
            written = info.value
            if isinstance(written, int):
                sh.ws.write_number(cell.row, 2, written, self.amount)
            else:
                sh.ws.write_number(cell.row, 2, float(written), self.general)
            sh.fit(2, _shown(cached(("input",), written)))
            sh.text(cell.row, 3, info.unit or "")
            sh.text(cell.row, 4, f"{self.doc.file}:{span.line}")
            sh.text(cell.row, 5, info.assumption or "")
        sh.finish()

        # Table
        sh = _Sheet(self.book, w.table)
        sh.text(0, 0, self.words.amounts, self.bold)
        for c, y in enumerate(years, start=1):
            self.year_head(sh, c, y)
            sh.fit(c, str(y))
        sh.text(0, len(years) + 1, self.words.total, self.bold)
        for r, label, ids, fmt in table:
            sh.text(r, 0, label, self.bold if not ids else None)
            for node in ids:
                if (
                    node is not None
                    and self.nodes[node].sheet == w.table
                    and self.nodes[node].row == r
                ):
                    self.formula_cell(f, sh, node, fmt)
        sh.finish()

        # Key figures
        sh = _Sheet(self.book, w.key_figures)
        sh.text(0, 0, self.words.key_figures, self.bold)
        for c, (_scope, name) in enumerate(self.scopes, start=1):
            sh.text(0, c, name or "", self.bold)
        mirrored = {key for _label, key in self._mirrored_rows()}
        for r, label, key in figures:
            sh.text(r, 0, label)
            for c, (scope, _name) in enumerate(self.scopes, start=1):
                if (r, c) in self.year_labels:
                    self.year_label(sh, r, c, self.year_labels[(r, c)])
                elif key in mirrored:
                    total = ("total", key, scope)
                    if total in self.nodes:
                        src = self.nodes[total]
                        value = cached(total, self.ev.get(total))
                        sh.ws.write_formula(r, c, "=" + src.ref(w.key_figures), self.amount, value)
                        sh.fit(c, _shown(value))
                elif key == "first_draw":
                    for expr, cell in self.helpers.items():
                        if cell.row == r and cell.col == c:
                            value = cached(("start",), self.ev.of(expr))
                            sh.ws.write_formula(
                                r, c, f.formula(expr, w.key_figures, helper=True), self.year, value
                            )
                            sh.fit(c, _shown(value))
                else:
                    node = (key, scope)
                    if node in self.nodes and self.nodes[node].sheet == w.key_figures:
                        self.formula_cell(f, sh, node, self.fmt_of(node))
        sh.finish()

        # Calculation
        sh = _Sheet(self.book, w.calculation)
        sh.text(0, 0, w.row, self.bold)
        for c, y in enumerate(years, start=1):
            self.year_head(sh, c, y)
        for r, label, ids in calc:
            sh.text(r, 0, label)
            for node in ids:
                if isinstance(node, tuple):
                    self.formula_cell(f, sh, node, self.fmt_of(node))
                    continue
                cell = self.helpers[node]
                value = cached(("total",), self.ev.of(node))
                sh.ws.write_formula(
                    cell.row, cell.col, f.formula(node, sh.name, helper=True), self.amount, value
                )
                sh.fit(cell.col, _shown(value))
        sh.finish()

        self._reconciliation()
        self._assumptions()
        self.book.close()
        return self.out.getvalue()

    def _reconciliation(self) -> None:
        sh = _Sheet(self.book, self.w.reconciliation)
        for c, title in enumerate(self.words.rec_columns):
            sh.text(0, c, title, self.bold)
        rec = self.view.reconciliation
        if rec is None:
            return sh.finish()
        names = self.words.figure_names
        for r, comp in enumerate(rec.comparisons, start=1):
            sh.text(r, 0, comp.source)
            figure = len(comp.path) > 1 and comp.path[-2] == "figures"
            sh.text(r, 1, names.get(comp.label, comp.label) if figure else comp.label)
            if comp.year is not None and year_form().kind != "calendar":
                sh.text(r, 2, shown_year(comp.year))
            elif comp.year is not None:
                sh.ws.write_number(r, 2, comp.year, self.year)
                sh.fit(2, str(comp.year))
            fmt = self.year if comp.is_year else self.amount
            if comp.stated is not None:
                sh.ws.write_number(r, 3, comp.stated, fmt)
                sh.fit(3, _shown(comp.stated))
            node = self._compared(comp, figure)
            here = self.w.reconciliation
            if node is not None:
                # the computed figure as shown: the node's cell rounded half away from zero
                cell = self.nodes[node].ref(here)
                text = f"={cell}" if figure else f'=IF({cell}="","",ROUND({cell},0))'
                computed = "" if comp.computed is None else comp.computed
                sh.ws.write_formula(r, 4, text, fmt, computed)
                stated, got = f"D{r + 1}", f"E{r + 1}"
                diff = "" if comp.difference is None else comp.difference
                sh.ws.write_formula(
                    r, 5, f'=IF(OR({stated}="",{got}=""),"",{got}-{stated})', fmt, diff
                )
            else:
                for c, v in ((4, comp.computed), (5, comp.difference)):
                    if v is not None:
                        sh.ws.write_number(r, c, v, fmt)
            for c, v in ((4, comp.computed), (5, comp.difference)):
                if v is not None:
                    sh.fit(c, _shown(v))
            sh.text(r, 6, comp.acknowledged or "")
        sh.finish()
        return None

    def _compared(self, comp: Comparison, figure: bool) -> NodeId | None:
        """The node a printed figure is compared with, when its cell shows that very figure."""
        if self.model.restated:  # the document's figures are at the case's own prices
            return None
        s = comp.department
        row = comp.row
        node: NodeId | None = None
        special = ("net", "cumulative", "drawn", "repayment", "pool_balance", "own_net", "grants")
        grants = {f.name: f.index for f in self.model.funding if f.kind == "grant"}
        groups = {g for g, _section in self.model.groups.get(s, ())}
        lines = {line.name for line in self.model.lines}
        if figure:
            node = {
                "break_even_year": ("break_even", s),
                "payback_year": ("payback", s),
                "payback_period": ("payback_period", s),
                "pool_repaid_year": ("pool_repaid", s),
                "total_drawn": ("total", "drawn", s),
                "total_repaid": ("total", "repayment", s),
            }.get(row)
        elif comp.year is None:  # a row's total
            if row in special:
                node = ("total", row, s)
            elif row in groups:
                node = ("total", *self.model.group_key(s, row))
            elif row in lines:
                node = ("total", "line", row)
            elif row in grants:
                node = ("total", "grant", grants[row])
        elif row in special:
            node = (row, s, comp.year)
        elif row in groups:
            node = (*self.model.group_key(s, row), comp.year)
        elif row in lines:
            node = ("line", row, comp.year)
        elif row in grants:
            node = ("grant", grants[row], comp.year)
        if node is None or node not in self.nodes:
            return None
        value = self.ev.get(node)
        shown = None if value is None else round_half_up(value)
        return node if shown == comp.computed else None

    def _assumptions(self) -> None:
        sh = _Sheet(self.book, self.w.assumptions)
        sh.text(0, 0, self.w.no, self.bold)
        sh.text(0, 1, self.words.assumptions, self.bold)
        sh.text(0, 2, self.w.applies_to, self.bold)
        for r, note in enumerate(self.view.footnotes, start=1):
            sh.ws.write_number(r, 0, note.number)
            sh.text(r, 1, note.text, self.wrap)
            sh.text(r, 2, ", ".join(note.applies_to), self.wrap)
        sh.finish(limit=90)


@dataclass(frozen=True)
class Export:
    """A workbook's bytes, and where each node and input of its evaluation stands."""

    data: bytes
    evaluation: Evaluation
    nodes: dict[NodeId, Cell]
    inputs: dict[tuple[str | int, ...], Cell]
    reconciliation: Reconciliation | None
    """What the reconciliation sheet lists, one comparison per row from the second."""


def export(
    loaded: Loaded,
    view: CaseView,
    words: Labels,
    *,
    language: str,
    prices: int | None,
    department: str | None,
    npv: bool,
) -> Export:
    """The workbook of the figures ``view`` shows: the same evaluation, at the same prices."""
    from ..calc.exact import evaluate
    from ..calc.model import build as build_model
    from ..view import restates

    case = loaded.case
    assert case is not None
    ev = loaded.evaluation
    if ev is None or restates(case, prices):
        ev = evaluate(build_model(case, price_year=prices if restates(case, prices) else None))
    scopes = [(s.department, s.name) for s in view.sections]
    if department is not None:
        scopes = [(department, view.department_names.get(department, department))]
    with_npv = npv or case.discounting is not None
    with years_shown(case.period.form, language):  # year heads and key figures in the case's form
        book = _Workbook(view, ev, words, loaded.doc, language, scopes, with_npv)
        data = book.render()
    return Export(data, ev, book.nodes, book.inputs, view.reconciliation)
