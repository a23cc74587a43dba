"""The REST API (/api/v1/): personal tokens (made once, stored hashed, expiring, revocable, read-only
or not, from allowed networks only, failed attempts throttled), the same narrowing as the web pages
(a confidential case never listed, found or counted for a token whose user is not granted it), the
signal intake through the web form's rules, the schema, and query counts constant in the data."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts import api_tokens, policy
from accounts.models import ApiToken, AuditEvent, Confidentiality
from establishments.models import Signal
from tests import factories as f
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

CASES = "/api/v1/cases/"
SIGNALS = "/api/v1/signals/"


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def token_for(user, **kw) -> str:
    return api_tokens.token_create(user=user, name="Test", **kw).secret


@pytest.fixture
def coordinator():
    return f.coordinator("24")


@pytest.fixture
def cases(coordinator):
    open_case = f.CaseFactory(coordinator=coordinator, name="Öppna fabriken")
    secret = f.CaseFactory(
        coordinator=f.coordinator("24"),
        name="Hemliga fabriken",
        code_name="Projekt Gran",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    assign_perm(policy.VIEW_CASE, secret.coordinator, secret)
    return open_case, secret


# --- Tokens -------------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_stored_only_as_a_hash(client, coordinator):
    client.force_login(coordinator)
    url = reverse("accounts:api_tokens")
    response = client.post(url, {"name": "Kontaktcenter", "days": "30", "read_only": "on", "networks": ""})
    assert response.status_code == 302 and response["Location"] == url
    response = client.get(url)
    secret = response.context["made"]["secret"]
    assert secret.startswith("smh_") and secret in response.content.decode()
    token = ApiToken.objects.get()
    assert secret.split("_")[2] not in (token.secret_hash, token.key_id) and len(token.secret_hash) == 64
    assert (token.expires_at - timezone.now()).days in (29, 30) and token.read_only
    assert secret not in client.get(url).content.decode()  # never again
    assert AuditEvent.objects.filter(kind="api_token_created", user=coordinator).exists()
    assert Client().get(CASES, **bearer(secret)).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "days": "30"}, "This field is required."),
        ({"name": "x", "days": "366"}, "Ensure this value is less than or equal to 365."),
        ({"name": "x", "days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"name": "x", "days": "30", "networks": "10.0.0.0/33"}, "is neither an IP address nor a network"),
        ({"name": "x", "days": "tretti"}, "Enter a whole number."),
    ],
)
def test_a_bad_token_form_says_why_and_makes_nothing(client, coordinator, data, message):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:api_tokens"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_expired_revoked_inactive_and_unknown_tokens_are_refused(coordinator):
    client = Client()
    secret = token_for(coordinator)
    assert client.get(CASES, **bearer(secret)).status_code == 200
    for bad in (secret + "x", "smh_000000000000_abc", "nonsense", secret.replace("smh_", "xyz_")):
        assert client.get(CASES, **bearer(bad)).status_code == 401
    token = ApiToken.objects.get()
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(CASES, **bearer(secret)).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1))
    coordinator.is_active = False
    coordinator.save()
    assert client.get(CASES, **bearer(secret)).status_code == 401
    coordinator.is_active = True
    coordinator.save()
    api_tokens.token_revoke(by=coordinator, token=token)
    response = client.get(CASES, **bearer(secret))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert client.get(CASES).status_code in (401, 403)


def test_a_read_only_token_may_not_write_and_a_network_limits_where_it_is_used(coordinator):
    official = f.official("2482")
    reading = token_for(official)
    data = {
        "subject": "Fabrik",
        "municipality": "2482",
        "channel": "telefon",
        "confidentiality": "oppen",
        "summary": "Söker mark.",
    }
    response = Client().post(SIGNALS, data, content_type="application/json", **bearer(reading))
    assert response.status_code == 403 and "read only" in response.json()["detail"]
    limited = token_for(coordinator, networks="10.20.0.0/16")
    assert Client().get(CASES, **bearer(limited), REMOTE_ADDR="10.20.3.4").status_code == 200
    assert Client().get(CASES, **bearer(limited), REMOTE_ADDR="192.0.2.1").status_code == 401
    assert not Signal.objects.exists()


@override_settings(LOGIN_FAILURE_LIMIT_PER_ADDRESS=3)
def test_failed_token_attempts_are_throttled_per_address(coordinator):
    from django.core.cache import cache

    cache.clear()
    good = token_for(coordinator)
    for _ in range(3):
        assert (
            Client().get(CASES, **bearer("smh_aaaaaaaaaaaa_wrong"), REMOTE_ADDR="192.0.2.9").status_code
            == 401
        )
    assert Client().get(CASES, **bearer(good), REMOTE_ADDR="192.0.2.9").status_code == 429
    assert Client().get(CASES, **bearer(good), REMOTE_ADDR="192.0.2.10").status_code == 200


def test_only_the_owner_or_an_administrator_revokes(client, coordinator):
    token_for(coordinator)
    token = ApiToken.objects.get()
    other = f.coordinator("24")
    client.force_login(other)
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    assert "Test" not in client.get(reverse("accounts:api_tokens")).content.decode()
    client.force_login(f.admin())
    assert "Test" in client.get(reverse("accounts:api_tokens")).content.decode()
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 405


def test_a_user_without_a_role_has_no_token_page(client):
    from accounts.models import User

    client.force_login(User.objects.create_user("ingen", password="x" * 20))
    assert client.get(reverse("accounts:api_tokens")).status_code == 403


# --- The same narrowing as the web ---------------------------------------------------------------


def test_a_confidential_case_is_never_listed_found_or_filtered_for_a_token_not_granted(cases):
    open_case, secret = cases
    outsider = token_for(f.coordinator("24"))
    client = Client()
    ids = [c["id"] for c in client.get(CASES, **bearer(outsider)).json()["results"]]
    assert open_case.pk in ids and secret.pk not in ids
    assert client.get(f"{CASES}{secret.pk}/", **bearer(outsider)).status_code == 404
    filtered = client.get(CASES, {"confidentiality": "konfidentiell"}, **bearer(outsider)).json()
    assert filtered["results"] == []
    body = client.get(CASES, **bearer(outsider)).content.decode()
    assert "Projekt Gran" not in body and "Hemliga" not in body

    granted = token_for(secret.coordinator)
    ids = [c["id"] for c in client.get(CASES, **bearer(granted)).json()["results"]]
    assert secret.pk in ids
    assert client.get(f"{CASES}{secret.pk}/", **bearer(granted)).json()["code_name"] == "Projekt Gran"


def test_a_confidential_case_is_listed_by_its_code_name_even_to_who_is_granted_it(cases):
    """As the case list: the code name in lists; the real name only in the case's own read, as the
    case page shows it under the code name."""
    _open_case, secret = cases
    granted = token_for(secret.coordinator)
    listed = Client().get(CASES, **bearer(granted))
    row = next(c for c in listed.json()["results"] if c["id"] == secret.pk)
    assert row["name"] == "Projekt Gran" and "Hemliga fabriken" not in listed.content.decode()
    detail = Client().get(f"{CASES}{secret.pk}/", **bearer(granted)).json()
    assert (detail["name"], detail["real_name"]) == ("Projekt Gran", "Hemliga fabriken")


def test_a_signals_contact_person_only_for_who_triages_it(coordinator):
    official = f.official("2482")
    signal = Signal.objects.create(
        subject="Fabrik",
        municipality=f.municipality("2482"),
        channel="telefon",
        caller="Anna Berg 070-123 45 67",
        logged_by=official,
    )
    rows = Client().get(SIGNALS, **bearer(token_for(coordinator))).json()["results"]
    assert [r["caller"] for r in rows if r["id"] == signal.pk] == ["Anna Berg 070-123 45 67"]
    reader = f.reader("24")
    response = Client().get(SIGNALS, **bearer(token_for(reader)))
    assert "070-123" not in response.content.decode()


# --- The signal intake ---------------------------------------------------------------------------


def test_another_system_logs_a_signal_by_the_forms_rules(coordinator):
    official = f.official("2482")
    writing = token_for(official, read_only=False)
    data = {
        "subject": "Cellfabrik, cirka 1 200 jobb, Skellefteå",
        "municipality": "2482",
        "channel": "epost",
        "caller": "Anna Berg",
        "jobs": 1200,
        "confidentiality": "oppen",
        "summary": "Vd ringde: söker 40 hektar mark.",
    }
    response = Client().post(SIGNALS, data, content_type="application/json", **bearer(writing))
    assert response.status_code == 201, response.content
    signal = Signal.objects.get()
    assert (signal.logged_by, signal.municipality.code, signal.jobs) == (official, "2482", 1200)
    assert response.json()["id"] == signal.pk and response.json()["caller"] == "Anna Berg"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"summary": ""}, "summary"),
        ({"subject": "Ring 070-123 45 67"}, "subject"),
        ({"municipality": "2180"}, "municipality"),  # Gävle: outside the official's scope
        ({"municipality": "99"}, "municipality"),
        ({"channel": "brevduva"}, "channel"),
        ({"jobs": -4}, "jobs"),
        ({"jobs": "många"}, "jobs"),
        ({"received_at": "igår"}, "received_at"),
    ],
)
def test_a_bad_signal_is_refused_with_the_reason_and_nothing_saved(change, field):
    writing = token_for(f.official("2482"), read_only=False)
    data = {
        "subject": "Fabrik",
        "municipality": "2482",
        "channel": "telefon",
        "confidentiality": "oppen",
        "summary": "Söker mark.",
    }
    data.update(change)
    response = Client().post(SIGNALS, data, content_type="application/json", **bearer(writing))
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Signal.objects.exists()


def test_a_reader_may_not_log_a_signal():
    writing = token_for(f.reader("24"), read_only=False)
    data = {
        "subject": "Fabrik",
        "municipality": "2482",
        "channel": "telefon",
        "confidentiality": "oppen",
        "summary": "Söker mark.",
    }
    assert Client().post(SIGNALS, data, content_type="application/json", **bearer(writing)).status_code == 403
    assert not Signal.objects.exists()


# --- The competence picture and the reference data ----------------------------------------------


def test_the_competence_picture_follows_the_web_rule(coordinator):
    assert Client().get("/api/v1/competence-picture/24/", **bearer(token_for(coordinator))).status_code == 200
    assert Client().get("/api/v1/competence-picture/21/", **bearer(token_for(coordinator))).status_code == 403
    assert Client().get("/api/v1/competence-picture/24/", **bearer(token_for(f.contact()))).status_code == 403
    response = Client().get(
        "/api/v1/competence-picture/24/?year_from=2030&year_to=2020", **bearer(token_for(coordinator))
    )
    assert response.status_code == 400 and "year_to" in response.json()
    assert Client().get("/api/v1/competence-picture/99/", **bearer(token_for(coordinator))).status_code == 404


def test_reference_data(coordinator):
    client, auth = Client(), bearer(token_for(coordinator))
    regions = client.get("/api/v1/regions/", **auth).json()
    assert {"code": "24", "name": "Västerbottens län"} in regions and len(regions) == 21
    skelleftea = client.get("/api/v1/municipalities/2482/", **auth).json()
    assert skelleftea == {"code": "2482", "name": "Skellefteå", "region": "24"}
    assert len(client.get("/api/v1/municipalities/", {"region": "24"}, **auth).json()) == 15


# --- The schema and the documentation -----------------------------------------------------------


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/cases/" in (tmp_path / "schema.yaml").read_text()


def test_the_documentation_is_served_by_the_app(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page and "https://" not in page.split("<body")[0].replace("https://www.w3.org", "")


# --- Query counts --------------------------------------------------------------------------------


def test_people_show_contact_details_only_to_who_may_see_them(coordinator):
    person = f.PersonFactory(email="anna@example.se", phone="070-123 45 67")
    url = f"/api/v1/people/{person.pk}/"
    assert Client().get(url, **bearer(token_for(coordinator))).json()["email"] == "anna@example.se"
    shown = Client().get(url, **bearer(token_for(f.reader("24")))).json()
    assert (shown["email"], shown["phone"]) == (None, None) and shown["name"] == person.name
    listed = Client().get("/api/v1/people/", **bearer(token_for(f.contact()))).content.decode()
    assert "anna@example.se" not in listed and "070-123" not in listed
    assert Client().get("/api/v1/people/x/", **bearer(token_for(coordinator))).status_code == 404
    assert Client().get("/api/v1/organisations/999999/", **bearer(token_for(coordinator))).status_code == 404


@pytest.mark.parametrize(
    "url", [CASES, SIGNALS, "/api/v1/organisations/", "/api/v1/people/", "/api/v1/roles/"]
)
def test_list_query_counts_do_not_grow_with_the_data(client, coordinator, url):
    official = f.official("2482")
    client.force_login(coordinator)

    def add(n):
        for i in range(n):
            f.CaseFactory(coordinator=coordinator)
            Signal.objects.create(
                subject=f"Signal {i}",
                municipality=f.municipality("2482"),
                channel="telefon",
                logged_by=official,
            )

    add(3)
    few = count_queries(client, url, warm=True)
    add(40)
    many = count_queries(client, url, warm=True)
    assert many == few, (few, many)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/people/?organisation=-1.3558141614262407e%2B136",  # found by schemathesis: a 500 before
        "/api/v1/people/?organisation=99999999999999999999",
        "/api/v1/roles/?person=1e400",
        "/api/v1/cases/99999999999999999999/",
        "/api/v1/roles/99999999999999999999/",
        "/api/v1/people/99999999999999999999/",
        "/api/v1/cases/?cursor=cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ%3D%3D",  # p=99999999999999999999
    ],
)
def test_numbers_the_database_cannot_hold_are_refused_not_sent(coordinator, url):
    response = Client().get(url, **bearer(token_for(coordinator)))
    assert response.status_code in (400, 404), (url, response.status_code)


def test_a_time_with_an_offset_postgresql_refuses_is_turned_to_utc_first(coordinator):
    """Found by schemathesis on PostgreSQL: ``+19:11`` is ISO 8601, and PostgreSQL refused it (a 500)."""
    url = "/api/v1/cases/?updated_after=1464-05-20T22%3A55%3A39.71%2B19%3A11"
    assert Client().get(url, **bearer(token_for(coordinator))).status_code == 200
    assert (
        Client()
        .get("/api/v1/signals/?received_after=2026-01-01T00%3A00%2B23%3A59", **bearer(token_for(coordinator)))
        .status_code
        == 200
    )
