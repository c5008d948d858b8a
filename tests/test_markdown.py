"""Markdown documents: which blocks hold segments, inline markup as placeholders, and a
rebuild that keeps the source's bytes and block structure."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from gettext_tools import msgfmt_check
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from loc import protect
from loc.catalog import model, po
from loc.documents import PLACEHOLDER, Document, markdown
from loc.engines.pseudo import pseudolocalize
from loc.errors import LocError

DATA = Path(__file__).parent / "data" / "documents"
READMES = sorted(DATA.glob("*-README.md"))


def parse(text: str) -> Document:
    return Document("source/t.md", text, tuple(markdown.parse(text, 100_000)))


def msgids(text: str) -> list[str]:
    return [s.text for s in parse(text).segments]


def shout(msgid: str) -> str:
    """A translation that changes every word and keeps every placeholder."""
    return "".join(p if PLACEHOLDER.fullmatch(p) else p.upper() for p in re.split(r"(<[^>]*>)", msgid))


def structure(text: str) -> list[tuple]:
    """markdown-it's token stream (types, tags, nesting, markers, code) without the text:
    what must not change when only the text is translated."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)
    try:
        tokens = md.use(container_plugin, name="div", validate=lambda *args: True).parse(text)
    except IndexError:  # see markdown.parse
        tokens = (
            MarkdownIt("commonmark", {"html": True})
            .enable(["table", "strikethrough"])
            .use(front_matter_plugin)
            .parse(text)
        )
    out = []
    for token in tokens:
        kept = token.content if token.type in ("fence", "code_block") else ""
        if token.type == "html_block":  # its text is translated by the HTML reader: its tags stay
            kept = re.findall(r"</?[A-Za-z][^\s/>]*", token.content)
        out.append((token.type, token.tag, token.nesting, token.markup, token.info, kept))
        for child in token.children or []:
            if child.type not in ("text", "softbreak"):
                code = child.content if child.type in ("code_inline", "html_inline") else ""
                out.append((child.type, child.tag, child.nesting, child.markup, dict(child.attrs), code))
    return out


# ---- what is translated --------------------------------------------------------------


def test_headings_paragraphs_list_items_quotes_and_table_cells_hold_segments():
    source = (
        "# Title\n\nA paragraph.\n\n- An item\n1. A step\n\n> A quote.\n\n"
        "| Name | Role |\n|---|---|\n| Ann | Lead |\n"
    )
    assert msgids(source) == [
        "Title",
        "A paragraph.",
        "An item",
        "A step",
        "A quote.",
        "Name",
        "Role",
        "Ann",
        "Lead",
    ]


def test_code_reference_definitions_and_other_front_matter_keys_are_not_segments():
    source = (
        "---\nlayout: Not translated\n---\n\n```python\nprint('Not translated.')\n```\n\n"
        "    Indented code is not translated.\n\n"
        '[ref]: https://example.com "Not translated"\n\nOnly this.\n'
    )
    assert msgids(source) == ["Only this."]


def test_html_blocks_are_read_by_the_html_reader():
    source = (
        '<p align="center">The fastest way to <b>build</b> apps.</p>\n'
        '<p><img src="badge.svg" alt="Build status"></p>\n\n'
        "<details><summary>Installation guide</summary>\n\nRun the *installer*.\n\n</details>\n"
    )
    document = parse(source)
    assert [s.text for s in document.segments] == [
        "The fastest way to <g1>build</g1> apps.",
        "Build status",
        "Installation guide",
        "Run the <g1>installer</g1>.",
    ]
    assert document.render(shout) == (
        '<p align="center">THE FASTEST WAY TO <b>BUILD</b> APPS.</p>\n'
        '<p><img src="badge.svg" alt="BUILD STATUS"></p>\n\n'
        "<details><summary>INSTALLATION GUIDE</summary>\n\nRUN THE *INSTALLER*.\n\n</details>\n"
    )


def test_an_html_block_inside_a_quote_stays_as_written():
    assert msgids("> <div>\n> Kept.\n> </div>\n") == []


def test_front_matter_title_description_and_summary_are_offered_and_quoted_when_needed():
    source = (
        "---\ntitle: Release notes\ndescription: \"What is new\"\nsummary: 'It''s out'\n"
        "layout: post\n---\n\nText.\n"
    )
    document = parse(source)
    assert [s.text for s in document.segments] == ["Release notes", "What is new", "It's out", "Text."]
    translations = {
        "Release notes": "Notas: versión 2",
        "What is new": 'Lo "nuevo"',
        "It's out": "Está: 'ya'",
    }
    assert document.render(translations.get) == (
        "---\ntitle: \"Notas: versión 2\"\ndescription: \"Lo \\\"nuevo\\\"\"\nsummary: 'Está: ''ya'''\n"
        "layout: post\n---\n\nText.\n"
    )


def test_which_front_matter_keys_are_offered_is_a_setting():
    source = "---\ntitle: Kept\nsubtitle: Offered\n---\n\nText.\n"
    paragraphs = markdown.parse(source, 100_000, "en", front_matter_keys=("subtitle",))
    assert [s.text for p in paragraphs for s in p.segments] == ["Offered", "Text."]


def test_a_paragraph_is_split_into_sentences():
    assert msgids("First one. Second one.\n") == ["First one.", "Second one."]


def test_inline_markup_is_numbered_placeholders_and_link_targets_and_code_stay_out():
    source = 'Run `loc extract` to read *all* [the docs](docs/guide.md "Guide") now.\n'
    [segment, title] = parse(source).segments
    assert segment.text == "Run <x1/> to read <g2>all</g2> <g3>the docs</g3> now."
    assert "docs/guide.md" not in segment.text and "loc extract" not in segment.text
    assert title.text == "Guide"


def test_collapsed_and_shortcut_reference_links_are_offered_and_keep_their_target():
    source = (
        "Please [donate today][] or read [the FAQ].\n\n"
        "[donate today]: https://example.org/d\n[the FAQ]: https://example.org/f\n"
    )
    document = parse(source)
    assert [s.text for s in document.segments] == ["Please <g1>donate today</g1> or read <g2>the FAQ</g2>."]
    translated = document.render(lambda msgid: "Bitte <g1>heute spenden</g1> oder lies <g2>die FAQ</g2>.")
    assert translated.startswith("Bitte [heute spenden][donate today] oder lies [die FAQ][the FAQ].\n\n")
    links = [t for t in MarkdownIt().parse(translated)[1].children if t.type == "link_open"]
    assert [link.attrs["href"] for link in links] == ["https://example.org/d", "https://example.org/f"]
    assert document.render(lambda msgid: None) == source


def test_link_and_image_titles_are_offered_and_escaped_in_their_quotes():
    source = (
        "See [the docs](guide.md \"The guide\") and ![logo](logo.png 'The logo').\n\n![](x.png (A chart))\n"
    )
    document = parse(source)
    assert [s.text for s in document.segments] == [
        "See <g1>the docs</g1> and <g2>logo</g2>.",
        "The guide",
        "The logo",
        "A chart",
    ]
    translations = {"The guide": 'Der "Leitfaden"', "The logo": "L'logo", "A chart": "Ein (Diagramm)"}
    assert document.render(translations.get) == (
        'See [the docs](guide.md "Der \\"Leitfaden\\"") and ![logo](logo.png \'L\\\'logo\').\n\n'
        "![](x.png (Ein \\(Diagramm\\)))\n"
    )


def test_markup_around_a_whole_sentence_stays_outside_its_msgid():
    assert msgids("**Note.** Read this.\n") == ["Note.", "Read this."]
    assert parse("**Note.** Read this.\n").render(shout) == "**NOTE.** READ THIS.\n"


def test_emphasis_across_two_sentences_keeps_both_in_one_segment():
    assert msgids("It *works. Really* well.\n") == ["It <g1>works. Really</g1> well."]


def test_image_alt_text_is_translated_and_its_url_is_not():
    document = parse("![A red logo](img/logo.png)\n")
    assert [s.text for s in document.segments] == ["A red logo"]
    assert document.render(shout) == "![A RED LOGO](img/logo.png)\n"


def test_entities_are_characters_in_the_msgid_and_escaped_again_when_they_would_be_markup():
    document = parse("Tom &amp; Jerry like &lt;b&gt; tags.\n")
    assert [s.text for s in document.segments] == ["Tom & Jerry like <b> tags."]
    assert document.render(str.upper) == "TOM & JERRY LIKE &lt;B> TAGS.\n"


def test_placeholders_are_protected_from_machine_translation():
    [segment] = parse("Read *the* [guide](https://example.com/guide) or `help`.\n").segments
    masked = protect.mask(segment.text)
    assert "<" not in masked.text and "g1" not in masked.text
    assert protect.restore(masked.text, masked).text == segment.text
    assert pseudolocalize(segment.text).count("<g") == 2


# ---- the rebuild ---------------------------------------------------------------------


def test_a_translation_may_move_the_placeholders():
    document = parse("The [OSPO Alliance](https://ospo-alliance.org) website\n")
    assert [s.text for s in document.segments] == ["The <g1>OSPO Alliance</g1> website"]
    translated = document.render(lambda msgid: "Die Website der <g1>OSPO Alliance</g1>")
    assert translated == "Die Website der [OSPO Alliance](https://ospo-alliance.org)\n"


def test_a_translation_that_loses_a_placeholder_leaves_the_sentence_as_written():
    document = parse("Read *this* now.\n")
    assert document.render(lambda msgid: "Lies das jetzt.") == "Read *this* now.\n"
    assert document.render(lambda msgid: "Lies <g1>das</g1> <g1>jetzt</g1>.") == "Read *this* now.\n"


def test_no_translations_give_the_source_back_with_hard_breaks_markers_and_crlf():
    source = (
        "Line one  \r\nline two\\\r\nthree.\r\n\r\n*   star item\r\n10) tenth\r\n\r\n> quoted\r\n> lazy\r\n"
    )
    assert parse(source).render(lambda msgid: None) == source


def test_a_hard_break_survives_translation():
    document = parse("> First line  \n> second line.\n")
    assert [s.text for s in document.segments] == ["First line<x1/>second line."]
    assert document.render(shout) == "> FIRST LINE  \n> SECOND LINE.\n"


def test_a_translated_hard_wrapped_paragraph_is_not_refilled_and_keeps_its_blocks():
    source = "# A heading\n\nThis sentence is wrapped\nover two lines. The next\none too.\n\n- one\n- two\n"
    translated = parse(source).render(shout)
    assert (
        translated
        == "# A HEADING\n\nTHIS SENTENCE IS WRAPPED OVER TWO LINES. THE NEXT ONE TOO.\n\n- ONE\n- TWO\n"
    )
    assert structure(translated) == structure(source)


def test_a_translation_that_starts_like_a_list_or_heading_does_not_become_one():
    source = "Some text.\nNew sentence here.\n"
    translated = parse(source).render(lambda msgid: {"New sentence here.": "1. Januar ist hier."}.get(msgid))
    assert translated == "Some text.\n1\\. Januar ist hier.\n"
    assert structure(translated) == structure(source)


def test_a_space_just_inside_a_pair_moves_outside_it():
    document = parse("Say *hello* now.\n")
    assert document.render(lambda msgid: "Sag <g1> hallo </g1>jetzt.") == "Sag *hallo* jetzt.\n"


def test_a_translation_that_would_change_the_markup_is_not_used():
    source = "Use a**b**c and more.\n"
    document = parse(source)
    assert [s.text for s in document.segments] == ["Use a<g1>b</g1>c and more."]
    # "a**(" cannot open: the `**` would become literal asterisks
    assert document.render(lambda msgid: "Nimm a<g1>(b)</g1>c und mehr.") == source
    assert document.render(lambda msgid: "Nimm a<g1>bb</g1>c und mehr.") == "Nimm a**bb**c und mehr.\n"


def test_a_pipe_in_a_translated_table_cell_is_escaped():
    source = "| a |\n|---|\n| cell |\n"
    translated = parse(source).render(lambda msgid: "x | y" if msgid == "cell" else None)
    assert translated == "| a |\n|---|\n| x \\| y |\n"
    assert structure(translated) == structure(source)


def test_a_paragraph_over_the_limit_is_an_error_with_its_line():
    with pytest.raises(LocError) as error:
        markdown.parse("# Title\n\n" + "word " * 100, 200)
    assert error.value.line == 3


# ---- what other tools get wrong ------------------------------------------------------


def test_links_are_extracted_whole_and_translated_unlike_translate_toolkit_6165_6230():
    # md2po wrote "The [OSPO Alliance EN]{1} website"; po2md dropped translations with a link
    document = parse("The [OSPO Alliance EN](https://ospo-alliance.org) website\n")
    [segment] = document.segments
    assert segment.text == "The <g1>OSPO Alliance EN</g1> website"
    assert document.render(lambda m: "Die Website <g1>OSPO Alliance DE</g1>") == (
        "Die Website [OSPO Alliance DE](https://ospo-alliance.org)\n"
    )


def test_urls_in_text_are_masked_for_machine_translation_unlike_mdpo_203():
    [segment] = parse("Download it from https://example.com/x?a=1&b=2 today.\n").segments
    masked = protect.mask(segment.text)
    assert "example" not in masked.text
    assert protect.restore(masked.text, masked).text == segment.text


def test_yaml_front_matter_is_kept_as_written_unlike_mdpo_228():
    # mdpo turned "---\nsome_value: one\n---" into a rule and a "## some_value: one" heading
    source = "---\nsome_value: one\n# not: a heading\n---\n\nRegular text here\n"
    document = parse(source)
    assert [s.text for s in document.segments] == ["Regular text here"]
    assert document.render(shout) == "---\nsome_value: one\n# not: a heading\n---\n\nREGULAR TEXT HERE\n"


def test_a_table_keeps_its_rows_and_cells_unlike_po4a_496():
    source = "| Key | Action |\n|:----|-------:|\n| Esc | Quit the program. |\n| F1 | Show help. |\n"
    document = parse(source)
    assert [s.text for s in document.segments] == [
        "Key",
        "Action",
        "Esc",
        "Quit the program.",
        "F1",
        "Show help.",
    ]
    translated = document.render(shout)
    assert (
        translated == "| KEY | ACTION |\n|:----|-------:|\n| ESC | QUIT THE PROGRAM. |\n| F1 | SHOW HELP. |\n"
    )
    assert structure(translated) == structure(source)


def test_a_fenced_div_is_split_into_its_sentences_unlike_po4a_381():
    source = "::: warning\nFirst sentence. Second sentence.\n\nAnother paragraph.\n:::\n"
    document = parse(source)
    assert [s.text for s in document.segments] == [
        "First sentence.",
        "Second sentence.",
        "Another paragraph.",
    ]
    assert document.render(shout).startswith("::: warning\n") and document.render(shout).endswith("\n:::\n")


def test_emphasis_survives_translation_unlike_myst_parser_304():
    source = "Some *emphasis* and **strong** and ~~struck~~ text.\n"
    translated = parse(source).render(pseudolocalize)
    assert structure(translated) == structure(source)
    assert "*" in translated and "**" in translated and "~~" in translated


# ---- real documents ------------------------------------------------------------------


@pytest.mark.parametrize("path", READMES, ids=lambda p: p.name)
def test_a_real_readme_compiles_to_its_source_without_translations(path):
    source = path.read_text(encoding="utf-8")
    assert parse(source).render(lambda msgid: None) == source


@pytest.mark.parametrize("path", READMES, ids=lambda p: p.name)
def test_a_real_readme_keeps_its_block_structure_when_pseudo_translated(path):
    source = path.read_text(encoding="utf-8")
    document = parse(source)
    assert len(list(document.segments)) > 10
    translated = document.render(pseudolocalize)
    assert translated != source
    assert structure(translated) == structure(source)


@pytest.mark.parametrize("path", READMES, ids=lambda p: p.name)
def test_a_real_readme_makes_catalogs_that_msgfmt_accepts(path, tmp_path):
    document = Document(f"source/{path.name}", path.read_text(encoding="utf-8"), ())
    document = Document(document.path, document.text, tuple(markdown.parse(document.text, 100_000)))
    pot = model.template(document, add_location="full", project="test")
    catalog = model.new_catalog(pot, "de", "2024-01-01 00:00+0000")
    for entry in catalog:
        entry.msgstr = pseudolocalize(entry.msgid)
    out = tmp_path / "de.po"
    out.write_text(po.dumps(catalog), encoding="utf-8")
    result = msgfmt_check(out)
    assert result.returncode == 0, result.stderr
    assert isinstance(polib.pofile(str(out)), polib.POFile)


# ---- any text ------------------------------------------------------------------------

_markdown = st.lists(
    st.sampled_from(
        [
            *"ab .*_`[]()!<>#-+|\\\n",
            "\n\n",
            "  \n",
            "\r\n",
            "> ",
            "- ",
            "1. ",
            "```\n",
            "    ",
            "http://x.io",
            "&amp;",
            "**",
            "~~",
            "<b>",
            "</b>",
            "---\n",
            "| a | b |\n|---|---|\n",
            "[r]: /u\n",
            "![r]",
            ":::\n",
            "\t",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_markdown)
def test_rendering_without_translations_reproduces_any_markdown_byte_for_byte(text):
    assert parse(text).render(lambda msgid: None) == text


@settings(max_examples=300, deadline=None)
@given(_markdown)
def test_translating_any_markdown_keeps_its_structure(text):
    document = parse(text)
    assert structure(document.render(shout)) == structure(text)
    assert structure(document.render(pseudolocalize)) == structure(text)
