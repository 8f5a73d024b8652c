"""One message catalogue: the words the tool says, in Danish or English.

Messages are written in English in the code, wrapped in :func:`_` (the gettext convention),
and translated through a gettext catalogue, ``businesscase/locale/da/LC_MESSAGES/
businesscase.po``, compiled to ``.mo`` (both kept in the package; ``tools/i18n.py`` extracts
the messages and compiles the catalogue with Babel, and a test checks both are current).
gettext is in the standard library, so reading the catalogue costs no dependency and about
a millisecond; Babel is needed only to maintain it.

The language of a message: the case's ``meta.language`` while a case is read and checked
(:func:`speaking`), ``--lang`` where a command has it, and otherwise the environment, as
gettext reads it: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first that is set;
Danish (``da``, ``da_DK.UTF-8``) gives ``da``, anything else English. Check codes are the
same in every language. What belongs to no case (a mistake on the command line, a file that
cannot be read or written) is said with :func:`usage_`: ``--lang``, else the environment's.
Each command starts afresh (:func:`command_language`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from gettext import NullTranslations, translation

LANGUAGES = ("da", "en")
DOMAIN = "businesscase"

_current: ContextVar[str | None] = ContextVar("businesscase_language", default=None)
_forced: ContextVar[str | None] = ContextVar("businesscase_forced_language", default=None)


def user_language(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            first = value.split(":")[0]
            return "da" if first.lower().startswith("da") else "en"
    return "en"


def language() -> str:
    """The language messages are given in now: ``--lang``, else the case's, else LANG's."""
    return _forced.get() or _current.get() or user_language()


def set_language(lang: str | None) -> None:
    """Speak the case's language ``lang`` from now on (None: the environment's)."""
    _current.set(lang if lang in LANGUAGES else None)


def force_language(lang: str | None) -> None:
    """``--lang``: speak ``lang`` whatever the case says."""
    _forced.set(lang if lang in LANGUAGES else None)


@cache
def _language_key() -> re.Pattern[str]:
    return re.compile(r"^[ \t]+language:[ \t]*[\"']?(da|en)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def case_language(text: str) -> str | None:
    """The ``meta.language`` of a case's text, read before the case is parsed, so that the
    reader's own messages speak it too; None when the case does not say (its messages then
    follow the environment, though its tables are Danish, the model's default)."""
    m = _language_key().search(text)
    return m.group(1) if m else None


def peek_case_language(path: str) -> str | None:
    """:func:`case_language` of the file at ``path`` (its first 64 KiB), None if unreadable."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except (OSError, ValueError):
        return None
    return case_language(head.decode("utf-8", "replace"))


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Speak ``lang`` (``--lang``, or a language chosen for a command) within the block."""
    token = _forced.set(lang if lang in LANGUAGES else _forced.get())
    try:
        yield
    finally:
        _forced.reset(token)


@contextmanager
def command_language(lang: str | None) -> Iterator[None]:
    """One command's messages: ``--lang`` (``lang``) when given; else, once the command has
    read its case, the case's language, and before that (or for no case) the environment's.
    A case read by an earlier command in the same process does not speak for this one."""
    forced = _forced.set(lang if lang in LANGUAGES else None)
    current = _current.set(None)
    try:
        yield
    finally:
        _current.reset(current)
        _forced.reset(forced)


@cache
def catalogue(lang: str) -> NullTranslations:
    if lang == "en":
        return NullTranslations()
    # the package is a folder (installed or editable), never a zip: importlib.resources
    # would import tempfile, shutil and the compression modules to find it
    localedir = os.path.join(os.path.dirname(__file__), "locale")
    return translation(DOMAIN, localedir=localedir, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` (English, the msgid) in the current language."""
    return catalogue(language()).gettext(message)


def usage_(message: str) -> str:
    """``message`` where it belongs to no case (a usage or an I/O error: a mistake on the
    command line, a file that cannot be read or written), in ``--lang``'s language, else the
    environment's, whatever the language of a case the command has read."""
    return catalogue(_forced.get() or user_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` (English msgids) for ``n``, in the current language."""
    return catalogue(language()).ngettext(singular, plural, n)


def in_language(lang: str, message: str) -> str:
    """``message`` in ``lang``, whatever the current language."""
    return catalogue(lang).gettext(message)


def in_language_n(lang: str, singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n`` in ``lang``, whatever the current language."""
    return catalogue(lang).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is made, to be translated where it is
    shown (``_(message)``)."""
    return message


_OS_REASONS = {
    "ENOENT": N_("No such file or directory"),
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "EEXIST": N_("File exists"),
    "ENOSPC": N_("No space left on device"),
    "EDQUOT": N_("Disk quota exceeded"),
    "EROFS": N_("Read-only file system"),
    "ENAMETOOLONG": N_("File name too long"),
    "ELOOP": N_("Too many levels of symbolic links"),
    "EMFILE": N_("Too many open files"),
    "ENFILE": N_("Too many open files in system"),
    "EIO": N_("Input/output error"),
    "EBUSY": N_("Device or resource busy"),
    "ETXTBSY": N_("Text file busy"),
    "EFBIG": N_("File too large"),
    "ENXIO": N_("No such device or address"),
    "ENODEV": N_("No such device"),
    "EPIPE": N_("Broken pipe"),
    "EBADF": N_("Bad file descriptor"),
    "EINVAL": N_("Invalid argument"),
    "EXDEV": N_("Invalid cross-device link"),
    "ESTALE": N_("Stale file handle"),
}
"""The reasons the operating system gives most often, by errno name: the system's own words
(English whatever the language, as the C library says them), and through the catalogue
Danish ones."""


def os_reason(exc: BaseException) -> str:
    """Why an operation on a file failed, as an English msgid for :func:`_` or
    :func:`usage_`: the reason the code gave (``OSError(errno.EINVAL, N_("..."))``), else the
    errno's words from the catalogue, else the system's text."""
    import errno as errnos

    code = getattr(exc, "errno", None)
    reason = getattr(exc, "strerror", None)
    system = os.strerror(code) if isinstance(code, int) else None
    if reason and reason != system:
        return str(reason)
    name = errnos.errorcode.get(code) if isinstance(code, int) else None
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    return str(reason or exc)
