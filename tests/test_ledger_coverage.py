"""Every number the five source documents print is accounted for in its case's ledger.

The documents are ``shared/seeds/*.txt`` beside the repository (``../shared/seeds``). Each
number in a document's text must be claimed by exactly one figure of its case's ledger (a
stated row's ``quote``, a ``printed`` figure's ``quote``, or the ``quote`` of a stated entry
of key figures) or by one entry of :data:`FURNITURE` below (page furniture: phone numbers,
addresses, case numbers, headings). A quote claims the first occurrence in the document
whose numbers no other quote has claimed, so a number printed twice needs two figures, and
a figure deleted from a ledger leaves its number unclaimed: the test fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from businesscase.loader import load_case
from businesscase.model import Case

from .conftest import CASES, ROOT

DOCUMENTS = {
    "kobenhavn_1000_dage": "000_bf71112df2b131ca.txt",
    "herning_tidlig_opsporing_dagpleje": "001_dc09361bb2ba69b5.txt",
    "kobenhavn_tidlig_indsats_0_2": "002_ab3415d7282c821c.txt",
    "ishoj_hjemmebaseret": "003_912cdaef87c1aea0.txt",
    "egedal_1000_dage": "004_b33519a9f943d52f.txt",
}
"""Each shipped case and the source document it is written from."""


def seeds_dir() -> Path:
    """``shared/seeds`` beside the repository: ``$BUSINESSCASE_SEEDS``, else the first
    ``shared/seeds`` found walking up from the repository (a worktree sits deeper)."""
    env = os.environ.get("BUSINESSCASE_SEEDS")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        candidate = parent / "shared" / "seeds"
        if (candidate / DOCUMENTS["ishoj_hjemmebaseret"]).is_file():
            return candidate
    pytest.fail("the source documents (../shared/seeds) are not beside the repository")


# Page furniture: numbers a document prints that are not figures of the case. Each entry is
# (document, the words exactly as printed, why it is not a figure). Listed once, here.
_ADDRESS = "an address"
_CASE_NO = "a case or document number"
_HEADING = "the number of a heading, list item, table or page"
FURNITURE: list[tuple[str, str, str]] = [
    # 000 København, 1000-dages-programmet
    ("000", "2020-0013029", _CASE_NO),
    ("000", "2020-0013029-2", _CASE_NO),
    ("000", "Gyldenløvesgade 15 1600 København V", _ADDRESS),
    ("000", "EAN-nummer 5798009383730", "the administration's EAN number"),
    ("000", "1. Flere", _HEADING),
    ("000", "2. Kompetenceløft", _HEADING),
    ("000", "3. Udvikling", _HEADING),
    ("000", "4. Screening", _HEADING),
    ("000", "5. marts 2020", "the notat's date (its letterhead)"),
    # 001 Herning
    ("001", "Mødedato: 11. maj 2016", "the meeting's date (its letterhead)"),
    ("001", "Gilmosevej 20", _ADDRESS),
    ("001", "94. Orientering", _HEADING),
    ("001", "28.09.00-P20-1-14", _CASE_NO),
    # 002 København, tidlig indsats 0-2 år
    ("002", "30-03-2016", "the document's date (its letterhead)"),
    ("002", "2016-0053636", _CASE_NO),
    ("002", "2016-0053636-4", _CASE_NO),
    ("002", "værelse 38 1599 København V", _ADDRESS),
    ("002", "Telefon 4049 9966", "a telephone number"),
    ("002", "BD5C@sof.kk.dk", "an e-mail address"),
    ("002", "EAN nummer 5798009683014", "the administration's EAN number"),
    ("002", "pressemeddelelser-4599.aspx?Action=1&NewsId=2699&PID=9206", "a web address"),
    # 003 Ishøj
    ("003", "1. Forslagets", _HEADING),
    ("003", "Tabel 1:", _HEADING),
    ("003", "2. Baggrund", _HEADING),
    ("003", "3. Forslagets", _HEADING),
    ("003", "4. Økonomi", _HEADING),
    ("003", "jf. tabel 1", _HEADING),
    ("003", "Tabel 2:", _HEADING),
    ("003", "Tabel 3:", _HEADING),
    ("003", "5. Forslagets", _HEADING),
    ("003", "side 8", _HEADING),
    ("003", "6. Opfølgning", _HEADING),
    ("003", "tabel 3 ovenfor", _HEADING),
    ("003", "Tabel 2 og 3 ovenfor", _HEADING),
    ("003", "Covid-19", "the name of a disease"),
    ("003", "Publiceret: 18.12.2015. Sidst opdateret: 14.08.2019", "a footnote's web source"),
    # 004 Egedal
    ("004", "Projekt de første 1000 dage Legetøj", "the page's title (a heading)"),
    ("004", "Satspulje projektet de første 1000 dage", _HEADING),
    ("004", "1,5 års spørgeskema", "a link to a questionnaire"),
    ("004", "3 års spørgeskema", "a link to a questionnaire"),
]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


@dataclass(frozen=True)
class Claim:
    fragment: str
    what: str
    """Where the fragment comes from: the ledger path or 'furniture'."""


def ledger_quotes(case: Case) -> Iterator[Claim]:
    """Every quote of the case's ledger that accounts for printed numbers."""
    for i, stated in enumerate(case.stated):
        if stated.figures is not None and stated.quote:
            yield Claim(stated.quote, f"stated[{i}].quote")
        for j, row in enumerate(stated.rows):
            if row.quote:
                yield Claim(row.quote, f"stated[{i}].rows[{j}].quote")
        for k, figure in enumerate(stated.printed):
            yield Claim(figure.quote, f"stated[{i}].printed[{k}].quote")


def coverage(document: str, claims: list[Claim]) -> tuple[list[str], list[str]]:
    """(problems with the claims, numbers of the document no claim accounts for)."""
    text = normalise(document)
    tokens = [(m.start(), m.end()) for m in NUMBER.finditer(text)]
    claimed = [False] * len(tokens)
    problems: list[str] = []
    for claim in claims:
        fragment = normalise(claim.fragment)
        starts = [m.start() for m in re.finditer(re.escape(fragment), text)]
        if not starts:
            problems.append(f"{claim.what}: '{fragment}' is not in the document")
            continue
        for start in starts:
            end = start + len(fragment)
            inside = [k for k, (a, b) in enumerate(tokens) if a < end and b > start]
            cut = any(tokens[k][0] < start or tokens[k][1] > end for k in inside)
            if inside and not cut and not any(claimed[k] for k in inside):
                for k in inside:
                    claimed[k] = True
                break
        else:
            problems.append(
                f"{claim.what}: '{fragment}' has no number, or every occurrence of it is "
                "already accounted for"
            )
    missing = [
        f"{text[a:b]} in '…{text[max(0, a - 40) : b + 25]}…'"
        for k, (a, b) in enumerate(tokens)
        if not claimed[k]
    ]
    return problems, missing


def furniture(stem: str) -> list[Claim]:
    prefix = DOCUMENTS[stem][:3]
    return [Claim(words, f"furniture ({why})") for doc, words, why in FURNITURE if doc == prefix]


def load(stem: str) -> Case:
    loaded = load_case(str(CASES / f"{stem}.yaml"))
    assert loaded.ok, loaded.diagnostics
    assert loaded.case is not None
    return loaded.case


def document(stem: str) -> str:
    return (seeds_dir() / DOCUMENTS[stem]).read_text(encoding="utf-8")


def test_every_shipped_case_has_its_document():
    assert sorted(DOCUMENTS) == sorted(p.stem for p in CASES.glob("*.yaml"))


@pytest.mark.parametrize("stem", sorted(DOCUMENTS))
def test_every_number_of_the_document_is_in_the_ledger(stem: str) -> None:
    problems, missing = coverage(document(stem), furniture(stem) + list(ledger_quotes(load(stem))))
    assert problems == []
    assert missing == [], f"{len(missing)} numbers of {DOCUMENTS[stem]} are in no ledger"


@pytest.mark.parametrize("stem", sorted(DOCUMENTS))
def test_deleting_any_figure_from_the_ledger_is_caught(stem: str) -> None:
    text = document(stem)
    claims = furniture(stem) + list(ledger_quotes(load(stem)))
    ledger = [c for c in claims if not c.what.startswith("furniture")]
    assert ledger
    for claim in ledger:
        rest = [c for c in claims if c is not claim]
        _, missing = coverage(text, rest)
        assert missing, f"deleting {claim.what} ('{claim.fragment}') leaves nothing unclaimed"


def test_a_figure_deleted_from_the_case_file_fails_the_coverage(tmp_path: Path) -> None:
    """The same, through the file a user edits: drop Herning's "10 uddannelsesdage"."""
    source = (CASES / "herning_tidlig_opsporing_dagpleje.yaml").read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "quote: samlet kompetenceløft på 10" in line)
    end = start + 1
    while end < len(lines) and lines[end].startswith(
        " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
    ):
        end += 1
    edited = tmp_path / "herning.yaml"
    edited.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    loaded = load_case(str(edited))
    assert loaded.ok and loaded.case is not None, loaded.diagnostics
    _, missing = coverage(
        document("herning_tidlig_opsporing_dagpleje"),
        furniture("herning_tidlig_opsporing_dagpleje") + list(ledger_quotes(loaded.case)),
    )
    assert [m.split(" ")[0] for m in missing] == ["10"]


def test_furniture_is_only_furniture() -> None:
    """No furniture entry hides a figure: each is in its document, and has a reason."""
    prefixes = {name[:3]: stem for stem, name in DOCUMENTS.items()}
    for doc, words, why in FURNITURE:
        assert why
        assert normalise(words) in normalise(document(prefixes[doc])), words


# --- The ledger's quotes say what the case says -------------------------------------------------


def printed_numbers(quote: str) -> list[Decimal]:
    """The numbers of a quote, signed as printed (``- 250.000`` is -250000)."""
    out = []
    for m in re.finditer(r"(-\s?)?([0-9]+(?:\.[0-9]{3})*(?:,[0-9]+)?)", quote):
        digits = m.group(2).replace(".", "").replace(",", ".")
        value = Decimal(digits)
        out.append(-value if m.group(1) else value)
    return out


def means(value: Decimal, quote: str) -> bool:
    """Whether ``quote`` prints ``value``: as is, in per cent, or in mio./mia. kr."""
    for n in printed_numbers(quote):
        for want, printed in ((value, n), (abs(value), abs(n))):
            if want in (printed, printed / 100, printed * 10**6, printed * 10**9):
                return True
    return False


@pytest.mark.parametrize("stem", sorted(DOCUMENTS))
def test_each_quoted_figure_is_the_value_the_case_gives_it(stem: str) -> None:
    case = load(stem)
    wrong = []
    for stated in case.stated:
        for figure in stated.printed:
            if figure.value is not None and not means(figure.value, figure.quote):
                wrong.append((figure.quote, figure.value))
        for row in stated.rows:
            assert row.quote, f"{stated.source}: the row '{row.row}' has no quote"
            values = []
            if row.values is not None:
                values += [v for v, _ in row.values.values()]
            if row.total is not None:
                values.append(row.total)
            wrong += [(row.quote, v) for v in values if not means(Decimal(v), row.quote)]
    assert wrong == []


def test_docs_cases_md_is_generated_from_the_ledgers() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gen_cases_doc", ROOT / "tools" / "gen_cases_doc.py"
    )
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert sorted(gen.DOCUMENTS) == sorted(DOCUMENTS)
    assert all(gen.DOCUMENTS[stem][0] == DOCUMENTS[stem] for stem in DOCUMENTS)
    assert (ROOT / "docs" / "cases.md").read_text(encoding="utf-8") == gen.render(), (
        "docs/cases.md is stale: run `uv run python tools/gen_cases_doc.py`"
    )


@pytest.mark.parametrize("stem", sorted(DOCUMENTS))
def test_each_other_reading_is_a_scenario_of_its_case(stem: str) -> None:
    """A figure whose reading is an assumption names the scenario with the other reading."""
    case = load(stem)
    for stated in case.stated:
        for figure in stated.printed:
            if figure.scenario is None:
                continue
            assert figure.assumption, figure.quote
            if figure.scenario in case.scenarios:
                continue
            path = (CASES / figure.scenario).resolve()
            loaded = load_case(str(path))
            assert loaded.ok, loaded.diagnostics
            base = re.search(r"^base: (.+)$", path.read_text(encoding="utf-8"), re.M)
            assert (
                base is not None
                and (path.parent / base.group(1)).resolve() == (CASES / f"{stem}.yaml").resolve()
            )


@pytest.mark.parametrize("stem", sorted(DOCUMENTS))
def test_a_quoted_table_line_is_the_rows_values_year_by_year(stem: str) -> None:
    """A stated row quoting a table line (one number a year) states those numbers, in order."""
    case = load(stem)
    checked = 0
    for stated in case.stated:
        for row in stated.rows:
            if row.quote is None or row.values is None:
                continue
            numbers = printed_numbers(row.quote)
            years = range(case.period.first, case.period.last + 1)
            if len(numbers) != len(years):
                continue  # text, not a table line
            assert numbers == [Decimal(row.values.at(y)) for y in years], row.quote
            checked += 1
    assert checked == (11 if stem == "ishoj_hjemmebaseret" else 0)
