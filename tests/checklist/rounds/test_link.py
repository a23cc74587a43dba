"""The contact's personal link: answering without an account. Forged, expired, closed-round and
reused links change nothing and say why."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from checklist.models import RoutineAnswer
from checklist.rounds import personal_link, services
from tests import factories as f
from tests.checklist.harness_rounds import answers_state, full_values, open_round, sheet_post

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def link(p) -> str:
    return reverse("checklist:answer_link", args=[personal_link.answer_token(p)])


def test_the_link_works_without_logging_in_and_a_draft_can_be_resumed(client):
    p = open_round(n=1).participants.get()
    url = link(p)
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    body = page.content.decode()
    assert p.organisation.name in body and p.contact.name in body and 'value="submit"' in body
    rid = p.answers.order_by("routine__number").first().routine_id
    response = client.post(url, sheet_post(p, "draft", {rid: {"value": "delvis", "comment": "På gång"}}))
    assert response.status_code == 302 and response["Location"] == url
    # The same link, later: the draft is there.
    body = client.get(url).content.decode()
    assert "På gång" in body and "1 of 10 answered" in body
    p.refresh_from_db()
    assert not p.is_submitted


def test_submitting_through_the_link_records_the_person_and_a_reused_link_is_read_only(client):
    p = open_round(n=1).participants.get()
    url = link(p)
    values = full_values(p, "nej")
    assert client.post(url, sheet_post(p, "submit", values)).status_code == 302
    p.refresh_from_db()
    assert p.is_submitted and p.submitted_by_person == p.contact and p.submitted_by is None
    # Reused after submission: read-only, a POST changes nothing.
    before = answers_state()
    body = client.get(url).content.decode()
    assert 'data-link-result="submitted"' in body and 'name="action"' not in body
    response = client.post(url, sheet_post(p, "submit", full_values(p, "ja")), follow=True)
    assert "already been submitted" in response.content.decode()
    assert answers_state() == before
    # The coordinator sees who submitted, and how.
    client.force_login(p.round.opened_by)
    assert f"by {p.contact.name} with the link" in client.get(p.round.get_absolute_url()).content.decode()
    history = client.get(reverse("checklist:answer_history", args=[p.round_id, p.pk])).content.decode()
    assert f"{p.contact.name} (personal link)" in history


def test_submitting_an_incomplete_sheet_through_the_link_says_why(client):
    p = open_round(n=1).participants.get()
    url = link(p)
    values = full_values(p, "ja")
    rid = next(iter(values))
    values[rid] = {"value": "nej"}
    before = answers_state()
    response = client.post(url, sheet_post(p, "submit", values))
    assert response.status_code == 400
    body = response.content.decode()
    assert "action plan" in body
    # The form again, with the message at the routine, not the page of a refused link.
    assert 'data-answer-error="true"' in body and "data-link-error" not in body
    assert 'value="submit"' in body
    assert answers_state() == before


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: "x" + t, lambda t: "garbage"])
def test_a_forged_link_is_refused_with_400(client, mangle):
    p = open_round(n=1).participants.get()
    url = reverse("checklist:answer_link", args=[mangle(personal_link.answer_token(p))])
    before = answers_state()
    for method in (client.get, client.post):
        response = method(url, sheet_post(p, "submit", full_values(p)) if method == client.post else None)
        assert response.status_code == 400
        assert 'data-link-error="invalid"' in response.content.decode()
    assert answers_state() == before


def test_an_expired_link_is_refused_with_410(client):
    p = open_round(n=1, deadline_days=3).participants.get()
    url = link(p)
    later = personal_link.link_expires_at(p.round) + timedelta(minutes=1)
    before = answers_state()
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(url, sheet_post(p, "submit", full_values(p)))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert answers_state() == before


def test_a_link_to_a_closed_round_says_so_and_changes_nothing(client):
    round_ = open_round(n=1)
    p = round_.participants.get()
    url = link(p)
    services.round_close(user=round_.opened_by, round=round_)
    before = answers_state()
    response = client.post(url, sheet_post(p, "submit", full_values(p)))
    assert response.status_code == 410
    body = response.content.decode()
    assert 'data-link-error="closed"' in body and "round is closed" in body
    assert answers_state() == before


def test_a_link_issued_to_a_former_contact_is_refused(client):
    p = open_round(n=1).participants.get()
    url = link(p)
    p.contact = f.PersonFactory(organisation=p.organisation)
    p.save()
    response = client.get(url)
    assert response.status_code == 400
    assert "contact" in response.content.decode()
    assert not RoutineAnswer.objects.exclude(value="").exists()


def test_the_invitation_links_work(client, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_round(n=1, deadline_days=12)
    (message,) = mailoutbox
    assert round_.title in message.subject
    url = next(line for line in message.body.splitlines() if "/checklista/svara/" in line).strip()
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert timezone.localdate() + timedelta(days=12) == round_.deadline
