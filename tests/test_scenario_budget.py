"""Named scenarios are weighed by the size of their case (BC510).

Each named scenario is validated as a whole case, so twenty scenarios of a case near the
reader's value limit were twenty-one validations of a large case: about ten seconds. The
case's values, counted once per named scenario, may now come to at most
``MAX_SCENARIO_VALUES``; the scenarios of a case of ordinary size are checked as before.
"""

from __future__ import annotations

import re
from pathlib import Path

from businesscase.diagnostics import Diagnostic
from businesscase.loader import MAX_SCENARIO_VALUES, load_case

ISHOJ = Path(__file__).resolve().parent.parent / "cases" / "ishoj_hjemmebaseret.yaml"


def _case(tmp_path: Path, extra_lines: int, scenarios: int, *, bad: bool = False) -> Path:
    text = ISHOJ.read_text("utf-8")
    extra = "".join(f"  - name: Udgift {i}\n    amount: {1000 + i}\n" for i in range(extra_lines))
    named = "".join(
        f"  s{i}: {{parameters: {{forloeb_pr_aar: {i + 1}}}{', ukendt: 1' if bad else ''}}}\n"
        for i in range(scenarios)
    )
    path = tmp_path / "case.yaml"
    path.write_text(text.replace("costs:\n", "costs:\n" + extra, 1) + "\nscenarios:\n" + named)
    return path


def _scenario_findings(found: list[Diagnostic]) -> set[str]:
    """The named scenarios a finding is about (``in scenario 's3': ...``, in either language)."""
    return {m.group(1) for d in found if (m := re.search(r"'(s\d+)'", d.message))}


def _codes(path: Path) -> list[str]:
    return [d.code for d in load_case(str(path)).diagnostics if d.is_error]


def test_twenty_scenarios_of_a_large_case_are_refused_before_they_are_checked(
    tmp_path: Path,
) -> None:
    path = _case(tmp_path, extra_lines=700, scenarios=20, bad=True)
    loaded = load_case(str(path))
    refusals = [d for d in loaded.diagnostics if d.code == "BC510"]
    assert len(refusals) == 1
    values = len(loaded.doc.values)
    assert f" {values} " in refusals[0].message
    assert f" {values * 20} " in refusals[0].message
    # the scenarios (each one bad) were not checked: no finding names a scenario
    assert not _scenario_findings(loaded.diagnostics)


def test_the_same_scenarios_of_a_case_of_ordinary_size_are_checked(tmp_path: Path) -> None:
    path = _case(tmp_path, extra_lines=0, scenarios=20, bad=True)
    loaded = load_case(str(path))
    assert "BC510" not in _codes(path)
    assert _scenario_findings(loaded.diagnostics) == {f"s{i}" for i in range(20)}


def test_the_budget_counts_the_case_once_per_scenario(tmp_path: Path) -> None:
    path = _case(tmp_path, extra_lines=700, scenarios=2)
    assert "BC510" not in _codes(path)
    values = len(load_case(str(path)).doc.values)
    assert values * 2 <= MAX_SCENARIO_VALUES < values * 20
