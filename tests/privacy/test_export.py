"""Exporting everything stored about a person or user (privacy/export.py) as one JSON file."""

import json

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from actors.models import Person
from alarms.rosters.models import Channel
from tests import factories as f
from tests.helpers import count_queries
from workspace.plan.models import CalendarFeed

from .helpers import EMAIL, NAME, OLD_EMAIL, answer, life

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return reverse("privacy:person_export", args=[person.pk])


@pytest.fixture
def subject(world):
    return life(world)


def download(client, target) -> dict:
    response = client.post(target)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_it_holds_everything_about_them(client, subject):
    answer(subject)
    person, user = subject["person"], subject["user"]
    client.force_login(subject["admin"])
    document = download(client, url(person))
    data = document["data"]
    assert (document["person_id"], document["user_id"]) == (person.pk, user.pk)
    assert data["person"][0]["email"] == EMAIL and data["person"][0]["name"] == NAME
    assert OLD_EMAIL in {row["email"] for row in data["person_history"]}
    assert data["user"][0]["username"] == user.username
    assert {row["kind"] for row in data["alarm_channels"]} == {"email", "inapp", "sms"}
    assert {row["title"] for row in data["roles"]} == {"Beredskap", "Kollegans roll"}
    assert data["roster_entries"] and data["alarm_deliveries"] and data["notifications"]
    answered = [r for r in data["alarm_recipients"] if r["responded_by_person_id"] == person.pk]
    assert len(answered) == 2 and any(NAME in r["who_comes"] for r in answered)
    assert {row["kind"] for row in data["alarm_events"]} >= {"mobilising"}
    assert len(data["second_factor_apps"]) == 1 and len(data["recovery_codes"]) == 1
    assert len(data["calendar_feeds"]) == 1 and len(data["login_records"]) == 2
    assert data["roles_in_samhandla"] == ["Aktörskontakt"]
    assert set(document["about"]) == set(data)


def test_it_never_holds_a_secret(client, subject):
    user = subject["user"]
    client.force_login(subject["admin"])
    text = client.post(url(subject["person"])).content.decode()
    user.refresh_from_db()
    secrets = [user.password, CalendarFeed.objects.get(user=user).token, "abcd1234"]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    secrets.append(TOTPDevice.objects.get(user=user).key)
    for secret in secrets:
        assert secret not in text
    for key in ('"password"', '"session_salt"', '"key"', '"token"'):
        assert key not in text


def test_what_they_wrote_in_a_case_is_referenced_not_copied(client, world):
    """The coordinator changed the confidential case, which the exporting administrator may not read:
    the export says where and when, not what."""
    coordinator = world["coordinator"]
    client.force_login(world["admin"])
    document = download(client, reverse("privacy:user_export", args=[coordinator.pk]))
    refs = document["references"]
    cases = refs["establishments.EstablishmentCase"]
    assert world["case_confidential"].pk in {r["pk"] for r in cases}
    assert {"coordinator", "deputy", "created_by"} & {r["field"] for r in cases}
    assert any(r["field"] == "history_user" for r in refs["establishments.HistoricalEstablishmentCase"])
    text = json.dumps(document, ensure_ascii=False)
    for secret in ("Hemligt namn", "Projekt Nordljus", "Hemlig fabrik"):
        assert secret not in text


def test_the_export_is_recorded_without_personal_data(client, subject):
    person, user = subject["person"], subject["user"]
    client.force_login(subject["admin"])
    client.post(url(person))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_EXPORTED)
    assert (event.by, event.user, event.person_id) == (subject["admin"], user, person.pk)
    for text in (NAME, EMAIL, user.username):
        assert text not in event.detail


def test_the_page_offers_the_download_without_exporting(client, subject):
    client.force_login(subject["admin"])
    page = client.get(url(subject["person"]))
    assert page.status_code == 200 and b'method="post"' in page.content
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_EXPORTED).exists()


@pytest.mark.parametrize("key", ["coordinator", "official", "reader", "contact_other"])
def test_only_administrators_export(client, world, key):
    person = f.PersonFactory(email="hemlig@example.se")
    client.force_login(world[key])
    for target in (url(person), reverse("privacy:user_export", args=[world["reader"].pk])):
        for method in (client.get, client.post):
            response = method(target)
            assert response.status_code == 403
            assert b"hemlig@example.se" not in response.content
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_EXPORTED).exists()


def test_anonymous_users_are_sent_to_log_in(client):
    person = f.PersonFactory()
    response = client.post(url(person))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_unknown_person_or_user_is_not_found(client, world):
    client.force_login(world["admin"])
    assert client.post(reverse("privacy:person_export", args=[987654])).status_code == 404
    assert client.post(reverse("privacy:user_export", args=[987654])).status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_EXPORTED).exists()


def test_the_export_asks_as_many_queries_whatever_the_amount_of_data(client, world):
    from actors.services import person_save

    admin = world["admin"]
    person = f.PersonFactory(organisation=f.OrganisationFactory(), user=f.contact())
    client.force_login(admin)

    def grow(n, prefix):
        Channel.objects.bulk_create(
            [Channel(person=person, kind="email", target=f"{prefix}{i}@example.se") for i in range(n)]
        )
        for i in range(n):
            person.title = f"{prefix} {i}"
            person_save(user=admin, person=person)

    by_user = reverse("privacy:user_export", args=[person.user.pk])
    grow(2, "a")
    count_queries(client, url(person), method="post")
    few = count_queries(client, url(person), method="post")
    few_by_user = count_queries(client, by_user, method="post")
    grow(25, "b")
    many = count_queries(client, url(person), method="post")
    assert few == many, f"export: {few} queries with 2 channels and versions, {many} with 27"
    assert count_queries(client, by_user, method="post") == few_by_user
    assert Person.history.filter(id=person.pk).count() > 25
