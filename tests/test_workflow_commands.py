"""No output line can start a GitHub workflow command (class 8 of issue 16, on stdout).

GitHub Actions reads every line a step prints whose first characters after blanks are ``::``
as a command (``::error file=…::``, ``::add-mask::``). A case titled ``::warning::x`` or a
line named ``::error file=other.yaml::…`` must not make one when ``run`` prints its table;
only ``validate --format github`` writes commands, on purpose. Real file descriptors are
needed, so the commands run in a child process.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from businesscase.streams import _defused, _legacy_defused

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


# --- The older form, ##[command], anywhere in a line ------------------------------------------

LEGACY = """\
format: 1
meta:
  title: "##[error]a title"
  organisation: "Ishøj ##[warning]Kommune"
  price_level: 2020
  language: en
period:
  first: 2021
  last: 2023
departments:
  - {id: "b##[group]", name: "##[add-mask]Børn"}
costs:
  - name: "a cost ##[error]here"
    amount: 390000
    department: "b##[group]"
avoided:
  - name: "savings #\u00ad#[endgroup]"
    count: 20
    unit_cost: 40000
    department: "b##[group]"
funding:
  - kind: pool
    name: "##[section]pool"
    amount: 390000
    repayment: {first_year: 2022, amount: 100000, years: 3}
"""

_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


def _legacy(text: str) -> list[str]:
    """Lines the runner would read as a command of the older form: ``##[`` anywhere, the
    signs compared as a culture compares them (invisible characters skipped)."""
    return [line for line in text.splitlines() if "##[" in _IGNORABLE.sub("", line)]


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("legacy") / "##[error]case.yaml"
    path.write_text(LEGACY, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["run", "--detail", "--npv"],
        ["run", "--format", "csv"],
        ["run", "--format", "markdown"],
        ["run", "--format", "json"],
        ["run", "--department", "b##[group]"],
        ["explain", "net"],
        ["explain", "net", "--format", "json"],
        ["validate"],
        ["validate", "--format", "json"],
        ["pool"],
        ["pool", "--format", "json"],
        ["sensitivity"],
        ["simulate", "--format", "json"],
    ],
    ids=lambda a: "-".join(a),
)
def test_no_line_holds_an_older_command(legacy: Path, args: list[str]) -> None:
    out = _run(args[0], str(legacy), *args[1:])
    assert out.returncode == 0, out.stderr
    assert _legacy(out.stdout) == []
    assert _legacy(out.stderr) == []
    if "json" in args:
        json.loads(out.stdout)  # still a valid document


def test_diff_and_a_finding_on_a_hostile_file_name(legacy: Path, tmp_path: Path) -> None:
    bad = tmp_path / "##[warning]bad.yaml"
    bad.write_text(LEGACY.replace("amount: 390000", "amount: -390000", 1), encoding="utf-8")
    for args in (["diff", str(legacy), str(bad)], ["validate", str(bad)], ["run", str(bad)]):
        out = _run(*args)
        assert "BC309" in out.stdout + out.stderr or args[0] == "diff"
        assert _legacy(out.stdout) == [] and _legacy(out.stderr) == [], args


def test_the_json_document_reads_back_as_written(legacy: Path) -> None:
    out = _run("run", str(legacy), "--format", "json")
    assert "\\u005b" in out.stdout
    assert json.loads(out.stdout)["title"] == "##[error]a title"


def test_github_annotations_keep_their_file_name(tmp_path: Path) -> None:
    """An annotation is read as the newer form and nothing else: its file name is kept as it
    is, so that it finds its file; the summary after it is defused."""
    bad = tmp_path / "##[error]bad.yaml"
    bad.write_text(LEGACY.replace("amount: 390000", "amount: -390000", 1), encoding="utf-8")
    out = _run("validate", "--format", "github", str(bad))
    annotations = _commands(out.stdout)
    assert any("BC309" in a for a in annotations)
    assert all(f" file={bad}," in a for a in annotations)
    assert [line for line in _legacy(out.stdout + out.stderr) if line not in annotations] == []


def test_legacy_defused_in_text_and_json() -> None:
    assert (
        _legacy_defused("a ##[error]x ##[warning]y # #[z]")
        == "a ##\\[error]x ##\\[warning]y # #[z]"
    )
    assert _legacy_defused("#\u200b#[add-mask]s") == "#\u200b#\\[add-mask]s"
    document = json.dumps({"name": "##[error]x"}, ensure_ascii=False)
    assert json.loads(_legacy_defused(document, json=True)) == {"name": "##[error]x"}
