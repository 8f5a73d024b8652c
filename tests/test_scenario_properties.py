"""Properties of scenarios over generated cases: an override changes exactly what it names.

A base case with generated lines is written to a file, a scenario overrides a random subset of
the lines' amounts by name (in random order), and the diff of base and scenario must show
exactly those lines that changed, each by new − old in every year.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.diff import diff_cases
from businesscase.loader import load_case

amounts = st.integers(min_value=0, max_value=2_000_000)


@st.composite
def base_and_overrides(draw: st.DrawFn) -> tuple[dict, dict[str, int]]:
    n_years = draw(st.integers(1, 8))
    costs = draw(st.lists(amounts, min_size=1, max_size=4))
    reallocations = draw(st.lists(amounts, min_size=0, max_size=4))
    base = {
        "format": 1,
        "meta": {"title": "Basis", "organisation": "Kommunen", "price_level": 2020},
        "period": {"first": 2021, "last": 2020 + n_years},
        "costs": [{"name": f"Udgift {i}", "amount": a} for i, a in enumerate(costs)],
        "reallocations": [
            {"name": f"Omlægning {i}", "amount": a} for i, a in enumerate(reallocations)
        ],
    }
    names = [line["name"] for line in base["costs"] + base["reallocations"]]
    chosen = draw(st.lists(st.sampled_from(names), unique=True))
    return base, {name: draw(amounts) for name in chosen}


@settings(max_examples=60, deadline=None)
@given(base_and_overrides())
def test_overrides_change_exactly_the_named_lines(data: tuple[dict, dict[str, int]]) -> None:
    base, overrides = data
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), "utf-8")
        scenario = {"base": "base.yaml", "lines": {n: {"amount": a} for n, a in overrides.items()}}
        (root / "s.yaml").write_text(yaml.safe_dump(scenario, allow_unicode=True), "utf-8")
        a, b = load_case(str(root / "base.yaml")), load_case(str(root / "s.yaml"))
    assert a.case is not None and b.case is not None, b.diagnostics
    old = {line["name"]: line["amount"] for line in base["costs"] + base["reallocations"]}
    for _, line in b.case.lines():
        assert line.amount.constant == overrides.get(line.name, old[line.name])
    result = diff_cases(a.case, b.case)
    changed = {name for name, amount in overrides.items() if amount != old[name]}
    (view,) = result.views
    assert {line.name for line in view.changed_lines} == changed
    for line in view.changed_lines:
        sign = -1 if line.section == "cost" else 1
        assert set(line.delta) == {sign * (overrides[line.name] - old[line.name])}
    assert {c.name for c in result.inputs if c.section == "line"} == changed
    assert result.identical == (not changed)
