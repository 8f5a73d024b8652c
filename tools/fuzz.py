"""Fuzz the case loader: mutations of the shipped cases, YAML-ish text and random bytes.

    uv run python tools/fuzz.py --seconds 60 [--seed N] [--out build/fuzz]
    uv run python tools/fuzz.py --replay build/fuzz/found/*.yaml

Every input is written to a file and loaded with ``load_case``. A finding is an exception other
than ``CaseFileError`` (a crash), a diagnostic placed outside the file (or a reader or schema
message of 300 characters or more), a case accepted as valid that the engine cannot evaluate, or an input
that takes over a second. Each is saved with its
reason under ``OUT/found/``; the run ends with how many inputs it ran and what it found.

The generators are shared with ``tests/test_fuzz.py``, which runs a bounded share of them.
"""

from __future__ import annotations

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


def generate(rng: random.Random, bases: list[str]) -> bytes:
    roll = rng.random()
    if roll < 0.5:
        return mutate_case(rng, rng.choice(bases))
    if roll < 0.75:
        return mutate_tree(rng, rng.choice(bases))
    if roll < 0.95:
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


def check(path: str, data: bytes) -> list[str]:
    """Load ``path`` (holding ``data``); return what is wrong (empty when all is well).

    Raises whatever ``load_case`` raises besides ``CaseFileError``: that is a crash.
    """
    from businesscase.diagnostics import CaseFileError
    from businesscase.loader import load_case
    from businesscase.results import compute

    try:
        loaded = load_case(path)
    except CaseFileError:
        return []
    problems = []
    lines = source_lines(data)
    for d in loaded.diagnostics:
        if not re.fullmatch(r"BC[0-9]{3}", d.code) or (d.code in READER and len(d.message) >= 300):
            problems.append(f"{d.code} odd code or overlong message: {d.message[:100]}")
        if not 1 <= d.line <= max(1, len(lines)):
            problems.append(f"{d.code} line {d.line} outside 1..{len(lines)}")
        elif not 1 <= d.col <= len(lines[d.line - 1]) + 1:
            problems.append(f"{d.code} {d.line}:{d.col} outside the line")
    if loaded.ok:
        assert loaded.case is not None
        compute(loaded.case)
    elif not any(d.is_error for d in loaded.diagnostics):
        problems.append("not ok, yet no error diagnostic")
    return problems


# --- the standalone run -----------------------------------------------------------------------


def _worker(seconds: float, seed: int, out: Path, current: Path) -> None:
    import faulthandler
    import signal
    import sys
    import time
    import traceback

    if hasattr(signal, "SIGUSR1"):  # the parent asks for the stack before killing a hang
        faulthandler.register(signal.SIGUSR1, file=sys.stderr)
    rng = random.Random(seed)
    bases = case_texts()
    runs = slow = 0
    deadline = time.monotonic() + seconds
    beat = current.with_suffix(".beat")
    while time.monotonic() < deadline:
        beat.write_text(str(runs))  # the parent's watchdog: making an input (data, for mtime)
        data = generate(rng, bases)
        current.write_bytes(data)  # the file loaded, and what the parent saves on a crash
        start = time.perf_counter()
        try:
            problems = check(str(current), data)
        except Exception:
            problems = ["crash\n" + traceback.format_exc()]
        elapsed = time.perf_counter() - start
        runs += 1
        if elapsed > 1.0:
            problems.append(f"slow: {elapsed:.2f} s")
            slow += 1
        if problems:
            _save(out, data, "\n".join(problems))
        current.unlink()
    print(f"RUNS {runs}", flush=True)


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
    import time
    import traceback

    bad = 0
    for f in files:
        data = f.read_bytes()
        start = time.perf_counter()
        try:
            problems = check(str(f), data)
        except Exception:
            problems = ["crash\n" + traceback.format_exc()]
        elapsed = time.perf_counter() - start
        if elapsed > 1.0:
            problems.append(f"slow: {elapsed:.2f} s")
        bad += bool(problems)
        print(f"{f}: {elapsed * 1000:.0f} ms, {'; '.join(problems) or 'fine now'}")
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
    import sys
    import tempfile
    import time

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz")  # git ignores build/
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--replay", type=Path, nargs="+", help="check saved inputs again")
    args = parser.parse_args()
    if args.replay:
        sys.exit(_replay(args.replay))
    args.out.mkdir(parents=True, exist_ok=True)
    seed = args.seed if args.seed is not None else random.randrange(2**32)

    if args.worker:
        _worker(args.seconds, seed, args.out, args.out / f"current-{seed}.yaml")
        return

    # Each stretch runs in a child process, so a hard crash (a segfault in libyaml, a stack
    # overflow) is caught and its input saved, and the run carries on with a new seed.
    runs = hard = 0
    deadline = time.monotonic() + args.seconds
    # A thousand files a second: keep them in memory (/dev/shm), not on the disk.
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.TemporaryDirectory(dir=shm) as tmp:
        work = Path(tmp)
        while (left := deadline - time.monotonic()) > 0.5:
            cmd = [sys.executable, __file__, "--worker", "--seconds", str(left),
                   "--seed", str(seed), "--out", str(work)]  # fmt: skip
            current = work / f"current-{seed}.yaml"
            code, output, errors = _supervise(cmd, current)
            runs += sum(int(line.split()[1]) for line in output.splitlines()
                        if line.startswith("RUNS"))  # fmt: skip
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
                f.replace(args.out / "found" / f.name)
    saved_files = (
        sorted((args.out / "found").glob("*.yaml")) if (args.out / "found").exists() else []
    )
    kinds: dict[str, int] = {}
    for f in saved_files:
        kind = f.name.split("-")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"inputs run: {runs}")
    print(f"hard crashes (process died): {hard}")
    print(f"findings saved in {args.out / 'found'}: {kinds or 'none'}")
    sys.exit(1 if saved_files else 0)


if __name__ == "__main__":
    main()
