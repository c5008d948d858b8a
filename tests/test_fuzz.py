"""Fuzzing what reads text loc did not write: the PO reader, the checks and the masking.

Hostile or broken input may give a one-line LocError, never a traceback. The inputs mix
arbitrary unicode with the pieces these parsers look for (URLs, placeholders, tags, mask
tokens, numbers, PO keywords and escapes), so that the interesting paths are reached.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import polib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loc import checks
from loc.catalog import notes, po
from loc.engines.pseudo import pseudolocalize
from loc.errors import LocError
from loc.glossary import load
from loc.protect import mask, restore

GLOSSARY = load(Path(__file__).parent / "data" / "glossary.tbx")
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# fmt: off
_PIECES = (
    "https://", "http://a.org", "www.", "example.com", ".com/", "a@b.org", "(", ")", "[", "]", "{", "}",
    "{0}", "{name}", "%s", "%1$d", "%(n)s", "%", "<b>", "</b>", "<br/>", '<a href="x">', "&amp;",
    "XZ", "XZ0X", "XZ 1X", "X Z 2 X", "XZ99X", "X", "Z", "⟦", "⟧", "「", "」", "«", "»", "“", "”",
    "1,000.5", "1.000,5", "1 000", "3.14159265358979323846264338327950288", "0", "٣", "１２", "²",
    "9" * 40, ".", ",", "!", "?", "…", "。", " ", "\u00a0", "\u202f", "\n", "\t", "\0", "é",
    "Binance", "Binance.US", "SEC", "die die", "the the",
)
_PO_PIECES = (
    b'"', b"\\", b"\n", b"\r\n", b"#~ ", b"#| ", b"msgid ", b"msgstr ", b"msgstr[1] ", b"msgid_plural ",
    b"msgctxt ", b'""', b"\\x41", b"\\777", b"charset=latin-1", b"charset=BOGUS", b"charset=rot13",
    b"charset=undefined", b"\xef\xbb\xbf", b"\0",
)
# fmt: on
_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=16).map("".join),
)
_terms = st.lists(
    st.sampled_from(("Binance", "Binance.US", "SEC", "X", "é")) | st.text(max_size=6), max_size=4
)
_langs = st.sampled_from(
    ("en", "de", "fr", "de_CH", "ja", "zh_Hant", "ar", "hi", "xx", "", "en_XA", "sr@latin")
)


# ---- the PO reader ----------------------------------------------------------------------

VALID_PO = b"""\
# Translator comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

# loc: origin engine=pseudo sha1=0123456789
#. extracted
#: doc.txt:3
#, fuzzy, python-format
#| msgid "Old %s"
msgctxt "ctx"
msgid "Hello %s \\"world\\"\\n"
msgstr "Hallo %s \\"Welt\\"\\n"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "Eine Datei"
msgstr[1] "%d Dateien"

#~ msgid "Gone"
#~ msgstr "Weg"
"""

_mutation = st.tuples(
    st.sampled_from(("delete", "insert", "replace", "duplicate")),
    st.integers(0, len(VALID_PO)),
    st.integers(0, 40),
    st.one_of(
        st.binary(max_size=8),
        st.text(max_size=8).map(str.encode),
        st.sampled_from(_PO_PIECES),
    ),
)


def _mutate(data: bytes, mutations: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, at, size, piece in mutations:
        at = min(at, len(data))
        if kind == "delete":
            data = data[:at] + data[at + size :]
        elif kind == "insert":
            data = data[:at] + piece + data[at:]
        elif kind == "replace":
            data = data[:at] + piece + data[at + len(piece) :]
        else:
            data = data[:at] + data[at : at + size] + data[at:]
    return data


def _loads_or_loc_error(data: bytes) -> None:
    with contextlib.suppress(LocError):
        po.loads(data, "fuzz.po")


def test_the_po_reader_has_the_valid_sample_to_mutate():
    pofile, _ = po.loads(VALID_PO, "fuzz.po")
    assert [e.msgid for e in pofile] == ['Hello %s "world"\n', "One file", "Gone"]


@FUZZ
@given(st.binary(max_size=400))
@example(b"")
@example(b"\xef\xbb\xbf")
def test_the_po_reader_raises_only_loc_error_on_arbitrary_bytes(data):
    _loads_or_loc_error(data)


@FUZZ
@given(st.lists(_mutation, min_size=1, max_size=4))
def test_the_po_reader_raises_only_loc_error_on_mutated_po_text(mutations):
    _loads_or_loc_error(_mutate(VALID_PO, mutations))


# ---- the checks -------------------------------------------------------------------------

_comment = st.one_of(
    _text,
    st.lists(
        st.tuples(st.sampled_from(("missing", "extra")), st.integers(0, 12), _text),
        max_size=3,
    ).map(lambda lines: "\n".join(f"{notes.MASK}{kind} XZ{n}X {original}" for kind, n, original in lines)),
)


@st.composite
def _entries(draw) -> polib.POEntry:
    entry = polib.POEntry(msgid=draw(_text), msgstr=draw(_text), tcomment=draw(_comment))
    if draw(st.booleans()):
        entry.msgid_plural = draw(_text)
        entry.msgstr_plural = dict(enumerate(draw(st.lists(_text, min_size=1, max_size=3))))
    if draw(st.booleans()):
        entry.flags.append("fuzzy")
    return entry


@FUZZ
@given(st.lists(_entries(), min_size=1, max_size=3), _langs, _langs, st.booleans(), st.booleans())
def test_the_checks_survive_any_source_and_translation(entries, source_lang, target_lang, glossary, reviewed):
    problems = checks.run(
        entries,
        source_lang=source_lang,
        target_lang=target_lang,
        glossary=GLOSSARY if glossary else None,
        only_reviewed=reviewed,
    )
    assert all(p.check in checks.CHECKS and "\n" not in p.message for p in problems)


@FUZZ
@given(_text, _langs)
def test_the_checks_survive_a_pseudo_translation(source, target_lang):
    entry = polib.POEntry(msgid=source, msgstr=pseudolocalize(source, GLOSSARY.dnt_terms))
    checks.run([entry], source_lang="en", target_lang=target_lang, glossary=GLOSSARY)


# ---- masking ----------------------------------------------------------------------------


@FUZZ
@given(_text, _terms)
def test_mask_then_restore_of_the_unchanged_masked_text_gives_the_original(text, terms):
    masked = mask(text, terms)
    restored = restore(masked.text, masked)
    assert (restored.text, restored.problems) == (text, ())


@FUZZ
@given(_text, _terms, _text)
def test_restore_survives_any_engine_output(text, terms, output):
    restore(output, mask(text, terms))


@FUZZ
@given(_text, _terms)
def test_restore_survives_the_pseudo_engine_output_of_masked_text(text, terms):
    masked = mask(text, terms)
    restore(pseudolocalize(masked.text, terms), masked)
