"""The CSV import's limits and broken files: the size limit holds while the upload arrives (a body
declared too long is refused unread; a file passing IMPORT_MAX_BYTES is dropped before it is
stored), a field longer than the import reads, files that are not CSV text, cut-off and broken
uploads. Each is answered with a message on the form (200, or 413 for a body declared too long),
never a server error, and nothing is saved.

English (the msgids): the messages are compared as written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from actors import services
from actors.models import Organisation, Person
from tests import factories as f
from tests.helpers import csv_upload, registry_snapshot, shows

pytestmark = [pytest.mark.django_db, pytest.mark.english]

URL = reverse("actors:import")
GOOD = "name,type,level,municipality_code\nSkellefteå kommun,kommun,lokal,2482\nFabriken AB,foretag,lokal,\n"
TOO_LARGE = "The file is larger than %(size)s. Split it into smaller files and import them one by one."
FIELD_TOO_LONG = "Line %(line)d: a field is longer than 10,000 characters, or a quote is not closed."
NOT_UTF8 = "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."
CUT_OFF = "The file did not arrive whole: the upload was cut off. Upload it again."
UNREADABLE = "The upload could not be read. Choose the file and upload it again."


@pytest.fixture
def coordinator(client):
    user = f.coordinator("24")
    client.force_login(user)
    return user


@pytest.fixture
def limit(settings):
    settings.IMPORT_MAX_BYTES = 1000
    return 1000


def upload(client, content, kind="organisations", **kw):
    client.raise_request_exception = True
    return client.post(URL, {"kind": kind, "file": csv_upload(content, **kw)})


def refused(response, before, message, status=200):
    """The form says ``message`` on the file field, and only that; the registry is as it was."""
    assert response.status_code == status
    form = response.context["form"]
    assert form.errors == {"file": [message]}
    assert shows(response, message)
    assert response.context["result"] is None
    assert registry_snapshot() == before


def padded(size: int) -> bytes:
    """A good file of exactly ``size`` bytes (the notes of its one row fill it up)."""
    head = b"name,type,level,notes\nFyllnad AB,foretag,lokal,"
    return head + b"x" * (size - len(head))


# --- The size limit -----------------------------------------------------------------------------


def test_a_file_at_the_limit_is_imported(client, coordinator, limit):
    response = upload(client, padded(limit))
    assert response.status_code == 302
    assert Organisation.objects.get().name == "Fyllnad AB"


@pytest.mark.parametrize("kind", ["organisations", "people"])
def test_a_file_one_byte_over_the_limit_is_refused(client, coordinator, limit, kind):
    before = registry_snapshot()
    response = upload(client, padded(limit + 1), kind=kind)
    refused(response, before, TOO_LARGE % {"size": "1000\xa0bytes"})
    assert Organisation.objects.count() == Person.objects.count() == 0


def test_the_default_limit_is_2_mb(client, coordinator, settings):
    del settings.IMPORT_MAX_BYTES
    assert services.import_max_bytes() == 2 * 1024 * 1024
    before = registry_snapshot()
    response = upload(client, padded(2 * 1024 * 1024 + 1))
    refused(response, before, TOO_LARGE % {"size": "2\xa0MB"})


def test_the_upload_is_dropped_as_it_passes_the_limit_not_stored_first(
    client, coordinator, settings, monkeypatch
):
    """The handlers that keep an upload (in memory or a temporary file) get no byte past the limit
    (the check of the declared length is widened here, so the upload handler alone stops it)."""
    settings.IMPORT_MAX_BYTES = 100 * 1024
    monkeypatch.setattr("actors.views.UPLOAD_ENVELOPE_BYTES", 10 * 1024 * 1024)
    kept = []
    for handler in (MemoryFileUploadHandler, TemporaryFileUploadHandler):
        original = handler.receive_data_chunk

        def spy(self, raw_data, start, original=original):
            if getattr(self, "activated", True):  # the memory handler passes on what it does not keep
                kept.append(len(raw_data))
            return original(self, raw_data, start)

        monkeypatch.setattr(handler, "receive_data_chunk", spy)
    before = registry_snapshot()
    response = upload(client, padded(3 * 1024 * 1024))  # over FILE_UPLOAD_MAX_MEMORY_SIZE: a temporary file
    refused(response, before, TOO_LARGE % {"size": "100.0\xa0KB"})
    assert 0 < sum(kept) <= 100 * 1024


def test_a_body_declared_far_over_the_limit_is_refused_unread(client, coordinator, limit):
    """The test client's payload fails the test if more is read than it holds: the view answers
    from the declared length alone."""
    client.raise_request_exception = True
    body = encode_multipart(BOUNDARY, {"kind": "organisations", "file": csv_upload(GOOD)})
    before = registry_snapshot()
    response = client.generic(
        "POST", URL, body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(48 * 1024 * 1024)
    )
    refused(response, before, TOO_LARGE % {"size": "1000\xa0bytes"}, status=413)


def test_a_body_declared_just_over_the_envelope_is_refused_unread(client, coordinator, limit):
    from actors.views import UPLOAD_ENVELOPE_BYTES

    client.raise_request_exception = True
    body = encode_multipart(BOUNDARY, {"kind": "organisations", "file": csv_upload(GOOD)})
    declared = limit + UPLOAD_ENVELOPE_BYTES + 1
    response = client.generic("POST", URL, body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(declared))
    assert response.status_code == 413


def test_the_form_says_the_limits(client, coordinator, limit):
    response = client.get(URL)
    assert shows(response, "UTF-8, comma or semicolon separated; at most 1000\xa0bytes and 5,000 rows.")


def test_the_limit_is_checked_after_the_permission(client, limit):
    client.force_login(f.reader("24"))
    response = client.generic("POST", URL, b"x", content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(10**9))
    assert response.status_code == 403


# --- The token is still checked ------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    before = registry_snapshot()
    response = client.post(URL, {"kind": "organisations", "file": csv_upload(GOOD)})
    assert response.status_code == 403
    assert registry_snapshot() == before


def test_a_post_with_the_csrf_token_imports(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    token = client.get(URL).context["csrf_token"]
    response = client.post(
        URL, {"csrfmiddlewaretoken": str(token), "kind": "organisations", "file": csv_upload(GOOD)}
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


def test_a_token_after_a_file_over_the_limit_is_still_read(coordinator, limit):
    """The file over the limit is skipped, the fields after it are read: the answer is the message,
    not a refusal for a missing token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    token = str(client.get(URL).context["csrf_token"])
    file = SimpleUploadedFile("import.csv", padded(limit + 1), content_type="text/csv")
    body = encode_multipart(BOUNDARY, {"kind": "organisations", "file": file})
    tail = encode_multipart(BOUNDARY, {"csrfmiddlewaretoken": token})
    body = body[: body.rindex(f"--{BOUNDARY}--".encode())] + tail  # the token after the file
    before = registry_snapshot()
    response = client.generic("POST", URL, body, content_type=MULTIPART_CONTENT)
    refused(response, before, TOO_LARGE % {"size": "1000\xa0bytes"})


# --- Fields longer than the import reads ---------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("name,type,level,notes\nPratsam AB,foretag,lokal," + "x" * 10_001 + "\n", 2),
        ("name,type,level,notes\nEtt AB,foretag,lokal,\nPratsam AB,foretag,lokal," + "x" * 140_000 + "\n", 3),
        ("name,type,level\nEtt AB,foretag,lokal\nLång AB,foretag,lokal,extra," + "å" * 70_000 + "\n", 3),
        ("name,type,level," + "h" * 10_001 + "\nEtt AB,foretag,lokal,\n", 1),
        (
            'name,type,level,notes\nEtt AB,foretag,lokal,"börjar men slutar aldrig\n'
            + "Rad,kommun,lokal,\n" * 600,
            2,
        ),
    ],
    ids=["notes", "over the csv module's limit", "an extra column", "the header", "an unclosed quote"],
)
def test_an_over_long_field_is_refused_naming_its_line(client, coordinator, content, line):
    before = registry_snapshot()
    refused(upload(client, content), before, FIELD_TOO_LONG % {"line": line})


def test_a_field_up_to_the_import_limit_is_left_to_the_columns_own_rules(client, coordinator):
    before = registry_snapshot()
    response = upload(client, "name,type,level,notes\nPratsam AB,foretag,lokal," + "x" * 10_000 + "\n")
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [e.line for e in errors] == [2] and errors[0].messages[0].startswith("notes: ")
    assert registry_snapshot() == before


def test_the_csv_modules_limit_is_left_as_it_was(client, coordinator):
    import csv

    before = csv.field_size_limit()
    upload(client, "name,type,level,notes\nPratsam AB,foretag,lokal," + "x" * 140_000 + "\n")
    assert csv.field_size_limit() == before


# --- Files that are not CSV text ------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
XLSX = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG, NOT_UTF8),
        (XLSX, NOT_UTF8),
        (bytes(range(256)) * 4, NOT_UTF8),
        ("name,type,level\nSkellefteå kommun,kommun,lokal\n".encode("cp1252"), NOT_UTF8),
        ("name,type,level\nSkellefteå kommun,kommun,lokal\n".encode("utf-16"), NOT_UTF8),
        ("name,type,level\nSkellefteå kommun,kommun,lokal\n".encode("utf-16-le"), NOT_UTF8),
        (b"name,type,level\nEtt AB,foretag,lokal\x00\n", NOT_UTF8),
        (
            b"name,type,level\nEtt AB,foretag,lokal\r\nTv\x01 AB,foretag,lokal\n",
            "The file is not a CSV text file: line 3 holds a control character.",
        ),
        (
            b"\x01\x02\x03\x04\x05\x06\x07\x08",
            "The file is not a CSV text file: line 1 holds a control character.",
        ),
        (
            b"Skellefte\xc3\xa5 kommun,kommun,lokal\nFabriken AB,foretag,lokal\n",
            "The file lacks the column(s): name, type, level. The first row must name the columns.",
        ),
        (
            b"\n\nname,type,level\nEtt AB,foretag,lokal\n",
            "The file lacks the column(s): name, type, level. The first row must name the columns.",
        ),
        (b"name,type,level\n\n\n", "The file has no rows below the header."),
        (
            ("name,type,level\n" + "Rad AB,foretag,lokal\n" * 5001).encode(),
            "The file has more than 5000 rows.",
        ),
    ],
    ids=[
        "png",
        "xlsx",
        "every byte",
        "cp1252",
        "utf-16",
        "utf-16 without its mark",
        "nul",
        "a control character",
        "only control characters",
        "no header",
        "the header below blank lines",
        "no rows",
        "too many rows",
    ],
)
def test_a_file_that_is_not_csv_text_is_refused(client, coordinator, content, message):
    before = registry_snapshot()
    refused(upload(client, content), before, message)


def test_an_empty_file_is_refused(client, coordinator):
    before = registry_snapshot()
    response = upload(client, b"")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["file"]
    assert registry_snapshot() == before


# --- Cut-off and broken uploads -------------------------------------------------------------------


def test_an_upload_cut_off_inside_the_file_is_refused(client, coordinator):
    client.raise_request_exception = True
    body = encode_multipart(BOUNDARY, {"kind": "organisations", "file": csv_upload(GOOD * 20)})
    before = registry_snapshot()
    response = client.generic("POST", URL, body[: len(body) // 2], content_type=MULTIPART_CONTENT)
    refused(response, before, CUT_OFF)


def test_an_upload_cut_off_before_the_file_asks_for_the_file(client, coordinator):
    client.raise_request_exception = True
    body = encode_multipart(BOUNDARY, {"kind": "organisations", "file": csv_upload(GOOD)})
    before = registry_snapshot()
    response = client.generic("POST", URL, body[:120], content_type=MULTIPART_CONTENT)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert registry_snapshot() == before


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_an_upload_without_a_boundary_is_refused(client, coordinator, content_type):
    client.raise_request_exception = True
    before = registry_snapshot()
    response = client.generic("POST", URL, b"--x\r\n\r\ngarbage", content_type=content_type)
    refused(response, before, UNREADABLE)


def test_an_upload_whose_boundary_never_comes_asks_for_the_fields(client, coordinator):
    client.raise_request_exception = True
    before = registry_snapshot()
    content_type = "multipart/form-data; boundary=" + "b" * 60
    response = client.generic("POST", URL, b"--x\r\n\r\ngarbage", content_type=content_type)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "file"}
    assert registry_snapshot() == before


class Broken:
    """A request body whose connection drops after the first bytes."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size=-1):
        if self.data:
            chunk, self.data = self.data[:100], self.data[100:]
            return chunk
        raise OSError("connection reset by peer")

    def readline(self, size=-1):
        return self.read(size)


def test_an_upload_whose_connection_drops_is_refused_not_a_server_error(client, coordinator):
    client.raise_request_exception = True
    body = encode_multipart(BOUNDARY, {"kind": "organisations", "file": csv_upload(GOOD * 20)})
    before = registry_snapshot()
    response = client.generic(
        "POST",
        URL,
        body[:10],
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": Broken(body[:300])},
    )
    refused(response, before, UNREADABLE)


def test_a_too_many_files_upload_is_refused(client, coordinator, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    client.raise_request_exception = True
    files = [csv_upload(GOOD, name=f"{i}.csv") for i in range(3)]
    before = registry_snapshot()
    response = client.post(URL, {"kind": "organisations", "file": files})
    refused(response, before, UNREADABLE)
