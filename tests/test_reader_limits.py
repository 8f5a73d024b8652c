"""The reader's value limit: large real cases pass, floods are refused before composing."""

from __future__ import annotations

import importlib.util

from businesscase import yamlio

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("scale", ROOT / "bench" / "scale.py")
assert _spec is not None and _spec.loader is not None
scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale)


def _codes(text: str) -> list[str]:
    return [d.code for d in yamlio.parse(text, "case.yaml")[1]]


def test_a_case_of_a_thousand_lines_over_a_hundred_years_is_read():
    text = scale.generate_case(1000, 100)
    assert yamlio._values_bound(text) > 10_000  # refused by the old, estimated limit
    doc, errors = yamlio.parse(text, "scale.yaml")
    assert errors == []
    assert (
        len(doc.data["costs"]) + len(doc.data["avoided"]) + len(doc.data["reallocations"]) == 1000
    )


def test_comments_and_notes_do_not_count():
    note = "Beregnet, jf. budget 1, 2, 3 - 4, 5 " * 3_000  # 100 kB of commas and dashes
    comments = "# a, b: c - d, e, f, g, h, i, j, k, l, m, n, o, p\n" * 3_000
    text = f"format: 1\n{comments}meta:\n  title: T\n  note: {note}\n"
    assert yamlio._values_bound(text) > yamlio.MAX_VALUES
    assert _codes(text) == []


def test_one_value_over_the_limit_is_refused_and_one_under_is_not():
    # the top mapping, format, its value, meta, the list: five nodes besides the numbers
    under = "format: 1\nmeta: [" + "1," * (yamlio.MAX_VALUES - 6) + "1]\n"
    over = "format: 1\nmeta: [" + "1," * (yamlio.MAX_VALUES - 5) + "1]\n"
    assert yamlio._count_values(under) == yamlio.MAX_VALUES
    assert _codes(under) == []
    assert _codes(over) == ["BC108"]


def test_aliases_count_as_values():
    text = "a: &a 1\nb: [" + "*a, " * yamlio.MAX_VALUES + "]\n"
    assert _codes(text) == ["BC108"]


def test_the_count_stops_past_the_limit():
    flood = "a: [" + "1," * 400_000 + "1]\n"
    assert yamlio._count_values(flood) == yamlio.MAX_VALUES + 1


def test_the_scale_generator_writes_a_valid_case(cli, tmp_path):
    case = tmp_path / "scale.yaml"
    case.write_text(scale.generate_case(30, 12), encoding="utf-8")
    out = cli("validate", "--strict", case)
    assert (out.exit_code, out.stdout, out.stderr) == (0, "", "")
