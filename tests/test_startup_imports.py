"""What a command imports at start-up, and the stand-in for pydantic's plugin loader.

Start-up dominates every command (bench/startup.py measures it). These tests hold the
properties that keep it short and that the measurements cannot see: what is left out of a
command's imports, and that leaving it out changes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pydantic

from .conftest import ISHOJ, ROOT

OPTIMISTIC = ROOT / "scenarios" / "ishoj_optimistic.yaml"

_PROBE = (
    "import sys\n"
    "from businesscase.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "finally:\n"
    "    sys.stderr.write(' '.join(sorted(sys.modules)))\n"
)


def _modules(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout, set(done.stderr.split())


def test_piped_text_imports_only_what_it_uses() -> None:
    for args in (
        ["run", str(ISHOJ)],
        ["run", str(ISHOJ), "--detail", "--lang", "en"],
        ["run", str(ISHOJ), "--format", "json"],
        ["diff", str(ISHOJ), str(OPTIMISTIC)],
        ["validate", str(ISHOJ)],
    ):
        code, out, modules = _modules(*args)
        assert code == 0, args
        assert out or args[0] == "validate", args
        assert not {m for m in modules if m == "rich" or m.startswith("rich.")}, args
        assert "importlib.metadata" not in modules, args
        # found by hand or only for a finding or a terminal: no resources lookup (tempfile,
        # the compression modules), no "did you mean" (difflib), no terminal size (shutil)
        assert not modules & {"importlib.resources", "tempfile", "difflib", "shutil"}, args
        # the CSV writer for --format csv only; the JSON encoder not for text
        assert "csv" not in modules, args
        assert "json" not in modules or "json" in args or args[0] == "validate", args
        # the scenario merger for a scenario file (diff's second case) or named scenarios only
        assert ("businesscase.scenario" in modules) == (args[0] == "diff"), args


def test_help_reads_no_package_metadata() -> None:
    """The version is read from the package's metadata only for --version: the metadata
    reader imports email, zipfile and socket, as long as the rest of --help together."""
    for args in (["--help"], ["run", "--help"], ["run"]):
        _, _, modules = _modules(*args)
        assert "importlib.metadata" not in modules, args
    code, out, modules = _modules("--version")
    assert code == 0
    assert re.fullmatch(r"businesscase \d+\.\d+\.\d+\n", out)
    assert "importlib.metadata" in modules


def test_pydantic_takes_only_get_plugins_from_its_loader() -> None:
    """The stand-in module offers ``get_plugins`` alone: pydantic must need nothing else."""
    package = Path(pydantic.__file__).parent
    uses = []
    for path in package.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "_loader" in line and not line.lstrip().startswith("#"):
                uses.append(line.strip())
    assert uses
    for use in uses:
        assert re.fullmatch(
            r"from (\.|\.plugin\.|pydantic\.plugin\.)_loader import get_plugins", use
        ), use


def test_the_real_loader_gives_no_plugins_either() -> None:
    """With every plugin disabled pydantic's own loader answers as the stand-in does."""
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pydantic.plugin._loader import get_plugins; print(list(get_plugins()))",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stdout == "[]\n"


def test_a_plugin_setting_of_the_user_keeps_the_real_loader() -> None:
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "some_plugin"}
    code, out, modules = _modules("run", str(ISHOJ), "--format", "json", env=env)
    assert code == 0
    assert out
    assert "importlib.metadata" in modules
