"""The upload handler every request gets unless its view installs its own: files are read in
small pieces and dropped, never kept in memory or written to disk.

Only the chat upload takes a file (``closeknit.web.chats.uploads``); anything sent as a file
to any other address is simply not there. Reading in 64 KiB pieces matters too: with no
handler at all Django would read a whole multipart body in one piece.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class DropFiles(FileUploadHandler):
    chunk_size = 64 * 1024

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        return None

    def file_complete(self, file_size: int) -> None:
        return None
