"""Safe writes and the project lock: an interrupted run never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from loc.errors import LocError


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one rename; returns False (and leaves the file,
    mtime included, alone) when the bytes are already there."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise LocError(f"cannot read: {error.strerror}", path) from None
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as error:
        raise LocError(f"cannot write: {error.strerror}", path) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True


_TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # what write_atomic's mkstemp names


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files of writers that were killed mid-write. Only call it
    holding the project lock: then no writer is running."""
    if not folder.is_dir():
        return
    for path in folder.rglob(".*.tmp"):
        if _TEMPORARY.match(path.name) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def project_lock(root: Path, timeout: float, on_wait=None) -> Iterator[None]:
    """One writer per project: a second loc process waits (up to `timeout` s), then fails."""
    path = root / ".loc.lock"
    lock = FileLock(path)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait:
                on_wait()
            lock.acquire(timeout=timeout)
    except Timeout:
        raise LocError(
            f"another loc process is still working on this project after {timeout:g} s; "
            "try again when it has finished",
            path,
        ) from None
    except OSError as error:
        raise LocError(f"cannot create the project lock: {error.strerror}", path) from None
    try:
        yield
    finally:
        lock.release()
