"""Numbers as text, and the one rounding rule: a leaf module that anyone may import.

Every figure is shown as its exact value rounded half up (away from zero) to the unit shown:
whole kroner by default. Danish number style: ``-390.000``, ``1,5``. Nothing here imports
another module of the package, so the calculation, the checks and the renderers can all use it.

Numbers follow the language of the output. A case is shown inside
``with currency(case.meta.currency, language):``: amounts, counts and amounts in sentences
then follow the language's number conventions and the currency's symbol, by babel's locale
data: ``-390,000``, ``1.5``, ``£1,918,000``, ``DKK 500,000`` in English; ``1.020.000 £`` in
Danish. Kroner in Danish are the tables' own style (``-390.000``, ``1,5``, ``500.000 kr.``),
the default; kroner in English are babel's ``en_GB`` conventions, written here so that the
commonest outputs never import babel (a test checks they are babel's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

DEFAULT_CURRENCY = "DKK"


class YearForm(NamedTuple):
    """How a case counts its years: calendar years (2023), financial years that start in
    ``start_month`` (2019-20, counted by the calendar year they start in), or relative years
    (year 1 ... n; counted from ``anchor``, the calendar year of year 1, when the case gives
    one, else from 1). Inside the calculation a year is always that one number."""

    kind: str = "calendar"
    start_month: int | None = None
    anchor: int | None = None

    @property
    def first_number(self) -> int:
        """The number that stands for relative year 1 inside the calculation."""
        return self.anchor if self.anchor is not None else 1

    def label(self, year: int, lang: str = "da") -> str:
        """``2023``, ``2019-20``, ``År 3`` / ``Year 3``."""
        if self.kind == "financial":
            return f"{year}-{(year + 1) % 100:02d}"
        if self.kind == "relative":
            word = "År " if lang == "da" else "Year "
            anchored = f" ({year})" if self.anchor is not None else ""
            return f"{word}{year - self.first_number + 1}{anchored}"
        return str(year)

    def key(self, year: int) -> int | str:
        """The year as a program reads it (JSON): ``2023``, ``"2019-20"``, ``3``."""
        if self.kind == "financial":
            return self.label(year)
        if self.kind == "relative":
            return year - self.first_number + 1
        return year

    def written(self, year: int) -> str:
        """The year as a case file writes it: ``2023``, ``2019-20``, ``3``."""
        return str(self.key(year))

    def read(self, text: str) -> int | None:
        """A year as a user writes it on the command line, in the period's form or, where the
        case has calendar years, as one: ``2021-22`` or ``2021`` (financial), ``3``, ``År 3``,
        ``Year 3`` or, with an anchor, ``2027`` (relative). The calculation's number for it,
        inside the period or not; None when ``text`` is no year in these forms."""
        t = " ".join(text.split()).casefold()
        if self.kind == "financial":
            m = re.fullmatch(r"([0-9]{4}) ?[-/] ?([0-9]{2})", t)
            if m is not None and (int(m[1]) + 1) % 100 == int(m[2]):
                return int(m[1])
        elif self.kind == "relative":
            m = re.fullmatch(r"(?:år|year)? ?([0-9]{1,3})(?: ?\(([0-9]{4})\))?", t)
            if m is not None:
                n = self.first_number - 1 + int(m[1])
                return n if m[2] is None or int(m[2]) == n else None
            if self.anchor is None:
                return None  # no calendar year stands for a year of this case
        return int(t) if re.fullmatch(r"[0-9]{4}", t) else None

    def span(self, first: int, last: int) -> str:
        """Years as a case file writes a range of them: ``2021-2027``, ``2019-20 to 2021-22``."""
        sep = " to " if self.kind == "financial" else "-"
        return f"{self.written(first)}{sep}{self.written(last)}"


CALENDAR = YearForm()


def places_within(step: Fraction) -> int:
    """The decimals a figure known to within ``step`` can honestly show: those of the first
    power of ten no larger than the step (known to within 20 kroner: whole kroner)."""
    places = 0
    while Fraction(1, 10**places) > step:
        places += 1
    return places


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


class Style(NamedTuple):
    """How amounts of a currency other than kroner are written in a language."""

    currency: str
    language: str
    group: str
    decimal: str
    symbol: str
    """The currency's sign in the language (``£``, ``€``), or its code where it has none."""
    prefix: bool
    """Whether the sign comes before the digits (``£1,000``) or after (``1.000 €``)."""
    name: str = ""
    """The currency's name in the language, for amounts of it (``British pounds``)."""

    def with_sign(self, digits: str) -> str:
        """``digits`` (already formatted, possibly negative) with the currency's sign."""
        if not self.prefix:
            return f"{digits} {self.symbol}"
        sign, rest = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
        space = " " if self.symbol.isalpha() else ""  # a code stands apart: DKK 1,918,000
        return f"{sign}{self.symbol}{space}{rest}"


_style: ContextVar[Style | None] = ContextVar("businesscase_currency", default=None)
_years: ContextVar[tuple[YearForm, str]] = ContextVar(
    "businesscase_years", default=(CALENDAR, "da")
)


def year(value: int) -> str:
    """A year as shown now: ``2023``, or in the case's own form (``2019-20``, ``År 3``)."""
    form, lang = _years.get()
    return form.label(value, lang)


def written(value: int) -> str:
    """A year as the case file writes it now: ``2023``, ``2019-20``, ``3``."""
    return _years.get()[0].written(value)


def span(first: int, last: int) -> str:
    """Years as the case file writes a range of them: ``2021-2027``, ``2019-20 to 2021-22``."""
    return _years.get()[0].span(first, last)


def year_key(value: int) -> int | str:
    """A year as JSON gives it now: ``2023``, ``"2019-20"``, ``3``."""
    return _years.get()[0].key(value)


def year_form() -> YearForm:
    """The form years are shown in now."""
    return _years.get()[0]


@contextmanager
def years(form: YearForm, lang: str) -> Iterator[None]:
    """Show years in ``form`` (financial, relative) within the block; calendar by default."""
    token = _years.set((form, lang))
    try:
        yield
    finally:
        _years.reset(token)


@contextmanager
def shown_as(code: str, form: YearForm, lang: str) -> Iterator[None]:
    """A case's amounts in its currency and its years in its form, in ``lang``."""
    with currency(code, lang), years(form, lang):
        yield


def style() -> Style | None:
    """The currency style amounts are shown in now; None for kroner in the tables' style."""
    return _style.get()


def _make_style(code: str, lang: str) -> Style:
    from babel import Locale
    from babel.numbers import get_currency_name, get_currency_symbol

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
        name=get_currency_name(code, count=2, locale=locale),
    )


def currency_name() -> str | None:
    """The name of the currency amounts are in now (``British pounds``, ``britiske pund``);
    None for kroner, which messages name in their own words."""
    current = _style.get()
    if current is None or current.currency == DEFAULT_CURRENCY:
        return None  # kroner in English too: messages say kroner
    return current.name


def case_currency(written: object) -> str:
    """A case's ``meta.currency`` as written, read before the case is validated (so that
    the reader's and the model's messages name its currency): the ISO 4217 code when babel
    knows it, else kroner (the model then refuses the code itself)."""
    if not isinstance(written, str) or not re.fullmatch(r"[A-Za-z]{3}", written.strip()):
        return DEFAULT_CURRENCY
    code = written.strip().upper()
    if code == DEFAULT_CURRENCY:
        return code
    from babel.numbers import list_currencies

    return code if code in list_currencies() else DEFAULT_CURRENCY


_KNOWN = {
    (DEFAULT_CURRENCY, "en"): Style(
        currency=DEFAULT_CURRENCY,
        language="en",
        group=",",
        decimal=".",
        symbol="DKK",
        prefix=True,
        name="Danish kroner",
    ),
}
"""Styles whose babel data is known here (``tests/test_currency.py`` compares them with
babel's), so that an English case in kroner does not import babel."""


def _style_of(code: str, lang: str) -> Style | None:
    if code == DEFAULT_CURRENCY and lang != "en":
        return None  # the tables' own style
    known = _KNOWN.get((code, lang))
    return known if known is not None else _make_style(code, lang)


@contextmanager
def currency(code: str, lang: str) -> Iterator[None]:
    """Show amounts in ``code`` with the number conventions of ``lang`` within the block:
    kroner in Danish (the default) in the tables' own style, anything else by babel's data."""
    token = _style.set(_style_of(code, lang))
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


def as_written(value: int | Fraction | Decimal | float, lang: str) -> str:
    """A number a message quotes back to its writer: its digits as written (``1.5``,
    ``0.25``, ``600000``), with the decimal comma in Danish (``1,5``), never a ``repr``. A
    result that is no finite decimal (a formula's 1/3) is given to six significant digits."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        value = Decimal(repr(value)) if value == value and abs(value) != float("inf") else value
    if isinstance(value, Fraction):
        d = value.denominator
        while d % 2 == 0:
            d //= 2
        while d % 5 == 0:
            d //= 5
        value = (
            Decimal(value.numerator) / Decimal(value.denominator)
            if d == 1
            else Decimal(f"{float(value):.6g}")
        )
    if isinstance(value, float):  # not a finite number
        text = str(value)
    elif isinstance(value, Decimal):
        text = f"{value:f}" if value.is_finite() else str(value)
        if value.is_finite() and abs(value.adjusted()) > 30:  # 1e+400 as written, not 400 digits
            text = str(value)
    else:
        text = str(value)
    return text.replace(".", ",") if lang == "da" else text


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
