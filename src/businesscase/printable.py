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

Standard library only; imported by the model, the scenario merge and the renderers.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"), None)
"""Characters that show nothing: soft hyphen, zero-width (non-)joiner and spaces, BOM."""

SPACES = "\u0020\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
"""Every kind of space: Unicode's category Zs (a test checks it against unicodedata)."""

_CLEAN = {**_INVISIBLE, **dict.fromkeys(map(ord, SPACES), " ")}


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
    text = unicodedata.normalize("NFC", text.translate(_CLEAN)).strip()
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
