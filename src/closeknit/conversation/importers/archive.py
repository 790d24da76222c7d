"""Reading zip archives of chat exports safely, in memory, never extracting to disk.

An export zip comes from a phone or a download folder and may have been tampered with, so
before anything is read the whole directory of the archive is checked:

* at most ``max_members`` entries;
* no absolute names, drive letters or ``..`` parts (with ``/`` or ``\\`` separators);
* no symbolic links (Unix mode bits in ``external_attr``) and no encrypted entries;

and each member that is read is checked against

* a compression ratio of at most ``max_ratio`` (a zip bomb packs gigabytes into kilobytes);
* a running total of at most ``max_total_bytes`` uncompressed bytes, counted while reading,
  so a header that lies about sizes cannot get past it either.

Every refusal is an :class:`~closeknit.errors.ChatImportError` naming the archive and member.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from closeknit.conversation.importers._common import import_error
from closeknit.errors import ChatImportError

MiB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """How much an archive may hold; the defaults fit any real two-person chat export."""

    max_total_bytes: int = 512 * MiB
    max_ratio: float = 100.0
    max_members: int = 100_000


DEFAULT_LIMITS = ArchiveLimits()
_CHUNK = 1 * MiB


def is_zip(data_start: bytes) -> bool:
    """True when the bytes start like a zip archive (local file header or empty archive)."""
    return data_start.startswith((b"PK\x03\x04", b"PK\x05\x06"))


class SafeArchive:
    """A zip archive opened for reading members into memory under :class:`ArchiveLimits`.

    Use as a context manager; :attr:`names` lists the regular files, in archive order.
    """

    def __init__(
        self, path: Path | str, limits: ArchiveLimits = DEFAULT_LIMITS, *, data: bytes | None = None
    ) -> None:
        # ``data``: the archive's bytes already in memory (an upload); ``path`` then only
        # names it in error messages.
        self.path = path
        self.limits = limits
        self._read_total = 0
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise import_error(str(path), "expected a readable zip archive") from None
        try:
            infos = self._zip.infolist()
            if len(infos) > limits.max_members:
                raise import_error(
                    str(path),
                    f"expected at most {limits.max_members} entries in the archive, "
                    f"found {len(infos)}",
                )
            self._infos = {}
            for info in infos:
                self._check_entry(info)
                if not info.is_dir():
                    self._infos[info.filename] = info
        except BaseException:
            self._zip.close()
            raise

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def member_source(self, name: str) -> str:
        """How a member is named in error messages: ``archive.zip (member)``."""
        return f"{self.path} ({name})"

    def _check_entry(self, info: zipfile.ZipInfo) -> None:
        name = info.filename
        where = self.member_source(name)
        if not name:
            raise import_error(
                str(self.path), "expected every member of the archive to have a name"
            )
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if (
            name.startswith(("/", "\\"))
            or (len(name) > 1 and name[1] == ":")
            or ".." in parts
            or "\x00" in name
        ):
            raise import_error(
                where, "expected member names inside the archive, not absolute or '..' paths"
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise import_error(where, "expected regular files, but this member is a link")
        if info.flag_bits & 0x1:
            raise import_error(where, "expected an archive without a password")

    def read(self, name: str) -> bytes:
        """The member's bytes, after the ratio and size checks (counted while reading)."""
        info = self._infos.get(name)
        where = self.member_source(name)
        if info is None:
            raise import_error(str(self.path), f"expected a member called {name!r}")
        limits = self.limits
        if info.file_size and (
            info.compress_size == 0 or info.file_size / info.compress_size > limits.max_ratio
        ):
            raise import_error(
                where,
                f"expected a compression ratio of at most {limits.max_ratio:g}:1 "
                "(the archive may be a zip bomb)",
            )
        if self._read_total + info.file_size > limits.max_total_bytes:
            raise self._too_big(where)
        chunks: list[bytes] = []
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    self._read_total += len(chunk)
                    if self._read_total > limits.max_total_bytes:
                        raise self._too_big(where)
                    chunks.append(chunk)
        except ChatImportError:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
            raise import_error(where, "expected an intact archive member") from None
        return b"".join(chunks)

    def _too_big(self, where: str) -> ChatImportError:
        return import_error(
            where,
            "expected at most "
            f"{self.limits.max_total_bytes // MiB} MiB of uncompressed data in the archive",
        )

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
