"""The command line: options in, exit code out. No arithmetic here.

Each command is a module of :mod:`businesscase.commands` that declares itself as
``COMMAND = Command(...)`` (its name, help, example, parameters and function; see
:mod:`businesscase.commands.params`). To add a command, write that module and add its
name to :data:`COMMANDS`.

Start-up dominates a command on a case of normal size, so :func:`main` takes an ordinary
command line (``businesscase run CASE --format json``) straight to the command, importing only
that command's module: typer and the pydantic type adapters it builds for every option cost
more than the rest of the start-up together. Everything else (``--help``, ``--version``, no
command, a mistake on the command line) goes to the typer app, built from the same
declarations (:mod:`businesscase.commands.typer_app`), which shows the help or the error.
``from businesscase.cli import app`` builds that app, for the tests.
"""

from __future__ import annotations

import errno
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from .commands.params import Command

COMMANDS = (
    "init",
    "run",
    "validate",
    "diff",
    "explain",
    "simulate",
    "sensitivity",
    "pool",
    "chart",
    "schema",
)
"""The commands, in the order the help lists them; each a module of businesscase.commands."""


def command(name: str) -> Command:
    spec: Command = importlib.import_module(f"businesscase.commands.{name}").COMMAND
    return spec


def build_app() -> typer.Typer:
    from .commands.typer_app import build

    return build([command(name) for name in COMMANDS])


def __getattr__(name: str) -> Any:
    if name == "app":
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plain_call(args: Sequence[str]) -> tuple[Callable[..., None], dict[str, Any]] | None:
    """The command and its arguments when ``args`` is an ordinary command line, else None."""
    from .commands.params import parse

    if not args or args[0] not in COMMANDS or "_BUSINESSCASE_COMPLETE" in os.environ:
        return None
    spec = command(args[0])
    values = parse(spec, args[1:])
    return None if values is None else (spec.function, values)


def main(argv: Sequence[str] | None = None) -> None:
    """The program, from the command line to the exit code. For the process, not a library:
    it leaves the cyclic garbage collector off.

    A command is short-lived and makes little cyclic garbage, and the collector costs a
    command about a fifth of its time: passes over the objects that importing pydantic and
    building the case model create (all of them live to the end), and at exit a pass over
    them all again. So it is off while the command runs, and what exists at the end is
    frozen (:func:`gc.freeze`), which the collection at exit then leaves alone; the
    interpreter still shuts down normally (buffers flushed, files closed, exit handlers run).
    """
    # The case model needs no pydantic plugins; looking them up scans every installed
    # package's entry points.
    if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") == "__all__":
        _no_plugin_loader()
    gc.disable()
    from .streams import run

    try:
        # a closed, full or non-UTF-8 stdout or stderr is exit 2 or a stand-in, not a crash
        run(lambda: _main(argv))
    finally:
        gc.freeze()


def entry() -> None:
    """The console script (and ``python -m businesscase``): :func:`main`, then the process
    ends at once when nothing is left to do at exit.

    By then every output is written: :func:`businesscase.streams.run` has flushed stdout and
    stderr (a write that fails there is exit 2), and the tool writes a file only whole and
    closed (:mod:`businesscase.atomic`). What an interpreter's own exit would still do is
    take down every module and object one by one, which costs a command as much as its
    whole calculation. So when no exit handler is registered and no other thread runs (a
    pool of workers, a temporary folder to remove, a library that registered one), the
    process ends with its exit code (``os._exit``); otherwise it exits as usual.
    """
    try:
        main()
    except SystemExit as exc:
        if isinstance(exc.code, int) and _nothing_at_exit():
            os._exit(exc.code)
        raise


def _nothing_at_exit() -> bool:
    """Whether an interpreter's exit would run no handler and wait for no thread, and the
    standard streams hold nothing unwritten."""
    import atexit

    if atexit._ncallbacks():
        return False
    threading = sys.modules.get("threading")
    if threading is not None and (threading.active_count() > 1 or threading._threading_atexits):
        return False
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return False
    return True


PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[()]:
    return ()


def _no_plugin_loader() -> None:
    """Stand in for pydantic's plugin loader, with the answer it gives when every plugin is
    disabled: none. Its module imports ``importlib.metadata`` (and with it email, zipfile,
    socket ...) before it reads the setting, which costs a command as much as its whole
    calculation. pydantic takes only ``get_plugins`` from it (a test checks)."""
    if PLUGIN_LOADER not in sys.modules:
        import types

        loader = types.ModuleType(PLUGIN_LOADER)
        loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
        sys.modules[PLUGIN_LOADER] = loader


def _main(argv: Sequence[str] | None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    call = plain_call(args)
    if call is None:
        from .commands.params import help_language
        from .i18n import speaking

        with speaking(help_language(args)):  # the help and the errors in --lang's language
            build_app()(args=args)
        return
    function, values = call
    _run(function, values)


class _QuietFlush:
    """A stream whose flush at shutdown bears a closed pipe (``businesscase run | head``)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)


def _run(function: Callable[..., None], values: dict[str, Any]) -> None:
    """Call a command as typer would: the same exit codes for an interrupt and a closed pipe."""
    from .i18n import command_language
    from .streams import output_format

    try:
        # --lang: the messages too, not only the labels; --format json: stdout is JSON
        with command_language(values.get("lang")), output_format(values.get("fmt")):
            function(**values)
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        raise SystemExit(1) from None
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _QuietFlush(sys.stdout)
        sys.stderr = _QuietFlush(sys.stderr)
        raise SystemExit(1) from None
