import pytest
from django.urls import reverse

from actors.models import Person
from actors.validators import validate_phone
from tests import factories as f
from tests.helpers import message_of, registry_snapshot, shows

pytestmark = pytest.mark.django_db

CREATE = reverse("actors:person_create")


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Arbetsförmedlingen")


@pytest.fixture
def coordinator(client):
    user = f.coordinator("24")
    client.force_login(user)
    return user


def data(org, **kw) -> dict:
    return {"name": "Anna Berg", "title": "Handläggare", "organisation": org.pk, **kw}


def test_it_creates_a_person_and_records_who(client, coordinator, org):
    response = client.post(CREATE, data(org, email="anna@af.se"))
    person = Person.objects.get(name="Anna Berg")
    assert response.status_code == 302
    assert response.url == person.get_absolute_url()
    record = person.history.get()
    assert (record.history_type, record.history_user) == ("+", coordinator)


def test_it_updates_a_person(client, coordinator, org):
    person = f.PersonFactory(organisation=org, name="Anna Berg", title="Handläggare")
    response = client.post(
        reverse("actors:person_edit", args=[person.pk]), data(org, title="Chef", change_reason="Befordrad")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Chef"
    assert person.history.latest().history_change_reason == "Befordrad"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0701234567", "070-123 45 67"), ("+46 70 123 45 67", "070-123 45 67"), ("+4420 7946 0958", None)],
)
def test_it_stores_phone_numbers_in_one_format(client, coordinator, org, typed, stored):
    client.post(CREATE, data(org, phone=typed))
    phone = Person.objects.get().phone
    if stored:
        assert phone == stored
    else:
        assert phone.startswith("+44")


def test_it_preselects_the_organisation_from_the_link(client, coordinator, org):
    response = client.get(CREATE, {"organisation": org.pk})
    assert response.context["form"].initial["organisation"] == str(org.pk)
    assert client.get(CREATE, {"organisation": "abc"}).status_code == 200


@pytest.mark.parametrize("value", ["12", "abc", "070-12"])
def test_it_rejects_an_invalid_phone_number(client, coordinator, org, value):
    before = registry_snapshot()
    response = client.post(CREATE, data(org, phone=value))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["phone"]
    assert shows(response, message_of(validate_phone, value))
    assert registry_snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "inte-en-adress"),
        ("email", "anna@"),
        ("name", "x" * 201),
        ("title", "x" * 201),
        ("name", ""),
        ("organisation", ""),
        ("organisation", "999999"),
        ("phone", "0" * 40),
    ],
)
def test_it_rejects_bad_input_with_a_message(client, coordinator, org, field, value):
    person = f.PersonFactory(organisation=org, name="Anna Berg")
    before = registry_snapshot()
    response = client.post(reverse("actors:person_edit", args=[person.pk]), data(org, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert shows(response, errors[field][0])
    assert registry_snapshot() == before
