"""Financial years (2019-20) and relative years (year 1 ... n): read, computed, labelled."""

from __future__ import annotations

import json

from businesscase.fmt import YearForm
from businesscase.loader import load_case

from .conftest import ROOT

UK = ROOT / "docs" / "examples" / "uk_invest_to_save.yaml"
RELATIVE = ROOT / "docs" / "examples" / "relative_years.yaml"
MINIMAL = ROOT / "docs" / "examples" / "minimal.yaml"


def test_the_uk_case_runs_in_pounds_over_financial_years(cli):
    out = cli("run", UK)
    assert out.exit_code == 0
    lines = out.stdout.splitlines()
    assert (
        "┃ £, 2019 prices                    ┃  2019-20 ┃   2020-21 ┃   2021-22 ┃      Total ┃"
        in (lines)
    )
    # 1, 6 and 8 placements at £200,000 against a £400,000 team each year: £1.8m in all
    assert (
        "│ Net change                        │ -200,000 │   800,000 │ 1,200,000 │  1,800,000 │"
        in (lines)
    )
    assert any(line.endswith("2020-21 │") and "Payback year" in line for line in lines)


def test_the_document_total_of_1_5_million_is_flagged_where_it_is_written():
    loaded = load_case(str(UK), display="uk.yaml")
    [finding] = loaded.diagnostics
    assert finding.code == "BC401"
    assert (finding.line, finding.col) == (46, 16)
    assert "the document prints '£1.5 million' (£1,450,000 up to £1,550,000), " in finding.message
    assert "the case computes £1,800,000 (difference £300,000)" in finding.message


def test_json_gives_the_years_as_the_case_writes_them(cli):
    data = json.loads(cli("run", UK, "--format", "json").stdout)
    assert data["years"] == ["2019-20", "2020-21", "2021-22"]
    assert data["payback_year"] == "2020-21"
    assert data["reconciliation"]["mismatches"][0]["year"] is None
    relative = json.loads(cli("run", RELATIVE, "--format", "json").stdout)
    assert relative["years"] == [1, 2, 3, 4, 5, 6]
    assert relative["break_even_year"] == 3
    assert relative["pool_repaid_year"] == 5


def test_a_financial_year_is_counted_by_the_calendar_year_it_starts_in():
    case = load_case(str(UK)).case
    assert case is not None
    assert list(case.years) == [2019, 2020, 2021]
    assert case.period.form == YearForm("financial", start_month=4)
    assert case.funding[0].repayment.first_year == 2020  # written 2020-21


def test_relative_years_count_from_one_or_from_the_anchor(tmp_path, cli):
    case = load_case(str(RELATIVE)).case
    assert case is not None and list(case.years) == [1, 2, 3, 4, 5, 6]
    out = cli("run", RELATIVE)
    assert "År 1" in out.stdout and "År 6" in out.stdout
    anchored = tmp_path / "anchored.yaml"
    anchored.write_text(
        RELATIVE.read_text(encoding="utf-8").replace("  last: 6\n", "  last: 6\n  anchor: 2025\n"),
        encoding="utf-8",
    )
    case = load_case(str(anchored)).case
    assert case is not None and list(case.years) == [2025, 2026, 2027, 2028, 2029, 2030]
    text = cli("run", anchored, "--lang", "en").stdout
    assert "Year 3 (2027)" in text
    # the same case computes the same figures, whatever its years are called
    a = json.loads(cli("run", RELATIVE, "--format", "json").stdout)
    b = json.loads(cli("run", anchored, "--format", "json").stdout)
    assert a["net"] == b["net"] and a["years"] == b["years"]


def test_explain_and_diff_label_financial_years(cli, tmp_path):
    out = cli("explain", UK, "net", "2020-21")
    assert out.exit_code == 0
    assert out.stdout.startswith("Net change, 2020-21: 800,000\n")
    other = tmp_path / "other.yaml"
    other.write_text(UK.read_text(encoding="utf-8").replace("400000", "420000"), "utf-8")
    diff = cli("diff", UK, other).stdout
    assert (
        "│ Break-even year (first year with net ≥ 0)  │   2020-21 │   2020-21 │       0 │" in diff
    )
    assert "┃ £                         ┃ 2019-20 ┃ 2020-21 ┃ 2021-22 ┃   Total ┃" in diff


def test_a_diff_of_two_kinds_of_years_is_refused(cli):
    out = cli("diff", MINIMAL, RELATIVE)
    assert out.exit_code == 2
    assert out.stderr.startswith(f"businesscase: {RELATIVE}:12:10: the case counts its years")


def test_a_calendar_year_in_a_case_of_financial_years_is_a_located_error(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        UK.read_text(encoding="utf-8").replace("first_year: 2020-21", "first_year: 2020"),
        encoding="utf-8",
    )
    out = cli("validate", bad)
    assert out.exit_code == 1
    assert "bad.yaml:36:19: error[BC802] funding[0].repayment.first_year: '2020' is not a " in (
        out.stderr
    )


def test_the_workbook_heads_its_columns_with_the_financial_years(cli, tmp_path):
    import zipfile

    book = tmp_path / "uk.xlsx"
    assert cli("run", UK, "--format", "xlsx", "-o", book).exit_code == 0
    with zipfile.ZipFile(book) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<t>2019-20</t>" in strings and "<t>2021-22</t>" in strings


def test_a_range_of_financial_years_is_written_as_the_case_writes_one(cli, tmp_path):
    """A message names the period and its ranges with 'to' (2019-20 to 2021-22), never as
    2019-20-2021-22; a calendar case keeps 2023-2027."""
    bad = tmp_path / "bad.yaml"
    text = UK.read_text(encoding="utf-8").replace(
        "    amount: 400000\n", "    amount: {2018-19 to 2020-21: 400000, 2021-22: 400000}\n"
    )
    bad.write_text(text, encoding="utf-8")
    out = cli("validate", bad)
    assert (
        "warning[BC305] costs[0].amount.2018-19 to 2020-21: the years 2018-19 to 2020-21 reach "
        "outside the period 2019-20 to 2021-22; only the years inside are counted" in out.stderr
    )
    assert "hint: write 2019-20 to 2020-21, or widen the period" in out.stderr
    out = cli("explain", UK, "net", "2023")
    assert out.exit_code == 2
    assert "2023 is outside the case's period 2019-20 to 2021-22" in out.stderr
    out = cli("explain", UK, "net", "year 9")
    assert out.exit_code == 2
    assert "'year 9' is not a year of the case: write one of 2019-20, 2020-21, 2021-22" in (
        out.stderr
    )


def test_a_path_into_the_case_reads_its_years_in_the_periods_form(tmp_path):
    """A printed figure's input, avoided[...].count[2020-21], names a financial year as the
    case writes it; the figure (6 placements) is then used and agrees."""
    case = tmp_path / "uk.yaml"
    text = UK.read_text(encoding="utf-8") + (
        "    printed:\n"
        "      - quote: six placements avoided in 2020-21\n"
        "        value: 6\n"
        "        input: avoided[Residential placements avoided].count[2020-21]\n"
    )
    case.write_text(text, encoding="utf-8")
    loaded = load_case(str(case))
    assert [d.code for d in loaded.diagnostics] == ["BC401"]  # only the £1.5 million
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace("value: 6", "value: 7"), encoding="utf-8")
    [flagged] = [d for d in load_case(str(wrong)).diagnostics if d.code != "BC401"]
    assert flagged.code == "BC405"
    assert "the document prints 7, the case holds 6 at avoided[" in flagged.message


def _with_range(path, written: str, ranged: str, tmp_path):
    """The example with one ranged input, so that ``sensitivity`` has something to move."""
    out = tmp_path / path.name
    text = path.read_text(encoding="utf-8")
    assert written in text
    out.write_text(text.replace(written, ranged), encoding="utf-8")
    return out


def test_sensitivity_by_takes_the_year_as_the_case_writes_it(cli, tmp_path):
    """--by 2021-22 in a case of financial years, --by 'År 3' / 'Year 3' / 3 in a case of
    relative years; the calendar year still works; the output names the year in the case's
    form. Placements at £150,000 to £250,000 move the net from £1,050,000 to £2,550,000;
    payback stays 2020-21, before 2021-22."""
    uk = _with_range(
        UK,
        "unit_cost: 200000",
        "unit_cost: {value: 200000, range: {low: 150000, high: 250000}}",
        tmp_path,
    )
    written = cli("sensitivity", uk, "--by", "2021-22")
    assert written.exit_code == 0, written.output
    assert "Switching value (payback later than 2021-22):" in written.stdout
    assert cli("sensitivity", uk, "--by", "2021").stdout == written.stdout
    data = json.loads(cli("sensitivity", uk, "--by", "2021-22", "-f", "json").stdout)
    assert data["by"] == "2021-22"
    assert data["written"]["payback_year"] == "2020-21"
    [row] = data["inputs"]
    assert (row["at_low"]["total_net"], row["at_high"]["total_net"]) == (1_050_000, 2_550_000)
    assert row["at_low"]["payback_year"] == row["at_high"]["payback_year"] == "2020-21"
    for outside in ("2022-23", "2018", "2021-23", "year 3"):
        out = cli("sensitivity", uk, "--by", outside)
        assert out.exit_code == 2, outside
        assert f"--by {outside}: not a year of the case (2019-20 to 2021-22)" in out.stderr

    relative = _with_range(
        RELATIVE,
        "unit_cost: 120000",
        "unit_cost: {value: 120000, range: {low: 90000, high: 150000}}",
        tmp_path,
    )
    by_3 = cli("sensitivity", relative, "--by", "År 3")
    assert by_3.exit_code == 0, by_3.output
    assert "Skifteværdi (tilbagebetalingsår senere end År 3):" in by_3.stdout
    # at 90.000 kr. a family payback comes a year later (År 4), at 150.000 kr. in År 3
    assert "560.000  2.000.000              0        0                        År 4     År 3" in (
        by_3.stdout
    )
    for same in ("Year 3", "3", "år 3"):
        assert cli("sensitivity", relative, "--by", same).stdout == by_3.stdout, same
    assert json.loads(cli("sensitivity", relative, "--by", "År 3", "-f", "json").stdout)["by"] == 3
    for outside in ("7", "År 0", "2027"):
        out = cli("sensitivity", relative, "--by", outside)
        assert out.exit_code == 2, outside
        assert f"--by {outside}: not a year of the case (1-6)" in out.stderr


def test_a_year_on_the_command_line_is_read_in_the_periods_form():
    financial = YearForm("financial", start_month=4)
    assert [financial.read(t) for t in ("2021-22", "2021/22", " 2021 - 22 ", "2021")] == [2021] * 4
    assert [financial.read(t) for t in ("2021-23", "21-22", "Year 3", "")] == [None] * 4
    relative = YearForm("relative")
    assert [relative.read(t) for t in ("3", "År 3", "year 3", "YEAR  3")] == [3] * 4
    assert [relative.read(t) for t in ("2027", "År", "3-4", "³")] == [None] * 4
    anchored = YearForm("relative", anchor=2025)
    assert [anchored.read(t) for t in ("3", "Year 3", "Year 3 (2027)", "År 3 (2027)")] == [2027] * 4
    assert anchored.read("2027") == 2027
    assert anchored.read("Year 3 (2026)") is None
    assert [YearForm().read(t) for t in ("2023", "2023-24", "3")] == [2023, None, None]


def test_explain_reads_a_year_of_an_anchored_case_as_every_output_shows_it(cli, tmp_path):
    anchored = tmp_path / "anchored.yaml"
    anchored.write_text(
        RELATIVE.read_text(encoding="utf-8").replace("  last: 6\n", "  last: 6\n  anchor: 2025\n"),
        encoding="utf-8",
    )
    shown = cli("explain", anchored, "net", "3", "--lang", "en")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Net change, Year 3 (2027): ")
    for same in ("Year 3 (2027)", "Year 3", "År 3", "2027"):
        assert cli("explain", anchored, "net", same, "--lang", "en").stdout == shown.stdout, same


def test_the_hint_for_a_path_into_the_case_writes_a_year_as_the_case_does(tmp_path):
    """BC406's hint gives an example path with the period's first year in the case's own
    form: count[2019-20] in financial years, count[1] in relative years (a calendar case
    keeps count[2023], tests/golden/checks/BC406.txt)."""
    misspelt = (
        "    printed:\n"
        "      - quote: six placements avoided in 2020-21\n"
        "        value: 6\n"
        "        input: avoided[Residential placements avoided].cuont[2020-21]\n"
    )
    uk = tmp_path / "uk.yaml"
    uk.write_text(UK.read_text(encoding="utf-8") + misspelt, encoding="utf-8")
    [finding] = [d for d in load_case(str(uk)).diagnostics if d.code == "BC406"]
    assert finding.hint == (
        "write a path such as costs[NAME].amount, avoided[NAME].count[2019-20], "
        "parameters.NAME or period.first"
    )
    relative = tmp_path / "relative.yaml"
    relative.write_text(
        RELATIVE.read_text(encoding="utf-8")
        + "\nstated:\n  - source: Notat\n    printed:\n"
        + "      - quote: 3 familier i år 2\n        value: 3\n"
        + "        input: avoided[Familiebehandling].cuont[2]\n",
        encoding="utf-8",
    )
    [finding] = [d for d in load_case(str(relative)).diagnostics if d.code == "BC406"]
    assert "].count[1], " in finding.hint


def test_the_reconciliation_table_and_the_ledger_give_pounds_their_sign(cli):
    """The UK case's figures are pounds in every column: the document's '£1.5 million'
    against the computed £1,800,000, a difference of £300,000; the ledger's table 2 rows
    (1, 6 and 8 placements at £200,000) too, in English and in Danish."""
    table = cli("run", UK).stdout
    assert (
        "│ Cabinet report, summary │ Net savings over the three years │ Total │ £1.5 million "
        "│ £1,800,000 │   £300,000 │ not explained in the case │"
    ) in table
    markdown = cli("run", UK, "--format", "markdown").stdout
    assert "| Total | £1.5 million | £1,800,000 | £300,000 |" in markdown
    ledger = cli("run", UK, "--ledger").stdout
    assert "    The case: £1,800,000 in total\n" in ledger
    assert "    Figure: 2019-20: £200,000; 2020-21: £1,200,000; 2021-22: £1,600,000\n" in ledger
    figures = json.loads(cli("run", UK, "--ledger", "--format", "json").stdout)["ledger"]
    assert figures["figures"][0]["case"] == "£1,800,000 in total"
    danish = cli("run", UK, "--ledger", "--lang", "da").stdout
    assert "    Casen: 2019-20: 200.000 £; 2020-21: 1.200.000 £; 2021-22: 1.600.000 £\n" in danish


def test_kroner_in_the_ledger_stay_as_the_tables_print_them(cli):
    """A case in kroner keeps its ledger's amounts without a sign, in Danish and in English
    (the goldens hold the rest of its output)."""
    case = ROOT / "cases" / "kobenhavn_tidlig_indsats_0_2.yaml"
    da = cli("run", case, "--ledger").stdout
    assert "    Casen: 2017-2018: -3.000.000\n" in da
    en = cli("run", case, "--ledger", "--lang", "en").stdout
    assert "    The case: 2017-2018: -3,000,000\n" in en


def test_simulate_writes_its_years_as_the_case_does(cli, tmp_path):
    """simulate's yearly table, its payback years and its JSON and CSV name a financial year
    2020-21 and a relative year År 1, not the number the calculation counts by. Every
    placement price from £150,000 to £250,000 pays back in 2020-21 (sensitivity's low and
    high both do), so every draw does."""
    uk = _with_range(
        UK,
        "unit_cost: 200000",
        "unit_cost: {value: 200000, range: {low: 150000, high: 250000}}",
        tmp_path,
    )
    text = cli("simulate", uk, "--draws", "2000", "--seed", "1").stdout
    rows = [line.split()[0] for line in text.splitlines() if line[:2] == "20"]
    assert rows == ["2019-20", "2020-21", "2021-22"]
    assert text.endswith("Payback year:\n- 2020-21: 100 %\n")
    data = json.loads(cli("simulate", uk, "--draws", "2000", "--seed", "1", "-f", "json").stdout)
    assert [y["year"] for y in data["years"]] == ["2019-20", "2020-21", "2021-22"]
    assert data["payback_years"] == [{"year": "2020-21", "share": 1.0}]
    relative = _with_range(
        RELATIVE,
        "unit_cost: 120000",
        "unit_cost: {value: 120000, range: {low: 90000, high: 150000}}",
        tmp_path,
    )
    text = cli("simulate", relative, "--draws", "2000", "--seed", "1").stdout
    rows = [line.split()[:2] for line in text.splitlines() if line.startswith("År ")]
    assert rows[1:] == [["År", str(n)] for n in range(1, 7)]  # after the head
    # at 90.000 kr. a family payback comes in År 4, at 150.000 kr. in År 3 (sensitivity)
    paid = text.split("Tilbagebetalingsår:\n")[1].splitlines()
    assert [line.split(":")[0] for line in paid] == ["- År 3", "- År 4"]
    table = cli("simulate", relative, "--draws", "2000", "--seed", "1", "-f", "csv").stdout
    assert [r.split(",")[1] for r in table.splitlines() if r.startswith("net,")] == [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
    ]


def test_csv_key_figures_give_the_year_as_the_case_writes_it(cli):
    """The CSV's key figures name a year as its columns and the JSON do (2020-21)."""
    rows = cli("run", UK, "--format", "csv").stdout.splitlines()
    assert "Break-even year (first year with net ≥ 0),2020-21" in rows
    assert "Payback year (cumulative ≥ 0 from then on),2020-21" in rows
    assert "Invest to Save Fund repaid,2020-21" in rows


def _uk_followed_up(tmp_path):
    """The UK case followed up after 2020-21: 1 and 4 placements against a plan of 1 and 6."""
    (tmp_path / "uk.yaml").write_text(UK.read_text(encoding="utf-8"), encoding="utf-8")
    followup = tmp_path / "followup.yaml"
    followup.write_text(
        "follows: uk.yaml\n"
        "actuals:\n"
        "  as_of: 2020-21\n"
        "  reproject: scaled\n"
        "  lines:\n"
        "    Residential placements avoided:\n"
        "      count: {2019-20: 1, 2020-21: 4}\n",
        encoding="utf-8",
    )
    return followup


def test_a_follow_up_of_a_case_in_financial_years_names_its_years_so(cli, tmp_path):
    """A follow-up after 2020-21: its heading, its table, its rule, JSON and CSV write
    2019-20, 2020-21 and 2021-22."""
    followup = _uk_followed_up(tmp_path)
    text = cli("run", followup).stdout
    assert "Follow-up: plan and actual up to 2020-21\n" in text
    assert "┃ £, 2019 prices                 ┃ 2019-20 ┃   2020-21 ┃     Total ┃" in text
    assert "│   actual                       │ 200,000 │   800,000 │ 1,000,000 │" in text
    assert "Re-projected: 2021-22 by the plan scaled by the realised effect" in text
    data = json.loads(cli("run", followup, "--format", "json").stdout)["followup"]
    assert (data["as_of"], data["remaining_years"]) == ("2020-21", ["2021-22"])
    assert data["lines"][0]["years"] == ["2019-20", "2020-21"]
    rows = cli("run", followup, "--format", "csv").stdout.splitlines()
    assert "Name,,2019-20,2020-21,Total" in rows
    assert "Residential placements avoided,actual,200000,800000,1000000" in rows


def test_pool_and_diff_name_a_follow_ups_years_as_the_case_does(cli, tmp_path):
    """pool's follow-up lines and JSON, and diff's title of a followed-up case: 2020-21, not
    2020. Realised £200,000 against £600,000 planned up to 2020-21; the £200,000 is still
    repaid in 2020-21."""
    followup = _uk_followed_up(tmp_path)
    text = cli("pool", followup).stdout
    assert "    net up to 2020-21: £200,000 realised against £600,000 planned (-£400,000)\n" in text
    assert "owed at the end of 2021-22 (planned:" in text
    assert "    repaid (re-projected / planned): 2020-21 / 2020-21\n" in text
    [case] = json.loads(cli("pool", followup, "--format", "json").stdout)["pools"][0]["cases"]
    schedule = case["schedule"]
    assert schedule["as_of"] == "2020-21"
    assert schedule["repaid_year_plan"] == schedule["repaid_year_reprojected"] == "2020-21"
    diff = cli("diff", tmp_path / "uk.yaml", followup).stdout
    assert "(Edge of care service (invest to save), followed up to 2020-21)" in diff
