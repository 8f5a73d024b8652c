"""Checks that need the whole case: references, the computed result, reconciliation.

The loader validates the shape of a case (codes BC1xx, BC2xx); :func:`check_case` then runs
everything that needs more than one field, and returns findings that the loader locates.
"""

from __future__ import annotations

from .diagnostics import Finding
from .model import Case


def check_case(case: Case) -> list[Finding]:
    """Every cross-field finding for a schema-valid case (engine warnings, reconciliation)."""
    from .engine import evaluate
    from .reconcile import reconcile

    result = evaluate(case)
    findings = list(result.warnings)
    by_department = {None: result}
    for department in case.departments:
        by_department[department.id] = evaluate(case, department=department.id)
    findings += reconcile(case, by_department)
    return findings
