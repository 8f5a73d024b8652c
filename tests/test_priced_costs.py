"""Costs as count × unit price, and a price per person from a total and a count."""

from __future__ import annotations

import json

from businesscase.loader import load_case

from .conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "costs_count_x_price.yaml"


def _json(cli, path):
    return json.loads(cli("run", path, "--format", "json").stdout)


def test_a_cost_as_count_times_price_computes_the_product(cli):
    data = _json(cli, EXAMPLE)
    lines = {line["name"]: line["values"] for line in data["lines"]}
    # 2 årsværk × 450.000 kr. in 2025, 3 from 2026, shown as costs
    assert lines["Ungementorer"] == [-900_000, -1_350_000, -1_350_000, -1_350_000]
    # 1,8 mio. for 60 young people: 60 × (1800000 / 60)
    assert lines["Mentorforløb"] == [-1_800_000] * 4
    # a placement priced per day, 365 days: 2 × 2.400 × 365 = 1.752.000
    assert lines["Anbringelser på opholdssted"][0] == 1_752_000


def test_a_cost_as_one_times_its_amount_is_the_same_table(cli, tmp_path):
    minimal = ROOT / "docs" / "examples" / "minimal.yaml"
    text = minimal.read_text(encoding="utf-8")
    assert "    amount: 400000\n" in text
    case = tmp_path / "priced.yaml"
    case.write_text(
        text.replace("    amount: 400000\n", "    count: 1\n    unit_cost: 400000\n", 1),
        encoding="utf-8",
    )
    a = _json(cli, minimal)
    b = _json(cli, case)
    assert [line["values"] for line in a["lines"]] == [line["values"] for line in b["lines"]]
    assert (a["net"], a["payback_year"], a["pool_balance"]) == (
        b["net"],
        b["payback_year"],
        b["pool_balance"],
    )


def test_the_derivation_shows_the_price_as_a_share_of_the_total(cli):
    out = cli("explain", EXAMPLE, "Mentorforløb", "2025").stdout
    assert "= -(60 × 30.000)" in out
    assert "= 1.800.000 / 60" in out


def test_a_cost_with_both_forms_or_neither_is_refused(tmp_path):
    both = tmp_path / "both.yaml"
    both.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "    count: 60\n", "    count: 60\n    amount: 1800000\n"
        ),
        encoding="utf-8",
    )
    errors = [d for d in load_case(str(both)).diagnostics if d.is_error]
    assert errors and "write a cost as an 'amount' or as 'count' × 'unit_cost'" in (
        errors[0].message
    )
    neither = tmp_path / "neither.yaml"
    neither.write_text(
        "format: 1\nmeta: {title: t, organisation: o, price_level: 2024, language: en}\n"
        "period: {first: 2025, last: 2026}\ncosts:\n  - name: Team\n",
        encoding="utf-8",
    )
    [error] = load_case(str(neither)).diagnostics
    assert error.code == "BC202" and "'amount'" in error.message


def test_a_negative_price_of_a_cost_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("unit_cost: 450000", "unit_cost: -450000"),
        encoding="utf-8",
    )
    codes = {d.code for d in load_case(str(bad)).diagnostics}
    assert "BC306" in codes or "BC309" in codes


def test_a_total_written_with_an_exponent_is_the_same_price(cli, tmp_path):
    """YAML reads 1.8e6 as the number 1.800.000; the price of one is still 1.800.000 / 60,
    not a formula that stumbles on the 'E' of 1.8E+6."""
    case = tmp_path / "exponent.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    case.write_text(text.replace("total: 1800000", "total: 1.8e6"), "utf-8")
    assert _json(cli, case)["lines"] == _json(cli, EXAMPLE)["lines"]
