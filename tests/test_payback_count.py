"""The payback period counted as the document counts it, and said how in the output."""

from __future__ import annotations

import json

from businesscase.loader import load_case

from .conftest import CASES, ROOT

EXAMPLE = ROOT / "docs" / "examples" / "payback_after_first_year.yaml"
ISHOJ = CASES / "ishoj_hjemmebaseret.yaml"


def test_ishoj_counts_both_years_and_says_so(cli):
    # Ishøj starts in 2021 and the pool's balance is 0 from 2027: 2021 to 2027 is 7 years
    out = cli("run", ISHOJ)
    assert "│ Tilbagebetalingstid                            7 år (2021 til og med 2027) │" in (
        out.stdout
    )
    data = json.loads(cli("run", ISHOJ, "--format", "json").stdout)
    assert (data["payback_period_years"], data["payback_period_counted"]) == (7, "inclusive")


def test_a_document_counting_the_years_after_the_first_reconciles(cli):
    assert load_case(str(EXAMPLE)).diagnostics == []
    out = cli("run", EXAMPLE, "--lang", "en")
    assert "Payback period" in out.stdout
    assert "2 years (after 2025, up to 2027)" in out.stdout
    data = json.loads(cli("run", EXAMPLE, "--format", "json").stdout)
    assert (data["payback_year"], data["payback_period_years"]) == (2027, 2)
    assert data["payback_period_counted"] == "after_first_year"


def test_the_inclusive_count_of_the_same_case_is_one_more_and_is_flagged(tmp_path):
    inclusive = tmp_path / "inclusive.yaml"
    inclusive.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("  payback_counted: after_first_year\n", ""),
        encoding="utf-8",
    )
    [finding] = load_case(str(inclusive)).diagnostics
    assert finding.code == "BC402"
    assert "'payback_period': the document prints 2, the case computes 3" in finding.message


def test_explain_shows_the_count(cli):
    after = cli("explain", EXAMPLE, "payback_period", "--lang", "en").stdout
    assert after.startswith(
        "Payback period: 2\n"
        "  = Payback year (cumulative ≥ 0 from then on) − first year with amounts\n"
        "  = 2027 − 2025\n"
    )
    both = cli("explain", ISHOJ, "payback_period", "--lang", "en").stdout
    assert both.startswith(
        "Payback period: 7\n"
        "  = Payback year (cumulative ≥ 0 from then on) − first year with amounts + 1\n"
    )
