"""The unit's own budget (own net after funding and its cumulative) for every case with
funding, the price level in the table's head, and --unit tkr."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

import pytest

from businesscase.results import round_half_up

from .conftest import CASES, ISHOJ

FUNDED = sorted(p for p in CASES.glob("*.yaml") if "funding:" in p.read_text(encoding="utf-8"))


def _json(cli, *args):
    out = cli("run", *args, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_ishoj_own_budget_is_zero_every_year(cli):
    """The point of the application: the pool carries the deficit and is repaid from the
    savings, so the unit's own budget is untouched in every year of Tabel 1."""
    data = _json(cli, ISHOJ)
    assert data["own_net"] == [0] * 7
    assert data["own_cumulative"] == [0] * 7
    text = cli("run", ISHOJ).stdout
    assert "Egen netto efter finansiering" in text and "Egen netto akkumuleret" in text


@pytest.mark.parametrize("case", FUNDED, ids=lambda p: p.stem)
def test_own_net_is_net_plus_drawn_minus_repaid_plus_grants(cli, case):
    data = _json(cli, case)
    n = len(data["years"])
    drawn = data.get("drawn", [0] * n)
    repaid = data.get("repayment", [0] * n)
    grants = [sum(g["values"][k] for g in data.get("grants", [])) for k in range(n)]
    for k in range(n):
        # each shown figure is rounded on its own, so allow the roundings of the four terms
        expected = data["net"][k] + drawn[k] - repaid[k] + grants[k]
        assert abs(data["own_net"][k] - expected) <= 2, (case.name, k)
    running = 0
    for k in range(n):
        running += data["own_net"][k]
        assert abs(data["own_cumulative"][k] - running) <= k + 1


def test_price_level_in_the_table_head(cli):
    assert "Kr., 2020-priser" in cli("run", ISHOJ).stdout
    assert "DKK, 2020 prices" in cli("run", ISHOJ, "--lang", "en").stdout
    assert "| Kr., 2020-priser |" in cli("run", ISHOJ, "--format", "markdown").stdout


def _csv_table(cli, *args) -> list[list[str]]:
    out = cli("run", *args, "--format", "csv", "--csv-dialect", "en")
    assert out.exit_code == 0, out.output
    rows = list(csv.reader(io.StringIO(out.stdout)))
    return rows[: rows.index([])] if [] in rows else rows


@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_tkr_is_each_exact_figure_rounded_half_up(cli, case):
    kroner = _csv_table(cli, case)
    thousands = _csv_table(cli, case, "--unit", "tkr")
    assert len(kroner) == len(thousands)
    if thousands[0][0] == "Aktivitet":
        pytest.skip("a case of activities only has no amounts")
    assert "1.000 kr., " in ",".join(thousands[0])  # the head says the unit
    for whole, tkr in zip(kroner[1:], thousands[1:], strict=True):
        for a, b in zip(whole, tkr, strict=True):
            if a.lstrip("-").isdigit():  # the shipped cases are whole kroner, so exact
                assert int(b) == round_half_up(Fraction(int(a), 1000)), (case.name, whole[0])
            else:
                assert a == b


def test_tkr_total_is_the_rounded_exact_total_and_says_so(cli):
    """København 1000 dage spreads 3.250.700 kr. as 1.083.567 + 1.083.567 + 1.083.566: in
    1.000 kr. the cells show 1.084 each (3.252) and the total 3.251; the output says so."""
    case = CASES / "kobenhavn_1000_dage.yaml"
    text = cli("run", case, "--unit", "tkr").stdout
    assert "Beløb i 1.000 kr." in text
    assert "1.000 kr., " in text
    table = _csv_table(cli, case, "--unit", "tkr")
    row = next(r for r in table if r[0].startswith("Støtte- og vejledningsindsats"))
    cells = [int(v) for v in row[2:-1]]
    assert cells == [0, -1084, -1084, -1084]  # -1.083.567, -1.083.567, -1.083.566 kr.
    assert int(row[-1]) == round_half_up(Fraction(-3250700, 1000)) == -3251
    assert sum(cells) == -3252
    assert "Afrunding" in text
