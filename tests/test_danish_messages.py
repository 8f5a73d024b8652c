"""A Danish case speaks Danish: every message and hint a case file can get, from the YAML
reader to the reconciliation, in Danish; in English for an English case (the goldens).

Every reproducer of a check code (tests/checks) and every file of the corpus (tests/corpus) is
read twice, in English and in Danish: the same findings at the same places, each message and
each hint in other words. A message added in English only, or a translation forgotten in the
catalogue, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from businesscase.diagnostics import CaseFileError, Diagnostic
from businesscase.i18n import speaking
from businesscase.loader import load_case

from .conftest import ISHOJ, ROOT

CHECKS = ROOT / "tests" / "checks"
CORPUS = ROOT / "tests" / "corpus"
FILES = [*sorted(CHECKS.glob("BC*.yaml")), *sorted(CORPUS.glob("*.yaml"))]
SCENARIO = {"BC506": "pessimistic"}
NO_LANG = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _read(path: Path, language: str) -> list[Diagnostic]:
    with speaking(language):
        try:
            loaded = load_case(str(path), display=path.name, scenario=SCENARIO.get(path.stem))
        except CaseFileError:
            return []
    return loaded.diagnostics


def _where(found: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.line, d.col, d.path) for d in found]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_message_of_a_danish_case_is_danish(path: Path) -> None:
    english, danish = _read(path, "en"), _read(path, "da")
    assert _where(danish) == _where(english)
    for en, da in zip(english, danish, strict=True):
        assert da.message != en.message, f"{en.code} speaks English: {en.message}"
        assert bool(da.hint) == bool(en.hint)
        if en.hint:
            assert da.hint != en.hint, f"{en.code}'s hint speaks English: {en.hint}"


def test_the_reproducers_give_danish_findings():
    """The comparison above is not empty: every code's reproducer gives its code in Danish."""
    found = [d for path in FILES if path.parent == CHECKS for d in _read(path, "da")]
    assert {d.code for d in found} == {p.stem for p in CHECKS.glob("BC*.yaml")}


WITH_META = [
    p
    for p in sorted(CHECKS.glob("BC*.yaml"))
    if re.search(r"^meta:\n", p.read_text("utf-8"), re.M)
    and not re.search(r"^base:", p.read_text("utf-8"), re.M)
    and p.stem not in SCENARIO
]


@pytest.mark.parametrize("path", WITH_META, ids=lambda p: p.stem)
def test_the_case_language_decides(tmp_path: Path, path: Path) -> None:
    """``meta.language: da`` in the file gives the Danish messages, as ``--lang da`` does, and
    ``language: en`` the English ones, whatever the environment says."""
    text = path.read_text("utf-8")
    said = {}
    for language in ("da", "en"):
        case = tmp_path / f"{language}.yaml"
        case.write_text(
            re.sub(r"^meta:\n", f"meta:\n  language: {language}\n", text, count=1, flags=re.M),
            encoding="utf-8",
        )
        for other in ("da", "en"):  # the environment says the other language, or this one
            env = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": f"{other}_DK.UTF-8"}
            with pytest.MonkeyPatch.context() as mp:
                for name, value in env.items():
                    mp.setenv(name, value)
                found = [(d.code, d.message, d.hint) for d in load_case(str(case)).diagnostics]
            assert found == [(d.code, d.message, d.hint) for d in _read(case, language)]
        said[language] = found
    assert said["da"] != said["en"]


def test_a_danish_thousands_separator_is_explained_in_danish(cli, tmp_path):
    """The slip a finance officer makes first: 40.000 for forty thousand kroner."""
    case = tmp_path / "ishoj.yaml"
    text = ISHOJ.read_text("utf-8")
    assert "    unit_cost: 40000\n" in text and "  language: da\n" in text
    case.write_text(text.replace("    unit_cost: 40000\n", "    unit_cost: 40.000\n"), "utf-8")
    out = cli("validate", case, env={**NO_LANG, "LANG": "C.UTF-8"})
    assert out.exit_code == 1
    assert "error[BC103]" in out.stderr
    assert "forventede et beløb i kroner, fik '40.000'" in out.stderr
    assert "YAML læser det som 40.0, ikke 40000" in out.stderr
    assert "tip: skriv hele kroner uden tusindtalspunktum, fx 40000" in out.stderr
    assert "expected" not in out.stderr and "hint:" not in out.stderr


def test_lang_changes_the_messages_too(cli, tmp_path):
    """``--lang`` speaks its language in the warnings as in the labels, either way round."""
    text = (CHECKS / "BC302.yaml").read_text("utf-8")
    danish = tmp_path / "da.yaml"
    danish.write_text(text.replace("meta:\n", "meta:\n  language: da\n", 1), "utf-8")
    english = tmp_path / "en.yaml"
    english.write_text(text.replace("meta:\n", "meta:\n  language: en\n", 1), "utf-8")
    owed = "200.000 kr."
    as_is = cli("run", danish, "--format", "markdown", env={**NO_LANG, "LANG": "C.UTF-8"})
    assert "### Advarsler" in as_is.stdout
    assert f"der skyldes stadig {owed} ved udgangen af 2027" in as_is.stdout
    to_en = cli("run", danish, "--format", "markdown", "--lang", "en")
    assert "### Warnings" in to_en.stdout
    assert "DKK 200,000 is still owed at the end of 2027" in to_en.stdout
    assert "skyldes" not in to_en.stdout
    to_da = cli("run", english, "--lang", "da", env={**NO_LANG, "LANG": "C.UTF-8"})
    assert "Advarsler" in to_da.stdout and f"der skyldes stadig {owed}" in to_da.stdout
    assert "still owed" not in to_da.stdout


def test_the_errors_of_a_danish_case_stop_a_run_in_danish(cli, tmp_path):
    """An error stops ``run``; its message is the case's language, or ``--lang``'s."""
    case = tmp_path / "c.yaml"
    text = (CHECKS / "BC306.yaml").read_text("utf-8")
    case.write_text(text.replace("meta:\n", "meta:\n  language: da\n", 1), "utf-8")
    out = cli("run", case, env={**NO_LANG, "LANG": "C.UTF-8"})
    assert out.exit_code == 1 and "antallet må ikke være negativt" in out.stderr
    out = cli("run", case, "--lang", "en", env={**NO_LANG, "LANG": "da_DK.UTF-8"})
    assert out.exit_code == 1 and "the count must not be negative" in out.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("da_DK.UTF-8", "ingen forvaltning 'x' (casen har ingen forvaltninger)"),
        ("C.UTF-8", "no department 'x' (the case has no departments)"),
    ],
)
def test_a_usage_error_on_a_case_without_a_language_follows_lang(cli, lang, words):
    """A case that does not say its language: its messages follow the environment."""
    out = cli("run", CHECKS / "BC302.yaml", "--department", "x", env={**NO_LANG, "LANG": lang})
    assert out.exit_code == 2 and words in out.stderr


@pytest.mark.parametrize(
    ("args", "danish", "english"),
    [
        (
            ["run", "--nope", "x.yaml"],
            "Fejl: Ukendt tilvalg: --nope",
            "Error: No such option: --nope",
        ),
        (
            ["run", "x.yaml", "--format", "xls"],
            "'xls' er ikke en af 'text', 'json', 'csv', 'markdown', 'xlsx' eller 'html'.",
            "'xls' is not one of 'text', 'json', 'csv', 'markdown', 'xlsx' or 'html'.",
        ),
        (["run"], "Fejl: Argumentet 'CASE' mangler.", "Error: Missing argument 'CASE'."),
        (["valid"], "Mente du 'validate'?", "Did you mean 'validate'?"),
        (["validate", "nope.yaml"], "filen eller mappen findes ikke", "no such file or folder"),
        (["run", "nope.yaml"], "filen findes ikke", "no such file"),
    ],
)
def test_usage_errors_follow_lang(cli, args, danish, english):
    """A mistake on the command line belongs to no case: LANG's language."""
    da = cli(*args, env={**NO_LANG, "LANG": "da_DK.UTF-8"})
    assert da.exit_code == 2 and danish in da.stderr
    assert english not in da.stderr
    en = cli(*args, env={**NO_LANG, "LANG": "C.UTF-8"})
    assert en.exit_code == 2 and english in en.stderr


def test_a_usage_error_on_a_danish_case_follows_lang_too(cli):
    """--department names no department of the case: a mistake on the command line, said in
    LANG's language (or --lang's), not the case's."""
    args = ("run", ISHOJ, "--department", "x")
    en = cli(*args, env={**NO_LANG, "LANG": "C.UTF-8"})
    assert en.exit_code == 2 and "no department 'x'" in en.stderr
    da = cli(*args, "--lang", "da", env={**NO_LANG, "LANG": "C.UTF-8"})
    assert da.exit_code == 2 and "ingen forvaltning 'x'" in da.stderr


def test_a_figure_out_of_range_names_its_row_in_the_case_language(tmp_path):
    """BC210 on a computed row (not a formula) names the row in the case's words."""
    text = (CHECKS / "BC210.yaml").read_text("utf-8")
    text = re.sub(r"(?s)^parameters:.*?(?=^avoided:)", "", text, flags=re.M)
    text = re.sub(r"count: .*", "count: 900000000000", text)
    text = re.sub(r"unit_cost: .*", "unit_cost: 900000000000", text)
    said = {}
    for language in ("da", "en"):
        case = tmp_path / f"{language}.yaml"
        case.write_text(text.replace("meta:\n", f"meta:\n  language: {language}\n", 1), "utf-8")
        [d] = load_case(str(case)).diagnostics
        said[language] = (d.code, d.message)
    assert said["en"][0] == said["da"][0] == "BC210"
    assert "the line '" in said["en"][1] and "more than 10^15 kroner" in said["en"][1]
    assert "linjen '" in said["da"][1] and "mere end 10^15 kroner" in said["da"][1]


def test_a_github_annotation_of_a_danish_case_is_danish(cli, tmp_path):
    """In a pull request the annotation reads as the case does: message and tip."""
    text = (CHECKS / "BC103.yaml").read_text("utf-8")
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("meta:\n", "meta:\n  language: da\n", 1), "utf-8")
    out = cli("validate", "--format", "github", path)
    assert out.exit_code == 1
    assert "%0Atip: skriv hele kroner" in out.stdout and "hint" not in out.stdout


@pytest.mark.parametrize(
    ("args", "danish", "english"),
    [
        (["validate", ISHOJ / "x.yaml"], "en del af stien er ikke en mappe", "Not a directory"),
        (["run", "x" * 300 + ".yaml"], "filnavnet er for langt", "File name too long"),
        (
            ["run", ISHOJ, "--output", "{tmp}/no/such/folder.txt"],
            "kan ikke skrive: filen eller mappen findes ikke",
            "cannot write: No such file or directory",
        ),
        (["run", ISHOJ, "--output", "{tmp}"], "kan ikke skrive: er en mappe", "cannot write:"),
    ],
)
def test_the_operating_systems_reasons_are_danish(cli, tmp_path, args, danish, english):
    """What the operating system says (ENOENT, ENOTDIR, ENAMETOOLONG ...) is English whatever
    the language; a Danish message says it in Danish, through the catalogue."""
    args = [str(a).replace("{tmp}", str(tmp_path)) for a in args]
    da = cli(*args, env={**NO_LANG, "LANG": "da_DK.UTF-8"})
    assert da.exit_code == 2 and danish in da.stderr, da.stderr
    assert english not in da.stderr
    en = cli(*args, env={**NO_LANG, "LANG": "C.UTF-8"})
    assert en.exit_code == 2 and english in en.stderr, en.stderr


def test_a_reason_the_code_gives_wins_over_the_errno():
    import errno

    from businesscase.i18n import in_language, os_reason

    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "No space left on device"
    said = in_language("da", os_reason(OSError(errno.ENOSPC, "No space left on device")))
    assert said == "der er ikke mere plads på enheden"
    assert os_reason(IsADirectoryError(errno.EISDIR, "is a folder")) == "is a folder"
    assert os_reason(OSError(errno.EHOSTDOWN, "Host is down")) == "Host is down"


KOBENHAVN_RANGES = ROOT / "docs" / "examples" / "kobenhavn_ranges.yaml"
TAKES_DEPARTMENT = {
    "run": [],
    "chart": ["--output", "{tmp}/x.svg"],
    "simulate": ["--draws", "100", "--seed", "1"],
    "sensitivity": [],
    "explain": ["net", "2022"],
}


@pytest.mark.parametrize("command", TAKES_DEPARTMENT)
def test_every_command_checks_department_alike(cli, tmp_path, command):
    """One check of --department for every command that takes it: the same message in the
    user's language (LANG, or --lang), the same choices, exit 2; a department is named by
    its id or its name."""
    extra = [a.replace("{tmp}", str(tmp_path)) for a in TAKES_DEPARTMENT[command]]
    args = [command, KOBENHAVN_RANGES, *extra]
    da = cli(*args, "--department", "XYZ", env={**NO_LANG, "LANG": "da_DK.UTF-8"})
    assert da.exit_code == 2
    assert da.stderr == f"businesscase: {KOBENHAVN_RANGES}: ingen forvaltning 'XYZ' (SOF, BUF)\n"
    en = cli(*args, "--department", "XYZ", env={**NO_LANG, "LANG": "C.UTF-8"})
    assert en.exit_code == 2
    assert en.stderr == f"businesscase: {KOBENHAVN_RANGES}: no department 'XYZ' (SOF, BUF)\n"
    forced = cli(*args, "--department", "XYZ", "--lang", "en", env={"LANG": "da_DK.UTF-8"})
    assert "no department 'XYZ'" in forced.stderr
    by_name = cli(*args, "--department", "Socialforvaltningen")
    assert by_name.exit_code == 0, by_name.stderr
    by_id = cli(*args, "--department", "SOF")
    if command != "chart":
        assert by_name.stdout == by_id.stdout


def test_validate_summary_joins_errors_and_warnings_in_danish() -> None:
    """The last line of ``validate`` on a Danish case with an error and two warnings."""
    from businesscase.commands.validate import _summary

    def finding(severity: str) -> Diagnostic:
        return Diagnostic(code="BC101", severity=severity, message="-", file="a.yaml")  # type: ignore[arg-type]

    with speaking("da"):
        line = _summary([finding("error"), finding("warning"), finding("warning")], 1)
    assert line == "1 fejl og 2 advarsler i 1 af 1 fil\n"
