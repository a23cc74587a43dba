"""Every URL of the REST API, tried without credentials and by the users who must not get at it;
a URL added to the API without a row here fails ``test_every_api_url_is_tried``. (The access
harness, tests/test_access_harness.py, leaves the ``api`` namespace to this module: the API answers
401 or 403, never the login page.)"""

import pytest
from django.test import Client
from guardian.shortcuts import assign_perm

from accounts import api_tokens, policy
from accounts.models import Confidentiality, User
from establishments.models import Signal
from tests import factories as f
from tests.test_access_harness import url_names

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def api_url_names() -> set[str]:
    return url_names(only="api")


@pytest.fixture
def world():
    coordinator = f.coordinator("24")
    secret = f.CaseFactory(
        coordinator=coordinator, name="Hemliga fabriken", code_name="Projekt Gran",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )  # fmt: skip
    assign_perm(policy.VIEW_CASE, coordinator, secret)
    official = f.official("2180")  # Gävle
    signal = Signal.objects.create(
        subject="Hemlig signal", municipality=f.municipality("2180"), channel="telefon", logged_by=official,
        caller="Anna Berg 070-123 45 67",
    )  # fmt: skip
    person = f.PersonFactory()
    role = f.RoleFactory(person=person, organisation=person.organisation)
    from workspace.plan import services as plan_services
    from workspace.plan.models import Action

    open_case = f.CaseFactory(coordinator=coordinator, name="Öppen fabrik")
    action = plan_services.action_save(
        user=coordinator,
        action=Action(case=open_case, theme="mark", title="Hemlig markplan", sharing="intern"),
    )
    f.roster_entry("24")
    from alarms.raising.services import alarm_raise

    alarm = alarm_raise(
        user=coordinator, municipality=f.municipality("2482"), kind="etablering", message="Hemligt möte"
    )
    from tests.api.records import case_records, round_with_answers

    records = case_records(secret, coordinator)
    round_ = round_with_answers("24", coordinator, [f.OrganisationFactory(region=f.region("24"))])
    return {
        "records": records,
        "round": round_,
        "answer": round_.participants.get().answers.first(),
        "alarm": alarm,
        "action": action,
        "coordinator": coordinator,
        "secret": secret,
        "signal": signal,
        "person": person,
        "role": role,
    }


def rows(w) -> list[tuple[str, str, list]]:
    """(URL name, URL, [users who must be refused it: 403 or 404]) — every URL of the API."""
    outsider = f.coordinator("24")
    contact = f.contact()
    gavle = f.coordinator("21")
    return [
        ("api:api-root", "/api/v1/", []),
        ("api:region-list", "/api/v1/regions/", []),
        ("api:region-detail", "/api/v1/regions/24/", []),
        ("api:municipality-list", "/api/v1/municipalities/", []),
        ("api:municipality-detail", "/api/v1/municipalities/2482/", []),
        ("api:organisation-list", "/api/v1/organisations/", []),
        ("api:organisation-detail", f"/api/v1/organisations/{w['person'].organisation_id}/", []),
        ("api:person-list", "/api/v1/people/", []),
        ("api:person-detail", f"/api/v1/people/{w['person'].pk}/", []),
        ("api:role-list", "/api/v1/roles/", []),
        ("api:role-detail", f"/api/v1/roles/{w['role'].pk}/", []),
        ("api:case-list", "/api/v1/cases/", []),
        ("api:case-detail", f"/api/v1/cases/{w['secret'].pk}/", [outsider, contact, gavle]),
        ("api:signal-list", "/api/v1/signals/", []),
        ("api:signal-detail", f"/api/v1/signals/{w['signal'].pk}/", [outsider, contact]),
        ("api:action-list", "/api/v1/actions/", []),
        ("api:action-detail", f"/api/v1/actions/{w['action'].pk}/", [outsider_contact := f.contact(), gavle]),
        (
            "api:action-respond",
            f"/api/v1/actions/{w['action'].pk}/respond/",
            [outsider_contact, gavle, outsider],
        ),
        ("api:alarm-list", "/api/v1/alarms/", []),
        ("api:alarm-detail", f"/api/v1/alarms/{w['alarm'].pk}/", [gavle, contact]),
        *record_rows(w, [outsider, contact, gavle]),
        ("api:round-list", "/api/v1/rounds/", []),
        ("api:round-detail", f"/api/v1/rounds/{w['round'].pk}/", [contact, gavle]),
        ("api:answer-list", "/api/v1/answers/", []),
        ("api:answer-detail", f"/api/v1/answers/{w['answer'].pk}/", [contact, gavle]),
        ("api:competence_picture", "/api/v1/competence-picture/24/", [contact, gavle]),
        ("api:schema", "/api/schema/", []),
        ("api:docs", "/api/docs/", []),
    ]


def record_rows(w, refused) -> list[tuple[str, str, list]]:
    """The list and the detail of every kind of workspace record (and lessons), the detail of the
    confidential case's record refused to those not granted it."""
    from tests.api.records import PREFIXES

    found = []
    for model_name, record in w["records"].items():
        basename = "lesson" if model_name == "lesson" else model_name
        prefix = PREFIXES[model_name]
        found.append((f"api:{basename}-list", f"/api/v1/{prefix}/", []))
        found.append((f"api:{basename}-detail", f"/api/v1/{prefix}/{record.pk}/", refused))
    return found


def test_every_api_url_is_tried(world):
    assert {name for name, _url, _refused in rows(world)} == api_url_names()


def test_without_credentials_or_a_role_nothing_is_answered(world):
    no_role = User.objects.create_user("ingen", password="x" * 20)
    for name, url, _refused in rows(world):
        for method in ("get", "post"):
            response = getattr(Client(), method)(url)
            assert response.status_code in (401, 403), (name, method, response.status_code)
            assert "Projekt Gran" not in response.content.decode()
        token = api_tokens.token_create(user=no_role, name="x").secret
        response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 403, (name, response.status_code)


def test_refused_users_get_nothing_and_change_nothing(world):
    before = (Signal.objects.count(), world["secret"].phase)
    for name, url, refused in rows(world):
        for user in refused:
            token = api_tokens.token_create(user=user, name="x", read_only=False).secret
            for method in ("get", "post", "put", "patch", "delete"):
                response = getattr(Client(), method)(url, HTTP_AUTHORIZATION=f"Bearer {token}")
                assert response.status_code in (403, 404, 405), (name, user, method, response.status_code)
                body = response.content.decode()
                assert "Projekt Gran" not in body and "Hemlig" not in body and "070-123" not in body, name
    world["secret"].refresh_from_db()
    assert (Signal.objects.count(), world["secret"].phase) == before


def test_the_users_not_refused_read_every_url(world):
    token = api_tokens.token_create(user=world["coordinator"], name="x").secret
    for name, url, _refused in rows(world):
        if name in ("api:signal-detail", "api:action-respond"):
            continue  # a Gävle signal: not the Västerbotten coordinator's; a POST only
        response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200, (name, response.status_code)
