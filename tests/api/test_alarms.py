"""The alarm chain through the API: the alarms a token's user may follow, each with its
organisations' answers and delivery states, and raising one from a municipality's system with the web
form's checks (the municipality the user may raise for, a roster, a kind and a message)."""

import pytest
from django.test import Client

from accounts import api_tokens
from alarms.models import Alarm
from alarms.raising.services import alarm_raise
from tests import factories as f
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]
ALARMS = "/api/v1/alarms/"


def bearer(user, read_only=False) -> dict:
    token = api_tokens.token_create(user=user, name="t", read_only=read_only)
    return {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}


def raise_one(user, municipality="2482"):
    return alarm_raise(
        user=user, municipality=f.municipality(municipality), kind="etablering", message="Möte i dag kl 15."
    )


def test_the_alarms_a_user_follows_with_answers_and_delivery_states():
    f.roster_entry("24")
    f.roster_entry("24")
    coordinator = f.coordinator("24")
    alarm = raise_one(coordinator)
    listed = Client().get(ALARMS, **bearer(coordinator)).json()["results"]
    assert [(a["id"], a["recipients"], a["answered"]) for a in listed] == [(alarm.pk, 2, 0)]
    detail = Client().get(f"{ALARMS}{alarm.pk}/", **bearer(coordinator)).json()
    assert len(detail["answers"]) == 2 and {a["response"] for a in detail["answers"]} == {"pending"}
    assert all(a["queued"] + a["delivered"] + a["failed"] >= 1 for a in detail["answers"])
    gavle = f.coordinator("21")
    assert Client().get(ALARMS, **bearer(gavle)).json()["results"] == []
    assert Client().get(f"{ALARMS}{alarm.pk}/", **bearer(gavle)).status_code == 404


def test_a_municipality_presses_the_alarm_button_from_its_system():
    f.roster_entry("24")
    official = f.official("2482")
    data = {"municipality": "2482", "kind": "etablering", "message": "Bolaget vill ha besked i dag."}
    assert (
        Client()
        .post(ALARMS, data, content_type="application/json", **bearer(official, read_only=True))
        .status_code
        == 403
    )
    response = Client().post(ALARMS, data, content_type="application/json", **bearer(official))
    assert response.status_code == 201, response.content
    alarm = Alarm.objects.get()
    assert (alarm.raised_by, alarm.municipality.code, alarm.recipients.count()) == (official, "2482", 1)
    assert response.json()["recipients"] == 1


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"municipality": "2180"}, 400, "municipality"),  # Gävle: not the Skellefteå official's
        ({"municipality": "0000"}, 400, "municipality"),
        ({"kind": "brand"}, 400, "kind"),
        ({"message": ""}, 400, "message"),
        ({"message": "x" * 1001}, 400, "message"),
    ],
)
def test_a_bad_alarm_is_refused_with_the_reason_and_nothing_raised(change, status, field):
    f.roster_entry("24")
    data = {"municipality": "2482", "kind": "etablering", "message": "Möte."}
    data.update(change)
    response = Client().post(ALARMS, data, content_type="application/json", **bearer(f.official("2482")))
    assert response.status_code == status and field in response.json(), response.content
    assert not Alarm.objects.exists()


def test_no_roster_no_alarm_and_a_reader_may_not_raise():
    data = {"municipality": "2482", "kind": "etablering", "message": "Möte."}
    response = Client().post(ALARMS, data, content_type="application/json", **bearer(f.official("2482")))
    assert response.status_code == 400 and "roster" in response.content.decode()
    f.roster_entry("24")
    assert (
        Client().post(ALARMS, data, content_type="application/json", **bearer(f.reader("24"))).status_code
        == 403
    )
    assert not Alarm.objects.exists()


@pytest.mark.parametrize("detail", [False, True])
def test_query_counts_do_not_grow_with_alarms_and_organisations(client, detail):
    f.roster_entry("24")
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    first = raise_one(coordinator)
    url = f"{ALARMS}{first.pk}/" if detail else ALARMS
    few = count_queries(client, url, warm=True)
    for _ in range(10):
        f.roster_entry("24")
    for _ in range(10):
        raise_one(coordinator)
    if detail:  # a bigger alarm: the one read
        first = raise_one(coordinator)
        url = f"{ALARMS}{first.pk}/"
    many = count_queries(client, url, warm=True)
    assert many == few, (few, many)
