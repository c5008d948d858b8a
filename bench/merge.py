"""Catalog update at scale: loc's merge against GNU msgmerge (and Babel's Catalog.update).

A 2,000-sentence translated catalog is updated to a 3,000-sentence template in which
some sentences are unchanged, some edited and many new: the case where fuzzy matching
dominates. Babel compares every old string with every new one through difflib (minutes
at this size), so it only runs with --babel.

    .venv/bin/python bench/merge.py [--old 2000 --new 3000] [--babel]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from loc.catalog import model as catalog  # noqa: E402
from loc.catalog import po as pofile  # noqa: E402

WORDS = (ROOT / "tests" / "data" / "statement.txt").read_text(encoding="utf-8").split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize().rstrip(".,") + "."


def edit(rng: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def build(old_size: int, new_size: int, seed: int = 7) -> tuple[polib.POFile, polib.POFile]:
    rng = random.Random(seed)
    old_ids = list(dict.fromkeys(sentence(rng) for _ in range(old_size)))
    old = polib.POFile()
    old.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    for msgid in old_ids:
        old.append(polib.POEntry(msgid=msgid, msgstr=msgid.upper(), occurrences=[("source/doc.txt", "")]))
    kept = old_ids[: old_size // 2]
    edited = [edit(rng, m) for m in old_ids[old_size // 2 : old_size // 2 + old_size // 4]]
    new_ids = list(
        dict.fromkeys(kept + edited + [sentence(rng) for _ in range(new_size - len(kept) - len(edited))])
    )
    rng.shuffle(new_ids)
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid in new_ids:
        pot.append(polib.POEntry(msgid=msgid, occurrences=[("source/doc.txt", "")]))
    return old, pot


def time_loc(old, pot) -> tuple[float, catalog.MergeReport]:
    start = time.perf_counter()
    _, report = catalog.merge(old, pot, source_lang="en", threshold=0.6)
    return time.perf_counter() - start, report


def time_msgmerge(old, pot, folder: Path) -> float:
    (folder / "old.po").write_text(pofile.dumps(old), encoding="utf-8")
    (folder / "new.pot").write_text(pofile.dumps(pot), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(
        ["msgmerge", "-q", "-o", str(folder / "out.po"), str(folder / "old.po"), str(folder / "new.pot")],
        check=True,
    )
    return time.perf_counter() - start


def time_babel(old, pot) -> float:
    from babel.messages.catalog import Catalog

    babel_old = Catalog(locale="de")
    for entry in old:
        babel_old.add(entry.msgid, entry.msgstr)
    babel_pot = Catalog()
    for entry in pot:
        babel_pot.add(entry.msgid)
    start = time.perf_counter()
    babel_old.update(babel_pot)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", type=int, default=2000)
    parser.add_argument("--new", type=int, default=3000)
    parser.add_argument("--babel", action="store_true", help="also time Babel's Catalog.update (slow)")
    args = parser.parse_args()
    old, pot = build(args.old, args.new)
    print(f"merge {len(old)} translated entries -> {len(pot)}-entry template")
    loc_s, report = time_loc(old, pot)
    print(
        f"  loc        {loc_s:8.2f} s   kept {report.kept}, fuzzy {report.fuzzy}, "
        f"vetoed {report.vetoed}, new {report.new}, obsolete {report.obsolete}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        gnu_s = time_msgmerge(old, pot, Path(tmp))
        out = polib.pofile(str(Path(tmp) / "out.po"))
        gnu_fuzzy = sum(1 for e in out if "fuzzy" in e.flags and not e.obsolete)
    print(f"  msgmerge   {gnu_s:8.2f} s   fuzzy {gnu_fuzzy}")
    print(f"  msgmerge / loc = {gnu_s / loc_s:.1f}x")
    if args.babel:
        babel_s = time_babel(old, pot)
        print(f"  babel      {babel_s:8.2f} s")
        print(f"  babel / loc = {babel_s / loc_s:.1f}x")


if __name__ == "__main__":
    main()
