"""A translation can never carry executable code into a published document: script and
style content is never a segment, wherever a tokenizer thinks it ends, and markup, links or
URL schemes a translation adds are a `markup` error, and text even when published anyway.
Judged by real renderers: markdown-it-py, Python-Markdown and headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import markdown as python_markdown
import polib
import pytest
from markdown_it import MarkdownIt
from test_browser import browser, chromium_session  # noqa: F401  (the headless Chromium fixtures)
from typer.testing import CliRunner

import loc
from loc import checks
from loc.cli import app
from loc.documents import PLACEHOLDER, Document, html, markdown


def shout(msgid: str) -> str:
    """A translation of every word that keeps every placeholder."""
    return "".join(p if PLACEHOLDER.fullmatch(p) else p.upper() for p in re.split(r"(<[^>]*>)", msgid))


def in_chromium(driver, folder: Path, page: str) -> dict:
    """What a browser makes of `page`: the marker its scripts set, whether injected code
    ran, and the text it shows."""
    path = folder / "page.html"
    path.write_text(f"<!doctype html><meta charset='utf-8'><body>{page}</body>", encoding="utf-8")
    driver.get(path.as_uri())
    return driver.execute_script(
        "return {marker: window.marker ?? null, pwned: window.pwned ?? null, text: document.body.innerText}"
    )


# ---- script and style content is never a segment ------------------------------------------

SCRIPT = "var Some = 1, words = 2; window.marker = Some + words;"  # markdown-it escapes quotes


def test_an_inline_script_in_a_markdown_paragraph_is_never_a_segment(browser, tmp_path):  # noqa: F811
    source = f"Before <script>{SCRIPT}</script> after this.\n"
    document = Document("source/t.md", source, tuple(markdown.parse(source, 100_000)))
    assert [s.text for s in document.segments] == ["Before <x1/> after this."]
    published = MarkdownIt("commonmark", {"html": True}).render(document.render(shout))
    seen = in_chromium(browser, tmp_path, published)
    assert seen["marker"] == 3 and seen["text"] == "BEFORE AFTER THIS."


@pytest.mark.parametrize(
    "code",
    [
        '<script>var a = "</ script>"; window.marker = "Not text. Really not.";</script>',
        '<script><!-- <script> </script> window.marker = "Not a segment here." --></script>',
        '<script/>window.marker = "A self-closed script runs on.";</script>',
        '<style>/* </ style> */ p::after { content: "Not text either." }</style>',
    ],
)
def test_html_script_content_ends_where_a_browser_ends_it(browser, tmp_path, code):  # noqa: F811
    source = f"{code}<p>Hello there.</p>\n"
    document = Document("source/t.html", source, tuple(html.parse(source, 100_000)))
    assert [s.text for s in document.segments] == ["Hello there."]
    as_written = in_chromium(browser, tmp_path, source)
    translated = in_chromium(browser, tmp_path, document.render(shout))
    assert translated["marker"] == as_written["marker"]
    assert translated["text"] == as_written["text"].replace("Hello there.", "HELLO THERE.")


# ---- the markup check ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "added"),
    [
        ("Klicke <g1>hier</g1> oder [da](javascript:alert(1)).", "](, javascript:"),
        ("Klicke <g1>hier</g1>.<script>alert(1)</script>", "</script, <script"),
        ('Klicke <g1>hier</g1>.<img src=x onerror="alert(1)">', "<img"),
        ("Klicke <g1>hier</g1> <!-- versteckt -->.", "<!--"),
        ("Klicke <g1>hier</g1> ![x](data:text/html;base64,PHNjcmlwdD4=).", "![, ](, data:"),
        ("Klicke <g1>hier</g1>: jav&#x09;ascript:alert(1)", "javascript:"),
        ("[hier]: /woanders", "[hier]:"),
    ],
)
def test_a_translation_that_adds_markup_links_or_url_schemes_is_a_markup_error(target, added):
    entry = polib.POEntry(msgid="Click <g1>here</g1>.", msgstr=target)
    found = [p for p in checks.run([entry], source_lang="en", target_lang="de") if p.check == "markup"]
    assert [(p.severity, p.message) for p in found] == [("error", f"markup not in the source: {added}")]


def test_markup_the_source_has_and_a_gender_star_are_no_markup_error():
    entries = [
        polib.POEntry(msgid="See [docs]: it works.", msgstr="Siehe [Doku]: es geht."),
        polib.POEntry(msgid="Use <b>bold</b> here.", msgstr="Nimm hier <b>fett</b>."),
        polib.POEntry(msgid="Our staff and customers.", msgstr="Mitarbeiter*innen und Kund*innen."),
    ]
    assert [p for p in checks.run(entries, source_lang="en", target_lang="de") if p.check == "markup"] == []


# ---- published anyway (--force), it stays text ----------------------------------------

INJECTIONS = {
    "Read <g1>the guide</g1> now.": "Lies <g1>die Anleitung</g1> [oder das](javascript:window.pwned=1).",
    "Thank you for reading.": "Danke.<script>window.pwned=1</script><img src=x onerror='window.pwned=1'>",
}


def _project(root: Path) -> loc.Project:
    (root / "source").mkdir(parents=True)
    (root / "source" / "guide.md").write_text(
        "Read [the guide](guide.html) now.\n\nThank you for reading.\n", encoding="utf-8"
    )
    (root / "source" / "page.html").write_text(
        "<p>Read <a href='guide.html'>the guide</a> now.</p>\n<p>Thank you for reading.</p>\n",
        encoding="utf-8",
    )
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(root)
    loc.extract(project)
    for name in ("guide", "page"):
        catalog = polib.pofile(str(project.po_path("de", name)))
        for entry in catalog:
            entry.msgstr = INJECTIONS[entry.msgid]  # approved
        catalog.save()
    return project


def test_injected_markup_is_a_check_error_and_published_anyway_runs_nowhere(browser, tmp_path):  # noqa: F811
    project = _project(tmp_path / "project")
    result = CliRunner().invoke(app, ["check", "--lang", "de", "-C", str(project.config.root)])
    assert result.exit_code == 1
    assert result.output.count("error [markup]") == 4  # two entries in two catalogs
    [refused] = loc.compile(project, ["de"]).languages
    assert not refused.published
    [forced] = loc.compile(project, ["de"], force=True).languages
    assert forced.published
    out = project.config.output / "de"
    written = (out / "guide.md").read_text(encoding="utf-8")
    pages = {
        "markdown-it-py": MarkdownIt("commonmark", {"html": True}).render(written),
        "Python-Markdown": python_markdown.markdown(written),
        "loc's HTML": (out / "page.html").read_text(encoding="utf-8"),
    }
    for renderer, page in pages.items():
        tree = lxml.html.fromstring(page)
        assert tree.xpath("//script | //img | //*[@onerror]") == [], renderer
        assert [a.get("href") for a in tree.xpath("//a")] == ["guide.html"], renderer
        seen = in_chromium(browser, tmp_path, page)
        assert seen["pwned"] is None, renderer
        assert "javascript:window.pwned=1" in seen["text"], renderer  # shown as the text it is
