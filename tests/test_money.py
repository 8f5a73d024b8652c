"""Amounts in a currency, written with babel's locale data (``fmt.money``)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from businesscase.fmt import kr, money


def test_danish_kroner_are_written_as_the_tables_write_them():
    # Ishøj: "I 2021 og 2022 er der behov for at få tilført midler (500.000 kr.)"
    assert money(500_000) == "500.000 kr." == kr(500_000)
    assert money(-390_000, "DKK", "da") == "-390.000 kr." == kr(-390_000)


@pytest.mark.parametrize(
    ("currency", "lang", "shown"),
    [
        ("GBP", "en", "£1,918,000"),
        ("EUR", "en", "€1,918,000"),
        ("DKK", "en", "DKK 1,918,000"),
        ("SEK", "en", "SEK 1,918,000"),
        ("NOK", "en", "NOK 1,918,000"),
        ("EUR", "da", "1.918.000 €"),
        ("SEK", "da", "1.918.000 SEK"),
    ],
)
def test_english_separators_and_the_currencys_sign(currency, lang, shown):
    assert money(1_918_000, currency, lang) == shown


def test_an_amount_is_rounded_half_up_to_whole_units():
    assert money(Fraction(3_250_700, 3), "GBP", "en") == "£1,083,567"
    assert money(Fraction(-1, 2), "GBP", "en") == "-£1"
    assert money(Fraction(1, 2) - Fraction(1, 10**9), "EUR", "da") == "0 €"
