"""Each command's arguments and options, declared once, as plain data.

Both ways into a command read these declarations: the fast path of
:func:`businesscase.cli.main`, which parses an ordinary command line here without importing
typer, and the typer app (:mod:`businesscase.commands.typer_app`), which is built only for
``--help``, for a command line the fast path does not take, and for the tests. Values are
converted by the same functions on both ways, so a command sees the same values and a bad
value gets the same message in plain words.

Help texts are written in English and shown through :func:`say`, the one place where a
translation catalogue would look them up.
"""

# No ``from __future__ import annotations`` here: a named tuple's field types are read when
# its class is made, and each one written as a string is compiled then, on every command.

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

PROG = "businesscase"
DOCS = "docs/commands.md"


def say(text: str) -> str:
    """The help text ``text`` in the user's language: help belongs to no case, so
    ``--lang``'s when the command line has it (:func:`help_language`), else the
    environment's (LANG; see businesscase.i18n)."""
    from ..i18n import usage_

    return usage_(text)


def help_language(args: Sequence[str]) -> str | None:
    """The ``--lang`` written on a command line (``--lang da`` or ``--lang=da``), which the
    help and the usage errors then speak, as the command's messages would; None without it."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


class BadValue(ValueError):
    """A value the command line cannot take; the message says why in plain words."""


class Param(NamedTuple):
    """An argument (no ``flags``) or an option of a command.

    ``metavar`` names the value in help and errors (``CASE``, ``FILE``, ``YEAR``); an option
    without one is a flag (true when given). ``choices`` limits a value to a few words;
    ``whole`` makes it a whole number from ``minimum`` to ``maximum``. ``many`` lets an argument take
    one or more values.
    """

    name: str
    help: str
    metavar: str | None = None
    flags: tuple[str, ...] = ()
    default: Any = None
    choices: tuple[str, ...] = ()
    whole: bool = False
    minimum: int | None = None
    maximum: int | None = None
    many: bool = False
    show_default: bool = False
    optional: bool = False
    """An argument that may be left out (its value is then ``default``)."""

    @property
    def is_argument(self) -> bool:
        return not self.flags

    @property
    def is_flag(self) -> bool:
        return bool(self.flags) and self.metavar is None

    @property
    def shown_metavar(self) -> str:
        """The metavar in the user's language (``FILE``, in Danish ``FIL``)."""
        return say(str(self.metavar))

    @property
    def label(self) -> str:
        """How errors name it: ``'--format' / '-f'``, or ``'CASE'``."""
        if self.is_argument:
            return f"'{self.shown_metavar}'"
        return " / ".join(f"'{f}'" for f in sorted(self.flags, key=len, reverse=True))

    def convert(self, text: str) -> Any:
        """The value of ``text``; :class:`BadValue` in plain words when it cannot be one."""
        if self.choices:
            if text not in self.choices:
                raise BadValue(
                    say("'{text}' is not one of {choices}.").format(
                        text=text, choices=_either(self.choices)
                    )
                )
            return text
        if self.whole:
            if not _WHOLE.fullmatch(text):
                raise BadValue(say("'{text}' is not a whole number.").format(text=text))
            number = int(text)
            if self.minimum is not None and number < self.minimum:
                raise BadValue(
                    say("{number} is less than {minimum}.").format(
                        number=number, minimum=self.minimum
                    )
                )
            if self.maximum is not None and number > self.maximum:
                raise BadValue(
                    say("{number} is more than {maximum}.").format(
                        number=number, maximum=self.maximum
                    )
                )
            return number
        return text


_WHOLE = re.compile(r"[-+]?[0-9]{1,9}")


def _either(words: Sequence[str]) -> str:
    quoted = [f"'{w}'" for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return say("{some} or {last}").format(some=", ".join(quoted[:-1]), last=quoted[-1])


class Command(NamedTuple):
    """A command: its name, what it does, one example, its parameters and its function.

    ``summary`` is the first paragraph of its help and its line in the top-level help;
    ``example`` a command line that shows it at work. The function takes the parameters by
    name, already converted, and ends with ``SystemExit`` for an exit code other than 0.
    """

    name: str
    summary: str
    example: str
    function: Callable[..., None]
    params: tuple[Param, ...] = ()

    def usage(self) -> str:
        pieces = [f"{PROG} {self.name}", say("[OPTIONS]")]  # --help at least
        for p in self.params:
            if p.is_argument:
                name = f"{p.shown_metavar}..." if p.many else p.shown_metavar
                pieces.append(f"[{name}]" if p.optional else name)
        return " ".join(pieces)


def parse(command: Command, args: Sequence[str]) -> dict[str, Any] | None:
    """The keyword arguments for ``command`` from an ordinary command line, or ``None``.

    ``None`` means "not ordinary": ``--help``, an unknown or repeated option, a missing or
    bad value, too few or too many arguments, ``-`` or ``--``, short flags run together. The
    caller then hands the line to the typer app, which shows the help or the error. So this
    parser only has to be right about what it accepts, and what it accepts the typer app
    accepts alike.
    """
    options: dict[str, Param] = {f: p for p in command.params for f in p.flags}
    values: dict[str, Any] = {p.name: p.default for p in command.params}
    seen: set[str] = set()
    positional: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if not arg.startswith("-") or arg == "-":
            if arg == "-":
                return None
            positional.append(arg)
            continue
        if arg.startswith("--"):
            flag, equals, value = arg.partition("=")
            has_value = bool(equals)
        else:
            flag, value = arg[:2], arg[2:]
            has_value = bool(value)
        param = options.get(flag)
        if param is None or param.name in seen:
            return None
        seen.add(param.name)
        if param.is_flag:
            if has_value:
                return None
            values[param.name] = True
            continue
        if not has_value:
            if not rest:
                return None
            value = rest.pop(0)
        try:
            values[param.name] = param.convert(value)
        except BadValue:
            return None
    arguments = [p for p in command.params if p.is_argument]
    for p in arguments:
        if p.many:
            if not positional:
                return None
            values[p.name] = positional
            positional = []
        else:
            if not positional:
                if p.optional:
                    continue
                return None
            text = positional.pop(0)
            try:
                values[p.name] = p.convert(text)
            except BadValue:
                return None
    if positional:
        return None
    return values
