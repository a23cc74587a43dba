"""The routines and their versions: everyone reads them, administrators reword or add one as a new
version, and the answers of earlier rounds keep the wording they were asked."""

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from checklist.models import Participant, Round, Routine, RoutineAnswer
from checklist.routines.services import routine_add, routine_revise
from tests import factories as f
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

LIST_URL = reverse("checklist:routine_list")
ADD_URL = reverse("checklist:routine_add")
NEW = {
    "text_sv": "Rollen som regional samordnare är känd och bemannad",
    "text_en": "The role is known and staffed",
}


def current(number: int) -> Routine:
    return Routine.objects.get(number=number, is_current=True)


def revise_url(routine) -> str:
    return reverse("checklist:routine_revise", args=[routine.pk])


def snapshot():
    return list(
        Routine.objects.order_by("pk").values_list("pk", "number", "version", "is_current", "text_sv")
    )


def answer_to(routine: Routine) -> RoutineAnswer:
    """An answer in a round that asked ``routine`` (this version)."""
    coordinator = f.coordinator("24")
    round_ = Round.objects.create(
        region=f.region("24"), title="Våren", deadline=date(2026, 5, 1), opened_by=coordinator
    )
    round_.routines.add(routine)
    participant = Participant.objects.create(round=round_, organisation=f.OrganisationFactory())
    return RoutineAnswer.objects.create(participant=participant, routine=routine, value="nej")


# --- Reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [f.admin, f.coordinator, f.official, f.reader, f.contact])
def test_everyone_logged_in_reads_the_ten_routines(client, make):
    client.force_login(make())
    body = client.get(LIST_URL).content.decode()
    for routine in Routine.objects.filter(is_current=True):
        assert routine.text_en in body.replace("&quot;", '"').replace("&#x27;", "'")
    is_admin = make is f.admin
    assert (ADD_URL in body) is is_admin
    assert (revise_url(current(1)) in body) is is_admin


@pytest.mark.swedish
def test_the_swedish_ui_shows_the_swedish_wording(client):
    client.force_login(f.reader())
    body = client.get(LIST_URL).content.decode()
    assert "Att fånga upp resultat och lärande av etableringsprocessen" in body


def test_anonymous_users_go_to_the_login_page(client):
    for url in (LIST_URL, ADD_URL, revise_url(current(1))):
        assert client.get(url).status_code == 302


# --- Revising ---------------------------------------------------------------------------------


def test_revising_makes_a_new_current_version_and_keeps_the_old(client):
    admin = f.admin()
    old = current(1)
    answer = answer_to(old)
    client.force_login(admin)

    response = client.post(revise_url(old), NEW)

    assert response.status_code == 302
    assert response["Location"] == LIST_URL + "#routine-1"
    new = current(1)
    assert (new.version, new.text_sv, new.text_en) == (2, NEW["text_sv"], NEW["text_en"])
    old.refresh_from_db()
    assert not old.is_current and old.version == 1
    assert Routine.objects.filter(number=1).count() == 2
    assert Routine.objects.filter(is_current=True).count() == 10
    # The answer given in the earlier round keeps the version, and the wording, it was asked.
    answer.refresh_from_db()
    assert answer.routine_id == old.pk
    assert answer.routine.text_en == 'The role of "regional coordination of establishments"'
    assert list(answer.participant.round.routines.all()) == [old]
    # The list shows the new wording, and the old one under "earlier versions" with its round.
    body = client.get(LIST_URL).content.decode()
    assert NEW["text_en"] in body
    assert "1 earlier version" in body and "regional coordination of establishments" in body
    assert "asked in 1 round" in body
    entry = LogEntry.objects.get(object_id=str(new.pk))
    assert entry.user == admin and "Version 2" in entry.change_message


def test_revising_again_keeps_every_version(client):
    admin = f.admin()
    routine_revise(user=admin, routine=current(5), text_sv="Andra", text_en="Second")
    third = routine_revise(user=admin, routine=current(5), text_sv="Tredje", text_en="Third")
    assert third.version == 3
    assert list(Routine.objects.filter(number=5).values_list("version", "is_current")) == [
        (3, True),
        (2, False),
        (1, False),
    ]
    client.force_login(f.reader())
    body = client.get(LIST_URL).content.decode()
    assert "Third" in body and "Second" in body and "2 earlier versions" in body


@pytest.mark.parametrize("make", [f.coordinator, f.official, f.reader, f.contact])
def test_only_administrators_revise_or_add(client, make):
    user = make()
    before = snapshot()
    client.force_login(user)
    for url in (revise_url(current(1)), ADD_URL):
        assert client.get(url).status_code == 403
        assert client.post(url, NEW).status_code == 403
    with pytest.raises(PermissionDenied):
        routine_revise(user=user, routine=current(1), **NEW)
    with pytest.raises(PermissionDenied):
        routine_add(user=user, **NEW)
    assert snapshot() == before
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text_sv": "Ny text", "text_en": ""}, "This field is required."),
        ({"text_sv": "  ", "text_en": "New"}, "This field is required."),
        ({"text_en": "New"}, "This field is required."),
        ({"text_sv": "x" * 2001, "text_en": "New"}, "at most 2000 characters"),
        (
            {
                "text_sv": "Rollen ”regional samordning av etablering”",
                "text_en": 'The role of "regional coordination of establishments"',
            },
            "The wording is the same as the current version",
        ),
    ],
)
def test_bad_revisions_are_shown_and_change_nothing(client, data, message):
    client.force_login(f.admin())
    before = snapshot()
    response = client.post(revise_url(current(1)), data)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert snapshot() == before


def test_an_earlier_version_cannot_be_revised_over_the_current(client):
    admin = f.admin()
    old = current(2)
    routine_revise(user=admin, routine=old, text_sv="Andra", text_en="Second")
    before = snapshot()
    client.force_login(admin)
    page = client.get(revise_url(old))
    assert "This is an earlier version" in page.content.decode()
    response = client.post(revise_url(old), {"text_sv": "Tredje", "text_en": "Third"})
    assert response.status_code == 200
    assert "has been revised since you opened it" in response.content.decode()
    assert snapshot() == before
    with pytest.raises(ValidationError):
        routine_revise(user=admin, routine=old, text_sv="Tredje", text_en="Third")


def test_unknown_routine_is_404(client):
    client.force_login(f.admin())
    assert client.get(reverse("checklist:routine_revise", args=[999999])).status_code == 404


# --- Adding -----------------------------------------------------------------------------------


def test_adding_makes_routine_eleven_version_one(client):
    admin = f.admin()
    client.force_login(admin)
    response = client.post(
        ADD_URL, {"text_sv": "Uppföljning efter ett år", "text_en": "Follow-up after a year"}
    )
    assert response.status_code == 302
    added = current(11)
    assert (added.version, added.text_en) == (1, "Follow-up after a year")
    assert routine_add(user=admin, text_sv="Tolv", text_en="Twelve").number == 12
    assert "Follow-up after a year" in client.get(LIST_URL).content.decode()


@pytest.mark.parametrize(
    "data", [{}, {"text_sv": "Bara svenska"}, {"text_sv": "", "text_en": "Only English"}]
)
def test_adding_needs_both_languages(client, data):
    client.force_login(f.admin())
    before = snapshot()
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert snapshot() == before
    with pytest.raises(ValidationError):
        routine_add(user=f.admin(), text_sv=data.get("text_sv", ""), text_en=data.get("text_en", ""))


# --- Query counts -----------------------------------------------------------------------------


def test_routine_list_query_count_is_constant(client):
    admin = f.admin()
    client.force_login(admin)
    counts = []
    for extra in (0, 15):
        for _ in range(extra):
            routine_add(user=admin, text_sv="Ny", text_en="New")
        for number in range(1, 11 if extra else 1):
            routine_revise(
                user=admin, routine=current(number), text_sv=f"Ny {number}", text_en=f"New {number}"
            )
            answer_to(current(number))
        counts.append(count_queries(client, LIST_URL, warm=True))
    print("routine_list queries at 10 routines and at 25 with versions and rounds:", counts)
    assert counts[0] == counts[1], counts
