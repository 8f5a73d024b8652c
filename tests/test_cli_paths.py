"""The two ways into a command agree: the fast path of ``cli.main`` and the typer app.

``main`` takes an ordinary command line straight to the command without importing typer;
anything else goes to the typer app. Both read the same declarations, so for any command
line the fast path either declines it or gives the command exactly the values typer gives.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from businesscase.cli import COMMANDS, command, plain_call
from businesscase.commands import params, typer_app

from .conftest import CASES, GOLDEN, ISHOJ, ROOT

OPTIMISTIC = ROOT / "scenarios" / "ishoj_optimistic.yaml"


def _recording_app() -> tuple[Any, list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def record(**values: Any) -> None:
        calls.append(values)

    specs = [command(n)._replace(function=record) for n in COMMANDS]
    return typer_app.build(specs), calls


_TOKENS = [
    "--base-root",
    "65",
    "x.yaml",
    "y.yaml",
    "-",
    "--",
    "--help",
    "--detail",
    "--detail=1",
    "--format",
    "-f",
    "-fjson",
    "--format=csv",
    "json",
    "xlsx",
    "--lang",
    "da",
    "--prices",
    "2023",
    "20x",
    "--prices=-5",
    "-o",
    "out.txt",
    "--jobs",
    "-j",
    "0",
    "-1",
    "-j2",
    "--strict",
    "--all",
    "--exit-code",
    "--scenario",
    "--bogus",
    "-dx",
    "-fd",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(COMMANDS),
    st.lists(st.sampled_from(_TOKENS), max_size=6),
)
def test_the_fast_path_accepts_only_what_typer_accepts_alike(name, args):
    app, calls = _recording_app()
    fast = params.parse(command(name), args)
    result = CliRunner().invoke(app, [name, *args])
    if fast is None:
        return  # declined: the typer app takes the line, whatever it makes of it
    assert result.exit_code == 0, (args, result.output)
    assert calls == [fast]


def test_an_unusual_line_is_left_to_typer():
    assert plain_call([]) is None
    assert plain_call(["--version"]) is None
    assert plain_call(["run", "--help"]) is None
    assert plain_call(["run", str(ISHOJ), "--format", "pdf"]) is None
    assert plain_call(["nosuch", str(ISHOJ)]) is None
    call = plain_call(["run", str(ISHOJ), "-fjson", "--prices=2023"])
    assert call is not None
    assert call[1]["fmt"] == "json" and call[1]["prices"] == 2023


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "businesscase", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_the_fast_path_writes_the_golden_outputs():
    for golden, args in [
        ("ishoj.txt", []),
        ("ishoj.json", ["--format", "json"]),
        ("ishoj_detail_en.txt", ["--detail", "--lang", "en"]),
    ]:
        done = _main("run", str(ISHOJ), *args)
        assert (done.returncode, done.stderr) == (0, "")
        assert done.stdout == (GOLDEN / golden).read_text(encoding="utf-8")


def test_both_paths_give_the_same_output_and_exit_code(cli):
    bad = CASES.parent / "tests" / "checks" / "BC101.yaml"
    for args in [
        ["diff", str(ISHOJ), str(OPTIMISTIC), "--exit-code"],
        ["validate", str(bad)],
        ["validate", "--format", "json", str(bad)],
        ["run", str(ISHOJ), "--department", "nosuch"],
        ["run", "no/such/file.yaml"],
    ]:
        fast = _main(*args)
        typer = cli(*args)
        assert (fast.returncode, fast.stdout, fast.stderr) == (
            typer.exit_code,
            typer.stdout,
            typer.stderr,
        ), args


def test_a_plain_command_imports_neither_typer_nor_the_typer_app():
    code = (
        "import sys\n"
        "from businesscase.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click')\n"
        "    or m == 'businesscase.commands.typer_app')\n"
        "assert not loaded, loaded\n"
    )
    for args in (["validate", str(ISHOJ)], ["run", str(ISHOJ), "--format", "json"]):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr


def test_usage_errors_are_in_plain_words(cli):
    out = cli("run", ISHOJ, "--format", "pdf")
    assert out.exit_code == 2
    assert "'pdf' is not one of 'text', 'json', 'csv', 'markdown', 'xlsx' or 'html'." in out.stderr
    out = cli("validate", "--jobs", "-1", ISHOJ)
    assert out.exit_code == 2 and "-1 is less than 0." in out.stderr
    out = cli("run", ISHOJ, "--prices", "soon")
    assert out.exit_code == 2 and "'soon' is not a whole number." in out.stderr
    for text in (out.stderr, cli("run", "--help").stdout, cli("validate", "--help").stdout):
        assert "<" not in text and "{" not in text and "Value error" not in text


def test_the_help_shows_plain_metavars_an_example_and_the_docs(cli):
    top = cli("--help").stdout
    for name in COMMANDS:
        spec = command(name)
        assert spec.summary in " ".join(top.split())  # whole, not cut short
        assert spec.example in top
        own = cli(name, "--help").stdout
        assert own.startswith(f"Usage: businesscase {spec.usage().split(' ', 1)[1]}\n")
        assert spec.example in own and params.DOCS in own
    run_help = cli("run", "--help").stdout
    for shown in ("CASE", "--prices YEAR", "--output FILE", "--format FORMAT"):
        assert shown in run_help
    assert "PATH..." in cli("validate", "--help").stdout
