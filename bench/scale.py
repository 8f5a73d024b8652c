"""Scale benchmark: a generated case of 1.000 lines over 100 years.

Goal (issue 17): ``businesscase run --format json`` of the case in at most 1.0 s wall on this
machine, start-up included. The case is what a large municipality's multi-department case
could grow to: three departments, 1.000 lines (costs, avoided measures with counts and unit
costs, reallocations), yearly values written as ranges and as year-by-year mappings, a note
and an assumption on many lines, comments between the sections, and a pool that is drawn
and repaid. It is valid, so the whole pipeline runs: reading, validation, the checks, the
calculation and the output.

    uv run python bench/scale.py [--lines 1000] [--years 100] [--runs 3] [--keep FILE]

Each command is timed as a fresh process (best and median of ``--runs``); ``text`` is shown
for reference.
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

GOAL_SECONDS = 1.0
FIRST_YEAR = 2021
DEPARTMENTS = (("SOF", "Socialforvaltningen"), ("BUF", "Børne- og Ungdomsforvaltningen"))


def _yearly(i: int, years: int, base: int) -> str:
    """A yearly value in one of the three forms, varying with ``i``."""
    last = FIRST_YEAR + years - 1
    if i % 3 == 0:
        return str(base)
    if i % 3 == 1:
        middle = FIRST_YEAR + years // 2
        return f"{{{FIRST_YEAR}-{middle - 1}: {base}, {middle}-{last}: {base + 1000}}}"
    few = [FIRST_YEAR + (i * 7 + k * 13) % years for k in range(4)]
    return "{" + ", ".join(f"{y}: {base + 100 * k}" for k, y in enumerate(sorted(set(few)))) + "}"


def generate_case(lines: int = 1000, years: int = 100) -> str:
    """A valid case with ``lines`` lines over ``years`` years, as YAML text."""
    last = FIRST_YEAR + years - 1
    out = [
        "# A generated case for the scale benchmark: many lines over a long period.",
        "format: 1",
        "",
        "meta:",
        "  title: Stor tværgående investeringssag",
        "  organisation: Benchmark Kommune",
        "  price_level: 2021",
        "  language: da",
        "",
        "period:",
        f"  first: {FIRST_YEAR}",
        f"  last: {last}",
        "",
        "departments:",
    ]
    for dept_id, name in DEPARTMENTS:
        out += [f"  - id: {dept_id}", f"    name: {name}"]
    sections: dict[str, list[str]] = {"costs": [], "avoided": [], "reallocations": []}
    for i in range(lines):
        dept = DEPARTMENTS[i % len(DEPARTMENTS)][0]
        kind = ("costs", "avoided", "reallocations")[i % 3]
        item = [f"  - name: Linje {i + 1} ({kind})", f"    department: {dept}"]
        if i % 10 == 0:
            item.append(f"    # line {i + 1}: a comment, with commas, colons: and - dashes")
        if i % 4 == 0:
            item.append(
                f"    note: Beregnet ud fra {i % 9 + 1} årsværk, inkl. overhead, jf. budget {i}"
            )
        if i % 5 == 0:
            item.append(f"    assumption: Antaget uændret niveau for linje {i + 1}, hele perioden")
        if kind == "avoided":
            item.append(f"    group: Undgåede foranstaltninger {i % 7 + 1}")
            item.append(f"    count: {_yearly(i, years, 1 + i % 5)}")
            item.append(f"    unit_cost: {10000 + 250 * (i % 40)}")
        else:
            item.append(f"    group: {'Udgifter' if kind == 'costs' else 'Omlægninger'} {i % 5}")
            item.append(f"    amount: {_yearly(i, years, 1000 * (5 + i % 60))}")
        sections[kind] += item
    for name, items in sections.items():
        out += ["", f"{name}:", *items]
    repaid_over = max(1, min(20, years - 3))  # repaid within the period
    out += [
        "",
        "funding:",
        "  - kind: pool",
        "    name: Investeringspuljen",
        f"    amount: {100_000 * repaid_over}",
        f"    drawn: {{{FIRST_YEAR}: {50_000 * repaid_over}, "
        f"{FIRST_YEAR + 1}: {50_000 * repaid_over}}}",
        "    repayment:",
        f"      first_year: {FIRST_YEAR + 2}",
        "      amount: 100000",
        f"      years: {repaid_over}",
    ]
    return "\n".join(out) + "\n"


def _command() -> list[str]:
    exe = shutil.which("businesscase", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "businesscase"]


def time_command(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(args)} failed (exit {done.returncode}):\n{done.stderr[:2000]}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--years", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the case here and keep it")
    args = parser.parse_args()
    text = generate_case(args.lines, args.years)
    with tempfile.TemporaryDirectory() as tmp:
        case = args.keep or Path(tmp) / "scale.yaml"
        case.write_text(text, encoding="utf-8")
        print(
            f"case: {args.lines} lines x {args.years} years, {len(text.encode()) // 1000} kB; "
            f"wall seconds over {args.runs} runs"
        )
        ok = True
        for name, extra, goal in [
            ("run --format json", ["--format", "json"], GOAL_SECONDS),
            ("validate", None, None),
            ("run (text to a pipe)", [], None),
        ]:
            cmd = (
                [*_command(), "validate", str(case)]
                if extra is None
                else [
                    *_command(),
                    "run",
                    str(case),
                    *extra,
                ]
            )
            times = time_command(cmd, args.runs)
            best, median = min(times), statistics.median(times)
            verdict = "(reference)"
            if goal is not None:
                verdict = "meets the goal" if median <= goal else "MISSES THE GOAL"
                ok = ok and median <= goal
            goal_text = f"{goal:.1f}" if goal else "-"
            print(
                f"  {name:22} best {best:6.2f} s  median {median:6.2f} s  "
                f"goal {goal_text:>4}  {verdict}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
