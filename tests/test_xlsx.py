"""``run --format xlsx``: a workbook whose every computed cell is a live formula.

Read back, every cached value is the engine's exact figure (rounded to øre); recalculated by
a real spreadsheet engine (LibreOffice, headless), every formula gives the engine's figure
again, also after an input cell is changed; the same case gives the same bytes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from businesscase.calc.exact import Evaluation, evaluate
from businesscase.loader import load_case
from businesscase.render import xlsx
from businesscase.render.labels import labels
from businesscase.view import build

from .conftest import CASES, ISHOJ, ROOT

EXAMPLES = ROOT / "docs" / "examples"
FILES = [*sorted(CASES.glob("*.yaml")), *sorted(EXAMPLES.glob("*.yaml"))]
VARIANTS: list[tuple[Path, dict[str, object]]] = [
    *((case, {}) for case in FILES),
    (EXAMPLES / "features.yaml", {"prices": 2026}),  # amounts restated by a price index
    (EXAMPLES / "features.yaml", {"department": "SOC", "npv": True}),
    (CASES / "kobenhavn_tidlig_indsats_0_2.yaml", {"department": "BUF"}),
]


def _name(variant: tuple[Path, dict[str, object]]) -> str:
    case, options = variant
    return "-".join([case.stem, *(f"{k}{v}" for k, v in options.items())])


YEAR_KINDS = {"start", "break_even", "payback", "pool_repaid", "payback_period"}
AMOUNT_KINDS = {
    "line",
    "group",
    "net",
    "cumulative",
    "pool_drawn",
    "pool_repaid",
    "pool_balance",
    "drawn",
    "repayment",
    "undrawn",
    "grant",
    "grants",
    "costs",
    "own_net",
    "own_cumulative",
    "total",
    "npv",
    "unit_cost",
}


def _export(
    path: Path, *, department: str | None = None, prices: int | None = None, npv: bool = False
) -> xlsx.Export:
    """What ``run --format xlsx`` writes (the same steps as the command)."""
    loaded = load_case(str(path.relative_to(ROOT)))
    assert loaded.case is not None
    language = loaded.case.meta.language
    words = labels(language)
    view = build(
        loaded.case,
        words,
        loaded.diagnostics,
        department=department,
        price_year=prices,
        npv=npv,
        evaluation=loaded.evaluation,
    )
    return xlsx.export(
        loaded, view, words, language=language, prices=prices, department=department, npv=npv
    )


def _agrees(node: tuple[object, ...], got: object, exact: Fraction | int | None) -> bool:
    """A value read from a workbook against the engine's exact one."""
    if exact is None:
        return got in (None, "")
    if not isinstance(got, int | float) or isinstance(got, bool):
        return False
    kind = node[0]
    if len(node) == 2 and kind in YEAR_KINDS:  # ("pool_repaid", i, y) is an amount
        return got == exact
    if kind in AMOUNT_KINDS:
        return abs(Fraction(got) - exact) <= Fraction(1, 200)  # to the øre
    return abs(Fraction(got) - exact) <= Fraction(1, 10**9) * max(1, abs(exact))


def _cell_values(path: Path, export: xlsx.Export) -> dict[tuple[object, ...], object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {
        node: book[cell.sheet].cell(cell.row + 1, cell.col + 1).value
        for node, cell in export.nodes.items()
    }


def _reconciliation_mismatches(path: Path, export: xlsx.Export) -> list[str]:
    """The computed figures and differences of the reconciliation sheet against the engine's."""
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book["Afstemning"] if "Afstemning" in book else book["Reconciliation"]
    rec = export.reconciliation
    comparisons = rec.comparisons if rec is not None else ()
    out = []
    for r, comp in enumerate(comparisons, start=2):
        got = (sheet.cell(r, 5).value, sheet.cell(r, 6).value)
        want = (comp.computed, comp.difference)
        if tuple(None if v == "" else v for v in got) != want:
            out.append(f"{comp.label} {comp.year}: workbook {got}, engine {want}")
    return out


def _mismatches(values: dict[tuple[object, ...], object], ev: Evaluation) -> list[str]:
    return [
        f"{node}: workbook {got!r}, engine {ev.get(node)!r}"
        for node, got in values.items()
        if not _agrees(node, got, ev.get(node))
    ]


@pytest.mark.parametrize("variant", VARIANTS, ids=_name)
def test_every_cached_value_is_the_engines_figure(variant, tmp_path):
    case, options = variant
    export = _export(case, **options)  # type: ignore[arg-type]
    model = export.evaluation.model
    out = tmp_path / "case.xlsx"
    out.write_bytes(export.data)
    assert set(export.nodes) == set(model.nodes)  # every figure has its cell
    formulas = openpyxl.load_workbook(out)
    for cell in export.nodes.values():
        assert str(formulas[cell.sheet].cell(cell.row + 1, cell.col + 1).value).startswith("=")
    assert _mismatches(_cell_values(out, export), export.evaluation) == []
    assert _reconciliation_mismatches(out, export) == []


@pytest.mark.parametrize("case", FILES, ids=lambda p: p.name)
def test_calculation_rows_are_named_in_the_cases_language(case):
    export = _export(case)
    book = openpyxl.load_workbook(io.BytesIO(export.data))
    danish = "Beregning" in book.sheetnames
    sheet = book["Beregning" if danish else "Calculation"]
    words = {
        str(sheet.cell(r, 1).value).split(":")[0].split(" (")[0]
        for r in range(2, sheet.max_row + 1)
    }
    ids = {str(node[0]) for node in export.evaluation.model.nodes}
    assert not words & (ids - {"total"} if not danish else ids), words & ids


def test_ishoj_reconciliation_is_computed_by_formulas(tmp_path):
    export = _export(ISHOJ)
    book = openpyxl.load_workbook(io.BytesIO(export.data))
    sheet = book["Afstemning"]
    computed = [sheet.cell(r, 5).value for r in range(2, sheet.max_row + 1)]
    assert export.reconciliation is not None
    # every printed figure of Tabel 1, Tabel 3 and the text (78 and more)
    assert len(computed) == len(export.reconciliation.comparisons) >= 78
    assert all(str(v).startswith("=") for v in computed)
    assert sheet["E2"].value == "=IF('Tabel'!B2=\"\",\"\",ROUND('Tabel'!B2,0))"


@pytest.mark.parametrize("case", FILES, ids=lambda p: p.name)
def test_inputs_sheet_has_every_written_number_and_its_line(case):
    export = _export(case)
    model = export.evaluation.model
    book = openpyxl.load_workbook(io.BytesIO(export.data))
    lines = case.read_text(encoding="utf-8").splitlines()
    for key, cell in export.inputs.items():
        sheet = book[cell.sheet]
        value = model.inputs[key].value
        assert sheet.cell(cell.row + 1, 3).value == pytest.approx(float(value))
        where = sheet.cell(cell.row + 1, 5).value
        file, _, line = where.rpartition(":")
        assert Path(ROOT / file) == case
        written = lines[int(line) - 1]
        assert str(value) in written.replace("_", "") or isinstance(value, Fraction), (
            key,
            written,
        )


def test_ishoj_workbook_shows_table_1(cli, tmp_path):
    out = tmp_path / "ishoj.xlsx"
    result = cli("run", str(ISHOJ), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    book = openpyxl.load_workbook(out, data_only=True)
    rows = {r[0]: r[1:] for r in book["Tabel"].iter_rows(values_only=True)}
    # Ishøj's Table 1: net, cumulative and the pool, 2021-2027, and the totals
    assert rows["Samlet varig ændring"] == (-250000, -250000, *[100000] * 5, 0)
    assert rows["Akkumuleret"][:7] == (-250000, -500000, -400000, -300000, -200000, -100000, 0)
    assert rows["Træk på Investeringspuljen"] == (250000, 250000, 0, 0, 0, 0, 0, 500000)
    assert rows["Restgæld til Investeringspuljen"][:7] == (
        250000,
        500000,
        400000,
        300000,
        200000,
        100000,
        0,
    )
    figures = {r[0]: r[1] for r in book["Nøgletal"].iter_rows(values_only=True)}
    assert figures["Break-even-år"] == 2023
    assert figures["Tilbagebetalingsår"] == 2027
    assert figures["Tilbagebetalingstid (år)"] == 7
    assert figures["Puljen tilbagebetalt"] == 2027
    formulas = openpyxl.load_workbook(out)
    assert formulas["Tabel"]["I6"].value == "=SUM(B6:H6)"  # the total is a formula too
    sheet = formulas["Tabel"]
    assert sheet.freeze_panes == "B2"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet["B6"].number_format == "#,##0"


def test_same_case_gives_the_same_bytes(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    case = str(ISHOJ.relative_to(ROOT))
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("run", case, "-f", "xlsx", "-o", str(first)).exit_code == 0
    time.sleep(1.1)  # a workbook that recorded the time it was made would differ now
    assert cli("run", case, "-f", "xlsx", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == _export(ISHOJ).data


def test_no_workbook_on_the_screen(cli):
    result = cli("run", str(ISHOJ), "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--output FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_workbook_that_cannot_be_written_leaves_nothing(cli, tmp_path):
    out = tmp_path / "missing" / "case.xlsx"
    result = cli("run", str(ISHOJ), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert not out.parent.exists()


# --- recalculated by LibreOffice --------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _recalculate(files: list[Path], tmp_path: Path) -> Path:
    """Open each workbook in LibreOffice, recalculating every formula, and save it again."""
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = tmp_path / "recalculated"
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def _changed_input(export: xlsx.Export) -> tuple[tuple[str | int, ...], int | Fraction]:
    """An input to change, and its new value: the first amount or count, doubled plus one."""
    model = export.evaluation.model
    key = next(k for k, info in model.inputs.items() if info.value)
    return key, model.inputs[key].value * 2 + 1


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: recalculating needs Debian's libreoffice-calc",
)
def test_libreoffice_recalculates_every_formula_to_the_engines_figure(tmp_path):
    exports = {_name(v): _export(v[0], **v[1]) for v in VARIANTS}  # type: ignore[arg-type]
    files: list[Path] = []
    changed: dict[str, tuple[tuple[str | int, ...], int | Fraction]] = {}
    for stem, export in exports.items():
        as_written = tmp_path / f"{stem}.xlsx"
        as_written.write_bytes(export.data)
        files.append(as_written)
        # a copy with one input changed and no cached values left: only formulas give figures
        book = openpyxl.load_workbook(as_written)
        key, new = _changed_input(export)
        cell = export.inputs[key]
        book[cell.sheet].cell(cell.row + 1, cell.col + 1).value = float(new)
        edited = tmp_path / f"{stem}-changed.xlsx"
        book.save(edited)
        files.append(edited)
        changed[stem] = (key, new)
    out = _recalculate(files, tmp_path)
    compared = 0
    for stem, export in exports.items():
        values = _cell_values(out / f"{stem}.xlsx", export)
        assert _mismatches(values, export.evaluation) == [], stem
        assert _reconciliation_mismatches(out / f"{stem}.xlsx", export) == [], stem
        key, new = changed[stem]
        engine = evaluate(export.evaluation.model, {key: new})
        values = _cell_values(out / f"{stem}-changed.xlsx", export)
        assert _mismatches(values, engine) == [], (stem, key, new)
        assert engine.values != export.evaluation.values  # the change moved some figure
        compared += 2 * len(values)
    assert compared > 1000


def test_only_a_workbook_imports_xlsxwriter(tmp_path):
    code = (
        "import sys\n"
        "from businesscase.cli import main\n"
        "for args in (['run', sys.argv[1]], ['run', sys.argv[1], '-f', 'json']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), exc.code\n"
        "assert 'xlsxwriter' not in sys.modules\n"
        "try:\n"
        "    main(['run', sys.argv[1], '-f', 'xlsx', '-o', sys.argv[2]])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "assert 'xlsxwriter' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ISHOJ), str(tmp_path / "case.xlsx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "case.xlsx").stat().st_size > 0


def _key_figure_labels(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book[book.sheetnames[2]]  # Nøgletal / Key figures
    return {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2)}


def test_key_figure_years_are_written_as_the_case_writes_its_years(tmp_path):
    """A case in financial years shows its key figures' years as 2020-21, a case in relative
    years as År 3 (with the calendar year when it is anchored): cached, and recalculated by
    LibreOffice from the years' numbers on the calculation sheet, which stay numbers."""
    anchored = tmp_path / "anchored.yaml"
    text = (EXAMPLES / "relative_years.yaml").read_text(encoding="utf-8")
    anchored.write_text(text.replace("  last: 6\n", "  last: 6\n  anchor: 2025\n"), "utf-8")
    cases = {
        "uk": (
            EXAMPLES / "uk_invest_to_save.yaml",
            {"Break-even year": "2020-21", "First year drawn": "2019-20", "Pool repaid": "2020-21"},
        ),
        "relative": (
            EXAMPLES / "relative_years.yaml",
            {"Break-even-år": "År 3", "Tilbagebetalingsår": "År 3", "Puljen tilbagebetalt": "År 5"},
        ),
        "anchored": (
            anchored,
            {"Break-even-år": "År 3 (2027)", "Puljen tilbagebetalt": "År 5 (2029)"},
        ),
    }
    files = []
    for stem, (case, want) in cases.items():
        loaded = load_case(str(case))
        assert loaded.case is not None
        words = labels(loaded.case.meta.language)
        view = build(loaded.case, words, loaded.diagnostics, evaluation=loaded.evaluation)
        export = xlsx.export(
            loaded,
            view,
            words,
            language=loaded.case.meta.language,
            prices=None,
            department=None,
            npv=False,
        )
        out = tmp_path / f"{stem}.xlsx"
        out.write_bytes(export.data)
        files.append(out)
        got = _key_figure_labels(out)
        assert {k: got[k] for k in want} == want, stem
        years = [v for node, v in _cell_values(out, export).items() if node[0] == "payback"]
        assert years and all(isinstance(v, int) for v in years)  # the number formulas read
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed: the labels' formulas are not recalculated")
    recalculated = _recalculate(files, tmp_path)
    for stem, (_case, want) in cases.items():
        got = _key_figure_labels(recalculated / f"{stem}.xlsx")
        assert {k: got[k] for k in want} == want, stem
