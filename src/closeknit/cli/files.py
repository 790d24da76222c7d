"""Writing the files the CLI produces: all at once, and readable by their owner only.

What the CLI writes is private (answer sheets, chat analyses that may quote messages), and
a crash or a full disk in the middle of a write must not leave half a file where a good one
was. :func:`write_text_atomically` writes to a temporary file beside the target (same file
system, created with owner-only permissions), flushes it to disk and moves it over the
target in one step with :func:`os.replace`; on any failure the temporary file is removed and
the target is left as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from closeknit.errors import CloseknitError


def write_text_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; the new file is mode 0600.

    A symbolic link is followed (the file it points to is replaced, the link stays), and
    something that is not a regular file (``/dev/stdout``, a pipe) is written to directly.
    Raises :class:`CloseknitError` naming the file when it cannot be written.
    """
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file():
        try:
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise CloseknitError(f"cannot write {path}: {exc.strerror}; check the path") from None
        return
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CloseknitError(f"cannot write {path}: {exc.strerror}; check the path") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CloseknitError(
                f"cannot write {path}: {exc.strerror}; check the path and the free space"
            ) from None
        raise
