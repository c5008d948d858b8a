"""model.merge3, the rules behind `loc merge-driver`, on inline catalogs; and the driver's
command-line contract on files."""

from __future__ import annotations

import polib
from gettext_tools import msgcat, msgfmt_check

from loc.catalog import model, notes, po


def driver(*args: str):
    """`loc merge-driver ARGS`, as git runs it (no project folder)."""
    from typer.testing import CliRunner

    from loc.cli import app

    return CliRunner().invoke(app, ["merge-driver", *args])


def catalog(*entries: polib.POEntry, **header: str) -> polib.POFile:
    result = polib.POFile()
    result.metadata = {"Content-Type": "text/plain; charset=UTF-8", **header}
    for entry in entries:
        result.append(entry)
    return result


def entry(msgid: str, msgstr: str = "", *flags: str, **fields) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), **fields)


def suggestion(msgid: str, msgstr: str) -> polib.POEntry:
    made = entry(msgid, msgstr, "fuzzy")
    notes.set_origin(made, notes.Provenance("argos", "m@1", -0.4, notes.digest(msgstr)))
    return made


def texts(po_file: polib.POFile) -> dict[str, tuple[str, bool, bool]]:
    return {e.msgid: (e.msgstr, e.fuzzy, e.obsolete) for e in po_file}


def test_an_entry_changed_on_one_side_takes_that_side_and_the_same_change_merges_clean():
    base = catalog(entry("a", "A", "fuzzy"), entry("b"), entry("c"))
    ours = catalog(entry("a", "A"), entry("b", "B"), entry("c"))
    theirs = catalog(entry("a", "A"), entry("b"), entry("c", "C"))
    merged = model.merge3(base, ours, theirs)
    assert merged.conflicts == []
    assert texts(merged.po) == {"a": ("A", False, False), "b": ("B", False, False), "c": ("C", False, False)}


def test_a_person_translation_wins_over_an_untouched_machine_suggestion_without_conflict():
    base = catalog(entry("a"))
    merged = model.merge3(base, catalog(suggestion("a", "MT")), catalog(entry("a", "Person")))
    assert merged.conflicts == []
    assert texts(merged.po) == {"a": ("Person", False, False)}


def test_a_reference_change_and_a_review_of_the_same_entry_both_survive():
    base = catalog(entry("a", "A", "fuzzy", occurrences=[("doc.txt", "")]))
    ours = catalog(entry("a", "A", "fuzzy", occurrences=[("moved.txt", "")]))  # an extract
    theirs = catalog(entry("a", "A", occurrences=[("doc.txt", "")]))  # a review
    merged = model.merge3(base, ours, theirs).po
    assert (merged[0].occurrences, merged[0].fuzzy) == ([("moved.txt", "")], False)


def test_a_removed_sentence_translated_on_the_other_side_is_kept_obsolete():
    base = catalog(entry("a"), entry("b"))
    merged = model.merge3(base, catalog(entry("b")), catalog(entry("a", "A"), entry("b"))).po
    assert texts(merged) == {"a": ("A", False, True), "b": ("", False, False)}


def test_entries_only_theirs_has_land_next_to_their_neighbour():
    base = catalog(entry("a"), entry("c"))
    theirs = catalog(entry("a"), entry("b"), entry("c"))
    merged = model.merge3(base, catalog(entry("a"), entry("c")), theirs).po
    assert [e.msgid for e in merged] == ["a", "b", "c"]


def test_save_stamps_come_from_the_newest_save_and_other_header_fields_merge_like_entries():
    base = catalog(**{"PO-Revision-Date": "2026-01-01 10:00+0000", "Language-Team": "German"})
    ours = catalog(
        **{"PO-Revision-Date": "2026-01-02 10:00+0200", "Last-Translator": "Ann", "Language-Team": "Deutsch"}
    )
    theirs = catalog(
        **{
            "PO-Revision-Date": "2026-01-02 09:00+0000",  # later than 10:00+0200
            "Last-Translator": "Bea",
            "X-Generator": "Poedit 3.4",
            "Language-Team": "German",
        }
    )
    header = model.merge3(base, ours, theirs).po.metadata
    assert header["PO-Revision-Date"] == "2026-01-02 09:00+0000"
    assert (header["Last-Translator"], header["X-Generator"]) == ("Bea", "Poedit 3.4")
    assert header["Language-Team"] == "Deutsch"


def test_a_real_conflict_keeps_ours_fuzzy_and_theirs_in_a_note_for_plural_forms_too():
    forms = {"msgid_plural": "%d files", "msgstr_plural": {0: "", 1: ""}}
    base = catalog(entry("%d file", **forms))
    ours = catalog(entry("%d file", msgid_plural="%d files", msgstr_plural={0: "%d Datei", 1: "%d Dateien"}))
    theirs = catalog(
        entry("%d file", msgid_plural="%d files", msgstr_plural={0: "%d Akte", 1: "%d Akten\nneu"})
    )
    merged = model.merge3(base, ours, theirs)
    assert len(merged.conflicts) == 1
    result = merged.po[0]
    assert (model.state(result) is model.State.CONFLICT) and result.msgstr_plural == {
        0: "%d Datei",
        1: "%d Dateien",
    }
    assert notes.conflict_other(result) == ["%d Akte", "%d Akten\nneu"]
    result.flags.remove("fuzzy")  # a person chose
    assert model.state(result) is not model.State.CONFLICT


def test_a_conflicting_catalog_is_valid_gettext_and_survives_msgcat(tmp_path):
    path = tmp_path / "x.po"
    base = catalog(entry('Say "hi".', 'Sag "hi".'), Language="de")
    ours = catalog(entry('Say "hi".', "Sag \\ hallo."), Language="de")
    theirs = catalog(entry('Say "hi".', "Grüß\tdich,\r\nFreund."), Language="de")
    path.write_text(po.dumps(model.merge3(base, ours, theirs).po), encoding="utf-8")
    assert msgfmt_check(path).returncode == 0
    assert msgcat(path) == path.read_bytes()
    assert notes.conflict_other(po.load(path).po[0]) == ["Grüß\tdich,\r\nFreund."]


def test_merge_driver_writes_the_result_into_ours_and_exits_1_on_a_conflict(tmp_path):
    files = {}
    for name, text in (("base", ""), ("ours", "Eins"), ("theirs", "Zwei")):
        files[name] = tmp_path / f"{name}.po"
        files[name].write_text(po.dumps(catalog(entry("One.", text), Language="de")), encoding="utf-8")
    result = driver(*(str(files[n]) for n in ("base", "ours", "theirs")), "de/x.po")
    assert result.exit_code == 1
    assert "loc: conflict in de/x.po: 'One.'" in result.stderr
    merged = po.load(files["ours"]).po[0]
    assert (merged.msgstr, model.state(merged) is model.State.CONFLICT) == ("Eins", True)
    assert notes.conflict_other(merged) == ["Zwei"]


def test_merge_driver_merges_a_pot_added_on_both_sides_with_no_base(tmp_path):
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    base.write_bytes(b"")
    ours.write_text(po.dumps(catalog(entry("a"), entry("b"))), encoding="utf-8")
    theirs.write_text(po.dumps(catalog(entry("a"), entry("c"))), encoding="utf-8")
    assert driver(str(base), str(ours), str(theirs)).exit_code == 0
    assert [e.msgid for e in po.load(ours).po] == ["a", "c", "b"]  # c follows a, as on its side


def test_merge_driver_names_a_side_with_conflict_markers_by_its_repository_path(tmp_path):
    sides = [tmp_path / name for name in ("base", "ours", "theirs")]
    for side in sides:
        side.write_text('msgid "a"\nmsgstr ""\n')
    sides[2].write_text('<<<<<<< HEAD\nmsgid "a"\nmsgstr ""\n')
    result = driver(*map(str, sides), "locales/x.po")
    assert result.exit_code == 1
    assert result.stderr.startswith("loc: error: locales/x.po:1: unresolved git merge conflict")


# ---- extract's merge: the old sentence kept only for a person's work ------------------------


def test_a_vetoed_match_keeps_the_old_sentence_obsolete_only_when_it_was_reviewed():
    pot = catalog(entry("We paid 6 dollars."))
    for old, kept in (
        (suggestion("We paid 5 dollars.", "MT"), []),
        (entry("We paid 5 dollars.", "5 $"), ["5 $"]),
    ):
        merged, report = model.merge(catalog(old), pot, source_lang="en", threshold=0.6)
        assert report.vetoed == 1
        assert [e.msgstr for e in merged if e.obsolete] == kept
