"""TMX: reviewed pairs out for CAT tools, a memory in as fuzzy suggestions."""

from __future__ import annotations

from pathlib import Path

from conftest import loc
from gettext_tools import msgfmt_check
from translate.storage import tmx as tt_tmx

import loc as api
from loc.catalog import notes, po


def _project(root: Path, languages: str = '["de"]') -> api.Project:
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.txt").write_text("The report is ready. Fees rose in March.\n", encoding="utf-8")
    (root / "source" / "b.txt").write_text("Thank you for reading.\n", encoding="utf-8")
    (root / "pyproject.toml").write_text(f"[tool.loc]\nlanguages = {languages}\n")
    project = api.open(root)
    api.extract(project)
    return project


def _set(
    project: api.Project, lang: str, domain: str, msgid: str, msgstr: str, *, fuzzy: bool = False
) -> None:
    catalog = po.load(project.po_path(lang, domain))
    for entry in catalog.po:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
            if fuzzy:
                entry.flags.append("fuzzy")
    catalog.save()


def _pairs(path: Path) -> set[tuple[str, str, str]]:
    store = tt_tmx.tmxfile.parsestring(path.read_bytes())
    found = set()
    for unit in store.units:
        nodes = unit.getlanguageNodes()
        lang = nodes[1].get("{http://www.w3.org/XML/1998/namespace}lang")
        found.add((unit.source, unit.target, lang))
    return found


def test_tmx_export_holds_the_reviewed_pairs_of_every_document(tmp_path):
    project = _project(tmp_path)
    _set(project, "de", "a", "The report is ready.", "Der Bericht ist fertig.")
    _set(project, "de", "a", "Fees rose in March.", "Gebühren stiegen.", fuzzy=True)  # not reviewed
    _set(project, "de", "b", "Thank you for reading.", "Danke fürs Lesen.")
    result = loc(tmp_path, "export", "--format", "tmx", "--lang", "de")
    assert result.exit_code == 0, result.output
    assert _pairs(tmp_path / "build" / "export" / "de.tmx") == {
        ("The report is ready.", "Der Bericht ist fertig.", "de"),
        ("Thank you for reading.", "Danke fürs Lesen.", "de"),
    }


def test_tmx_export_without_a_language_holds_all_of_them(tmp_path):
    project = _project(tmp_path, '["de", "pt_BR"]')
    _set(project, "de", "b", "Thank you for reading.", "Danke fürs Lesen.")
    _set(project, "pt_BR", "b", "Thank you for reading.", "Obrigado pela leitura.")
    (exported,) = api.export(project, format="tmx").files
    path = project.config.root / exported
    assert path.name == "all.tmx"
    assert _pairs(path) == {
        ("Thank you for reading.", "Danke fürs Lesen.", "de"),
        ("Thank you for reading.", "Obrigado pela leitura.", "pt-BR"),
    }


def test_tmx_import_fills_untranslated_entries_as_fuzzy_memory_suggestions(tmp_path):
    project = _project(tmp_path)
    _set(project, "de", "a", "The report is ready.", "Bericht fertig (von Hand).")  # reviewed: stays
    memory = tt_tmx.tmxfile(sourcelanguage="en")
    memory.addtranslation("The report is ready.", "en", "Der Bericht ist fertig.", "de-DE")
    memory.addtranslation("Thank you for reading.", "en", "Danke fürs Lesen.", "de")
    memory.addtranslation("Fees rose in May.", "en", "Die Gebühren stiegen im Mai.", "de")
    path = tmp_path / "agency.tmx"
    path.write_bytes(bytes(memory))

    result = loc(tmp_path, "import", str(path))

    assert result.exit_code == 0, result.output
    assert "2 untranslated entries filled from agency.tmx" in result.output
    thanks = next(e for e in po.load(project.po_path("de", "b")).po if e.msgid == "Thank you for reading.")
    assert (thanks.msgstr, thanks.flags) == ("Danke fürs Lesen.", ["fuzzy"])
    assert notes.provenance(thanks) == notes.Provenance(
        "memory", "agency.tmx", None, notes.digest("Danke fürs Lesen.")
    )
    a = {e.msgid: e for e in po.load(project.po_path("de", "a")).po}
    assert a["The report is ready."].msgstr == "Bericht fertig (von Hand)."
    fees = a["Fees rose in March."]  # a close sentence: offered with its similarity
    assert fees.msgstr == "Die Gebühren stiegen im Mai."
    assert notes.provenance(fees).engine == "memory" and 0.75 <= notes.provenance(fees).score < 1
    for domain in ("a", "b"):
        assert msgfmt_check(project.po_path("de", domain)).returncode == 0
