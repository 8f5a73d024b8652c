"""A count a year is shown as a number a year, never summed over the years.

København's 1000-dages-program (cases/kobenhavn_1000_dage.yaml, source 002) funds "to
årsværk" to støttepædagoger in each of 2020-2022 and En God Familiestart for "ca. 85
familier årligt". A total column that added them up said 6 årsværk and 170 "familier pr. år";
the document says 2 årsværk and 85 families a year. Counts that add up (visits, days of
training) keep their total.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from businesscase.loader import load_case
from businesscase.model import Activity

from .conftest import CASES

KBH = CASES / "kobenhavn_1000_dage.yaml"
STAFF = "Støttepædagoger i hjemmet"
FAMILIES = "Familier i En God Familiestart, Amager"


@pytest.mark.parametrize(
    ("unit", "adds_up"),
    [
        ("familier pr. år", False),
        ("årsværk", False),
        ("forløb om året", False),
        ("besøg årligt", False),
        ("families a year", False),
        ("visits per year", False),
        ("FTE", False),
        ("besøg", True),
        ("dage", True),
        ("personer", True),
        ("år", True),  # a duration in years is a count like any other
        (None, True),
    ],
)
def test_the_unit_says_whether_counts_add_up(unit: str | None, adds_up: bool) -> None:
    activity = Activity.model_validate({"name": "x", "unit": unit, "count": 1})
    assert activity.adds_up() is adds_up


def test_summed_overrides_the_unit() -> None:
    written = {"name": "x", "unit": "familier", "count": 1}
    assert not Activity.model_validate({**written, "summed": False}).adds_up()
    assert Activity.model_validate({**written, "unit": "årsværk", "summed": True}).adds_up()


def test_kobenhavn_model_has_a_number_a_year_not_a_total() -> None:
    loaded = load_case(str(KBH))
    ev = loaded.evaluation
    assert ev is not None
    assert ev.get(("activity_average", STAFF)) == 2
    assert ev.get(("activity_average", FAMILIES)) == 85
    assert ev.get(("activity_total", STAFF)) is None
    # counts that add up keep their total: the document's "cirka 80 pædagoger"
    assert ev.get(("activity_total", "Pædagoger (diplommoduler)")) == 80


def _row(text: str, name: str) -> str:
    return next(line for line in text.splitlines() if name in line)


def test_every_output_shows_a_number_a_year(cli) -> None:
    text = cli("run", KBH).stdout
    assert _row(text, STAFF).rstrip(" │").endswith("2 pr. år")
    assert _row(text, FAMILIES).rstrip(" │").endswith("85 pr. år")
    assert "170" not in _row(text, FAMILIES)

    markdown = cli("run", KBH, "--format", "markdown").stdout
    assert _row(markdown, FAMILIES).rstrip(" |").endswith("85 pr. år")

    csv = cli("run", KBH, "--format", "csv").stdout
    assert _row(csv, FAMILIES) == f"{FAMILIES};familier pr. år;;;85;85;"
    assert _row(csv, STAFF) == f"{STAFF};årsværk;;2;2;2;"

    english = cli("run", KBH, "--lang", "en").stdout
    assert _row(english, FAMILIES).rstrip(" │").endswith("85 a year")

    data = json.loads(cli("run", KBH, "--format", "json").stdout)
    by_name = {a["name"]: a for a in data["activities"]}
    assert by_name[FAMILIES]["a_year"] == 85 and "total" not in by_name[FAMILIES]
    assert by_name[STAFF]["a_year"] == 2 and "total" not in by_name[STAFF]
    assert by_name["Pædagoger (diplommoduler)"]["total"] == 80


def test_an_uneven_number_a_year_is_an_average(tmp_path: Path, cli) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        KBH.read_text(encoding="utf-8").replace(
            "count: {2021-2022: 85}", "count: {2021: 80, 2022: 90}"
        ),
        encoding="utf-8",
    )
    out = cli("run", case)
    assert out.exit_code == 0, out.output
    assert _row(out.stdout, FAMILIES).rstrip(" │").endswith("gns. 85 pr. år")
