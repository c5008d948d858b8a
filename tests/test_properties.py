"""Properties over arbitrary inputs (hypothesis): documents survive extract and compile
byte for byte, any catalog survives a save and a load, and a merge loses no translation.

test_pofile.py checks msgid/msgstr pairs against msgcat; here the catalogs have every
field gettext knows, the file styles loc keeps, and the characters that `str.splitlines`
treats as line ends but gettext keeps inside a string (U+2028, U+0085, U+001C...).
"""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import polib
from gettext_tools import msgcat, msgfmt_check
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from loc import config
from loc.catalog import model as catalog
from loc.catalog import po as pofile
from loc.project import Project
from loc.steps.compile import compile_languages
from loc.steps.extract import extract

# characters str.splitlines breaks at, besides "\n"; gettext writes them inside strings
LINE_LIKE = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# no NUL (a binary file) and no U+0004 (gettext's context separator): test_bad_inputs.py
_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04") | st.sampled_from(
    f'\n\t\\" {LINE_LIKE}\u00a0\u0301é漢😀'
)
_text = st.text(alphabet=_char, max_size=120)
_word = st.text(alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12)
_comment = st.lists(_word, min_size=1, max_size=6).map(" ".join)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---- documents: extract, then compile with no translations, gives the source back ------

_doc_piece = st.one_of(
    st.sampled_from(
        [
            "We are safe.",
            "Binance.US is here!",
            "Is it? Yes.",
            "  indented line",
            "- a list item",
            "1. first",
            "(see below)",
            "e.g. this",
            "Dr. Smith came.",
            "Café crème.",
            "Cafe\u0301 noir.",
            "漢字のテキスト。",
            "“Quoted.”",
            "...",
            " . ",
            "\t",
            "tab\tinside.",
            "U+2028\u2028here.",
        ]
    ),
    _text,
)
_line_end = st.sampled_from(["\n", "\r\n", "\n\n", "\r\n\r\n", " ", ""])
documents_text = st.lists(st.tuples(_doc_piece, _line_end), min_size=1, max_size=25).map(
    lambda parts: "".join(piece + end for piece, end in parts)
)


def _project(root: Path, source: bytes) -> Project:
    (root / "source").mkdir(parents=True)
    (root / "source" / "doc.txt").write_bytes(source)
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    return Project(config.load(root))


@PROPERTY
@given(text=documents_text, bom=st.booleans())
@example(text="Line one\u2028line two. Next one.\r\n\r\n  Indented\nwrapped text.", bom=False)
def test_extract_then_compile_without_translations_gives_the_source_back_byte_for_byte(text, bom):
    if not any(char.isalpha() for char in text):
        return  # no text to translate: an error, covered in test_bad_inputs.py
    source = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp), source)
        extract(project)
        [result] = compile_languages(project, ["de"], force=True).languages
        assert result.published
        assert (project.config.output / "de" / "doc.txt").read_bytes() == source
        for path in (project.pot_path("doc"), project.po_path("de", "doc")):
            assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
            assert msgcat(path) == path.read_bytes()
        pot = pofile.load(project.pot_path("doc")).po
        assert len(pot) == len({segment.text for segment in project.documents()["doc"].segments})


# ---- catalogs: a save and a load give back every field, in the file's style ------------

_FLAGS = ["fuzzy", "c-format", "python-format", "no-wrap"]  # in gettext's order
_flags = st.sets(st.sampled_from(_FLAGS)).map(lambda chosen: [flag for flag in _FLAGS if flag in chosen])
_reference = st.tuples(
    st.from_regex(r"source/[a-z]{1,12}(/[a-z0-9_-]{1,20}){0,2}\.txt", fullmatch=True),
    st.sampled_from(["", "1", "42", "1234"]),
)


@st.composite
def entries(draw, key):
    msgctxt, msgid = key
    plural = draw(st.booleans())
    translated = draw(st.booleans())
    obsolete = translated and draw(st.integers(0, 4)) == 0  # gettext drops untranslated obsolete ones
    flags = draw(_flags)
    entry = polib.POEntry(
        msgctxt=msgctxt,
        msgid=msgid,
        tcomment="\n".join(draw(st.lists(_comment, max_size=2))),
        comment="" if obsolete else "\n".join(draw(st.lists(_comment, max_size=2))),
        occurrences=[] if obsolete else draw(st.lists(_reference, max_size=4, unique=True)),
        flags=flags,
        obsolete=obsolete,
    )
    if plural:
        entry.msgid_plural = draw(_text.filter(bool))
        forms = [draw(_text.filter(bool)) if translated else "" for _ in range(2)]
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = draw(_text.filter(bool)) if translated else ""
    if "fuzzy" in flags and translated and draw(st.booleans()):
        entry.previous_msgid = draw(_text.filter(bool))
    return entry


@st.composite
def catalogs(draw):
    keys = draw(
        st.lists(st.tuples(st.none() | _text, _text.filter(bool)), min_size=1, max_size=8, unique=True)
    )
    po = polib.POFile()
    po.header = draw(st.sampled_from(["", "German translation.\nAna <ana@example.com>, 2026.\n"]))
    po.metadata = {
        "Project-Id-Version": "press 1.0",
        "PO-Revision-Date": "2026-01-01 00:00+0000",
        "Last-Translator": draw(st.sampled_from(["", "Ana Translator <ana@example.com>"])),
        "Language-Team": "German",
        "Language": "de",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for key in keys:
        po.append(draw(entries(key)))
    return po


_styles = st.builds(
    pofile.Style,
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    width=st.sampled_from([79, None, 60, 100]),
)


def _fields(po: polib.POFile) -> list[tuple]:
    """What a catalog means, as gettext reads it: fuzzy only counts on a translation."""
    return [
        (
            e.msgctxt,
            e.msgid,
            e.msgid_plural,
            e.msgstr,
            dict(e.msgstr_plural),
            e.obsolete,
            e.tcomment,
            e.comment,
            e.occurrences,
            pofile._flags(e),
            e.previous_msgid,
        )
        for e in sorted(po, key=lambda e: e.obsolete)  # obsolete entries are written last
        if not e.obsolete or catalog.is_translated_text(e)
    ]


@PROPERTY
@given(po=catalogs(), style=_styles)
def test_any_catalog_survives_a_save_and_a_load_in_any_style(po, style):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "de.po"
        pofile.Catalog(path, po, style).save()
        written = path.read_bytes()
        note(written.decode("utf-8", "replace"))
        loaded = pofile.load(path)
        reread, found = loaded.po, loaded.style
        assert _fields(reread) == _fields(po)
        assert reread.metadata == po.metadata and reread.header == po.header
        assert (found.newline, found.bom) == (style.newline, style.bom)
        assert loaded.save() is False  # same bytes: the file is left alone
        if style.newline == "\n" and not style.bom:  # msgcat reads neither CRLF nor a BOM as loc does
            options = ["--no-wrap"] if style.width is None else [f"--width={style.width}"]
            assert msgcat(path, *options) == written


def _one_entry_each(tmp_path, texts, **fields):
    path = tmp_path / "de.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(texts):
        po.append(polib.POEntry(msgid=f"{number} {text}", msgstr=text, **fields))
    pofile.Catalog(path, po).save()
    return po, path


def test_a_string_with_a_line_separator_keeps_it_and_its_layout(tmp_path):
    texts = [f"Line one{char}line two, long enough to wrap {'x' * 70}" for char in LINE_LIKE]
    po, path = _one_entry_each(tmp_path, texts)
    assert msgcat(path) == path.read_bytes()
    assert [(e.msgid, e.msgstr) for e in pofile.load(path).po] == [(e.msgid, e.msgstr) for e in po]


def test_every_escape_gettext_writes_comes_back_as_its_character(tmp_path):
    po, path = _one_entry_each(
        tmp_path, ["bell\a", "back\bspace", "form\ffeed", "vertical\vtab", 'quote" \\ ']
    )
    assert b"bell\\a" in path.read_bytes() and msgcat(path) == path.read_bytes()
    assert [(e.msgid, e.msgstr) for e in pofile.load(path).po] == [(e.msgid, e.msgstr) for e in po]


def test_a_file_whose_only_long_lines_are_references_keeps_its_width(tmp_path):
    references = [(f"source/ch-{i}/a.txt", "") for i in range(5)]
    _, path = _one_entry_each(tmp_path, ["Short.", "Also short."], occurrences=references)
    path.write_bytes(msgcat(path, "--width=60"))
    assert pofile.load(path).save() is False


# ---- merge: every translation in the old catalog is still somewhere in the new one ------

SENTENCES = [
    "We are safe.",
    "We are not safe.",
    "We are very safe.",
    "All user assets are safe and secure.",
    "All user assets are safe and very secure.",
    "We had 3 days to respond.",
    "We had 4 days to respond.",
    "The SEC filed a lawsuit against Binance today.",
    "The SEC filed a lawsuit against Binance yesterday.",
    "Binance remains committed to effective collaboration.",
    "Unfortunately, the SEC has abandoned this path.",
    "Thanks.",
]


@st.composite
def old_catalogs(draw):
    chosen = draw(st.lists(st.sampled_from(SENTENCES), unique=True, max_size=len(SENTENCES)))
    po = polib.POFile()
    po.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    po.metadata_is_fuzzy = draw(st.booleans())
    for msgid in chosen:
        state = draw(st.sampled_from(["reviewed", "fuzzy", "untranslated", "obsolete"]))
        entry = polib.POEntry(msgid=msgid, msgstr="" if state == "untranslated" else f"[de] {msgid}")
        if state == "fuzzy":
            entry.flags = ["fuzzy"]
            entry.previous_msgid = draw(st.none() | st.sampled_from(SENTENCES))
        entry.obsolete = state == "obsolete"
        entry.tcomment = draw(st.sampled_from(["", "checked by Ana"]))
        po.append(entry)
    return po


@PROPERTY
@given(
    old=old_catalogs(),
    new=st.lists(st.sampled_from(SENTENCES), unique=True, max_size=len(SENTENCES)),
    threshold=st.sampled_from([0.6, 0.8, 1.0]),
)
def test_merge_never_drops_a_translation_and_never_changes_a_reviewed_one(old, new, threshold):
    template = polib.POFile()
    template.extend(polib.POEntry(msgid=msgid, occurrences=[("source/a.txt", "")]) for msgid in new)
    merged, _ = catalog.merge(old, template, source_lang="en", threshold=threshold)
    saved, _ = pofile.loads(pofile.dumps(merged).encode())
    assert [e.msgid for e in saved if not e.obsolete] == new
    after = {(e.msgctxt, e.msgid): e for e in saved}
    for entry in old:
        if not catalog.is_translated_text(entry):
            continue
        kept = after[entry.msgctxt, entry.msgid]  # still active, restored, or obsolete
        assert (kept.msgstr, kept.tcomment) == (entry.msgstr, entry.tcomment)
        if catalog.state(entry) == "translated" and not entry.obsolete and entry.msgid in new:
            assert catalog.state(kept) == "translated" and not kept.obsolete
    assert not saved.metadata_is_fuzzy
