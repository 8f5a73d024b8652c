"""Scenarios: a case written as its base plus the few things that change.

A scenario file names its base case and overrides values by name, never by list position::

    base: ../cases/ishoj_hjemmebaseret.yaml     # relative to this file
    meta:
      title: Ishøj, pessimistisk
    parameters:
      andel: 0.3                                # a parameter's value (or {value:, assumption:})
    lines:                                      # costs, avoided and reallocations, by name
      Forebyggende § 11.3-forløb:
        count: {2023-2027: 3}
    funding:                                    # by the funding's name
      Investeringspuljen:
        repayment: {amount: 50000, years: until_repaid}
    add:                                        # new entries, as in a case file
      costs:
        - {name: Ekstra pædagog, amount: 195000}

A case file may also hold named scenarios with the same overrides (``scenarios: {name: ...}``),
chosen with ``--scenario NAME``.

Merging rules: ``meta``, ``period``, ``discounting`` and ``prices`` are merged field by field;
a named parameter, line, funding or activity is merged field by field, and so are its
``repayment`` and ``hours``; every other value (a yearly value, a list, a number, a text)
replaces the base's value as a whole; ``null`` removes a field; ``add`` appends entries to
``costs``, ``avoided``, ``reallocations``, ``activities`` or ``funding`` (before the other
overrides, which may then name them). The base's ``stated`` figures describe the source
document, not the scenario, and are dropped.

The merged case is validated like any case. Its :class:`MergedDocument` remembers where each
value was written, so an error points into the scenario file for a value the scenario sets and
into the base file for a value inherited from it. Problems with the overrides themselves are
codes BC501-BC506 (see :mod:`businesscase.codes`).

This module only merges documents it is given (documents in, document out); reading a
scenario's base files is :mod:`businesscase.bases`, which the loader calls.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from . import yamlio
from .codes import check
from .diagnostics import Diagnostic, format_path, has_errors, listing, suggest
from .i18n import N_, _
from .printable import canonical

Path = tuple[str | int, ...]

RECORDS = ("meta", "period", "discounting", "prices")
"""Top-level sections merged field by field."""
NAMED = {
    "parameters": "parameter",
    "lines": "line",
    "funding": "funding",
    "activities": "activity",
}
"""Sections whose entries are addressed by name."""
_KIND_WORDS = {
    "parameter": (N_("parameter names"), N_("the parameter's fields")),
    "line": (N_("line names"), N_("the line's fields")),
    "funding": (N_("funding names"), N_("the funding's fields")),
    "activity": (N_("activity names"), N_("the activity's fields")),
}
"""What a named section's mapping holds, and an entry's, for BC505 (by :data:`NAMED`)."""
LINE_SECTIONS = ("costs", "avoided", "reallocations")
NESTED_RECORDS = ("repayment", "hours")
"""Fields of a line or a funding merged field by field rather than replaced."""
ADDABLE = (*LINE_SECTIONS, "activities", "funding")
"""Lists a scenario may add entries to (``add: {costs: [...]}``)."""
OVERRIDE_KEYS = (*RECORDS, *NAMED, "add")
POOL_DEFAULT_NAME = "Investeringspuljen"


@dataclass(eq=False, repr=False)
class MergedDocument(yamlio.Document):
    """A merged case: the data, and for each part of it the document it was written in.

    ``origins`` maps a path of the merged data to ``(document, path there)``; a path is located
    through its longest prefix in the map, so everything below an override points into the
    scenario and everything else into the base.
    """

    origins: dict[Path, tuple[yamlio.Document, Path]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    """The paths of the files the case was merged from (set by :mod:`businesscase.bases`)."""

    def origin(self, path: Path) -> tuple[yamlio.Document, Path]:
        for end in range(len(path), -1, -1):
            found = self.origins.get(path[:end])
            if found is not None:
                doc, at = found
                return doc, (*at, *path[end:])
        return self, path

    def span(self, path: Path, *, key: bool = False) -> yamlio.Span:
        doc, at = self.origin(path)
        if doc is self:
            return super().span(path, key=key)
        found = doc.span(at, key=key)
        if isinstance(found, _Span):
            return found
        return _Span(found.line, found.col, found.length, doc=doc)

    def diagnostic(
        self,
        code: str,
        message: str,
        path: Path = (),
        *,
        hint: str | None = None,
        severity: str = "error",
        key: bool = False,
        span: yamlio.Span | None = None,
        at: Path | None = None,
    ) -> Diagnostic:
        doc, there = self.origin(path)
        if isinstance(span, _Span) and span.doc is not None:
            # a position found with span(): report it in the file it was found in
            doc, span = span.doc, yamlio.Span(span.line, span.col, span.length)
        if doc is self:
            return super().diagnostic(
                code, message, path, hint=hint, severity=severity, key=key, span=span, at=at
            )
        found = doc.diagnostic(
            code, message, there, hint=hint, severity=severity, key=key, span=span
        )
        return replace(found, path=format_path(path), where=path if at is None else at)


@dataclass(frozen=True, slots=True, eq=False)
class _Span(yamlio.Span):
    """A position that remembers the document it is in (for a merged case's positions)."""

    doc: yamlio.Document | None = field(default=None, compare=False, hash=False)


# --- The codes ----------------------------------------------------------------------------------


@check("BC501", "unknown-override", "error")
def unknown_name(
    doc: yamlio.Document, path: Path, kind: str, name: str, known: list[str]
) -> Diagnostic:
    """
    An override names a parameter, line, funding or activity that the base does not have.

    Overrides are matched by name, so a misspelt name would otherwise change nothing without
    a word. The error points at the name in the scenario and suggests the closest name the
    base has.

    Bad::

        base: ishoj_hjemmebaseret.yaml
        lines:
          Familiebehandlng:
            count: {2023-2027: 1}

    Good::

        base: ishoj_hjemmebaseret.yaml
        lines:
          Familiebehandling:
            count: {2023-2027: 1}
    """
    words = _UNKNOWN_NAME[kind]
    close = suggest(name, known, cutoff=0.5)
    if close:
        hint = _("did you mean '{key}'?").format(key=close)
    elif known:
        hint = _(words[1]).format(names=listing(known))
    else:
        hint = _(words[2])
    return doc.diagnostic("BC501", _(words[0]).format(name=name), path, hint=hint, key=True)


_UNKNOWN_NAME = {
    "parameter": (
        N_("the base has no parameter named '{name}'"),
        N_("the base's parameter names are: {names}"),
        N_("the base has no parameters to override"),
    ),
    "line": (
        N_("the base has no line named '{name}'"),
        N_("the base's line names are: {names}"),
        N_("the base has no lines to override"),
    ),
    "funding": (
        N_("the base has no funding named '{name}'"),
        N_("the base's funding names are: {names}"),
        N_("the base has no fundings to override"),
    ),
    "activity": (
        N_("the base has no activity named '{name}'"),
        N_("the base's activity names are: {names}"),
        N_("the base has no activities to override"),
    ),
}
"""BC501's message and hints for each kind of name (as :data:`NAMED` calls them)."""


@check("BC504", "override-section", "error")
def bad_section(doc: yamlio.Document, path: Path, key: str, allowed: tuple[str, ...]) -> Diagnostic:
    """
    A scenario overrides something that cannot be overridden, or names an unknown section.

    A scenario changes values by name under ``meta``, ``period``, ``parameters``, ``lines``,
    ``funding``, ``activities``, ``discounting`` and ``prices``; lists such as ``costs`` are
    not addressed by position, and ``stated`` belongs to the source document.

    Bad::

        base: ishoj_hjemmebaseret.yaml
        avoided:
          - name: Familiebehandling
            count: 1

    Good::

        base: ishoj_hjemmebaseret.yaml
        lines:
          Familiebehandling:
            count: 1
    """
    hint = _("a scenario may change: {sections}").format(sections=", ".join(allowed))
    if key in LINE_SECTIONS:
        hint = _(
            "change lines by name under 'lines:', e.g. {lines}, "
            "or add new ones under 'add:', e.g. {add}"
        ).format(lines="lines: {<name>: {...}}", add=f"add: {{{key}: [...]}}")
    message = _("a scenario cannot override '{key}'").format(key=key)
    return doc.diagnostic("BC504", message, path, hint=hint, key=True)


@check("BC505", "override-shape", "error")
def bad_shape(doc: yamlio.Document, path: Path, what: str, hint: str) -> Diagnostic:
    """
    An override has the wrong shape: not a mapping of names, or a base that is not a path.

    Bad::

        base: ishoj_hjemmebaseret.yaml
        lines:
          - Familiebehandling

    Good::

        base: ishoj_hjemmebaseret.yaml
        lines:
          Familiebehandling:
            count: 1
    """
    return doc.diagnostic("BC505", what, path, hint=hint)


@check("BC506", "unknown-scenario", "error")
def unknown_scenario(
    doc: yamlio.Document,
    name: str,
    known: list[str],
    *,
    in_scenario: bool = False,
    at: Path | None = None,
) -> Diagnostic:
    """
    ``--scenario NAME`` names a scenario that the case file does not hold.

    Bad::

        # businesscase run case.yaml --scenario pessimistic
        scenarios:
          pessimistisk:
            parameters: {andel: 0.3}

    Good::

        # businesscase run case.yaml --scenario pessimistisk
        scenarios:
          pessimistisk:
            parameters: {andel: 0.3}
    """
    close = suggest(name, known, cutoff=0.5)
    if close:
        hint = _("did you mean '{key}'?").format(key=close)
    elif known:
        hint = _("the file's scenarios are: {names}").format(names=listing(known))
    elif in_scenario:
        hint = _("a scenario file has no named scenarios; name the file itself")
    else:
        hint = _("the file has no 'scenarios:' section")
    path: Path = at if at is not None else (("scenarios",) if known else ())
    message = _("the case has no scenario named '{name}'").format(name=name)
    return doc.diagnostic("BC506", message, path, hint=hint, key=at is None)


# --- Merging ------------------------------------------------------------------------------------


class _Merger:
    """Apply one set of overrides (written in ``over_doc`` at ``at``) to the base's data."""

    def __init__(self, base: yamlio.Document, over_doc: yamlio.Document, at: Path) -> None:
        self.data: dict[str, Any] = copy.deepcopy(base.data)
        self.data.pop("stated", None)
        self.data.pop("scenarios", None)
        self.origins: dict[Path, tuple[yamlio.Document, Path]] = {(): (base, ())}
        self.over_doc = over_doc
        self.at = at
        self.errors: list[Diagnostic] = []

    def set(self, target: dict[Any, Any], path: Path, key: Any, value: Any, src: Path) -> None:
        """Write ``value`` (from the scenario at ``src``) at ``path + (key,)``.

        ``null`` removes a field the base writes; a ``null`` for a field the base does not
        write is kept, so that a misspelt key is still reported (BC201) where it is written.
        """
        if value is None and key in target:
            target.pop(key)
        else:
            target[key] = copy.deepcopy(value)
        self.origins[(*path, key)] = (self.over_doc, src)

    def apply(self, overrides: dict[Any, Any], *, allow_base: bool) -> None:
        if "add" in overrides:  # first, so that the other overrides may name what it adds
            self.add(overrides["add"], (*self.at, "add"))
        for key, value in overrides.items():
            src = (*self.at, key)
            if key == "add" or (key == "base" and allow_base):
                continue
            if key in RECORDS:
                self.record(key, value, src)
            elif key in NAMED:
                self.named(key, value, src)
            else:
                self.errors.append(bad_section(self.over_doc, src, str(key), OVERRIDE_KEYS))

    def add(self, value: Any, src: Path) -> None:
        """Append new entries, written as in a case file, to the base's lists."""
        if not self.mapping(value, src, _("lists to add to"), "add: {costs: [{name: ...}]}"):
            return
        for section, items in value.items():
            where = (*src, section)
            if section not in ADDABLE:
                self.errors.append(bad_section(self.over_doc, where, f"add.{section}", ADDABLE))
                continue
            if not isinstance(items, list):
                self.errors.append(
                    bad_shape(
                        self.over_doc,
                        where,
                        _("expected a list of new entries under '{key}'").format(
                            key=f"add.{section}"
                        ),
                        _("write each entry as in a case file: {example}").format(
                            example=f"add: {{{section}: [{{name: ...}}]}}"
                        ),
                    )
                )
                continue
            target = self.data.get(section)
            if not isinstance(target, list):
                target = self.data[section] = []
            for j, item in enumerate(items):
                self.origins[(section, len(target))] = (self.over_doc, (*where, j))
                target.append(copy.deepcopy(item))

    def mapping(self, value: Any, src: Path, what: str, example: str) -> bool:
        if isinstance(value, dict):
            return True
        self.errors.append(
            bad_shape(
                self.over_doc,
                src,
                _("expected a mapping of {what}").format(what=what),
                _("write it as e.g. {example}").format(example=example),
            )
        )
        return False

    def record(self, section: str, value: Any, src: Path) -> None:
        fields = _("'{section}' fields").format(section=section)
        if not self.mapping(value, src, fields, f"{section}: {{field: value}}"):
            return
        target = self.data.get(section)
        if not isinstance(target, dict):
            self.set(self.data, (), section, value, src)
            return
        self.claim(target, (section,), value, src)
        for name, item in value.items():
            self.set(target, (section,), name, item, (*src, name))

    def claim(self, target: dict[Any, Any], path: Path, value: dict[Any, Any], src: Path) -> None:
        """Locate a merged mapping at the override, and each field it inherits in the base.

        A finding about the whole mapping (a period that ends before it starts, a measure with
        both a unit cost and hours) then points at the override that made it so, while a
        finding about a field the override does not write still points into the base.
        """
        owner = self.origins.get(path)
        if owner is not None and owner[0] is self.over_doc:
            return  # added by this scenario: already located in it, field by field
        base = self.origins[()][0]
        for key in target:
            if key not in value:
                self.origins.setdefault((*path, key), (base, (*path, key)))
        self.origins[path] = (self.over_doc, src)

    def fields(self, target: dict[Any, Any], path: Path, value: Any, src: Path) -> None:
        """Merge a named entry's fields; ``repayment`` and ``hours`` are merged in turn."""
        self.claim(target, path, value, src)
        for name, item in value.items():
            inner = target.get(name)
            if name in NESTED_RECORDS and isinstance(inner, dict) and isinstance(item, dict):
                self.claim(inner, (*path, name), item, (*src, name))
                for sub, sub_item in item.items():
                    self.set(inner, (*path, name), sub, sub_item, (*src, name, sub))
            else:
                self.set(target, path, name, item, (*src, name))

    def named(self, section: str, value: Any, src: Path) -> None:
        kind = NAMED[section]
        names = _(_KIND_WORDS[kind][0])
        if not self.mapping(value, src, names, f"{section}: {{<name>: {{...}}}}"):
            return
        entries = self.entries(section)
        for name, item in value.items():
            where = (*src, name)
            # compared as the model keeps names: a soft hyphen or NFD form makes no difference
            wanted = canonical(name)
            found = [path for entry_name, path in entries if canonical(entry_name) == wanted]
            if not found:
                known = list(dict.fromkeys(str(n) for n, _path in entries))
                self.errors.append(unknown_name(self.over_doc, where, kind, str(name), known))
                continue
            path = found[0]
            if section == "parameters":
                self.parameter(path, item, where)
            elif self.mapping(item, where, _(_KIND_WORDS[kind][1]), f"'{name}': {{field: value}}"):
                target: Any = self.data
                for part in path:
                    target = target[part]
                self.fields(target, path, item, where)

    def parameter(self, path: Path, item: Any, where: Path) -> None:
        params = self.data["parameters"]
        name = path[-1]
        current = params[name]
        if isinstance(item, dict):
            if not isinstance(current, dict):
                # the base wrote only a value: its 'value' field is located at that value
                params[name] = {"value": current}
                self.origins[(*path, "value")] = (self.origins[()][0], path)
            self.fields(params[name], path, item, where)
        elif isinstance(current, dict):
            self.set(current, path, "value", item, where)
        else:
            self.set(params, ("parameters",), name, item, where)

    def entries(self, section: str) -> list[tuple[Any, Path]]:
        """(name, path in the merged data) of every entry of a named section."""
        data = self.data
        if section == "parameters":
            params = data.get("parameters")
            return [(n, ("parameters", n)) for n in params] if isinstance(params, dict) else []
        sections = LINE_SECTIONS if section == "lines" else (section,)
        out: list[tuple[Any, Path]] = []
        for name in sections:
            items = data.get(name)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    default = POOL_DEFAULT_NAME if item.get("kind") == "pool" else None
                    out.append((item.get("name", default), (name, i)))
        return out


def merge(
    base: yamlio.Document, over_doc: yamlio.Document, at: Path, *, file: str
) -> tuple[MergedDocument, list[Diagnostic]]:
    """The base's data with the overrides written in ``over_doc`` at ``at`` applied."""
    merger = _Merger(base, over_doc, at)
    overrides = over_doc.data
    for part in at:
        overrides = overrides[part]
    if merger.mapping(overrides, at, _("overrides"), "parameters: {<name>: <value>}"):
        merger.apply(overrides, allow_base=not at)
    errors = merger.errors
    merged = MergedDocument(
        file=file,
        text=over_doc.text,
        data=merger.data,
        values=over_doc.values,
        keys=over_doc.keys,
        lines=over_doc.lines,
        origins=merger.origins,
    )
    return merged, errors


def renamed(errors: list[Diagnostic], merged: MergedDocument) -> list[Diagnostic]:
    """Give the reader's errors in the scenario file the paths they have in the merged case.

    The loader skips a model error at a path the YAML reader already reported; with the merged
    path both name the same value, so ``count: 1.000`` is reported once, not twice.
    """
    moves = {
        format_path(src): format_path(path)
        for path, (doc, src) in merged.origins.items()
        if doc.file == merged.file and src
    }
    out = []
    for d in errors:
        best = max(
            (
                old
                for old in moves
                if d.file == merged.file
                and (d.path == old or d.path.startswith((old + ".", old + "[")))
            ),
            key=len,
            default=None,
        )
        out.append(d if best is None else replace(d, path=moves[best] + d.path[len(best) :]))
    return out


def named_scenario(
    doc: yamlio.Document, name: str, errors: list[Diagnostic]
) -> tuple[MergedDocument, list[Diagnostic]]:
    """A case's named scenario ``name`` merged onto the case, with ``errors`` so far."""
    merged, found = merge(doc, doc, ("scenarios", name), file=doc.file)
    return merged, _sorted(renamed([*errors, *found], merged))


def _sorted(errors: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(errors, key=Diagnostic.sort_key)


__all__ = [
    "MergedDocument",
    "has_errors",
    "merge",
    "named_scenario",
]
