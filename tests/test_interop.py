"""loc among the other gettext tools: what it writes, they read (msgfmt, msgcat, msgmerge,
msgunfmt, po4a's parser, translate-toolkit); what they write, loc reads and keeps as they
laid it out, through `loc extract`, `loc translate` and `loc compile`."""

from __future__ import annotations

import codecs
import json
import shutil
import subprocess

import polib
import pytest
from conftest import loc, make_project
from gettext_tools import msgcat, msgfmt_check, run
from translate.storage import pypo
from typer.testing import CliRunner

from loc.catalog import notes
from loc.catalog import po as pofile

runner = CliRunner()
CHANGED = (
    "We are extremely disappointed with this decision.",
    "We are deeply disappointed with this decision.",
)
REMOVED = " Unfortunately, the SEC has abandoned this path."
ADDED = ("It appears the SEC's real intention is to make headlines.", " We will keep our users informed.")


@pytest.fixture
def project(tmp_path):
    settings = '[project]\nname = "press"\n\n[tool.loc]\nlanguages = ["de", "fr"]\n'
    root = make_project(tmp_path / "press", settings)
    assert loc(root, "extract").exit_code == 0
    return root


def po_path(root, lang="de"):
    return root / "locales" / lang / "LC_MESSAGES" / "statement.po"


def review_all(path, prefix="[de] "):
    """A translator reviews every entry (Poedit: type, then Ctrl-Enter)."""
    catalog = pofile.load(path)
    po = catalog.po
    for entry in po:
        if not entry.obsolete:
            entry.msgstr, entry.flags = prefix + entry.msgid, []
    catalog.save()


def edit_source(root, *replacements):
    source = root / "source" / "statement.txt"
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")


def meaning(po):
    """What a merge decides per entry, as msgmerge and loc can both be asked."""
    return sorted(
        (e.obsolete, e.msgid, e.msgstr, "fuzzy" in e.flags and bool(e.msgstr), e.previous_msgid) for e in po
    )


# ---- every file loc writes ------------------------------------------------------------


def full_workflow(root):
    """Every kind of file and entry loc writes: templates, new and merged catalogs, machine
    suggestions with provenance, fuzzy matches with #|, vetoed matches with a note,
    obsolete entries (with #~|), the pseudo-locale, MO files and compiled documents."""
    review_all(po_path(root))
    edit_source(
        root,
        CHANGED,
        (REMOVED, ""),
        (ADDED[0], ADDED[0] + ADDED[1]),
        ("were ever at risk are simply not", "were ever at risk are simply"),
    )
    assert loc(root, "extract").exit_code == 0
    catalog = pofile.load(po_path(root))  # a translator edits the fuzzy match, leaving it fuzzy
    [match] = [e for e in catalog.po if e.msgid == CHANGED[1]]
    match.msgstr += " (bearbeitet)"
    catalog.save()
    edit_source(root, (CHANGED[1], "We are so disappointed with this decision."))
    assert loc(root, "extract").exit_code == 0  # the edited match stays obsolete, its #| as #~|
    assert loc(root, "translate", "--lang", "fr", "--engine", "pseudo").exit_code == 0
    assert loc(root, "translate", "--lang", "de").exit_code == 0
    assert loc(root, "translate", "--lang", "en-XA").exit_code == 0
    assert loc(root, "compile", "--force").exit_code == 0
    written = sorted((root / "locales").rglob("*.po*"))
    assert len(written) == 4  # the template, de, fr and the pseudo-locale
    return written


def test_every_catalog_loc_writes_passes_msgfmt_and_is_a_fixed_point_of_msgcat_and_polib(project, en_de):
    for path in full_workflow(project):
        data = path.read_bytes()
        assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
        assert msgcat(path) == data, path
        reread = pofile.dumps(polib.pofile(str(path))).encode()
        # polib's reader skips "#~|" lines (an obsolete entry's previous msgid): only they go
        assert reread == b"".join(
            line for line in data.splitlines(keepends=True) if not line.startswith(b"#~|")
        )
        assert pofile.dumps(pofile.load(path).po).encode() == data


def test_the_workflow_covers_every_kind_of_entry(project, en_de):
    full_workflow(project)
    text = po_path(project).read_text(encoding="utf-8")
    for marker in (
        "#, fuzzy",
        "#| msgid",
        "#~ msgid",
        "#~| msgid",
        "# loc: origin engine=argos",
        notes.VETO,
    ):
        assert marker in text


def test_every_mo_loc_writes_holds_what_msgfmt_makes_of_the_same_catalog(project, en_de, tmp_path):
    full_workflow(project)
    for lang in ("de", "fr", "en_XA"):
        ours = project / "build" / lang / "LC_MESSAGES" / "statement.mo"
        theirs = tmp_path / f"{lang}.mo"
        run("msgfmt", "-o", theirs, po_path(project, lang))
        assert run("msgunfmt", ours).stdout == run("msgunfmt", theirs).stdout


def po4a_entries(path):
    """The entries po4a's own parser (Locale::Po4a::Po, which runs msgfmt first) sees."""
    script = (
        "use Locale::Po4a::Po; use JSON::PP; my $po = Locale::Po4a::Po->new(); $po->read($ARGV[0]); "
        "my @out; for my $i (0 .. $po->count_entries() - 1) { my $id = $po->msgid($i); "
        'push @out, [$id, $po->{po}{$id}{msgstr}, $po->{po}{$id}{flags} // ""]; } '
        "print JSON::PP->new->encode(\\@out);"
    )
    out = subprocess.run(["perl", "-e", script, str(path)], capture_output=True, check=True).stdout
    return [tuple(entry) for entry in json.loads(out.decode("utf-8"))]


def test_po4a_reads_the_entries_loc_wrote(project, en_de):
    for path in full_workflow(project):
        po = pofile.load(path).po
        expected = [(e.msgid, e.msgstr, ", ".join(pofile._flags(e))) for e in po if not e.obsolete]
        assert po4a_entries(path) == expected, path


def test_translate_toolkit_reads_the_units_loc_wrote(project, en_de):
    for path in full_workflow(project):
        po = pofile.load(path).po
        units = [u for u in pypo.pofile.parsefile(str(path)).units if not u.isheader()]
        assert [
            (
                u.getcontext() or None,
                u.source,
                str(u.target),
                u.isfuzzy(),
                u.isobsolete(),
                u.prev_source or None,
            )
            for u in units
        ] == [
            (e.msgctxt, e.msgid, e.msgstr, "fuzzy" in pofile._flags(e), e.obsolete, e.previous_msgid)
            for e in po
        ]


def test_a_sentence_repeated_on_one_line_is_referenced_once_as_xgettext_does(tmp_path):
    root = tmp_path / "cheer"
    (root / "source").mkdir(parents=True)
    (root / "source" / "cheer.txt").write_text("Yes! Yes! We agree.\n")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\nadd_location = "full"\n')
    assert loc(root, "extract").exit_code == 0
    for path in (root / "locales").rglob("*.po*"):
        assert msgcat(path) == path.read_bytes()
        assert pofile.load(path).po.find("Yes!").occurrences == [("source/cheer.txt", "1")]


# ---- msgmerge and loc extract ----------------------------------------------------------


def test_extract_merges_as_msgmerge_does_on_a_statement_edited_twice(project, tmp_path):
    """Edit 1 changes, removes and adds a sentence; edit 2 restores the removed one. The
    one difference, by design: loc keeps the source of a fuzzy match as an obsolete entry
    too, so the reviewed translation survives whatever the reviewer makes of the match."""
    review_all(po_path(project))
    edits = [
        [CHANGED, (REMOVED, ""), (ADDED[0], ADDED[0] + ADDED[1])],
        [("thoughtful collaboration.", "thoughtful collaboration." + REMOVED)],
    ]
    for number, replacements in enumerate(edits):
        before = tmp_path / f"before{number}.po"
        shutil.copy(po_path(project), before)
        edit_source(project, *replacements)
        assert loc(project, "extract").exit_code == 0
        merged = tmp_path / f"msgmerge{number}.po"
        run("msgmerge", "--quiet", "--previous", "-o", merged, before, project / "locales" / "statement.pot")
        ours, theirs = meaning(pofile.load(po_path(project)).po), meaning(pofile.load(merged).po)
        extra = [(True, CHANGED[0], "[de] " + CHANGED[0], False, None)] if number == 0 else []
        assert [e for e in ours if e not in theirs] == extra
        assert [e for e in ours if e not in extra] == theirs
    restored = pofile.load(po_path(project)).po.find(REMOVED.strip())
    assert restored.msgstr == "[de] " + REMOVED.strip() and not restored.flags


@pytest.mark.parametrize(
    "old, new",
    [
        ("were ever at risk are simply not true.", "were ever at risk are simply true."),  # a negation
        ("We have always actively cooperated", "We have twice actively cooperated 3 times"),  # a number
    ],
)
def test_where_msgmerge_offers_a_match_that_flips_a_number_or_negation_loc_offers_none(
    project, tmp_path, old, new
):
    review_all(po_path(project))
    before = tmp_path / "before.po"
    shutil.copy(po_path(project), before)
    edit_source(project, (old, new))
    assert loc(project, "extract").exit_code == 0
    merged = tmp_path / "msgmerge.po"
    run("msgmerge", "--quiet", "--previous", "-o", merged, before, project / "locales" / "statement.pot")
    changed = next(e for e in pofile.load(merged).po if new in e.msgid)
    assert "fuzzy" in changed.flags and changed.msgstr  # msgmerge hands over the old translation
    ours = next(e for e in pofile.load(po_path(project)).po if new in e.msgid)
    assert ours.msgstr == "" and ours.tcomment.startswith(notes.VETO)


def test_msgmerge_keeps_a_fuzzy_header_and_loc_clears_it(project, tmp_path):
    """A fuzzy header makes msgfmt and Poedit ignore the catalog's charset and plurals."""
    path = po_path(project)
    catalog = pofile.load(path)
    po = catalog.po
    po.metadata_is_fuzzy = True
    catalog.save()
    merged = tmp_path / "msgmerge.po"
    run("msgmerge", "--quiet", "-o", merged, path, project / "locales" / "statement.pot")
    assert pofile.load(merged).po.metadata_is_fuzzy
    assert loc(project, "extract").exit_code == 0
    assert not pofile.load(path).po.metadata_is_fuzzy
    assert pofile.load(path).po.metadata == po.metadata


# ---- files other tools wrote ------------------------------------------------------------


def seed_a_translators_catalog(root):
    """Half the statement reviewed, a translator's note, a fuzzy entry with its previous
    msgid, and obsolete entries with a context, plural forms and a previous msgid."""
    path = po_path(root)
    catalog = pofile.load(path)
    po = catalog.po
    for number, entry in enumerate(po):
        if number % 2 == 0:
            entry.msgstr = "[de] Straße: " + entry.msgid
    po[0].tcomment = "Ana: keep the tone of the original."
    po[2].msgstr, po[2].flags, po[2].previous_msgid = "Entwurf.", ["fuzzy"], "An earlier sentence."
    po.append(polib.POEntry(msgctxt="menu", msgid="File", msgstr="Datei", obsolete=True))
    po.append(
        polib.POEntry(
            msgid="%d file",
            msgid_plural="%d files",
            msgstr_plural={0: "%d Datei", 1: "%d Dateien"},
            flags=["c-format"],
            obsolete=True,
        )
    )
    po.append(
        polib.POEntry(msgid="Gone.", msgstr="Weg.", flags=["fuzzy"], previous_msgid="Was.", obsolete=True)
    )
    catalog.save()
    return path


def everything(po):
    return [
        (
            e.msgctxt,
            e.msgid,
            e.msgid_plural,
            e.msgstr,
            e.msgstr_plural,
            e.obsolete,
            e.tcomment,
            e.flags,
            e.previous_msgid,
        )
        for e in po
    ]


def latin1(path):
    run("msgconv", "--to-code=ISO-8859-1", path, "-o", path)


REWRITES = {
    "msgcat --width=60": lambda path: path.write_bytes(msgcat(path, "--width=60")),
    "msgcat --width=100": lambda path: path.write_bytes(msgcat(path, "--width=100")),
    "msgcat --no-wrap": lambda path: path.write_bytes(msgcat(path, "--no-wrap")),
    "CRLF": lambda path: path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n")),
    "BOM": lambda path: path.write_bytes(codecs.BOM_UTF8 + path.read_bytes()),
    "ISO-8859-1": latin1,
}


@pytest.mark.parametrize("rewrite", REWRITES)
def test_a_catalog_another_tool_wrote_keeps_its_layout_and_every_entry_through_extract_translate_compile(
    project, en_de, rewrite, tmp_path
):
    path = seed_a_translators_catalog(project)
    REWRITES[rewrite](path)
    written, loaded = path.read_bytes(), pofile.load(path)
    before, style = loaded.po, loaded.style
    assert loc(project, "extract").exit_code == 0
    assert path.read_bytes() == written  # read correctly, not rewritten

    result = loc(project, "translate", "--lang", "de")
    assert result.exit_code == 0, result.output
    reloaded = pofile.load(path)
    after, found = reloaded.po, reloaded.style
    assert found == style  # charset, line ends, BOM and width as the tool wrote them
    filled = {e.msgid for e in after if "loc: origin" in e.tcomment}
    assert len(filled) == 14  # the untranslated ones, and nothing else

    def untouched(po):
        return [fields for fields in everything(po) if fields[1] not in filled]

    assert untouched(after) == untouched(before)
    assert pofile.encode(pofile.dumps(after, style.width), style) == path.read_bytes()
    if rewrite.startswith("msgcat"):
        assert msgcat(path, rewrite.split()[1]) == path.read_bytes()  # the whole file in its width
    checked = path
    if rewrite == "BOM":  # msgfmt 0.21 reads no BOM: it refused this file before loc touched it
        assert msgfmt_check(path).returncode != 0
        checked = tmp_path / "without-bom.po"
        checked.write_bytes(path.read_bytes()[len(codecs.BOM_UTF8) :])
    assert msgfmt_check(checked).returncode == 0, msgfmt_check(checked).stderr

    translated = path.read_bytes()
    assert loc(project, "compile", "--lang", "de", "--force").exit_code == 0
    assert path.read_bytes() == translated
    document = (project / "build" / "de" / "statement.txt").read_text(encoding="utf-8")
    assert document.startswith("[de] Straße: We are disappointed")


POEDIT_HEADER = """\
# German translation of the press statement.
# Copyright (C) 2026 Press Team
# Ana Translator <ana@example.com>, 2026.
#
msgid ""
msgstr ""
"Project-Id-Version: press\\n"
"POT-Creation-Date: \\n"
"PO-Revision-Date: 2026-03-01 12:00+0100\\n"
"Last-Translator: Ana Translator <ana@example.com>\\n"
"Language-Team: German <de@li.org>\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"X-Generator: Poedit 3.4.2\\n"
"X-Poedit-SourceCharset: UTF-8\\n"
"X-Poedit-Basepath: ../../..\\n"
"X-Poedit-SearchPath-0: source\\n"
"""


def save_as_poedit(path):
    """Poedit after a review: its header and comment block, then the file re-wrapped."""
    entries = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
    path.write_text(POEDIT_HEADER + "\n" + entries, encoding="utf-8")
    path.write_bytes(msgcat(path, "--width=76"))


def save_as_weblate(path):
    """Weblate writes through translate-toolkit: its header fields, its own wrapping."""
    store = pypo.pofile.parsefile(str(path))
    store.updateheader(
        add=True,
        PO_Revision_Date="2026-03-02 09:30+0000",
        Last_Translator="Ana Translator <ana@example.com>",
        Language_Team="German <https://hosted.weblate.org/projects/press/statement/de/>",
        X_Generator="Weblate 5.4",
    )
    store.savefile(str(path))


def header(path):
    po = pofile.load(path).po
    return po.header, list(po.metadata.items())


@pytest.mark.parametrize("save_as", [save_as_poedit, save_as_weblate])
def test_a_catalog_saved_by_a_translator_tool_merges_cleanly_on_the_next_extract(project, save_as):
    path = po_path(project)
    review_all(path)
    save_as(path)
    reviewed = {e.msgid: e.msgstr for e in pofile.load(path).po}
    fields = header(path)
    edit_source(project, CHANGED, (ADDED[0], ADDED[0] + ADDED[1]))
    result = loc(project, "extract")
    assert result.exit_code == 0, result.output
    merged = pofile.load(path).po
    assert header(path) == fields  # the tool's header, field for field and in its order
    for entry in merged:
        if entry.msgid in reviewed and not entry.obsolete:
            assert (entry.msgstr, entry.flags) == (reviewed[entry.msgid], [])
    assert merged.find(CHANGED[1]).msgstr == reviewed[CHANGED[0]]  # a fuzzy match, to review
    assert merged.find(ADDED[1].strip()).msgstr == ""
    assert merged.find(CHANGED[0], include_obsolete_entries=True).obsolete
    if save_as is save_as_poedit:
        assert msgcat(path, "--width=76") == path.read_bytes()  # still in Poedit's width
    else:
        # translate-toolkit's wrapping is its own: like msgmerge, loc writes gettext's again
        assert msgcat(path) == path.read_bytes()
    assert msgfmt_check(path).returncode == 0


def test_a_header_in_another_field_order_keeps_it(project):
    """Transifex writes Language after Content-Transfer-Encoding."""
    path = po_path(project)
    text = path.read_text(encoding="utf-8")
    text = text.replace('"Language: de\\n"\n', "", 1)
    text = text.replace(
        '"Content-Transfer-Encoding: 8bit\\n"\n', '"Content-Transfer-Encoding: 8bit\\n"\n"Language: de\\n"\n'
    )
    path.write_text(text, encoding="utf-8")
    edit_source(project, CHANGED)
    assert loc(project, "extract").exit_code == 0
    assert path.read_text(encoding="utf-8").split("\n\n")[0] == text.split("\n\n")[0]


def test_a_new_catalog_has_its_header_fields_in_msginits_order(project):
    assert loc(project, "extract", "--lang", "it").exit_code == 0
    fields = list(pofile.load(po_path(project, "it")).po.metadata)
    assert fields == [
        "Project-Id-Version",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "Language",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Plural-Forms",
    ]
