"""The pool as a fund: repayment by a share of the savings.

Numbers are worked by hand in each test's docstring; the three interpreters (exact, vector,
workbook) must give the same figures, because the rule is made of existing node kinds.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from businesscase.calc import exact, vector
from businesscase.loader import load_case

from .conftest import ROOT
from .test_vector import assert_agrees

PAY_FOR_SUCCESS = ROOT / "docs" / "examples" / "pay_for_success.yaml"
POOL_INTEREST = ROOT / "docs" / "examples" / "pool_interest.yaml"

CASE = """\
format: 1
meta: {{title: Fund, organisation: Test, price_level: 2024}}
period: {{first: 2025, last: 2030}}
departments:
  - {{id: SOC, name: Social}}
  - {{id: DAG, name: Dagtilbud}}
costs:
  - {{name: Indsats, department: SOC, amount: {{2025: 400000}}}}
  - {{name: Drift, department: DAG, amount: {{2025-2030: 100000}}}}
avoided:
  - name: Anbringelse
    department: SOC
    count: {{2026: 1, 2027: 0, 2028-2030: 1}}
    unit_cost: 300000
funding:
  - kind: pool
    department: SOC
    amount: 400000
    repayment: {{first_year: 2026, {rule}}}
"""


def _load(tmp_path: Path, rule: str):
    path = tmp_path / "case.yaml"
    path.write_text(CASE.format(rule=rule), encoding="utf-8")
    return load_case(str(path))


def test_pay_for_success_example_repays_from_the_surplus() -> None:
    """Net 2025-2032: -300.000, -150.000, 300.000, 450.000, -150.000, 450.000 ×3.

    Repaying 0,6 of the surplus from 2028 on the 900.000 drawn: 2028 270.000 (630.000 left);
    2029 a deficit, 0; 2030 270.000 (360.000); 2031 270.000 (90.000); 2032 only the 90.000
    still owed, not 270.000. Repaid in 2032.
    """
    loaded = load_case(str(PAY_FOR_SUCCESS))
    assert loaded.ok and loaded.diagnostics == []
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("net", None)) == (
        -300000, -150000, 300000, 450000, -150000, 450000, 450000, 450000
    )  # fmt: skip
    assert ev.row(("repayment", None)) == (0, 0, 0, 270000, 0, 270000, 270000, 90000)
    assert ev.row(("pool_balance", None)) == (
        300000, 600000, 900000, 630000, 630000, 360000, 90000, 0
    )  # fmt: skip
    assert ev.year(("pool_repaid", None)) == 2032
    assert_agrees(ev.model, n=3)


def test_share_of_the_departments_net_for_a_number_of_years(tmp_path: Path) -> None:
    """The pool is SOC's, so SOC's net counts, not DAG's running cost.

    SOC's net 2025-2030: -400.000, 300.000, 0, 300.000, 300.000, 300.000 (the case's net is
    100.000 lower each year). 0,5 for 3 years from 2026: 2026 150.000 (250.000 left), 2027 a
    net of 0 gives 0, 2028 150.000 (100.000 left); 2029 is after the three years: 0. Still
    owed 100.000 at the end, so not repaid (BC302).
    """
    loaded = _load(tmp_path, "share_of_savings: 0.5, years: 3")
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("net", "SOC")) == (-400000, 300000, 0, 300000, 300000, 300000)
    assert ev.row(("repayment", None)) == (0, 150000, 0, 150000, 0, 0)
    assert ev.row(("pool_balance", None)) == (400000, 250000, 250000, 100000, 100000, 100000)
    assert ev.year(("pool_repaid", None)) is None
    assert [d.code for d in loaded.diagnostics] == ["BC302"]
    vec = vector.evaluate(ev.model, n=2)
    assert list(vec[("pool_repaid", 0, 2028)]) == [150000, 150000]
    assert_agrees(ev.model, n=2)


def test_until_repaid_stops_at_what_is_owed(tmp_path: Path) -> None:
    """Share 1 of SOC's net: 2026 300.000 (100.000 left), 2027 0, 2028 100.000, not 300.000."""
    ev = _load(tmp_path, "share_of_savings: 1, years: until_repaid").evaluation
    assert ev is not None
    assert ev.row(("repayment", "SOC")) == (0, 300000, 0, 100000, 0, 0)
    assert ev.year(("pool_repaid", "SOC")) == 2028


def test_amount_and_share_together_is_a_located_error(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "amount: 100000, share_of_savings: 0.5, years: 4")
    assert not loaded.ok
    [error] = loaded.diagnostics
    assert error.severity == "error"
    assert "not both" in error.message
    assert error.line == 19  # the repayment mapping


def test_share_above_one_is_refused(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "share_of_savings: 1.5, years: 4")
    assert not loaded.ok
    assert [d.path for d in loaded.diagnostics] == ["funding[0].repayment.share_of_savings"]


def test_exact_evaluation_is_whole_kroner_for_a_fractional_share(tmp_path: Path) -> None:
    """A share of 1/3 of 300.000 is exactly 100.000; 0,35 × 300.000 = 105.000."""
    ev = _load(tmp_path, "share_of_savings: 0.35, years: 1").evaluation
    assert ev is not None
    assert ev.row(("repayment", None))[1] == 105000
    assert exact.evaluate(ev.model).values[("pool_repaid", 0, 2026)] == 105000


def test_workbook_formulas_give_the_same_repayments(tmp_path: Path) -> None:
    """Every cell of the exported workbook, repayments and interest included, has a formula
    and is the engine's figure."""
    from .test_xlsx import _cell_values, _export, _mismatches

    for case, node, value in (
        (PAY_FOR_SUCCESS, ("pool_repaid", 0, 2032), 90000),
        (POOL_INTEREST, ("pool_interest", 0, 2027), 21900),
        (
            ROOT / "docs" / "examples" / "pay_for_success_write_off.yaml",
            ("pool_written_off", 0, 2031),
            525000,
        ),
    ):
        export = _export(case)
        out = tmp_path / "case.xlsx"
        out.write_bytes(export.data)
        assert set(export.nodes) == set(export.evaluation.model.nodes)
        values = _cell_values(out, export)
        assert values[node] == value
        assert _mismatches(values, export.evaluation) == []


def test_interest_is_added_to_what_is_owed_until_repaid() -> None:
    """1.000.000 drawn in 2025 at 3 %, 300.000 a year from 2026 until repaid.

    2026: 3 % of 1.000.000 = 30.000, owed 1.030.000, 730.000 left. 2027: 21.900, 451.900 left.
    2028: 13.557, 165.457 left. 2029: 4.963,71 interest, so the last repayment is 170.420,71
    (shown 170.421) and the balance is 0: repaid in 2029. Interest in all 70.420,71, shown
    70.421, which is also the sum of the shown cells (30.000 + 21.900 + 13.557 + 4.964).
    """
    loaded = load_case(str(POOL_INTEREST))
    assert loaded.ok and loaded.diagnostics == []
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("interest", None))[:5] == (0, 30000, 21900, 13557, Fraction("4963.71"))
    assert ev.row(("pool_balance", None)) == (1000000, 730000, 451900, 165457, 0, 0)
    assert ev.row(("repayment", None))[4] == Fraction("170420.71")
    assert ev.get(("total", "interest", None)) == Fraction("70420.71")
    assert ev.year(("pool_repaid", None)) == 2029
    assert_agrees(ev.model, n=2)


def test_interest_row_in_json_csv_and_text(cli) -> None:
    data = json.loads(cli("run", POOL_INTEREST, "--format", "json").stdout)
    assert data["interest"] == [0, 30000, 21900, 13557, 4964, 0]
    assert data["total_interest"] == 70421
    assert data["total_repaid"] == 1070421
    csv_rows = cli("run", POOL_INTEREST, "--format", "csv").stdout.splitlines()
    assert "Renter til Investeringspuljen;;0;30000;21900;13557;4964;0;70421" in csv_rows
    text = cli("run", POOL_INTEREST).stdout
    assert "Renter til Investeringspuljen" in text and "70.421" in text


def test_a_case_without_interest_has_no_interest_figures() -> None:
    loaded = load_case(str(PAY_FOR_SUCCESS))
    assert loaded.evaluation is not None
    nodes = loaded.evaluation.model.nodes
    assert not any(node[0] in ("interest", "pool_interest") for node in nodes)


def test_fixed_plan_with_interest_leaves_the_interest_owed(tmp_path: Path) -> None:
    """200.000 a year for 5 years from 2026 on 1.000.000 at 3 %.

    Interest 2026-2030: 30.000; 24.900 (on 830.000); 19.647 (on 654.900); 14.236,41 (on
    474.547); 8.663,5023 (on 288.783,41): 97.446,9123 in all. Repaying exactly the 1.000.000
    drawn leaves exactly the interest owed; BC303 says the plan repays 97.447 kr. less than
    the 1.097.447 kr. drawn with its interest.
    """
    text = POOL_INTEREST.read_text(encoding="utf-8").replace(
        "amount: 300000\n      years: until_repaid", "amount: 200000\n      years: 5"
    )
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_case(str(path))
    ev = loaded.evaluation
    assert ev is not None
    assert ev.get(("total", "interest", None)) == Fraction("97446.9123")
    assert ev.get(("pool_balance", 0, 2030)) == Fraction("97446.9123")
    [finding] = [d for d in loaded.diagnostics if d.code == "BC303"]
    assert "DKK 97,447 less than the DKK 1,097,447 drawn with its interest" in finding.message


def test_interest_with_a_share_of_savings(tmp_path: Path) -> None:
    """Half of each year's net of 400.000 (200.000) from 2026 on 1.000.000 at 3 %.

    2026: 30.000 interest, 830.000 left; 2027: 24.900, 654.900; 2028: 19.647, 474.547;
    2029: 14.236,41, 288.783,41; 2030: 8.663,5023, 97.446,9123 still owed: not repaid.
    """
    text = POOL_INTEREST.read_text(encoding="utf-8").replace(
        "amount: 300000", "share_of_savings: 0.5"
    )
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_case(str(path))
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("repayment", None)) == (0, 200000, 200000, 200000, 200000, 200000)
    assert ev.get(("pool_balance", 0, 2030)) == Fraction("97446.9123")
    assert ev.year(("pool_repaid", None)) is None
    assert [d.code for d in loaded.diagnostics] == ["BC302"]


def test_interest_rate_must_be_below_one(tmp_path: Path) -> None:
    text = POOL_INTEREST.read_text(encoding="utf-8").replace("rate: 0.03", "rate: 3")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_case(str(path))
    assert not loaded.ok
    assert [d.path for d in loaded.diagnostics] == ["funding[0].interest.rate"]


WRITE_OFF = ROOT / "docs" / "examples" / "pay_for_success_write_off.yaml"


def _by_hand_write_off() -> tuple[list[int], list[int], list[int], list[int]]:
    """The net, repayments, write-offs and balance of the write-off example, year by year,
    worked from the case's own figures with plain arithmetic (not the model)."""
    import yaml

    case = yaml.safe_load(WRITE_OFF.read_text(encoding="utf-8"))
    years = list(range(case["period"]["first"], case["period"]["last"] + 1))

    def yearly(mapping: dict[object, int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for key, value in mapping.items():
            first, _, last = str(key).partition("-")
            for y in range(int(first), int(last or first) + 1):
                out[y] = value
        return out

    costs = [yearly(c["amount"]) for c in case["costs"]]
    [saving] = case["avoided"]
    counts = yearly(saving["count"])
    net = [counts.get(y, 0) * saving["unit_cost"] - sum(c.get(y, 0) for c in costs) for y in years]
    [pool] = case["funding"]
    drawn = yearly(pool["drawn"])
    rule = pool["repayment"]
    owed, repaid, written_off, balance = 0, [], [], []
    for y, n in zip(years, net, strict=True):
        owed += drawn.get(y, 0)
        pay = 0
        if rule["first_year"] <= y <= rule["write_off"]:
            pay = min(owed, max(0, rule["share_of_savings"] * n))
        owed -= pay
        gone = owed if y == rule["write_off"] else 0
        owed -= gone
        repaid.append(pay)
        written_off.append(gone)
        balance.append(owed)
    return net, repaid, written_off, balance


def test_pay_for_success_with_a_write_off_after_seven_years() -> None:
    """Three years of 400.000 drawn (2025-2027); from 2028 half of each year's surplus, until
    the 1.200.000 is repaid; what is left after 2031 (the seventh year) is written off.

    Net 2028-2031: 400.000, 150.000, 400.000, 400.000. Repaid: 200.000 (1.000.000 left),
    75.000 (925.000), 200.000 (725.000), 200.000 (525.000); 525.000 written off in 2031, so
    nothing is owed or repaid in 2032-2033 although those years have a surplus. The pool is
    not repaid: 675.000 came back of the 1.200.000.
    """
    loaded = load_case(str(WRITE_OFF))
    assert loaded.ok and loaded.diagnostics == []
    ev = loaded.evaluation
    assert ev is not None
    net, repaid, written_off, balance = _by_hand_write_off()
    assert ev.row(("net", None)) == tuple(net)
    assert ev.row(("repayment", None)) == tuple(repaid)
    assert ev.row(("written_off", None)) == tuple(written_off)
    assert ev.row(("pool_balance", None)) == tuple(balance)
    assert ev.row(("repayment", None)) == (0, 0, 0, 200000, 75000, 200000, 200000, 0, 0)
    assert ev.get(("total", "written_off", None)) == 525000
    assert ev.get(("total", "repayment", None)) == 675000
    assert ev.year(("pool_repaid", None)) is None
    assert_agrees(ev.model, n=3)


def test_write_off_in_run_explain_and_json(cli) -> None:
    data = json.loads(cli("run", WRITE_OFF, "--format", "json", "--lang", "en").stdout)
    assert data["written_off"] == [0, 0, 0, 0, 0, 0, 525000, 0, 0]
    assert data["total_written_off"] == 525000
    assert data["pool_repaid_year"] is None
    text = cli("run", WRITE_OFF).stdout
    assert "Afskrevet af Investeringspuljen" in text
    assert "ikke tilbagebetalt; 525.000 kr. afskrevet" in text
    derivation = cli("explain", WRITE_OFF, "repayment", "2029", "--lang", "en").stdout
    assert "= min(max(1,000,000 + 0, 0), max(0, 0.5 × 150,000))" in derivation
    gone = cli("explain", WRITE_OFF, "written", "2031", "--lang", "en").stdout
    assert "= max(0, 725,000 + 0 − 200,000)" in gone


def test_floor_and_cap_hold_the_share_between_them(tmp_path: Path) -> None:
    """SOC's net 2026-2030: 300.000, 0, 300.000, 300.000, 300.000; 400.000 drawn.

    Half the surplus (150.000) with a floor of 50.000 and a cap of 120.000: 2026 120.000
    (capped; 280.000 left), 2027 a net of 0 still pays the floor 50.000 (230.000), 2028
    120.000 (110.000), 2029 only the 110.000 owed. Repaid in 2029.
    """
    ev = _load(
        tmp_path, "share_of_savings: 0.5, floor: 50000, cap: 120000, years: until_repaid"
    ).evaluation
    assert ev is not None
    assert ev.row(("repayment", None)) == (0, 120000, 50000, 120000, 110000, 0)
    assert ev.year(("pool_repaid", None)) == 2029
    assert_agrees(ev.model, n=2)


def test_last_year_stops_the_repayment(tmp_path: Path) -> None:
    """A fixed 100.000 a year from 2026, but not after 2028: 300.000 of 400.000 repaid."""
    loaded = _load(tmp_path, "amount: 100000, last_year: 2028")
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("repayment", None)) == (0, 100000, 100000, 100000, 0, 0)
    assert ev.get(("pool_balance", 0, 2030)) == 100000
    [finding] = [d for d in loaded.diagnostics if d.code == "BC302"]
    assert finding.path == "funding[0].repayment.last_year"


def test_years_and_last_year_together_is_a_located_error(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "amount: 100000, years: 3, last_year: 2028")
    assert not loaded.ok
    [error] = loaded.diagnostics
    assert "not both" in error.message and error.line == 19


def test_floor_and_cap_example() -> None:
    """docs/examples/repayment_floor_cap.yaml: 800.000 drawn in 2025; net 2026-2031: 0,
    200.000, 600.000 × 4. Half the surplus, at least 50.000 and at most 250.000 a year:
    2026 the floor 50.000 although the net is 0 (750.000 left; BC301 says the unit pays it
    from elsewhere), 2027 100.000 (650.000), 2028 and 2029 the cap 250.000 instead of
    300.000 (400.000, 150.000), 2030 the 150.000 still owed. Repaid in 2030.
    """
    loaded = load_case(str(ROOT / "docs" / "examples" / "repayment_floor_cap.yaml"))
    assert [d.code for d in loaded.diagnostics] == ["BC301"]
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("net", None)) == (-800000, 0, 200000, 600000, 600000, 600000, 600000)
    assert ev.row(("repayment", None)) == (0, 50000, 100000, 250000, 250000, 150000, 0)
    assert ev.year(("pool_repaid", None)) == 2030
    assert_agrees(ev.model, n=2)


def test_simple_interest_is_charged_on_the_principal_only() -> None:
    """1.000.000 drawn in 2025 at 3 % simple interest, 300.000 a year from 2028 until repaid.

    2026 and 2027: 30.000 a year on the 1.000.000 principal (compound would charge 30.900 in
    2027, on the 1.030.000 owed). 2028: 30.000, owed 1.090.000, 790.000 left after repaying
    300.000, which paid the 90.000 interest first: principal 790.000. 2029: 23.700 (513.700
    left); 2030: 15.411 (229.111 left).
    """
    text = POOL_INTEREST.read_text(encoding="utf-8")
    text = text.replace("interest: {rate: 0.03}", "interest: {rate: 0.03, method: simple}")
    text = text.replace("first_year: 2026", "first_year: 2028")
    ev = _load_text(text).evaluation
    assert ev is not None
    assert ev.row(("interest", None)) == (0, 30000, 30000, 30000, 23700, 15411)
    assert ev.row(("pool_balance", None)) == (
        1000000, 1030000, 1060000, 790000, 513700, 229111
    )  # fmt: skip
    assert ev.row(("pool_principal", 0)) == (1000000, 1000000, 1000000, 790000, 513700, 229111)
    assert_agrees(ev.model, n=2)
    compound = _load_text(text.replace(", method: simple", "")).evaluation
    assert compound is not None
    assert compound.row(("interest", None))[2] == 30900


def _load_text(text: str):
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return load_case(str(path))


RECYCLING = ROOT / "docs" / "examples" / "pool_recycling.yaml"


def test_recycling_returns_a_share_of_the_savings_as_its_own_row(cli) -> None:
    """600.000 drawn in 2025, repaid 200.000 a year 2026-2028; a quarter of each year's
    savings (400.000 from 2026) goes back to the pool: 100.000 a year, 500.000 in all. The
    debt is not lowered by it. The own net after funding: 0 in 2025, 400.000 − 200.000 −
    100.000 = 100.000 in 2026-2028, 300.000 in 2029-2030: 900.000, which is the net 1.400.000
    + 600.000 drawn − 600.000 repaid − 500.000 recycled.
    """
    loaded = load_case(str(RECYCLING))
    assert loaded.ok and loaded.diagnostics == []
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("recycled", None)) == (0, 100000, 100000, 100000, 100000, 100000)
    assert ev.row(("pool_balance", None)) == (600000, 400000, 200000, 0, 0, 0)
    assert ev.row(("own_net", None)) == (0, 100000, 100000, 100000, 300000, 300000)
    assert ev.get(("total", "own_net", None)) == 900000
    assert_agrees(ev.model, n=2)
    data = json.loads(cli("run", RECYCLING, "--format", "json").stdout)
    assert data["recycled"] == [0, 100000, 100000, 100000, 100000, 100000]
    assert data["total_recycled"] == 500000
    assert "Genanvendt til Investeringspuljen" in cli("run", RECYCLING).stdout
    csv_rows = cli("run", RECYCLING, "--format", "csv").stdout.splitlines()
    assert "Genanvendt til Investeringspuljen;;0;100000;100000;100000;100000;100000;500000" in (
        csv_rows
    )


TRANCHES = ROOT / "docs" / "examples" / "pool_tranches.yaml"


def test_two_tranches_from_one_pool() -> None:
    """Opstart: 500.000 in 2025, half the case's net from 2026: 175.000 (net 350.000),
    25.000 (net 50.000), 175.000, then the 125.000 left in 2029. Udvidelse: 300.000 in 2027
    at 2 %, 110.000 a year from 2029: interest 6.000 (2028), 6.120 (202.120 left after
    2029), 4.042,40 (96.162,40 left), 1.923,248 in 2031, when the last 98.085,648 is repaid.
    The case's pool rows add the tranches up; the pool is one, Investeringspuljen.
    """
    loaded = load_case(str(TRANCHES))
    assert loaded.ok and loaded.diagnostics == []
    ev = loaded.evaluation
    assert ev is not None
    assert ev.row(("pool_repaid", 0)) == (0, 175000, 25000, 175000, 125000, 0, 0)
    assert ev.row(("pool_interest", 1))[3:] == (
        6000,
        6120,
        Fraction("4042.4"),
        Fraction("1923.248"),
    )
    assert ev.row(("repayment", None)) == (
        0, 175000, 25000, 175000, 235000, 110000, Fraction("98085.648")
    )  # fmt: skip
    assert ev.year(("pool_repaid", None)) == 2031
    assert_agrees(ev.model, n=2)


def test_tranches_are_one_pool_in_run_and_in_the_portfolio(cli, tmp_path: Path) -> None:
    data = json.loads(cli("run", TRANCHES, "--format", "json").stdout)
    assert data["total_drawn"] == 800000
    assert "Træk på Investeringspuljen" in cli("run", TRANCHES).stdout
    other = tmp_path / "other.yaml"
    other.write_text(
        RECYCLING.read_text(encoding="utf-8"), encoding="utf-8"
    )  # Investeringspuljen too
    (tmp_path / "tranches.yaml").write_text(TRANCHES.read_text(encoding="utf-8"), "utf-8")
    pools = json.loads(cli("pool", tmp_path, "--format", "json").stdout)["pools"]
    [pool] = pools
    assert pool["name"] == "Investeringspuljen"
    assert [c["total_drawn"] for c in pool["cases"]] == [600000, 800000]
    assert pool["total_drawn"] == 1400000
