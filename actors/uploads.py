"""An upload limit that holds while the request body arrives, not after it has been stored.

Django hands an upload's chunks to the request's upload handlers in turn; ``UploadLimit``, put first,
counts the bytes of every file in the request and drops the file that passes the limit before the
next handler keeps it in memory or in a temporary file. Installed per view (``install``), before
anything reads ``request.POST`` or ``request.FILES`` (Django's "Modifying upload handlers on the fly":
such a view is ``csrf_exempt`` and checks the token itself with ``csrf_protect``, after the handler
is in place).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class UploadLimit(FileUploadHandler):
    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False  # a file passed the limit: it was dropped, and every file after it
        self.interrupted = False  # the body ended inside a file (the upload was cut off)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.exceeded:
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise SkipFile  # Django drops the file and reads past the rest of it without keeping it
        return raw_data  # the next handler keeps it

    def file_complete(self, file_size):
        return None  # the handler after this one makes the file

    def upload_interrupted(self):
        self.interrupted = True


def install(request, limit: int) -> UploadLimit:
    """Put an ``UploadLimit`` before the request's other upload handlers and return it."""
    guard = UploadLimit(request, limit)
    request.upload_handlers.insert(0, guard)
    return guard


def declared_length(request) -> int:
    """The body's length as the client declared it (0 when it declared none, or nonsense)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0
