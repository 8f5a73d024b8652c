"""The parts of a human-readable output (paragraphs, tables, a framed list of figures), and
the plain text they make when the output is not a terminal.

The text outputs (``run``, ``diff``) describe what they show as these blocks. On a terminal
rich lays them out, in colour and for the terminal's width (:mod:`.rich_blocks`). To a pipe
or a file the output has no colour and no width limit, and :func:`plain` writes exactly the
text rich writes then (box characters and all), without importing rich: rich costs a command
more than its calculation. Text that rich would lay out differently (a control character or
a tab, a line longer than rich's unlimited width) makes :func:`plain` return None, and the
caller lets rich render it. Brackets and colons are text like any other: rich is handed
every text as a ``Text``, never as console markup (:mod:`.rich_blocks`).

Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Justify = Literal["left", "right"]

UNLIMITED = 10_000
"""The width of the console that writes to a pipe or a file: in effect no limit."""


class Para:
    """Text in one or more lines: a first text in the paragraph's style, then further spans
    each in its own style (``""``, ``"bold"``, ``"dim"`` ...) on top of it."""

    __slots__ = ("spans", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.spans: list[tuple[str, str]] = [(text, "")]

    def append(self, text: str, style: str = "") -> Para:
        self.spans.append((text, style))
        return self

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.spans)

    def __repr__(self) -> str:
        return f"Para({self.spans!r}, style={self.style!r})"


class Column:
    __slots__ = ("header", "justify", "no_wrap", "overflow")

    def __init__(
        self, header: str, justify: Justify = "left", *, no_wrap: bool = False, fold: bool = False
    ) -> None:
        self.header = header
        self.justify: Justify = justify
        self.no_wrap = no_wrap
        self.overflow: Literal["fold"] | None = "fold" if fold else None

    def __repr__(self) -> str:
        return f"Column({self.header!r}, {self.justify!r}, no_wrap={self.no_wrap}, fold={bool(self.overflow)})"


class Row:
    __slots__ = ("cells", "end_section", "style")

    def __init__(self, cells: Sequence[str], style: str = "", end_section: bool = False) -> None:
        self.cells = tuple(cells)
        self.style = style
        self.end_section = end_section

    def __repr__(self) -> str:
        return f"Row({self.cells!r}, {self.style!r}, {self.end_section})"


class TableBlock:
    """A table with a header row and a heavy head rule (rich's default box)."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: Sequence[Column], rows: Sequence[Row] = ()) -> None:
        self.columns = tuple(columns)
        self.rows = list(rows)

    def __repr__(self) -> str:
        return f"TableBlock({list(self.columns)!r}, {self.rows!r})"

    def add_row(self, *cells: str, style: str = "", end_section: bool = False) -> None:
        self.rows.append(Row(cells, style, end_section))


class Figures:
    """Labels and (bold) values in two columns in a rounded frame, a title in its top rule."""

    __slots__ = ("rows", "title")

    def __init__(self, title: str, rows: Sequence[tuple[str, str]]) -> None:
        self.title = title
        self.rows = tuple(rows)

    def __repr__(self) -> str:
        return f"Figures({self.title!r}, {list(self.rows)!r})"


class Rendered:
    """What only rich lays out (a rich renderable, such as the chart of block characters)."""

    __slots__ = ("renderable",)

    def __init__(self, renderable: object) -> None:
        self.renderable = renderable


Block = Para | TableBlock | Figures | Rendered


# ---------------------------------------------------------------------------------------------
# Plain text


class _NotPlain(Exception):
    """Text that rich would not print as it is."""


ONE_CELL_RANGES = (
    # rich counts these as one cell each without looking further (rich.cells)
    (0x20, 0x7E),
    (0xA0, 0xAC),
    (0xAE, 0x2FF),
    (0x370, 0x482),
    (0x2500, 0x25FC),
    (0x2800, 0x28FF),
    # and these by its tables, in every Unicode version it knows (a test checks): dashes,
    # quotes, ellipsis and the like, currency signs, arrows, mathematical operators (≥)
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20A0, 0x20C0),
    (0x2190, 0x22FF),
)
_ONE_CELL = frozenset(chr(c) for start, end in ONE_CELL_RANGES for c in range(start, end + 1))


def cell_len(text: str) -> int:
    """The cells ``text`` takes in a terminal, as rich counts them."""
    if _ONE_CELL.issuperset(text):
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def _check_text(text: str) -> None:
    """A paragraph's text, which rich strips of control characters and whose tabs it expands."""
    if not _ONE_CELL.issuperset(text):
        for char in text:
            if char != "\n" and (char < " " or "\x7f" <= char < "\xa0"):
                raise _NotPlain


def _check_cell(text: str) -> None:
    """A table cell, a label or a title."""
    _check_text(text)
    if not text.isascii() and any(c.isspace() and c not in " \n" for c in text):
        raise _NotPlain  # a no-break space and the like: rich's lines may differ in them


def _lines(cell: str) -> list[str]:
    return cell.split("\n")


def _para(block: Para) -> str:
    text = block.text
    _check_text(text)
    if any(cell_len(line) > UNLIMITED for line in text.split("\n")):
        raise _NotPlain
    return text + "\n"


def _pad(text: str, width: int, justify: Justify) -> str:
    if justify == "right":
        text = text.rstrip()  # as rich does before it aligns a line right
        return " " * (width - cell_len(text)) + text
    return text + " " * (width - cell_len(text))


def _table(block: TableBlock) -> str:
    columns = block.columns
    grid = [[c.header for c in columns], *(list(r.cells) for r in block.rows)]
    for cells in grid:
        for cell in cells:
            _check_cell(cell)
    widths = [
        max(cell_len(line) for cells in grid for line in _lines(cells[k]))
        for k in range(len(columns))
    ]
    if sum(widths) + 3 * len(widths) + 1 > UNLIMITED or not all(widths):
        raise _NotPlain  # too wide, or an empty column (rich drops its lines)
    justify = [c.justify for c in columns]

    def rule(left: str, line: str, cross: str, right: str) -> str:
        return left + cross.join(line * (w + 2) for w in widths) + right + "\n"

    def row(cells: list[str], bar: str) -> str:
        split = [_lines(c) for c in cells]
        height = max(len(s) for s in split)
        out = []
        for n in range(height):
            parts = (
                _pad(s[n] if n < len(s) else "", w, j)
                for s, w, j in zip(split, widths, justify, strict=True)
            )
            out.append(bar + bar.join(f" {p} " for p in parts) + bar + "\n")
        return "".join(out)

    out = [rule("┏", "━", "┳", "┓"), row(grid[0], "┃"), rule("┡", "━", "╇", "┩")]
    last = len(block.rows) - 1
    for k, r in enumerate(block.rows):
        out.append(row(list(r.cells), "│"))
        if r.end_section and k != last:
            out.append(rule("├", "─", "┼", "┤"))
    out.append(rule("└", "─", "┴", "┘"))
    return "".join(out)


def _figures(block: Figures) -> str:
    for label, value in block.rows:
        _check_cell(label)
        _check_cell(value)
    title = block.title.replace("\n", " ")
    _check_cell(title)
    split = [(_lines(label), _lines(value)) for label, value in block.rows]
    label_w = max((cell_len(x) for labels, _ in split for x in labels), default=0)
    value_w = max((cell_len(x) for _, values in split for x in values), default=0)
    if not label_w or not value_w:  # rich drops an empty column of a grid
        raise _NotPlain
    inner = label_w + 2 + value_w + 2
    if title:
        inner = max(inner, cell_len(title) + 4)
        top = f"╭─ {title} {'─' * (inner - 4 - cell_len(title))}─╮\n"
    else:
        top = f"╭{'─' * inner}╮\n"
    if inner + 2 > UNLIMITED:
        raise _NotPlain
    out = [top]
    for labels, values in split:
        for n in range(max(len(labels), len(values))):
            label = labels[n] if n < len(labels) else ""
            value = values[n] if n < len(values) else ""
            line = f" {_pad(label, label_w, 'left')}  {_pad(value, value_w, 'right')} "
            out.append(f"│{_pad(line, inner, 'left')}│\n")
    out.append(f"╰{'─' * inner}╯\n")
    return "".join(out)


def plain(blocks: Sequence[Block]) -> str | None:
    """The blocks as rich prints them with no terminal, or None where only rich can."""
    out = []
    try:
        for block in blocks:
            if isinstance(block, Para):
                out.append(_para(block))
            elif isinstance(block, TableBlock):
                out.append(_table(block))
            elif isinstance(block, Figures):
                out.append(_figures(block))
            else:
                return None
    except _NotPlain:
        return None
    return "".join(out)


def plain_or_rich(blocks: Sequence[Block]) -> str:
    """Output without a terminal: plain text, as rich prints it (by rich where need be)."""
    text = plain(blocks)
    if text is None:
        from .rich_blocks import to_string

        text = to_string(blocks)
    return text
