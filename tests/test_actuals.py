"""Actuals: plan against what happened, and the rest re-projected from it.

The Ishøj follow-up (docs/examples/followup/ishoj_2022.yaml) gives actuals for 2021-2022; every
expected figure here is computed from the case's own numbers (its plan, read off the case file)
and the follow-up's, never copied from the output.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from businesscase.calc.exact import followed_up
from businesscase.fmt import round_half_up
from businesscase.formula import Formula
from businesscase.loader import load_case
from businesscase.model import YearlyValue

from .conftest import ROOT

FOLLOWUP = ROOT / "docs" / "examples" / "followup" / "ishoj_2022.yaml"
CASE = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"
YEARS = range(2021, 2028)

PAEDAGOG = "Støtte- og ressourcepædagogkorps"
RAADGIVNING = "Åben anonym rådgivning i Familieværkstedet"
OMLAEGNING = "Omlægning af støtte- og ressourcepædagogkorps eksisterende praksis"


def _plan() -> dict[str, dict[int, Fraction]]:
    """Each line of the Ishøj case per year, signed, from the case file's own numbers (a
    count written as a formula over a parameter evaluated at the parameter's value)."""
    case = load_case(str(CASE)).case
    assert case is not None
    params = {
        name: Fraction(p.value)
        for name, p in case.parameters.items()
        if not isinstance(p.value, Formula)
    }

    def per_year(value: YearlyValue | None) -> dict[int, Fraction]:
        assert value is not None
        out = {}
        for y in YEARS:
            v = value.at(y)
            out[y] = v.evaluate(params) if isinstance(v, Formula) else Fraction(v)
        return out

    plan: dict[str, dict[int, Fraction]] = {}
    for cost in case.costs:
        plan[cost.name] = {y: -v for y, v in per_year(cost.amount).items()}
    for line in case.avoided:
        count, price = per_year(line.count), per_year(line.unit_cost)
        plan[line.name] = {y: count[y] * price[y] for y in YEARS}
    for moved in case.reallocations:
        plan[moved.name] = per_year(moved.amount)
    return plan


@pytest.fixture(scope="module")
def loaded():
    found = load_case(str(FOLLOWUP.relative_to(ROOT)), base_root=str(ROOT))
    assert found.ok, found.diagnostics
    return found


def test_followup_reads_the_case_it_follows_and_its_actuals(loaded) -> None:
    assert loaded.diagnostics == []
    assert [Path(p).resolve() for p in loaded.sources] == [FOLLOWUP, CASE]
    assert loaded.case.meta.title.startswith("Implementering af en Hjemmebaseret Indsats")
    assert loaded.case.stated, "the followed case keeps its ledger"
    assert loaded.case.actuals is not None and loaded.case.actuals.as_of == 2022


def test_deviation_is_actual_minus_plan_per_line_and_year(loaded) -> None:
    ev = loaded.evaluation
    plan = _plan()
    unit_cost = Fraction(5000)  # the case's unit cost of Åben anonym rådgivning
    actual = {
        PAEDAGOG: {2021: Fraction(-350000), 2022: Fraction(-390000)},
        RAADGIVNING: {2021: 3 * unit_cost, 2022: 4 * unit_cost},
        OMLAEGNING: {2021: Fraction(115000), 2022: Fraction(115000)},
    }
    for name, years in actual.items():
        for y, value in years.items():
            assert ev[("line", name, y)] == plan[name][y]  # the plan is unchanged
            assert ev[("actual", name, y)] == value
            assert ev[("deviation", name, y)] == value - plan[name][y]
    # 2021: 40.000 less spent on the pædagog, 2 of 5 consultations fewer (10.000 less saved)
    assert ev[("deviation", PAEDAGOG, 2021)] == 40000
    assert ev[("deviation", RAADGIVNING, 2021)] == -10000
    assert ev[("deviation_to_date", RAADGIVNING)] == -15000


def test_scaled_reprojection_and_the_repayment(loaded) -> None:
    ev = loaded.evaluation
    plan = _plan()
    # the realised effect of the saving: 7 of the 10 planned consultations
    effect = Fraction(3 + 4, 5 + 5)
    assert ev[("effect", RAADGIVNING)] == effect
    assert ("effect", PAEDAGOG) not in ev.values  # a cost is not scaled
    actuals = {
        (PAEDAGOG, 2021): Fraction(-350000),
        (PAEDAGOG, 2022): Fraction(-390000),
        (RAADGIVNING, 2021): Fraction(15000),
        (RAADGIVNING, 2022): Fraction(20000),
        (OMLAEGNING, 2021): Fraction(115000),
        (OMLAEGNING, 2022): Fraction(115000),
    }
    out = followed_up(ev)
    for y in YEARS:
        net = Fraction(0)
        for name, values in plan.items():
            if (name, y) in actuals:
                value = actuals[(name, y)]
            elif name == RAADGIVNING:
                value = values[y] * effect
            else:
                value = values[y]
            assert out[("line", name, y)] == value
            net += value
        assert out[("net", None, y)] == net
        assert ev[("outlook", "net", None, y)] == net
    # the plan: -250.000 in 2021-2022, 100.000 a year from 2023, the pool repaid by it
    assert [ev[("net", None, y)] for y in YEARS] == [-250000] * 2 + [100000] * 5
    # re-projected: 2023 on, the consultations save 0,7 × 25.000 = 17.500, not 25.000
    assert [out[("net", None, y)] for y in YEARS] == [-220000, -255000] + [92500] * 5
    # the fixed schedule repays 100.000 a year as agreed; the net no longer covers it
    repaid = [out[("repayment", None, y)] for y in YEARS]
    assert repaid == [0, 0] + [100000] * 5
    own = [out[("net", None, y)] + out[("drawn", None, y)] - repaid[k] for k, y in enumerate(YEARS)]
    assert [out[("own_net", None, y)] for y in YEARS] == own == [30000, -5000] + [-7500] * 5
    assert out[("pool_repaid", None)] == ev[("pool_repaid", None)] == 2027


def test_a_case_without_actuals_has_no_followup_nodes() -> None:
    plain = load_case(str(CASE))
    assert plain.evaluation is not None
    assert plain.evaluation.model.followup is None
    kinds = {node[0] for node in plain.evaluation.model.nodes}
    assert not kinds & {"actual", "deviation", "effect", "outlook"}


def test_followed_case_outside_the_folder_tree_is_refused(tmp_path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "case.yaml").write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    followup = inner / "f.yaml"
    followup.write_text(
        "follows: ../case.yaml\nactuals:\n  lines: {}\n",
        encoding="utf-8",
    )
    found = load_case(str(followup))
    assert [d.code for d in found.diagnostics] == ["BC507"]
    assert found.diagnostics[0].line == 1


def test_unknown_key_in_a_followup_file(tmp_path) -> None:
    (tmp_path / "case.yaml").write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    followup = tmp_path / "f.yaml"
    followup.write_text(
        "follows: case.yaml\nactual:\n  lines: {}\n",
        encoding="utf-8",
    )
    found = load_case(str(followup))
    assert sorted(d.code for d in found.diagnostics) == ["BC201", "BC202"]


def test_an_error_in_the_followups_actuals_points_into_the_followup(tmp_path) -> None:
    (tmp_path / "case.yaml").write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    followup = tmp_path / "f.yaml"
    followup.write_text(
        "follows: case.yaml\nactuals:\n  lines:\n    Pædagog: {amount: {2021: 1}}\n",
        encoding="utf-8",
    )
    found = load_case(str(followup))
    assert [(d.code, d.file, d.line) for d in found.diagnostics] == [("BC720", str(followup), 4)]


# --- What the commands show -----------------------------------------------------------------


def _json(out) -> dict:
    import json

    assert out.exit_code == 0, out.stdout + out.stderr
    return json.loads(out.stdout)


def test_run_json_carries_plan_actual_deviation_and_the_reprojection(cli, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    data = _json(cli("run", FOLLOWUP.relative_to(ROOT), "--format", "json"))
    plan = _plan()
    followup = data["followup"]
    assert followup["as_of"] == 2022 and followup["reproject"] == "scaled"
    assert followup["remaining_years"] == [2023, 2024, 2025, 2026, 2027]
    by_name = {line["name"]: line for line in followup["lines"]}
    assert list(by_name) == [PAEDAGOG, RAADGIVNING, OMLAEGNING]  # the case's line order
    line = by_name[RAADGIVNING]
    assert line["plan"] == [int(plan[RAADGIVNING][y]) for y in (2021, 2022)]
    assert line["actual"] == [3 * 5000, 4 * 5000]
    assert line["deviation"] == [a - p for a, p in zip(line["actual"], line["plan"], strict=True)]
    assert line["effect_exact"] == "7/10"
    assert "effect" not in by_name[PAEDAGOG]
    # the plan's table is unchanged, the re-projection is beside it
    assert data["net"] == [-250000, -250000] + [100000] * 5
    assert followup["reprojected"]["net"] == [-220000, -255000] + [92500] * 5
    assert followup["reprojected"]["repayment"] == data["repayment"]


def test_run_text_and_markdown_state_the_rule(cli, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    text = cli("run", FOLLOWUP.relative_to(ROOT), "--lang", "en")
    assert text.exit_code == 0
    assert "Follow-up: plan and actual up to 2022" in text.stdout
    assert "each saving × what it realised of its plan" in text.stdout
    assert f"({RAADGIVNING} 70 %)" in text.stdout
    md = cli("run", FOLLOWUP.relative_to(ROOT), "--format", "markdown")
    assert "### Opfølgning: plan og faktiske tal til og med 2022" in md.stdout
    assert "### Fremskrevet fra de faktiske tal" in md.stdout


def test_reproject_by_plan_keeps_the_plan_after_as_of(tmp_path) -> None:
    (tmp_path / "case.yaml").write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "f.yaml").write_text(
        f"follows: case.yaml\nactuals:\n  lines:\n    {RAADGIVNING}: {{count: {{2021: 1}}}}\n",
        encoding="utf-8",
    )
    found = load_case(str(tmp_path / "f.yaml"))
    assert found.ok, found.diagnostics
    ev = found.evaluation
    assert ev.model.followup.as_of == 2021  # the last year with an actual
    assert ev.model.followup.rule == "plan"
    out = followed_up(ev)
    plan = _plan()
    assert out[("line", RAADGIVNING, 2021)] == 5000
    for y in range(2022, 2028):
        assert out[("line", RAADGIVNING, y)] == plan[RAADGIVNING][y]
    assert out[("net", None, 2021)] == ev[("net", None, 2021)] - 20000


def test_diff_of_plan_against_the_followup(cli, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(ROOT)
    data = _json(
        cli("diff", CASE.relative_to(ROOT), FOLLOWUP.relative_to(ROOT), "--format", "json")
    )
    loaded = load_case(str(FOLLOWUP.relative_to(ROOT)))
    ev = loaded.evaluation
    plan = [ev[("net", None, y)] for y in YEARS]
    reprojected = [ev[("outlook", "net", None, y)] for y in YEARS]
    assert data["inputs"] == []  # the same plan: only the figures differ
    view = data["views"][0]
    assert view["net"]["a"] == plan and view["net"]["b"] == reprojected
    assert view["net"]["delta"] == [30000, -5000] + [-7500] * 5
    assert view["figures"]["total_net"] == {"a": 0, "b": -12500, "delta": -12500}
    assert data["b"]["title"].endswith("fulgt op til og med 2022")
    lines = {line["name"]: line for line in view["lines"]}
    assert lines[RAADGIVNING]["delta"] == [-10000, -5000] + [-7500] * 5
    # the same comparison with the case's own actuals: diff CASE CASE --actuals
    case_with = tmp_path / "case.yaml"
    text = CASE.read_text(encoding="utf-8")
    followup = FOLLOWUP.read_text(encoding="utf-8").split("actuals:", 1)[1]
    case_with.write_text(text + "\nactuals:" + followup, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    same = _json(cli("diff", "case.yaml", "case.yaml", "--actuals", "--format", "json"))
    assert same["views"][0]["net"] == view["net"]


def test_diff_actuals_needs_actuals(cli, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    out = cli("diff", CASE.relative_to(ROOT), CASE.relative_to(ROOT), "--actuals")
    assert out.exit_code == 2
    assert "has no actuals" in out.stderr or "ingen faktiske tal" in out.stderr


def test_pool_says_which_followed_cases_are_behind_their_schedule(cli, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    folder = FOLLOWUP.parent.relative_to(ROOT)
    data = _json(
        cli(
            "pool",
            folder,
            "docs/examples/pay_for_success.yaml",
            "cases/ishoj_hjemmebaseret.yaml",
            "--format",
            "json",
        )
    )
    cases = {c["file"]: c for p in data["pools"] for c in p["cases"]}
    # a follow-up stands for the case it follows: neither case is counted twice
    assert sorted(cases) == sorted(str(p.relative_to(ROOT)) for p in folder_files(folder))
    ishoj = cases[str(FOLLOWUP.relative_to(ROOT))]["schedule"]
    assert ishoj["behind_schedule"] is False
    assert ishoj["repaid_reprojected"] == ishoj["repaid_plan"]
    assert ishoj["net_to_date_actual"] - ishoj["net_to_date_plan"] == 25000
    pfs = cases["docs/examples/followup/pay_for_success_2027.yaml"]["schedule"]
    # 3 of 5 placements avoided: from 2028 the savings are 60 % of the plan's, and the pool
    # is repaid 0,6 of the net (the case's share), never more than is owed
    share, effect = Fraction(6, 10), Fraction(3, 5)
    nets = [4 * 150000 * effect - 150000, -150000] + [4 * 150000 * effect - 150000] * 3
    owed, repaid = Fraction(900000), []
    for net in nets:
        paid = min(max(owed, 0), max(Fraction(0), share * net))
        repaid.append(paid)
        owed -= paid
    assert pfs["repaid_reprojected"] == [0, 0, 0, *map(int, repaid)]
    assert pfs["owed_at_end_reprojected"] == owed == 396000
    assert pfs["owed_at_end_plan"] == 0 and pfs["repaid_year_plan"] == 2032
    assert pfs["repaid_year_reprojected"] is None
    assert pfs["behind_schedule"] is True
    pool = next(p for p in data["pools"] if p["organisation"] == "Eksempel Kommune")
    assert pool["behind_schedule"] == ["docs/examples/followup/pay_for_success_2027.yaml"]


def folder_files(folder: Path) -> list[Path]:
    return sorted((ROOT / folder).glob("*.yaml"))


def test_explain_actuals_derives_the_reprojected_figure(cli, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    out = cli("explain", FOLLOWUP.relative_to(ROOT), RAADGIVNING, "2023", "--actuals")
    assert out.exit_code == 0, out.stderr
    assert "fremskrevet, 2023: 17.500" in out.stdout
    assert "= 25.000 × 0,7" in out.stdout
    assert "= 35.000 / 50.000" in out.stdout
    # the case's numbers are located in the case, the actuals in the follow-up
    row = next(
        i
        for i, line in enumerate(CASE.read_text("utf-8").splitlines(), 1)
        if line.endswith("unit_cost: 5000")
    )
    assert f"cases/ishoj_hjemmebaseret.yaml:{row}:16" in out.stdout
    plain = cli("explain", FOLLOWUP.relative_to(ROOT), RAADGIVNING, "2023")
    assert "fremskrevet" not in plain.stdout


def test_the_workbook_holds_the_reprojection_as_formulas(cli, monkeypatch, tmp_path) -> None:
    import openpyxl

    monkeypatch.chdir(ROOT)
    out = tmp_path / "f.xlsx"
    result = cli("run", FOLLOWUP.relative_to(ROOT), "--format", "xlsx", "--output", out)
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(out)["Beregning"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r[0]}
    effect = rows[f"Realiseret andel af planen: {RAADGIVNING}"][0]
    assert effect.startswith("=(") and "/" in effect  # actual so far / planned so far
    net = rows["Fremskrevet: Netto"]
    assert all(isinstance(cell, str) and cell.startswith("=SUM(") for cell in net[:7])


def test_a_followup_cannot_follow_a_followup(tmp_path) -> None:
    (tmp_path / "case.yaml").write_text(CASE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.yaml").write_text("follows: case.yaml\nactuals: {lines: {}}\n", "utf-8")
    (tmp_path / "b.yaml").write_text("follows: a.yaml\nactuals: {lines: {}}\n", "utf-8")
    assert load_case(str(tmp_path / "a.yaml")).ok
    found = load_case(str(tmp_path / "b.yaml"))
    assert [(d.code, d.line) for d in found.diagnostics] == [("BC508", 1)]


def test_csv_carries_the_followup_blocks(cli, monkeypatch) -> None:
    import csv
    import io

    monkeypatch.chdir(ROOT)
    out = cli("run", FOLLOWUP.relative_to(ROOT), "--format", "csv", "--csv-dialect", "en")
    assert out.exit_code == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    start = rows.index(["Opfølgning: plan og faktiske tal til og med 2022"])
    assert rows[start + 1][2:] == ["2021", "2022", "I alt"]
    found = {(r[0], r[1]): r[2:] for r in rows[start + 2 : start + 11]}
    assert found[(RAADGIVNING, "afvigelse")] == ["-10000", "-5000", "-15000"]
    assert found[(PAEDAGOG, "faktisk")] == ["-350000", "-390000", "-740000"]
    net = next(r for r in rows[start:] if r and r[0] == "Samlet varig ændring")
    assert net[2:] == ["-220000", "-255000"] + ["92500"] * 5 + ["-12500"]


def test_a_written_off_pool_repaying_less_is_behind_its_schedule(cli, tmp_path) -> None:
    """The pool's own rule re-projects the repayment: half of each surplus from 2028, what
    is not repaid by 2031 written off (docs/examples/pay_for_success_write_off.yaml)."""
    import json

    case = ROOT / "docs" / "examples" / "pay_for_success_write_off.yaml"
    (tmp_path / "case.yaml").write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "f.yaml").write_text(
        "follows: case.yaml\nactuals:\n  as_of: 2027\n  reproject: scaled\n  lines:\n"
        "    Anbringelse: {count: {2026: 1, 2027: 1}}\n",
        encoding="utf-8",
    )
    found = load_case(str(tmp_path / "f.yaml"))
    assert found.ok, found.diagnostics
    out = followed_up(found.evaluation)
    effect = Fraction(1 + 1, 1 + 2)  # placements avoided in 2026-2027, of those planned
    counts = {2028: 2, 2029: 1, 2030: 2, 2031: 2}  # the case's plan
    owed, repaid = Fraction(1200000), {}
    for y, count in counts.items():
        net = count * 250000 * effect - 100000
        repaid[y] = min(owed, max(Fraction(0), net / 2))
        owed -= repaid[y]
    for y, value in repaid.items():
        assert out[("repayment", None, y)] == value
    assert sum(repaid.values()) == Fraction(1150000, 3)  # 383.333,33 instead of the plan's
    assert out[("total", "repayment", None)] < found.evaluation[("total", "repayment", None)]
    assert owed == Fraction(2450000, 3)  # written off in 2031
    result = cli("pool", tmp_path / "f.yaml", "--format", "json")
    data = json.loads(result.stdout)
    schedule = data["pools"][0]["cases"][0]["schedule"]
    assert schedule["owed_at_end_reprojected"] == schedule["owed_at_end_plan"] == 0
    assert sum(schedule["repaid_reprojected"]) < sum(schedule["repaid_plan"])
    assert schedule["behind_schedule"] is True


def test_a_case_drawing_tranches_is_followed_up_over_all_of_them(cli, tmp_path) -> None:
    import json

    case = ROOT / "docs" / "examples" / "pool_tranches.yaml"
    (tmp_path / "case.yaml").write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "f.yaml").write_text(
        "follows: case.yaml\nactuals:\n  as_of: 2027\n  reproject: scaled\n  lines:\n"
        "    Anbringelse: {count: {2026: 0.5, 2027: 0.5}}\n",
        encoding="utf-8",
    )
    found = load_case(str(tmp_path / "f.yaml"))
    # the plan avoids no placement in 2025: no actual is missing for it (BC728)
    assert found.ok and found.diagnostics == []
    ev, out = found.evaluation, followed_up(found.evaluation)
    data = json.loads(cli("pool", tmp_path / "f.yaml", "--format", "json").stdout)
    schedule = data["pools"][0]["cases"][0]["schedule"]
    years = ev.model.years
    assert schedule["repaid_plan"] == [round_half_up(ev[("repayment", None, y)]) for y in years]
    assert schedule["repaid_reprojected"] == [
        round_half_up(out[("repayment", None, y)]) for y in years
    ]
    owed = round_half_up(out[("pool_balance", None, years[-1])])
    assert schedule["owed_at_end_reprojected"] == owed
    assert schedule["owed_at_end_reprojected"] > 0 == schedule["owed_at_end_plan"]
    assert schedule["behind_schedule"] is True
