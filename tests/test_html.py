"""``run --format html``: a report to print, one self-contained page.

Printed to PDF by a real browser (headless Chromium), every figure of the text table is in
the PDF's text (``pdftotext``), as often as the table shows it; the page fetches nothing and
is in the case's language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import CASES, ISHOJ, ROOT

SHIPPED = sorted(CASES.glob("*.yaml"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")

_FIGURE = re.compile(r"(?<![\w.,])-?\d+(?:[.,]\d+)*(?![\w])")
"""A figure as the tables write it: -390.000, 1,5, 2027."""


def _html(cli, case: Path, tmp_path: Path, *args: str) -> Path:
    out = tmp_path / f"{case.stem}.html"
    result = cli("run", case, "-f", "html", "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out


def _table_figures(text: str) -> Counter[str]:
    """Every figure in the body cells of the text output's tables (rows drawn with │)."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        if line.startswith("│") and line.count("│") >= 3:
            for cell in line.strip("│").split("│"):
                found.update(_FIGURE.findall(cell))
    return found


def _browser(*args: str, profile: Path) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="printing needs Debian's chromium and poppler-utils (pdftotext)",
)
@pytest.mark.parametrize("case", SHIPPED, ids=lambda p: p.stem)
def test_printed_report_has_every_figure_of_the_text_table(cli, tmp_path, case):
    page = _html(cli, case, tmp_path)
    pdf = tmp_path / f"{case.stem}.pdf"
    _browser("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), profile=tmp_path)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=False)
    if info.returncode == 0:
        assert "(A4)" in info.stdout
    assert PDFTOTEXT is not None
    printed = subprocess.run(
        [PDFTOTEXT, "-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    table = _table_figures(cli("run", case).stdout)
    assert table  # the text output has a table of figures
    in_pdf = Counter(_FIGURE.findall(printed))
    missing = {f: n - in_pdf[f] for f, n in table.items() if in_pdf[f] < n}
    assert missing == {}, missing


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("case", SHIPPED, ids=lambda p: p.stem)
def test_the_page_is_self_contained(cli, tmp_path, case):
    text = _html(cli, case, tmp_path).read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for tag, attrs in parser.tags:
        assert "src" not in attrs, tag
        for key in ("href", "xlink:href"):
            if attrs.get(key) is not None:
                assert str(attrs[key]).startswith("#"), (tag, attrs)  # within the page
    assert re.findall(r"url\((?!#)", text) == [] and "@import" not in text  # url(#clip) is inside
    assert "default-src 'none'" in text  # and the page forbids itself to fetch anything
    assert '<html lang="da">' in text
    assert "@page { size: A4" in text and "break-inside: avoid" in text


def test_ishoj_report_in_danish_with_its_chart_and_parts(cli, tmp_path):
    text = _html(cli, ISHOJ, tmp_path).read_text(encoding="utf-8")
    assert text.count("<svg") == 1
    for part in (
        "<title>Implementering af en Hjemmebaseret Indsats for udsatte børn i Ishøj Kommune",
        "Nøgletal",
        "År for år",
        "Afstemning: alle 79 tal fra Tabel 1, 4. Økonomi, Tabel 3 stemmer med beregningen.",
        "<!-- Akkumuleret netto -->",  # the chart's legend
        "<!-- −400.000 -->",  # and its axis, Danish style
        '<td class="num">-2.730.000</td>',  # Table 1's total of the corps
        '<td class="num">500.000 kr.</td>',  # drawn on the pool in total
    ):
        assert part in text, part


def test_english_on_request(cli, tmp_path):
    text = _html(cli, ISHOJ, tmp_path, "--lang", "en").read_text(encoding="utf-8")
    assert '<html lang="en">' in text
    assert "Key figures" in text and "Year by year" in text and "Nøgletal" not in text
    assert "<!-- −400,000 -->" in text


def test_warnings_and_assumptions_are_in_the_page(cli, tmp_path):
    case = CASES / "kobenhavn_tidlig_indsats_0_2.yaml"
    text = _html(cli, case, tmp_path).read_text(encoding="utf-8")
    assert "Forudsætninger (tal der ikke står i dokumentet)" in text
    assert "Tal i dokumentet der ikke stemmer med beregningen (2 af 24)" in text
    warned = _html(cli, ROOT / "docs" / "examples" / "features.yaml", tmp_path)
    shown = cli("run", ROOT / "docs" / "examples" / "features.yaml").stdout
    codes = set(re.findall(r"\[(BC\d+)\]", shown))
    page = warned.read_text(encoding="utf-8")
    for code in codes:
        assert f"<code>{code}</code>" in page


def test_text_from_the_case_is_escaped(cli, tmp_path):
    case = tmp_path / "case.yaml"
    original = ISHOJ.read_text(encoding="utf-8")
    case.write_text(
        original.replace(
            "title: Implementering af en Hjemmebaseret Indsats for udsatte børn i Ishøj Kommune",
            "title: <script>alert(1)</script> & Ishøj",
        ),
        encoding="utf-8",
    )
    text = _html(cli, case, tmp_path).read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Ishøj" in text


def test_html_never_writes_over_its_input(cli, tmp_path):
    case = tmp_path / "case.html"
    case.write_bytes(ISHOJ.read_bytes())
    result = cli("run", case, "-f", "html", "-o", case)
    assert result.exit_code == 2
    assert case.read_bytes() == ISHOJ.read_bytes()


def test_only_html_and_chart_import_matplotlib(tmp_path):
    code = (
        "import sys\n"
        "from businesscase.cli import main\n"
        "def call(args):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code in (0, None), exc.code\n"
        "call(['run', sys.argv[1], '-f', 'markdown'])\n"
        "assert 'matplotlib' not in sys.modules\n"
        "call(['run', sys.argv[1], '-f', 'html', '-o', sys.argv[2]])\n"
        "assert 'matplotlib' in sys.modules\n"
    )
    out = tmp_path / "r.html"
    done = subprocess.run(
        [sys.executable, "-c", code, str(ISHOJ), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
