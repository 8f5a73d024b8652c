"""The typer app, built from the commands' declarations (:mod:`businesscase.commands.params`).

It is built only when needed: for ``--help``, for a command line the fast path of
:func:`businesscase.cli.main` does not take (it then shows the error, in plain words), and
for the tests, which invoke it through typer's ``CliRunner``.

The help is written here rather than by typer's defaults, so that it reads like the rest of
the ecosystem: plain metavars (``CASE``, ``FILE``, ``YEAR``), the full description of each
command in the top-level help, an example per command and a pointer to the documentation.
Every text passes through :func:`~businesscase.commands.params.say`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from typing import IO, Annotated, Any, NoReturn

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from ..i18n import N_
from .params import DOCS, PROG, BadValue, Command, Param, help_language, say

ABOUT = "Business cases for municipal investment pools: validate, compute, compare."


def _write_lines(formatter: _click.HelpFormatter, title: str, lines: Sequence[str]) -> None:
    """A section of lines written as they are (an example must not be rewrapped)."""
    with formatter.section(title):
        for line in lines:
            formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


def _docs(formatter: _click.HelpFormatter) -> None:
    formatter.write_paragraph()
    formatter.write_text(say("Documentation: {docs} (every command and option).").format(docs=DOCS))


def _param_row(p: Param) -> tuple[str, str]:
    if p.is_argument:
        name = f"{p.shown_metavar}..." if p.many else p.shown_metavar
        if p.optional:
            return name, say(p.help)
        required = say("required")
        return name, f"{say(p.help)}  [{required}]"
    flags = ", ".join(sorted(p.flags, key=len))
    name = flags if p.is_flag else f"{flags} {p.shown_metavar}"
    text = say(p.help)
    if p.show_default:
        text += "  [" + say("default: {value}").format(value=p.default) + "]"
    return name, text


_USAGE_ERRORS = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
            N_("No such option: {name} (Possible options: {options})"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (r"Missing argument (?P<name>.+)\.", N_("Missing argument {name}.")),
        (r"Missing option (?P<name>.+)\.", N_("Missing option {name}.")),
        (r"Invalid value for (?P<name>.+?): (?P<why>.+)", N_("Invalid value for {name}: {why}")),
        (
            r"Got unexpected extra argument\(s\) \((?P<args>.+)\)",
            N_("Got unexpected extra argument(s) ({args})"),
        ),
        (
            r"Option (?P<name>'.+') requires an argument\.",
            N_("Option {name} requires an argument."),
        ),
        (
            r"Option (?P<name>'.+') does not take a value\.",
            N_("Option {name} does not take a value."),
        ),
        (
            r"No such command (?P<name>'.+')\. Did you mean (?P<options>.+)\?",
            N_("No such command {name}. Did you mean {options}?"),
        ),
        (r"No such command (?P<name>'.+')\.", N_("No such command {name}.")),
        (r"Missing command\.", N_("Missing command.")),
    )
)
"""typer's usage errors, which it says in English only, and their words in the catalogue."""


def _said(message: str) -> str:
    """A usage error of typer's in the user's language (the environment's: it belongs to no
    case); one it does not know is left as typer says it."""
    for pattern, words in _USAGE_ERRORS:
        m = pattern.fullmatch(message)
        if m is not None:
            return say(words).format(**m.groupdict())
    return message


class _Said(_click.exceptions.UsageError):
    """A usage error shown in the user's language, laid out as typer lays it out."""

    def __init__(self, exc: _click.exceptions.UsageError) -> None:
        super().__init__(_said(exc.format_message()), exc.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = say("Try '{command} {option}' for help.").format(
                command=self.ctx.command_path, option=self.ctx.help_option_names[0]
            )
            hint += "\n"
        color = self.ctx.color if self.ctx is not None else None
        if self.ctx is not None:
            _click.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=True, color=color)
        message = say("Error: {message}").format(message=self.format_message())
        _click.echo(message, file=file, err=True, color=color)


def _in_words(exc: _click.exceptions.UsageError) -> NoReturn:
    """Raise ``exc`` in the user's language (the help shown for no arguments as it is)."""
    if isinstance(exc, _click.exceptions.NoArgsIsHelpError | _Said):
        raise exc
    raise _Said(exc) from None


def _usage_line(ctx: _click.Context, formatter: _click.HelpFormatter, pieces: list[str]) -> None:
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=say("Usage:") + " ")


class _CommandHelp(TyperCommand):
    """A command whose usage and help come from its declaration."""

    spec: Command

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> _click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _click.exceptions.UsageError as exc:
            _in_words(exc)

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _usage_line(ctx, formatter, self.collect_usage_pieces(ctx))

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        return self.spec.usage().split(" ")[2:]

    def format_help_text(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(say(self.spec.summary))

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        arguments = [_param_row(p) for p in self.spec.params if p.is_argument]
        options = [_param_row(p) for p in self.spec.params if not p.is_argument]
        options.append(("--help", say("Show this message and exit.")))
        if arguments:
            with formatter.section(say("Arguments")):
                formatter.write_dl(arguments)
        with formatter.section(say("Options")):
            formatter.write_dl(options)

    def format_epilog(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _write_lines(formatter, say("Example"), [self.spec.example])
        _docs(formatter)


class _GroupHelp(TyperGroup):
    """The top-level help: every command with its whole description, and examples."""

    specs: tuple[Command, ...] = ()

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> _click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _click.exceptions.UsageError as exc:
            _in_words(exc)

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except _click.exceptions.UsageError as exc:
            _in_words(exc)

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        """The help and the usage errors in ``--lang``'s language when the line has it."""
        from ..i18n import speaking

        with speaking(help_language(args or ())):
            return super().main(args, *rest, **extra)

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _usage_line(ctx, formatter, self.collect_usage_pieces(ctx))

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        return [say("[OPTIONS]"), say("COMMAND [ARGS]...")]

    def format_help_text(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(say(ABOUT))

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        with formatter.section(say("Options")):
            formatter.write_dl(
                [
                    ("--version", say("Show the version.")),
                    ("--help", say("Show this message and exit.")),
                ]
            )
        with formatter.section(say("Commands")):
            formatter.write_dl([(c.name, say(c.summary)) for c in self.specs])

    def format_epilog(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _write_lines(formatter, say("Examples"), [c.example for c in self.specs])
        _docs(formatter)


def _converter(p: Param) -> Any:
    def convert(value: Any) -> Any:
        if value is None:
            return p.default
        if isinstance(value, list | tuple):
            return [p.convert(v) for v in value]
        try:
            return p.convert(value)
        except BadValue as exc:
            raise typer.BadParameter(str(exc)) from None

    return convert


def _parameter(p: Param) -> inspect.Parameter:
    keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD
    if p.is_argument:
        kind: Any = list[str] if p.many else str
        info: Any = typer.Argument(
            metavar=p.shown_metavar, help=say(p.help), show_default=False, callback=_converter(p)
        )
        if p.optional:
            return inspect.Parameter(
                p.name, keyword, default=None, annotation=Annotated[kind | None, info]
            )
        return inspect.Parameter(p.name, keyword, annotation=Annotated[kind, info])
    if p.is_flag:
        info = typer.Option(*p.flags, help=say(p.help))
        return inspect.Parameter(p.name, keyword, default=False, annotation=Annotated[bool, info])
    info = typer.Option(
        *p.flags,
        metavar=p.shown_metavar,
        help=say(p.help),
        show_default=False,
        callback=_converter(p),
    )
    return inspect.Parameter(p.name, keyword, default=None, annotation=Annotated[str | None, info])


def _function(spec: Command) -> Any:
    """A function typer can read: the declared parameters as an annotated signature."""

    def invoke(**kwargs: Any) -> None:
        from ..i18n import command_language
        from ..streams import output_format

        # --lang: the messages too, not only the labels; --format json: stdout is JSON
        with command_language(kwargs.get("lang")), output_format(kwargs.get("fmt")):
            spec.function(**kwargs)

    invoke.__signature__ = inspect.Signature([_parameter(p) for p in spec.params])  # type: ignore[attr-defined]
    invoke.__name__ = spec.name
    invoke.__doc__ = say(spec.summary)
    return invoke


def _version(value: bool) -> None:
    if value:
        # read from the installed package's metadata only when asked: importing
        # importlib.metadata (email, zipfile, socket ...) would cost every --help
        from .. import __version__

        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit()


def build(specs: Sequence[Command]) -> typer.Typer:
    """The typer app with these commands, in this order."""
    group = type("Group", (_GroupHelp,), {"specs": tuple(specs)})
    app = typer.Typer(
        name=PROG,
        help=say(ABOUT),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        cls=group,
    )

    @app.callback()
    def _root(
        version: Annotated[
            bool,
            typer.Option(
                "--version", callback=_version, is_eager=True, help=say("Show the version.")
            ),
        ] = False,
    ) -> None:
        pass

    for spec in specs:
        cls = type(f"Command_{spec.name}", (_CommandHelp,), {"spec": spec})
        summary = say(spec.summary)
        app.command(spec.name, cls=cls, help=summary, short_help=summary)(_function(spec))
    return app
