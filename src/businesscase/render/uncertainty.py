"""The output of ``simulate`` and ``sensitivity``: text, markdown, CSV and JSON.

Each takes the command's report (plain data, the JSON output) and shows it in the case's
language. Amounts are whole kroner rounded half up; probabilities are percentages with one
decimal and their Monte Carlo standard error.
"""

from __future__ import annotations

import csv
import io
import json
import math
from fractions import Fraction
from typing import Any

from ..fmt import kr, kroner, number, places_within, style, year, year_key

WORDS: dict[str, dict[str, str]] = {
    "da": {
        "simulation": "Simulering",
        "draws": "Træk",
        "seed": "Frø (seed)",
        "repeat": "samme frø giver samme tal",
        "inputs": "Usikre tal",
        "independence": "uafhængige, medmindre de deler en parameter; et tal skrevet for flere år "
        "trækkes én gang for dem alle",
        "written": "skrevet",
        "source": "kilde",
        "probabilities": "Sandsynligheder (± Monte Carlo-standardfejl)",
        "no_shortfall": "Besparelserne dækker alle tilbagebetalinger",
        "payback_in_period": "Tilbagebetalingsår nås i perioden",
        "pool_repaid_in_period": "Investeringspuljen tilbagebetalt i perioden",
        "figures": "Fordeling (kr.)",
        "total_net": "Samlet netto over perioden",
        "npv": "Nutidsværdi",
        "shortfall": "Manko: tilbagebetaling ikke dækket af årets netto",
        "year": "År",
        "net": "Netto",
        "cumulative": "Akkumuleret",
        "payback_by": "Tilbagebetalt senest",
        "pool_repaid_by": "Pulje tilbagebetalt senest",
        "payback_years": "Tilbagebetalingsår",
        "not_reached": "nås ikke",
        "mean": "middel",
        "sensitivity": "Følsomhed",
        "at_low": "ved lav",
        "at_high": "ved høj",
        "switching": "Skifteværdi",
        "switch_shortfall": "besparelserne dækker ikke længere tilbagebetalingerne",
        "switch_payback": "tilbagebetalingsår senere end",
        "holds": "holder i hele intervallet",
        "fails_written": "holder ikke allerede ved den skrevne værdi",
        "break_even": "Break-even-andel af de forventede forebyggede foranstaltninger",
        "others_written": "de øvrige usikre tal på deres skrevne værdi",
        "of_range": "af intervallet",
        "no_ranges": "ingen: hvert træk er sagen som skrevet (giv en parameter eller et skrevet tal "
        "et 'range')",
        "nothing_to_move": "Casen har ingen usikre tal at flytte: giv en parameter eller et skrevet "
        "tal et 'range' (se docs/uncertainty.md).",
        "low": "Lav",
        "high": "Høj",
        "shortfall_short": "Manko",
        "pool_repaid_short": "Pulje tilbagebetalt",
        "tornado": "ved lav og høj omkring den skrevne værdi",
        "below": "holder ned til",
        "above": "holder op til",
        "searched": "søgt ikke længere",
        "no_margin_switch_down": "ingen margin nedad: holder ikke ved nogen lavere værdi",
        "no_margin_switch_up": "ingen margin opad: holder ikke ved nogen højere værdi",
    },
    "en": {
        "simulation": "Simulation",
        "draws": "Draws",
        "seed": "Seed",
        "repeat": "the same seed gives the same figures",
        "inputs": "Ranged inputs",
        "independence": "independent unless they share a parameter; a number written for several "
        "years is drawn once for all of them",
        "written": "written",
        "source": "source",
        "probabilities": "Probabilities (± Monte Carlo standard error)",
        "no_shortfall": "The savings cover every repayment",
        "payback_in_period": "Payback reached within the period",
        "pool_repaid_in_period": "Investment pool repaid within the period",
        "figures": "Distribution (kr.)",
        "total_net": "Total net over the period",
        "npv": "Net present value",
        "shortfall": "Shortfall: repayment not covered by the year's net",
        "year": "Year",
        "net": "Net",
        "cumulative": "Cumulative",
        "payback_by": "Paid back by",
        "pool_repaid_by": "Pool repaid by",
        "payback_years": "Payback year",
        "not_reached": "not reached",
        "mean": "mean",
        "sensitivity": "Sensitivity",
        "at_low": "at low",
        "at_high": "at high",
        "switching": "Switching value",
        "switch_shortfall": "the savings no longer cover the repayments",
        "switch_payback": "payback later than",
        "holds": "holds over the whole interval",
        "fails_written": "fails already at the written value",
        "break_even": "Break-even share of the expected avoided measures",
        "others_written": "the other ranged inputs at their written values",
        "of_range": "of the range",
        "no_ranges": "none: every draw is the case as written (give a parameter or a written number "
        "a 'range')",
        "nothing_to_move": "The case has no ranged inputs to move: give a parameter or a written "
        "number a 'range' (see docs/uncertainty.md).",
        "low": "Low",
        "high": "High",
        "shortfall_short": "Shortfall",
        "pool_repaid_short": "Pool repaid",
        "tornado": "at low and high around the written value",
        "below": "holds down to",
        "above": "holds up to",
        "searched": "searched no further",
        "no_margin_switch_down": "no margin downwards: fails at any lower value",
        "no_margin_switch_up": "no margin upwards: fails at any higher value",
    },
}


FIELDS: dict[str, dict[str, str]] = {
    "da": {
        "count": "antal",
        "unit_cost": "enhedspris",
        "amount": "beløb",
        "phase_in": "indfasning",
        "per_day": "pris pr. dag",
        "per_week": "pris pr. uge",
        "per_month": "pris pr. måned",
        "drawn": "træk",
        "received": "modtaget",
        "repayment": "tilbagebetaling pr. år",
        "share": "andel",
        "floor": "mindst pr. år",
        "cap": "højst pr. år",
        "rate": "rente",
        "share_of_savings": "andel af besparelsen",
        "recycled_share": "andel der føres tilbage",
        "discount_rate": "diskonteringsrente",
    },
    "en": {
        "unit_cost": "unit cost",
        "phase_in": "phase-in",
        "per_day": "price per day",
        "per_week": "price per week",
        "per_month": "price per month",
        "repayment": "repayment a year",
        "floor": "floor a year",
        "cap": "cap a year",
        "share_of_savings": "share of the savings",
        "recycled_share": "recycled share",
        "discount_rate": "discount rate",
    },
}
"""A written number's field in the output's language (a field not listed: its own name)."""


def _label(i: dict[str, Any], lang: str) -> str:
    """A ranged input by name: a parameter by its own; a written number by its line's (pool's,
    grant's), its field in the output's language and the years it is written for."""
    field = i.get("field")
    if field is None or "owner" not in i:
        return str(i["name"])
    word = FIELDS.get(lang, FIELDS["en"]).get(field, field.replace("_", " "))
    label = f"{i['owner']}: {word}" if i["owner"] else word
    return label if i.get("years") is None else f"{label} {i['years']}"


def _kr(x: float) -> str:
    return kroner(Fraction(x)) if math.isfinite(x) else "–"


def _pct(p: float) -> str:
    return number(Fraction(p * 100), places=1) + " %"


def _prob(d: dict[str, float]) -> str:
    return f"{_pct(d['p'])} ± {number(Fraction(d['se'] * 100), places=1)}"


def _num(x: float | None) -> str:
    return "–" if x is None else number(Fraction(x), places=4)


def render_simulation(report: dict[str, Any], fmt: str, lang: str) -> str:
    if fmt in ("json", "csv"):  # the years as the case writes them: 2019-20, 3
        report = {
            **report,
            "years": [{**y, "year": year_key(y["year"])} for y in report["years"]],
            "payback_years": [
                {**p, "year": None if p["year"] is None else year_key(p["year"])}
                for p in report["payback_years"]
            ],
        }
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    w = WORDS.get(lang, WORDS["en"])
    if fmt == "csv":
        return _simulation_csv(report, w)
    md = fmt == "markdown"
    out: list[str] = []
    title = f"{w['simulation']}: {report['case']}{_of_department(report)}"
    out.append(f"# {title}" if md else title)
    out.append("")
    out.append(
        f"{w['draws']}: {number(report['draws'])}. {w['seed']}: {report['seed']} ({w['repeat']})."
    )
    out.append("")
    out.append(f"{'## ' if md else ''}{w['inputs']} ({w['independence']}):")
    if not report["inputs"]:
        out.append(f"- {w['no_ranges']}")
    for i in report["inputs"]:
        mode = "" if i["mode"] is None else f", {_num(i['mode'])}"
        line = (
            f"- {_label(i, lang)}: {w['written']} {_num(i['value'])}, {i['shape']} "
            f"{_num(i['low'])}{mode} – {_num(i['high'])}"
        )
        if i["source"]:
            line += f" ({w['source']}: {i['source']})"
        out.append(line)
    out.append("")
    out.append(f"{'## ' if md else ''}{w['probabilities']}:")
    for key, d in report["probabilities"].items():
        out.append(f"- {w[key]}: {_prob(d)}")
    out.append("")
    current = style()
    figures = w["figures"] if current is None else w["figures"].replace("kr.", current.symbol)
    out.append(f"{'## ' if md else ''}{figures}:")
    head = ["", "P10", "P50", "P90", w["mean"]]
    rows = [
        [w[key], _kr(d["p10"]), _kr(d["p50"]), _kr(d["p90"]), _kr(d["mean"])]
        for key, d in report["summaries"].items()
    ]
    out += _table(head, rows, md)
    out.append("")
    head = [w["year"], f"{w['net']} P10", "P50", "P90", f"{w['cumulative']} P10", "P50", "P90"]
    head.append(w["payback_by"])
    pool = any("pool_repaid_by" in y for y in report["years"])
    if pool:
        head.append(w["pool_repaid_by"])
    rows = []
    for y in report["years"]:
        row = [year(y["year"])]
        row += [_kr(y["net"][k]) for k in ("p10", "p50", "p90")]
        row += [_kr(y["cumulative"][k]) for k in ("p10", "p50", "p90")]
        row.append(_prob(y["payback_by"]))
        if pool:
            row.append(_prob(y["pool_repaid_by"]))
        rows.append(row)
    out += _table(head, rows, md)
    out.append("")
    out.append(f"{'## ' if md else ''}{w['payback_years']}:")
    for p in report["payback_years"]:
        when = w["not_reached"] if p["year"] is None else year(p["year"])
        out.append(f"- {when}: {_pct(p['share'])}")
    return "\n".join(out) + "\n"


def _of_department(report: dict[str, Any]) -> str:
    d = report.get("department")
    return "" if not d else f" – {d['name']} ({d['id']})"


def _table(head: list[str], rows: list[list[str]], md: bool) -> list[str]:
    if md:
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        return lines + ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt_row(r: list[str]) -> str:
        first = r[0].ljust(widths[0])
        rest = [c.rjust(widths[i + 1]) for i, c in enumerate(r[1:])]
        return "  ".join([first, *rest]).rstrip()

    return [fmt_row(head), *(fmt_row(r) for r in rows)]


def _simulation_csv(report: dict[str, Any], w: dict[str, str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["figure", "year", "p10", "p50", "p90", "mean", "probability", "se"])
    for key, d in report["probabilities"].items():
        writer.writerow([key, "", "", "", "", "", repr(d["p"]), repr(d["se"])])
    for key, d in report["summaries"].items():
        writer.writerow([key, "", *(repr(d[k]) for k in ("p10", "p50", "p90", "mean")), "", ""])
    for y in report["years"]:
        for key in ("net", "cumulative"):
            d = y[key]
            writer.writerow(
                [key, y["year"], *(repr(d[k]) for k in ("p10", "p50", "p90", "mean")), "", ""]
            )
        for key in ("payback_by", "pool_repaid_by"):
            if key in y:
                writer.writerow(
                    [key, y["year"], "", "", "", "", repr(y[key]["p"]), repr(y[key]["se"])]
                )
    return buf.getvalue()


def render_sensitivity(report: dict[str, Any], fmt: str, lang: str) -> str:
    if fmt == "json":
        return json.dumps(_years_as_written(report), ensure_ascii=False, indent=2) + "\n"
    w = WORDS.get(lang, WORDS["en"])
    md = fmt == "markdown"
    out: list[str] = []
    title = f"{w['sensitivity']}: {report['case']}{_of_department(report)}"
    out.append(f"# {title}" if md else title)
    out.append("")
    share = report["break_even_share"]
    if not report["inputs"]:  # no table, no bars and no switching values of nothing
        out.append(w["nothing_to_move"])
        out.append("")
        out.append(f"{w['break_even']}: {'–' if share is None else _pct(share)}")
        return "\n".join(out) + "\n"
    out.append(f"({w['others_written']})")
    out.append("")
    head = [
        "",
        w["low"],
        w["high"],
        f"{w['total_net']} {w['at_low']}",
        w["at_high"],
        f"{w['shortfall_short']} {w['at_low']}",
        w["at_high"],
        f"{w['payback_years']} {w['at_low']}",
        w["at_high"],
    ]
    # the pool's repayment year where a pool's own number is ranged, the NPV where the rate is
    inputs = report["inputs"]
    pool = any(i.get("input", "").startswith("funding.") for i in inputs) and any(
        i["at_low"].get("pool_repaid_year") is not None for i in inputs
    )
    npv = any(i.get("field") == "discount_rate" for i in inputs)
    if pool:
        head += [f"{w['pool_repaid_short']} {w['at_low']}", w["at_high"]]
    if npv:
        head += [f"{w['npv']} {w['at_low']}", w["at_high"]]
    rows = []
    for i in inputs:
        lo, hi = i["at_low"], i["at_high"]
        row = [
            _label(i, lang),
            _num(i["low"]),
            _num(i["high"]),
            _kr(lo["total_net"]),
            _kr(hi["total_net"]),
            _kr(lo["shortfall"]),
            _kr(hi["shortfall"]),
            _year(lo["payback_year"], w),
            _year(hi["payback_year"], w),
        ]
        if pool:
            row += [_year(lo["pool_repaid_year"], w), _year(hi["pool_repaid_year"], w)]
        if npv:
            row += [_kr(_or_nan(lo.get("npv"))), _kr(_or_nan(hi.get("npv")))]
        rows.append(row)
    out += _table(head, rows, md)
    out.append("")
    out += _tornado(report, w, md, lang)
    out.append("")
    if report["criterion"] == "payback_by":
        what = f"{w['switch_payback']} {year(report['by'])}"
    else:
        what = w["switch_shortfall"]
    out.append(f"{'## ' if md else ''}{w['switching']} ({what}):")
    for i in report["inputs"]:
        out.append(f"- {_label(i, lang)} ({w['written']} {_num(i['value'])}): {_switches(i, w)}")
    out.append("")
    out.append(f"{w['break_even']}: {'–' if share is None else _pct(share)}")
    return "\n".join(out) + "\n"


def _or_nan(x: float | None) -> float:
    return math.nan if x is None else x


def _year(y: float | int | None, w: dict[str, str]) -> str:
    return w["not_reached"] if y is None else year(int(y))


_YEARS = ("payback_year", "pool_repaid_year")


def _years_as_written(report: dict[str, Any]) -> dict[str, Any]:
    """The report with its years as the case writes them (``2019-20``, ``3``): JSON gives a
    year as every other output of the case does."""

    def figures(f: dict[str, Any]) -> dict[str, Any]:
        return {k: year_key(v) if k in _YEARS and v is not None else v for k, v in f.items()}

    return {
        **report,
        "by": None if report["by"] is None else year_key(report["by"]),
        "written": figures(report["written"]),
        "inputs": [
            {**i, "at_low": figures(i["at_low"]), "at_high": figures(i["at_high"])}
            for i in report["inputs"]
        ],
    }


def _switches(i: dict[str, Any], w: dict[str, str]) -> str:
    parts = []
    for key, word in (("switch_down", w["below"]), ("switch_up", w["above"])):
        s = i[key]
        if s.get("fails_at_written"):
            return w["fails_written"]
        if "value" in s:
            places = places_within(Fraction(s["step"]))
            shown = number(Fraction(str(s["holds_to"])), places=places)
            if shown == number(Fraction(i["value"]), places=places):
                parts.append(w["no_margin_" + key])
            else:
                parts.append(f"{word} {shown}")
        else:
            parts.append(f"{word} {_num(s['holds'])} ({w['searched']})")
    return "; ".join(parts)


def _tornado(report: dict[str, Any], w: dict[str, str], md: bool, lang: str) -> list[str]:
    """Bars of the total net at each input's low and high around its written value."""
    base = report["written"]["total_net"] or 0
    rows = report["inputs"]
    if not rows:
        return []
    spread = max(
        max(
            abs((r["at_low"]["total_net"] or 0) - base),
            abs((r["at_high"]["total_net"] or 0) - base),
        )
        for r in rows
    )
    half = 20
    scale = half / spread if spread else 0
    name_w = max(len(_label(r, lang)) for r in rows)
    written = kr(Fraction(base)) if math.isfinite(base) else "–"  # 1.500.000 kr., £1,500,000
    out = [f"{'## ' if md else ''}{w['total_net']}, {w['tornado']} ({written}):"]
    if md:
        out.append("```")
    for r in rows:
        lo = (r["at_low"]["total_net"] or 0) - base
        hi = (r["at_high"]["total_net"] or 0) - base
        left = round(max(0, -min(lo, hi)) * scale)
        right = round(max(0, max(lo, hi)) * scale)
        bar = " " * (half - left) + "█" * left + "│" + "█" * right + " " * (half - right)
        out.append(
            f"{_label(r, lang).ljust(name_w)}  {_kr(min(lo, hi) + base).rjust(10)} {bar} "
            f"{_kr(max(lo, hi) + base)}"
        )
    if md:
        out.append("```")
    return out
