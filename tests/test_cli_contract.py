"""The `loc` command keeps README's word: exit codes, where it finds the project, one
set of languages, silenced checks and the shapes of --json. Each a regression test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loc.catalog import po
from loc.cli import app

TEXT = 'The board met on Monday.\n\nWe said "no" to the offer.\n'


def _project(root: Path, settings: str = 'languages = ["de"]\n') -> Path:
    (root / "source").mkdir(parents=True)
    (root / "source" / "note.txt").write_text(TEXT, encoding="utf-8")
    (root / "pyproject.toml").write_text(f"[tool.loc]\n{settings}", encoding="utf-8")
    assert _loc(root, "extract").exit_code == 0
    return root


def _loc(root: Path | None, *args: str):
    return CliRunner().invoke(app, [*args, *(["-C", str(root)] if root else [])])


def _one_line(result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("loc: error: "), line
    return line


def _translate_by_hand(root: Path, msgstr: str) -> None:
    """The quotes sentence translated and approved, its quotation marks dropped."""
    found = po.load(root / "locales" / "de" / "LC_MESSAGES" / "note.po")
    for entry in found.po:
        if entry.msgid:
            entry.msgstr = msgstr if "offer" in entry.msgid else "Der Vorstand tagte am Montag."
    found.save()


# ---- exit codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("status", "--lang", "xx"), "--lang"),
        (("check", "-l", "de,zz"), "--lang"),
        (("export", "--format", "pdf"), "--format"),
        (("export", "--format", "TMX"), "--format"),
        (("export", "--version", "3.0"), "--version"),
        (("compile", "--threshold", "150"), "--threshold"),
        (("extract", "--add-location", "bogus"), "--add-location"),
        (("translate", "--lang", "de", "--engine", "deepl"), "--engine"),
    ],
)
def test_a_command_line_mistake_exits_2_in_one_line_and_writes_nothing(tmp_path, args, named):
    root = _project(tmp_path / "p")
    before = sorted(path for path in root.rglob("*") if path.is_file())
    line = _one_line(_loc(root, *args), 2)
    assert named in line
    assert sorted(path for path in root.rglob("*") if path.is_file()) == before


def test_the_choices_the_command_line_checks_are_the_librarys():
    from loc import cli
    from loc.catalog import xliff
    from loc.steps import exchange

    assert (cli.EXPORT_FORMATS, cli.XLIFF_VERSIONS) == (exchange.FORMATS, xliff.VERSIONS)


def test_translate_without_a_language_is_a_usage_error_as_its_help_says(tmp_path):
    root = _project(tmp_path / "p")
    help_text = " ".join(_loc(None, "translate", "--help").output.split())
    assert "this or --all is required" in help_text and "default: every language" not in help_text
    line = _one_line(_loc(root, "translate"), 2)
    assert "--lang" in line and "--all" in line
    assert _loc(root, "translate", "--all", "--engine", "pseudo").exit_code == 0


def test_run_exits_1_when_a_language_is_not_published_like_compile(tmp_path):
    root = _project(tmp_path / "p", 'languages = ["de"]\nengine = "pseudo"\n')
    result = _loc(root, "run")
    assert result.exit_code == 1, result.output
    assert "compile: de not published" in result.output
    root = _project(tmp_path / "q", 'languages = ["en_XA"]\n')
    assert _loc(root, "run").exit_code == 0


# ---- where the project is -------------------------------------------------------


def test_the_project_is_found_from_any_folder_inside_it(tmp_path, monkeypatch):
    root = _project(tmp_path / "p")
    monkeypatch.chdir(root / "locales" / "de" / "LC_MESSAGES")
    result = _loc(None, "status", "--json")
    assert result.exit_code == 0, result.output
    assert [row["document"] for row in json.loads(result.output)["rows"]] == ["note"]
    assert not (root / "locales" / "de" / "LC_MESSAGES" / "source").exists()


def test_outside_any_project_loc_says_so_in_one_line(tmp_path, monkeypatch):
    (tmp_path / "empty" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "empty" / "deeper")
    line = _one_line(_loc(None, "status"), 1)
    assert "not inside a loc project" in line and "-C DIR" in line


def test_models_need_no_project(tmp_path, monkeypatch, argos_packages):
    monkeypatch.chdir(tmp_path)
    line = _one_line(_loc(None, "models", "remove", "de"), 1)
    assert "no en→de model is installed" in line


# ---- one set of languages -----------------------------------------------------------


def test_extract_lang_adds_a_language_that_translate_all_and_run_then_cover(tmp_path):
    root = _project(tmp_path / "p", 'languages = ["de"]\nengine = "pseudo"\n')
    assert _loc(root, "extract", "--lang", "it").exit_code == 0
    result = _loc(root, "translate", "--all", "--json")
    assert [item["lang"] for item in json.loads(result.output)["languages"]] == ["de", "it"]
    assert "compile: it not published" in _loc(root, "run").output


def test_translate_a_regional_variant_beside_its_language_is_refused_in_one_line(tmp_path):
    root = _project(tmp_path / "p")
    line = _one_line(_loc(root, "translate", "--lang", "de_DE", "--engine", "pseudo"), 1)
    assert "de_DE is not in this project but de is" in line
    assert not (root / "locales" / "de_DE").exists()


# ---- silencing a false positive -------------------------------------------------------------


def test_a_translator_comment_silences_one_check_for_one_entry_and_json_records_it(tmp_path):
    root = _project(tmp_path / "p")
    _translate_by_hand(root, "Wir lehnten das Angebot ab.")
    assert "[quotes]" in _loc(root, "check").output
    found = po.load(root / "locales" / "de" / "LC_MESSAGES" / "note.po")
    found.po.find('We said "no" to the offer.').tcomment = "loc-ignore: quotes"  # as Poedit writes it
    found.save()
    result = _loc(root, "check", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [p["check"] for p in report["problems"]] == []
    assert [(p["check"], p["silenced"]) for p in report["silenced"]] == [("quotes", "entry")]
    assert "1 silenced" in _loc(root, "check").output


def test_a_project_setting_silences_a_check_everywhere_and_json_records_it(tmp_path):
    root = _project(tmp_path / "p", 'languages = ["de"]\nignore_checks = ["quotes"]\n')
    _translate_by_hand(root, "Wir lehnten das Angebot ab.")
    report = json.loads(_loc(root, "check", "--json").output)
    assert report["problems"] == [] and report["warnings"] == 0
    assert [(p["check"], p["silenced"]) for p in report["silenced"]] == [("quotes", "project")]


def test_what_compile_must_never_publish_cannot_be_silenced(tmp_path):
    root = _project(tmp_path / "p")
    assert _loc(root, "translate", "--lang", "de", "--engine", "pseudo").exit_code == 0
    found = po.load(root / "locales" / "de" / "LC_MESSAGES" / "note.po")
    for entry in found.po:  # approved pseudo text, "silenced" by hand
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.tcomment = (entry.tcomment + "\n" if entry.tcomment else "") + "loc-ignore: pseudo"
    found.save()
    result = _loc(root, "check", "--json")
    assert result.exit_code == 1
    assert {p["check"] for p in json.loads(result.output)["problems"]} == {"pseudo"}
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\nignore_checks = ["markup"]\n')
    assert "cannot silence markup" in _one_line(_loc(root, "status"), 1)


def test_a_silenced_error_no_longer_stops_compile(tmp_path):
    root = _project(tmp_path / "p", 'languages = ["de"]\nignore_checks = ["numbers"]\n')
    found = po.load(root / "locales" / "de" / "LC_MESSAGES" / "note.po")
    for entry in found.po:
        if entry.msgid:
            entry.msgstr = "Am 1. Montag tagte der Vorstand." if "board" in entry.msgid else "Nein."
    found.save()
    assert _loc(root, "compile").exit_code == 0


# ---- the shapes of --json -------------------------------------------------------------------


def test_status_json_is_one_object_with_or_without_review(tmp_path):
    root = _project(tmp_path / "p")
    _translate_by_hand(root, "Wir lehnten das Angebot ab.")
    found = po.load(root / "locales" / "de" / "LC_MESSAGES" / "note.po")
    found.po[0].flags.append("fuzzy")  # one translation awaits review
    found.save()
    plain = json.loads(_loc(root, "status", "--json").output)
    with_review = json.loads(_loc(root, "status", "--json", "--review", "1").output)
    assert set(plain) == set(with_review) == {"rows", "review", "conflicts"}
    assert plain["rows"] == with_review["rows"] and len(with_review["review"]) == 1
    assert plain["rows"][0]["lang"] == "de" and plain["rows"][0]["stats"]["total"] == 2


def test_every_json_output_names_a_language_lang(tmp_path):
    root = _project(tmp_path / "p")
    _translate_by_hand(root, "Wir lehnten das Angebot ab.")
    outputs = [
        json.loads(_loc(root, "status", "--json").output)["rows"][0],
        json.loads(_loc(root, "check", "--json").output)["problems"][0],
        json.loads(_loc(root, "translate", "-l", "de", "--engine", "pseudo", "--json").output)["languages"][
            0
        ],
    ]
    for output in outputs:
        assert output["lang"] == "de" and "language" not in output
