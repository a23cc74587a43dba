"""What tests across the suite share: counting a page's queries, reading the Swedish UI, uploads,
and snapshots of what a refused or bad request must leave unchanged.

The shared world (users, cases, the role groups, ``everyone_but``) is in tests/world.py; the
factories and bulk builders in tests/factories.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from accounts.models import User
from actors.models import Organisation, Person, Role

# --- Queries -------------------------------------------------------------------------------------


def request_queries(
    client, url: str, *, method="get", data=None, status=200, warm=False, **headers
) -> list[str]:
    """The SQL of the queries one request makes. ``warm`` asks once first, so caches a first request
    fills (content types, the session) are not counted; the answer must have ``status``."""
    send = getattr(client, method)
    args = (url,) if data is None else (url, data)
    if warm:
        send(*args, **headers)
    with CaptureQueriesContext(connection) as ctx:
        response = send(*args, **headers)
    assert response.status_code == status, (url, response.status_code)
    return [q["sql"] for q in ctx.captured_queries]


def count_queries(client, url: str, *, method="get", data=None, status=200, warm=False, **headers) -> int:
    """How many queries one request makes (``request_queries``)."""
    return len(request_queries(client, url, method=method, data=data, status=status, warm=warm, **headers))


def queries_of(fn, *, ignore: str = "") -> int:
    """How many queries a call makes (a service, a selector), leaving out those whose SQL starts
    with ``ignore``."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len([q for q in ctx.captured_queries if not (ignore and q["sql"].startswith(ignore))])


# --- Messages ------------------------------------------------------------------------------------


def sv(msgid: str, **params) -> str:
    """``msgid`` as the Swedish UI shows it (the catalogue may still fall back to English)."""
    with translation.override("sv"):
        text = gettext(msgid)
    return text % params if params else text


def sv_plural(singular: str, plural: str, n: int, **params) -> str:
    with translation.override("sv"):
        text = ngettext(singular, plural, n)
    return text % params


def message_of(validator, value) -> str:
    """The (Swedish) message ``validator`` gives for ``value``."""
    with translation.override("sv"):
        try:
            validator(value)
        except ValidationError as exc:
            return exc.messages[0]
    raise AssertionError(f"{value!r} passed {validator.__name__}")


def shows(response, text: str) -> bool:
    """Is ``text`` on the page, as the template's autoescaping renders it?"""
    return escape(text) in response.content.decode()


def count_on_page(response, text: str) -> int:
    """How many elements hold exactly ``text``."""
    return response.content.decode().count(f">{escape(text)}<")


# --- Uploads and snapshots -------------------------------------------------------------------------


def csv_upload(content: str | bytes, name: str = "import.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    data = content.encode(encoding) if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def registry_snapshot() -> dict:
    """Every registry row (with ``updated_at``, so any save shows) and every history count."""
    return {
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "people": list(Person.objects.order_by("pk").values()),
        "roles": list(Role.objects.order_by("pk").values()),
        "history": (Organisation.history.count(), Person.history.count(), Role.history.count()),
    }


def users_snapshot() -> dict:
    return {
        "users": list(User.objects.order_by("pk").values()),
        "groups": list(User.groups.through.objects.order_by("pk").values_list("user_id", "group_id")),
        "history": User.history.count(),
    }
