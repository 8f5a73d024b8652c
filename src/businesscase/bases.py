"""Finding a scenario's base files: the one place where a case file makes the tool read a file.

A follow-up file (``follows: ../cases/ishoj.yaml`` and ``actuals:``) names the case it follows
up in the same way, and its case is found by the same rules; the case is read as it stands
(its ``stated`` figures kept) and the follow-up's ``actuals`` are set on it.

A scenario names its base (``base: ../cases/ishoj.yaml``); the base may be a scenario in turn.
:func:`resolve` follows the chain, file by file, without recursion, and hands the documents to
the pure merge in :mod:`businesscase.scenario`. It is the only code that opens a file because a
case file says so, and it keeps that narrow:

* **Confined.** A base must lie inside the *folder tree* of the case named on the command line:
  the folder the command runs in when the case is inside it, else the case's own folder
  (symbolic links are resolved first). ``--base-root DIR`` allows another tree as well.
  Anything else is BC507, and the file is not opened.
* **Bounded.** A base is read like any case: a regular file only, opened without blocking,
  at most :data:`businesscase.yamlio.MAX_BYTES`; at most :data:`MAX_CHAIN` bases in a chain.
* **Never echoed.** A base that does not read as a case file (not YAML, not a mapping, no
  ``format:`` or ``base:`` line) is reported once, at the ``base:`` that names it (BC508),
  without quoting a line of it: a scenario cannot make the tool print another file.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from . import yamlio
from .codes import check
from .diagnostics import Diagnostic
from .i18n import _, os_reason

Path = tuple[str | int, ...]

MAX_CHAIN = 20
"""Most bases in one chain (a scenario of a scenario of ... a case); two or three is usual."""

_CASE_LINE = re.compile(r"^(format|base)[ \t]*:", re.MULTILINE)
"""A file meant as a case has a top-level ``format:`` (or, a scenario, ``base:``) line."""


class Roots(NamedTuple):
    """The folder trees bases may be read from (real paths, without a trailing separator)."""

    folders: tuple[str, ...]

    @classmethod
    def of(cls, case_path: str, extra: str | None = None) -> Roots:
        """The default tree of the case named on the command line, and ``extra`` if given."""
        here = os.path.realpath(os.getcwd())
        folder = os.path.realpath(os.path.dirname(os.path.abspath(case_path)))
        default = here if _inside(folder, here) else folder
        folders = [default]
        if extra is not None:
            folders.append(os.path.realpath(extra))
        return cls(tuple(folders))

    def allow(self, path: str) -> bool:
        real = os.path.realpath(path)
        return any(_inside(real, root) for root in self.folders)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


# --- The codes ----------------------------------------------------------------------------------


@check("BC502", "base-not-found", "error")
def base_not_found(doc: yamlio.Document, path: Path, base: str, reason: str) -> Diagnostic:
    """
    The base case a scenario names cannot be read.

    The path in ``base:`` is relative to the scenario file, not to the folder the command runs
    in.

    Bad::

        # scenarios/ishoj_pessimistic.yaml
        base: ishoj_hjemmebaseret.yaml

    Good::

        # scenarios/ishoj_pessimistic.yaml
        base: ../cases/ishoj_hjemmebaseret.yaml
    """
    return doc.diagnostic(
        "BC502",
        _("the base case '{base}' {reason}").format(base=base, reason=reason),
        path,
        hint=_("write the path of the base case relative to this file"),
    )


@check("BC503", "base-cycle", "error")
def base_cycle(doc: yamlio.Document, path: Path, chain: list[str]) -> Diagnostic:
    """
    A scenario is, through its chain of bases, its own base.

    A scenario may build on another scenario, but the chain must end in a case file.

    Bad::

        # a.yaml
        base: b.yaml
        # b.yaml
        base: a.yaml

    Good::

        # a.yaml
        base: ishoj_hjemmebaseret.yaml
        # b.yaml
        base: a.yaml
    """
    return doc.diagnostic(
        "BC503",
        _("the chain of bases loops: {chain}").format(chain=" → ".join(chain)),
        path,
        hint=_("let the chain end in a case file (one with 'format: 1' and no 'base:')"),
    )


@check("BC507", "base-outside-folder", "error")
def base_outside(doc: yamlio.Document, path: Path, base: str) -> Diagnostic:
    """
    A scenario's base lies outside the folder tree of the case being checked.

    A case file must not make the tool read files elsewhere on the machine (a scenario in a
    pull request could otherwise name ``/etc/passwd`` or ``../../secrets.yaml``). Bases are
    read from the folder the command runs in, when the case is inside it, or else from the
    case's own folder and below. ``--base-root DIR`` allows another folder tree.

    Bad::

        # scenarios/pessimistisk.yaml, checked from the scenarios folder
        base: /home/anna/cases/ishoj_hjemmebaseret.yaml

    Good::

        # scenarios/pessimistisk.yaml, checked from the folder above it
        base: ../cases/ishoj_hjemmebaseret.yaml
    """
    return doc.diagnostic(
        "BC507",
        _("the base case '{base}' lies outside the folder tree the case may read from").format(
            base=base
        ),
        path,
        hint=_(
            "keep the base in the same folder tree, run the command from a folder that "
            "holds both, or allow its folder with --base-root DIR"
        ),
    )


@check("BC508", "base-not-a-case", "error")
def base_not_a_case(doc: yamlio.Document, path: Path, base: str, reason: str) -> Diagnostic:
    """
    A scenario's base is a file, but not a case file.

    The base must be a case (a mapping with ``format: 1``) or another scenario (with
    ``base:``). The base file's contents are not shown: it was not meant to be read.

    Bad::

        base: notes.txt
        parameters: {andel: 0.3}

    Good::

        base: ishoj_hjemmebaseret.yaml
        parameters: {andel: 0.3}
    """
    return doc.diagnostic(
        "BC508",
        _("the base case '{base}' is not a case file ({reason})").format(base=base, reason=reason),
        path,
        hint=_("name a case file (one that starts with 'format: 1') or another scenario"),
    )


@check("BC509", "base-chain-too-long", "error")
def chain_too_long(doc: yamlio.Document, path: Path, length: int) -> Diagnostic:
    """
    A chain of scenarios, each the base of the next, is longer than 20 files.

    A scenario of a scenario is useful; a chain of dozens is a mistake, or a file made to
    exhaust the tool.

    Bad::

        # s21.yaml, whose base s20.yaml has base s19.yaml, ... down to s1.yaml and the case
        base: s20.yaml

    Good::

        base: ishoj_hjemmebaseret.yaml
    """
    return doc.diagnostic(
        "BC509",
        _("the chain of bases is longer than {length} files").format(length=length),
        path,
        hint=_("base the scenario on the case, or on a scenario close to it"),
    )


@check("BC725", "actuals-twice", "error")
def actuals_twice(doc: yamlio.Document, path: Path, case: str) -> Diagnostic:
    """
    A follow-up file gives actuals for a case whose file already holds ``actuals:``.

    A case's actuals are kept in one place: in the case file, or in a follow-up file that
    names the case; with both, it would be unclear which figures happened.

    Bad::

        # ishoj_2022.yaml, following a case that has its own 'actuals:'
        follows: ishoj_med_faktiske_tal.yaml
        actuals:
          lines:
            Pædagog: {amount: {2021: 350000}}

    Good::

        # ishoj_2022.yaml, following a case without 'actuals:'
        follows: ishoj_hjemmebaseret.yaml
        actuals:
          lines:
            Pædagog: {amount: {2021: 350000}}
    """
    return doc.diagnostic(
        "BC725",
        _("the case '{case}' holds actuals of its own; a follow-up file cannot add more").format(
            case=case
        ),
        path,
        hint=_("keep the actuals in one place: move them into this file, or drop this file"),
        key=True,
    )


# --- Resolving ----------------------------------------------------------------------------------


def split_name(spec: str, folder: str = "") -> tuple[str, str | None]:
    """``case.yaml#pessimistisk`` → (``case.yaml``, ``pessimistisk``): a named scenario.

    A file whose own name contains ``#`` (relative to ``folder``) is taken as it stands.
    """
    path, sep, name = spec.rpartition("#")
    if not sep or not path or not name or os.path.exists(os.path.join(folder, spec)):
        return spec, None
    return path, name


@dataclass(eq=False)
class _Link:
    """A document in a chain of bases, with the errors found reading it."""

    doc: yamlio.Document
    errors: list[Diagnostic]
    path: str
    scenario: str | None = None
    """The named scenario of this file that the link above asks for (``base.yaml#name``)."""


def resolve(
    doc: yamlio.Document,
    errors: list[Diagnostic],
    path: str,
    scenario: str | None = None,
    *,
    roots: Roots | None = None,
) -> tuple[yamlio.Document, list[Diagnostic], bool]:
    """Turn a scenario file (or a case's named scenario) into a merged document.

    Returns the document to validate, every diagnostic so far, and whether validating it makes
    sense (``False`` when the overrides could not be applied at all). A plain case without
    ``scenario`` comes back unchanged.
    """
    if not isinstance(doc.data, dict):
        return doc, errors, True
    if is_followup_file(doc.data):
        return _resolve_followup(doc, errors, path, scenario, roots or Roots.of(path))
    if not is_scenario_file(doc.data):
        if scenario is None:
            return doc, errors, True
        from .scenario import named_scenario, unknown_scenario

        named = doc.data.get("scenarios")
        if not isinstance(named, dict) or scenario not in named:
            known = [str(k) for k in named] if isinstance(named, dict) else []
            return doc, [*errors, unknown_scenario(doc, scenario, known)], False
        merged, found = named_scenario(doc, scenario, errors)
        return merged, found, True
    roots = roots or Roots.of(path)
    chain = [_Link(doc, errors, path)]
    failed = _follow(chain, roots)
    if failed is not None:
        everything = [d for link in chain for d in link.errors]
        return doc, _sorted([*everything, failed]), False
    if scenario is not None:
        from .scenario import unknown_scenario

        unknown = unknown_scenario(doc, scenario, [], in_scenario=True)
        return doc, _sorted([*(d for link in chain for d in link.errors), unknown]), False
    return _merge_up(chain)


def _follow(chain: list[_Link], roots: Roots, first: str = "base") -> Diagnostic | None:
    """Read the bases of ``chain[-1]`` until a case; the error that stops it, if one does.

    ``first`` is the key that names the first file's base (``follows`` for a follow-up)."""
    from .scenario import bad_shape, unknown_scenario

    while is_scenario_file(chain[-1].doc.data) or (first != "base" and len(chain) == 1):
        link = chain[-1]
        doc = link.doc
        key = first if len(chain) == 1 else "base"
        if len(chain) > MAX_CHAIN:
            return chain_too_long(chain[0].doc, (first,), MAX_CHAIN)
        base = doc.data[key]
        if not isinstance(base, str) or not base.strip():
            return bad_shape(
                doc,
                (key,),
                _("expected the path of the base case"),
                _("write e.g. {key}: ishoj_hjemmebaseret.yaml").format(key=key),
            )
        if "\x00" in base:
            return bad_shape(
                doc,
                (key,),
                _("a path cannot contain a NUL character"),
                _("write e.g. {key}: ishoj_hjemmebaseret.yaml").format(key=key),
            )
        folder = os.path.dirname(link.path)
        base_file, base_scenario = split_name(base, folder)
        base_path = os.path.join(folder, base_file)
        if not roots.allow(base_path):
            return base_outside(doc, (key,), base)
        real = os.path.realpath(base_path)
        reals = [os.path.realpath(x.path) for x in chain]
        if real in reals:
            names = [x.doc.file for x in chain[reals.index(real) :]]
            return base_cycle(doc, (key,), [*names, names[0]])
        display = os.path.normpath(os.path.join(os.path.dirname(doc.file), base_file))
        try:
            base_doc, base_errors = yamlio.read(base_path, display)
        except FileNotFoundError:
            return base_not_found(doc, (key,), base, _("does not exist"))
        except IsADirectoryError:
            return base_not_found(doc, (key,), base, _("is a folder"))
        except OSError as exc:
            why = _("cannot be read ({why})").format(why=_(os_reason(exc)))
            return base_not_found(doc, (key,), base, why)
        reason = _not_a_case(base_doc, base_errors)
        if reason is not None:
            return base_not_a_case(doc, (key,), base, reason)
        if base_scenario is not None:
            if is_scenario_file(base_doc.data):
                return unknown_scenario(doc, base_scenario, [], in_scenario=True, at=(key,))
            named = base_doc.data.get("scenarios")
            known = [str(k) for k in named] if isinstance(named, dict) else []
            if base_scenario not in known:
                return unknown_scenario(doc, base_scenario, known, at=(key,))
        chain.append(_Link(base_doc, base_errors, base_path, base_scenario))
    return None


FOLLOWUP_KEYS = ("follows", "actuals")
"""The keys of a follow-up file: the case it follows, and what that case realised."""


def is_scenario_file(data: Any) -> bool:
    """A scenario file: one that names the case it changes with ``base:``."""
    return isinstance(data, dict) and "base" in data


def is_followup_file(data: Any) -> bool:
    return isinstance(data, dict) and "follows" in data and "base" not in data


def _resolve_followup(
    doc: yamlio.Document,
    errors: list[Diagnostic],
    path: str,
    scenario: str | None,
    roots: Roots,
) -> tuple[yamlio.Document, list[Diagnostic], bool]:
    """The followed case with the follow-up's ``actuals`` set on it."""
    from .scenario import MergedDocument, unknown_scenario

    data = doc.data
    found: list[Diagnostic] = []
    for key in data:
        if key not in FOLLOWUP_KEYS:
            found.append(
                doc.diagnostic(
                    "BC201",
                    _("unknown key '{key}' in a follow-up file").format(key=str(key)[:60]),
                    (key,),
                    hint=_(
                        "a follow-up file holds 'follows:' (the case it follows up) and "
                        "'actuals:'; see docs/followup.md"
                    ),
                    key=True,
                )
            )
    if "actuals" not in data:
        found.append(
            doc.diagnostic(
                "BC202",
                _("missing required key '{key}'").format(key="actuals"),
                ("actuals",),
                hint=_("add 'actuals:' with what the case realised; see docs/followup.md"),
            )
        )
    if scenario is not None:
        found.append(unknown_scenario(doc, scenario, [], in_scenario=True))
    if found:
        return doc, _sorted([*errors, *found]), False
    chain = [_Link(doc, errors, path)]
    failed = _follow(chain, roots, first="follows")
    if failed is not None:
        everything = [d for link in chain for d in link.errors]
        return doc, _sorted([*everything, failed]), False
    case_doc, case_errors, ok = _merge_up(chain[1:])
    everything = _sorted([*errors, *case_errors])
    if not ok or not isinstance(case_doc.data, dict):
        return doc, everything, False
    if "actuals" in case_doc.data:
        return doc, _sorted([*everything, actuals_twice(doc, ("actuals",), data["follows"])]), False
    merged_data = copy.deepcopy(case_doc.data)
    merged_data.pop("scenarios", None)  # a follow-up follows the case as it stands
    merged_data["actuals"] = copy.deepcopy(data["actuals"])
    merged = MergedDocument(
        file=doc.file,
        text=doc.text,
        data=merged_data,
        values=doc.values,
        keys=doc.keys,
        lines=doc.lines,
        origins={(): (case_doc, ()), ("actuals",): (doc, ("actuals",))},
    )
    merged.sources = tuple(link.path for link in chain)
    return merged, everything, True


def _not_a_case(doc: yamlio.Document, errors: list[Diagnostic]) -> str | None:
    """Why a base file is not a case file, or ``None`` when it reads as one (errors and all)."""
    if not _CASE_LINE.search(doc.text):
        if doc.text == "" and errors:
            return _("not a UTF-8 text file of at most 1 MB")
        return _("it has no 'format:' line")
    if doc.data is not None and not isinstance(doc.data, dict):
        return _("not a mapping of keys")
    return None


def _merge_up(chain: list[_Link]) -> tuple[yamlio.Document, list[Diagnostic], bool]:
    """Merge each scenario of the chain onto the case at its end, from the bottom up."""
    from .scenario import MergedDocument, merge, named_scenario, renamed

    bottom = chain[-1]
    doc: yamlio.Document = bottom.doc
    errors = list(bottom.errors)
    if bottom.scenario is not None:
        doc, errors = named_scenario(bottom.doc, bottom.scenario, errors)
    if not isinstance(doc.data, dict):  # a base with a syntax error: report it, merge nothing
        return (
            chain[0].doc,
            _sorted([d for link in chain[:-1] for d in link.errors] + errors),
            False,
        )
    for link in reversed(chain[:-1]):
        merged, found = merge(doc, link.doc, (), file=link.doc.file)
        errors = _sorted([*renamed(link.errors, merged), *errors, *found])
        doc = merged
    if isinstance(doc, MergedDocument):
        doc.sources = tuple(link.path for link in chain)
    return doc, errors, True


def _sorted(errors: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(errors, key=Diagnostic.sort_key)
