"""The spine through the CLI: extract, status and compile on real files, judged by GNU
gettext, git and byte comparisons."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import polib
import pytest
from conftest import GLOSSARY, STATEMENT, loc, make_project
from gettext_tools import msgcat, msgfmt_check, msgfmt_statistics, run
from typer.testing import CliRunner

from loc.catalog import notes
from loc.catalog import po as pofile
from loc.cli import app

runner = CliRunner()
PYPROJECT = """\
[project]
name = "press"
version = "1.0"

[tool.loc]
languages = ["de", "fr", "es"]
add_location = "{mode}"
"""


def press(root, mode="file"):
    return make_project(root, PYPROJECT.format(mode=mode))


@pytest.fixture
def project(tmp_path):
    return press(tmp_path / "press")


def snapshot(root):
    return {
        p.relative_to(root): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".loc.lock"
    }


def po_files(root):
    return sorted((root / "locales").rglob("*.po")) + sorted((root / "locales").glob("*.pot"))


def test_extract_writes_a_template_and_a_catalog_per_language(project):
    result = loc(project, "extract")
    assert result.exit_code == 0, result.output
    assert "29 segments from 1 document(s)" in result.output
    pot = polib.pofile(str(project / "locales" / "statement.pot"))
    assert len(pot) == 29
    assert pot[0].occurrences == [("source/statement.txt", "")]
    for lang in ("de", "fr", "es"):
        po = polib.pofile(str(project / "locales" / lang / "LC_MESSAGES" / "statement.po"))
        assert [e.msgid for e in po] == [e.msgid for e in pot]
        assert po.metadata["Language"] == lang
        assert po.metadata["Plural-Forms"].startswith("nplurals=")
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert po.metadata["Project-Id-Version"] == "press 1.0"


def test_every_written_file_passes_msgfmt_check_and_is_stable_under_msgcat_and_polib(project):
    assert loc(project, "extract").exit_code == 0
    written = [path.relative_to(project / "locales").as_posix() for path in po_files(project)]
    assert written == [f"{lang}/LC_MESSAGES/statement.po" for lang in ("de", "es", "fr")] + ["statement.pot"]
    for path in po_files(project):
        assert msgfmt_check(path).returncode == 0, path
        assert msgcat(path) == path.read_bytes(), path
        assert pofile.dumps(polib.pofile(str(path))).encode() == path.read_bytes(), path


def test_extract_twice_changes_no_byte(project):
    loc(project, "extract")
    before = snapshot(project)
    mtimes = {p: p.stat().st_mtime_ns for p in po_files(project)}
    result = loc(project, "extract")
    assert "0 file(s) changed" in result.output
    assert snapshot(project) == before
    assert {p: p.stat().st_mtime_ns for p in po_files(project)} == mtimes


def _git(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def _translate_all(root, lang):
    path = root / "locales" / lang / "LC_MESSAGES" / "statement.po"
    catalog = pofile.load(path)
    po = catalog.po
    for entry in po:
        entry.msgstr = f"[{lang}] {entry.msgid}"
    catalog.save()


def test_editing_one_sentence_changes_only_that_entry_in_git(project):
    loc(project, "extract")
    _translate_all(project, "de")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    source = project / "source" / "statement.txt"
    old = "We are extremely disappointed with this decision."
    source.write_text(source.read_text().replace(old, "We are deeply disappointed with this decision."))
    loc(project, "extract")
    diff = _git(project, "diff", "-U0", "--", "locales/de")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    digest = notes.digest("[de] We are extremely disappointed with this decision.")
    assert changed == [
        f"+# loc: origin engine=match sha1={digest}",
        '-msgid "We are extremely disappointed with this decision."',
        "+#, fuzzy",
        '+#| msgid "We are extremely disappointed with this decision."',
        '+msgid "We are deeply disappointed with this decision."',
        "+",
        '+#~ msgid "We are extremely disappointed with this decision."',
        '+#~ msgstr "[de] We are extremely disappointed with this decision."',
    ]


@pytest.mark.parametrize("mode, moved", [("file", False), ("full", True)])
def test_a_new_first_line_moves_no_reference_in_file_mode(tmp_path, mode, moved):
    root = press(tmp_path / mode, mode)
    loc(root, "extract")
    pot = root / "locales" / "statement.pot"
    before = {e.msgid: e.occurrences for e in polib.pofile(str(pot))}
    source = root / "source" / "statement.txt"
    source.write_text("A new opening line.\n" + source.read_text())
    loc(root, "extract")
    after = {e.msgid: e.occurrences for e in polib.pofile(str(pot))}
    assert any(after[msgid] != refs for msgid, refs in before.items()) is moved


def test_status_counts_equal_msgfmt_statistics(project):
    loc(project, "extract")
    path = project / "locales" / "de" / "LC_MESSAGES" / "statement.po"
    catalog = pofile.load(path)
    po = catalog.po
    for i, entry in enumerate(po):
        if i % 3 == 0:
            entry.msgstr = "Übersetzt."
        elif i % 3 == 1:
            entry.msgstr, entry.flags = "Vorschlag.", ["fuzzy"]
    catalog.save()
    result = loc(project, "status", "--json", "--lang", "de")
    [row] = json.loads(result.output)
    expected = msgfmt_statistics(path)
    assert {k: row["segments"][k] for k in expected} == expected
    assert row["segments"]["total"] == 29
    assert row["words"]["total"] == sum(row["words"][k] for k in ("translated", "fuzzy", "untranslated"))


def test_compile_without_translations_reproduces_the_source_byte_for_byte(project):
    loc(project, "extract")
    result = loc(project, "compile", "--force")
    assert result.exit_code == 0, result.output
    for lang in ("de", "fr", "es"):
        assert (project / "build" / lang / "statement.txt").read_bytes() == STATEMENT.read_bytes()


def test_compile_publishes_reviewed_translations_and_writes_a_valid_mo(project):
    loc(project, "extract")
    _translate_all(project, "de")
    path = project / "locales" / "de" / "LC_MESSAGES" / "statement.po"
    catalog = pofile.load(path)
    po = catalog.po
    po[0].flags = ["fuzzy"]
    catalog.save()
    assert "not published" in loc(project, "compile", "--lang", "de").output  # 28/29 reviewed < 100%
    result = loc(project, "compile", "--lang", "de", "--threshold", "90")
    assert result.exit_code == 0, result.output
    text = (project / "build" / "de" / "statement.txt").read_text()
    assert text.startswith(po[0].msgid)  # the fuzzy one falls back to the source
    assert "[de] We have always actively cooperated" in text
    assert not text.endswith("\n")  # like the source
    mo = project / "build" / "de" / "LC_MESSAGES" / "statement.mo"
    unpacked = run("msgunfmt", mo).stdout
    assert "[de] We have always" in unpacked and po[0].msgid[:20] not in unpacked.split("msgstr")[1]
    with_fuzzy = loc(project, "compile", "--lang", "de", "--include-fuzzy")
    assert with_fuzzy.exit_code == 0
    assert (project / "build" / "de" / "statement.txt").read_text().startswith("[de]")


def test_extract_lang_creates_a_new_language(project):
    loc(project, "extract")
    result = loc(project, "extract", "--lang", "it")
    assert result.exit_code == 0, result.output
    assert (
        polib.pofile(str(project / "locales" / "it" / "LC_MESSAGES" / "statement.po")).metadata["Language"]
        == "it"
    )


@pytest.mark.parametrize(
    "breakage, expected",
    [
        (lambda root: shutil.rmtree(root / "source"), "source: source folder not found"),
        (
            lambda root: (root / "source" / "statement.txt").write_bytes(b"Caf\xe9 au lait."),
            "source/statement.txt:1: not UTF-8",
        ),
        (
            lambda root: (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["xx-QQ"]\n'),
            "unknown language code 'xx-QQ'",
        ),
        (
            lambda root: (root / "locales" / "de" / "LC_MESSAGES" / "statement.po").write_text(
                'msgid "a"\nmsgstr "b\n'
            ),
            "locales/de/LC_MESSAGES/statement.po:2: malformed PO file",
        ),
    ],
)
def test_bad_input_is_one_line_exit_1_and_no_file_changed(project, breakage, expected):
    loc(project, "extract")
    breakage(project)
    before = snapshot(project)
    result = loc(project, "extract")
    assert result.exit_code == 1
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(project) == before


def test_the_installed_command_runs_in_a_real_process(project):
    result = subprocess.run(
        [sys.executable, "-m", "loc", "extract", "--project", str(project)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (project / "locales" / "statement.pot").exists()
    bad = subprocess.run(
        [sys.executable, "-m", "loc", "status", "--lang", "zz", "--project", str(project)],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        "loc: error: unknown language code 'zz'; use an ISO 639 code such as de, fr, pt_BR"
    ]


def test_nested_source_folders_get_their_own_catalogs(project):
    nested = project / "source" / "press" / "2024"
    nested.mkdir(parents=True)
    (nested / "statement.txt").write_text("A second statement.\n")
    result = loc(project, "extract")
    assert result.exit_code == 0, result.output
    assert (project / "locales" / "press.2024.statement.pot").exists()
    po = polib.pofile(str(project / "locales" / "de" / "LC_MESSAGES" / "press.2024.statement.po"))
    assert [(e.msgid, e.occurrences) for e in po] == [
        ("A second statement.", [("source/press/2024/statement.txt", "")])
    ]
    assert len(polib.pofile(str(project / "locales" / "de" / "LC_MESSAGES" / "statement.po"))) == 29


def test_two_documents_that_would_share_a_catalog_are_an_error(project):
    (project / "source" / "a").mkdir()
    (project / "source" / "a" / "b.txt").write_text("One.\n")
    (project / "source" / "a.b.txt").write_text("Two.\n")
    result = loc(project, "extract")
    assert result.exit_code == 1
    assert "would share the catalog 'a.b'" in result.stderr


def test_documents_with_one_name_in_one_folder_get_a_catalog_each(project):
    (project / "source" / "release.md").write_text("# Markdown release.\n")
    (project / "source" / "release.html").write_text("<p>HTML release.</p>\n")
    assert loc(project, "extract").exit_code == 0
    folder = project / "locales" / "de" / "LC_MESSAGES"
    assert [e.msgid for e in polib.pofile(str(folder / "release.md.po"))] == ["Markdown release."]
    assert [e.msgid for e in polib.pofile(str(folder / "release.html.po"))] == ["HTML release."]


def test_markdown_files_with_the_long_suffix_are_read(project):
    (project / "source" / "notes.markdown").write_text("# Release *notes*.\n")
    assert loc(project, "extract").exit_code == 0
    po = polib.pofile(str(project / "locales" / "de" / "LC_MESSAGES" / "notes.po"))
    assert [e.msgid for e in po] == ["Release <g1>notes</g1>."]


def test_an_edited_sentence_in_an_untranslated_catalog_changes_only_its_msgid(project):
    loc(project, "extract")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    source = project / "source" / "statement.txt"
    source.write_text(source.read_text().replace("We are committed to", "We remain committed to"))
    loc(project, "extract")
    for lang in ("fr", "es"):
        diff = _git(project, "diff", "-U0", "--", f"locales/{lang}")
        changed = [
            line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert changed == [
            '-msgid "We are committed to protecting our platform with all available means."',
            '+msgid ""',
            '+"We remain committed to protecting our platform with all available means."',
        ]


def test_check_exits_1_on_an_error_and_compile_refuses_to_publish_it(project):
    shutil.copy(GLOSSARY, project / "glossary.tbx")
    with (project / "pyproject.toml").open("a") as config:
        config.write('glossary = "glossary.tbx"\n')
    loc(project, "extract")
    _translate_all(project, "de")
    path = project / "locales" / "de" / "LC_MESSAGES" / "statement.po"
    catalog = pofile.load(path)
    po = catalog.po
    po[
        0
    ].msgstr = "Wir sind enttäuscht, dass die Aufsicht heute Klage eingereicht hat."  # lost "Binance", "SEC"
    catalog.save()
    result = loc(project, "check", "--lang", "de")
    assert result.exit_code == 1
    assert "statement.po:" in result.output and "error" in result.output
    assert "not published" in loc(project, "compile", "--lang", "de").output
    assert loc(project, "compile", "--lang", "de", "--force").exit_code == 0


def test_a_temporary_file_left_by_a_killed_writer_is_cleaned_up_by_the_next_run(project):
    loc(project, "extract")
    stale = project / "locales" / "de" / "LC_MESSAGES" / ".statement.po.loc-k3j_9xq2.tmp"
    stale.write_text("half a catalog")
    unrelated = project / "locales" / "notes.tmp"
    unrelated.write_text("mine")
    assert loc(project, "extract").exit_code == 0
    assert not stale.exists() and unrelated.exists()


def test_errors_name_files_relative_to_the_working_folder(project, monkeypatch):
    loc(project, "extract")
    (project / "locales" / "de" / "LC_MESSAGES" / "statement.po").write_text('msgid "a"\nmsgstr "b\n')
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["extract"])
    assert result.stderr.startswith("loc: error: locales/de/LC_MESSAGES/statement.po:2: ")
