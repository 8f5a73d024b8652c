"""The blocks of :mod:`.blocks` as rich renderables: for a terminal, and for the text that
:func:`.blocks.plain` leaves to rich.

Every text is a :class:`~rich.text.Text`, never a ``str``: rich reads a ``str`` as console
markup and emoji codes, so a name such as ``Familie [/] pædagog`` would crash it and
``[bold]x`` would lose its brackets. A case's text is printed as written."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import cast

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .blocks import UNLIMITED, Block, Figures, Para, TableBlock


def _para(block: Para) -> Text:
    first, _ = block.spans[0]
    text = Text(first, style=block.style)
    for part, style in block.spans[1:]:
        text.append(part, style=style or None)
    return text


def _table(block: TableBlock) -> Table:
    t = Table(show_lines=False, expand=False)
    for c in block.columns:
        t.add_column(
            Text(c.header), justify=c.justify, no_wrap=c.no_wrap, overflow=c.overflow or "ellipsis"
        )
    for r in block.rows:
        t.add_row(*map(Text, r.cells), style=r.style, end_section=r.end_section)
    return t


def _figures(block: Figures) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for label, value in block.rows:
        grid.add_row(Text(label), Text(value, style="bold"))
    return Panel(grid, title=Text(block.title), title_align="left", expand=False)


def renderable(block: Block) -> RenderableType:
    if isinstance(block, Para):
        return _para(block)
    if isinstance(block, TableBlock):
        return _table(block)
    if isinstance(block, Figures):
        return _figures(block)
    return cast("RenderableType", block.renderable)


def to_string(blocks: Sequence[Block], *, width: int | None = None) -> str:
    """The blocks laid out by rich: coloured for a terminal ``width`` columns wide, or (no
    width) plain and unlimited, as for a pipe."""
    buffer = io.StringIO()
    if width is not None:
        console = Console(file=buffer, width=width, highlight=False, force_terminal=True)
    else:
        console = Console(
            file=buffer, width=UNLIMITED, highlight=False, color_system=None, soft_wrap=False
        )
    console.print(Group(*(renderable(b) for b in blocks)))
    return buffer.getvalue()
