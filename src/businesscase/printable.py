"""Text from a case file or the file system, made safe to print and to compare.

Two jobs, one place:

* :func:`clean` is what the case model applies to every text it accepts. Invisible
  characters that make two names look alike (a soft hyphen, zero-width spaces, a byte order
  mark) are removed, every kind of space becomes a plain space, the text is put in Unicode's
  composed form (NFC: ``å`` is one character, however it was typed) and trimmed. A control
  character (an escape sequence, a bell, a bidirectional override), or a line break in a
  one-line field such as a name, is refused: such a name could hide text, retitle the
  terminal window or clear the screen when printed, and no budget needs one.
* :func:`printable` is what every diagnostic passes through before it is printed: the same
  characters in text the model never accepted (a key, a refused value, a file name) are
  shown as escapes (``\\x1b``) instead of being sent to the terminal.
* :func:`skeleton` and :func:`mixed_script` find names that look alike but are not: a
  Cyrillic ``а`` in ``Fаmiliebehandling`` looks like a Latin ``a`` and makes another name.

Standard library only; imported by the model, the scenario merge and the renderers.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"), None)
"""Characters that show nothing: soft hyphen, zero-width (non-)joiner and spaces, BOM."""

SPACES = "\u0020\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
"""Every kind of space: Unicode's category Zs (a test checks it against unicodedata)."""

_CLEAN = {**_INVISIBLE, **dict.fromkeys(map(ord, SPACES), " ")}
_TO_CLEAN = re.compile("[" + "".join(chr(c) for c in _CLEAN if c != ord(" ")) + "]")
"""A character :data:`_CLEAN` changes: most texts have none, and a search for one is several
times faster than translating a text character by character."""


class UnsafeText(ValueError):
    """A text holds a character that must not be printed; ``char`` is the first one."""

    def __init__(self, char: str) -> None:
        super().__init__(f"U+{ord(char):04X}")
        self.char = char

    @property
    def name(self) -> str:
        if self.char == "\n":
            return "a line break"
        if self.char == "\x1b":
            return "an escape character (ESC)"
        return f"the invisible character U+{ord(self.char):04X}"


def clean(text: str, *, multiline: bool = False) -> str:
    """The text as the case keeps it; raise :class:`UnsafeText` for a control character.

    ``multiline`` allows line breaks and tabs (a note, an assumption, a quote).
    """
    if text.isascii() and text.isprintable():
        return text.strip()
    if _TO_CLEAN.search(text) is not None:
        text = text.translate(_CLEAN)
    text = unicodedata.normalize("NFC", text).strip()
    if not text.isprintable():
        for char in text:
            if not char.isprintable() and not (multiline and char in "\n\t"):
                raise UnsafeText(char)
    if multiline:
        text = text.replace("\r\n", "\n")
    return text


def canonical(name: object) -> object:
    """A name as duplicates and overrides compare it (a non-text key is left as it is)."""
    if not isinstance(name, str):
        return name
    try:
        return clean(name)
    except UnsafeText:
        return name


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on shown as an escape instead."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    if char == "\t" or unicodedata.category(char) == "Zs":
        return " "
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


# --- Look-alike letters ---------------------------------------------------------------------

_LOOKALIKES = {
    "A": "\u0391\u0410",
    "B": "\u0392\u0412",
    "C": "\u03f9\u0421",
    "E": "\u0395\u0415",
    "F": "\u03dc",
    "G": "\u050c",
    "H": "\u0397\u041d",
    "J": "\u037f\u0408",
    "K": "\u039a\u041a",
    "M": "\u039c\u03fa\u041c",
    "N": "\u039d",
    "O": "\u039f\u041e",
    "P": "\u03a1\u0420",
    "S": "\u0405",
    "T": "\u03a4\u0422",
    "V": "\u0474",
    "W": "\u051c",
    "X": "\u03a7\u0425",
    "Y": "\u03a5\u03d2\u0423\u04ae",
    "Z": "\u0396",
    "a": "\u03b1\u0430",
    "b": "\u042c",
    "c": "\u03f2\u0441",
    "d": "\u0501",
    "e": "\u0435\u04bd",
    "h": "\u04bb",
    "i": "\u03b9\u1fbe\u037a\u0456\ua647\u04cf",
    "j": "\u03f3\u0458",
    "l": "\u0399\u0406\u04c0I",
    "o": "\u03bf\u03c3\u043e",
    "p": "\u03c1\u03f1\u0440",
    "q": "\u051b",
    "r": "\u1d26\u0433",
    "s": "\u0455",
    "u": "\u03c5",
    "v": "\u03bd\u0475",
    "w": "\u0461\u051d",
    "x": "\u0445",
    "y": "\u03b3\u0443\u04af",
}
"""The Cyrillic and Greek letters that look like a Latin letter, by that letter: every entry
of Unicode's confusables.txt (UTS #39, *Unicode Security Mechanisms*, version 14.0.0,
https://www.unicode.org/Public/security/14.0.0/confusables.txt) that maps one Cyrillic or
Greek letter to one Latin letter. As there, a capital I looks like a small l."""

_SKELETON = str.maketrans({c: latin for latin, chars in _LOOKALIKES.items() for c in chars})
_OTHER_SCRIPTS = ("CYRILLIC", "GREEK")
_FIRST_GREEK = "\u0370"
"""The first character of the Greek block; the Cyrillic block comes after it."""


def skeleton(text: str) -> str:
    """``text`` as it looks: each Cyrillic or Greek letter that looks like a Latin one is
    replaced by it. Two names with the same skeleton look the same on screen and in print."""
    return text.translate(_SKELETON)


def script(char: str) -> str | None:
    """``LATIN``, ``CYRILLIC`` or ``GREEK`` for a letter of that alphabet, else ``None``."""
    if not char.isalpha():
        return None
    if char.isascii():
        return "LATIN"
    first = unicodedata.name(char, "").split(" ", 1)[0]
    return first if first in ("LATIN", *_OTHER_SCRIPTS) else None


def foreign_letters(text: str) -> list[str]:
    """The Cyrillic and Greek letters of ``text`` that stand in a word of Latin letters (a
    word mixing the alphabets: ``Fаmilie`` with a Cyrillic ``а``), in order, each once."""
    if not text or max(text) < _FIRST_GREEK:
        return []  # Latin letters and signs only (æ, ø, å ...): Greek starts at U+0370
    found: list[str] = []
    word: list[str] = []
    for char in [*text, " "]:
        if char.isalpha():
            word.append(char)
            continue
        scripts = {script(c) for c in word} - {None}
        if "LATIN" in scripts and len(scripts) > 1:
            found += [c for c in word if script(c) != "LATIN" and c not in found]
        word = []
    return found


def describe(char: str) -> str:
    """A letter as a message names it: ``'а' (U+0430 CYRILLIC SMALL LETTER A)``."""
    return f"'{char}' (U+{ord(char):04X} {unicodedata.name(char, '?')})"
