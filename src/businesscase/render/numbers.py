"""Danish number formatting: ``-390.000``, ``1,5``. The only place numbers become text."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..results import round_half_up


def kroner(value: int | Fraction | Decimal) -> str:
    """Whole kroner, rounded half up, with '.' between thousands: ``-250.000``."""
    n = round_half_up(value) if not isinstance(value, int) else value
    sign = "-" if n < 0 else ""
    return sign + f"{abs(n):,}".replace(",", ".")


def kr(value: int | Fraction | Decimal) -> str:
    """An amount in a sentence: ``100.000 kr.``."""
    return f"{kroner(value)} kr."


def number(value: int | Fraction | Decimal, *, places: int = 2) -> str:
    """A count or rate in Danish style: ``1,5``, ``5``, ``0,35``; thousands with '.'."""
    d = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(value)
    )
    d = d.quantize(Decimal(1).scaleb(-places)).normalize()
    whole, _, frac = f"{d:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    return sign + whole + ("," + frac if frac else "")
