"""Bad input on the drill pages: a clear message, a re-rendered page, nothing changed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from checklist.drills import services as drill_services
from checklist.models import Drill, DrillAnswer
from establishments.models import CaseMember, EstablishmentCase
from tests import factories as f
from tests.checklist.harness_drills import answers_state, start

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def people():
    return {
        "coordinator": f.coordinator("24"),
        "coordinator_gavle": f.coordinator("21"),
        "official": f.official("2482"),
        "contact": f.contact(f.OrganisationFactory(region=f.region("24"))),
        "reader": f.reader("24"),
        "official_gavle": f.official("2180"),
    }


def counts():
    return (
        EstablishmentCase.objects.count(),
        Drill.objects.count(),
        DrillAnswer.objects.count(),
        CaseMember.objects.count(),
        EstablishmentCase.history.count(),
    )


def post_start(client, people, **changes):
    data = {
        "municipality": f.municipality("2482").pk,
        "scenario": "Imorgon får regionen ett samtal.",
        f"take_{people['official'].pk}": "on",
        f"role_{people['official'].pk}": "Näringslivsutvecklare",
    }
    data.update(changes)
    return client.post(reverse("checklist:drill_start"), {k: v for k, v in data.items() if v is not None})


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"scenario": "   "}, "Describe the scenario the participants respond to."),
        ({"scenario": "x" * 2001}, "Ensure this value has at most 2000 characters"),
        ({"take_OFFICIAL": None}, "Choose at least one participant."),
        ({"role_OFFICIAL": "  "}, "Name the role this participant plays in the drill."),
        ({"role_OFFICIAL": "r" * 201}, "Ensure this value has at most 200 characters"),
    ],
)
def test_a_bad_start_is_shown_and_creates_nothing(client, people, changes, message):
    client.force_login(people["coordinator"])
    changes = {k.replace("OFFICIAL", str(people["official"].pk)): v for k, v in changes.items()}
    before = counts()
    response = post_start(client, people, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts() == before


def test_no_participants_at_all(client, people):
    client.force_login(people["coordinator"])
    before = counts()
    response = client.post(
        reverse("checklist:drill_start"),
        {"municipality": f.municipality("2482").pk, "scenario": "Övning"},
    )
    assert "Choose at least one participant." in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("value", ["2180", "9999999", "abc", ""])
def test_a_municipality_outside_the_scope_is_refused(client, people, value):
    """Gävle lies in another region; the others are no municipality at all."""
    client.force_login(people["coordinator"])
    pk = str(f.municipality(value).pk) if value == "2180" else value
    before = counts()
    response = post_start(client, people, municipality=pk)
    assert response.status_code == 200
    assert "Choose a municipality where you may start a drill." in response.content.decode()
    assert counts() == before
    response = client.get(reverse("checklist:drill_start"), {"municipality": pk})
    assert response.status_code == 200
    assert "Choose a municipality where you may start a drill." in response.content.decode()


def test_a_forged_participant_from_elsewhere_is_not_taken(client, people):
    """Gävle's official, a reader or an unknown user id posted for a Skellefteå drill are not offered, so
    not read: with nobody else chosen the form says so."""
    client.force_login(people["coordinator"])
    before = counts()
    data = {f"take_{people['official'].pk}": None}
    for key in ("official_gavle", "reader"):
        data[f"take_{people[key].pk}"] = "on"
        data[f"role_{people[key].pk}"] = "Smuggled"
    data["take_999999"] = "on"
    response = post_start(client, people, **data)
    assert "Choose at least one participant." in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("key", ["official_gavle", "reader"])
def test_the_service_refuses_a_participant_who_may_not_take_part(people, key):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        start(people["coordinator"], [people["official"], people[key]])
    assert "cannot take part in a drill of this region" in str(exc.value)
    assert counts() == before


def test_the_service_refuses_an_empty_scenario_and_no_participants(people):
    before = counts()
    with pytest.raises(ValidationError):
        start(people["coordinator"], [people["official"]], scenario="  ")
    with pytest.raises(ValidationError):
        start(people["coordinator"], [])
    with pytest.raises(ValidationError):
        start(people["coordinator"], [(people["official"], " ")])
    assert counts() == before


def test_a_drill_needs_a_deputy(people):
    """The starter alone, with no other coordinator in the region: the case would have no deputy."""
    lonely = f.coordinator("22")
    before = counts()
    with pytest.raises(ValidationError) as exc:
        start(lonely, [lonely], municipality_code="2281")
    assert "needs a deputy" in str(exc.value)
    assert counts() == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"contribution": "  ", "approach": ""}, "Answer at least one of the two questions."),
        ({"contribution": "x" * 2001, "approach": "y"}, "Ensure this value has at most 2000 characters"),
        ({}, "Answer at least one of the two questions."),
    ],
)
def test_a_bad_answer_is_shown_and_changes_nothing(client, people, data, message):
    drill = start(people["coordinator"], [people["official"], people["contact"]])
    before = answers_state(drill)
    client.force_login(people["official"])
    response = client.post(reverse("checklist:drill_answer", args=[drill.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert answers_state(drill) == before


def test_an_answer_to_a_closed_drill_changes_nothing(client, people):
    drill = start(people["coordinator"], [people["official"]])
    client.force_login(people["official"])
    client.post(reverse("checklist:drill_answer", args=[drill.pk]), {"contribution": "Först", "approach": ""})
    drill_services.drill_close(user=people["coordinator"], drill=drill)
    before = answers_state(drill)
    history = DrillAnswer.history.count()
    response = client.post(
        reverse("checklist:drill_answer", args=[drill.pk]), {"contribution": "Efteråt", "approach": "Sent"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The drill is closed: answers can no longer be changed." in body
    assert "Save my answer" not in body and "Först" in body
    assert answers_state(drill) == before and DrillAnswer.history.count() == history
    with pytest.raises(ValidationError):
        drill_services.drill_answer(user=people["official"], drill=drill, contribution="x", approach="y")


def test_closing_a_closed_drill_changes_nothing(client, people):
    drill = start(people["coordinator"], [people["official"]])
    drill_services.drill_close(user=people["coordinator"], drill=drill)
    drill.refresh_from_db()
    closed_at, history = drill.closed_at, drill.history.count()
    with pytest.raises(ValidationError):
        drill_services.drill_close(user=people["coordinator"], drill=drill)
    client.force_login(people["coordinator"])
    response = client.post(reverse("checklist:drill_close", args=[drill.pk]), follow=True)
    assert "The drill is already closed." in response.content.decode()
    drill.refresh_from_db()
    assert (drill.closed_at, drill.history.count()) == (closed_at, history)


def test_unknown_drills_are_404(client, people):
    client.force_login(people["coordinator"])
    for name in ("drill_detail", "drill_close"):
        assert client.get(reverse(f"checklist:{name}", args=[999999])).status_code == 404
    response = client.post(reverse("checklist:drill_answer", args=[999999]), {"contribution": "x"})
    assert response.status_code == 404
