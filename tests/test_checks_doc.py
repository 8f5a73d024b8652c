"""docs/checks.md is generated from the checks' docstrings and must not go stale."""

from __future__ import annotations

import importlib.util

import pytest

from businesscase import yamlio
from businesscase.codes import all_checks

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location(
    "gen_checks_doc", ROOT / "tools" / "gen_checks_doc.py"
)
assert _spec is not None and _spec.loader is not None
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)

CHECKS = all_checks()


def test_docs_checks_md_is_up_to_date():
    assert (ROOT / "docs" / "checks.md").read_text(encoding="utf-8") == gen.render(), (
        "docs/checks.md is stale: run `uv run python tools/gen_checks_doc.py`"
    )


def test_check_mode_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "checks.md"
    stale.write_text("# Checks\n", encoding="utf-8")
    monkeypatch.setattr(gen, "DOC", stale)
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0


def test_every_code_is_documented():
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for check in CHECKS:
        assert f"### {check.code} {check.name}\n" in text


@pytest.mark.parametrize("check", [c for c in CHECKS if c.code < "BC400"], ids=lambda c: c.code)
def test_good_example_is_clean_yaml(check):
    _, _, _, good = gen._split(check.doc)
    doc, errors = yamlio.parse(good, "good.yaml")
    assert errors == [] and isinstance(doc.data, dict)


@pytest.mark.parametrize("check", [c for c in CHECKS if c.code < "BC108"], ids=lambda c: c.code)
def test_bad_example_of_the_yaml_reader_gives_its_code(check):
    _, _, bad, _ = gen._split(check.doc)
    _, errors = yamlio.parse(bad, "bad.yaml")
    assert check.code in {e.code for e in errors}
