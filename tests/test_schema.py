"""The JSON Schema of the case format: up to date, and it agrees with the model on the cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from businesscase import yamlio
from businesscase.commands.schema import render_schema
from businesscase.loader import load_case

from .conftest import CASES, ROOT

SCHEMA_FILE = ROOT / "schema" / "case.schema.json"
SHIPPED = sorted(CASES.glob("*.yaml"))


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _as_json(path: Path | str, text: str | None = None) -> Any:
    """The case as an editor's YAML language server sees it: JSON types, keys as strings."""
    if text is None:
        doc, errors = yamlio.read(str(path))
    else:
        doc, errors = yamlio.parse(text, "case.yaml")
    assert errors == []
    return json.loads(json.dumps(doc.data, default=float))


def _errors(data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(_schema())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_committed_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render_schema(), (
        "schema/case.schema.json is stale: run `businesscase schema > schema/case.schema.json`"
    )


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(_schema())


def test_schema_command_prints_the_schema(cli):
    out = cli("schema")
    assert out.exit_code == 0
    assert json.loads(out.stdout) == _schema()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_case_validates_against_the_schema(path):
    assert _errors(_as_json(path)) == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_case_points_editors_at_the_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/case.schema.json"
    assert (path.parent / "../schema/case.schema.json").resolve() == SCHEMA_FILE


def _ishoj_with(old: str, new: str) -> Any:
    text = (CASES / "ishoj_hjemmebaseret.yaml").read_text(encoding="utf-8")
    assert old in text
    return _as_json("", text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("unit_cost: 40000", 'unit_cost: "40.000"', "unit_cost"),
        ("unit_cost: 40000", 'unit_cost: "1.000.000"', "unit_cost"),
        ("amount: 390000", 'amount: "390.000"', "amount"),
        ("count: 5", "cuont: 5", "cuont"),
        ("first: 2021", "first: '2021'", "first"),
        ("price_level: 2020", "price_level: 1850", "price_level"),
        ("kind: pool", "kind: loan", "funding"),
    ],
)
def test_schema_refuses_what_the_model_refuses(old, new, where):
    errors = _errors(_ishoj_with(old, new))
    assert errors, f"the schema accepts {new!r}"
    assert any(where in e for e in errors), errors


def test_schema_accepts_formulas_and_year_ranges():
    data = _ishoj_with(
        "count: 5 * familier_forebygget / 11.5\n", "count: {2021-2022: familier * andel, 2023: 2}\n"
    )
    data["parameters"] = {"familier": 40, "andel": {"value": 0.05, "assumption": "skøn"}}
    assert _errors(data) == []


def test_a_range_beside_a_number_follows_the_schema():
    """The example with a range written beside a count validates; a misspelt key does not."""
    path = ROOT / "docs" / "examples" / "ishoj_written_ranges.yaml"
    data = _as_json(path)
    assert _errors(data) == []
    hours = data["avoided"][3]
    hours["count"]["2023-2027"]["range"]["hi"] = 2
    assert _errors(data)
    del hours["count"]["2023-2027"]["range"]["hi"]
    hours["unit_cost"] = {"value": 100000, "range": {"low": 90000, "high": 120000}}
    data["costs"][0]["amount"] = {"2021-2027": {"value": 390000, "range": {"low": 1, "high": 2}}}
    assert _errors(data) == []


EXAMPLES = ROOT / "docs" / "examples"
CASE_EXAMPLES = sorted(
    path
    for path in EXAMPLES.rglob("*.yaml")
    if "invalid" not in path.relative_to(EXAMPLES).parts  # refused by the reader on purpose
    and any(line.startswith("format:") for line in path.read_text(encoding="utf-8").splitlines())
)
"""Every case file among the docs' examples: each form a document writes (pounds and
financial years, relative years, figures as printed, count × price for costs, prices per
period, lump sums, amounts in thousands, a parameter written as a formula, ...), the ranges,
the pools and a scenario's base. Follow-ups, scenarios over a base and pool rules are other
kinds of file, which this schema does not describe."""


def test_the_examples_of_each_form_are_among_the_case_examples():
    names = {path.name for path in CASE_EXAMPLES}
    assert {
        "uk_invest_to_save.yaml",
        "relative_years.yaml",
        "stated_as_printed.yaml",
        "costs_count_x_price.yaml",
        "prices_per_period.yaml",
        "lump_sum_saving.yaml",
        "payback_after_first_year.yaml",
        "amounts_in_thousands.yaml",
        "currency_gbp.yaml",
        "fractions.yaml",
        "features.yaml",
        "base.yaml",
    } <= names


@pytest.mark.parametrize("path", CASE_EXAMPLES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_case_example_in_the_docs_validates_against_the_schema(path):
    """Every case the docs show validates against the schema an editor uses, as it does
    against the model."""
    assert load_case(str(path)).ok
    assert _errors(_as_json(path)) == []


def test_the_schema_takes_a_parameter_written_as_a_formula():
    """``andel_forebygget: 11.5 / 30`` (docs/examples/fractions.yaml) is a parameter; a
    parameter written as a list is not."""
    data = _as_json(EXAMPLES / "fractions.yaml")
    assert data["parameters"]["andel_forebygget"] == "11.5 / 30"
    assert _errors(data) == []
    data["parameters"]["andel_forebygget"] = [11.5, 30]
    assert _errors(data)


def test_the_schema_refuses_a_price_of_one_without_its_count():
    data = _as_json(ROOT / "docs" / "examples" / "costs_count_x_price.yaml")
    priced = [c for c in data["costs"] if isinstance(c.get("unit_cost"), dict)]
    priced[0]["unit_cost"] = {"total": 1800000}
    assert _errors(data)
