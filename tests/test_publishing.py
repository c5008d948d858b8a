"""Publish nothing wrong, and provenance that tells the truth (each a regression test)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import loc
from loc.catalog import notes, po
from loc.cli import app

TEXT = "The board met on Monday.\n\nWe disagree with the decision.\n\nWe will appeal it in court.\n"


@pytest.fixture
def project(tmp_path) -> loc.Project:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "note.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "note"\n[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(tmp_path)
    loc.extract(project)
    return project


def _catalog(project: loc.Project) -> po.Catalog:
    return po.load(project.po_path("de", "note"))


def _edit(project: loc.Project, msgid: str, msgstr: str, *, approve: bool) -> None:
    found = _catalog(project)
    entry = found.po.find(msgid)
    entry.msgstr = msgstr
    if approve and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    found.save()


def _cli(project: loc.Project, *args: str):
    return CliRunner().invoke(app, [*args, "-C", str(project.config.root)])


def _approve_all(project: loc.Project, prefix: str = "") -> None:
    found = _catalog(project)
    for entry in found.po:
        if entry.msgid:
            entry.msgstr = entry.msgstr or f"{prefix}{entry.msgid}"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.tcomment = ""
    found.save()


# ---- what gets published ---------------------------------------------------


def test_a_language_not_published_loses_its_earlier_outputs(project):
    loc.translate(project, ["de"], engine="pseudo")
    _edit(project, "The board met on Monday.", "Der Vorstand tagte am Montag.", approve=True)
    [forced] = loc.compile(project, ["de"], force=True)
    assert forced.published and all(path.exists() for path in forced.outputs)
    [plain] = loc.compile(project, ["de"])
    assert not plain.published and sorted(plain.removed) == sorted(forced.outputs)
    assert not any(path.exists() for path in forced.outputs)


def test_pseudo_text_in_a_real_language_is_never_published(project):
    loc.translate(project, ["de"], engine="pseudo")
    [result] = loc.compile(project, ["de"], include_fuzzy=True)
    assert not result.published
    [forced] = loc.compile(project, ["de"], include_fuzzy=True, force=True)
    document = (project.config.output / "de" / "note.txt").read_text(encoding="utf-8")
    assert forced.published and document == TEXT and "⟦" not in document  # the source, not pseudo text


def test_pseudo_text_is_counted_apart_and_reported_by_check(project):
    loc.translate(project, ["de"], engine="pseudo")
    [row] = loc.status(project, ["de"]).rows
    assert (row.stats.fuzzy, row.stats.pseudo) == (3, 3)
    report = loc.check(project, ["de"])
    assert {f.problem.check for f in report.found if f.problem.severity == "error"} == {"pseudo"}
    assert _cli(project, "check", "--lang", "de").exit_code == 1


def test_the_pseudo_locale_is_published_with_its_pseudo_text(project):
    loc.translate(project, ["en_XA"])
    [result] = loc.compile(project, ["en_XA"])
    assert result.published and "⟦" in (project.config.output / "en_XA" / "note.txt").read_text(
        encoding="utf-8"
    )


def test_compile_exits_1_when_a_language_is_not_published_and_0_when_all_are(project):
    skipped = _cli(project, "compile", "--lang", "de")
    assert skipped.exit_code == 1 and "de: not published" in skipped.output
    _approve_all(project)
    published = _cli(project, "compile", "--lang", "de")
    assert published.exit_code == 0, published.output


# ---- provenance that tells the truth ------------------------------------------


def test_a_hand_edited_suggestion_no_longer_shows_a_current_machine_origin(project):
    loc.translate(project, ["de"], engine="pseudo")
    _edit(project, "The board met on Monday.", "Der Vorstand tagte am Montag.", approve=False)
    loc.translate(project, ["de"], engine="pseudo")
    entry = _catalog(project).po.find("The board met on Monday.")
    assert entry.msgstr == "Der Vorstand tagte am Montag."
    assert notes.provenance(entry) is None
    assert entry.tcomment.startswith("loc: edited by a person; machine origin was engine=pseudo")


def test_a_reviewed_translation_carried_over_as_a_fuzzy_match_says_so(project):
    _approve_all(project, prefix="DE: ")
    source = project.config.sources / "note.txt"
    source.write_text(TEXT.replace("We will appeal it in court.", "We will appeal it in the court."))
    loc.extract(project)
    entry = _catalog(project).po.find("We will appeal it in the court.")
    assert entry.fuzzy and entry.previous_msgid == "We will appeal it in court."
    assert notes.provenance(entry).engine == "match"


def test_kept_counts_only_what_a_person_reviewed_or_edited(project):
    [first] = loc.translate(project, ["de"], engine="pseudo")
    [second] = loc.translate(project, ["de"], engine="pseudo")
    assert (first.translated, second.translated, second.kept, second.waiting) == (3, 0, 0, 3)
    _edit(project, "The board met on Monday.", "Der Vorstand tagte am Montag.", approve=False)
    _edit(project, "We disagree with the decision.", "⟦ungeprüft⟧", approve=True)
    [third] = loc.translate(project, ["de"], engine="pseudo")
    assert (third.kept, third.waiting) == (2, 1)
    loc.translate(project, ["en_XA"])
    [pseudo_locale] = loc.translate(project, ["en_XA"])
    assert (pseudo_locale.kept, pseudo_locale.waiting) == (0, 3)


def test_retranslate_leaves_a_merges_fuzzy_match_alone_and_fuzzy_replaces_it(project):
    _approve_all(project, prefix="DE: ")
    source = project.config.sources / "note.txt"
    source.write_text(TEXT.replace("We will appeal it in court.", "We will appeal it in the court."))
    loc.extract(project)
    changed = "We will appeal it in the court."
    [retranslated] = loc.translate(project, ["de"], engine="pseudo", retranslate=True)
    entry = _catalog(project).po.find(changed)
    assert retranslated.sent == 0 and entry.msgstr == "DE: We will appeal it in court."
    assert entry.previous_msgid == "We will appeal it in court."
    [replaced] = loc.translate(project, ["de"], engine="pseudo", fuzzy=True)
    entry = _catalog(project).po.find(changed)
    assert replaced.sent == 1 and entry.msgstr.startswith("⟦") and entry.previous_msgid is None


def test_an_edited_sentence_after_a_machine_suggestion_is_translated_again_with_fuzzy(project):
    loc.translate(project, ["de"], engine="pseudo")
    source = project.config.sources / "note.txt"
    source.write_text(TEXT.replace("We will appeal it in court.", "We will appeal it in the court."))
    loc.extract(project)
    changed = "We will appeal it in the court."
    assert notes.provenance(_catalog(project).po.find(changed)).engine == "match"
    [plain] = loc.translate(project, ["de"], engine="pseudo")
    assert plain.sent == 0  # a fuzzy match is the translator's call unless asked
    before = _catalog(project).po.find(changed).msgstr  # the pseudo text of the old sentence
    [asked] = loc.translate(project, ["de"], engine="pseudo", fuzzy=True)
    entry = _catalog(project).po.find(changed)
    assert asked.sent == 1 and entry.msgstr.startswith("⟦") and entry.msgstr != before
    assert notes.provenance(entry).engine == "pseudo" and entry.previous_msgid is None


def test_a_hand_edited_score_is_read_as_no_score_without_a_traceback(project):
    loc.translate(project, ["de"], engine="pseudo")
    found = _catalog(project)
    for entry in found.po:  # suggestions of a scoring engine, one score edited by hand
        entry.tcomment = entry.tcomment.replace("engine=pseudo", "engine=argos score=-0.2")
    entry = found.po.find("The board met on Monday.")
    entry.tcomment = entry.tcomment.replace("score=-0.2", "score=-0.31,ok")
    found.save()
    queue = loc.status(project, ["de"], review=3).review
    assert [item.score for item in queue] == [-0.2, -0.2, None]
    assert loc.translate(project, ["de"], engine="pseudo", retranslate=True)[0].sent == 3
    result = _cli(project, "status", "--review", "3")
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_the_pot_header_names_the_project_not_the_folder(project):
    pot = (project.config.locales / "note.pot").read_text(encoding="utf-8")
    assert '"Project-Id-Version: note\\n"' in pot
