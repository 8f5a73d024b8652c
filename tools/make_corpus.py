"""Write the malformed-case corpus under ``tests/corpus`` and its manifest.

    uv run python tools/make_corpus.py          # rewrite the corpus and manifest.json
    uv run python tools/make_corpus.py --check  # compare load_case with the manifest only

Each manifest entry names a file and what the loader must report first: ``code``, ``line``
and ``col`` of the first error, and ``exit``, the exit code of ``businesscase validate``;
``also`` lists further errors the file must give when the one it is about is not the first
(a few-line file first misses 'meta' at 1:1); ``why`` says what is wrong with it. The expected
position is worked out here from the mutation itself (the line edited, the column of the value
or key written), never read back from the loader, so the test checks the loader against an
independent expectation.

Files are mutations of the shipped cases as they stood when the corpus was made (copied into
the corpus as ``base_*.yaml``, so the corpus never changes under the test), hand-written files
for what a mutation does not reach, inputs that ``tools/fuzz.py`` found wrong, and files that
are small enough to read but hold far too much. The 10 MB file is made by the test itself.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
MANIFEST = CORPUS / "manifest.json"
BASES = ["ishoj_hjemmebaseret", "kobenhavn_tidlig_indsats_0_2", "egedal_1000_dage"]


@dataclass
class Entry:
    name: str
    data: bytes
    code: str
    line: int
    col: int
    why: str
    also: list[tuple[str, int, int]]
    exit: int = 1


ENTRIES: list[Entry] = []
_names: set[str] = set()


def add(
    name: str,
    data: str | bytes,
    code: str,
    line: int,
    col: int,
    why: str,
    also: list[tuple[str, int, int]] | None = None,
) -> None:
    """One corpus file: its first error is ``code`` at ``line:col``; ``also`` lists further
    errors it must give (when the error the file is about is not the first in the file)."""
    assert name not in _names and re.fullmatch(r"[a-z0-9_]+", name), name
    _names.add(name)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    ENTRIES.append(Entry(f"{name}.yaml", raw, code, line, col, why, also or []))


def mini(name: str, data: str, code: str, line: int, col: int, why: str) -> None:
    """A few lines, not a whole case: its first error is the missing 'meta' or 'period' at the
    top (1:1); the error the file is about must come as well."""
    add(name, data, "BC202", 1, 1, why, also=[(code, line, col)])


def base(name: str) -> str:
    return (CORPUS / f"base_{name}.yaml").read_text(encoding="utf-8")


def find(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``needle``."""
    at = -1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, col


def root_start(text: str) -> tuple[int, int]:
    """Where the top-level mapping starts: its first key after the comments."""
    for i, line in enumerate(text.split("\n"), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            return i, len(line) - len(line.lstrip()) + 1
    raise AssertionError("no content")


def set_value(text: str, key_line: str, new: str, nth: int = 1) -> tuple[str, int, int]:
    """Replace the value on the ``nth`` line starting with ``key_line`` (``"    unit_cost:"``);
    return the text and the position of the new value."""
    line = find(text, "\n" + key_line, nth)[0] + 1
    lines = text.split("\n")
    old = lines[line - 1]
    assert old.startswith(key_line), (old, key_line)
    lines[line - 1] = f"{key_line} {new}"
    return "\n".join(lines), line, len(key_line) + 2


def key_col(text: str, line: int) -> int:
    raw = text.split("\n")[line - 1]
    return len(raw) - len(raw.lstrip(" -")) + 1


# --- BC101: YAML syntax ---------------------------------------------------------------------


def bc101() -> None:
    ish = base("ishoj_hjemmebaseret")
    line, _ = find(ish, "\n  title:")
    add(
        "bc101_tab_indent_meta",
        ish.replace("\n  title:", "\n\ttitle:", 1),
        "BC101",
        line + 1,
        1,
        "a tab indents meta.title",
    )
    line, _ = find(ish, "\n    unit_cost: 18000")
    add(
        "bc101_tab_after_spaces",
        ish.replace("\n    unit_cost: 18000", "\n  \t  unit_cost: 18000", 1),
        "BC101",
        line + 1,
        3,
        "spaces then a tab before a key",
    )
    lines = ish.split("\n")
    n = len(lines) - 1 if lines[-1] == "" else len(lines)
    add(
        "bc101_unclosed_flow_at_eof",
        ish.rstrip("\n") + "\nextra: [1, 2\n",
        "BC101",
        n + 1,
        13,
        "an unclosed '[' at the end: libyaml places the error past the last line; "
        "it is moved to the end of the last line",
    )
    add(
        "bc101_unclosed_flow_no_newline",
        "format: 1\nmeta: {title: x",
        "BC101",
        2,
        16,
        "an unclosed '{' and no final line break",
    )
    add(
        "bc101_unclosed_quote",
        'format: 1\nmeta:\n  title: "Hjemmebaseret\n',
        "BC101",
        3,
        24,
        "a double quote never closed: the end of the file, at the end of the last line",
    )
    t, line, col = set_value(ish, "  organisation:", "Ishøj: Kommune")
    add(
        "bc101_colon_in_value",
        t,
        "BC101",
        line,
        col + 5,
        "'key: value: more' — a second ': ' in a plain value",
    )
    line, _ = find(ish, "\n  first: 2021")
    add(
        "bc101_bad_indent",
        ish.replace("\n  first: 2021", "\n   first: 2021", 1),
        "BC101",
        line + 2,
        3,
        "one key indented by three spaces, its sibling by two: libyaml stops at the sibling",
    )
    line, _ = find(ish, "\nperiod:")
    add(
        "bc101_second_document",
        ish.replace("\nperiod:", "\n---\nperiod:", 1),
        "BC101",
        line + 1,
        1,
        "a second YAML document ('---') in the file",
    )
    add(
        "bc101_control_char",
        "format: 1\nmeta:\n  title: Ishøj\x01\n",
        "BC101",
        3,
        15,
        "a control character (U+0001), located by character, not byte",
    )
    add(
        "bc101_control_char_del",
        "format: 1\nmeta:\n  title: æøå \x7f\n",
        "BC101",
        3,
        14,
        "U+007F after three two-byte letters",
    )
    t = ish.replace("\nmeta:", "\n? [a, b]\n: 1\nmeta:", 1)
    line, _ = find(t, "? [a, b]")
    add("bc101_complex_key", t, "BC101", line, 3, "a key that is a list")
    t = ish.replace("\nmeta:", "\n{a: 1}: 2\nmeta:", 1)
    line, _ = find(t, "{a: 1}: 2")
    add("bc101_mapping_key", t, "BC101", line, 1, "a key that is a mapping")
    add(
        "bc101_deep_flow",
        "format: 1\nmeta: " + "[" * 9_000 + "]" * 9_000 + "\n",
        "BC101",
        2,
        46,
        "9 000 nested '[': refused at level 41 (the top mapping is level 1), before "
        "the composer's recursion runs out",
    )
    add(
        "bc101_deep_block",
        "format: 1\nmeta:\n" + "- " * 9_000 + "x\n",
        "BC101",
        3,
        79,
        "9 000 nested block lists on one line ('- - - ...')",
    )
    deep = "format: 1\nmeta:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 60)) + "\n"
    add("bc101_deep_indent", deep, "BC101", 42, 41, "59 nested mappings by indentation")
    add(
        "bc101_deep_flow_mapping",
        "format: 1\nmeta: " + "{a: " * 50 + "1" + "}" * 50 + "\n",
        "BC101",
        2,
        7 + 4 * 39,
        "50 nested flow mappings: the 40th '{' is level 41",
    )
    crlf = ish.replace("\n  title:", "\n\ttitle:", 1).replace("\n", "\r\n")
    line, _ = find(ish, "\n  title:")
    add(
        "bc101_crlf_tab",
        crlf,
        "BC101",
        line + 1,
        1,
        "CRLF line endings and a tab: lines counted once per CRLF",
    )
    add(
        "bc101_bom_syntax",
        "\ufefftitle: [x\n",
        "BC101",
        1,
        10,
        "a byte order mark, then an unclosed '[': the column ignores the BOM, the error at the "
        "end of the file is placed at the end of the last line",
    )
    long_value = "x" * 200_000
    add(
        "bc101_long_line",
        f"format: 1\nmeta:\n  title: {long_value}: y\n",
        "BC101",
        3,
        10 + len(long_value),
        "a 200 000-character line with a ': ' at its end",
    )
    add(
        "bc101_reserved_indicator",
        "format: 1\nmeta:\n  title: @Ishøj\n",
        "BC101",
        3,
        10,
        "'@' is reserved at the start of a plain value",
    )
    add(
        "bc101_backtick",
        "format: 1\nmeta:\n  title: `Ishøj`\n",
        "BC101",
        3,
        10,
        "'`' is reserved at the start of a plain value",
    )
    add(
        "bc101_bad_directive",
        "%YAML 9.9\n---\nformat: 1\n",
        "BC101",
        1,
        1,
        "an unsupported %YAML directive",
    )
    add(
        "bc101_cr_only",
        "format: 1\rmeta:\r  title: [x\r",
        "BC101",
        3,
        12,
        "old Mac line endings (CR only) are line breaks to YAML and to the position",
    )
    add(
        "bc101_nel_line_break",
        "format: 1\x85meta:\x85  title: [x\x85",
        "BC101",
        3,
        12,
        "NEL (U+0085) is a line break to YAML 1.1; lines are counted as YAML counts them",
    )
    add(
        "bc101_bad_escape",
        'format: 1\nmeta:\n  title: "a\\qb"\n',
        "BC101",
        3,
        12,
        "an unknown escape sequence in a double-quoted value",
    )
    add(
        "bc101_list_and_mapping",
        "format: 1\nmeta:\n  title: x\n  - y\n",
        "BC101",
        4,
        3,
        "a list item among mapping keys",
    )
    add(
        "bc101_bad_block_scalar",
        "format: 1\nmeta:\n  title: |x\n    y\n",
        "BC101",
        3,
        11,
        "a block scalar header with junk after '|'",
    )


# --- BC102: duplicate keys --------------------------------------------------------------------


def bc102() -> None:
    ish = base("ishoj_hjemmebaseret")
    line, _ = find(ish, "\nperiod:")
    add(
        "bc102_top_level",
        ish + "period:\n  first: 2021\n  last: 2027\n",
        "BC102",
        len(ish.split("\n")),
        1,
        "'period' twice at the top level",
    )
    line, col = find(ish, "  title:")
    t = ish.replace("  organisation:", "  title: Anden titel\n  organisation:", 1)
    add("bc102_meta_title", t, "BC102", line + 1, 3, "meta.title twice")
    line, _ = find(ish, "    unit_cost: 18000")
    t = ish.replace("    unit_cost: 18000", "    unit_cost: 18000\n    unit_cost: 19000", 1)
    add("bc102_list_item", t, "BC102", line + 1, 5, "avoided[1].unit_cost twice")
    t = ish.replace("{2021: 250000, 2022: 250000}", "{2021: 250000, 2021: 250000}", 1)
    line, col = find(t, "2021: 250000", 2)
    add("bc102_flow_year", t, "BC102", line, col, "a year twice in a flow mapping")
    line, _ = find(ish, "      years: 5")
    t = ish.replace("      years: 5", "      years: 5\n      years: 6", 1)
    add("bc102_depth_three", t, "BC102", line + 1, 7, "funding[0].repayment.years twice")
    t = ish.replace(
        "{2021-2022: 115000, 2023-2027: 215000}",
        "{2021-2022: 115000, 2023-2027: 215000, 2021-2022: 1}",
    )
    line, col = find(t, "2021-2022", 2)
    add("bc102_year_range", t, "BC102", line, col, "a year range twice")
    mini(
        "bc102_quoted_and_plain",
        'format: 1\nformat: 1\n"format": 1\n',
        "BC102",
        2,
        1,
        "three times the same key, quoted or not",
    )
    t = ish.replace("format: 1\n", "format: 1\nformat: 1\n", 1)
    line, _ = find(t, "format: 1", 2)
    add("bc102_format", t, "BC102", line, 1, "format twice")
    t = ish.replace("  - kind: pool\n", "  - kind: pool\n    kind: grant\n", 1)
    line, _ = find(t, "    kind: grant")
    add("bc102_kind", t, "BC102", line, 5, "funding[0].kind twice, with different values")
    t = ish.replace("    count: 5\n", "    count: 5\n    count: 5\n", 1)
    line, _ = find(t, "    count: 5", 2)
    add("bc102_identical", t, "BC102", line, 5, "a line written twice, word for word")
    t = ish.replace("    count: 5\n", "    count: 5\n    unit_cost: 5000\n", 1)
    line, _ = find(t, "    unit_cost: 5000", 1)
    add(
        "bc102_after_value",
        t,
        "BC102",
        line + 1,
        5,
        "unit_cost inserted above the original: the original, second in the file, is the duplicate",
    )


# --- BC103: amounts with thousands separators ----------------------------------------------


def bc103() -> None:
    ish = base("ishoj_hjemmebaseret")
    kbh = base("kobenhavn_tidlig_indsats_0_2")
    for i, (key, new) in enumerate(
        [
            ("    amount:", "390.000"),
            ("    unit_cost:", "5.000"),
            ("    amount:", "500.000"),
            ("      amount:", "100.000"),
            ("    unit_cost:", "1.000.000"),
            ("    unit_cost:", "-40.000"),
            ("    count:", "1.500"),
        ]
    ):
        nth = 2 if (key, new) == ("    amount:", "500.000") else 1
        t, line, col = set_value(ish, key, new, nth)
        add(f"bc103_danish_{i}", t, "BC103", line, col, f"{key.strip()} {new}")
    for i, new in enumerate(["40,000", "40 000", "40000 kr", "1,5", "40.000 kr.", "kr 40000"]):
        t, line, col = set_value(ish, "    unit_cost:", new, 3)
        add(f"bc103_text_amount_{i}", t, "BC103", line, col, f"unit_cost written as '{new}'")
    t = ish.replace("{2021: 250000, 2022: 250000}", "{2021: 250.000, 2022: 250.000}", 1)
    line, col = find(t, "250.000")
    add("bc103_in_flow_year", t, "BC103", line, col, "Danish thousands inside a year mapping")
    t = ish.replace(
        "{2021-2022: 115000, 2023-2027: 215000}", "{2021-2022: 115.000, 2023-2027: 215.000}"
    )
    line, col = find(t, "115.000")
    add("bc103_in_range", t, "BC103", line, col, "Danish thousands inside year ranges")
    t, line, col = set_value(kbh, "    value:", "100.000")
    add("bc103_parameter", t, "BC103", line, col, "a parameter's value")
    t, line, col = set_value(kbh, "    amount:", "3.000.000")
    add("bc103_kbh_cost", t, "BC103", line, col, "a cost in the København case")
    t = kbh.replace(
        "{2017-2018: 4500000, 2019-2022: 5000000}", "{2017-2018: 4.500.000, 2019-2022: 5000000}", 1
    )
    line, col = find(t, "4.500.000")
    add("bc103_kbh_reallocation", t, "BC103", line, col, "a reallocation by year range")
    t = kbh.replace("values: -3000000", "values: -3.000.000", 1)
    line, col = find(t, "-3.000.000")
    add("bc103_stated_row", t, "BC103", line, col, "a stated (printed) figure")
    mini(
        "bc103_flow_list",
        "format: 1\nmeta: [1.000, 2.000]\n",
        "BC103",
        2,
        8,
        "Danish thousands in a flow list",
    )
    t, line, col = set_value(ish, "    amount:", "true", 1)
    add("bc103_bool_amount", t, "BC103", line, col, "an amount written as true")


# --- BC104: YAML 1.1 booleans -------------------------------------------------------------------


def bc104() -> None:
    ish = base("ishoj_hjemmebaseret")
    for word, (key, nth) in zip(
        ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF"],
        [
            ("  language:", 1),
            ("  currency:", 1),
            ("  - kind:", 1),
            ("    unit_cost:", 1),
            ("    count:", 1),
            ("    name:", 1),
            ("      years:", 1),
            ("  unit:", 1),
            ("    legal_ref:", 1),
            ("  source:", 1),
        ],
        strict=True,
    ):
        t, line, col = set_value(ish, key, word, nth)
        field = key.strip(" -:")
        add(f"bc104_{word.lower()}_{field}", t, "BC104", line, col, f"{field}: {word}")
    t = ish.replace("format: 1\n", "format: 1\nyes: 1\n", 1)
    line, _ = find(t, "yes: 1")
    add("bc104_as_key", t, "BC104", line, 1, "'yes' as a key")
    mini("bc104_in_flow", "format: 1\nmeta: [on, off]\n", "BC104", 2, 8, "'on' in a flow list")


# --- BC105: aliases and merge keys -----------------------------------------------------------


def bc105() -> None:
    ish = base("ishoj_hjemmebaseret")
    t = ish.replace("  first: 2021", "  first: &y 2021", 1).replace(
        "      first_year: 2023", "      first_year: *y", 1
    )
    line, col = find(t, "*y")
    add("bc105_alias", t, "BC105", line, col, "an alias for a year")
    t = ish.replace("    amount: 390000", "    amount: &pay 390000", 1).replace(
        "    amount: 500000", "    amount: *pay", 1
    )
    line, col = find(t, "*pay")
    add("bc105_alias_amount", t, "BC105", line, col, "an alias for an amount")
    t = ish.replace(
        "  - name: Familiebehandling\n",
        "  - <<: {group: Besparelser på sociale foranstaltninger}\n    name: Familiebehandling\n",
        1,
    )
    line, col = find(t, "<<:")
    add("bc105_merge_key", t, "BC105", line, col, "a merge key")
    bomb = ["format: 1", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        bomb.append(f"a{i}: &a{i} [{refs}]")
    mini(
        "bc105_billion_laughs",
        "\n".join(bomb) + "\n",
        "BC105",
        3,
        10,
        "the 'billion laughs' alias bomb: nine levels of nine aliases, never expanded",
    )
    mini(
        "bc105_merge_alias",
        "format: 1\nanchors: &b {x: 1}\nmeta:\n  <<: *b\n",
        "BC105",
        4,
        3,
        "a merge key with an alias",
    )


# --- BC106: tags ------------------------------------------------------------------------------


def bc106() -> None:
    ish = base("ishoj_hjemmebaseret")
    for i, (key, tag) in enumerate(
        [
            ("    amount:", "!!str 390000"),
            ("    amount:", "!!python/object/apply:os.system ['echo pwned']"),
            ("  title:", "!custom Ishøj"),
            ("      years:", "!!int '5'"),
            ("    unit_cost:", "!!float 5000"),
            ("  first:", "!!binary MjAyMQ=="),
        ]
    ):
        t, line, col = set_value(ish, key, tag)
        why = f"{key.strip()} {tag}"
        # A refused value is reported alone: that the measure then has no price (BC203)
        # follows from it and is not reported again.
        add(f"bc106_tag_{i}", t, "BC106", line, col, why)
    t = ish.replace("meta:\n", "meta: !!map\n", 1)
    line, col = find(t, "!!map")
    add("bc106_map_tag", t, "BC106", line, col, "a tag on a mapping")
    mini("bc106_set", "format: 1\nmeta: !!set {a, b}\n", "BC106", 2, 7, "a !!set")
    mini("bc106_omap", "format: 1\nmeta: !!omap [a: 1]\n", "BC106", 2, 7, "a !!omap")
    mini(
        "bc106_verbatim",
        "format: 1\nmeta: !<tag:example.com,2000:x> 1\n",
        "BC106",
        2,
        7,
        "a verbatim tag",
    )


# --- BC107: inf, nan, leading zeros, absurd numbers -------------------------------------------


def bc107() -> None:
    ish = base("ishoj_hjemmebaseret")
    for i, (key, new, nth) in enumerate(
        [
            ("    amount:", ".inf", 1),
            ("    amount:", "-.inf", 2),
            ("    unit_cost:", ".nan", 1),
            ("    unit_cost:", ".NaN", 2),
            ("    count:", ".Inf", 1),
            ("      amount:", "+.inf", 1),
            ("  first:", "02021", 1),
            ("      years:", "05", 1),
            ("    unit_cost:", "-007", 3),
            ("    amount:", "1e12", 1),
            ("    amount:", "99999999999999999999999999999999", 2),
            ("    unit_cost:", "1e999", 4),
            ("    count:", "1e-999", 1),
            ("  price_level:", "1e99999999", 1),
            ("    unit_cost:", "211e-99900000", 1),
            ("    amount:", "9" * 5000, 1),
            ("    unit_cost:", "0.0000000000000000000001", 1),
            ("  last:", "20270000000000", 1),
        ]
    ):
        t, line, col = set_value(ish, key, new, nth)
        add(f"bc107_number_{i:02d}", t, "BC107", line, col, f"{key.strip()} {new[:40]}")
    t = ish.replace("{2021: 250000, 2022: 250000}", "{2021: .inf, 2022: .nan}", 1)
    line, col = find(t, ".inf")
    add("bc107_in_year_map", t, "BC107", line, col, "inf and nan as drawn amounts")
    mini("bc107_key", "format: 1\nmeta:\n  010: x\n", "BC107", 3, 3, "a leading zero in a key")


# --- BC108: not a case file -------------------------------------------------------------------


def bc108() -> None:
    ish = base("ishoj_hjemmebaseret")
    add("bc108_empty", b"", "BC108", 1, 1, "an empty file")
    add("bc108_only_comments", "# a case\n# nothing else\n", "BC108", 1, 1, "only comments")
    add("bc108_only_spaces", "\n\n   \n", "BC108", 1, 1, "only blank lines")
    add("bc108_bom_only", b"\xef\xbb\xbf", "BC108", 1, 1, "only a byte order mark")
    latin1 = ish.encode("latin-1", errors="replace")
    line, col = find(ish, "ø")
    add("bc108_latin1", latin1, "BC108", line, col, "the case saved as Latin-1 (ø is 0xf8)")
    add("bc108_utf16", ish.encode("utf-16"), "BC108", 1, 1, "the case saved as UTF-16")
    add(
        "bc108_binary_junk",
        bytes(range(256)) * 4,
        "BC108",
        3,
        128 - 14 + 1,
        "bytes 0-255: the first byte that is not UTF-8 (0x80, offset 128) is on line 3, "
        "after LF (offset 10) and CR (offset 13)",
    )
    add("bc108_binary_high", bytes(range(128, 256)) * 8, "BC108", 1, 1, "bytes 0x80-0xff")
    add("bc108_png_header", b"\x89PNG\r\n\x1a\n" + bytes(64), "BC108", 1, 1, "a PNG file")
    add(
        "bc108_zip_header", b"PK\x03\x04" + bytes(range(40)), "BC108", 1, 5, "a ZIP file: NUL bytes"
    )
    t = ish.replace("  title: Implementering", "  title: Imple\x00mentering", 1)
    line, col = find(ish, "Implementering")
    add("bc108_nul", t, "BC108", line, col + 5, "one NUL byte in the middle of a title")
    bad = ish.encode("utf-8").replace("Ishøj".encode(), b"Ish\xf8j")
    line, col = find(ish, "Ishøj")
    add(
        "bc108_one_bad_byte",
        bad,
        "BC108",
        line,
        col + 3,
        "one Latin-1 byte after valid UTF-8: column counted in characters",
    )
    add(
        "bc108_surrogate",
        'format: 1\nmeta: "\xed\xa0\x80"\n'.encode("latin-1"),
        "BC108",
        2,
        8,
        "an encoded surrogate (not valid UTF-8)",
    )
    add(
        "bc108_truncated_utf8",
        b"format: 1\nmeta: \xc3",
        "BC108",
        2,
        7,
        "the file ends in the middle of a character",
    )
    add("bc108_list", "- format: 1\n- meta: {}\n", "BC108", 1, 1, "a list, not a mapping")
    add("bc108_scalar", "Hjemmebaseret indsats\n", "BC108", 1, 1, "a line of text")
    add("bc108_number", "2021\n", "BC108", 1, 1, "a number")
    add("bc108_document_marker", "---\n", "BC108", 1, 4, "an empty document, at its end")
    add("bc108_null", "~\n", "BC108", 1, 1, "null")
    add(
        "bc108_over_1mb",
        "format: 1\n" + "# padding\n" * 100_001,
        "BC108",
        1,
        1,
        "just over 1 MB of comments",
    )


def found_by_fuzzing() -> None:
    """Inputs tools/fuzz.py found wrong, reduced by hand."""
    add(
        "fuzz_bom_then_bad_byte",
        b"\xef\xbb\xbfformat: 1\nmeta: \xe2\x80\xa8x\xff\n",
        "BC108",
        3,
        2,
        "a BOM, a U+2028 line break and a bad byte: the codec counted the offset after the BOM",
    )
    ish = base("ishoj_hjemmebaseret")
    digits = "4" * 300_000
    t, line, col = set_value(ish, "    unit_cost:", digits, 2)
    add("long_line_number", t, "BC107", line, col, "a 300 000-digit unit cost")
    t, line, col = set_value(ish, "    note:", "x" * 300_000 + " 40.000")
    t, line, col = set_value(t, "    amount:", "40.000")
    add("long_line_then_danish", t, "BC103", line, col, "a 300 000-character note, then 40.000")


def long_values() -> None:
    """Very long values where a number belongs: the message quotes only their ends."""
    ish = base("ishoj_hjemmebaseret")
    kbh = base("kobenhavn_tidlig_indsats_0_2")
    t, line, col = set_value(ish, "  first:", "x" * 300_000)
    add("long_line_text_as_year", t, "BC203", line, col, "a 300 000-character year")
    name = "pris_forebyggende_foranstaltning"
    t, line, col = set_value(kbh, "    unit_cost:", name + " * 1.5" * 20_000)
    add("long_line_formula", t, "BC103", line, col, "a formula of 40 001 parts")
    t, line, col = set_value(kbh, "    unit_cost:", "283" + "x" * 1_000 + " 9000")
    add("long_line_formula_token", t, "BC103", line, col, "a formula with a 1 000-letter word")
    t, line, col = set_value(ish, "    amount:", "[" + "1, " * 4_000 + "1]")
    add("long_line_list_as_amount", t, "BC103", line, col, "a list of 4 001 numbers as amount")
    t, line, col = set_value(ish, "  title:", "[" + "x, " * 4_000 + "x]")
    add("long_line_list_as_title", t, "BC203", line, col, "a list of 4 001 words as title")
    long_key = "x" * 1_000  # YAML allows implicit keys up to 1 024 characters
    t = ish.replace("  - kind: pool\n", f"  - kind: pool\n    {long_key}: 1\n", 1)
    line, _ = find(t, long_key)
    add("long_line_unknown_key", t, "BC201", line, 5, "a 1 000-character unknown key")
    t = ish.replace("{2023-2027: 5}", f"{{{long_key}: 5}}", 1)
    line, col = find(t, long_key)
    add("long_line_year_key", t, "BC204", line, col, "a 1 000-character year key")
    t, line, col = set_value(
        ish, "  - kind:", "{" + ", ".join(f"k{i}: {i}" for i in range(2000)) + "}"
    )
    add("long_line_kind_mapping", t, "BC203", line, col, "kind: a mapping of 2 000 keys")


def volume() -> None:
    """Files that are small enough to read but hold far too much; each must stay fast."""
    add(
        "volume_alias_spam",
        "a: &a 1\nb: [" + "*a, " * 30_000 + "]\n",
        "BC108",
        1,
        1,
        "30 000 aliases: over 25 000 values, refused before composing",
    )
    add(
        "volume_deep_flow",
        "format: 1\nmeta: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "BC108",
        1,
        1,
        "100 000 nested '[' (once a segfault in libyaml's composer): too many values",
    )
    add(
        "volume_comma_list",
        "format: 1\nmeta: [" + "1," * 25_000 + "1]\n",
        "BC108",
        1,
        1,
        "a list of 25 001 numbers: over 25 000 values",
    )
    mini(
        "volume_yes_capped",
        "format: 1\nmeta: [" + "yes, " * 9_000 + "]\n",
        "BC104",
        2,
        8,
        "9 000 'yes': the first 99 reported, the 100th says how many more there are",
    )
    ish = base("ishoj_hjemmebaseret")
    pairs = "".join(f"    k{i}: 1\n    k{i}: 2\n" for i in range(2_000))
    t = ish.replace("  - kind: pool\n", "  - kind: pool\n" + pairs, 1)
    line, _ = find(t, "    k0: 2")
    add(
        "volume_duplicates_capped",
        t,
        "BC201",  # each key is unknown as well as written twice
        line - 1,
        5,
        "2 000 duplicate keys, capped at 100",
        [("BC102", line, 5)],
    )
    unknown = "".join(f"    unit_cost_{i}: 1\n" for i in range(2_000))
    t = ish.replace("  - kind: pool\n", "  - kind: pool\n" + unknown, 1)
    line, _ = find(t, "    unit_cost_0: 1")
    add("volume_unknown_keys", t, "BC201", line, 5, "2 000 unknown keys, each with a suggestion")


# --- BC201 unknown key, BC202 missing key ------------------------------------------------------


def bc201_202() -> None:
    ish = base("ishoj_hjemmebaseret")
    # (written, misspelt): a misspelt required key is reported once, as the unknown key with
    # its "did you mean"; that the key it should be is missing is not reported again.
    for i, (old, new) in enumerate(
        [
            ("\nperiod:", "\nperoid:"),
            ("  title:", "  titel:"),
            ("  first:", "  frist:"),
            ("    amount: 390000", "    amout: 390000"),
            ("    unit_cost: 5000", "    unitcost: 5000"),
            ("      first_year:", "      year:"),
            ("\nfunding:", "\nfinancing:"),
            ("    legal_ref:", "    legal_reference:"),
            ("  price_level:", "  pricelevel:"),
            ("  language:", "  Language:"),
            ("    count: 5\n", "    Count: 5\n"),
            ("\navoided:", "\navoid:"),
            ("      years: 5", "      Years: 5"),
        ]
    ):
        t = ish.replace(old, new, 1)
        line, _ = find(t, new)
        if new.startswith("\n"):
            line += 1
        why = f"'{old.strip()}' misspelt as '{new.strip()}'"
        add(f"bc201_misspelt_{i:02d}", t, "BC201", line, key_col(t, line), why)
    t = ish.replace("  - kind: pool\n", "  - kind: pool\n    collateral: 0.02\n", 1)
    line, _ = find(t, "    collateral:")
    add("bc201_extra_key", t, "BC201", line, 5, "a key the format does not have")

    lines = ish.split("\n")
    for key in ["format", "meta", "period"]:
        start = next(i for i, s in enumerate(lines) if s.startswith(f"{key}:"))
        end = start + 1
        while end < len(lines) and lines[end].startswith("  "):
            end += 1
        t = "\n".join(lines[:start] + lines[end:])
        add(f"bc202_missing_{key}", t, "BC202", *root_start(t), f"top-level '{key}' deleted")
    title_line, _ = find(ish, "\n  title:")
    for key in ["title", "organisation", "price_level"]:
        t = "\n".join(s for s in lines if not s.startswith(f"  {key}:"))
        add(f"bc202_missing_meta_{key}", t, "BC202", title_line + 1, 3, f"meta.{key} deleted")
    period_line, _ = find(ish, "\n  first:")
    t = "\n".join(s for s in lines if not s.startswith("  first:"))
    add("bc202_missing_period_first", t, "BC202", period_line + 1, 3, "period.first deleted")
    t = ish.replace("    amount: 390000\n", "", 1)
    line, _ = find(t, "  - name: Støtte- og")
    add("bc202_missing_cost_amount", t, "BC202", line, 5, "costs[0].amount deleted")
    t = ish.replace("  - name: Støtte- og ressourcepædagogkorps\n    note:", "  - note:", 1)
    line, _ = find(t, "  - note: 1 støtte")
    add("bc202_missing_cost_name", t, "BC202", line, 5, "costs[0].name deleted")
    t = ish.replace("    count: {2023-2027: 1.5}\n", "", 1)
    line, _ = find(t, "  - name: Familiebehandling")
    add("bc202_missing_count", t, "BC202", line, 5, "avoided[2].count deleted")
    t = ish.replace("      first_year: 2023\n", "", 1)
    line, _ = find(t, "      amount: 100000")
    add("bc202_missing_first_year", t, "BC202", line, 7, "repayment.first_year deleted")
    t = ish.replace("  - kind: pool\n    name: Investeringspuljen", "  - name: Investeringspuljen")
    line, _ = find(t, "  - name: Investeringspuljen")
    add("bc202_missing_kind", t, "BC202", line, 5, "funding[0].kind deleted: pool or grant?")
    add("bc202_empty_mapping", "{}\n", "BC202", 1, 1, "an empty mapping: format missing")
    add("bc202_format_only", "format: 1\n", "BC202", 1, 1, "only 'format: 1'")


# --- BC203 wrong type, BC204 year keys -------------------------------------------------------


def bc203_204() -> None:
    ish = base("ishoj_hjemmebaseret")
    for i, (key, new, nth) in enumerate(
        [
            ("format:", "2", 1),
            ("format:", '"1"', 1),
            ("  title:", "[a, b]", 1),
            ("  title:", '""', 1),
            ("  currency:", "[DKK]", 1),
            ("  language:", "de", 1),
            ("  price_level:", "1899", 1),
            ("  price_level:", "2201", 1),
            ("  price_level:", '"2020"', 1),
            ("  first:", "1800", 1),
            ("  last:", "9999", 1),
            ("  first:", "2021.5", 1),
            ("  - kind:", "loan", 1),
            ("      years:", "five", 1),
            ("      years:", "0", 1),
            ("      years:", "101", 1),
            ("      amount:", "0", 1),
            ("    amount:", "-500000", 3),
            ("    name:", "[x]", 1),
            ("    name:", "{a: 1}", 1),
            ("  first:", "true", 1),
            ("    note:", "[1, 2]", 1),
            ("  source:", "{a: b}", 1),
        ]
    ):
        t, line, col = set_value(ish, key, new, nth)
        add(f"bc203_type_{i:02d}", t, "BC203", line, col, f"{key.strip()} {new}")
    t, line, col = set_value(ish, "  currency:", "kroner")
    add("bc801_currency_word", t, "BC801", line, col, "currency: kroner, not a code")
    t, line, col = set_value(ish, "  - kind:", "")
    add("bc203_kind_empty", t, "BC203", line, col - 1, "kind: with no value (at the ':')")
    t, line, col = set_value(ish, "    amount:", "[390000]")
    add("bc203_amount_list", t, "BC103", line, col, "an amount written as a list")
    period = find(ish, "  first:")[0]
    for last, why in [("2020", "the period ends before it starts"), ("2200", "180 years")]:
        t, line, col = set_value(ish, "  last:", last)
        add(f"bc203_period_{last}", t, "BC203", period, 3, f"last: {last}: {why}")
    meta = re.search(r"\nmeta:\n(  .*\n)+", ish)
    assert meta is not None
    t = ish[: meta.start()] + "\nmeta: Ishøj Kommune\n" + ish[meta.end() :]
    line, col = find(t, "Ishøj Kommune\n")
    add("bc203_meta_text", t, "BC203", line, col, "meta as text")
    t = ish.replace("period:\n  first: 2021\n  last: 2027", "period: [2021, 2027]", 1)
    line, col = find(t, "[2021, 2027]")
    add("bc203_period_list", t, "BC203", line, col, "period as a list")
    t = ish.replace("  first: 2021\n  last: 2027", "  first: 2027\n  last: 2021", 1)
    line, col = find(t, "  first: 2027")
    add("bc203_period_swapped", t, "BC203", line, 3, "first and last year swapped")
    t = ish.replace("  first: 2021\n  last: 2027", "  first: 1950\n  last: 2100", 1)
    line, col = find(t, "  first: 1950")
    add("bc203_period_too_long", t, "BC203", line, 3, "a 151-year period")
    t = ish.replace("costs:\n  - name:", "costs:\n  name:", 1)
    t = t.replace("\n    note: 1 støtte", "\n  note: 1 støtte", 1).replace(
        "\n    amount: 390000", "\n  amount: 390000", 1
    )
    line, col = find(t, "  name: Støtte")
    add("bc203_costs_mapping", t, "BC203", line, 3, "costs as a mapping, not a list")
    t = ish.replace("    unit_cost: 40000\n", "", 1)
    line, _ = find(t, "  - name: Familiebehandling")
    add("bc203_no_price", t, "BC203", line, 5, "a measure without unit_cost or hours")
    mini("bc203_format_list", "format: [1]\n", "BC203", 1, 9, "format as a list")

    for i, (old, new, needle) in enumerate(
        [
            ("{2023-2027: 5}", "{abc: 5}", "abc"),
            ("{2023-2027: 5}", "{2027-2023: 5}", "2027-2023"),
            ("{2023-2027: 1.5}", "{2023-2025: 1.5, 2025-2027: 1}", "2025-2027"),
            ("{2023-2027: 1}", "{1800: 1}", "1800: 1"),
            ("{2021: 250000, 2022: 250000}", "{2021: 250000, 20.22: 250000}", "20.22"),
            ("{2021: 250000, 2022: 250000}", '{"2021": 250000, "2022 ": 250000}', '"2021"'),
            (
                "{2021-2022: 115000, 2023-2027: 215000}",
                "{2021-2022: 115000, 2022-2027: 215000}",
                "2022-2027",
            ),
            ("{2023-2027: 1}", "{2023-: 1}", "2023-:"),
            ("{2023-2027: 1}", "{true: 1}", "true"),
            ("{2023-2027: 1}", "{~: 1}", "~"),
            (
                "{2021-2022: 115000, 2023-2027: 215000}",
                "{2021-2022: 115000, 2023–2027: 215000}",
                "2023–2027",
            ),
            ("{2023-2027: 5}", "{20230: 5}", "20230"),
        ]
    ):
        t = ish.replace(old, new, 1)
        line, col = find(t, needle)
        add(f"bc204_year_{i:02d}", t, "BC204", line, col, f"year key {new}")


def keys_of_mappings() -> None:
    """A parameter name or an index year that is not one: reported at the key."""
    kbh = base("kobenhavn_tidlig_indsats_0_2")
    name = "  pris_forebyggende_foranstaltning:"
    t = kbh.replace(name, "  pris forebyggende:", 1)
    line, _ = find(t, "  pris forebyggende:")
    add("bc203_parameter_name", t, "BC203", line, 3, "a parameter name with a space")
    t = kbh.replace("  - id: SOF\n", "  - id: S O F\n", 1)
    line, col = find(t, "S O F")
    add("bc203_department_id", t, "BC203", line, col, "a department id with spaces")
    ish = base("ishoj_hjemmebaseret")
    for i, (key, col_shift) in enumerate([('"2021"', 0), ("1800", 0), ("20.5", 0)]):
        index = f"prices:\n  values:\n    2020: 100\n    {key}: 101\n"
        t = ish.replace("\ncosts:", "\n" + index + "\ncosts:", 1)
        line, col = find(t, f"    {key}: 101")
        add(f"bc204_index_year_{i}", t, "BC204", line, col + 4 + col_shift, f"index year {key}")


# --- mutations of the other shipped cases -----------------------------------------------------


def other_cases() -> None:
    for short, name in [("kbh", "kobenhavn_tidlig_indsats_0_2"), ("ege", "egedal_1000_dage")]:
        text = base(name)
        t, line, col = set_value(text, "  first:", "yes")
        add(f"{short}_first_yes", t, "BC104", line, col, "period.first: yes")
        t, line, col = set_value(text, "  price_level:", "2.016")
        add(f"{short}_price_level_danish", t, "BC103", line, col, "price_level: 2.016")
        t, line, col = set_value(text, "    count:", "{2019: .nan}")
        add(f"{short}_count_nan", t, "BC107", line, col + 7, "a count of .nan")
        line, _ = find(text, "\n  title:")
        t = text.replace("\n  title:", "\n  tittle:", 1)
        add(f"{short}_misspelt_title", t, "BC201", line + 1, 3, "meta.tittle")
        t = text.replace("\n  organisation:", "\n\torganisation:", 1)
        line, _ = find(text, "\n  organisation:")
        add(f"{short}_tab", t, "BC101", line + 1, 1, "a tab before organisation")
        t = text.replace("\nperiod:", "\nmeta:\n  title: igen\nperiod:", 1)
        line, _ = find(t, "\nmeta:", 2)
        add(f"{short}_duplicate_meta", t, "BC102", line + 1, 1, "meta twice")
        t, line, col = set_value(text, "  last:", "!!int 2022")
        add(f"{short}_tag", t, "BC106", line, col, "a tag on period.last")
        t = text.replace("\n  first:", "\n  first: &f", 1)
        t, line, col = set_value(t, "  last:", "*f")
        add(f"{short}_alias", t, "BC105", line, col, "period.last: *f")
        add(
            f"{short}_crlf_bom_danish",
            b"\xef\xbb\xbf"
            + set_value(text, "  price_level:", "1.000")[0].encode().replace(b"\n", b"\r\n"),
            "BC103",
            *set_value(text, "  price_level:", "1.000")[1:],
            "BOM, CRLF and 1.000",
        )
        lines = text.split("\n")
        t = "\n".join(s for s in lines if not s.startswith("  organisation:"))
        add(
            f"{short}_missing_organisation",
            t,
            "BC202",
            find(t, "  title:")[0],
            3,
            "meta.organisation deleted",
        )
        t, line, col = set_value(text, "    unit:", "[besøg]")
        add(f"{short}_unit_list", t, "BC203", line, col, "a unit that is a list")


# --- issue 16: silent wrong results, scenario bases, printed names, volume ------------------------


def hostile() -> None:
    ish = base("ishoj_hjemmebaseret")
    t, line, col = set_value(ish, "    amount:", "-390000")
    add("hostile_negative_cost", t, "BC309", line, col, "a cost copied negative from a table")
    t, line, col = set_value(ish, "    amount:", "390000\n    phase_in: {2021: 50}")
    add("hostile_phase_in_percent", t, "BC310", line + 1, 22, "phase_in 50 meaning 50 %")
    t, line, col = set_value(ish, "    amount:", "390000\n    kind: one_off")
    add("hostile_one_off_constant", t, "BC311", line, col, "a one-off line with a constant amount")
    t = ish.rstrip("\n") + "\ndiscounting:\n  base_year: 2090\n"
    line, col = find(t, "2090")
    add("hostile_base_year_after", t, "BC315", line, col, "discounting from 2090, after the period")
    t, line, col = set_value(ish, "  title:", '"Hjemmebaseret \\e[2J indsats"')
    add("hostile_title_escape", t, "BC220", line, col, "an escape sequence in the title")
    t, line, col = set_value(ish, "  - name:", '"Støtte\\nkorps"')
    add("hostile_name_line_break", t, "BC220", line, col, "a line break in a line's name")
    t, line, col = set_value(ish, "  - name:", '"Støtte\\u202ekorps"')
    add("hostile_name_bidi", t, "BC220", line, col, "a right-to-left override in a name")
    t = ish.rstrip("\n") + "\nscenarios:\n"
    t += "".join(f"  s{k}: {{meta: {{title: S{k}}}}}\n" for k in range(21))
    line, _ = find(t, "\nscenarios:")
    add("hostile_many_scenarios", t, "BC510", line + 1, 1, "21 named scenarios")
    for name, target, code, why in [
        ("hostile_base_absolute", "/etc/passwd", "BC507", "a base outside the folder tree"),
        ("hostile_base_dotdot", "../../../../../../../../etc/passwd", "BC507", "../ out"),
        ("hostile_base_device", "/dev/zero", "BC507", "a device as base"),
        ("hostile_base_not_a_case", "manifest.json", "BC508", "a base that is not a case"),
        ("hostile_base_itself", "hostile_base_itself.yaml", "BC503", "a scenario its own base"),
    ]:
        add(name, f"base: {target}\nmeta:\n  title: X\n", code, 1, 7, why)


def write() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    for old in CORPUS.glob("*.yaml"):
        if not old.name.startswith("base_"):
            old.unlink()
    for e in ENTRIES:
        (CORPUS / e.name).write_bytes(e.data)
    manifest = {
        "about": "Expected first error of each malformed case file; see tools/make_corpus.py",
        "files": [
            {
                "file": e.name,
                "code": e.code,
                "line": e.line,
                "col": e.col,
                "exit": e.exit,
                "why": e.why,
                **({"also": [list(a) for a in e.also]} if e.also else {}),
            }
            for e in ENTRIES
        ],
    }
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", "utf-8")


def check() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from businesscase.loader import load_case

    bad = 0
    for e in ENTRIES:
        loaded = load_case(str(CORPUS / e.name), e.name)
        errors = [d for d in loaded.diagnostics if d.is_error]
        got = (errors[0].code, errors[0].line, errors[0].col) if errors else None
        every = {(d.code, d.line, d.col) for d in errors}
        if got != (e.code, e.line, e.col) or not set(e.also) <= every:
            bad += 1
            print(f"{e.name}: expected {e.code} {e.line}:{e.col} also {e.also}, got {got}")
            for d in errors[:3]:
                print(f"    {d.code} {d.line}:{d.col} {d.path} {d.message[:100]}")
    print(f"{len(ENTRIES)} files, {bad} differ")
    return bad


def build() -> None:
    for make in (
        bc101,
        bc102,
        bc103,
        bc104,
        bc105,
        bc106,
        bc107,
        bc108,
        bc201_202,
        bc203_204,
        other_cases,
        found_by_fuzzing,
        volume,
        long_values,
        keys_of_mappings,
        hostile,
    ):
        make()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    for name in BASES:
        target = CORPUS / f"base_{name}.yaml"
        if not target.exists():
            CORPUS.mkdir(parents=True, exist_ok=True)
            target.write_bytes((ROOT / "cases" / f"{name}.yaml").read_bytes())
    build()
    if not args.check:
        write()
    sys.exit(1 if check() else 0)


if __name__ == "__main__":
    main()
