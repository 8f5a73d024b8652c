"""Scenarios: overrides by name, located errors (BC501-BC506), chains, named scenarios."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from businesscase.loader import load_case
from businesscase.results import compute

BASE = """\
format: 1
meta:
  title: Basis
  organisation: Kommunen
  price_level: 2020
period:
  first: 2021
  last: 2025
parameters:
  familier: 30
  andel:
    value: 0.2
    assumption: skønnet
costs:
  - name: Medarbejder
    amount: 100000
avoided:
  - name: Familiebehandling
    count: familier * andel
    unit_cost: 40000
  - name: Støttetimer
    count: {2023-2025: 1}
    hours: {hours_per_week: 10, weeks: 40, hourly_rate: 250}
reallocations:
  - name: Omlægning
    amount: {2021-2022: 10000, 2023-2025: 20000}
funding:
  - kind: pool
    amount: 200000
    repayment: {first_year: 2023, amount: 100000, years: until_repaid}
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def position(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.fixture
def base(tmp_path: Path) -> str:
    return write(tmp_path, "base.yaml", BASE)


def scenario(tmp_path: Path, text: str, name: str = "scenario.yaml") -> str:
    return write(tmp_path, name, text)


def test_overrides_by_name(tmp_path: Path, base: str) -> None:
    path = scenario(
        tmp_path,
        """\
base: base.yaml
meta:
  title: Pessimistisk
parameters:
  andel: 0.1
lines:
  Omlægning:
    amount: 10000
  Støttetimer:
    hours: {weeks: 20}
funding:
  Investeringspuljen:
    repayment: {amount: 25000}
""",
    )
    loaded = load_case(path)
    assert loaded.ok, loaded.diagnostics
    case = loaded.case
    assert case is not None
    assert case.meta.title == "Pessimistisk"
    assert case.meta.organisation == "Kommunen"  # merged field by field
    assert case.parameters["andel"].value == Decimal("0.1")
    assert case.parameters["andel"].assumption == "skønnet"  # only the value changed
    assert case.reallocations[0].amount.constant == 10000  # a yearly value is replaced whole
    hours = case.avoided[1].hours
    assert hours is not None and hours.weeks == 20 and hours.hours_per_week == 10
    repayment = case.funding[0].repayment  # type: ignore[union-attr]
    assert repayment.amount == 25000 and repayment.first_year == 2023
    assert repayment.years == "until_repaid"
    result = compute(case)
    assert result.lines[1].values[0] == 30 * Decimal("0.1") * 40000


def test_null_removes_a_field_and_stated_is_dropped(tmp_path: Path) -> None:
    write(
        tmp_path,
        "base.yaml",
        BASE + "stated:\n  - source: Tabel 1\n    rows:\n      - row: net\n        values: 1\n",
    )
    path = scenario(
        tmp_path,
        """\
base: base.yaml
lines:
  Støttetimer:
    hours: null
    unit_cost: 100000
""",
    )
    loaded = load_case(path)
    assert loaded.ok, loaded.diagnostics
    assert loaded.case is not None and loaded.case.stated == []
    assert loaded.case.avoided[1].hours is None


def test_scenario_identical_to_base_computes_the_same(tmp_path: Path, base: str) -> None:
    path = scenario(tmp_path, "base: base.yaml\n")
    a, b = load_case(base), load_case(path)
    assert a.case is not None and b.case is not None
    assert compute(a.case) == compute(b.case)


@pytest.mark.parametrize(
    ("text", "code", "needle", "message"),
    [
        (
            "base: base.yaml\nparameters:\n  andl: 0.3\n",
            "BC501",
            "andl",
            "the base has no parameter named 'andl'",
        ),
        (
            "base: base.yaml\nlines:\n  Familiebehandlng:\n    count: 1\n",
            "BC501",
            "Familiebehandlng",
            "the base has no line named 'Familiebehandlng'",
        ),
        (
            "base: base.yaml\nfunding:\n  Puljen:\n    amount: 1\n",
            "BC501",
            "Puljen",
            "the base has no funding named 'Puljen'",
        ),
        ("base: nowhere.yaml\n", "BC502", "nowhere.yaml", "the base case 'nowhere.yaml'"),
        ("base: base.yaml\ncosts: []\n", "BC504", "costs", "cannot override 'costs'"),
        ("base: base.yaml\nstated: []\n", "BC504", "stated", "cannot override 'stated'"),
        ("base: base.yaml\nlines:\n  - Omlægning\n", "BC505", "- Omlægning", "expected a mapping"),
        ("base: 12\n", "BC505", "12", "expected the path of the base case"),
    ],
)
def test_override_errors_are_located(
    tmp_path: Path, base: str, text: str, code: str, needle: str, message: str
) -> None:
    path = scenario(tmp_path, text)
    loaded = load_case(path)
    assert not loaded.ok
    found = [d for d in loaded.diagnostics if d.code == code]
    assert len(found) == 1, loaded.diagnostics
    d = found[0]
    assert d.file == path
    assert (d.line, d.col) == position(text, needle)
    assert message in d.message
    assert d.hint


def test_unknown_name_suggests_the_closest(tmp_path: Path, base: str) -> None:
    path = scenario(tmp_path, "base: base.yaml\nlines:\n  Familiebehandlng:\n    count: 1\n")
    (d,) = load_case(path).diagnostics
    assert d.hint == "did you mean 'Familiebehandling'?"


def test_values_are_located_where_they_are_written(tmp_path: Path, base: str) -> None:
    text = "base: base.yaml\nlines:\n  Omlægning:\n    amount: 40.000\n  Medarbejder:\n    amount: 40 kr\n"
    path = scenario(tmp_path, text)
    diags = load_case(path).diagnostics
    assert {(d.code, d.file, d.line, d.col) for d in diags} == {
        ("BC103", path, *position(text, "40.000")),
        ("BC103", path, *position(text, "40 kr")),
    }
    assert {d.path for d in diags} == {"reallocations[0].amount", "costs[0].amount"}


def test_inherited_errors_point_into_the_base(tmp_path: Path) -> None:
    bad = BASE.replace("unit_cost: 40000", "unit_cost: 40 kr")
    base = write(tmp_path, "base.yaml", bad)
    path = scenario(tmp_path, "base: base.yaml\nmeta: {title: Anden}\n")
    (d,) = load_case(path).diagnostics
    assert (d.code, d.file, d.line) == ("BC103", base, position(bad, "40 kr")[0])


def test_strict_reading_applies_to_scenarios(tmp_path: Path, base: str) -> None:
    text = "base: base.yaml\nparameters:\n  andel: 0.1\n  andel: 0.2\n"
    path = scenario(tmp_path, text)
    codes = [d.code for d in load_case(path).diagnostics]
    assert "BC102" in codes


def test_chains_of_scenarios(tmp_path: Path, base: str) -> None:
    scenario(tmp_path, "base: base.yaml\nparameters: {andel: 0.1}\n", "a.yaml")
    path = scenario(tmp_path, "base: a.yaml\nmeta: {title: B}\n", "sub/b.yaml")
    (tmp_path / "sub" / "b.yaml").write_text("base: ../a.yaml\nmeta: {title: B}\n")
    # a base above the case's own folder is read only when that tree is allowed
    assert [d.code for d in load_case(path).diagnostics] == ["BC507"]
    loaded = load_case(path, base_root=str(tmp_path))
    assert loaded.ok, loaded.diagnostics
    assert loaded.case is not None
    assert loaded.case.parameters["andel"].value == Decimal("0.1")
    assert loaded.case.meta.title == "B"


def test_cycles_are_refused(tmp_path: Path) -> None:
    a = scenario(tmp_path, "base: b.yaml\n", "a.yaml")
    scenario(tmp_path, "base: a.yaml\n", "b.yaml")
    diags = load_case(a).diagnostics
    assert [d.code for d in diags] == ["BC503"]
    assert diags[0].file.endswith("b.yaml") and (diags[0].line, diags[0].col) == (1, 7)
    assert re.search(r"a\.yaml → \S*b\.yaml → \S*a\.yaml$", diags[0].message)


def test_self_base_is_a_cycle(tmp_path: Path) -> None:
    a = scenario(tmp_path, "base: a.yaml\n", "a.yaml")
    assert [d.code for d in load_case(a).diagnostics] == ["BC503"]


NAMED = (
    BASE
    + """\
scenarios:
  pessimistisk:
    parameters: {andel: 0.1}
  optimistisk:
    parameters: {andel: 0.3}
"""
)


def test_named_scenarios(tmp_path: Path) -> None:
    path = write(tmp_path, "case.yaml", NAMED)
    plain = load_case(path)
    assert plain.ok and plain.case is not None
    assert plain.case.parameters["andel"].value == Decimal("0.2")
    chosen = load_case(path, scenario="optimistisk")
    assert chosen.ok and chosen.case is not None
    assert chosen.case.parameters["andel"].value == Decimal("0.3")


def test_unknown_named_scenario(tmp_path: Path) -> None:
    path = write(tmp_path, "case.yaml", NAMED)
    (d,) = load_case(path, scenario="pessimistic").diagnostics
    assert d.code == "BC506" and (d.line, d.col) == position(NAMED, "scenarios:")
    assert d.hint == "did you mean 'pessimistisk'?"


def test_loading_a_case_validates_its_named_scenarios(tmp_path: Path) -> None:
    text = NAMED.replace("{andel: 0.3}", "{andl: 0.3}")
    path = write(tmp_path, "case.yaml", text)
    (d,) = load_case(path).diagnostics
    assert d.code == "BC501" and (d.line, d.col) == position(text, "andl: 0.3")
    assert d.message.startswith("in scenario 'optimistisk': ")


def test_scenario_of_a_scenario_file_is_refused(tmp_path: Path, base: str) -> None:
    path = scenario(tmp_path, "base: base.yaml\n")
    assert [d.code for d in load_case(path, scenario="x").diagnostics] == ["BC506"]


def test_codes_are_registered_with_examples() -> None:
    import businesscase.scenario  # noqa: F401  (registers the codes)
    from businesscase.codes import all_checks

    mine = {c.code: c for c in all_checks() if c.code.startswith("BC5")}
    assert sorted(mine) == [f"BC5{n:02}" for n in range(1, 11)]
    for c in mine.values():
        assert "Bad::" in c.doc and "Good::" in c.doc and c.summary


def test_validate_takes_a_scenario(tmp_path: Path, cli) -> None:
    text = NAMED.replace("{andel: 0.3}", "{andel: 0.3}\n    lines: {Medarbejder: {amount: 40 kr}}")
    path = write(tmp_path, "case.yaml", text)
    out = cli("validate", path, "--scenario", "pessimistisk")
    assert out.exit_code == 0, out.stderr
    out = cli("validate", path, "--scenario", "optimistisk")
    assert out.exit_code == 1
    assert f"{path}:{position(text, '40 kr')[0]}:" in out.stderr and "BC103" in out.stderr
    out = cli("validate", path)
    assert out.exit_code == 1 and "in scenario 'optimistisk'" in out.stderr


EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples" / "scenarios"


def test_documented_examples() -> None:
    base = load_case(str(EXAMPLES / "base.yaml"))
    assert base.ok and base.diagnostics == []
    late = load_case(str(EXAMPLES / "late.yaml"))
    assert late.ok and late.case is not None
    assert late.case.parameters["andel"].value == Decimal("0.3")
    repayment = late.case.funding[0].repayment  # type: ignore[union-attr]
    assert (repayment.first_year, repayment.amount, repayment.years) == (
        2027,
        100000,
        "until_repaid",
    )
    assert {d.code for d in late.diagnostics} <= {"BC301", "BC302"}
    assert all(d.file.endswith("base.yaml") for d in late.diagnostics)  # the inherited amount
    for name, andel in (("pessimistisk", "0.3"), ("optimistisk", "0.45")):
        chosen = load_case(str(EXAMPLES / "base.yaml"), scenario=name)
        assert chosen.case is not None and not any(d.is_error for d in chosen.diagnostics)
        assert chosen.case.parameters["andel"].value == Decimal(andel)


def test_unknown_scenario_of_a_scenario_file_points_at_it(tmp_path: Path, base: str) -> None:
    path = scenario(tmp_path, "base: base.yaml\n")
    (d,) = load_case(path, scenario="x").diagnostics
    assert (d.code, d.file) == ("BC506", path)
    assert d.hint == "a scenario file has no named scenarios; name the file itself"


def test_run_takes_a_scenario(cli) -> None:
    base = cli("run", EXAMPLES / "base.yaml", "--format", "json")
    chosen = cli("run", EXAMPLES / "base.yaml", "--scenario", "optimistisk", "--format", "json")
    assert base.exit_code == chosen.exit_code == 0
    net_base = json.loads(base.stdout)["net"]
    net_chosen = json.loads(chosen.stdout)["net"]
    # andel 0.35 → 0.45 adds 30 × 0.10 × 40.000 a year; 3 instead of 2 reliefs from 2026
    assert [b - a for a, b in zip(net_base, net_chosen, strict=True)] == [120000] + [240000] * 4
    wrong = cli("run", EXAMPLES / "base.yaml", "--scenario", "optimistic")
    assert wrong.exit_code == 1 and "BC506" in wrong.stderr


def test_a_stray_null_key_is_not_swallowed(tmp_path: Path, base: str) -> None:
    text = "base: base.yaml\nmeta: {title: Basis, pessimistisk}\n"
    path = scenario(tmp_path, text)
    (d,) = load_case(path).diagnostics
    assert (d.code, d.file, d.line, d.col) == ("BC201", path, *position(text, "pessimistisk"))


def test_a_base_may_be_a_named_scenario(tmp_path: Path) -> None:
    write(tmp_path, "case.yaml", NAMED)
    path = scenario(tmp_path, "base: case.yaml#optimistisk\nmeta: {title: Sen}\n")
    loaded = load_case(path)
    assert loaded.ok and loaded.case is not None, loaded.diagnostics
    assert loaded.case.parameters["andel"].value == Decimal("0.3")
    assert loaded.case.meta.title == "Sen"
    text = "base: case.yaml#optimistic\n"
    path = scenario(tmp_path, text, "wrong.yaml")
    (d,) = load_case(path).diagnostics
    assert (d.code, d.file, d.line, d.col) == ("BC506", path, 1, 7)
    assert d.hint == "did you mean 'optimistisk'?"


SHIPPED = Path(__file__).resolve().parent.parent / "scenarios"


def test_shipped_scenarios() -> None:
    """The pessimistic variant warns as it should; the optimistic one is silent."""
    pessimistic = load_case(str(SHIPPED / "ishoj_pessimistic.yaml"))
    assert pessimistic.ok
    codes = sorted(d.code for d in pessimistic.diagnostics)
    assert codes == ["BC301", "BC302"]  # one BC301 naming all five years
    assert all(d.file.endswith("ishoj_pessimistic.yaml") for d in pessimistic.diagnostics)
    optimistic = load_case(str(SHIPPED / "ishoj_optimistic.yaml"))
    assert optimistic.ok and optimistic.diagnostics == []
    results = {}
    for name, loaded in (("pessimistic", pessimistic), ("optimistic", optimistic)):
        assert loaded.case is not None
        r = compute(loaded.case)
        results[name] = (r.break_even_year, r.payback_year, r.pool_repaid_year)
    assert results == {"pessimistic": (None, None, None), "optimistic": (2023, 2025, 2025)}


@pytest.mark.parametrize(
    ("text", "code", "needle"),
    [
        # a finding about a whole mapping the scenario changed points at the scenario's mapping
        ("base: base.yaml\nperiod: {last: 2020}\n", "BC203", "{last: 2020}"),
        # a missing key: at the scenario's mapping, not at a line of the base
        ("base: base.yaml\nlines:\n  Støttetimer:\n    hours: {weeks: null}\n", "BC202", "{weeks"),
        (
            "base: base.yaml\nlines:\n  Familiebehandling:\n    hours: {hours_per_week: 1, weeks: 1, hourly_rate: 1}\n",
            "BC203",
            "hours: {hours_per_week",
        ),
    ],
)
def test_findings_on_merged_mappings_point_at_the_override(
    tmp_path: Path, base: str, text: str, code: str, needle: str
) -> None:
    path = scenario(tmp_path, text)
    (d,) = load_case(path).diagnostics
    assert (d.code, d.file, d.line, d.col) == (code, path, *position(text, needle))


ADD = """\
base: base.yaml
add:
  costs:
    - name: Ekstra medarbejder
      amount: {2023-2025: 50000}
  avoided:
    - name: Anbringelse
      count: {2024-2025: 0.5}
      unit_cost: 400000
lines:
  Ekstra medarbejder:
    note: halv tid
"""


def test_add_appends_new_entries(tmp_path: Path, base: str) -> None:
    path = scenario(tmp_path, ADD)
    loaded = load_case(path)
    assert loaded.ok and loaded.case is not None, loaded.diagnostics
    case = loaded.case
    assert [c.name for c in case.costs] == ["Medarbejder", "Ekstra medarbejder"]
    assert case.costs[1].note == "halv tid"  # 'lines' may name what 'add' adds
    assert case.avoided[-1].name == "Anbringelse"
    bad = ADD.replace("unit_cost: 400000", "unit_cost: 400.000")
    path = scenario(tmp_path, bad, "bad.yaml")
    (d,) = load_case(path).diagnostics
    assert (d.code, d.file, d.path) == ("BC103", path, "avoided[2].unit_cost")
    assert (d.line, d.col) == position(bad, "400.000")


@pytest.mark.parametrize(
    ("text", "code", "needle"),
    [
        ("base: base.yaml\nadd:\n  stated: []\n", "BC504", "stated"),
        ("base: base.yaml\nadd:\n  costs: {name: x}\n", "BC505", "{name: x}"),
        ("base: base.yaml\nadd: [x]\n", "BC505", "[x]"),
        (
            "base: base.yaml\nadd:\n  costs:\n    - name: Medarbejder\n      amount: 1\n",
            "BC207",
            "Medarbejder",
        ),
    ],
)
def test_add_errors_are_located(
    tmp_path: Path, base: str, text: str, code: str, needle: str
) -> None:
    path = scenario(tmp_path, text)
    found = [d for d in load_case(path).diagnostics if d.code == code]
    assert found, load_case(path).diagnostics
    assert (found[0].file, found[0].line) == (path, position(text, needle)[0])


def test_documented_add_example() -> None:
    loaded = load_case(str(EXAMPLES / "extra.yaml"))
    assert loaded.ok and loaded.case is not None
    assert [c.name for c in loaded.case.costs][-1] == "Ekstra familiekonsulent"
    assert loaded.case.avoided[-1].name == "Anbringelse i familiepleje"


def test_a_base_that_is_a_named_pipe_is_refused_not_waited_for(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: pipe.yaml\nparameters: {}\n", encoding="utf-8")
    loaded = load_case(str(scenario))
    assert [d.code for d in loaded.diagnostics] == ["BC502"]
    assert "not a regular file" in loaded.diagnostics[0].message
