"""How long each export of the Ishøj case takes: the workbook, the report to print and the
chart as PNG and SVG, beside a plain ``run`` for scale.

    uv run --no-sync python bench/exports.py [--runs 5]

Prints, never fails (timings on a shared machine are noisy; the processor time beside each
wall time says how much of it was this process's own work). Each export is a whole process
(start-up included, as a user meets it), the best of ``--runs``; then the same exports in one
process, the case loaded once, to show what the export itself costs beyond the start-up and
the imports (XlsxWriter for the workbook, matplotlib for the chart and the page).

The package is compiled to bytecode first, as an install compiles it.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = "cases/ishoj_hjemmebaseret.yaml"


def process(*args: str) -> tuple[float, float]:
    """Wall and processor seconds of one run of the command line."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "businesscase", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)}: exit {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime


def best(args: list[str], runs: int) -> tuple[float, float]:
    results = [process(*args) for _ in range(runs)]
    return min(r[0] for r in results), min(r[1] for r in results)


def in_process() -> dict[str, float]:
    """Seconds of each export's own work, in one process whose imports are done."""
    sys.path.insert(0, str(ROOT / "src"))
    from businesscase.commands.run import _render_html
    from businesscase.loader import load_case
    from businesscase.render import plot, xlsx
    from businesscase.render.chart import chart_data
    from businesscase.render.labels import labels
    from businesscase.view import build

    loaded = load_case(str(ROOT / CASE))
    assert loaded.case is not None
    words = labels(loaded.case.meta.language)
    view = build(loaded.case, words, loaded.diagnostics, evaluation=loaded.evaluation)
    data = chart_data(view.main, words, title=view.title, price_year=view.price_year)
    work = {
        "xlsx": lambda: (
            xlsx.export(
                loaded, view, words, language="da", prices=None, department=None, npv=False
            ).data
        ),
        "html": lambda: _render_html(view, words, detail=False).encode(),
        "png": lambda: plot.render(data, "png"),
        "svg": lambda: plot.render(data, "svg"),
    }
    out: dict[str, float] = {}
    for name, make in work.items():
        make()  # the first call pays for fonts and caches
        times = []
        for _ in range(5):
            start = time.perf_counter()
            make()
            times.append(time.perf_counter() - start)
        out[name] = min(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    compileall.compile_dir(ROOT / "src" / "businesscase", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        commands = {
            "run (text, for scale)": ["run", CASE],
            "xlsx": ["run", CASE, "-f", "xlsx", "-o", str(folder / "ishoj.xlsx")],
            "html": ["run", CASE, "-f", "html", "-o", str(folder / "ishoj.html")],
            "png": ["chart", CASE, "-o", str(folder / "ishoj.png")],
            "svg": ["chart", CASE, "-o", str(folder / "ishoj.svg")],
        }
        print(f"Exports of {CASE}, whole processes, best of {options.runs}:")
        for name, args in commands.items():
            wall, cpu = best(args, options.runs)
            size = ""
            if "-o" in args:
                size = f"  {Path(args[-1]).stat().st_size / 1024:7.1f} KiB"
            print(f"  {name:<22} {wall * 1000:7.0f} ms wall  {cpu * 1000:7.0f} ms cpu{size}")
        print("The export alone, in one process (imports done, case loaded once), best of 5:")
        for name, seconds in in_process().items():
            print(f"  {name:<22} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
