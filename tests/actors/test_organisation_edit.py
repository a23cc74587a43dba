import pytest
from django.urls import reverse

from actors.models import Organisation
from actors.validators import validate_orgnr
from tests import factories as f
from tests.helpers import message_of, registry_snapshot, shows, sv

pytestmark = pytest.mark.django_db

CREATE = reverse("actors:organisation_create")


def edit_url(org) -> str:
    return reverse("actors:organisation_edit", args=[org.pk])


@pytest.fixture
def coordinator(client):
    user = f.coordinator("24")
    client.force_login(user)
    return user


def data(**kw) -> dict:
    return {"name": "Batterifabriken AB", "type": "foretag", "level": "internationell", **kw}


def test_it_creates_an_organisation_and_records_who(client, coordinator):
    response = client.post(CREATE, data())
    org = Organisation.objects.get(name="Batterifabriken AB")
    assert response.status_code == 302
    assert response.url == org.get_absolute_url()
    record = org.history.get()
    assert record.history_type == "+"
    assert record.history_user == coordinator


def test_it_updates_an_organisation(client, coordinator):
    org = f.OrganisationFactory(name="Gamla namnet")
    response = client.post(edit_url(org), data(name="Nya namnet", change_reason="Namnbyte"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Nya namnet"
    assert org.history.latest().history_change_reason == "Namnbyte"


def test_it_stores_the_org_number_in_the_standard_form(client, coordinator):
    client.post(CREATE, data(org_number="5560160680"))
    assert Organisation.objects.get().org_number == "556016-0680"


def test_it_takes_the_region_from_the_municipality(client, coordinator):
    skelleftea = f.municipality("2482")
    client.post(CREATE, data(municipality=skelleftea.pk))
    assert Organisation.objects.get().region == skelleftea.region


@pytest.mark.parametrize("value", ["123", "556016-0681", "abcdef-ghij", "55601606800"])
def test_it_rejects_a_malformed_org_number(client, coordinator, value):
    before = registry_snapshot()
    response = client.post(CREATE, data(org_number=value))
    assert response.status_code == 200
    assert "org_number" in response.context["form"].errors
    assert shows(response, message_of(validate_orgnr, value))
    assert registry_snapshot() == before


# The same number written without the hyphen must be caught as well (it is stored normalised).
@pytest.mark.parametrize("value", ["556016-0680", "5560160680"])
def test_it_rejects_an_org_number_another_organisation_has(client, coordinator, value):
    f.OrganisationFactory(org_number="556016-0680")
    before = registry_snapshot()
    response = client.post(CREATE, data(org_number=value))
    assert response.status_code == 200
    assert shows(response, sv("Another organisation already has this organisation number."))
    assert registry_snapshot() == before


def test_it_keeps_its_own_org_number_on_edit(client, coordinator):
    org = f.OrganisationFactory(org_number="556016-0680")
    response = client.post(edit_url(org), data(org_number="556016-0680", notes="Ny anteckning"))
    assert response.status_code == 302


def test_it_rejects_a_municipality_outside_the_region(client, coordinator):
    before = registry_snapshot()
    response = client.post(CREATE, data(region=f.region("01").pk, municipality=f.municipality("2482").pk))
    assert response.status_code == 200
    assert response.context["form"].errors["municipality"] == [
        sv("The municipality does not lie in the chosen region.")
    ]
    assert shows(response, sv("The municipality does not lie in the chosen region."))
    assert registry_snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "x" * 201),
        ("notes", "x" * 5001),
        ("name", ""),
        ("type", "rymdstation"),
        ("level", "galaktisk"),
        ("website", "inte en adress"),
        ("website", "javascript:alert(1)"),
        ("region", "abc"),
        ("municipality", "999999"),
        ("change_reason", "x" * 101),
    ],
)
def test_it_rejects_bad_input_with_a_message(client, coordinator, field, value):
    org = f.OrganisationFactory(name="Skellefteå kommun", notes="Oförändrad")
    before = registry_snapshot()
    response = client.post(edit_url(org), data(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert shows(response, errors[field][0])
    assert registry_snapshot() == before


def test_it_accepts_text_at_the_limits(client, coordinator):
    response = client.post(CREATE, data(name="x" * 200, notes="y" * 5000))
    assert response.status_code == 302
    assert len(Organisation.objects.get().notes) == 5000


def test_it_404s_for_an_unknown_organisation(client, coordinator):
    assert client.get(reverse("actors:organisation_edit", args=[999999])).status_code == 404


def test_it_escapes_what_users_typed(client, coordinator):
    client.post(CREATE, data(name="<b>Fet</b> AB", notes='<script>alert("x")</script>'))
    org = Organisation.objects.get()
    page = client.get(org.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "<b>Fet</b>" not in page
