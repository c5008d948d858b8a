"""The catalog model: msgmerge semantics on inline catalogs, and statistics."""

from __future__ import annotations

import polib
import pytest

from loc.catalog import model as catalog
from loc.catalog import notes


def pot(*msgids: str) -> polib.POFile:
    po = polib.POFile()
    po.extend(polib.POEntry(msgid=m, occurrences=[("source/a.txt", "")]) for m in msgids)
    return po


def po(*entries: polib.POEntry) -> polib.POFile:
    result = polib.POFile()
    result.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    result.extend(entries)
    return result


def merge(old: polib.POFile, template: polib.POFile, threshold: float = 0.6):
    return catalog.merge(old, template, source_lang="en", threshold=threshold)


def test_an_unchanged_sentence_keeps_its_translation_flags_and_comments():
    old = po(
        polib.POEntry(
            msgid="We are safe.", msgstr="Wir sind sicher.", tcomment="checked by Ana", flags=["fuzzy"]
        )
    )
    merged, report = merge(old, pot("We are safe."))
    [entry] = merged
    assert (entry.msgstr, entry.tcomment, entry.flags) == ("Wir sind sicher.", "checked by Ana", ["fuzzy"])
    assert entry.occurrences == [("source/a.txt", "")]
    assert report.kept == 1


def test_a_changed_sentence_gets_the_old_translation_as_a_fuzzy_suggestion_with_the_previous_msgid():
    old = po(
        polib.POEntry(msgid="All user assets are safe and secure.", msgstr="Alle Vermögenswerte sind sicher.")
    )
    merged, report = merge(old, pot("All user assets are safe and very secure."))
    live = [e for e in merged if not e.obsolete]
    assert live[0].msgstr == "Alle Vermögenswerte sind sicher."
    assert "fuzzy" in live[0].flags
    assert live[0].previous_msgid == "All user assets are safe and secure."
    assert report.fuzzy == 1


def test_a_removed_translated_sentence_becomes_obsolete_and_an_untranslated_one_disappears():
    old = po(
        polib.POEntry(msgid="Gone and translated.", msgstr="Weg."),
        polib.POEntry(msgid="Gone, never translated.", msgstr=""),
    )
    merged, report = merge(old, pot("Something else entirely, about weather."))
    obsolete = [e for e in merged if e.obsolete]
    assert [e.msgid for e in obsolete] == ["Gone and translated."]
    assert "Gone, never translated." not in [e.msgid for e in merged]
    assert report.obsolete == 1


def test_a_sentence_that_comes_back_is_restored_from_its_obsolete_entry():
    old = po(polib.POEntry(msgid="We will fight.", msgstr="Wir werden kämpfen.", obsolete=True))
    merged, report = merge(old, pot("We will fight."))
    [entry] = merged
    assert (entry.obsolete, entry.msgstr, entry.flags) == (False, "Wir werden kämpfen.", [])
    assert report.restored == 1


def test_a_new_sentence_comes_in_untranslated():
    merged, report = merge(po(), pot("Brand new."))
    assert [(e.msgid, e.msgstr) for e in merged] == [("Brand new.", "")]
    assert report.new == 1


@pytest.mark.parametrize(
    "before, after",
    [
        (
            "Any claims that user assets were at risk are true.",
            "Any claims that user assets were at risk are not true.",
        ),
        ("The SEC fined the exchange 4 million dollars.", "The SEC fined the exchange 40 million dollars."),
        ("We can comply with the rules.", "We can't comply with the rules."),
    ],
)
def test_no_fuzzy_suggestion_when_a_negation_or_number_changed(before, after):
    old = po(polib.POEntry(msgid=before, msgstr="ÜBERSETZUNG"))
    merged, report = merge(old, pot(after))
    live = [e for e in merged if not e.obsolete]
    assert live[0].msgstr == ""
    assert "fuzzy" not in live[0].flags
    assert notes.VETO in live[0].tcomment and "ÜBERSETZUNG" in live[0].tcomment
    assert report.vetoed == 1 and report.fuzzy == 0


def test_the_threshold_is_respected():
    old = po(polib.POEntry(msgid="The regulator acted today.", msgstr="Die Aufsicht handelte heute."))
    assert merge(old, pot("The regulator acted today in court."), threshold=0.95)[1].fuzzy == 0
    assert merge(old, pot("The regulator acted today in court."), threshold=0.6)[1].fuzzy == 1


def test_entries_follow_the_template_order_and_obsolete_ones_come_last():
    old = po(
        polib.POEntry(msgid="B.", msgstr="b"),
        polib.POEntry(msgid="Old.", msgstr="alt"),
        polib.POEntry(msgid="A.", msgstr="a"),
    )
    merged, _ = merge(old, pot("A.", "B.", "C is new and long enough."))
    assert [(e.msgid, e.obsolete) for e in merged] == [
        ("A.", False),
        ("B.", False),
        ("C is new and long enough.", False),
        ("Old.", True),
    ]


def test_merge_leaves_no_fuzzy_header():
    old = po()
    old.metadata_is_fuzzy = True
    merged, _ = merge(old, pot("A."))
    assert merged.metadata_is_fuzzy is False


def test_stats_count_like_msgfmt():
    entries = [
        polib.POEntry(msgid="", msgstr="Language: de\n"),
        polib.POEntry(msgid="One two.", msgstr="Eins zwei."),
        polib.POEntry(msgid="Three four five.", msgstr="Drei.", flags=["fuzzy"]),
        polib.POEntry(msgid="Six.", msgstr="", flags=["fuzzy"]),
        polib.POEntry(msgid="Seven.", msgstr=""),
        polib.POEntry(msgid="Gone.", msgstr="Weg.", obsolete=True),
    ]
    stats = catalog.stats(entries)
    assert (stats.translated, stats.fuzzy, stats.untranslated, stats.total) == (1, 1, 2, 4)
    assert dict(stats.words) == {"translated": 2, "fuzzy": 3, "untranslated": 2}
    assert stats.percent == 25.0


def test_each_entry_state_is_read_from_the_entry_alone():
    from loc.catalog import notes
    from loc.catalog.model import State, state
    from loc.catalog.notes import Provenance, digest, mark_edited, set_origin

    def entry(msgstr="", flags=(), engine=None, previous=None):
        made = polib.POEntry(msgid="Fees rose.", msgstr=msgstr, flags=list(flags), previous_msgid=previous)
        if engine:
            set_origin(made, Provenance(engine, "", None, digest(msgstr)))
        return made

    edited = entry("Gebühren stiegen", ["fuzzy"], "argos")
    edited.msgstr = "Die Gebühren stiegen."
    approved_edit = entry("Gebühren stiegen", ["fuzzy"], "apertium")
    approved_edit.msgstr, approved_edit.flags = "Die Gebühren stiegen.", []
    marked_match = entry("Gebühren fielen.", ["fuzzy"], previous="Fees fell.")
    marked_match.msgstr = "Die Gebühren stiegen."
    set_origin(marked_match, Provenance("match", "", None, digest("Gebühren fielen.")))
    mark_edited(marked_match)
    assert [
        state(e)
        for e in (
            entry(),
            entry("Gebühren stiegen.", ["fuzzy"], "argos"),
            entry("Gebühren stiegen.", ["fuzzy"], "match", previous="Fees fell."),
            entry("Gebühren stiegen.", ["fuzzy"], previous="Fees fell."),  # msgmerge's, unmarked
            entry("Gebühren stiegen.", ["fuzzy"], "memory"),
            edited,
            marked_match,  # a person changed the match: theirs now
            entry("Gebühren stiegen.", ["fuzzy"]),  # a translator's own "needs work"
            entry("Gebühren stiegen.", [], "argos"),  # approved as the engine wrote it
            approved_edit,
            entry("⟦Fééš ŕóśé.⟧", ["fuzzy"], "pseudo"),
            entry("⟦Fééš ŕóśé.⟧", [], "pseudo"),  # approved pseudo text is still pseudo
        )
    ] == [
        State.UNTRANSLATED,
        State.SUGGESTION,
        State.FUZZY_MATCH,
        State.FUZZY_MATCH,
        State.MEMORY,
        State.EDITED,
        State.EDITED,
        State.EDITED,
        State.REVIEWED,
        State.REVIEWED,
        State.PSEUDO,
        State.PSEUDO,
    ]
    conflict = entry("Gebühren stiegen.", ["fuzzy"], "argos")
    notes.conflict(conflict, polib.POEntry(msgid="Fees rose.", msgstr="Die Gebühren stiegen."), "theirs")
    assert state(conflict) is State.CONFLICT and not State.CONFLICT.awaits_review
    assert [s for s in State if s.awaits_review] == [
        State.SUGGESTION, State.FUZZY_MATCH, State.MEMORY, State.EDITED
    ]  # fmt: skip


def test_a_frozen_catalog_keeps_bytes_not_entries_and_a_persons_save_still_wins(tmp_path):
    """extract freezes each merged catalog until it writes them all: the entries go, the
    bytes stay, and the save still reconciles with a person's save made meanwhile."""
    from loc.catalog import po

    made = polib.POFile()
    made.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for n in range(3):
        made.append(polib.POEntry(msgid=f"Sentence {n}.", msgstr=f"Satz {n}."))
    path = tmp_path / "de.po"
    path.write_text(po.dumps(made), encoding="utf-8")
    ours = po.load(path)
    ours.po[0].msgstr = "Unser Satz 0."
    expected = ours.pending()
    ours.freeze()
    assert "po" not in ours.__dict__ and ours.pending() == expected
    theirs = po.load(path)
    theirs.po[2].msgstr = "Ihr Satz 2."
    theirs.save()
    assert ours.save()
    saved = {e.msgid: e.msgstr for e in po.load(path).po}
    assert saved == {"Sentence 0.": "Unser Satz 0.", "Sentence 1.": "Satz 1.", "Sentence 2.": "Ihr Satz 2."}
    assert [e.msgstr for e in ours.po] == ["Unser Satz 0.", "Satz 1.", "Ihr Satz 2."]
