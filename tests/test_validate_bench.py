"""bench/validate_1000.py generates valid cases (the timing itself is run by hand)."""

from __future__ import annotations

import importlib.util

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("validate_1000", ROOT / "bench" / "validate_1000.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_generated_cases_are_valid_and_silent(cli, tmp_path):
    bench.generate(tmp_path, 20)
    files = sorted(tmp_path.rglob("*.yaml"))
    assert len(files) == 20
    assert len({f.read_text(encoding="utf-8") for f in files}) == 20  # all different
    out = cli("validate", "--strict", tmp_path)
    assert (out.exit_code, out.stdout, out.stderr) == (0, "", "")
