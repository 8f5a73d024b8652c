"""``businesscase pool``: every case drawing on the same pool, in one view.

Two cases draw on Investeringspuljen (worked by hand below), a third on another pool, and a
fourth is not a valid case.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import ROOT

HEAD = """\
format: 1
meta: {{title: {title}, organisation: Test, price_level: 2024}}
period: {{first: {first}, last: {last}}}
"""

A = (
    HEAD.format(title="Sag A", first=2025, last=2028)
    + """\
costs:
  - {name: Indsats, amount: {2025: 400000}}
avoided:
  - {name: Anbringelse, count: {2026-2028: 1}, unit_cost: 200000}
funding:
  - kind: pool
    amount: 400000
    repayment: {first_year: 2026, amount: 200000, years: until_repaid}
"""
)

B = (
    HEAD.format(title="Sag B", first=2026, last=2029)
    + """\
costs:
  - {name: Indsats, amount: {2026: 300000}}
avoided:
  - {name: Anbringelse, count: {2027-2029: 1}, unit_cost: 100000}
funding:
  - kind: pool
    amount: 300000
    repayment: {first_year: 2027, amount: 50000, years: 3}
"""
)

C = (
    HEAD.format(title="Sag C", first=2025, last=2026)
    + """\
costs:
  - {name: Indsats, amount: {2025: 100000}}
funding:
  - {kind: pool, name: Sundhedspuljen, amount: 100000}
"""
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in (("a.yaml", A), ("b.yaml", B), ("c.yaml", C)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_two_cases_on_one_pool(folder: Path, cli) -> None:
    """A draws 400.000 in 2025 and repays 200.000 in 2026 and 2027: repaid in 2027.
    B draws 300.000 in 2026 and repays 50.000 in 2027-2029: 150.000 still owed in 2029.

    The pool, 2025-2029: drawn 400.000, 300.000, 0, 0, 0; repaid 0, 200.000, 250.000,
    50.000, 50.000; owed 400.000 (A), 500.000 (A 200.000 + B 300.000), 250.000, 200.000,
    150.000 (A's 0 carried past its last year 2028). B is behind.
    """
    result = cli("pool", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["name"] for p in data["pools"]] == ["Investeringspuljen", "Sundhedspuljen"]
    pool = data["pools"][0]
    assert pool["years"] == [2025, 2026, 2027, 2028, 2029]
    assert pool["drawn"] == [400000, 300000, 0, 0, 0]
    assert pool["repaid"] == [0, 200000, 250000, 50000, 50000]
    assert pool["balance"] == [400000, 500000, 250000, 200000, 150000]
    assert pool["total_drawn"] == 700000 and pool["total_repaid"] == 550000
    a, b = pool["cases"]
    assert a["repaid_year"] == 2027 and not a["behind"]
    assert b["balance"] == [300000, 250000, 200000, 150000]
    assert b["owed_at_end"] == 150000 and b["repaid_year"] is None
    assert pool["behind"] == [b["file"]]
    assert data["pools"][1]["balance"] == [100000, 100000]
    assert data["left_out"] == []


def test_text_names_the_case_behind(folder: Path, cli) -> None:
    result = cli("pool", folder / "a.yaml", folder / "b.yaml")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Pulje: Investeringspuljen, Test (2 sager)\n")
    assert "Ikke tilbagebetalt ved periodens slutning:" in out
    assert f"{folder / 'b.yaml'}: 150.000 kr. i restgæld ved udgangen af 2029" in out
    *_, owed = (line for line in out.splitlines() if line.startswith("  Restgæld"))
    assert owed.split()[1:] == ["400.000", "500.000", "250.000", "200.000", "150.000"]


def test_a_bad_case_is_left_out_and_reported(folder: Path, cli) -> None:
    (folder / "d.yaml").write_text("format: 1\nmeta: {title: D}\n", encoding="utf-8")
    result = cli("pool", folder, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["left_out"] == [str(folder / "d.yaml")]
    assert len(data["pools"][0]["cases"]) == 2
    assert "d.yaml" in result.stderr and "error[" in result.stderr


def test_a_missing_path_is_a_usage_error(tmp_path: Path, cli) -> None:
    assert cli("pool", tmp_path / "nope.yaml").exit_code == 2


def test_shipped_cases_on_their_pools(cli) -> None:
    """The two shipped cases with a pool, each its own municipality's Investeringspuljen.

    Ishøj draws 250.000 in 2021 and 2022 and repays 100.000 a year 2023-2027 (the
    application's table): repaid in 2027. København draws 2.100.000 and 1.500.000 (2017,
    2018) and its document gives no repayment plan: 3.600.000 owed at the end of 2022.
    """
    result = cli("pool", ROOT / "cases", "--format", "json")
    assert result.exit_code == 0, result.stderr
    pools = {p["organisation"]: p for p in json.loads(result.stdout)["pools"]}
    assert {p["name"] for p in pools.values()} == {"Investeringspuljen"}
    ishoj = pools["Ishøj Kommune"]
    assert ishoj["balance"] == [250000, 500000, 400000, 300000, 200000, 100000, 0]
    assert ishoj["behind"] == [] and ishoj["cases"][0]["repaid_year"] == 2027
    [kbh] = [p for org, p in pools.items() if org.startswith("K")]
    assert kbh["drawn"] == [2100000, 1500000, 0, 0, 0, 0]
    assert kbh["cases"][0]["owed_at_end"] == 3600000 and len(kbh["behind"]) == 1
    assert len(pools) == 2


WRITE_OFF = ROOT / "docs" / "examples" / "pay_for_success_write_off.yaml"
PAY_FOR_SUCCESS = ROOT / "docs" / "examples" / "pay_for_success.yaml"


def test_a_debt_written_off_is_not_called_repaid(cli):
    """The pool writes off 525.000 kr. of the case's debt in 2031 (725.000 owed, 200.000
    repaid that year): the pool says so, with the amount, and never that all is repaid."""
    da = cli("pool", WRITE_OFF).stdout
    assert "Alle sager er tilbagebetalt" not in da
    assert "Ikke tilbagebetalt; puljen afskriver restgælden:\n" in da
    assert f"  {WRITE_OFF}: 525.000 kr. afskrevet i 2031\n" in da
    assert re.search(r"\n  Afskrevet +0 +0 +0 +0 +0 +0 +525\.000 +0 +0 +525\.000\n", da)
    en = cli("pool", WRITE_OFF, PAY_FOR_SUCCESS, "--lang", "en").stdout
    assert "Every case is repaid" not in en
    assert f"  {WRITE_OFF}: DKK 525,000 written off in 2031\n" in en
    assert "The other case is repaid within its period.\n" in en  # one other: pay for success
    data = json.loads(cli("pool", WRITE_OFF, "--format", "json").stdout)["pools"][0]
    assert data["total_written_off"] == 525_000 and data["written_off_cases"] == [str(WRITE_OFF)]
    assert data["cases"][0]["written_off"][6] == 525_000


def test_a_pool_that_writes_nothing_off_has_no_written_off_row(cli):
    out = cli("pool", PAY_FOR_SUCCESS).stdout
    assert "Afskrevet" not in out and "Sagen er tilbagebetalt inden for sin periode." in out
    data = json.loads(cli("pool", PAY_FOR_SUCCESS, "--format", "json").stdout)["pools"][0]
    assert "written_off" not in data and "written_off_cases" not in data


POOL = ROOT / "docs" / "examples" / "pool"


@pytest.mark.parametrize(
    ("files", "lang", "heading", "closing"),
    [
        (
            ["familiebehandling.yaml"],
            "da",
            "(1 sag)",
            "Sagen er tilbagebetalt inden for sin periode.",
        ),
        (
            ["familiebehandling.yaml"],
            "en",
            "(1 case)",
            "The case is repaid within its period.",
        ),
        (
            ["familiebehandling.yaml", "tidlig_indsats.yaml"],
            "da",
            "(2 sager)",
            f"  {POOL / 'tidlig_indsats.yaml'}: 150.000 kr. i restgæld ved udgangen af 2029",
        ),
        (
            ["familiebehandling.yaml", "tidlig_indsats.yaml"],
            "en",
            "(2 cases)",
            f"  {POOL / 'tidlig_indsats.yaml'}: DKK 150,000 still owed at the end of 2029",
        ),
    ],
)
def test_a_pool_counts_its_cases_in_whole_words(cli, files, lang, heading, closing):
    """One case is 'sag' and 'case', two are 'sager' and 'cases', and a pool of one case says
    that case is repaid, not that all of them are."""
    out = cli("pool", *(POOL / f for f in files), "--lang", lang).stdout.splitlines()
    assert (
        out[0]
        == f"{'Pulje' if lang == 'da' else 'Pool'}: Investeringspuljen, Eksempel Kommune {heading}"
    )
    assert out[-1] == closing


@pytest.mark.parametrize(
    ("lang", "closing"),
    [
        ("da", "Den øvrige sag er tilbagebetalt inden for sin periode."),
        ("en", "The other case is repaid within its period."),
    ],
)
def test_the_one_other_case_is_said_in_the_singular(cli, lang, closing):
    """The write-off example beside Familiebehandling: 525.000 written off, and the one other
    case repaid in 2027."""
    out = cli("pool", WRITE_OFF, POOL / "familiebehandling.yaml", "--lang", lang).stdout
    assert out.splitlines()[-1] == closing


FOLLOWUP = ROOT / "docs" / "examples" / "followup"


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize(
    "paths",
    [
        [POOL],
        [POOL / "familiebehandling.yaml"],
        [WRITE_OFF, POOL / "familiebehandling.yaml"],
        [FOLLOWUP],
    ],
    ids=["pool", "one", "written_off", "followup"],
)
def test_markdown_says_what_the_text_says(cli, lang, paths):
    """Every line of the text output is in the Markdown: the heading with its count of cases,
    each case with its title and the year it is repaid, the closing sentences (not repaid,
    written off, repaid, followed up); a row of the table by its label and figures."""
    text = cli("pool", *paths, "--lang", lang).stdout.splitlines()
    markdown = cli("pool", *paths, "--lang", lang, "--format", "markdown").stdout.splitlines()
    said = {re.sub(r"^(## |\s*- )", "", line) for line in markdown}
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in markdown if line[:1] == "|"]
    years = re.compile(r"^\S*(\s+\d{4})+\s+\S+( \S+)?$")  # the table's header
    figures = re.compile(r"^  (\S.*?)((?:\s+-?[\d.,]+|\s{3,})+)$")  # a row: label, figures
    for line in filter(None, text):
        if years.match(line) or line.strip() == rows[0][-1] or line in said:
            continue
        if line.strip() in said or line in {r[0] for r in rows}:
            continue
        row = figures.match(line)
        assert row, f"not in the Markdown: {line!r}"
        label, cells = row[1], row[2].split()
        assert any(r[1] == label and [c for c in r[2:] if c] == cells for r in rows), line
    assert any(line.startswith(("Pulje: ", "Pool: ")) for line in text)
