"""``businesscase pool --rules FILE``: the pool against its frame, and its rules broken.

The example is docs/examples/pool/ (two cases on Investeringspuljen) with the rules in
docs/examples/pool/rules/investeringspuljen.yaml: a frame of 1.000.000, a cap of 600.000 a
case, at most 4 years from the first draw to repaid, and a required return of 2 %.
"""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import ROOT

FOLDER = ROOT / "docs" / "examples" / "pool"
RULES = FOLDER / "rules" / "investeringspuljen.yaml"


def test_the_pool_against_its_frame_and_the_rules_broken(cli) -> None:
    """Lent out: 400.000 drawn in 2025; 2026 + 300.000 drawn − 200.000 repaid = 500.000;
    2027 − 250.000 = 250.000; 2028 200.000; 2029 150.000. The frame holds (headroom 600.000,
    500.000, 750.000, 800.000, 850.000).

    Familiebehandling: 400.000 out in 2025, 200.000 back in 2026 and 2027; at 2 %:
    −400.000 + 200.000/1,02 + 200.000/1,02² = −11.687,81: below the return (BC713).
    Tidlig indsats: first draw 2026, 150.000 still owed in 2029: not repaid within 4 years
    (BC712), and 150.000 of 300.000 back is far below the return (BC713).
    """
    result = cli("pool", FOLDER, "--rules", RULES, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [pool] = data["pools"]
    assert pool["frame"] == {
        "frame": 1000000,
        "lent": [400000, 500000, 250000, 200000, 150000],
        "headroom": [600000, 500000, 750000, 800000, 850000],
    }
    found = [(b["code"], Path(b["file"]).name, b["line"], b["path"]) for b in data["breaches"]]
    assert found == [
        ("BC713", "familiebehandling.yaml", 27, "funding[0].repayment"),
        ("BC712", "tidlig_indsats.yaml", 27, "funding[0].repayment"),
        ("BC713", "tidlig_indsats.yaml", 27, "funding[0].repayment"),
    ]
    assert "11.688" in data["breaches"][0]["message"]
    assert "error[BC712]" in result.stderr


def test_a_rules_file_is_checked_strictly(cli, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("pool: Investeringspuljen\nframe: many\ncap_per_cse: 5\n", "utf-8")
    result = cli("pool", FOLDER, "--rules", rules)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{rules}:2:8: error[BC" in result.stderr
    assert f"{rules}:3:1: error[BC201]" in result.stderr
    assert "cap_per_case" in result.stderr  # did you mean


def test_a_bad_case_is_left_out_and_the_others_ruled(cli, tmp_path: Path) -> None:
    for case in FOLDER.glob("*.yaml"):
        (tmp_path / case.name).write_text(case.read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "broken.yaml").write_text("format: 1\nmeta: {title: x}\n", "utf-8")
    strict = tmp_path / "strict.yaml"
    strict.write_text("pool: Investeringspuljen\ncap_per_case: 350000\n", "utf-8")
    result = cli("pool", tmp_path, "--rules", strict, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [Path(f).name for f in data["left_out"]] == ["broken.yaml"]
    [breach] = data["breaches"]
    assert (breach["code"], Path(breach["file"]).name) == ("BC711", "familiebehandling.yaml")
    assert breach["path"] == "funding[0].amount"
    assert "broken.yaml" in result.stderr


def test_rules_kept_exit_0(cli, tmp_path: Path) -> None:
    loose = tmp_path / "loose.yaml"
    loose.write_text("pool: Investeringspuljen\nframe: 500000\n", "utf-8")
    result = cli("pool", FOLDER, "--rules", loose)
    assert result.exit_code == 0, result.output
    assert "Alle puljens regler er overholdt." in result.stdout
    assert "Ledig ramme" in result.stdout


def test_csv_in_the_danish_dialect_and_markdown(cli) -> None:
    csv_text = cli("pool", FOLDER, "--rules", RULES, "--format", "csv").stdout
    assert csv_text.startswith("\ufeff")
    lines = csv_text.splitlines()
    assert "Puljen i alt;Udlånt;400000;500000;250000;200000;150000;" in lines
    assert any(line.startswith("BC712;") for line in lines)
    english = cli("pool", FOLDER, "--rules", RULES, "--format", "csv", "--lang", "en").stdout
    assert "The pool in all,Lent out,400000,500000,250000,200000,150000," in english.splitlines()
    markdown = cli("pool", FOLDER, "--rules", RULES, "--format", "markdown").stdout
    assert (
        "| Puljen i alt | Ledig ramme | 600.000 | 500.000 | 750.000 | 800.000 | 850.000 |  |"
        in (markdown)
    )
    assert "BC713" in markdown


def test_the_rules_speak_the_cases_currency_and_years(cli, tmp_path: Path) -> None:
    """A pool of cases in pounds over financial years: its breaches name pounds and 2019-20,
    not kroner and the calendar year the calculation counts with."""
    uk = ROOT / "docs" / "examples" / "uk_invest_to_save.yaml"
    (tmp_path / uk.name).write_text(uk.read_text(encoding="utf-8"), "utf-8")
    rules = tmp_path / "rules" / "fund.yaml"
    rules.parent.mkdir()
    rules.write_text("pool: Invest to Save Fund\ncap_per_case: 100000\nmax_payback_years: 1\n")
    result = cli("pool", tmp_path, "--rules", rules)
    assert result.exit_code == 1
    assert "the case draws £200,000 on the pool, above its cap of £100,000 a case" in (
        result.stderr
    )
    assert (
        "the case repays the pool in 2020-21, 2 years from its first draw in 2019-20; "
        "the pool allows 1" in result.stderr
    )
    assert "hint: repay by 2019-20" in result.stderr


def test_the_required_return_is_said_in_the_output_language(cli, tmp_path: Path) -> None:
    """A required return of 2,5 %: '2.5 %' in English, '2,5 %' in Danish (BC713)."""
    rules = tmp_path / "rules.yaml"
    text = RULES.read_text(encoding="utf-8")
    assert "required_return: 0.02\n" in text
    rules.write_text(text.replace("required_return: 0.02", "required_return: 0.025"), "utf-8")
    en = cli("pool", FOLDER, "--rules", rules, "--lang", "en").stderr
    assert "discounted at the pool's required return of 2.5 % a year" in en
    da = cli("pool", FOLDER, "--rules", rules).stderr
    assert "2,5 %" in da and "2.5 %" not in da
