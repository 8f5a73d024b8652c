"""Nothing from a case file or a file name reaches the terminal or CI as a command (class 8).

Control characters in a case's texts are refused (BC220); names that look the same are the
same (NFC, invisible characters removed); every diagnostic is printed without control
characters in text, JSON and GitHub annotations; a file name cannot start a workflow command.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.loader import load_case
from businesscase.printable import SPACES, UnsafeText, canonical, clean, printable
from businesscase.render.diagnostics import render_github, render_json, render_text

from .conftest import ISHOJ

HEAD = """format: 1
meta: {title: T, organisation: O, price_level: 2020}
period: {first: 2021, last: 2027}
"""


def _write(tmp_path: Path, body: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def _codes(path: Path) -> list[str]:
    return [d.code for d in load_case(str(path)).diagnostics]


@pytest.mark.parametrize(
    "written",
    [
        r'"Pædagog\e[2J"',  # clear the screen
        r'"Pædagog\e]0;hacked\a"',  # retitle the window
        r'"Pædagog\x9b31m"',  # a C1 control sequence introducer
        r'"Pæd\u202eagog"',  # a right-to-left override (hidden text)
        r'"Pæd\nagog"',  # a line break in a name breaks every table
    ],
)
def test_a_control_character_in_a_name_is_refused(tmp_path, written):
    path = _write(tmp_path, f"costs:\n  - name: {written}\n    amount: 1\n")
    assert _codes(path) == ["BC220"]


def test_a_line_break_in_a_note_is_fine_an_escape_is_not(tmp_path):
    fine = _write(tmp_path, 'costs:\n  - {name: P, amount: 1, note: "two\\nlines"}\n', "a.yaml")
    assert load_case(str(fine)).ok
    bad = _write(tmp_path, 'costs:\n  - {name: P, amount: 1, note: "x\\e[8m"}\n', "b.yaml")
    assert _codes(bad) == ["BC220"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Pædagog", "Pæd\u00adagog"),  # a soft hyphen
        ("Pædagog", "Pæda\u200bgog"),  # a zero-width space
        ("Pædagog", "Pædagog\u00a0"),  # a trailing no-break space
        ("Familieråd", "Familiera\u030ad"),  # NFC and NFD forms of å
        ("Pædagog", "\ufeffPædagog"),  # a byte order mark pasted in
    ],
)
def test_names_that_look_the_same_are_the_same(tmp_path, first, second):
    body = f'costs:\n  - {{name: "{first}", amount: 1}}\n  - {{name: "{second}", amount: 1}}\n'
    assert _codes(_write(tmp_path, body)) == ["BC207"]


def test_a_scenario_names_a_line_in_either_unicode_form(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(HEAD + "costs:\n  - {name: Familieråd, amount: 1}\n", encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    nfd = "Familiera\u030ad"
    scenario.write_text(f"base: base.yaml\nlines:\n  {nfd}: {{amount: 2}}\n", encoding="utf-8")
    loaded = load_case(str(scenario))
    assert loaded.ok, loaded.diagnostics
    assert loaded.case is not None and loaded.case.costs[0].amount.constant == 2


def test_diagnostics_print_no_control_characters(tmp_path):
    # an unknown key is quoted in the message before the model could refuse anything
    path = _write(tmp_path, '"key\\e[2J\\e]0;x\\a": 1\n', "esc\x1b[31m.yaml")
    found = load_case(str(path)).diagnostics
    assert found
    for shown in (render_text(found), render_github(found), render_json(found)):
        assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b" in render_text(found)


def test_github_annotations_cannot_be_forged(tmp_path):
    path = _write(tmp_path, "costs:\n  - {name: P, amount: -1}\n", "::error file=x.yaml::forged")
    found = load_case(str(path)).diagnostics
    text = render_text(found)
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())
    github = render_github(found)
    assert all(line.startswith("::error file=") for line in github.splitlines())
    assert "%3A%3Aerror file=x.yaml%3A%3Aforged" in github  # the name, escaped as a property


def test_validate_prints_a_hostile_file_name_escaped(tmp_path, cli):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a\x1b]0;owned\x07.yaml").write_text("format: 2\n", encoding="utf-8")
    out = cli("validate", folder)
    assert out.exit_code == 1
    assert "\x1b" not in out.stderr and "\\x1b]0;owned\\x07.yaml" in out.stderr
    out = cli("validate", "--format", "json", folder)
    assert "\x1b" not in out.stdout and json.loads(out.stdout)[0]["file"].endswith("\\x07.yaml")


def test_markdown_cells_stay_one_cell(tmp_path, cli):
    text = ISHOJ.read_text(encoding="utf-8")
    text = text.replace(
        "\ncosts:\n", '\ncosts:\n  - {name: "A | B <b>", amount: 1, group: "A | B <b>"}\n', 1
    )
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    out = cli("run", path, "--format", "markdown")
    assert out.exit_code == 0, out.stderr
    (row,) = [line for line in out.stdout.splitlines() if line.startswith("| A ")]
    assert row.startswith("| A \\| B &lt;b> |")


def test_the_sanitiser():
    assert printable("ok æøå") == "ok æøå"
    assert printable("a\x1b[2Jb\tc\u202ed") == "a\\x1b[2Jb c\\u202ed"
    assert clean("  Pæd\u00adagog\u00a0") == "Pædagog"
    assert canonical("Familiera\u030ad") == "Familieråd"
    assert canonical(2021) == 2021


def test_the_spaces_are_unicodes_category_zs() -> None:
    import sys
    import unicodedata

    zs = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"}
    assert set(SPACES) == zs


def _clean_char_by_char(text: str, *, multiline: bool = False) -> str:
    """clean() as first written, one character at a time: the reference for the fast one."""
    import unicodedata

    if text.isascii() and text.isprintable():
        return text.strip()
    text = text.translate(dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")))
    text = "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)
    text = unicodedata.normalize("NFC", text).strip()
    for char in text:
        if not char.isprintable() and not (multiline and char in "\n\t"):
            raise UnsafeText(char)
    if multiline:
        text = text.replace("\r\n", "\n")
    return text


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.sampled_from(
            list("aæøå ÅÉ\u0301e\u030a\n\t\r\x1b\x07\u00ad\u200b\ufeff\u00a0\u2009\u3000\u202e")
        )
        | st.characters(),
        max_size=20,
    ),
    st.booleans(),
)
def test_clean_is_the_character_by_character_reading(text: str, multiline: bool) -> None:
    try:
        expected: str | UnsafeText = _clean_char_by_char(text, multiline=multiline)
    except UnsafeText as exc:
        expected = exc
    try:
        assert clean(text, multiline=multiline) == expected
    except UnsafeText as exc:
        assert isinstance(expected, UnsafeText)
        assert exc.char == expected.char
