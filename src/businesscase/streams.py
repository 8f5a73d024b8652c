"""Standard output and error that cannot crash the tool: closed, full, broken or not UTF-8.

:func:`run` wraps the command line. Whatever state the streams are in, a command ends with a
message and an exit code, never a traceback:

* a stream closed before the start (``>&-``, ``2>&-``) is a stream that accepts nothing: a
  command with nothing to say there (``validate`` of a valid case) still succeeds;
* a write that fails (``> /dev/full``, a closed pipe, a closed stream written to) is exit 2
  with ``businesscase: cannot write to standard output: <reason>`` on stderr (if stderr can
  still be written), and the interpreter is kept from failing once more at its exit;
* a stream whose encoding cannot show a character (``PYTHONIOENCODING=cp1252``, a terminal
  in Latin-1) gets a plain stand-in: ``≥`` becomes ``>=``, a table's lines become ``-``, ``|``
  and ``+``, anything else ``?``;
* no line can start a CI workflow command: GitHub Actions reads every output line whose first
  characters after blanks are ``::`` as one (``::error file=…::``, ``::add-mask::``), so a
  case titled ``::warning::x`` would make an annotation when ``run`` prints it. Such a line
  gets a backslash in front, ``\\::warning::x``; the annotations ``validate --format github``
  writes on purpose go through :func:`write_commands`. The older form, ``##[error]x`` (also
  ``##[warning]``, ``##[add-mask]``, ``##[group]`` ...), is a command wherever it stands in a
  line, and the runner finds it even with invisible characters between its signs (it
  compares as a culture does, which skips them); each gets a backslash before its bracket,
  ``##\\[error]x``, in every line but the annotations (the runner reads a line that is a
  command of the newer form as that, and never looks for the older in it; their file names
  stay as they are, so that the annotation finds its file). In a JSON document on stdout
  (a command run with ``--format json``, see :func:`output_format`) the bracket is written
  as ``\\u005b`` instead, so the document stays valid and reads back as written.

Standard library only (and the message catalogue, which every command reads): this runs
before every command.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any, NoReturn, TextIO

from .i18n import N_

_NAMES = {"stdout": "standard output", "stderr": "standard error"}

_STAND_INS = {
    "≥": ">=",
    "≤": "<=",
    "−": "-",
    "–": "-",
    "—": "-",
    "…": "...",
    "→": "->",
    "←": "<-",
    "×": "x",
    "·": ".",
    "≈": "~",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "\u00a0": " ",
    "\u202f": " ",
}


def _stand_in(char: str) -> str:
    if char in _STAND_INS:
        return _STAND_INS[char]
    code = ord(char)
    if 0x2500 <= code <= 0x257F:  # box drawing
        name = f"{code:04X}"
        horizontal = {"2500", "2501", "2504", "2505", "2508", "2509", "254C", "254D", "2550"}
        vertical = {"2502", "2503", "2506", "2507", "250A", "250B", "254E", "254F", "2551"}
        return "-" if name in horizontal else "|" if name in vertical else "+"
    return "?"


def _replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start : exc.end]
    return "".join(_stand_in(c) for c in text), exc.end


codecs.register_error("businesscase-stand-in", _replace)


_CLOSED = N_("the stream is closed")


def _reason(exc: OSError) -> str:
    """Why a write failed, an English msgid (see :func:`businesscase.i18n.os_reason`)."""
    from .i18n import os_reason

    return os_reason(exc)


class StreamError(Exception):
    """A write to standard output or error failed; ``reason`` says why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"cannot write to {name}: {reason}")
        self.name = name
        self.reason = reason


class _Guarded:
    """A standard stream whose failures are :class:`StreamError`, not an ``OSError`` from
    deep inside a renderer (which would be a traceback, or exit 1 without a word)."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name
        self._line_start = True

    def write(self, text: str, *, commands: bool = False) -> int:
        if not commands and "::" in text:
            text = _defused(text, self._line_start)
        if not commands and "#" in text and "[" in text:
            json = _JSON[0] and self._name == _NAMES["stdout"]
            text = _legacy_defused(text, json=json)
        if text:
            self._line_start = text.endswith(("\n", "\r"))
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise StreamError(self._name, _reason(exc)) from None
        except ValueError:  # written after it was closed
            raise StreamError(self._name, _CLOSED) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise StreamError(self._name, _reason(exc)) from None
        except ValueError:
            pass

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._stream, attr)


def _defused(text: str, line_start: bool) -> str:
    """``text`` with a backslash before each line's leading ``::`` (after blanks)."""
    out: list[str] = []
    for piece in text.splitlines(keepends=True):
        if line_start:
            rest = piece.lstrip(" \t")
            if rest.startswith("::"):
                piece = piece[: len(piece) - len(rest)] + "\\" + rest
        out.append(piece)
        line_start = piece.endswith(("\n", "\r"))
    return "".join(out)


_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
"""Characters a culture-aware comparison skips (Unicode's default ignorables)."""


@cache
def _legacy() -> re.Pattern[str]:
    """The older workflow command's opening, ``##[``, with whatever invisible characters
    between; compiled when a text first holds both ``#`` and ``[`` (most output never does,
    and compiling its character classes was most of the time this module took to import)."""
    return re.compile(f"#[{_INVISIBLE}]*#[{_INVISIBLE}]*\\[")


_JSON = [False]
"""Whether standard output carries a JSON document (:func:`output_format`)."""


def _legacy_defused(text: str, *, json: bool = False) -> str:
    """``text`` with no ``##[`` left: a backslash before the bracket, or in a JSON document
    the bracket written as the escape ``\\u005b`` (a string's content unchanged)."""
    bracket = "\\u005b" if json else "\\["
    return _legacy().sub(lambda m: m.group()[:-1] + bracket, text)


class output_format:  # used as a function: ``with output_format(fmt):``
    """Within this block, standard output carries the output format ``fmt`` (a command's
    ``--format``): for ``json``, the older workflow commands are defused JSON's way."""

    def __init__(self, fmt: object) -> None:
        self._json = fmt == "json"

    def __enter__(self) -> None:
        self._saved = _JSON[0]
        _JSON[0] = self._json

    def __exit__(self, *exc: object) -> None:
        _JSON[0] = self._saved


def write_commands(text: str) -> None:
    """Write CI workflow commands to standard output, as they are (``validate --format
    github``): the one writer that may start a line with ``::``."""
    stream = sys.stdout
    if isinstance(stream, _Guarded):
        stream.write(text, commands=True)
    else:
        stream.write(text)


class _Closed:
    """Stands for a stream that was closed before the program started."""

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def __init__(self, name: str) -> None:
        self._name = name

    def write(self, text: str) -> int:
        if text:
            raise StreamError(self._name, _CLOSED)
        return 0

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, _CLOSED)


def install() -> None:
    """Guard ``sys.stdout`` and ``sys.stderr`` (see the module docstring)."""
    for attr, name in _NAMES.items():
        stream = getattr(sys, attr)
        if stream is None:
            setattr(sys, attr, _Closed(name))
            continue
        if isinstance(stream, _Guarded | _Closed):
            continue
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            utf8 = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            utf8 = False
        if not utf8 and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="businesscase-stand-in")
        setattr(sys, attr, _Guarded(stream, name))


def _silence(attr: str) -> None:
    """Point a broken stream at /dev/null, so that the interpreter's last flush is quiet."""
    stream = getattr(sys, attr)
    inner = getattr(stream, "_stream", stream)
    try:
        fd = inner.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass
    setattr(sys, attr, _Closed(_NAMES[attr]))


def _fail(exc: StreamError) -> int:
    """Report a failed write on stderr (when it still works); the exit code is 2."""
    from .i18n import usage_

    stdout = exc.name == _NAMES["stdout"]
    _silence("stdout" if stdout else "stderr")
    name = usage_("standard output") if stdout else usage_("standard error")
    said = usage_("cannot write to {name}: {reason}").format(name=name, reason=usage_(exc.reason))
    try:
        sys.stderr.write(f"businesscase: {said}\n")
        sys.stderr.flush()
    except StreamError:
        _silence("stderr")
    return 2


def run(main: Callable[[], object]) -> NoReturn:
    """Run the command line with guarded streams; exit with its code, or 2 if a write failed."""
    install()
    code: int = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except StreamError as exc:
        code = _fail(exc)
    for attr in ("stdout", "stderr"):
        try:
            getattr(sys, attr).flush()  # buffered output reaches a file here, or fails here
        except StreamError as exc:
            code = max(code, _fail(exc))
    sys.exit(code)
