"""Start-up: `loc --version` and `loc status` against `python -c pass` in the same venv.

Each repeat runs the three commands once, interleaved, so all see the same machine; the
goal (issue 18) is each loc command within 100 ms of the bare interpreter. `loc status`
reads the repository's own project (the statement and its catalogs) unless `--project`
names another.

    .venv/bin/python bench/startup.py [--repeat 15] [--project DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import load_average

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    python = str(VENV / "python") if (VENV / "python").exists() else sys.executable
    loc = str(VENV / "loc")
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "loc --version": [loc, "--version"],
        "loc status": [loc, "status", "-C", str(args.project)],
    }
    print(f"{load_average()}; {args.repeat} repeats, interleaved")
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, argv in commands.items():
            seconds[name].append(timed(argv))
    base = statistics.median(seconds["python -c pass"])
    print(f"  {'command':16}{'min ms':>9}{'median ms':>11}{'median - python':>17}")
    for name, values in seconds.items():
        median = statistics.median(values)
        extra = "" if name.startswith("python") else f"{(median - base) * 1000:+.0f} ms"
        print(f"  {name:16}{min(values) * 1000:9.0f}{median * 1000:11.0f}{extra:>17}")
    print(f"  {load_average()}")


if __name__ == "__main__":
    main()
