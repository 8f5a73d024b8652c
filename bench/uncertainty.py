"""Speed and memory of simulate and sensitivity against the goals of the uncertainty issue.

    uv run --no-sync python bench/uncertainty.py [--draws 1000000]

Prints, never fails (timings on a shared machine are noisy):

* ``simulate`` of the Ishøj example with ``--draws N`` as a whole process (start-up
  included): wall time (goal ≤ 1,0 s for 10⁶ draws) and peak memory (goal ≤ 250 MiB);
* draws per second of the vectorised interpreter against the same interpreter called once
  per draw (a loop in Python over the draws, each evaluated alone), measured in this run
  (goal ≥ 50×; a loop of bare Python floats would be faster than this stand-in);
* ``sensitivity`` against twice ``run`` on the Ishøj example, as whole processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = "docs/examples/ishoj_ranges.yaml"


def process(*args: str) -> tuple[float, float]:
    """Wall seconds and peak MiB of one run of the command line."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "businesscase", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def best(*args: str, runs: int = 3) -> tuple[float, float]:
    results = [process(*args) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def loop_rate(n: int) -> float:
    """Draws per second of a Python loop evaluating the model once per draw."""
    from businesscase.calc import vector
    from businesscase.calc.model import build
    from businesscase.calc.stakes import with_stakes
    from businesscase.loader import load_case

    loaded = load_case(str(ROOT / CASE))
    assert loaded.case is not None
    model, _ = with_stakes(build(loaded.case))
    import numpy as np

    rng = np.random.default_rng(1)
    draws = {
        key: vector.sample(rng, r, float(model.inputs[key].value), n)
        for key, r in model.ranges.items()
    }
    start = time.perf_counter()
    for i in range(n):
        one = {key: values[i : i + 1] for key, values in draws.items()}
        vector.evaluate(model, one, 1)
    return n / (time.perf_counter() - start)


def vector_rate(n: int) -> float:
    from businesscase.calc import vector
    from businesscase.calc.model import build
    from businesscase.calc.stakes import with_stakes
    from businesscase.loader import load_case

    loaded = load_case(str(ROOT / CASE))
    assert loaded.case is not None
    model, stakes = with_stakes(build(loaded.case))
    start = time.perf_counter()
    vector.simulate(model, stakes.scalars(), stakes.net, stakes.cumulative, n, seed=1)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.draws
    wall, peak = best("simulate", CASE, "--draws", str(n), "--seed", "1")
    print(
        f"simulate {CASE} --draws {n}: {wall:.2f} s wall, {peak:.0f} MiB peak "
        "(goals: 1,0 s and 250 MiB for 10^6 draws)"
    )
    fast = vector_rate(n)
    slow = loop_rate(2_000)
    print(
        f"vectorised: {fast:,.0f} draws/s; one draw at a time: {slow:,.0f} draws/s; "
        f"{fast / slow:,.0f}x (goal ≥ 50x)"
    )
    run_wall, _ = best("run", CASE)
    sens_wall, _ = best("sensitivity", CASE)
    print(
        f"sensitivity: {sens_wall:.2f} s; run: {run_wall:.2f} s; "
        f"goal: sensitivity < 2 × run = {2 * run_wall:.2f} s"
    )


if __name__ == "__main__":
    main()
