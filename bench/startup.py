"""Start-up benchmark: `businesscase run` against the floor `python -c "import yaml, pydantic"`.

Goal: a run of the Ishøj case takes at most 2x the floor on the same machine. Both are timed
as fresh processes (start-up dominates a CLI run), alternating, and the medians compared.

    uv run python bench/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    exe = shutil.which("businesscase", path=str(Path(sys.executable).parent))
    if exe is None:
        sys.exit("businesscase is not installed in this environment; run via `uv run`")
    commands = {
        "floor: python -c 'import yaml, pydantic'": [sys.executable, "-c", "import yaml, pydantic"],
        # References, not goals: what the stack itself costs before any of our code runs.
        # `import pydantic` is lazy; building models needs pydantic.BaseModel, the CLI typer.
        "ref: import yaml; from pydantic import BaseModel": [
            sys.executable,
            "-c",
            "import yaml; from pydantic import BaseModel",
        ],
        "ref: import typer, yaml; from pydantic import BaseModel": [
            sys.executable,
            "-c",
            "import typer, typer._adapters, yaml; from pydantic import BaseModel",
        ],
        "businesscase run (text)": [exe, "run", str(CASE)],
        "businesscase run --format json": [exe, "run", str(CASE), "--format", "json"],
        "businesscase validate": [exe, "validate", str(CASE)],
    }
    for cmd in commands.values():  # warm the file cache and .pyc files
        _time(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(_time(cmd))
    floor = statistics.median(next(iter(times.values())))
    print(f"{'command':58} {'median':>9} {'min':>9} {'x floor':>8}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:58} {median * 1000:7.0f}ms {min(values) * 1000:7.0f}ms {median / floor:8.2f}")


if __name__ == "__main__":
    main()
