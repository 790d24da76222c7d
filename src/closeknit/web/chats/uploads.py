"""Receiving a chat export without it ever touching the disk.

Django keeps uploads above 2.5 MB in a temporary file. A chat export is the most private
thing a person can hand us, so :class:`InMemoryExport` keeps the one file in memory,
counts its bytes as they arrive and stops reading at the limit (so a huge upload costs
neither memory nor disk). Upload handlers must be set before the request body is read,
which is why the upload view is exempt from the CSRF middleware and checks the token itself
after installing this handler (see ``views.chats_page``).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest


class InMemoryExport(FileUploadHandler):
    """Holds the file of the ``export`` field in memory up to ``limit`` bytes, counted over
    the whole request; beyond it, stops reading and sets :attr:`too_big` (the file is then
    missing from ``request.FILES``). A file in any other field is skipped unread."""

    FIELD = "export"

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_big = False
        self._buffer = io.BytesIO()
        self._size = 0

    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        if field_name != self.FIELD:
            raise SkipFile
        super().new_file(field_name, *args, **kwargs)
        self._buffer = io.BytesIO()  # the byte count goes on: the limit is per request

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_big = True
            self._buffer = io.BytesIO()
            raise StopUpload(connection_reset=False)
        self._buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self._buffer.seek(0)
        return InMemoryUploadedFile(
            file=self._buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
