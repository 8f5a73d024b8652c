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
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..diagnostics import CaseFileError, Diagnostic, ExitCode

SUFFIXES = (".yaml", ".yml")


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def case_files(path: str) -> tuple[list[str], list[CaseFileError]]:
    """The case files a command-line path names, and the problems met finding them."""
    root = Path(path)
    if not root.exists():
        return [], [CaseFileError(path, "no such file or folder")]
    if not root.is_dir():
        if not root.is_file():  # a device or a pipe: reading it could block or never end
            return [], [CaseFileError(path, "is not a regular file")]
        return [path], []
    found: list[str] = []
    problems: list[CaseFileError] = []

    def unreadable(exc: OSError) -> None:
        problems.append(CaseFileError(exc.filename or path, exc.strerror or str(exc)))

    for folder, subfolders, files in os.walk(root, onerror=unreadable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found += [os.path.join(folder, f) for f in files if f.lower().endswith(SUFFIXES)]
    if not found and not problems:
        problems.append(CaseFileError(path, "no case files (*.yaml, *.yml) in this folder"))
    return sorted(found), problems


Result = tuple[list[Diagnostic], tuple[str, str] | None]
"""One file's diagnostics, or the (file, message) of an I/O problem."""

PARALLEL_FROM = 64
"""Fewer files than this are checked in one process: forking costs more than it saves."""


def check_one(file: str, scenario: str | None = None) -> Result:
    from ..loader import load_case

    try:
        return load_case(file, scenario=scenario).diagnostics, None
    except CaseFileError as exc:
        return [], (exc.file, exc.message)


def _check_chunk(args: tuple[list[str], str | None]) -> list[Result]:
    files, scenario = args
    return [check_one(f, scenario) for f in files]


def check_files(files: list[str], scenario: str | None, jobs: int = 0) -> Iterator[Result]:
    """Each file's result, in order; many files are spread over processes on Linux.

    The first file is checked here, so every module a check needs is imported once, before
    the worker processes are forked from this one.
    """
    workers = jobs or _cpus()
    if workers < 2 or len(files) < max(PARALLEL_FROM if not jobs else 2, 2) or not _can_fork():
        yield from (check_one(f, scenario) for f in files)
        return
    import multiprocessing

    yield check_one(files[0], scenario)
    rest = files[1:]
    size = -(-len(rest) // (workers * 4))
    chunks = [(rest[i : i + size], scenario) for i in range(0, len(rest), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for results in pool.imap(_check_chunk, chunks):
            yield from results


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _can_fork() -> bool:
    # Forking is safe and cheap on Linux; elsewhere the spawn start method would re-import
    # everything per process, which costs more than it saves for case files.
    return sys.platform.startswith("linux")


def _choose_format(fmt: Format | None) -> Format:
    if fmt is not None:
        return fmt
    on_github = os.environ.get("GITHUB_ACTIONS", "").lower() not in ("", "0", "false")
    return Format.github if on_github else Format.text


def validate(
    paths: Annotated[
        list[str], typer.Argument(help="Case files or folders (searched for *.yaml, *.yml).")
    ],
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only on errors.")
    ] = False,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="text (stderr), json or github (stdout). "
            "Default: github when GITHUB_ACTIONS is set, else text.",
            show_default=False,
        ),
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario",
            help="Check this named scenario of each case (see docs/scenarios.md); "
            "without it a case's named scenarios are checked for errors.",
            show_default=False,
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Processes to check files in; 0 (the default) uses every CPU for many files.",
        ),
    ] = 0,
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
    for diagnostics, problem in check_files(files, scenario, jobs):
        found += diagnostics
        if problem is not None:
            problems.append(CaseFileError(*problem))
    _report(form, found, problems, checked)
    if problems:
        raise typer.Exit(ExitCode.USAGE)
    if any(d.is_error or strict for d in found):
        raise typer.Exit(ExitCode.FINDINGS)


def _report(
    form: Format, found: list[Diagnostic], problems: list[CaseFileError], checked: int
) -> None:
    from ..render import diagnostics as render

    for exc in problems:
        sys.stderr.write(f"businesscase: {exc.file}: {exc.message}\n")
    if form is Format.json:
        sys.stdout.write(render.render_json(found))
    elif form is Format.github:
        for exc in problems:
            sys.stdout.write(render.annotation("error", exc.message, file=exc.file) + "\n")
        sys.stdout.write(render.render_github(found))
    elif found:
        sys.stderr.write(render.render_text(found))
        sys.stderr.write(_summary(found, checked))
    sys.stdout.flush()
    sys.stderr.flush()


def _summary(found: list[Diagnostic], checked: int) -> str:
    errors = sum(d.is_error for d in found)
    warnings = len(found) - errors
    files = len({d.file for d in found})
    parts = [
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((errors, "error"), (warnings, "warning"))
        if n
    ]
    return f"{' and '.join(parts)} in {files} of {checked} file{'s' if checked != 1 else ''}\n"
