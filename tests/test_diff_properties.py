"""Properties of diff over generated cases: antisymmetry, deltas that add up, identity."""

from __future__ import annotations

from hypothesis import given, settings

from businesscase.diff import compare_inputs, diff_cases
from businesscase.model import Case

from .test_properties import cases


@settings(max_examples=80, deadline=None)
@given(cases(), cases())
def test_diff_is_antisymmetric(a: Case, b: Case) -> None:
    ab, ba = diff_cases(a, b), diff_cases(b, a)
    assert ab.results_differ == ba.results_differ
    for x, y in zip(ab.views, ba.views, strict=True):
        assert x.years == y.years
        lines_x = {line.name: line.delta for line in x.lines}
        lines_y = {line.name: tuple(-v for v in line.delta) for line in y.lines}
        assert lines_x == lines_y
        for row_x, row_y in zip(
            (x.net, x.cumulative, x.drawn, x.repayment, x.pool_balance),
            (y.net, y.cumulative, y.drawn, y.repayment, y.pool_balance),
            strict=True,
        ):
            assert row_x.delta == tuple(-v for v in row_y.delta)
        for fx, fy in zip(x.figures, y.figures, strict=True):
            assert (fx.key, fx.a, fx.b) == (fy.key, fy.b, fy.a)
            assert fx.delta == (None if fy.delta is None else -fy.delta)

    def key(change):
        return (change.section, change.name, change.field)

    reversed_ba = {key(c): c.reversed() for c in ba.inputs}
    assert {key(c): c for c in ab.inputs} == reversed_ba


@settings(max_examples=80, deadline=None)
@given(cases(), cases())
def test_line_deltas_sum_to_the_net_delta(a: Case, b: Case) -> None:
    """Each shown figure is its exact value rounded, so shown deltas add up to within the
    rounding of the figures added (half a krone each, in each case), and exactly when no
    figure has a fraction of a krone."""
    for view in diff_cases(a, b).views:
        slack = len(view.lines) + 1
        for i in range(len(view.years)):
            assert abs(sum(line.delta[i] for line in view.lines) - view.net.delta[i]) <= slack
            assert sum(line.delta[i] for line in view.lines) == sum(
                line.delta[i] for line in view.changed_lines
            )
        for i, cumulative in enumerate(view.cumulative.delta):
            assert abs(cumulative - sum(view.net.delta[: i + 1])) <= i + 2


@settings(max_examples=50, deadline=None)
@given(cases())
def test_a_case_has_no_difference_with_itself(case: Case) -> None:
    result = diff_cases(case, case)
    assert result.identical
    assert compare_inputs(case, case) == ()
    assert all(not any(line.delta) for view in result.views for line in view.lines)
