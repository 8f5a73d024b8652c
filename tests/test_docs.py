"""Every example in the docs is a tested file or a tested command.

* A ``yaml`` block must be part of a file the suite validates and runs (``docs/examples/``,
  ``cases/``, or the pre-commit hook definition), so a documented field cannot drift.
* A ``console`` block's ``$ businesscase ...`` commands are run from the repository root; the
  lines after a command are its exact output (stdout and stderr).

``docs/checks.md`` is generated from the checks' docstrings and tested on its own.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from .conftest import CASES, ROOT

DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md") if p.name != "checks.md")
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def _blocks(kind: str) -> list[tuple[str, str]]:
    return [
        (f"{page.name}#{n}", body)
        for page in PAGES
        for n, (lang, body) in enumerate(_BLOCK.findall(page.read_text(encoding="utf-8")))
        if lang == kind
    ]


def _tested_files() -> str:
    files = [
        *(DOCS / "examples").rglob("*.y*ml"),
        *CASES.rglob("*.yaml"),
        *(ROOT / "scenarios").rglob("*.yaml"),
        ROOT / ".pre-commit-hooks.yaml",
    ]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.mark.parametrize(("where", "body"), _blocks("yaml"), ids=lambda v: v[:40])
def test_yaml_examples_are_part_of_tested_files(where, body):
    assert body.rstrip("\n") in _tested_files(), (
        f"{where}: a yaml example must be copied from a tested file "
        "(docs/examples/, cases/, scenarios/); put it there, or mark a non-case block ```text"
    )


def _commands() -> list[tuple[str, str, str]]:
    out = []
    for where, body in _blocks("console"):
        parts = re.split(r"^\$ ", body, flags=re.M)[1:]
        for part in parts:
            command, _, expected = part.partition("\n")
            out.append((where, command, expected))
    return out


def _argv(command: str, where: str) -> list[str]:
    """The command's arguments; the docs write ``uv run businesscase ...`` (after the quick
    start, bare ``businesscase`` is not on the PATH) or, in older pages, ``businesscase``."""
    argv = shlex.split(command)
    if argv[:2] == ["uv", "run"]:
        argv = argv[2:]
    assert argv[0] == "businesscase", where
    return argv


@pytest.mark.parametrize(("where", "command", "expected"), _commands(), ids=lambda v: v[:60])
def test_console_examples_print_what_the_docs_show(cli, monkeypatch, where, command, expected):
    argv = _argv(command, where)
    monkeypatch.chdir(ROOT)
    out = cli(*argv[1:])
    assert "Traceback" not in out.stdout + out.stderr
    assert out.stdout + out.stderr == expected, where


def test_every_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        assert f"docs/{page.name}" in readme, page.name


def test_examples_exist():
    assert _blocks("yaml") and _commands()
    assert Path(DOCS / "examples" / "features.yaml").is_file()


DA_PAGES = sorted((DOCS / "da").glob("*.md"))
DANISH = {"LANG": "da_DK.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def page_commands(page: Path) -> list[tuple[str, str]]:
    text = page.read_text(encoding="utf-8")
    out = []
    for lang, body in _BLOCK.findall(text):
        if lang == "console":
            for part in re.split(r"^\$ ", body, flags=re.M)[1:]:
                command, _, expected = part.partition("\n")
                out.append((command, expected))
    return out


@pytest.mark.parametrize("page", DA_PAGES, ids=lambda p: p.name)
def test_danish_walkthrough_runs_in_order_in_a_fresh_folder(cli, monkeypatch, tmp_path, page):
    """A walk-through is run as a user follows it: in a folder of their own (here a copy of
    the cases and examples), one command after the other, on a computer set up in Danish."""
    import shutil

    shutil.copytree(CASES, tmp_path / "cases")
    shutil.copytree(DOCS / "examples", tmp_path / "docs" / "examples")
    monkeypatch.chdir(tmp_path)
    commands = page_commands(page)
    assert commands
    for command, expected in commands:
        out = cli(*_argv(command, page.name)[1:], env=DANISH)
        assert "Traceback" not in out.stdout + out.stderr
        assert out.stdout + out.stderr == expected, f"{page.name}: {command}"


def test_the_danish_pages_are_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in DA_PAGES:
        assert f"docs/da/{page.name}" in readme, page.name
