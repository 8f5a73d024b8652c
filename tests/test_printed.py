"""Stated figures as precise as the document prints them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from businesscase.loader import load_case
from businesscase.model import parse_printed

from .conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "stated_as_printed.yaml"
UK = ROOT / "docs" / "examples" / "uk_invest_to_save.yaml"


@pytest.mark.parametrize(
    ("text", "language", "low", "high", "open_"),
    [
        # København: "svarende til en udgift på 2,1 mio. kr. i 2017"
        ("2,1 mio. kr.", "da", 2_050_000, 2_150_000, True),
        ("£1.5 million", "en", 1_450_000, 1_550_000, True),
        ("knap 7 mio.", "da", 6_500_000, 7_000_000, False),
        ("godt 3 mio.", "da", 3_000_000, 3_500_000, True),
        ("op til 2,2 mio.", "da", None, 2_250_000, True),
        ("up to £2.2m", "en", None, 2_250_000, True),
        ("ca. 85", "da", Fraction(169, 2), Fraction(171, 2), True),
        # Ishøj, Table 2: "á 5.000 kr. pr. forløb": exact to the krone
        ("5.000 kr.", "da", Fraction(9999, 2), Fraction(10001, 2), True),
        ("1,918,000", "en", Fraction(3835999, 2), Fraction(3836001, 2), True),
    ],
)
def test_a_printed_figure_allows_what_its_words_allow(text, language, low, high, open_):
    figure = parse_printed(text, language)
    assert figure is not None
    assert (figure.low, figure.high, figure.high_open) == (low, high, open_)


def test_the_precision_decides_what_agrees():
    two_one = parse_printed("2,1 mio.", "da")
    assert two_one is not None
    assert two_one.allows(2_050_000) and two_one.allows(2_149_999)
    assert not two_one.allows(2_150_000) and not two_one.allows(2_500_000)
    # "3,0 mio. i udgift minus 0,5 mio." is 2,5 mio.: the document's 2,1 mio. still disagrees
    assert not two_one.allows(2_500_000)
    under = parse_printed("knap 7 mio.", "da")
    assert under is not None and under.allows(7_000_000) and not under.allows(7_000_001)


@pytest.mark.parametrize("text", ["1.5 millions of pounds", "2,1,3 mio.", "15 %", "abc"])
def test_what_is_not_a_printed_figure(text):
    assert parse_printed(text, "da") is None


def test_the_example_reconciles_every_figure_within_its_precision(cli):
    loaded = load_case(str(EXAMPLE))
    assert loaded.diagnostics == []
    out = cli("run", EXAMPLE, "--ledger")
    assert "Tallet: i alt godt 0,8 mio. kr.\n    Casen: i alt 840.000" in out.stdout
    assert "[gengivet] Målgruppe: “ca. 5 familiebehandlinger om året”" in out.stdout


def test_a_figure_outside_its_precision_is_flagged_with_what_it_allows(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "total: godt 0,8 mio. kr.", "total: knap 0,8 mio."
        ),
        encoding="utf-8",
    )
    [finding] = load_case(str(bad), display="bad.yaml").diagnostics
    assert finding.code == "BC401"
    assert (
        "the document prints 'knap 0,8 mio.' (DKK 750,000 to DKK 800,000), "
        "the case computes DKK 840,000" in (finding.message)
    )


def test_the_uk_total_is_flagged_as_printed(cli):
    [finding] = load_case(str(UK)).diagnostics
    assert "the document prints '£1.5 million' (£1,450,000 up to £1,550,000)" in finding.message
    out = cli("run", UK, "--format", "json")
    import json

    [mismatch] = json.loads(out.stdout)["reconciliation"]["mismatches"]
    assert mismatch["printed"] == "£1.5 million"
    assert (mismatch["stated"], mismatch["computed"]) == (1_500_000, 1_800_000)


def test_a_plain_number_is_still_compared_exactly(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("total: godt 0,8 mio. kr.", "total: 839999")
    case = tmp_path / "exact.yaml"
    case.write_text(text, encoding="utf-8")
    [finding] = load_case(str(case)).diagnostics
    assert finding.code == "BC401"
    assert (
        "the document prints DKK 839,999, the case computes DKK 840,000 (difference DKK 1)"
        in finding.message
    )


def test_the_ledger_says_in_total_in_the_cases_language(cli):
    """A total in the ledger said 'i alt' in every language."""
    en = cli("run", UK, "--ledger").stdout
    assert "    Figure: £1.5 million in total\n" in en and "i alt" not in en
    da = cli("run", UK, "--ledger", "--lang", "da").stdout
    assert "    Tallet: i alt £1.5 million\n" in da
