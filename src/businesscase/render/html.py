"""A report to print: one self-contained HTML page in the case's language.

The title, the key figures, the chart (inline SVG), the year-by-year table, the activities,
the assumptions, the reconciliation with the document and the warnings: the same rows and
phrases as the terminal and Markdown (:mod:`businesscase.render.report`), laid out for an A4
page. Nothing is fetched: the style sheet is inline, the chart is inline SVG, and the page's
own policy forbids loading anything else. Printed, a table row is never split across pages,
a table's header repeats on each page, and the table fits the page's width (a smaller type
for a table of many years).
"""

from __future__ import annotations

from html import escape

from ..printable import printable
from ..results import Shown
from ..view import CaseView
from .labels import Labels
from .report import (
    Row,
    activity_rows,
    amounts_header,
    key_figures,
    reconciliation_rows,
    rounding_notes,
    rows,
)

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Arial, "Liberation Sans", Helvetica, "DejaVu Sans", sans-serif;
  font-size: 9.5pt; line-height: 1.35; color: #111; margin: 0 auto; max-width: 182mm;
  padding: 6mm 0; }
h1 { font-size: 15pt; margin: 0 0 2mm 0; line-height: 1.2; }
h2 { font-size: 11.5pt; margin: 6mm 0 2mm 0; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 4mm 0 1.5mm 0; break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0 2mm 0; }
.note { color: #333; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm 0; }
thead { display: table-header-group; }
tr, li, .keys div { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 0.6mm 1.2mm; vertical-align: top; border-bottom: 0.3pt solid #c8c8c8; }
th { text-align: left; font-weight: bold; border-bottom: 0.8pt solid #222; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.money tr.net td, table.money tr.own td { font-weight: bold; }
table.money tr.cumulative td { font-weight: bold; }
table.money tr.end td { border-bottom: 0.8pt solid #222; }
table.money tr.detail td { color: #444; }
table.money tr.detail td:first-child { padding-left: 4mm; }
table.keys { width: auto; min-width: 60%; }
table.keys td.num { font-weight: bold; padding-left: 6mm; }
.chart { margin: 2mm 0 3mm 0; break-inside: avoid; page-break-inside: avoid; }
.chart svg { width: 100%; height: auto; display: block; }
ol, ul { margin: 1mm 0 2mm 0; padding-left: 6mm; }
li { margin-bottom: 1mm; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; }
.hint { color: #444; }
"""

_SIZES = (9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)
_FIGURES_MM = 182 - 42
"""The page's text width (A4 less the margins) less the least room for the row labels."""
_PT_PER_MM = 72 / 25.4
_PADDING_PT = 2.4 * _PT_PER_MM
_NARROW = frozenset(".,-: ")


def _em(text: str) -> float:
    """About how wide ``text`` is in bold in the widest of the page's fonts (DejaVu Sans),
    in ems: a digit or letter 0.7, a point, comma, minus or space 0.38."""
    return sum(0.38 if c in _NARROW else 0.7 for c in text)


def _e(text: str) -> str:
    """Text from the case, safe in HTML: escaped, control characters shown as escapes."""
    return "<br>".join(escape(printable(line)) for line in text.split("\n"))


def _size(columns: list[list[str]]) -> str:
    """The type of a table whose figure columns (each a column's texts) must all fit beside
    the labels on the page, not wrapped: the largest size at which they do."""
    widest = [max((_em(t) for t in column), default=0.0) for column in columns]
    for size in _SIZES:
        needed = sum(em * size + _PADDING_PT for em in widest)
        if needed <= _FIGURES_MM * _PT_PER_MM:
            return f"{size}pt"
    return f"{_SIZES[-1]}pt"


def _money_table(shown: Shown, words: Labels, view: CaseView, detail: bool) -> list[str]:
    years = [str(y) for y in shown.years]
    head = [amounts_header(words, view.price_year, view.unit), *years, words.total]
    table = rows(shown, words, detail=detail, marks=view.marks)
    columns = [[h, *(r.cells[k] for r in table)] for k, h in enumerate(years)]
    columns.append([words.total, *(r.total for r in table)])
    out = [
        f'<table class="money" style="font-size:{_size(columns)}">',
        "<thead><tr>"
        + "".join(f"<th{'' if k == 0 else ' class=num'}>{_e(h)}</th>" for k, h in enumerate(head))
        + "</tr></thead>",
        "<tbody>",
    ]
    out += [_money_row(row) for row in table]
    out += ["</tbody>", "</table>"]
    return out


def _money_row(row: Row) -> str:
    classes = row.style + (" end" if row.end_section else "")
    cells = "".join(f'<td class="num">{_e(c)}</td>' for c in (*row.cells, row.total))
    return f'<tr class="{classes}"><td>{_e(row.label.strip())}</td>{cells}</tr>'


def _keys(shown: Shown, words: Labels, unit: int) -> list[str]:
    out = ['<table class="keys">', "<tbody>"]
    for label, value in key_figures(shown, words, unit):
        out.append(f'<tr><td>{_e(label)}</td><td class="num">{_e(value)}</td></tr>')
    out += ["</tbody>", "</table>"]
    return out


def render(
    view: CaseView, words: Labels, *, chart_svg: str | None = None, detail: bool = False
) -> str:
    """The page. ``chart_svg`` is the chart as an ``<svg>`` element (drawn by
    :mod:`businesscase.render.plot`), put in as it is."""
    body: list[str] = [f"<h1>{_e(view.title)}</h1>"]
    if view.price_index is not None or view.price_year != view.price_level:
        note = words.prices_note.format(
            year=view.price_year, base=view.price_level, index=view.price_index or ""
        )
        body.append(f'<p class="note">{_e(note)}</p>')
    if view.unit == 1000 and view.has_money:
        body.append(f'<p class="note">{_e(words.tkr_note)}</p>')
    notes: list[str] = []
    if view.has_money:
        main = view.main
        body.append(f"<h2>{_e(words.key_figures)}</h2>")
        if view.sections[-1].name is not None:
            body.append(f"<h3>{_e(view.sections[-1].name or '')}</h3>")
        body += _keys(main, words, view.unit)
        if chart_svg is not None:
            body.append(f'<div class="chart">{chart_svg}</div>')
        for section in view.sections:
            heading = section.name or words.year_table
            body.append(f"<h2>{_e(heading)}</h2>")
            body += _money_table(section.shown, words, view, detail)
            if section is not view.sections[-1]:
                body.append(f"<h3>{_e(words.key_figures)}</h3>")
                body += _keys(section.shown, words, view.unit)
            notes += rounding_notes(section.shown, words)
    else:
        body.append(f"<p>{_e(words.no_money)}</p>")
    if view.activities:
        years = [str(y) for y in view.main.years]
        head = [words.activities, words.unit, *years, words.total]
        body.append(f"<h2>{_e(words.activities)}</h2>")
        found = activity_rows(view, words)
        columns = [[y, *(r[2][k] for r in found)] for k, y in enumerate(years)]
        columns.append([words.total, *(r[3] for r in found)])
        body.append(f'<table class="activities" style="font-size:{_size(columns)}">')
        body.append(
            "<thead><tr>"
            + "".join(
                f"<th{' class=num' if k >= 2 else ''}>{_e(h)}</th>" for k, h in enumerate(head)
            )
            + "</tr></thead><tbody>"
        )
        for label, unit, cells, total in found:
            figures = "".join(f'<td class="num">{_e(c)}</td>' for c in (*cells, total))
            body.append(f"<tr><td>{_e(label)}</td><td>{_e(unit)}</td>{figures}</tr>")
        body.append("</tbody></table>")
    if view.footnotes:
        body.append(f"<h2>{_e(words.assumptions)}</h2>")
        body.append("<ol>")
        body += [f'<li value="{fn.number}">{_e(fn.text)}</li>' for fn in view.footnotes]
        body.append("</ol>")
    body += _reconciliation(view, words)
    if view.warnings or notes:
        body.append(f"<h2>{_e(words.warnings)}</h2>")
        body.append("<ul>")
        body += [f"<li>{_e(n)}</li>" for n in notes]
        for w in view.warnings:
            hint = f'<br><span class="hint">{_e(w.hint)}</span>' if w.hint else ""
            where = f"{w.file}:{w.line}"
            body.append(f"<li><code>{_e(w.code)}</code> {_e(w.message)} ({_e(where)}){hint}</li>")
        body.append("</ul>")
    return _page(view.title, words.language, body)


def _reconciliation(view: CaseView, words: Labels) -> list[str]:
    rec = view.reconciliation
    if rec is None or not (rec.comparisons or rec.ledger):
        return []
    out = [f"<h2>{_e(words.reconciliation)}</h2>"]
    if rec.comparisons:
        n = len(rec.comparisons)
        if not rec.mismatches:
            text = words.reconciled.format(n=n, sources=", ".join(rec.sources))
            out.append(f"<p>{_e(text)}</p>")
        else:
            title = words.not_reconciled.format(m=len(rec.mismatches), n=n)
            out.append(f"<h3>{_e(title)}</h3>")
            out.append('<table class="reconciliation" style="font-size:7.5pt">')
            out.append(
                "<thead><tr>"
                + "".join(
                    f"<th{' class=num' if 2 <= k <= 5 else ''}>{_e(h)}</th>"
                    for k, h in enumerate(words.rec_columns)
                )
                + "</tr></thead><tbody>"
            )
            for cells in reconciliation_rows(view, words):
                out.append(
                    "<tr>"
                    + "".join(
                        f"<td{' class=num' if 2 <= k <= 5 else ''}>{_e(c)}</td>"
                        for k, c in enumerate(cells)
                    )
                    + "</tr>"
                )
            out.append("</tbody></table>")
    if rec.ledger:
        from . import ledger

        first, *flagged = ledger.report_lines(rec, ledger.language_of(words))
        out.append(f"<p>{_e(first)}</p>")
        if flagged:
            out.append("<ul>")
            out += [f"<li>{_e(f.strip().removeprefix('- '))}</li>" for f in flagged]
            out.append("</ul>")
    return out


def _page(title: str, language: str, body: list[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        # nothing may be fetched: the page is all there is
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"
