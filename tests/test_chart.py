"""Charts: ``businesscase chart CASE -o FILE.png|svg`` and ``run --chart``.

The plotted series are the table's own figures (Ishøj's Table 1: the cumulative row and
Table 3's balance owed to the pool); the band is ``simulate``'s P10 and P90 for the same
seed; the SVG is the same bytes every time; the axes speak the case's language.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from businesscase.loader import load_case
from businesscase.render import plot
from businesscase.render.chart import ChartData, amount, chart_data, text_chart
from businesscase.render.labels import labels
from businesscase.view import build

from .conftest import CASES, ISHOJ, ROOT

RANGES = ROOT / "docs" / "examples" / "ishoj_ranges.yaml"
SHIPPED = sorted(CASES.glob("*.yaml"))

# Ishøj, Table 1 ("Akkumuleret") and Table 3 (the balance owed to the investment pool)
ISHOJ_CUMULATIVE = (-250_000, -500_000, -400_000, -300_000, -200_000, -100_000, 0)
ISHOJ_BALANCE = (250_000, 500_000, 400_000, 300_000, 200_000, 100_000, 0)


def _data(path: Path, lang: str | None = None) -> ChartData:
    loaded = load_case(str(path))
    assert loaded.case is not None
    words = labels(lang or loaded.case.meta.language)
    view = build(loaded.case, words, loaded.diagnostics, evaluation=loaded.evaluation)
    return chart_data(view.main, words, title=view.title, price_year=view.price_year)


def _svg_texts(svg: bytes) -> list[str]:
    """The texts of an SVG whose letters are drawn as shapes: matplotlib names each."""
    return re.findall(r"<!-- (.*?) -->", svg.decode("utf-8"))


def test_the_plotted_series_are_the_documents_figures():
    data = _data(ISHOJ)
    figure = plot._draw(data)
    ax = figure.axes[0]
    (line,) = ax.lines[:1]
    assert tuple(line.get_ydata()) == ISHOJ_CUMULATIVE
    assert tuple(line.get_xdata()) == tuple(range(2021, 2028))
    bars = tuple(round(p.get_height()) for p in ax.patches)
    assert bars == ISHOJ_BALANCE


@pytest.mark.parametrize("case", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_case_draws_its_table(cli, tmp_path, case):
    data = _data(case)
    shown = json.loads(cli("run", case, "-f", "json").stdout)
    assert list(data.cumulative) == shown["cumulative"]
    if data.balance is not None:
        assert list(data.balance) == shown["pool_balance"]
    for ext, magic in (("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml")):
        out = tmp_path / f"{case.stem}.{ext}"
        result = cli("chart", case, "-o", out)
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)


def test_svg_is_the_same_bytes_every_time(cli, tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    assert cli("chart", RANGES, "--band", "-o", first).exit_code == 0
    assert cli("chart", RANGES, "--band", "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "<dc:date>" not in text and "Matplotlib" not in text


def test_png_is_the_same_bytes_every_time(cli, tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    assert cli("chart", ISHOJ, "-o", first).exit_code == 0
    assert cli("chart", ISHOJ, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_danish_case_has_danish_axes_and_english_on_request(cli, tmp_path):
    da, en = tmp_path / "da.svg", tmp_path / "en.svg"
    assert cli("chart", ISHOJ, "-o", da).exit_code == 0
    assert cli("chart", ISHOJ, "--lang", "en", "-o", en).exit_code == 0
    da_texts, en_texts = _svg_texts(da.read_bytes()), _svg_texts(en.read_bytes())
    assert {"−400.000", "200.000", "Kr., 2020-priser", "Akkumuleret netto"} <= set(da_texts)
    assert "Restgæld til Investeringspuljen" in da_texts
    assert {"−400,000", "200,000", "DKK, 2020 prices", "Cumulative net"} <= set(en_texts)
    assert "Owed to Investeringspuljen" in en_texts
    assert [str(y) for y in range(2021, 2028)] == [t for t in da_texts if t.isdigit()][:7]


def test_axis_amounts_in_each_language():
    assert amount(-1_250_000, "da") == "-1.250.000"
    assert amount(-1_250_000, "en") == "-1,250,000"
    assert amount(2.5, "da") == "2,5"
    assert amount(2.5, "en") == "2.5"
    assert amount(1234.25, "da") == "1.234,25"
    assert amount(0, "da") == "0"


def test_band_is_simulates_p10_and_p90_for_the_same_seed(cli):
    from businesscase.commands.chart import simulated_band

    sim = json.loads(cli("simulate", RANGES, "--draws", "2000", "--seed", "7", "-f", "json").stdout)
    loaded = load_case(str(RANGES))
    band = simulated_band(loaded.case, 2000, 7)
    assert band.p10 == tuple(y["cumulative"]["p10"] for y in sim["years"])
    assert band.p90 == tuple(y["cumulative"]["p90"] for y in sim["years"])
    assert all(lo <= hi for lo, hi in zip(band.p10, band.p90, strict=True))
    assert band.p10[-1] < band.p90[-1]  # the ranges make the last year uncertain
    data = _data(RANGES)
    figure = plot._draw(ChartData(**{**data.__dict__, "band": band}))
    assert len(figure.axes[0].collections) == 1  # the shaded band


def test_another_seed_draws_another_band(cli, tmp_path):
    one, two = tmp_path / "1.svg", tmp_path / "2.svg"
    assert cli("chart", RANGES, "--band", "-n", "500", "--seed", "1", "-o", one).exit_code == 0
    assert cli("chart", RANGES, "--band", "-n", "500", "--seed", "2", "-o", two).exit_code == 0
    assert one.read_bytes() != two.read_bytes()
    assert "P10-P90 af akkumuleret netto (500 træk, frø 2)" in _svg_texts(two.read_bytes())


def test_a_band_of_ranges_beside_written_numbers(cli, tmp_path):
    """docs/examples/kobenhavn_ranges.yaml writes its ranges beside SOF's and BUF's numbers,
    none on a parameter: simulate draws them, and so does the band."""
    case = ROOT / "docs" / "examples" / "kobenhavn_ranges.yaml"
    band = tmp_path / "band.svg"
    result = cli("chart", case, "--band", "-n", "500", "--seed", "1", "-o", band)
    assert result.exit_code == 0, result.output
    assert "P10-P90 af akkumuleret netto (500 træk, frø 1)" in _svg_texts(band.read_bytes())


def test_band_needs_ranges(cli, tmp_path):
    result = cli("chart", CASES / "egedal_1000_dage.yaml", "--band", "-o", tmp_path / "x.png")
    assert result.exit_code == 2
    assert "docs/uncertainty.md" in result.output
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("args", [(), ("-o", "chart.pdf"), ("-o", "chart")])
def test_chart_needs_a_png_or_svg_file(cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = cli("chart", ISHOJ, *args)
    assert result.exit_code == 2
    assert ".png" in result.output and ".svg" in result.output
    assert list(tmp_path.iterdir()) == []


def test_chart_never_writes_over_its_input(cli, tmp_path):
    case = tmp_path / "case.svg"
    case.write_bytes(ISHOJ.read_bytes())
    result = cli("chart", case, "-o", case)
    assert result.exit_code == 2
    assert case.read_bytes() == ISHOJ.read_bytes()


def test_a_bad_case_writes_no_chart(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: {}\n", encoding="utf-8")
    result = cli("chart", bad, "-o", tmp_path / "x.png")
    assert result.exit_code == 1
    assert not (tmp_path / "x.png").exists()


def test_only_a_chart_imports_matplotlib(tmp_path):
    code = (
        "import sys\n"
        "from businesscase.cli import main\n"
        "def call(args):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), exc.code\n"
        "call(['run', sys.argv[1]])\n"
        "call(['run', sys.argv[1], '--chart'])\n"
        "assert 'matplotlib' not in sys.modules\n"
        "call(['chart', sys.argv[1], '-o', sys.argv[2]])\n"
        "assert 'matplotlib' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ISHOJ), str(tmp_path / "case.png")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "case.png").stat().st_size > 0


# ---------------------------------------------------------------------------------------------
# run --chart


def _bars(line: str) -> tuple[int, int]:
    """The number of cells left and right of the zero axis that a bar fills."""
    left, _, right = line.partition("│")
    return sum(c in "█░" for c in left), sum(c in "█░" for c in right)


def test_text_chart_shows_every_figure_beside_its_bar():
    data = _data(ISHOJ)
    lines = text_chart(data, 80).plain.splitlines()
    assert lines[0] == "Kr., 2020-priser"
    assert "Akkumuleret netto" in lines[1] and "Restgæld til Investeringspuljen" in lines[2]
    rows = lines[3:]
    assert len(rows) == 2 * 7
    for k, year in enumerate(range(2021, 2028)):
        cumulative, balance = rows[2 * k], rows[2 * k + 1]
        assert cumulative.startswith(str(year))
        assert cumulative.split()[-1] == amount(ISHOJ_CUMULATIVE[k], "da")
        assert balance.split()[-1] == amount(ISHOJ_BALANCE[k], "da")
        # a deficit to the left of the axis, a debt to the right, each as long as its figure
        assert _bars(cumulative)[1] == 0 and _bars(balance)[0] == 0
    longest = max(_bars(r)[0] + _bars(r)[1] for r in rows)
    assert _bars(rows[2])[0] == longest  # 2022: -500.000, the deepest
    assert _bars(rows[3])[1] == longest  # 2022: 500.000 owed, the most
    assert _bars(rows[0])[0] * 2 == pytest.approx(longest, abs=1)  # 2021: half of it
    assert _bars(rows[-2]) == (0, 0)  # 2027: 0


@pytest.mark.parametrize("width", [20, 40, 60, 80, 100, 200])
@pytest.mark.parametrize("case", SHIPPED, ids=lambda p: p.stem)
def test_text_chart_fits_the_width(width, case):
    from rich.cells import cell_len

    text = text_chart(_data(case), width).plain
    assert max(cell_len(line) for line in text.splitlines()) <= max(width, 20)


def test_run_chart_in_english_and_without_control_characters(cli):
    result = cli("run", ISHOJ, "--chart", "--lang", "en")
    assert result.exit_code == 0
    out = result.stdout
    assert "Cumulative net" in out and "Owed to Investeringspuljen" in out
    assert "-500,000" in out  # the chart's own figure, English style
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out)


def test_run_chart_in_a_terminal_fits_its_width():
    """On a terminal rich colours the bars; every line still fits the terminal."""
    code = (
        "import sys\n"
        "sys.stdout.isatty = lambda: True\n"
        "from businesscase.cli import main\n"
        "main(['run', sys.argv[1], '--chart'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ISHOJ)],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "72", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    plain = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    assert "░░" in plain and "Akkumuleret netto" in plain
    from rich.cells import cell_len

    assert max(cell_len(line) for line in plain.splitlines()) <= 72
    # what is left besides rich's colour codes is text and newlines
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", plain)


def test_run_chart_goes_with_text_only(cli):
    result = cli("run", ISHOJ, "--chart", "-f", "json")
    assert result.exit_code == 2
    assert "--chart" in result.output
