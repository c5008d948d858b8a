"""Catalogs that try to mislead the reader (issue 9)."""

from __future__ import annotations

import loc
from loc.catalog import po

HEADER_COMMENT_LIES = """\
# Converted from an old file whose header said charset=ISO-8859-1
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: de\\n"

msgid "Checked."
msgstr "Geprüft."
"""


def test_the_charset_comes_from_the_header_entry_never_from_a_comment(tmp_path):
    path = tmp_path / "de.po"
    path.write_bytes(HEADER_COMMENT_LIES.encode("utf-8"))
    catalog = po.load(path)
    assert catalog.style.charset == "UTF-8"
    assert catalog.po.find("Checked.").msgstr == "Geprüft."
    catalog.po.find("Checked.").flags.append("fuzzy")
    catalog.save()
    assert "Geprüft." in path.read_text(encoding="utf-8")  # not GeprÃ¼ft.


def test_a_catalog_whose_header_names_no_text_encoding_is_one_loc_error(tmp_path):
    path = tmp_path / "de.po"
    path.write_bytes(HEADER_COMMENT_LIES.replace("charset=UTF-8", "charset=rot13").encode("utf-8"))
    try:
        po.load(path)
    except loc.LocError as error:
        assert str(error) == f"{path}: unknown charset 'rot13' in the header"
    else:
        raise AssertionError("rot13 was accepted as a charset")
