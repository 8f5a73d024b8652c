"""Speed and memory of simulate and sensitivity against the goals of the uncertainty issue.

    uv run --no-sync python bench/uncertainty.py [--draws 1000000] [--quick]

Prints, never fails (timings on a shared machine are noisy; the processor time beside each
wall time says how much of it was this process's own work):

* ``simulate`` as a whole process (start-up included), on the shipped Ishøj case (which carries
  the ranges its text gives) and on its documented example, with 10⁵, 10⁶ and 10⁷ draws: wall time (goal ≤ 1,0 s for 10⁶ draws) and peak
  memory (goal ≤ 250 MiB whatever the draws: it should not grow with them);
* draws per second of the simulation against a plain-Python loop that evaluates the same
  model for the same draws one at a time (floats, no numpy), measured in this run (goal ≥ 50×);
* ``sensitivity`` against twice ``run`` on the shipped Ishøj case, as whole processes.

The package is compiled to bytecode first, as an install compiles it.
"""

from __future__ import annotations

import argparse
import compileall
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CASE = "cases/ishoj_hjemmebaseret.yaml"
RANGED = "docs/examples/ishoj_ranges.yaml"


def process(*args: str) -> tuple[float, float, float]:
    """Wall seconds, processor seconds and peak MiB of one run of the command line."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "businesscase", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(*args: str, runs: int = 3) -> tuple[float, float, float]:
    results = [process(*args) for _ in range(runs)]
    return (
        min(r[0] for r in results),
        min(r[1] for r in results),
        max(r[2] for r in results),
    )


def _model() -> tuple[Any, Any]:
    from businesscase.calc.model import build
    from businesscase.calc.stakes import with_stakes
    from businesscase.loader import load_case

    loaded = load_case(str(ROOT / CASE))
    assert loaded.case is not None
    return with_stakes(build(loaded.case))


def plain_python(model: Any, node_ids: list[Any]) -> Callable[[dict[Any, float]], list[float]]:
    """The model as a plain-Python function of one draw (floats): the loop numpy replaces."""
    from businesscase.calc.expr import (
        Const,
        Earliest,
        FirstYear,
        Input,
        Max,
        Min,
        Op,
        Ref,
        Spread,
        Sum,
    )
    from businesscase.calc.vector import _needed

    needed = _needed(model, node_ids)
    order = [(k, node.expr) for k, node in model.nodes.items() if k in needed]
    written = {k: float(info.value) for k, info in model.inputs.items()}
    nan = math.nan

    def shown_passes(v: float, test: str) -> bool:
        if test == "nonpos":
            return v < 0.5
        if test == "nonzero":
            return abs(v) >= 0.5
        return v > -0.5

    def ev(e: Any, vals: dict[Any, float], inputs: dict[Any, float]) -> float:
        match e:
            case Ref(node):
                return vals[node]
            case Input(key):
                return inputs[key]
            case Const(value):
                return float(value)
            case Sum(args):
                total = 0.0
                for a in args:
                    total += ev(a, vals, inputs)
                return total
            case Op(op, args):
                xs = [ev(a, vals, inputs) for a in args]
                if op == "neg":
                    return -xs[0]
                if op == "abs":
                    return abs(xs[0])
                acc = xs[0]
                for x in xs[1:]:
                    if op == "+":
                        acc += x
                    elif op == "-":
                        acc -= x
                    elif op == "*":
                        acc *= x
                    else:
                        acc = acc / x if x else nan
                return acc
            case Min(args):
                return min(ev(a, vals, inputs) for a in args)
            case Max(args):
                return max(ev(a, vals, inputs) for a in args)
            case Earliest(args):
                found = [x for a in args if not math.isnan(x := ev(a, vals, inputs))]
                return min(found) if found else nan
            case Spread(total, n, k):
                t = ev(total, vals, inputs)
                if t != math.floor(t):
                    return t / n
                base = math.floor(t / n)
                return float(base + 1 if k < t - base * n else base)
            case FirstYear(years, series, test, start):
                first = years[0] if start is None else ev(start, vals, inputs)
                if math.isnan(first):
                    return nan
                xs = [ev(x, vals, inputs) for x in series]
                if test == "stays_nonneg":
                    if any(math.isnan(x) for x in xs):
                        return nan
                    found = nan
                    for y, x in zip(years, xs, strict=True):
                        if y >= first:
                            found = (y if math.isnan(found) else found) if x > -0.5 else nan
                    return found
                for y, x in zip(years, xs, strict=True):
                    if y >= first:
                        if math.isnan(x):
                            return nan
                        if shown_passes(x, test):
                            return float(y)
                return nan
        raise TypeError(e)

    def one(draw: dict[Any, float]) -> list[float]:
        inputs = {**written, **draw}
        vals: dict[Any, float] = {}
        for k, e in order:
            vals[k] = ev(e, vals, inputs)
        return [vals[k] for k in node_ids]

    return one


def loop_rate(n: int) -> float:
    """Draws per second of the plain-Python loop over the first ``n`` draws of seed 1 (and a
    check that it computes what the simulation computes)."""
    import numpy as np

    from businesscase.calc import vector

    model, stakes = _model()
    keys = list(model.ranges)
    nodes = [stakes.total_net, stakes.shortfall, *stakes.net, *stakes.cumulative]
    one = plain_python(model, [*nodes, stakes.payback, stakes.pool_repaid])
    rng = np.random.default_rng(1)
    draws = [vector.sample(rng, model.ranges[k], float(model.inputs[k].value), n) for k in keys]
    rows = [{k: float(d[i]) for k, d in zip(keys, draws, strict=True)} for i in range(n)]
    start = time.perf_counter()
    figures = [one(row) for row in rows]
    columns = list(zip(*figures, strict=True))
    for column in columns[: len(nodes)]:
        ordered = sorted(column)  # the percentiles, as a plain loop would find them
        _ = [ordered[int(q * (n - 1))] for q in (0.1, 0.5, 0.9)]
    rate = n / (time.perf_counter() - start)
    program = vector.Program(model, keys, [stakes.total_net])
    got = program.run(draws, n)[0]
    assert np.allclose(np.asarray(columns[0]), got, rtol=0, atol=1e-6), "the loop disagrees"
    return rate


def vector_rate(n: int) -> float:
    from businesscase.commands.simulate import simulation_report
    from businesscase.loader import load_case

    loaded = load_case(str(ROOT / CASE))
    assert loaded.case is not None
    start = time.perf_counter()
    simulation_report(loaded.case, n, seed=1)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="one run each, no 10^7")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "src", quiet=1)
    runs = 1 if args.quick else 3
    n = args.draws
    sizes = sorted({100_000, n} if args.quick else {100_000, n, 10_000_000})
    for case in (CASE, RANGED):
        for size in sizes:
            wall, cpu, peak = best(
                "simulate", case, "--draws", str(size), "--seed", "1", runs=runs if size <= n else 1
            )
            print(
                f"simulate {case} --draws {size}: {wall:.2f} s wall ({cpu:.2f} s processor), "
                f"{peak:.0f} MiB peak"
            )
    print("goals: 1,0 s wall for 10^6 draws, start-up included; 250 MiB whatever the draws")
    fast = vector_rate(n)
    slow = loop_rate(2_000)
    print(
        f"simulation: {fast:,.0f} draws/s; plain-Python loop over the same draws: "
        f"{slow:,.0f} draws/s; {fast / slow:,.0f}x (goal ≥ 50x)"
    )
    run_wall, run_cpu, _ = best("run", CASE, runs=runs)
    sens_wall, sens_cpu, _ = best("sensitivity", CASE, runs=runs)
    print(
        f"sensitivity: {sens_wall:.2f} s ({sens_cpu:.2f} s processor); run: {run_wall:.2f} s "
        f"({run_cpu:.2f} s processor); goal: sensitivity < 2 × run = {2 * run_wall:.2f} s"
    )


if __name__ == "__main__":
    main()
