"""The calculation model: one definition per figure, evaluated once, explained to its inputs.

Each defect the model was built to fix has a test here that failed on the engine it replaced:
totals that were sums of rounded cells, key figures that contradicted a shown row, payback
counted from before anything happened, parameters that could not be exact fractions.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from businesscase.calc import exact
from businesscase.calc.explain import derive
from businesscase.commands.explain import catalogue
from businesscase.fmt import round_half_up
from businesscase.loader import load_case
from businesscase.render.explain import Namer
from businesscase.render.labels import labels

from .conftest import CASES, ISHOJ, ROOT

SHIPPED = sorted(CASES.glob("*.yaml"))


def _write(tmp_path: Path, body: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        "format: 1\nmeta: {title: T, organisation: O, price_level: 2024, language: da}\n" + body,
        encoding="utf-8",
    )
    return path


def _json(cli, *args) -> dict:
    out = cli("run", *args, "--format", "json")
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


# --- Totals are exact --------------------------------------------------------------------------

THIRDS = """\
period: {first: 2024, last: 2026}
parameters:
  samlet: 23200000
costs:
  - name: Indsats
    amount: samlet / 3
funding:
  - kind: pool
    amount: 23200000
    drawn: samlet / 3
    repayment: {first_year: 2026, amount: 23200000, years: 1}
stated:
  - source: Tabel 1
    rows:
      - row: Indsats
        total: -23200000
"""


def test_a_total_is_the_exact_total_rounded_and_the_table_says_where_cells_differ(tmp_path, cli):
    case = _write(tmp_path, THIRDS)
    data = _json(cli, case)
    [line] = data["lines"]
    assert line["values"] == [-7_733_333] * 3  # each third, rounded half up
    assert data["total_net"] == -23_200_000  # not -23.199.999, the sum of the rounded cells
    assert data["total_drawn"] == 23_200_000  # not 23.199.999
    # The pool is repaid in 2026, and the balance shown that year is 0, not 1 kr.
    assert data["pool_balance"][-1] == 0 and data["pool_repaid_year"] == 2026
    # No false 1-krone mismatch against the document's 23.200.000.
    assert "reconciliation" not in data or data["reconciliation"]["mismatches"] == []
    text = cli("run", case).stdout
    assert "Afrundingsdifference" in text and "-23.199.999" in text and "-23.200.000" in text


# --- Key figures agree with the rows -----------------------------------------------------------

NEAR_ZERO = """\
period: {first: 2024, last: 2026}
costs:
  - name: Indsats
    amount: {2024: 1000}
reallocations:
  - name: Omlægning
    amount: {2025: 999.7}
"""


def test_payback_is_reached_when_the_shown_cumulative_is_0(tmp_path, cli):
    data = _json(cli, _write(tmp_path, NEAR_ZERO))
    # The exact cumulative is -0,30 kr. from 2025: it shows as 0, so payback is 2025.
    assert data["cumulative"] == [-1000, 0, 0]
    assert data["payback_year"] == 2025


def test_payback_counts_from_the_first_year_anything_happens(tmp_path, cli):
    egedal = _json(cli, CASES / "egedal_1000_dage.yaml")
    assert egedal["payback_year"] is None and egedal["payback_period_years"] is None
    late = _write(
        tmp_path,
        "period: {first: 2025, last: 2032}\n"
        "departments: [{id: A, name: A}, {id: B, name: B}]\n"
        "costs:\n  - {name: Tidlig, department: A, amount: {2025: 100}}\n"
        "reallocations:\n  - {name: Tidlig gevinst, department: A, amount: {2026: 100}}\n"
        "  - {name: Sen, department: B, amount: {2029-2032: 50}}\n",
    )
    data = _json(cli, late)
    b = next(d for d in data["departments"] if d["id"] == "B")
    assert b["payback_year"] == 2029 and b["payback_period_years"] == 1
    assert b["break_even_year"] == 2029


def test_a_parameter_may_be_an_exact_fraction(tmp_path, cli):
    case = _write(
        tmp_path,
        "period: {first: 2024, last: 2024}\n"
        "parameters:\n  forløb: 30\n  andel: 11.5 / 30\n  forebygget: forløb * andel\n"
        "avoided:\n  - {name: Familiebehandling, count: forebygget, unit_cost: 40000}\n",
    )
    data = _json(cli, case)
    assert data["lines"][0]["values"] == [460_000]  # 11,5 × 40.000, exactly
    loaded = load_case(str(case))
    assert loaded.evaluation is not None
    assert loaded.evaluation[("param", "andel")] == Fraction(23, 60)


# --- Evaluated once ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("run", CASES / "kobenhavn_tidlig_indsats_0_2.yaml"),
        ("run", CASES / "kobenhavn_tidlig_indsats_0_2.yaml", "--format", "json", "--npv"),
        ("validate", CASES / "kobenhavn_tidlig_indsats_0_2.yaml"),
        ("explain", ISHOJ, "payback"),
    ],
    ids=["run", "run-json-npv", "validate", "explain"],
)
def test_a_command_evaluates_a_case_once(cli, args):
    before = exact.EVALUATIONS
    out = cli(*args)
    assert out.exit_code == 0, out.output
    assert exact.EVALUATIONS - before == 1


def test_diff_evaluates_each_case_once(cli):
    before = exact.EVALUATIONS
    out = cli("diff", ISHOJ, ROOT / "scenarios" / "ishoj_optimistic.yaml")
    assert out.exit_code == 0, out.output
    assert exact.EVALUATIONS - before == 2


# --- explain -----------------------------------------------------------------------------------


def test_explain_a_saving_down_to_its_inputs(cli):
    out = cli("explain", ISHOJ, "besparelser på sociale", "2023")
    assert out.exit_code == 0, out.output
    text = out.stdout
    assert text.startswith("Besparelser på sociale foranstaltninger, 2023: 175.000\n")
    assert "= 25.000 + 90.000 + 60.000" in text
    for derivation in ("5 × 5.000", "5 × 18.000", "1,5 × 40.000"):
        assert derivation in text
    lines = ISHOJ.read_text(encoding="utf-8").splitlines()
    # Each input is placed at its line in the case file; a count written as a formula over
    # a parameter is derived down to the parameter, a number (11,5 families), not kroner.
    for value, needle in (("40.000", "unit_cost: 40000"), ("11,5", "value: 11.5")):
        row = next(i for i, line in enumerate(lines, 1) if needle in line)
        assert f"= {value}   {ISHOJ}:{row}:" in text
    assert "antal: 1,5\n" in text and "= 1,5 × familier_forebygget / 11,5" in text


def test_explain_key_figures_show_the_row_they_read(cli):
    payback = cli("explain", ISHOJ, "payback").stdout
    assert payback.startswith("Tilbagebetalingsår (akkumuleret ≥ 0 herefter): 2027")
    assert "2026: -100.000, 2027: 0" in payback
    repaid = cli("explain", ISHOJ, "pool_repaid", "--lang", "en").stdout
    assert repaid.startswith("Investeringspuljen repaid: 2027")
    assert "2026: 100,000, 2027: 0" in repaid


@pytest.mark.parametrize(
    ("figure", "message"),
    [("xyz", "is not a figure of the case"), ("s", "is ambiguous")],
)
def test_explain_an_unknown_or_ambiguous_figure_lists_the_candidates(cli, figure, message):
    out = cli("explain", ISHOJ, figure)
    assert out.exit_code == 2
    assert message in out.stderr and "Samlet varig ændring" in out.stderr


def test_explain_json(cli):
    out = cli("explain", ISHOJ, "net", "2023", "--format", "json")
    data = json.loads(out.stdout)
    assert data["value"] == "100.000" and data["exact"] == "100000"
    assert {s["figure"] for s in data["steps"]} >= {"Familiebehandling, 2023"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_explain_gives_every_shown_figure(cli, path):
    """Every row and year of every shipped case: the derivation's value is the shown figure."""
    shown = _json(cli, path)
    loaded = load_case(str(path))
    ev = loaded.evaluation
    assert ev is not None
    namer = Namer(labels("da"), "da", "", lambda key: "", ev)
    rows = {line["name"]: line["values"] for line in shown["lines"]}
    rows |= {k: shown[k] for k in ("net", "cumulative", "drawn", "repayment", "pool_balance")}
    rows |= {g["name"]: g["values"] for g in shown.get("grants", [])}
    checked = 0
    for figure in catalogue(ev, None, namer):
        name = figure.names[0]
        if not figure.yearly:
            if name in ("break_even", "payback", "pool_repaid"):
                assert derive(ev, figure.key).value == shown[f"{name}_year"]
                checked += 1
            continue
        if name not in rows:
            continue
        for k, year in enumerate(ev.model.years):
            value = derive(ev, (*figure.key, year)).value
            assert value is not None and round_half_up(value) == rows[name][k], (name, year)
            checked += 1
    assert checked >= len(ev.model.years) * 5


def test_diff_totals_are_the_difference_of_the_shown_totals(tmp_path, cli):
    """23.200.000 and 23.200.001 spread in thirds: every yearly cell moves by 1 kr. (7.733.333
    to 7.733.334 after rounding), but the totals differ by exactly 1 kr., and so does the
    diff's total, not the 3 kr. the cells add up to."""
    a = _write(tmp_path, THIRDS, "a.yaml")
    b = _write(tmp_path, THIRDS.replace("samlet: 23200000", "samlet: 23200001"), "b.yaml")
    out = cli("diff", a, b, "--format", "json")
    data = json.loads(out.stdout)
    view = data["views"][0] if "views" in data else data["results"][0]
    line = next(x for x in view["lines"] if x["name"] == "Indsats")
    assert line["delta"] == [-1, -1, -1]
    assert line["total_delta"] == -1


def test_diff_of_cases_with_different_departments_prints_their_names(tmp_path, cli):
    """A department only one case has reads as empty in the other, under its own id (the
    stand-in once used for it was a NUL character, printed as a section title)."""
    body = "period: {first: 2024, last: 2025}\ndepartments: [{id: %s, name: %s}]\n"
    body += "costs:\n  - {name: c, department: %s, amount: 100}\n"
    a = _write(tmp_path, body % ("X", "Xdept", "X"), "a.yaml")
    b = _write(tmp_path, body % ("Z", "Zdept", "Z"), "b.yaml")
    out = cli("diff", a, b)
    assert out.exit_code == 0, out.output
    assert "\x00" not in out.stdout
    assert "Xdept (X)" in out.stdout and "Zdept (Z)" in out.stdout
    data = json.loads(cli("diff", a, b, "--format", "json").stdout)
    assert [v["department"] for v in data["views"]] == [None, "X", "Z"]


EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
YEAR_AS_AMOUNT = re.compile(r": [12][.,]\d{3}\n")
"""A year shown as an amount (``2.021``) where a derivation gives a year."""


@pytest.mark.parametrize("path", [*SHIPPED, *EXAMPLES], ids=lambda p: p.stem)
def test_every_key_figure_is_explained_down_to_numbers(path):
    """No definition of a key figure of a shipped case or a docs example comes out as '?'
    (a node kind the explanation does not write), in either language; a year is a year."""
    from businesscase.render.explain import render_text

    loaded = load_case(str(path))
    ev = loaded.evaluation
    if ev is None:  # an example of a finding
        return
    for lang in ("da", "en"):
        namer = Namer(labels(lang), lang, "", lambda key: "", ev)
        for figure in catalogue(ev, None, namer):
            if figure.yearly:
                continue
            text = render_text(derive(ev, figure.key), namer)
            assert "?" not in text, (figure.names, text)
            assert not YEAR_AS_AMOUNT.search(text), (figure.names, text)


def test_the_first_year_with_an_amount_is_derived_from_each_line(cli):
    out = cli("explain", ISHOJ, "start").stdout
    assert out.startswith("første år med beløb: 2021\n  = det tidligste af linjernes")
    assert "  = det tidligste af 2021, 2021, 2023, 2023, 2023, 2021\n" in out
    assert "  Familiebehandling, første år med beløb: 2023\n" in out
    assert "      2021: 0, 2022: 0, 2023: 60.000," in out


def test_the_list_of_figures_speaks_the_cases_language_and_names_no_missing_pool(cli):
    """The list explain gives without a figure: '[ÅR]' for a Danish case (the metavar of its
    help), '[YEAR]' in English; a case without a pool lists no pool rows (they would name
    no pool: 'Træk på  [ÅR]')."""
    ishoj = cli("explain", ISHOJ).stdout
    assert "net / Samlet varig ændring [ÅR]\n" in ishoj and "[YEAR]" not in ishoj
    assert "drawn / Træk på Investeringspuljen [ÅR]\n" in ishoj
    assert "net / Net change [YEAR]\n" in cli("explain", ISHOJ, "--lang", "en").stdout
    herning = cli("explain", CASES / "herning_tidlig_opsporing_dagpleje.yaml").stdout
    assert "drawn" not in herning and "pool_repaid" not in herning and "  " not in herning


def test_a_year_explain_cannot_read_is_said_in_the_users_language(cli):
    env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "da_DK.UTF-8"}
    out = cli("explain", ISHOJ, "net", "2050x", env=env)
    assert out.exit_code == 2
    assert out.stderr == (
        "businesscase: '2050x' er ikke et år i casen: skriv et af "
        "2021, 2022, 2023, 2024, 2025, 2026, 2027\n"
    )
