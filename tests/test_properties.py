"""Properties of the engine over generated cases (hypothesis).

Definitions under test (see businesscase.engine): net is the sum of the lines; cumulative is
the running sum of net; the payback year is the first year from which the cumulative stays
≥ 0; the pool balance is drawn so far minus repaid so far; shown (rounded) figures add up.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.engine import evaluate
from businesscase.model import Case
from businesscase.results import round_half_up, show

FIRST = 2021

amounts = st.integers(min_value=0, max_value=5_000_000)
counts = st.decimals(min_value=0, max_value=50, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n_years = draw(st.integers(min_value=1, max_value=12))
    last = FIRST + n_years - 1
    years = list(range(FIRST, last + 1))

    def yearly(values: st.SearchStrategy) -> object:
        if draw(st.booleans()):
            return draw(values)
        chosen = draw(st.lists(st.sampled_from(years), unique=True, max_size=n_years))
        return {y: draw(values) for y in chosen}

    data: dict[str, object] = {
        "format": 1,
        "meta": {"title": "t", "organisation": "o", "price_level": 2020},
        "period": {"first": FIRST, "last": last},
        "costs": [
            {"name": f"cost {i}", "amount": yearly(amounts)} for i in range(draw(st.integers(0, 3)))
        ],
        "avoided": [
            {
                "name": f"measure {i}",
                "group": draw(st.sampled_from(["A", "B"])),
                "count": yearly(counts),
                "unit_cost": yearly(amounts),
            }
            for i in range(draw(st.integers(0, 4)))
        ],
        "reallocations": [
            {"name": f"realloc {i}", "amount": yearly(amounts)}
            for i in range(draw(st.integers(0, 2)))
        ],
    }
    if draw(st.booleans()):
        pool_amount = draw(st.integers(min_value=1, max_value=5_000_000))
        data["funding"] = [
            {
                "kind": "pool",
                "amount": pool_amount,
                "repayment": {
                    "first_year": draw(st.sampled_from(years)),
                    "amount": draw(st.integers(min_value=1, max_value=2_000_000)),
                    "years": draw(st.one_of(st.integers(1, 10), st.just("until_repaid"))),
                },
            }
        ]
    return Case.model_validate(data)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_lines_sum_to_net(case: Case) -> None:
    result = evaluate(case)
    for i in range(len(result.years)):
        assert sum((line.values[i] for line in result.lines), Fraction(0)) == result.net[i]


@settings(max_examples=150, deadline=None)
@given(cases())
def test_cumulative_is_running_sum(case: Case) -> None:
    result = evaluate(case)
    assert list(result.cumulative) == list(accumulate(result.net))


@settings(max_examples=150, deadline=None)
@given(cases())
def test_payback_definition(case: Case) -> None:
    result = evaluate(case)
    pairs = list(zip(result.years, result.cumulative, strict=True))
    if result.payback_year is None:
        assert pairs[-1][1] < 0
    else:
        assert all(c >= 0 for y, c in pairs if y >= result.payback_year)
        earlier = [c for y, c in pairs if y == result.payback_year - 1]
        assert not earlier or earlier[0] < 0
    # Break-even: the first year with net ≥ 0 once any line has an amount; the years before
    # are either before the case starts (every line zero) or have a negative net.
    started = [
        y for k, y in enumerate(result.years) if any(line.values[k] != 0 for line in result.lines)
    ]
    if result.break_even_year is not None:
        assert started and result.break_even_year >= started[0]
        assert result.net[result.years.index(result.break_even_year)] >= 0
        assert all(
            n < 0
            for y, n in zip(result.years, result.net, strict=True)
            if started[0] <= y < result.break_even_year
        )
    elif started:
        assert all(n < 0 for y, n in zip(result.years, result.net, strict=True) if y >= started[0])


@settings(max_examples=150, deadline=None)
@given(cases())
def test_pool_balance_is_drawn_minus_repaid(case: Case) -> None:
    result = evaluate(case)
    drawn = list(accumulate(result.drawn))
    repaid = list(accumulate(result.repayment))
    assert list(result.pool_balance) == [d - r for d, r in zip(drawn, repaid, strict=True)]
    if case.pool is not None:
        assert result.total_drawn == case.pool.amount
        if case.pool.repayment and case.pool.repayment.years == "until_repaid":
            assert all(b >= 0 for b in result.pool_balance)
        if result.pool_repaid_year is not None:
            assert result.pool_balance[result.years.index(result.pool_repaid_year)] <= 0


@settings(max_examples=150, deadline=None)
@given(cases())
def test_shown_table_adds_up_across_and_down(case: Case) -> None:
    shown = show(evaluate(case))
    for i in range(len(shown.years)):
        assert sum(line.values[i] for line in shown.lines) == shown.net[i]
        assert sum(group.values[i] for group in shown.groups) == shown.net[i]
    assert list(shown.cumulative) == list(accumulate(shown.net))
    for line, exact in zip(shown.lines, shown.result.lines, strict=True):
        assert all(
            abs(Fraction(s) - e) <= Fraction(1, 2)
            for s, e in zip(line.values, exact.values, strict=True)
        )


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_round_half_up(value: Decimal) -> None:
    rounded = round_half_up(value)
    assert abs(value - rounded) <= Decimal("0.5")
    if abs(value - int(value)) == Decimal("0.5"):
        assert abs(rounded) > abs(value)  # halves go away from zero


@given(st.fractions(), st.integers(min_value=0, max_value=40))
def test_round_half_up_is_exact_at_any_size(value: Fraction, exponent: int) -> None:
    big = value * 10**exponent
    n = round_half_up(big)
    assert abs(big - n) <= Fraction(1, 2)
    if abs(big - n) == Fraction(1, 2):  # a half goes away from zero
        assert abs(n) > abs(big)
    assert round_half_up(-big) == -n
