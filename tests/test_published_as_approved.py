"""What is published is what was approved: every placeholder order a translator may write
renders, and a translation that cannot render is a `loc check` error that compile refuses,
never the source sentence published in its place."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import polib
from markdown_it import MarkdownIt
from typer.testing import CliRunner

import loc
from loc.cli import app
from loc.documents import Document, html, markdown


def md(text: str) -> Document:
    return Document("source/t.md", text, tuple(markdown.parse(text, 100_000)))


def page(text: str) -> Document:
    return Document("source/t.html", text, tuple(html.parse(text, 100_000)))


def rendered(document: Document, target: str) -> tuple[str, list]:
    refused: list = []
    return document.render(lambda msgid: target, refused), [why for _, why in refused]


def inline_tokens(text: str) -> list[tuple[str, str]]:
    """markdown-it's reading of a one-paragraph document: (type, content) of each inline token."""
    children = MarkdownIt("commonmark").parse(text)[1].children
    return [(token.type, token.content) for token in children]


SAVE = "Click **Save** to protect `data`.\n"


def test_placeholders_of_different_kinds_may_be_reordered():
    assert [s.text for s in md(SAVE).segments] == ["Click <g1>Save</g1> to protect <x2/>."]
    out, refused = rendered(md(SAVE), "Um <x2/> zu schützen, klicke auf <g1>Speichern</g1>.")
    assert (out, refused) == ("Um `data` zu schützen, klicke auf **Speichern**.\n", [])


def test_a_void_placeholder_may_move_inside_a_pair():
    out, refused = rendered(md(SAVE), "Klicke auf <g1>Speichern für <x2/></g1>.")
    assert (out, refused) == ("Klicke auf **Speichern für `data`**.\n", [])


def test_a_gender_star_used_twice_stays_text_and_the_sentence_is_published():
    document = md("Our staff and customers.\n")
    out, refused = rendered(document, "Mitarbeiter*innen und Kund*innen.")
    assert refused == []
    assert inline_tokens(out) == [("text", "Mitarbeiter*innen und Kund*innen.")]


def test_a_source_with_a_literal_placeholder_lookalike_is_translatable():
    document = md("Type &lt;g1&gt; for **bold**.\n")
    (segment,) = document.segments
    assert segment.text == "Type <g1> for <g2>bold</g2>."  # placeholders never take the literal's number
    out, refused = rendered(document, "Tippe <g1> für <g2>fett</g2>.")
    assert (out, refused) == ("Tippe &lt;g1> für **fett**.\n", [])
    source = page("<p>Type &lt;g1&gt; for <b>bold</b>.</p>\n")
    out, refused = rendered(source, "Tippe <g1> für <g2>fett</g2>.")
    assert (out, refused) == ("<p>Tippe &lt;g1&gt; für <b>fett</b>.</p>\n", [])


def test_crossed_pairs_are_refused_never_published_mis_nested():
    document = page("<p>Read <a href='/doc'>the <b>docs</b></a> now.</p>\n")
    assert [s.text for s in document.segments] == ["Read <g1>the <g2>docs</g2></g1> now."]
    out, refused = rendered(document, "Lies <g1>die <g2>Doku</g1></g2> jetzt.")
    assert refused == ["</g1> closes inside <g2>: the pairs cross"]
    assert out == "<p>Read <a href='/doc'>the <b>docs</b></a> now.</p>\n"
    nested, _ = rendered(document, "Lies <g1>die <g2>Doku</g2></g1> jetzt.")
    assert lxml.html.fromstring(nested).xpath("//a/b/text()") == ["Doku"]


# ---- loc check and loc compile ----------------------------------------------------------


def _project(root: Path, name: str, text: str, translations: dict[str, str]) -> loc.Project:
    (root / "source").mkdir()
    (root / "source" / name).write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(root)
    loc.extract(project)
    path = project.po_path("de", Path(name).stem)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = translations[entry.msgid]  # approved by a reviewer
    catalog.save()
    return project


def _cli(project: loc.Project, *args: str):
    return CliRunner().invoke(app, [*args, "-C", str(project.config.root)])


def test_a_pair_closed_before_it_opens_is_a_check_error_naming_the_entry_and_compile_refuses(tmp_path):
    project = _project(
        tmp_path,
        "save.md",
        SAVE + "\nRead the manual.\n",
        {
            "Click <g1>Save</g1> to protect <x2/>.": "Klicke </g1>auf<g1> Speichern, um <x2/> zu schützen.",
            "Read the manual.": "Lies das Handbuch.",
        },
    )
    result = _cli(project, "check", "--lang", "de")
    assert result.exit_code == 1
    assert (
        "locales/de/LC_MESSAGES/save.po:14: error [render] cannot go into source/save.md:1 "
        "(</g1> comes before <g1>)" in result.output
    )
    [report] = loc.compile(project, ["de"])
    assert not report.published and "error-level" in report.reason
    assert not (tmp_path / "build" / "de" / "save.md").exists()


def test_crossed_pairs_in_html_are_a_check_error_and_compile_refuses(tmp_path):
    project = _project(
        tmp_path,
        "read.html",
        "<p>Read <a href='/doc'>the <b>docs</b></a> now.</p>\n",
        {"Read <g1>the <g2>docs</g2></g1> now.": "Lies <g1>die <g2>Doku</g1></g2> jetzt."},
    )
    [found] = loc.check(project, ["de"]).found
    assert (found.problem.check, found.problem.severity) == ("render", "error")
    assert found.problem.entry.msgid == "Read <g1>the <g2>docs</g2></g1> now."
    [report] = loc.compile(project, ["de"])
    assert not report.published
    assert not (tmp_path / "build" / "de" / "read.html").exists()


def test_every_reordered_translation_compiles_and_check_is_clean(tmp_path):
    project = _project(
        tmp_path,
        "save.md",
        SAVE + "\nOur staff and customers.\n",
        {
            "Click <g1>Save</g1> to protect <x2/>.": "Um <x2/> zu schützen, klicke auf <g1>Speichern</g1>.",
            "Our staff and customers.": "Mitarbeiter*innen und Kund*innen.",
        },
    )
    assert [f.problem.check for f in loc.check(project, ["de"]).found if f.problem.severity == "error"] == []
    [report] = loc.compile(project, ["de"])
    assert report.published
    assert (tmp_path / "build" / "de" / "save.md").read_text(encoding="utf-8") == (
        "Um `data` zu schützen, klicke auf **Speichern**.\n\nMitarbeiter\\*innen und Kund\\*innen.\n"
    )
