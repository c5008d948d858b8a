"""PO files: written in GNU gettext's own layout, read back without loss, and files
from other tools keep their conventions (charset, BOM, CRLF, wrap width)."""

from __future__ import annotations

import codecs

import polib
import pytest
from gettext_tools import msgcat, msgfmt_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loc.catalog import po as pofile
from loc.errors import LocError

LONG = (
    "Any claims that user assets on the Binance.US platform were ever at risk are simply not true, "
    "and www.example.com/path.html says so."
)


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "test",
        "PO-Revision-Date": "2026-01-01 00:00+0000",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": "de",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.extend(entries)
    return po


def test_long_strings_wrap_where_msgcat_wraps_them(tmp_path):
    path = tmp_path / "de.po"
    pofile.Catalog(
        path, catalog(polib.POEntry(msgid=LONG, msgstr=LONG, occurrences=[("source/a.txt", "")]))
    ).save()
    assert msgcat(path) == path.read_bytes()
    assert msgfmt_check(path).returncode == 0


def test_every_field_kind_is_laid_out_as_gettext_does(tmp_path):
    entries = [
        polib.POEntry(msgid="Plain.", msgstr="Schlicht.", tcomment="A translator's note\nsecond line"),
        polib.POEntry(
            msgid=LONG, msgstr=LONG, flags=["fuzzy"], previous_msgid=LONG + " Old.", comment="Glossary: SEC"
        ),
        polib.POEntry(msgid="Line one\nline two\n", msgstr="Zeile eins\nZeile zwei\n", msgctxt="context"),
        polib.POEntry(
            msgid="%d file",
            msgid_plural="%d files",
            msgstr_plural={0: "%d Datei", 1: "%d Dateien"},
            flags=["c-format"],
        ),
        polib.POEntry(msgid='Tab\there, quote " and backslash \\.', msgstr="Tab\thier."),
        polib.POEntry(msgid="Gone.", msgstr="Weg.", obsolete=True, previous_msgid="Gone before."),
        polib.POEntry(
            msgid="Many places.",
            msgstr="",
            occurrences=[(f"source/a-very-long-folder-name/document{i}.txt", str(i * 7)) for i in range(9)],
        ),
    ]
    path = tmp_path / "de.po"
    pofile.Catalog(path, catalog(*entries)).save()
    assert msgcat(path) == path.read_bytes()
    assert msgfmt_check(path).returncode == 0


def test_a_polib_load_and_save_gives_back_the_same_bytes(tmp_path):
    path = tmp_path / "de.po"
    original = catalog(
        polib.POEntry(
            msgid=LONG, msgstr="Übersetzt.", flags=["fuzzy"], previous_msgid="Old.", tcomment="loc: x"
        ),
        polib.POEntry(msgid="Gone.", msgstr="Weg.", obsolete=True),
    )
    saved = pofile.Catalog(path, original)
    saved.save()
    reread = polib.pofile(str(path))
    saved.po = reread
    saved.save()  # polib's parser and model, gettext's layout: byte-identical
    assert path.read_bytes() == pofile.dumps(original).encode()
    assert [(e.msgid, e.msgstr, e.flags, e.previous_msgid, e.tcomment) for e in reread] == [
        (e.msgid, e.msgstr, e.flags, e.previous_msgid, e.tcomment) for e in original
    ]


def test_the_previous_msgid_of_an_obsolete_entry_survives_a_reload_though_polib_skips_it():
    text = pofile.dumps(
        catalog(polib.POEntry(msgid="Gone.", msgstr="Weg.", obsolete=True, previous_msgid="Was."))
    )
    assert "#~| msgid" in text
    assert polib.pofile(text)[0].previous_msgid is None  # polib's own reader drops "#~|" lines
    po, _ = pofile.loads(text.encode())
    assert po[0].previous_msgid == "Was."
    assert pofile.dumps(po) == text


def test_gettext_would_drop_the_fuzzy_flag_of_an_empty_translation_so_loc_never_writes_it():
    text = pofile.dumps(catalog(polib.POEntry(msgid="Hi.", msgstr="", flags=["fuzzy"])))
    assert "#, fuzzy" not in text


def test_an_obsolete_entry_without_translation_is_not_written():
    text = pofile.dumps(catalog(polib.POEntry(msgid="Gone.", msgstr="", obsolete=True)))
    assert "Gone." not in text


@pytest.mark.parametrize("options", [["--width=60"], ["--no-wrap"], ["--width=100"]])
def test_a_file_wrapped_at_another_width_keeps_its_width(tmp_path, options):
    path = tmp_path / "de.po"
    pofile.Catalog(path, catalog(*(polib.POEntry(msgid=f"{i} {LONG}", msgstr=LONG) for i in range(5)))).save()
    path.write_bytes(msgcat(path, *options))
    before = path.read_bytes()
    loaded = pofile.load(path)
    loaded.po[0].msgstr = "Geändert."
    loaded.save()
    assert path.read_bytes() == msgcat(path, *options)  # rewritten in the file's own width
    assert path.read_bytes() != before


def test_crlf_bom_and_latin1_survive_a_rewrite(tmp_path):
    path = tmp_path / "de.po"
    po = catalog(polib.POEntry(msgid="Street.", msgstr="Straße."))
    po.metadata["Content-Type"] = "text/plain; charset=ISO-8859-1"
    data = codecs.BOM_UTF8 + pofile.dumps(po).replace("\n", "\r\n").encode("latin-1")
    path.write_bytes(data)
    loaded = pofile.load(path)
    style = loaded.style
    assert (style.charset, style.newline, style.bom) == ("ISO-8859-1", "\r\n", True)
    assert loaded.po[0].msgstr == "Straße."
    loaded.save()
    assert path.read_bytes() == data


def test_a_latin1_file_that_gets_a_character_latin1_lacks_moves_to_utf8(tmp_path):
    path = tmp_path / "de.po"
    po = catalog(polib.POEntry(msgid="Euro.", msgstr=""))
    po.metadata["Content-Type"] = "text/plain; charset=ISO-8859-1"
    path.write_bytes(pofile.dumps(po).encode("latin-1"))
    loaded = pofile.load(path)
    loaded.po[0].msgstr = "Euro €."
    loaded.save()
    reread = pofile.load(path)
    assert reread.style.charset == "UTF-8"
    assert reread.po[0].msgstr == "Euro €."
    assert msgfmt_check(path).returncode == 0


def test_saving_unchanged_bytes_does_not_touch_the_file(tmp_path):
    path = tmp_path / "de.po"
    po = catalog(polib.POEntry(msgid="A.", msgstr="B."))
    saved = pofile.Catalog(path, po)
    assert saved.save() is True
    mtime = path.stat().st_mtime_ns
    assert saved.save() is False
    assert pofile.load(path).save() is False
    assert path.stat().st_mtime_ns == mtime


@pytest.mark.parametrize(
    "text, line",
    [
        ('msgid "a"\nmsgstr "b\n', 2),  # unterminated string
        ('msgid "a"\nmsgstr "\\q"\n', 2),  # bad escape
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4),  # duplicate
    ],
)
def test_malformed_files_name_the_line(text, line):
    with pytest.raises(LocError) as error:
        pofile.loads(text.encode(), "de.po")
    assert error.value.path == "de.po"
    assert error.value.line == line


def test_undecodable_bytes_name_the_line():
    data = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "\xff"\n'
    with pytest.raises(LocError) as error:
        pofile.loads(data, "de.po")
    assert error.value.line == 5
    assert "UTF-8" in error.value.message


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\")
    | st.sampled_from("\n\t\\ "),
    max_size=160,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(_text.filter(bool), _text), min_size=1, max_size=8, unique_by=lambda p: p[0]))
def test_any_catalog_is_a_fixed_point_of_msgcat_and_of_a_reload(tmp_path, pairs):
    path = tmp_path / "prop.po"
    po = catalog(*(polib.POEntry(msgid=msgid, msgstr=msgstr) for msgid, msgstr in pairs))
    path.unlink(missing_ok=True)  # left by the previous example: this one writes a new file
    pofile.Catalog(path, po).save()
    assert msgcat(path) == path.read_bytes()
    reread = pofile.load(path)
    assert [(e.msgid, e.msgstr) for e in reread.po] == pairs
    assert pofile.dumps(reread.po, reread.style.width).encode() == path.read_bytes()
