"""A handlingsplan item becomes an action of the region's readiness plan, and actions are edited:
the happy path with its history, and every bad input refused with a clear message and nothing
changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checklist.models import RegionalAction, Value
from tests import factories as f
from tests.checklist.readiness.helpers import PLAN_WHEN_DAYS, answer, fill, open_round

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def coordinator():
    return f.coordinator("24")


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Skellefteå kommun")


@pytest.fixture
def round_24(org):
    other = f.OrganisationFactory(name="Lycksele kommun")
    round_ = open_round(organisations=[org, other], title="Våren")
    fill(round_, org, {4: Value.NO, 5: Value.PARTLY})
    fill(round_, other, {4: Value.NO}, submit=False)
    return round_


def post_data(**kw):
    data = {"title": "Rutin 4: gemensam registrering", "theme": "larmsystem", "status": "planerad"}
    data.update(kw)
    return data


def test_the_form_is_prefilled_from_the_answer(client, coordinator, org, round_24):
    person = f.PersonFactory(organisation=org, name="Näringslivschefen")
    nej = answer(round_24, org, 4)
    client.force_login(coordinator)
    response = client.get(reverse("checklist:action_from_answer", args=[nej.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Routine 4: Ta fram rutin 4"
    assert form["owner_organisation"].value() == org.pk
    assert form["owner_person"].value() == person.pk  # plan_who matched by name in the organisation
    assert form["due_date"].value() == timezone.localdate() + timedelta(days=PLAN_WHEN_DAYS)
    assert form["theme"].value() == "larmsystem"
    assert "Skellefteå kommun answered No" in form["current_state"].value()


def test_a_nej_becomes_an_action_with_history(client, coordinator, org, round_24):
    nej = answer(round_24, org, 4)
    client.force_login(coordinator)
    due = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("checklist:action_from_answer", args=[nej.pk]),
        post_data(owner_organisation=org.pk, due_date=due.isoformat()),
    )
    action = RegionalAction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("checklist:plan", args=["24"]) + f"#action-{action.pk}"
    assert action.source_answer == nej and action.region.code == "24" and action.created_by == coordinator
    assert action.owner_organisation == org and action.due_date == due
    h = action.history.get()
    assert h.history_user == coordinator and h.history_change_reason == "Action created from a handlingsplan"
    plan = client.get(reverse("checklist:plan", args=["24"])).content.decode()
    assert "Rutin 4: gemensam registrering" in plan and "Skellefteå kommun" in plan and "Våren" in plan
    # The matrix now links the cell to its action instead of offering a new one.
    matrix = client.get(reverse("checklist:matrix", args=[round_24.pk])).content.decode()
    assert reverse("checklist:action_edit", args=[action.pk]) in matrix


def test_a_delvis_becomes_an_action_too(client, coordinator, org, round_24):
    client.force_login(coordinator)
    delvis = answer(round_24, org, 5)
    response = client.post(reverse("checklist:action_from_answer", args=[delvis.pk]), post_data())
    assert response.status_code == 302
    assert RegionalAction.objects.get().source_answer == delvis


def test_a_ja_answer_is_refused_with_a_message(client, coordinator, org, round_24):
    ja = answer(round_24, org, 1)
    client.force_login(coordinator)
    for method in ("get", "post"):
        response = getattr(client, method)(
            reverse("checklist:action_from_answer", args=[ja.pk]), post_data(), follow=True
        )
        assert response.status_code == 200
        assert "this answer is Yes" in response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("checklist:matrix", args=[round_24.pk])
    assert not RegionalAction.objects.exists()


def test_a_draft_answer_is_refused(client, coordinator, round_24):
    draft = answer(round_24, round_24.participants.get(organisation__name="Lycksele kommun").organisation, 4)
    client.force_login(coordinator)
    response = client.post(reverse("checklist:action_from_answer", args=[draft.pk]), post_data(), follow=True)
    assert "has not been submitted" in response.content.decode()
    assert not RegionalAction.objects.exists()


def test_the_service_refuses_ja_and_drafts_too(coordinator, org, round_24):
    from django.core.exceptions import ValidationError

    from checklist.readiness import services as plan_services

    with pytest.raises(ValidationError):
        plan_services.action_from_answer(
            user=coordinator, answer=answer(round_24, org, 1), title="x", theme="larmsystem"
        )
    lycksele = round_24.participants.get(organisation__name="Lycksele kommun").organisation
    with pytest.raises(ValidationError):
        plan_services.action_from_answer(
            user=coordinator, answer=answer(round_24, lycksele, 4), title="x", theme="larmsystem"
        )
    assert not RegionalAction.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (post_data(title=""), "title", "give it a title"),
        (post_data(theme="nonsense"), "theme", "Select a valid choice"),
        (post_data(due_date="31/12/2030"), "due_date", "YYYY-MM-DD"),
        (post_data(status="x"), "status", "Select a valid choice"),
        (post_data(owner_organisation="999999"), "owner_organisation", "Select a valid choice"),
        (post_data(title="x" * 201), "title", "at most 200"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    client, coordinator, org, round_24, data, field, message
):
    client.force_login(coordinator)
    response = client.post(reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message.lower() in response.content.decode().lower()
    assert not RegionalAction.objects.exists()


def test_an_owner_person_of_another_organisation_is_refused(client, coordinator, org, round_24):
    stranger = f.PersonFactory(
        organisation=round_24.participants.get(organisation__name="Lycksele kommun").organisation
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]),
        post_data(owner_organisation=org.pk, owner_person=stranger.pk),
    )
    assert response.status_code == 400
    assert "must work at the owning organisation" in response.content.decode()
    assert not RegionalAction.objects.exists()


def test_a_due_date_in_the_past_is_allowed_with_a_warning(client, coordinator, org, round_24):
    client.force_login(coordinator)
    past = timezone.localdate() - timedelta(days=3)
    response = client.post(
        reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]),
        post_data(due_date=past.isoformat()),
        follow=True,
    )
    assert response.status_code == 200
    assert RegionalAction.objects.get().due_date == past
    body = response.content.decode()
    assert "already passed" in body and "Overdue" in body


def test_unknown_ids_are_404(client, coordinator):
    client.force_login(coordinator)
    for url in (
        reverse("checklist:matrix", args=[999999]),
        reverse("checklist:matrix_xlsx", args=[999999]),
        reverse("checklist:matrix_print", args=[999999]),
        reverse("checklist:action_from_answer", args=[999999]),
        reverse("checklist:action_edit", args=[999999]),
        reverse("checklist:overview", args=["99"]),
        reverse("checklist:trends", args=["xx"]),
        reverse("checklist:plan", args=["<script>"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("checklist:action_edit", args=[999999]), post_data()).status_code == 404


def test_editing_an_action_keeps_history_with_the_reason(client, coordinator, org, round_24):
    client.force_login(coordinator)
    client.post(reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]), post_data())
    action = RegionalAction.objects.get()
    url = reverse("checklist:action_edit", args=[action.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Action created from a handlingsplan" in page.content.decode()
    version = page.context["form"]["version"].value()
    assert version == 1
    response = client.post(url, post_data(status="pagar", reason="Arbetet har börjat", version=version))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "pagar" and action.version == 2
    latest = action.history.order_by("-history_id").first()
    assert latest.history_change_reason == "Arbetet har börjat" and latest.history_user == coordinator


def test_a_stale_edit_is_refused_and_changes_nothing(client, coordinator, org, round_24):
    client.force_login(coordinator)
    client.post(reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]), post_data())
    action = RegionalAction.objects.get()
    url = reverse("checklist:action_edit", args=[action.pk])
    seen = client.get(url).context["form"]["version"].value()
    # Someone else saves meanwhile.
    other = f.coordinator("24")
    client.force_login(other)
    assert client.post(url, post_data(status="klar", reason="Klart", version=seen)).status_code == 302
    client.force_login(coordinator)
    response = client.post(url, post_data(status="stoppad", title="Min ändring", version=seen))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Someone else changed this action" in body
    action.refresh_from_db()
    assert action.status == "klar" and action.title == "Rutin 4: gemensam registrering"
    assert action.version == seen + 1
    # The newer version is shown beside the user's own values, which are kept in the form.
    newer = response.context["newer"]
    assert newer.pk == action.pk and newer.version == seen + 1 and newer.status == "klar"
    assert f'data-newer-version="{seen + 1}"' in body and "The newer version" in body
    assert response.context["form"]["title"].value() == "Min ändring"
    # The form now knows the newer version: saving again, after a look, knowingly replaces it.
    fresh = response.context["form"]["version"].value()
    assert int(fresh) == seen + 1
    assert client.post(url, post_data(status="stoppad", version=fresh)).status_code == 302
    action.refresh_from_db()
    assert action.status == "stoppad" and action.version == seen + 2
    assert action.history.order_by("-history_id").first().history_user == coordinator


def test_an_edit_without_a_version_is_refused(client, coordinator, org, round_24):
    client.force_login(coordinator)
    client.post(reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]), post_data())
    action = RegionalAction.objects.get()
    response = client.post(reverse("checklist:action_edit", args=[action.pk]), post_data(status="klar"))
    assert response.status_code == 400
    assert "The form is out of date" in response.content.decode()
    action.refresh_from_db()
    assert action.status == "planerad" and action.version == 1


def test_naming_only_a_person_makes_their_organisation_the_owner(client, coordinator, org, round_24):
    person = f.PersonFactory(organisation=org)
    client.force_login(coordinator)
    response = client.post(
        reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]),
        post_data(owner_person=person.pk),
    )
    assert response.status_code == 302
    action = RegionalAction.objects.get()
    assert action.owner_person == person and action.owner_organisation == org


def test_an_owner_outside_the_region_is_refused_by_the_form(client, coordinator, org, round_24):
    elsewhere = f.OrganisationFactory(name="Gävle kommun", region=f.region("21"))
    client.force_login(coordinator)
    response = client.post(
        reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]),
        post_data(owner_organisation=elsewhere.pk),
    )
    assert response.status_code == 400
    assert "owner_organisation" in response.context["form"].errors
    assert not RegionalAction.objects.exists()


def test_an_edit_with_bad_input_changes_nothing(client, coordinator, org, round_24):
    client.force_login(coordinator)
    client.post(reverse("checklist:action_from_answer", args=[answer(round_24, org, 4).pk]), post_data())
    action = RegionalAction.objects.get()
    count = action.history.count()
    response = client.post(
        reverse("checklist:action_edit", args=[action.pk]), post_data(title="", reason="x" * 101)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "title" in errors and "reason" in errors
    action.refresh_from_db()
    assert action.title == "Rutin 4: gemensam registrering" and action.history.count() == count
