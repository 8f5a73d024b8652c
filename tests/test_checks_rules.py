"""The cross-field checks, branch by branch, on small cases (the reproducers cover one each)."""

from __future__ import annotations

import pytest

from businesscase.loader import load_case

HEAD = """\
format: 1
meta:
  title: Hjemmebaseret indsats
  organisation: Ishøj Kommune
  price_level: 2020
period:
  first: 2021
  last: 2027
"""
SAVINGS = """\
avoided:
  - name: Familiebehandling
    count: 5
    unit_cost: 40000
"""


def findings(tmp_path, body: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return [(d.code, d.path, d.message) for d in load_case(str(path)).diagnostics]


def test_the_base_case_is_silent(tmp_path):
    assert findings(tmp_path, SAVINGS) == []


def pool(repayment: str, drawn: str = "") -> str:
    return SAVINGS + (
        "funding:\n  - kind: pool\n    amount: 500000\n"
        + (f"    drawn: {drawn}\n" if drawn else "")
        + f"    repayment: {repayment}\n"
    )


@pytest.mark.parametrize(
    ("repayment", "drawn", "expected"),
    [
        ("{first_year: 2023, amount: 100000, years: 5}", "", []),
        ("{first_year: 2023, amount: 100000, years: until_repaid}", "", []),
        (
            "{first_year: 2025, amount: 100000, years: until_repaid}",
            "",
            [
                (
                    "BC302",
                    "funding[0].repayment.amount",
                    "the pool is not repaid within the period: DKK 200,000 is still owed "
                    "at the end of 2027",
                )
            ],
        ),
        (
            # Draws after the repayment starts: the engine repays only what is owed so far.
            "{first_year: 2021, amount: 100000, years: until_repaid}",
            "{2021: 100000, 2027: 400000}",
            [
                (
                    "BC302",
                    "funding[0].repayment.amount",
                    "the pool is not repaid within the period: DKK 300,000 is still owed "
                    "at the end of 2027",
                )
            ],
        ),
        (
            "{first_year: 2030, amount: 100000, years: 5}",
            "",
            [
                (
                    "BC302",
                    "funding[0].repayment.first_year",
                    "the repayment plan runs until 2034, after the period ends in 2027: "
                    "DKK 500,000 is still owed at the end of 2027",
                )
            ],
        ),
        (
            "{first_year: 2023, amount: 120000, years: 5}",
            "",
            [
                (
                    "BC303",
                    "funding[0].repayment",
                    "the repayment plan repays DKK 600,000 (5 × DKK 120,000), DKK 100,000 "
                    "more than the DKK 500,000 drawn",
                )
            ],
        ),
        (
            "{first_year: 2019, amount: 100000, years: 5}",
            "",
            [
                (
                    "BC305",
                    "funding[0].repayment.first_year",
                    "the repayment starts in 2019, before the period 2021-2027; repayments "
                    "are counted from 2021",
                )
            ],
        ),
        (
            "{first_year: 2023, amount: 100000, years: 5}",
            "{2020: 250000, 2021: 250000}",
            [
                (
                    "BC304",
                    "funding[0].drawn",
                    "the draws within the period add up to DKK 250,000, not the pool's "
                    "amount of DKK 500,000",
                ),
                (
                    "BC303",
                    "funding[0].repayment",
                    "the repayment plan repays DKK 500,000 (5 × DKK 100,000), DKK 250,000 "
                    "more than the DKK 250,000 drawn",
                ),
                (
                    "BC305",
                    "funding[0].drawn[2020]",
                    "the year 2020 lies outside the period 2021-2027; the value is never counted",
                ),
            ],
        ),
    ],
)
def test_pool_checks(tmp_path, repayment, drawn, expected):
    assert sorted(findings(tmp_path, pool(repayment, drawn))) == sorted(expected)


def test_a_pool_without_a_repayment_plan_is_not_reported(tmp_path):
    body = SAVINGS + "funding:\n  - kind: pool\n    amount: 500000\n"
    assert findings(tmp_path, body) == []


def test_departments_are_checked_everywhere(tmp_path):
    body = """\
departments:
  - {id: born, name: Børn}
  - {id: born, name: Børn igen}
avoided:
  - name: Familiebehandling
    department: born
    count: 5
    unit_cost: 40000
funding:
  - {kind: grant, name: Satspulje, department: stat, amount: 100000, first_year: 2021, last_year: 2022}
activities:
  - {name: Besøg, department: skole, count: 10}
stated:
  - {source: Tabel 1, department: kommune, rows: []}
"""
    assert sorted(findings(tmp_path, body)) == [
        ("BC206", "activities[0].department", "unknown department 'skole'"),
        ("BC206", "departments[1].id", "the department id 'born' is defined twice"),
        ("BC206", "funding[0].department", "unknown department 'stat'"),
        ("BC206", "stated[0].department", "unknown department 'kommune'"),
    ]


def test_reference_errors_stop_before_the_engine(tmp_path):
    body = """\
parameters:
  antal: 2
avoided:
  - name: Familiebehandling
    count: antal * ukendt
    unit_cost: -40000
"""
    # The negative unit cost (BC306) is not reported until the unknown name is fixed.
    assert findings(tmp_path, body) == [
        (
            "BC205",
            "avoided[0].count",
            "the formula 'antal * ukendt' uses 'ukendt', which is not a parameter",
        )
    ]


def test_negative_values_through_formulas_and_hours(tmp_path):
    body = """\
parameters:
  antal: 2
avoided:
  - name: Familiebehandling
    count: {2021-2022: 1 - antal, 2023-2027: 1}
    unit_cost: 40000
  - name: Støttetimer
    count: 1
    hours: {hours_per_week: 10, weeks: -40, hourly_rate: 250}
"""
    assert findings(tmp_path, body) == [
        (
            "BC306",
            "avoided[0].count.2021-2022",
            "the count must not be negative, got 1 - antal (= -1)",
        ),
        ("BC306", "avoided[1].hours.weeks", "the weeks must not be negative, got -40"),
    ]


def test_zero_unit_cost_in_a_year_and_in_hours(tmp_path):
    body = """\
avoided:
  - name: Familiebehandling
    count: 1
    unit_cost: {2021-2022: 0, 2023-2027: 40000}
  - name: Støttetimer
    count: 1
    hours: {hours_per_week: 0, weeks: 40, hourly_rate: 250}
"""
    assert [f[:2] for f in findings(tmp_path, body)] == [
        ("BC307", "avoided[0].unit_cost.2021-2022"),
        ("BC307", "avoided[1].hours"),
    ]


def test_price_index_must_be_positive(tmp_path):
    body = SAVINGS + "prices:\n  values: {2020: 100, 2021: 0}\n"
    assert findings(tmp_path, body) == [
        (
            "BC208",
            "prices.values[2021]",
            "the price index for 2021 is 0; an index must be positive",
        )
    ]


def test_grant_years_outside_the_period(tmp_path):
    body = SAVINGS + (
        "funding:\n  - {kind: grant, name: Satspulje, amount: 300000, "
        "first_year: 2026, last_year: 2028}\n"
    )
    assert findings(tmp_path, body) == [
        (
            "BC305",
            "funding[0].last_year",
            "the grant's last_year 2028 lies outside the period 2021-2027; the part spread "
            "over years outside it is never counted",
        )
    ]


def test_legal_reference_needs_the_period_to_run_past_2023(tmp_path):
    line = "    legal_ref: SEL § 11, stk. 3\n"
    body = SAVINGS.replace("    count: 5\n", line + "    count: 5\n")
    assert [f[0] for f in findings(tmp_path, body)] == ["BC308"]
    assert (
        findings(
            tmp_path,
            body.replace("    count: 5", "    current_ref: Barnets lov § 30\n    count: 5"),
        )
        == []
    )


def test_funding_and_activity_names_are_unique_too(tmp_path):
    body = SAVINGS + (
        "funding:\n  - {kind: pool, amount: 100000}\n  - {kind: pool, amount: 200000}\n"
        "activities:\n  - {name: Besøg, count: 1}\n  - {name: Besøg, count: 2}\n"
    )
    assert [f for f in findings(tmp_path, body) if f[0] == "BC207"] == [
        (
            "BC207",
            "funding[1].name",
            "the funding name 'Investeringspuljen' is also used by funding[0]",
        ),
        (
            "BC207",
            "activities[1].name",
            "the activity name 'Besøg' is also used by activities[0]",
        ),
    ]


@pytest.mark.parametrize(
    ("formula", "reason"),
    [
        (" + ".join(["antal"] * 2000), "the formula is too long (more than 200 parts)"),
        ("(" * 500 + "antal" + ")" * 500, "the formula is too long (more than 200 parts)"),
        ("(" * 30 + "antal" + ")" * 30, "the formula nests more than 20 parentheses"),
    ],
)
def test_huge_formulas_are_located_errors_not_tracebacks(tmp_path, formula, reason):
    body = (
        f"parameters:\n  antal: 2\navoided:\n  - name: A\n    count: {formula}\n    unit_cost: 1\n"
    )
    ((code, path, message),) = findings(tmp_path, body)
    assert (code, path) == ("BC103", "avoided[0].count")
    assert message.endswith(f"({reason})")


def test_a_formula_at_the_limits_is_computed(tmp_path):
    formula = "(" * 20 + " + ".join(["antal"] * 80) + ")" * 20
    body = (
        f"parameters:\n  antal: 2\navoided:\n  - name: A\n    count: {formula}\n    unit_cost: 1\n"
    )
    assert findings(tmp_path, body) == []
