"""The console script ends the process at once after a command, and only when that is safe:
every output written, the exit code kept, exit handlers and other threads respected."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ISHOJ, ROOT

_ENTRY = (
    "import os, sys\n"
    "quick = os._exit\n"
    "def noted(code):\n"
    "    os.write(2, b'[quick exit]')\n"
    "    quick(code)\n"
    "os._exit = noted\n"
    "{setup}\n"
    "from businesscase.cli import entry\n"
    "sys.argv[0] = 'businesscase'\n"
    "entry()\n"
)


def _entry(*args: str, setup: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", _ENTRY.format(setup=setup), *args],
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


def _main(*args: str) -> subprocess.CompletedProcess[bytes]:
    code = "import sys; from businesscase.cli import main; sys.argv[0] = 'businesscase'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, cwd=ROOT, check=False
    )


def test_same_output_and_exit_code_as_an_ordinary_exit() -> None:
    for args in (
        ["run", str(ISHOJ), "--format", "json"],  # a large output through a pipe
        ["validate", str(ISHOJ)],
        ["validate", str(ROOT / "tests" / "checks" / "BC105.yaml")],  # findings: exit 1
        ["run", str(ROOT / "no-such-case.yaml")],  # exit 2
        ["run", "--format", "nonsense", str(ISHOJ)],  # a mistake on the command line
        ["--help"],
    ):
        quick, usual = _entry(*args), _main(*args)
        assert quick.stderr.endswith(b"[quick exit]"), args
        assert quick.returncode == usual.returncode, args
        assert quick.stdout == usual.stdout, args
        assert quick.stderr.removesuffix(b"[quick exit]") == usual.stderr, args
    assert _main("validate", str(ROOT / "no-such-case.yaml")).returncode == 2


def test_an_exit_handler_still_runs() -> None:
    setup = "import atexit; atexit.register(lambda: os.write(1, b'handler ran'))"
    done = _entry("validate", str(ISHOJ), setup=setup)
    assert done.returncode == 0
    assert b"[quick exit]" not in done.stderr
    assert done.stdout.endswith(b"handler ran")


def test_another_thread_is_waited_for() -> None:
    setup = (  # a thread that writes only once the main thread is done
        "import threading\n"
        "main_thread = threading.main_thread()\n"
        "threading.Thread(target=lambda: (main_thread.join(), os.write(1, b'thread done'))).start()"
    )
    done = _entry("validate", str(ISHOJ), setup=setup)
    assert done.returncode == 0
    assert b"[quick exit]" not in done.stderr
    assert done.stdout.endswith(b"thread done")
