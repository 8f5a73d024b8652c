"""Tag a release: ``v`` + the version in pyproject.toml, the single source of the version.

    uv run python tools/release.py            # tag HEAD of main as v<version>, annotated
    uv run python tools/release.py --print    # print the tag name only

A release is a commit of main whose suite is green and whose version in pyproject.toml has
not been tagged before: the script refuses a dirty tree, a branch other than main, and a tag
that exists. Bump the version in pyproject.toml (and run ``uv lock``) before the next one.
Pushing the tag is left to the person releasing.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def tag_name() -> str:
    return f"v{version()}"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def main(argv: list[str]) -> int:
    tag = tag_name()
    if argv == ["--print"]:
        print(tag)
        return 0
    if _git("status", "--porcelain"):
        print("release: the working tree has changes; commit or remove them first", file=sys.stderr)
        return 1
    if _git("rev-parse", "--abbrev-ref", "HEAD") != "main":
        print("release: releases are tagged on main", file=sys.stderr)
        return 1
    if _git("tag", "--list", tag):
        print(f"release: {tag} exists; bump the version in pyproject.toml", file=sys.stderr)
        return 1
    _git("tag", "--annotate", tag, "--message", f"businesscase {version()}")
    print(f"tagged {tag} on {_git('rev-parse', '--short', 'HEAD')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
