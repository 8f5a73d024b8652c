"""``businesscase schema``: the JSON Schema of the case format, for editors and other tools.

Amounts are typed as numbers, so an editor with the YAML language server flags
``unit_cost: "1.000.000"`` while it is typed. The schema is generated from the pydantic model
(:class:`businesscase.model.Case`) and tidied here:

* the ``Case`` definition becomes the root, with ``$schema`` and a title;
* definitions nothing refers to (pydantic's placeholders for ``Formula`` and ``YearlyValue``,
  whose JSON form the model states with ``WithJsonSchema``) are dropped;
* the year keys of the price index are constrained to four digits.

The schema cannot say everything the model does (a formula's names, a year range's order,
the cross-field checks): ``businesscase validate`` remains the authority. The committed copy is
``schema/case.schema.json``; a test keeps it equal to this command's output.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from .params import Command

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def case_schema() -> dict[str, Any]:
    """The JSON Schema of a case file (format version 1)."""
    from pydantic.json_schema import models_json_schema

    from ..model import Case, Parameter

    # Generated together with Parameter, because the model's JSON form of a parameter value
    # refers to '#/$defs/Parameter', which a schema of Case alone does not define.
    _, generated = models_json_schema([(Case, "validation"), (Parameter, "validation")])
    defs: dict[str, Any] = generated["$defs"]
    root = defs.pop("Case")
    defs["PriceIndex"]["properties"]["values"]["propertyNames"] = {"pattern": "^[0-9]{4}$"}
    used = _refs(root)
    while True:
        more = set().union(*(_refs(defs[name]) for name in used)) - used
        if not more:
            break
        used |= more
    return {
        "$schema": DIALECT,
        **root,
        "title": "businesscase case file",
        "$defs": {name: defs[name] for name in sorted(used)},
    }


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            found.add(ref.removeprefix("#/$defs/"))
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def render_schema() -> str:
    return json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"


def schema() -> None:
    """Print the JSON Schema of the case format (for editors: yaml-language-server)."""
    sys.stdout.write(render_schema())


COMMAND = Command(
    name="schema",
    summary="Print the JSON Schema of the case format, for editors and other tools.",
    example="businesscase schema > case.schema.json",
    function=schema,
)
