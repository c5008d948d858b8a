"""Source documents built to lose text: deep nesting, entities without their semicolon, a
translation that Markdown would read as a link definition. Each paragraph is extracted and
published, or the document is refused in one line; none vanishes silently."""

from __future__ import annotations

import lxml.html
import pytest
from conftest import loc
from markdown_it import MarkdownIt

from loc.documents import Document, html, markdown
from loc.errors import LocError


def _markdown(text: str) -> Document:
    return Document("source/t.md", text, tuple(markdown.parse(text, 100_000)))


def _msgids(document: Document) -> list[str]:
    return [segment.text for segment in document.segments]


def _rendered_text(text: str) -> str:
    """What a reader sees: the document through markdown-it's HTML, as text."""
    return lxml.html.fromstring(f"<div>{MarkdownIt('commonmark').render(text)}</div>").text_content()


# ---- nesting ------------------------------------------------------------------------


def test_a_quote_21_levels_deep_is_extracted_with_what_follows_it():
    document = _markdown("> " * 21 + "A deep quote.\n\nAfter it.\n")
    assert _msgids(document) == ["A deep quote.", "After it."]


def test_a_list_25_levels_deep_on_one_line_keeps_the_paragraphs_after_it():
    document = _markdown("Before it.\n\n" + "- " * 25 + "A deep item.\n\nAfter it.\n")
    assert _msgids(document) == ["Before it.", "A deep item.", "After it."]
    translated = document.render(str.upper)
    assert translated == "BEFORE IT.\n\n" + "- " * 25 + "A DEEP ITEM.\n\nAFTER IT.\n"


def test_nesting_deeper_than_markdown_it_reads_is_one_line_naming_the_file(tmp_path):
    root = tmp_path / "p"
    (root / "source").mkdir(parents=True)
    (root / "source" / "deep.md").write_text("Intro.\n\n" + "> " * 200 + "Lost.\n\nAfter.\n")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    result = loc(root, "extract")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        "loc: error: source/deep.md:3: block quotes and lists nested too deep for markdown-it "
        "(100 levels, a quote counting one and a list item two): what is inside would be lost; "
        "flatten the nesting"
    ]
    with pytest.raises(LocError, match="nested too deep"):
        markdown.parse("- " * 60 + "Lost.\n", 100_000)


# ---- entities -----------------------------------------------------------------------


def test_an_html_entity_without_its_semicolon_is_the_character_a_browser_shows():
    source = "<p>Made by Acme &copy2024. All rights reserved.</p>"
    document = Document("source/t.html", source, tuple(html.parse(source, 100_000)))
    assert _msgids(document) == ["Made by Acme ©2024.", "All rights reserved."]
    assert lxml.html.fromstring(source).text_content() == " ".join(_msgids(document))
    assert document.render(lambda msgid: None) == source


# ---- a translation Markdown would read as a link definition --------------------------


@pytest.mark.parametrize("translation", ["[x]: /url", '[Hinweis]: /unten "Der Titel"', "  [a\\]b]: /c"])
def test_a_translation_that_looks_like_a_link_definition_is_still_published(translation):
    source = "Some text.\n\nA note here.\n"
    translated = _markdown(source).render(lambda msgid: translation if msgid == "A note here." else None)
    assert translation.strip().replace("\\]", "]") in _rendered_text(translated)
