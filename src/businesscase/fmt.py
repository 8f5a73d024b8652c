"""Numbers as text, and the one rounding rule: a leaf module that anyone may import.

Every figure is shown as its exact value rounded half up (away from zero) to the unit shown:
whole kroner by default. Danish number style: ``-390.000``, ``1,5``. Nothing here imports
another module of the package, so the calculation, the checks and the renderers can all use it.

A case in another currency than kroner (``meta.currency: GBP``) is shown inside
``with currency("GBP", "en"):``: amounts, counts and amounts in sentences then follow the
language's number conventions and the currency's symbol, by babel's locale data
(``-390,000``, ``1.5``, ``£1,918,000``). Kroner keep the tables' own style, and never import
babel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

DEFAULT_CURRENCY = "DKK"


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


@dataclass(frozen=True, slots=True)
class Style:
    """How amounts of a currency other than kroner are written in a language."""

    currency: str
    language: str
    group: str
    decimal: str
    symbol: str
    """The currency's sign in the language (``£``, ``€``), or its code where it has none."""
    prefix: bool
    """Whether the sign comes before the digits (``£1,000``) or after (``1.000 €``)."""

    def with_sign(self, digits: str) -> str:
        """``digits`` (already formatted, possibly negative) with the currency's sign."""
        if not self.prefix:
            return f"{digits} {self.symbol}"
        sign, rest = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
        space = " " if self.symbol.isalpha() else ""  # a code stands apart: DKK 1,918,000
        return f"{sign}{self.symbol}{space}{rest}"


_style: ContextVar[Style | None] = ContextVar("businesscase_currency", default=None)


def style() -> Style | None:
    """The currency style amounts are shown in now; None for kroner in the tables' style."""
    return _style.get()


def _make_style(code: str, lang: str) -> Style:
    from babel import Locale
    from babel.numbers import get_currency_symbol

    locale = Locale.parse(MONEY_LOCALES.get(lang, lang))
    symbols = locale.number_symbols["latn"]
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    return Style(
        currency=code,
        language=lang,
        group=symbols["group"].replace("\xa0", " ").replace("\u202f", " "),
        decimal=symbols["decimal"],
        symbol=get_currency_symbol(code, locale),
        prefix=pattern.strip().startswith("¤"),
    )


@contextmanager
def currency(code: str, lang: str) -> Iterator[None]:
    """Show amounts in ``code`` with the number conventions of ``lang`` within the block;
    kroner (the default) keep the tables' own style."""
    token = _style.set(None if code == DEFAULT_CURRENCY else _make_style(code, lang))
    try:
        yield
    finally:
        _style.reset(token)


def kroner(value: int | Fraction | Decimal) -> str:
    """Whole kroner, rounded half up, with '.' between thousands: ``-250.000``; in another
    currency, with its language's separator: ``-250,000``."""
    n = round_half_up(value) if not isinstance(value, int) else value
    sign = "-" if n < 0 else ""
    current = _style.get()
    group = "." if current is None else current.group
    return sign + f"{abs(n):,}".replace(",", group)


def kr(value: int | Fraction | Decimal) -> str:
    """An amount in a sentence: ``100.000 kr.``; in another currency ``£100,000``."""
    current = _style.get()
    if current is not None:
        return current.with_sign(kroner(value))
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
    current = _style.get()
    group, decimal = (".", ",") if current is None else (current.group, current.decimal)
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", group)
    return sign + whole + (decimal + frac if frac else "")


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
