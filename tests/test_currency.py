"""A case in another currency than kroner: shown with its sign and its language's numbers."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO

import pytest

from .conftest import ISHOJ, ROOT

GBP = ROOT / "docs" / "examples" / "currency_gbp.yaml"
MINIMAL = ROOT / "docs" / "examples" / "minimal.yaml"


def _gbp_copy(tmp_path, currency: str = "GBP", name: str = "case.yaml"):
    path = tmp_path / name
    path.write_text(
        GBP.read_text(encoding="utf-8").replace("currency: GBP", f"currency: {currency}"),
        encoding="utf-8",
    )
    return path


def test_pounds_print_with_the_pound_sign_and_english_separators(cli):
    out = cli("run", GBP)
    assert out.exit_code == 0
    # 1.5 placements × £200,000 less £160,000 of staff in 2019; 3 × 200,000 - 160,000 after
    assert "£, 2019 prices" in out.stdout
    assert "│ Net change                     │  140,000 │  440,000 │   440,000 │ 1,020,000 │" in (
        out.stdout
    )
    assert "£1,020,000" in out.stdout
    assert "kr." not in out.stdout and "DKK" not in out.stdout


def test_the_same_pounds_in_danish_follow_danish_conventions(cli):
    out = cli("run", GBP, "--lang", "da", "--detail")
    assert "£, 2019-priser" in out.stdout
    assert "1,5 × 200.000" in out.stdout
    assert "1.020.000 £" in out.stdout


def test_json_keeps_numbers_and_names_the_currency(cli):
    data = json.loads(cli("run", GBP, "--format", "json").stdout)
    assert data["currency"] == "GBP"
    assert data["total_net"] == 1_020_000
    kroner = json.loads(cli("run", MINIMAL, "--format", "json").stdout)
    assert "currency" not in kroner


def test_csv_and_markdown_name_the_unit(cli):
    csv = cli("run", GBP, "--format", "csv").stdout
    assert csv.splitlines()[0].startswith('"Name (£, 2019 prices)",Group,2019')
    md = cli("run", GBP, "--format", "markdown", "--unit", "tkr").stdout
    assert "| £1,000, 2019 prices |" in md
    assert "**£1,020 thousand**" in md


def test_the_workbook_formats_amounts_with_the_sign(cli, tmp_path):
    out = tmp_path / "case.xlsx"
    assert cli("run", GBP, "--format", "xlsx", "-o", out).exit_code == 0
    with zipfile.ZipFile(BytesIO(out.read_bytes())) as book:
        styles = book.read("xl/styles.xml").decode()
    assert 'formatCode="&quot;£&quot;#,##0;-&quot;£&quot;#,##0"' in styles


def test_euros_in_danish_put_the_sign_after(cli, tmp_path):
    path = _gbp_copy(tmp_path, "EUR")
    out = cli("run", path, "--lang", "da")
    assert "1.020.000 €" in out.stdout
    assert "-160.000" in out.stdout


def test_a_lower_case_code_is_read_as_the_code(cli, tmp_path):
    out = cli("run", _gbp_copy(tmp_path, "sek"))
    assert out.exit_code == 0
    assert "SEK 1,020,000" in out.stdout


def test_an_unknown_code_is_a_located_error(cli, tmp_path):
    out = cli("validate", _gbp_copy(tmp_path, "XYZ"))
    assert out.exit_code == 1
    assert "case.yaml:8:13: error[BC801] meta.currency: 'XYZ' is not a currency code" in out.stderr


def test_explain_and_diff_use_the_currencys_numbers(cli, tmp_path):
    explained = cli("explain", GBP, "net", "2019").stdout
    assert explained.startswith("Net change, 2019: 140,000\n")
    other = _gbp_copy(tmp_path)
    other.write_text(other.read_text(encoding="utf-8").replace("160000", "170000"), "utf-8")
    out = cli("diff", GBP, other)
    assert out.exit_code == 0
    assert "amount: 160,000 → 170,000" in out.stdout
    assert "│ Total net over the period                  │ 1,020,000 │ 990,000 │ -30,000 │" in (
        out.stdout
    )


def test_a_diff_of_two_currencies_is_refused_where_the_second_is_set(cli, tmp_path):
    euros = _gbp_copy(tmp_path, "EUR", "euros.yaml")
    out = cli("diff", GBP, euros)
    assert out.exit_code == 2
    assert out.stdout == ""
    assert out.stderr.startswith(
        f"businesscase: {euros}:8:13: the case is in EUR, {GBP}:8:13 is in GBP: "
        "amounts in two currencies cannot be compared or added\n"
    )


def test_a_pool_of_two_currencies_is_refused(cli, tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    kroner = tmp_path / "kroner.yaml"
    kroner.write_text(text, encoding="utf-8")
    pounds = tmp_path / "pounds.yaml"
    pounds.write_text(
        text.replace("price_level: 2024", "price_level: 2024\n  currency: GBP"), encoding="utf-8"
    )
    out = cli("pool", kroner, pounds)
    assert out.exit_code == 2
    assert f"{pounds}:8:13: the case is in GBP" in out.stderr
    alone = cli("pool", pounds)
    assert alone.exit_code == 0
    assert alone.stdout.splitlines()[1].startswith("£ ")
    assert "300.000" in alone.stdout  # a Danish case in pounds: Danish separators


@pytest.mark.parametrize("lang", ["da", "en"])
def test_kroner_never_import_babel(tmp_path, lang):
    import subprocess
    import sys

    code = (
        "import sys; from businesscase.cli import main; sys.argv = ['businesscase', 'run', "
        f"{str(MINIMAL)!r}, '--lang', {lang!r}];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "assert 'babel' not in sys.modules, 'babel imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_refused_amount_is_named_in_the_cases_currency(cli, tmp_path):
    """'160.000' (which YAML reads as 160.0) and 'yes' in a case in pounds: the reader and the
    model name pounds, in the case's language; a case in kroner keeps its kroner."""
    path = _gbp_copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("amount: 160000", "amount: 160.000").replace(
            "unit_cost: 200000", "unit_cost: true"
        ),
        encoding="utf-8",
    )
    out = cli("validate", path)
    assert out.exit_code == 1
    assert "expected an amount in British pounds, got '160.000': YAML reads it as 160.0" in (
        out.stderr
    )
    assert "hint: write whole British pounds without thousands separators, e.g. 160000" in (
        out.stderr
    )
    assert "expected an amount in British pounds, got true" in out.stderr
    assert "kroner" not in out.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("language: en", "language: da"))
    out = cli("validate", path)
    assert "forventede et beløb i britiske pund, fik '160.000'" in out.stderr
    kroner = _gbp_copy(tmp_path, "DKK", "kroner.yaml")
    kroner.write_text(kroner.read_text(encoding="utf-8").replace("amount: 160000", "amount: 1.000"))
    assert "expected an amount in kroner, got '1.000'" in cli("validate", kroner).stderr


def test_kroner_in_english_are_babels_conventions():
    """The English style of kroner is written in fmt (no babel at start-up): babel's own."""
    from businesscase import fmt

    for (code, lang), known in fmt._KNOWN.items():
        assert known == fmt._make_style(code, lang)
        with fmt.currency(code, lang):
            assert fmt.kr(-500000) == fmt.money(-500000, code, lang)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_an_english_page_in_kroner_groups_every_number_the_english_way(cli, fmt):
    """Numbers follow the output's language, in kroner as in pounds: the table, the key
    figures and the chart axis of an English page all write 2,730,000 (and 1.5), a Danish
    page 2.730.000 (and 1,5)."""
    en = cli("run", ISHOJ, "--lang", "en", "--format", fmt, "--detail").stdout
    for shown in ("-2,730,000", "DKK 500,000", "1.5 × 40,000"):
        assert shown in en, shown
    for danish in ("-2.730.000", "500.000 kr.", "DKK 500.000", "1,5 × 40"):
        assert danish not in en, danish
    da = cli("run", ISHOJ, "--format", fmt, "--detail").stdout
    for shown in ("-2.730.000", "500.000 kr.", "1,5 × 40.000"):
        assert shown in da, shown
    assert "2,730,000" not in da
