"""The education supply's register (competence/supply): who may add and change an offering, what a
bad one gets (a clear message, nothing saved), its history, and what it delivers year by year."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from competence.models import Occupation, Offering
from competence.supply.services import offering_save
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def occupations(*codes):
    return list(Occupation.objects.filter(code__in=codes))


def offering(provider, municipality="2482", **fields) -> Offering:
    values = {
        "name": "Processoperatör batteri", "form": "yh", "places_per_year": 35, "graduates_per_year": 28,
        "start": date(2026, 8, 20), "status": "beviljad", "source": "MYH-beslut",
    }  # fmt: skip
    values.update(fields)
    return Offering(provider=provider, municipality=f.municipality(municipality), **values)


@pytest.fixture
def school():
    return f.OrganisationFactory(name="Yrkeshögskolan Norrsken AB")


def test_a_coordinator_adds_an_offering_in_their_region_with_its_history(school):
    coordinator = f.coordinator("24")
    saved = offering_save(
        user=coordinator, offering=offering(school), occupations=occupations("8131", "8132")
    )
    assert sorted(saved.occupations.values_list("code", flat=True)) == ["8131", "8132"]
    assert saved.created_by == coordinator
    saved.places_per_year = 40
    offering_save(user=coordinator, offering=saved, occupations=occupations("8131"), reason="Utökat")
    latest = saved.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_user, latest.history_change_reason, latest.places_per_year) == (
        coordinator,
        "Utökat",
        40,
    )
    assert list(saved.occupations.values_list("code", flat=True)) == ["8131"]


def test_who_may_add_and_change(school):
    other_school = f.OrganisationFactory(name="Annan skola")
    coordinator = f.coordinator("24")
    mine = offering_save(user=coordinator, offering=offering(school), occupations=occupations("8131"))
    for user in (f.official("2482"), f.reader("24"), f.UserFactory()):  # no role: nothing
        with pytest.raises(PermissionDenied):
            offering_save(user=user, offering=offering(school), occupations=occupations("8131"))
        with pytest.raises(PermissionDenied):
            offering_save(
                user=user, offering=Offering.objects.get(pk=mine.pk), occupations=occupations("8131")
            )
    # A coordinator of another region neither adds one in Västerbotten nor changes Västerbotten's.
    gavle = f.coordinator("21")
    with pytest.raises(PermissionDenied):
        offering_save(user=gavle, offering=offering(school), occupations=occupations("8131"))
    with pytest.raises(PermissionDenied):
        offering_save(user=gavle, offering=Offering.objects.get(pk=mine.pk), occupations=occupations("8131"))
    # Nor may Västerbotten's coordinator move it to Gävle.
    moved = Offering.objects.get(pk=mine.pk)
    moved.municipality = f.municipality("2180")
    with pytest.raises(PermissionDenied):
        offering_save(user=coordinator, offering=moved, occupations=occupations("8131"))
    # The provider's actor contact adds and changes the school's own, never another's, nor hands it on.
    contact = f.contact(school)
    own = offering_save(user=contact, offering=offering(school, "2180"), occupations=occupations("7411"))
    with pytest.raises(PermissionDenied):
        offering_save(user=contact, offering=offering(other_school), occupations=occupations("7411"))
    handed = Offering.objects.get(pk=own.pk)
    handed.provider = other_school
    with pytest.raises(PermissionDenied):
        offering_save(user=contact, offering=handed, occupations=occupations("7411"))
    with pytest.raises(PermissionDenied):
        offering_save(user=f.contact(other_school), offering=Offering.objects.get(pk=own.pk), occupations=[])
    assert Offering.objects.get(pk=mine.pk).municipality.code == "2482"
    assert Offering.objects.get(pk=own.pk).provider == school
    offering_save(user=f.admin(), offering=Offering.objects.get(pk=own.pk), occupations=occupations("7411"))


@pytest.mark.parametrize(
    "fields, codes, field, message",
    [
        ({}, (), "occupations", "Name at least one occupation it trains for."),
        ({}, ("81",), "occupations", "Choose SSYK unit groups (four digits), not broader groups."),
        ({"sun_field": "999x"}, ("8131",), "sun_field", "“999x” is no SUN 2020 education field."),
        ({"end": date(2025, 1, 1)}, ("8131",), "__all__", "The end comes before the start."),
        ({"places_per_year": 100_001}, ("8131",), "places_per_year", "less than or equal to 100000"),
        ({"form": "kurs"}, ("8131",), "form", "is not a valid choice"),
        ({"link": "javascript:alert(1)"}, ("8131",), "link", "Enter a valid URL"),
        ({"name": ""}, ("8131",), "name", "This field cannot be blank"),
    ],
)
def test_a_bad_offering_says_what_is_wrong_and_nothing_is_saved(school, fields, codes, field, message):
    with pytest.raises(ValidationError) as refused:
        offering_save(
            user=f.coordinator("24"), offering=offering(school, **fields), occupations=occupations(*codes)
        )
    text = str(refused.value.message_dict.get(field, refused.value.messages))
    assert message in text, refused.value.message_dict
    assert not Offering.objects.exists()


def test_a_sun_field_of_any_level_is_taken(school):
    saved = offering_save(
        user=f.coordinator("24"), offering=offering(school, sun_field="523a"), occupations=occupations("8131")
    )
    assert saved.sun_field == "523a"


def test_what_an_offering_delivers_year_by_year(school):
    running = offering(school, start=date(2026, 8, 20), end=date(2028, 6, 10), graduates_per_year=28)
    assert [running.graduates_in(y) for y in (2025, 2026, 2027, 2028, 2029)] == [0, 28, 28, 28, 0]
    open_ended = offering(school, start=date(2027, 1, 10), end=None, graduates_per_year=12)
    assert [open_ended.graduates_in(y) for y in (2026, 2027, 2040)] == [0, 12, 12]


def test_an_intervention_may_point_to_an_offering_and_survives_its_removal(school):
    from competence.models import Intervention

    from .conftest import make_gap, make_intervention

    coordinator = f.coordinator("24")
    saved = offering_save(user=coordinator, offering=offering(school), occupations=occupations("8131"))
    case = f.CaseFactory(coordinator=coordinator)
    intervention = make_intervention(make_gap(case, coordinator, code="8131"), coordinator)
    intervention.offering = saved
    intervention.save()
    assert list(saved.interventions.all()) == [intervention]
    saved.delete()
    assert Intervention.objects.get(pk=intervention.pk).offering is None


def test_the_intervention_form_offers_the_regions_offerings_and_the_row_links_to_it(client, school):
    from competence.models import Intervention

    from .conftest import make_gap
    from .test_bad_input import create_url, intervention_data

    coordinator = f.coordinator("24")
    here = offering_save(user=coordinator, offering=offering(school), occupations=occupations("8131"))
    gavle = offering_save(
        user=f.coordinator("21"),
        offering=offering(school, "2180", name="Gävles kurs"),
        occupations=occupations("8131"),
    )
    case = f.CaseFactory(coordinator=coordinator)  # in Västerbotten
    gap = make_gap(case, coordinator, code="8131")
    client.force_login(coordinator)
    form = client.get(create_url(case, "intervention")).content.decode()
    assert f'<option value="{here.pk}">Processoperatör batteri (Skellefteå)</option>' in form
    assert "Gävles kurs" not in form  # another region's supply is not offered
    refused = client.post(create_url(case, "intervention"), intervention_data(gap, offering=gavle.pk))
    assert "Select a valid choice" in refused.content.decode() and not Intervention.objects.exists()
    client.post(create_url(case, "intervention"), intervention_data(gap, offering=here.pk))
    assert Intervention.objects.get().offering == here
    tab = client.get(reverse("competence:case_competence", kwargs={"case_pk": case.pk})).content.decode()
    assert f'In the education supply: <a href="{here.get_absolute_url()}">Processoperatör batteri</a>' in tab


def test_granted_and_running_offerings_are_secured(school):
    statuses = ("ide", "ansokt", "beviljad", "pagaende", "avslutad")
    assert [offering(school, status=s).is_secured for s in statuses] == [False, False, True, True, False]
