"""Bulk builders and small helpers for the registry and user tests.

The bulk builders use ``bulk_create``: no history, no ``full_clean``. They exist for volume (the
query-count tests), never for testing the rules themselves.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from accounts.models import User
from actors.models import Level, Organisation, OrganisationType, Person, Role
from tests import factories as f

# --- Messages ----------------------------------------------------------------------------------


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


# --- Requests ----------------------------------------------------------------------------------


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


# --- Bulk data ---------------------------------------------------------------------------------


def bulk_organisations(n: int, prefix: str = "Bulkorg", **fields) -> list[Organisation]:
    values = {"type": OrganisationType.KOMMUN, "level": Level.LOKAL, **fields}
    return Organisation.objects.bulk_create(
        [Organisation(name=f"{prefix} {i:04d}", **values) for i in range(n)]
    )


def bulk_people(organisation: Organisation, n: int, prefix: str = "Bulkperson") -> list[Person]:
    return Person.objects.bulk_create(
        [
            Person(
                name=f"{prefix} {i:04d}",
                title="Handläggare",
                organisation=organisation,
                email=f"{prefix.lower()}{i}@example.se",
                phone="070-123 45 67",
            )
            for i in range(n)
        ]
    )


def bulk_roles(
    people: list[Person],
    deputies: list[Person | None] | None = None,
    *,
    title: str = "Kontaktperson",
    valid_to: datetime.date | None = None,
) -> list[Role]:
    deputies = deputies if deputies is not None else [None] * len(people)
    return Role.objects.bulk_create(
        [
            Role(
                organisation_id=p.organisation_id,
                person=p,
                deputy=d,
                title=f"{title} {i:04d}",
                mandate="Beslutar om insatser inom egen budget.",
                may_share="Allt som inte är sekretess.",
                valid_to=valid_to,
            )
            for i, (p, d) in enumerate(zip(people, deputies, strict=True))
        ]
    )


def populated_organisations(n: int, prefix: str = "Bulkorg") -> list[Organisation]:
    """``n`` organisations placed in Skellefteå, each with one person and one person-dependent role."""
    m = f.municipality("2482")
    orgs = bulk_organisations(n, prefix=prefix, region=m.region, municipality=m)
    people = Person.objects.bulk_create(
        [Person(name=f"{prefix} kontakt {i:04d}", organisation=o) for i, o in enumerate(orgs)]
    )
    bulk_roles(people)
    return orgs


def bulk_users(n: int, role: str, prefix: str = "bulkuser", **fields) -> list[User]:
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}{i:04d}",
                first_name="Bulk",
                last_name=f"Användare {i:04d}",
                email=f"{prefix}{i}@example.se",
                password="!",  # unusable
                **fields,
            )
            for i in range(n)
        ]
    )
    group = Group.objects.get(name=role)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
    )
    return users
