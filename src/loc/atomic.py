"""Files written in one rename, and never over somebody else's save.

An interrupted run never leaves a half-written file; a file that changed on disk since
loc read it is never replaced blindly (the caller reconciles and tries again).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from loc.errors import LocError

_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.loc-[A-Za-z0-9_]{8}\.tmp$")


def target(path: Path) -> Path:
    """The file a write lands in: a symlinked catalog (shared with another checkout) is
    written through to its target and stays a link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one rename; False (file and mtime untouched) when
    the bytes are already there. For files only loc writes (outputs, model caches)."""
    return bool(replace_if_unchanged(target(path), data, read(path)))


def replace_if_unchanged(path: Path, data: bytes, expected: bytes | None) -> bool | None:
    """Write `data` over `path` if the file still holds `expected` (None: no file).

    Returns True when written, False when `data` was already there, None when the file
    changed since `expected` was read: then nothing is written. The comparison runs
    after the new bytes are on disk, right before the rename, so the window in which
    another save can slip in is as short as the file system allows.
    """
    current = read(path)
    if current != expected:
        return None
    if current == data:
        return False
    _refuse_read_only(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.loc-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode) if current is not None else 0o666 & ~_umask())
        if read(path) != expected:
            return None
        os.replace(tmp, path)
        tmp = None
    except OSError as error:
        raise LocError(f"cannot write: {error.strerror}", path) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True


def _refuse_read_only(path: Path) -> None:
    """A catalog someone made read-only (chmod 444) is not replaced behind their back,
    as a rename would, even for root."""
    with contextlib.suppress(FileNotFoundError):
        if not os.stat(path).st_mode & 0o222:
            raise LocError("the file is read-only; make it writable (chmod u+w) for loc to update it", path)


def read(path: Path) -> bytes | None:
    """The file's bytes, None when there is none."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise LocError(f"cannot read: {error.strerror}", path) from None


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes, None when there is none. A
    folder, FIFO or device where a file belongs is refused before it is read: a FIFO
    would block the run, /dev/zero fill the memory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens without a writer
    except FileNotFoundError:
        return None
    except OSError as error:
        raise LocError(f"cannot read: {error.strerror}", path) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device"
        raise LocError(f"{kind}, not a file; loc reads only regular files here", path)
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(limit + 1)  # the size may grow while it is read
        except OSError as error:
            raise LocError(f"cannot read: {error.strerror}", path) from None
    if len(data) > limit:
        raise LocError(f"larger than the {_size(limit)} loc reads here", path)
    return data


def _size(count: int) -> str:
    return f"{count // 2**20} MiB" if count >= 2**20 else f"{count} bytes"


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files that loc's own writers left when they were killed:
    only `.NAME.loc-XXXXXXXX.tmp` beside an existing or missing NAME in `folder`'s tree,
    never another program's. Call it holding the project lock: then no writer runs."""
    if not folder.is_dir():
        return
    for path in folder.rglob(".*.loc-*.tmp"):
        if _TEMPORARY.match(path.name) and path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
