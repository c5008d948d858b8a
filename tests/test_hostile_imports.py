"""XLIFF and TMX files as CAT tools and mishaps make them: each is imported, or refused in
one line naming the file, never a traceback, an endless read or an import of nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import loc
from gettext_tools import msgfmt_check

import loc as api
from loc.catalog import po
from loc.steps import exchange

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
{comment}<xliff version="{version}" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="news" source-language="{source}" {target_attr} datatype="plaintext"><body>
<trans-unit id="a"><source>The report is ready.</source>
<target state="translated"{xml_lang}>{target}</target></trans-unit>
</body></file></xliff>
"""

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="{source}" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="x" creationtoolversion="1" o-tmf="x"/><body>
<tu><tuv xml:lang="{source}"><seg>Thank you for reading.</seg></tuv>
<tuv xml:lang="{target}"><seg>{text}</seg></tuv></tu>
</body></tmx>
"""


def _xliff(
    target_lang: str | None = "de",
    *,
    version: str = "1.2",
    source: str = "en",
    target: str = "Der Bericht ist fertig.",
    comment: str = "",
    xml_lang: str | None = None,
) -> str:
    return XLIFF.format(
        version=version,
        source=source,
        target_attr=f'target-language="{target_lang}"' if target_lang else "",
        target=target,
        comment=comment,
        xml_lang=f' xml:lang="{xml_lang}"' if xml_lang else "",
    )


@pytest.fixture
def project(tmp_path) -> api.Project:
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "news.txt").write_text(
        "The report is ready. Thank you for reading.\n", encoding="utf-8"
    )
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    found = api.open(root)
    api.extract(found)
    return found


def _write(project: api.Project, name: str, text: str) -> Path:
    path = project.config.root / name
    path.write_text(text, encoding="utf-8")
    return path


def _msgstr(project: api.Project, msgid: str) -> str:
    return next(e.msgstr for e in po.load(project.po_path("de", "news")).po if e.msgid == msgid)


def _one_line_error(project: api.Project, path: Path, *said: str) -> str:
    before = project.po_path("de", "news").read_bytes()
    result = loc(project.config.root, "import", str(path))
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("loc: error: ") and path.name in lines[0], result.output
    for words in said:
        assert words in lines[0], lines[0]
    assert project.po_path("de", "news").read_bytes() == before
    return lines[0]


# ---- what the file is ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "root"),
    [
        (_xliff(), "xliff"),
        ("<html><body><p>Hello</p></body></html>", "html"),
        ("<?xml version='1.0'?><!-- not <tmx> --><html/>", "html"),
    ],
)
def test_a_tmx_named_file_whose_root_is_not_tmx_is_one_line_not_an_assertion_error(project, text, root):
    if root == "xliff":  # read as what it is
        report = api.import_file(project, _write(project, "memory.tmx", text))
        assert (report.kind, report.applied) == ("xliff", 1)
        return
    _one_line_error(project, _write(project, "memory.tmx", text), f"root element is <{root}>")


def test_an_xliff_that_mentions_tmx_in_a_comment_is_read_as_xliff(project):
    path = _write(project, "de.xlf", _xliff(comment="<!-- from our <tmx> memory -->\n"))
    report = api.import_file(project, path)
    assert (report.kind, report.applied) == ("xliff", 1)
    assert _msgstr(project, "The report is ready.") == "Der Bericht ist fertig."


def test_the_tmx_reader_refuses_a_document_that_is_no_tmx():
    from loc.catalog import tmx

    with pytest.raises(api.LocError, match=r"not a TMX file \(its root element is <xliff>"):
        tmx.loads(_xliff().encode(), "memory.tmx", source_lang="en")


def test_an_import_file_over_the_stated_cap_is_refused_before_it_is_parsed(project, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_IMPORT_BYTES", 200)
    for name, text in (
        ("de.xlf", _xliff()),
        ("memory.tmx", TMX.format(source="en", target="de", text="Danke.")),
    ):
        _one_line_error(project, _write(project, name, text), "larger than the 200 bytes loc reads")


def test_the_import_cap_is_stated_in_the_formats_documentation():
    docs = (Path(__file__).parent.parent / "docs" / "formats.md").read_text(encoding="utf-8")
    assert f"{exchange.MAX_IMPORT_BYTES // 2**20} MiB" in docs


# ---- languages as CAT tools write them ----------------------------------------------


def test_cat_style_language_codes_are_the_projects_languages(project):
    xliff = _write(project, "de.xlf", _xliff("de-DE", source="en-US"))
    report = api.import_file(project, xliff)
    assert (report.lang, report.applied) == ("de", 1)
    memory = _write(project, "m.tmx", TMX.format(source="en-US", target="de-DE", text="Danke fürs Lesen."))
    report = api.import_file(project, memory)
    assert (report.lang, report.applied) == ("de", 1)
    assert _msgstr(project, "Thank you for reading.") == "Danke fürs Lesen."


def test_an_xliff_without_target_language_uses_its_targets_xml_lang(project):
    report = api.import_file(project, _write(project, "de.xlf", _xliff(None, xml_lang="de-DE")))
    assert (report.lang, report.applied) == ("de", 1)


def test_an_xliff_naming_no_target_language_at_all_fails_naming_the_projects_languages(project):
    _one_line_error(project, _write(project, "de.xlf", _xliff(None)), "no target language", "has de")


def test_an_xliff_for_a_language_the_project_lacks_fails_naming_it_not_importing_nothing(project):
    _one_line_error(project, _write(project, "fr.xlf", _xliff("fr-FR")), "for fr-FR", "languages (de)")


def test_a_tmx_in_languages_the_project_lacks_fails_naming_them(project):
    path = _write(project, "m.tmx", TMX.format(source="en", target="fr", text="Merci."))
    _one_line_error(project, path, "for fr", "languages (de)")


def test_a_tmx_without_the_source_language_fails_naming_what_it_holds(project):
    path = _write(project, "m.tmx", TMX.format(source="fr", target="de", text="Danke."))
    _one_line_error(project, path, "source language en", "(only de, fr)")


def test_an_xliff_none_of_whose_sentences_is_in_the_catalogs_fails_not_importing_nothing(project):
    text = _xliff().replace("The report is ready.", "A sentence of another project.")
    _one_line_error(project, _write(project, "de.xlf", text), "none of its 1 sentence(s)")


# ---- versions -----------------------------------------------------------------------


@pytest.mark.parametrize(("version", "said"), [("3.0", "XLIFF version '3.0'"), ("", "names no version")])
def test_an_xliff_version_loc_cannot_read_is_refused_not_read_as_1_x(project, version, said):
    _one_line_error(project, _write(project, "de.xlf", _xliff(version=version)), said)


# ---- newlines at a target's edges ---------------------------------------------------


def test_an_imported_target_with_edge_newlines_still_gives_a_po_msgfmt_accepts(project):
    api.import_file(project, _write(project, "de.xlf", _xliff(target="\nDer Bericht ist fertig.\n")))
    api.import_file(project, _write(project, "m.tmx", TMX.format(source="en", target="de", text="Danke.\n")))
    assert _msgstr(project, "The report is ready.") == "Der Bericht ist fertig."
    assert _msgstr(project, "Thank you for reading.") == "Danke."
    checked = msgfmt_check(project.po_path("de", "news"))
    assert checked.returncode == 0, checked.stderr


def test_a_cat_code_that_fits_two_project_languages_is_refused_not_guessed(tmp_path):
    root = tmp_path / "pt"
    (root / "source").mkdir(parents=True)
    (root / "source" / "news.txt").write_text("The report is ready.\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["pt_BR", "pt_PT"]\n')
    project = api.open(root)
    api.extract(project)
    path = _write(project, "pt.xlf", _xliff("pt"))
    with pytest.raises(
        api.LocError, match=r"for pt, which is not one of the project's languages \(pt_BR, pt_PT\)"
    ):
        api.import_file(project, path)
    report = api.import_file(project, _write(project, "br.xlf", _xliff("pt-BR")))
    assert (report.lang, report.applied) == ("pt_BR", 1)
