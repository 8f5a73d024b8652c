"""One message catalogue (gettext, maintained with Babel): complete, compiled, and used for
messages, hints and --help in the user's language; check codes the same in every language."""

from __future__ import annotations

import importlib.util

import pytest

from businesscase.i18n import case_language, in_language

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
assert _spec is not None and _spec.loader is not None
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

NO_LANG = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


def test_the_catalogue_is_translated_and_compiled():
    """Every message in the catalogue has its Danish text, and the .mo is the compiled .po."""
    catalog = tool.current()
    empty = [m.id for m in catalog if m.id and not m.string]
    assert not empty, "translate these in the .po, then run `uv run python tools/i18n.py`"
    assert tool.MO.read_bytes() == tool.compiled(catalog), "run `uv run python tools/i18n.py`"


def test_messages_not_yet_in_the_catalogue_are_reported():
    """A message added to the code (a new command's help) is shown in English until it is
    extracted and translated; this lists such messages without failing, since several
    people add commands at once. `uv run python tools/i18n.py --check` fails on them."""
    import warnings

    missing = tool.untranslated(tool.current(), tool.extracted())
    if missing:
        warnings.warn(f"{len(missing)} messages not yet translated: {missing[:3]}", stacklevel=1)
    assert all(isinstance(m, str) for m in missing)


def test_placeholders_survive_translation():
    import re

    catalog = tool.current()
    for message in catalog:
        if message.id and message.string:
            names = set(re.findall(r"\{(\w*)\}", str(message.id)))
            assert names == set(re.findall(r"\{(\w*)\}", str(message.string))), message.id


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("meta:\n  title: x\n  language: en\n", "en"),
        ("meta:\n  language: 'da'  # dansk\n", "da"),
        ("meta:\n  title: x\n", None),
    ],
)
def test_the_case_language_is_read_before_parsing(text, language):
    assert case_language(text) == language


def _help(monkeypatch, lang: str) -> str:
    from typer.testing import CliRunner

    from businesscase.cli import build_app

    for name, value in {**NO_LANG, "LANG": lang}.items():
        monkeypatch.setenv(name, value)
    return CliRunner().invoke(build_app(), ["run", "--help"]).stdout


def test_help_in_the_users_language(monkeypatch):
    da = _help(monkeypatch, "da_DK.UTF-8")
    assert "Beregn en case og vis tabellen år for år" in da
    assert "Tilvalg:" in da and "Vis kun denne forvaltning" in da
    en = _help(monkeypatch, "en_GB.UTF-8")
    assert "Compute a case and show the year-by-year table" in en


def test_message_of_no_case_follows_lang(cli, tmp_path):
    missing = tmp_path / "nope.yaml"
    da = cli("run", missing, env={**NO_LANG, "LANG": "da_DK.UTF-8"})
    assert da.exit_code == 2 and "filen findes ikke" in da.stderr
    en = cli("run", missing, env={**NO_LANG, "LANG": "C.UTF-8"})
    assert en.exit_code == 2 and "no such file" in en.stderr


def test_english_is_the_msgid():
    assert in_language("en", "hint") == "hint"
    assert in_language("da", "hint") == "tip"


ENGLISH_IN_HELP = ("[OPTIONS]", "COMMAND", "[ARGS]", "[required]", "[default", "Options:")
ENGLISH_IN_HELP += ("Commands:", "Arguments:", "Usage:", "Show this message", " FILE", " YEAR")


def _in_process(args: list[str], env: dict[str, str], monkeypatch) -> str:
    """The help or the usage error as the program shows it, the app built as ``main`` builds
    it (in the language of the command line and the environment)."""
    import contextlib
    import io
    import sys

    from businesscase.cli import _main as main

    for name, value in {**NO_LANG, **env}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["businesscase"])

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit),
    ):
        main(args)
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["run", "--lang", "da", "--help"], {"LANG": "C.UTF-8"}),
        (["run", "--lang=da", "--nope", "x.yaml"], {"LANG": "C.UTF-8"}),
        (["run", "--help"], {"LANG": "da_DK.UTF-8"}),
        (["validate"], {"LANG": "da_DK.UTF-8"}),
        (["--help"], {"LANG": "da_DK.UTF-8"}),
        (["explain", "--lang", "da", "--help"], {"LANG": "en_GB.UTF-8"}),
    ],
)
def test_the_whole_usage_line_and_help_are_danish(args, env, monkeypatch):
    """Danish help and usage errors have no English piece: the usage line's [OPTIONS] and
    metavars, the sections, [required] and [default] are all in the catalogue; ``--lang da``
    on the command line is Danish whatever LANG says."""
    shown = _in_process(args, env, monkeypatch)
    assert shown.startswith("Brug: businesscase "), shown
    assert "[TILVALG]" in shown.splitlines()[0]
    for english in ENGLISH_IN_HELP:
        assert english not in shown, english
    english = _in_process(
        [a for a in args if "lang" not in a and a != "da"], {"LANG": "C.UTF-8"}, monkeypatch
    )
    assert english.startswith("Usage: businesscase ") and "[OPTIONS]" in english


def test_danish_help_names_values_in_danish(monkeypatch):
    shown = _in_process(["run", "--help"], {"LANG": "da_DK.UTF-8"}, monkeypatch)
    assert "--prices ÅR" in shown and "--output FIL" in shown and "[standard: text]" in shown
    assert "[påkrævet]" in shown
    shown = _in_process(["validate"], {"LANG": "da_DK.UTF-8"}, monkeypatch)
    assert "businesscase validate [TILVALG] STI..." in shown and "'STI' mangler" in shown
