"""The registry of check codes: every finding's code, name, severity and documentation.

A check is a function decorated with :func:`check`; its docstring is its documentation (a
one-line summary, an optional explanation, then ``Bad::`` and ``Good::`` with indented YAML
examples, as in sqlfluff's rules). Codes raised inline, by the YAML reader and the loader, are
documented with :func:`define` below. ``docs/checks.md`` is generated from this registry
(``tools/gen_checks_doc.py``; a test fails when it is stale), so the documentation cannot drift.

Registering is cheap: this module imports nothing beyond the standard library.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Literal, NamedTuple, TypeVar

Severity = Literal["error", "warning"]
F = TypeVar("F", bound=Callable[..., object])


class Check(NamedTuple):
    """A registered check: its code (``BC205``), name, severity and documentation."""

    code: str
    name: str
    severity: Severity
    doc: str
    """The docstring: summary, then ``Bad::`` and ``Good::`` indented YAML examples."""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


REGISTRY: dict[str, Check] = {}

_MODULES = (
    "businesscase.checks",
    "businesscase.plausibility",
    "businesscase.reconcile",
    "businesscase.scenario",
    "businesscase.bases",
    "businesscase.ranges",
    "businesscase.poolrules",
    "businesscase.actuals",
)


def define(code: str, name: str, severity: Severity, doc: str) -> None:
    """Register a code raised inline (by the YAML reader or the loader)."""
    existing = REGISTRY.get(code)
    if existing is not None and existing.name != name:
        raise ValueError(f"check code {code} registered twice: {existing.name!r} and {name!r}")
    REGISTRY[code] = Check(code, name, severity, inspect.cleandoc(doc))


def check(code: str, name: str, severity: Severity) -> Callable[[F], F]:
    """Decorator: register the function's docstring under ``code``; return the function unchanged."""

    def register(func: F) -> F:
        define(code, name, severity, func.__doc__ or "")
        return func

    return register


def all_checks() -> list[Check]:
    """Every registered check, sorted by code (imports the modules that register)."""
    for module in _MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return sorted(REGISTRY.values(), key=lambda c: c.code)


# --- Codes raised inline by the YAML reader (yamlio.py) ------------------------------------------

define(
    "BC101",
    "yaml-syntax",
    "error",
    """
    The file is not valid YAML.

    Bad indentation, a missing colon, a tab used for indentation or a second document.

    The YAML reader stops at the first syntax error, since nothing after it can be trusted.
    Nesting deeper than 40 levels is refused here too (a case needs five or six).

    Bad::

        meta:
          title: Hjemmebaseret indsats
         organisation: Ishøj Kommune

    Good::

        meta:
          title: Hjemmebaseret indsats
          organisation: Ishøj Kommune
    """,
)
define(
    "BC102",
    "duplicate-key",
    "error",
    """
    The same key is written twice in one mapping.

    YAML would silently keep only the last of the two; a case file refuses both.

    Bad::

        period:
          first: 2021
          first: 2022

    Good::

        period:
          first: 2021
          last: 2027
    """,
)
define(
    "BC103",
    "amount-format",
    "error",
    """
    An amount is not a plain number: a Danish thousands separator, a unit or text.

    YAML reads ``40.000`` as the decimal number 40.0, not forty thousand; ``40.000 kr`` is text.
    Amounts are whole kroner written without separators or units.

    Bad::

        avoided:
          - name: Familiebehandling
            count: 1
            unit_cost: 40.000

    Good::

        avoided:
          - name: Familiebehandling
            count: 1
            unit_cost: 40000
    """,
)
define(
    "BC104",
    "yaml11-boolean",
    "error",
    """
    A value is one of YAML 1.1's words for true or false (``yes``, ``no``, ``on``, ``off``, ``y``, ``n``).

    YAML 1.1 reads ``no`` as false, YAML 1.2 as the word; the two readings differ, so the file
    must say which it means.

    Bad::

        meta:
          title: no

    Good::

        meta:
          title: "no"
    """,
)
define(
    "BC105",
    "alias-or-merge",
    "error",
    """
    The file uses a YAML anchor, alias (``*name``) or merge key (``<<``).

    A case must read the same to a person and to a program; aliases also allow "billion laughs"
    files that expand to gigabytes.

    Bad::

        reallocations:
          - name: Omlægning
            amount: &belob 115000
          - name: Omlægning 2
            amount: *belob

    Good::

        reallocations:
          - name: Omlægning
            amount: 115000
          - name: Omlægning 2
            amount: 115000
    """,
)
define(
    "BC106",
    "yaml-tag",
    "error",
    """
    A value carries an explicit YAML tag such as ``!kr`` or ``!!python/object``.

    Amounts are plain numbers and names plain text; tags change how a value is read.

    Bad::

        costs:
          - name: Pædagog
            amount: !kr 390000

    Good::

        costs:
          - name: Pædagog
            amount: 390000
    """,
)
define(
    "BC107",
    "number-format",
    "error",
    """
    A number is infinity, not-a-number, or written with a leading zero.

    ``.inf`` and ``.nan`` are not amounts; YAML 1.1 reads ``010`` as the octal number 8.
    A number with more than 12 digits before the point (a trillion kroner) or more than 20
    decimals is refused as well: it is a typing slip, and exact arithmetic on it is slow.

    Bad::

        costs:
          - name: Pædagog
            amount: .inf

    Good::

        costs:
          - name: Pædagog
            amount: 390000
    """,
)
define(
    "BC108",
    "not-a-case-file",
    "error",
    """
    The file is not a case at all: empty, not UTF-8, larger than 1 MB, binary, or not a mapping.

    A file of more than 25.000 keys, values and list items is refused too (comments do not
    count, and a note is one value however long; a case of 1.000 lines over 100 years has
    about 15.000), and at most 100 reader errors are reported per file: a case is YAML a
    person reads, not a data dump.

    Bad::

        - Hjemmebaseret indsats
        - 2021

    Good::

        format: 1
        meta:
          title: Hjemmebaseret indsats
    """,
)

# --- Codes raised inline by the loader (loader.py, model.py) ------------------------------------

define(
    "BC201",
    "unknown-key",
    "error",
    """
    A key is not part of the case format, often a misspelling.

    Every section refuses keys it does not know, so a typo cannot silently drop a figure.

    Bad::

        avoided:
          - name: Familiebehandling
            count: 1
            unitcost: 40000

    Good::

        avoided:
          - name: Familiebehandling
            count: 1
            unit_cost: 40000
    """,
)
define(
    "BC202",
    "missing-key",
    "error",
    """
    A required key is missing.

    Bad::

        avoided:
          - name: Familiebehandling
            count: 1

    Good::

        avoided:
          - name: Familiebehandling
            count: 1
            unit_cost: 40000
    """,
)
define(
    "BC203",
    "wrong-type",
    "error",
    """
    A value has the wrong type or is out of its allowed range.

    Bad::

        period:
          first: 2021
          last: tjue-syvogtyve

    Good::

        period:
          first: 2021
          last: 2027
    """,
)
define(
    "BC204",
    "year-key",
    "error",
    """
    A year key of a yearly value is not a year or a range ``2023-2027``, or two keys overlap.

    Bad::

        avoided:
          - name: Familiebehandling
            count: {2023-2027: 1.5, 2025: 2}
            unit_cost: 40000

    Good::

        avoided:
          - name: Familiebehandling
            count: {2023-2024: 1.5, 2025: 2, 2026-2027: 1.5}
            unit_cost: 40000
    """,
)

define(
    "BC220",
    "control-character",
    "error",
    """
    A text holds a control character, or a name holds a line break.

    A name, a title or a note is printed on terminals, in tables and in CI annotations; an
    escape sequence in it (``\\e[2J`` in a double-quoted YAML string) could hide text, change
    the window title or clear the screen, and a line break in a name breaks every table.
    Invisible characters (soft hyphens, zero-width spaces) are removed rather than refused,
    and names are compared in one Unicode form, so names that look the same are the same
    (BC207 then reports a duplicate).

    Bad::

        costs:
          - name: "Pædagog\\e]0;hacked\\a"
            amount: 390000

    Good::

        costs:
          - name: Pædagog
            amount: 390000
    """,
)

define(
    "BC801",
    "unknown-currency",
    "error",
    """
    ``meta.currency`` is not an ISO 4217 currency code.

    Amounts are shown with the currency's sign in the case's language (``£1,918,000``,
    ``1.918.000 €``); the code must be one the locale data knows. Kroner (DKK) are the default.

    Bad::

        meta:
          title: Invest to save
          organisation: A council
          currency: pounds
          price_level: 2019

    Good::

        meta:
          title: Invest to save
          organisation: A council
          currency: GBP
          price_level: 2019
    """,
)

define(
    "BC802",
    "year-form",
    "error",
    """
    A year is not written in the form of the case's period.

    A case counts its years one way, the way its period is written: calendar years
    (``first: 2021``), financial years (``first: 2019-20``, with ``start_month``) or relative
    years (``first: 1``, year 1 ... n). Every year of the case (year keys, ``first_year``,
    ``base_year``, stated key figures) is written the same way, so that ``2020`` in a case of
    financial years cannot silently mean 2020-21 or 2019-20.

    Bad::

        period:
          first: 2019-20
          last: 2021-22
          start_month: 4
        costs:
          - name: Edge of care team
            amount: {2019: 400000, 2020-2021: 300000}

    Good::

        period:
          first: 2019-20
          last: 2021-22
          start_month: 4
        costs:
          - name: Edge of care team
            amount: {2019-20: 400000, 2020-21 to 2021-22: 300000}
    """,
)
define(
    "BC803",
    "period-form",
    "error",
    """
    A period in financial years has no ``start_month``, or a key belongs to another form.

    ``start_month`` (the month a financial year starts in: 4 for April) goes with a period
    written in financial years (``2019-20``); ``anchor`` (the calendar year of year 1) with
    one in relative years (``first: 1``).

    Bad::

        period:
          first: 2019-20
          last: 2021-22

    Good::

        period:
          first: 2019-20
          last: 2021-22
          start_month: 4
    """,
)

define(
    "BC804",
    "printed-figure",
    "error",
    """
    A stated figure written as text is not a figure as a document prints it.

    A stated figure (a row's ``values`` or ``total``, a key figure's amount, a printed
    figure's ``value``) is a plain number, compared exactly, or the figure as the document
    prints it, compared as precisely as it is printed: ``2,1 mio.`` is anything that rounds to
    2,1 mio. (2.050.000 up to 2.150.000), ``ca. 85`` anything that rounds to 85, ``knap 7
    mio.`` (just under) 6,5 to 7 mio., ``godt 3 mio.`` (just over) 3 to 3,5 mio., ``op til
    2,2 mio.`` / ``up to £2.2m`` anything up to it. Danish cases write ``2,1``, English ones
    ``2.1``; a figure with a scale word (mio., million, m, mia., bn, t.kr., thousand) is in
    whole units, one without it in the file's unit.

    Bad::

        stated:
          - source: Cabinet report, summary
            rows:
              - row: net
                total: 1.5 millions of pounds

    Good::

        stated:
          - source: Cabinet report, summary
            rows:
              - row: net
                total: £1.5 million
    """,
)

define(
    "BC805",
    "unit-cost-from-total",
    "error",
    """
    A unit cost written from a total is not ``{total: <amount>, count: <how many>}``.

    A document that gives only a total for a number of people ("1,8 mio. kr. til forløb for 60
    unge") prices one of them at the total's share: ``unit_cost: {total: 1800000, count: 60}``
    is exactly 30.000 kr., kept as 1800000 / 60. Both numbers are positive, and nothing else
    goes beside them.

    Bad::

        costs:
          - name: Mentorforløb
            count: 60
            unit_cost: {total: 1800000, count: 0}

    Good::

        costs:
          - name: Mentorforløb
            count: 60
            unit_cost: {total: 1800000, count: 60}
    """,
)

# --- Raised by the loader for a case's named scenarios (loader.py) -----------------------------

define(
    "BC510",
    "too-many-scenarios",
    "error",
    """
    A case file holds more than 20 named scenarios, or more than the case can check.

    Each named scenario is checked as a case of its own whenever the case is checked; a file
    of thousands of them would take minutes. So would twenty scenarios of a case near the
    reader's value limit: the case's values, counted once per named scenario, may come to at
    most 25.000. Keep the variants under discussion in the case, and others in scenario
    files of their own.

    Bad::

        scenarios:
          s1: {parameters: {andel: 0.01}}
          s2: {parameters: {andel: 0.02}}
          # ... and so on, to s21

    Good::

        scenarios:
          pessimistisk: {parameters: {andel: 0.3}}
          optimistisk: {parameters: {andel: 0.45}}
    """,
)
