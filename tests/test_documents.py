"""Documents: paragraphs and segments of plain text, and the rebuild from translations."""

from __future__ import annotations

import unicodedata

import pytest
from conftest import STATEMENT
from hypothesis import given, settings
from hypothesis import strategies as st

import loc
from loc import documents
from loc.documents import text as plain
from loc.errors import LocError


def parse(text: str) -> documents.Document:
    return documents.Document("source/t.txt", text, tuple(plain.parse(text, 100_000)))


def test_the_statement_has_29_segments_in_8_paragraphs():
    document = parse(STATEMENT.read_text(encoding="utf-8"))
    assert len(document.paragraphs) == 8
    assert len(list(document.segments)) == 29


def test_a_stray_full_stop_is_no_segment_and_stays_in_place():
    document = parse("The technology requires. . Unilaterally assigning status exacerbates it.")
    assert [s.text for s in document.segments] == [
        "The technology requires.",
        "Unilaterally assigning status exacerbates it.",
    ]
    upper = document.render(str.upper)
    assert upper == "THE TECHNOLOGY REQUIRES. . UNILATERALLY ASSIGNING STATUS EXACERBATES IT."


def test_without_blank_lines_each_line_that_ends_a_sentence_is_a_paragraph():
    document = parse("First paragraph here.\nSecond paragraph here.\n")
    assert [[s.text for s in p.segments] for p in document.paragraphs] == [
        ["First paragraph here."],
        ["Second paragraph here."],
    ]


def test_a_hard_wrapped_paragraph_is_one_paragraph_and_its_segments_are_one_line():
    document = parse("This sentence is wrapped\nover two lines. And this one\nalso is.\n\nNext paragraph.\n")
    assert [[s.text for s in p.segments] for p in document.paragraphs] == [
        ["This sentence is wrapped over two lines.", "And this one also is."],
        ["Next paragraph."],
    ]
    assert [s.line for s in document.segments] == [1, 2, 5]


def test_a_translated_hard_wrapped_paragraph_is_refilled_to_the_source_width():
    source = "  This sentence is wrapped\n  over two lines at a\n  narrow width.\n"
    document = parse(source)
    translated = document.render(
        lambda msgid: "Dieser Satz ist über zwei Zeilen umbrochen, in schmaler Breite."
    )
    assert translated == "  Dieser Satz ist über\n  zwei Zeilen umbrochen,\n  in schmaler Breite.\n"


def test_list_items_are_separate_paragraphs_and_their_markers_stay_outside_the_msgid():
    document = parse("- first item\n* second item\n1. third item\n10) fourth item\n• fifth item\n")
    assert [s.text for s in document.segments] == [
        "first item",
        "second item",
        "third item",
        "fourth item",
        "fifth item",
    ]


def test_a_wrapped_line_that_begins_with_a_year_and_a_full_stop_goes_on_the_sentence():
    document = parse("The firm was founded in Berlin in the year\n1999. It now employs 40 people.\n")
    assert [s.text for s in document.segments] == [
        "The firm was founded in Berlin in the year 1999.",
        "It now employs 40 people.",
    ]


def test_a_wrapped_german_date_keeps_its_day_in_the_sentence():
    document = documents.Document(
        "source/t.txt",
        "Die Gebühren sollen ab dem\n1. Januar um ca. 4,5 % steigen.\n",
        tuple(plain.parse("Die Gebühren sollen ab dem\n1. Januar um ca. 4,5 % steigen.\n", 100_000, "de")),
    )
    assert [s.text for s in document.segments] == [
        "Die Gebühren sollen ab dem 1. Januar um ca. 4,5 % steigen."
    ]


def test_a_numbered_line_after_a_sentence_starts_an_item():
    document = parse("Steps:\n1. Open the box.\n2. Read the note.\n")
    assert [s.text for s in document.segments] == ["Steps:", "Open the box.", "Read the note."]


def test_numbered_items_run_together_on_one_line_are_items_each():
    document = parse("1. The first item 2. The second item 3. The third\n")
    assert [s.text for s in document.segments] == ["The first item", "The second item", "The third"]
    assert document.render(str.upper) == "1. THE FIRST ITEM 2. THE SECOND ITEM 3. THE THIRD\n"


def test_a_translation_cannot_drop_a_bullet():
    document = parse("- first item\n  wrapped here\n1. second item\n")
    translated = document.render({"first item wrapped here": "erster Punkt", "second item": "zweiter"}.get)
    assert translated == "- erster Punkt\n1. zweiter\n"


def test_identical_sentences_keep_their_own_positions():
    document = parse("Thank you. We are safe. Thank you.")
    assert [s.text for s in document.segments] == ["Thank you.", "We are safe.", "Thank you."]
    assert document.render({"Thank you.": "Danke."}.get) == "Danke. We are safe. Danke."


def test_msgids_are_nfc_so_an_nfd_source_matches_an_nfc_catalog():
    nfd = unicodedata.normalize("NFD", "Café résumé.")
    [segment] = parse(nfd).segments
    assert segment.text == "Café résumé."
    assert parse(nfd).render(lambda _: None) == nfd


def test_a_paragraph_over_the_limit_is_an_error_with_its_line():
    with pytest.raises(LocError) as error:
        plain.parse("Short.\n\n" + "word " * 100, 200)
    assert error.value.line == 3


def test_rendering_keeps_crlf_indentation_and_the_missing_final_newline():
    source = "\tIndented first.\r\n\r\nSecond, no newline at the end."
    document = parse(source)
    assert document.render(lambda _: None) == source
    assert document.render(lambda m: m.upper()) == "\tINDENTED FIRST.\r\n\r\nSECOND, NO NEWLINE AT THE END."


_documents = st.lists(
    st.sampled_from([*"abc XYZ.,!?\n\t-•1é", "\r\n", "  ", "...", "U.S.", "e.g.", "Mr. ", "$1.2"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_documents)
def test_rendering_without_translations_reproduces_any_text_byte_for_byte(text):
    document = parse(text)
    assert document.render(lambda _: None) == text
    for segment in document.segments:
        assert documents.has_letters(segment.text)
        assert segment.text == documents.normalize(text[segment.start : segment.end])


# ---- a project's documents -----------------------------------------------------------

SETTINGS = '[tool.loc]\nlanguages = ["en_XA"]\nengine = "pseudo"\nadd_location = "full"\n'


def write_project(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / "source" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text(SETTINGS)
    return loc.open(root)


def test_files_no_format_reads_are_named_and_dotfiles_are_ignored(tmp_path):
    project = write_project(
        tmp_path,
        {
            "a.txt": "Text.",
            "b.md": "# Title",
            "c.htm": "<p>Hi there.</p>",
            "d.pdf": "%PDF",
            "e.rst": "Title",
            ".hidden.md": "# No",
            ".git/x.md": "# No",
        },
    )
    assert sorted(project.source_files()) == ["a", "b", "c"]
    assert project.unsupported_files() == ["source/d.pdf", "source/e.rst"]


def test_a_source_folder_without_documents_names_the_formats_loc_reads(tmp_path):
    project = write_project(tmp_path, {"notes.rst": "Title"})
    with pytest.raises(LocError, match=r"\.txt, \.md, \.markdown, \.html, \.htm, \.docx, \.odt"):
        project.source_files()


def test_text_markdown_and_html_documents_go_through_extract_translate_and_compile(tmp_path):
    import lxml.html
    from gettext_tools import msgfmt_check
    from markdown_it import MarkdownIt

    project = write_project(
        tmp_path,
        {
            "notes.txt": "A plain sentence. Another one.\n\n- a list item\n",
            "guide/intro.md": "---\ntitle: Intro\n---\n\n# Welcome\n\n"
            "Read *the* [guide](https://example.com/g).\n\n```\ncode stays\n```\n",
            "page.html": '<html><body><h1>Hello</h1><p>A <a href="/x" title="Link title">link</a> here.</p>'
            "<pre>kept</pre></body></html>",
        },
    )
    loc.extract(project)
    loc.translate(project, ["en_XA"], engine="pseudo")
    [result] = loc.compile(project, ["en_XA"], include_fuzzy=True)
    assert result.published, result.reason
    build = tmp_path / "build" / "en_XA"
    text = (build / "notes.txt").read_text(encoding="utf-8")
    assert text.startswith("⟦") and "\n\n- ⟦" in text
    markdown_out = (build / "guide" / "intro.md").read_text(encoding="utf-8")
    assert markdown_out.startswith("---\ntitle: ⟦") and "](https://example.com/g)" in markdown_out
    assert "```\ncode stays\n```" in markdown_out
    markdown_in = (tmp_path / "source" / "guide" / "intro.md").read_text(encoding="utf-8")
    assert "\n# ⟦" in markdown_out
    assert [t.type for t in MarkdownIt().parse(markdown_out)] == [
        t.type for t in MarkdownIt().parse(markdown_in)
    ]
    page = lxml.html.document_fromstring((build / "page.html").read_text(encoding="utf-8"))
    assert page.find(".//h1").text.startswith("⟦") and page.find(".//pre").text == "kept"
    assert page.find(".//a").get("title").startswith("⟦") and page.find(".//a").get("href") == "/x"
    for domain in ("notes", "guide.intro", "page"):
        assert (build / "LC_MESSAGES" / f"{domain}.mo").exists()
        assert msgfmt_check(project.po_path("en_XA", domain)).returncode == 0


def test_text_markdown_and_html_go_through_loc_run_with_the_real_argos_engine(tmp_path, en_de):
    import lxml.html
    from markdown_it import MarkdownIt

    sentence = "We are extremely disappointed with this decision."
    project = write_project(
        tmp_path,
        {
            "notes.txt": f"{sentence}\n",
            "guide.md": f"# {sentence}\n\n{sentence} Read *this* [decision](https://example.com/d).\n",
            "page.html": f'<html><body><p>{sentence} <a href="/d">This decision.</a></p></body></html>',
        },
    )
    (tmp_path / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(tmp_path)
    report = loc.run(project)
    assert report.missing == [] and [(r.lang, r.engine) for r in report.translated] == [("de", "argos")]
    for domain in ("notes", "guide", "page"):  # a reviewer approves everything
        found = project.load_catalog("de", domain)
        for entry in found.po:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        found.save()
    [result] = loc.compile(project, ["de"])
    assert result.published, result.reason
    build = tmp_path / "build" / "de"
    markdown_in = (tmp_path / "source" / "guide.md").read_text(encoding="utf-8")
    markdown_out = (build / "guide.md").read_text(encoding="utf-8")
    structure = [t.type for t in MarkdownIt().parse(markdown_in)]
    assert [t.type for t in MarkdownIt().parse(markdown_out)] == structure
    assert "](https://example.com/d)" in markdown_out  # the link target never went through MT
    page = lxml.html.document_fromstring((build / "page.html").read_text(encoding="utf-8"))
    assert page.find(".//a").get("href") == "/d"
    assert (build / "notes.txt").exists()
