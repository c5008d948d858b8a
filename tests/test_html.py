"""HTML documents: text between block tags is segmented, inline elements are
placeholders, code and `translate="no"` are kept, `alt` and `title` are translated, and
the rebuild swaps text in the source without re-serialising it."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from gettext_tools import msgfmt_check
from hypothesis import given, settings
from hypothesis import strategies as st

from loc.catalog import model, po
from loc.documents import PLACEHOLDER, Document, html
from loc.engines.pseudo import pseudolocalize
from loc.errors import LocError

DATA = Path(__file__).parent / "data" / "documents"
PAGES = sorted(DATA.glob("*.html"))


def parse(text: str) -> Document:
    return Document("source/t.html", text, tuple(html.parse(text, 100_000)))


def msgids(text: str) -> list[str]:
    return [s.text for s in parse(text).segments]


def shout(msgid: str) -> str:
    return "".join(p if PLACEHOLDER.fullmatch(p) else p.upper() for p in re.split(r"(<[^>]*>)", msgid))


def tree(text: str) -> list[tuple]:
    """lxml's element tree without the text and the translated attributes: what must not
    change when only the text is translated."""
    root = (
        lxml.html.document_fromstring(text)
        if "<html" in text.lower()
        else lxml.html.fragment_fromstring(text, create_parent="div")
    )
    return [
        (
            element.tag,
            sorted((k, v) for k, v in element.attrib.items() if k not in html.TRANSLATED_ATTRIBUTES),
        )
        for element in root.iter()
    ]


def test_block_elements_hold_segments_and_sentences_are_split():
    source = "<h1>Title</h1>\n<p>First one. Second one.</p>\n<ul><li>An item<li>Another</ul>\n<td>Cell</td>"
    assert msgids(source) == ["Title", "First one.", "Second one.", "An item", "Another", "Cell"]


def test_script_style_pre_code_and_translate_no_are_never_translated():
    source = (
        "<style>p { color: red }</style><script>var s = '<p>No.</p>';</script>"
        '<pre>Not this.</pre><div translate="no">Nor <b>this</b>.</div>'
        '<p>Call <code>run()</code> with <span translate="no">Acme</span> now.</p>'
    )
    document = parse(source)
    assert [s.text for s in document.segments] == ["Call <x1/> with <x2/> now."]
    assert document.render(shout) == source.replace("Call", "CALL").replace("with", "WITH").replace(
        "now.", "NOW."
    )


def test_tt_kbd_samp_and_var_are_copied_like_code():
    source = "<p>Call <tt>deflate()</tt>, press <kbd>Enter</kbd>, read <samp>ok</samp> for <var>n</var>.</p>"
    assert msgids(source) == ["Call <x1/>, press <x2/>, read <x3/> for <x4/>."]
    assert parse(source).render(shout) == source.replace("Call", "CALL").replace("press", "PRESS").replace(
        "read", "READ"
    ).replace(" for ", " FOR ")


def test_aria_labels_placeholders_table_summaries_and_meta_descriptions_are_offered():
    source = (
        '<head><meta name="description" content="The city library.">'
        '<meta name="Keywords" content="books, city">'
        '<meta name="viewport" content="width=device-width"></head>'
        '<button aria-label="Close the menu">×</button><input placeholder="Your e-mail">'
        '<table summary="Opening hours by day"><tr><td>Monday</td></tr></table>'
    )
    assert msgids(source) == [
        "The city library.",
        "books, city",
        "Close the menu",
        "Your e-mail",
        "Opening hours by day",
        "Monday",
    ]
    assert 'content="THE CITY LIBRARY."' in parse(source).render(shout)


def published(source: str, translation, lang: str = "de") -> str:
    document = Document("source/t.html", source, tuple(html.parse(source, 100_000)), writer=html.write)
    return document.publish(translation, lang).decode("utf-8")


def test_a_translated_page_names_the_target_language_in_its_root():
    source = '<html lang="en" xml:lang="en"><body><p>Hello.</p></body></html>'
    assert published(source, {"Hello.": "Hallo."}.get, "pt_BR") == (
        '<html lang="pt-BR" xml:lang="pt-BR"><body><p>Hallo.</p></body></html>'
    )
    assert (
        published("<HTML><p>Hello.</p></HTML>", {"Hello.": "Hallo."}.get)
        == '<HTML lang="de"><p>Hallo.</p></HTML>'
    )
    assert published(source, lambda msgid: None) == source


def test_a_translated_page_declares_the_utf_8_it_is_written_in():
    source = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><html><head><meta charset="iso-8859-1">'
        '<meta http-equiv="Content-Type" content="text/html; charset=latin1"></head><p>Hello.</p></html>'
    )
    assert published(source, {"Hello.": "Grüß Gott."}.get) == (
        '<?xml version="1.0" encoding="UTF-8"?><html lang="de"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><p>Grüß Gott.</p></html>'
    )


def test_a_page_in_the_latin_1_it_declares_is_read_and_written_back_in_utf_8(tmp_path):
    from loc import documents

    page = tmp_path / "page.html"
    source = '<html><head><meta charset="iso-8859-1"></head><p>Café au lait.</p></html>'
    page.write_bytes(source.encode("latin-1"))
    document = documents.load(page, "source/page.html", 100_000)
    assert [s.text for s in document.segments] == ["Café au lait."]
    assert document.publish(lambda msgid: None, "de") == page.read_bytes()
    assert document.publish({"Café au lait.": "Milchkaffee à la française."}.get, "de").decode("utf-8") == (
        '<html lang="de"><head><meta charset="utf-8"></head><p>Milchkaffee à la française.</p></html>'
    )


def test_inline_elements_are_placeholders_and_attributes_are_outside_the_msgid():
    [segment, title] = parse(
        '<p>Read <a href="/guide.html" title="The guide">the <em>whole</em> guide</a>.</p>'
    ).segments
    assert segment.text == "Read <g1>the <g2>whole</g2> guide</g1>."
    assert title.text == "The guide"


def test_alt_and_title_attributes_are_translated_and_escaped():
    source = '<img src="a.png" alt="A &quot;red&quot; logo"><abbr title=Unquoted>42</abbr>'
    document = parse(source)
    assert [s.text for s in document.segments] == ['A "red" logo', "Unquoted"]
    translated = document.render(
        {'A "red" logo': 'Ein "rotes" Logo & mehr', "Unquoted": "Ohne Anführung"}.get
    )
    assert translated == (
        '<img src="a.png" alt="Ein &quot;rotes&quot; Logo &amp; mehr"><abbr title="Ohne Anführung">42</abbr>'
    )


def test_an_image_inside_a_sentence_has_its_alt_translated_with_the_sentence():
    document = parse('<p>Click <img src="gear.png" alt="the gear"> to start.</p>')
    assert [s.text for s in document.segments] == ["Click <x1/> to start.", "the gear"]
    assert document.render(shout) == '<p>CLICK <img src="gear.png" alt="THE GEAR"> TO START.</p>'


def test_entities_are_characters_in_the_msgid_and_escaped_in_the_output():
    document = parse("<p>Tom &amp; Jerry &lt;3 &copy; 2024.</p>")
    assert [s.text for s in document.segments] == ["Tom & Jerry <3 © 2024."]
    assert document.render(lambda m: "Tom & Jerry <3 © 2024!") == "<p>Tom &amp; Jerry &lt;3 © 2024!</p>"


def test_a_translation_may_reorder_the_inline_elements():
    document = parse('<p>The <a href="https://ospo-alliance.org">OSPO Alliance</a> website</p>')
    translated = document.render(lambda m: "Die Website der <g1>OSPO Alliance</g1>")
    assert translated == '<p>Die Website der <a href="https://ospo-alliance.org">OSPO Alliance</a></p>'


def test_a_translation_with_broken_placeholders_leaves_the_sentence_as_written():
    source = "<p>Read <b>this</b> now.</p>"
    assert parse(source).render(lambda m: "Lies </g1>das<g1> jetzt.") == source


def test_no_translations_give_the_source_back_byte_for_byte():
    source = (
        "<!DOCTYPE html>\r\n<P CLASS=x>Odd  <B>case</b>,\r\n unclosed <i>tags<p>and &nbsp; entities &#x41;."
        "\r\n<!-- c -->"
    )
    assert parse(source).render(lambda m: None) == source


def test_a_paragraph_over_the_limit_is_an_error_with_its_line():
    with pytest.raises(LocError) as error:
        html.parse("<h1>Title</h1>\n<p>" + "word " * 100 + "</p>", 200)
    assert error.value.line == 2


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_real_page_compiles_to_its_source_without_translations(path):
    source = path.read_text(encoding="utf-8")
    assert parse(source).render(lambda msgid: None) == source


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_real_page_keeps_its_element_tree_when_pseudo_translated(path):
    source = path.read_text(encoding="utf-8")
    document = parse(source)
    assert len(list(document.segments)) > 5
    translated = document.render(pseudolocalize)
    assert translated != source
    assert tree(translated) == tree(source)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_a_real_page_makes_catalogs_that_msgfmt_accepts(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    document = Document(f"source/{path.name}", text, tuple(html.parse(text, 100_000)))
    catalog = model.new_catalog(
        model.template(document, add_location="full", project="test"), "de", "2024-01-01 00:00+0000"
    )
    for entry in catalog:
        entry.msgstr = pseudolocalize(entry.msgid)
    out = tmp_path / "de.po"
    out.write_text(po.dumps(catalog), encoding="utf-8")
    result = msgfmt_check(out)
    assert result.returncode == 0, result.stderr


_html = st.lists(
    st.sampled_from(
        [
            *"ab .&\n",
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<i>",
            "<a href='u'>",
            "</a>",
            "<br>",
            "<img alt='x y'>",
            "<code>c</code>",
            "<!-- c -->",
            "&amp;",
            "&lt;",
            "&nbsp;",
            "<div>",
            "</div>",
            "<li>",
            "\r\n",
            "Hi.",
            '<span translate="no">',
            "</span>",
            "<script>x<y</script>",
            "<pre>a  b</pre>",
            "<td title=t>",
        ]
    ),
    max_size=50,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_html)
def test_rendering_without_translations_reproduces_any_html_byte_for_byte(text):
    assert parse(text).render(lambda msgid: None) == text


@settings(max_examples=300, deadline=None)
@given(_html)
def test_translating_any_html_keeps_its_element_tree(text):
    if not text.strip():
        return
    document = parse(text)
    assert tree(document.render(pseudolocalize)) == tree(text)
    assert tree(document.render(shout)) == tree(text)
