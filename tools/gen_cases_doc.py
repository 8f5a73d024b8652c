"""Generate docs/cases.md from the shipped cases and their ledgers.

    uv run python tools/gen_cases_doc.py           # rewrite docs/cases.md
    uv run python tools/gen_cases_doc.py --check   # exit 1 if docs/cases.md is stale

For each case: its document, what the case says about it (the case file's opening comment),
how many of the document's figures are reproduced, reconciled, flagged and recorded (the
ledger under ``stated:``), every flagged figure with its reason, every assumption with its
quote, and every named scenario.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "cases.md"

DOCUMENTS = {
    "ishoj_hjemmebaseret": ("003_912cdaef87c1aea0.txt", "Ishøj 2020/2021, Hjemmebaseret Indsats"),
    "kobenhavn_tidlig_indsats_0_2": (
        "002_ab3415d7282c821c.txt",
        "København 2016, tidlig indsats 0-2 år",
    ),
    "herning_tidlig_opsporing_dagpleje": (
        "001_dc09361bb2ba69b5.txt",
        "Herning 2016, tidlig opsporing i dagplejen",
    ),
    "kobenhavn_1000_dage": ("000_bf71112df2b131ca.txt", "København 2020, 1000-dages-programmet"),
    "egedal_1000_dage": ("004_b33519a9f943d52f.txt", "Egedal 2019-2021, de første 1000 dage"),
}
"""Each shipped case, in the order of the page, with its source document in shared/seeds."""

KINDS = ("reproduced", "reconciled", "flagged", "recorded")


def _comment(path: Path) -> str:
    """The case file's opening comment, without the schema line, as a paragraph."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        text = line[1:].strip()
        if text.startswith("yaml-language-server"):
            continue
        lines.append(text)
    paragraphs = "\n".join(lines).strip().split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _scenario_notes(overrides: Any) -> list[str]:
    """Every ``assumption`` written in a scenario's overrides."""
    found: list[str] = []
    if isinstance(overrides, dict):
        for key, value in overrides.items():
            if key == "assumption" and isinstance(value, str):
                found.append(value)
            else:
                found += _scenario_notes(value)
    elif isinstance(overrides, list):
        for value in overrides:
            found += _scenario_notes(value)
    return found


def _case_section(stem: str) -> tuple[list[str], dict[str, int]]:
    from businesscase.loader import load_case
    from businesscase.render.labels import labels
    from businesscase.view import build

    path = ROOT / "cases" / f"{stem}.yaml"
    loaded = load_case(str(path))
    assert loaded.ok and loaded.case is not None, f"{path}: {loaded.diagnostics}"
    case = loaded.case
    view = build(case, labels(case.meta.language), [])
    rec = view.reconciliation
    assert rec is not None, f"{stem}: no ledger"
    counts = rec.counts()
    document, title = DOCUMENTS[stem]
    out = [f"## {title}", ""]
    out += [
        f"[`cases/{stem}.yaml`](../cases/{stem}.yaml), from `shared/seeds/{document}`:",
        f"{case.meta.organisation}, *{case.meta.title}*.",
        "",
        _comment(path),
        "",
        "| reproduced | reconciled | flagged | recorded | in all |",
        "|---:|---:|---:|---:|---:|",
        "| " + " | ".join(str(counts[k]) for k in KINDS) + f" | {len(rec.ledger)} |",
        "",
    ]
    flagged = [e for e in rec.ledger if e.kind == "flagged"]
    if flagged:
        out += ["Figures of the document that do not follow from its own figures:", ""]
        for e in flagged:
            out.append(
                f"- {e.source}, “{_one_line(e.quote)}”: the document gives {e.printed}, "
                f"the case {e.case}. {_one_line(e.reason or '')}"
            )
        out.append("")
    notes: list[str] = []
    for name, p in case.parameters.items():
        if p.assumption:
            notes.append(f"`{name}` = {p.value}: {_one_line(p.assumption)}")
    for _, line in case.lines():
        if line.assumption:
            notes.append(f"{line.name}: {_one_line(line.assumption)}")
    for f in case.funding:
        if f.assumption:
            notes.append(f"{f.name}: {_one_line(f.assumption)}")
    for a in case.activities:
        if a.assumption:
            notes.append(f"{a.name}: {_one_line(a.assumption)}")
    for stated in case.stated:
        for fig in stated.printed:
            if fig.assumption:
                other = f" (other reading: `{fig.scenario}`)" if fig.scenario else ""
                notes.append(
                    f"reading of “{_one_line(fig.quote)}”: {_one_line(fig.assumption)}{other}"
                )
    if notes:
        out += ["Assumptions (the document does not force these; the output marks them):", ""]
        out += [f"{k}. {n}" for k, n in enumerate(notes, 1)]
        out.append("")
    scenarios = _scenario_files(path)
    if scenarios or case.scenarios:
        out += ["Scenarios of this case (`businesscase run FILE`):", ""]
        for name, overrides in [*scenarios, *case.scenarios.items()]:
            meta = overrides.get("meta") or {}
            title_ = f" ({meta['title']})" if isinstance(meta, dict) and meta.get("title") else ""
            said = "; ".join(_one_line(n) for n in _scenario_notes(overrides))
            out.append(f"- `{name}`{title_}: {said}".rstrip())
        out.append("")
    return out, counts


def _scenario_files(case: Path) -> list[tuple[str, dict[str, Any]]]:
    """Each scenario file under scenarios/ whose ``base:`` is ``case``, with its overrides."""
    import yaml

    found = []
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        base = data.get("base") if isinstance(data, dict) else None
        if isinstance(base, str) and (path.parent / base).resolve() == case.resolve():
            found.append((f"scenarios/{path.name}", data))
    return found


def render() -> str:
    sections: list[str] = []
    table = [
        "| case | document | reproduced | reconciled | flagged | recorded |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for stem, (document, title) in DOCUMENTS.items():
        lines, counts = _case_section(stem)
        sections += lines
        table.append(
            f"| `{stem}.yaml` | {title} (`{document[:3]}`) | "
            + " | ".join(str(counts[k]) for k in KINDS)
            + " |"
        )
    head = [
        "# The shipped cases",
        "",
        "<!-- Generated by tools/gen_cases_doc.py from cases/*.yaml; do not edit by hand. -->",
        "",
        "Each case in [`cases/`](../cases/) is written from one of the source documents in",
        "`shared/seeds/`. Every figure the document prints (money, counts, years, periods,",
        "rates, volumes) is in the case's ledger under `stated:` (see",
        "[case-format.md](case-format.md#the-ledger-every-figure-the-document-prints)), and",
        "accounted for in one of four ways: **reproduced** (the case uses it, and holds exactly",
        "that number), **reconciled** (the case computes the same), **flagged** (the document",
        "disagrees with itself, and the case says why) or **recorded** (context, with the reason",
        "it is not computed). `businesscase run CASE --ledger` shows it figure by figure. A test",
        "reads each document and fails if any number in it is in no ledger",
        "(`tests/test_ledger_coverage.py`); `tests/test_seed_cases.py` and `tests/test_ishoj.py`",
        "assert the figures against what the tool shows.",
        "",
        "Where the text allows more than one reading, the case takes one, marks it as an",
        "assumption with the words it rests on, and gives the other reading as a scenario",
        "(`scenarios/`). A document is called inconsistent only where its own figures",
        "disagree under the case's reading, and the case says which reading that is.",
        "",
        *table,
        "",
        'Variants of the Ishøj case for "what if" questions live in',
        "[`scenarios/`](../scenarios/) (`ishoj_optimistic.yaml`, `ishoj_pessimistic.yaml`); see",
        "[scenarios.md](scenarios.md).",
        "",
    ]
    return "\n".join(head + sections).rstrip("\n") + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/cases.md is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        if DOC.read_text(encoding="utf-8") != text:
            print("docs/cases.md is stale: run `uv run python tools/gen_cases_doc.py`")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
