"""Start-up: `loc --version` and `loc status` against `python -c pass` in the same venv.

Each repeat runs the commands once, interleaved, so all see the same machine; the goal
(issue 18) is each loc command within 100 ms of the bare interpreter. `loc status` reads
the repository's own project (the statement and its catalogs) unless `--project` names
another. `--baseline SRC` also runs both loc commands from another checkout's `src`
(e.g. main's, before a change), interleaved with these, for before/after ratios.

The venv is the running interpreter's; the loc it runs is the one that venv imports
(PYTHONPATH=src picks a worktree's). Bytecode is written by an untimed first round, as an
installed package has it: PYTHONDONTWRITEBYTECODE would otherwise time the compiling of
every loc module at every start, which no installed loc does.

    .venv/bin/python bench/startup.py [--repeat 15] [--project DIR] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import load_average

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(sys.executable).parent


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system): the steadier of the two on a busy machine."""
    cpu = _children_cpu()
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, stdin=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start, _children_cpu() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--baseline", type=Path, help="another checkout's src folder, run beside this one")
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    python, loc = str(VENV / "python"), str(VENV / "loc")
    trees = {"": env}
    if args.baseline:
        trees[" (baseline)"] = {**env, "PYTHONPATH": str(args.baseline.resolve())}
    commands = {"python -c pass": ([python, "-c", "pass"], env)}
    for suffix, tree in trees.items():
        commands[f"loc --version{suffix}"] = ([loc, "--version"], tree)
        commands[f"loc status{suffix}"] = ([loc, "status", "-C", str(args.project)], tree)
    print(f"{load_average()}; {args.repeat} repeats, interleaved")
    for argv, tree in commands.values():  # writes the bytecode; not timed
        timed(argv, tree)
    seconds: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.repeat):
        for name, (argv, tree) in commands.items():
            seconds[name].append(timed(argv, tree))
    base = [statistics.median(times) for times in zip(*seconds["python -c pass"], strict=True)]
    width = max(map(len, commands)) + 2
    print(f"  {'command':{width}}{'min ms':>9}{'median ms':>11}{'- python':>10}{'CPU ms':>9}{'- python':>10}")
    for name, values in seconds.items():
        wall, cpu = (statistics.median(times) for times in zip(*values, strict=True))
        extra = (
            ("", "")
            if name.startswith("python")
            else (f"{(wall - base[0]) * 1000:+.0f}", f"{(cpu - base[1]) * 1000:+.0f}")
        )
        print(
            f"  {name:{width}}{min(w for w, _ in values) * 1000:9.0f}{wall * 1000:11.0f}{extra[0]:>10}"
            f"{cpu * 1000:9.0f}{extra[1]:>10}"
        )
    print(f"  {load_average()}")


if __name__ == "__main__":
    main()
