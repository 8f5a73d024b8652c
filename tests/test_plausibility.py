"""Cases that pass every shape check but would compute a wrong figure (BC309-BC315).

Each test is an example of a silent wrong result that validate used to pass with exit 0; the
good variant beside it shows that the check does not fire on what is meant.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from businesscase.loader import load_case

HEAD = """format: 1
meta: {title: T, organisation: O, price_level: 2020}
period: {first: 2021, last: 2027}
"""


def codes(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return [d.code for d in load_case(str(path)).diagnostics]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("costs:\n  - {name: Pædagog, amount: -390000}\n", "BC309"),
        ("reallocations:\n  - {name: Praksis, amount: {2021: -115000}}\n", "BC309"),
        # a formula that comes out negative with the case's parameters
        ("parameters: {a: 5}\ncosts:\n  - {name: Pædagog, amount: 1 - a}\n", "BC309"),
        ("funding:\n  - {kind: pool, amount: 100, drawn: {2021: 200, 2022: -100}}\n", "BC309"),
        (
            "funding:\n  - {kind: grant, name: G, amount: 1, received: {2021: -1, 2022: 2}}\n",
            "BC309",
        ),
        (
            "avoided:\n  - {name: F, count: 1, unit_cost: 9, phase_in: {2025: 50, 2026: -1}}\n",
            "BC310",
        ),
        ("costs:\n  - {name: P, amount: 9, phase_in: 1.01}\n", "BC310"),
        ("costs:\n  - {name: K, kind: one_off, amount: 250000}\n", "BC311"),
        ("avoided:\n  - {name: K, kind: one_off, count: 1, unit_cost: 9}\n", "BC311"),
        (
            "costs:\n  - {name: P, amount: 9}\nfunding:\n"
            "  - {kind: grant, name: A, share: 1}\n  - {kind: grant, name: B, share: 1}\n",
            "BC312",
        ),
        (
            "funding:\n  - {kind: grant, name: A, amount: 300, received: {2021: 100}}\n",
            "BC313",
        ),
        (
            "funding:\n  - kind: pool\n    amount: 500\n    drawn: {2023: 500}\n"
            "    repayment: {first_year: 2021, amount: 100, years: 5}\n",
            "BC314",
        ),
        ("discounting: {base_year: 2090}\n", "BC315"),
        ("discounting: {base_year: 1990}\n", "BC315"),
    ],
)
def test_a_silent_wrong_result_is_an_error(tmp_path: Path, body: str, code: str) -> None:
    assert code in codes(tmp_path, body)


@pytest.mark.parametrize(
    "body",
    [
        "costs:\n  - {name: Pædagog, amount: 390000}\n",
        "parameters: {a: 5}\ncosts:\n  - {name: Pædagog, amount: a - 1}\n",
        "avoided:\n  - {name: F, count: 1, unit_cost: 9, phase_in: {2025: 0.5, 2026: 1}}\n",
        "costs:\n  - {name: K, kind: one_off, amount: {2021: 250000}}\n",
        "costs:\n  - {name: P, amount: 9}\nfunding:\n"
        "  - {kind: grant, name: A, share: 0.6}\n  - {kind: grant, name: B, share: 0.4}\n",
        "funding:\n  - {kind: grant, name: A, amount: 200, received: {2021: 100, 2022: 100}}\n",
        "funding:\n  - kind: pool\n    amount: 500\n    drawn: {2023: 500}\n"
        "    repayment: {first_year: 2023, amount: 100, years: 5}\n",
        # a plan that starts early but repays only what is owed is fine
        "funding:\n  - kind: pool\n    amount: 500\n    drawn: {2023: 500}\n"
        "    repayment: {first_year: 2021, amount: 100, years: until_repaid}\n",
        "discounting: {base_year: 2027}\n",
    ],
)
def test_what_is_meant_passes(tmp_path: Path, body: str) -> None:
    found = codes(tmp_path, body)
    assert not {c for c in found if "BC309" <= c <= "BC315"}, found


def test_repaying_more_than_drawn_is_left_to_bc303(tmp_path: Path) -> None:
    body = (
        "funding:\n  - kind: pool\n    amount: 500\n"
        "    repayment: {first_year: 2022, amount: 100, years: 6}\n"
    )
    found = codes(tmp_path, body)
    assert "BC303" in found and "BC314" not in found


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        ("x * 1000000000000000000000000000000", "more than 12 digits before the point"),
        ("x * 0.000000000000000000000000000001", "more than 20 decimals"),
    ],
)
def test_a_number_inside_a_formula_has_the_limits_of_a_number(tmp_path, formula, reason):
    path = tmp_path / "case.yaml"
    body = f"parameters: {{x: 2}}\navoided:\n  - {{name: F, count: {formula}, unit_cost: 1}}\n"
    path.write_text(HEAD + body, encoding="utf-8")
    (d,) = load_case(str(path)).diagnostics
    assert d.code == "BC103" and reason in d.message and (d.line, d.col) == (6, 22)
