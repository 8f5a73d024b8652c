"""Fuzz the case loader and the commands: mutated cases, scenarios, YAML-ish text, bytes.

    uv run python tools/fuzz.py --seconds 60 [--seed N] [--out build/fuzz] [--no-commands]
    uv run python tools/fuzz.py --replay build/fuzz/found/*.yaml

Every input is written to a file and loaded with ``load_case``; a share of the inputs are
scenario files whose ``base:`` names a case beside them, a file outside the folder, a device,
itself, or something that is not a case. Then (unless ``--no-commands``) the commands run on
it in-process: ``validate`` in a text, JSON or GitHub format, ``run`` in every output format
for a case that is valid, and ``diff`` against a shipped case.

A finding is an exception other than ``CaseFileError`` (a crash), a diagnostic placed outside
the file (or a reader or schema message of 300 characters or more), a case accepted as valid
that the engine cannot evaluate, a command whose exit code contradicts its output (exit 0
with an error printed, exit 1 without one, a valid case that ``run`` cannot show), a control
character in anything printed, or an input that takes over a second (of CPU time, so
that a shared, busy machine does not make a fast input look slow). Each is saved with its
reason under ``OUT/found/``; the run ends with how many inputs it ran, what it found and the
slowest input (saved as ``OUT/slowest.yaml``). A worker may use at most 2 GB of memory.

The generators are shared with ``tests/test_fuzz.py``, which runs a bounded share of them.
"""

from __future__ import annotations

import copy
import functools
import random
import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "cases").glob("*.yaml"))

TOKENS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Yes",
    "NO",
    "true",
    "false",
    "~",
    "null",
    "",
    "40.000",
    "1.000.000",
    "-5.000",
    "40,000",
    "40 000",
    "40000 kr",
    "1,5",
    "0.5",
    "1e3",
    "1e999",
    "-1e999",
    "1e-999",
    ".inf",
    "-.inf",
    ".nan",
    ".NaN",
    "010",
    "-007",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "99999999999999999999999999999999",
    "-1",
    "0",
    "-0",
    "+5",
    "2200",
    "2201",
    "1899",
    "1900",
    "0000",
    "2027-2021",
    "2021-2027",
    "2021 - 2022",
    "2021-",
    "-2021",
    "20.21",
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "'x'",
    '"x"',
    '"\\u0000"',
    "'",
    '"',
    "&a x",
    "*a",
    "&a",
    "!!str 5",
    "!!int x",
    "!!python/object:os.system",
    "!foo x",
    "<<",
    "<<: *a",
    "? x",
    "- x",
    "|",
    ">",
    "|-\n  x",
    "#",
    "%YAML 1.2",
    "---",
    "...",
    ":",
    "::",
    "##[error]x",
    "#\u00ad#[warning]y",
    "- - -",
    "{{",
    "[[",
    "]]",
    "@",
    "`",
    "%",
    "\\",
    "\t",
    "\u00a0",
    "\ufeff",
    "\u2028",
    "\x85",
    "ø",
    "æøå",
    "𝕏",
    "2023-01-01",
    "12:30:00",
    "=",
    "familier * andel",
    "familier *",
    "1 / 0",
    "x" * 300,
    "until_repaid",
    "pool",
    "grant",
    "permanent",
    "one_off",
    "DKK",
    "EUR",
    "da",
    "en",
    # printed names: escape sequences, invisible and look-alike characters, CI commands
    '"x\\e[2Jy"',
    '"x\\e]0;title\\ay"',
    '"x\\x9b31my"',
    '"x\\u202ey"',
    '"x\\ny"',
    '"x\\ty"',
    "Pæd\u00adagog",
    "Pæda\u200bgog",
    "Familiera\u030ad",
    "'::error file=x.yaml::forged'",
    "'a | b <script>'",
    "'=HYPERLINK(\"x\")'",
    # signs, shares, one-offs, discounting: values that validate but mean something else
    "-390000",
    "-0.5",
    "50",
    "1.01",
    "2090",
    "x * 1000000000000000000000000000000",
    "x / 0.00000000000000000000001",
]

BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xe2\x80",
    b"\xef\xbb\xbf",
    b"\r",
    b"\r\n",
    b"\x1b",
    b"\x7f",
    b"\x0c",
    b"\x0b",
    b"\xc2\x85",
    b"\xed\xa0\x80",
]

YAMLISH = [
    *"abc xyz019 -:,[]{}#&*!|>'\"%@`?.\n\n\n    \t~",
    "format: 1\n",
    "meta:\n",
    "  title: x\n",
    "period:\n",
    "  first: 2021\n",
    "  last: 2027\n",
    "- ",
    ": ",
    "\n  ",
    "\n    ",
    "yes",
    "40.000",
    ".inf",
    "010",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "---\n",
    "2021-2027: ",
    "ø",
    "\ufeff",
    "\r\n",
    "\x00",
    "\u2028",
]

_SCALAR = re.compile(r"(?<=: )[^\n#]+|(?<=- )[^\n#:]+")


def case_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in CASES]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def replace_scalar(rng: random.Random, text: str) -> str:
    spans = [m.span() for m in _SCALAR.finditer(text)]
    if not spans:
        return text
    a, b = rng.choice(spans)
    return text[:a] + rng.choice(TOKENS) + text[b:]


def misspell_key(rng: random.Random, text: str) -> str:
    keys = [m.span(1) for m in re.finditer(r"^[ \t]*-?[ \t]*([A-Za-z_]+):", text, re.M)]
    if not keys:
        return text
    a, b = rng.choice(keys)
    key = list(text[a:b])
    i = rng.randrange(len(key))
    op = rng.randrange(3)
    if op == 0:
        del key[i]
    elif op == 1:
        key.insert(i, rng.choice("abcdeisx_"))
    else:
        key[i] = key[i].upper()
    return text[:a] + "".join(key) + text[b:]


def insert_token(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + rng.choice(TOKENS) + text[i:]


def insert_tab(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:j] + "\t" + lines[i][j:]
    return "\n".join(lines)


def reindent(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    delta = rng.choice([-4, -2, -1, 1, 2, 4])
    lines[i] = " " * delta + lines[i] if delta > 0 else lines[i][-delta:]
    return "\n".join(lines)


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def delete_chars(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + text[i + rng.randrange(1, 8) :]


def nest(rng: random.Random, text: str) -> str:
    n = rng.choice([10, 50, 200, 2000])
    inner = rng.choice(["[" * n + "]" * n, "{a: " * n + "1" + "}" * n, "- " * n + "x"])
    return text.replace("note:", "note: " + inner + "\n  x:", 1) if "note:" in text else inner


def repeat_line(rng: random.Random, text: str) -> str:
    """A line many times over, its key numbered or not: volume, duplicates, unknown keys."""
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice([10, 100, 1000, 3000])
    if len(text) + n * (len(lines[i]) + 1) > 1_200_000:
        return text  # twice repeated would be millions of lines: slow to make, not to check
    numbered = rng.random() < 0.5
    copies = [re.sub(r"^([ \t]*-?[ \t]*\w+)", rf"\g<1>{k}", lines[i]) if numbered else lines[i]
              for k in range(n)]  # fmt: skip
    return "\n".join(lines[:i] + copies + lines[i + 1 :])


TEXT_MUTATIONS: list[Callable[[random.Random, str], str]] = [
    delete_line,
    duplicate_line,
    swap_lines,
    replace_scalar,
    replace_scalar,
    replace_scalar,
    misspell_key,
    insert_token,
    insert_tab,
    reindent,
    truncate,
    delete_chars,
    nest,
    repeat_line,
]


def to_bytes(rng: random.Random, text: str) -> bytes:
    data = text.encode("utf-8")
    roll = rng.random()
    if roll < 0.04:
        data = data.replace(b"\n", b"\r\n")
    elif roll < 0.06:
        data = b"\xef\xbb\xbf" + data
    elif roll < 0.12:
        for _ in range(rng.randrange(1, 4)):
            i = rng.randrange(len(data) + 1)
            data = data[:i] + rng.choice(BYTES) + data[i:]
    elif roll < 0.14:
        i = rng.randrange(len(data) + 1)
        data = data[:i] + rng.randbytes(rng.randrange(1, 64)) + data[i:]
    elif roll < 0.15:
        data = data.decode("utf-8").encode("utf-16")
    return data


def mutate_case(rng: random.Random, base: str) -> bytes:
    text = base
    for _ in range(rng.choice([1, 1, 1, 2, 3, 5])):
        text = rng.choice(TEXT_MUTATIONS)(rng, text)
    return to_bytes(rng, text)


VALUES: list[object] = [
    None, "", "x", 0, -1, 1, 1.5, 0.5, -0.5, 2021, 2027, 1899, 2201, 10**11, -(10**11),
    [], {}, [1], {"a": 1}, True, False, "2021-2027", "2027-2021", "until_repaid", "pool",
    "grant", "one_off", "permanent", "net", "cumulative", "drawn", "repayment", "own_net",
    "familier * andel", "1 / 0", "a +", "DKK", "da", "en", {2021: 1}, {"2021-2022": 1.5},
    {2021: -5}, {3000: 1}, [{"name": "x"}], [{"kind": "pool", "amount": 1}],
]  # fmt: skip


def _nodes(tree: object, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += _nodes(v, (*path, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += _nodes(v, (*path, i))
    return out


def _get(tree: object, path: tuple) -> object:
    for part in path:
        tree = tree[part]  # type: ignore[index]
    return tree


@functools.cache
def _parsed(base: str) -> object:
    import yaml

    return yaml.load(base, Loader=yaml.CSafeLoader)


def mutate_tree(rng: random.Random, base: str) -> bytes:
    """Change the parsed case, not its text: a key deleted or renamed, a value replaced by
    one of another type or by another part of the case, then written out as YAML again."""
    import copy

    import yaml

    tree = copy.deepcopy(_parsed(base))
    for _ in range(rng.choice([1, 1, 2, 3])):
        paths = [p for p in _nodes(tree) if p]
        if not paths:
            break
        path = rng.choice(paths)
        parent, key = _get(tree, path[:-1]), path[-1]
        op = rng.randrange(5)
        if op == 0:
            del parent[key]  # type: ignore[attr-defined]
        elif op == 1 and isinstance(parent, dict):
            parent[rng.choice(["x", "name", "amount", "kind", 2021, "2021-2023"])] = parent.pop(key)
        elif op == 2:
            parent[key] = copy.deepcopy(_get(tree, rng.choice(paths)))  # type: ignore[index]
        else:
            # A copy: the tree is changed in place later, and VALUES must stay as written.
            parent[key] = copy.deepcopy(rng.choice(VALUES))  # type: ignore[index]
    text = yaml.dump(
        tree,
        Dumper=yaml.CSafeDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=rng.choice([False, None]),
    )
    return text.encode("utf-8")


def yamlish(rng: random.Random) -> bytes:
    text = "".join(rng.choice(YAMLISH) for _ in range(rng.randrange(0, 120)))
    return to_bytes(rng, text)


def junk(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randrange(0, 300))


BASE_FILES = ("base-0.yaml", "base-1.yaml", "base-2.yaml")
"""Shipped cases copied beside every input (see :func:`write_bases`), for scenarios to name."""

BASE_TARGETS = [
    *BASE_FILES,
    "base-0.yaml#pessimistisk",
    "base-1.yaml#x",
    "nowhere.yaml",
    "notes.txt",
    "list.yaml",
    "scenario-chain.yaml",
    "current.yaml",
    "/etc/passwd",
    "/dev/zero",
    "../../../../../../etc/passwd",
    "/proc/self/environ",
    ".",
    "",
    "[1, 2]",
    "12",
]


def write_bases(folder: Path, bases: list[str]) -> None:
    """The files a generated scenario may name, next to the input being checked."""
    for name, text in zip(BASE_FILES, bases, strict=False):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "notes.txt").write_text("secret: do-not-print\n", encoding="utf-8")
    (folder / "list.yaml").write_text("- do-not-print\n- 2\n", encoding="utf-8")
    (folder / "scenario-chain.yaml").write_text(
        "base: base-0.yaml\nmeta: {title: Kæde}\n", encoding="utf-8"
    )


def scenario(rng: random.Random, bases: list[str]) -> bytes:
    """A scenario file: a ``base:`` (good, missing, hostile or odd) and overrides taken from a
    mutated case, so that the merge, the resolution and the located errors are exercised."""
    import yaml

    target = rng.choice(BASE_TARGETS)
    tree = _parsed(rng.choice(bases))
    assert isinstance(tree, dict)
    overrides: dict[object, object] = {}
    for _ in range(rng.randrange(0, 4)):
        section = rng.choice(["meta", "period", "parameters", "lines", "funding", "add", "x"])
        if section == "lines":
            lines = [x for k in ("costs", "avoided", "reallocations") for x in tree.get(k, [])]
            if lines:
                line = rng.choice(lines)
                name = line.get("name", "x") if rng.random() < 0.8 else "Ukendt linje"
                field = rng.choice(["amount", "count", "phase_in", "kind", "name", "x"])
                overrides["lines"] = {name: {field: copy.deepcopy(rng.choice(VALUES))}}
        elif section == "parameters" and tree.get("parameters"):
            name = rng.choice(list(tree["parameters"]))
            overrides["parameters"] = {name: copy.deepcopy(rng.choice(VALUES))}
        elif section == "add":
            overrides["add"] = {
                "costs": [{"name": rng.choice(TOKENS), "amount": rng.choice(VALUES)}]
            }
        else:
            overrides[section] = copy.deepcopy(rng.choice(VALUES))
    text = f"base: {target}\n" + (
        yaml.safe_dump(overrides, allow_unicode=True) if overrides else ""
    )
    if rng.random() < 0.3:
        text = rng.choice(TEXT_MUTATIONS)(rng, text)
    return to_bytes(rng, text) if rng.random() < 0.2 else text.encode("utf-8")


def generate(rng: random.Random, bases: list[str]) -> bytes:
    roll = rng.random()
    if roll < 0.45:
        return mutate_case(rng, rng.choice(bases))
    if roll < 0.65:
        return mutate_tree(rng, rng.choice(bases))
    if roll < 0.8:
        return scenario(rng, bases)
    if roll < 0.97:
        return yamlish(rng)
    return junk(rng)


# --- the checks every input must pass -------------------------------------------------------


def source_lines(data: bytes) -> list[str]:
    """The file's lines as YAML counts them, or the raw lines if it is not UTF-8."""
    text = data.decode("utf-8-sig", errors="replace")
    lines = re.split(r"\r\n|\r|\n|\x85|\u2028|\u2029", text)
    return lines[:-1] if len(lines) > 1 and lines[-1] == "" else lines


READER = {f"BC10{i}" for i in range(1, 9)} | {f"BC20{i}" for i in range(1, 5)}
"""The codes of the reader and the schema, whose messages quote what the file says."""


def check(path: str, data: bytes, *, commands: bool = False) -> list[str]:
    """Load ``path`` (holding ``data``); return what is wrong (empty when all is well).

    Raises whatever ``load_case`` raises besides ``CaseFileError``: that is a crash.
    """
    import time

    from businesscase.diagnostics import CaseFileError
    from businesscase.loader import load_case
    from businesscase.results import compute

    start = time.process_time()
    try:
        loaded = load_case(path)
    except CaseFileError:
        return []
    _step("load", time.process_time() - start)
    problems = []
    lines = source_lines(data)
    others: dict[str, list[str]] = {}
    for d in loaded.diagnostics:
        if d.file != path:  # a scenario's base: check the position against that file
            if d.file not in others:
                try:
                    others[d.file] = source_lines(Path(d.file).read_bytes()[:2_000_000])
                except OSError:
                    others[d.file] = []
            if not others[d.file]:
                continue
        if not re.fullmatch(r"BC[0-9]{3}", d.code) or (d.code in READER and len(d.message) >= 300):
            problems.append(f"{d.code} odd code or overlong message: {d.message[:100]}")
        shown = others.get(d.file, lines)
        if not 1 <= d.line <= max(1, len(shown)):
            problems.append(f"{d.code} line {d.line} outside 1..{len(shown)}")
        elif not 1 <= d.col <= len(shown[d.line - 1]) + 1:
            problems.append(f"{d.code} {d.line}:{d.col} outside the line")
    if loaded.ok:
        assert loaded.case is not None
        compute(loaded.case)
    elif not any(d.is_error for d in loaded.diagnostics):
        problems.append("not ok, yet no error diagnostic")
    if commands:
        rng = random.Random(data)
        if rng.random() < COMMANDS_SHARE:
            problems += check_commands(path, loaded, rng)
    return problems


UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that must never be printed: controls (but tab and line feed) and bidi marks."""


LEGACY_COMMAND = re.compile(
    "#[\u00ad\u200b-\u200f\u2060-\u206f\ufeff]*#[\u00ad\u200b-\u200f\u2060-\u206f\ufeff]*\\["
)
"""The older GitHub workflow command (``##[error]x``), read anywhere in a line."""


COMMANDS_SHARE = 1.0
"""The share of inputs the commands run on (``--commands-share``); the loader runs on all."""

STEPS: list[tuple[float, str]] = []
"""How long each step (the load, each command) of the current input took, in seconds."""


def _step(name: str, seconds: float) -> None:
    STEPS.append((seconds, name))


def _call(function: Callable[..., None], **kwargs: object) -> tuple[int, str, str]:
    """Run a command function in-process: (exit code, stdout, stderr). The streams are
    guarded as the command line guards them (what they defuse is defused here too)."""
    import io
    import sys

    from businesscase.streams import _Guarded, output_format

    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout = _Guarded(out, "standard output")  # type: ignore[assignment]
    sys.stderr = _Guarded(err, "standard error")  # type: ignore[assignment]
    try:
        with output_format(kwargs.get("fmt")):
            function(**kwargs)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdout, sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def check_commands(path: str, loaded: object, rng: random.Random) -> list[str]:
    """validate, run (every format) and diff on the input: exit codes that match the output,
    nothing unsafe printed."""
    import json
    import time

    from businesscase.commands.diff import diff
    from businesscase.commands.run import run
    from businesscase.commands.validate import validate

    problems: list[str] = []
    errors = any(d.is_error for d in loaded.diagnostics)  # type: ignore[attr-defined]
    calls: list[tuple[str, Callable[..., None], dict[str, object]]] = [
        ("validate", validate, {"paths": [path], "fmt": rng.choice(["text", "json", "github"])})
    ]
    if loaded.ok:  # type: ignore[attr-defined]
        for fmt in ("text", "json", "csv", "markdown"):
            options = {"detail": rng.random() < 0.5, "npv": rng.random() < 0.3}
            calls.append((f"run-{fmt}", run, {"case": path, "fmt": fmt, **options}))
    calls.append(
        (
            "diff",
            diff,
            {"a": str(CASES[0]), "b": path, "fmt": rng.choice(["text", "json", "markdown"])},
        )
    )
    for name, function, kwargs in calls:
        start = time.process_time()
        code, out, err = _call(function, **kwargs)
        _step(name, time.process_time() - start)
        printed = out + err
        if UNSAFE.search(printed):
            char = UNSAFE.search(printed).group()  # type: ignore[union-attr]
            problems.append(f"unsafe: {name} printed U+{ord(char):04X}")
        if "Traceback" in printed:
            problems.append(f"crash: {name} printed a traceback")
        # the older workflow command, anywhere in a line but an annotation of the newer form
        lines = [line for line in printed.splitlines() if not line.startswith("::")]
        if any(LEGACY_COMMAND.search(line) for line in lines):
            problems.append(f"injection: {name} printed a '##[' command")
        if "do-not-print" in printed:  # the content of a base that is not a case
            problems.append(f"leak: {name} printed a file that is not a case")
        if name == "validate":
            if code != (1 if errors else 0):
                problems.append(f"contradiction: validate exit {code}, errors={errors}")
        elif name.startswith("run"):
            if code != 0 or not out:
                problems.append(f"contradiction: {name} of a valid case: exit {code}, {err[:200]}")
            elif name == "run-json":
                json.loads(out)
        elif code == 0 and errors:
            problems.append("contradiction: diff exit 0 with an invalid input")
        elif code == 1 and not err:
            problems.append("contradiction: diff exit 1 without a word")
    return problems


# --- the standalone run -----------------------------------------------------------------------


def _warm_up(commands: bool) -> None:
    """Import everything a check uses before the clock runs: the first input is not slow
    because it loads rich and the renderers."""
    check(str(CASES[0]), CASES[0].read_bytes(), commands=commands)


MEMORY = 2 * 1024**3
"""Most memory a worker may take (bytes); an input that needs more is a crash to look at."""


def _worker(seconds: float, seed: int, out: Path, current: Path, commands: bool) -> None:
    import faulthandler
    import signal
    import sys
    import time
    import traceback

    if hasattr(signal, "SIGUSR1"):  # the parent asks for the stack before killing a hang
        faulthandler.register(signal.SIGUSR1, file=sys.stderr)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not Linux
        pass
    rng = random.Random(seed)
    bases = case_texts()
    write_bases(current.parent, bases)
    _warm_up(commands)
    runs = slow = 0
    slowest = (0.0, b"")
    slowest_step = "load"
    deadline = time.monotonic() + seconds
    beat = current.with_suffix(".beat")
    while time.monotonic() < deadline:
        beat.write_text(str(runs))  # the parent's watchdog: making an input (data, for mtime)
        data = generate(rng, bases)
        current.write_bytes(data)  # the file loaded, and what the parent saves on a crash
        STEPS.clear()
        try:
            problems = check(str(current), data, commands=commands)
        except Exception:
            problems = ["crash\n" + traceback.format_exc()]
        runs += 1
        elapsed, step = max(STEPS, default=(0.0, "load"))
        if elapsed > slowest[0]:
            slowest = (elapsed, data)
            slowest_step = step
        if elapsed > 1.0:
            problems.append(f"slow: {step} took {elapsed:.2f} s")
            slow += 1
        if problems:
            _save(out, data, "\n".join(problems))
        current.unlink()
    (out / f"slowest-{seed}.yaml").write_bytes(slowest[1])
    print(f"RUNS {runs}", flush=True)
    print(f"SLOWEST {slowest[0]:.4f} {slowest_step} {out / f'slowest-{seed}.yaml'}", flush=True)


def _save(out: Path, data: bytes, why: str) -> Path:
    import hashlib

    name = hashlib.sha1(data).hexdigest()[:12]
    kind = why.split()[0].strip(":")
    (out / "found").mkdir(exist_ok=True)
    target = out / "found" / f"{kind}-{name}.yaml"
    target.write_bytes(data)
    target.with_suffix(".txt").write_text(why, encoding="utf-8")
    return target


def _replay(files: list[Path]) -> int:
    """Check saved inputs again, one by one: what is still wrong, and how long each takes."""
    import traceback

    bad = 0
    _warm_up(True)
    for f in files:
        data = f.read_bytes()
        STEPS.clear()
        try:
            problems = check(str(f), data, commands=True)
        except Exception:
            problems = ["crash\n" + traceback.format_exc()]
        elapsed, step = max(STEPS, default=(0.0, "load"))
        if elapsed > 1.0:
            problems.append(f"slow: {step} took {elapsed:.2f} s")
        bad += bool(problems)
        print(
            f"{f}: slowest step {step} {elapsed * 1000:.0f} ms, {'; '.join(problems) or 'fine now'}"
        )
    return 1 if bad else 0


HANG = -999
HANG_SECONDS = 10.0


def _supervise(cmd: list[str], current: Path) -> tuple[int, str, str]:
    """Run a worker; kill it when one input has kept it busy for HANG_SECONDS.

    The worker touches ``current.beat`` before making an input and writes ``current`` before
    checking it, and removes ``current`` after: so a hang is told apart from a slow generator.
    """
    import contextlib
    import signal
    import subprocess
    import tempfile
    import time

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        while proc.poll() is None:
            time.sleep(0.5)
            beat = current.with_suffix(".beat")
            stamps = []
            for p in (beat, current):
                with contextlib.suppress(FileNotFoundError):  # removed between inputs
                    stamps.append(p.stat().st_mtime)
            if stamps and time.time() - max(stamps) > HANG_SECONDS:
                where = "checking this input" if current.exists() else "making an input"
                if hasattr(signal, "SIGUSR1"):
                    proc.send_signal(signal.SIGUSR1)  # the worker prints where it is
                    time.sleep(1)
                proc.kill()
                proc.wait()
                out.seek(0)
                err.seek(0)
                stack = err.read()[-3000:]
                return (
                    HANG,
                    out.read(),
                    f"no progress for {HANG_SECONDS:.0f} s while {where}\n{stack}",
                )
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read()[-3000:]


def main() -> None:
    import argparse
    import os
    import shutil
    import sys
    import tempfile
    import time

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz")  # git ignores build/
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--replay", type=Path, nargs="+", help="check saved inputs again")
    parser.add_argument(
        "--no-commands", action="store_true", help="load only; do not run the commands"
    )
    parser.add_argument(
        "--commands-share",
        type=float,
        default=0.2,
        help="the share of inputs the commands run on (default 0.2; each takes ~10 loads)",
    )
    args = parser.parse_args()
    if args.replay:
        sys.exit(_replay(args.replay))
    args.out.mkdir(parents=True, exist_ok=True)
    seed = args.seed if args.seed is not None else random.randrange(2**32)

    global COMMANDS_SHARE
    COMMANDS_SHARE = args.commands_share
    if args.worker:
        current = args.out / f"current-{seed}.yaml"
        _worker(args.seconds, seed, args.out, current, not args.no_commands)
        return

    # Each stretch runs in a child process, so a hard crash (a segfault in libyaml, a stack
    # overflow) is caught and its input saved, and the run carries on with a new seed.
    runs = hard = 0
    slowest = (0.0, b"")
    slowest_step = "load"
    deadline = time.monotonic() + args.seconds
    # A thousand files a second: keep them in memory (/dev/shm), not on the disk.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=shm) as tmp:
        work = Path(tmp)
        while (left := deadline - time.monotonic()) > 0.5:
            cmd = [sys.executable, __file__, "--worker", "--seconds", str(left),
                   "--seed", str(seed), "--out", str(work)]  # fmt: skip
            if args.no_commands:
                cmd.append("--no-commands")
            cmd += ["--commands-share", str(args.commands_share)]
            current = work / f"current-{seed}.yaml"
            code, output, errors = _supervise(cmd, current)
            runs += sum(int(line.split()[1]) for line in output.splitlines()
                        if line.startswith("RUNS"))  # fmt: skip
            for line in output.splitlines():
                if line.startswith("SLOWEST "):
                    _, secs, step, where = line.split(" ", 3)
                    if float(secs) > slowest[0] and Path(where).exists():
                        slowest = (float(secs), Path(where).read_bytes())
                        slowest_step = step
            if code != 0:
                hard += 1
                data = current.read_bytes() if current.exists() else b""
                kind = "hang" if code == HANG else "hard-crash"
                if code == HANG and not current.exists():
                    kind = "generator-hang"  # tools/fuzz.py's own fault, not the loader's
                saved = _save(args.out, data, f"{kind}: exit {code}\n{errors}")
                print(f"{kind} (exit {code}), input saved to {saved}; "
                      f"check it alone with --replay", flush=True)  # fmt: skip
                runs += 1
            seed += 1
        found = work / "found"
        if found.exists():
            (args.out / "found").mkdir(exist_ok=True)
            for f in found.iterdir():
                shutil.move(f, args.out / "found" / f.name)
    saved_files = (
        sorted((args.out / "found").glob("*.yaml")) if (args.out / "found").exists() else []
    )
    kinds: dict[str, int] = {}
    for f in saved_files:
        kind = f.name.split("-")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    (args.out / "slowest.yaml").write_bytes(slowest[1])
    print(f"inputs run: {runs}")
    print(
        f"slowest step: {slowest_step}, {slowest[0] * 1000:.0f} ms, "
        f"its input saved as {args.out / 'slowest.yaml'}"
    )
    print(f"hard crashes (process died): {hard}")
    print(f"findings saved in {args.out / 'found'}: {kinds or 'none'}")
    sys.exit(1 if saved_files else 0)


if __name__ == "__main__":
    main()
