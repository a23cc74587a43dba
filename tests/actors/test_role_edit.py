from types import SimpleNamespace

import pytest
from django.urls import reverse

from actors.models import Role
from tests import factories as f
from tests.helpers import registry_snapshot, shows, sv

pytestmark = pytest.mark.django_db


@pytest.fixture
def r():
    org = f.OrganisationFactory(name="Skellefteå kommun")
    return SimpleNamespace(
        org=org,
        anna=f.PersonFactory(organisation=org, name="Anna Berg"),
        bo=f.PersonFactory(organisation=org, name="Bo Ek"),
    )


@pytest.fixture
def coordinator(client):
    user = f.coordinator("24")
    client.force_login(user)
    return user


def create_url(r) -> str:
    return reverse("actors:role_create", args=[r.org.pk])


def data(r, **kw) -> dict:
    return {
        "person": r.anna.pk,
        "title": "Näringslivschef",
        "mandate": "Beslutar om markanvisning.",
        "may_share": "Allt utom affärshemligheter.",
        "valid_from": "2025-01-01",
        "deputy": r.bo.pk,
        **kw,
    }


def test_it_creates_a_role_and_records_who(client, coordinator, r):
    response = client.post(create_url(r), data(r))
    assert response.status_code == 302
    assert response.url == r.org.get_absolute_url()
    role = Role.objects.get()
    assert (role.organisation, role.person, role.deputy) == (r.org, r.anna, r.bo)
    record = role.history.get()
    assert (record.history_type, record.history_user) == ("+", coordinator)


def test_it_updates_a_role(client, coordinator, r):
    role = f.RoleFactory(organisation=r.org, person=r.anna, deputy=r.bo)
    url = reverse("actors:role_edit", args=[r.org.pk, role.pk])
    response = client.post(url, data(r, deputy="", valid_to="2030-12-31", change_reason="Bo slutar"))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.deputy is None
    assert role.is_person_dependent
    assert str(role.valid_to) == "2030-12-31"


def test_it_rejects_an_end_before_the_start(client, coordinator, r):
    before = registry_snapshot()
    response = client.post(create_url(r), data(r, valid_from="2025-06-01", valid_to="2025-05-31"))
    assert response.status_code == 200
    assert shows(response, sv("A role cannot end before it begins."))
    assert registry_snapshot() == before


def test_it_accepts_a_role_of_one_day(client, coordinator, r):
    response = client.post(create_url(r), data(r, valid_from="2025-06-01", valid_to="2025-06-01"))
    assert response.status_code == 302


def test_it_rejects_a_person_as_their_own_deputy(client, coordinator, r):
    before = registry_snapshot()
    response = client.post(create_url(r), data(r, deputy=r.anna.pk))
    assert response.status_code == 200
    assert shows(response, sv("A person cannot be their own deputy."))
    assert registry_snapshot() == before


@pytest.mark.parametrize("field", ["person", "deputy"])
def test_it_rejects_a_person_of_another_organisation(client, coordinator, r, field):
    stranger = f.PersonFactory(name="Främling")
    before = registry_snapshot()
    response = client.post(create_url(r), data(r, **{field: stranger.pk}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert registry_snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "x" * 201),
        ("mandate", "x" * 2001),
        ("may_share", "x" * 2001),
        ("valid_from", "inte ett datum"),
        ("valid_to", "2025-13-01"),
    ],
)
def test_it_rejects_bad_input_with_a_message(client, coordinator, r, field, value):
    before = registry_snapshot()
    response = client.post(create_url(r), data(r, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert shows(response, errors[field][0])
    assert registry_snapshot() == before


def test_it_offers_only_the_organisations_people(client, coordinator, r):
    f.PersonFactory(name="Främling")
    form = client.get(create_url(r)).context["form"]
    assert set(form.fields["person"].queryset) == {r.anna, r.bo}
    assert set(form.fields["deputy"].queryset) == {r.anna, r.bo}


def test_it_404s_for_a_role_of_another_organisation(client, coordinator, r):
    other = f.RoleFactory()
    before = registry_snapshot()
    url = reverse("actors:role_edit", args=[r.org.pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, data(r)).status_code == 404
    assert registry_snapshot() == before


def test_it_404s_for_an_unknown_organisation(client, coordinator):
    assert client.get(reverse("actors:role_create", args=[999999])).status_code == 404
