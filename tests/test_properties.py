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

from businesscase.model import Case
from businesscase.results import compute, round_half_up, show

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
    result = compute(case)
    for i in range(len(result.years)):
        assert sum((line.values[i] for line in result.lines), Fraction(0)) == result.net[i]


@settings(max_examples=150, deadline=None)
@given(cases())
def test_cumulative_is_running_sum(case: Case) -> None:
    result = compute(case)
    assert list(result.cumulative) == list(accumulate(result.net))


@settings(max_examples=150, deadline=None)
@given(cases())
def test_payback_definition(case: Case) -> None:
    """Key figures are read off the rows as shown (whole kroner), from the first year in
    which any shown line is not 0, so that a key figure never contradicts a row."""
    shown = show(compute(case))
    result = shown.result
    years = list(shown.years)
    started = [y for k, y in enumerate(years) if any(line.values[k] != 0 for line in shown.lines)]
    assert result.start_year == (started[0] if started else None)
    cumulative = dict(zip(years, shown.cumulative, strict=True))
    net = dict(zip(years, shown.net, strict=True))
    if result.payback_year is None:
        assert not started or cumulative[years[-1]] < 0
    else:
        assert started and result.payback_year >= started[0]
        assert all(c >= 0 for y, c in cumulative.items() if y >= result.payback_year)
        before = result.payback_year - 1
        assert before < started[0] or cumulative[before] < 0
        assert result.payback_period == result.payback_year - started[0] + 1
    if result.break_even_year is not None:
        assert started and result.break_even_year >= started[0]
        assert net[result.break_even_year] >= 0
        assert all(net[y] < 0 for y in years if started[0] <= y < result.break_even_year)
    elif started:
        assert all(net[y] < 0 for y in years if y >= started[0])


@settings(max_examples=150, deadline=None)
@given(cases())
def test_pool_balance_is_drawn_minus_repaid(case: Case) -> None:
    result = compute(case)
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
def test_each_shown_figure_is_its_exact_value_rounded(case: Case) -> None:
    """Cells, totals and running figures are each rounded from their exact value; where the
    shown cells do not add up, the table carries a rounding note for exactly that place."""
    shown = show(compute(case))
    exact = shown.result
    assert list(shown.net) == [round_half_up(v) for v in exact.net]
    assert list(shown.cumulative) == [round_half_up(v) for v in accumulate(exact.net)]
    assert shown.total_net == round_half_up(sum(exact.net, Fraction(0)))
    for line, e in zip(shown.lines, exact.lines, strict=True):
        assert list(line.values) == [round_half_up(v) for v in e.values]
        assert line.total == round_half_up(sum(e.values, Fraction(0)))
    notes = {(n.row, n.year) for n in shown.rounding}
    for i, year in enumerate(shown.years):
        adds_up = sum(group.values[i] for group in shown.groups) == shown.net[i]
        assert adds_up == (("net", year) not in notes)
    for group in shown.groups:
        assert (sum(group.values) == group.total) == ((group.name, None) not in notes)
    assert (sum(shown.net) == shown.total_net) == (("net", None) not in notes)


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
