"""`businesscase diff`: the Ishøj scenarios, identity, exit codes, formats, departments."""

from __future__ import annotations

import json
from itertools import accumulate
from pathlib import Path

import pytest

from .conftest import ISHOJ, ROOT

PESSIMISTIC = ROOT / "scenarios" / "ishoj_pessimistic.yaml"
OPTIMISTIC = ROOT / "scenarios" / "ishoj_optimistic.yaml"


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture
def in_root(monkeypatch):
    """Run from the repository root, so golden outputs name files as a user would type them."""
    monkeypatch.chdir(ROOT)


def diff_json(cli, *args: object) -> dict:
    out = cli("diff", *args, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("diff_ishoj_pessimistic.txt", []),
        ("diff_ishoj_pessimistic.json", ["--format", "json"]),
        ("diff_ishoj_pessimistic.md", ["--format", "markdown"]),
        ("diff_ishoj_optimistic_all_en.txt", ["--all", "--lang", "en"]),
    ],
)
def test_golden(cli, golden, in_root, name, args):
    other = rel(OPTIMISTIC) if "optimistic" in name else rel(PESSIMISTIC)
    out = cli("diff", rel(ISHOJ), other, *args)
    assert out.exit_code == 0, out.output
    assert out.stderr == ""
    golden(name, out.stdout)


def test_pessimistic_shows_changed_inputs_where_written(cli, in_root):
    data = diff_json(cli, rel(ISHOJ), rel(PESSIMISTIC))
    changes = {(c["name"], c["field"]): c for c in data["inputs"]}
    count = changes[("Forebyggende § 11.3-forløb", "count")]
    # the case writes the count as a share of the families it helps (a range on a parameter)
    old = {"2023-2027": "5 * familier_forebygget / 11.5"}
    assert (count["old"], count["new"]) == (old, {"2023-2027": 3})
    assert count["where_a"]["file"] == rel(ISHOJ)
    assert count["where_b"]["file"] == rel(PESSIMISTIC)
    text = PESSIMISTIC.read_text(encoding="utf-8").splitlines()
    assert "count: {2023-2027: 3}" in text[count["where_b"]["line"] - 1]
    base = ISHOJ.read_text(encoding="utf-8").splitlines()
    assert (
        "count: {2023-2027: 5 * familier_forebygget / 11.5}" in base[count["where_a"]["line"] - 1]
    )
    realloc = changes[
        ("Omlægning af støtte- og ressourcepædagogkorps eksisterende praksis", "amount")
    ]
    assert realloc["old"] == {"2021-2022": 115000, "2023-2027": 215000}
    assert realloc["new"] == 115000


def test_pessimistic_payback_and_pool_are_later_or_missing(cli, in_root):
    figures = diff_json(cli, rel(ISHOJ), rel(PESSIMISTIC))["views"][0]["figures"]
    assert figures["payback_year"]["a"] == 2027
    assert figures["payback_year"]["b"] is None
    assert figures["pool_repaid_year"]["a"] == 2027
    assert figures["pool_repaid_year"]["b"] is None
    assert figures["break_even_year"]["b"] is None
    assert figures["pool_balance_end"]["b"] > 0
    assert figures["total_net"]["delta"] < 0


def test_optimistic_pays_back_earlier(cli, in_root):
    figures = diff_json(cli, rel(ISHOJ), rel(OPTIMISTIC))["views"][0]["figures"]
    assert figures["payback_year"]["b"] < figures["payback_year"]["a"]
    assert figures["pool_repaid_year"]["b"] < figures["pool_repaid_year"]["a"]
    assert figures["total_net"]["delta"] > 0


@pytest.mark.parametrize("other", [PESSIMISTIC, OPTIMISTIC])
def test_yearly_deltas_add_up(cli, in_root, other):
    view = diff_json(cli, rel(ISHOJ), rel(other), "--all")["views"][0]
    for i in range(len(view["years"])):
        assert sum(line["delta"][i] for line in view["lines"]) == view["net"]["delta"][i]
    assert view["cumulative"]["delta"] == list(accumulate(view["net"]["delta"]))
    for key in ("net", "cumulative", "drawn", "repayment", "pool_balance"):
        row = view[key]
        assert row["delta"] == [b - a for a, b in zip(row["a"], row["b"], strict=True)]
    only_changed = diff_json(cli, rel(ISHOJ), rel(other))["views"][0]
    assert {line["name"] for line in only_changed["lines"]} == {
        line["name"] for line in view["lines"] if any(line["delta"])
    }


def test_a_case_with_itself_has_no_differences(cli):
    out = cli("diff", ISHOJ, ISHOJ, "--exit-code")
    assert out.exit_code == 0
    assert out.stdout.splitlines()[-1] == "ingen forskelle"
    out = cli("diff", ISHOJ, ISHOJ, "--lang", "en")
    assert out.stdout.splitlines()[-1] == "no differences"
    data = diff_json(cli, ISHOJ, ISHOJ)
    assert data["identical"] and not data["inputs"]


def test_exit_code_on_difference(cli):
    assert cli("diff", ISHOJ, PESSIMISTIC).exit_code == 0
    assert cli("diff", ISHOJ, PESSIMISTIC, "--exit-code").exit_code == 1


def test_same_results_from_different_inputs(cli, tmp_path):
    """A refactor that computes the same: inputs listed, --exit-code still 0."""
    scenario = tmp_path / "same.yaml"
    scenario.write_text(f"base: {ISHOJ}\nmeta:\n  title: Samme tal\n", encoding="utf-8")
    out = cli("diff", ISHOJ, scenario, "--exit-code", "--base-root", ISHOJ.parent)
    assert out.exit_code == 0, out.output
    assert "title" in out.stdout
    assert "De beregnede resultater er de samme." in out.stdout


def test_errors_in_an_input_are_located(cli, tmp_path):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(f"base: {ISHOJ}\nlines:\n  Familiebehandlng:\n    count: 1\n")
    out = cli("diff", ISHOJ, scenario, "--base-root", ISHOJ.parent)
    assert out.exit_code == 1
    assert out.stdout == ""
    assert f"{scenario}:3:3: error[BC501]" in out.stderr


def test_missing_input_is_exit_2(cli, tmp_path):
    out = cli("diff", ISHOJ, tmp_path / "nowhere.yaml")
    assert out.exit_code == 2
    assert "no such file" in out.stderr


def test_named_scenarios_with_hash(cli, tmp_path):
    text = ISHOJ.read_text(encoding="utf-8")
    text += (
        "\nscenarios:\n"
        "  pessimistisk:\n"
        "    lines:\n"
        "      Omlægning af støtte- og ressourcepædagogkorps eksisterende praksis:\n"
        "        amount: 115000\n"
    )
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    data = diff_json(cli, case, f"{case}#pessimistisk")
    (change,) = data["inputs"]
    assert change["new"] == 115000
    assert change["where_b"]["line"] == text.splitlines().index("        amount: 115000") + 1
    assert data["views"][0]["net"]["delta"] == [0, 0, *[-100000] * 5]
    out = cli("diff", case, f"{case}#pessimistic")
    assert out.exit_code == 1 and "BC506" in out.stderr


DEPARTMENTS = """\
format: 1
meta: {title: To forvaltninger, organisation: Kommunen, price_level: 2020}
period: {first: 2021, last: 2023}
departments:
  - {id: SOF, name: Socialforvaltningen}
  - {id: BUF, name: Børne- og Ungdomsforvaltningen}
costs:
  - {name: Personale SOF, department: SOF, amount: 100000}
  - {name: Personale BUF, department: BUF, amount: 50000}
reallocations:
  - {name: Omlægning SOF, department: SOF, amount: 120000}
  - {name: Omlægning BUF, department: BUF, amount: 60000}
"""


def test_departments_each_and_combined(cli, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(DEPARTMENTS, encoding="utf-8")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("base: case.yaml\nlines:\n  Omlægning BUF:\n    amount: 40000\n")
    data = diff_json(cli, case, scenario)
    views = {v["department"]: v for v in data["views"]}
    assert list(views) == [None, "SOF", "BUF"]
    assert views[None]["net"]["delta"] == [-20000] * 3
    assert views["BUF"]["net"]["delta"] == [-20000] * 3
    assert views["SOF"]["net"]["delta"] == [0] * 3
    assert not views["SOF"]["changed"]
    out = cli("diff", case, scenario)
    assert "Børne- og Ungdomsforvaltningen (BUF)" in out.stdout
    assert "Socialforvaltningen" not in out.stdout  # unchanged departments are not shown


def test_a_scenario_that_changes_nothing_has_no_differences(cli, tmp_path):
    scenario = tmp_path / "same.yaml"
    scenario.write_text(f"base: {ISHOJ}\n", encoding="utf-8")
    out = cli("diff", ISHOJ, scenario, "--exit-code", "--base-root", ISHOJ.parent)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[-1] == "ingen forskelle"


EXAMPLES = ROOT / "docs" / "examples"


def _ranged(number: str, low: str, high: str) -> str:
    """``share: 0.25`` with a range beside it, in flow style so it fits where it stands."""
    key, value = number.split(": ")
    return f"{key}: {{value: {value}, range: {{low: {low}, high: {high}}}}}"


@pytest.mark.parametrize(
    ("case", "number", "low", "high", "field"),
    [
        (EXAMPLES / "pool_recycling.yaml", "amount: 600000", "500000", "700000", "amount"),
        (
            EXAMPLES / "pool_recycling.yaml",
            "first_year: 2026, amount: 200000",
            "150000",
            "200000",
            "repayment.amount",
        ),
        (EXAMPLES / "pool_recycling.yaml", "share: 0.25", "0.1", "0.4", "recycling.share"),
        (
            EXAMPLES / "repayment_floor_cap.yaml",
            "share_of_savings: 0.5",
            "0.4",
            "0.6",
            "repayment.share_of_savings",
        ),
        (
            EXAMPLES / "repayment_floor_cap.yaml",
            "floor: 50000",
            "40000",
            "60000",
            "repayment.floor",
        ),
        (EXAMPLES / "repayment_floor_cap.yaml", "cap: 250000", "200000", "300000", "repayment.cap"),
        (EXAMPLES / "pool_interest.yaml", "rate: 0.03", "0.02", "0.05", "interest.rate"),
        (EXAMPLES / "features.yaml", "amount: 300000", "200000", "300000", "amount"),
        (
            ROOT / "cases" / "herning_tidlig_opsporing_dagpleje.yaml",
            "share: 0.5",
            "0.4",
            "0.5",
            "share",
        ),
    ],
)
def test_a_range_added_beside_a_funding_number_is_a_changed_input(
    cli, tmp_path, case, number, low, high, field
):
    """A range written beside a pool's or a grant's number is an input like the number: diff
    names it by its field, where it is written in B, and what it is."""
    text = case.read_text(encoding="utf-8")
    assert text.count(number) == 1
    if number.startswith("first_year"):  # inside the repayment's flow mapping
        written = number.replace("amount: 200000", _ranged("amount: 200000", low, high))
    else:
        written = _ranged(number, low, high)
    b = tmp_path / case.name
    b.write_text(text.replace(number, written), encoding="utf-8")
    data = diff_json(cli, case, b)
    [change] = data["inputs"]
    assert (change["section"], change["field"], change["status"]) == (
        "funding",
        f"{field}.range",
        "changed",
    )
    assert change["old"] is None
    assert (change["new"]["low"], change["new"]["high"]) == (
        json.loads(low),
        json.loads(high),
    )
    assert change["where_b"]["line"] == text[: text.index(number)].count("\n") + 1
    assert not data["results_differ"]  # run uses the written value


def test_a_changed_range_on_the_share_and_the_rate_is_shown_in_danish(cli, tmp_path):
    """pay_for_success_ranges.yaml with the share's low end 0.3 instead of 0.4 and the rate's
    0.01 instead of 0.02: two changed inputs, said as ranges, the figures unchanged."""
    case = EXAMPLES / "pay_for_success_ranges.yaml"
    text = case.read_text(encoding="utf-8")
    b = tmp_path / case.name
    b.write_text(
        text.replace("low: 0.4", "low: 0.3").replace("low: 0.02", "low: 0.01"), encoding="utf-8"
    )
    out = cli("diff", case, b)
    assert out.exit_code == 0, out.output
    assert (
        "Finansiering 'Investeringspuljen' · repayment.share_of_savings.range: "
        "0,4 til 0,8 → 0,3 til 0,8" in out.stdout
    )
    assert "Diskontering · rate.range: 0,02 til 0,05 → 0,01 til 0,05" in out.stdout
    assert "De beregnede resultater er de samme." in out.stdout
    english = cli("diff", case, b, "--lang", "en", "--format", "markdown")
    assert "repayment.share_of_savings.range: 0.4 to 0.8 → 0.3 to 0.8" in english.stdout
