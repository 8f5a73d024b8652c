"""Danish number formatting for the renderers; the definitions live in :mod:`businesscase.fmt`."""

from __future__ import annotations

from ..fmt import kr, kroner, number, round_half_up

__all__ = ["kr", "kroner", "number", "round_half_up"]
