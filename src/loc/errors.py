"""The one exception type for problems a user can fix."""

from __future__ import annotations

from pathlib import Path


class LocError(Exception):
    """A problem in the user's files or settings, shown as one line at the CLI edge.

    `path` and `line` say where; the message says what is wrong and, where it helps,
    what to do. Never raised for bugs: those keep their traceback.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message
