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
from businesscase.loader import load_case
from businesscase.yamlio import read

from .conftest import ROOT

FOLLOWUP = ROOT / "docs" / "examples" / "followup" / "ishoj_2022.yaml"
CASE = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"
YEARS = range(2021, 2028)

PAEDAGOG = "Støtte- og ressourcepædagogkorps"
RAADGIVNING = "Åben anonym rådgivning i Familieværkstedet"
OMLAEGNING = "Omlægning af støtte- og ressourcepædagogkorps eksisterende praksis"


def _plan() -> dict[str, dict[int, Fraction]]:
    """Each line of the Ishøj case per year, signed, from the case file's own numbers."""
    doc, errors = read(str(CASE))
    assert errors == []
    data = doc.data

    def per_year(value: object) -> dict[int, Fraction]:
        if isinstance(value, dict):
            out = dict.fromkeys(YEARS, Fraction(0))
            for key, v in value.items():
                lo, _, hi = str(key).partition("-")
                for y in range(int(lo), int(hi or lo) + 1):
                    out[y] = Fraction(str(v))
            return out
        return dict.fromkeys(YEARS, Fraction(str(value)))

    plan: dict[str, dict[int, Fraction]] = {}
    for line in data["costs"]:
        plan[line["name"]] = {y: -v for y, v in per_year(line["amount"]).items()}
    for line in data["avoided"]:
        count, price = per_year(line["count"]), per_year(line["unit_cost"])
        plan[line["name"]] = {y: count[y] * price[y] for y in YEARS}
    for line in data["reallocations"]:
        plan[line["name"]] = per_year(line["amount"])
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
