"""Strict YAML reading with the source position of every node.

PyYAML implements YAML 1.1, which silently turns ``no`` into ``False``, ``40.000`` into the
float ``40.0`` and ``010`` into the octal 8. A case file is money, so this module composes the
node tree with PyYAML and then builds the values itself, by YAML 1.2's core schema and stricter:

* duplicate keys, anchors/aliases/merge keys and explicit tags (even ``!!str``) are refused;
* YAML 1.1 booleans (``yes``, ``no``, ``on``, ``off``, ``y``, ``n``) are refused;
* anything that looks like a Danish thousands separator (``40.000``, ``1.000.000``) is refused;
* ``.inf``, ``.nan`` and numbers with leading zeros are refused;
* numbers beyond any budget (over 12 digits before the point, over 20 decimals) are refused,
  and so is nesting over 40 levels deep (a hostile ``[[[[…`` would overflow libyaml's stack);
* floats are read as :class:`decimal.Decimal` from their source text, so ``1.5`` is exactly 1.5.

Every refusal is a located :class:`~businesscase.diagnostics.Diagnostic`; all are collected in
one pass. The result is a plain tree (dict, list, str, int, Decimal, bool, None) plus a map from
the path of each node (``("avoided", 2, "unit_cost")``) to its position in the file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from .diagnostics import Diagnostic, Finding, format_path
from .fmt import case_currency, currency, currency_name
from .i18n import N_, _, language

try:  # libyaml's composer is ~10x faster than the pure-Python one; the marks are the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_SPECIAL_PLAIN = {"<<": _MERGE_TAG, "=": "tag:yaml.org,2002:value"}


class _Composer(_Loader):
    """The loader that composes a case's node tree. The builder reads every plain scalar by
    itself (:meth:`_Builder._scalar`), so the implicit tag of a node needs no guessing by
    PyYAML's YAML 1.1 resolver (a look through its patterns for every scalar): a plain ``<<``
    is a merge key, which the builder refuses, and any other untagged node is a string, a
    list or a mapping. A tag written in the file is the node's tag as before; so is the one
    other tag YAML 1.1 gives a plain scalar without a tag (``=``, its "value" key), which
    the builder refuses as before."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _SPECIAL_PLAIN:
                return _SPECIAL_PLAIN[value]
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


Path = tuple[str | int, ...]

MAX_BYTES = 1_000_000
"""A case file is a page of YAML; anything over a megabyte is refused before parsing."""

MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted; a case needs about six levels. The limit
keeps a hostile file (``[[[[...``) from exhausting the stack of libyaml's composer."""

SAFE_DEPTH = 200
"""Nesting the composer survives: a file that may nest deeper is walked event by event before
composing; any other is measured while its tree is built, at no extra cost."""

MAX_DIGITS = 12
"""Most digits before the decimal point of a number: 999 999 999 999 kroner is already far
beyond any municipal budget, and larger numbers only come from typing mistakes."""

MAX_VALUES = 25_000
"""Most keys, values and list items in a file (aliases included; comments are not values,
and a note is one value however long). A generated case of 1.000 lines over 100 years has
about 12.000; a megabyte of ``[1, 1, 1, ...`` has half a million, and composing and checking
each takes seconds. Reading the most a file may hold takes about a third of a second."""

MAX_ERRORS = 100
"""Most findings the reader reports for one file; a megabyte of ``*a, *a, ...`` would
otherwise give a quarter of a million, and take seconds to report."""

MAX_DECIMALS = 20
"""Most decimal places of a number (``1e-99999999`` would make exact arithmetic crawl)."""

_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
_NOT_YAML_BREAKS = "\v\f\x1c\x1d\x1e"
"""The characters :meth:`str.splitlines` ends a line at and YAML does not."""

_IMPLICIT_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}
_QUOTED = {"'", '"', "|", ">"}
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOLS = {"y", "yes", "n", "no", "on", "off"}
_NUMBER_START = frozenset("+-.0123456789")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?")
_DANISH_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(\.[0-9]{3})+")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_MAY_ALIAS = re.compile(r"(?:\A|[\s\[{,:])\*[^\s\[\]{},]")
"""An alias (``*name``) starts a node: after a space, a line break, ``[``, ``{``, ``,`` or ``:``,
its name right after the star. A star in a formula (``a * b``, ``a*b``) is none, and the
events need not be read again to look for aliases."""


@dataclass(frozen=True, slots=True, eq=False)
class Span:
    """Where a value stands in the file: 1-based line and column, and how many characters."""

    line: int
    col: int
    length: int = 1


@dataclass(eq=False, repr=False)
class Document:
    """A parsed YAML document: the value tree and where each node stands in the file."""

    file: str
    text: str
    data: Any
    values: Mapping[Path, Span] = field(default_factory=dict)
    keys: Mapping[Path, Span] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def span(self, path: Path, *, key: bool = False) -> Span:
        """The position of ``path``, or of its nearest located ancestor."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            sub = path[:end]
            if sub in table:
                return table[sub]
            if key and sub in self.values:
                return self.values[sub]
        return Span(1, 1)

    def diagnostic(
        self,
        code: str,
        message: str,
        path: Path = (),
        *,
        hint: str | None = None,
        severity: str = "error",
        key: bool = False,
        span: Span | None = None,
        at: Path | None = None,
    ) -> Diagnostic:
        where = self._inside(span or self.span(path, key=key))
        source = self.lines[where.line - 1] if 0 < where.line <= len(self.lines) else None
        return Diagnostic(
            code=code,
            severity=severity,  # type: ignore[arg-type]
            message=clip(message),
            file=self.file,
            line=where.line,
            col=where.col,
            path=clip(format_path(path)),
            hint=clip(hint) if hint is not None else None,
            span=where.length,
            source=source,
            where=path if at is None else at,
        )

    def _inside(self, where: Span) -> Span:
        """Keep a position inside the file: libyaml marks the end of the input (an empty
        value after the last line, an error at end of file) one line past the last line."""
        if not self.lines or where.line <= len(self.lines):
            return where
        return Span(len(self.lines), len(self.lines[-1]) + 1, 1)

    def locate(self, finding: Finding) -> Diagnostic:
        return self.diagnostic(
            finding.code,
            finding.message,
            finding.path,
            hint=finding.hint,
            severity=finding.severity,
            key=finding.key,
        )


def _span(node: yaml.Node) -> Span:
    start, end = node.start_mark, node.end_mark
    length = end.column - start.column if end.line == start.line else 1
    return Span(start.line + 1, start.column + 1, max(length, 1))


class _Located(Mapping[Path, Span]):
    """Where each node of a document stands, by its path. The builder records the node; its
    :class:`Span` is made only when asked for (by a message), as most nodes never are."""

    __slots__ = ("nodes",)

    def __init__(self) -> None:
        self.nodes: dict[Path, yaml.Node] = {}

    def __getitem__(self, path: Path) -> Span:
        return _span(self.nodes[path])

    def __contains__(self, path: object) -> bool:
        return path in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.nodes)


class _Builder:
    def __init__(
        self,
        doc: Document,
        values: dict[Path, yaml.Node],
        keys: dict[Path, yaml.Node],
        tagged: dict[tuple[int, int], str] | None = None,
        *,
        anchored: bool = True,
    ) -> None:
        self.doc = doc
        self.values = values
        """Each value's node by its path (``doc.values`` makes their positions)."""
        self.keys = keys
        self.tagged = tagged or {}
        """The tag written on a node, by the node's start mark (line, column)."""
        self.anchored = anchored
        """The file may define an anchor (it has an ``&``). Without one there is no alias:
        the composer refuses an alias of an undefined anchor, so no node can be met twice."""
        self.errors: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._keys: set[int] = set()
        self.alias_paths: list[Path] = []
        self.alias_key = False
        """An alias was met as a key, or a value is an alias of a key (see :attr:`may_alias`)."""
        self.unreported = 0
        self.too_deep: Span | None = None

    def error(
        self,
        code: str,
        message: str,
        path: Path,
        node: yaml.Node,
        hint: str,
        at: Path | None = None,
    ) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.unreported += 1  # the tree is built in file order: these come after
            return
        self.errors.append(
            self.doc.diagnostic(code, message, path, hint=hint, span=_span(node), at=at)
        )

    def _refuse(
        self, code: str, message: str, path: Path, node: yaml.Node, hint: str, is_key: bool
    ) -> None:
        """A refused scalar; a refused key is its own path (the key, not the mapping it is
        in, is left out)."""
        self.error(code, message, path, node, hint, (*path, node.value) if is_key else None)

    @property
    def may_alias(self) -> bool:
        """Whether the file may hold an alias. The composer hands an aliased node again (the
        same object), so a tree built in full with no node met twice holds none; a finding
        may have left a subtree unbuilt, and then only the events can tell."""
        return bool(self.alias_paths or self.alias_key or self.errors or self.unreported)

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.values[path] = node
        if self.anchored:
            ident = id(node)
            if ident in self._keys:
                self.alias_key = True
            if ident in self._seen:
                # An alias: the composer hands the anchored node again. It was reported where
                # the alias is written (see _aliases); never expand it, so an alias bomb stays
                # small.
                self.alias_paths.append(path)
                return None
            self._seen.add(ident)
        kind = type(node)
        if kind is not yaml.ScalarNode and len(path) >= MAX_DEPTH:  # a list or a mapping
            self.too_deep = self.too_deep or _span(node)  # the first, in file order
            return None
        tagged = self.tagged
        written = tagged.get((node.start_mark.line, node.start_mark.column)) if tagged else None
        if written or node.tag not in _IMPLICIT_TAGS:
            tag = (written or node.tag).replace("tag:yaml.org,2002:", "!!")
            self.error(
                "BC106",
                _("YAML tags such as '{tag}' are not allowed in a case file").format(tag=tag),
                path,
                node,
                _("remove the tag; amounts are plain numbers and names plain text"),
            )
            return None
        if kind is yaml.ScalarNode:
            return self._scalar(node, path)  # type: ignore[arg-type]
        if kind is yaml.MappingNode:
            return self._mapping(node, path)  # type: ignore[arg-type]
        return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        keys = self.keys
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.error(
                    "BC105",
                    _("YAML merge keys (<<) are not allowed in a case file"),
                    path,
                    key_node,
                    _("write the keys out in full"),
                    at=(*path, "<<"),
                )
                continue
            if type(key_node) is not yaml.ScalarNode:
                self.error(
                    "BC101",
                    _("a key must be a plain name or a year, not a list or a mapping"),
                    path,
                    key_node,
                    _("write keys such as 'name:' or '2023:'"),
                    at=(*path, "?"),
                )
                continue
            if self.anchored:
                ident = id(key_node)
                if ident in self._keys or ident in self._seen:
                    self.alias_key = True
                self._keys.add(ident)
            key = self._scalar(key_node, path, True)
            if key is None or key is True or key is False or type(key) is Decimal:
                key = key_node.value
            child = (*path, key)
            if key in out:
                first = self.doc.keys[child]
                self.error(
                    "BC102",
                    _("duplicate key '{key}' (first written on line {line})").format(
                        key=key_node.value, line=first.line
                    ),
                    child,
                    key_node,
                    _("YAML keeps only the last of two equal keys; remove or rename one of them"),
                )
                continue
            keys[child] = key_node
            out[key] = self.build(value_node, child)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: Path, is_key: bool = False) -> Any:
        text: str = node.value
        if node.style in _QUOTED:
            return text  # quoted or block scalar: always a string
        if text in _NULL:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if len(text) <= 3 and text.lower() in _YAML11_BOOLS:
            self._refuse(
                "BC104",
                _("'{text}' is ambiguous: YAML 1.1 reads it as {reading}, YAML 1.2 as text").format(
                    text=text, reading=text.lower() in {"y", "yes", "on"}
                ),
                path,
                node,
                _(
                    'write true or false for a yes/no value, or "{text}" in quotes for the word'
                ).format(text=text),
                is_key,
            )
            return text
        if text[:1] not in _NUMBER_START:
            return text  # not a number: every pattern below starts with a sign, digit or point
        if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS and text[0] != "0":
            return int(text)  # a plain whole number, as the patterns below read it
        if _DANISH_THOUSANDS.fullmatch(text):
            whole, name = text.replace(".", ""), currency_name()
            if name is None:
                message = _(
                    "expected an amount in kroner, got '{text}': YAML reads it as {reading}, "
                    "not {whole}"
                )
                hint = _("write whole kroner without thousands separators, e.g. {whole}")
            else:
                message = _(
                    "expected an amount in {currency}, got '{text}': YAML reads it as "
                    "{reading}, not {whole}"
                )
                hint = _("write whole {currency} without thousands separators, e.g. {whole}")
            self._refuse(
                "BC103",
                message.format(
                    currency=name, text=text, reading=_yaml11_reading(text), whole=whole
                ),
                path,
                node,
                hint.format(currency=name, whole=whole),
                is_key,
            )
            return text
        if _SPECIAL_FLOAT.fullmatch(text):
            self._refuse(
                "BC107",
                _("'{text}' (infinity or not-a-number) is not an amount").format(text=text),
                path,
                node,
                _("write a finite number"),
                is_key,
            )
            return text
        if _LEADING_ZERO.fullmatch(text):
            self._refuse(
                "BC107",
                _("'{text}' has a leading zero, which YAML 1.1 reads as an octal number").format(
                    text=text
                ),
                path,
                node,
                _("write {number} without the leading zero").format(
                    number=text.lstrip("+-").lstrip("0") or "0"
                ),
                is_key,
            )
            return text
        if _INT.fullmatch(text):
            digits = len(text.lstrip("+-"))  # count before converting: int() refuses 4300+
            number: int | Decimal = int(text) if digits <= MAX_DIGITS else 0
        elif _FLOAT.fullmatch(text):
            number = Decimal(text)
            digits = max(number.adjusted() + 1, 0) if number else 0
        else:
            return text
        if digits > MAX_DIGITS:
            self._refuse(
                "BC107",
                _(
                    "'{text}' is too large for an amount (more than {digits} digits "
                    "before the decimal point)"
                ).format(text=_short(text), digits=MAX_DIGITS),
                path,
                node,
                _("check the number; amounts are whole kroner such as 390000")
                if currency_name() is None
                else _("check the number; amounts are whole {currency} such as 390000").format(
                    currency=currency_name()
                ),
                is_key,
            )
            return text
        if isinstance(number, Decimal) and int(number.as_tuple().exponent) < -MAX_DECIMALS:
            self._refuse(
                "BC107",
                _("'{text}' has more than {decimals} decimal places").format(
                    text=_short(text), decimals=MAX_DECIMALS
                ),
                path,
                node,
                _("round the number; a share such as 1/3 is precise enough as 0.3333"),
                is_key,
            )
            return text
        return number


_YAML_PROBLEMS = {
    "did not find expected key": N_("did not find expected key"),
    "mapping values are not allowed in this context": N_(
        "mapping values are not allowed in this context"
    ),
    "could not find expected ':'": N_("could not find expected ':'"),
    "found character that cannot start any token": N_(
        "found character that cannot start any token"
    ),
    "did not find expected '-' indicator": N_("did not find expected '-' indicator"),
    "did not find expected node content": N_("did not find expected node content"),
    "did not find expected ',' or ']'": N_("did not find expected ',' or ']'"),
    "did not find expected ',' or '}'": N_("did not find expected ',' or '}'"),
    "found unexpected end of stream": N_("found unexpected end of stream"),
    "found undefined alias": N_("found undefined alias"),
    "found unknown escape character": N_("found unknown escape character"),
    "block sequence entries are not allowed in this context": N_(
        "block sequence entries are not allowed in this context"
    ),
    "found a tab character that violates indentation": N_(
        "found a tab character that violates indentation"
    ),
    "found unexpected ':'": N_("found unexpected ':'"),
    "control characters are not allowed": N_("control characters are not allowed"),
    "not valid YAML": N_("not valid YAML"),
    "a case file holds one YAML document; found a second '---'": N_(
        "a case file holds one YAML document; found a second '---'"
    ),
}
"""libyaml's most common problems, in the reader's words (others are quoted as libyaml says)."""


def _yaml_problem(problem: str) -> str:
    known = _YAML_PROBLEMS.get(problem)
    return _(known) if known else problem


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:20] + "…" + text[-10:]


def _yaml11_reading(text: str) -> str:
    try:
        return repr(float(text))
    except ValueError:
        return _("a piece of text")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as YAML counts them (CR, LF, CRLF, NEL, LS and PS end a line)."""
    if not any(c in text for c in _NOT_YAML_BREAKS):
        # str.splitlines ends a line at the same characters but for these, and runs several
        # times faster than the pattern; it drops the empty line after a final line break
        return text.splitlines() or [""]
    lines = _BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final line break ends the last line; it does not start a new one
    return lines


def _clamp(doc: Document, line: int, col: int) -> Span:
    """A position inside the file: libyaml places end-of-file errors one line past the end."""
    if not doc.lines:
        return Span(1, 1)
    if line > len(doc.lines):
        return Span(len(doc.lines), len(doc.lines[-1]) + 1)
    line = max(line, 1)
    return Span(line, min(max(col, 1), len(doc.lines[line - 1]) + 1))


def _offset_span(doc: Document, offset: int) -> Span:
    """The position of a byte offset into the UTF-8 text (libyaml's reader errors give these)."""
    before = doc.text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")
    lines = _BREAK.split(before)
    return _clamp(doc, len(lines), len(lines[-1]) + 1)


def _nesting_bound(lines: list[str], text: str) -> int:
    """A cheap upper bound of the nesting depth: each block level needs more indentation or
    an indicator (``-``, ``?``, ``:``) on the line; each flow level a bracket.

    A line's levels are at most its length, so a line too short to take the bound past
    :data:`SAFE_DEPTH` counts as its length, and only the longer lines are looked at."""
    flow = text.count("[") + text.count("{") + 2
    short = (SAFE_DEPTH - flow) // 2
    longest = max(map(len, lines), default=0)
    deepest = max(min(longest, short), 0)
    for line in lines:
        if len(line) > short:
            levels = len(line) - len(line.lstrip(" ")) + line.count("-") + line.count(":")
            deepest = max(deepest, levels + line.count("?"))
    return 2 * deepest + flow


def _values_bound(text: str) -> int:
    """An upper bound of the nodes in ``text``: every node after the first is separated from
    the one before by a line break, a comma, or an indicator ('- ', ': ', '? ', a bracket).
    Commas in a note and lines of comments count too, so a bound over the limit is checked
    by :func:`_count_values`."""
    return 1 + sum(text.count(c) for c in "\n\r,:-?[{\x85\u2028\u2029")


def _count_values(text: str) -> int:
    """The nodes in ``text`` (scalars, lists, mappings, aliases) as the parser reads them,
    counted up to one past :data:`MAX_VALUES`: the count stops there, so even a megabyte of
    ``[1, 1, 1, ...`` costs only the parsing of the first values. A syntax error stops the
    count too; the composer then stops at the same place and reports it.

    Nesting deeper than :data:`MAX_DEPTH` stops the count as over the limit: such a file is
    refused either way, and libyaml slows down with every level of a flood of ``[``."""
    counted = (yaml.ScalarEvent, yaml.CollectionStartEvent, yaml.AliasEvent)
    count = depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, counted):
                count += 1
                if count > MAX_VALUES:
                    break
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return MAX_VALUES + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return count


def _too_deep_diagnostic(doc: Document, where: Span) -> Diagnostic:
    return doc.diagnostic(
        "BC101",
        _("the lists and mappings are nested more than {depth} levels deep").format(
            depth=MAX_DEPTH
        ),
        hint=_("a case file needs only a few levels; check the indentation and brackets"),
        span=where,
    )


def _too_deep(doc: Document) -> Span | None:
    """Where the nesting first goes deeper than :data:`MAX_DEPTH`, if it does."""
    if _nesting_bound(doc.lines, doc.text) <= SAFE_DEPTH:
        return None  # safe to compose; the builder measures the depth exactly
    depth = 0
    try:
        for event in yaml.parse(doc.text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                mark = event.start_mark
                if depth > MAX_DEPTH and mark is not None:
                    return _clamp(doc, mark.line + 1, mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # reported by the composer, which stops at the same place
    return None


def parse(text: str, file: str) -> tuple[Document, list[Diagnostic]]:
    """Parse ``text`` (the contents of ``file``) strictly. Never raises for bad input."""
    doc = Document(file=file, text=text, data=None, lines=split_lines(text))
    if "\t" in text:
        line_no = next(i for i, line in enumerate(doc.lines, 1) if "\t" in line)
        col = doc.lines[line_no - 1].index("\t") + 1
        # Tabs are legal inside values but never needed in a case; in indentation they break YAML.
        if doc.lines[line_no - 1][: col - 1].strip() == "":
            return doc, [
                doc.diagnostic(
                    "BC101",
                    _("a tab is used for indentation; YAML allows only spaces"),
                    hint=_("indent with spaces (two per level)"),
                    span=Span(line_no, col),
                )
            ]
    # the bound is at most one more than the characters: a shorter file is within the limit
    if (
        len(text) >= MAX_VALUES
        and _values_bound(text) > MAX_VALUES
        and _count_values(text) > MAX_VALUES
    ):
        return doc, [
            doc.diagnostic(
                "BC108",
                _(
                    "the file holds more than {most} keys, values and list items; a case "
                    "file has a few hundred, a very large one a few thousand"
                ).format(most=MAX_VALUES),
                hint=_("check that this is the case file you meant"),
                span=Span(1, 1),
            )
        ]
    deep = _too_deep(doc)
    if deep is not None:
        return doc, [_too_deep_diagnostic(doc, deep)]
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or N_("not valid YAML")
        if "found another document" in str(problem) or "expected a single document" in str(exc):
            problem = N_("a case file holds one YAML document; found a second '---'")
        return doc, [
            doc.diagnostic(
                "BC101",
                _("YAML syntax error: {problem}").format(problem=_yaml_problem(problem)),
                hint=_("check the indentation and the colons on this line and the one above"),
                span=_clamp(doc, line, col),
            )
        ]
    except yaml.reader.ReaderError as exc:
        return doc, [
            doc.diagnostic(
                "BC101",
                _("the character U+{code:04X} is not allowed in YAML ({reason})").format(
                    code=exc.character, reason=_yaml_problem(exc.reason)
                ),
                hint=_("remove the character; it may come from copying text out of a PDF or Word"),
                span=_offset_span(doc, exc.position),
            )
        ]
    except yaml.YAMLError as exc:
        message = _("YAML syntax error: {problem}").format(problem=exc)
        return doc, [doc.diagnostic("BC101", message, span=Span(1, 1))]
    if node is None:
        return doc, [
            doc.diagnostic(
                "BC108",
                _("the file is empty"),
                hint=_(
                    "a case starts with 'format: 1' and a 'meta:' section; see docs/case-format.md"
                ),
            )
        ]
    values, keys = _Located(), _Located()
    doc.values, doc.keys = values, keys
    builder = _Builder(
        doc,
        values.nodes,
        keys.nodes,
        _explicit_tags(text) if "!" in text else None,
        anchored="&" in text,
    )
    with currency(case_currency(_meta_currency(node)), language()):  # amounts in messages
        doc.data = builder.build(node, ())
    if builder.too_deep is not None:
        doc.data = None
        return doc, [_too_deep_diagnostic(doc, builder.too_deep)]
    unreported = builder.unreported
    if "*" in text and builder.may_alias and _MAY_ALIAS.search(text):
        aliases, more = _aliases(doc, text, builder.alias_paths)
        builder.errors.extend(aliases)
        unreported += more
    errors = sorted(builder.errors, key=lambda d: (d.line, d.col))
    unreported += max(len(errors) - MAX_ERRORS, 0)
    if unreported:
        last = errors[MAX_ERRORS - 1]
        errors = errors[: MAX_ERRORS - 1]
        errors.append(
            doc.diagnostic(
                last.code,
                _("{message}; and {more} more errors after this one, not shown").format(
                    message=last.message, more=unreported
                ),
                hint=_("correct these first; the rest are likely of the same kind"),
                span=Span(last.line, last.col, last.span),
            )
        )
    return doc, errors


def _meta_currency(node: yaml.Node) -> str | None:
    """``meta.currency`` as written, read off the composed tree before it is built."""
    meta = _child(node, "meta")
    currency = _child(meta, "currency") if meta is not None else None
    return currency.value if isinstance(currency, yaml.ScalarNode) else None


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v  # type: ignore[no-any-return]
    return None


def _explicit_tags(text: str) -> dict[tuple[int, int], str]:
    """Where a tag is written: ``!!str 5`` composes to the same node as a quoted "5", and
    ``!!int 5`` to the same as a plain 5, so only the events tell that a tag was there."""
    found: dict[tuple[int, int], str] = {}
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent) and event.tag and mark:
            found[(mark.line, mark.column)] = event.tag
    return found


def _event_span(event: yaml.Event) -> Span:
    start, end = event.start_mark, event.end_mark
    if start is None or end is None:  # pragma: no cover - libyaml always marks events
        return Span(1, 1)
    return Span(start.line + 1, start.column + 1, max(end.column - start.column, 1))


def _aliases(doc: Document, text: str, paths: list[Path]) -> tuple[list[Diagnostic], int]:
    """Report each alias where it is written (the composed tree only knows the anchor).

    ``paths`` are where the builder met the aliases, in document order; giving each report
    its path keeps the loader from reporting the empty value there a second time. (An alias
    under a refused merge key is never built; then the counts differ and no path is given.)
    """
    events = [e for e in yaml.parse(text, Loader=_Loader) if isinstance(e, yaml.AliasEvent)]
    if len(paths) != len(events):
        paths = [()] * len(events)
    total = len(events)
    events, paths = events[:MAX_ERRORS], paths[:MAX_ERRORS]  # parse() counts the rest
    found = [
        doc.diagnostic(
            "BC105",
            _("YAML aliases (*{anchor}) are not allowed in a case file").format(
                anchor=event.anchor
            ),
            path,
            hint=_(
                "write the value out in full; a case should read the same to a person "
                "and to a program"
            ),
            span=_event_span(event),
        )
        for event, path in zip(events, paths, strict=True)
    ]
    return found, total - len(found)


MAX_MESSAGE = 400


def clip(text: str) -> str:
    """A message that quotes a pasted paragraph stays readable: its middle is cut."""
    if len(text) <= MAX_MESSAGE:
        return text
    return f"{text[:300]} … {text[-(MAX_MESSAGE - 303) :]}"


def read(path: str, display: str | None = None) -> tuple[Document, list[Diagnostic]]:
    """Read and parse a case file. Raises :class:`OSError` only for I/O problems."""
    name = display or path
    # Opened without blocking and checked on the open file, not on the name: a pipe or a
    # device put in the file's place between a look and the read cannot make the read wait.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, N_("is a folder"), path)
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            raise OSError(errno.EINVAL, N_("not a regular file"), path)
        chunks: list[bytes] = []
        size = 0
        # the file in one read as a rule: a buffer of its size, not of the most a file may
        # hold (a megabyte allocated, and its pages touched, for every file)
        want = min(info.st_size, MAX_BYTES) + 1
        while size <= MAX_BYTES:
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            want = MAX_BYTES + 1 - size
        raw = b"".join(chunks)
    finally:
        os.close(fd)
    empty = Document(file=name, text="", data=None)
    if len(raw) > MAX_BYTES:
        return empty, [
            empty.diagnostic(
                "BC108",
                _("the file is larger than {mb} MB; a case file is a page of YAML").format(
                    mb=MAX_BYTES // 1_000_000
                ),
                hint=_("check that this is the file you meant"),
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The utf-8-sig codec counts offsets after a byte order mark: skip it here too. The
        # text before the bad byte is valid UTF-8: count its lines and characters.
        start = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        before = split_lines(raw[:start].decode("utf-8-sig", errors="replace") + "x")
        line, col = len(before), len(before[-1])
        return empty, [
            empty.diagnostic(
                "BC108",
                _("the file is not UTF-8 text (byte 0x{byte:02x} at offset {offset})").format(
                    byte=raw[start], offset=start
                ),
                hint=_("save the file as UTF-8; Excel and Word call this 'Unicode (UTF-8)'"),
                span=Span(line, col),
            )
        ]
    if "\x00" in text:
        before = split_lines(text[: text.index("\x00")] + "x")
        return empty, [
            empty.diagnostic(
                "BC108",
                _("the file contains NUL bytes; it is not a text file"),
                hint=_("check that this is the case file you meant"),
                span=Span(len(before), len(before[-1])),
            )
        ]
    return parse(text, name)
