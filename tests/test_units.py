"""Cases as documents write them: amounts in 1.000 kr. (``meta.amounts_in``)."""

from __future__ import annotations

import json

import pytest

from businesscase.loader import load_case
from businesscase.results import compute

from .conftest import ISHOJ, ROOT

EXAMPLES = ROOT / "docs" / "examples"
THOUSANDS = EXAMPLES / "amounts_in_thousands.yaml"


def _case(path, text: str | None = None, tmp_path=None):
    if text is not None:
        assert tmp_path is not None
        path = tmp_path / "case.yaml"
        path.write_text(text, encoding="utf-8")
    loaded = load_case(str(path))
    assert loaded.ok, loaded.diagnostics
    return loaded


def test_a_table_in_thousands_computes_ishoj_to_the_krone():
    loaded = _case(THOUSANDS)
    assert loaded.diagnostics == []  # no pool warnings: the checks compare kroner with kroner
    mine, ishoj = compute(loaded.case), compute(_case(ISHOJ).case)
    assert mine.net == ishoj.net
    assert mine.net == (-250_000, -250_000, 100_000, 100_000, 100_000, 100_000, 100_000)
    assert mine.cumulative == ishoj.cumulative
    assert mine.drawn == ishoj.drawn == (250_000, 250_000, 0, 0, 0, 0, 0)
    assert mine.repayment == ishoj.repayment
    assert [line.values for line in mine.lines] == [line.values for line in ishoj.lines]
    family = next(line for line in mine.lines if line.name == "Familiebehandling")
    assert family.unit_costs == (40_000,) * 7  # 40 (1.000 kr.) is 40.000 kr.
    assert family.values[2] == 60_000  # 1,5 × 40.000


def test_the_document_figures_are_read_in_the_same_unit(cli):
    data = json.loads(cli("run", THOUSANDS, "--format", "json").stdout)
    assert data["reconciliation"]["checked"] == 15
    assert data["reconciliation"]["mismatches"] == []


def test_a_wrong_figure_in_thousands_is_flagged_in_kroner(cli, tmp_path):
    text = THOUSANDS.read_text(encoding="utf-8").replace(
        "values: {2021-2022: -250, 2023-2027: 100}", "values: {2021-2022: -251, 2023-2027: 100}"
    )
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("run", tmp_path / "c.yaml")
    assert "-251.000" in out.stdout and "-250.000" in out.stdout


def test_explain_shows_the_unit_factor(cli):
    out = cli("explain", THOUSANDS, "Familiebehandling", "2024")
    assert out.exit_code == 0
    assert "60.000" in out.stdout
    assert "1,5 × (40 × 1.000)" in out.stdout


def test_tkr_and_mio_are_names_for_the_factor(tmp_path):
    text = THOUSANDS.read_text(encoding="utf-8")
    tkr = _case(None, text.replace("amounts_in: 1000", "amounts_in: tkr"), tmp_path)
    assert compute(tkr.case).net[0] == -250_000
    mio = text.replace("amounts_in: 1000", "amounts_in: mio").replace("amount: 390", "amount: 0.39")
    assert compute(_case(None, mio, tmp_path).case).lines[0].values[0] == -390_000


def test_an_unknown_unit_is_a_located_error(cli, tmp_path):
    text = THOUSANDS.read_text(encoding="utf-8").replace("amounts_in: 1000", "amounts_in: 100")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("validate", tmp_path / "c.yaml")
    assert out.exit_code == 1
    assert "c.yaml:11:15" in out.output and "amounts_in" in out.output
    assert "Traceback" not in out.output


def test_without_amounts_in_every_amount_is_kroner():
    case = _case(ISHOJ).case
    assert case.meta.amounts_in == 1


PER_PERIOD = EXAMPLES / "prices_per_period.yaml"


def test_a_price_per_day_counts_365_days_and_per_week_52_weeks():
    loaded = _case(PER_PERIOD)
    assert loaded.diagnostics == []
    result = compute(loaded.case)
    placement = next(line for line in result.lines if line.name == "Anbringelse i familiepleje")
    assert placement.unit_costs == (561_735,) * 4  # SØM: 1.539 kr. a day × 365
    assert placement.values == (561_735,) * 4
    pension = next(line for line in result.lines if line.name == "Førtidspension")
    assert pension.unit_costs[2] == 188_292  # SØM: 3.621 kr. a week × 52
    assert pension.values == (0, 0, 376_584, 376_584)
    assert result.net == (-38_265, -38_265, 338_319, 338_319)


def test_a_price_per_day_reconciles_with_the_documents_yearly_figure(cli):
    data = json.loads(cli("run", PER_PERIOD, "--format", "json").stdout)
    assert data["reconciliation"]["checked"] == 4
    assert data["reconciliation"]["mismatches"] == []


def test_explain_shows_the_days_of_a_year(cli):
    out = cli("explain", PER_PERIOD, "Anbringelse i familiepleje", "2025")
    assert out.exit_code == 0
    assert "= antal × (pris pr. dag × 365)" in out.stdout
    assert "= 1 × (1.539 × 365)" in out.stdout
    assert "prices_per_period.yaml:24:26" in out.stdout  # the 1539 in the file
    en = cli("explain", PER_PERIOD, "Førtidspension", "2027", "--lang", "en")
    assert "= 2 × (3,621 × 52)" in en.stdout and "376,584" in en.stdout


def test_a_price_per_day_may_change_by_year(tmp_path):
    text = PER_PERIOD.read_text(encoding="utf-8").replace(
        "{per_day: 1539}", "{per_day: {2025: 1539, 2026-2028: 1600}}"
    )
    result = compute(_case(None, text, tmp_path).case)
    placement = result.lines[1]
    assert placement.values == (561_735, 584_000, 584_000, 584_000)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        # the examples are Danish cases: their messages are Danish
        ("{per_day: 1539, per_week: 3621}", "én nøgle, per_day, per_week eller per_month"),
        ("{per_dag: 1539}", "én nøgle, per_day, per_week eller per_month"),
        ("{per_day: -5}", "BC306"),
    ],
)
def test_a_wrong_price_per_period_is_a_located_error(cli, tmp_path, written, message):
    text = PER_PERIOD.read_text(encoding="utf-8").replace("{per_day: 1539}", written)
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("validate", tmp_path / "c.yaml")
    assert out.exit_code == 1
    assert message in out.output and "c.yaml:2" in out.output
    assert "Traceback" not in out.output


LUMP = EXAMPLES / "lump_sum_saving.yaml"
KOBENHAVN = ROOT / "cases" / "kobenhavn_tidlig_indsats_0_2.yaml"


def test_a_saving_known_only_as_an_amount():
    loaded = _case(LUMP)
    assert loaded.diagnostics == []
    result = compute(loaded.case)
    saving = next(line for line in result.lines if line.section == "avoided")
    # "0,5 mio. kr. årligt" in the first two years, "1,3 mio. kr. årligt" the next four
    assert saving.values == (500_000, 500_000, 1_300_000, 1_300_000, 1_300_000, 1_300_000)
    assert saving.counts is None and saving.unit_costs is None
    assert result.net[0] == -2_500_000
    assert result.payback_period == 6  # "kan investeringen hentes hjem på 6 år"


def test_the_amount_is_the_shipped_cases_count_times_price():
    """The shipped case writes the same savings as counts × prices (5 × 100.000; 8 × 100.000
    + 1 × 500.000); written as the text's amounts they are the same row."""
    shipped = compute(_case(KOBENHAVN).case, department="SOF")
    row = next(g for g in shipped.groups if g.name == "Besparelser på foranstaltninger (SOF)")
    saving = next(line for line in compute(_case(LUMP).case).lines if line.section == "avoided")
    assert row.values == saving.values


def test_explain_shows_the_amount_as_written(cli):
    out = cli("explain", LUMP, "Besparelser på foranstaltninger", "2019")
    assert "= 1,3 × 1.000.000" in out.stdout and "1.300.000" in out.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    count: 5\n", "som et 'amount' eller som 'count' × 'unit_cost', ikke begge"),
        (
            "    unit_cost: {per_day: 1539}\n",
            "som et 'amount' eller som 'count' × 'unit_cost', ikke begge",
        ),
    ],
)
def test_an_amount_and_a_count_is_an_error(cli, tmp_path, extra, message):
    text = LUMP.read_text(encoding="utf-8").replace(
        "    amount: {2017-2018: 0.5", extra + "    amount: {2017-2018: 0.5"
    )
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("validate", tmp_path / "c.yaml")
    assert out.exit_code == 1 and message in out.output and "c.yaml:25:5" in out.output


def test_neither_amount_nor_count_is_an_error(cli, tmp_path):
    text = LUMP.read_text(encoding="utf-8").replace(
        "    amount: {2017-2018: 0.5, 2019-2022: 1.3}\n", ""
    )
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("validate", tmp_path / "c.yaml")
    assert out.exit_code == 1 and "BC202" in out.output and "avoided[0].count" in out.output


def test_a_negative_saving_amount_is_refused(cli, tmp_path):
    text = LUMP.read_text(encoding="utf-8").replace("2019-2022: 1.3}", "2019-2022: -1.3}")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("validate", tmp_path / "c.yaml")
    assert out.exit_code == 1 and "BC309" in out.output


def test_a_price_paid_on_fewer_days_says_how_many(cli, tmp_path):
    text = PER_PERIOD.read_text(encoding="utf-8").replace(
        "{per_day: 1539}", "{per_day: 1539, days: 200}"
    )
    text = text.replace("{per_week: 3621}", "{per_week: 3621, weeks: 40}")
    text = text.replace("values: 561735", "values: 307800")
    result = compute(_case(None, text, tmp_path).case)
    assert result.lines[1].values == (307_800,) * 4  # 1.539 × 200
    assert result.lines[2].values == (0, 0, 289_680, 289_680)  # 2 × 3.621 × 40
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("explain", tmp_path / "c.yaml", "Anbringelse i familiepleje", "2025")
    assert "= 1 × (1.539 × 200)" in out.stdout and "dage om året = 200" in out.stdout
    bad = text.replace("days: 200", "days: 0")
    (tmp_path / "c.yaml").write_text(bad, encoding="utf-8")
    assert cli("validate", tmp_path / "c.yaml").exit_code == 1
