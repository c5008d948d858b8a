"""A person's in-place save timed by inotify: run as a child process, it reads commands on
stdin. `arm PATH THEIRS MODE N` watches PATH's folder and rewrites PATH in place with the
bytes of THEIRS right after the N-th time someone closes PATH having only read it; in
MODE `held` it opens PATH for writing already at the N-th time someone opens it (an
editor with the file open), in MODE `fresh` only then. It prints `armed` once watching
and `saved` once written. loc's save reads the file twice, the second time right before
its rename."""

import sys
from pathlib import Path

from inotify_simple import INotify, flags

for line in sys.stdin:
    _, path, theirs, mode, count = line.split()
    path, data, count = Path(path), Path(theirs).read_bytes(), int(count)
    handle = None
    with INotify() as watch:
        # opens are watched in both modes: inotify merges an event with an identical one still queued
        watch.add_watch(str(path.parent), flags.OPEN | flags.CLOSE_NOWRITE)
        print("armed", flush=True)
        opened = closed = 0
        while closed < count:
            for event in watch.read():
                if event.name == path.name:
                    opened += bool(event.mask & flags.OPEN)
                    closed += bool(event.mask & flags.CLOSE_NOWRITE)
            if mode == "held" and opened >= count and handle is None:
                handle = open(path, "r+b")  # noqa: SIM115 (held open until the write below)
    with handle or open(path, "r+b") as handle:
        handle.write(data)
        handle.truncate()
    print("saved", flush=True)
