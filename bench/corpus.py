"""How long each file of the bad-input corpus takes to load and check, against the 1 s bound.

    uv run python bench/corpus.py [--top N]

Prints the slowest files and whether every file is within the bound. A benchmark, not a
test: timings depend on the machine and its load, so the suite never asserts them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from businesscase.loader import load_case  # noqa: E402

BOUND = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    corpus = ROOT / "tests" / "corpus"
    files = json.loads((corpus / "manifest.json").read_text("utf-8"))["files"]
    times = []
    for entry in files:
        path = corpus / entry["file"]
        best = min(_timed(path) for _ in range(3))
        times.append((best, entry["file"]))
    times.sort(reverse=True)
    for seconds, name in times[: args.top]:
        print(f"{seconds * 1000:8.1f} ms  {name}")
    worst = times[0][0]
    verdict = "within" if worst < BOUND else "OVER"
    print(f"{len(times)} files; slowest {worst:.3f} s, {verdict} the {BOUND:.0f} s bound")
    return 0


def _timed(path: Path) -> float:
    start = time.perf_counter()
    load_case(str(path))
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
