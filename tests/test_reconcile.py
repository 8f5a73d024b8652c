"""Reconciliation: every figure the Ishøj document prints, against the computed case."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.loader import load_case
from businesscase.reconcile import compare

from .conftest import ISHOJ


def _variant(tmp_path, old: str, new: str, *, after: str = "stated:"):
    """A copy of the Ishøj case with the first `old` after `after` replaced by `new`."""
    text = ISHOJ.read_text(encoding="utf-8")
    start = text.index(after)
    assert old in text[start:], old
    text = text[:start] + text[start:].replace(old, new, 1)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _codes(loaded):
    return [(d.code, d.severity) for d in loaded.diagnostics]


def test_ishoj_reconciles_every_printed_figure():
    loaded = load_case(str(ISHOJ))
    assert loaded.ok and loaded.diagnostics == []
    assert loaded.case is not None
    rec = compare(loaded.case, loaded.evaluation)
    # Table 1: six rows × seven years; Table 3: five rows × seven years; section 4: break-even
    # "fra og med 2023" and the 500.000 drawn.
    assert len(rec.comparisons) == 6 * 7 + 5 * 7 + 2
    assert rec.mismatches == ()
    assert rec.sources == ("Tabel 1", "4. Økonomi", "Tabel 3")
    net = [c for c in rec.comparisons if c.source == "Tabel 1" and c.row == "net"]
    assert [c.stated for c in net] == [-250000, -250000, 100000, 100000, 100000, 100000, 100000]


def test_one_changed_figure_is_a_located_warning_naming_both_numbers(tmp_path):
    path, text = _variant(
        tmp_path,
        "{2021-2022: -250000, 2023-2027: 100000}",
        "{2021: -250000, 2022: -240000, 2023-2027: 100000}",
        after="source: Tabel 3",
    )
    loaded = load_case(str(path))
    assert loaded.ok and loaded.case is not None  # a warning, not an error
    [d] = loaded.diagnostics
    assert (d.code, d.severity) == ("BC401", "warning")
    line = text[: text.index("-240000")].count("\n") + 1
    assert (d.line, d.col) == (line, text.splitlines()[line - 1].index("-240000") + 1)
    table_3 = next(i for i, s in enumerate(loaded.case.stated) if s.source == "Tabel 3")
    assert d.path == f"stated[{table_3}].rows[4].values[2022]"
    # the Ishøj case is Danish, and so are its findings
    assert "dokumentet viser -240.000" in d.message and "casen beregner -250.000" in d.message
    assert "forskel -10.000" in d.message
    assert "Tabel 3, 'Samlet varig ændring' 2022" in d.message


def test_an_acknowledged_mismatch_is_silent_in_validate_but_listed(tmp_path):
    path, _ = _variant(
        tmp_path,
        "        values: {2021-2022: -250000,",
        "        inconsistent: the document's net does not follow from its rows\n"
        "        values: {2021-2022: -260000,",
    )
    loaded = load_case(str(path))
    assert loaded.diagnostics == []
    assert loaded.case is not None
    rec = compare(loaded.case, loaded.evaluation)
    assert [(c.year, c.stated, c.computed, c.difference) for c in rec.mismatches] == [
        (2021, -260000, -250000, 10000),
        (2022, -260000, -250000, 10000),
    ]
    assert all(c.acknowledged for c in rec.mismatches)


def test_acknowledged_but_reconciling_is_a_stale_note(tmp_path):
    path, _ = _variant(
        tmp_path,
        "      - row: repayment\n",
        "      - row: repayment\n        inconsistent: not so\n",
    )
    assert _codes(load_case(str(path))) == [("BC404", "warning")]


def test_unknown_row_is_an_error_with_a_suggestion(tmp_path):
    path, _ = _variant(tmp_path, "row: repayment", "row: repayments")
    loaded = load_case(str(path))
    assert not loaded.ok
    [d] = loaded.diagnostics
    assert d.code == "BC403" and d.hint == "mente du 'repayment'?"  # the case is Danish


@pytest.mark.parametrize(
    ("figure", "value", "message"),
    [
        # the Ishøj case is Danish, and so are its findings
        ("payback_year: 2026", 2026, "dokumentet viser 2026, casen beregner 2027"),
        ("total_drawn: 400000", 400000, "dokumentet viser 400.000, casen beregner 500.000"),
        ("pool_repaid_year: 2025", 2025, "dokumentet viser 2025, casen beregner 2027"),
    ],
)
def test_key_figure_mismatch(tmp_path, figure, value, message):
    path, _ = _variant(tmp_path, "      total_drawn: 500000\n", f"      {figure}\n")
    [d] = load_case(str(path)).diagnostics
    assert d.code == "BC402"
    assert message in d.message


def test_a_pasted_paragraph_as_a_row_name_gives_a_short_message(tmp_path):
    paragraph = "Samlet varig ændring " * 60
    path, _ = _variant(tmp_path, "row: repayment", f"row: {paragraph.strip()}")
    [d] = load_case(str(path)).diagnostics
    assert d.code == "BC403"
    assert len(d.message) <= 400 and " … " in d.message
    assert d.hint is not None and len(d.hint) <= 400


@settings(max_examples=500)
@given(
    st.sampled_from([0, 1, 5, 12, 2019, -5, 390000]),
    st.text(alphabet="0123456789.,- ax٣", max_size=14),
    st.integers(min_value=0, max_value=14),
)
def test_a_whole_number_is_found_in_a_quote_as_the_pattern_finds_it(
    number: int, around: str, at: int
) -> None:
    """A printed number stays as the quote writes it (``2019``) when the quote has it as a
    number of its own: not inside a longer number, nor before a decimal part."""
    import re

    from businesscase.reconcile import _written_whole

    digits = str(number)
    for quote in (around, around[:at] + digits + around[at:]):
        pattern = rf"(?<![0-9.,]){digits}(?![0-9]|[.,][0-9])"
        assert _written_whole(digits, quote) == bool(re.search(pattern, quote))
