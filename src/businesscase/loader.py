"""``load_case(path)``: the only way a case file comes in.

Loading never raises for a user's mistake: it returns the case (or ``None``) together with
every diagnostic found, each located at ``file:line:col``. Only I/O problems raise
(:class:`~businesscase.diagnostics.CaseFileError`), because they are exit code 2, not findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from types import UnionType
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import yamlio
from .diagnostics import CaseFileError, Diagnostic, has_errors, suggest, suggestions_per_file
from .fmt import as_written
from .i18n import N_, _, language
from .model import Case, amount_hint, range_not_a_mapping, validation_context

if TYPE_CHECKING:
    from .calc.exact import Evaluation

Path = tuple[str | int, ...]


@dataclass(eq=False, repr=False)
class Loaded:
    """A loaded case file: the validated case if it is valid, and all diagnostics."""

    file: str
    doc: yamlio.Document
    case: Case | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    evaluation: Evaluation | None = None
    """The case's one evaluation (its calculation model's exact figures), when it is valid."""
    followup: bool = False
    """The file is a follow-up file (``follows:``): the case it names, with its actuals."""

    @property
    def sources(self) -> tuple[str, ...]:
        """The paths of every file the case was read from (the case and its bases)."""
        return getattr(self.doc, "sources", ()) or (self.file,)

    @property
    def ok(self) -> bool:
        return self.case is not None and not has_errors(self.diagnostics)


def load_case(
    path: str,
    display: str | None = None,
    scenario: str | None = None,
    *,
    base_root: str | None = None,
) -> Loaded:
    """Read, parse and validate a case file; collect every problem in one pass.

    A scenario file (one with ``base:``) is merged onto its base first; ``scenario`` picks a
    named scenario of a case file. Without it, a case's named scenarios are validated too and
    their errors reported (see :mod:`businesscase.scenario`). Bases are read only from the
    case's folder tree, and from ``base_root`` when given (see :mod:`businesscase.bases`).
    """
    with suggestions_per_file():
        return _load_case(path, display, scenario, base_root=base_root)


def _load_case(
    path: str, display: str | None, scenario: str | None, *, base_root: str | None
) -> Loaded:
    from .bases import Roots, is_followup_file, resolve
    from .i18n import os_reason, peek_case_language, set_language

    name = display or path
    set_language(peek_case_language(path))  # the reader's messages speak the case's language
    try:
        doc, errors = yamlio.read(path, name)
    except IsADirectoryError:
        raise CaseFileError(name, N_("is a folder, not a case file")) from None
    except FileNotFoundError:
        raise CaseFileError(name, N_("no such file")) from None
    except PermissionError:
        raise CaseFileError(name, N_("permission denied")) from None
    except OSError as exc:
        raise CaseFileError(name, os_reason(exc)) from None
    except ValueError:  # a NUL character in the path
        raise CaseFileError(name.replace("\0", "\\0"), N_("not a valid path")) from None
    followup = is_followup_file(doc.data)
    doc, errors, ok = resolve(doc, errors, path, scenario, roots=Roots.of(path, base_root))
    if followup and ok:  # a follow-up speaks the language of the case it follows
        meta = doc.data.get("meta") if isinstance(doc.data, dict) else None
        set_language(meta.get("language", "da") if isinstance(meta, dict) else None)
    if not ok:
        return Loaded(doc.file, doc, None, _capped(_sorted(errors)))
    loaded = validate_document(doc, errors)
    if scenario is None and loaded.ok:
        found = named_scenario_errors(doc)
        if found:
            loaded = Loaded(doc.file, doc, None, _sorted([*loaded.diagnostics, *found]))
    loaded.diagnostics = _capped(loaded.diagnostics)
    loaded.followup = followup
    return loaded


MAX_SCENARIOS = 20
"""Most named scenarios in one case file; each is validated as a case of its own."""

MAX_SCENARIO_VALUES = 25_000
"""Most values the named scenarios of one case file may hold together, counting the case's
values once per scenario (each is validated as a whole case): as much work as one case at
the reader's value limit, so a large case cannot multiply it twenty times."""

MAX_FINDINGS = 200
"""Most findings reported for one file: the YAML reader's 100 and as many from the checks."""


def named_scenario_errors(doc: yamlio.Document) -> list[Diagnostic]:
    """The errors of each named scenario in a case file (validating the case validates them)."""
    named = doc.data.get("scenarios") if isinstance(doc.data, dict) else None
    if named is None:
        return []
    from .scenario import bad_shape, named_scenario

    if not isinstance(named, dict):
        return [
            bad_shape(
                doc,
                ("scenarios",),
                _("expected a mapping of scenario names to overrides"),
                _("write e.g. scenarios: {example}").format(
                    example="{pessimistisk: {parameters: {andel: 0.3}}}"
                ),
            )
        ]
    if len(named) > MAX_SCENARIOS:
        return [
            doc.diagnostic(
                "BC510",
                _("the case holds {n} named scenarios; at most {most} are checked with it").format(
                    n=len(named), most=MAX_SCENARIOS
                ),
                ("scenarios",),
                hint=_("keep the variants that are discussed; put others in scenario files"),
                key=True,
            )
        ]
    values = len(doc.values) * len(named)
    if values > MAX_SCENARIO_VALUES:
        return [
            doc.diagnostic(
                "BC510",
                _(
                    "the case's {values} values are checked once for each of its {n} named "
                    "scenarios, {total} in all; at most {most} are checked with it"
                ).format(
                    values=len(doc.values), n=len(named), total=values, most=MAX_SCENARIO_VALUES
                ),
                ("scenarios",),
                hint=_("keep the variants that are discussed; put others in scenario files"),
                key=True,
            )
        ]
    out: list[Diagnostic] = []
    for name in named:
        merged, errors = named_scenario(doc, str(name), [])
        errors = validate_document(merged, errors).diagnostics
        out += [
            replace(
                d, message=_("in scenario '{name}': {message}").format(name=name, message=d.message)
            )
            for d in errors
            if d.is_error
        ]
    return out


def _capped(found: list[Diagnostic]) -> list[Diagnostic]:
    """At most :data:`MAX_FINDINGS` per file, the last saying how many more there are."""
    if len(found) <= MAX_FINDINGS:
        return found
    last = found[MAX_FINDINGS - 1]
    more = len(found) - MAX_FINDINGS
    note = _("{message}; and {more} more findings after this one, not shown").format(
        message=last.message, more=more
    )
    return [*found[: MAX_FINDINGS - 1], replace(last, message=note)]


def validate_document(doc: yamlio.Document, errors: list[Diagnostic]) -> Loaded:
    """Validate a parsed document against the model; add located pydantic errors."""
    if doc.data is None and errors:
        return Loaded(doc.file, doc, None, errors)
    if not isinstance(doc.data, dict):
        errors.append(
            doc.diagnostic(
                "BC108",
                _(
                    "a case file is a YAML mapping of keys (format, meta, period, ...), not {kind}"
                ).format(kind=_kind(doc.data)),
                hint=_("start the file with 'format: 1'; see docs/case-format.md"),
            )
        )
        return Loaded(doc.file, doc, None, errors)
    bad_paths = {d.path for d in errors}
    refused = {d.where for d in errors}
    case: Case | None = None
    shape: list[Diagnostic] = []
    from .fmt import case_currency, currency
    from .i18n import language

    meta = doc.data.get("meta")
    code = case_currency(meta.get("currency") if isinstance(meta, dict) else None)
    with currency(code, language()):  # a refused amount is named in the case's currency
        try:
            # every year of the case is read in the form its period is written in
            case = Case.model_validate(doc.data, context=validation_context(doc.data))
        except ValidationError as exc:
            found: list[Diagnostic] = []
            model_errors = exc.errors(include_url=False)
            for i, err in enumerate(model_errors):
                if len(found) >= 2 * MAX_FINDINGS:  # more than a file reports: count the rest
                    more = len(model_errors) - i
                    last = found[-1]
                    note = _("{message}; and {more} more errors of this kind, not shown").format(
                        message=last.message, more=more
                    )
                    found[-1] = replace(last, message=note)
                    break
                if _follows_refusal(doc.data, err, refused):
                    continue
                # past the findings a file reports, skip the costly "did you mean" search
                diag = _pydantic_diagnostic(doc, err, hints=i < MAX_FINDINGS)
                # a value the reader refused is reported once; an unknown key besides
                if diag.path not in bad_paths or diag.code == "BC201":
                    found.append(diag)
            shape = _without_misspelt_missing(doc.data, _one_per_value(found))
    errors = errors + shape
    evaluation = None
    if case is not None and not has_errors(errors):
        from .checks import check_case
        from .fmt import shown_as
        from .i18n import language

        with shown_as(case.meta.currency, case.period.form, language()):  # amounts in messages
            findings, evaluation = check_case(case)
        errors += [doc.locate(finding) for finding in findings]
    elif len(errors) <= MAX_FINDINGS:
        # all errors at once: the checks run on the part of the case that is sound
        sound = _sound_part(doc.data, [d.where for d in errors if d.is_error])
        if sound is not None:
            from .checks import check_case
            from .fmt import shown_as
            from .i18n import language

            part = sound[0]
            with shown_as(part.meta.currency, part.period.form, language()):
                findings, _none = check_case(*sound)
            errors += [doc.locate(finding) for finding in findings]
    ok = not has_errors(errors)
    return Loaded(
        doc.file,
        doc,
        case if ok else None,
        _sorted(errors),
        evaluation if ok else None,
    )


def _follows_refusal(data: Any, err: Any, refused: set[Path]) -> bool:
    """Whether a shape error only follows from a value the reader refused (and reported):
    a line whose tagged ``unit_cost`` was refused has, to the shape check, no unit cost;
    a mapping whose ``<<`` merge key was refused lacks the keys the merge would bring."""
    path = data_path(data, tuple(err["loc"]))
    if err["type"] == "missing":
        parent = path[:-1] if path and path[-1] == err["loc"][-1] else path
        return (*parent, "<<") in refused
    if err["type"] in ("extra_forbidden", "literal_error") or err["type"].endswith("_type"):
        return False  # a key or a value of the wrong kind is wrong whatever its children
    n = len(path)
    return any(len(r) > n and r[:n] == path for r in refused)


def _without_misspelt_missing(data: Any, found: list[Diagnostic]) -> list[Diagnostic]:
    """A misspelt key (BC201, ``cuont``) also leaves its field missing (BC202, ``count``):
    the unknown key's "did you mean" says it, so the missing key is not reported again."""
    meant = set()
    for d in found:
        if d.code == "BC201" and d.where:
            key = str(d.where[-1])
            fields = _fields_at(data, d.where[:-1])
            english = DANISH_KEYS.get(key.lower())
            close = english if english in fields else _closest_field(key, fields)
            if close is not None:
                meant.add((*d.where[:-1], close))
    return [d for d in found if not (d.code == "BC202" and d.where in meant)]


MAX_REPAIRS = 4
"""Rounds of leaving out what failed before the rest of a case is given up on: a field,
then the line it is in, then what used it."""


def _sound_part(data: Any, bad: list[Path]) -> tuple[Case, Any] | None:
    """The case without what holds an error, and what was left out
    (:class:`~businesscase.checks.Repair`); ``None`` when what is left is no case (a section
    every case needs is wrong).

    A field with an error is left out; if the line needs it, a stand-in takes its place (a
    number no check of another field reads); if that fails too, the whole line is left out.
    """
    import copy

    from .checks import LINE_SECTIONS, Repair, unit_of

    if not isinstance(data, dict):
        return None
    tree = copy.deepcopy(data)
    dropped: set[Path] = set()  # lines and parameters left out
    touched: set[Path] = set()  # lines and sections with a field left out
    state: dict[Path, int] = {}  # a field left out (1), or given a stand-in (2)
    left_out: dict[Path, dict[Path, None]] = {}  # per line, its fields left out (step 1)
    for _round in range(MAX_REPAIRS):
        seen: set[Path] = set()  # a field reported twice in a round (its key, its value)
        for path in bad:
            if not path:
                return None  # a finding about the whole file
            unit = unit_of(path)
            if unit in dropped:
                continue
            whole_unit = len(unit) == 2 and unit[0] in (*LINE_SECTIONS, "parameters")
            if len(path) > len(unit):
                fields = [path[: len(unit) + 1]]
            elif not whole_unit:
                fields = [path]  # a top-level key
            else:  # the line itself fails (it lacks a price): stand in for what was left out
                fields = list(left_out.get(unit, ()))
                if not fields:
                    dropped.add(unit)
                    continue
            for part in fields:
                if part in seen:
                    continue
                seen.add(part)
                touched.add(unit)
                step = state.get(part, 0)
                if step == 0 and _delete(tree, part):
                    state[part] = 1
                    left_out.setdefault(part[:2], {})[part] = None
                elif step <= 1 and _set(tree, part, _stand_in(part)):
                    state[part] = 2
                    left_out.get(part[:2], {}).pop(part, None)
                elif whole_unit:
                    dropped.add(unit)
                    break
                else:
                    return None  # a field a section needs: what is left is no case
        view, kept = _without(tree, dropped)
        try:
            case = Case.model_validate(view, context=validation_context(view))
        except ValidationError as exc:
            bad = [_in_file(data_path(view, tuple(e["loc"])), kept) for e in exc.errors()]
            continue
        parameters = frozenset(str(u[1]) for u in dropped if u[0] == "parameters")
        kept_out = frozenset(f for f in state if unit_of(f) not in dropped)
        return case, Repair(kept, frozenset(touched - dropped), parameters, kept_out)
    return None


STAND_INS: dict[Path, str] = {("meta", "title"): "-", ("meta", "organisation"): "-"}
"""Required texts of the case no check reads: one that is wrong is replaced by a dash."""


def _stand_in(field: Path) -> Any:
    """What takes a required field's place while the rest of its line is checked: ``1`` for
    a number (neutral in a product), a dash for a name; ``None`` where nothing may."""
    if field in STAND_INS:
        return STAND_INS[field]
    if len(field) != 3 or not isinstance(field[1], int):
        return None
    return "-" if field[2] == "name" else 1


def _set(tree: Any, path: Path, value: Any) -> bool:
    """Put ``value`` at ``path``; whether there was a mapping to put it in."""
    if value is None:
        return False
    node = tree
    for part in path[:-1]:
        inside = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not inside and not (isinstance(node, dict) and part in node):
            return False
        node = node[part]
    if not isinstance(node, dict):
        return False
    node[path[-1]] = value
    return True


def _delete(tree: Any, path: Path) -> bool:
    """Delete the key at ``path`` from the tree; whether there was a mapping to delete from."""
    node = tree
    for part in path[:-1]:
        inside = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not inside and not (isinstance(node, dict) and part in node):
            return isinstance(node, dict)  # already gone with its parent
        node = node[part]
    if not isinstance(node, dict):
        return False
    node.pop(path[-1], None)
    return True


def _without(
    tree: dict[Any, Any], dropped: set[Path]
) -> tuple[dict[Any, Any], dict[str, tuple[int, ...]]]:
    """The tree without the lines and parameters ``dropped``, and for each list with a line
    left out, the index in the file of each line kept."""
    view = dict(tree)
    kept: dict[str, tuple[int, ...]] = {}
    sections = {u[0] for u in dropped}
    for section in sections:
        items = tree.get(section)
        if isinstance(items, list):
            index = tuple(i for i in range(len(items)) if (section, i) not in dropped)
            kept[str(section)] = index
            view[section] = [items[i] for i in index]
        elif isinstance(items, dict):
            view[section] = {k: v for k, v in items.items() if (section, k) not in dropped}
    return view, kept


def _in_file(path: Path, kept: dict[str, tuple[int, ...]]) -> Path:
    if len(path) >= 2 and path[0] in kept and isinstance(path[1], int):
        index = kept[str(path[0])]
        if 0 <= path[1] < len(index):
            return (path[0], index[path[1]], *path[2:])
    return path


def _one_per_value(found: list[Diagnostic]) -> list[Diagnostic]:
    """One type error per value: a field that accepts two forms (``years: 5`` or
    ``until_repaid``) fails once for each; say it once, naming the other form."""
    out: list[Diagnostic] = []
    seen: dict[tuple[str, int, int, str], int] = {}
    for d in found:
        where = (d.code, d.line, d.col, d.path)
        if d.code != "BC203" or where not in seen:
            seen[where] = len(out)
            out.append(d)
            continue
        first = out[seen[where]]
        other = d.message.rsplit(_(", got "), 1)[0]
        message = _("{message}; or {other}").format(message=first.message, other=other)
        out[seen[where]] = replace(first, message=message)
    return out


def _sorted(errors: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(errors, key=Diagnostic.sort_key)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("the text '{text}'").format(text=value[:40])
    return _("the value {value}").format(value=_quoted(value))


def data_path(data: Any, loc: tuple[str | int, ...]) -> Path:
    """Map a pydantic ``loc`` onto the data tree, dropping union and validator tags."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[int(part)]
        elif (
            isinstance(node, dict)
            and isinstance(part, str)
            and part.isascii()
            and part.isdigit()
            and int(part) in node
        ):
            out.append(int(part))
            node = node[int(part)]
        elif not isinstance(node, dict | list):
            break
        elif isinstance(part, str) and isinstance(node, dict) and part not in node:
            # A missing key, or a pydantic tag such as 'function-after[...]': keep a missing
            # field name only if it is the last part (it names what is missing).
            if i == len(loc) - 1:  # not a tag of the same name ('pool', a kind of funding)
                out.append(part)
            continue
    return tuple(out)


DANISH_KEYS = {
    # a Danish word for a known key points to the key (the keys are English)
    "omkostninger": "costs",
    "udgifter": "costs",
    "undgaaede": "avoided",
    "undgåede": "avoided",
    "undgaede": "avoided",
    "besparelser": "avoided",
    "periode": "period",
    "finansiering": "funding",
    "omlaegninger": "reallocations",
    "omlægninger": "reallocations",
    "aktiviteter": "activities",
    "forvaltninger": "departments",
    "titel": "title",
    "navn": "name",
    "beloeb": "amount",
    "beløb": "amount",
    "antal": "count",
    "enhedspris": "unit_cost",
    "sprog": "language",
    "prisniveau": "price_level",
    "foerste": "first",
    "første": "first",
    "sidste": "last",
    "lovhjemmel": "legal_ref",
    "tilbagebetaling": "repayment",
}


@lru_cache(maxsize=1024)
def _closest_field(key: str, fields: frozenset[str]) -> str | None:
    """The field name a misspelt key means, of the ``fields`` valid where it stands (a file
    repeats its misspellings: cached)."""
    return suggest(key, sorted(fields))


def _fields_at(data: Any, where: Path) -> frozenset[str]:
    """The keys the case format allows in the mapping at ``where`` (a path in the data):
    a "did you mean" names only a key that is valid there, never one from elsewhere in the
    format (``active`` in a line is not ``rate``, a pool's field). Empty where the format has
    no fixed keys (a mapping of names) or the path leads nowhere."""
    kinds: tuple[Any, ...] = (Case,)
    node = data
    for part in where:
        found: list[Any] = []
        for model in _models(kinds, node):
            info = model.model_fields.get(part) if isinstance(part, str) else None
            if info is not None:
                found.append(info.annotation)
        for kind in _members(kinds):
            origin = get_origin(kind)
            if origin is list and isinstance(part, int):
                found.append(get_args(kind)[0])
            elif origin is dict:
                found.append(get_args(kind)[1])
        kinds = tuple(found)
        inside = isinstance(node, dict) and part in node
        inside = inside or (isinstance(node, list) and isinstance(part, int) and part < len(node))
        node = node[part] if inside else None
    return frozenset(name for model in _models(kinds, node) for name in model.model_fields)


def _members(kinds: tuple[Any, ...]) -> list[Any]:
    """The types a value of any of ``kinds`` may have: ``Annotated`` and unions unwrapped."""
    out: list[Any] = []
    for kind in kinds:
        origin = get_origin(kind)
        if origin is Annotated:
            out += _members(get_args(kind)[:1])
        elif origin is Union or origin is UnionType:
            out += _members(get_args(kind))
        else:
            out.append(kind)
    return out


def _models(kinds: tuple[Any, ...], node: Any) -> list[type[BaseModel]]:
    """The models among ``kinds``; of a union told apart by ``kind:``, the one ``node``
    names (all of them if it names none)."""
    models = [k for k in _members(kinds) if isinstance(k, type) and issubclass(k, BaseModel)]
    if len(models) > 1 and isinstance(node, dict) and isinstance(node.get("kind"), str):
        named = [m for m in models if node["kind"] in _literals(m, "kind")]
        return named or models
    return models


def _literals(model: type[BaseModel], name: str) -> tuple[Any, ...]:
    info = model.model_fields.get(name)
    return get_args(info.annotation) if info is not None else ()


def _pydantic_diagnostic(doc: yamlio.Document, err: Any, *, hints: bool = True) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    path = data_path(doc.data, loc)

    def short(text: str) -> str:
        """A value as the message quotes it: a pasted paragraph by its ends only."""
        return text if len(text) <= 60 else f"{text[:40]}…{text[-10:]}"

    if kind == "extra_forbidden":
        key = path[-1] if path else loc[-1]
        fields = _fields_at(doc.data, path[:-1])
        english = DANISH_KEYS.get(str(key).lower())
        english = english if english in fields else None
        close = english or (_closest_field(str(key), fields) if hints else None)
        if english:
            hint = _("the keys are English: did you mean '{key}'?").format(key=english)
        elif close:
            hint = _("did you mean '{key}'?").format(key=close)
        else:
            hint = _("remove it, or see docs/case-format.md")
        return doc.diagnostic(
            "BC201",
            _("unknown key '{key}'").format(key=short(str(key))),
            path,
            hint=hint,
            key=True,
        )
    if kind == "missing":
        field_name = loc[-1]
        parent = path[:-1] if path and path[-1] == field_name else path
        return doc.diagnostic(
            "BC202",
            _("missing required key '{key}'").format(key=field_name),
            (*parent, field_name),
            hint=_("add '{key}:' here; see docs/case-format.md").format(key=field_name),
            span=doc.span(parent),
        )
    if kind == "written_range":  # inside a range written beside a value
        return doc.diagnostic("BC203", err["msg"], (*path, *ctx["at"]), key=bool(ctx.get("on_key")))
    if kind == "amount":
        key = ctx.get("key")
        where = (*path, key) if key is not None else path
        if "at" in ctx:  # the value of {value: …, range: …}
            where = (*path, *ctx["at"])
        got = str(ctx.get("got", ""))
        message = err["msg"]
        for value in ctx.values():  # the value as written, and a formula's reason quoting it
            if isinstance(value, str) and value:
                message = message.replace(value, short(value))
        return doc.diagnostic("BC103", message, where, hint=amount_hint(got))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        # A list item whose 'kind' picks its form (funding: pool or grant): point at 'kind'.
        field_name = str(ctx.get("discriminator", "kind")).strip("'")
        tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "pool, grant")).split(",")]
        if kind == "union_tag_not_found":
            return doc.diagnostic(
                "BC202",
                _("missing required key '{key}'").format(key=field_name),
                (*path, field_name),
                hint=_("add '{key}: {values}' here").format(
                    key=field_name, values=_(" or ").join(tags)
                ),
                span=doc.span(path),
            )
        tag = err["input"].get(field_name) if isinstance(err["input"], dict) else None
        shown = _("nothing") if tag is None else f"'{short(str(tag))}'"
        return doc.diagnostic(
            "BC203",
            _("expected {what}, got {got}").format(
                what=_(" or ").join(repr(t) for t in tags), got=shown
            ),
            (*path, field_name),
        )
    if kind == "unsafe_text":
        return doc.diagnostic(
            "BC220",
            err["msg"],
            path,
            hint=_("retype the text, or copy it again as plain text"),
        )
    if kind == "currency":
        return doc.diagnostic(
            "BC801",
            _("'{got}' is not a currency code (ISO 4217: DKK, GBP, EUR, SEK, NOK, ...)").format(
                got=short(str(ctx.get("got")))
            ),
            path,
            hint=_("write the three letters of the currency's ISO 4217 code, e.g. GBP"),
        )
    if kind == "unit_cost_total":
        return doc.diagnostic(
            "BC805",
            _(
                "a price of one from a total is {{total: <amount>, count: <how many>}}, both "
                "positive numbers; got {got}"
            ).format(got=short(str(ctx.get("got")))),
            path if path[-1:] == ("unit_cost",) else (*path, "unit_cost"),
            hint=_(
                "write e.g. unit_cost: {{total: 1800000, count: 60}} for 60 young people"
            ).format(),
        )
    if kind == "printed_figure":
        return doc.diagnostic(
            "BC804",
            _("'{got}' is not a figure as a document prints it").format(
                got=short(str(ctx.get("got")))
            ),
            path,
            hint=_(
                "write a number (2100000), or the figure with its words: '2,1 mio.', "
                "'ca. 85', 'knap 7 mio.', 'op til 2,2 mio.', '£1.5 million'"
            ),
        )
    if kind == "year_form":
        on_key = bool(ctx.get("on_key"))
        return doc.diagnostic(
            "BC802",
            _("'{got}' is not a year of this case: its period is in {what}").format(
                got=short(str(ctx.get("got"))), what=_year_kinds().get(str(ctx.get("what")), "")
            ),
            (*path, ctx["got"]) if on_key else path,
            hint=_("write a year such as {example}").format(
                example=str(ctx.get("hint", "")).removeprefix("write a year such as ")
            ),
            key=on_key,
        )
    if kind == "period_form":
        where = (*path, ctx["field"]) if ctx.get("field") and path[-1:] != (ctx["field"],) else path
        message = {
            "needs_start": _(
                "a period in financial years needs 'start_month', the month each year "
                "starts in (4 for April)"
            ),
            "start_not_financial": _(
                "'start_month' is for financial years: write the period as 2019-20 to 2021-22"
            ),
            "anchor_not_relative": _(
                "'anchor' is for relative years: write the period as first: 1, last: n"
            ),
        }.get(str(ctx.get("which")), err["msg"])
        return doc.diagnostic("BC803", message, where)
    if kind in ("year_key", "year_overlap"):
        key = ctx.get("key")
        where = (*path, key) if key is not None else path
        message = err["msg"].replace(str(key), short(str(key))) if key is not None else err["msg"]
        return doc.diagnostic("BC204", message, where, hint=ctx.get("hint"), key=True)
    on_key = loc[-1] == "[key]"  # a key of a mapping failed (a parameter name, a year)
    if on_key and kind in ("int_type", "int_parsing", "greater_than_equal", "less_than_equal"):
        return doc.diagnostic(
            "BC204",
            _("'{key}' is not a year from 1900 to 2200").format(key=short(str(err.get("input")))),
            path,
            hint=_("write a year such as 2023, without quotes"),
            key=True,
        )
    text, advice = _message(kind, err, ctx)
    return doc.diagnostic("BC203", text, path, hint=advice, key=on_key)


def _year_kinds() -> dict[str, str]:
    """The kinds of year a period counts in, in the message's language."""
    return {
        "financial years": _("financial years"),
        "relative years (1, 2, 3, ...)": _("relative years (1, 2, 3, ...)"),
        "calendar years": _("calendar years"),
    }


_TYPE_WORDS = {
    "string_type": N_("text"),
    "int_type": N_("a whole number"),
    "bool_type": N_("true or false"),
    "list_type": N_("a list (lines starting with '- ')"),
    "dict_type": N_("a mapping of keys"),
    "model_type": N_("a mapping of keys"),
    "model_attributes_type": N_("a mapping of keys"),
}

_BOUNDS = {
    "greater_than": (N_("input should be greater than {bound}, got {got}"), "gt"),
    "greater_than_equal": (N_("input should be greater than or equal to {bound}, got {got}"), "ge"),
    "less_than": (N_("input should be less than {bound}, got {got}"), "lt"),
    "less_than_equal": (N_("input should be less than or equal to {bound}, got {got}"), "le"),
}
"""pydantic's words for a bound (``Input should be greater than 0``), in the catalogue."""


def _quoted(value: object) -> str:
    """A value as a message quotes it back: text in quotes, a number as written in the
    message's language (``1,5`` in Danish), a list or mapping as YAML's flow style writes
    it; never Python's ``repr`` (``Decimal('1.5')``)."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int | float | Decimal | Fraction):
        return as_written(value, language())
    if value is None:
        return "null"
    between = "; " if language() == "da" else ", "
    if isinstance(value, dict):
        return "{" + between.join(f"{_quoted(k)}: {_quoted(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + between.join(_quoted(v) for v in value) + "]"
    return str(value)


def _message(kind: str, err: Any, ctx: dict[str, Any]) -> tuple[str, str | None]:
    got = err.get("input")
    shown = _("nothing") if got is None else _quoted(got)
    if len(shown) > 60:  # a long text, or a whole list where a number belongs
        shown = f"{shown[:40]}…{shown[-10:]}"
    if kind == "model_type" and ctx.get("class_name") == "Range":
        return range_not_a_mapping(got), None
    if kind in _TYPE_WORDS:
        return _("expected {what}, got {got}").format(what=_(_TYPE_WORDS[kind]), got=shown), None
    if kind == "literal_error":
        expected = str(ctx.get("expected")).replace(" or ", _(" or "))
        return _("expected {what}, got {got}").format(what=expected, got=shown), None
    if kind in _BOUNDS:
        words, bound = _BOUNDS[kind]
        return _(words).format(bound=_quoted(ctx.get(bound)), got=shown), None
    if kind == "string_too_short":
        return _("must not be empty"), None
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == r"^\S+$":
        return (
            _("expected one word without spaces, got {got}").format(got=shown),
            _("write e.g. SOF or BUF"),
        )
    if kind == "string_pattern_mismatch":
        return (
            _("{got} is not a name: use letters, digits and '_', starting with a letter").format(
                got=shown
            ),
            _("write e.g. familier_pr_aar"),
        )
    return err["msg"][0].lower() + err["msg"][1:], None
