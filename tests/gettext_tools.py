"""The real GNU gettext tools, as independent judges of the files loc writes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def run(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=check)


def msgcat(path: Path, *options: str) -> bytes:
    """What msgcat writes for the file (default page width unless options say otherwise)."""
    out = path.with_name(path.name + ".msgcat")
    run("msgcat", *options, path, "-o", out)
    data = out.read_bytes()
    out.unlink()
    return data


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return run("msgfmt", "-c", "--check-format", "-o", "/dev/null", path, check=False)


def msgfmt_statistics(path: Path) -> dict[str, int]:
    """Parse `msgfmt --statistics`: "N translated messages, M fuzzy translations, K untranslated ..."."""
    text = run("msgfmt", "--statistics", "-o", "/dev/null", path).stderr
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", text):
        counts[kind] = int(number)
    return counts
