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
