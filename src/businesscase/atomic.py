"""The one way the tool writes a file: completely or not at all, and never over an input.

For a regular file (or a name that does not exist yet) the text goes to a temporary file in
the target's folder, is flushed to disk, and only then replaces the target in one step
(``os.replace``). An existing file is never left half-written: if anything fails before the
replace (a full disk, SIGTERM, Ctrl-C, a hang-up), the target is untouched and the temporary
file removed. Beyond that:

* a symbolic link is followed: the file it points to is replaced, the link stays a link;
* the inputs of the command (the case and its bases) are never written over;
* a character device (``/dev/null``, a terminal) is written through, never replaced by a
  regular file; a pipe is written through when something reads it; a folder, a block
  device or a socket is refused;
* a new file gets the mode the umask gives (``0666 & ~umask``), an existing one keeps its
  mode;
* the temporary name is short (``.bc-XXXXXXXX.tmp``), so any name the file system allows can
  be written.

Every refusal is an :class:`OSError` whose ``strerror`` says why, so a caller reports it like
any other write error (exit 2).
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from .i18n import N_


class Refused(OSError):
    """A target the writer will not write to; ``strerror`` says why."""


def write_text(path: str | Path, text: str, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write ``text`` (UTF-8) to ``path``; raise :class:`OSError` on failure or refusal."""
    write_bytes(path, text.encode("utf-8"), inputs=inputs)


def write_bytes(path: str | Path, data: bytes, *, inputs: Iterable[str | Path] = ()) -> None:
    """Write ``data`` (a workbook …) to ``path`` as :func:`write_text` writes text."""
    target = os.path.realpath(os.fspath(path))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None:
        for source in inputs:
            try:
                if os.path.samestat(info, os.stat(source)):
                    raise Refused(
                        errno.EEXIST, N_("it is an input of this command; write elsewhere")
                    )
            except FileNotFoundError:
                continue
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, N_("is a folder"))
        if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
            _write_through(target, data, fifo=stat.S_ISFIFO(info.st_mode))
            return
        if not stat.S_ISREG(info.st_mode):
            raise Refused(errno.EINVAL, N_("not a regular file, a device or a pipe"))
    _replace(target, data, None if info is None else stat.S_IMODE(info.st_mode))


def _write_through(target: str, data: bytes, *, fifo: bool) -> None:
    """Write to a device or a pipe as it is (never create a file in its place)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags | (os.O_NONBLOCK if fifo else 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise Refused(errno.ENXIO, N_("is a pipe that nothing reads")) from None
        raise
    try:
        if fifo:
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


@contextmanager
def _temporary(target: str, data: bytes, mode: int | None) -> Iterator[str]:
    """``data`` written whole, synced and given ``mode`` (else the umask's) under a short
    temporary name beside ``target``; the name is removed when the block ends, however it
    ends (a stop signal included), unless the block has given the file its real name."""
    folder = os.path.dirname(target) or "."
    with _cleanup_on_signals() as tmp_holder:
        fd, tmp = tempfile.mkstemp(prefix=".bc-", suffix=".tmp", dir=folder)
        tmp_holder.append(tmp)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, mode if mode is not None else 0o666 & ~_umask())
            yield tmp
        finally:
            Path(tmp).unlink(missing_ok=True)


def _replace(target: str, data: bytes, mode: int | None) -> None:
    with _temporary(target, data, mode) as tmp:
        os.replace(tmp, target)


def write_new(target: str, data: bytes) -> None:
    """Write ``data`` to a new file ``target`` completely, or fail with ``FileExistsError``
    if the name is taken (``init``): never over an existing file, not even one another
    process makes between a check and the write. The same temporary file as :func:`write_bytes`
    (a short name; removed on a stop signal) gets the umask's mode, and then its name by a
    hard link, which the system refuses for a name that is taken."""
    with _temporary(target, data, None) as tmp:
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            with open(target, "xb") as new:
                new.write(data)


def _umask() -> int:
    """The process's umask (read by setting it, and at once setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Stopped(BaseException):
    """Raised by a signal handler while a temporary file exists, so that it is removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT")
    if hasattr(signal, name)
)


@contextmanager
def _cleanup_on_signals() -> Iterator[list[str]]:
    """While the block runs, a catchable stop signal removes the temporary file, then acts
    as it would have (the previous handler runs, or the process ends by that signal)."""
    holder: list[str] = []
    if threading.current_thread() is not threading.main_thread():
        yield holder  # handlers can only be set from the main thread
        return
    previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stopped(signum)

    for signum in _SIGNALS:
        if signal.getsignal(signum) != signal.SIG_IGN:  # an ignored signal stays ignored
            previous[signum] = signal.signal(signum, stop)
    try:
        yield holder
    except _Stopped as exc:
        for tmp in holder:
            Path(tmp).unlink(missing_ok=True)
        _restore(previous)
        handler = previous.get(exc.signum)
        if callable(handler):
            handler(exc.signum, None)
        else:
            signal.signal(exc.signum, signal.SIG_DFL)
            os.kill(os.getpid(), exc.signum)
        raise SystemExit(128 + exc.signum) from None
    finally:
        _restore(previous)


def _restore(previous: Mapping[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]
