"""Malformed case files: every one gives a located error, exit 1, no traceback, fast."""

from __future__ import annotations

from pathlib import Path

from businesscase.loader import load_case

from .conftest import ISHOJ


def _errors(path: Path) -> list[tuple[str, int, int, str]]:
    return [
        (d.code, d.line, d.col, d.message) for d in load_case(str(path)).diagnostics if d.is_error
    ]


def test_funding_kind_is_located_at_kind(tmp_path: Path) -> None:
    """A wrong or missing 'kind' of a funding item points at 'kind', not the whole item."""
    text = ISHOJ.read_text(encoding="utf-8")
    loan = tmp_path / "loan.yaml"
    loan.write_text(text.replace("  - kind: pool", "  - kind: loan"), encoding="utf-8")
    line = text.split("\n").index("  - kind: pool") + 1
    assert _errors(loan) == [("BC203", line, 11, "expected 'pool' or 'grant', got 'loan'")]
    on = tmp_path / "on.yaml"
    on.write_text(text.replace("  - kind: pool", "  - kind: on"), encoding="utf-8")
    assert [e[:3] for e in _errors(on)] == [("BC104", line, 11)]  # not a second error for 'on'
    missing = tmp_path / "missing.yaml"
    missing.write_text(text.replace("  - kind: pool\n    name:", "  - name:"), encoding="utf-8")
    assert [e[:3] for e in _errors(missing)] == [("BC202", line, 5)]
