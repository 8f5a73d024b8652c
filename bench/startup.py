"""Start-up benchmark: each command against the floor ``python -c "import yaml, pydantic"``.

Start-up dominates every command on a case of normal size, so each command is timed as a
whole fresh process, paired with the floor: A B A B ..., the ratio taken pair by pair (so a
machine whose speed drifts, or that is shared, moves both sides of a pair alike) and the
median of those ratios compared with the goal. Time is CPU time (user + system) as the
kernel accounts it for the finished child; wall time is printed beside it.

Goals (issue 17), as ratios of CPU medians:

* ``--help`` at most 1.2 times the floor;
* ``run`` (text to a pipe, and ``--format json``), ``validate`` and ``diff`` on the Ishøj case
  at most 2.25 times;
* ``run`` with text to a terminal (a pseudo-terminal here) at most 2.6 times.

The first row, for reference, is the case model alone: importing it and building its pydantic
validator, which every command that reads a case pays before any work of its own.

The package's own modules are compiled first (``compileall``), as an installed wheel is:
machines that set ``PYTHONDONTWRITEBYTECODE`` never write them otherwise.

    uv run python bench/startup.py              # 21 pairs per command; exit 1 if a goal is missed
    uv run python bench/startup.py --quick      # 5 pairs; prints the figures, never fails
"""

from __future__ import annotations

import argparse
import compileall
import fcntl
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"
OPTIMISTIC = ROOT / "scenarios" / "ishoj_optimistic.yaml"
FLOOR = [sys.executable, "-c", "import yaml, pydantic"]
MODEL_ONLY = (
    "import gc, os, yaml, pydantic\n"
    "from businesscase import cli\n"
    "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
    "cli._no_plugin_loader()\n"
    "gc.disable()\n"
    "from businesscase.model import Case\n"
    "try:\n"
    "    Case.model_validate({})\n"
    "except pydantic.ValidationError:\n"
    "    os._exit(0)\n"
)
"""What every command pays before its own work: pydantic's model machinery, the case model's
classes and the build of its validator (forced by one validation), set up as the command line
sets it up (no plugin lookup, no cyclic collector), and ending the way a command ends, without the
interpreter's teardown."""
TERMINAL_COLUMNS = 200


@dataclass(frozen=True)
class Bench:
    name: str
    args: list[str]
    goal: float | None  # the largest ratio to the floor allowed; None: shown for reference
    terminal: bool = False


def benches(exe: str) -> list[Bench]:
    case = str(CASE)
    return [
        Bench("case model only (pydantic)", [sys.executable, "-c", MODEL_ONLY], None),
        Bench("--help", [exe, "--help"], 1.2),
        Bench("run --help", [exe, "run", "--help"], None),
        Bench("run (text to a pipe)", [exe, "run", case], 2.25),
        Bench("run --format json", [exe, "run", case, "--format", "json"], 2.25),
        Bench("validate", [exe, "validate", case], 2.25),
        Bench("diff (Ishøj, optimistic)", [exe, "diff", case, str(OPTIMISTIC)], 2.25),
        Bench("run (text to a terminal)", [exe, "run", case], 2.6, terminal=True),
    ]


@dataclass(frozen=True)
class Sample:
    cpu: float
    wall: float


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # EIO: the child closed the terminal
        pass


def run_once(args: list[str], *, terminal: bool = False) -> Sample:
    """Run ``args`` to completion; its CPU (user + system) and wall seconds."""
    reader = None
    if terminal:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, TERMINAL_COLUMNS, 0, 0))
        out: int = slave
        reader = threading.Thread(target=_drain, args=(master,), daemon=True)
        reader.start()
    else:
        out = subprocess.DEVNULL
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if terminal:
        os.close(slave)
        assert reader is not None
        reader.join(timeout=5)
        os.close(master)
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed with exit {proc.returncode}")
    return Sample(usage.ru_utime + usage.ru_stime, wall)


@dataclass(frozen=True)
class Result:
    bench: Bench
    ratios: list[float]
    cpu: list[float]
    floor_cpu: list[float]
    wall: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def verdict(self) -> str:
        if self.bench.goal is None:
            return "(reference)"
        return "meets the goal" if self.ratio <= self.bench.goal else "MISSES THE GOAL"


def measure(bench: Bench, pairs: int, warmup: int = 1) -> Result:
    for _ in range(warmup):
        run_once(bench.args, terminal=bench.terminal)
        run_once(FLOOR)
    ratios, cpu, floor_cpu, wall = [], [], [], []
    for _ in range(pairs):
        a = run_once(bench.args, terminal=bench.terminal)
        b = run_once(FLOOR)
        ratios.append(a.cpu / b.cpu)
        cpu.append(a.cpu)
        floor_cpu.append(b.cpu)
        wall.append(a.wall)
    return Result(bench, ratios, cpu, floor_cpu, wall)


def report(results: list[Result]) -> str:
    head = (
        f"{'command':28} {'cpu ms':>7} {'floor ms':>8} {'x floor':>8} "
        f"{'min-max':>11} {'goal':>5}  verdict"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        goal = f"{r.bench.goal:.2f}" if r.bench.goal is not None else "-"
        spread = f"{min(r.ratios):.2f}-{max(r.ratios):.2f}"
        lines.append(
            f"{r.bench.name:28} {statistics.median(r.cpu) * 1000:7.0f} "
            f"{statistics.median(r.floor_cpu) * 1000:8.0f} {r.ratio:8.2f} {spread:>11} "
            f"{goal:>5}  {r.verdict}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=21, help="pairs of runs per command")
    parser.add_argument(
        "--quick", action="store_true", help="5 pairs; print the figures and never fail"
    )
    parser.add_argument("--only", help="run only the commands whose name contains this")
    args = parser.parse_args()
    exe = shutil.which("businesscase", path=str(Path(sys.executable).parent))
    if exe is None:
        sys.exit("businesscase is not installed in this environment; run via `uv run`")
    compileall.compile_dir(ROOT / "src", quiet=1)
    pairs = 5 if args.quick else args.pairs
    chosen = [b for b in benches(exe) if args.only is None or args.only in b.name]
    results: list[Result] = []
    for bench in chosen:
        try:
            results.append(measure(bench, pairs))
        except (OSError, SystemExit) as exc:  # no pseudo-terminal here, or a command failed
            print(f"{bench.name}: not measured ({exc})")
            if not args.quick:
                return 1
    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    print(
        f"start-up, CPU time against the floor {' '.join(FLOOR[1:])!r}: median of {pairs} "
        f"paired ratios; {cores} cores, load {load:.1f}"
    )
    print(report(results))
    if args.quick:
        return 0
    return 0 if all(r.verdict != "MISSES THE GOAL" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
