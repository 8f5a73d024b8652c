"""The chart as a PNG or SVG file for a memo: the only module that imports matplotlib.

Drawn on a figure of its own (no pyplot, no global state), 16 cm wide: the width of an A4
page's text, so that a PNG pasted into a memo is printed at its own size. The cumulative net
is a line, the amount owed to the pool bars, the P10-P90 band (when asked for) a shaded area
around the line. Amounts on the axis in the case's language: ``-250.000`` in Danish,
``-250,000`` in English.

The same chart gives the same bytes: the SVG's ids come from a fixed salt, and neither file
carries a date or the software's version.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from ..fmt import year as shown_year
from .chart import ChartData, amount

FORMATS = ("png", "svg")
WIDTH_CM = 16.0
HEIGHT_CM = 9.0
DPI = 200
"""A PNG of 16 cm at 200 dots per inch: sharp in print, about 1260 pixels wide."""

LINE = "#1f4e79"
BAND = "#9dc3e6"
BARS = "#f4b183"

_RC: dict[str, Any] = {
    "svg.hashsalt": "businesscase",
    "svg.fonttype": "path",  # the letters as shapes: the SVG needs no font installed
    "font.family": "DejaVu Sans",  # matplotlib's own font: the same on every machine
    "font.size": 8.5,
    "axes.unicode_minus": True,
}


def render(data: ChartData, fmt: str, *, titled: bool = True) -> bytes:
    """The chart as a PNG or SVG file's bytes; ``titled`` puts the case's title above it."""
    if fmt not in FORMATS:
        raise ValueError(f"no chart format {fmt!r}")
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]
        figure = _draw(data, titled=titled)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = (
            {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
        )
        figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def svg_element(data: ChartData, *, titled: bool = True) -> str:
    """The chart as an ``<svg>`` element to put inline in an HTML page."""
    text = render(data, "svg", titled=titled).decode("utf-8")
    return text[text.index("<svg") :]


def _draw(data: ChartData, *, titled: bool = True) -> Figure:
    cm = 1 / 2.54
    figure = Figure(figsize=(WIDTH_CM * cm, HEIGHT_CM * cm), layout="constrained")
    ax = figure.add_subplot()
    years = list(data.years)
    if data.balance is not None:
        ax.bar(
            years,
            data.balance,
            width=0.6,
            color=BARS,
            label=data.balance_label,
            zorder=2,
        )
    if data.band is not None:
        words = _band_label(data)
        ax.fill_between(
            years, data.band.p10, data.band.p90, color=BAND, alpha=0.6, label=words, zorder=3
        )
    ax.plot(
        years,
        data.cumulative,
        color=LINE,
        linewidth=2,
        marker="o",
        markersize=4,
        label=data.cumulative_label,
        zorder=4,
    )
    ax.axhline(0, color="#404040", linewidth=0.8, zorder=3)
    ax.xaxis.set_major_locator(FixedLocator(years))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: shown_year(round(x))))
    if len(years) > 12:
        ax.tick_params(axis="x", labelrotation=90)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda y, _: amount(y, data.language).replace("-", "\u2212"))
    )
    ax.set_ylabel(data.unit)
    ax.grid(axis="y", color="#d9d9d9", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    # the title from the picture's left edge, in lines that fit its width
    if titled:
        figure.suptitle("\n".join(textwrap.wrap(data.title, 72)), x=0.01, ha="left", fontsize=9.5)
    handles, names = ax.get_legend_handles_labels()
    order = sorted(range(len(names)), key=lambda k: _legend_order(data, names[k]))
    ax.legend(
        [handles[k] for k in order],
        [names[k] for k in order],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=2,
        frameon=False,
        fontsize=8,
    )
    return figure


def _legend_order(data: ChartData, name: str) -> int:
    """The line first, then its band, then the bars."""
    if name == data.cumulative_label:
        return 0
    return 2 if name == data.balance_label else 1


def _band_label(data: ChartData) -> str:
    assert data.band is not None
    from .labels import labels

    words = labels(data.language)
    draws = amount(data.band.draws, data.language)
    return words.chart_band.format(draws=draws, seed=data.band.seed)
