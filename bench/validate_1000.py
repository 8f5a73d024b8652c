"""Benchmark: `businesscase validate` on 1.000 generated case files.

Goal: at most 2 s on this machine (at least 500 files a second), start-up included. The files
are variations of the Ishøj case (title, period, amounts; half of them keep its stated
figures, which are then reconciled too), written to a temporary folder; the command is timed
as a fresh process, best of three.

    uv run python bench/validate_1000.py [--files 1000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"
GOAL_SECONDS = 2.0


def variant(base: str, i: int) -> str:
    """The i-th variation of the case; every one is valid and gives no finding."""
    text = base.replace(
        "title: Implementering af en Hjemmebaseret Indsats",
        f"title: Variant {i} af en Hjemmebaseret Indsats",
    )
    text = text.replace("  last: 2027\n", f"  last: {2027 + i % 9}\n")
    if i % 2:
        # Without the document's figures the amounts may change freely.
        text = text[: text.index("\n# Every figure the document prints")] + "\n"
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
    exe = shutil.which("businesscase")
    return [exe] if exe else [sys.executable, "-m", "businesscase"]


def time_validate(folder: Path, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [*_command(), "validate", str(folder)], capture_output=True, text=True, check=False
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0 or done.stderr:
            sys.exit(f"validate failed (exit {done.returncode}):\n{done.stderr[:2000]}")
        best = min(best, elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, args.files)
        best = time_validate(folder, args.runs)
    rate = args.files / best
    verdict = "ok" if best <= GOAL_SECONDS * args.files / 1000 else "SLOWER THAN THE GOAL"
    print(
        f"validate {args.files} files: best of {args.runs} {best:.2f} s, {rate:.0f} files/s ({verdict})"
    )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
