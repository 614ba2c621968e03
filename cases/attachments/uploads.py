"""Uploads are kept in memory and bounded: plaintext never lands in a temporary file, and a file
past the limit is read through without being kept (settings.FILE_UPLOAD_HANDLERS).

A file over `KSMM_ATTACHMENT_MAX_BYTES` arrives as an empty `OversizedUpload` that knows its
size, so the form refuses it with a clear message and keeps the other fields the person typed;
the proxy in front of the application limits the whole request (README).
"""

import io
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(InMemoryUploadedFile):
    """A file that was larger than the limit: its size, none of its bytes."""

    too_large = True


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory up to the attachment limit, and drops anything beyond."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer: io.BytesIO | None = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.buffer is not None:
            if self.received > settings.KSMM_ATTACHMENT_MAX_BYTES:
                self.buffer = None  # past the limit: keep counting, keep nothing
            else:
                self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        kind = InMemoryUploadedFile if self.buffer is not None else OversizedUpload
        buffer = self.buffer if self.buffer is not None else io.BytesIO()
        buffer.seek(0)
        return kind(
            file=buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
