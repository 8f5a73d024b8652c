"""Inputs a long fuzz run found to crash the loader, kept as regression tests: each is now a
located error with exit 1, never a traceback."""

from __future__ import annotations

from .conftest import ISHOJ


def test_a_base_path_with_a_nul_character_is_a_located_error(cli, tmp_path):
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text('base: "\\u0000"\n', encoding="utf-8")
    out = cli("validate", scenario, env={"LANG": "C.UTF-8"})
    assert out.exit_code == 1, out.output
    assert "Traceback" not in out.output
    assert f"{scenario}:1:7:" in out.output
    assert "a path cannot contain a NUL character" in out.output


def test_a_printed_figure_whose_formula_divides_by_zero_is_a_located_error(cli, tmp_path):
    text = ISHOJ.read_text(encoding="utf-8")
    assert text.count("implies: forloeb_pr_aar * 0.05") == 1
    case = tmp_path / "case.yaml"
    case.write_text(text.replace("implies: forloeb_pr_aar * 0.05", "implies: 1 / 0"), "utf-8")
    line = text[: text.index("implies: forloeb_pr_aar * 0.05")].count("\n") + 1
    for args, words in (
        (["validate"], "formlen dividerer med nul"),  # the case is Danish
        (["run", "--lang", "en"], "the formula divides by zero"),
    ):
        out = cli(*args, case)
        assert out.exit_code == 1, out.output
        assert "Traceback" not in out.output
        assert f"{case}:{line}:18: error[BC406]" in out.output
        assert words in out.output


def test_a_year_written_with_a_superscript_digit_in_a_path_is_a_located_error(cli, tmp_path):
    """'²' is a digit to str.isdigit() but not to int(): a path that reads count[²] is refused
    as 'not a year' where it is written, not a ValueError."""
    text = ISHOJ.read_text(encoding="utf-8")
    path = "avoided[Støttetimer (10 timer pr. uge)].count[2023]"
    assert path in text
    case = tmp_path / "case.yaml"
    case.write_text(text.replace(path, path.replace("2023", "²")), "utf-8")
    out = cli("validate", case)
    assert out.exit_code == 1, out.output
    assert "Traceback" not in out.output
    assert "error[BC406]" in out.output and "'²' er ikke et årstal" in out.output  # Danish case
