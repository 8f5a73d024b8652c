"""Plain text without rich is the text rich prints to a pipe, character for character.

``run`` and ``diff`` describe their text output as blocks (:mod:`businesscase.render.blocks`);
to a pipe or a file they are written without importing rich. Here the plain writer and rich
(with the console a pipe gets) write the same blocks, for any texts, widths and shapes, and
must agree byte for byte; where the plain writer declines (control characters, tabs), the
output is still rich's. Brackets and colons are text: neither writer reads them as markup.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from businesscase.render.blocks import (
    ONE_CELL_RANGES,
    Column,
    Figures,
    Para,
    TableBlock,
    plain,
    plain_or_rich,
)
from businesscase.render.rich_blocks import to_string

# Danish letters, the typography the labels use, wide and zero-width characters, and the
# characters rich reads as markup or emoji when they come in the right order
_ALPHABET = st.sampled_from(
    list("ab Zæøå ÆØÅ 0123456789-.,()%")
    + list("≥≤−–…“”×·\u00a0")
    + list("漢字é\u0301[]:/#@\\\t\x07")
)
_TEXT = st.text(_ALPHABET, max_size=30)
_CELL = st.lists(_TEXT, min_size=1, max_size=3).map("\n".join)
_STYLE = st.sampled_from(["", "bold", "dim", "bold yellow"])


@st.composite
def _tables(draw: st.DrawFn) -> TableBlock:
    n = draw(st.integers(1, 6))
    columns = [
        Column(
            draw(_TEXT),
            draw(st.sampled_from(["left", "right"])),
            no_wrap=draw(st.booleans()),
            fold=draw(st.booleans()),
        )
        for _ in range(n)
    ]
    table = TableBlock(columns)
    for _ in range(draw(st.integers(0, 5))):
        table.add_row(
            *(draw(_CELL) for _ in range(n)), style=draw(_STYLE), end_section=draw(st.booleans())
        )
    return table


@st.composite
def _paras(draw: st.DrawFn) -> Para:
    para = Para(draw(_CELL), style=draw(_STYLE))
    for _ in range(draw(st.integers(0, 3))):
        para.append(draw(_CELL), style=draw(_STYLE))
    return para


_FIGURES = st.builds(Figures, _TEXT, st.lists(st.tuples(_CELL, _TEXT), min_size=1, max_size=5))
_BLOCKS = st.lists(st.one_of(_tables(), _paras(), _FIGURES), min_size=1, max_size=4)


@settings(max_examples=400, deadline=None)
@given(_BLOCKS)
def test_plain_text_is_what_rich_prints_to_a_pipe(blocks: list[object]) -> None:
    rich = to_string(blocks)  # type: ignore[arg-type]
    text = plain(blocks)  # type: ignore[arg-type]
    if text is not None:
        assert text == rich
    assert plain_or_rich(blocks) == rich  # type: ignore[arg-type]


def test_ordinary_labels_need_no_rich() -> None:
    """The plain writer takes what the cases have: footnote marks, typography, Danish."""
    table = TableBlock([Column("Kr., 2020-priser"), Column("2021", "right")])
    table.add_row(
        "Besparelser på foranstaltninger [1] “32 timer” ≥ 0", "-390.000", end_section=True
    )
    table.add_row("Samlet", "0")
    blocks = [Para("Titel", style="bold"), table, Figures("Nøgletal", [("År", "2027")])]
    assert plain(blocks) == to_string(blocks)  # type: ignore[arg-type]


def test_one_cell_characters_are_one_cell_to_rich() -> None:
    """The characters the plain writer counts as one cell without rich, in every Unicode
    version rich can be told to use."""
    from rich._unicode_data._versions import VERSIONS
    from rich.cells import cell_len

    chars = [chr(c) for start, end in ONE_CELL_RANGES for c in range(start, end + 1)]
    for version in ("auto", *VERSIONS):
        wider = [c for c in chars if cell_len(c, version) != 1]
        assert not wider, f"Unicode {version}: {wider[:10]}"


def test_markup_and_emoji_codes_are_printed_as_written() -> None:
    """A name with brackets crashed rich once ("[/]" closes nothing) and lost its brackets
    ("[bold]"): both writers print it as written, on a pipe and on a terminal."""
    name = "Familie [/] pædagog [bold]x[/bold] :smile:"
    table = TableBlock([Column("[red]Kr."), Column("2025", "right")])
    table.add_row(name, "-400.000")
    blocks = [Para(name), table, Figures(name, [(name, "[/]")])]
    text = plain(blocks)  # type: ignore[arg-type]
    assert text is not None
    assert text == to_string(blocks)  # type: ignore[arg-type]
    assert text.count(name) == 4 and "[red]Kr." in text and "[/]" in text
    coloured = to_string(blocks, width=120)  # type: ignore[arg-type]
    assert name in coloured and "[red]Kr." in coloured
