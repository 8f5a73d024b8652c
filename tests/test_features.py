"""The format's optional parts, each on the documented example ``docs/examples/features.yaml``:
formulas over parameters, phase-in, support hours, one-off costs, departments, a grant beside
the pool, price restatement and Finansministeriet's discounting."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from businesscase.calc.exact import evaluate as evaluate_model
from businesscase.calc.exact import value
from businesscase.calc.expr import Const, Spread
from businesscase.calc.model import build
from businesscase.loader import load_case
from businesscase.model import FINANSMINISTERIET, Case
from businesscase.results import compute

from .conftest import ISHOJ, ROOT

EXAMPLES = ROOT / "docs" / "examples"
FEATURES = EXAMPLES / "features.yaml"


def _case(path: Path):
    loaded = load_case(str(path))
    assert loaded.ok, loaded.diagnostics
    assert loaded.diagnostics == []
    return loaded.case


def _line(result, name):
    return next(line for line in result.lines if line.name == name)


def test_formula_and_phase_in():
    result = compute(_case(FEATURES))
    line = _line(result, "Familiebehandling")
    # 30 families × 35 % prevented = 10,5 treatments a year at 120.000 kr.; half in 2025.
    assert line.counts == (Fraction(21, 2),) * 5
    assert line.values == (630_000, 1_260_000, 1_260_000, 1_260_000, 1_260_000)
    assert line.assumption == "parameter"  # andel_forebygget is an assumption


def test_support_hours_and_one_off():
    result = compute(_case(FEATURES))
    hours = _line(result, "Støttetimer")
    assert hours.unit_costs == (10 * 40 * 350,) * 5
    assert hours.values == (0, 280_000, 280_000, 280_000, 280_000)
    one_off = _line(result, "Kompetenceudvikling")
    assert one_off.kind == "one_off" and one_off.values == (-250_000, 0, 0, 0, 0)


def test_departments_partition_the_case():
    case = _case(FEATURES)
    combined = compute(case)
    parts = [compute(case, department=d.id) for d in case.departments]
    assert combined.net == tuple(sum(col) for col in zip(*(p.net for p in parts), strict=True))
    assert {line.name for p in parts for line in p.lines} == {line.name for line in combined.lines}
    # The pool belongs to SOC, the grant to DAG.
    soc, dag = parts
    assert soc.total_drawn == 600_000 and dag.total_drawn == 0
    assert [g.name for g in dag.grants] == ["Statsligt projekttilskud"] and soc.grants == ()


def test_grant_and_own_net():
    result = compute(_case(FEATURES))
    [grant] = result.grants
    assert grant.values == (150_000, 150_000, 0, 0, 0)
    assert grant.assumption == "spread"
    for k in range(len(result.years)):
        assert result.own_net[k] == (
            result.net[k] + result.drawn[k] + grant.values[k] - result.repayment[k]
        )


def _spread(total, n):
    return [value(Spread(Const(total), n, k)) for k in range(n)]


def test_spread_in_whole_kroner_with_the_remainder_first():
    assert _spread(3_250_700, 3) == [1_083_567, 1_083_567, 1_083_566]
    assert sum(_spread(7_000_000, 3)) == 7_000_000
    assert _spread(Fraction(1, 2), 2) == [Fraction(1, 4), Fraction(1, 4)]


def test_prices_restate_every_amount():
    case = _case(FEATURES)
    base = compute(case)
    restated = compute(case, price_year=2026)
    factor = Fraction(Decimal("105.9")) / 100
    assert restated.net == tuple(v * factor for v in base.net)
    assert restated.drawn == tuple(v * factor for v in base.drawn)
    assert restated.price_year == 2026 and base.price_year == 2024


def test_prices_cli_errors_are_usage_errors(cli):
    out = cli("run", FEATURES, "--prices", "2031")
    assert out.exit_code == 2
    assert "no value for 2031 (it has 2024, 2025, 2026)" in out.stderr
    out = cli("run", ISHOJ, "--prices", "2024")
    assert out.exit_code == 2 and "no price index" in out.stderr


def test_npv_at_finansministeriets_rate():
    result = compute(_case(FEATURES))
    # Base year 2025: year t is discounted by 1,035^t (all years within the first band).
    expected = sum(
        (Fraction(v) / Fraction(1035, 1000) ** t for t, v in enumerate(result.net)), Fraction(0)
    )
    assert result.npv == expected
    assert result.npv_base_year == 2025
    assert result.npv_rates == tuple((b.from_year, b.rate) for b in FINANSMINISTERIET)


def _discount_factors(last: int, discounting: dict | None = None) -> list:
    data = {
        "format": 1,
        "meta": {"title": "t", "organisation": "o", "price_level": 2000},
        "period": {"first": 2000, "last": last},
        "costs": [{"name": "c", "amount": 1}],
    }
    if discounting is not None:
        data["discounting"] = discounting
    ev = evaluate_model(build(Case.model_validate(data), npv=True))
    return [ev[("discount", y)] for y in range(2000, last + 1)]


def test_discount_bands_switch_after_35_and_70_years():
    factors = _discount_factors(2079)
    r1, r2, r3 = Fraction(1035, 1000), Fraction(1025, 1000), Fraction(1015, 1000)
    assert factors[35] == 1 / r1**35
    assert factors[36] == 1 / (r1**35 * r2)
    assert factors[70] == 1 / (r1**35 * r2**35)
    assert factors[71] == 1 / (r1**35 * r2**35 * r3)
    flat = _discount_factors(2002, {"rate": Decimal("0.04")})
    assert flat == [1, 1 / Fraction(104, 100), 1 / Fraction(104, 100) ** 2]


def test_npv_is_opt_in_and_leaves_the_table_undiscounted(cli):
    plain = json.loads(cli("run", ISHOJ, "--format", "json").stdout)
    assert "npv" not in plain
    with_npv = json.loads(cli("run", ISHOJ, "--format", "json", "--npv").stdout)
    assert with_npv["net"] == plain["net"]
    r = Fraction(1035, 1000)
    exact = sum((Fraction(v) / r**t for t, v in enumerate(plain["net"])), Fraction(0))
    assert with_npv["npv"] == round(exact) == -55_309
    # The undiscounted net is 0 over 2021-2027; discounted, the early deficits weigh more.


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_documented_example_is_valid_and_runs(cli, path):
    assert cli("validate", path).exit_code == 0
    out = cli("run", path, "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    # Printed rows add up: lines to the net, the net to the cumulative.
    for k in range(len(data["years"])):
        assert sum(line["values"][k] for line in data["lines"]) == data["net"][k]
        assert sum(data["net"][: k + 1]) == data["cumulative"][k]


def test_reconciliation_compares_at_the_case_price_level_even_when_restated(cli):
    data = json.loads(cli("run", FEATURES, "--prices", "2026", "--format", "json").stdout)
    assert data["price_year"] == 2026
    assert data["reconciliation"]["checked"] == 8
    assert data["reconciliation"]["mismatches"] == []
