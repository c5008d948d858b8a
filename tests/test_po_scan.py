"""The one-pass reader against its judge: on any text, `po._scan` reads exactly the entries
polib reads after msgfmt's checks (`po._careful`), or leaves the file to them; it never
accepts a file they refuse. Its speed is in bench/."""

from __future__ import annotations

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loc.catalog import po
from loc.errors import LocError

_raw = st.text(alphabet=st.sampled_from('ab é"\\ntx0\u2028:,#~|'), max_size=8)
_quoted = st.one_of(
    _raw.map(lambda s: '"' + s + '"'),
    st.sampled_from(
        ['""', '"\\"q\\""', '"a\\\\"', '"\\a\\?\\\'"', '"\\101"', '"\\x41"', '"\\q"', '"open', '"a"b"']
    ),
)
_keyword = st.sampled_from(
    ["msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[0]", "msgstr[1]", "msgstr[2]"]
)
_prefix = st.sampled_from(["", "", "", "#~ ", "#| ", "#~| "])
_line = st.one_of(
    st.builds(lambda p, k, q: f"{p}{k} {q}", _prefix, _keyword, _quoted),
    st.builds(lambda p, q: f"{p}{q}", _prefix, _quoted),
    st.builds(
        lambda k, r: f"{k}{r}",
        st.sampled_from(["#", "# ", "#. ", "#: ", "#, ", "#.", "##", "#:", "#,"]),
        _raw,
    ),
    st.sampled_from(
        ["", "", "#, fuzzy", "#, fuzzy, c-format", "#: a.txt:12 b.txt", "#~", ' msgid "x"', 'msgid\t"x"']
    ),
)


def _entry(ctxt: bool, plural: bool, obsolete: bool) -> st.SearchStrategy[list[str]]:
    """A well-formed entry (what gettext writes), with comments and continuations."""
    dead = "#~ " if obsolete else ""
    parts = [
        st.lists(
            st.sampled_from(
                [
                    "# note",
                    "#. extracted",
                    "#: doc.txt:3 b:x",
                    "#, fuzzy, c-format",
                    '#| msgid "old"',
                    "#",
                    "#  two",
                ]
            ),
            unique=True,
        )
    ]
    parts += [_quoted.map(lambda q: [f"{dead}msgctxt {q}"])] if ctxt else []
    parts.append(
        st.lists(_quoted, min_size=1, max_size=3)
        .filter(lambda qs: qs[0] != '""')
        .map(lambda qs: [f"{dead}msgid {qs[0]}", *(dead + q for q in qs[1:])])
    )
    if plural:
        parts.append(
            _quoted.map(lambda q: [f"{dead}msgid_plural {q}", f"{dead}msgstr[0] {q}", f'{dead}msgstr[1] ""'])
        )
    else:
        parts.append(_quoted.map(lambda q: [f"{dead}msgstr {q}"]))
    return st.tuples(*parts).map(lambda groups: [line for group in groups for line in group])


_header = [
    "# Title",
    "#, fuzzy",
    'msgid ""',
    'msgstr ""',
    '"Language: de\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
]
_entries = st.lists(
    st.builds(_entry, st.booleans(), st.booleans(), st.booleans()).flatmap(lambda s: s), max_size=5
).map(lambda entries: _header + [line for entry in entries for line in ["", *entry]])
_file = st.one_of(
    st.lists(_line, max_size=14),
    _entries,
    st.tuples(st.lists(_line, max_size=8), st.lists(_line, max_size=8)).map(lambda t: t[0] + _header + t[1]),
)


def _read(text: str):
    try:
        return po._careful(text, "x.po")
    except LocError as error:
        return error


def _state(catalog: polib.POFile):
    return (
        [entry.__dict__ for entry in catalog],
        catalog.metadata,
        catalog.header,
        catalog.metadata_is_fuzzy,
        catalog.encoding,
        catalog.wrapwidth,
    )


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_file.map("\n".join), min_size=1, max_size=2).map("\n\n".join))
@example('msgid ""\nmsgstr ""\n"Language: de\\n"\n\n#. a\nmsgid "x"\nmsgstr "y"\n')
@example('# head\n#\n# more\nmsgid "a"\nmsgstr "b"\n# trailing\n')
@example('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n')
def test_the_scan_reads_what_polib_reads_or_leaves_the_file_to_it(text):
    judged = _read(text)
    scanned = po._scan(text)
    if isinstance(judged, LocError):
        assert scanned is None, str(judged)
    elif scanned is not None:
        assert _state(scanned) == _state(judged)


def test_a_file_as_gettext_writes_it_is_read_without_polib(monkeypatch):
    catalog = polib.POFile()
    catalog.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid='A "quoted"\tword', msgstr="Ein Wort", occurrences=[("a.txt", "3")]))
    catalog.append(polib.POEntry(msgid="%d file", msgid_plural="%d files", msgstr_plural={0: "a", 1: "b"}))
    catalog.append(polib.POEntry(msgid="Old", msgstr="Alt", obsolete=True, previous_msgid="Older"))
    text = po.dumps(catalog)

    def no_polib(*args, **kwargs):
        pytest.fail("polib parsed a file gettext laid out")

    monkeypatch.setattr(polib, "pofile", no_polib)
    read, _ = po.loads(text.encode())
    assert [(e.msgid, e.msgstr, e.msgstr_plural, e.obsolete) for e in read] == [
        ('A "quoted"\tword', "Ein Wort", {}, 0),
        ("%d file", "", {0: "a", 1: "b"}, 0),
        ("Old", "Alt", {}, 1),
    ]


@settings(max_examples=200, deadline=None)
@given(_entries.map("\n".join))
def test_the_scan_reads_every_file_laid_out_as_gettext_does(text):
    judged = _read(text)
    if not isinstance(judged, LocError):
        assert po._scan(text) is not None  # a second msgid "" is not laid out as gettext does


_well_formed = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from("ab é:,#~|t\u2028msgstr[1]"), max_size=6),
        st.sampled_from(["\\n", '\\"', "\\\\", "\\t", "\\a", "\\?"]),
    ),
    max_size=4,
).map(lambda parts: '"' + "".join(parts) + '"')
_mostly_well_formed = st.integers(0, 39).flatmap(lambda n: _quoted if n == 0 else _well_formed)


def _canonical(obsolete: bool) -> st.SearchStrategy[list[str]]:
    """An entry with its lines in gettext's order, its strings nearly always well-formed."""
    dead, previous = ("#~ ", "#~| ") if obsolete else ("", "#| ")

    def string(keyword: str, prefix: str) -> st.SearchStrategy[list[str]]:
        return st.lists(_mostly_well_formed, min_size=1, max_size=3).map(
            lambda qs: [f"{prefix}{keyword} {qs[0]}", *(prefix + q for q in qs[1:])]
        )

    def optional(lines: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
        return st.one_of(st.just([]), lines)

    comments = st.lists(
        st.sampled_from(["# note", "#", "#  two", "# a: b", "# note", "#  two", "#~"]), max_size=3
    )
    parts = [
        comments,
        st.lists(st.sampled_from(["#. extracted", "#.  wide", "#. extracted", "#. "]), max_size=2),
        st.lists(st.sampled_from(["#: doc.txt:3 b:x", "#: a.md:12", "#: x:y:7"]), max_size=2),
        optional(
            st.sampled_from(["#, fuzzy", "#, fuzzy, c-format", "#, a,,b", "#, no-wrap "]).map(lambda f: [f])
        ),
        optional(string("msgctxt", previous)),
        optional(string("msgid", previous)),
        optional(string("msgctxt", dead)),
        string("msgid", dead),
        st.one_of(
            string("msgstr", dead),
            st.tuples(string("msgid_plural", dead), string("msgstr[0]", dead), string("msgstr[1]", dead)).map(
                lambda parts: [line for part in parts for line in part]
            ),
        ),
    ]
    return st.tuples(*parts).map(lambda groups: [line for group in groups for line in group])


_canonical_file = st.lists(st.booleans().flatmap(_canonical), max_size=5).map(
    lambda entries: "\n\n".join(["\n".join(_header)] + ["\n".join(entry) for entry in entries]) + "\n"
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_canonical_file, st.one_of(_entries, _file).map(lambda lines: "\n".join(lines) + "\n")))
@example('msgid ""\nmsgstr ""\n"Language: de\\n"\n\n#. a\nmsgid "x"\nmsgstr "msgstr[1] y"\n')
@example('# head\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "msgstr[2] "\n')
def test_the_block_reader_reads_what_the_scan_reads_with_the_same_layout(text):
    """`_blocks` reads gettext's own layout with one pattern per entry: the same entries as
    `_scan` and the same lines for each entry, or it leaves the file to `_scan`."""
    blocks = po._blocks(text)
    if blocks is None:
        return
    scanned = po._scan(text)
    assert scanned is not None
    assert _state(blocks[0]) == _state(scanned)
    assert po._layout(blocks[0], po.Read(text, blocks[1])) == po._layout(scanned, po.Read(text, None))


def test_a_file_as_gettext_writes_it_is_read_by_the_block_reader(monkeypatch):
    catalog = polib.POFile()
    catalog.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    catalog.header = "Title"
    catalog.append(polib.POEntry(msgid="a\\b " * 30, msgstr="x", tcomment="note\n", occurrences=[("a", "1")]))
    catalog.append(polib.POEntry(msgid="%d file", msgid_plural="%d files", msgstr_plural={0: "a", 1: "b"}))
    catalog.append(
        polib.POEntry(msgid="Old " * 30, msgstr="Alt", obsolete=True, previous_msgid="Older " * 20)
    )
    text = po.dumps(catalog)
    monkeypatch.setattr(
        po, "_scan", lambda text: pytest.fail("the line scanner read a file gettext laid out")
    )
    read, _ = po.loads(text.encode())
    assert [(e.msgid, e.msgstr, e.tcomment, e.previous_msgid, e.obsolete) for e in read] == [
        ("a\\b " * 30, "x", "note\n", None, 0),
        ("%d file", "", "", None, 0),
        ("Old " * 30, "Alt", "", "Older " * 20, 1),
    ]
    assert po.dumps(read) == text
