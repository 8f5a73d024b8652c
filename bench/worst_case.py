"""The slowest files found within the size limits, through every command that reads a case.

    uv run --no-sync python bench/worst_case.py [--runs 1] [--only NAME] [--keep DIR]

Each file is generated (a shipped case grown to the limit of values a file may hold, or
mutated the way the fuzzer mutates it, many times over) and run through ``validate``,
``run`` in every format, ``diff`` against the shipped case it grew from, and ``explain``,
each as a whole process (start-up included, as a user meets it), the best of ``--runs``.
The bound is 1 s for every file within the size limits (``yamlio.MAX_BYTES``,
``yamlio.MAX_VALUES``).

Prints, never fails: timings on a shared machine are noisy, so beside each wall time is the
processor time of the process, which says how much of it was the command's own work; a
command over the bound is marked by its processor time. ``--keep DIR`` leaves the files
there, to profile one (``python -m cProfile -s tottime -m businesscase validate FILE``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from businesscase.yamlio import MAX_BYTES, MAX_VALUES, _count_values  # noqa: E402

BOUND = 1.0
EGEDAL = ROOT / "cases" / "egedal_1000_dage.yaml"
ISHOJ = ROOT / "cases" / "ishoj_hjemmebaseret.yaml"


def _grown(make: Callable[[int], str], start: int = 500) -> str:
    """The largest ``make(n)`` within the size limits (a binary search over ``n``)."""
    low, high = 1, start
    while _within(make(high)):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _within(make(middle)) else (low, middle)
    return make(low)


def _within(text: str) -> bool:
    return len(text.encode("utf-8")) <= MAX_BYTES and _count_values(text) <= MAX_VALUES


def _repeat_line(text: str, prefix: str, n: int, *, numbered: bool) -> str:
    """The first line starting with ``prefix`` ``n`` times over, its key numbered or not:
    what the fuzzer's ``repeat_line`` does, pushed to the limit."""
    lines = text.split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith(prefix))
    copies = [
        re.sub(r"^([ \t]*-?[ \t]*\w+)", rf"\g<1>{k}", lines[i]) if numbered else lines[i]
        for k in range(n)
    ]
    return "\n".join(lines[:i] + copies + lines[i + 1 :])


def misspelt_items() -> str:
    """Thousands of list items, each with a misspelt key and so without its name: every
    item is an error, and the rest of the case is still checked (all errors at once)."""
    text = EGEDAL.read_text("utf-8")
    return _grown(lambda n: _repeat_line(text, "  - name: 1,5", n, numbered=True))


def misspelt_lines() -> str:
    """Thousands of cost lines whose name is misspelt: each line is left out, the rest of
    the case is checked, and each of its findings is weighed against what was left out."""
    text = ISHOJ.read_text("utf-8")

    def make(n: int) -> str:
        extra = "".join(f"  - nme{i}: Udgift {i}\n    amount: 1000\n" for i in range(n))
        return text.replace("costs:\n", "costs:\n" + extra, 1)

    return _grown(make)


def duplicate_items() -> str:
    """The same list item's first line thousands of times: one name over and over."""
    text = EGEDAL.read_text("utf-8")
    return _grown(lambda n: _repeat_line(text, "  - name: 1,5", n, numbered=False))


def unknown_sections() -> str:
    """Thousands of unknown top-level keys, each with its "did you mean"."""
    text = EGEDAL.read_text("utf-8")
    return _grown(lambda n: _repeat_line(text, "stated:", n, numbered=True))


def unknown_keys() -> str:
    """Thousands of unknown keys in one mapping (``meta``)."""
    text = EGEDAL.read_text("utf-8")
    return _grown(lambda n: _repeat_line(text, "  organisation:", n, numbered=True))


def many_lines() -> str:
    """A valid case with as many cost lines as the limits allow, each a different amount
    in two periods: every command has to compute and show all of them."""
    text = ISHOJ.read_text("utf-8")

    def make(n: int) -> str:
        extra = "".join(
            f"  - name: Udgift {i}\n    amount: {{2021-2022: {1000 + i}, 2023-2027: {2000 + i}}}\n"
            for i in range(n)
        )
        return text.replace("costs:\n", "costs:\n" + extra, 1)

    return _grown(make)


def named_scenarios() -> str:
    """As many cost lines as the limits allow beside 20 named scenarios (BC510's limit):
    validating a case validates each named scenario as a case of its own, so the work would
    be the case's 21 times over; BC510 weighs the scenarios by the case's values and refuses
    the file before checking them."""
    scenarios = "\nscenarios:\n" + "".join(
        f"  s{i}: {{parameters: {{forloeb_pr_aar: {i + 1}}}}}\n" for i in range(20)
    )
    text = ISHOJ.read_text("utf-8")

    def make(n: int) -> str:
        extra = "".join(f"  - name: Udgift {i}\n    amount: {1000 + i}\n" for i in range(n))
        return text.replace("costs:\n", "costs:\n" + extra, 1) + scenarios

    return _grown(make)


def departments() -> str:
    """As many departments as a case may have (BC230), over the longest period (100 years),
    the lines spread over them: every department is a view of the case with rows of its own
    for every year, in every output."""
    from businesscase.checks import MAX_DEPARTMENTS

    text = ISHOJ.read_text("utf-8")
    text = text.replace("  first: 2021\n  last: 2027", "  first: 2021\n  last: 2120", 1)
    ids = [f"afd{i:02}" for i in range(MAX_DEPARTMENTS)]
    listed = "".join(f"  - {{id: {d}, name: Afdeling {d}}}\n" for d in ids)
    text = text.replace("costs:\n", f"departments:\n{listed}\ncosts:\n", 1)
    lines = "".join(
        f"  - {{name: Udgift {i}, amount: {1000 + i}, department: {ids[i % len(ids)]}}}\n"
        for i in range(200)
    )
    text = text.replace("costs:\n", "costs:\n" + lines, 1)
    # the shipped lines, to the first department
    return text.replace("\n  - name: ", f"\n  - department: {ids[0]}\n    name: ")


def scale() -> str:
    """The scale benchmark's case: 1.000 lines over 100 years (bench/scale.py)."""
    from scale import generate_case

    return generate_case(1000, 100)


FILES: dict[str, tuple[Callable[[], str], Path]] = {
    "misspelt_items": (misspelt_items, EGEDAL),
    "misspelt_lines": (misspelt_lines, ISHOJ),
    "duplicate_items": (duplicate_items, EGEDAL),
    "unknown_sections": (unknown_sections, EGEDAL),
    "unknown_keys": (unknown_keys, EGEDAL),
    "many_lines": (many_lines, ISHOJ),
    "departments": (departments, ISHOJ),
    "named_scenarios": (named_scenarios, ISHOJ),
    "scale": (scale, ISHOJ),
}


def commands(path: Path, shipped: Path, folder: Path) -> dict[str, list[str]]:
    run = ["run", str(path)]
    return {
        "validate": ["validate", str(path)],
        "run": run,
        "run json": [*run, "--format", "json"],
        "run csv": [*run, "--format", "csv"],
        "run markdown": [*run, "--format", "markdown"],
        "run html": [*run, "--format", "html"],
        "run xlsx": [*run, "--format", "xlsx", "-o", str(folder / "out.xlsx")],
        "run --detail --npv": [*run, "--detail", "--npv"],
        "diff": ["diff", str(shipped), str(path)],
        "diff json": ["diff", str(shipped), str(path), "--format", "json"],
        "explain net": ["explain", str(path), "net"],
    }


def process(args: list[str]) -> tuple[float, float, int]:
    """Wall and processor seconds of one run of the command line, and its exit code."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "businesscase", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", choices=sorted(FILES), action="append")
    parser.add_argument("--keep", type=Path, help="leave the generated files in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        worst = (0.0, "")
        for name in args.only or FILES:
            make, shipped = FILES[name]
            text = make()
            path = folder / f"{name}.yaml"
            path.write_text(text, encoding="utf-8")
            size = len(text.encode("utf-8"))
            print(f"{name}: {size / 1000:.0f} KB, {_count_values(text)} values")
            for label, argv in commands(path, shipped, folder).items():
                runs = [process(argv) for _ in range(args.runs)]
                wall = min(r[0] for r in runs)
                cpu = min(r[1] for r in runs)
                code = runs[0][2]
                mark = "  OVER" if cpu >= BOUND else ""
                print(f"  {label:20} {wall:6.2f} s wall {cpu:6.2f} s cpu  exit {code}{mark}")
                worst = max(worst, (cpu, f"{name}: {label}"))
        print(f"slowest: {worst[1]}, {worst[0]:.2f} s of processor time (bound {BOUND:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
