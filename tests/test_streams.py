"""Closed, full and non-UTF-8 standard streams (class 7 of issue 16).

These need real file descriptors, so each runs the installed command in a child process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CASES, ISHOJ, ROOT

BAD = ROOT / "tests" / "checks" / "BC103.yaml"
COMMANDS = {
    "validate": ["validate", str(ISHOJ)],
    "validate-json": ["validate", "--format", "json", str(ISHOJ)],
    "run": ["run", str(ISHOJ)],
    "run-json": ["run", "--format", "json", str(ISHOJ)],
    "schema": ["schema"],
    "diff": ["diff", str(ISHOJ), str(CASES / "egedal_1000_dage.yaml")],
}


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    code = "import sys; from businesscase.cli import main; sys.argv[0] = 'businesscase'; main()"
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", code, *args], text=True, timeout=120, **kwargs
    )


def _closing(fd: int):
    return lambda: os.close(fd)


@pytest.mark.parametrize("name", COMMANDS)
def test_closed_stdout(name):
    out = _run(COMMANDS[name], stderr=subprocess.PIPE, preexec_fn=_closing(1))
    assert "Traceback" not in out.stderr
    if name == "validate":  # nothing to write: a valid case passes the gate
        assert out.returncode == 0 and out.stderr == ""
    else:
        assert out.returncode == 2
        assert out.stderr == "businesscase: cannot write to standard output: the stream is closed\n"


def test_closed_stderr_does_not_fail_a_valid_case():
    out = _run(COMMANDS["validate"], stdout=subprocess.PIPE, preexec_fn=_closing(2))
    assert out.returncode == 0 and out.stdout == ""


def test_closed_stderr_with_findings_is_not_a_pass():
    out = _run(["validate", str(BAD)], stdout=subprocess.PIPE, preexec_fn=_closing(2))
    assert out.returncode == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("name", [n for n in COMMANDS if n != "validate"])
def test_a_full_disk_is_exit_2_with_a_message(name):
    with open("/dev/full", "w") as full:
        out = _run(COMMANDS[name], stdout=full, stderr=subprocess.PIPE)
    assert out.returncode == 2
    assert out.stderr == "businesscase: cannot write to standard output: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_said_in_danish():
    env = {**os.environ, "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "da_DK.UTF-8"}
    with open("/dev/full", "w") as full:
        out = _run(COMMANDS["run"], stdout=full, stderr=subprocess.PIPE, env=env)
    assert out.returncode == 2
    said = "businesscase: kan ikke skrive til standardoutput: der er ikke mere plads på enheden\n"
    assert out.stderr == said


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "ascii"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_a_stdout_that_is_not_utf8_gets_stand_ins(encoding, fmt):
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    out = _run(
        ["run", str(ISHOJ), "--format", fmt], capture_output=True, env=env, encoding=encoding
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    if fmt == "json":  # still JSON, with the same figures
        plain = _run(["run", str(ISHOJ), "--format", fmt], capture_output=True)
        assert json.loads(out.stdout)["net"] == json.loads(plain.stdout)["net"]
    else:
        assert "390.000" in out.stdout or "390000" in out.stdout


def test_stand_ins_keep_the_meaning():
    from businesscase import streams

    assert "≥ 0 — 1…2".encode("ascii", "businesscase-stand-in") == b">= 0 - 1...2"
    assert "┃━┼".encode("cp1252", "businesscase-stand-in") == b"|-+"
    assert "æøå".encode("cp1252", "businesscase-stand-in") == "æøå".encode("cp1252")
    assert streams.StreamError("standard output", "x").reason == "x"


def test_paths_that_cannot_be_read_are_exit_2(tmp_path, cli):
    long = tmp_path / ("x" * 300 + ".yaml")
    for command in ("validate", "run"):
        out = cli(command, long)
        assert out.exit_code == 2 and "File name too long" in out.stderr
    out = cli("run", ISHOJ, "--output", tmp_path / ("y" * 300 + ".txt"))
    assert out.exit_code == 2 and "cannot write" in out.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root enters any folder")
def test_a_folder_it_cannot_enter_is_exit_2(tmp_path, cli):
    locked = tmp_path / "locked"
    (locked / "sub").mkdir(parents=True)
    (locked / "sub" / "c.yaml").write_text(ISHOJ.read_text("utf-8"), "utf-8")
    locked.chmod(0)
    try:
        for command in ("validate", "run"):
            out = cli(command, locked / "sub" / "c.yaml")
            assert out.exit_code == 2 and "Permission denied" in out.stderr
    finally:
        locked.chmod(0o755)


def test_a_folder_it_cannot_enter_is_exit_2_even_as_root(tmp_path, cli, monkeypatch):
    import errno

    real = os.stat

    def stat(path, *args, **kwargs):
        if "locked" in str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    out = cli("validate", tmp_path / "locked" / "c.yaml")
    assert out.exit_code == 2 and "Permission denied" in out.stderr
