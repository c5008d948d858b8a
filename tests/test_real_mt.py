"""Real machine translation end to end: Debian's Apertium (English→Spanish) through extract,
translate, check and compile, on a plain-text statement, a Markdown and an HTML document full
of what MT must not touch: names, URLs, e-mail addresses, numbers, dates, placeholders and
inline markup.

Apertium, unlike the copy model or the pseudo engine, damages unprotected text
("press@binance.us" -> "pulsar@binance.us", "{count}" -> "{cuenta}", "Binance.US" ->
"BINANCE.US"). The tests marked "with masking off" run the same flow with `protect.mask` made
a no-op, to show that the other tests fail when protection fails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

import polib
import pytest
from conftest import DATA, GLOSSARY, loc
from lxml import html as lxml_html
from markdown_it import MarkdownIt

import loc as api
from loc import protect
from loc.catalog import notes
from loc.catalog import po as pofile

DOCUMENTS = DATA / "real_mt"
SETTINGS = """\
[tool.loc]
languages = ["es"]
glossary = "glossary.tbx"
engines = { es = "apertium" }
"""
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture
def press(tmp_path):
    root = tmp_path / "press"
    shutil.copytree(DOCUMENTS, root / "source")
    shutil.copy(GLOSSARY, root / "glossary.tbx")
    (root / "pyproject.toml").write_text(SETTINGS)
    return root


@pytest.fixture
def masking_off(monkeypatch):
    monkeypatch.setattr(protect, "mask", lambda text, terms=(): protect.Masked(text, ()))


def translated(root) -> api.Project:
    project = api.open(root)
    api.extract(project)
    [report] = api.translate(project, ["es"])
    assert (report.engine, report.translated) == ("apertium", 16)
    return project


def entries(root):
    for path in sorted((root / "locales" / "es" / "LC_MESSAGES").glob("*.po")):
        yield from ((path, e) for e in pofile.load(path).po if e.msgid)


def damaged(project) -> dict[str, list[str]]:
    """msgid -> the protected tokens and numbers of it that its msgstr lacks."""
    terms = project.dnt_terms()
    found = {}
    for _, entry in entries(project.config.root):
        wanted = Counter(s.text for s in protect.find(entry.msgid, terms))
        wanted += Counter(_NUMBER.findall(entry.msgid))
        lost = [token for token, n in wanted.items() if entry.msgstr.count(token) < n]
        if lost:
            found[entry.msgid] = lost
    return found


def approve_all(root) -> None:
    """What a reviewer does in Poedit: clear every fuzzy flag and save."""
    for path in (root / "locales" / "es" / "LC_MESSAGES").glob("*.po"):
        po = polib.pofile(str(path))
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save()


def test_apertium_suggestions_are_real_spanish_marked_fuzzy_with_their_origin(press):
    translated(press)
    version = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "apertium-eng-spa"], capture_output=True, text=True
    ).stdout
    found = list(entries(press))
    assert len(found) == 16
    for path, entry in found:
        assert "fuzzy" in entry.flags, entry.msgid
        origin = notes.provenance(entry)
        assert (origin.engine, origin.model) == ("apertium", f"apertium-eng-spa@{version}")
        assert origin.digest == notes.digest(entry.msgstr)
        assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
    changed = [e for _, e in found if e.msgstr != e.msgid]
    assert len(changed) == 16  # every sentence has words Apertium knows: nothing comes back as English
    spanish = " ".join(e.msgstr for e in changed)
    assert {"declaración", "contra", "clientes"} <= set(re.findall(r"\w+", spanish))


def test_every_protected_token_and_number_comes_back_byte_for_byte(press):
    assert damaged(translated(press)) == {}


def test_with_masking_off_apertium_breaks_addresses_placeholders_and_names(press, masking_off):
    lost = {token for tokens in damaged(translated(press)).values() for token in tokens}
    assert {"press@binance.us", "{count}", "Binance.US"} <= lost


def test_check_finds_no_error_in_masked_apertium_output(press):
    project = translated(press)
    report = api.check(project, ["es"])
    assert report.errors == 0, [f.problem.message for f in report.found]


def test_with_masking_off_check_names_every_damaged_entry_as_an_error(press, masking_off):
    project = translated(press)
    broken = damaged(project)
    report = api.check(project, ["es"])
    flagged = {f.problem.entry.msgid for f in report.found if f.problem.severity == "error"}
    assert broken and set(broken) <= flagged
    result = loc(press, "check", "--lang", "es")
    assert result.exit_code == 1 and "[emails] missing e-mail address press@binance.us" in result.output


def published_texts(root) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (root / "build" / "es").glob("*.*")}


def test_approved_apertium_spanish_is_published_with_every_token_link_and_tag(press):
    project = translated(press)
    assert loc(press, "compile", "--lang", "es").exit_code == 1  # suggestions await review
    assert not (press / "build" / "es").exists()
    approve_all(press)
    [result] = api.compile(project, ["es"])
    assert result.published, result.reason
    out = published_texts(press)
    for path, entry in entries(press):  # each approved sentence is what was published
        if path.stem == "press":
            assert entry.msgstr in out["press.txt"], entry.msgstr
    for name in ("press.txt", "notes.md", "page.html"):
        source = (DOCUMENTS / name).read_text(encoding="utf-8")
        for span in protect.find(source, project.dnt_terms()):
            if span.kind != "tag":
                assert out[name].count(span.text) >= source.count(span.text), (name, span.text)

    def links(doc: str):
        rendered = lxml_html.fromstring(doc)
        return [(a.tag, a.get("href")) for a in rendered.iter("a", "b", "strong", "em", "code")]

    markdown = MarkdownIt()
    assert links(markdown.render(out["notes.md"])) == links(markdown.render(source_of("notes.md")))
    assert links(out["page.html"]) == links(source_of("page.html"))


def source_of(name: str) -> str:
    return (DOCUMENTS / name).read_text(encoding="utf-8")


def test_with_masking_off_compile_refuses_the_damaged_spanish_even_when_approved(press, masking_off):
    project = translated(press)
    approve_all(press)
    [result] = api.compile(project, ["es"])
    assert not result.published and "error" in result.reason
    assert not (press / "build" / "es").exists()


def test_sentences_with_unknown_words_come_first_in_review_with_the_words_named(press):
    project = translated(press)
    queue = api.status(project, ["es"], review=16).review
    unknown = [item for item in queue if any(w.startswith("unknown-words=") for w in item.warnings)]
    assert unknown, [item.warnings for item in queue]
    assert queue[: len(unknown)] != [] and all(item.warnings for item in queue[: len(unknown)])
    for item in unknown:
        [words] = [w.split("=", 1)[1] for w in item.warnings if w.startswith("unknown-words=")]
        assert all(word in item.msgid for word in words.split(",")), (words, item.msgid)
        assert "*" not in item.msgstr  # Apertium's marks never reach the text
    first_plain = next((i for i, item in enumerate(queue) if not item.warnings), len(queue))
    assert all(item.warnings for item in queue[:first_plain])
    assert not any(item.warnings for item in queue[first_plain:])


def test_run_translates_spanish_for_real_and_says_what_to_install_for_german(tmp_path, argos_packages):
    root = tmp_path / "press"
    shutil.copytree(DOCUMENTS, root / "source")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de", "es"]\n')  # engine = auto
    result = loc(root, "run")
    lines = result.output.splitlines()
    assert "es: 16 translated (16 sent to apertium apertium-eng-spa " in result.output
    [german] = [line for line in lines if line.startswith("de: ")]
    assert "download translate-en_de.argosmodel" in german
    assert "en_XA: 16 translated (16 sent to pseudo)" in result.output
    assert "compile: es not published" in result.output  # the suggestions await review
    po = pofile.load(root / "locales" / "es" / "LC_MESSAGES" / "press.po").po
    assert all("fuzzy" in e.flags and e.msgstr and e.msgstr != e.msgid for e in po if e.msgid)
