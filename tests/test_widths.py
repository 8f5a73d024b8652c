"""`run` in a real terminal of every width: every figure whole, every label readable, no line
wider than the terminal, never an empty output.

The tool runs in a pseudo-terminal whose size is set the way a terminal emulator sets it
(``TIOCSWINSZ``), and under ``script`` with ``COLUMNS`` as a user would type it. The tables are
read back from the screen and compared with the piped output, which is never cut.
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
import shutil
import struct
import subprocess
import sys
import termios
from collections import Counter

import pytest
from rich.cells import cell_len

from businesscase.render.text import wrap

from .conftest import CASES, ISHOJ, ROOT

WIDTHS = (40, 60, 80, 100, 200)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_ROW = re.compile(r"^  (\S+(?: \S+)?) +(\S+(?: \S+)*)$")
"""A row of the narrow layout: its label, and its figure (one word, or a count a year such
as ``85 pr. år``)."""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    return env


def _clean(raw: bytes) -> str:
    return _ANSI.sub("", raw.decode("utf-8")).replace("\r\n", "\n")


def in_terminal(*args: str, columns: int) -> tuple[int, str]:
    """Run the tool with stdin, stdout and stderr on a pseudo-terminal ``columns`` wide."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "businesscase", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(),
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), _clean(b"".join(chunks))


@functools.cache
def piped(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "businesscase", *args],
        capture_output=True,
        env=_env(),
        cwd=ROOT,
        check=True,
    )
    return out.stdout.decode("utf-8")


def _norm(label: str) -> str:
    """A label compared without its line breaks (a wrapped or hyphen-broken word)."""
    return re.sub(r"[\s-]", "", label)


_HEAD = re.compile(r"^(Kr\.|DKK|Aktiviteter|Activities)(,.*)?$")


def money_cells(text: str, columns: set[str]) -> Counter[tuple[str, str, str]]:
    """(row label, column, figure) of every money and activity table on the screen, read back
    from any of the layouts: boxed tables (whole or in year blocks) or years as rows."""
    found: Counter[tuple[str, str, str]] = Counter()
    headers: list[str] = []
    label, extra = "", ""
    cells: dict[str, str] = {}
    boxed = listing = False

    def flush() -> None:
        nonlocal label, extra
        for col, value in cells.items():
            found[(_norm(label + extra), col, value)] += 1
        cells.clear()
        label, extra = "", ""

    for line in text.splitlines():
        if line.startswith("┃"):
            flush()
            headers = [c.strip() for c in line[1:-1].split("┃")]
            boxed, listing = bool(_HEAD.match(headers[0])), False
        elif line.startswith("│") and boxed:
            row = [c.strip() for c in line[1:-1].split("│")]
            if any(row[1:]):
                flush()
                label = row[0]
                for h, v in zip(headers[1:], row[1:], strict=True):
                    if h in columns and v:
                        cells[h] = v
                    elif h not in columns and v:
                        extra += f" ({v})"
            else:
                label += " " + row[0]
        elif line.startswith(("├", "└", "┡", "┏")):
            continue
        elif _HEAD.match(line):
            flush()
            boxed, listing = False, True
        elif not listing:
            flush()
            boxed = False
        elif not line.strip():
            flush()
        elif not line.startswith(" "):
            label = f"{label} {line}".strip()
        elif (m := _ROW.match(line)) and m.group(1) in columns:
            cells[m.group(1)] = m.group(2)
        else:
            flush()
    flush()
    return found


def _columns(case) -> set[str]:
    import yaml

    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    years = range(data["period"]["first"], data["period"]["last"] + 1)
    return {*map(str, years), "I alt", "Total"}


def _assert_fits(text: str, columns: int) -> None:
    assert text.strip(), "nothing printed"
    wide = [line for line in text.splitlines() if cell_len(line) > columns]
    assert not wide, f"{len(wide)} lines wider than {columns}: {wide[0]!r}"


CASE_FILES = sorted(CASES.glob("*.yaml"))


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_every_figure_whole_at_every_width(case, columns):
    code, screen = in_terminal("run", str(case), columns=columns)
    assert code == 0, screen
    _assert_fits(screen, columns)
    cols = _columns(case)
    whole = money_cells(piped("run", str(case)), cols)
    assert whole, "no money table read from the piped output"
    assert money_cells(screen, cols) == whole


TABLE_1 = """\
Støtte- og ressourcepædagogkorps	-390.000	-390.000	-390.000	-390.000	-390.000	-390.000	-390.000
Besparelser på sociale foranstaltninger	25.000	25.000	175.000	175.000	175.000	175.000	175.000
Besparelser på specialundervisningsforanstaltninger	0	0	100.000	100.000	100.000	100.000	100.000
Omlægning af støtte- og ressourcepædagogkorps eksisterende praksis	115.000	115.000	215.000	215.000	215.000	215.000	215.000
Samlet varig ændring	-250.000	-250.000	100.000	100.000	100.000	100.000	100.000
Tilbagebetaling til Investeringspuljen	0	0	100.000	100.000	100.000	100.000	100.000"""
"""Tabel 1 of the Ishøj application (seeds/003, lines 37-43; the document spells the last row's
pool "Investeringsspuljen")."""


@pytest.mark.skipif(shutil.which("script") is None, reason="script (util-linux) is not installed")
@pytest.mark.parametrize("columns", WIDTHS)
def test_table_1_whole_under_script(columns):
    """As the issue puts it: script -qc "env COLUMNS=80 businesscase run ..."."""
    command = f"env COLUMNS={columns} {sys.executable} -m businesscase run {ISHOJ}"
    out = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        env=_env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    screen = _clean(out.stdout)
    assert out.returncode == 0, screen
    _assert_fits(screen, columns)
    cells = money_cells(screen, _columns(ISHOJ))
    for line in TABLE_1.splitlines():
        label, *figures = line.split("\t")
        for year, figure in zip(range(2021, 2028), figures, strict=True):
            assert cells[(_norm(label), str(year), figure)] == 1, (label, year, figure)


@pytest.mark.parametrize("columns", ["0", "1", "20", "", "abc"])
def test_odd_columns_still_print_every_figure(columns):
    out = subprocess.run(
        [
            "script",
            "-qec",
            f"env COLUMNS={columns} {sys.executable} -m businesscase run {ISHOJ}",
            "/dev/null",
        ]
        if shutil.which("script")
        else [sys.executable, "-m", "businesscase", "run", str(ISHOJ)],
        capture_output=True,
        env=_env(),
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    screen = _clean(out.stdout)
    assert out.returncode == 0
    cols = _columns(ISHOJ)
    assert money_cells(screen, cols) == money_cells(piped("run", str(ISHOJ)), cols)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        (
            "Besparelser på sociale foranstaltninger",
            24,
            ["Besparelser på sociale", "foranstaltninger"],
        ),
        ("  Familiebehandling (SEL § 52)", 14, ["  Familiebeha-", "  ndling (SEL", "  § 52)"]),
        ("specialundervisningsforanstaltninger", 20, ["specialundervisning-", "sforanstaltninger"]),
        ("kort", 10, ["kort"]),
    ],
)
def test_wrap_breaks_at_spaces_and_marks_a_broken_word(text, width, expected):
    lines = wrap(text, width)
    assert lines == expected
    assert all(cell_len(line) <= width for line in lines)


def test_a_name_with_brackets_is_printed_as_written_in_a_terminal(tmp_path):
    """rich reads a plain string as console markup: "[/]" in a name crashed every text output
    and "[bold]" vanished. On a terminal the name is printed as written."""
    text = (ROOT / "docs" / "examples" / "minimal.yaml").read_text(encoding="utf-8")
    case = tmp_path / "brackets.yaml"
    case.write_text(
        text.replace("name: Familiepædagog", 'name: "Familie [/] pædagog [bold]x"'),
        encoding="utf-8",
    )
    for args in ([], ["--detail"], ["--chart"]):
        code, out = in_terminal("run", str(case), *args, columns=200)
        assert code == 0, out
        assert "Familie [/] pædagog [bold]x" in out
