"""Names that look alike but are not: Cyrillic and Greek letters in Latin names.

A Cyrillic ``а`` looks exactly like a Latin ``a``; a name copied with one is another name to
the tool (a scenario, a reconciliation, a department). Names that differ only by such letters
are an error (BC221), like two names that differ only by a zero-width space; a word that mixes
alphabets is a warning (BC222).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.loader import load_case
from businesscase.printable import _LOOKALIKES, foreign_letters, skeleton

CASE = """\
format: 1
meta:
  title: Hjemmebaseret indsats
  organisation: Ishøj Kommune
  price_level: 2020
  language: en
period:
  first: 2021
  last: 2027
parameters:
  {param}: 0.05
departments:
  - {{id: {dept}, name: Børn og Familie}}
  - {{id: skole, name: Skole}}
costs:
  - name: {cost}
    department: skole
    amount: 390000
avoided:
  - name: Familiebehandling
    department: born
    count: 20 * andel
    unit_cost: 40000
  - name: {avoided}
    department: born
    count: 1
    unit_cost: 40000
"""

CLEAN = {"param": "andel", "dept": "born", "cost": "Pædagog", "avoided": "Støttetimer"}


def _codes(tmp_path: Path, **names: str) -> set[tuple[str, str]]:
    path = tmp_path / "case.yaml"
    path.write_text(CASE.format(**{**CLEAN, **names}), encoding="utf-8")
    return {(d.code, d.path) for d in load_case(str(path)).diagnostics}


def test_table_maps_cyrillic_and_greek_letters_to_latin() -> None:
    for latin, chars in _LOOKALIKES.items():
        assert latin.isascii() and latin.isalpha()
        for char in chars:
            if char == "I":  # as in Unicode's table, a capital I looks like a small l
                continue
            assert unicodedata.name(char).startswith(("CYRILLIC", "GREEK")), char
            assert skeleton(char) == latin


def test_danish_and_wholly_foreign_names_are_not_mixed() -> None:
    assert foreign_letters("Ishøj, Åben anonym rådgivning § 11") == []
    assert foreign_letters("Москва and Αθήνα") == []  # each word in one alphabet
    assert foreign_letters("Fаmilie") == ["а"]


def test_the_clean_case_has_no_finding(tmp_path: Path) -> None:
    assert _codes(tmp_path) == set()


def test_a_cyrillic_a_makes_a_lookalike_line(tmp_path: Path) -> None:
    found = _codes(tmp_path, avoided="Fаmiliebehandling")  # Cyrillic а
    assert found == {("BC221", "avoided[1].name")}


def test_a_greek_omicron_makes_a_lookalike_department(tmp_path: Path) -> None:
    # the department id 'bοrn' with a Greek ο: the lines naming 'born' no longer match it
    path = tmp_path / "case.yaml"
    path.write_text(CASE.format(**{**CLEAN, "dept": "bοrn"}), encoding="utf-8")
    found = load_case(str(path)).diagnostics
    assert {(d.code, d.path) for d in found} == {
        ("BC222", "departments[0].id"),
        ("BC206", "avoided[0].department"),
        ("BC206", "avoided[1].department"),
    }
    unknown = next(d for d in found if d.code == "BC206")
    assert "U+03BF GREEK SMALL LETTER OMICRON" in (unknown.hint or "")


def test_a_mixed_script_name_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(CASE.format(**{**CLEAN, "cost": "Pædagоg"}), encoding="utf-8")
    loaded = load_case(str(path))
    assert [(d.code, d.severity, d.path) for d in loaded.diagnostics] == [
        ("BC222", "warning", "costs[0].name")
    ]
    assert "U+043E CYRILLIC SMALL LETTER O" in loaded.diagnostics[0].message
    assert loaded.ok  # a warning: the case still runs


def test_a_lookalike_parameter_is_named(tmp_path: Path) -> None:
    # the parameter is written with a Cyrillic а; the formula uses the Latin name
    path = tmp_path / "case.yaml"
    path.write_text(CASE.format(**{**CLEAN, "param": "аndel"}), encoding="utf-8")
    found = load_case(str(path)).diagnostics
    assert {(d.code, d.path) for d in found} == {
        ("BC222", "parameters.аndel"),
        ("BC205", "avoided[0].count"),
    }
    unknown = next(d for d in found if d.code == "BC205")
    assert "U+0430 CYRILLIC SMALL LETTER A" in (unknown.hint or "")


LATIN = sorted({c for c in _LOOKALIKES if c != "I"} & set("abcdehijklmnopqrsuvwxyz"))


@settings(max_examples=30, deadline=None)
@given(
    st.text(alphabet="abcdefghijklmnoprstuvyæøå", min_size=3, max_size=12).filter(
        lambda t: any(c in LATIN for c in t)
    ),
    st.data(),
)
def test_any_lookalike_letter_in_a_name_is_found(
    tmp_path_factory, word: str, data: st.DataObject
) -> None:
    spots = [i for i, c in enumerate(word) if c in LATIN]
    i = data.draw(st.sampled_from(spots))
    foreign = data.draw(st.sampled_from([c for c in _LOOKALIKES[word[i]] if c != "I"]))
    twin = word[:i] + foreign + word[i + 1 :]
    assert skeleton(twin) == skeleton(word)
    folder = tmp_path_factory.mktemp("lookalike")
    found = _codes(folder, cost=f"Linje {word}", avoided=f"Linje {twin}")
    assert ("BC221", "avoided[1].name") in found
