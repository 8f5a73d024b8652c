"""`businesscase run` through the CLI: golden outputs, formats, bad input without tracebacks."""

from __future__ import annotations

import pytest

from .conftest import CASES, ISHOJ


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("ishoj.txt", []),
        ("ishoj_detail_en.txt", ["--detail", "--lang", "en"]),
        ("ishoj.json", ["--format", "json"]),
        ("ishoj.csv", ["--format", "csv"]),
        ("ishoj.md", ["--format", "markdown"]),
        ("kobenhavn_0_2.txt", ["@kobenhavn_tidlig_indsats_0_2.yaml"]),
        ("kobenhavn_0_2.json", ["@kobenhavn_tidlig_indsats_0_2.yaml", "--format", "json"]),
        ("kobenhavn_1000.md", ["@kobenhavn_1000_dage.yaml", "--format", "markdown"]),
        ("herning.csv", ["@herning_tidlig_opsporing_dagpleje.yaml", "--format", "csv"]),
    ],
)
def test_golden(cli, golden, name, args):
    case = ISHOJ
    if args and args[0].startswith("@"):
        case, args = CASES / args[0][1:], args[1:]
    out = cli("run", case, *args)
    assert out.exit_code == 0, out.output
    golden(name, out.stdout)


def test_piped_output_is_never_truncated(cli):
    out = cli("run", ISHOJ, "--detail")
    longest = "Omlægning af støtte- og ressourcepædagogkorps eksisterende praksis"
    assert longest in out.stdout
    assert "…" not in out.stdout


@pytest.mark.parametrize(
    "args", [[], ["--detail"], ["--format", "markdown"], ["--format", "csv"], ["--lang", "en"]]
)
def test_a_name_with_brackets_is_printed_as_written(cli, tmp_path, args):
    """Brackets in a name are text, never console markup ("[/]" once crashed every text
    output; "[bold]" vanished)."""
    minimal = CASES.parent / "docs" / "examples" / "minimal.yaml"
    case = tmp_path / "brackets.yaml"
    case.write_text(
        minimal.read_text(encoding="utf-8").replace(
            "name: Familiepædagog", 'name: "Familie [/] pædagog [bold]x"'
        ),
        encoding="utf-8",
    )
    out = cli("run", case, *args)
    assert out.exit_code == 0, out.output
    assert "Familie [/] pædagog [bold]x" in out.stdout
    diffed = cli("diff", case, minimal)
    assert "Familie [/] pædagog [bold]x" in diffed.stdout, diffed.output


def _write(tmp_path, text: str):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _position(text: str, needle: str) -> str:
    """':line:col:' of the first occurrence of needle (1-based)."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f":{line}:{col}:"


@pytest.mark.parametrize(
    ("old", "new", "code", "at"),
    [
        ("unit_cost: 40000", "unit_cost: 40.000", "BC103", "40.000"),
        ("    unit_cost: 18000\n", "    unit_cost: 18000\n    count: 4\n", "BC102", "count: 4"),
        ("unit_cost: 5000", "unit_costs: 5000", "BC201", "unit_costs"),
    ],
)
def test_one_located_error_and_exit_1(cli, tmp_path, old, new, code, at):
    text = ISHOJ.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    where = _position(text, at)
    path = _write(tmp_path, text)
    out = cli("run", path)
    assert out.exit_code == 1
    assert out.stdout == ""
    errors = [line for line in out.stderr.splitlines() if ": error[" in line]
    assert len(errors) == 1, out.stderr
    assert f"error[{code}]" in errors[0]
    assert where in errors[0]
    assert "Traceback" not in out.output


def test_thousands_message_says_why(cli, tmp_path):
    """The Ishøj case is Danish, so it explains the error in Danish; in English otherwise."""
    text = ISHOJ.read_text(encoding="utf-8").replace("unit_cost: 40000", "unit_cost: 40.000")
    out = cli("run", _write(tmp_path, text))
    assert "error[BC103]" in out.stderr  # the code and the format are the same in any language
    assert "YAML læser det som 40.0, ikke 40000" in out.stderr
    assert "tip: skriv hele kroner uden tusindtalspunktum, fx 40000" in out.stderr
    out = cli("run", _write(tmp_path, text.replace("language: da", "language: en")))
    assert "YAML reads it as 40.0" in out.stderr
    assert "hint: write whole kroner without thousands separators, e.g. 40000" in out.stderr


def test_misspelt_key_suggests_the_right_one(cli, tmp_path):
    text = ISHOJ.read_text(encoding="utf-8").replace("unit_cost: 5000", "unit_costs: 5000")
    out = cli("run", _write(tmp_path, text))
    assert "ukendt nøgle 'unit_costs'" in out.stderr
    assert "mente du 'unit_cost'?" in out.stderr
    out = cli("run", _write(tmp_path, text.replace("language: da", "language: en")))
    assert "unknown key 'unit_costs'" in out.stderr
    assert "did you mean 'unit_cost'?" in out.stderr


@pytest.mark.parametrize(
    ("danish", "key"), [("omkostninger", "costs"), ("undgaaede", "avoided"), ("periode", "period")]
)
def test_a_danish_key_points_to_the_english_one(cli, tmp_path, danish, key):
    text = ISHOJ.read_text(encoding="utf-8").replace(f"\n{key}:", f"\n{danish}:", 1)
    out = cli("validate", _write(tmp_path, text))
    assert out.exit_code == 1
    assert f"error[BC201] {danish}: ukendt nøgle '{danish}'" in out.stderr
    assert f"tip: nøglerne er på engelsk: mente du '{key}'?" in out.stderr


def test_all_errors_at_once(cli, tmp_path):
    text = (
        ISHOJ.read_text(encoding="utf-8")
        .replace("unit_cost: 40000", "unit_cost: 40.000")
        .replace("unit_cost: 5000", "unit_costs: 5000")
        .replace("language: da", "language: no")
    )
    out = cli("run", _write(tmp_path, text))
    assert out.exit_code == 1
    codes = [line.split("error[")[1][:5] for line in out.stderr.splitlines() if "error[" in line]
    assert sorted(codes) == ["BC103", "BC104", "BC201"]


def test_missing_file_is_exit_2(cli, tmp_path):
    out = cli("run", tmp_path / "nope.yaml")
    assert out.exit_code == 2
    assert "no such file" in out.stderr


def test_folder_is_exit_2(cli, tmp_path):
    out = cli("run", tmp_path)
    assert out.exit_code == 2


def test_unknown_option_is_exit_2(cli):
    out = cli("run", ISHOJ, "--frobnicate")
    assert out.exit_code == 2
