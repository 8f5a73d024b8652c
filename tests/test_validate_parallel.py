"""Parallel validate: a dead worker, SIGTERM and ``--jobs`` (class 9 of issue 16).

The scenarios run in a child Python, so that a regression hangs that child (and fails on
the subprocess timeout), not the suite.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import ISHOJ

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")


def _files(tmp_path: Path, n: int) -> list[str]:
    text = ISHOJ.read_text(encoding="utf-8")
    out = []
    for k in range(n):
        path = tmp_path / f"case{k:02}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(str(path))
    return out


def _script(body: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(body)]


def test_a_killed_worker_is_reported_not_waited_for(tmp_path):
    files = _files(tmp_path, 12)
    victim = files[5]
    code = f"""
        import os, signal
        from businesscase.commands import validate as v
        real = v.check_one
        PARENT = os.getpid()
        def check_one(file, *args):
            if file == {victim!r} and os.getpid() != PARENT:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(file, *args)
        v.check_one = check_one
        results = list(v.check_files({files!r}, None, jobs=2))
        problems = [p for _, p in results if p is not None]
        print(len(results), len(problems), any(p[0] == {victim!r} for p in problems))
    """
    out = subprocess.run(_script(code), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    total, problems, victim_reported = out.stdout.split()
    assert total == "12" and int(problems) >= 1 and victim_reported == "True"


def test_sigterm_stops_the_busy_workers_too(tmp_path):
    files = _files(tmp_path, 6)
    pids = tmp_path / "pids"
    pids.mkdir()
    code = f"""
        import os, time
        from businesscase.commands import validate as v
        PARENT = os.getpid()
        def check_one(file, *args):
            if os.getpid() != PARENT:
                open(os.path.join({str(pids)!r}, str(os.getpid())), "w").close()
                time.sleep(300)
            return [], None
        v.check_one = check_one
        for _ in v.check_files({files!r}, None, jobs=2):
            pass
    """
    child = subprocess.Popen(_script(code), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = [int(p.name) for p in pids.iterdir()]
        assert len(workers) == 2
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        child.kill()
    deadline = time.monotonic() + 30
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if _alive(pid)]
        time.sleep(0.05)
    assert alive == []


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_jobs_has_an_upper_bound(cli):
    out = cli("validate", "--jobs", "100000", ISHOJ)
    assert out.exit_code == 2
    assert "--jobs" in out.stderr and "Traceback" not in out.stderr
