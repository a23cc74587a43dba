"""Who may start, follow, answer and close a drill.

Decided here (and in checklist/drill_selectors.py, the policy questions drills add):
- start: the region's coordinators and administrators (``policy.can_start_drill``); officials do not
  start drills (the region runs the workshop; an official takes part), readers and contacts neither;
- follow (see the drill and every answer): its participants, the region's coordinators, admins;
  everyone else gets 404, as if the drill did not exist;
- answer: a participant, only their own row, only while the drill is open;
- close: the region's coordinators and admins (403 for participants, who see the drill).
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.policy import can_view_drill
from checklist.drills import services as drill_services
from checklist.models import Drill, DrillAnswer
from establishments.models import EstablishmentCase
from tests import factories as f
from tests.checklist.harness_drills import answers_state, drill_world, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(world):
    return drill_world(world)


def detail(drill):
    return reverse("checklist:drill_detail", args=[drill.pk])


def answer_url(drill):
    return reverse("checklist:drill_answer", args=[drill.pk])


def test_outsiders_of_the_region_and_non_participants_do_not_know_a_drill(client, w):
    drill = w["drills_drill"]
    for key in ("coordinator_other_region", "official_other", "contact_other", "reader"):
        client.force_login(w[key])
        for url in (detail(drill), answer_url(drill), reverse("checklist:drill_close", args=[drill.pk])):
            assert client.get(url).status_code in (404, 405), (key, url)
            assert client.post(url, {"contribution": "x"}).status_code == 404, (key, url)
        assert str(drill.municipality) not in client.get(reverse("checklist:drill_list")).content.decode()


def test_an_official_of_the_region_who_does_not_take_part_sees_nothing(client, w):
    bystander = f.official("2480")  # Umeå, same region
    client.force_login(bystander)
    assert client.get(detail(w["drills_drill"])).status_code == 404


def test_followers_see_the_drill(client, w):
    drill = w["drills_drill"]
    for key in ("coordinator", "deputy", "coordinator_same_region", "admin", "official", "contact"):
        client.force_login(w[key])
        assert client.get(detail(drill)).status_code == 200, key
        assert f'href="{detail(drill)}"' in client.get(reverse("checklist:drill_list")).content.decode(), key


def test_a_participant_changes_only_their_own_answer(client, w):
    drill = w["drills_drill"]
    client.force_login(w["official"])
    # A forged user or answer id in the form is ignored: the row answered is always the user's own.
    response = client.post(
        answer_url(drill),
        {"contribution": "Mark", "approach": "Ringer", "user": w["contact"].pk, "answer": 1, "drill": 999},
    )
    assert response.status_code == 302
    rows = {a.user_id: a for a in DrillAnswer.objects.filter(drill=drill)}
    assert rows[w["official"].pk].contribution == "Mark"
    assert rows[w["contact"].pk].contribution == "" and rows[w["contact"].pk].answered_at is None
    # The service refuses anyone but a participant.
    with pytest.raises(PermissionDenied):
        drill_services.drill_answer(user=w["deputy"], drill=drill, contribution="x", approach="y")


def test_a_coordinator_who_does_not_take_part_sees_but_does_not_answer(client, w):
    drill = w["drills_drill"]
    before = answers_state(drill)
    client.force_login(w["coordinator_same_region"])
    assert client.post(answer_url(drill), {"contribution": "x", "approach": "y"}).status_code == 403
    assert answers_state(drill) == before


@pytest.mark.parametrize("key", ["reader", "official", "contact", "official_other", "contact_other"])
def test_only_coordinators_and_admins_start_drills(client, w, key):
    cases = EstablishmentCase.objects.count()
    client.force_login(w[key])
    url = reverse("checklist:drill_start")
    assert client.get(url).status_code == 403
    data = {"municipality": f.municipality("2482").pk, "scenario": "x", f"take_{w[key].pk}": "on",
            f"role_{w[key].pk}": "x"}  # fmt: skip
    assert client.post(url, data).status_code == 403
    assert "Start a drill" not in client.get(reverse("checklist:drill_list")).content.decode()
    with pytest.raises(PermissionDenied):
        start(w[key], [w["official"]])
    assert EstablishmentCase.objects.count() == cases and Drill.objects.count() == 2


def test_a_participant_may_not_close_the_drill(client, w):
    drill = w["drills_drill"]
    for key in ("official", "contact"):
        client.force_login(w[key])
        assert client.post(reverse("checklist:drill_close", args=[drill.pk])).status_code == 403
    drill.refresh_from_db()
    assert drill.closed_at is None
    with pytest.raises(PermissionDenied):
        drill_services.drill_close(user=w["official"], drill=drill)


def test_a_coordinator_of_another_region_neither_closes_nor_starts_here(client, w):
    drill = w["drills_drill"]
    with pytest.raises(PermissionDenied):
        drill_services.drill_close(user=w["coordinator_other_region"], drill=drill)
    with pytest.raises(PermissionDenied):
        start(w["coordinator_other_region"], [w["official"]], municipality_code="2482")


def test_a_closed_drill_refuses_answers(client, w):
    drill = w["drills_drill"]
    drill_services.drill_close(user=w["coordinator"], drill=drill)
    before = answers_state(drill)
    client.force_login(w["official"])
    response = client.post(answer_url(drill), {"contribution": "Sent", "approach": "Sent"})
    assert response.status_code == 200
    assert answers_state(drill) == before


def test_a_deactivated_participant_loses_the_drill(client, w):
    drill = w["drills_drill"]
    w["official"].is_active = False
    w["official"].save()
    assert not can_view_drill(w["official"], drill)


def test_the_drill_case_is_open_and_never_touches_a_confidential_case(client, w):
    drill = w["drills_drill"]
    assert drill.case.confidentiality == "oppen"
    conf = w["case_confidential"]
    assert not conf.is_drill and conf.memberships.count() == 1
    client.force_login(w["contact"])
    urls = (detail(drill), reverse("checklist:drill_list"))
    body = "".join(client.get(url).content.decode() for url in urls)
    assert "Projekt Nordljus" not in body and "Hemligt namn" not in body
