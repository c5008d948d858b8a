"""Catalogs in git: the merge driver, and what sets it up in a repository.

git merges text line by line, and PO files are where that hurts: two saves of a catalog
conflict on the header's revision date, neighbouring entries collide in one hunk, and
the drivers people use pick one side of each conflict, dropping the other translator's
work. `merge` merges a PO or POT entry by entry with `model.merge3` (the rules behind
every concurrent save), writes the result where git wants it, and reports each real
conflict, which stays in the file as a fuzzy translation and a `# loc: conflict` note.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from loc.catalog import model, po
from loc.errors import LocError

DRIVER = "loc"  # merge.<DRIVER>.driver in git config, merge=<DRIVER> in .gitattributes
ATTRIBUTES = (f"*.po merge={DRIVER}", f"*.pot merge={DRIVER}")


@dataclass
class MergeReport:
    path: str
    conflicts: list[model.Conflict] = field(default_factory=list)


def merge(base: Path, ours: Path, theirs: Path, path: str | None = None) -> MergeReport:
    """git's merge-driver contract: `base` (%O), `ours` (%A, where the result goes),
    `theirs` (%B), `path` (%P, the file's name in the repository, for messages)."""
    shown = path or str(ours)
    catalogs = [_load(file, shown) for file in (base, ours, theirs)]
    merged = model.merge3(catalogs[0].po, catalogs[1].po, catalogs[2].po)
    result = catalogs[1]
    result.po = merged.po
    result.save()
    return MergeReport(shown, merged.conflicts)


def _load(file: Path, shown: str) -> po.Catalog:
    """One side; git hands an empty file for a side that does not have it."""
    data = file.read_bytes()
    if not data.strip():
        return po.Catalog(file, po.loads(b"", shown)[0], loaded=data)
    try:
        return po.load(file)
    except LocError as error:  # named as the repository names it, not git's temporary file
        raise LocError(error.message, shown, error.line) from None


@dataclass
class SetupReport:
    attributes: Path
    added: list[str] = field(default_factory=list)  # lines added to .gitattributes
    configured: bool = False  # git config set (False: not a git repository yet)


def setup(root: Path) -> SetupReport:
    """Make git merge the catalogs under `root` with `loc merge-driver`: the attributes
    (committed, shared by the team) and the driver command (each clone's own config)."""
    attributes = root / ".gitattributes"
    report = SetupReport(attributes, add_lines(attributes, ATTRIBUTES))
    if _git(root, "rev-parse", "--git-dir") is None:
        return report
    command = f"{shlex.quote(sys.executable)} -m loc merge-driver %O %A %B %P"
    _git(root, "config", f"merge.{DRIVER}.name", "loc: PO catalogs merged entry by entry")
    if _git(root, "config", f"merge.{DRIVER}.driver", command) is None:
        raise LocError("git config failed; is the repository writable?", root)
    report.configured = True
    return report


def add_lines(path: Path, lines: tuple[str, ...] | list[str]) -> list[str]:
    """Append the `lines` a text file (.gitignore, .gitattributes) lacks; returns them."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    have = set(text.splitlines())
    missing = [line for line in lines if line not in have]
    if missing:
        separator = "" if not text or text.endswith("\n") else "\n"
        path.write_text(text + separator + "\n".join(missing) + "\n", encoding="utf-8")
    return missing


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    except OSError:  # git is not installed
        return None
    return done.stdout if done.returncode == 0 else None
