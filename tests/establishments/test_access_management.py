"""Who holds a case, and who manages that (establishments/access.py, accounts.policy.may_hold_case
and can_manage_access).

- Changing a user's role, region, municipality or organisation, or deactivating them, re-checks
  every grant and case role they hold: what no longer fits is revoked, recorded and told to the
  case's coordinator, or the change is refused naming the cases.
- Managing access is its own right: the case's coordinator and deputy (and administrators for a
  case that is not confidential); an edit grant never implies it.
"""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import policy
from accounts.models import RoleName
from establishments import access, services
from establishments.models import AccessChange, EstablishmentCase
from establishments.tasks import audit_access
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def user_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": policy.assigned_role(user),
        "organisation": user.organisation_id or "",
        "region": user.region_id or "",
        "municipality": user.municipality_id or "",
    }
    data.update(changes)
    return data


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def holds(user, case) -> bool:
    return policy.can_view_case(fresh(user), case)


# --- Finding 3: grants outlive the role ---------------------------------------------------------


def test_moving_a_granted_official_away_takes_their_access_and_tells_the_coordinator(
    client, world, django_capture_on_commit_callbacks
):
    """The finding: a user moved elsewhere kept reading the case and its signal (the real company)."""
    case, official = world["case_confidential"], world["official"]
    signal = services.signal_log(
        logged_by=world["coordinator"],
        channel="telefon",
        source_text="Hemlig fabrik",
        summary="150 MW",
        municipality=f.municipality("2482"),
        confidentiality="konfidentiell",
    )
    services.signal_link_to_case(signal=signal, case=case, user=world["coordinator"])
    access.case_grant(case=case, user=official, by=world["coordinator"], can_change=True)
    assert holds(official, case) and policy.can_view_signal(fresh(official), signal)
    gavle = f.municipality("2180")
    client.force_login(world["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_edit", args=[official.pk]),
            user_form(official, municipality=gavle.pk, region=gavle.region_id),
        )
    assert response.status_code == 302

    assert not holds(official, case)
    assert not policy.can_view_signal(fresh(official), signal)
    client.force_login(official)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("establishments:signal_detail", args=[signal.pk])).status_code == 404
    change = AccessChange.objects.get(case=case, user=official, change="revoked")
    assert change.by == world["admin"] and change.reason
    told = [m for m in mail.outbox if world["coordinator"].email in m.to]
    assert told and "Projekt Nordljus" in told[0].body and "Hemligt namn" not in told[0].body


def test_moving_the_deputy_away_is_refused_naming_the_case(client, world):
    deputy = world["deputy"]
    client.force_login(world["admin"])
    response = client.post(
        reverse("accounts:user_edit", args=[deputy.pk]), user_form(deputy, region=f.region("21").pk)
    )
    assert response.status_code == 200
    assert "Projekt Nordljus" in response.content.decode()
    assert fresh(deputy).region_id == f.region("24").pk
    assert holds(deputy, world["case_confidential"])
    assert policy.can_grant_case(fresh(deputy), world["case_confidential"])


def test_moving_a_granted_official_to_another_municipality_revokes_the_grant(world):
    case = world["case_confidential"]
    official = world["official"]
    access.case_grant(case=case, user=official, by=world["coordinator"], can_change=True)
    gavle = f.municipality("2180")
    services_user_update(world["admin"], official, municipality=gavle, region=gavle.region)
    assert not holds(official, case)
    assert AccessChange.objects.filter(case=case, user=official, change="revoked", by=world["admin"]).exists()


def test_a_granted_official_who_becomes_a_reader_keeps_reading_but_no_longer_edits(world):
    case = world["case_confidential"]
    official = world["official"]
    access.case_grant(case=case, user=official, by=world["coordinator"], can_change=True)
    services_user_update(
        world["admin"], official, role=RoleName.READER, region=f.region("24"), municipality=None
    )
    assert holds(official, case)
    assert not policy.can_change_case(fresh(official), case)
    assert AccessChange.objects.filter(case=case, user=official, change="edit_revoked").exists()


def test_deactivating_a_granted_user_revokes_the_grant(client, world):
    case = world["case_confidential"]
    colleague = world["coordinator_same_region"]
    access.case_grant(case=case, user=colleague, by=world["coordinator"])
    client.force_login(world["admin"])
    client.post(reverse("accounts:user_set_active", args=[colleague.pk]), {"active": "0"})
    assert not fresh(colleague).is_active
    assert colleague not in access.case_granted_users(case)


def test_moving_the_coordinator_away_is_refused_naming_the_case_and_nothing_changes(client, world):
    coordinator = world["coordinator"]
    client.force_login(world["admin"])
    response = client.post(
        reverse("accounts:user_edit", args=[coordinator.pk]), user_form(coordinator, region=f.region("21").pk)
    )
    assert response.status_code == 200
    assert "Projekt Nordljus" in response.content.decode()
    assert "Hemligt namn" not in response.content.decode()
    assert fresh(coordinator).region_id == f.region("24").pk
    assert holds(coordinator, world["case_confidential"])
    assert not AccessChange.objects.exists()


def test_deactivating_the_coordinator_is_refused_naming_the_case(client, world):
    coordinator = world["coordinator"]
    client.force_login(world["admin"])
    response = client.post(
        reverse("accounts:user_set_active", args=[coordinator.pk]), {"active": "0"}, follow=True
    )
    assert "Projekt Nordljus" in response.content.decode()
    assert fresh(coordinator).is_active


def test_the_nightly_audit_reports_a_grant_that_no_longer_fits(world, django_capture_on_commit_callbacks):
    case = world["case_confidential"]
    contact = world["contact"]
    case.memberships.create(organisation=contact.organisation)
    access.case_grant(case=case, user=contact, by=world["coordinator"])
    # The organisation leaves the case outside the case form (say, in the Django admin).
    case.memberships.filter(organisation=contact.organisation).delete()
    with django_capture_on_commit_callbacks(execute=True):
        found = audit_access()
    assert found >= 1
    assert AccessChange.objects.filter(case=case).count() == 2  # the grant, and the misfit reported
    assert AccessChange.objects.filter(case=case, user=contact, change="misfit").exists()
    assert any(world["coordinator"].email in m.to and "Projekt Nordljus" in m.body for m in mail.outbox)


def test_the_nightly_audit_finds_nothing_when_everything_fits(world):
    case = world["case_confidential"]
    access.case_grant(case=case, user=world["official"], by=world["coordinator"])
    assert [m for m in access.misfits() if m.case == case] == []
    audit_access()
    assert not AccessChange.objects.filter(case=case, change="misfit").exists()


def services_user_update(by, user, **changes):
    from accounts.services import user_update

    data = {
        "role": policy.assigned_role(user),
        "organisation": user.organisation,
        "region": user.region,
        "municipality": user.municipality,
        "email": user.email,
    }
    data.update(changes)
    return user_update(by=by, user=fresh(user), **data)


# --- Finding 4: "may also edit" is more than editing -------------------------------------------


@pytest.fixture
def editor(world):
    """An official granted the confidential case with the edit right."""
    access.case_grant(
        case=world["case_confidential"], user=world["official"], by=world["coordinator"], can_change=True
    )
    return world["official"]


def case_form(case, **changes) -> dict:
    data = {
        "name": case.name,
        "code_name": case.code_name,
        "sector": case.sector,
        "kind": case.kind,
        "lead_municipality": case.lead_municipality_id,
        "confidentiality": case.confidentiality,
        "coordinator": case.coordinator_id,
        "deputy": case.deputy_id or "",
        "description": case.description,
        "change_reason": "",
    }
    data.update(changes)
    return data


def test_an_editor_cannot_make_themself_deputy_nor_open_the_case(client, world, editor):
    case = world["case_confidential"]
    client.force_login(editor)
    response = client.post(
        reverse("establishments:case_edit", args=[case.pk]),
        case_form(case, deputy=editor.pk, confidentiality="oppen", name="Hemligt namn 2"),
    )
    assert response.status_code == 302  # the content is theirs to edit ...
    case.refresh_from_db()
    assert case.name == "Hemligt namn 2"
    assert case.deputy == world["deputy"]  # ... who reaches it is not
    assert case.confidentiality == "konfidentiell"
    with pytest.raises(ValidationError):
        services.case_update(case=case, user=fresh(editor), deputy=editor)
    case.refresh_from_db()
    assert case.deputy == world["deputy"]


def test_an_editor_cannot_grant_the_case(client, world, editor):
    case = world["case_confidential"]
    client.force_login(editor)
    url = reverse("establishments:case_access", args=[case.pk])
    assert client.get(url).status_code == 403
    other = world["coordinator_other_region"]
    assert client.post(url, {"user": other.pk}).status_code == 403
    assert other not in access.case_granted_users(case)


def test_the_grant_form_does_not_tick_may_also_edit(client, world):
    client.force_login(world["coordinator"])
    body = client.get(
        reverse("establishments:case_access", args=[world["case_confidential"].pk])
    ).content.decode()
    assert 'name="can_change"' in body
    assert 'name="can_change" checked' not in body.replace('id="id_can_change" ', "")


def test_nobody_grants_the_case_to_another_regions_coordinator(client, world):
    case = world["case_confidential"]
    other = world["coordinator_other_region"]
    client.force_login(world["coordinator"])
    response = client.post(reverse("establishments:case_access", args=[case.pk]), {"user": other.pk})
    assert response.status_code == 200
    assert "cannot be granted this case" in response.content.decode()
    assert other not in access.case_granted_users(case)


def test_a_reader_is_granted_to_read_but_not_to_edit(client, world):
    case = world["case_confidential"]
    client.force_login(world["coordinator"])
    url = reverse("establishments:case_access", args=[case.pk])
    response = client.post(url, {"user": world["reader"].pk, "can_change": "on"})
    assert "may read this case but not edit it" in response.content.decode()
    assert world["reader"] not in access.case_granted_users(case)
    client.post(url, {"user": world["reader"].pk})
    assert world["reader"] in access.case_granted_users(case)
    assert AccessChange.objects.filter(case=case, user=world["reader"], change="granted").exists()


def test_an_administrator_manages_an_open_case_but_not_a_confidential_one(world):
    admin = world["admin"]
    assert policy.can_manage_access(admin, world["case_open"])
    assert not policy.can_manage_access(admin, world["case_confidential"])
    assert not policy.can_grant_case(admin, world["case_confidential"])
    # A coordinator of the region who is not on the case edits it but does not manage who reaches it.
    assert policy.can_change_case(world["coordinator_same_region"], world["case_open"])
    assert not policy.can_manage_access(world["coordinator_same_region"], world["case_open"])


def test_lowering_confidentiality_needs_a_reason_is_logged_and_told(
    client, world, django_capture_on_commit_callbacks
):
    case = world["case_confidential"]
    client.force_login(world["deputy"])
    url = reverse("establishments:case_edit", args=[case.pk])
    response = client.post(url, case_form(case, confidentiality="begransad"))
    assert response.status_code == 200
    assert "Say why the case becomes less confidential." in response.content.decode()
    assert EstablishmentCase.objects.get(pk=case.pk).confidentiality == "konfidentiell"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            case_form(case, confidentiality="begransad", change_reason="Företaget har gått ut med nyheten"),
        )
    assert response.status_code == 302
    assert EstablishmentCase.objects.get(pk=case.pk).confidentiality == "begransad"
    change = AccessChange.objects.get(case=case, change="lowered")
    assert change.by == world["deputy"] and change.reason == "Företaget har gått ut med nyheten"
    told = [m for m in mail.outbox if world["coordinator"].email in m.to]
    assert told and "Företaget har gått ut med nyheten" in told[0].body


def test_adding_an_organisation_to_the_actor_map_is_managing_access(client, world):
    case = world["case_open"]
    outsider = f.OrganisationFactory(name="Ny medlem")
    url = reverse("workspace:item_create", args=[case.pk, "casemember"])
    client.force_login(world["coordinator_same_region"])  # edits the case, does not manage it
    client.post(url, {"organisation": outsider.pk, "case_role": "stodjande", "engagement": "engagerad"})
    assert not case.memberships.filter(organisation=outsider).exists()
    client.force_login(world["coordinator"])
    client.post(url, {"organisation": outsider.pk, "case_role": "stodjande", "engagement": "engagerad"})
    assert case.memberships.filter(organisation=outsider).exists()
