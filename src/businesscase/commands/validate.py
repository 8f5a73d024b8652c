"""``businesscase validate PATH...``: the CI gate for case files.

Silent and exit 0 when every case is valid. Otherwise every finding of every file, then:

* exit 1 when a case has an error (or, with ``--strict``, a warning);
* exit 2 when a path cannot be read: it does not exist, it is not readable, it is neither a
  regular file nor a folder (a device, a pipe), or it is a folder with no case files in it (a
  gate that checks nothing is a misconfigured gate).

Folders are searched recursively for ``*.yaml`` and ``*.yml`` (hidden folders such as ``.git``
are skipped); files are checked in sorted order. A file named on the command line is checked
whatever its extension.

Formats: ``text`` (the default; to stderr, like every diagnostic), ``json`` (an array of
records on stdout, ``[]`` when all is well) and ``github`` (workflow annotations on stdout,
chosen automatically when ``GITHUB_ACTIONS`` is set (GitHub sets it to ``true``) and
``--format`` is not given).

This module imports no rich, numpy or export library: ``validate`` runs in pre-commit hooks
and CI for every push, so its start-up time counts.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import CaseFileError, Diagnostic, ExitCode
from ..i18n import N_, os_reason
from .common import BASE_ROOT
from .params import Command, Param

SUFFIXES = (".yaml", ".yml")


FORMATS = ("text", "json", "github")


def case_files(path: str) -> tuple[list[str], list[CaseFileError]]:
    """The case files a command-line path names, and the problems met finding them."""
    root = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return [], [CaseFileError(path, N_("no such file or folder"))]
    except ValueError:  # a NUL character in the path
        return [], [CaseFileError(path.replace("\0", "\\0"), N_("not a valid path"))]
    except OSError as exc:  # a folder it cannot enter, a name too long
        return [], [CaseFileError(path, os_reason(exc))]
    if not stat.S_ISDIR(info.st_mode):
        if not stat.S_ISREG(info.st_mode):  # a device or a pipe: reading it could block
            return [], [CaseFileError(path, N_("is not a regular file"))]
        return [path], []
    found: list[str] = []
    problems: list[CaseFileError] = []

    def unreadable(exc: OSError) -> None:
        problems.append(CaseFileError(exc.filename or path, os_reason(exc)))

    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found += [os.path.join(folder, f) for f in files if f.lower().endswith(SUFFIXES)]
    if not found and not problems:
        problems.append(CaseFileError(path, N_("no case files (*.yaml, *.yml) in this folder")))
    return sorted(found), problems


Result = tuple[list[Diagnostic], tuple[str, str] | None]
"""One file's diagnostics, or the (file, message) of an I/O problem."""

PARALLEL_FROM = 64
"""Fewer files than this are checked in one process: forking costs more than it saves."""


def check_one(file: str, scenario: str | None = None, base_root: str | None = None) -> Result:
    from ..loader import load_case

    try:
        return load_case(file, scenario=scenario, base_root=base_root).diagnostics, None
    except CaseFileError as exc:
        return [], (exc.file, exc.message)


MAX_JOBS = 64
"""Most worker processes ``--jobs`` may ask for; more only cost memory and start-up."""


def _check_chunk(args: tuple[list[str], str | None, str | None]) -> list[Result]:
    files, scenario, base_root = args
    return [check_one(f, scenario, base_root) for f in files]


def _worker_start() -> None:
    """In each worker: die with the parent, and leave Ctrl-C and SIGTERM to the parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: SIGTERM when the parent dies
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() == 1:  # the parent died before the line above took effect
        os._exit(1)


def check_files(
    files: list[str], scenario: str | None, jobs: int = 0, base_root: str | None = None
) -> Iterator[Result]:
    """Each file's result, in order; many files are spread over processes on Linux.

    The first file is checked here, so every module a check needs is imported once, before
    the worker processes are forked from this one. A worker that dies (killed, out of memory)
    turns its files into I/O problems instead of a wait that never ends; SIGTERM or Ctrl-C to
    this process stops every worker before it exits.

    What is alive after the first file (the modules, the model's validators, the catalogue)
    lives as long as the process: it is frozen out of the garbage collector's sight while
    the others are checked, so that a full collection does not walk it again and again (a
    fifth of the time per file), nor write to its pages in a forked worker.
    """
    if not files:
        return
    import gc

    yield check_one(files[0], scenario, base_root)
    gc.freeze()
    try:
        yield from _check_rest(files, scenario, jobs, base_root)
    finally:
        gc.unfreeze()


def _check_rest(
    files: list[str], scenario: str | None, jobs: int, base_root: str | None
) -> Iterator[Result]:
    """The results of ``files[1:]`` (:func:`check_files` checked the first)."""
    workers = min(jobs or _cpus(), MAX_JOBS)
    rest = files[1:]
    if workers < 2 or len(files) < max(PARALLEL_FROM if not jobs else 2, 2) or not _can_fork():
        yield from (check_one(f, scenario, base_root) for f in rest)
        return
    import multiprocessing
    import signal
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = -(-len(rest) // (workers * 4))
    chunks = [(rest[i : i + size], scenario, base_root) for i in range(0, len(rest), size)]
    workers = min(workers, len(chunks))

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start
    )
    try:
        futures = [pool.submit(_check_chunk, chunk) for chunk in chunks]
        for future, (chunk, _, _) in zip(futures, chunks, strict=True):
            try:
                results = future.result()
            except BrokenProcessPool:
                results = [
                    ([], (f, "not checked: the process checking it was stopped")) for f in chunk
                ]
            yield from results
    finally:
        for process in list(getattr(pool, "_processes", {}).values()):
            if process.is_alive():
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        signal.signal(signal.SIGTERM, previous)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking is safe and cheap on Linux; elsewhere the spawn start method would re-import
    # everything per process, which costs more than it saves for case files.
    return sys.platform.startswith("linux")


def _choose_format(fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    on_github = os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "0", "false")
    return "github" if on_github else "text"


def validate(
    paths: list[str],
    strict: bool = False,
    fmt: str | None = None,
    scenario: str | None = None,
    jobs: int = 0,
    base_root: str | None = None,
) -> None:
    """Check case files; silent and exit 0 when all are valid, located findings otherwise."""
    form = _choose_format(fmt)
    found: list[Diagnostic] = []
    problems: list[CaseFileError] = []
    files: list[str] = []
    for path in paths:
        named, unreadable = case_files(path)
        files += named
        problems += unreadable
    files = list(dict.fromkeys(files))  # a file named twice (or in two folders) once
    checked = len(files)
    for diagnostics, problem in check_files(files, scenario, jobs, base_root):
        found += diagnostics
        if problem is not None:
            problems.append(CaseFileError(*problem))
    _report(form, found, problems, checked)
    if problems:
        raise SystemExit(ExitCode.USAGE)
    if any(d.is_error or strict for d in found):
        raise SystemExit(ExitCode.FINDINGS)


def _report(
    form: str, found: list[Diagnostic], problems: list[CaseFileError], checked: int
) -> None:
    from ..i18n import usage_
    from ..render import diagnostics as render

    for exc in problems:
        sys.stderr.write(f"businesscase: {exc.file}: {usage_(exc.message)}\n")
    if form == "json":
        sys.stdout.write(render.render_json(found))
    elif form == "github":
        from ..streams import write_commands

        for exc in problems:
            message = usage_(exc.message)
            write_commands(render.annotation("error", message, file=exc.file) + "\n")
        write_commands(render.render_github(found))
    elif found:
        sys.stderr.write(render.render_text(found))
        sys.stderr.write(_summary(found, checked))
    sys.stdout.flush()
    sys.stderr.flush()


def _summary(found: list[Diagnostic], checked: int) -> str:
    errors = sum(d.is_error for d in found)
    warnings = len(found) - errors
    files = len({d.file for d in found})
    from ..i18n import _, ngettext

    parts = []
    if errors:
        parts.append(ngettext("{n} error", "{n} errors", errors).format(n=errors))
    if warnings:
        parts.append(ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
    found_in = ngettext(
        "in {files} of {checked} file", "in {files} of {checked} files", checked
    ).format(files=files, checked=checked)
    both = (
        _("{errors} and {warnings}").format(errors=parts[0], warnings=parts[1])
        if len(parts) == 2
        else parts[0]
    )
    return f"{both} {found_in}\n"


COMMAND = Command(
    name="validate",
    summary="Check case files; silent and exit 0 when all are valid, located findings otherwise.",
    example="businesscase validate cases/",
    function=validate,
    params=(
        Param(
            "paths",
            "Case files or folders (searched for *.yaml, *.yml).",
            metavar="PATH",
            many=True,
        ),
        Param(
            "strict",
            "Fail (exit 1) on warnings too, not only on errors.",
            flags=("--strict",),
            default=False,
        ),
        Param(
            "fmt",
            "text (stderr), json or github (stdout). "
            "Default: github when GITHUB_ACTIONS is set, else text.",
            metavar="FORMAT",
            flags=("--format", "-f"),
            choices=FORMATS,
        ),
        Param(
            "scenario",
            "Check this named scenario of each case (see docs/scenarios.md); "
            "without it a case's named scenarios are checked for errors.",
            metavar="NAME",
            flags=("--scenario",),
        ),
        Param(
            "jobs",
            "Processes to check files in; 0 (the default) uses every CPU for many files.",
            metavar="N",
            flags=("--jobs", "-j"),
            default=0,
            whole=True,
            minimum=0,
            maximum=MAX_JOBS,
        ),
        BASE_ROOT,
    ),
)
