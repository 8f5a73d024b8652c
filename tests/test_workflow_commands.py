"""No output line can start a GitHub workflow command (class 8 of issue 16, on stdout).

GitHub Actions reads every line a step prints whose first characters after blanks are ``::``
as a command (``::error file=…::``, ``::add-mask::``). A case titled ``::warning::x`` or a
line named ``::error file=other.yaml::…`` must not make one when ``run`` prints its table;
only ``validate --format github`` writes commands, on purpose. Real file descriptors are
needed, so the commands run in a child process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from businesscase.streams import _defused

CASE = """\
format: 1
meta:
  title: "::warning::a title"
  organisation: Ishøj Kommune
  price_level: 2020
  language: en
period:
  first: 2021
  last: 2023
costs:
  - name: "::error file=other.yaml,line=1::a cost"
    amount: 390000
avoided:
  - name: ::add-mask::savings
    count: 20
    unit_cost: 40000
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from businesscase.cli import main; sys.argv[0] = 'businesscase'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], text=True, capture_output=True, timeout=120
    )


def _commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("::")]


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("commands") / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["run", "--detail"],
        ["run", "--format", "csv"],
        ["run", "--format", "markdown"],
        ["run", "--format", "json"],
        ["explain", "net"],
    ],
    ids=lambda a: "-".join(a),
)
def test_no_line_starts_a_command(case: Path, args: list[str]) -> None:
    out = _run(args[0], str(case), *args[1:])
    assert out.returncode == 0, out.stderr
    assert "a cost" in out.stdout or args[0] == "explain"
    assert _commands(out.stdout) == []
    assert _commands(out.stderr) == []


def test_a_defused_line_still_shows_the_name(case: Path) -> None:
    out = _run("run", str(case))
    assert "\\::warning::a title" in out.stdout.splitlines()[:3]


def test_csv_cell_gets_the_spreadsheet_text_mark(case: Path) -> None:
    out = _run("run", str(case), "--format", "csv")
    assert any(line.startswith("'::add-mask::savings") for line in out.stdout.splitlines())


def test_validate_github_still_writes_its_annotations(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(CASE.replace("amount: 390000", "amount: -390000"), encoding="utf-8")
    out = _run("validate", "--format", "github", str(bad))
    assert out.returncode == 1
    lines = _commands(out.stdout)
    assert len(lines) == 1 and lines[0].startswith("::error file=")
    assert "BC309" in lines[0]


def test_defused_only_at_the_start_of_a_line() -> None:
    assert _defused("::a::b\n  ::c\nd ::e\n", True) == "\\::a::b\n  \\::c\nd ::e\n"
    assert _defused("::x", False) == "::x"  # the rest of a line written before
    assert _defused("y\r::z", True) == "y\r\\::z"
