"""The case model, format version 1.

Sign convention (stated here once, used everywhere)
---------------------------------------------------
In the case file every amount is written as a **positive** number under its heading: a cost
under ``costs``, a saving under ``avoided`` or ``reallocations``, money from the pool under
``funding``. In every result a **cost is negative and a saving positive**, as in the source
documents' tables; pool draws and repayments are shown as positive flows beside the net.

Units
-----
Amounts are kroner (``meta.currency``), or thousands of kroner with ``meta.amounts_in: 1000``
(the model multiplies them), at the price level of ``meta.price_level``; counts are
numbers of measures per year and may be fractional (1.5 family treatments a year). Every number
is kept exactly (``Decimal`` from the file's text); rounding happens only for display.

Yearly values
-------------
Any field typed :data:`Yearly` takes one of three forms::

    amount: 390000                       # the same every year of the period
    amount: {2021: 115000, 2022: 115000} # year -> amount; unlisted years are 0
    amount: {2021-2022: 115000, 2023-2027: 215000}   # inclusive year ranges

The model only checks the shape of a case; checks that need the whole case (years outside the
period, a pool not repaid, ...) live in :mod:`businesscase.checks`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PlainValidator,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError, PydanticKnownError

from .fmt import CALENDAR, YearForm, as_written, currency_name
from .formula import Formula, FormulaError
from .formula import parse as parse_formula
from .i18n import N_, _, language
from .printable import UnsafeText, clean

FORMAT_VERSION = 1

_RANGE = re.compile(r"\s*([0-9]{4})\s*-\s*([0-9]{4})\s*")
_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}([.,  ][0-9]{3})+")


def _not_an_amount(got: object, *, quoted: bool = False) -> PydanticCustomError:
    """The refusal of a value that is not an amount, naming the case's currency."""
    name = currency_name()
    if name is None:
        message = (
            _("expected an amount in kroner, got '{got}'")
            if quoted
            else _("expected an amount in kroner, got {got}")
        )
    else:
        template = (
            _("expected an amount in {currency}, got '{got}'")
            if quoted
            else _("expected an amount in {currency}, got {got}")
        )
        message = template.replace("{currency}", name)
    return PydanticCustomError("amount", message, {"got": got})


def _amount(value: Any) -> Decimal:
    """Accept an int or an exact decimal; refuse text with a hint that says what to write."""
    if isinstance(value, bool):
        raise _not_an_amount(str(value).lower())
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise PydanticCustomError(
                "amount", _("expected a finite amount, got {got}"), {"got": value}
            )
        return value
    if isinstance(value, float):  # only from Python callers; YAML floats arrive as Decimal
        if value != value or value in (float("inf"), float("-inf")):
            raise PydanticCustomError(
                "amount", _("expected a finite amount, got {got}"), {"got": value}
            )
        return Decimal(repr(value))
    if isinstance(value, str):
        raise _not_an_amount(value, quoted=True)
    raise _not_an_amount(type(value).__name__)


def amount_hint(got: str) -> str:
    """The hint for a refused amount; used by the loader to explain BC103."""
    text = got.strip()
    name = currency_name()
    if _THOUSANDS.fullmatch(text.replace("kr", "").strip()):
        digits = re.sub(r"[^0-9-]", "", text)
        if name is not None:
            return _("write whole {currency} without separators or unit, e.g. {digits}").format(
                currency=name, digits=digits
            )
        return _("write whole kroner without separators or unit, e.g. {digits}").format(
            digits=digits
        )
    if re.fullmatch(r"[-+]?[0-9]+,[0-9]+", text):
        return _("write decimals with a point, e.g. {number}").format(number=text.replace(",", "."))
    if re.search(r"[0-9]", text):
        return _("write a plain number without separators, spaces or unit, e.g. 40000")
    if name is not None:
        return _("write a plain number of {currency}, e.g. 40000").format(currency=name)
    return _("write a plain number of kroner, e.g. 40000")


Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    WithJsonSchema({"type": "number"}),
]
"""An exact amount (kroner, a count or a share) written as a plain YAML number."""

Year = Annotated[int, Field(strict=True, ge=1900, le=2200)]


Value = Decimal | Formula
"""A number as written, or a formula over parameters (resolved by the engine)."""


def _value(value: Any) -> Value:
    """An amount, or (in yearly values only) a formula such as ``familier * andel``."""
    if isinstance(value, Formula):
        return value
    if isinstance(value, str) and re.search(r"[^\W\d]", value):
        try:
            formula = parse_formula(value)
        except FormulaError as exc:
            raise PydanticCustomError(
                "amount",
                _("expected an amount or a formula over parameters, got '{got}' ({reason})"),
                {"got": value, "reason": str(exc)},
            ) from None
        if formula.names and not _THOUSANDS_IN_FORMULA.search(value):
            return formula
    return _amount(value)


_THOUSANDS_IN_FORMULA = re.compile(r"(?<![0-9.])[1-9][0-9]{0,2}(\.[0-9]{3})+(?![0-9])")


@dataclass(frozen=True, slots=True)
class YearlyValue:
    """A value per year: a constant, or entries over inclusive year spans.

    ``entries`` holds ``(first, last, value, key)`` where ``key`` is the key as written in the
    file (``2021`` or ``"2023-2027"``), so checks can point at it. A value is a ``Decimal`` or
    a :class:`~businesscase.formula.Formula` over the case's parameters.
    """

    constant: Value | None
    entries: tuple[tuple[int, int, Value, int | str], ...] = ()
    ranges: tuple[tuple[tuple[int | str, ...], Range], ...] = ()
    """The ranges written beside values (``{value: 5, range: {low: 4, high: 6}}``), each with
    the key path of its value below the field, as :meth:`values` gives it."""

    def range_at(self, where: tuple[int | str, ...]) -> Range | None:
        """The range written beside the value at ``where`` (``()`` for a constant)."""
        for key, r in self.ranges:
            if key == where:
                return r
        return None

    def at(self, year: int) -> Value:
        if self.constant is not None:
            return self.constant
        for first, last, value, _key in self.entries:
            if first <= year <= last:
                return value
        return Decimal(0)

    def at_key(self, key: int | str) -> Value | None:
        """The value written under a year key (``2021``, ``"2023-2027"``)."""
        for _first, _last, value, written in self.entries:
            if written == key:
                return value
        return None

    def over(self, years: range) -> list[Value]:
        return [self.at(y) for y in years]

    def values(self) -> list[tuple[Value, tuple[int | str, ...]]]:
        """Each written value with the key path below the field (``()`` for a constant)."""
        if self.constant is not None:
            return [(self.constant, ())]
        return [(value, (key,)) for _, _, value, key in self.entries]

    def years_written(self) -> list[tuple[int, int, int | str]]:
        return [(first, last, key) for first, last, _, key in self.entries]

    @classmethod
    def const(cls, value: int | Decimal) -> YearlyValue:
        return cls(Decimal(value))

    def to_yaml(self) -> Any:
        """The value in the file's own form (used by the JSON output of inputs and by diff)."""
        if self.constant is not None:
            return self.constant
        return {key: value for _, _, value, key in self.entries}


def _yearly(value: Any, info: ValidationInfo) -> YearlyValue:
    if isinstance(value, YearlyValue):
        return value
    if _is_ranged(value):
        written, r = _ranged(value, ())
        return YearlyValue(written, (), () if r is None else (((), r),))
    if not isinstance(value, dict):
        return YearlyValue(_value(value))
    form = _form(info)
    entries: list[tuple[int, int, Value, int | str]] = []
    ranges: list[tuple[tuple[int | str, ...], Range]] = []
    for key, raw in value.items():
        first, last = _year_key(key, form)
        if _is_ranged(raw):
            written, r = _ranged(raw, (key,))
            entries.append((first, last, written, key))
            if r is not None:
                ranges.append(((key,), r))
            continue
        entries.append((first, last, _amount_at(raw, key), key))
    entries.sort(key=lambda e: (e[0], e[1]))
    for (_fa, last_a, _va, key_a), (first_b, _lb, _vb, key_b) in itertools.pairwise(entries):
        if first_b <= last_a:
            raise PydanticCustomError(
                "year_overlap",
                _("the years '{a}' and '{b}' overlap"),
                {"a": key_a, "b": key_b, "key": key_b},
            )
    return YearlyValue(None, tuple(entries), tuple(ranges))


def _is_ranged(raw: Any) -> bool:
    """A value written with its range beside it: ``{value: 5, range: {low: 4, high: 6}}``."""
    return isinstance(raw, dict) and "value" in raw and set(raw) <= {"value", "range"}


_RANGE_WORDS = {
    "extra_forbidden": N_("unknown key '{key}' in a range (low, high, mode, shape, source)"),
    "missing": N_("a range needs '{key}'"),
}


def _ranged(raw: dict[str, Any], where: tuple[int | str, ...]) -> tuple[Value, Range | None]:
    """The value as written and the range beside it; an error points into the range."""
    try:
        written = _value(raw["value"])
    except PydanticCustomError as exc:
        raise PydanticCustomError(
            "amount", exc.message_template, {**(exc.context or {}), "at": (*where, "value")}
        ) from None
    if raw.get("range") is None:
        return written, None
    return written, _range_at(raw["range"], where)


def range_not_a_mapping(raw: Any) -> str:
    """What to say of a range written as something other than its keys (``range: [9, 12]``, as
    a spreadsheet would write it): how to write it, with the two numbers if it held two. The
    list is not read, because only the keys say which end is which."""
    numbers = (
        isinstance(raw, list)
        and len(raw) == 2
        and all(type(v) in (int, float, Decimal) for v in raw)
    )
    low, high = raw if numbers else (4, 6)
    return _("a range is written with its keys: range: {{low: {low}, high: {high}}}").format(
        low=low, high=high
    )


def _range_at(raw: Any, where: tuple[int | str, ...]) -> Range:
    """A range as written beside a value at ``where``; an error points into the range."""
    try:
        return Range.model_validate(raw)
    except ValidationError as exc:
        # a misspelt key also leaves one missing: the misspelling is what to point at
        err = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        loc = tuple(err["loc"])
        template = _RANGE_WORDS.get(err["type"])
        message = _(template).format(key=loc[-1]) if template and loc else err["msg"]
        got = err.get("input")
        if err["type"] == "literal_error":
            message = _("expected {what}, got '{got}'").format(
                what=str((err.get("ctx") or {}).get("expected")).replace(" or ", _(" or ")),
                got=got,
            )
        if err["type"] in ("model_type", "dict_type") and not loc:
            message = range_not_a_mapping(raw)
        if isinstance(got, str) and len(got) > 60:  # a pasted paragraph by its ends only
            message = message.replace(got, f"{got[:40]}…{got[-10:]}")
        at = (*where, "range", *(part for part in loc if isinstance(part, str | int)))
        on_key = err["type"] == "extra_forbidden"
        raise PydanticCustomError("written_range", message, {"at": at, "on_key": on_key}) from None


def _amount_at(raw: Any, key: int | str) -> Value:
    try:
        return _value(raw)
    except PydanticCustomError as exc:
        raise PydanticCustomError(
            "amount", exc.message_template, {**(exc.context or {}), "key": key}
        ) from None


def _year_key(key: Any, form: YearForm = CALENDAR) -> tuple[int, int]:
    if form.kind != "calendar":
        return _other_year_key(key, form)
    if isinstance(key, int) and not isinstance(key, bool):
        if 1900 <= key <= 2200:
            return key, key
    elif isinstance(key, str) and (m := _RANGE.fullmatch(key)):
        first, last = int(m.group(1)), int(m.group(2))
        if first <= last:
            return first, last
        raise PydanticCustomError(
            "year_key",
            _("the year range '{key}' runs backwards"),
            {"key": key, "hint": _("write {range}").format(range=f"{last}-{first}")},
        )
    elif isinstance(key, str) and _FINANCIAL_KEY.fullmatch(key.split(" to ")[0]):
        raise _form_error(key, form, on_key=True)
    raise PydanticCustomError(
        "year_key",
        _("'{key}' is not a year or a year range"),
        {"key": key, "hint": _("write a year such as 2023 or a range such as 2023-2027")},
    )


_FINANCIAL_KEY = re.compile(r"\s*([0-9]{4})\s*[-/]\s*([0-9]{2})\s*")
_RELATIVE_RANGE = re.compile(r"\s*([0-9]{1,3})\s*-\s*([0-9]{1,3})\s*")
MAX_RELATIVE = 100


def _form(info: ValidationInfo) -> YearForm:
    """The form of the case's years, read from its ``period`` before the case is validated
    (the loader's validation context); calendar years without one."""
    context = info.context if isinstance(info.context, dict) else {}
    form = context.get("years", CALENDAR)
    return form if isinstance(form, YearForm) else CALENDAR


def _financial(text: str) -> int | None:
    """``2019-20`` (or ``2019/20``): the calendar year it starts in; None if not of that form
    or the two years do not follow each other."""
    m = _FINANCIAL_KEY.fullmatch(text)
    if m is None:
        return None
    first = int(m.group(1))
    return first if (first + 1) % 100 == int(m.group(2)) and 1900 <= first <= 2200 else None


def _form_error(got: Any, form: YearForm, *, on_key: bool = False) -> PydanticCustomError:
    if form.kind == "financial":
        example, what = "2019-20 (or a range 2019-20 to 2021-22)", "financial years"
    elif form.kind == "relative":
        example, what = "3 (or a range 3-10)", "relative years (1, 2, 3, ...)"
    else:
        example, what = "2023 (or a range 2023-2027)", "calendar years"
    return PydanticCustomError(
        "year_form",
        "'{got}' is not a year of this case: its period is in {what}",
        {"got": got, "what": what, "hint": f"write a year such as {example}", "on_key": on_key},
    )


def _other_year_key(key: Any, form: YearForm) -> tuple[int, int]:
    """A year key of a case in financial or relative years: one year or a range."""
    if isinstance(key, str) and " to " in key and form.kind == "financial":
        start, _, end = key.partition(" to ")
        first, last = _financial(start), _financial(end)
        if first is not None and last is not None:
            if first > last:
                raise PydanticCustomError(
                    "year_key",
                    "the year range '{key}' runs backwards",
                    {"key": key, "hint": f"write {end.strip()} to {start.strip()}"},
                )
            return first, last
    elif isinstance(key, str) and form.kind == "financial":
        first = _financial(key)
        if first is not None:
            return first, first
    elif form.kind == "relative":
        base = form.first_number - 1
        if isinstance(key, int) and not isinstance(key, bool) and 1 <= key <= MAX_RELATIVE:
            return base + key, base + key
        if isinstance(key, str) and (m := _RELATIVE_RANGE.fullmatch(key)):
            first, last = int(m.group(1)), int(m.group(2))
            if 1 <= first <= last <= MAX_RELATIVE:
                return base + first, base + last
    raise _form_error(key, form, on_key=True)


def path_year(text: str, form: YearForm) -> int | None:
    """One year as a path into the case writes it (``count[2023]``, ``[2019-20]``, ``[3]``),
    in the form of the case's period: the calculation's number for it, or None."""
    text = text.strip()
    if form.kind == "financial":
        return _financial(text)
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None  # '²' is a digit to str.isdigit, not to int()
    n = int(text)
    if form.kind == "relative":
        return form.first_number - 1 + n if 1 <= n <= MAX_RELATIVE else None
    return n


def _period_year(value: Any, info: ValidationInfo) -> Any:
    """A year of the period (``first_year``, ``base_year``, ...) in the period's own form;
    a calendar year is left to the type's own checks."""
    form = _form(info)
    if form.kind == "calendar":
        if isinstance(value, str) and _financial(value) is not None:
            raise _form_error(value, form)
        if isinstance(value, int) and not isinstance(value, bool) and value < 1900:
            raise PydanticKnownError("greater_than_equal", {"ge": 1900})
        return value
    if form.kind == "financial" and isinstance(value, str):
        first = _financial(value)
        if first is not None:
            return first
    relative = isinstance(value, int) and not isinstance(value, bool) and form.kind == "relative"
    if relative and 1 <= value <= MAX_RELATIVE:
        return int(form.first_number - 1 + value)
    raise _form_error(value, form)


PeriodYear = Annotated[
    int,
    BeforeValidator(_period_year),
    Field(strict=True, ge=1, le=2200),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "integer", "minimum": 1900, "maximum": 2200},
                {"type": "integer", "minimum": 1, "maximum": MAX_RELATIVE},
                {"type": "string", "pattern": "^[0-9]{4}[-/][0-9]{2}$"},
            ],
            "description": "a year in the period's form: 2023, a financial year 2019-20, "
            "or a relative year 1 ... n",
        }
    ),
]
"""A year of the case's period, in its form; the calculation's number for it."""


_NUMBER_OR_FORMULA = {
    "oneOf": [
        {"type": "number"},
        {"type": "string", "pattern": "[A-Za-zÆØÅæøå_]", "description": "a formula"},
    ]
}
_RANGED_VALUE = {
    "type": "object",
    "properties": {"value": {"type": "number"}, "range": {"$ref": "#/$defs/Range"}},
    "required": ["value"],
    "additionalProperties": False,
    "description": "a written value with the range it may take in simulate and sensitivity",
}
_NUMBER_FORMULA_OR_RANGED = {"oneOf": [*_NUMBER_OR_FORMULA["oneOf"], _RANGED_VALUE]}
Yearly = Annotated[
    YearlyValue,
    BeforeValidator(_yearly),
    WithJsonSchema(
        {
            "oneOf": [
                *_NUMBER_OR_FORMULA["oneOf"],
                _RANGED_VALUE,
                {
                    "type": "object",
                    "patternProperties": {
                        "^[0-9]{4}(-[0-9]{4})?$": _NUMBER_FORMULA_OR_RANGED,
                        "^[0-9]{4}[-/][0-9]{2}( to [0-9]{4}[-/][0-9]{2})?$": (
                            _NUMBER_FORMULA_OR_RANGED
                        ),
                        "^[0-9]{1,3}(-[0-9]{1,3})?$": _NUMBER_FORMULA_OR_RANGED,
                    },
                    "additionalProperties": False,
                },
            ],
            "description": "a constant, a map year -> value, or year ranges such as "
            "2023-2027 (in a case of financial years 2019-20 or 2019-20 to 2021-22, of "
            "relative years 3 or 3-10); a value may be a formula over parameters, and a "
            "number may carry a range: {value: 5, range: {low: 4, high: 6}}",
        }
    ),
]


def _number_or_formula(value: Any) -> Value:
    """A number, or a formula, which here may also be plain arithmetic (``100000 * 5``)."""
    if isinstance(value, str) and re.search(r"[*/+()]|\d\s*-", value.strip()[1:]):
        try:
            return parse_formula(value)
        except FormulaError as exc:
            raise PydanticCustomError(
                "amount",
                _("expected a number or a formula, got '{got}' ({reason})"),
                {"got": value, "reason": str(exc)},
            ) from None
    return _value(value)


NumberOrFormula = Annotated[
    Decimal | Formula,
    BeforeValidator(_number_or_formula),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number"},
                {"type": "string", "description": "a formula over parameters, or arithmetic"},
            ]
        }
    ),
]
"""A single number, or a formula over the case's parameters (or plain arithmetic)."""


class Strict(BaseModel):
    """Base of every model: unknown keys are errors (typos must not pass), values are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        arbitrary_types_allowed=True,
        str_strip_whitespace=True,
        # Build validators on first use: validating a case builds one for Case with every
        # model inside it, instead of one per class at import (a third of the start-up).
        defer_build=True,
    )

    @field_validator("*", mode="after")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        """Every text: invisible characters removed, NFC, no control characters (BC220)."""
        if not isinstance(value, str):
            return value
        multiline = info.field_name in MULTILINE_FIELDS
        try:
            return clean(value, multiline=multiline)
        except UnsafeText as exc:
            if exc.char == "\n":
                message = _("a name or a title must be one line; the text holds a line break")
            else:
                message = _("the text holds {char}, which would act on a terminal when printed")
            raise PydanticCustomError("unsafe_text", message, {"char": exc.name}) from None


MULTILINE_FIELDS = frozenset({"note", "assumption", "quote", "inconsistent", "source"})
"""Free-text fields that may hold line breaks and tabs; every other text is one line."""


AMOUNT_UNITS: dict[str, int] = {"kr": 1, "tkr": 1000, "mio": 1_000_000}
"""The names ``meta.amounts_in`` accepts beside the numbers themselves (1, 1000, 1000000)."""


def _amounts_in(value: Any) -> Any:
    """``tkr`` or ``1000``: the unit every amount of money in the file is written in."""
    if isinstance(value, str) and value.strip().lower() in AMOUNT_UNITS:
        return AMOUNT_UNITS[value.strip().lower()]
    numeric = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if numeric and value in AMOUNT_UNITS.values():
        return int(value)
    raise PydanticCustomError(
        "amounts_in",
        _(
            "amounts_in is the unit the file's amounts are written in: 1, 1000 or 1000000 "
            "(or kr, tkr, mio), got '{got}'"
        ),
        {"got": value, "hint": _("write amounts_in: 1000 for a table in 1.000 kr.")},
    )


AmountsIn = Annotated[
    int,
    BeforeValidator(_amounts_in),
    WithJsonSchema(
        {
            "oneOf": [
                {"enum": [1, 1000, 1000000]},
                {"enum": ["kr", "tkr", "mio"]},
            ],
            "description": "the unit of every amount of money in the file: kroner (1), "
            "thousands (1000, tkr) or millions (1000000, mio); results are shown in kroner",
        }
    ),
]


def _currency(value: Any) -> Any:
    """An ISO 4217 code that babel knows (``GBP``, ``EUR``); kroner need no look-up."""
    if value == "DKK" or not isinstance(value, str):
        return value  # not a text: the type error says so
    if re.fullmatch(r"[A-Za-z]{3}", value.strip()):
        from babel.numbers import list_currencies

        code = value.strip().upper()
        if code in list_currencies():
            return code
    raise PydanticCustomError(
        "currency",
        "'{got}' is not a currency code (ISO 4217: DKK, GBP, EUR, SEK, NOK, ...)",
        {"got": value},
    )


Currency = Annotated[
    str,
    BeforeValidator(_currency),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Za-z]{3}$",
            "default": "DKK",
            "description": "the currency of every amount, an ISO 4217 code (DKK, GBP, EUR, "
            "SEK, NOK, ...); amounts are shown with its sign in the case's language",
        }
    ),
]


class Meta(Strict):
    """Who made the case, from which document, in which currency and price level."""

    title: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    unit: str | None = None
    source: str | None = None
    date: str | None = None
    """The source document's date (free text, e.g. 2020-09-03); legal references are as of it."""
    currency: Currency = "DKK"
    price_level: Year
    amounts_in: AmountsIn = 1
    """The unit every amount of money in the file is written in (a table in 1.000 kr.: 1000);
    the model multiplies each by it, so results stay in kroner."""
    language: Literal["da", "en"] = "da"


class Period(Strict):
    """The budget years shown, first and last inclusive: calendar years (``2021``), financial
    years (``2019-20``, with the month they start in), or relative years (``1`` ... ``n``,
    with the calendar year of year 1 when the document gives one)."""

    first: PeriodYear
    last: PeriodYear
    start_month: Annotated[int, Field(strict=True, ge=1, le=12)] | None = None
    """Financial years: the month each starts in (4 for April: 2019-20 is April 2019 to
    March 2020)."""
    anchor: Year | None = None
    """Relative years: the calendar year of year 1."""
    payback_counted: Literal["inclusive", "after_first_year"] = "inclusive"
    """How the payback period is counted: the years from the first year with amounts to the
    payback year, both included (``inclusive``: 2021 to 2027 is 7 years), or the years after
    the first year (``after_first_year``: 6 years), as the document counts them."""
    _form: YearForm = PrivateAttr(default=CALENDAR)

    @model_validator(mode="after")
    def _ordered(self, info: ValidationInfo) -> Period:
        form = _form(info)
        if form.kind == "financial" and self.start_month is None:
            raise PydanticCustomError(
                "period_form",
                "a period in financial years needs 'start_month', the month each year "
                "starts in (4 for April)",
                {"field": "start_month", "which": "needs_start"},
            )
        if form.kind != "financial" and self.start_month is not None:
            raise PydanticCustomError(
                "period_form",
                "'start_month' is for financial years: write the period as 2019-20 to 2021-22",
                {"field": "start_month", "which": "start_not_financial"},
            )
        if form.kind != "relative" and self.anchor is not None:
            raise PydanticCustomError(
                "period_form",
                "'anchor' is for relative years: write the period as first: 1, last: n",
                {"field": "anchor", "which": "anchor_not_relative"},
            )
        self._form = form
        if self.last < self.first:
            raise PydanticCustomError(
                "period_order",
                _("the period ends ({last}) before it starts ({first})"),
                {"first": form.label(self.first), "last": form.label(self.last)},
            )
        if self.last - self.first >= 100:
            raise PydanticCustomError(
                "period_length",
                _("the period is {n} years long; a budget case covers at most 100"),
                {"n": self.last - self.first + 1},
            )
        return self

    @property
    def years(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def form(self) -> YearForm:
        """How the case counts its years (calendar, financial or relative)."""
        return self._form


def validation_context(data: Any) -> dict[str, Any]:
    """What reading a case's values depends on, read from the document before it is
    validated: the form of its years, and its language (a printed ``2,1`` or ``2.1``)."""
    period = data.get("period") if isinstance(data, dict) else None
    meta = data.get("meta") if isinstance(data, dict) else None
    language = meta.get("language") if isinstance(meta, dict) else None
    return {"years": year_form_of(period), "language": "en" if language == "en" else "da"}


def year_form_of(period: Any) -> YearForm:
    """The form of a case's years, read from its ``period`` as written (before the case is
    validated, so that every year of the case can be read in it): a first year written
    ``2019-20`` is a financial year, ``1`` a relative one."""
    if not isinstance(period, dict):
        return CALENDAR
    first = period.get("first")
    month = period.get("start_month")
    if isinstance(first, str) and _financial(first) is not None:
        ok = isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12
        return YearForm("financial", start_month=month if ok else None)
    if isinstance(first, int) and not isinstance(first, bool) and 1 <= first <= MAX_RELATIVE:
        anchor = period.get("anchor")
        ok = isinstance(anchor, int) and not isinstance(anchor, bool) and 1900 <= anchor <= 2200
        return YearForm("relative", anchor=anchor if ok else None)
    return CALENDAR


_NAME = r"^[^\W\d]\w*$"


def _parameter_value(value: Any) -> Any:
    """A number, or a formula over numbers and other parameters (``11.5 / 30``): a share
    the document gives as a fraction is written exactly instead of as 0,38333…"""
    if isinstance(value, Formula):
        return value
    if isinstance(value, str) and re.search(r"[-+*/()]|[^\W\d]", value.strip().lstrip("-")):
        if _THOUSANDS_IN_FORMULA.search(value):
            return _amount(value)  # '40.000 / 3': refused with the thousands hint
        try:
            return parse_formula(value)
        except FormulaError as exc:
            raise PydanticCustomError(
                "amount",
                _("expected a number or a formula, got '{got}' ({reason})"),
                {"got": value, "reason": str(exc)},
            ) from None
    return _amount(value)


ParameterNumber = Annotated[
    Decimal | Formula,
    BeforeValidator(_parameter_value),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number"},
                {"type": "string", "description": "a formula over numbers and parameters"},
            ]
        }
    ),
]


class Range(Strict):
    """How far a guess may be off: the values it may take in ``simulate`` and ``sensitivity``.

    ``low``/``high`` alone: every value between equally likely (uniform). With ``mode`` (the
    most likely value; the written value when left out) and ``shape: triangular`` or
    ``shape: pert`` (a beta distribution through low, mode and high that weighs the mode more
    than a triangle does). ``run`` always uses the written value; ``source`` says where the
    range comes from (a quote, or why it was assumed).
    """

    low: Amount
    high: Amount
    mode: Amount | None = None
    shape: Literal["uniform", "triangular", "pert"] | None = None
    source: str | None = None

    @property
    def kind(self) -> str:
        """``uniform``, ``triangular`` or ``pert`` (a mode without a shape is triangular)."""
        if self.shape is not None:
            return self.shape
        return "uniform" if self.mode is None else "triangular"


_RANGED_NUMBER = {
    "oneOf": [{"type": "number"}, _RANGED_VALUE],
    "description": "a number, or a number with the range it may take in simulate and "
    "sensitivity: {value: 100000, range: {low: 80000, high: 100000}}",
}
RangedNumber = WithJsonSchema(_RANGED_NUMBER)
"""In the schema, a number of a funding or discounting that may carry a range beside it."""


class WithRanges(Strict):
    """A part of the case some of whose numbers may carry a range beside them, as a line's
    may (``amount: {value: 500000, range: {low: 400000, high: 500000}}``): a pool's amount,
    its repayment, interest and recycling, a grant's amount and share, the discount rate.

    The number is validated as the field itself (``run`` uses it); the range is kept apart
    (:meth:`range_of`) for ``simulate`` and ``sensitivity``.
    """

    _RANGED: ClassVar[tuple[str, ...]] = ()
    _ranges: dict[str, Range] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _split_ranges(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        found: dict[str, Range] = {}
        if isinstance(data, dict) and cls._RANGED:
            for name in cls._RANGED:
                raw = data.get(name)
                if not isinstance(raw, dict) or not _is_ranged(raw):
                    continue
                data = {**data, name: raw["value"]}
                if raw.get("range") is not None:
                    found[name] = _range_at(raw["range"], (name,))
        made = handler(data)
        if found:
            made._ranges = found
        return made

    def range_of(self, name: str) -> Range | None:
        """The range written beside the number ``name``, if any."""
        return self._ranges.get(name)

    @property
    def ranged(self) -> dict[str, Range]:
        """Every range written beside a number of this part, by the number's field."""
        return dict(self._ranges)


class Parameter(Strict):
    """A named number that formulas use; an assumption says why a figure not in the document.

    The value may itself be a formula over numbers and other parameters (``andel: 11.5 / 30``).
    A ``range`` says how far it may be off (see :class:`Range`); it is drawn once per draw of
    ``simulate`` and used everywhere the parameter is used.
    """

    value: ParameterNumber
    unit: str | None = None
    source: str | None = None
    assumption: str | None = None
    """Set when the document does not give this number: the reason for the value chosen."""
    range: Range | None = None


def _parameter(value: Any) -> Any:
    return value if isinstance(value, dict | Parameter) else {"value": value}


ParameterValue = Annotated[
    Parameter,
    BeforeValidator(_parameter),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number"},
                {"type": "string", "description": "a formula over numbers and parameters"},
                {"$ref": "#/$defs/Parameter"},
            ]
        }
    ),
]


class Department(Strict):
    """A department or payer (forvaltning; or kommune, region, stat) that lines belong to."""

    id: str = Field(min_length=1, pattern=r"^\S+$")
    name: str = Field(min_length=1)


class Line(Strict):
    """What every line has: a unique name, its row group, department, a note, an assumption.

    ``kind`` says whether the line is a permanent yearly change or a one-off; ``phase_in``
    is the share of the full effect reached each year (1 when omitted).
    """

    name: str = Field(min_length=1)
    group: str | None = None
    department: str | None = None
    kind: Literal["permanent", "one_off"] = "permanent"
    phase_in: Yearly | None = None
    note: str | None = None
    assumption: str | None = None
    """Set when a figure of this line is not in the document: what was assumed and why."""


class SupportHours(Strict):
    """A unit cost written as hours per week × weeks × hourly rate."""

    hours_per_week: Amount
    weeks: Amount
    hourly_rate: Amount

    @property
    def unit_cost(self) -> Decimal:
        return self.hours_per_week * self.weeks * self.hourly_rate


PER_PERIOD: dict[str, int] = {"per_day": 365, "per_week": 52, "per_month": 12}
"""A unit price per day, week or month, and the number of them in a year."""
PERIOD_UNITS = {"per_day": "days", "per_week": "weeks", "per_month": "months"}
"""The key that says how many days (weeks, months) a year the price is paid, when not all."""

_PERIOD_PRICE = {
    "type": "object",
    "properties": {
        **{
            key: {
                "oneOf": [*_NUMBER_OR_FORMULA["oneOf"], _RANGED_VALUE],
                "description": f"the price {key.replace('_', ' ')}",
            }
            for key in PER_PERIOD
        },
        **{
            units: {"type": "number", "exclusiveMinimum": 0, "description": f"{units} a year"}
            for units in PERIOD_UNITS.values()
        },
    },
    "oneOf": [{"required": [key]} for key in PER_PERIOD],
    "additionalProperties": False,
    "description": "a price per day (× 365), per week (× 52) or per month (× 12); "
    "days, weeks or months: how many a year, when fewer",
}

UnitCost = Annotated[
    YearlyValue,
    BeforeValidator(_yearly),
    WithJsonSchema(
        {
            "oneOf": [
                *_NUMBER_OR_FORMULA["oneOf"],
                _RANGED_VALUE,
                {
                    "type": "object",
                    "patternProperties": {
                        "^[0-9]{4}(-[0-9]{4})?$": _NUMBER_FORMULA_OR_RANGED,
                        "^[0-9]{4}[-/][0-9]{2}( to [0-9]{4}[-/][0-9]{2})?$": (
                            _NUMBER_FORMULA_OR_RANGED
                        ),
                        "^[0-9]{1,3}(-[0-9]{1,3})?$": _NUMBER_FORMULA_OR_RANGED,
                    },
                    "additionalProperties": False,
                },
                _PERIOD_PRICE,
                {
                    "type": "object",
                    "properties": {
                        "total": {"type": "number", "exclusiveMinimum": 0},
                        "count": {"type": "number", "exclusiveMinimum": 0},
                    },
                    "required": ["total", "count"],
                    "additionalProperties": False,
                    "description": "the price of one from a total for a number of them",
                },
            ],
            "description": "a price per measure: yearly (a constant, a map year -> value, "
            "or year ranges), {per_day: ...}, {per_week: ...}, {per_month: ...}, or "
            "{total: ..., count: ...} (the price of one: a total for that many); a number "
            "may carry a range: {value: 40000, range: {low: 30000, high: 50000}}",
        }
    ),
]


def _flow(price: dict[Any, Any]) -> str:
    """A mapping a message quotes back: ``total: 1,5; count: 60`` in Danish, numbers as
    written, never a ``repr``."""
    lang = language()
    return ("; " if lang == "da" else ", ").join(
        f"{k}: {as_written(v, lang) if isinstance(v, int | Decimal) else v}"
        for k, v in price.items()
    )


def _per_one(price: dict[Any, Any]) -> Formula:
    """``{total: 1800000, count: 60}``: the price of one, as the exact formula ``1800000 / 60``
    (shown so in the derivation)."""
    total, count = price.get("total"), price.get("count")
    numbers = all(
        isinstance(v, int | Decimal) and not isinstance(v, bool) and v > 0 for v in (total, count)
    )
    if set(price) != {"total", "count"} or not numbers:
        raise PydanticCustomError(
            "unit_cost_total",
            "a price per one from a total is {{total: <amount>, count: <how many>}}, both "
            "positive numbers; got {got}",
            {"got": _flow(price)},
        )
    total, count = (format(v, "f") if isinstance(v, Decimal) else str(v) for v in (total, count))
    return parse_formula(f"{total} / {count}")  # 1.8e6 is read as 1.8E+6: written out


def _count_or_amount(schema: dict[str, Any]) -> None:
    """In the schema, an avoided measure needs ``count`` or ``amount``."""
    required = [r for r in schema.get("required", []) if r not in ("count", "amount")]
    schema["required"] = required
    schema["anyOf"] = [{"required": ["count"]}, {"required": ["amount"]}]


class Priced(Line):
    """A line written as ``count`` per year × ``unit_cost`` (or ``hours``), or as an ``amount``.

    A unit cost priced per day, week or month (SØM: familiepleje 1.539 kr. per day) is
    written ``unit_cost: {per_day: 1539}`` and counts 365 days a year (52 weeks, 12 months);
    a price per person known only as a total for a number of them (1,8 mio. for 60 young
    people) is written ``unit_cost: {total: 1800000, count: 60}``.
    """

    model_config = ConfigDict(**Strict.model_config, json_schema_extra=_count_or_amount)

    count: Yearly | None
    """Required, unless the saving is written as an ``amount`` (then it is None)."""
    unit_cost: UnitCost | None = None
    unit_cost_per: Annotated[
        Literal["per_day", "per_week", "per_month"] | None, SkipJsonSchema()
    ] = None
    """Set from ``unit_cost: {per_day: ...}``: the period the price is for."""
    unit_cost_units: Annotated[Amount | None, SkipJsonSchema(), Field(gt=0)] = None
    """Set from ``unit_cost: {per_day: 520, days: 200}``: days (weeks, months) a year."""
    hours: SupportHours | None = None
    amount: Yearly | None = None
    """A saving known only as an amount ("2,4 mio. saved on placements"), instead of
    ``count`` × ``unit_cost``."""

    @model_validator(mode="before")
    @classmethod
    def _price_per_period(cls, data: Any) -> Any:
        """``unit_cost: {per_day: 1539}``: the price and its period, kept apart;
        ``unit_cost: {total: 1800000, count: 60}``: the price of one, a total's share."""
        if not isinstance(data, dict):
            return data
        if "amount" in data and "count" not in data:
            data = {**data, "count": None}  # a line written as an amount has no count
        if "count" in data and "amount" not in data:
            data = {**data, "amount": None}  # a line written as count × unit_cost
        if cls is Cost and "count" not in data and "amount" not in data:
            data = {**data, "count": None}  # a cost without either: its amount is missing
        price = data.get("unit_cost")
        if isinstance(price, dict) and "total" in price:
            return {**data, "unit_cost": _per_one(price)}
        if not isinstance(price, dict):
            return data
        if not any(isinstance(k, str) and k.startswith("per") for k in price):
            return data  # a map of years
        pers = [k for k in price if k in PER_PERIOD]
        units = PERIOD_UNITS[pers[0]] if len(pers) == 1 else None
        if len(pers) != 1 or "unit_cost_per" in data or not set(price) <= {pers[0], units}:
            raise PydanticCustomError(
                "unit_cost_per",
                _(
                    "a unit cost per period has one key, per_day, per_week or per_month (and "
                    "days, weeks or months a year); got {got}"
                ),
                {
                    "got": ", ".join(map(str, price)),
                    "hint": _("write unit_cost: {{per_day: 1539}}").format(),
                },
            )
        out = {**data, "unit_cost": price[pers[0]], "unit_cost_per": pers[0]}
        if units in price:
            out["unit_cost_units"] = price[units]
        return out

    @property
    def days_per_year(self) -> int:
        """How many of the price's periods a year has (365 days, 52 weeks; 1 when yearly)."""
        return PER_PERIOD[self.unit_cost_per] if self.unit_cost_per else 1

    @model_validator(mode="after")
    def _one_price(self) -> Priced:
        if self.amount is not None:
            if self.count is not None or self.unit_cost is not None or self.hours is not None:
                raise PydanticCustomError(
                    "avoided_form",
                    _("write a cost as an 'amount' or as 'count' × 'unit_cost', not both")
                    if isinstance(self, Cost)
                    else _("write a saving as an 'amount' or as 'count' × 'unit_cost', not both"),
                    {},
                )
            return self
        if self.count is None:
            raise PydanticCustomError(
                "avoided_form",
                _("a saving needs 'count' × 'unit_cost' (or 'hours'), or an 'amount'"),
                {},
            )
        if (self.unit_cost is None) == (self.hours is None):
            raise PydanticCustomError(
                "unit_cost_xor_hours",
                _(
                    "give the price of one measure either as 'unit_cost' or as 'hours' "
                    "(hours_per_week, weeks, hourly_rate), not both and not neither"
                ),
                {},
            )
        return self

    @property
    def price(self) -> YearlyValue | None:
        if self.amount is not None:
            return None  # a lump sum has no price of one measure
        if self.hours is not None:
            return YearlyValue.const(self.hours.unit_cost)
        assert self.unit_cost is not None
        return self.unit_cost


class Avoided(Priced):
    """A measure the intervention prevents: ``count`` per year × ``unit_cost`` (a saving), or
    a saving known only as an ``amount``."""

    legal_ref: str | None = None
    """The legal basis as the source document cites it (e.g. ``SEL § 11, stk. 3``)."""
    current_ref: str | None = None
    """The same measure's basis in force today, when the law has changed since the document
    (Serviceloven's child provisions moved to Barnets Lov on 1 January 2024)."""


class Cost(Priced):
    """A cost of the intervention (positive in the file, negative in results): an ``amount``
    per year, or ``count`` × ``unit_cost`` (2 årsværk × 390.000 kr.)."""

    amount: Yearly | None
    """Required, unless the cost is written as ``count`` × ``unit_cost`` (then it is None)."""


class Reallocation(Line):
    """Existing practice redirected to the intervention (a saving, positive in results)."""

    amount: Yearly


_PER_YEAR = (
    r"(?i)\b(pr\.?|per|om|i|a|each)\s+(år|året|aar|year|annum)\b|/\s*(år|aar|year)\b"
    r"|\bårlig(t|e)?\b|\bannual(ly)?\b|\bårsværk|\baarsvaerk|\bfte\b|\bfuldtids"
)
"""A unit that counts per year, or a yearly level of staff: its counts do not add up. The
pattern's text: ``re`` compiles it when an activity with a unit is first read."""


class Activity(Strict):
    """A volume the case delivers or funds (visits, staff trained); counted, not money.

    Give ``count`` per year, or ``total`` when the document gives only the period's total
    ("about 470 assistants over 2019-2022").
    """

    name: str = Field(min_length=1)
    unit: str | None = None
    department: str | None = None
    count: Yearly | None = None
    total: Amount | None = Field(default=None, ge=0)
    summed: bool | None = None
    """Whether the counts add up over the years (visits, days of training) or are a number
    in each year (årsværk, families a year), which a sum over the years would misstate: those
    are shown as a number a year, not a total. Read from the unit when left out (see
    :meth:`adds_up`)."""
    source: str | None = None
    note: str | None = None
    assumption: str | None = None

    def adds_up(self) -> bool:
        """Whether a total over the years says what the counts mean: not for a unit per year
        ('familier pr. år', 'a year') or a yearly level ('årsværk', 'FTE')."""
        if self.summed is not None:
            return self.summed
        return not (self.unit and re.search(_PER_YEAR, self.unit))

    @model_validator(mode="after")
    def _count_or_total(self) -> Activity:
        if (self.count is None) == (self.total is None):
            raise PydanticCustomError(
                "activity_form",
                _(
                    "give an activity either a 'count' per year or a 'total' for the period, "
                    "not both and not neither"
                ),
                {},
            )
        return self


def _years_or_last_year(schema: dict[str, Any]) -> None:
    """In the JSON schema, a repayment needs ``years`` or ``last_year``."""
    schema["required"] = [k for k in schema.get("required", []) if k != "years"]
    schema["anyOf"] = [{"required": ["years"]}, {"required": ["last_year"]}]


class Repayment(WithRanges):
    """Repay from ``first_year``: a fixed ``amount`` a year, or ``share_of_savings``, that
    share of the year's positive net (of the pool's department, or of the whole case), never
    more than is owed.

    How long: ``years`` times, or ``until_repaid``; ``last_year`` stops the repayment after
    that year (alone it means until repaid, but not after it). A share may have a ``floor``
    (at least that much a year, whatever the savings) and a ``cap`` (at most that much a
    year). With ``write_off``, whatever is still owed at the end of that year is written
    off (pay for success: repay only what the outcomes allow), and nothing is repaid after
    it.
    """

    _RANGED = ("amount", "share_of_savings", "floor", "cap")

    first_year: PeriodYear
    amount: Annotated[Amount | None, RangedNumber] = Field(default=None, gt=0)
    share_of_savings: Annotated[Amount | None, RangedNumber] = Field(default=None, gt=0, le=1)
    years: Annotated[int, Field(strict=True, ge=1, le=100)] | Literal["until_repaid"]
    """Required unless ``last_year`` is given: then ``until_repaid`` when left out."""
    last_year: Year | None = None
    floor: Annotated[Amount | None, RangedNumber] = Field(default=None, gt=0)
    cap: Annotated[Amount | None, RangedNumber] = Field(default=None, gt=0)
    write_off: Year | None = None

    model_config = ConfigDict(
        **Strict.model_config,
        json_schema_extra=_years_or_last_year,
    )

    @model_validator(mode="before")
    @classmethod
    def _until_last_year(cls, data: Any) -> Any:
        """``last_year`` alone means until repaid, but not after it."""
        if isinstance(data, dict) and "last_year" in data and "years" not in data:
            return {**data, "years": "until_repaid"}
        return data

    @model_validator(mode="after")
    def _one_rule(self) -> Repayment:
        if (self.amount is None) == (self.share_of_savings is None):
            raise PydanticCustomError(
                "repayment_rule",
                _(
                    "give a repayment either a fixed 'amount' a year or a 'share_of_savings' "
                    "(a share of the year's net, e.g. 0.5), not both and not neither"
                ),
                {},
            )
        if isinstance(self.years, int) and self.last_year is not None:
            raise PydanticCustomError(
                "repayment_length",
                "give a repayment either a number of 'years' or a 'last_year', not both "
                "(until_repaid may go with a last_year)",
                {},
            )
        return self

    @property
    def until_repaid(self) -> bool:
        """Repays what is owed (at most), not a fixed number of payments."""
        return not isinstance(self.years, int)

    def due(self, years: Sequence[int]) -> list[int]:
        """The years of ``years`` in which a repayment is due."""
        due = [y for y in years if y >= self.first_year]
        if isinstance(self.years, int):
            due = due[: self.years]
        if self.last_year is not None:
            due = [y for y in due if y <= self.last_year]
        if self.write_off is not None:
            due = [y for y in due if y <= self.write_off]
        return due


class Interest(WithRanges):
    """Interest on what is owed, added to what is owed each year: ``rate`` × the balance at
    the end of the year before (``compound``, the default: unpaid interest bears interest
    too), or × the principal still owed then (``simple``: a repayment pays the interest
    first, then the principal). A required return is stated the same way."""

    _RANGED = ("rate",)

    rate: Annotated[Amount, RangedNumber] = Field(gt=0, lt=1)
    method: Literal["compound", "simple"] = "compound"


class Recycling(WithRanges):
    """A share of the realised savings (the ``avoided`` lines of the pool's department, or
    of the whole case) returned to the pool each year, beside the repayment: the fund
    revolves. From ``first_year`` (the period's first year when left out) to ``last_year``."""

    _RANGED = ("share",)

    share: Annotated[Amount, RangedNumber] = Field(gt=0, le=1)
    first_year: Year | None = None
    last_year: Year | None = None


class PoolFunding(WithRanges):
    """Money borrowed from the municipality's investment pool, to be repaid."""

    _RANGED = ("amount",)

    kind: Literal["pool"]
    name: str = "Investeringspuljen"
    department: str | None = None
    amount: Annotated[Amount, RangedNumber] = Field(gt=0)
    drawn: Yearly | None = None
    """When the amount is drawn; by default all of it in the first year of the period."""
    repayment: Repayment | None = None
    interest: Interest | None = None
    recycling: Recycling | None = None
    pool: str | None = Field(default=None, min_length=1)
    """The pool drawn on, when it is not ``name``: fundings that name the same pool are
    tranches of it, each with its own draws, repayment and interest."""
    note: str | None = None
    assumption: str | None = None

    @property
    def pool_id(self) -> str:
        """The pool this funding draws on: ``pool``, or its ``name``."""
        return self.pool or self.name


class GrantFunding(WithRanges):
    """An external grant (tilsagn), not repaid: a fixed amount, or a share of the costs.

    With ``amount``, the money arrives as ``received`` says, or spread evenly over
    ``first_year``..``last_year`` in whole kroner, any remaining kroner in the earliest years
    (3.250.700 over three years is 1.083.567 + 1.083.567 + 1.083.566); the output marks the
    spreading as an assumption. With ``share``, the grant
    pays that share of the case's costs each year, and the municipality co-finances the rest.
    """

    _RANGED = ("amount", "share")

    kind: Literal["grant"]
    name: str = Field(min_length=1)
    grantor: str | None = None
    department: str | None = None
    amount: Annotated[Amount | None, RangedNumber] = Field(default=None, gt=0)
    first_year: PeriodYear | None = None
    last_year: PeriodYear | None = None
    received: Yearly | None = None
    share: Annotated[Amount | None, RangedNumber] = Field(default=None, gt=0, le=1)
    note: str | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> GrantFunding:
        if (self.amount is None) == (self.share is None):
            raise PydanticCustomError(
                "grant_form",
                _(
                    "give a grant either an 'amount' (with first_year and last_year, or "
                    "'received') or a 'share' of the costs, not both and not neither"
                ),
                {},
            )
        if self.amount is not None and self.received is None:
            if self.first_year is None or self.last_year is None:
                raise PydanticCustomError(
                    "grant_period",
                    _(
                        "a grant with an amount needs 'received' (year -> amount) or "
                        "'first_year' and 'last_year' to spread it over"
                    ),
                    {},
                )
            if self.last_year < self.first_year:
                raise PydanticCustomError(
                    "period_order",
                    _("the grant period ends ({last}) before it starts ({first})"),
                    {"first": self.first_year, "last": self.last_year},
                )
        return self

    @property
    def spread_evenly(self) -> bool:
        return self.amount is not None and self.received is None


Funding = Annotated[PoolFunding | GrantFunding, Field(discriminator="kind")]
"""A source of money for the case, kept apart from its effects."""


class PriceIndex(Strict):
    """An index series (e.g. the municipal wage and price index) to restate amounts."""

    name: str | None = None
    values: dict[Year, Amount]
    show_in: Year | None = None
    """Restate every amount in this year's prices (``run --prices YEAR`` overrides)."""


class RateBand(Strict):
    from_year: Annotated[int, Field(strict=True, ge=0)]
    rate: Amount = Field(ge=0, lt=1)


FINANSMINISTERIET = (  # constructed, not validated: validating would build RateBand's validator
    RateBand.model_construct(from_year=0, rate=Decimal("0.035")),
    RateBand.model_construct(from_year=36, rate=Decimal("0.025")),
    RateBand.model_construct(from_year=71, rate=Decimal("0.015")),
)
"""Finansministeriet's real discount rate: 3,5 % years 0-35, 2,5 % 36-70, 1,5 % after."""


class Discounting(WithRanges):
    """Net present value settings; by default Finansministeriet's declining real rate. The
    one ``rate`` may carry a range beside it (``rate: {value: 0.035, range: {…}}``)."""

    _RANGED = ("rate",)

    rate: Annotated[Amount | None, RangedNumber] = Field(default=None, ge=0, lt=1)
    bands: list[RateBand] | None = None
    base_year: PeriodYear | None = None
    """Year 0 of discounting; the first year of the period when omitted."""

    @property
    def schedule(self) -> tuple[RateBand, ...]:
        if self.rate is not None:
            return (RateBand(from_year=0, rate=self.rate),)
        return tuple(self.bands) if self.bands else FINANSMINISTERIET


# --- A figure as the document prints it --------------------------------------------------------

_QUALIFIERS: dict[str, str] = {
    # the document rounded: the figure is whatever rounds to what it prints
    "ca.": "about",
    "ca": "about",
    "cirka": "about",
    "omkring": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "approx.": "about",
    # just under: at most the figure, and it rounds to it
    "knap": "under",
    "knapt": "under",
    "næsten": "under",
    "just under": "under",
    "nearly": "under",
    "almost": "under",
    # just over: at least the figure, and it rounds to it
    "godt": "over",
    "lidt over": "over",
    "just over": "over",
    # at most
    "op til": "most",
    "op mod": "most",
    "højst": "most",
    "maksimalt": "most",
    "up to": "most",
    "at most": "most",
}
_SCALES: dict[str, int] = {
    "mio.": 10**6,
    "mio": 10**6,
    "millioner": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "mia.": 10**9,
    "mia": 10**9,
    "milliarder": 10**9,
    "milliard": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "t.kr.": 1000,
    "tkr.": 1000,
    "tkr": 1000,
    "tusind": 1000,
    "thousand": 1000,
    "k": 1000,
}
_SIGN = r"(?:kr\.?|kroner|dkk|gbp|eur|sek|nok|usd|£|€|\$)"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PRINTED = (
    rf"(?i)(?P<q>{_alternatives(_QUALIFIERS)})?\s*{_SIGN}?\s*"
    r"(?P<n>[0-9](?:[0-9.,\u00a0 ]*[0-9])?)\s*"
    rf"(?P<s>{_alternatives(_SCALES)})?\.?\s*(?:{_SIGN}\.?)?"
)
"""A printed figure's words and number: a pattern's text, which ``re`` compiles when a figure
is first read as printed (most cases print none), not every command at import."""


class Printed(Decimal):
    """A figure as the document prints it (``2,1 mio.``, ``£1.5 million``, ``knap 7 mio.``):
    the number it says, and the range of exact values the document's words allow. A figure
    printed to 0,1 mio. is anything that rounds to it; ``ca.`` says no more than that;
    ``knap`` (just under) is at most the figure, ``godt`` (just over) at least, and ``op til``
    (up to) any amount up to it. A number with a scale word is in whole units; one without is
    in the file's unit (``meta.amounts_in``)."""

    text: str
    low: Fraction | None
    """The least value the figure allows (None: no lower bound)."""
    high: Fraction
    """The most value it allows (as rounded half up: values from here on round above)."""
    high_open: bool
    scaled: bool
    """Whether the figure carries its own scale (``mio.``, ``million``): in whole units."""

    def __new__(
        cls,
        value: Decimal,
        text: str,
        low: Fraction | None,
        high: Fraction,
        high_open: bool,
        scaled: bool,
    ) -> Printed:
        self = super().__new__(cls, value)
        self.text = text
        self.low = low
        self.high = high
        self.high_open = high_open
        self.scaled = scaled
        return self

    def allows(self, value: Fraction | int, unit: int = 1) -> bool:
        """Whether an exact (or shown) value agrees with the figure; ``unit`` is the file's
        unit, for a figure without a scale word."""
        factor = 1 if self.scaled else unit
        low = None if self.low is None else self.low * factor
        high = self.high * factor
        if low is not None and value < low:
            return False
        return value < high if self.high_open else value <= high

    def bounds(self, unit: int = 1) -> tuple[Fraction | None, Fraction]:
        factor = 1 if self.scaled else unit
        return (None if self.low is None else self.low * factor), self.high * factor


def _printed_number(digits: str, language: str) -> tuple[Decimal, int] | None:
    """The number and its decimals: ``2,1`` (Danish) or ``2.1`` (English); ``1.918.000`` or
    ``1,918,000`` in thousands; None if the separators make no number."""
    text = digits.replace("\u00a0", "").replace(" ", "")
    group, point = (".", ",") if language == "da" else (",", ".")
    whole, sep, frac = text.rpartition(point)
    if not sep:
        whole, frac = text, ""
    if frac and not frac.isdigit():
        return None
    parts = whole.split(group)
    if not all(p.isdigit() for p in parts) or any(len(p) != 3 for p in parts[1:]):
        # a lone separator of the other kind: '1.5 mio.' in a Danish case reads as 1,5
        other = "." if point == "," else ","
        if not frac and text.count(other) == 1:
            a, b = text.split(other)
            if a.isdigit() and b.isdigit() and len(b) != 3:
                return Decimal(f"{a}.{b}"), len(b)
        return None
    return Decimal(f"{''.join(parts)}.{frac or 0}"), len(frac)


def parse_printed(text: str, language: str = "da") -> Printed | None:
    """A figure as printed, or None when the text is not one."""
    m = re.fullmatch(_PRINTED, text.strip())
    if m is None:
        return None
    number = _printed_number(m.group("n"), language)
    if number is None:
        return None
    value, decimals = number
    scale_word = (m.group("s") or "").lower()
    scale = _SCALES.get(scale_word, _SCALES.get(scale_word + ".", 1)) if scale_word else 1
    exact = Fraction(value) * scale
    half = Fraction(scale, 10**decimals) / 2
    kind = _QUALIFIERS.get((m.group("q") or "").lower(), "about")
    low: Fraction | None = exact - half
    high, high_open = exact + half, True
    if kind == "under":
        high, high_open = exact, False
    elif kind == "over":
        low = exact
    elif kind == "most":
        low = None
    return Printed(
        Decimal(exact.numerator) / exact.denominator,
        text.strip(),
        low,
        high,
        high_open,
        bool(scale_word),
    )


def _language(info: ValidationInfo) -> str:
    context = info.context if isinstance(info.context, dict) else {}
    return "en" if context.get("language") == "en" else "da"


def _stated_amount(value: Any, info: ValidationInfo) -> Any:
    """A stated figure: a plain number (exact), or the figure as the document prints it."""
    if isinstance(value, str) and re.search(r"[0-9]", value):
        printed = parse_printed(value, _language(info))
        if printed is not None:
            return printed
        raise PydanticCustomError(
            "printed_figure",
            "'{got}' is not a figure as a document prints it",
            {"got": value},
        )
    return _amount(value)


_PRINTED_SCHEMA = {
    "type": "string",
    "description": "the figure as the document prints it: '2,1 mio.', '£1.5 million', "
    "'knap 7 mio.' (just under), 'ca. 85', 'op til 2,2 mio.' / 'up to £2.2m' (at most)",
}
StatedAmount = Annotated[
    Decimal,
    PlainValidator(_stated_amount),  # the printed figure keeps its form (not re-made a Decimal)
    WithJsonSchema({"oneOf": [{"type": "number"}, _PRINTED_SCHEMA]}),
]
"""A figure the document prints: a number (exact), or text with its precision and words."""


def _stated_yearly(value: Any, info: ValidationInfo) -> YearlyValue:
    """A stated row's values per year: each a number, a formula, or a printed figure."""
    if isinstance(value, YearlyValue):
        return value
    if isinstance(value, str) and parse_printed(value, _language(info)) is not None:
        return YearlyValue(_stated_amount(value, info))
    if isinstance(value, dict):
        printed = {
            k: v
            for k, v in value.items()
            if isinstance(v, str) and parse_printed(v, _language(info)) is not None
        }
        if printed:
            plain = _yearly({k: (0 if k in printed else v) for k, v in value.items()}, info)
            return YearlyValue(
                None,
                tuple(
                    (a, b, _stated_amount(printed[key], info) if key in printed else v, key)
                    for a, b, v, key in plain.entries
                ),
            )
    return _yearly(value, info)


StatedYearly = Annotated[
    YearlyValue,
    BeforeValidator(_stated_yearly),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number"},
                _PRINTED_SCHEMA,
                {
                    "type": "object",
                    "additionalProperties": {"oneOf": [{"type": "number"}, {"type": "string"}]},
                },
            ],
            "description": "the printed figure per year: a number, a formula, or the figure "
            "as printed ('2,1 mio.'); a constant states every year of the period",
        }
    ),
]


class StatedRow(Strict):
    """A row as printed in the source document, to reconcile with the computed row."""

    row: str = Field(min_length=1)
    """A group, line or funding name of the case, or: net, cumulative, drawn, repayment,
    pool_balance, grants, own_net."""
    printed: str | None = None
    """The row's label as the document prints it, when it differs from ``row``."""
    values: StatedYearly | None = None
    """The printed figure per year (a constant states every year of the period)."""
    total: StatedAmount | None = None
    """The printed total of the row over the period (when the document gives only that)."""
    inconsistent: str | None = None
    """Set when the document's figure is known not to follow from the others: why."""
    quote: str | None = None
    """The row exactly as the document prints it (a table line, or the words that give the
    figures), so that every printed number can be found in the case's ledger."""

    @model_validator(mode="after")
    def _values_or_total(self) -> StatedRow:
        if self.values is None and self.total is None:
            raise PydanticCustomError(
                "stated_form", _("a stated row needs 'values' (per year) or a 'total'"), {}
            )
        return self


class PrintedFigure(Strict):
    """A figure the document prints, and what the case does with it (one entry of the ledger).

    Exactly one of three:

    * ``input``: the case uses the figure. ``input`` is the path of the case's value
      (``costs[Pædagog].amount``, ``avoided[Familiebehandling].count[2023]``,
      ``parameters.andel``, ``period.first``) and ``value`` the figure as a number; the tool
      checks that the case holds exactly that number (*reproduced*).
    * ``implies`` (with ``against``): the figure implies a number (a formula over the
      parameters, or a range with ``implies_upto``) that the tool compares with the sum of the
      case's values at the ``against`` paths. If they agree the figure is *reconciled*; if the
      document disagrees with itself, say why under ``inconsistent`` (*flagged*).
    * ``context``: the figure is not computed; say why (*recorded*).
    """

    quote: str = Field(min_length=1)
    """The figure with its words, exactly as the document prints them."""
    value: StatedAmount | None = None
    """The figure as a number (0.5 for "50%", 2100000 for "2,1 mio. kr."), or as the document
    prints it ("ca. 85", "2,1 mio."): then the case's value agrees when the words allow it."""
    value_upto: StatedAmount | None = None
    """The end of a range the document prints ("2020-2022", "30-40 pct.")."""
    input: str | None = None
    input_upto: str | None = None
    """With ``input``: the path of the case's value for the end of the range."""
    implies: NumberOrFormula | None = None
    implies_upto: NumberOrFormula | None = None
    against: list[str] = []
    context: str | None = None
    inconsistent: str | None = None
    assumption: str | None = None
    """Set when the case's reading of the figure is not the only one the text allows: which
    reading it takes and why (the other reading belongs in a scenario)."""
    scenario: str | None = None
    """The scenario that takes the other reading: a scenario file whose ``base:`` is this case
    (a path relative to the case file), or the name of one under ``scenarios:``."""

    @model_validator(mode="after")
    def _one_use(self) -> PrintedFigure:
        uses = [self.input is not None, self.implies is not None, self.context is not None]
        if sum(uses) != 1:
            raise PydanticCustomError(
                "printed_form",
                _(
                    "say what the case does with a printed figure: 'input' (the case uses it), "
                    "'implies' with 'against' (the tool compares it), or 'context' (why it is "
                    "not computed); exactly one of them"
                ),
                {},
            )
        if self.input is not None and self.value is None:
            raise PydanticCustomError(
                "printed_value", _("a figure with 'input' needs its 'value' as a number"), {}
            )
        if (self.input_upto is not None) != (
            self.input is not None and self.value_upto is not None
        ):
            raise PydanticCustomError(
                "printed_range",
                _("a range with 'input' needs both 'value_upto' and 'input_upto'"),
                {},
            )
        if self.implies is not None and not self.against:
            raise PydanticCustomError(
                "printed_against",
                _(
                    "a figure with 'implies' needs 'against': the paths of the case's values it "
                    "is compared with"
                ),
                {},
            )
        if self.implies is None and (self.against or self.implies_upto is not None):
            raise PydanticCustomError(
                "printed_against", _("'against' and 'implies_upto' go with 'implies'"), {}
            )
        if self.inconsistent is not None and self.implies is None:
            raise PydanticCustomError(
                "printed_inconsistent",
                _(
                    "'inconsistent' needs 'implies' and 'against', so that the tool can show "
                    "that the document disagrees with itself"
                ),
                {},
            )
        return self


class StatedFigures(Strict):
    break_even_year: PeriodYear | None = None
    payback_year: PeriodYear | None = None
    payback_period: Annotated[int, Field(strict=True, ge=1, le=100)] | None = None
    pool_repaid_year: PeriodYear | None = None
    total_drawn: StatedAmount | None = None
    total_repaid: StatedAmount | None = None


class Stated(Strict):
    """Figures the source document prints: a table's rows, or key figures from its text."""

    source: str = Field(min_length=1)
    """Where in the document: 'Tabel 1', 'Økonomi, 2. afsnit'."""
    quote: str | None = None
    department: str | None = None
    rows: list[StatedRow] = []
    figures: StatedFigures | None = None
    inconsistent: str | None = None
    """For ``figures``: set when a stated key figure is known not to follow: why."""
    printed: list[PrintedFigure] = []
    """Every other figure this passage prints: used, compared, or recorded as context."""


SPECIAL_ROWS = ("net", "cumulative", "drawn", "repayment", "pool_balance", "grants", "own_net")


def _realised(value: Any, info: ValidationInfo) -> Any:
    """A realised figure is a number per year: no formula, no constant for every year."""
    yearly = _yearly(value, info)
    if yearly.constant is not None:
        raise PydanticCustomError(
            "actual_years",
            _(
                "an actual is written per year that has passed, e.g. {{2021: 350000}}, "
                "not as one number for every year"
            ),
            {},
        )
    for _first, _last, v, key in yearly.entries:
        if isinstance(v, Formula):
            raise PydanticCustomError(
                "amount",
                _("an actual is a realised number, not a formula; got '{got}'"),
                {"got": v.text, "key": key},
            )
    return yearly


Realised = Annotated[
    YearlyValue,
    BeforeValidator(_realised),
    WithJsonSchema(
        {
            "type": "object",
            "patternProperties": {"^[0-9]{4}(-[0-9]{4})?$": {"type": "number"}},
            "additionalProperties": False,
            "description": "a realised figure per year that has passed: {2021: 350000}, "
            "or a range of years with the same figure each year: {2021-2022: 350000}",
        }
    ),
]
"""Realised figures by year: a map year (or year range) -> number, never a formula."""


class ActualLine(Strict):
    """What a line realised: an ``amount`` (kroner, positive as under its heading) per year,
    or, for a saving written as ``count`` × ``unit_cost``, the ``count`` realised per year."""

    amount: Realised | None = None
    count: Realised | None = None
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _amount_or_count(self) -> ActualLine:
        if (self.amount is None) == (self.count is None):
            raise PydanticCustomError(
                "actual_form",
                "give an actual either an 'amount' per year or a 'count' per year, "
                "not both and not neither",
                {},
            )
        return self

    @property
    def values(self) -> YearlyValue:
        found = self.amount if self.amount is not None else self.count
        assert found is not None
        return found

    @property
    def field(self) -> str:
        return "amount" if self.amount is not None else "count"


REPROJECTIONS = ("plan", "scaled")
"""How the years after the actuals are re-projected: the plan as it stands, or the plan
scaled by each line's realised share of its plan (see ``calc.model``)."""


class Actuals(Strict):
    """What happened: realised figures per line per year, for the years that have passed.

    ``as_of`` is the last year that has passed (the last year with an actual when omitted);
    ``reproject`` says how the remaining years are re-projected: ``plan`` (the plan for the
    remaining years, the default) or ``scaled`` (each line's plan scaled by what it realised
    of its plan over the years with actuals).
    """

    as_of: PeriodYear | None = None
    reproject: Literal["plan", "scaled"] = "plan"
    source: str | None = None
    lines: dict[Annotated[str, Field(min_length=1)], ActualLine] = {}


class Case(Strict):
    """A business case: costs and savings per year, and how they are financed.

    In the file all amounts are positive under their headings; in results a cost is negative
    and a saving positive (see the module docstring).
    """

    format: Literal[1]
    meta: Meta
    period: Period
    parameters: dict[Annotated[str, Field(pattern=_NAME)], ParameterValue] = {}
    departments: list[Department] = []
    costs: list[Cost] = []
    avoided: list[Avoided] = []
    reallocations: list[Reallocation] = []
    funding: list[Funding] = []
    activities: list[Activity] = []
    prices: PriceIndex | None = None
    discounting: Discounting | None = None
    stated: list[Stated] = []
    scenarios: dict[Annotated[str, Field(pattern=_NAME)], dict[str, Any]] = {}
    """Named variants of this case: overrides by name, chosen with ``--scenario NAME``
    (the syntax is that of a scenario file without ``base:``; see docs/scenarios.md)."""
    actuals: Actuals | None = None
    """What the case realised in the years that have passed (``run`` shows plan, actual and
    deviation, and re-projects the rest; see docs/followup.md)."""

    @property
    def years(self) -> range:
        return self.period.years

    @property
    def pool(self) -> PoolFunding | None:
        pools = [f for f in self.funding if isinstance(f, PoolFunding)]
        return pools[0] if pools else None

    def lines(self) -> list[tuple[tuple[str, int], Cost | Avoided | Reallocation]]:
        """Every money line with its path, in file order (costs, avoided, reallocations)."""
        out: list[tuple[tuple[str, int], Cost | Avoided | Reallocation]] = []
        out += [(("costs", i), line) for i, line in enumerate(self.costs)]
        out += [(("avoided", i), line) for i, line in enumerate(self.avoided)]
        out += [(("reallocations", i), line) for i, line in enumerate(self.reallocations)]
        return out
