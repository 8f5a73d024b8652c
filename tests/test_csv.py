"""`run --format csv`: a file that Danish Excel (and LibreOffice Calc with a Danish locale)
opens as a table, with the key figures, activities and reconciliation as further blocks."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import ISHOJ, ROOT

# Tabel 1 of the Ishøj application (seeds/003, lines 38-42), by row: the yearly figures.
TABLE_1 = {
    "Støtte- og ressourcepædagogkorps": [-390000] * 7,
    "Omlægning af støtte- og ressourcepædagogkorps eksisterende praksis": [115000] * 2
    + [215000] * 5,
    "Samlet varig ændring": [-250000] * 2 + [100000] * 5,
    "Tilbagebetaling til Investeringspuljen": [0, 0] + [100000] * 5,
}

MINIMAL = (ROOT / "docs" / "examples" / "minimal.yaml").read_text(encoding="utf-8")


def _csv_bytes(cli, *args: str, tmp_path: Path) -> bytes:
    target = tmp_path / "out.csv"
    out = cli("run", *args, "--format", "csv", "--output", target)
    assert out.exit_code == 0, out.output
    return target.read_bytes()


def _blocks(text: str, delimiter: str) -> list[list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    blocks: list[list[list[str]]] = [[]]
    for row in rows:
        if not row:
            blocks.append([])
        else:
            blocks[-1].append(row)
    return blocks


def test_danish_csv_is_semicolons_with_a_byte_order_mark(cli, tmp_path):
    data = _csv_bytes(cli, ISHOJ, tmp_path=tmp_path)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    table, figures, reconciliation = _blocks(text, ";")
    assert table[0] == ["Navn", "Gruppe", *map(str, range(2021, 2028)), "I alt"]
    by_name = {row[0]: row for row in table[1:]}
    for name, values in TABLE_1.items():
        assert [int(v) for v in by_name[name][2:9]] == values, name
    assert figures[0] == ["Nøgletal"]
    assert ["Tilbagebetalingsår (akkumuleret ≥ 0 herefter)", "2027"] in figures
    assert ["Trukket på Investeringspuljen i alt", "500000"] in figures
    assert reconciliation[0] == ["Afstemning med dokumentet"]
    assert reconciliation[1][:3] == ["Kilde", "Række", "År"]
    # Tabel 1's first row, as the document prints it, beside the computed figure
    assert [
        "Tabel 1",
        "Støtte- og ressourcepædagogkorps",
        "2021",
        "-390000",
        "-390000",
        "0",
        "",
    ] in (reconciliation)


def test_rows_add_up_to_the_net(cli, tmp_path):
    text = _csv_bytes(cli, ISHOJ, tmp_path=tmp_path).decode("utf-8-sig")
    table = _blocks(text, ";")[0]
    header, body = table[0], table[1:]
    years = range(2, len(header) - 1)
    lines = [r for r in body if r[1]]
    net = next(r for r in body if r[0] == "Samlet varig ændring")
    for col in years:
        assert sum(int(r[col]) for r in lines) == int(net[col])
    for r in lines:
        assert sum(int(r[col]) for col in years) == int(r[-1])


def test_english_csv_is_commas_without_a_mark(cli, tmp_path):
    data = _csv_bytes(cli, ISHOJ, "--lang", "en", tmp_path=tmp_path)
    assert not data.startswith(b"\xef\xbb\xbf")
    table = _blocks(data.decode("utf-8"), ",")[0]
    assert table[0] == ["Name", "Group", *map(str, range(2021, 2028)), "Total"]


def test_dialect_chosen_apart_from_the_language(cli, tmp_path):
    data = _csv_bytes(cli, ISHOJ, "--lang", "en", "--csv-dialect", "da", tmp_path=tmp_path)
    assert data.startswith(b"\xef\xbb\xbfName;Group;2021;")
    data = _csv_bytes(cli, ISHOJ, "--csv-dialect", "en", tmp_path=tmp_path)
    assert data.startswith(b"Navn,Gruppe,2021,")


def _case_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_decimal_comma_for_a_fractional_count(cli, tmp_path):
    case = _case_with(
        tmp_path,
        MINIMAL
        + "\nactivities:\n  - name: Forløb\n    unit: forløb\n    count: {2025: 1.5, 2026: 2}\n",
    )
    da = _blocks(_csv_bytes(cli, case, tmp_path=tmp_path).decode("utf-8-sig"), ";")
    activities = next(b for b in da if b[0] == ["Aktiviteter"])
    assert activities[2][:4] == ["Forløb", "forløb", "1,5", "2"]
    assert activities[2][-1] == "3,5"
    en = _blocks(_csv_bytes(cli, case, "--lang", "en", tmp_path=tmp_path).decode(), ",")
    activities = next(b for b in en if b[0] == ["Activities"])
    assert activities[2][-1] == "3.5"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_name_that_looks_like_a_formula_is_text(cli, tmp_path, name):
    case = _case_with(tmp_path, MINIMAL.replace("name: Familiepædagog", f"name: '{name}'"))
    text = _csv_bytes(cli, case, tmp_path=tmp_path).decode("utf-8-sig")
    table = _blocks(text, ";")[0]
    row = next(r for r in table if r[0].endswith(name))
    assert row[0] == "'" + name
    assert row[2] == "-400000"  # a negative amount stays a number


# ---------------------------------------------------------------------------------------------
# LibreOffice Calc, headless, with a Danish locale

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _calc_cells(fods: Path) -> list[list[object]]:
    """The first sheet of a flat OpenDocument spreadsheet: floats as floats, text as text."""

    def q(ns: str, name: str) -> str:
        return f"{{{_NS[ns]}}}{name}"

    sheet = ET.parse(fods).getroot().find(".//table:table", _NS)
    assert sheet is not None
    rows: list[list[object]] = []
    for row in sheet.iter(q("table", "table-row")):
        cells: list[object] = []
        for cell in row:
            repeat = int(cell.get(q("table", "number-columns-repeated"), "1"))
            kind = cell.get(q("office", "value-type"))
            if kind == "float":
                value: object = float(cell.get(q("office", "value"), "nan"))
            else:
                value = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", _NS))
            cells += [value] * min(repeat, 64)
        while cells and cells[-1] == "":
            cells.pop()
        repeat = int(row.get(q("table", "number-rows-repeated"), "1"))
        rows += [cells] * min(repeat, 4)
    return rows


_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_SOFFICE is None, reason="LibreOffice Calc is not installed (libreoffice-calc)")
def test_libreoffice_calc_reads_the_danish_csv_as_a_table(cli, tmp_path):
    case = _case_with(
        tmp_path,
        ISHOJ.read_text(encoding="utf-8")
        + "\nactivities:\n  - name: Forløb i alt\n    unit: forløb\n    count: {2021: 1.5}\n",
    )
    case = case.rename(tmp_path / "ishoj.yaml")
    source = tmp_path / "ishoj.csv"
    out = cli("run", case, "--format", "csv", "--output", source)
    assert out.exit_code == 0, out.output
    # Danish Excel's way: ';' between fields, '"' around text, the byte-order mark says UTF-8;
    # the number format of the Danish locale (1030) reads 1,5 as one and a half.
    subprocess.run(
        [
            str(_SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1030",
            "--convert-to",
            "fods",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    rows = _calc_cells(tmp_path / "ishoj.fods")
    assert rows[0] == ["Navn", "Gruppe", *map(float, range(2021, 2028)), "I alt"]
    by_name = {row[0]: row for row in rows if row}
    for name, values in TABLE_1.items():
        assert by_name[name][2:9] == [float(v) for v in values], name
    assert by_name["Støtte- og ressourcepædagogkorps"][9] == -2730000.0
    assert by_name["Trukket på Investeringspuljen i alt"] == [
        "Trukket på Investeringspuljen i alt",
        500000.0,
    ]
    assert by_name["Forløb i alt"][:3] == ["Forløb i alt", "forløb", 1.5]
