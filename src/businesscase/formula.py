"""Formulas over named parameters: ``familier_pr_år * andel_forebygget``.

A count or an amount may be written as a small arithmetic formula over the case's
``parameters`` and plain numbers, with ``+ - * /`` and parentheses. It is parsed by a
recursive-descent parser into a tree and evaluated exactly (``Fraction``); nothing is ever
passed to ``eval``, and nothing but parameter names and numbers can appear.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .i18n import _

_TOKEN = re.compile(
    r"\s*(?:(?P<number>[0-9]+(?:\.[0-9]+)?)|(?P<name>[^\W\d]\w*)|(?P<op>[-+*/()]))", re.UNICODE
)


MAX_TOKENS = 200
"""Most numbers, names and operators in one formula; evaluation recurses once per operator."""
MAX_NESTING = 20
"""Deepest nesting of parentheses."""


MAX_DIGITS = 12
"""Most digits before the point of a number in a formula: as for a number written alone
(:data:`businesscase.yamlio.MAX_DIGITS`), so a formula cannot carry what the reader refuses."""
MAX_DECIMALS = 20
"""Most decimals of a number in a formula (:data:`businesscase.yamlio.MAX_DECIMALS`)."""


def _check_number(text: str) -> None:
    whole, _point, decimals = text.partition(".")
    if len(whole.lstrip("0") or "0") > MAX_DIGITS:
        raise FormulaError(
            _("a number of more than {digits} digits before the point").format(digits=MAX_DIGITS)
        )
    if len(decimals) > MAX_DECIMALS:
        raise FormulaError(
            _("a number of more than {decimals} decimals").format(decimals=MAX_DECIMALS)
        )


class FormulaError(ValueError):
    """A formula that cannot be parsed; the message says where and why."""


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula; ``text`` is what the file says, ``names`` the parameters it uses."""

    text: str
    tree: tuple[object, ...]
    names: frozenset[str]

    def evaluate(self, parameters: Mapping[str, Fraction]) -> Fraction:
        return _eval(self.tree, parameters)

    def __str__(self) -> str:
        return self.text


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise FormulaError(
                _("unexpected '{text}' at character {pos}").format(
                    text=text[pos:].strip()[:10], pos=pos + 1
                )
            )
        kind = m.lastgroup
        assert kind is not None
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def parse(text: str) -> Formula:
    """Parse a formula; raise :class:`FormulaError` with a readable reason."""
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError(_("the formula is empty"))
    if len(tokens) > MAX_TOKENS:
        raise FormulaError(
            _("the formula is too long (more than {parts} parts)").format(parts=MAX_TOKENS)
        )
    depth = 0
    names: set[str] = set()
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        if pos >= len(tokens):
            raise FormulaError(_("the formula ends too early"))
        pos += 1
        return tokens[pos - 1]

    def expr() -> tuple[object, ...]:
        node = term()
        while (tok := peek()) and tok[1] in "+-" and tok[0] == "op":
            take()
            node = (tok[1], node, term())
        return node

    def term() -> tuple[object, ...]:
        node = factor()
        while (tok := peek()) and tok[1] in "*/" and tok[0] == "op":
            take()
            node = (tok[1], node, factor())
        return node

    def factor() -> tuple[object, ...]:
        kind, value = take()
        if kind == "number":
            _check_number(value)
            return ("num", Fraction(Decimal(value)))
        if kind == "name":
            names.add(value)
            return ("name", value)
        if value == "-":
            return ("neg", factor())
        if value == "(":
            nonlocal depth
            depth += 1
            if depth > MAX_NESTING:
                raise FormulaError(
                    _("the formula nests more than {most} parentheses").format(most=MAX_NESTING)
                )
            node = expr()
            if take()[1] != ")":
                raise FormulaError(_("a '(' is not closed"))
            depth -= 1
            return node
        raise FormulaError(_("unexpected '{text}'").format(text=value))

    tree = expr()
    if pos != len(tokens):
        raise FormulaError(_("unexpected '{text}'").format(text=tokens[pos][1]))
    return Formula(text.strip(), tree, frozenset(names))


def _eval(node: tuple[object, ...], params: Mapping[str, Fraction]) -> Fraction:
    op = node[0]
    if op == "num":
        return node[1]  # type: ignore[return-value]
    if op == "name":
        return params[node[1]]  # type: ignore[index]
    if op == "neg":
        return -_eval(node[1], params)  # type: ignore[arg-type]
    left = _eval(node[1], params)  # type: ignore[arg-type]
    right = _eval(node[2], params)  # type: ignore[arg-type]
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if right == 0:
        raise ZeroDivisionError(f"division by zero in a formula ({left} / 0)")
    return left / right
