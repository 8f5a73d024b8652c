"""The Serviceloven -> Barnets lov crosswalk that BC308 reads: every entry sourced, every
children's provision a case may cite pointed to the provision in force since 2024."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from businesscase.checks import crosswalk, current_reference
from businesscase.loader import load_case

from .conftest import ROOT

DATA = ROOT / "src" / "businesscase" / "data" / "barnets_lov.yaml"
CASE = (ROOT / "tests" / "checks" / "BC308.yaml").read_text(encoding="utf-8")


def _entries() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))["provisions"]


def test_every_entry_names_its_source_and_a_barnets_lov_provision():
    entries = _entries()
    assert len(entries) == len(crosswalk())  # no entry shadows another
    for entry in entries:
        assert entry["barnets_lov"].startswith("Barnets lov"), entry
        assert entry["source"].startswith(("https://", "LOV nr")), entry
        assert entry["note"], entry


def _written(old: dict) -> str:
    text = f"SEL § {old['section']}"
    if "letter" in old:
        text += f" {old['letter']}"
    if "stk" in old:
        text += f", stk. {old['stk']}"
    if "nr" in old:
        text += f", nr. {old['nr']}"
    return text


# the provisions the issue names, and those of the crosswalk besides
NAMED = ["11", "52", "52 a", "54", "55", "57 a", "68", "76"]


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: _written(e["serviceloven"]))
def test_each_entry_is_found_from_how_a_document_writes_it(entry):
    written = _written(entry["serviceloven"])
    assert current_reference(written) == entry["barnets_lov"]
    assert current_reference(written.replace("SEL", "Serviceloven")) == entry["barnets_lov"]


@pytest.mark.parametrize("section", NAMED)
def test_the_named_provisions_are_in_the_crosswalk(section):
    assert current_reference(f"SEL § {section}") is not None


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: _written(e["serviceloven"]))
def test_a_case_past_2024_gets_bc308_for_every_old_reference(tmp_path: Path, entry):
    written = _written(entry["serviceloven"])
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace("SEL § 52, stk. 3, nr. 3", written), encoding="utf-8")
    found = [d for d in load_case(str(path)).diagnostics if d.code == "BC308"]
    assert len(found) == 1, written
    assert entry["barnets_lov"] in found[0].message


def test_placement_gets_bc308_through_validate(cli, tmp_path: Path):
    """SEL § 52, stk. 3, nr. 7 (anbringelse) passed silently before the whole crosswalk."""
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace("nr. 3", "nr. 7"), encoding="utf-8")
    out = cli("validate", path, "--strict")
    assert out.exit_code == 1
    assert "BC308" in out.stderr and "Barnets lov § 46" in out.stderr


@pytest.mark.parametrize(
    "written", ["SEL § 85", "SEL § 11a", "Barnets lov § 46", "Folkeskoleloven § 52, stk. 3"]
)
def test_no_bc308_where_nothing_moved(written):
    assert current_reference(written) is None
