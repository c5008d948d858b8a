"""Work in proportion to what changed: no-op runs write nothing, one edit moves one entry,
one changed sentence is one segment for the engine."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

import loc
from loc.catalog import po
from loc.steps import translate as translate_step

SENTENCES = [f"Paragraph {i} states fact number {i * 7} about the market." for i in range(300)]


@pytest.fixture
def project(tmp_path) -> loc.Project:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "big.txt").write_text("\n\n".join(SENTENCES) + "\n", encoding="utf-8")
    (tmp_path / "source" / "other.txt").write_text("Another document.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de", "fr", "es"]\n')
    project = loc.open(tmp_path)
    loc.extract(project)
    loc.translate(project, ["de", "fr", "es"], engine="pseudo")
    loc.extract(project)  # what the translations changed is now known
    return project


def _files(project: loc.Project) -> dict[Path, tuple[bytes, int]]:
    root = project.config.root
    found = [*root.joinpath("locales").rglob("*.po*"), *root.joinpath(".loc").rglob("*")]
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in found if path.is_file()}


def _diff(before: bytes, after: bytes) -> list[str]:
    lines = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_a_noop_extract_reads_no_catalog_and_writes_nothing(project, monkeypatch):
    before = _files(project)
    parsed = []
    real = po.load
    monkeypatch.setattr(po, "load", lambda path: (parsed.append(path), real(path))[1])
    report = loc.extract(project)
    assert report.changed == [] and report.segments == 301
    assert parsed == []  # nothing merged again: inputs and catalogs are as the last extract left them
    assert _files(project) == before  # no byte, no mtime


def test_a_catalog_a_person_changed_is_merged_again(project):
    path = project.po_path("de", "big")
    path.write_bytes(path.read_bytes().replace(b"#, fuzzy\n", b"", 1))
    before = path.read_bytes()
    report = loc.extract(project)
    assert report.changed == [] and path.read_bytes() == before  # read again, nothing to change


def test_one_edited_sentence_changes_only_its_entry_in_each_file(project):
    before = _files(project)
    source = project.config.sources / "big.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("fact number 700 ", "fact number 701 "))
    loc.extract(project)
    after = _files(project)
    other = [p for p in before if "other" in p.name]
    assert all(after[p] == before[p] for p in other)  # the other document's catalogs are untouched
    pot = project.config.locales / "big.pot"
    assert _diff(before[pot][0], after[pot][0]) == [
        '-msgid "Paragraph 100 states fact number 700 about the market."',
        '+msgid "Paragraph 100 states fact number 701 about the market."',
    ]
    de = project.po_path("de", "big")
    changed = _diff(before[de][0], after[de][0])
    old_entry = before[de][0].decode().split("\n\n")
    [block] = [b for b in old_entry if "fact number 700 " in b]
    assert [line[1:] for line in changed if line.startswith("-")] == block.splitlines()
    added = [line[1:] for line in changed if line.startswith("+")]
    assert 'msgid "Paragraph 100 states fact number 701 about the market."' in added
    # the new entry, 6 lines with the veto note that shows the earlier pair; the old one held
    # an unreviewed suggestion, so it is not kept as an obsolete entry too
    assert not any(line.startswith("#~") for line in added)
    assert len(added) == 6


def test_one_changed_sentence_is_one_segment_for_the_engine(project):
    source = project.config.sources / "big.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("fact number 700 ", "fact number 701 "))
    loc.extract(project)  # a changed number: no fuzzy match is offered, the entry is untranslated
    reports = loc.translate(project, ["de", "fr", "es"], engine="pseudo")
    assert [r.sent for r in reports] == [1, 1, 1]
    source.write_text(source.read_text(encoding="utf-8").replace("about the market", "about the markets", 1))
    loc.extract(project)  # a word: a fuzzy match, replaced by MT only when asked
    assert [r.sent for r in loc.translate(project, ["de"], engine="pseudo")] == [0]
    assert [r.sent for r in loc.translate(project, ["de"], engine="pseudo", fuzzy=True)] == [1]


def test_a_run_with_nothing_to_translate_loads_no_model(tmp_path, en_de):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text("We are disappointed.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(tmp_path)
    loc.extract(project)
    loc.translate(project, ["de"])
    engine = translate_step.engine_for(project, "de")
    report = translate_step.translate_language(project, "de", engine)
    assert report.sent == 0 and engine._loaded is None


def test_a_megabyte_msgstr_is_never_rendered_to_read_or_save_its_file(tmp_path, monkeypatch):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text("Hello world.\n\nSecond sentence here.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(tmp_path)
    loc.extract(project)
    path = project.po_path("de", "a")
    huge = "Hallo Welt, " * 90000
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'msgid "Hello world."\nmsgstr ""', f'msgid "Hello world."\nmsgstr "{huge}"'
        ),
        encoding="utf-8",
    )
    rendered = []
    real = po._lines
    monkeypatch.setattr(
        po, "_lines", lambda entry, width: (rendered.append(len(entry.msgstr)), real(entry, width))[1]
    )
    loc.status(project)
    loc.translate(project, ["de"], engine="pseudo")
    assert max(rendered) < 1000  # width detection skips it; the save reuses its lines as read
    assert po.load(path).po.find("Hello world.").msgstr == huge


def test_a_copied_or_renamed_checkout_is_still_a_noop(project, tmp_path, monkeypatch):
    copy = tmp_path.parent / f"{tmp_path.name}-copy"
    shutil.copytree(project.config.root, copy)
    parsed = []
    real = po.load
    monkeypatch.setattr(po, "load", lambda path: (parsed.append(path), real(path))[1])
    segmented = []
    real_document = loc.Project.document
    monkeypatch.setattr(
        loc.Project, "document", lambda self, path: (segmented.append(path), real_document(self, path))[1]
    )
    assert loc.extract(loc.open(copy)).changed == []
    assert parsed == [] and segmented == []  # neither read as catalogs nor segmented again
