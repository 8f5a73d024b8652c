"""Diagnostics: the one shape every finding takes, from YAML syntax to reconciliation.

A diagnostic is located (file, line, column, and the path inside the case such as
``avoided[2].unit_cost``), carries a stable code (``BC103``), a severity, a message that
says what is wrong and an optional hint that says what to write instead.

Lines and columns are 1-based, as editors and ``file:line:col`` conventions expect.
Rendering to text, JSON or GitHub annotations lives in :mod:`businesscase.render.diagnostics`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Literal, NamedTuple

from .printable import printable

Severity = Literal["error", "warning"]


class ExitCode(IntEnum):
    """Named exit codes, as in sqlfluff: 0 all well, 1 findings, 2 usage or I/O."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


@dataclass(frozen=True, slots=True, eq=False)
class Diagnostic:
    """A finding located in a file: what is wrong, where, and a hint."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 1
    col: int = 1
    path: str = ""
    hint: str | None = None
    span: int = 1
    """How many characters of the source line the caret underlines."""
    source: str | None = None
    """The offending source line, shown under the message with a caret."""
    where: tuple[str | int, ...] = field(default=(), repr=False)
    """The path inside the case as a tuple (``path`` is its text): what the loader leaves
    out of a case with findings, so that the checks on the rest still run."""

    def __post_init__(self) -> None:
        # Every text of a diagnostic may quote the case or name a file: whatever renders it
        # (text, JSON, GitHub annotations, markdown) gets it without control characters.
        for name in ("message", "file", "path", "hint", "source"):
            value = getattr(self, name)
            if value is not None and not value.isprintable():
                object.__setattr__(self, name, printable(value))

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.col, self.code)


class Finding(NamedTuple):
    """A diagnostic before it is located: what checks and the engine report.

    ``path`` points into the case (``("funding", 0, "repayment", "amount")``); the loader turns
    it into a file position with :meth:`businesscase.yamlio.Document.locate`.
    """

    code: str
    severity: Severity
    message: str
    path: tuple[str | int, ...] = ()
    hint: str | None = None
    key: bool = False
    """Point at the key rather than its value (for a year written outside the period, say)."""
    subject: str | None = None
    """The name a finding is about (the unknown parameter of BC205), where that matters for
    whether it holds when a part of the case is left out."""


class CaseFileError(Exception):
    """Raised only for I/O and usage problems (exit 2): unreadable file, not a file."""

    def __init__(self, file: str, message: str) -> None:
        file, message = printable(file), printable(message)
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


def format_path(path: tuple[str | int, ...]) -> str:
    """Render a path inside the case: ``('avoided', 2, 'unit_cost')`` → ``avoided[2].unit_cost``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


MAX_SUGGEST_FROM = 200
"""Most names a "did you mean" looks through: comparing two names costs the product of their
lengths, and a file of thousands of names would otherwise take minutes to report."""
MAX_LISTED = 10
"""Most names a hint lists (``the base's line names are: ...``)."""


MAX_COMPARED = 1_000
"""Most names compared in all the "did you mean" searches for one file
(:func:`suggestions_per_file`), about 0.15 s at worst (names of 100 characters that differ
in a letter or two): a file with thousands of unknown names reports a hundred or two of
them, and a hint that names nothing is still a hint."""

_left: list[int | None] = [None]
"""The comparisons left for the file being loaded; ``None`` outside one (no limit)."""


@contextmanager
def suggestions_per_file() -> Iterator[None]:
    """Within this block, :func:`suggest` compares at most :data:`MAX_COMPARED` names in
    all; past that it finds nothing, and a finding gives the hint it gives without a match."""
    saved = _left[0]
    _left[0] = MAX_COMPARED
    try:
        yield
    finally:
        _left[0] = saved


def suggest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name closest to ``name`` (a misspelling), or ``None``; bounded in time:
    at most :data:`MAX_SUGGEST_FROM` names of a similar length are compared, and at most
    :data:`MAX_COMPARED` for one file. Every "did you mean" goes through here."""
    left = _left[0]
    most = MAX_SUGGEST_FROM if left is None else min(MAX_SUGGEST_FROM, left)
    if len(name) > 100 or most <= 0:
        return None
    slack = max(3, len(name) // 2)
    near: list[str] = []
    for candidate in known:
        if abs(len(candidate) - len(name)) <= slack and len(candidate) <= 100:
            near.append(candidate)
            if len(near) >= most:
                break
    if left is not None:
        _left[0] = left - len(near)
    import difflib  # only for a finding

    close = difflib.get_close_matches(name, near, n=1, cutoff=cutoff)
    return close[0] if close else None


def listing(names: Iterable[str]) -> str:
    """Names quoted and joined, at most :data:`MAX_LISTED` of them: ``'a', 'b' and 3 more``."""
    items = list(names)
    shown = ", ".join(f"'{n[:60]}'" for n in items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    if more <= 0:
        return shown
    from .i18n import _

    return _("{names} and {more} more").format(names=shown, more=more)
