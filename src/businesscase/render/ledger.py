"""The ledger of the source document's figures (``run --ledger``): text, Markdown, CSV, JSON.

Every figure the document prints, as the case records it under ``stated:``, with what the
case does with it: reproduced (the case uses it), reconciled (the case computes the same),
flagged (the document disagrees with itself, and why), recorded (context, and why it is not
computed). Built by :func:`businesscase.reconcile.compare`; this module only lays it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..reconcile import LEDGER_KINDS, LedgerEntry, LedgerKind, Reconciliation

if TYPE_CHECKING:
    from .labels import Labels

_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Dokumentets tal",
        "none": "Casen har ingen tal fra dokumentet under 'stated:'.",
        "reproduced": "gengivet",
        "reconciled": "afstemt",
        "flagged": "markeret",
        "recorded": "noteret",
        "unexplained": "uforklaret",
        "source": "Kilde",
        "quote": "Dokumentet skriver",
        "kind": "Status",
        "printed": "Tallet",
        "case": "Casen",
        "reason": "Begrundelse",
        "assumption": "Læsning (forudsætning)",
        "scenario": "Anden læsning: scenarie",
        "all": "alle tal: businesscase run --ledger",
        "gives": "dokumentet giver {printed}, casen har {case}",
    },
    "en": {
        "title": "The document's figures",
        "none": "The case records no figures of its document under 'stated:'.",
        "reproduced": "reproduced",
        "reconciled": "reconciled",
        "flagged": "flagged",
        "recorded": "recorded",
        "unexplained": "unexplained",
        "source": "Source",
        "quote": "The document prints",
        "kind": "Status",
        "printed": "Figure",
        "case": "The case",
        "reason": "Reason",
        "assumption": "Reading (assumption)",
        "scenario": "Other reading: scenario",
        "all": "every figure: businesscase run --ledger",
        "gives": "the document gives {printed}, the case has {case}",
    },
}


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["en"])


def summary(rec: Reconciliation, language: str) -> str:
    """``Dokumentets tal: 12 gengivet, 78 afstemt, 3 markeret, 5 noteret``."""
    w = _words(language)
    counts = rec.counts()
    parts = [
        f"{counts[kind]} {w[kind]}"
        for kind in LEDGER_KINDS
        if kind != "unexplained" or counts[kind]
    ]
    return f"{w['title']} ({len(rec.ledger)}): " + ", ".join(parts)


def language_of(words: Labels) -> str:
    """The language of a set of output labels."""
    return words.language


def report_lines(rec: Reconciliation, language: str) -> list[str]:
    """The ledger's part of the report: its counts, and each text figure that is flagged
    (the rows and key figures that do not reconcile are in the reconciliation table)."""
    w = _words(language)
    out = [f"{summary(rec, language)} ({w['all']})"]
    for e in rec.ledger:
        if e.kind in ("flagged", "unexplained") and "printed" in e.path:
            gives = w["gives"].format(printed=e.printed, case=e.case)
            reason = f" {e.reason}" if e.reason else ""
            out.append(f"  - {_kind(e.kind, w)}: {e.source}, “{e.quote}”: {gives}.{reason}")
    return out


def _kind(kind: LedgerKind, w: dict[str, str]) -> str:
    return w[kind]


def render_text(rec: Reconciliation | None, language: str) -> str:
    w = _words(language)
    if rec is None or not rec.ledger:
        return w["none"] + "\n"
    out = [summary(rec, language), ""]
    for e in rec.ledger:
        where = e.source + (f" ({e.department})" if e.department else "")
        out.append(f"[{_kind(e.kind, w)}] {where}: “{e.quote}”")
        if e.printed:
            out.append(f"    {w['printed']}: {e.printed}")
        if e.case:
            out.append(f"    {w['case']}: {e.case}")
        if e.reason:
            out.append(f"    {w['reason']}: {e.reason}")
        if e.assumption:
            out.append(f"    {w['assumption']}: {e.assumption}")
        if e.scenario:
            out.append(f"    {w['scenario']}: {e.scenario}")
    return "\n".join(out) + "\n"


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(rec: Reconciliation | None, language: str, *, title: str = "") -> str:
    w = _words(language)
    head = [f"# {title}", ""] if title else []
    if rec is None or not rec.ledger:
        return "\n".join([*head, w["none"], ""])
    cols = ["source", "quote", "kind", "printed", "case", "reason"]
    lines = [*head, f"## {summary(rec, language)}", ""]
    lines.append("| " + " | ".join(w[c] for c in cols) + " |")
    lines.append("|" + "---|" * len(cols))
    for e in rec.ledger:
        reason = e.reason or ""
        if e.assumption:
            reason += f" {w['assumption']}: {e.assumption}"
        if e.scenario:
            reason += f" ({w['scenario']} `{e.scenario}`)"
        cells = [e.source, e.quote, _kind(e.kind, w), e.printed, e.case, reason.strip()]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def entry_dict(e: LedgerEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"source": e.source, "quote": e.quote, "kind": e.kind}
    for key in ("department", "printed", "case", "reason", "assumption", "scenario"):
        value = getattr(e, key)
        if value is not None:
            out[key] = value
    out["path"] = list(e.path)
    return out


def ledger_dict(rec: Reconciliation) -> dict[str, Any]:
    """The ledger as JSON: ``counts`` per kind and ``figures`` in the file's order."""
    return {"counts": rec.counts(), "figures": [entry_dict(e) for e in rec.ledger]}


def render_json(rec: Reconciliation | None) -> str:
    import json

    data = ledger_dict(rec) if rec is not None else {"counts": {}, "figures": []}
    return json.dumps({"ledger": data}, ensure_ascii=False, indent=2) + "\n"


def render_csv(rec: Reconciliation | None, language: str) -> str:
    import csv
    import io

    w = _words(language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    cols = ["source", "quote", "kind", "printed", "case", "reason", "assumption", "scenario"]
    writer.writerow([w[c] for c in cols])
    for e in rec.ledger if rec is not None else ():
        writer.writerow(
            [
                e.source,
                e.quote,
                _kind(e.kind, w),
                e.printed or "",
                e.case or "",
                e.reason or "",
                e.assumption or "",
                e.scenario or "",
            ]
        )
    return buffer.getvalue()
