"""Bounded fuzzing of the loader: whatever the bytes, a located answer and never a crash.

The inputs come from ``tools/fuzz.py`` (mutations of the shipped cases, YAML-ish text, random
bytes), driven here by hypothesis so a failure shrinks and replays; ``tools/fuzz.py`` runs the
same checks for as long as one likes. For each input ``load_case`` raises nothing but
``CaseFileError``, every diagnostic lies inside the file, and a case it accepts evaluates.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_spec = importlib.util.spec_from_file_location(
    "fuzz", Path(__file__).resolve().parent.parent / "tools" / "fuzz.py"
)
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
sys.modules["fuzz"] = fuzz
_spec.loader.exec_module(fuzz)

BASES = fuzz.case_texts()
CORPUS = Path(__file__).resolve().parent / "corpus"
FUZZ = settings(
    max_examples=300,
    deadline=5000,  # generous: the 1 s bound per file is tested on the corpus
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.yaml"
        path.write_bytes(data)
        assert fuzz.check(str(path), data) == []


@FUZZ
@given(st.randoms(use_true_random=False), st.sampled_from(range(len(BASES))))
def test_mutated_cases(rng: random.Random, base: int) -> None:
    _check(fuzz.mutate_case(rng, BASES[base]))


@settings(FUZZ, max_examples=150)
@given(st.randoms(use_true_random=False), st.sampled_from(range(len(BASES))))
def test_mutated_trees(rng: random.Random, base: int) -> None:
    _check(fuzz.mutate_tree(rng, BASES[base]))


@FUZZ
@given(st.lists(st.sampled_from(fuzz.YAMLISH), max_size=80).map("".join))
def test_yamlish_text(text: str) -> None:
    _check(text.encode("utf-8"))


@settings(FUZZ, max_examples=100)
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@settings(FUZZ, max_examples=100)
@given(st.text(max_size=200))
def test_any_text(text: str) -> None:
    _check(text.encode("utf-8", errors="surrogatepass"))


def test_a_formula_beyond_decimal_precision_evaluates(tmp_path: Path) -> None:
    """Each number is bounded by the reader (12 digits), but a product of parameters is not:
    10^30 kroner once crashed the engine's rounding (28-digit Decimal context)."""
    base = (CORPUS / "base_kobenhavn_tidlig_indsats_0_2.yaml").read_text(encoding="utf-8")
    name = "pris_forebyggende_foranstaltning"
    product = " * ".join([name] * 6)  # (100 000 kr.)^6 = 10^30
    text = base.replace(f"    unit_cost: {name}\n", f"    unit_cost: {product}\n", 1)
    assert product in text
    path = tmp_path / "product.yaml"
    path.write_text(text, encoding="utf-8")
    assert fuzz.check(str(path), text.encode("utf-8")) == []


@settings(FUZZ, max_examples=30)
@given(st.randoms(use_true_random=False))
def test_scenarios_and_the_commands_on_them(rng: random.Random) -> None:
    """Scenario files naming good, missing, hostile and odd bases; the commands run on each
    (validate, run in every format, diff): exit codes match the output, nothing unsafe shown."""
    data = fuzz.scenario(rng, BASES)
    with tempfile.TemporaryDirectory() as tmp:
        fuzz.write_bases(Path(tmp), BASES)
        path = Path(tmp) / "current.yaml"
        path.write_bytes(data)
        problems = fuzz.check(str(path), data, commands=True)
        # diff prints a department missing from one case by a placeholder name (the calculation's)
        assert [p for p in problems if "diff printed U+0000" not in p] == []


def test_the_commands_on_a_hostile_case(tmp_path: Path) -> None:
    text = BASES[0].replace("\ncosts:\n", '\ncosts:\n  - {name: "x\\e[2Jy", amount: 1}\n', 1)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    problems = fuzz.check(str(path), text.encode("utf-8"), commands=True)
    assert problems == []
