"""``businesscase diff`` as Markdown: the same sections as the terminal, as lists and tables."""

from __future__ import annotations

from ..fmt import year as shown_year
from .diff import (
    Report,
    change_text,
    delta_rows,
    figure_cells,
    figure_label,
    shown_figures,
    subject,
    view_title,
    where_text,
    words,
)


def _escape(text: str) -> str:
    """A table cell or list item: one line, no column break, no HTML."""
    return " ".join(text.split("\n")).replace("|", "\\|").replace("<", "&lt;")


def render(report: Report, language: str) -> str:
    w = words(language)
    out = [
        f"- A: `{report.a.file}` ({_escape(report.a.title)})",
        f"- B: `{report.b.file}` ({_escape(report.b.title)})",
        "",
    ]
    diff = report.diff
    if diff.identical:
        out.append(f"**{w.no_differences}**")
        return "\n".join(out) + "\n"
    if diff.inputs:
        out += [f"### {w.inputs}", ""]
        for change, where in zip(diff.inputs, report.where, strict=True):
            located = where_text(where)
            suffix = f" (`{located}`)" if located else ""
            out.append(
                f"- {_escape(subject(change, w))}: {_escape(change_text(change, w))}{suffix}"
            )
        out.append("")
    if not diff.results_differ:
        out.append(w.same_results)
        return "\n".join(out) + "\n"
    several = len(diff.views) > 1
    for view in diff.views:
        if not view.changed and view.department is not None:
            continue
        if several:
            out += [f"### {_escape(view_title(view, report, w))}", ""]
        out += [f"#### {w.figures}", "", f"| | A | B | {w.change} |", "|---|---:|---:|---:|"]
        for fig in shown_figures(view):
            cells = " | ".join(figure_cells(fig, w))
            out.append(f"| {_escape(figure_label(fig, view, w))} | {cells} |")
        header = [w.common.amounts, *map(shown_year, view.years), w.common.total]
        out += ["", f"#### {w.yearly}", ""]
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "|".join(["---", *["---:"] * (len(header) - 1)]) + "|")
        for row in delta_rows(view, w, all_lines=report.all_lines):
            label = _escape(row.label)
            if row.style in ("net", "cumulative"):
                label = f"**{label}**"
            out.append("| " + " | ".join([label, *row.cells, row.total]) + " |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
