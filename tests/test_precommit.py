"""The pre-commit configuration that docs/ci.md shows, run by pre-commit against a local
clone of this repository at the documented ``rev``, without the network; and the release
tag's name from the one version in pyproject.toml."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

import businesscase

from .conftest import ROOT

CONFIG = ROOT / "docs" / "examples" / "ci" / "pre-commit-config.yaml"
MINIMAL = ROOT / "docs" / "examples" / "minimal.yaml"

_spec = importlib.util.spec_from_file_location("release", ROOT / "tools" / "release.py")
assert _spec is not None and _spec.loader is not None
release = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(release)


def test_the_release_tag_is_the_pyproject_version():
    assert release.tag_name() == f"v{businesscase.__version__}"
    assert re.fullmatch(r"v\d+\.\d+\.\d+", release.tag_name())


def test_docs_show_the_same_config_as_the_tested_file():
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    assert CONFIG.read_text(encoding="utf-8").rstrip("\n") in text


def _git(*args: str, cwd: Path) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_documented_config_runs_against_a_local_clone(tmp_path: Path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed (uv sync installs it with the dev group)")
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    rev = repo["rev"]

    hooks = tmp_path / "hooks"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(hooks)], check=True)
    if _git("rev-parse", "--is-shallow-repository", cwd=hooks) == "true":
        pytest.skip("this clone is shallow; the documented rev may lie beyond it")
    # the documented rev exists, and publishes the hook the config names
    _git("rev-parse", "--verify", f"{rev}^{{commit}}", cwd=hooks)
    manifest = yaml.safe_load(_git("show", f"{rev}:.pre-commit-hooks.yaml", cwd=hooks))
    assert {h["id"] for h in manifest} >= {h["id"] for h in repo["hooks"]}

    user = tmp_path / "user"
    (user / "cases").mkdir(parents=True)
    _git("init", "-q", cwd=user)
    text = MINIMAL.read_text(encoding="utf-8")
    (user / "cases" / "ok.yaml").write_text(text, encoding="utf-8")
    (user / "notes.yaml").write_text("not: a case\n", encoding="utf-8")  # outside `files`
    repo["repo"] = str(hooks)
    (user / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    # Offline: pip finds every dependency already installed (PYTHONPATH names this
    # environment's site-packages) and builds the hook without an isolated environment.
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "GIT_CONFIG_NOSYSTEM": "1",
    }

    def run() -> subprocess.CompletedProcess[str]:
        _git("add", "-A", cwd=user)
        return subprocess.run(
            [str(pre_commit), "run", "--all-files", "--color", "never"],
            cwd=user,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    good = run()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "businesscase validate" in good.stdout and "Passed" in good.stdout

    (user / "cases" / "bad.yaml").write_text(
        text.replace("amount: 400000", "amount: 400.000"), encoding="utf-8"
    )
    bad = run()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "cases/bad.yaml:15:13: error[BC103]" in bad.stdout
