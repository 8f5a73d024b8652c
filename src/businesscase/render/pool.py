"""``businesscase pool``: the pools' views as plain text or JSON. Lays out; computes nothing.

Every figure is its exact value rounded half up to whole kroner; a pool's figure is its exact
sum rounded, so where rounding makes the cases' shown figures differ from the pool's, the
pool's figure is the right one (and the text says so under the table).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..calc.expr import Num
from ..fmt import (
    DEFAULT_CURRENCY,
    currency_name,
    kr,
    kroner,
    round_half_up,
    shown_as,
    style,
    year,
    year_key,
    years,
)
from ..i18n import in_language, in_language_n
from ..portfolio import CaseDraw, Pool

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..poolrules import Frame
from ..printable import printable

WORDS = {
    "da": {
        "pool": "Pulje",
        "drawn": "Træk",
        "interest": "Renter",
        "repaid": "Tilbagebetaling",
        "balance": "Restgæld",
        "total": "I alt",
        "all": "Puljen i alt",
        "behind": "Ikke tilbagebetalt ved periodens slutning:",
        "owes": "{file}: {owed} i restgæld ved udgangen af {year}",
        "written_off": "Afskrevet",
        "written_off_list": "Ikke tilbagebetalt; puljen afskriver restgælden:",
        "writes_off": "{file}: {amount} afskrevet",
        "writes_off_in": "{file}: {amount} afskrevet i {year}",
        "repaid_in": "tilbagebetalt {year}",
        "rounding": "Puljens tal er de eksakte summer afrundet; sagernes afrundede tal kan "
        "afvige med få kroner.",
        "rounding_other": "Puljens tal er de eksakte summer afrundet; sagernes afrundede tal "
        "kan afvige med få {currency}.",
        "none": "Ingen af sagerne trækker på en pulje.",
    },
    "en": {
        "pool": "Pool",
        "drawn": "Drawn",
        "interest": "Interest",
        "repaid": "Repaid",
        "balance": "Owed",
        "total": "Total",
        "all": "The pool in all",
        "behind": "Not repaid at the end of their period:",
        "owes": "{file}: {owed} still owed at the end of {year}",
        "written_off": "Written off",
        "written_off_list": "Not repaid; the pool writes off what is owed:",
        "writes_off": "{file}: {amount} written off",
        "writes_off_in": "{file}: {amount} written off in {year}",
        "repaid_in": "repaid {year}",
        "rounding": "The pool's figures are the exact sums rounded; the cases' rounded figures "
        "may differ by a few kroner.",
        "rounding_other": "The pool's figures are the exact sums rounded; the cases' rounded "
        "figures may differ by a few {currency}.",
        "none": "None of the cases draws on a pool.",
    },
}


def _r(values: tuple[Num, ...]) -> list[int]:
    return [round_half_up(v) for v in values]


def _off(c: CaseDraw | Pool) -> Num:
    """What the pool writes off of a case's debt, or of all its cases' debts, in all."""
    return sum(c.written_off, 0)


def _case_json(c: CaseDraw) -> dict[str, Any]:
    return {
        "file": c.file,
        "title": c.title,
        "years": [year_key(y) for y in c.years],
        "drawn": _r(c.drawn),
        "interest": _r(c.interest),
        "repaid": _r(c.repaid),
        "balance": _r(c.balance),
        "total_drawn": round_half_up(sum(c.drawn, 0)),
        "total_repaid": round_half_up(sum(c.repaid, 0)),
        "owed_at_end": round_half_up(c.owed_at_end),
        "repaid_year": None if c.repaid_year is None else year_key(c.repaid_year),
        "behind": c.behind,
        **_written_off_json(c),
        **({"schedule": _schedule_json(c)} if c.schedule is not None else {}),
    }


def _written_off_json(c: CaseDraw | Pool) -> dict[str, Any]:
    """What the pool writes off, per year and in all, where it writes anything off."""
    total = round_half_up(_off(c))
    if total == 0:
        return {}
    return {"written_off": _r(c.written_off), "total_written_off": total}


def _schedule_json(c: CaseDraw) -> dict[str, Any]:
    s = c.schedule
    assert s is not None
    return {
        "as_of": year_key(s.as_of),
        "reproject": s.rule,
        "net_to_date_plan": round_half_up(s.net_plan),
        "net_to_date_actual": round_half_up(s.net_actual),
        "repaid_plan": _r(s.repaid_plan),
        "repaid_reprojected": _r(s.repaid),
        "owed_at_end_plan": round_half_up(s.owed_plan),
        "owed_at_end_reprojected": round_half_up(s.owed),
        "repaid_year_plan": None if s.year_plan is None else year_key(s.year_plan),
        "repaid_year_reprojected": None if s.year is None else year_key(s.year),
        "behind_schedule": s.behind,
    }


def render_json(
    pools: list[Pool],
    left_out: list[str],
    frames: dict[str, Frame] | None = None,
    found: list[Diagnostic] | None = None,
) -> str:
    out = {
        "pools": [
            {
                **_pool_json(p),
                **({"frame": frame_json(frames[p.name])} if frames and p.name in frames else {}),
            }
            for p in pools
        ],
        "left_out": left_out,
        **({"breaches": [breach_json(d) for d in found]} if found is not None else {}),
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def _pool_json(p: Pool) -> dict[str, Any]:
    with years(p.form, "en"):  # years as the cases write them: 2023, "2019-20", 3
        return {
            "name": p.name,
            "organisation": p.organisation,
            **({"currency": p.currency} if p.currency != DEFAULT_CURRENCY else {}),
            "years": [year_key(y) for y in p.years],
            "drawn": _r(p.drawn),
            "interest": _r(p.interest),
            "repaid": _r(p.repaid),
            "balance": _r(p.balance),
            "total_drawn": round_half_up(sum(p.drawn, 0)),
            "total_repaid": round_half_up(sum(p.repaid, 0)),
            "cases": [_case_json(c) for c in p.cases],
            **_written_off_json(p),
            "behind": [c.file for c in p.behind],
            **(
                {"written_off_cases": [c.file for c in p.written_off_cases]} if p.writes_off else {}
            ),
            "behind_schedule": [c.file for c in p.behind_schedule],
        }


def render_text(pools: list[Pool], language: str) -> str:
    w = WORDS.get(language, WORDS["en"])
    if not pools:
        return w["none"] + "\n"
    blocks = []
    for p in pools:
        with shown_as(p.currency, p.form, language):
            blocks.append(_pool_text(p, w))
    return "\n".join(blocks)


def _pool_text(p: Pool, w: dict[str, str]) -> str:
    years = p.years
    rows: list[tuple[str, list[str] | None, str]] = []
    """(label, cells, total); a heading (the case, the pool in all) has no cells."""

    def add(label: str, cells: list[str] | None, total: str = "") -> None:
        rows.append((label, cells, total))

    def flows(indent: str, c: CaseDraw | Pool, per_year: Any) -> None:
        add(f"{indent}{w['drawn']}", per_year(c.drawn), kroner(sum(c.drawn, 0)))
        if p.has_interest:
            add(f"{indent}{w['interest']}", per_year(c.interest), kroner(sum(c.interest, 0)))
        add(f"{indent}{w['repaid']}", per_year(c.repaid), kroner(sum(c.repaid, 0)))
        if p.writes_off:
            add(f"{indent}{w['written_off']}", per_year(c.written_off), kroner(_off(c)))

    for c in p.cases:
        add(_case_heading(c, w), None)

        def mine(row: tuple[Num, ...], c: CaseDraw = c) -> list[str]:
            return [kroner(row[c.years.index(y)]) if y in c.years else "" for y in years]

        flows("  ", c, mine)
        add(f"  {w['balance']}", mine(c.balance))
    add(w["all"], None)
    flows("  ", p, lambda row: [kroner(v) for v in row])
    add(f"  {w['balance']}", [kroner(v) for v in p.balance])

    table = [(label, cells, total) for label, cells, total in rows if cells is not None]
    label_width = max(len(r[0]) for r in table)
    widths = [max(len(year(y)), *(len(r[1][k]) for r in table)) for k, y in enumerate(years)]
    total_width = max(len(w["total"]), *(len(r[2]) for r in table))
    lines = [_heading(p, w)]
    current = style()
    sign = current.symbol if current is not None else ""
    header = f"{sign:<{label_width}}" + "".join(
        f"  {year(y):>{n}}" for y, n in zip(years, widths, strict=True)
    )
    lines.append(f"{header}  {w['total']:>{total_width}}")
    for label, cells, total in rows:
        if cells is None:
            lines.append(label)
            continue
        body = "".join(f"  {v:>{n}}" for v, n in zip(cells, widths, strict=True))
        lines.append(f"{label:<{label_width}}{body}  {total:>{total_width}}".rstrip())
    lines.append("")
    lines += [("  " * depth + said if said else "") for depth, said in _closing(p, w)]
    return "\n".join(printable(line) for line in lines) + "\n"


def _closing(p: Pool, w: dict[str, str]) -> list[tuple[int, str]]:
    """What the pool says under its table, the same in every format that has sentences: the
    cases not repaid, the debts written off, that the rest are repaid, the follow-up, the
    rounding. Each ``(depth, sentence)``: 0 a sentence or a list's heading, 1 an item of it,
    2 an item's detail; ``(0, "")`` a break between parts."""
    lines: list[tuple[int, str]] = []
    if p.behind:
        lines.append((0, w["behind"]))
        for c in p.behind:
            owed = kr(c.owed_at_end)
            lines.append((1, w["owes"].format(file=c.file, owed=owed, year=year(c.years[-1]))))
    written_off = p.written_off_cases
    if written_off:
        lines.append((0, w["written_off_list"]))
        for c in written_off:
            when = c.written_off_in
            said = w["writes_off"] if when is None else w["writes_off_in"]
            amount = kr(c.total_written_off)
            lines.append((1, said.format(file=c.file, amount=amount, year=year(when or 0))))
    if not p.behind:
        lang = "da" if w is WORDS["da"] else "en"
        if not written_off:
            lines.append(
                (
                    0,
                    in_language_n(
                        lang,
                        "The case is repaid within its period.",
                        "Every case is repaid within its period.",
                        len(p.cases),
                    ),
                )
            )
        elif len(written_off) < len(p.cases):
            lines.append(
                (
                    0,
                    in_language_n(
                        lang,
                        "The other case is repaid within its period.",
                        "The other cases are repaid within their period.",
                        len(p.cases) - len(written_off),
                    ),
                )
            )
    if p.followed:
        lines += _schedule_text(p, w)
    if _rounding_differs(p):
        name = currency_name()
        lines.append(
            (0, w["rounding"] if name is None else w["rounding_other"].format(currency=name))
        )
    return lines


def _case_heading(c: CaseDraw, w: dict[str, str]) -> str:
    """``docs/examples/pool/familiebehandling.yaml (Familiebehandling i hjemmet), tilbagebetalt
    2027``."""
    head = f"{c.file} ({c.title})"
    if c.repaid_year is not None:
        head += f", {w['repaid_in'].format(year=year(c.repaid_year))}"
    return head


def _heading(p: Pool, w: dict[str, str]) -> str:
    """``Pulje: Investeringspuljen, Eksempel Kommune (2 sager)``; ``(1 sag)``."""
    lang = "da" if w is WORDS["da"] else "en"
    n = len(p.cases)
    count = in_language_n(lang, "{n} case", "{n} cases", n).format(n=n)
    return f"{w['pool']}: {p.name}, {p.organisation} ({count})"


def _schedule_text(p: Pool, w: dict[str, str]) -> list[tuple[int, str]]:
    """Per case with actuals: behind its schedule or not, and why, from the re-projection."""
    lang = "da" if w is WORDS["da"] else "en"
    lines = [(0, ""), (0, in_language(lang, "Followed up from actuals:"))]
    for c in p.followed:
        s = c.schedule
        assert s is not None
        state = (
            in_language(lang, "behind its schedule")
            if s.behind
            else in_language(lang, "on its schedule")
        )
        lines.append((1, f"{c.file}: {state}"))
        lines.append(
            (
                2,
                in_language(
                    lang,
                    "net up to {as_of}: {actual} realised against {plan} planned ({deviation})",
                ).format(
                    as_of=year(s.as_of),
                    actual=kr(s.net_actual),
                    plan=kr(s.net_plan),
                    deviation=_signed(round_half_up(s.net_actual) - round_half_up(s.net_plan)),
                ),
            )
        )
        lines.append(
            (
                2,
                in_language(
                    lang,
                    "re-projected: {repaid} repaid, {owed} owed at the end of {year} "
                    "(planned: {repaid_plan} repaid, {owed_plan} owed)",
                ).format(
                    repaid=kr(sum(s.repaid, 0)),
                    owed=kr(s.owed),
                    year=year(c.years[-1]),
                    repaid_plan=kr(sum(s.repaid_plan, 0)),
                    owed_plan=kr(s.owed_plan),
                ),
            )
        )
        if s.year_plan is not None or s.year is not None:
            never = in_language(lang, "not within the period")
            lines.append(
                (
                    2,
                    in_language(lang, "repaid (re-projected / planned): {year} / {plan}").format(
                        year=year(s.year) if s.year is not None else never,
                        plan=year(s.year_plan) if s.year_plan is not None else never,
                    ),
                )
            )
    return lines


def _signed(value: int) -> str:
    return ("+" if value > 0 else "") + kr(value)


def _rounding_differs(p: Pool) -> bool:
    """Whether the cases' shown figures of a year fail to add up to the pool's shown one."""
    for k, y in enumerate(p.years):
        for row in ("drawn", "interest", "repaid"):
            cells = sum(round_half_up(c.at(getattr(c, row), y)) for c in p.cases)
            if cells != round_half_up(getattr(p, row)[k]):
                return True
        if sum(round_half_up(c.balance_at(y)) for c in p.cases) != round_half_up(p.balance[k]):
            return True
    return False


# --- The pool's rules (``pool --rules``), and the table as CSV or Markdown --------------------

RULE_WORDS = {
    "da": {
        "frame": "Ramme",
        "lent": "Udlånt",
        "headroom": "Ledig ramme",
        "rules": "Puljens regler",
        "breaches": "Brud på puljens regler:",
        "kept": "Alle puljens regler er overholdt.",
        "case": "Sag",
        "row": "Række",
    },
    "en": {
        "frame": "Frame",
        "lent": "Lent out",
        "headroom": "Headroom",
        "rules": "The pool's rules",
        "breaches": "The pool's rules broken:",
        "kept": "Every rule of the pool is kept.",
        "case": "Case",
        "row": "Row",
    },
}


def rules_text(
    frame: Frame | None, found: list[Diagnostic], years: tuple[int, ...], language: str
) -> str:
    """The pool against its frame, year by year, and each rule broken, located."""
    w = RULE_WORDS.get(language, RULE_WORDS["en"])
    lines: list[str] = []
    if frame is not None:
        rows = [
            (w["frame"], [kroner(frame.frame)] * len(years)),
            (w["lent"], [kroner(v) for v in frame.lent]),
            (w["headroom"], [kroner(v) for v in frame.headroom]),
        ]
        width = max(len(r[0]) for r in rows)
        cells = [max(len(str(y)), *(len(r[1][k]) for r in rows)) for k, y in enumerate(years)]
        lines.append(
            " " * width + "".join(f"  {y:>{n}}" for y, n in zip(years, cells, strict=True))
        )
        for label, values in rows:
            body = "".join(f"  {v:>{n}}" for v, n in zip(values, cells, strict=True))
            lines.append(f"{label:<{width}}{body}")
        lines.append("")
    if found:
        lines.append(w["breaches"])
        for d in found:
            lines.append(f"  {d.file}:{d.line}:{d.col}: {d.code} {d.message}")
    else:
        lines.append(w["kept"])
    return "\n".join(printable(line) for line in lines) + "\n"


def breach_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "file": d.file,
        "line": d.line,
        "col": d.col,
        "path": d.path,
        "message": d.message,
        **({"hint": d.hint} if d.hint else {}),
    }


def frame_json(frame: Frame) -> dict[str, Any]:
    return {
        "frame": round_half_up(frame.frame),
        "lent": _r(frame.lent),
        "headroom": _r(frame.headroom),
    }


Cell = int | str | None


def table(p: Pool, frame: Frame | None, language: str) -> tuple[list[str], list[list[Cell]]]:
    """The pool's table as plain rows (case file, row, a figure per year, total): what the
    CSV and Markdown forms lay out. Each figure its exact value rounded half up."""
    w = WORDS.get(language, WORDS["en"])
    rw = RULE_WORDS.get(language, RULE_WORDS["en"])
    header = [rw["case"], rw["row"], *map(str, p.years), w["total"]]
    rows: list[list[Cell]] = []

    def flows(who: str, c: CaseDraw | Pool, per_year: Any) -> None:
        rows.append([who, w["drawn"], *per_year(c.drawn), round_half_up(sum(c.drawn, 0))])
        if p.has_interest:
            rows.append(
                [who, w["interest"], *per_year(c.interest), round_half_up(sum(c.interest, 0))]
            )
        rows.append([who, w["repaid"], *per_year(c.repaid), round_half_up(sum(c.repaid, 0))])
        if p.writes_off:
            rows.append([who, w["written_off"], *per_year(c.written_off), round_half_up(_off(c))])
        rows.append([who, w["balance"], *per_year(c.balance), None])

    for c in p.cases:

        def mine(row: tuple[Num, ...], c: CaseDraw = c) -> list[Cell]:
            return [round_half_up(row[c.years.index(y)]) if y in c.years else None for y in p.years]

        flows(c.file, c, mine)
    everyone = w["all"]
    flows(everyone, p, lambda row: [round_half_up(v) for v in row])
    rows[-1] = [everyone, w["balance"], *(round_half_up(v) for v in p.balance), None]
    if frame is not None:
        rows.append([everyone, rw["frame"], *([round_half_up(frame.frame)] * len(p.years)), None])
        rows.append([everyone, rw["lent"], *_r(frame.lent), None])
        rows.append([everyone, rw["headroom"], *_r(frame.headroom), None])
    return header, rows


def render_csv(
    pools: list[Pool], frames: dict[str, Frame], found: list[Diagnostic] | None, language: str
) -> str:
    """Every pool's table, then the rules broken; the Danish dialect (``;``, a byte-order
    mark) for Danish, as ``run``'s CSV."""
    import csv
    import io

    danish = language == "da"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if danish else ",", lineterminator="\n")
    rw = RULE_WORDS.get(language, RULE_WORDS["en"])
    for k, p in enumerate(pools):
        if k:
            writer.writerow([])
        writer.writerow([_csv_text(f"{p.name}, {p.organisation}")])
        header, rows = table(p, frames.get(p.name), language)
        writer.writerow([_csv_text(h) for h in header])
        writer.writerows(
            [_csv_text(v) if isinstance(v, str) else ("" if v is None else v) for v in row]
            for row in rows
        )
    if found:
        writer.writerow([])
        writer.writerow([_csv_text(rw["breaches"].rstrip(":"))])
        for d in found:
            writer.writerow(
                [_csv_text(x) for x in (d.code, d.file, str(d.line), str(d.col), d.path, d.message)]
            )
    return ("\ufeff" if danish else "") + out.getvalue()


def _csv_text(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def render_markdown(
    pools: list[Pool], frames: dict[str, Frame], found: list[Diagnostic] | None, language: str
) -> str:
    w = WORDS.get(language, WORDS["en"])
    rw = RULE_WORDS.get(language, RULE_WORDS["en"])
    if not pools:
        return w["none"] + "\n"
    lines: list[str] = []
    for p in pools:
        with shown_as(p.currency, p.form, language):
            lines.append(f"## {_md(_heading(p, w))}")
            lines.append("")
            lines += [f"- {_md(_case_heading(c, w))}" for c in p.cases]
            lines.append("")
            header, rows = table(p, frames.get(p.name), language)
            lines.append("| " + " | ".join(_md(h) for h in header) + " |")
            lines.append("|---|---|" + "---:|" * (len(header) - 2))
            for row in rows:
                cells = [
                    _md(v) if isinstance(v, str) else ("" if v is None else kroner(v)) for v in row
                ]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
            lines += _md_sentences(_closing(p, w))
    if found:
        lines.append(f"**{rw['breaches']}**")
        lines.append("")
        for d in found:
            lines.append(f"- `{_md(d.file)}:{d.line}:{d.col}` {d.code}: {_md(d.message)}")
    elif found is not None:
        lines.append(rw["kept"])
    return "\n".join(printable(line) for line in lines) + "\n"


def _md_sentences(said: list[tuple[int, str]]) -> list[str]:
    """The closing sentences (:func:`_closing`) in Markdown: a sentence a paragraph of its
    own, the items under it a list (an item's details a list within it)."""
    lines: list[str] = []
    for depth, text in said:
        if not text:
            continue
        if depth == 0:
            if lines and lines[-1] != "":
                lines.append("")  # the list above ends
            lines += [_md(text), ""]
        else:
            lines.append("  " * (depth - 1) + "- " + _md(text))
    if lines and lines[-1] != "":
        lines.append("")
    return lines


def _md(text: str) -> str:
    return text.replace("|", "\\|")
