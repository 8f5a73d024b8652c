"""Maintain the message catalogue (gettext, with Babel): extract, update, compile, check.

    uv run python tools/i18n.py           # extract the messages, merge them into da's .po,
                                          # compile the .mo; new messages get an empty msgstr
    uv run python tools/i18n.py --check   # exit 1 if a message is untranslated or the .mo
                                          # is not the compiled .po

The messages are the literal arguments of ``_(...)``, ``usage_(...)`` and ``say(...)`` in src/businesscase,
and the help of every command (its summary, each parameter's help and metavar), which the command
declarations hold as plain data.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "businesscase"
PO = SRC / "locale" / "da" / "LC_MESSAGES" / "businesscase.po"
MO = PO.with_suffix(".mo")


def extracted() -> Catalog:
    catalog = Catalog(project="businesscase", domain="businesscase")
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(SRC),
        method_map=[("**.py", "python")],
        keywords={
            "_": None,
            "usage_": None,
            "say": None,
            "N_": None,
            "in_language": (2,),
            "ngettext": (1, 2),
            "in_language_n": (2, 3),
        },
    ):
        if message:
            catalog.add(message, locations=[(f"src/businesscase/{filename}", lineno)])
    sys.path.insert(0, str(ROOT / "src"))
    from businesscase.cli import COMMANDS, command
    from businesscase.commands.typer_app import ABOUT

    catalog.add(ABOUT, locations=[("src/businesscase/commands/typer_app.py", 0)])
    for name in COMMANDS:
        spec = command(name)
        where = [(f"src/businesscase/commands/{name}.py", 0)]
        catalog.add(spec.summary, locations=where)
        for p in spec.params:
            catalog.add(p.help, locations=where)
            if p.metavar is not None:
                catalog.add(p.metavar, locations=where)
    return catalog


def current() -> Catalog:
    with PO.open("rb") as f:
        return read_po(f, locale="da", domain="businesscase")


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def untranslated(catalog: Catalog, wanted: Catalog) -> list[str]:
    def done(m: object) -> bool:
        found = catalog.get(m.id)  # type: ignore[attr-defined]
        if found is None:
            return False
        texts = found.string if isinstance(found.string, tuple | list) else (found.string,)
        return all(texts)

    return sorted(str(m.id) for m in wanted if m.id and not done(m))


def main(argv: list[str]) -> int:
    wanted = extracted()
    if argv == ["--check"]:
        catalog = current()
        missing = untranslated(catalog, wanted)
        for m in missing:
            print(f"untranslated: {m!r}", file=sys.stderr)
        stale = not MO.exists() or MO.read_bytes() != compiled(catalog)
        if stale:
            print(
                f"{MO.relative_to(ROOT)} is not the compiled .po: run tools/i18n.py",
                file=sys.stderr,
            )
        return 1 if missing or stale else 0
    catalog = current() if PO.exists() else Catalog(locale="da", domain="businesscase")
    catalog.update(wanted, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True, ignore_obsolete=True)
    MO.write_bytes(compiled(current()))
    missing = untranslated(current(), wanted)
    print(f"{len(wanted)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
