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


EXAMPLES = ISHOJ.parent.parent / "docs" / "examples"


@pytest.mark.parametrize(
    ("example", "written", "broken", "path"),
    [
        (
            "pool_recycling.yaml",
            "recycling: {share: 0.25}",
            "recycling: {share: 1.5}",
            "funding[0].recycling.share",
        ),
        (
            "pay_for_success.yaml",
            "share_of_savings: 0.6",
            "share_of_savings: 1.5",
            "funding[0].repayment.share_of_savings",
        ),
        (
            "pool_interest.yaml",
            "interest: {rate: 0.03}",
            "interest: {rate: 1.5}",
            "funding[0].interest.rate",
        ),
    ],
)
@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "should be less than or equal to 1, got 1.5"),
        ("da", "mindre end eller lig med 1, fik 1,5"),
    ],
)
def test_a_funding_number_over_its_limit_is_quoted_as_written(
    tmp_path, example, written, broken, path, language, said
):
    """A share of 1.5 is said as the writer wrote it, with Danish's decimal comma, never as
    Python's ``Decimal('1.5')``."""
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    assert written in text
    text = text.replace(written, broken).replace(
        "  price_level: 2024", f"  price_level: 2024\n  language: {language}"
    )
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    [d] = load_case(str(case)).diagnostics
    assert d.path == path
    assert "Decimal" not in d.message
    if path.endswith("rate"):  # the bound of a rate is 'less than 1'
        said = said.replace(" or equal to", "").replace(" eller lig med", "")
    assert d.message.endswith(said), d.message


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "the count must not be negative, got -1.5"),
        ("da", "antallet må ikke være negativt, fik -1,5"),
    ],
)
def test_a_negative_count_is_quoted_in_the_case_language(tmp_path, language, message):
    """BC306 quotes the written count in the case's number style."""
    text = (EXAMPLES / "pool_recycling.yaml").read_text(encoding="utf-8")
    text = text.replace("count: {2026-2030: 1}", "count: {2026-2030: -1.5}").replace(
        "  price_level: 2024", f"  price_level: 2024\n  language: {language}"
    )
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    found = [d for d in load_case(str(case)).diagnostics if d.code == "BC306"]
    assert found and {d.message for d in found} == {message}


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "          lov: 0.75\n",
            "ukendt nøgle 'lov' i et interval (low, high, mode, shape, source)",
        ),
        (
            "          low: 0.75\n          shape: bell\n",
            "forventede 'uniform', 'triangular' eller 'pert', fik 'bell'",
        ),
        (
            "          low: '"
            + "30-40 pct. af de 30 forløb om året er 9-12 familier. " * 3
            + "'\n",
            "forventede et beløb i kroner, fik '30-40 pct. af de 30 forløb om året er 9-…familier. '",
        ),
    ],
)
def test_a_range_beside_a_written_number_is_refused_in_the_case_language(
    tmp_path, written, message
):
    """The support hours' range in ishoj_written_ranges.yaml (a Danish case), written wrong:
    said in Danish, a pasted paragraph quoted by its ends only."""
    text = (EXAMPLES / "ishoj_written_ranges.yaml").read_text(encoding="utf-8")
    assert text.count("          low: 0.75\n") == 1
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("          low: 0.75\n", written), encoding="utf-8")
    [d] = load_case(str(case)).diagnostics
    assert d.code == "BC203" and d.path.startswith("avoided[3].count.2023-2027.range.")
    assert d.message == message


@pytest.mark.parametrize(
    ("language", "written", "message"),
    [
        ("da", "[0.75, 1.5]", "et interval skrives med sine nøgler: range: {low: 0.75, high: 1.5}"),
        ("en", "[0.75, 1.5]", "a range is written with its keys: range: {low: 0.75, high: 1.5}"),
        ("en", "1.5", "a range is written with its keys: range: {low: 4, high: 6}"),
    ],
)
def test_a_range_written_as_a_list_is_shown_with_its_keys(tmp_path, language, written, message):
    """The support hours' range in ishoj_written_ranges.yaml written as a list of two numbers,
    the way a spreadsheet would: refused (which end is which is what the keys say), with the
    same two numbers written as a range takes them, not pydantic's 'valid dictionary or
    instance of Range'."""
    text = (EXAMPLES / "ishoj_written_ranges.yaml").read_text(encoding="utf-8")
    start = text.index("        range:\n          low: 0.75\n")
    end = text.index("    unit_cost: 100000\n", start)  # the range, with its source
    text = text[:start] + f"        range: {written}\n" + text[end:]
    text = text.replace("  language: da", f"  language: {language}")
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    [d] = load_case(str(case)).diagnostics
    assert (d.code, d.path, d.message) == ("BC203", "avoided[3].count.2023-2027.range", message)


def test_a_parameters_range_written_as_a_list_says_the_same(tmp_path):
    """The same mistake on a parameter's own range (familier_forebygget, 9 to 12) gets the same
    words as beside a number, not 'expected a mapping of keys'."""
    text = (EXAMPLES / "ishoj_written_ranges.yaml").read_text(encoding="utf-8")
    start = text.index("    range:\n      low: 9\n")
    end = text.index("\ncosts:", start)
    case = tmp_path / "case.yaml"
    case.write_text(text[:start] + "    range: [9, 12]\n" + text[end:], encoding="utf-8")
    [d] = load_case(str(case)).diagnostics
    assert (d.code, d.path, d.message) == (
        "BC203",
        "parameters.familier_forebygget.range",
        "et interval skrives med sine nøgler: range: {low: 9, high: 12}",
    )
