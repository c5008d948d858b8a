"""Word and OpenDocument files for the tests, and LibreOffice as their judge.

The builders write the smallest packages Word and LibreOffice open (the XML is the
test's own, so each test shows exactly what it reads); `press_docx` and `press_odt` are
a press statement with everything a press office puts in one.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def word(
    path: Path, body: str, *, parts: dict[str, tuple[str, str]] | None = None, links: dict | None = None
) -> Path:
    """A .docx whose body is `body` (w:p and w:tbl elements). `parts`: relationship id ->
    (type, XML) of a header, footer, footnotes or endnotes part; `links`: id -> URL."""
    parts = parts or {}
    links = links or {}
    names = {
        "header": "header{}.xml",
        "footer": "footer{}.xml",
        "footnotes": "footnotes.xml",
        "endnotes": "endnotes.xml",
    }
    files = {}
    rels = []
    overrides = ['<Override PartName="/word/document.xml" ContentType="' + _WML + '.document.main+xml"/>']
    for number, (rid, (kind, xml)) in enumerate(parts.items(), 1):
        name = names[kind].format(number)
        files[f"word/{name}"] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{xml}'
        rels.append(f'<Relationship Id="{rid}" Type="{_TYPE}{kind}" Target="{name}"/>')
        overrides.append(f'<Override PartName="/word/{name}" ContentType="{_WML}.{kind}+xml"/>')
    for rid, url in links.items():
        rels.append(
            f'<Relationship Id="{rid}" Type="{_TYPE}hyperlink" Target="{url}" TargetMode="External"/>'
        )
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
    )
    files["_rels/.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_RELS}">'
        f'<Relationship Id="rId1" Type="{_TYPE}officeDocument" Target="word/document.xml"/></Relationships>'
    )
    files["word/_rels/document.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_RELS}">'
        + "".join(rels)
        + "</Relationships>"
    )
    files["word/document.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in files.items():
            package.writestr(name, xml)
    return path


def part(kind: str, inner: str) -> str:
    """A header, footer, footnotes or endnotes part around `inner`."""
    root = {"header": "w:hdr", "footer": "w:ftr", "footnotes": "w:footnotes", "endnotes": "w:endnotes"}[kind]
    return f'<{root} xmlns:w="{W}" xmlns:r="{R}">{inner}</{root}>'


def press_docx(path: Path) -> Path:
    """A press statement made with python-docx: a header, a heading, bold, italic, a
    link, a footnote, a table and a bulleted list."""
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.language = "en-US"
    document.sections[0].header.paragraphs[0].text = "City of Springfield press office"
    document.add_heading("The city opens a new library", 1)
    paragraph = document.add_paragraph("The city ")
    paragraph.add_run("opens").bold = True
    paragraph.add_run(" its new ")
    paragraph.add_run("central library").italic = True
    paragraph.add_run(" on Monday.")
    paragraph._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r>'
        )
    )
    paragraph.add_run(" Read the plans on ")
    rid = document.part.relate_to("https://example.org/plans", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink xmlns:w="{W}" xmlns:r="{R}" r:id="{rid}"><w:r><w:rPr><w:u w:val="single"/>'
            '<w:color w:val="0563C1"/></w:rPr><w:t>the city website</w:t></w:r></w:hyperlink>'
        )
    )
    paragraph.add_run(".")
    table = document.add_table(rows=2, cols=2)
    for row, (name, value) in enumerate(
        [("Opening hours", "Monday to Saturday"), ("Books", "120,000 titles")]
    ):
        table.cell(row, 0).text = name
        table.cell(row, 1).text = value
    document.add_paragraph("Entry is free for everyone.", style="List Bullet")
    footnotes = part(
        "footnotes",
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
        '</w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        '</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> The building was paid for by the '
        "state.</w:t></w:r></w:p></w:footnote>",
    )
    notes = Part(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, footnotes.encode(), document.part.package
    )
    document.part.relate_to(notes, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(path)
    return path


_ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "officeooo": "http://openoffice.org/2009/office",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
_DECLARED = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _ODF.items())


def opendocument(path: Path, body: str, *, styles: str = "", header: str = "") -> Path:
    """An .odt whose text body is `body`; `styles` are automatic styles of content.xml,
    `header` the page header's paragraphs."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_DECLARED} office:version="1.3">'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    style_part = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_DECLARED} office:version="1.3">'
        '<office:styles><style:default-style style:family="paragraph"><style:text-properties '
        'fo:language="en" fo:country="US"/></style:default-style></office:styles>'
        '<office:automatic-styles><style:page-layout style:name="pm1"/></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
        + (f"<style:header>{header}</style:header>" if header else "")
        + "</style:master-page></office:master-styles></office:document-styles>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_DECLARED} office:version="1.3">'
        "<office:meta><dc:language>en-US</dc:language></office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        + "".join(
            f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
            for name in ("content.xml", "styles.xml", "meta.xml")
        )
        + "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        for name, xml in (
            ("content.xml", content),
            ("styles.xml", style_part),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        ):
            package.writestr(name, xml)
    return path


BOLD = (
    '<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold" '
    'officeooo:rsid="0001"/></style:style>'
    '<style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="bold" '
    'officeooo:rsid="0002" fo:language="en" fo:country="GB"/></style:style>'
    '<style:style style:name="T3" style:family="text"><style:text-properties fo:font-style="italic"/>'
    "</style:style>"
)


def press_odt(path: Path) -> Path:
    """The press statement as LibreOffice writes it: a page header, a heading, bold
    (in two automatic styles that differ only in rsid and language), italic, a link, a
    footnote, a table and a list."""
    body = (
        '<text:h text:outline-level="1">The city opens a new library</text:h>'
        '<text:p>The city <text:span text:style-name="T1">op</text:span><text:span text:style-name="T2">ens'
        '</text:span> its new <text:span text:style-name="T3">central library</text:span> on Monday.'
        '<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>The building was paid for by the state.</text:p></text:note-body>"
        "</text:note>"
        ' Read the plans on <text:a xlink:type="simple" xlink:href="https://example.org/plans">the city '
        "website</text:a>.</text:p>"
        '<table:table table:name="Facts"><table:table-column table:number-columns-repeated="2"/>'
        "<table:table-row><table:table-cell><text:p>Opening hours</text:p></table:table-cell>"
        "<table:table-cell><text:p>Monday to Saturday</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>Books</text:p></table:table-cell>"
        "<table:table-cell><text:p>120,000 titles</text:p></table:table-cell></table:table-row></table:table>"
        "<text:list><text:list-item><text:p>Entry is free for everyone.</text:p></text:list-item></text:list>"
    )
    return opendocument(path, body, styles=BOLD, header="<text:p>City of Springfield press office</text:p>")


def to_pdf(paths: list[Path], folder: Path) -> dict[Path, Path]:
    """Each document converted to PDF by LibreOffice in one run (it is slow to start),
    with its own profile; fails unless every PDF is written."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pdfs = {path: folder / f"{path.stem}.pdf" for path in paths}
    missing = [str(path) for path, pdf in pdfs.items() if not pdf.is_file() or pdf.stat().st_size == 0]
    assert not missing, f"LibreOffice could not convert {missing}: {done.stdout} {done.stderr}"
    return pdfs


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
