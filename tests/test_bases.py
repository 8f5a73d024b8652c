"""What a scenario's ``base:`` can make the tool read and print (classes 4 and 5 of issue 16).

A base is confined to the case's folder tree, read without blocking, never echoed when it is
not a case, and followed without recursion; a base that is valid YAML but not a case is an
error, never a silent pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from businesscase.loader import load_case
from businesscase.render.diagnostics import render_github, render_json, render_text

from .conftest import ISHOJ

SECRET = "hunter2-do-not-print"


def _all_output(path: Path, **kwargs: object) -> tuple[list[str], str]:
    loaded = load_case(str(path), **kwargs)  # type: ignore[arg-type]
    found = loaded.diagnostics
    return [d.code for d in found], render_text(found) + render_github(found) + render_json(found)


@pytest.mark.parametrize(
    "text",
    [
        f"- {SECRET}\n- two\n",  # a list
        f"{SECRET} and more words\n",  # plain text
        "12\n",  # a number
        f"user: {SECRET}\nhome: /root\n",  # a mapping, but not a case
        f"root:x:0:0:{SECRET}:/root:/bin/bash\n",  # the shape of /etc/passwd
        f"[{SECRET}\n",  # not YAML at all
    ],
)
def test_a_base_that_is_not_a_case_is_an_error_and_is_not_echoed(tmp_path, cli, text):
    (tmp_path / "base.yaml").write_text(text, encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: base.yaml\nmeta: {title: X}\n", encoding="utf-8")
    codes, shown = _all_output(scenario)
    assert codes == ["BC508"]
    assert SECRET not in shown
    for command in (["validate"], ["validate", "--strict"], ["run"]):
        out = cli(*command, scenario)
        assert out.exit_code == 1 and "BC508" in out.stderr
        assert SECRET not in out.stdout + out.stderr
    out = cli("diff", scenario, scenario)
    assert out.exit_code == 1 and "BC508" in out.stderr


def test_a_base_outside_the_folder_tree_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    inside = tmp_path / "inside"
    outside.mkdir()
    inside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text(f"format: 1\nmeta: {{title: {SECRET}}}\nextra: {SECRET}\n", "utf-8")
    for base in ("../outside/secret.yaml", str(secret), "/etc/passwd", "/dev/zero"):
        scenario = inside / "s.yaml"
        scenario.write_text(f"base: {base}\n", encoding="utf-8")
        codes, shown = _all_output(scenario)
        assert codes == ["BC507"], base
        assert SECRET not in shown
    # the tree may be widened on request; then the base is read and its errors shown
    scenario.write_text("base: ../outside/secret.yaml\n", encoding="utf-8")
    codes, shown = _all_output(scenario, base_root=str(tmp_path))
    assert "BC201" in codes  # 'extra' is not a key of a case


def test_a_symlink_out_of_the_tree_is_followed_before_the_check(tmp_path):
    inside = tmp_path / "inside"
    inside.mkdir()
    secret = tmp_path / "secret.yaml"
    secret.write_text(ISHOJ.read_text(encoding="utf-8"), encoding="utf-8")
    (inside / "link.yaml").symlink_to(secret)
    scenario = inside / "s.yaml"
    scenario.write_text("base: link.yaml\n", encoding="utf-8")
    assert _all_output(scenario)[0] == ["BC507"]


def test_a_base_below_the_folder_the_command_runs_in_is_allowed(tmp_path, monkeypatch):
    (tmp_path / "cases").mkdir()
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "cases" / "c.yaml").write_text(ISHOJ.read_text("utf-8"), encoding="utf-8")
    scenario = tmp_path / "scenarios" / "s.yaml"
    scenario.write_text("base: ../cases/c.yaml\nmeta: {title: X}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_case("scenarios/s.yaml").ok
    monkeypatch.chdir(tmp_path / "scenarios")
    assert [d.code for d in load_case("s.yaml").diagnostics] == ["BC507"]


def test_a_long_chain_of_bases_is_an_error_not_a_recursion_error(tmp_path):
    (tmp_path / "s0.yaml").write_text(ISHOJ.read_text("utf-8"), encoding="utf-8")
    for k in range(1, 501):
        (tmp_path / f"s{k}.yaml").write_text(f"base: s{k - 1}.yaml\n", encoding="utf-8")
    (d,) = load_case(str(tmp_path / "s500.yaml")).diagnostics
    assert d.code == "BC509" and d.file.endswith("s500.yaml")
    assert load_case(str(tmp_path / "s20.yaml")).ok  # twenty bases are fine


def test_a_fifo_base_swapped_in_is_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: pipe.yaml\n", encoding="utf-8")
    (d,) = load_case(str(scenario)).diagnostics
    assert d.code == "BC502" and "not a regular file" in d.message


def test_thousands_of_names_give_a_short_hint(tmp_path):
    names = "\n".join(f"  - {{name: Linje nummer {k}, amount: 1}}" for k in range(1500))
    text = ISHOJ.read_text("utf-8").replace("\ncosts:\n", "\ncosts:\n" + names + "\n", 1)
    (tmp_path / "base.yaml").write_text(text, encoding="utf-8")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("base: base.yaml\nlines:\n  " + "Ø" * 90 + ": {amount: 2}\n", "utf-8")
    found = load_case(str(scenario)).diagnostics
    assert [d.code for d in found] == ["BC501"]
    assert len(found[0].hint or "") < 1000


def test_thousands_of_model_errors_are_cut_and_counted(tmp_path):
    """3 000 costs without an amount: at most 200 findings, the last saying how many more."""
    items = "".join(f"  - name: Linje {k}\n" for k in range(3000))
    text = ISHOJ.read_text("utf-8").replace("\ncosts:\n", "\ncosts:\n" + items, 1)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    found = load_case(str(path)).diagnostics
    assert len(found) == 200
    assert {d.code for d in found} == {"BC202"}
    assert found[-1].message.endswith("fund mere efter dette, ikke vist")  # a Danish case
