"""The drill pages, the way a coordinator and the participants use them: start a drill for a
municipality, every role answers the guide's two questions, the answers side by side, close."""

import pytest
from django.core import mail
from django.urls import reverse

from checklist.drills import services as drill_services
from checklist.drills.tasks import notify_drill_participants
from checklist.models import Drill, DrillAnswer
from establishments.models import CaseMember, Phase
from tests import factories as f
from tests.checklist.harness_drills import start

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def people():
    af = f.OrganisationFactory(name="Arbetsförmedlingen", type="arbetsformedlingen", level="nationell")
    lst = f.OrganisationFactory(name="Länsstyrelsen Västerbotten", type="lansstyrelsen", level="regional",
                                region=f.region("24"))  # fmt: skip
    return {
        "coordinator": f.coordinator("24", first_name="Maria", last_name="Lundberg"),
        "coordinator2": f.coordinator("24", first_name="Erik", last_name="Holm"),
        "official": f.official("2482", first_name="Johan", last_name="Nyström"),
        "official_umea": f.official("2480", first_name="Elin", last_name="Forsberg"),
        "contact": f.contact(af, first_name="Fatima", last_name="Karimi"),
        "contact_lst": f.contact(lst, first_name="Per", last_name="Wikström"),
        "reader": f.reader("24"),
        "official_gavle": f.official("2180"),
        "contact_gavle": f.contact(f.OrganisationFactory(region=f.region("21"))),
        "af": af,
        "lst": lst,
    }


def test_a_coordinator_starts_a_drill_in_two_steps(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["coordinator"])
    url = reverse("checklist:drill_start")
    step1 = client.get(url)
    assert step1.status_code == 200
    assert "Skellefteå" in step1.content.decode() and "Gävle" not in step1.content.decode()
    skelleftea = f.municipality("2482")
    step2 = client.get(url, {"municipality": skelleftea.pk})
    body = step2.content.decode()
    # The template, prefilled with the municipality; every user of the region who may take part.
    assert "Tomorrow the region gets a call about a large establishment in Skellefteå" in body
    for key in ("coordinator2", "official", "official_umea", "contact", "contact_lst"):
        assert f"take_{people[key].pk}" in body, key
    for key in ("reader", "official_gavle", "contact_gavle"):
        assert f"take_{people[key].pk}" not in body, key
    assert "Municipal official, Skellefteå" in body and "Actor contact, Arbetsförmedlingen" in body
    data = {
        "municipality": skelleftea.pk,
        "scenario": "Imorgon får regionen ett samtal om en stor etablering i Skellefteå.",
    }
    for key, role in [
        ("coordinator", "Regional samordnare"),
        ("official", "Näringslivsutvecklare, Skellefteå"),
        ("official_umea", "Näringslivschef, Umeå"),
        ("contact", "Arbetsförmedlingen"),
    ]:
        data[f"take_{people[key].pk}"] = "on"
        data[f"role_{people[key].pk}"] = role
    data[f"role_{people['contact_lst'].pk}"] = "Länsstyrelsen"  # a role typed, but not chosen
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, data)
    drill = Drill.objects.get()
    # The notice goes after the commit; run as the worker would (called directly, not through the
    # eager broker: on PostgreSQL an eager task after a test request finds its connection closed).
    assert len(callbacks) == 1 and not mail.outbox
    assert notify_drill_participants(drill.pk) == 3
    assert response.status_code == 302 and response["Location"] == drill.get_absolute_url()
    case = drill.case
    assert case.is_drill and case.name.startswith("Drill: Skellefteå ")
    assert (case.lead_municipality, case.coordinator) == (skelleftea, people["coordinator"])
    assert case.phase == "signal"
    assert case.deputy == people["coordinator2"]  # another coordinator of the region
    assert case.confidentiality == "oppen" and case.description == data["scenario"]
    # Participants get access to the drill case: the contact's organisation as a member, the other
    # municipality's official through a candidate municipality.
    members = CaseMember.objects.filter(case=case).values_list("organisation", flat=True)
    assert set(members) == {people["af"].pk}
    assert list(case.candidate_municipalities.values_list("code", flat=True)) == ["2480"]
    roles = dict(drill.answers.values_list("user__username", "role"))
    assert roles == {
        people["coordinator"].username: "Regional samordnare",
        people["official"].username: "Näringslivsutvecklare, Skellefteå",
        people["official_umea"].username: "Näringslivschef, Umeå",
        people["contact"].username: "Arbetsförmedlingen",
    }
    assert not drill.answers.filter(answered_at__isnull=False).exists()
    # Every participant but the starter is told, with the scenario and a link.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        people[k].email for k in ("official", "official_umea", "contact")
    )
    assert drill.get_absolute_url() in mail.outbox[0].body and "Skellefteå" in mail.outbox[0].body
    for key in ("official", "official_umea", "contact"):
        client.force_login(people[key])
        assert client.get(case.get_absolute_url()).status_code == 200, key
        assert client.get(drill.get_absolute_url()).status_code == 200, key


def test_answers_are_shown_side_by_side_and_each_participant_edits_their_own(client, people):
    drill = start(
        people["coordinator"],
        [(people["official"], "Näringslivsutvecklare"), (people["contact"], "Arbetsförmedlingen"),
         (people["contact_lst"], "Länsstyrelsen")],
    )  # fmt: skip
    client.force_login(people["official"])
    page = client.get(drill.get_absolute_url()).content.decode()
    assert "What can your role contribute?" in page and "How would you go about it?" in page
    assert "Your answer, as Näringslivsutvecklare" in page
    response = client.post(
        reverse("checklist:drill_answer", args=[drill.pk]),
        {"contribution": "Mark och planbesked", "approach": "Ringer tillbaka samma dag"},
    )
    assert response.status_code == 302
    client.force_login(people["contact"])
    client.post(
        reverse("checklist:drill_answer", args=[drill.pk]),
        {"contribution": "Rekrytering via EURES", "approach": ""},
    )
    mine = DrillAnswer.objects.get(drill=drill, user=people["official"])
    assert (mine.contribution, mine.approach) == ("Mark och planbesked", "Ringer tillbaka samma dag")
    assert mine.answered_at is not None
    assert mine.history.first().history_user == people["official"]
    # The table: one row per role, the two questions as columns; the silent role says so.
    client.force_login(people["coordinator"])  # sees the drill, does not take part
    page = client.get(drill.get_absolute_url()).content.decode()
    assert page.count('data-answered="true"') == 2 and page.count('data-answered="false"') == 1
    assert "Not answered yet" in page
    assert "Rekrytering via EURES" in page and "Ringer tillbaka samma dag" in page
    assert "2 of 3 participants have answered." in page
    assert "Save my answer" not in page  # the coordinator does not take part
    # A participant changes their answer while the drill is open.
    client.force_login(people["official"])
    client.post(
        reverse("checklist:drill_answer", args=[drill.pk]),
        {"contribution": "Mark, planbesked och bygglov", "approach": "Ringer tillbaka samma dag"},
    )
    mine.refresh_from_db()
    assert mine.contribution == "Mark, planbesked och bygglov"
    assert [h.history_change_reason for h in mine.history.order_by("history_id")] == [
        "Drill started", "Drill answered", "Drill answer changed",
    ]  # fmt: skip


def test_closing_a_drill_closes_its_case_and_freezes_the_answers(client, people):
    drill = start(people["coordinator"], [people["official"], people["contact"]])
    client.force_login(people["coordinator2"])  # any coordinator of the region, not only the starter
    url = reverse("checklist:drill_close", args=[drill.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "0 of 2 participants have answered." in confirm.content.decode()
    assert client.post(url).status_code == 302
    drill.refresh_from_db()
    assert drill.closed_at is not None
    assert drill.history.first().history_user == people["coordinator2"]
    case = drill.case
    case.refresh_from_db()
    assert case.phase == Phase.CLOSED
    assert case.phase_changes.filter(to_phase=Phase.CLOSED, changed_by=people["coordinator2"]).exists()
    client.force_login(people["official"])
    page = client.get(drill.get_absolute_url()).content.decode()
    assert "Save my answer" not in page and "your answer can no longer be changed" in page
    assert "Close the drill" not in page
    # Closing again changes nothing and says so.
    client.force_login(people["coordinator"])
    response = client.post(url, follow=True)
    assert "The drill is already closed." in response.content.decode()
    assert drill.history.count() == 2


def test_the_list_shows_open_drills_first_with_their_counts(client, people):
    older = start(people["coordinator"], [people["official"], people["contact"]])
    newer = start(people["coordinator"], [people["official"]])
    client.force_login(people["official"])
    client.post(reverse("checklist:drill_answer", args=[older.pk]), {"contribution": "Mark", "approach": ""})
    client.force_login(people["coordinator"])
    client.post(reverse("checklist:drill_close", args=[newer.pk]))
    page = client.get(reverse("checklist:drill_list")).content.decode()
    assert page.index(reverse("checklist:drill_detail", args=[older.pk])) < page.index(
        reverse("checklist:drill_detail", args=[newer.pk])
    )
    assert "1 of 2" in page and "0 of 1" in page
    assert "Start a drill" in page
    client.force_login(people["official"])
    page = client.get(reverse("checklist:drill_list")).content.decode()
    assert "Start a drill" not in page and "You take part" in page


def test_an_admin_starts_a_drill_in_any_region(client, people):
    admin = f.admin()
    client.force_login(admin)
    gavle = f.municipality("2180")
    page = client.get(reverse("checklist:drill_start"), {"municipality": gavle.pk}).content.decode()
    assert f"take_{people['official_gavle'].pk}" in page and f"take_{people['official'].pk}" not in page
    response = client.post(
        reverse("checklist:drill_start"),
        {"municipality": gavle.pk, "scenario": "Övning i Gävle", f"take_{people['official_gavle'].pk}": "on",
         f"role_{people['official_gavle'].pk}": "Näringslivsutvecklare"},
    )  # fmt: skip
    assert response.status_code == 302
    drill = Drill.objects.get()
    assert drill.case.coordinator == admin and drill.case.deputy == people["official_gavle"]
    assert drill.case.region.code == "21"


def test_the_notice_goes_to_those_who_have_not_answered_and_never_after_closing(people):
    drill = start(people["coordinator"], [people["coordinator"], people["official"], people["contact"]])
    drill_services.drill_answer(user=people["official"], drill=drill, contribution="Mark", approach="")
    assert notify_drill_participants(drill.pk) == 1  # not the starter, not who has answered
    assert [m.to for m in mail.outbox] == [[people["contact"].email]]
    body = mail.outbox[0].body
    assert "This is a drill" in body and "What can your role contribute?" in body
    drill_services.drill_close(user=people["coordinator"], drill=drill)
    assert notify_drill_participants(drill.pk) == 0
    assert notify_drill_participants(999999) == 0
