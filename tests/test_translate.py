"""`loc translate` end to end: the real engines (a tiny real Argos package built from the
project's own statement, and the pseudo engine) filling real PO files."""

from __future__ import annotations

import shutil

import polib
import pytest
from conftest import loc, make_project
from typer.testing import CliRunner

from loc import config
from loc.catalog import notes
from loc.catalog import po as pofile
from loc.engines import create
from loc.engines.argos import packages
from loc.project import Project
from loc.steps import translate

runner = CliRunner()
PYPROJECT = """\
[tool.loc]
languages = ["de", "fr"]
glossary = "glossary.tbx"
"""


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path / "press", PYPROJECT, glossary=True)
    assert loc(root, "extract").exit_code == 0
    return root


def catalog(root, lang="de"):
    return pofile.load(root / "locales" / lang / "LC_MESSAGES" / "statement.po").po


def save(root, po, lang="de"):
    """A person saves `po` over the catalog as it is on disk."""
    loaded = pofile.load(root / "locales" / lang / "LC_MESSAGES" / "statement.po")
    loaded.po = po
    loaded.save()


def test_every_untranslated_entry_becomes_a_fuzzy_suggestion_with_provenance_and_score(project, en_de):
    result = loc(project, "translate", "--lang", "de")
    assert result.exit_code == 0, result.output
    assert "de: 29 translated" in result.output
    for entry in catalog(project):
        assert entry.msgstr == entry.msgid  # the copy model: a real tokenizer and engine round trip
        assert entry.flags == ["fuzzy"]
        origin = notes.provenance(entry)
        assert (origin.engine, origin.model) == ("argos", "translate-en_de@1.0")
        assert origin.score is not None and origin.score <= 0
        assert origin.digest == notes.digest(entry.msgstr)


def test_reviewed_and_human_edited_entries_are_never_touched(project, en_de):
    po = catalog(project)
    po[0].msgstr = "Wir sind enttäuscht."  # reviewed
    po[1].msgstr, po[1].flags = "Entwurf von Ana.", ["fuzzy"]  # a person's draft, no provenance
    save(project, po)
    loc(project, "translate", "--lang", "de")
    po = catalog(project)
    assert (po[1].msgstr, po[1].flags) == ("Entwurf von Ana.", ["fuzzy"])
    po[2].msgstr = "Bearbeitet."  # a person edits a machine suggestion but leaves it fuzzy
    save(project, po)
    before = (project / "locales" / "de" / "LC_MESSAGES" / "statement.po").read_bytes()
    result = loc(project, "translate", "--lang", "de", "--retranslate")
    assert result.exit_code == 0
    after = catalog(project)
    assert (after[0].msgstr, after[0].flags) == ("Wir sind enttäuscht.", [])
    assert (after[2].msgstr, after[2].flags) == ("Bearbeitet.", ["fuzzy"])
    # the machine origin it no longer matches is history now, and says so
    assert after[2].tcomment.startswith("loc: edited by a person; machine origin was engine=argos")
    changed = (project / "locales" / "de" / "LC_MESSAGES" / "statement.po").read_bytes()
    assert changed.replace(b"# loc: edited by a person; machine origin was", b"# loc: origin") == before
    assert loc(project, "translate", "--lang", "de", "--retranslate").exit_code == 0
    assert (project / "locales" / "de" / "LC_MESSAGES" / "statement.po").read_bytes() == changed


def test_retranslate_redoes_unedited_suggestions_only(project, en_de, build_package):
    loc(project, "translate", "--lang", "de")
    packages.install_file(build_package("en", "de", "2.0"))
    result = loc(project, "translate", "--lang", "de", "--retranslate")
    assert "29 translated" in result.output
    assert all("model=translate-en_de@2.0" in e.tcomment for e in catalog(project))


@pytest.mark.parametrize("engine, lang", [("argos", "de"), ("apertium", "es")])
def test_translation_is_deterministic(project, en_de, tmp_path, engine, lang):
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    for root in (project, copy):
        result = loc(root, "translate", "--lang", lang, "--engine", engine)
        assert result.exit_code == 0, result.output
        assert f"{lang}: 29 translated" in result.output
    assert all(e.msgstr and "fuzzy" in e.flags for e in catalog(project, lang))
    path = f"locales/{lang}/LC_MESSAGES/statement.po"
    assert (project / path).read_bytes() == (copy / path).read_bytes()


def test_an_interrupted_run_leaves_valid_files_and_the_next_run_finishes_without_redoing(
    project, en_de, monkeypatch
):
    monkeypatch.setattr(translate, "CHUNK", 5)
    monkeypatch.setattr(translate, "SAVE_EVERY", 0)
    proj = Project(config.load(project))
    real = create("argos", "en", "de")
    seen: list[str] = []

    class Interrupted:
        """The real engine, with Ctrl-C arriving during its third batch."""

        name, model = real.name, real.model

        def translate(self, texts):
            if len(seen) >= 10:
                raise KeyboardInterrupt
            seen.extend(texts)
            return real.translate(texts)

    with pytest.raises(KeyboardInterrupt):
        translate.translate_language(proj, "de", Interrupted())
    partial = catalog(project)
    assert sum(1 for e in partial if e.msgstr) == 10
    finishing = []

    class Counting(Interrupted):
        def translate(self, texts):
            finishing.extend(texts)
            return real.translate(texts)

    translate.translate_language(proj, "de", Counting())
    assert all(e.msgstr for e in catalog(project))
    assert not set(seen) & set(finishing)
    assert len(seen) + len(finishing) == 29


def test_without_a_model_and_offline_the_error_names_both_ways_to_install(project, argos_packages):
    result = loc(project, "translate", "--lang", "de")
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "loc models install de" in line and "loc models install ./translate-en_de.argosmodel" in line


@pytest.mark.parametrize("engine, lang", [("argos", "de"), ("apertium", "es")])
def test_do_not_translate_names_come_out_byte_identical(project, en_de, engine, lang):
    assert loc(project, "translate", "--lang", lang, "--engine", engine).exit_code == 0
    names = 0
    for entry in catalog(project, lang):
        assert entry.msgstr
        for name in ("Binance.US", "Binance", "SEC"):
            assert entry.msgstr.count(name) == entry.msgid.count(name), (name, entry.msgstr)
            names += entry.msgid.count(name)
    assert names >= 20


def test_pseudo_goes_to_the_pseudo_locale_and_needs_no_review(project):
    result = loc(project, "translate", "--lang", "en-XA")
    assert result.exit_code == 0, result.output
    po = catalog(project, "en_XA")
    assert po.metadata["Language"] == "en_XA"
    for entry in po:
        assert entry.msgstr != entry.msgid and entry.flags == []
        assert "engine=pseudo" in entry.tcomment
        assert entry.msgstr.count("Binance") == entry.msgid.count("Binance")


def test_pseudo_suggestions_in_a_real_language_are_replaced_by_the_next_real_engine_run(project, en_de):
    loc(project, "translate", "--lang", "de", "--engine", "pseudo")
    assert all("engine=pseudo" in e.tcomment and e.flags == ["fuzzy"] for e in catalog(project))
    loc(project, "translate", "--lang", "de")
    assert all("engine=argos" in e.tcomment and e.msgstr == e.msgid for e in catalog(project))


def test_a_sentence_reviewed_in_another_document_is_reused_and_marked(project, en_de):
    (project / "source" / "note.txt").write_text(
        "We are extremely disappointed with this decision. Thanks.\n"
    )
    loc(project, "extract")
    po = catalog(project)
    entry = po.find("We are extremely disappointed with this decision.")
    entry.msgstr = "Wir sind äußerst enttäuscht über diese Entscheidung."
    save(project, po)
    result = loc(project, "translate", "--lang", "de")
    assert "1 reused" in result.output
    note = pofile.load(project / "locales" / "de" / "LC_MESSAGES" / "note.po").po
    reused = note.find("We are extremely disappointed with this decision.")
    assert reused.msgstr == "Wir sind äußerst enttäuscht über diese Entscheidung."
    assert "fuzzy" in reused.flags and "engine=memory" in reused.tcomment


def test_surrounding_whitespace_and_line_breaks_stay_in_place(project, en_de):
    po = catalog(project)
    po.append(polib.POEntry(msgid="  We are safe.\nWe are secure.  ", msgstr=""))
    save(project, po)
    loc(project, "translate", "--lang", "de")
    assert (
        catalog(project).find("  We are safe.\nWe are secure.  ").msgstr == "  We are safe.\nWe are secure.  "
    )


def test_suspicious_output_is_flagged_for_the_reviewer():
    assert translate._suspicious("We will fight.", "Wir werden werden werden werden kämpfen.") == [
        "repeated=werden"
    ]
    assert translate._suspicious("A long enough sentence to judge.", "Kurz.") == ["length-ratio=0.16"]
    assert translate._suspicious("We will fight.", "Wir werden kämpfen") == ["lost-final-punctuation"]
    assert translate._suspicious("We will fight.", "Wir werden kämpfen.") == []


def test_status_lists_what_to_review_first(project, en_de):
    loc(project, "translate", "--lang", "de")
    po = catalog(project)
    po[5].tcomment += "\nloc: warning repeated=the"
    save(project, po)
    result = loc(project, "status", "--lang", "de", "--review", "3")
    lines = [line for line in result.output.splitlines() if "statement.po:" in line]
    assert len(lines) == 3 and "repeated=the" in lines[0]


@pytest.mark.parametrize("engine, lang", [("argos", "de"), ("pseudo", "en_XA"), ("apertium", "es")])
def test_every_protected_token_comes_out_byte_identical_or_flagged(project, en_de, engine, lang):
    from loc import glossary, protect

    terms = glossary.load(project / "glossary.tbx").dnt_terms
    (project / "source" / "links.txt").write_text(
        "Read https://www.binance.com/en/terms.html or write to press@binance.com.\n"
        "Moved %(count)s <b>BNB</b> tokens to {wallet} on Binance.US today.\n"
    )
    loc(project, "extract")
    assert loc(project, "translate", "--lang", lang, "--engine", engine).exit_code == 0
    protected = 0
    entries = [
        *catalog(project, lang),
        *pofile.load(project / "locales" / lang / "LC_MESSAGES" / "links.po").po,
    ]
    for entry in entries:
        for span in protect.find(entry.msgid, terms):
            protected += 1
            kept = entry.msgstr.count(span.text) >= entry.msgid.count(span.text)
            assert kept or notes.MASK in entry.tcomment, (span.text, entry.msgstr)
    assert protected >= 28


def test_fuzzy_matches_from_a_merge_are_left_for_the_reviewer_unless_asked(project, en_de):
    po = catalog(project)
    for entry in po:
        entry.msgstr = "Geprüft."
    save(project, po)
    source = project / "source" / "statement.txt"
    text = source.read_text()
    source.write_text(text.replace("We are extremely disappointed", "We are deeply disappointed"))
    loc(project, "extract")
    changed = "We are deeply disappointed with this decision."
    merged = catalog(project).find(changed)
    assert (merged.msgstr, merged.flags, merged.previous_msgid is not None) == ("Geprüft.", ["fuzzy"], True)
    assert "0 translated" in loc(project, "translate", "--lang", "de").output
    assert catalog(project).find(changed).msgstr == "Geprüft."
    assert "1 translated" in loc(project, "translate", "--lang", "de", "--fuzzy").output
    redone = catalog(project).find(changed)
    assert (redone.msgstr, redone.flags, redone.previous_msgid) == (changed, ["fuzzy"], None)
    assert "engine=argos" in redone.tcomment
