"""simulate and sensitivity: one engine, analytic percentiles, exact switching values.

The figures at stake are the model's own nodes (and the shortfall of calc/stakes.py); the
simulation evaluates them with the vectorised interpreter, sensitivity with the exact one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from businesscase.calc import exact, montecarlo, vector
from businesscase.calc.model import build
from businesscase.calc.stakes import break_even_share, with_stakes
from businesscase.commands.sensitivity import sensitivity_report
from businesscase.commands.simulate import simulation_report
from businesscase.fmt import round_half_up
from businesscase.loader import load_case
from businesscase.model import Case
from businesscase.render.diagnostics import render_text

from .test_vector import ROOT, SHIPPED
from .test_years import UK, _with_range

ISHOJ = ROOT / "docs" / "examples" / "ishoj_ranges.yaml"


@dataclass(frozen=True)
class _Collapsed:
    """A range of one value: every input of the case drawn, at its written value."""

    low: Fraction | int
    high: Fraction | int
    mode: None = None
    kind: str = "uniform"


def _case(x_range: dict[str, Any], **extra: Any) -> Case:
    """One year, whose net is the parameter x."""
    data: dict[str, Any] = {
        "format": 1,
        "meta": {"title": "t", "organisation": "o", "price_level": 2020},
        "period": {"first": 2021, "last": 2021},
        "parameters": {"x": {"value": 50, "range": x_range}},
        "reallocations": [{"name": "r", "amount": "x"}],
    }
    data.update(extra)
    return Case.model_validate(data)


@pytest.mark.parametrize("name", SHIPPED)
def test_collapsed_ranges_give_the_run_figures(name: str) -> None:
    """One engine: with every input of the case drawn from a range of one value (its written
    value), every draw is the case, and every percentile, mean and year is ``run``'s figure."""
    loaded = load_case(str(ROOT / name))
    if not loaded.ok:
        pytest.skip("an example of an invalid case")
    assert loaded.case is not None and loaded.evaluation is not None
    model, stakes = with_stakes(build(loaded.case))
    collapsed = {key: _Collapsed(info.value, info.value) for key, info in model.inputs.items()}
    model = replace(model, ranges=collapsed)  # type: ignore[arg-type]
    amounts = {"total_net": stakes.total_net, "shortfall": stakes.shortfall}
    amounts |= {f"net {k}": node for k, node in enumerate(stakes.net)}
    amounts |= {f"cumulative {k}": node for k, node in enumerate(stakes.cumulative)}
    years = {"payback": stakes.payback, "pool_repaid": stakes.pool_repaid}
    n = 7
    sim = montecarlo.simulate(model, amounts, years, n, 1, (0.1, 0.5, 0.9))
    ev = exact.evaluate(model)
    shown = loaded.evaluation
    for figure, node in amounts.items():
        want = shown[node] if node in shown.values else ev[node]
        assert want is not None, figure
        for got in (*sim.quantiles[figure], sim.means[figure]):
            assert abs(got - float(want)) <= 0.01, figure
            assert round_half_up(Fraction(got)) == round_half_up(Fraction(want)), figure
    for figure, node in years.items():
        assert sim.years[figure] == {ev[node]: n}, figure
    assert ev[("total", "net", None)] == shown[("total", "net", None)]
    assert ev[("payback", None)] == shown[("payback", None)]


def _all_draws(model: Any, node: Any, n: int, seed: int) -> np.ndarray:
    """Every draw of a node, kept (what the simulation does not do), in the same order."""
    program = vector.Program(model, list(model.ranges), [node])
    parts = [
        np.broadcast_to(v[0], (m,))
        for m, v in montecarlo._passes(model, list(model.ranges), program, n, seed)
    ]
    return np.concatenate(parts)


@pytest.mark.parametrize(
    ("chunk", "window", "budget", "narrow"),
    [
        (1 << 16, 6, 1 << 18, 1 << 15),  # every draw in the first chunk
        (1 << 12, 6, 1 << 18, 1 << 15),  # percentiles found in the first pass's windows
        (1 << 12, 6, 1 << 18, 1 << 8),  # windows narrowed as the draws come
        (1 << 12, 0, 1 << 18, 1 << 8),  # windows too narrow: two more passes
        (1 << 12, 6, 1 << 6, 1 << 15),  # windows too full: two more passes
    ],
)
@pytest.mark.parametrize(
    "x_range",
    [
        {"low": 0, "high": 100},
        {"low": -100, "mode": 20, "high": 100, "shape": "pert"},
    ],
)
def test_percentiles_are_numpys_over_every_draw(
    monkeypatch: pytest.MonkeyPatch,
    chunk: int,
    window: int,
    budget: int,
    narrow: int,
    x_range: Any,
) -> None:
    """The percentiles found without keeping the draws are exactly ``numpy.quantile`` over
    all of them; a figure with many equal draws (a shortfall of 0) included."""
    monkeypatch.setattr(montecarlo, "CHUNK", chunk)
    monkeypatch.setattr(montecarlo, "STEP", min(chunk, 1024))
    monkeypatch.setattr(montecarlo, "WINDOW", window)
    monkeypatch.setattr(montecarlo, "BUDGET", budget)
    monkeypatch.setattr(montecarlo, "NARROW", narrow)
    model, stakes = with_stakes(build(_pool_case(x_range)))
    n = 30_011
    amounts = {"net": stakes.net[1], "shortfall": stakes.shortfall, "total": stakes.total_net}
    qs = (0.1, 0.5, 0.9, 0.0, 1.0, 0.25)
    sim = montecarlo.simulate(model, amounts, {}, n, 3, qs)
    for figure, node in amounts.items():
        every = _all_draws(model, node, n, 3)
        assert sim.quantiles[figure] == tuple(float(x) for x in np.quantile(every, qs)), figure
        assert sim.means[figure] == pytest.approx(float(np.mean(every)), rel=1e-12, abs=1e-9)
    shortfall = _all_draws(model, stakes.shortfall, n, 3)
    assert np.count_nonzero(shortfall == 0) > n // 10  # the many equal draws are there


def test_uniform_percentiles() -> None:
    report = simulation_report(_case({"low": 0, "high": 100}), 200_000, seed=7)
    q = report["summaries"]["total_net"]
    assert q["p10"] == pytest.approx(10, abs=0.5)
    assert q["p50"] == pytest.approx(50, abs=0.5)
    assert q["p90"] == pytest.approx(90, abs=0.5)


def test_triangular_percentiles() -> None:
    """Triangular on 0..100 with mode 25: F(x) = x²/2500 below the mode, else
    1 - (100 - x)²/7500."""
    report = simulation_report(_case({"low": 0, "mode": 25, "high": 100}), 200_000, seed=7)
    q = report["summaries"]["total_net"]
    assert q["p10"] == pytest.approx(math.sqrt(250), abs=0.5)
    assert q["p50"] == pytest.approx(100 - math.sqrt(3750), abs=0.5)
    assert q["p90"] == pytest.approx(100 - math.sqrt(750), abs=0.5)


def test_pert_mean() -> None:
    """A PERT range's mean is (low + 4 mode + high) / 6."""
    report = simulation_report(
        _case({"low": 0, "mode": 25, "high": 100, "shape": "pert"}), 200_000, seed=3
    )
    assert report["summaries"]["total_net"]["mean"] == pytest.approx(200 / 6, abs=0.3)


def _pool_case(x_range: Any = None) -> Case:
    """A pool of 100 repaid with 50 in 2022, whose net that year is x, uniform on 0..100:
    the savings cover the repayment when x shows as 50 or more, i.e. x > 49,5."""
    x_range = x_range or {"low": 0, "high": 100}
    return Case.model_validate(
        {
            "format": 1,
            "meta": {"title": "t", "organisation": "o", "price_level": 2020},
            "period": {"first": 2021, "last": 2022},
            "parameters": {"x": {"value": 50, "range": x_range}},
            "reallocations": [{"name": "r", "amount": {2022: "x"}}],
            "funding": [
                {
                    "kind": "pool",
                    "amount": 100,
                    "drawn": {2021: 100},
                    "repayment": {"first_year": 2022, "amount": 50, "years": 1},
                }
            ],
        }
    )


def test_probability_of_no_shortfall_with_its_standard_error() -> None:
    report = simulation_report(_pool_case(), 100_000, seed=11)
    p = report["probabilities"]["no_shortfall"]
    assert p["se"] == pytest.approx(math.sqrt(p["p"] * (1 - p["p"]) / 100_000))
    assert abs(p["p"] - 0.505) < 4 * p["se"]


def test_same_seed_same_output(cli) -> None:
    args = ("simulate", ISHOJ, "--draws", "20000", "--seed", "5")
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    assert "5" in first.output and "±" in first.output
    other = cli("simulate", ISHOJ, "--draws", "20000", "--seed", "6")
    assert other.output != first.output


def test_simulate_json_and_csv(cli) -> None:
    result = cli("simulate", ISHOJ, "--draws", "1000", "--seed", "1", "--format", "json")
    data = json.loads(result.output)
    assert data["seed"] == 1 and data["draws"] == 1000
    assert [i["name"] for i in data["inputs"]] == ["familier_forebygget", "boern_stoettetimer"]
    assert sum(p["share"] for p in data["payback_years"]) == pytest.approx(1)
    csv_out = cli("simulate", ISHOJ, "--draws", "1000", "--seed", "1", "--format", "csv")
    assert csv_out.output.startswith("figure,year,")


def test_ishoj_example_reproduces_the_case_at_written_values() -> None:
    ranged = load_case(str(ISHOJ))
    plain = load_case(str(ROOT / "cases" / "ishoj_hjemmebaseret.yaml"))
    assert ranged.ok and ranged.evaluation is not None and plain.evaluation is not None
    assert not [d for d in ranged.diagnostics if d.code.startswith("BC4")]
    for key in ("net", "cumulative", "repayment"):
        assert ranged.evaluation.row((key, None)) == plain.evaluation.row((key, None))


def test_ishoj_switching_value_is_where_the_shortfall_appears() -> None:
    """The Ishøj case has no margin: at the written 11,5 families the net of 2023-2027 is
    exactly the repayment, so the switching value is just below 11,5 and is exact."""
    loaded = load_case(str(ISHOJ))
    assert loaded.case is not None
    report = sensitivity_report(loaded.case)
    families = next(i for i in report["inputs"] if i["name"] == "familier_forebygget")
    down = families["switch_down"]
    assert 11.499 < down["last_holding"] < down["value"] + 1e-3 < 11.5 + 1e-3
    model, stakes = with_stakes(build(loaded.case))
    key = ("parameters", "familier_forebygget")

    def shortfall(v: float) -> Fraction:
        ev = exact.evaluate(model, {key: Fraction(v)})
        return Fraction(ev[stakes.shortfall] or 0)

    assert shortfall(down["last_holding"]) < Fraction(1, 2) <= shortfall(down["value"])
    assert families["switch_up"] == {"holds": pytest.approx(families["switch_up"]["holds"])}
    assert families["at_low"]["total_net"] < 0 < families["at_high"]["total_net"]
    effects = [i["effect"] for i in report["inputs"]]
    assert effects == sorted(effects, reverse=True)
    # 0,75 to 1,5 grants of 100.000 kr. over 5 years moves the total by 375.000 kr.
    assert report["inputs"][0]["name"] == "boern_stoettetimer"
    assert report["inputs"][0]["effect"] == 375_000
    assert report["break_even_share"] == 1.0  # total net is exactly 0 at the written values


def test_break_even_share_scales_the_avoided_measures() -> None:
    """A cost of 100 a year against 10 avoided measures of 20: half of them break even."""
    case = Case.model_validate(
        {
            "format": 1,
            "meta": {"title": "t", "organisation": "o", "price_level": 2020},
            "period": {"first": 2021, "last": 2023},
            "costs": [{"name": "c", "amount": 100}],
            "avoided": [{"name": "a", "count": 10, "unit_cost": 20}],
        }
    )
    model = build(case)
    share = break_even_share(model, exact.evaluate(model))
    assert share == Fraction(1, 2)
    halved = exact.evaluate(model, {("avoided", 0, "count"): 5})
    assert halved[("total", "net", None)] == 0


def test_sensitivity_cli(cli) -> None:
    result = cli("sensitivity", ISHOJ)
    assert result.exit_code == 0, result.output
    assert "familier_forebygget" in result.output
    by = cli("sensitivity", ISHOJ, "--by", "2030")
    assert by.exit_code == 2
    data = json.loads(cli("sensitivity", ISHOJ, "--by", "2027", "--format", "json").output)
    assert data["criterion"] == "payback_by"


def test_the_shipped_ishoj_case_carries_the_ranges_of_its_text() -> None:
    """cases/ishoj_hjemmebaseret.yaml: 30-40 % of the 30 families a year (9-12, one parameter
    that the three social lines share) and ca. 5 % of the children (beside the support
    hours' count), each with its source; the same draws as the documented example."""
    loaded = load_case(str(ROOT / "cases" / "ishoj_hjemmebaseret.yaml"))
    assert loaded.ok and loaded.case is not None
    ranges = build(loaded.case).ranges
    families = ranges[("parameters", "familier_forebygget")]
    hours = ranges[("avoided", 3, "count", "2023-2027")]
    assert len(ranges) == 2
    assert (families.low, families.high) == (30 * Fraction(30, 100), 30 * Fraction(40, 100))
    assert (hours.low, hours.high) == (Fraction(3, 4), Fraction(3, 2))
    assert hours.high == 30 * Fraction(5, 100)
    assert families.source and "30-40 pct." in families.source
    assert hours.source and "5 pct." in hours.source
    shipped = simulation_report(loaded.case, 5000, seed=3)
    example = load_case(str(ROOT / "docs" / "examples" / "ishoj_written_ranges.yaml"))
    documented = simulation_report(example.case, 5000, seed=3)
    for key in ("probabilities", "summaries", "years", "payback_years"):
        assert shipped[key] == documented[key], key


@pytest.mark.parametrize(
    ("lang", "words", "never"),
    [
        (
            "da",
            ("Usikre tal (uafhængige, medmindre de deler en parameter", "antal 2023-2027"),
            "count",
        ),
        (
            "en",
            ("Ranged inputs (independent unless they share a parameter", "count 2023-2027"),
            "antal",
        ),
    ],
)
def test_outputs_speak_of_ranged_inputs_in_the_case_language(cli, lang, words, never) -> None:
    """A ranged input is a parameter or a written number: the outputs say "inputs" (Danish:
    "usikre tal"), never "parameters", and name a written number's field in the language."""
    case = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"
    sim = cli("simulate", case, "--draws", "100", "--seed", "1", "--lang", lang).output
    sens = cli("sensitivity", case, "--lang", lang).output
    for word in words:
        assert word in sim
    assert words[1] in sens
    assert never not in sim + sens
    others = (
        "(de øvrige usikre tal på deres skrevne værdi)"
        if lang == "da"
        else ("(the other ranged inputs at their written values)")
    )
    assert others in sens
    assert "parametre på" not in sens and "other parameters" not in sens


def _without_ranges(case: Case) -> Case:
    """The case with every range taken away: only its written values."""
    params = {k: p.model_copy(update={"range": None}) for k, p in case.parameters.items()}
    avoided = [
        a.model_copy(update={"count": replace(a.count, ranges=())}) if a.count else a
        for a in case.avoided
    ]
    return case.model_copy(update={"parameters": params, "avoided": avoided})


def test_a_case_without_ranges_every_draw_is_the_case() -> None:
    """The shipped Ishøj case without its ranges: every draw is Table 1 exactly."""
    loaded = load_case(str(ROOT / "cases" / "ishoj_hjemmebaseret.yaml"))
    assert loaded.case is not None
    plain = _without_ranges(loaded.case)
    assert build(plain).ranges == {} and build(loaded.case).ranges != {}
    data = simulation_report(plain, 100, seed=1)
    assert data["inputs"] == []
    assert data["summaries"]["total_net"] == {"p10": 0, "p50": 0, "p90": 0, "mean": 0}
    assert data["probabilities"]["no_shortfall"] == {"p": 1.0, "se": 0.0}
    assert data["payback_years"] == [{"year": 2027, "share": 1.0}]


def test_a_case_without_ranges_says_so(cli) -> None:
    text = cli(
        "simulate",
        ROOT / "cases" / "egedal_1000_dage.yaml",
        "--seed",
        "1",
        "--draws",
        "100",
        "--lang",
        "en",
    )
    assert text.exit_code == 0, text.output
    assert "none: every draw is the case as written" in text.output


def test_markdown_outputs(cli) -> None:
    sim = cli("simulate", ISHOJ, "--draws", "1000", "--seed", "2", "--format", "markdown")
    assert sim.output.startswith("# Simulering: ")
    assert "| År |" in sim.output
    sens = cli("sensitivity", ISHOJ, "--format", "markdown")
    assert sens.output.startswith("# Følsomhed: ")
    assert "|---|" in sens.output


@pytest.mark.parametrize("command", ["run", "validate", "sensitivity"])
def test_numpy_is_imported_only_by_simulate(command: str) -> None:
    """run, validate and sensitivity (exact) never import numpy, even on a ranged case."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from businesscase.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "assert 'numpy' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, command, str(ISHOJ)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_draws_are_bounded(cli) -> None:
    """No draw is kept, but ten million take seconds: more is refused."""
    result = cli("simulate", ISHOJ, "--draws", "10000001")
    assert result.exit_code == 2
    assert "10000001 is more than 10000000" in result.output + result.stderr


WRITTEN = ROOT / "docs" / "examples" / "ishoj_written_ranges.yaml"


def test_a_range_beside_a_number_is_the_same_draw_as_a_parameter_used_only_there() -> None:
    """The support hours' range beside the count (written once for 2023-2027) gives, seed for
    seed, the figures of the same range on a parameter the count uses; the output names it."""
    by_param = load_case(str(ISHOJ))
    beside = load_case(str(WRITTEN))
    assert by_param.case is not None and beside.case is not None
    assert beside.ok and not beside.diagnostics
    a = simulation_report(by_param.case, 70_000, seed=4)
    b = simulation_report(beside.case, 70_000, seed=4)
    for key in ("probabilities", "summaries", "years", "payback_years"):
        assert a[key] == b[key], key
    names = [i["name"] for i in b["inputs"]]
    assert names == ["familier_forebygget", "Støttetimer (10 timer pr. uge): count 2023-2027"]
    assert b["inputs"][1]["input"] == "avoided.3.count.2023-2027"
    assert b["inputs"][1]["source"].startswith('Afsnit 4: "ca. 5 pct.')
    sens = sensitivity_report(beside.case)
    hours = next(i for i in sens["inputs"] if i["name"].startswith("Støttetimer"))
    assert hours["effect"] == 375_000  # 0,75 to 1,5 grants of 100.000 kr. over 5 years


def test_run_uses_the_written_number_beside_its_range() -> None:
    plain = load_case(str(ISHOJ))
    beside = load_case(str(WRITTEN))
    assert plain.evaluation is not None and beside.evaluation is not None
    for key in ("net", "cumulative", "repayment"):
        assert beside.evaluation.row((key, None)) == plain.evaluation.row((key, None))


def _ranged_case(**lines: Any) -> Case:
    data: dict[str, Any] = {
        "format": 1,
        "meta": {"title": "t", "organisation": "o", "price_level": 2020},
        "period": {"first": 2021, "last": 2022},
    }
    data.update(lines)
    return Case.model_validate(data)


def test_each_ranged_number_is_drawn_on_its_own() -> None:
    """Two counts with a range each, 0..2 uniform, × 10 kr.: their sum is not uniform (a
    triangle on 0..40), so P10 of the total is 40·√0,05 = 8,94, not 4."""
    case = _ranged_case(
        avoided=[
            {
                "name": "a",
                "count": {2021: {"value": 1, "range": {"low": 0, "high": 2}}},
                "unit_cost": 10,
            },
            {
                "name": "b",
                "count": {2021: {"value": 1, "range": {"low": 0, "high": 2}}},
                "unit_cost": 10,
            },
        ]
    )
    report = simulation_report(case, 200_000, seed=9)
    assert report["summaries"]["total_net"]["p10"] == pytest.approx(40 * math.sqrt(0.05), abs=0.2)
    assert len(report["inputs"]) == 2


def test_a_range_for_years_outside_the_period_draws_nothing() -> None:
    case = _ranged_case(
        costs=[
            {"name": "c", "amount": {2021: 5, 2030: {"value": 7, "range": {"low": 6, "high": 8}}}}
        ]
    )
    assert build(case).ranges == {}
    report = simulation_report(case, 100, seed=1)
    assert report["inputs"] == []


@pytest.mark.parametrize(
    ("written", "where", "message"),
    [
        ("{value: 5, range: {low: 4, hi: 6}}", "avoided[0].count.range.hi", "unknown key 'hi'"),
        ("{value: 5, range: {low: 4, high: x}}", "avoided[0].count.range.high", "got 'x'"),
        ("{value: 5, range: {low: 4}}", "avoided[0].count.range.high", "a range needs 'high'"),
        ("{2021: {value: '1,5', range: {low: 1, high: 2}}}", "count[2021].value", "'1,5'"),
        (
            "{value: 5, range: {low: 4, high: 6, shape: normal}}",
            "avoided[0].count.range.shape",
            "expected 'uniform', 'triangular' or 'pert', got 'normal'",
        ),
    ],
)
def test_a_bad_range_beside_a_number_is_located(
    tmp_path: Any, written: str, where: str, message: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        "format: 1\nmeta: {title: t, organisation: o, price_level: 2020}\n"
        "period: {first: 2021, last: 2022}\n"
        f"avoided:\n  - name: a\n    count: {written}\n    unit_cost: 10\n",
        encoding="utf-8",
    )
    loaded = load_case(str(path))
    assert [d.code for d in loaded.diagnostics] == ["BC103" if "value" in where else "BC203"]
    d = loaded.diagnostics[0]
    assert d.line == 6
    assert where in render_text(loaded.diagnostics) and message in d.message


def _two_departments(collapse: bool = False) -> Case:
    """SOF pays 100 a year for 2 avoided measures of 60 (a range on the count: a parameter),
    with a pool of 40 repaid 20 a year from 2022; BUF pays 30 for 1 measure of 40 (a range
    beside the count)."""

    def r(value: float, low: float, high: float) -> dict[str, Any]:
        return {"low": value, "high": value} if collapse else {"low": low, "high": high}

    return Case.model_validate(
        {
            "format": 1,
            "meta": {"title": "t", "organisation": "o", "price_level": 2020},
            "period": {"first": 2021, "last": 2023},
            "departments": [
                {"id": "SOF", "name": "Socialforvaltningen"},
                {"id": "BUF", "name": "Børne- og Ungdomsforvaltningen"},
            ],
            "parameters": {"x": {"value": 2, "range": r(2, 1, 3)}},
            "costs": [
                {"name": "c1", "amount": 100, "department": "SOF"},
                {"name": "c2", "amount": 30, "department": "BUF"},
            ],
            "avoided": [
                {"name": "a1", "count": "x", "unit_cost": 60, "department": "SOF"},
                {
                    "name": "a2",
                    "count": {"value": 1, "range": r(1, 0, 2)},
                    "unit_cost": 40,
                    "department": "BUF",
                },
            ],
            "funding": [
                {
                    "kind": "pool",
                    "amount": 40,
                    "drawn": {2021: 40},
                    "repayment": {"first_year": 2022, "amount": 20, "years": 2},
                    "department": "SOF",
                }
            ],
        }
    )


@pytest.mark.parametrize("department", [None, "SOF", "BUF"])
def test_a_departments_simulation_with_collapsed_ranges_is_its_run_figures(
    department: str | None,
) -> None:
    case = _two_departments(collapse=True)
    report = simulation_report(case, 1000, seed=2, department=department)
    ev = exact.evaluate(build(case))
    total = float(ev[("total", "net", department)] or 0)
    assert report["summaries"]["total_net"] == {
        "p10": total,
        "p50": total,
        "p90": total,
        "mean": total,
    }
    for row, y in zip(report["years"], (2021, 2022, 2023), strict=True):
        assert row["net"]["p50"] == float(ev[("net", department, y)] or 0)
    payback = ev[("payback", department)]
    assert report["payback_years"] == [{"year": payback, "share": 1.0}]
    assert ("pool_repaid_in_period" in report["probabilities"]) == (department != "BUF")
    name = {"SOF": "Socialforvaltningen", "BUF": "Børne- og Ungdomsforvaltningen"}
    assert report["department"] == (
        None if department is None else {"id": department, "name": name[department]}
    )


def test_departments_share_the_draws_and_add_up_to_the_case() -> None:
    """Each draw moves every department at once: their total nets add up to the case's."""
    case = _two_departments()
    means = [
        simulation_report(case, 50_000, seed=8, department=d)["summaries"]["total_net"]["mean"]
        for d in (None, "SOF", "BUF")
    ]
    assert means[0] == pytest.approx(means[1] + means[2], rel=1e-9)
    # BUF: 1 measure of 40 a year on average (uniform 0..2) against 30: +10 a year, 3 years
    assert means[2] == pytest.approx(30, abs=1)


def test_a_departments_sensitivity_moves_only_what_is_its_own() -> None:
    case = _two_departments()
    report = sensitivity_report(case, department="BUF")
    rows = {i["name"]: i for i in report["inputs"]}
    assert rows["x"]["effect"] == 0  # SOF's parameter does not move BUF's figures
    assert rows["a2: count"]["effect"] == 2 * 40 * 3
    assert report["written"]["total_net"] == 30
    # BUF breaks even when 3 × 30 = 3 × 40 s: s = 3/4
    assert report["break_even_share"] == 0.75


def test_department_on_the_command_line(cli, tmp_path: Any) -> None:
    path = ROOT / "docs" / "examples" / "features.yaml"
    by_id = cli("simulate", path, "--draws", "100", "--seed", "1", "-d", "SOC", "--format", "json")
    assert by_id.exit_code == 0, by_id.output
    data = json.loads(by_id.output)
    assert data["department"]["id"] == "SOC"
    by_name = cli(
        "simulate",
        path,
        "--draws",
        "100",
        "--seed",
        "1",
        "-d",
        data["department"]["name"],
        "--format",
        "json",
    )
    assert json.loads(by_name.output) == data
    unknown = cli("sensitivity", path, "--department", "XYZ")
    assert unknown.exit_code == 2
    assert "no department 'XYZ'" in unknown.stderr
    text = cli("sensitivity", path, "--department", "SOC", "--lang", "en")
    assert text.exit_code == 0, text.output
    assert data["department"]["name"] in text.output.splitlines()[0]


PAY_FOR_SUCCESS = ROOT / "docs" / "examples" / "pay_for_success_ranges.yaml"


def test_a_range_beside_a_fundings_number_is_an_input_drawn() -> None:
    """The share of the savings that repays the pool, and the discount rate, carry ranges
    beside them; run uses the written values (the example without ranges, figure for figure)."""
    loaded = load_case(str(PAY_FOR_SUCCESS))
    plain = load_case(str(ROOT / "docs" / "examples" / "pay_for_success.yaml"))
    assert loaded.ok and loaded.case is not None, loaded.diagnostics
    assert loaded.evaluation is not None and plain.evaluation is not None
    assert loaded.evaluation.values == plain.evaluation.values
    model = build(loaded.case)
    share = model.ranges[("funding", 0, "repayment", "share_of_savings")]
    rate = model.ranges[("discounting", "rate")]
    assert (share.low, share.high, rate.low, rate.high) == (
        Fraction(2, 5),
        Fraction(4, 5),
        Fraction(2, 100),
        Fraction(5, 100),
    )


def test_the_share_of_the_savings_moves_the_pools_repayment() -> None:
    """From 2028 the net is 450.000 a year except 2029 (-150.000): a share s repays
    4 × 450.000 × s by 2032, all of the 900.000 only when s ≥ 0,5. At 0,8 the pool is repaid
    in 2031 (360.000 + 0 + 360.000 + 180.000), at 0,6 in 2032, at 0,4 not in the period."""
    loaded = load_case(str(PAY_FOR_SUCCESS))
    report = sensitivity_report(loaded.case)
    rows = {r["field"]: r for r in report["inputs"]}
    share = rows["share_of_savings"]
    assert share["at_low"]["pool_repaid_year"] is None
    assert share["at_high"]["pool_repaid_year"] == 2031
    assert report["written"]["pool_repaid_year"] == 2032
    assert share["at_low"]["total_net"] == share["at_high"]["total_net"] == 1_500_000
    # 900.000 - 4 × 450.000 × 0,4 = 180.000 still owed at the end
    assert share["at_low"]["pool_balance_end"] == 180_000
    rate = rows["discount_rate"]
    assert rate["at_low"]["npv"] > report["written"]["npv"] > rate["at_high"]["npv"]
    # simulated: the pool is repaid within the period when the share is at least 0,5, which
    # a share uniform on 0,4-0,8 is with probability 3/4
    sim = simulation_report(loaded.case, 40_000, seed=5)
    p = sim["probabilities"]["pool_repaid_in_period"]
    assert abs(p["p"] - 0.75) < 4 * p["se"]


@pytest.mark.parametrize(
    ("repayment", "code", "where"),
    [
        ("share_of_savings: {value: 0.6, range: {low: 0.4, hi: 0.8}}", "BC203", "range.hi"),
        ("share_of_savings: {value: 0.6, range: {low: 0.7, high: 0.8}}", "BC607", "value"),
        ("share_of_savings: {value: 0.6, range: {low: 0.4, high: 1.2}}", "BC611", "range.high"),
        ("amount: {value: 300000, range: {low: 400000, high: 200000}}", "BC606", "range.low"),
        ("amount: {value: 300000, range: {low: -1, high: 400000}}", "BC610", "range.low"),
    ],
)
def test_a_bad_range_beside_a_fundings_number_is_located(
    tmp_path: Any, repayment: str, code: str, where: str
) -> None:
    text = PAY_FOR_SUCCESS.read_text(encoding="utf-8")
    start = text.index("      share_of_savings:")
    end = text.index("      years: until_repaid")
    path = tmp_path / "case.yaml"
    path.write_text(text[:start] + f"      {repayment}\n" + text[end:], encoding="utf-8")
    loaded = load_case(str(path))
    assert [d.code for d in loaded.diagnostics] == [code], render_text(loaded.diagnostics)
    d = loaded.diagnostics[0]
    field = repayment.split(":")[0]
    assert d.line == text[:start].count("\n") + 1
    assert f"funding[0].repayment.{field}.{where}" in render_text(loaded.diagnostics)


SHIPPED_ISHOJ = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"


def test_sensitivity_of_the_shipped_case_states_where_each_input_fails() -> None:
    """`sensitivity cases/ishoj_hjemmebaseret.yaml` ranks its two inputs by effect and finds,
    for each, the value below which the savings stop covering the repayments: just below the
    written value (the case has no margin), checked on the exact shortfall either side."""
    loaded = load_case(str(SHIPPED_ISHOJ))
    assert loaded.case is not None
    report = sensitivity_report(loaded.case)
    assert [i["input"] for i in report["inputs"]] == [
        "avoided.3.count.2023-2027",
        "parameters.familier_forebygget",
    ]
    # 0,75-1,5 grants of 100.000 kr. over 5 years: 375.000; 3 families of 11,5 carry
    # (5 × 5.000 × 7 + 5 × 18.000 × 5 + 1,5 × 40.000 × 5) / 11,5 each: 3 × 925.000 / 11,5
    effects = [i["effect"] for i in report["inputs"]]
    assert effects == [375_000, pytest.approx(3 * 925_000 / 11.5, abs=1e-6)]
    model, stakes = with_stakes(build(loaded.case))
    for row in report["inputs"]:
        key = tuple(int(p) if p.isdigit() else p for p in row["input"].split("."))
        down = row["switch_down"]
        assert down["value"] < down["last_holding"] <= row["value"]
        assert row["value"] - down["value"] <= (row["high"] - row["low"]) / 1000

        def shortfall(v: float, key: Any = key) -> Fraction:
            ev = exact.evaluate(model, {key: Fraction(v)})
            return Fraction(ev[stakes.shortfall] or 0)

        assert shortfall(down["last_holding"]) < Fraction(1, 2) <= shortfall(down["value"])


def test_simulate_the_shipped_case_as_the_issue_asks(cli) -> None:
    """`simulate cases/ishoj_hjemmebaseret.yaml --draws 100000 --seed 1` prints the
    probability of no shortfall with its standard error; the same seed, the same bytes."""
    args = ("simulate", SHIPPED_ISHOJ, "--draws", "100000", "--seed", "1", "--lang", "en")
    first, second = cli(*args), cli(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    line = next(x for x in first.stdout.splitlines() if "cover every repayment" in x)
    shown, se = line.split(": ")[1].split(" % ± ")
    p = float(shown.replace(",", ".")) / 100
    assert float(se.replace(",", ".")) == pytest.approx(
        100 * math.sqrt(p * (1 - p) / 100_000), abs=0.05
    )
    # the families uniform on 9-12 and the support hours on 0,75-1,5: a shortfall is avoided
    # only with both near or above their written values, a little under half the draws
    assert 0.40 < p < 0.50


def test_the_tornados_written_value_names_its_currency(cli, tmp_path):
    """The amount the bars stand around is written as every amount is: its currency's sign
    and its language's numbers (it said 'kr.' after any currency)."""
    case = ROOT / "docs" / "examples" / "pay_for_success_ranges.yaml"
    da = cli("sensitivity", case).stdout
    assert "omkring den skrevne værdi (1.500.000 kr.):" in da
    en = cli("sensitivity", case, "--lang", "en").stdout
    assert "around the written value (DKK 1,500,000):" in en
    euros = tmp_path / "euros.yaml"
    text = case.read_text(encoding="utf-8")
    euros.write_text(text.replace("meta:\n", "meta:\n  currency: EUR\n", 1), encoding="utf-8")
    out = cli("sensitivity", euros)
    assert out.exit_code == 0, out.stderr
    assert "omkring den skrevne værdi (1.500.000 €):" in out.stdout
    assert "kr." not in out.stdout


def test_sensitivity_of_a_case_without_ranges_says_so_instead_of_an_empty_table(cli):
    egedal = ROOT / "cases" / "egedal_1000_dage.yaml"
    out = cli("sensitivity", egedal)
    assert out.exit_code == 0
    assert "Casen har ingen usikre tal at flytte: giv en parameter" in out.stdout
    assert "Lav  Høj" not in out.stdout and "Skifteværdi" not in out.stdout
    en = cli("sensitivity", egedal, "--lang", "en").stdout
    assert "The case has no ranged inputs to move" in en and "Switching" not in en


class _Terminal:
    """stderr as a terminal shows it."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("language", "line"),
    [("en", "\r100,000 / 200,000 draws"), ("da", "\r100.000 / 200.000 træk")],
)
def test_the_progress_line_groups_digits_as_the_output_language_does(
    monkeypatch, language: str, line: str
) -> None:
    from businesscase.commands import simulate

    terminal = _Terminal()
    monkeypatch.setattr(simulate.sys, "stderr", terminal)
    show = simulate._progress(200_000, language)
    assert show is not None
    show(100_000)
    assert terminal.text == line


def test_simulate_of_an_english_case_shows_its_progress_in_english(
    cli, monkeypatch, tmp_path
) -> None:
    """ishoj_ranges.yaml written as an English case: its progress line is said in English,
    whatever the environment's language; --lang da makes it Danish."""
    from businesscase.commands import simulate

    english = tmp_path / "ishoj_ranges_en.yaml"
    text = (ROOT / "docs" / "examples" / "ishoj_ranges.yaml").read_text(encoding="utf-8")
    assert "  language: da\n" in text
    english.write_text(text.replace("  language: da\n", "  language: en\n"), encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(simulate, "_progress", lambda total, language: asked.append(language))
    env = {"LANG": "da_DK.UTF-8"}
    assert cli("simulate", english, "-n", "100", "--seed", "1", env=env).exit_code == 0
    assert cli("simulate", english, "-n", "100", "--seed", "1", "--lang", "da").exit_code == 0
    assert asked == ["en", "da"]


def test_switching_value_shows_only_the_digits_its_search_found(cli, tmp_path) -> None:
    """The UK example with its unit cost of £200,000 ranged £150,000-250,000: the unit cost
    below which it no longer pays back by 2020-21 is found by bisection to within a
    ten-thousandth of the search's width (£20), so it is shown in whole pounds, and as a figure
    that still holds (it read 114,294.433594)."""
    case = _with_range(
        UK,
        "unit_cost: 200000",
        "unit_cost: {value: 200000, range: {low: 150000, high: 250000}}",
        tmp_path,
    )
    args = ("sensitivity", case, "--by", "2020-21")
    report = json.loads(cli(*args, "--format", "json").output)
    down = report["inputs"][0]["switch_down"]
    assert down["step"] == 20
    shown = down["holds_to"]
    assert shown == int(shown) and down["value"] < shown and abs(shown - down["last_holding"]) <= 20
    assert f"holds down to {int(shown):,};" in cli(*args).output

    loaded = load_case(str(case))
    assert loaded.case is not None
    model, stakes = with_stakes(build(loaded.case))
    key = next(iter(model.ranges))

    def payback(unit_cost: int) -> Any:
        return exact.evaluate(model, {key: unit_cost}).get(stakes.payback)

    assert payback(200_000) <= 2020  # 2020-21 holds at the written value ...
    assert payback(int(shown)) <= 2020  # ... and at the value shown
    below = math.floor(down["value"])
    assert payback(below) is None or payback(below) > 2020  # but not below the switch found
