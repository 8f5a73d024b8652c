"""`businesscase init`: a commented starter case, in the user's language, that validates and
runs; an existing file is never overwritten."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from businesscase.i18n import user_language

LANG_ENV = {
    "da": {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "da_DK.UTF-8"},
    "en": {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"},
}


@pytest.mark.parametrize("how", ["--lang", "LANG"])
@pytest.mark.parametrize("language", ["da", "en"])
def test_init_then_validate_and_run(cli, tmp_path, monkeypatch, language, how):
    monkeypatch.chdir(tmp_path)
    if how == "--lang":  # --lang wins over an environment in the other language
        other = "en" if language == "da" else "da"
        out = cli("init", "x.yaml", "--lang", language, env=LANG_ENV[other])
    else:
        out = cli("init", "x.yaml", env=LANG_ENV[language])
    assert out.exit_code == 0, out.output
    assert "x.yaml" in out.stdout
    text = (tmp_path / "x.yaml").read_text(encoding="utf-8")
    case = yaml.safe_load(text)
    assert case["meta"]["language"] == language
    assert "uv run businesscase run x.yaml" in text

    checked = cli("validate", "x.yaml")
    assert checked.exit_code == 0, checked.output
    assert checked.output == ""

    ran = cli("run", "x.yaml", "--format", "json")
    assert ran.exit_code == 0, ran.output
    # the figures follow from the starter's inputs: 400.000 a year against 1 and then 5
    # courses of family therapy at 120.000, a loan of 300.000 repaid 100.000 a year from 2027
    cost = case["costs"][0]["amount"]
    avoided = case["avoided"][0]
    assert avoided["legal_ref"].startswith("Barnets lov §")
    assert "Barnets lov" in text and "legal_ref" in text
    result = json.loads(ran.stdout)
    assert result["net"] == [120000 * n - cost for n in (1, 5, 5, 5, 5)]
    assert result["repayment"] == [0, 100000, 100000, 100000, 0]


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_part_is_explained_in_a_comment(language):
    from businesscase.commands.init import starter

    text = starter(language, "x.yaml")
    lines = text.splitlines()
    for key in ("format", "meta", "period", "costs", "avoided", "funding"):
        at = next(k for k, line in enumerate(lines) if line.startswith(f"{key}:"))
        if key != "format":
            assert lines[at - 1].startswith("#"), f"{key} has no comment above it"
    for key in ("legal_ref", "repayment", "first_year", "amount", "years"):
        assert re.search(rf"\b{key}\b.*#|#.*\b{key}\b", text), key
    danish = ("Omkostninger", "Undgåede udgifter", "Finansiering", "Perioden")
    assert all(word in text for word in danish) == (language == "da")


def test_refuses_to_overwrite(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.yaml").write_text("mine\n", encoding="utf-8")
    out = cli("init", "x.yaml", "--lang", "en")
    assert out.exit_code == 2
    assert "already exists" in out.stderr
    assert (tmp_path / "x.yaml").read_text(encoding="utf-8") == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]  # no temporary file left


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_the_umask_gives(cli, tmp_path, monkeypatch, umask, mode):
    """As every file the tool writes (class 6 of issue 16): not 0644 whatever the umask."""
    import os

    monkeypatch.chdir(tmp_path)
    saved = os.umask(umask)
    try:
        out = cli("init", "x.yaml", "--lang", "en")
    finally:
        os.umask(saved)
    assert out.exit_code == 0, out.stderr
    assert (tmp_path / "x.yaml").stat().st_mode & 0o777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


def test_any_name_the_file_system_allows(cli, tmp_path, monkeypatch):
    """The temporary name is short: a name of 250 characters is written, not refused."""
    monkeypatch.chdir(tmp_path)
    name = "x" * 245 + ".yaml"
    out = cli("init", name, "--lang", "en")
    assert out.exit_code == 0, out.stderr
    assert (tmp_path / name).exists()


def test_refuses_in_danish(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "businesscase.yaml").write_text("mine\n", encoding="utf-8")
    out = cli("init", env=LANG_ENV["da"])
    assert out.exit_code == 2
    assert "findes allerede" in out.stderr


def test_default_file_name(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = cli("init", "--lang", "da")
    assert out.exit_code == 0
    assert (tmp_path / "businesscase.yaml").exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "da_DK.UTF-8"}, "da"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "da_DK.UTF-8", "LANG": "en_US.UTF-8"}, "da"),
        ({"LANGUAGE": "en:da", "LANG": "da_DK.UTF-8"}, "en"),
        ({"LANGUAGE": "da", "LANG": "C"}, "da"),
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_user_language(env, expected):
    assert user_language(env) == expected
