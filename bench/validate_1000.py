"""Benchmark: `businesscase validate` on 1.000 generated case files.

Goals (issue 17), start-up included, on this machine (2 cores): at most 1.6 s with
``--jobs 1`` and at most 1.0 s with the default jobs (every CPU). The files are variations of
the Ishøj case (title; period and amounts in the half that drop its stated figures; the
other half keep them, and they are reconciled too), written to a temporary folder; each
command is timed as a fresh process, and the median (and best) of ``--runs`` is compared
with the goal.

For comparison, on the same files and once each: ``check-jsonschema`` with the project's
schema (the shape only: no positions of YAML 1.1 pitfalls, no cross-field checks, no
figures) and ``yamllint`` (YAML syntax and style only). They are not project dependencies:
they are run through ``uvx`` when it is on the PATH (``--no-compare`` skips them).

    uv run python bench/validate_1000.py [--files 1000] [--runs 3] [--keep DIR] [--no-compare]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"
SCHEMA = ROOT / "schema" / "case.schema.json"
GOALS = {"--jobs 1": 1.6, "default jobs": 1.0}
"""Seconds (wall) for 1.000 files."""


def variant(base: str, i: int) -> str:
    """The i-th variation of the case; every one is valid and gives no finding."""
    text = base.replace(
        "title: Implementering af en Hjemmebaseret Indsats",
        f"title: Variant {i} af en Hjemmebaseret Indsats",
    )
    if i % 2:
        # Without the document's figures the period and amounts may change freely (the
        # document's tables print the years 2021-2027, which the ledger checks).
        text = text[: text.index("\n# Every figure the document prints")] + "\n"
        text = text.replace("  last: 2027\n", f"  last: {2027 + i % 9}\n")
        text = text.replace("    amount: 390000\n", f"    amount: {390000 - (i % 50) * 1000}\n")
        text = text.replace("    count: 5\n", f"    count: {5 + i % 4}\n")
    return text


def generate(folder: Path, n: int) -> None:
    base = CASE.read_text(encoding="utf-8")
    for i in range(n):
        sub = folder / f"unit{i % 10}"
        sub.mkdir(exist_ok=True)
        (sub / f"case{i:04d}.yaml").write_text(variant(base, i), encoding="utf-8")


def _command() -> list[str]:
    exe = shutil.which("businesscase", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "businesscase"]


def _time(args: list[str], *, expect_clean: bool = True) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if expect_clean and (done.returncode != 0 or done.stderr):
        sys.exit(f"{' '.join(args[:3])} failed (exit {done.returncode}):\n{done.stderr[:2000]}")
    return elapsed


def compare(folder: Path) -> list[tuple[str, float | None]]:
    """The other tools on the same files, once each; None when they cannot be run."""
    uvx = shutil.which("uvx")
    files = [str(f) for f in sorted(folder.rglob("*.yaml"))]
    tools = {
        "check-jsonschema (shape only)": [
            "--from",
            "check-jsonschema",
            "check-jsonschema",
            "--schemafile",
            str(SCHEMA),
        ],
        "yamllint (syntax only)": ["yamllint", "-d", "relaxed"],
    }
    out: list[tuple[str, float | None]] = []
    for name, args in tools.items():
        if uvx is None:
            out.append((name, None))
            continue
        # warm uv's cache first, so that a download is not timed
        subprocess.run([uvx, *args, "--version"], capture_output=True, check=False)
        out.append((name, _time([uvx, *args, *files], expect_clean=False)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--no-compare", action="store_true", help="skip the other tools")
    args = parser.parse_args()
    scale = args.files / 1000
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, args.files)
        print(f"validate {args.files} files; wall seconds, {args.runs} runs each")
        for name, extra in (("--jobs 1", ["--jobs", "1"]), ("default jobs", [])):
            times = [
                _time([*_command(), "validate", str(folder), *extra]) for _ in range(args.runs)
            ]
            goal = GOALS[name] * scale
            median = statistics.median(times)
            verdict = "meets the goal" if median <= goal else "MISSES THE GOAL"
            ok = ok and median <= goal
            print(
                f"  businesscase validate, {name:13} median {median:6.2f} s  "
                f"best {min(times):6.2f} s  goal {goal:4.1f} s  {verdict}"
            )
        if not args.no_compare:
            for name, seconds in compare(folder):
                shown = f"{seconds:6.2f} s" if seconds is not None else "not run (no uvx)"
                print(f"  {name:42} once   {shown}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
