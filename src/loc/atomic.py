"""Files written in one rename, and never over somebody else's save.

An interrupted run never leaves a half-written file; a file that changed on disk since
loc read it is never replaced blindly (the caller reconciles and tries again).

The last check and the rename are two system calls, and a person's save can land
between them. On Linux the rename is an exchange (`renameat2(RENAME_EXCHANGE)`): the
file it replaced stays reachable under the temporary name, so what it held is compared
with what was checked, after waiting for any writer that still has it open (a write
lease is refused while one does); a save that slipped in comes back to the caller as
`Displaced` and is reconciled again. Elsewhere the replaced file is held open across the
rename, which catches in-place saves (vim, most editors' default) but not a save that
itself renames a new file into place in that window.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from loc.errors import LocError

_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.loc-[A-Za-z0-9_]{8}\.tmp$")
_NOREPLACE, _EXCHANGE = 1, 2  # renameat2 flags
_AT_FDCWD = -100
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None
_WRITER_WAIT = 2.0  # seconds to wait for a writer that still has a replaced file open


@dataclass(frozen=True)
class Displaced:
    """The rename replaced a file that was not what was checked: a save slipped in
    between the last check and the rename. The new bytes are on disk; `data` is what
    the save wrote, for the caller to reconcile with."""

    data: bytes


def target(path: Path) -> Path:
    """The file a write lands in: a symlinked catalog (shared with another checkout) is
    written through to its target and stays a link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def write(path: Path, data: bytes) -> bool:
    """Replace `path` with `data` in one rename; False (file and mtime untouched) when
    the bytes are already there. For files only loc writes (outputs, model caches)."""
    return bool(replace_if_unchanged(target(path), data, read(path)))


def replace_if_unchanged(path: Path, data: bytes, expected: bytes | None) -> bool | Displaced | None:
    """Write `data` over `path` if the file still holds `expected` (None: no file).

    Returns True when written, False when `data` was already there, None when the file
    changed since `expected` was read: then nothing is written. The comparison runs
    after the new bytes are on disk, right before the rename; a save that lands after
    it is found in the file the rename replaced, and returned as `Displaced`.
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
        if expected is None:
            try:
                _rename(tmp, path)
            except FileExistsError:  # created meanwhile
                return None
            tmp = None
            return True
        replaced = _exchange(tmp, path)
        if replaced not in (expected, data):
            return Displaced(replaced)
    except OSError as error:
        raise LocError(f"cannot write: {error.strerror}", path) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True


def _renameat2(source: str, destination: Path, flag: int) -> bool:
    """Linux's renameat2; False where the system or the file system lacks it."""
    if _LIBC is None or not hasattr(_LIBC, "renameat2"):
        return False
    if _LIBC.renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(destination), flag) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(destination))


def _rename(tmp: str, path: Path) -> None:
    """Move a new file into place, failing (FileExistsError) where one appeared meanwhile."""
    if not _renameat2(tmp, path, _NOREPLACE):
        os.replace(tmp, path)


def _exchange(tmp: str, path: Path) -> bytes:
    """Put `tmp` at `path`; the bytes of the file it replaced, once nobody writes it."""
    if _renameat2(tmp, path, _EXCHANGE):
        fd = os.open(tmp, os.O_RDONLY)  # the replaced file: no one can open it by this name
    else:
        fd = os.open(path, os.O_RDONLY)
        os.replace(tmp, path)
    try:
        _wait_for_writers(fd)
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    finally:
        os.close(fd)


def _wait_for_writers(fd: int) -> None:
    """Return once no other process or thread has the file open (Linux refuses a write
    lease until then), or after `_WRITER_WAIT`; at once where leases are not available."""
    lease = getattr(fcntl, "F_SETLEASE", None)
    give_up = time.monotonic() + _WRITER_WAIT
    while lease is not None:
        try:
            fcntl.fcntl(fd, lease, fcntl.F_WRLCK)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EBUSY) and time.monotonic() < give_up:
                time.sleep(0.001)
                continue
            return
        fcntl.fcntl(fd, lease, fcntl.F_UNLCK)
        return


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
