"""Numbers as text, and the one rounding rule: a leaf module that anyone may import.

Every figure is shown as its exact value rounded half up (away from zero) to the unit shown:
whole kroner by default. Danish number style: ``-390.000``, ``1,5``. Nothing here imports
another module of the package, so the calculation, the checks and the renderers can all use it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction | Decimal | int) -> int:
    """Whole units, halves away from zero (-0.5 → -1, 0.5 → 1), as in accounting practice."""
    if isinstance(value, int):
        return value
    exact = value if isinstance(value, Fraction) else Fraction(value)  # exact, no precision limit
    n, d = exact.numerator, exact.denominator
    if d == 1:
        return n
    whole = (2 * abs(n) + d) // (2 * d)  # floor(|x| + 1/2) in integers
    return whole if n >= 0 else -whole


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


MONEY_LOCALES = {"da": "da_DK", "en": "en_GB"}
"""The number conventions of each output language (babel's locale data)."""


def money(value: int | Fraction | Decimal, currency: str = "DKK", lang: str = "da") -> str:
    """An amount in whole units of ``currency`` (rounded half up), written with the currency's
    symbol and the separators of ``lang``, by babel's locale data: ``1.918.000 kr.``,
    ``£1,918,000``, ``1.918.000 €``. Babel is imported only when an amount is formatted."""
    from babel import Locale
    from babel.numbers import format_currency

    locale = Locale.parse(MONEY_LOCALES.get(lang, lang))
    pattern = locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    text = format_currency(
        round_half_up(value),
        currency,
        format=pattern,
        locale=locale,
        currency_digits=False,
    ).replace("\xa0", " ")
    # a currency code, not a sign, stands apart from the digits: DKK 1,918,000
    return re.sub(r"^(-?)([A-Z]{3})(?=\d)", r"\1\2 ", text)
