"""XLIFF round trip for CAT tools: `loc export --format xliff`, an edit elsewhere, `loc import`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import loc
from gettext_tools import msgfmt_check
from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

import loc as api
from loc.catalog import po

SOURCE = """\
The report is ready. Fees rose 5% in March.

We never share your data. Thank you for reading.
"""


def _project(root: Path) -> tuple[api.Project, Path]:
    """Four pseudo suggestions; "The report is ready." approved by a reviewer."""
    (root / "source").mkdir(parents=True)
    (root / "source" / "news.txt").write_text(SOURCE, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = api.open(root)
    api.extract(project)
    api.translate(project, ["de"], engine="pseudo")
    path = project.po_path("de", "news")
    catalog = po.load(path)
    for entry in catalog.po:
        if entry.msgid == "The report is ready.":
            entry.msgstr = "Der Bericht ist fertig."
            entry.flags.remove("fuzzy")
    catalog.save()
    return project, path


def _blocks(path: Path) -> dict[str, str]:
    """Each entry's lines as written, by msgid."""
    return {block.split('msgid "', 1)[1].split('"', 1)[0]: block for block in path.read_text().split("\n\n")}


def _entry(path: Path, msgid: str):
    return next(e for e in po.load(path).po if e.msgid == msgid)


def test_export_writes_states_and_notes_as_xliff_1_2(tmp_path):
    _project(tmp_path)
    result = loc(tmp_path, "export", "--format", "xliff", "--lang", "de")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "build" / "export" / "de.xlf").read_bytes()
    store = tt_xliff.xlifffile.parsestring(data)
    assert b'version="1.2"' in data and b"urn:oasis:names:tc:xliff:document:1.2" in data
    units = {unit.source: unit for unit in store.units}
    assert set(units) == {
        "The report is ready.",
        "Fees rose 5% in March.",
        "We never share your data.",
        "Thank you for reading.",
    }
    reviewed, suggestion = units["The report is ready."], units["Fees rose 5% in March."]
    assert reviewed.isapproved() and reviewed.getlanguageNode(index=1).get("state") == "translated"
    assert not suggestion.isapproved()
    assert suggestion.getlanguageNode(index=1).get("state") == "needs-review-translation"
    assert "loc: origin engine=pseudo" in suggestion.getnotes("loc")
    assert "check pseudo (error): pseudo-engine placeholder" in suggestion.getnotes("loc-check")
    assert suggestion.getnotes("location") == "locales/de/LC_MESSAGES/news.po:18"


def test_xliff_edits_from_a_cat_tool_and_by_hand_arrive_and_nothing_else_changes(tmp_path):
    project, path = _project(tmp_path)
    before = _blocks(path)
    api.export(project, "xliff", ["de"])
    exported = tmp_path / "build" / "export" / "de.xlf"
    # another tool built on translate-toolkit: a new target (still to review), an approval
    store = tt_xliff.xlifffile.parsestring(exported.read_bytes())
    for unit in store.units:
        if unit.source == "Fees rose 5% in March.":
            unit.target = "Die Gebühren stiegen im März um 5 %."  # translate-toolkit: translated
            unit.markreviewneeded(True)  # the tool's "to review"
        elif unit.source == "We never share your data.":
            unit.target = "Wir geben Ihre Daten nie weiter."
            unit.markfuzzy(False)  # approved="yes", state translated
    exported.write_bytes(bytes(store))
    # and a person in a text editor: a translation typed in, approved
    text = exported.read_text(encoding="utf-8")
    unit = text.index("<source>Thank you for reading.</source>")
    start = text.index('<target state="needs-review-translation">', unit)
    end = text.index("</target>", start)
    text = text[:start] + '<target state="translated">Danke fürs Lesen.' + text[end:]
    exported.write_text(text, encoding="utf-8")

    result = loc(tmp_path, "import", str(exported))
    assert result.exit_code == 0, result.output
    assert "de: 3 applied, 1 unchanged, 0 conflict(s)" in result.output

    fees = _entry(path, "Fees rose 5% in March.")
    assert (fees.msgstr, "fuzzy" in fees.flags) == ("Die Gebühren stiegen im März um 5 %.", True)
    share = _entry(path, "We never share your data.")
    assert (share.msgstr, "fuzzy" in share.flags) == ("Wir geben Ihre Daten nie weiter.", False)
    thanks = _entry(path, "Thank you for reading.")
    assert (thanks.msgstr, "fuzzy" in thanks.flags) == ("Danke fürs Lesen.", False)
    assert "loc: edited by a person; machine origin was engine=pseudo" in thanks.tcomment
    after = _blocks(path)
    assert after[""] == before[""]
    assert after["The report is ready."] == before["The report is ready."]  # byte-identical
    assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr


def test_xliff_import_keeps_a_po_side_edit_made_since_the_export(tmp_path):
    project, path = _project(tmp_path)
    api.export(project, "xliff", ["de"])
    exported = tmp_path / "build" / "export" / "de.xlf"
    # meanwhile, in Poedit: one suggestion fixed and approved, another fixed
    catalog = po.load(path)
    for entry in catalog.po:
        if entry.msgid == "Fees rose 5% in March.":
            entry.msgstr = "Die Gebühren stiegen im März um 5 %."
            entry.flags.remove("fuzzy")
        elif entry.msgid == "Thank you for reading.":
            entry.msgstr = "Danke."
    catalog.save()
    edited_in_poedit = _blocks(path)
    # and in the CAT tool: "Thank you for reading." changed too, nothing else
    store = tt_xliff.xlifffile.parsestring(exported.read_bytes())
    for unit in store.units:
        if unit.source == "Thank you for reading.":
            unit.target = "Vielen Dank fürs Lesen."
    exported.write_bytes(bytes(store))

    report = api.import_file(project, exported)

    assert report.applied == 0
    assert report.conflicts == ["locales/de/LC_MESSAGES/news.po:29 Thank you for reading."]
    assert _blocks(path) == edited_in_poedit  # the unedited units undid nothing either


def test_xliff_2_0_round_trip(tmp_path):
    project, path = _project(tmp_path)
    result = loc(tmp_path, "export", "--lang", "de", "--version", "2.0", "-o", str(tmp_path / "de2.xlf"))
    assert result.exit_code == 0, result.output
    store = tt_xliff2.Xliff2File.parsestring((tmp_path / "de2.xlf").read_bytes())
    units = {unit.source: unit for unit in store.units}
    assert units["The report is ready."].xmlelement.get("state") == "final"
    assert units["Fees rose 5% in March."].isfuzzy()  # state="initial" with a target
    units["Fees rose 5% in March."].target = "Die Gebühren stiegen im März um 5 %."
    units["Fees rose 5% in March."].xmlelement.set("state", "final")
    (tmp_path / "de2.xlf").write_bytes(bytes(store))

    report = api.import_file(project, tmp_path / "de2.xlf")

    assert (report.applied, report.unchanged) == (1, 3)
    fees = _entry(path, "Fees rose 5% in March.")
    assert (fees.msgstr, "fuzzy" in fees.flags) == ("Die Gebühren stiegen im März um 5 %.", False)
    assert msgfmt_check(path).returncode == 0


def test_xliff_import_of_a_broken_file_is_one_line_naming_it(tmp_path):
    _project(tmp_path)
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff version='1.2'><file>", encoding="utf-8")
    result = loc(tmp_path, "import", str(broken))
    assert result.exit_code == 1
    assert result.stderr.startswith("loc: error: ") and "broken.xlf" in result.stderr
    assert "not valid XML" in result.stderr


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_xliff_export_then_import_unchanged_changes_nothing(tmp_path, version):
    project, path = _project(tmp_path)
    before = path.read_bytes()
    (exported,) = api.export(project, "xliff", ["de"], version=version).files
    report = api.import_file(project, exported)
    assert (report.applied, report.unchanged, report.changed) == (0, 4, [])
    assert path.read_bytes() == before


def _po_side_edit(path: Path) -> dict[str, str]:
    """A reviewer approves a fixed "Fees rose" in Poedit after the export; the blocks as saved."""
    catalog = po.load(path)
    for entry in catalog.po:
        if entry.msgid == "Fees rose 5% in March.":
            entry.msgstr = "Die Gebühren stiegen im März um 5 %."
            entry.flags.remove("fuzzy")
    catalog.save()
    return _blocks(path)


def _cat_tool(exported: Path, edit) -> None:
    """The XLIFF as a CAT tool writes it back: "Fees rose" and the reviewed "The report is
    ready." retranslated, then `edit(tree)`."""
    tree = etree.fromstring(exported.read_bytes())
    for unit in tree.iter("{*}trans-unit"):
        if unit.find("{*}source").text == "Fees rose 5% in March.":
            unit.find("{*}target").text = "Gebühren: plus 5 % im März."
        elif unit.find("{*}source").text == "The report is ready.":
            unit.find("{*}target").text = "Der Bericht liegt vor."
    edit(tree)
    exported.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def _drop_base_notes(tree) -> None:
    for note in list(tree.iter("{*}note")):
        if note.get("from") == "loc-base":
            note.getparent().remove(note)


def _renumber(tree) -> None:
    """Ids of the tool's own, as some CAT tools write them."""
    for number, unit in enumerate(tree.iter("{*}trans-unit"), 1):
        unit.set("id", str(number))


def test_xliff_import_without_the_base_note_reports_a_newer_po_edit_as_a_conflict(tmp_path):
    project, path = _project(tmp_path)
    (exported,) = api.export(project, "xliff", ["de"]).files
    edited_in_poedit = _po_side_edit(path)
    _cat_tool(exported, _drop_base_notes)

    report = api.import_file(project, exported)

    assert (report.applied, len(report.conflicts)) == (1, 1)
    assert "Fees rose 5% in March." in report.conflicts[0]
    assert _blocks(path)["Fees rose 5% in March."] == edited_in_poedit["Fees rose 5% in March."]
    # the id still says what was exported: a reviewed entry nobody touched since takes the edit
    assert _entry(path, "The report is ready.").msgstr == "Der Bericht liegt vor."


def test_xliff_import_reads_the_base_note_when_a_tool_renames_from_to_category(tmp_path):
    project, path = _project(tmp_path)
    (exported,) = api.export(project, "xliff", ["de"]).files
    edited_in_poedit = _po_side_edit(path)

    def rename(tree) -> None:
        _renumber(tree)  # so only the note can tell
        for note in tree.iter("{*}note"):
            note.set("category", note.attrib.pop("from"))

    _cat_tool(exported, rename)

    report = api.import_file(project, exported)

    assert (report.applied, len(report.conflicts)) == (1, 1)
    assert _blocks(path)["Fees rose 5% in March."] == edited_in_poedit["Fees rose 5% in March."]
    assert _entry(path, "The report is ready.").msgstr == "Der Bericht liegt vor."


def test_xliff_import_without_any_base_changes_only_untouched_machine_suggestions(tmp_path):
    project, path = _project(tmp_path)
    (exported,) = api.export(project, "xliff", ["de"]).files

    def forget_the_base(tree) -> None:
        _drop_base_notes(tree)
        _renumber(tree)

    _cat_tool(exported, forget_the_base)

    report = api.import_file(project, exported)

    assert report.applied == 1  # "Fees rose": an unedited pseudo suggestion
    assert _entry(path, "Fees rose 5% in March.").msgstr == "Gebühren: plus 5 % im März."
    assert len(report.conflicts) == 1  # the reviewer's "Der Bericht ist fertig." stays
    assert _entry(path, "The report is ready.").msgstr == "Der Bericht ist fertig."
