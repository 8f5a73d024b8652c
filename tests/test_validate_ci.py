"""The CI integration as documented: the workflow, the pre-commit hook, docs/ci.md."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from .conftest import ROOT

CI = ROOT / "docs" / "examples" / "ci"
WORKFLOW = CI / "validate-cases.yml"
PRE_COMMIT_CONFIG = CI / "pre-commit-config.yaml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
DOC = ROOT / "docs" / "ci.md"


def _yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)


@pytest.mark.parametrize("example", [WORKFLOW, PRE_COMMIT_CONFIG, HOOKS], ids=lambda p: p.name)
def test_docs_show_the_tested_files_verbatim(example):
    assert example.read_text(encoding="utf-8") in _yaml_blocks(DOC.read_text(encoding="utf-8"))


def _commands() -> list[list[str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    return [shlex.split(s["run"]) for s in steps if s.get("run", "").startswith("businesscase ")]


def test_workflow_runs_on_pushes_and_pull_requests():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    on = workflow[True]  # PyYAML reads the key 'on' as true (YAML 1.1)
    assert set(on) == {"push", "pull_request"}
    assert _commands(), "the workflow runs no businesscase command"


def test_workflow_command_passes_on_this_repository(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    for command in _commands():
        assert command[:2] == ["businesscase", "validate"]
        out = cli(*command[1:], env={"GITHUB_ACTIONS": "true"})
        assert out.exit_code == 0, out.stdout + out.stderr
        assert out.stdout == ""


def test_workflow_command_fails_with_annotations_on_a_bad_case(cli, tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "bad.yaml").write_text(
        (ROOT / "tests" / "checks" / "BC103.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    for command in _commands():
        args = [str(tmp_path / a) if a == "cases/" else a for a in command[1:]]
        out = cli(*args, env={"GITHUB_ACTIONS": "true"})
        assert out.exit_code == 1
        assert out.stdout.startswith("::error file=")
        assert "title=BC103::" in out.stdout


def test_hook_definition():
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "businesscase-validate"
    assert hook["entry"] == "businesscase validate"
    assert hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    selected = [
        p
        for p in (
            "cases/a.yaml",
            "cases/b.yml",
            "README.md",
            ".github/workflows/ci.yml",
            "x.yaml.bak",
        )
        if files.search(p) and not exclude.search(p)
    ]
    assert selected == ["cases/a.yaml", "cases/b.yml"]


def test_hook_entry_runs_on_filenames(cli):
    """pre-commit appends the changed files to the entry and its args."""
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    (config,) = yaml.safe_load(PRE_COMMIT_CONFIG.read_text(encoding="utf-8"))["repos"]
    (used,) = config["hooks"]
    assert used["id"] == hook["id"]
    args = [*shlex.split(hook["entry"])[1:], *used.get("args", [])]
    files = sorted(str(p) for p in (ROOT / "cases").glob("*.yaml"))
    assert all(re.search(used["files"], p.removeprefix(str(ROOT) + "/")) for p in files)
    assert cli(*args, *files).exit_code == 0
    assert cli(*args, ROOT / "tests" / "checks" / "BC302.yaml").exit_code == 1  # --strict
