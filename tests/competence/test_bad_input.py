"""Bad input to moment 2 is refused with a clear message, and nothing changes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competence import services
from competence.models import CompetenceGap, Intervention, LivingNeed
from tests import factories as f

from .conftest import make_gap, make_intervention, occupation

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def create_url(case, kind):
    return reverse("workspace:item_create", kwargs={"case_pk": case.pk, "kind": kind})


def edit_url(case, kind, pk):
    return reverse("workspace:item_edit", kwargs={"case_pk": case.pk, "kind": kind, "pk": pk})


def gap_data(**kw):
    data = {
        "occupation": occupation("7411").pk,
        "year": 2027,
        "needed": 50,
        "regional_supply": 10,
        "source": "arbetsformedlingen",
        "confidence": "medel",
        "sharing": "medlemmar",
    }
    data.update(kw)
    return data


def errors_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"needed": -5},
        {"regional_supply": -1},
        {"needed": 10_000_000},
        {"year": 1850},
        {"year": 3000},
        {"year": "nästa år"},
        {"occupation": ""},
        {"source": "gissning"},
        {"note": "x" * 2001},
        {"sharing": "alla"},
    ],
)
def test_a_bad_gap_is_refused_and_nothing_saved(client, w, bad):
    client.force_login(w.coordinator)
    response = client.post(
        create_url(w.case, "competencegap"), gap_data(**bad), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()
    assert response["HX-Retarget"] == "#new-competencegap"
    assert not CompetenceGap.objects.exists()


def test_an_occupation_above_level_four_is_refused(client, w):
    client.force_login(w.coordinator)
    major_group = occupation("81")  # level 2: too coarse to plan education for
    response = client.post(create_url(w.case, "competencegap"), gap_data(occupation=major_group.pk))
    assert 'class="errors"' in response.content.decode()
    assert not CompetenceGap.objects.exists()
    # The service refuses it too, whatever form it comes through.
    gap = CompetenceGap(
        case=w.case, occupation=major_group, year=2027, needed=5, regional_supply=0, source="annan"
    )
    with pytest.raises(ValidationError) as exc:
        services.competence_gap_save(user=w.coordinator, gap=gap)
    assert "four-digit" in str(exc.value)
    assert not CompetenceGap.objects.exists()


def test_the_same_occupation_and_year_twice_is_refused(client, w):
    make_gap(w.case, w.coordinator, code="7411", year=2027)
    client.force_login(w.coordinator)
    response = client.post(create_url(w.case, "competencegap"), gap_data())
    assert "already has a gap for that year" in response.content.decode()
    assert CompetenceGap.objects.count() == 1


def intervention_data(own_gap, **kw):
    data = {
        "gap": own_gap.pk,
        "kind": "komvux",
        "title": "Yrkesvux",
        "organisation": f.OrganisationFactory().pk,
        "places_per_year": 20,
        "start": "2027-01-10",
        "status": "planerad",
        "sharing": "medlemmar",
    }
    data.update(kw)
    return data


def test_an_intervention_on_a_gap_of_another_case_is_refused(client, w):
    own = make_gap(w.case, w.coordinator)
    foreign = make_gap(w.confidential, w.coordinator)
    client.force_login(w.coordinator)
    response = client.post(create_url(w.case, "intervention"), intervention_data(own, gap=foreign.pk))
    assert 'class="errors"' in response.content.decode()
    assert not Intervention.objects.exists()
    # Moving an existing intervention to the other case's gap is refused as well.
    intervention = make_intervention(own, w.coordinator)
    data = intervention_data(own, gap=foreign.pk, version=intervention.version)
    client.post(edit_url(w.case, "intervention", intervention.pk), data)
    intervention.refresh_from_db()
    assert intervention.gap_id == own.pk and intervention.version == 1
    # And by the service, whatever the form says.
    intervention.gap = foreign
    with pytest.raises(ValidationError) as exc:
        services.intervention_save(user=w.coordinator, intervention=intervention, expected_version=1)
    assert "gap" in exc.value.message_dict
    intervention.refresh_from_db()
    assert intervention.gap_id == own.pk


@pytest.mark.parametrize(
    "bad",
    [
        {"places_per_year": -10},
        {"start": "igår"},
        {"end_year": 2020},  # before the start
        {"kind": "trolleri"},
        {"status": "kanske"},
        {"title": "x" * 201},
        {"organisation": ""},
    ],
)
def test_a_bad_intervention_is_refused(client, w, bad):
    gap = make_gap(w.case, w.coordinator)
    client.force_login(w.coordinator)
    response = client.post(create_url(w.case, "intervention"), intervention_data(gap, **bad))
    assert 'class="errors"' in response.content.decode()
    assert not Intervention.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"quantity": -1}, {"description": ""}, {"description": "x" * 2001}, {"year": 99}, {"kind": "slott"}],
)
def test_a_bad_living_need_is_refused(client, w, bad):
    client.force_login(w.coordinator)
    data = {"kind": "bostader", "description": "Bostäder", "status": "identifierat", "sharing": "medlemmar"}
    response = client.post(create_url(w.case, "livingneed"), {**data, **bad})
    assert 'class="errors"' in response.content.decode()
    assert not LivingNeed.objects.exists()


def test_a_stale_version_is_refused_and_nothing_changes(client, w):
    gap = make_gap(w.case, w.coordinator, needed=100)
    gap.needed = 120
    services.competence_gap_save(user=w.deputy, gap=gap, expected_version=1, reason="Ny prognos")
    client.force_login(w.coordinator)
    response = client.post(
        edit_url(w.case, "competencegap", gap.pk),
        gap_data(occupation=gap.occupation_id, year=gap.year, needed=80, version=1, change_reason="Gammal"),
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Someone else saved this while you were editing" in body
    assert "The newer version" in body and "120" in body
    gap.refresh_from_db()
    assert (gap.needed, gap.version) == (120, 2)


def test_a_gap_with_interventions_is_not_removed(client, w):
    gap = make_gap(w.case, w.coordinator)
    make_intervention(gap, w.coordinator)
    client.force_login(w.coordinator)
    url = reverse(
        "workspace:item_delete", kwargs={"case_pk": w.case.pk, "kind": "competencegap", "pk": gap.pk}
    )
    response = client.post(url, {"version": 1}, headers={"HX-Request": "true"})
    assert "Remove it or move it to another gap first" in response.content.decode()
    assert CompetenceGap.objects.filter(pk=gap.pk).exists()


def test_the_occupation_search_survives_odd_input(client, w):
    client.force_login(w.coordinator)
    url = reverse("competence:occupation_search", kwargs={"case_pk": w.case.pk})
    for q in ["", "%", "'; DROP TABLE", "x" * 500, "<script>", "9999"]:
        response = client.get(url, {"q": q})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()


def test_a_start_before_the_end_is_fine_and_dates_parse(w):
    gap = make_gap(w.case, w.coordinator)
    i = make_intervention(gap, w.coordinator, start=date(2027, 8, 1), end_year=2029)
    assert i.active_in(2029) and not i.active_in(2030) and not i.active_in(2026)
