"""Cases as documents write them: amounts in 1.000 kr. (``meta.amounts_in``)."""

from __future__ import annotations

import json

from businesscase.loader import load_case
from businesscase.results import compute

from .conftest import ISHOJ, ROOT

EXAMPLES = ROOT / "docs" / "examples"
THOUSANDS = EXAMPLES / "amounts_in_thousands.yaml"


def _case(path, text: str | None = None, tmp_path=None):
    if text is not None:
        assert tmp_path is not None
        path = tmp_path / "case.yaml"
        path.write_text(text, encoding="utf-8")
    loaded = load_case(str(path))
    assert loaded.ok, loaded.diagnostics
    return loaded


def test_a_table_in_thousands_computes_ishoj_to_the_krone():
    loaded = _case(THOUSANDS)
    assert loaded.diagnostics == []  # no pool warnings: the checks compare kroner with kroner
    mine, ishoj = compute(loaded.case), compute(_case(ISHOJ).case)
    assert mine.net == ishoj.net
    assert mine.net == (-250_000, -250_000, 100_000, 100_000, 100_000, 100_000, 100_000)
    assert mine.cumulative == ishoj.cumulative
    assert mine.drawn == ishoj.drawn == (250_000, 250_000, 0, 0, 0, 0, 0)
    assert mine.repayment == ishoj.repayment
    assert [line.values for line in mine.lines] == [line.values for line in ishoj.lines]
    family = next(line for line in mine.lines if line.name == "Familiebehandling")
    assert family.unit_costs == (40_000,) * 7  # 40 (1.000 kr.) is 40.000 kr.
    assert family.values[2] == 60_000  # 1,5 × 40.000


def test_the_document_figures_are_read_in_the_same_unit(cli):
    data = json.loads(cli("run", THOUSANDS, "--format", "json").stdout)
    assert data["reconciliation"]["checked"] == 15
    assert data["reconciliation"]["mismatches"] == []


def test_a_wrong_figure_in_thousands_is_flagged_in_kroner(cli, tmp_path):
    text = THOUSANDS.read_text(encoding="utf-8").replace(
        "values: {2021-2022: -250, 2023-2027: 100}", "values: {2021-2022: -251, 2023-2027: 100}"
    )
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("run", tmp_path / "c.yaml")
    assert "-251.000" in out.stdout and "-250.000" in out.stdout


def test_explain_shows_the_unit_factor(cli):
    out = cli("explain", THOUSANDS, "Familiebehandling", "2024")
    assert out.exit_code == 0
    assert "60.000" in out.stdout
    assert "1,5 × (40 × 1.000)" in out.stdout


def test_tkr_and_mio_are_names_for_the_factor(tmp_path):
    text = THOUSANDS.read_text(encoding="utf-8")
    tkr = _case(None, text.replace("amounts_in: 1000", "amounts_in: tkr"), tmp_path)
    assert compute(tkr.case).net[0] == -250_000
    mio = text.replace("amounts_in: 1000", "amounts_in: mio").replace("amount: 390", "amount: 0.39")
    assert compute(_case(None, mio, tmp_path).case).lines[0].values[0] == -390_000


def test_an_unknown_unit_is_a_located_error(cli, tmp_path):
    text = THOUSANDS.read_text(encoding="utf-8").replace("amounts_in: 1000", "amounts_in: 100")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    out = cli("validate", tmp_path / "c.yaml")
    assert out.exit_code == 1
    assert "c.yaml:11:15" in out.output and "amounts_in" in out.output
    assert "Traceback" not in out.output


def test_without_amounts_in_every_amount_is_kroner():
    case = _case(ISHOJ).case
    assert case.meta.amounts_in == 1
