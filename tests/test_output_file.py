"""`run --output FILE`: the file gets the whole output or nothing, never half of it."""

from __future__ import annotations

import pytest

from businesscase import atomic

from .conftest import ISHOJ


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "markdown"])
def test_the_file_holds_exactly_what_the_screen_shows(cli, tmp_path, fmt):
    target = tmp_path / f"ishoj.{fmt}"
    written = cli("run", ISHOJ, "--format", fmt, "--output", target)
    assert written.exit_code == 0 and written.stdout == ""
    assert target.read_text(encoding="utf-8") == cli("run", ISHOJ, "--format", fmt).stdout


def test_an_invalid_case_leaves_an_existing_file_alone(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(ISHOJ.read_text(encoding="utf-8").replace("40000", "40.000"), encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    out = cli("run", bad, "--format", "csv", "--output", target)
    assert out.exit_code == 1
    assert target.read_text(encoding="utf-8") == "the previous export\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(cli, tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("the previous export\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    out = cli("run", ISHOJ, "--format", "json", "--output", target)
    assert out.exit_code == 2
    assert "cannot write: No space left on device" in out.stderr
    assert "Traceback" not in out.stderr
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_missing_folder_is_a_usage_error(cli, tmp_path):
    out = cli("run", ISHOJ, "--output", tmp_path / "no" / "such" / "out.txt")
    assert out.exit_code == 2
    assert "cannot write" in out.stderr


def test_an_existing_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "shared.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic.write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640


# --- The one safe writer (class 6 of issue 16) ---------------------------------------------------


def test_the_case_itself_is_never_overwritten(cli, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(ISHOJ.read_text(encoding="utf-8"), encoding="utf-8")
    before = case.read_bytes()
    for target in (case, tmp_path / "." / "case.yaml"):
        out = cli("run", case, "-o", target)
        assert out.exit_code == 2 and "input" in out.stderr
        assert case.read_bytes() == before
    link = tmp_path / "link.yaml"
    link.symlink_to(case)
    assert cli("run", case, "-o", link).exit_code == 2
    assert case.read_bytes() == before


def test_a_scenarios_base_is_never_overwritten(cli, tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(ISHOJ.read_text(encoding="utf-8"), encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: base.yaml\nmeta: {title: Anden}\n", encoding="utf-8")
    before = base.read_bytes()
    out = cli("run", scenario, "-o", base)
    assert out.exit_code == 2 and "input" in out.stderr
    assert base.read_bytes() == before


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic.write_text(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_a_character_device_is_written_through_not_replaced(tmp_path):
    import os
    import stat

    atomic.write_text("/dev/null", "anything")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_pipe_without_a_reader_and_a_folder_are_refused(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError, match="nothing reads"):
        atomic.write_text(tmp_path / "pipe", "x")
    with pytest.raises(OSError):
        atomic.write_text(tmp_path, "x")


def test_a_new_file_honours_the_umask(tmp_path):
    import os

    old = os.umask(0o027)
    try:
        atomic.write_text(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o640


def test_a_name_as_long_as_the_file_system_allows_can_be_written(tmp_path):
    name = "x" * 250 + ".csv"
    atomic.write_text(tmp_path / name, "x")
    assert (tmp_path / name).read_text(encoding="utf-8") == "x"


def test_a_signal_mid_write_removes_the_temporary_file(tmp_path):
    """SIGTERM while the text is written: the old file stays, no temporary file is left."""
    import subprocess
    import sys

    target = tmp_path / "out.txt"
    target.write_text("the previous export\n", encoding="utf-8")
    code = f"""
import os, signal
from businesscase import atomic
def slow(fd):
    os.kill(os.getpid(), signal.SIGTERM)
atomic.os.fsync = slow
atomic.write_text({str(target)!r}, "new")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == -15, done.stderr
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
