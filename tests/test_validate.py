"""`businesscase validate`: files and folders, exit codes, text, JSON and GitHub output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from businesscase.diagnostics import Diagnostic
from businesscase.render.diagnostics import escape_data, escape_property, github

from .conftest import CASES, ISHOJ, ROOT

CHECKS = ROOT / "tests" / "checks"
BAD = CHECKS / "BC103.yaml"  # one error
WARN = CHECKS / "BC302.yaml"  # one warning


def test_shipped_cases_folder_is_silent(cli):
    out = cli("validate", CASES)
    assert out.exit_code == 0
    assert out.stdout == "" and out.stderr == ""


def test_folders_are_searched_recursively_and_in_order(cli, tmp_path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(BAD, tmp_path / "b" / "deep" / "z.yml")
    shutil.copy(BAD, tmp_path / "a.yaml")
    shutil.copy(BAD, tmp_path / ".git" / "hidden.yaml")  # hidden folders are skipped
    (tmp_path / "notes.txt").write_text("not a case")  # other extensions are skipped
    out = cli("validate", "--format", "json", tmp_path)
    assert out.exit_code == 1
    files = [Path(r["file"]).relative_to(tmp_path).as_posix() for r in json.loads(out.stdout)]
    assert files == ["a.yaml", "b/deep/z.yml"]


def test_every_finding_of_every_file(cli):
    out = cli("validate", BAD, CHECKS / "BC206.yaml", WARN)
    assert out.exit_code == 1
    assert out.stderr.count("error[BC103]") == 1
    assert out.stderr.count("error[BC206]") == 2
    assert out.stderr.count("warning[BC302]") == 1
    assert out.stderr.endswith("3 errors and 1 warning in 3 of 3 files\n")
    assert out.stdout == ""


def test_warnings_fail_only_with_strict(cli):
    plain = cli("validate", WARN)
    assert plain.exit_code == 0
    assert "warning[BC302]" in plain.stderr
    assert cli("validate", "--strict", WARN).exit_code == 1
    assert cli("validate", "--strict", ISHOJ).exit_code == 0


@pytest.mark.parametrize("missing", ["no/such/file.yaml", "no-such-folder"])
def test_missing_path_is_exit_2(cli, missing):
    out = cli("validate", ISHOJ, missing)
    assert out.exit_code == 2
    assert f"businesscase: {missing}: no such file or folder" in out.stderr


def test_folder_without_cases_is_exit_2(cli, tmp_path):
    out = cli("validate", tmp_path)
    assert out.exit_code == 2
    assert "no case files" in out.stderr


def test_io_error_does_not_hide_findings(cli):
    out = cli("validate", BAD, "missing.yaml")
    assert out.exit_code == 2
    assert "error[BC103]" in out.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_unreadable_file_is_exit_2(cli, tmp_path):
    path = tmp_path / "locked.yaml"
    shutil.copy(ISHOJ, path)
    path.chmod(0)
    out = cli("validate", path)
    assert out.exit_code == 2
    assert "permission denied" in out.stderr


def test_file_named_explicitly_is_checked_whatever_its_extension(cli, tmp_path):
    path = tmp_path / "case.txt"
    shutil.copy(BAD, path)
    assert cli("validate", path).exit_code == 1


def test_json_records(cli):
    out = cli("validate", "--format", "json", BAD, WARN)
    assert out.exit_code == 1
    records = json.loads(out.stdout)
    assert [list(r) for r in records] == [
        ["file", "line", "col", "code", "severity", "path", "message", "hint"]
    ] * 2
    first = records[0]
    assert (first["file"], first["line"], first["col"]) == (str(BAD), 12, 16)
    assert (first["code"], first["severity"], first["path"]) == (
        "BC103",
        "error",
        "avoided[0].unit_cost",
    )
    assert first["message"].startswith("expected an amount in kroner, got '40.000'")
    assert first["hint"] == "write whole kroner without thousands separators, e.g. 40000"
    assert records[1]["severity"] == "warning"


def test_json_when_all_is_well_is_an_empty_list(cli):
    out = cli("validate", "--format", "json", ISHOJ)
    assert (out.exit_code, out.stdout, out.stderr) == (0, "[]\n", "")


def test_github_annotations(cli):
    out = cli("validate", "--format", "github", BAD, WARN)
    assert out.exit_code == 1
    lines = out.stdout.splitlines()
    assert lines[0].startswith(
        f"::error file={BAD},line=12,col=16,title=BC103::avoided[0].unit_cost: "
    )
    assert lines[0].endswith("%0Ahint: write whole kroner without thousands separators, e.g. 40000")
    assert lines[1].startswith(f"::warning file={WARN},line=16,col=29,title=BC302::")
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("false", False), ("0", False), ("", False)],
)
def test_github_format_is_chosen_on_github_actions(cli, value, expected):
    out = cli("validate", BAD, env={"GITHUB_ACTIONS": value})
    assert out.stdout.startswith("::error file=") is expected
    assert ("error[BC103]" in out.stderr) is not expected


def test_explicit_format_wins_over_github_actions(cli):
    out = cli("validate", "--format", "text", BAD, env={"GITHUB_ACTIONS": "true"})
    assert out.stdout == "" and "error[BC103]" in out.stderr


def test_github_io_error_is_an_annotation_too(cli):
    out = cli("validate", "--format", "github", "missing.yaml")
    assert out.exit_code == 2
    assert out.stdout == "::error file=missing.yaml::no such file or folder\n"


def test_github_escaping():
    assert escape_data("50% of a\r\nb") == "50%25 of a%0D%0Ab"
    assert escape_property("a:b,c%d\n") == "a%3Ab%2Cc%25d%0A"
    d = Diagnostic(
        code="BC201",
        severity="error",
        message="unknown key 'a:b, 100%'",
        file="cases/x,y:z.yaml",
        line=3,
        col=5,
        path="meta",
        hint="did you mean\n'title'?",
    )
    # a line break inside a diagnostic's text is shown, not obeyed, before any escaping
    assert github(d) == (
        "::error file=cases/x%2Cy%3Az.yaml,line=3,col=5,title=BC201::"
        "meta: unknown key 'a:b, 100%25'%0Ahint: did you mean\\x0a'title'?"
    )


def test_validate_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from businesscase.cli import app\n"
        "try:\n"
        "    app(['validate', sys.argv[1]])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'rich', 'numpy', 'openpyxl', 'matplotlib', 'xlsxwriter', 'pandas'})\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(CASES)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_parallel_checking_gives_the_same_report_in_the_same_order(cli, tmp_path):
    sources = [BAD, WARN, CHECKS / "BC206.yaml", ISHOJ, CHECKS / "BC101.yaml"]
    for i in range(20):
        shutil.copy(sources[i % len(sources)], tmp_path / f"case{i:02d}.yaml")
    (tmp_path / "case07.yaml").chmod(0)  # unreadable (unless run as root)
    serial = cli("validate", "--format", "json", "--jobs", "1", tmp_path)
    parallel = cli("validate", "--format", "json", "--jobs", "2", tmp_path)
    assert serial.exit_code == parallel.exit_code != 0
    assert json.loads(parallel.stdout) == json.loads(serial.stdout)
    assert parallel.stderr == serial.stderr
    assert len(json.loads(serial.stdout)) >= 16


def test_a_file_named_twice_is_checked_once(cli):
    out = cli("validate", "--format", "json", BAD, BAD, CHECKS)
    codes = [r["code"] for r in json.loads(out.stdout) if r["file"] == str(BAD)]
    assert codes == ["BC103"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_not_a_case_file(cli):
    out = cli("validate", "/dev/null")
    assert out.exit_code == 2
    assert "businesscase: /dev/null: is not a regular file" in out.stderr


def test_a_long_source_line_is_cut_around_the_caret():
    from businesscase.render.diagnostics import SOURCE_WIDTH, text

    source = "    note: " + "x" * 500 + " amount: 40.000 " + "y" * 500
    col = source.index("40.000") + 1
    d = Diagnostic("BC103", "error", "bad", "f.yaml", line=7, col=col, span=6, source=source)
    _, shown, caret = text(d).splitlines()
    assert shown.startswith("   7 | …") and shown.endswith("…")
    assert len(shown) <= len("   7 | ") + SOURCE_WIDTH + 2
    start = caret.index("^")
    assert shown[start : start + 7] == "40.000 " and caret[start:] == "^^^^^^"


def test_extensions_are_matched_whatever_their_case(cli, tmp_path):
    shutil.copy(BAD, tmp_path / "A.YAML")
    shutil.copy(BAD, tmp_path / "b.Yml")
    out = cli("validate", "--format", "json", tmp_path)
    assert [Path(r["file"]).name for r in json.loads(out.stdout)] == ["A.YAML", "b.Yml"]


def test_an_unreadable_subfolder_does_not_hide_the_other_files(cli, tmp_path, monkeypatch):
    shutil.copy(BAD, tmp_path / "a.yaml")
    walk = os.walk

    def walk_with_a_locked_folder(top, onerror=None, **kwargs):
        locked = str(tmp_path / "locked")
        onerror(PermissionError(13, "Permission denied", locked))
        yield from walk(top, onerror=onerror, **kwargs)

    monkeypatch.setattr(os, "walk", walk_with_a_locked_folder)
    out = cli("validate", tmp_path)
    assert out.exit_code == 2
    assert f"businesscase: {tmp_path / 'locked'}: Permission denied" in out.stderr
    assert "error[BC103]" in out.stderr
