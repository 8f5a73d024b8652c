"""Messages of the loader that are not tied to one check code's reproducer."""

from __future__ import annotations

import pytest

from businesscase.loader import load_case

from .conftest import ISHOJ


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "input should be greater than or equal to 1, got 0; or expected 'until_repaid'"),
        ("five", "expected a whole number, got 'five'; or expected 'until_repaid'"),
    ],
)
def test_a_field_with_two_forms_fails_once(tmp_path, value, message):
    path = tmp_path / "case.yaml"
    text = ISHOJ.read_text(encoding="utf-8").replace("      years: 5", f"      years: {value}")
    path.write_text(text, encoding="utf-8")
    [d] = load_case(str(path)).diagnostics
    assert (d.code, d.path, d.message) == ("BC203", "funding[0].repayment.years", message)
