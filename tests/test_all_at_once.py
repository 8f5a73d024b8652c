"""All errors at once: a file's independent mistakes are reported in one run.

The reader's refusals (BC1xx), the shape check's (BC2xx) and the model checks (BC3xx) used to
run one after the other, each only when the one before found nothing, so a file with four
mistakes took three rounds. Now what is wrong is left out and the rest is still checked; a
finding that could follow from what was left out is not reported.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.loader import load_case

FOUR_MISTAKES = """\
format: 1
meta:
  title: Hjemmebaseret indsats
  organisation: Ishøj Kommune
  price_level: 2020
  language: {lang}
period:
  first: 2021
  last: 2027
costs:
  - name: Pædagog
    amount: -390000
    active: yes
avoided:
  - name: Familiebehandling
    count: 1.5
    unit_cost: 40.000
  - name: Støttetimer
    cuont: 1
    unit_cost: 100000
funding:
  - kind: pool
    name: Investeringspuljen
    amount: 390000
"""

EXPECTED = {
    ("BC309", 12),  # a cost copied negative from the document's table
    ("BC201", 13),  # 'active' is no key of the format ...
    ("BC104", 13),  # ... and 'yes' is ambiguous
    ("BC103", 17),  # 40.000 with a Danish thousands separator
    ("BC201", 19),  # 'cuont', misspelt; its 'did you mean' names 'count'
}


def _found(path: Path) -> set[tuple[str, int]]:
    return {(d.code, d.line) for d in load_case(str(path)).diagnostics if d.is_error}


def test_four_mistakes_in_one_run(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(FOUR_MISTAKES.format(lang="en"), encoding="utf-8")
    # every mistake, and nothing that only follows from one (no 'count' missing at line 18)
    assert _found(case) == EXPECTED


def test_four_mistakes_in_a_danish_case(tmp_path: Path) -> None:
    case = tmp_path / "sag.yaml"
    case.write_text(FOUR_MISTAKES.format(lang="da"), encoding="utf-8")
    loaded = load_case(str(case))
    assert {(d.code, d.line) for d in loaded.diagnostics if d.is_error} == EXPECTED
    negative = next(d for d in loaded.diagnostics if d.code == "BC309")
    assert negative.message.startswith("en omkostning skal skrives som et positivt beløb")


def test_run_and_diff_report_the_same(cli, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(FOUR_MISTAKES.format(lang="en"), encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(
        FOUR_MISTAKES.format(lang="en")
        .replace("-390000", "390000")
        .replace("    active: yes\n", "")
        .replace("40.000", "40000")
        .replace("cuont", "count"),
        encoding="utf-8",
    )
    assert cli("validate", good).exit_code == 0
    for args in (("validate", case), ("run", case), ("diff", good, case)):
        out = cli(*args)
        assert out.exit_code == 1, out.output
        shown = {
            (code, int(line))
            for line, code in _codes(out.output + (out.stderr if out.stderr_bytes else ""))
        }
        assert shown == EXPECTED, args


def _codes(text: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r"case\.yaml:(\d+):\d+: error\[(BC\d+)\]", text)


def test_a_refused_value_gives_no_follow_on_shape_error(tmp_path: Path) -> None:
    # a tagged unit cost is refused (BC106); that the measure then has no price is not news
    case = tmp_path / "case.yaml"
    text = FOUR_MISTAKES.format(lang="en")
    text = text.replace("amount: -390000\n    active: yes", "amount: 390000")
    text = text.replace("40.000", "!!float 40000").replace("cuont", "count")
    case.write_text(text, encoding="utf-8")
    assert _found(case) == {("BC106", 16)}


def test_a_mistake_in_the_period_stops_the_model_checks(tmp_path: Path) -> None:
    # every figure depends on the period: with it wrong, no line can be checked
    case = tmp_path / "case.yaml"
    text = FOUR_MISTAKES.format(lang="en").replace("last: 2027", "last: 20.27")
    case.write_text(text, encoding="utf-8")
    found = _found(case)
    assert ("BC309", 12) not in found
    assert ("BC103", 9) in found or ("BC203", 9) in found


# --- Property: a second mistake never hides the first ------------------------------------------

BASE = """\
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
  familier: 30
  andel: 0.05
costs:
  - name: Pædagog
    note: 32 timer om ugen
    amount: 390000
  - name: Supervision
    note: ekstern
    amount: 20000
avoided:
  - name: Familiebehandling
    count: 1.5
    unit_cost: 40000
  - name: Støttetimer
    count: 1
    unit_cost: 100000
  - name: Anbringelse
    count: familier * andel
    unit_cost: 300000
reallocations:
  - name: Omlægning
    amount: 115000
  - name: Omlægning af kørsel
    amount: 15000
funding:
  - kind: pool
    name: Investeringspuljen
    amount: 500000
"""

MISTAKES: dict[str, tuple[int, str]] = {
    # name: (line, the line as the mistake writes it); one line each, so lines stay in place
    "title misspelt": (3, "  titel: Hjemmebaseret indsats"),
    "parameter with a leading zero": (11, "  familier: 030"),
    "note 'no'": (15, "    note: no"),
    "negative cost": (16, "    amount: -390000"),
    "note misspelt": (18, "    nte: ekstern"),
    "tagged amount": (19, "    amount: !kr 20000"),
    "negative count": (22, "    count: -1.5"),
    "thousands separator": (23, "    unit_cost: 40.000"),
    "count misspelt": (25, "    cuont: 1"),
    "unknown parameter": (28, "    count: familier * andle"),
    "negative reallocation": (32, "    amount: -115000"),
    "duplicate name": (33, "  - name: Omlægning"),
    "amount as text": (38, "    amount: 500 tusind"),
}


def _with(mistakes: frozenset[str]) -> str:
    lines = BASE.splitlines()
    for name in mistakes:
        line, text = MISTAKES[name]
        lines[line - 1] = text
    return "\n".join(lines) + "\n"


@cache
def _findings(mistakes: frozenset[str], folder: str) -> frozenset[tuple[str, str, int]]:
    path = Path(folder) / ("_".join(sorted(m.replace(" ", "-") for m in mistakes)) + ".yaml")
    path.write_text(_with(mistakes), encoding="utf-8")
    found = load_case(str(path)).diagnostics
    return frozenset((d.code, d.severity, d.line) for d in found)


def test_the_base_case_is_clean(tmp_path: Path) -> None:
    assert _findings(frozenset(), str(tmp_path)) == frozenset()


def test_each_mistake_is_found_alone(tmp_path: Path) -> None:
    for name, (line, _) in MISTAKES.items():
        found = _findings(frozenset({name}), str(tmp_path))
        assert any(d[2] == line and d[1] == "error" for d in found), (name, found)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(sorted(MISTAKES)), min_size=2, max_size=5))
def test_more_mistakes_never_hide_one(tmp_path_factory, names: set[str]) -> None:
    folder = str(tmp_path_factory.getbasetemp())
    together = _findings(frozenset(names), folder)
    for name in names:
        alone = _findings(frozenset({name}), folder)
        assert alone <= together, (name, sorted(alone - together))
