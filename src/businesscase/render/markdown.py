"""Markdown output: the same tables, key figures and notes as the terminal, as pipe tables."""

from __future__ import annotations

from ..fmt import year
from ..results import Shown
from ..view import CaseView
from .labels import Labels
from .report import (
    activity_rows,
    amounts_header,
    key_figures,
    reconciliation_rows,
    rounding_notes,
    rows,
)


def _escape(text: str) -> str:
    """A table cell or list item: one line, no column break, no HTML."""
    return " ".join(text.split("\n")).replace("|", "\\|").replace("<", "&lt;")


def _table(header: list[str], body: list[list[str]], right: set[int]) -> list[str]:
    align = ["---:" if k in right else "---" for k in range(len(header))]
    out = ["| " + " | ".join(map(_escape, header)) + " |", "|" + "|".join(align) + "|"]
    out += ["| " + " | ".join(body_row) + " |" for body_row in body]
    return out


def _money(shown: Shown, words: Labels, view: CaseView, detail: bool, level: str) -> list[str]:
    header = [
        amounts_header(words, view.price_year, view.unit),
        *map(year, shown.years),
        words.total,
    ]
    body = []
    for row in rows(shown, words, detail=detail, marks=view.marks):
        label = _escape(row.label.strip())
        if row.style in ("net", "cumulative", "own"):
            label = f"**{label}**"
        elif row.style == "detail":
            label = "&nbsp;&nbsp;" + label
        body.append([label, *row.cells, row.total])
    lines = _table(header, body, set(range(1, len(header))))
    lines += ["", f"{level} {words.key_figures}", ""]
    lines += [
        f"- {_escape(label)}: **{value}**" for label, value in key_figures(shown, words, view.unit)
    ]
    return lines


def _followup(view: CaseView, words: Labels, detail: bool) -> list[str]:
    """Plan, actual and deviation per line and year; the rule; the re-projected table."""
    from . import followup

    fv = view.followup
    assert fv is not None
    lines = [f"### {_escape(followup.heading(fv, words))}", ""]
    note = followup.source_note(fv, words)
    if note is not None:
        lines += [_escape(note), ""]
    header = [amounts_header(words, view.price_year, view.unit), *map(year, fv.years), words.total]
    body = []
    for label, cells, total, style in followup.rows(fv, words):
        text = _escape(label.strip())
        if style == "group":
            text = f"*{text}*"
        elif style == "net":
            text = f"&nbsp;&nbsp;**{text}**"
        else:
            text = "&nbsp;&nbsp;" + text
        body.append([text, *cells, total])
    lines += _table(header, body, set(range(1, len(header))))
    lines += ["", _escape(followup.rule(fv, words)), ""]
    lines += [f"### {_escape(followup.outlook_heading(fv, words))}", ""]
    lines += _money(fv.outlook, words, view, detail, "####")
    lines.append("")
    return lines


def render(view: CaseView, words: Labels, *, detail: bool = False) -> str:
    lines = [f"## {_escape(view.title)}", ""]
    if view.price_index is not None or view.price_year != view.price_level:
        note = words.prices_note.format(
            year=view.price_year, base=view.price_level, index=view.price_index or ""
        )
        lines += [note, ""]
    if view.unit == 1000 and view.has_money:
        lines += [words.tkr_note, ""]
    notes: list[str] = []
    if view.has_money:
        for section in view.sections:
            if section.name is not None:
                lines += [f"### {_escape(section.name)}", ""]
            level = "###" if section.name is None else "####"
            lines += _money(section.shown, words, view, detail, level)
            lines.append("")
            notes += rounding_notes(section.shown, words)
    else:
        lines += [words.no_money, ""]
    if view.followup is not None and view.has_money:
        lines += _followup(view, words, detail)
        notes += rounding_notes(view.followup.outlook, words)
    if view.activities:
        years = [year(y) for y in view.main.years]
        body = [
            [_escape(label), _escape(unit), *cells, total]
            for label, unit, cells, total in activity_rows(view, words)
        ]
        lines += [f"### {words.activities}", ""]
        lines += _table(
            [words.activities, words.unit, *years, words.total], body, set(range(2, len(years) + 3))
        )
        lines.append("")
    if view.footnotes:
        lines += [f"### {words.assumptions}", ""]
        lines += [f"{fn.number}. {_escape(fn.text)}" for fn in view.footnotes]
        lines.append("")
    rec = view.reconciliation
    if rec is not None and rec.comparisons:
        n = len(rec.comparisons)
        if not rec.mismatches:
            lines += [words.reconciled.format(n=n, sources=", ".join(rec.sources)), ""]
        else:
            lines += [f"### {words.not_reconciled.format(m=len(rec.mismatches), n=n)}", ""]
            body = [[_escape(c) for c in row] for row in reconciliation_rows(view, words)]
            lines += _table(list(words.rec_columns), body, {2, 3, 4, 5})
            lines.append("")
    if rec is not None and rec.ledger:
        from . import ledger

        first, *flagged = ledger.report_lines(rec, ledger.language_of(words))
        lines += [_escape(first), ""]
        if flagged:
            lines += [_escape(f.strip()) for f in flagged] + [""]
    if view.warnings or notes:
        lines += [f"### {words.warnings}", ""]
        lines += [f"- {n}" for n in notes]
        lines += [f"- `{w.code}` {_escape(w.message)} ({w.file}:{w.line})" for w in view.warnings]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
