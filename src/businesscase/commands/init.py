"""``businesscase init [FILE]``: write a commented starter case in the user's language.

The starter (``businesscase/starter/da.yaml`` or ``en.yaml``) validates and runs as it is:
the period, one cost, one avoided measure with its legal reference, the investment pool and
its repayment, each explained in a comment, so that a new user has a working case to change
rather than a reference to read. An existing file is never overwritten (exit 2).
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

from ..diagnostics import ExitCode
from .common import LANGS, stderr
from .params import Command, Param

DEFAULT_FILE = "businesscase.yaml"


def starter(language: str, file: str) -> str:
    """The starter case in ``language``, its comments naming ``file``."""
    text = (files("businesscase") / "starter" / f"{language}.yaml").read_text(encoding="utf-8")
    return text.replace("{file}", file)


def init(file: str | None = None, lang: str | None = None) -> None:
    """Write a commented starter case that validates and runs."""
    from ..i18n import speaking, user_language

    language = lang or user_language()
    with speaking(language):
        _write_starter(file or DEFAULT_FILE, language)


def _write_starter(name: str, language: str) -> None:
    from ..i18n import _

    def _EXISTS() -> str:
        return _(
            "businesscase: {file} already exists; init does not overwrite a file "
            "(choose another name: uv run businesscase init NEW_NAME.yaml)\n"
        )

    target = Path(name)
    if target.exists() or target.is_symlink():
        stderr(_EXISTS().format(file=name))
        raise SystemExit(ExitCode.USAGE)
    try:
        from ..atomic import write_new

        write_new(name, starter(language, name).encode("utf-8"))
    except FileExistsError:
        stderr(_EXISTS().format(file=name))
        raise SystemExit(ExitCode.USAGE) from None
    except OSError as exc:
        from ..i18n import os_reason, usage_

        stderr(
            usage_("businesscase: {file}: cannot write: {why}\n").format(
                file=name, why=usage_(os_reason(exc))
            )
        )
        raise SystemExit(ExitCode.USAGE) from None
    sys.stdout.write(
        _(
            "Wrote {file}, a business case to start from.\n"
            "See it computed:  uv run businesscase run {file}\n"
            "Check it:         uv run businesscase validate {file}\n"
        ).format(file=name)
    )


COMMAND = Command(
    name="init",
    summary="Write a commented starter case in your language, to change into your own.",
    example="businesscase init mycase.yaml",
    function=init,
    params=(
        Param(
            "file",
            f"The case file to write (default: {DEFAULT_FILE}); never overwritten.",
            metavar="FILE",
            optional=True,
        ),
        Param(
            "lang",
            "Language of the comments and names: da or en (default: from LANG).",
            metavar="LANG",
            flags=("--lang",),
            choices=LANGS,
        ),
    ),
)
