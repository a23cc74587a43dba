"""Two sessions edit the same action from the same version: the second is refused, nothing is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from workspace.plan.models import Action

pytestmark = pytest.mark.django_db


def form_data(action, **changes):
    data = {
        "theme": action.theme,
        "title": action.title,
        "current_state": action.current_state,
        "target_state": action.target_state,
        "owner_organisation": action.owner_organisation_id or "",
        "owner_person": action.owner_person_id or "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "status": action.status,
        "sharing": action.sharing,
        "version": action.version,
    }
    data.update(changes)
    return data


def test_the_second_of_two_concurrent_edits_is_refused(plan):
    url = reverse(
        "workspace:item_edit", kwargs={"case_pk": plan.case.pk, "pk": plan.action.pk, "kind": "action"}
    )
    first, second = Client(), Client()
    first.force_login(plan.coordinator)
    second.force_login(plan.deputy)
    # Both open the edit form at version 1.
    assert first.get(url, HTTP_HX_REQUEST="true").status_code == 200
    assert second.get(url, HTTP_HX_REQUEST="true").status_code == 200
    opened = Action.objects.get(pk=plan.action.pk)

    r1 = first.post(url, form_data(opened, status="pagar", change_reason="Startad"), HTTP_HX_REQUEST="true")
    assert r1.status_code == 200
    r2 = second.post(
        url, form_data(opened, title="Deputy's title", change_reason="Ny titel"), HTTP_HX_REQUEST="true"
    )
    body = r2.content.decode()
    assert 'role="alert"' in body
    assert "Pågår" in body or "In progress" in body  # the newer version is shown next to the form
    assert 'name="version" value="2"' in body  # a second save would knowingly replace version 2

    stored = Action.objects.get(pk=plan.action.pk)
    assert stored.version == 2 and stored.status == "pagar" and stored.title == opened.title

    # Saving again, having seen the newer version, replaces it on purpose; both changes are in history.
    r3 = second.post(
        url, form_data(stored, title="Deputy's title", change_reason="Ny titel"), HTTP_HX_REQUEST="true"
    )
    assert r3.status_code == 200
    stored.refresh_from_db()
    assert stored.version == 3 and stored.title == "Deputy's title" and stored.status == "pagar"
    reasons = list(stored.history.values_list("history_change_reason", flat=True))
    assert "Startad" in reasons and "Ny titel" in reasons
