""" "Did you mean": a suggestion names only a key valid where the unknown one stands, and the
searches and the names a hint lists are bounded, however many unknown names a file holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.diagnostics import MAX_LISTED
from businesscase.loader import _fields_at, load_case

CASE = """\
format: 1
meta:
  title: Forsøg
  organisation: Ishøj Kommune
  price_level: 2020
  language: en
period:
  first: 2021
  last: 2025
costs:
  - name: Pædagog
    amount: 390000
avoided:
  - name: Familiebehandling
    count: 1.5
    unit_cost: 40000
funding:
  - kind: pool
    name: Investeringspuljen
    amount: 500000
    repayment:
      first_year: 2023
      amount: 100000
      years: 5
discounting:
  rate: 0.04
"""

PLACES: dict[str, tuple[str, tuple[str | int, ...]]] = {
    # where a key is put: (the line it goes after, the path of the mapping it lands in)
    "top": ("format: 1", ()),
    "meta": ("  title: Forsøg", ("meta",)),
    "cost": ("    amount: 390000", ("costs", 0)),
    "avoided": ("    count: 1.5", ("avoided", 0)),
    "pool": ("    amount: 500000", ("funding", 0)),
    "repayment": ("      years: 5", ("funding", 0, "repayment")),
    "discounting": ("  rate: 0.04", ("discounting",)),
}


def _hint(tmp_path: Path, place: str, key: str) -> str | None:
    after, path = PLACES[place]
    indent = " " * (len(after) - len(after.lstrip()))
    text = CASE.replace(after, f"{after}\n{indent}{key}: 1", 1)
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    found = [d for d in load_case(str(case)).diagnostics if d.code == "BC201"]
    assert [d.where for d in found] == [(*path, key)], text
    return found[0].hint


@pytest.mark.parametrize(
    ("place", "key", "hint"),
    [
        ("cost", "active", "remove it, or see docs/case-format.md"),  # was: 'rate'
        ("cost", "rat", "remove it, or see docs/case-format.md"),  # a line has no rate
        ("pool", "rat", "remove it, or see docs/case-format.md"),  # nor has a pool
        ("discounting", "rat", "did you mean 'rate'?"),  # discounting has
        ("repayment", "yaers", "did you mean 'years'?"),
        ("avoided", "cuont", "did you mean 'count'?"),
        ("meta", "titel", "the keys are English: did you mean 'title'?"),
        ("meta", "navn", "remove it, or see docs/case-format.md"),  # meta has no name
        ("cost", "navn", "the keys are English: did you mean 'name'?"),
        ("top", "perod", "did you mean 'period'?"),
        # named like the kind of funding it is in: placed in the repayment, not under 'pool'
        ("repayment", "pool", "remove it, or see docs/case-format.md"),
        ("top", "unit_cost", "remove it, or see docs/case-format.md"),  # not at the top
    ],
)
def test_a_suggestion_is_a_key_of_that_place(tmp_path, place, key, hint):
    assert _hint(tmp_path, place, key) == hint


ANY_KEY = sorted({k for _, path in PLACES.values() for k in _fields_at({}, path)} | {"rate"})


@settings(max_examples=30, deadline=None)
@given(
    place=st.sampled_from(sorted(PLACES)),
    key=st.sampled_from(ANY_KEY),
    typo=st.sampled_from(["drop", "double", "swap"]),
    at=st.integers(min_value=0, max_value=20),
)
def test_whatever_is_misspelt_the_suggestion_is_valid_there(tmp_path_factory, place, key, typo, at):
    """A key of any place in the format, misspelt, anywhere: what the hint suggests is a key
    the format allows at that place (and not the key as written, which is not)."""
    i = at % len(key)
    if typo == "drop":
        wrong = key[:i] + key[i + 1 :]
    elif typo == "double":
        wrong = key[:i] + key[i] + key[i:]
    else:
        wrong = key[:i] + key[i + 1 : i + 2] + key[i : i + 1] + key[i + 2 :]
    allowed = _fields_at({"funding": [{"kind": "pool"}]}, PLACES[place][1])
    if not wrong or wrong in allowed or not wrong.replace("_", "").isalpha():
        return
    hint = _hint(tmp_path_factory.mktemp("c"), place, wrong) or ""
    if "did you mean" in hint:
        suggested = hint.rsplit("'", 2)[-2]
        assert suggested in allowed, (place, wrong, hint)


def test_thousands_of_unknown_names_get_bounded_hints(tmp_path):
    """Unknown parameters, departments and stated rows by the thousand: each is reported
    (up to the file's cap), no hint lists more than a few names, and the search for a
    similar name stops early (a file took minutes, and printed megabytes, before)."""
    n = 1000
    head = CASE.split("costs:")[0]
    text = head + "departments:\n"
    text += "".join(f"  - {{id: afdeling_{i:04}, name: A{i}}}\n" for i in range(n))
    text += "parameters:\n" + "".join(f"  andel_{i:04}: 1\n" for i in range(n))
    text += "costs:\n" + "".join(
        f"  - {{name: C{i}, amount: andle_{i:04}, department: afdelnig_{i:04}}}\n" for i in range(n)
    )
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    found = load_case(str(case)).diagnostics
    assert {d.code for d in found} == {"BC205", "BC206", "BC230"}  # and too many departments
    assert len(found) == 200  # the cap, the last one saying how many more
    assert "not shown" in found[-1].message
    for d in found:
        assert len(d.hint or "") < 80 * (MAX_LISTED + 2), d.hint
    suggested = [d for d in found if "did you mean" in (d.hint or "")]
    assert 0 < len(suggested) < len(found)
    assert suggested[0].hint == "did you mean 'andel_0000'?"
    for d in suggested:  # each the name it misspells, not merely a similar one
        assert d.hint is not None and d.hint[-6:-2] == d.message.split("'")[-2][-4:]
