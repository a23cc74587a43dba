"""The pages of rounds and answers: who sees and changes what, bad input, and the answer flow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checklist.models import Participant, Round, Value
from checklist.rounds import services
from tests import factories as f
from tests.checklist.harness_rounds import answers_state, full_values, open_round, region_org, sheet_post

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def answer_url(p: Participant) -> str:
    return reverse("checklist:answer", args=[p.round_id, p.pk])


# --- My rounds --------------------------------------------------------------------------------


def test_my_rounds_lists_the_organisations_rounds_for_a_contact(client):
    round_ = open_round(n=2)
    p = round_.participants.first()
    client.force_login(f.contact(p.organisation))
    body = client.get(reverse("checklist:my_rounds")).content.decode()
    assert round_.title in body and answer_url(p) in body
    other = round_.participants.last()
    assert answer_url(other) not in body


def test_my_rounds_shows_staff_the_regions_rounds_and_the_way_on(client):
    round_ = open_round(n=1)
    client.force_login(round_.opened_by)
    body = client.get(reverse("checklist:my_rounds")).content.decode()
    assert round_.get_absolute_url() in body
    assert reverse("checklist:overview", args=["24"]) in body
    assert reverse("checklist:round_create", args=["24"]) in body
    client.force_login(f.coordinator("21"))
    body = client.get(reverse("checklist:my_rounds")).content.decode()
    assert round_.title not in body


# --- Opening a round --------------------------------------------------------------------------


def test_a_coordinator_opens_a_round_from_the_form(client, django_capture_on_commit_callbacks):
    coordinator = f.coordinator("24")
    a, b = region_org(), region_org()
    pick = f.PersonFactory(organisation=b, name="Zäta Person")
    client.force_login(coordinator)
    url = reverse("checklist:round_create", args=["24"])
    page = client.get(url).content.decode()
    assert a.name in page and f'name="contact_{b.pk}"' in page
    deadline = timezone.localdate() + timedelta(days=21)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Hösten",
                "deadline": deadline.isoformat(),
                "organisations": [a.pk, b.pk],
                f"contact_{b.pk}": str(pick.pk),
            },
        )
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert round_.deadline == deadline
    assert round_.participants.get(organisation=b).contact == pick
    assert round_.participants.get(organisation=a).contact == a.people.order_by("name").first()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"deadline": "yesterday"}, "Enter a valid date"),
        ({"deadline": "2001-01-01"}, "future date"),
        ({"organisations": []}, "at least one organisation"),
        ({"title": ""}, "This field is required"),
        ({"organisations": ["999999"]}, "national bodies"),
    ],
)
def test_bad_input_to_the_round_form_says_why_and_opens_nothing(client, data, message):
    org = region_org()
    client.force_login(f.coordinator("24"))
    post = {
        "title": "Våren",
        "deadline": (timezone.localdate() + timedelta(days=9)).isoformat(),
        "organisations": [org.pk],
        **data,
    }
    response = client.post(reverse("checklist:round_create", args=["24"]), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Round.objects.exists()


def test_a_contact_not_of_the_organisation_is_refused_in_the_form(client):
    org, other = region_org(), region_org()
    client.force_login(f.coordinator("24"))
    response = client.post(
        reverse("checklist:round_create", args=["24"]),
        {
            "title": "Våren",
            "deadline": (timezone.localdate() + timedelta(days=9)).isoformat(),
            "organisations": [org.pk],
            f"contact_{org.pk}": str(other.people.get().pk),
        },
    )
    assert response.status_code == 400
    assert not Round.objects.exists()


def test_round_create_refuses_readers_with_403_and_other_regions_with_404(client):
    url = reverse("checklist:round_create", args=["24"])
    for user, status in [
        (f.reader("24"), 403),
        (f.official("2482"), 403),
        (f.coordinator("21"), 404),
        (f.contact(), 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.post(url, {"title": "x"}).status_code == status
    assert client.get(reverse("checklist:round_create", args=["99"])).status_code == 404


# --- Following a round ---------------------------------------------------------------------------


def test_round_detail_shows_each_organisations_status(client):
    round_ = open_round(n=3)
    first, second, third = round_.participants.order_by("organisation__name")
    services.answer_save(
        participant=first, user=f.contact(first.organisation), values=full_values(first), submit=True
    )
    values = dict(list(full_values(second).items())[:7])
    services.answer_save(participant=second, person=second.contact, values=values)
    client.force_login(f.reader("24"))
    body = client.get(round_.get_absolute_url()).content.decode()
    assert "1 of 3 organisations have submitted" in body
    assert "7 of 10 answered" in body
    assert 'data-status="not-started"' in body
    # A reader sees the status but not the coordinator's buttons.
    assert reverse("checklist:round_remind", args=[round_.pk]) not in body
    client.force_login(round_.opened_by)
    body = client.get(round_.get_absolute_url()).content.decode()
    assert reverse("checklist:round_remind", args=[round_.pk]) in body
    assert reverse("checklist:round_close", args=[round_.pk]) in body
    assert reverse("checklist:matrix", args=[round_.pk]) in body


def test_closing_from_the_page(client):
    round_ = open_round(n=1)
    url = reverse("checklist:round_close", args=[round_.pk])
    client.force_login(f.reader("24"))
    assert client.post(url).status_code == 403
    client.force_login(f.coordinator("21"))
    assert client.post(url).status_code == 404
    round_.refresh_from_db()
    assert round_.is_open
    client.force_login(round_.opened_by)
    assert "Close the round" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    round_.refresh_from_db()
    assert not round_.is_open
    # Closing again says so and changes nothing.
    closed_at = round_.closed_at
    response = client.post(url, follow=True)
    assert "already closed" in response.content.decode()
    round_.refresh_from_db()
    assert round_.closed_at == closed_at


def test_remind_is_post_only_and_for_managers(client, mailoutbox):
    round_ = open_round(n=2)
    url = reverse("checklist:round_remind", args=[round_.pk])
    client.force_login(f.reader("24"))
    assert client.post(url).status_code == 403
    client.force_login(round_.opened_by)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Reminders sent to 2 organisations" in response.content.decode()
    assert len(mailoutbox) == 2
    response = client.post(url, follow=True)
    assert "No reminders sent" in response.content.decode()
    assert len(mailoutbox) == 2


# --- Answering in the app -------------------------------------------------------------------------


def test_an_organisation_sees_and_edits_only_its_own_answers(client):
    round_ = open_round(n=2)
    mine, theirs = round_.participants.order_by("pk")
    user = f.contact(mine.organisation)
    client.force_login(user)
    assert client.get(answer_url(mine)).status_code == 200
    before = answers_state()
    for method in (client.get, client.post):
        assert method(answer_url(theirs)).status_code == 404
    assert (
        client.post(answer_url(theirs), sheet_post(theirs, "submit", full_values(theirs))).status_code == 404
    )
    assert answers_state() == before
    # Its own participant under another round's URL is not found either.
    other_round = open_round(n=1)
    wrong = reverse("checklist:answer", args=[other_round.pk, mine.pk])
    assert client.get(wrong).status_code == 404


def test_a_reader_and_the_coordinator_view_but_cannot_answer(client):
    round_ = open_round(n=1)
    p = round_.participants.get()
    for user in (f.reader("24"), round_.opened_by, f.official("2482")):
        client.force_login(user)
        page = client.get(answer_url(p))
        assert page.status_code == 200
        assert 'name="action"' not in page.content.decode()
        assert client.post(answer_url(p), sheet_post(p, "submit", full_values(p))).status_code == 403
    p.refresh_from_db()
    assert not p.is_submitted
    # A reader of the organisation itself reads its answers but does not answer.
    reader = f.reader("24", organisation=p.organisation)
    client.force_login(reader)
    assert client.post(answer_url(p), sheet_post(p, "draft", full_values(p))).status_code == 403


def test_draft_resume_submit_and_change_after_submission(client):
    p = open_round(n=1).participants.get()
    user = f.contact(p.organisation)
    client.force_login(user)
    values = full_values(p, "ja")
    first, second = list(values)[:2]
    draft = {first: {"value": "nej", "comment": "Ingen rutin ännu"}}
    response = client.post(answer_url(p), sheet_post(p, "draft", draft))
    assert response.status_code == 302
    page = client.get(answer_url(p)).content.decode()
    assert "Ingen rutin ännu" in page and "1 of 10 answered" in page
    # Submitting without a plan for the No: every message in place, nothing changed.
    values[first] = {"value": "nej", "comment": "Ingen rutin ännu"}
    before = answers_state()
    response = client.post(answer_url(p), sheet_post(p, "submit", values))
    assert response.status_code == 400
    assert "action plan" in response.content.decode()
    assert answers_state() == before
    values[first]["plan_what"] = "Skriva en rutin för växeln"
    values[first]["plan_when"] = (timezone.localdate() + timedelta(days=60)).isoformat()
    assert client.post(answer_url(p), sheet_post(p, "submit", values)).status_code == 302
    p.refresh_from_db()
    assert p.is_submitted
    page = client.get(answer_url(p)).content.decode()
    assert "Change after submission" in page and 'name="action"' not in page
    # A change after submission without a reason is refused.
    values[second] = {"value": "delvis", "plan_what": "Utbilda handläggarna"}
    before = answers_state()
    response = client.post(answer_url(p), sheet_post(p, "change", values, reason=""))
    assert response.status_code == 400
    assert answers_state() == before
    response = client.post(answer_url(p), sheet_post(p, "change", values, reason="Ny organisation i mars"))
    assert response.status_code == 302
    answer = p.answers.get(routine_id=second)
    assert answer.value == Value.PARTLY
    history = client.get(reverse("checklist:answer_history", args=[p.round_id, p.pk])).content.decode()
    assert "Ny organisation i mars" in history
    assert "Routine 2" in history


def test_posting_to_a_closed_round_says_so_and_changes_nothing(client):
    round_ = open_round(n=1)
    p = round_.participants.get()
    user = f.contact(p.organisation)
    services.round_close(user=round_.opened_by, round=round_)
    client.force_login(user)
    before = answers_state()
    response = client.post(answer_url(p), sheet_post(p, "submit", full_values(p)))
    assert response.status_code == 400
    assert "round is closed" in response.content.decode()
    assert answers_state() == before


def test_bad_values_in_the_answer_form_are_shown_and_nothing_is_saved(client):
    p = open_round(n=1).participants.get()
    client.force_login(f.contact(p.organisation))
    rid = p.answers.first().routine_id
    before = answers_state()
    data = sheet_post(p, "draft", {rid: {"value": "kanske", "plan_when": "snart"}})
    response = client.post(answer_url(p), data)
    assert response.status_code == 400
    assert answers_state() == before
    assert client.post(answer_url(p), sheet_post(p, "explode")).status_code == 400


def test_answer_history_is_for_those_who_see_the_answers(client):
    p = open_round(n=1).participants.get()
    url = reverse("checklist:answer_history", args=[p.round_id, p.pk])
    for user in (f.contact(), f.coordinator("21"), f.official("2180")):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(f.contact(p.organisation))
    assert client.get(url).status_code == 200
