"""Helpers shared by the benches: timed child processes with their own peak memory,
repeats summarised as min and median, the load average, and a missing peer as n/a."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    """One command (or a sequence of them) run once: wall seconds, peak RSS in MiB
    (the largest of its processes, from /usr/bin/time), and why it failed if it did."""

    seconds: float = 0.0
    rss_mib: float = 0.0
    error: str | None = None
    stdout: str = ""


def run(commands: list[list[str]], cwd: Path, timeout: float = 600.0) -> Run:
    """Run `commands` one after the other in `cwd`; the first failure stops the sequence.

    Peak RSS comes from /usr/bin/time: a child's own rusage would count the memory of
    this (large) Python process it was forked from."""
    result = Run()
    for argv in commands:
        if shutil.which(argv[0]) is None and not Path(argv[0]).exists():
            return Run(error=f"{argv[0]} not found")
        with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
            timed = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else argv
            start = time.perf_counter()
            try:
                done = subprocess.run(
                    timed, cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL, timeout=timeout
                )
            except subprocess.TimeoutExpired:
                return Run(error=f"timeout after {timeout:.0f} s")
            result.seconds += time.perf_counter() - start
            peak = Path(rss.name).read_text().strip().splitlines()[-1:] if TIME else []
        if peak and peak[0].isdigit():
            result.rss_mib = max(result.rss_mib, int(peak[0]) / 1024)
        result.stdout += done.stdout.decode("utf-8", "replace")
        if done.returncode != 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            return Run(error=f"{argv[0]} exit {done.returncode}: {tail[0][:80]}")
    return result


TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


@dataclass
class Timings:
    runs: list[Run] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        return next((r.error for r in self.runs if r.error), None)

    @property
    def best(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def rss_mib(self) -> float:
        return max(r.rss_mib for r in self.runs)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def ratio(value: float | None, peer: float | None) -> str:
    if not value or not peer:
        return "n/a"
    return f"{value / peer:.2f}x"
