"""The education supply's pages (/utbildningar/): the register with its filters, one offering, adding
and changing one, its history. Who must not see or change them, what bad input gets (a clear
message, nothing saved), and query counts that do not grow with the register."""

from datetime import date

import pytest
from django.urls import reverse

from competence.models import Occupation, Offering
from competence.supply.services import offering_save
from tests import factories as f
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

LIST = reverse("supply:offering_list")
NEW = reverse("supply:offering_create")


def make(provider, municipality="2482", user=None, codes=("8131",), **fields) -> Offering:
    values = {
        "name": "Processoperatör batteri", "form": "yh", "places_per_year": 35, "graduates_per_year": 28,
        "start": date(2026, 8, 20), "status": "beviljad",
    }  # fmt: skip
    values.update(fields)
    offering = Offering(provider=provider, municipality=f.municipality(municipality), **values)
    return offering_save(
        user=user or f.admin(), offering=offering, occupations=Occupation.objects.filter(code__in=codes)
    )


def posted(provider=None, **fields) -> dict:
    data = {
        "name": "Elektriker, yrkesvux", "form": "komvux",
        "occupations": [str(Occupation.objects.get(code="7411").pk)],
        "municipality_text": "Skellefteå", "places_per_year": "24", "graduates_per_year": "20",
        "start": "2027-01-10", "end": "", "status": "ansokt", "source": "Kommunens plan", "link": "",
        "note": "", "sun_field": "",
    }  # fmt: skip
    if provider is not None:
        data["provider_text"] = provider.name
    data.update(fields)
    return data


@pytest.fixture
def school():
    return f.OrganisationFactory(name="Yrkeshögskolan Norrsken AB")


@pytest.fixture
def offerings(school):
    return {
        "norr": make(school, "2482", name="Processoperatör batteri"),
        "gavle": make(
            f.OrganisationFactory(name="Gävle Komvux"),
            "2180",
            name="Drifttekniker datacenter",
            codes=("3113",),
            form="komvux",
            status="ide",
        ),  # fmt: skip
    }


def test_every_role_reads_the_register_and_one_offering(client, offerings):
    for user in (f.admin(), f.coordinator("21"), f.official("2482"), f.reader("24"), f.contact()):
        client.force_login(user)
        body = client.get(LIST).content.decode()
        assert "Processoperatör batteri" in body and "Drifttekniker datacenter" in body
        detail = client.get(offerings["norr"].get_absolute_url()).content.decode()
        assert "8131" in detail and "Yrkeshögskolan Norrsken AB" in detail
        assert client.get(reverse("supply:offering_history", args=[offerings["norr"].pk])).status_code == 200


def test_nobody_without_a_role_and_no_anonymous_caller(client, offerings):
    pages = [
        LIST,
        NEW,
        offerings["norr"].get_absolute_url(),
        reverse("supply:offering_edit", args=[offerings["norr"].pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"]
    client.force_login(f.UserFactory())
    for url in pages:
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("supply:offering_detail", args=[999999])).status_code == 404


def test_the_filters(client, offerings):
    client.force_login(f.coordinator("24"))

    def names(**params):
        body = client.get(LIST, params).content.decode()
        return {n for n in ("Processoperatör batteri", "Drifttekniker datacenter") if n in body}

    assert names(q="drift") == {"Drifttekniker datacenter"}
    assert names(q="norrsken") == {"Processoperatör batteri"}  # the provider's name
    assert names(form="komvux") == {"Drifttekniker datacenter"}
    assert names(status="beviljad") == {"Processoperatör batteri"}
    assert names(region=f.region("21").pk) == {"Drifttekniker datacenter"}
    assert names(occupation_text="8131") == {"Processoperatör batteri"}  # typed, without JavaScript
    assert names(municipality_text="Gävle") == {"Drifttekniker datacenter"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"form": "kurs"}, "Select a valid choice"),
        ({"status": "klar"}, "Select a valid choice"),
        ({"region": "abc"}, "Select a valid choice"),
        ({"occupation_text": "Astronaut"}, "No occupation matches “Astronaut”"),
        ({"municipality_text": "Ingenstans"}, "Ingenstans"),
    ],
)
def test_a_bad_filter_value_is_named_and_dropped(client, offerings, params, message):
    client.force_login(f.coordinator("24"))
    response = client.get(LIST, params)
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert "Processoperatör batteri" in body and "Drifttekniker datacenter" in body  # the filter dropped


def test_a_coordinator_adds_one_and_it_is_in_the_register(client, school):
    client.force_login(f.coordinator("24"))
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, posted(school))
    saved = Offering.objects.get(name="Elektriker, yrkesvux")
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    assert (saved.provider, saved.municipality.code, saved.status) == (school, "2482", "ansokt")
    assert [o.code for o in saved.occupations.all()] == ["7411"]
    assert "Elektriker, yrkesvux" in client.get(LIST).content.decode()


def test_an_actor_contact_adds_their_own_organisations_and_names_no_other(client, school):
    contact = f.contact(school)
    client.force_login(contact)
    form = client.get(NEW).content.decode()
    assert 'name="provider_text"' not in form
    other = f.OrganisationFactory(name="Någon annan AB")
    client.post(NEW, posted(other, municipality_text="Gävle"))  # a provider field it does not have
    saved = Offering.objects.get(name="Elektriker, yrkesvux")
    assert saved.provider == school and saved.municipality.code == "2180"


def test_who_may_not_add_or_change(client, offerings, school):
    for user in (f.official("2482"), f.reader("24")):
        client.force_login(user)
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, posted(school)).status_code == 403
        assert client.get(reverse("supply:offering_edit", args=[offerings["norr"].pk])).status_code == 403
    # Gävleborg's coordinator does not change Västerbotten's offering, nor Västerbotten's Gävleborg's.
    edit_norr = reverse("supply:offering_edit", args=[offerings["norr"].pk])
    client.force_login(f.coordinator("21"))
    assert client.post(edit_norr, posted(school, name="Kapad")).status_code == 403
    assert client.get(reverse("supply:offering_edit", args=[offerings["gavle"].pk])).status_code == 200
    # A coordinator cannot place a new offering outside the region (the field offers no such place).
    client.force_login(f.coordinator("24"))
    response = client.post(NEW, posted(school, municipality_text="Gävle"))
    assert response.status_code == 200
    # Another organisation's contact does not change the school's.
    client.force_login(f.contact())
    assert client.get(edit_norr).status_code == 403
    assert not Offering.objects.filter(name__in=["Kapad", "Elektriker, yrkesvux"]).exists()
    assert Offering.objects.count() == 2


def test_the_providers_contact_changes_it_and_the_history_says_who_and_why(client, offerings, school):
    contact = f.contact(school)
    client.force_login(contact)
    url = reverse("supply:offering_edit", args=[offerings["norr"].pk])
    form = client.get(url).content.decode()
    assert "Processoperatör batteri" in form and "8131" in form
    data = posted(name="Processoperatör batteri", places_per_year="40", change_reason="Fler platser",
                  occupations=[str(Occupation.objects.get(code="8131").pk)])  # fmt: skip
    assert client.post(url, data).status_code == 302
    changed = Offering.objects.get(pk=offerings["norr"].pk)
    assert changed.places_per_year == 40 and changed.provider == school
    history = client.get(reverse("supply:offering_history", args=[changed.pk])).content.decode()
    assert "Fler platser" in history and contact.get_full_name() in history


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": ""}, "This field is required"),
        ({"occupations": [], "occupations_text": ""}, "This field is required"),
        ({"occupations": [], "occupations_text": "Astronaut"}, "No occupation matches “Astronaut”"),
        ({"occupations": [str(10**9)]}, "Select a valid choice"),
        ({"municipality_text": "Ingenstans"}, "Ingenstans"),
        ({"places_per_year": "-1"}, "greater than or equal to 0"),
        ({"graduates_per_year": "many"}, "Enter a whole number"),
        ({"start": "2027-13-01"}, "Enter a valid date"),
        ({"end": "2026-01-01"}, "The end comes before the start."),
        ({"sun_field": "zz9"}, "is no SUN 2020 education field"),
        ({"link": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"form": "kurs"}, "Select a valid choice"),
        ({"provider_text": "Finns inte AB"}, "Finns inte AB"),
    ],
)
def test_a_bad_offering_says_what_is_wrong_and_saves_nothing(client, school, fields, message):
    client.force_login(f.coordinator("24"))
    response = client.post(NEW, posted(school, **fields))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The offering was not saved" in body and message in body, body[
        body.find("errors") : body.find("errors") + 400
    ]
    assert not Offering.objects.exists()


@pytest.mark.parametrize("page", ["list", "detail", "edit", "history"])
def test_query_counts_do_not_grow_with_the_register(client, school, page):
    coordinator = f.coordinator("24")
    first = make(school, user=coordinator, codes=("8131", "8132"))
    client.force_login(coordinator)
    urls = {
        "list": LIST,
        "detail": first.get_absolute_url(),
        "edit": reverse("supply:offering_edit", args=[first.pk]),
        "history": reverse("supply:offering_history", args=[first.pk]),
    }
    few = count_queries(client, urls[page], warm=True)
    for i in range(40):
        make(school, user=coordinator, name=f"Kurs {i}", codes=("7411", "7233", "8131"))
    for i in range(5):
        first.places_per_year = 40 + i
        offering_save(user=coordinator, offering=first, occupations=first.occupations.all(), reason="Ändrat")
    assert count_queries(client, urls[page], warm=True) == few
