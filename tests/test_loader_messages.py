"""Messages of the loader that are not tied to one check code's reproducer."""

from __future__ import annotations

import pytest

from businesscase.loader import load_case

from .conftest import ISHOJ


@pytest.mark.parametrize(
    ("language", "value", "message"),
    [
        (
            "en",
            "0",
            "input should be greater than or equal to 1, got 0; or expected 'until_repaid'",
        ),
        ("en", "five", "expected a whole number, got 'five'; or expected 'until_repaid'"),
        (
            "da",
            "0",
            "værdien skal være større end eller lig med 1, fik 0; eller forventede 'until_repaid'",
        ),
        ("da", "five", "forventede et helt tal, fik 'five'; eller forventede 'until_repaid'"),
    ],
)
def test_a_field_with_two_forms_fails_once(tmp_path, language, value, message):
    """Said once in the case's language, the other form joined on in the same language."""
    path = tmp_path / "case.yaml"
    text = ISHOJ.read_text(encoding="utf-8").replace("      years: 5", f"      years: {value}")
    text = text.replace("  language: da", f"  language: {language}")
    path.write_text(text, encoding="utf-8")
    [d] = load_case(str(path)).diagnostics
    assert (d.code, d.path, d.message) == ("BC203", "funding[0].repayment.years", message)
