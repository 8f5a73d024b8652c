"""The registry of check codes (businesscase.codes)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from businesscase import codes
from businesscase.codes import REGISTRY, Check, all_checks, check, define


def test_codes_and_names_are_well_formed_and_unique():
    found = all_checks()
    assert [c.code for c in found] == sorted(REGISTRY)
    assert all(re.fullmatch(r"BC[1-8][0-9]{2}", c.code) for c in found)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.name) for c in found)
    assert len({c.name for c in found}) == len(found)
    assert all(c.severity in ("error", "warning") for c in found)


def test_the_codes_the_issue_names_are_registered():
    have = {c.code for c in all_checks()}
    expected = {f"BC10{i}" for i in range(1, 9)} | {f"BC20{i}" for i in range(1, 10)}
    expected |= {f"BC30{i}" for i in range(1, 9)} | {"BC401", "BC402", "BC403", "BC404"}
    assert expected <= have


def test_check_registers_the_docstring_and_returns_the_function(monkeypatch):
    monkeypatch.setattr(codes, "REGISTRY", {})

    def rule(case: object) -> list[object]:
        """Summary.

        Bad::

            a: 1

        Good::

            a: 2
        """
        return []

    assert check("BC999", "test-rule", "warning")(rule) is rule
    registered = codes.REGISTRY["BC999"]
    assert registered == Check("BC999", "test-rule", "warning", registered.doc)
    assert registered.doc.startswith("Summary.\n\nBad::\n\n    a: 1")
    assert registered.summary == "Summary."


def test_a_code_cannot_name_two_checks(monkeypatch):
    monkeypatch.setattr(codes, "REGISTRY", {})
    define("BC999", "one", "error", "One.")
    define("BC999", "one", "error", "One, again.")  # re-registering the same check is fine
    with pytest.raises(ValueError, match="BC999 registered twice"):
        define("BC999", "two", "error", "Two.")


def test_importing_the_registry_is_cheap():
    code = "import sys, businesscase.codes; print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'yaml', 'businesscase.'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['businesscase.codes']"
