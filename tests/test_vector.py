"""The vectorised interpreter agrees with the exact one on every node.

At the written values, every node of every shipped case (cases/, scenarios/, docs/examples/,
their named scenarios) and of generated cases is within 0,01 kr. of its exact value, and a
year is "not reached" (NaN) exactly where the exact interpreter says ``None``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from businesscase.calc import exact, vector
from businesscase.calc.expr import Const, FirstYear, Input, Op, Spread
from businesscase.calc.model import Model, build
from businesscase.loader import load_case
from businesscase.model import Case

from .test_properties import cases

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(
    str(p.relative_to(ROOT))
    for pattern in ("cases/*.yaml", "scenarios/*.yaml", "docs/examples/**/*.yaml")
    for p in ROOT.glob(pattern)
)
TOLERANCE = 0.01


def _loaded_models() -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for name in SHIPPED:
        out.append((name, None))
        import yaml

        data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("scenarios"), dict):
            out.extend((name, s) for s in data["scenarios"])
    return out


def assert_agrees(model: Model, n: int = 1) -> float:
    """Every node of ``model`` agrees; returns the largest difference in kroner.

    Twice: as written (every node a single value), and with every input drawn at its written
    value (every node that uses an input compiled into operations on arrays of draws).
    """
    worst = _agrees(model, n, drawn=False)
    return max(worst, _agrees(model, n, drawn=True))


def _agrees(model: Model, n: int, drawn: bool) -> float:
    ev = exact.evaluate(model)
    draws = (
        {k: np.full(n, float(info.value)) for k, info in model.inputs.items()} if drawn else None
    )
    vec = vector.evaluate(model, draws, n=n)
    if draws:  # the compiled program makes the interpreter's operations, to the last bit
        values: dict[tuple[object, ...], np.ndarray] = {}
        interp = vector._Interpreter(draws, values)
        for node_id, node in model.nodes.items():
            values[node_id] = interp.ev(node.expr)
            assert np.array_equal(
                np.broadcast_to(values[node_id], (n,)), vec[node_id], equal_nan=True
            ), node_id
    assert vec.keys() == ev.values.keys()
    worst = 0.0
    for node, value in ev.values.items():
        got = vec[node]
        assert got.shape == (n,), node
        if node in ev.errors:
            continue  # no exact value to agree with
        if value is None:
            assert np.isnan(got).all(), (node, got)
            continue
        assert not np.isnan(got).any(), (node, value)
        diff = float(np.max(np.abs(got - float(value))))
        assert diff <= TOLERANCE, (node, value, got)
        worst = max(worst, diff)
    return worst


@pytest.mark.parametrize(("name", "scenario"), _loaded_models())
def test_shipped_case_agrees_at_written_values(name: str, scenario: str | None) -> None:
    loaded = load_case(str(ROOT / name), scenario=scenario)
    if not loaded.ok:
        pytest.skip(f"{name} is an example of an invalid case")
    assert loaded.case is not None
    assert_agrees(build(loaded.case), n=3)
    assert_agrees(build(loaded.case, npv=True))


def test_the_shipped_cases_are_all_checked() -> None:
    valid = [n for n, _ in _loaded_models() if load_case(str(ROOT / n)).ok]
    assert "cases/ishoj_hjemmebaseret.yaml" in valid
    assert len(valid) >= 10


@settings(max_examples=150, deadline=None)
@given(cases())
def test_generated_case_agrees(case: Case) -> None:
    assert_agrees(build(case))


def test_ishoj_key_figures_and_a_draw() -> None:
    """The Ishøj application's payback in 2027, and a draw that moves it (Table 3)."""
    loaded = load_case(str(ROOT / "cases/ishoj_hjemmebaseret.yaml"))
    assert loaded.case is not None
    model = build(loaded.case)
    ev = exact.evaluate(model)
    vec = vector.evaluate(model)
    assert vec[("payback", None)][0] == ev[("payback", None)] == 2027
    counts = [k for k in model.inputs if k[-1] == "count" or "count" in k]
    assert counts
    key = counts[0]
    written = float(model.inputs[key].value)
    draws = {key: np.array([written, written * 100, 0.0])}
    moved = vector.evaluate(model, draws, n=3)
    for i, v in enumerate(draws[key]):
        fixed = exact.evaluate(model, {key: exact_number(v)})
        for node in (("net", None, 2025), ("total", "net", None), ("payback", None)):
            want = fixed[node]
            got = moved[node][i]
            if want is None:
                assert math.isnan(got)
            else:
                assert abs(got - float(want)) <= TOLERANCE, (node, v)


def exact_number(v: float) -> int:
    assert v == int(v)
    return int(v)


def _model(
    nodes: dict[tuple[object, ...], object], inputs: dict[tuple[str | int, ...], int]
) -> Model:
    from businesscase.calc.model import InputInfo, Node

    return Model(
        years=(2020, 2021, 2022),
        scopes=(None,),
        nodes={k: Node(v) for k, v in nodes.items()},  # type: ignore[arg-type]
        inputs={k: InputInfo(v, "x", None) for k, v in inputs.items()},
        lines=(),
        funding=(),
        activities=(),
        price_year=2020,
        price_level=2020,
        restated=False,
        npv_base_year=None,
        npv_rates=(),
    )


@pytest.mark.parametrize("total", [3_250_700, -3_250_700, 7, -7, 0])
def test_spread_matches_in_whole_kroner(total: int) -> None:
    nodes = {("s", k): Spread(Input(("t",)), 3, k) for k in range(3)}
    model = _model(nodes, {("t",): total})  # type: ignore[arg-type]
    assert_agrees(model)
    draws = {("t",): np.array([float(total), total + 0.5])}
    got = vector.evaluate(model, draws, n=2)
    assert sum(got[("s", k)][0] for k in range(3)) == total
    assert got[("s", 0)][1] == pytest.approx((total + 0.5) / 3)


@pytest.mark.parametrize(
    ("series", "test", "want"),
    [
        ((-1, -0.5, 0.4), "nonneg", 2022),  # -0,5 shows as -1
        ((-1, -0.4, 0.4), "nonneg", 2021),  # -0,4 shows as 0
        ((0.4, 0, 0), "nonzero", None),
        ((0.4, 0.5, 0), "nonzero", 2021),
        ((3, 0.49, 9), "nonpos", 2021),
        ((1, -1, 1), "stays_nonneg", 2022),
        ((1, 1, -1), "stays_nonneg", None),
    ],
)
def test_year_tests_on_values_as_shown(
    series: tuple[float, ...], test: str, want: int | None
) -> None:
    from fractions import Fraction

    inputs = {("v", i): Fraction(str(x)) for i, x in enumerate(series)}
    nodes = {
        ("first",): FirstYear(
            (2020, 2021, 2022), tuple(Op("*", (Input(("v", i)), Const(1))) for i in range(3)), test
        )  # type: ignore[arg-type]
    }
    model = _model(nodes, inputs)  # type: ignore[arg-type]
    assert exact.evaluate(model)[("first",)] == want
    got = vector.evaluate(model)[("first",)][0]
    assert (math.isnan(got) and want is None) or got == want
