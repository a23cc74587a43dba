import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from establishments import access, services
from establishments.models import CaseViewLog, EstablishmentCase, Phase
from tests import factories as f

pytestmark = pytest.mark.django_db


def case_form(case=None, **overrides):
    data = {
        "name": "Batterifabriken",
        "code_name": "",
        "kind": "nyetablering",
        "sector": "Batterier",
        "lead_municipality": f.municipality("2482").pk,
        "confidentiality": "oppen",
        "target_jobs": "3500",
        "target_date": "2030-12-31",
        "description": "",
    }
    if case is not None:
        data.update(
            {
                "name": case.name,
                "code_name": case.code_name,
                "kind": case.kind,
                "lead_municipality": case.lead_municipality_id,
                "confidentiality": case.confidentiality,
                "coordinator": case.coordinator_id,
                "deputy": case.deputy_id,
                "target_jobs": case.target_jobs or "",
                "target_date": "",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def team():
    return f.coordinator("24"), f.coordinator("24")


def test_it_opens_a_case(client, team):
    coordinator, deputy = team
    client.force_login(coordinator)

    response = client.post(
        reverse("establishments:case_create"),
        case_form(
            coordinator=coordinator.pk, deputy=deputy.pk, candidate_municipalities=[f.municipality("2480").pk]
        ),
    )

    case = EstablishmentCase.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert case.created_by == coordinator
    assert case.target_jobs == 3500
    assert list(case.candidate_municipalities.values_list("code", flat=True)) == ["2480"]
    assert case.history.earliest().history_user == coordinator


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"target_date": "31/31/2030"}, "target_date"),
        ({"target_jobs": "-3"}, "target_jobs"),
        ({"confidentiality": "konfidentiell", "code_name": ""}, "code_name"),
        ({"lead_municipality": "0"}, "lead_municipality"),
    ],
)
def test_it_rejects_a_bad_case_and_saves_nothing(client, team, overrides, field):
    coordinator, deputy = team
    client.force_login(coordinator)

    response = client.post(
        reverse("establishments:case_create"),
        case_form(coordinator=coordinator.pk, deputy=deputy.pk, **overrides),
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert EstablishmentCase.objects.count() == 0


def test_the_deputy_must_be_someone_else(client, team):
    coordinator, _ = team
    client.force_login(coordinator)

    response = client.post(
        reverse("establishments:case_create"), case_form(coordinator=coordinator.pk, deputy=coordinator.pk)
    )

    assert "deputy" in response.context["form"].errors
    assert EstablishmentCase.objects.count() == 0


def test_a_coordinator_cannot_lead_a_case_in_another_region(client, team):
    coordinator, deputy = team
    client.force_login(coordinator)

    response = client.post(
        reverse("establishments:case_create"),
        case_form(coordinator=coordinator.pk, deputy=deputy.pk, lead_municipality=f.municipality("2180").pk),
    )

    assert "lead_municipality" in response.context["form"].errors
    assert EstablishmentCase.objects.count() == 0


def test_it_edits_a_case_and_keeps_the_history_with_a_reason(client, team):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy, target_jobs=100)
    client.force_login(coordinator)

    response = client.post(
        reverse("establishments:case_edit", args=[case.pk]),
        case_form(case, target_jobs="3500", change_reason="Nytt besked från bolaget"),
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.target_jobs == 3500
    page = client.get(reverse("establishments:case_history", args=[case.pk])).content.decode()
    assert "Nytt besked från bolaget" in page
    assert "3\xa0500" in page and "100" in page  # numbers in Swedish format


def test_a_forged_post_to_another_regions_case_changes_nothing(client):
    case = f.CaseFactory(lead_municipality=f.municipality("2180"), target_jobs=10)
    client.force_login(f.coordinator("24"))

    response = client.post(
        reverse("establishments:case_edit", args=[case.pk]), case_form(case, target_jobs="99")
    )
    phase = client.post(reverse("establishments:case_phase", args=[case.pk]), {"phase": "drift"})

    assert response.status_code == 404 and phase.status_code == 404
    case.refresh_from_db()
    assert case.target_jobs == 10 and case.phase == Phase.SIGNAL
    assert case.history.count() == 1


@pytest.mark.parametrize("role", ["reader", "contact"])
def test_roles_that_only_read_cannot_edit(client, role):
    org = f.OrganisationFactory()
    case = f.CaseFactory()
    case.memberships.create(organisation=org)
    user = f.reader("24") if role == "reader" else f.contact(organisation=org)
    client.force_login(user)

    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(reverse("establishments:case_edit", args=[case.pk])).status_code == 403
    assert (
        client.post(reverse("establishments:case_phase", args=[case.pk]), {"phase": "drift"}).status_code
        == 403
    )
    case.refresh_from_db()
    assert case.phase == Phase.SIGNAL


def test_it_changes_the_phase_with_a_dated_note(client, team):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    client.force_login(coordinator)

    client.post(
        reverse("establishments:case_phase", args=[case.pk]), {"phase": "utredning", "note": "Möte hölls"}
    )

    case.refresh_from_db()
    assert case.phase == Phase.INVESTIGATION
    change = case.phase_changes.get()
    assert (change.from_phase, change.to_phase, change.note, change.changed_by) == (
        "signal",
        "utredning",
        "Möte hölls",
        coordinator,
    )


@pytest.mark.parametrize("phase", ["signal", "påhittad", ""])
def test_it_refuses_a_bad_phase(client, team, phase):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    client.force_login(coordinator)

    client.post(reverse("establishments:case_phase", args=[case.pk]), {"phase": phase})

    assert case.phase_changes.count() == 0
    case.refresh_from_db()
    assert case.phase == Phase.SIGNAL


def confidential_case(coordinator, deputy):
    return services.case_create(
        user=coordinator,
        name="Datahallen i Gävle",
        code_name="Projekt Nordljus",
        company=f.CompanyFactory(name="Hemligbolaget AB"),
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=deputy,
    )


def test_a_confidential_case_is_only_for_those_granted(client, team):
    coordinator, deputy = team
    case = confidential_case(coordinator, deputy)
    for outsider in [f.coordinator("24"), f.admin(), f.official("2482"), f.reader("24")]:
        client.force_login(outsider)
        listing = client.get(reverse("establishments:case_list")).content.decode()
        export = client.get(reverse("establishments:case_list"), {"format": "csv"}).content.decode()
        for text in (listing, export):
            assert "Hemligbolaget" not in text and "Nordljus" not in text and "Datahallen" not in text
        for q in ("Hemligbolaget", "Nordljus", "Datahallen"):
            search = client.get(reverse("search"), {"q": q})
            assert search.context["results"]["cases"] == []
            assert case.get_absolute_url() not in search.content.decode()
        assert client.get(case.get_absolute_url()).status_code == 404
        assert client.get(reverse("establishments:case_history", args=[case.pk])).status_code == 404
    assert CaseViewLog.objects.count() == 0


def test_every_view_of_a_confidential_case_is_logged(client, team):
    coordinator, deputy = team
    case = confidential_case(coordinator, deputy)
    client.force_login(deputy)

    client.get(case.get_absolute_url())
    client.get(reverse("establishments:case_history", args=[case.pk]))

    assert list(CaseViewLog.objects.values_list("user", "path")) == [
        (deputy.pk, reverse("establishments:case_history", args=[case.pk])),
        (deputy.pk, case.get_absolute_url()),
    ]


def test_the_export_names_a_confidential_case_by_its_code_name_only(client, team):
    coordinator, deputy = team
    confidential_case(coordinator, deputy)
    f.CaseFactory(name="Öppna fallet", company=f.CompanyFactory(name="Öppet AB"))
    client.force_login(coordinator)

    response = client.get(reverse("establishments:case_list"), {"format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    names = {row[0]: row[1] for row in rows[1:]}
    assert names["Projekt Nordljus"] != "Hemligbolaget AB"
    assert "Hemligbolaget" not in response.content.decode()
    assert names["Öppna fallet"] == "Öppet AB"


def test_the_coordinator_grants_and_revokes_access(client, team):
    coordinator, deputy = team
    case = confidential_case(coordinator, deputy)
    colleague = f.coordinator("24")
    client.force_login(coordinator)

    client.post(
        reverse("establishments:case_access", args=[case.pk]), {"user": colleague.pk, "can_change": "on"}
    )
    client.force_login(colleague)
    assert client.get(case.get_absolute_url()).status_code == 200

    client.force_login(coordinator)
    client.post(reverse("establishments:case_access", args=[case.pk]), {"revoke": colleague.pk})
    client.force_login(colleague)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_core_team_cannot_be_revoked(client, team):
    coordinator, deputy = team
    case = confidential_case(coordinator, deputy)
    client.force_login(coordinator)

    client.post(reverse("establishments:case_access", args=[case.pk]), {"revoke": deputy.pk})

    client.force_login(deputy)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_only_the_core_team_manages_access(client, team):
    coordinator, deputy = team
    case = confidential_case(coordinator, deputy)
    granted = f.coordinator("24")
    access.case_grant(case=case, user=granted, by=coordinator)
    client.force_login(granted)

    assert client.get(reverse("establishments:case_access", args=[case.pk])).status_code == 403
    outsider = f.coordinator("24")
    assert (
        client.post(reverse("establishments:case_access", args=[case.pk]), {"user": outsider.pk}).status_code
        == 403
    )
    client.force_login(outsider)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_case_list_filters(client):
    client.force_login(f.admin())
    a = f.CaseFactory(phase="drift")
    b = f.CaseFactory(lead_municipality=f.municipality("2180"))

    def names(**params):
        return {c.pk for c in client.get(reverse("establishments:case_list"), params).context["page"]}

    assert names(phase="drift") == {a.pk}
    assert names(region=f.region("21").pk) == {b.pk}
    assert names(municipality=f.municipality("2482").pk) == {a.pk}
    assert names(region="abc") == {a.pk, b.pk}  # a bad filter value is ignored, not an error


def test_the_named_coordinator_and_deputy_always_see_their_case(client):
    deputy = f.official("2180")  # another region's official, named deputy
    case = f.CaseFactory(lead_municipality=f.municipality("2482"), deputy=deputy)
    client.force_login(deputy)

    assert client.get(case.get_absolute_url()).status_code == 200


def test_granting_needs_a_confidential_case_and_a_granting_user(team):
    coordinator, deputy = team
    open_case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    with pytest.raises(ValidationError):
        access.case_grant(case=open_case, user=f.coordinator("24"), by=coordinator)
    with pytest.raises(PermissionDenied):
        access.case_grant(case=confidential_case(coordinator, deputy), user=f.coordinator("24"), by=None)
