"""Malformed case files: every one gives a located error, exit 1, no traceback, fast.

The corpus lives in ``tests/corpus``; ``manifest.json`` gives, for each file, the code, line
and column of its first error (and, under ``also``, further errors it must give) and the exit
code of ``businesscase validate``. ``tools/make_corpus.py`` wrote both, working out each
position from the mutation it made; the ``base_*.yaml`` files are the shipped cases the
mutations started from. Files too large to commit (10 MB) are made here in ``tmp_path``.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest

from businesscase.diagnostics import Diagnostic
from businesscase.loader import load_case

from .conftest import ISHOJ

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST: list[dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text("utf-8"))["files"]
CODES = [f"BC10{i}" for i in range(1, 9)] + [f"BC20{i}" for i in range(1, 5)]
HANG = 10.0
"""Seconds after which reading a named pipe counts as blocked: a hang, not a slow run. How long
each corpus file takes is measured by ``bench/corpus.py``, not asserted here."""


def _lines(raw: bytes) -> list[str]:
    """The file's lines as YAML counts them (undecodable bytes count as one character)."""
    text = raw.decode("utf-8-sig", errors="replace")
    lines = re.split(r"\r\n|\r|\n|\x85|\u2028|\u2029", text)
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


def _assert_inside(diagnostics: list[Diagnostic], raw: bytes) -> None:
    lines = _lines(raw)
    for d in diagnostics:
        assert 1 <= d.line <= len(lines), d
        assert 1 <= d.col <= len(lines[d.line - 1]) + 1, d


def _errors(path: Path) -> list[tuple[str, int, int, str]]:
    return [
        (d.code, d.line, d.col, d.message) for d in load_case(str(path)).diagnostics if d.is_error
    ]


def test_corpus_size_and_codes() -> None:
    files = {p.name for p in CORPUS.glob("*.yaml") if not p.name.startswith("base_")}
    assert files == {e["file"] for e in MANIFEST}, "manifest and corpus differ"
    assert len(files) >= 150
    covered = {e["code"] for e in MANIFEST} | {a[0] for e in MANIFEST for a in e.get("also", [])}
    assert set(CODES) <= covered


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_load_case_locates_the_error(entry: dict[str, Any]) -> None:
    path = CORPUS / entry["file"]
    loaded = load_case(str(path))
    errors = [d for d in loaded.diagnostics if d.is_error]
    assert errors, "no error"
    assert (errors[0].code, errors[0].line, errors[0].col) == (
        entry["code"],
        entry["line"],
        entry["col"],
    ), errors[0]
    every = {(d.code, d.line, d.col) for d in errors}
    for code, line, col in entry.get("also", []):
        assert (code, line, col) in every
    assert loaded.case is None and not loaded.ok
    _assert_inside(loaded.diagnostics, path.read_bytes())


def test_messages_stay_short() -> None:
    """A 300 000-character value is quoted by its ends, not printed whole."""
    for entry in MANIFEST:
        for d in load_case(str(CORPUS / entry["file"])).diagnostics:
            assert len(d.message) < 300, (entry["file"], d.message[:300])


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_validate_exits_with_a_located_message(cli, entry: dict[str, Any]) -> None:
    path = CORPUS / entry["file"]
    result = cli("validate", path, env={"GITHUB_ACTIONS": ""})
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == entry["exit"], output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    located = f"{path}:{entry['line']}:{entry['col']}: error[{entry['code']}]"
    assert located in output


def test_the_whole_corpus_as_json_and_as_github_annotations(cli) -> None:
    """The machine-readable formats carry the same first error for every file."""
    result = cli("validate", CORPUS, "--format", "json")
    assert result.exit_code == 1
    records = json.loads(result.stdout)
    first: dict[str, tuple[str, int, int]] = {}
    for r in records:
        if r["severity"] == "error":
            first.setdefault(Path(r["file"]).name, (r["code"], r["line"], r["col"]))
    for entry in MANIFEST:
        assert first[entry["file"]] == (entry["code"], entry["line"], entry["col"])
    result = cli("validate", CORPUS, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(records)
    assert all(re.match(r"::(error|warning) file=[^,]+,line=\d+,col=\d+", line) for line in lines)


def test_ten_megabytes_is_refused_without_reading_it_all(tmp_path: Path, cli) -> None:
    big = tmp_path / "big.yaml"
    row = "  - name: Støtte\n    amount: 390000\n"
    big.write_text("format: 1\ncosts:\n" + row * (10_000_000 // len(row)), encoding="utf-8")
    assert big.stat().st_size > 9_900_000
    assert [e[:3] for e in _errors(big)] == [("BC108", 1, 1)]
    result = cli("validate", big, env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 1
    assert f"{big}:1:1: error[BC108]" in result.output
    assert "Traceback" not in result.output


def test_ten_megabytes_of_binary_junk(tmp_path: Path) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(256)) * 40_000)
    assert [e[:3] for e in _errors(junk)] == [("BC108", 1, 1)]


def test_a_flood_of_errors_is_cut_at_one_hundred() -> None:
    """9 000 'yes' give 100 findings, the last saying how many more there are."""
    found = [e for e in _errors(CORPUS / "volume_yes_capped.yaml") if e[0] == "BC104"]
    assert len(found) == 100
    assert found[-1][3].endswith("and 8900 more errors after this one, not shown")


@pytest.mark.parametrize("kind", ["missing", "empty folder", "pipe"])
def test_what_cannot_be_read_is_exit_2(tmp_path: Path, cli, kind: str) -> None:
    """I/O problems are not findings in a case: exit 2, a message naming the path."""
    path = tmp_path / "case.yaml"
    if kind == "empty folder":
        path.mkdir()
    elif kind == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        os.mkfifo(path)  # reading it would block: it must be refused, not opened
    start = time.perf_counter()
    result = cli("validate", path, env={"GITHUB_ACTIONS": ""})
    assert time.perf_counter() - start < HANG
    assert result.exit_code == 2, result.output
    assert str(path) in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_funding_kind_is_located_at_kind(tmp_path: Path) -> None:
    """A wrong or missing 'kind' of a funding item points at 'kind', not the whole item."""
    text = ISHOJ.read_text(encoding="utf-8")
    loan = tmp_path / "loan.yaml"
    loan.write_text(text.replace("  - kind: pool", "  - kind: loan"), encoding="utf-8")
    line = text.split("\n").index("  - kind: pool") + 1
    # the Ishøj case is Danish: so is its message
    assert _errors(loan) == [("BC203", line, 11, "forventede 'pool' eller 'grant', fik 'loan'")]
    on = tmp_path / "on.yaml"
    on.write_text(text.replace("  - kind: pool", "  - kind: on"), encoding="utf-8")
    assert [e[:3] for e in _errors(on)] == [("BC104", line, 11)]  # not a second error for 'on'
    missing = tmp_path / "missing.yaml"
    missing.write_text(text.replace("  - kind: pool\n    name:", "  - name:"), encoding="utf-8")
    assert [e[:3] for e in _errors(missing)] == [("BC202", line, 5)]
