"""OpenDocument text: what becomes a msgid, what a compiled file holds, and LibreOffice
and odfdo as judges of the compiled files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import odfdo
import pytest
from conftest import DATA
from lxml import etree
from office import BOLD, opendocument, pdf_text, press_odt, to_pdf

import loc
from loc import documents
from loc.documents import PLACEHOLDER
from loc.engines.pseudo import pseudolocalize
from loc.errors import LocError

THIRD_PARTY = sorted((DATA / "documents").glob("*.odt"))
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
NS = {
    "text": TEXT,
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}


def shout(msgid: str) -> str:
    return "".join(p if PLACEHOLDER.fullmatch(p) else p.upper() for p in re.split(r"(<[^>]*>)", msgid))


def load(path: Path) -> documents.Document:
    return documents.load(path, f"source/{path.name}", 100_000)


def msgids(path: Path) -> list[str]:
    return [segment.text for segment in load(path).segments]


def compiled(path: Path, translation, lang: str = "de") -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(load(path).publish(translation, lang)))


def content(package: zipfile.ZipFile, name: str = "content.xml") -> etree._Element:
    return etree.fromstring(package.read(name))


def test_spans_whose_styles_differ_only_in_rsid_and_language_are_one_run(tmp_path):
    path = opendocument(
        tmp_path / "a.odt",
        '<text:p>The city <text:span text:style-name="T1">op</text:span>'
        '<text:span text:style-name="T2">ens</text:span> <text:span text:style-name="T3">today</text:span>'
        ".</text:p>",
        styles=BOLD,
    )
    assert msgids(path) == ["The city <g1>opens</g1> <g2>today</g2>."]
    out = content(compiled(path, {msgids(path)[0]: "Heute <g2>öffnet</g2> die Stadt <g1>neu</g1>."}.get))
    spans = [(s.get(f"{{{TEXT}}}style-name"), s.text) for s in out.iter(f"{{{TEXT}}}span")]
    assert spans == [("T3", "öffnet"), ("T1", "neu")]
    assert "".join(out.find(".//text:p", NS).itertext()) == "Heute öffnet die Stadt neu."


def test_a_links_target_never_reaches_the_msgid_and_survives_the_rebuild(tmp_path):
    path = opendocument(
        tmp_path / "a.odt",
        '<text:p>Read <text:a xlink:type="simple" xlink:href="https://example.org/p">the plans</text:a>'
        ".</text:p>",
    )
    assert msgids(path) == ["Read <g1>the plans</g1>."]
    out = content(compiled(path, {"Read <g1>the plans</g1>.": "Lies <g1>die Pläne</g1>."}.get))
    [link] = out.iter(f"{{{TEXT}}}a")
    assert (
        link.get("{http://www.w3.org/1999/xlink}href") == "https://example.org/p" and link.text == "die Pläne"
    )


def test_tabs_breaks_notes_and_fields_are_placeholders_and_a_notes_text_is_its_own(tmp_path):
    path = opendocument(
        tmp_path / "a.odt",
        "<text:p>Name<text:tab/>value on page <text:page-number>7</text:page-number> of<text:line-break/>"
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>'
        "<text:p>A note.</text:p></text:note-body></text:note> the report.</text:p>",
    )
    assert msgids(path) == ["Name<x1/>value on page <x2/> of<x3/><x4/> the report.", "A note."]
    out = content(compiled(path, shout))
    assert out.find(".//text:page-number", NS).text == "7"
    assert out.find(".//text:note-citation", NS).text == "1"
    assert "".join(out.find(".//text:note-body", NS).itertext()) == "A NOTE."


def test_runs_of_spaces_stay_runs_of_spaces(tmp_path):
    path = opendocument(tmp_path / "a.odt", '<text:p>Two<text:s text:c="2"/>spaces.</text:p>')
    assert msgids(path) == ["Two spaces."]
    out = content(compiled(path, {"Two spaces.": "Drei   Leer."}.get))
    [spaces] = out.iter(f"{{{TEXT}}}s")
    assert spaces.get(f"{{{TEXT}}}c") == "2" and out.find(".//text:p", NS).text == "Drei "


def test_comments_and_generated_indexes_are_left_alone(tmp_path):
    path = opendocument(
        tmp_path / "a.odt",
        '<text:table-of-content text:name="toc"><text:index-body><text:p>Contents</text:p></text:index-body>'
        "</text:table-of-content><text:p>Text<office:annotation><dc:creator>A</dc:creator>"
        "<text:p>A comment.</text:p></office:annotation> here.</text:p>",
    )
    assert msgids(path) == ["Text<x1/> here."]


def test_tracked_changes_are_refused_in_one_line_naming_the_paragraph(tmp_path):
    path = opendocument(
        tmp_path / "a.odt",
        '<text:p>Fine.</text:p><text:p>We <text:change-start text:change-id="c1"/>now'
        '<text:change-end text:change-id="c1"/> agree.</text:p>',
    )
    with pytest.raises(LocError) as raised:
        load(path)
    assert str(raised.value) == (
        "source/a.odt:2: tracked changes: accept or reject them (Edit, Track Changes, Manage), "
        "then run loc again"
    )


def test_an_untranslated_compile_is_the_source_byte_for_byte(tmp_path):
    path = press_odt(tmp_path / "press.odt")
    assert load(path).publish(lambda msgid: None, "de") == path.read_bytes()


def test_a_translated_compile_says_its_language_and_keeps_mimetype_first_and_stored(tmp_path):
    path = press_odt(tmp_path / "press.odt")
    out = compiled(path, {"Books": "Livros"}.get, "pt_BR")
    assert out.infolist()[0].filename == "mimetype" and out.infolist()[0].compress_type == zipfile.ZIP_STORED
    props = content(out, "styles.xml").find(".//style:default-style/style:text-properties", NS)
    assert (props.get(f"{{{NS['fo']}}}language"), props.get(f"{{{NS['fo']}}}country")) == ("pt", "BR")
    assert odfdo.Document(io.BytesIO(load(path).publish({"Books": "Bücher"}.get, "de"))).meta.language == "de"
    source = zipfile.ZipFile(path)
    assert source.read("META-INF/manifest.xml") == out.read("META-INF/manifest.xml")


def structure(source) -> list:
    """What odfdo reads: each paragraph and heading with its style, the looks of its spans
    (adjacent spans that look the same as one), links and notes; tables' shapes; the
    page headers' paragraphs."""
    document = odfdo.Document(source)

    def look(name):
        style = document.get_style("text", name)
        if style is None:
            return name
        shown = style.get_properties() or {}
        return tuple(sorted((k, v) for k, v in shown.items() if not re.search("rsid|language|country", k)))

    def spans(paragraph) -> list:
        looks = []
        for span in paragraph.get_spans():
            if span.text_recursive.strip() and (not looks or looks[-1] != look(span.style)):
                looks.append(look(span.style))
        return looks

    body = document.body
    shape = [
        (p.tag, p.style, spans(p), [link.url for link in p.get_links()], len(p.get_notes()))
        for p in body.get_elements("//text:p | //text:h")
    ]
    shape += [(table.name, table.size) for table in body.get_tables()]
    for page in document.get_styles("master-page"):
        header = page.get_page_header()
        shape.append(len(header.get_paragraphs()) if header is not None else None)
    return shape


@pytest.mark.parametrize("path", [*THIRD_PARTY, None], ids=[p.name for p in THIRD_PARTY] + ["press"])
def test_odfdo_reads_the_same_structure_from_the_source_and_its_pseudo_translation(path, tmp_path):
    path = path or press_odt(tmp_path / "press.odt")
    out = load(path).publish(pseudolocalize, "en_XA")
    assert structure(io.BytesIO(out)) == structure(path)
    paragraphs = odfdo.Document(io.BytesIO(out)).body.get_elements("//text:p | //text:h")
    assert any("⟦" in p.text_recursive for p in paragraphs)


@pytest.mark.parametrize("path", THIRD_PARTY, ids=[p.name for p in THIRD_PARTY])
def test_third_party_documents_compile_untranslated_to_their_source_bytes(path):
    assert load(path).publish(lambda msgid: None, "de") == path.read_bytes()


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("odt")
    outputs = []
    for path in THIRD_PARTY:
        out = folder / f"xa-{path.name}"
        out.write_bytes(load(path).publish(pseudolocalize, "en_XA"))
        outputs.append(out)
    project = folder / "project"
    (project / "source").mkdir(parents=True)
    press_odt(project / "source" / "press.odt")
    (project / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    return folder, outputs, project


def test_libreoffice_converts_every_pseudo_translated_third_party_document(converted):
    folder, outputs, _ = converted
    for pdf in to_pdf(outputs, folder / "pdf").values():
        assert "⟦" in pdf_text(pdf)


def test_an_opendocument_press_statement_goes_through_loc_run_and_compiles_to_german(converted, en_de):
    folder, _, root = converted
    project = loc.open(root)
    report = loc.run(project)
    assert [(r.lang, r.engine) for r in report.translated] == [("de", "argos")]
    found = project.load_catalog("de", "press")
    assert "The city <g1>opens</g1> its new <g2>central library</g2> on Monday." in [
        e.msgid for e in found.po
    ]
    for entry in found.po:  # a reviewer approves everything
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    found.save()
    [result] = loc.compile(project, ["de"])
    assert result.published, result.reason
    out = root / "build" / "de" / "press.odt"
    assert odfdo.Document(out).meta.language == "de"
    languages = {p.get(f"{{{NS['fo']}}}language") for p in content(zipfile.ZipFile(out), "styles.xml").iter()}
    assert languages - {None} == {"de"}
    assert structure(out) == structure(root / "source" / "press.odt")
    [pdf] = to_pdf([out], folder / "pdf-de").values()
    text = " ".join(pdf_text(pdf).split())
    for shown in (
        "City of Springfield press office",
        "the city website",
        "The building was paid for",
        "120,000",
    ):
        assert shown in text
