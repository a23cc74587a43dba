import pytest
from django.urls import reverse

from actors.models import Person
from actors.validators import validate_phone
from tests import factories as f
from tests.helpers import csv_upload, message_of, registry_snapshot, shows, sv

pytestmark = pytest.mark.django_db

URL = reverse("actors:import")


@pytest.fixture
def orgs():
    return {
        "af": f.OrganisationFactory(name="Arbetsförmedlingen", org_number="202100-5489"),
        "kommun": f.OrganisationFactory(name="Skellefteå kommun", org_number="212000-0142"),
    }


@pytest.fixture
def coordinator(client):
    user = f.coordinator("24")
    client.force_login(user)
    return user


def upload(client, content):
    return client.post(URL, {"kind": "people", "file": csv_upload(content)})


def row_errors(response) -> dict[int, list[str]]:
    return {e.line: e.messages for e in response.context["result"].errors}


def test_it_imports_people_by_org_number_or_exact_name(client, coordinator, orgs):
    content = (
        "name,title,organisation,email,phone\n"
        "Anna Berg,Handläggare,2021005489,anna@af.se,0701234567\n"
        "Bo Ek,Näringslivschef,skellefteå kommun,bo@skelleftea.se,\n"
        "Cecilia Dahl,,212000-0142,,\n"
    )
    response = upload(client, content)
    assert response.status_code == 302
    people = {p.name: p for p in Person.objects.all()}
    assert people["Anna Berg"].organisation == orgs["af"]
    assert people["Anna Berg"].phone == "070-123 45 67"
    assert people["Bo Ek"].organisation == orgs["kommun"]
    assert people["Cecilia Dahl"].organisation == orgs["kommun"]
    for record in Person.history.all():
        assert (record.history_user, record.history_change_reason) == (coordinator, "CSV import")


def test_it_reads_semicolons(client, coordinator, orgs):
    response = upload(client, "name;organisation\nAnna Berg;Arbetsförmedlingen\nBo Ek;Skellefteå kommun\n")
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_it_imports_nothing_and_lists_each_bad_line(client, coordinator, orgs):
    content = (
        "name,title,organisation,email,phone\n"
        "Anna Berg,,Arbetsförmedlingen,,\n"
        "Bo Ek,,Okänd organisation,,\n"
        "Cecilia Dahl,,,,\n"
        "David Fors,,Arbetsförmedlingen,inte-en-adress,\n"
        "Eva Gran,,Arbetsförmedlingen,,12\n"
        "Frida Holm,,Arbetsförmedlingen,,abc\n"
        ",,Arbetsförmedlingen,,\n"
    )
    before = registry_snapshot()
    response = upload(client, content)

    assert response.status_code == 200
    assert registry_snapshot() == before
    errors = row_errors(response)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert errors[3] == [
        sv("organisation: no organisation “%(name)s” in the registry.", name="Okänd organisation")
    ]
    assert errors[4] == [sv("organisation: this column is empty.")]
    assert len(errors[5]) == 1 and errors[5][0].startswith("email: ")
    assert errors[6] == [f"phone: {message_of(validate_phone, '12')}"]
    assert errors[7] == [f"phone: {message_of(validate_phone, 'abc')}"]
    assert len(errors[8]) == 1 and errors[8][0].startswith("name: ")
    for messages in errors.values():
        for m in messages:
            assert shows(response, m), m


def test_it_rejects_an_ambiguous_organisation_name(client, coordinator, orgs):
    f.OrganisationFactory(name="Arbetsförmedlingen")
    before = registry_snapshot()
    response = upload(client, "name,organisation\nAnna Berg,Arbetsförmedlingen\n")
    assert row_errors(response) == {
        2: [
            sv(
                "organisation: several organisations are called “%(name)s”; use the organisation number.",
                name="Arbetsförmedlingen",
            )
        ]
    }
    assert registry_snapshot() == before


def test_it_rejects_a_file_without_the_organisation_column(client, coordinator, orgs):
    before = registry_snapshot()
    response = upload(client, "name,email\nAnna Berg,anna@af.se\n")
    message = sv(
        "The file lacks the column(s): %(columns)s. The first row must name the columns.",
        columns="organisation",
    )
    assert response.context["form"].errors["file"] == [message]
    assert shows(response, message)
    assert registry_snapshot() == before
