"""loc wraps PO strings exactly as GNU msgcat does, on every machine (one pinned path)."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import polib
import pytest

from loc.catalog import po

DATA = Path(__file__).parent / "data"


def _corpus(count: int, seed: int) -> list[str]:
    """Strings of every shape a PO file holds: prose, URLs, dotted names, CJK, escapes."""
    words = (DATA / "statement.txt").read_text(encoding="utf-8").split()
    words += [
        "Binance.US",
        "e.g.",
        "https://example.com/a/b?c=d",
        "%(name)s",
        "日本語のテキスト",
        "x\ty",
        "«Zitat»",
    ]
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 70)))
        if rng.random() < 0.1:
            text = text.replace(" ", "\n", 2)
        if rng.random() < 0.1:
            text = text.replace(" ", '"', 2)
        if rng.random() < 0.05:
            text = "  " + text
        found.append(text)
    return found


@pytest.mark.parametrize("width", [79, 60, None])
def test_msgcat_leaves_what_loc_writes_byte_for_byte(tmp_path, width):
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, text in enumerate(_corpus(1500, seed=width or 0)):
        catalog.append(polib.POEntry(msgid=f"{number} {text}", msgstr=text[::-1]))
    path = tmp_path / "wrapped.po"
    path.write_text(po.dumps(catalog, width), encoding="utf-8")
    option = ["--no-wrap"] if width is None else [f"--width={width}"]
    rewritten = subprocess.run(["msgcat", *option, str(path)], capture_output=True, check=True).stdout
    assert rewritten.decode() == path.read_text(encoding="utf-8")


def test_a_break_falls_after_a_dot_inside_a_name_as_in_gettext():
    text = (
        'Unfortunately,"actively"an the effective path. the Commission\'s and take commitment it SEC in '
        "Commission's If the laws the SEC the SEC, security take an concerns. effective We to concerns. "
        "the active chose process been Binance.US, and are they"
    )
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid=text))
    assert po.dumps(catalog).splitlines()[3:5] == [  # as GNU msgcat 0.21 writes it
        '"an concerns. effective We to concerns. the active chose process been Binance."',
        '"US, and are they"',
    ]


@pytest.mark.parametrize(
    "odd",
    [
        "\u0e5c✨",  # an unassigned code point (1 column, as gettext counts it) and an emoji (2)
        "\u1100\u1161\u11a8",  # a Hangul syllable spelt in conjoining jamo (2 columns in all)
        "\u2e9a\u4e00\U0001f203",  # unassigned inside wide blocks: 2 columns each
        "\u0cbf\u0915\u093f",  # marks gettext counts as spacing, and one it does not
    ],
)
def test_columns_are_counted_as_gettext_counts_them(tmp_path, odd):
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for shift in range(40):  # the odd characters at every position around the line's end
        text = "We are safe. " + "x" * shift + f" indented line 00000000000\\{odd} Binance.US is here now!"
        catalog.append(polib.POEntry(msgid=text, msgstr=""))
    path = tmp_path / "odd.po"
    path.write_text(po.dumps(catalog), encoding="utf-8")
    rewritten = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert rewritten.decode() == path.read_text(encoding="utf-8")
