"""Every check code: a reproducer file under tests/checks/ and a golden test of its exact text.

``tests/checks/BC103.yaml`` must give BC103 findings and nothing else; the text ``validate``
prints for it is ``tests/golden/checks/BC103.txt``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from businesscase.checks import current_reference
from businesscase.codes import all_checks
from businesscase.loader import load_case
from businesscase.render.diagnostics import render_text

from .conftest import ROOT

CHECKS = ROOT / "tests" / "checks"
CODES = [c.code for c in all_checks()]
SEVERITY = {c.code: c.severity for c in all_checks()}
REPRODUCERS = sorted(p.stem for p in CHECKS.glob("BC*.yaml"))
SCENARIO = {"BC506": "pessimistic"}
"""Codes that only a command-line choice of scenario reproduces (``run --scenario``)."""


def _load(code: str):
    path = CHECKS / f"{code}.yaml"
    return load_case(
        str(path), display=path.relative_to(ROOT).as_posix(), scenario=SCENARIO.get(code)
    )


POOL_RULES = sorted(p.name for p in CHECKS.glob("BC*") if (p / "rules").is_dir())
"""Codes of a pool's rules (``pool --rules``): a folder of a case and ``rules/rules.yaml``."""


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_reproducer(code: str) -> None:
    assert code in REPRODUCERS or code in POOL_RULES


@pytest.mark.parametrize("code", POOL_RULES)
def test_pool_rule_reproducer_gives_its_code_and_only_it(
    code: str, cli, golden, monkeypatch
) -> None:
    monkeypatch.chdir(ROOT)
    folder = (CHECKS / code).relative_to(ROOT)
    result = cli("pool", folder, "--rules", folder / "rules" / "rules.yaml")
    assert code in CODES, f"tests/checks/{code}/ reproduces an unregistered code"
    assert result.exit_code == 1
    found = set(re.findall(r"\[(BC\d{3})\]", result.stderr))
    assert found == {code}, result.stderr
    golden(f"checks/{code}.txt", result.stderr)


@pytest.mark.parametrize("code", REPRODUCERS)
def test_reproducer_gives_its_code_and_only_it(code: str, golden) -> None:
    assert code in CODES, f"tests/checks/{code}.yaml reproduces an unregistered code"
    diagnostics = _load(code).diagnostics
    assert diagnostics, f"{code}.yaml gives no finding"
    assert {d.code for d in diagnostics} == {code}
    assert {d.severity for d in diagnostics} == {SEVERITY[code]}
    golden(f"checks/{code}.txt", render_text(diagnostics))


@pytest.mark.parametrize("code", REPRODUCERS)
def test_exit_code_follows_severity(code: str, cli) -> None:
    if code in SCENARIO:
        pytest.skip(f"{code} needs --scenario, which validate does not take")
    path = CHECKS / f"{code}.yaml"
    plain = cli("validate", path)
    strict = cli("validate", "--strict", path)
    assert plain.exit_code == (1 if SEVERITY[code] == "error" else 0)
    assert strict.exit_code == 1
    assert f"[{code}]" in plain.stderr
    assert "Traceback" not in plain.stderr + plain.stdout


def test_every_check_documents_a_bad_and_a_good_example() -> None:
    for check in all_checks():
        assert check.summary.endswith("."), check.code
        assert "\nBad::\n" in check.doc and "\nGood::\n" in check.doc, check.code


def test_shipped_cases_are_silent() -> None:
    for path in sorted((ROOT / "cases").glob("*.yaml")):
        assert load_case(str(path)).diagnostics == [], path.name


@pytest.mark.parametrize(
    ("written", "current"),
    [
        ("SEL § 11, stk. 3", "Barnets lov § 30"),
        ("Serviceloven § 11 stk. 3", "Barnets lov § 30"),
        ("servicelovens § 11.3", "Barnets lov § 30"),
        ("SEL § 52, stk. 3, nr. 3", "Barnets lov § 32, stk. 1, nr. 5"),
        ("§ 52 stk. 3 nr. 3 i serviceloven", "Barnets lov § 32, stk. 1, nr. 5"),
        ("SEL § 11, stk. 2", "Barnets lov, kapitel 4"),
        ("SEL § 11", "Barnets lov, kapitel 4"),
        ("SEL § 52, stk. 3, nr. 7", "Barnets lov § 46"),
        ("Serviceloven § 52 a", "Barnets lov § 35"),
        ("SEL § 57a", "Barnets lov § 38"),
        ("SEL § 85", None),
        ("SEL § 11a", None),
        ("§ 11 i serviceloven", "Barnets lov, kapitel 4"),
        ("Barnets lov § 30", None),
        ("Folkeskoleloven § 11, stk. 3", None),
    ],
)
def test_current_reference(written: str, current: str | None) -> None:
    assert current_reference(written) == current


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = (CHECKS / "BC308.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "case.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_legal_reference_is_silent_with_current_ref(tmp_path: Path) -> None:
    path = _variant(
        tmp_path,
        "    count: 1.5",
        "    current_ref: Barnets lov § 32, stk. 1, nr. 5\n    count: 1.5",
    )
    assert load_case(str(path)).diagnostics == []


def test_legal_reference_is_silent_when_the_case_ends_before_2024(tmp_path: Path) -> None:
    path = _variant(tmp_path, "last: 2027", "last: 2023")
    assert load_case(str(path)).diagnostics == []
