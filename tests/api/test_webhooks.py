"""Outbound webhooks: events become signed deliveries for the endpoints that subscribe to them (by
region, type and municipality), a confidential case is named by its code name only, the signature is
checked by an independent implementation of Standard Webhooks (the ``standardwebhooks`` package)
and by a small local receiver over HTTP, failed attempts are retried and an endpoint failing for a
day is turned off and its owner told; the pages are for a region's coordinators and administrators."""

from __future__ import annotations

import http.server
import json
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from accounts.models import Confidentiality
from api import webhooks
from api.models import WebhookDelivery, WebhookEndpoint
from establishments.models import Signal
from establishments.services import case_change_phase, case_create, signal_log
from outbox.models import QueuedTask
from tests import factories as f
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

EVERY = [
    "signal.logged",
    "case.created",
    "case.phase_changed",
    "alarm.raised",
    "alarm.answered",
    "alarm.closed",
]


def endpoint(region="24", types=EVERY, url="https://mottagare.example.se/hook", owner=None, places=()):
    made = WebhookEndpoint.objects.create(
        owner=owner or f.coordinator(region),
        region=f.region(region),
        url=url,
        description="Kontaktcenter",
        event_types=list(types),
        secret=webhooks.new_secret(),
    )
    made.municipalities.set([f.municipality(code) for code in places])
    return made


def log_signal(user, municipality="2482", **fields):
    values = {"subject": "Fabrik, 300 jobb", "summary": "Söker mark.", "channel": "telefon"}
    values.update(fields)
    return signal_log(logged_by=user, municipality=f.municipality(municipality), notify=False, **values)


# --- Which endpoints hear which events ----------------------------------------------------------


def test_an_event_reaches_the_endpoints_of_its_region_type_and_municipality():
    everyone = endpoint("24")
    skelleftea = endpoint("24", places=["2482"])
    umea = endpoint("24", places=["2480"])
    cases_only = endpoint("24", types=["case.created"])
    gavle = endpoint("21")
    off = endpoint("24")
    off.is_active = False
    off.save()
    log_signal(f.official("2482"))
    reached = set(WebhookDelivery.objects.values_list("endpoint_id", flat=True))
    assert reached == {everyone.pk, skelleftea.pk}
    assert {umea.pk, cases_only.pk, gavle.pk, off.pk}.isdisjoint(reached)
    assert QueuedTask.objects.filter(task=webhooks.TASK).count() == 2
    body = WebhookDelivery.objects.first().payload
    assert body["type"] == "signal.logged" and body["data"]["signal"]["municipality"] == "2482"


def test_a_confidential_case_is_sent_by_its_code_name_only():
    coordinator = f.coordinator("24")
    hook = endpoint("24")
    case = case_create(
        user=coordinator, name="Hemliga Batterifabriken AB", code_name="Projekt Gran",
        company=f.CompanyFactory(name="Hemlig Koncern"), sector="Batterier",
        lead_municipality=f.municipality("2482"),
        confidentiality=Confidentiality.CONFIDENTIAL, coordinator=coordinator, deputy=f.coordinator("24"),
    )  # fmt: skip
    case_change_phase(case=case, user=coordinator, phase="forhandling")
    sent = [d.payload for d in WebhookDelivery.objects.filter(endpoint=hook).order_by("pk")]
    assert [p["type"] for p in sent] == ["case.created", "case.phase_changed"]
    text = json.dumps(sent, ensure_ascii=False)
    assert "Projekt Gran" in text
    assert "Hemliga" not in text and "Hemlig Koncern" not in text and "Batterier" not in text
    assert sent[1]["data"]["previous_phase"] == "signal" and sent[1]["data"]["case"]["phase"] == "forhandling"


def test_a_confidential_signal_is_sent_without_its_subject():
    endpoint("24")
    log_signal(f.official("2482"), subject="Hemlig fabrik", confidentiality=Confidentiality.CONFIDENTIAL)
    assert WebhookDelivery.objects.get().payload["data"]["signal"]["subject"] == ""


def test_no_endpoint_no_work():
    log_signal(f.official("2482"))
    assert not WebhookDelivery.objects.exists() and not QueuedTask.objects.filter(task=webhooks.TASK).exists()


# --- Signatures ---------------------------------------------------------------------------------


def test_the_signature_verifies_with_an_independent_implementation_also_during_a_rotation():
    hook = endpoint("24")
    body = b'{"type":"signal.logged"}'
    headers = webhooks.headers_for(hook, "msg_1", body)
    assert Webhook(hook.secret).verify(body, headers) == {"type": "signal.logged"}
    old = hook.secret
    webhooks.rotate_secret(hook)
    headers = webhooks.headers_for(hook, "msg_2", body)
    assert len(headers["webhook-signature"].split(" ")) == 2
    Webhook(hook.secret).verify(body, headers)
    Webhook(old).verify(body, headers)  # the receiver that has not switched yet
    with pytest.raises(Exception):  # noqa: B017 - the library raises its own verification error
        Webhook(webhooks.new_secret()).verify(body, headers)
    later = timezone.now() + webhooks.ROTATION_OVERLAP + timedelta(seconds=1)
    assert len(webhooks.headers_for(hook, "msg_3", body, now=later)["webhook-signature"].split(" ")) == 1


class _Receiver(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - the http.server name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_local_receiver_gets_the_event_and_verifies_it():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Receiver.received = []
    try:
        with override_settings(EGRESS_ALLOW_HTTP=True, EGRESS_ALLOW_INTERNAL_HOSTS=["127.0.0.1"]):
            hook = endpoint("24", url=f"http://127.0.0.1:{server.server_port}/hook")
            log_signal(f.official("2482"))
            delivery = WebhookDelivery.objects.get()
            assert webhooks.deliver(delivery.pk) == "delivered"
    finally:
        server.shutdown()
    headers, body = _Receiver.received[0]
    lowered = {k.lower(): v for k, v in headers.items()}
    event = Webhook(hook.secret).verify(
        body, {k: lowered[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")}
    )
    assert event["type"] == "signal.logged" and lowered["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert (delivery.state, delivery.response_status, delivery.attempts) == ("delivered", 204, 1)
    assert delivery.duration_ms is not None


# --- Again, and giving up -----------------------------------------------------------------------


def _one_delivery(hook=None):
    hook = hook or endpoint("24")
    log_signal(f.official("2482"))
    return hook, WebhookDelivery.objects.get(endpoint=hook)


@pytest.mark.parametrize(
    ("status", "outcome"), [(500, "retry"), (429, "retry"), (404, "failed"), (302, "failed")]
)
def test_what_an_answer_leads_to(status, outcome):
    hook, delivery = _one_delivery()
    with mock.patch("config.egress.post", return_value=status):
        assert webhooks.deliver(delivery.pk) == outcome
    delivery.refresh_from_db()
    assert delivery.response_status == status and delivery.attempts == 1
    if outcome == "retry":
        assert delivery.state == "pending" and delivery.next_attempt_at > timezone.now()
        assert QueuedTask.objects.filter(
            task=webhooks.TASK, args=[delivery.pk], not_before__isnull=False
        ).exists()
    else:
        assert delivery.state == "failed"
    hook.refresh_from_db()
    assert hook.failing_since is not None and hook.is_active


def test_no_answer_is_retried_and_a_refused_address_is_not():
    from config import egress

    hook, delivery = _one_delivery()
    with mock.patch("config.egress.post", side_effect=egress.EgressFailed("timeout")):
        assert webhooks.deliver(delivery.pk) == "retry"
    with mock.patch("config.egress.post", side_effect=egress.EgressRefused("internal", code="internal")):
        assert webhooks.deliver(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.error == "The receiver did not answer."


def test_an_endpoint_failing_for_a_day_is_turned_off_and_its_owner_told():
    hook, delivery = _one_delivery()
    WebhookEndpoint.objects.filter(pk=hook.pk).update(
        failing_since=timezone.now() - timedelta(days=1, minutes=1)
    )
    log_signal(f.official("2482"))  # a second event waits too
    with mock.patch("config.egress.post", return_value=503):
        assert webhooks.deliver(delivery.pk) == "failed"
    hook.refresh_from_db()
    assert not hook.is_active and "a day" in hook.disabled_reason
    assert not WebhookDelivery.objects.filter(endpoint=hook, state="pending").exists()
    assert QueuedTask.objects.filter(task="api.tasks.tell_owner_turned_off", args=[hook.pk]).exists()
    assert webhooks.tell_owner(hook.pk) == 1
    assert "Kontaktcenter" in mail.outbox[0].subject and hook.owner.email in mail.outbox[0].to
    log_signal(f.official("2482"))  # an endpoint that is off hears nothing more
    assert WebhookDelivery.objects.filter(endpoint=hook).count() == 2


def test_a_success_ends_the_failing_and_a_redelivery_keeps_the_message_id():
    hook, delivery = _one_delivery()
    with mock.patch("config.egress.post", return_value=404):
        webhooks.deliver(delivery.pk)
    webhooks.redeliver(delivery)
    with mock.patch("config.egress.post", return_value=200):
        assert webhooks.deliver(delivery.pk) == "delivered"
    again = WebhookDelivery.objects.get(pk=delivery.pk)
    assert (again.state, again.attempts, again.message_id) == ("delivered", 2, delivery.message_id)
    hook.refresh_from_db()
    assert hook.failing_since is None
    assert webhooks.deliver(delivery.pk) == "skipped"  # a task run twice sends once


# --- The pages ----------------------------------------------------------------------------------


def test_a_coordinator_subscribes_sees_the_secret_once_and_reads_the_log(client):
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    data = {
        "description": "Skellefteå kontaktcenter", "url": "https://mottagare.example.se/hook",
        "region": f.region("24").pk, "event_types": ["signal.logged", "alarm.raised"],
        "municipalities": [f.municipality("2482").pk],
    }  # fmt: skip
    with mock.patch("config.egress._resolve", return_value=["93.184.216.34"]):
        response = client.post(reverse("webhooks:create"), data)
    hook = WebhookEndpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == hook.get_absolute_url()
    page = client.get(hook.get_absolute_url()).content.decode()
    assert hook.secret in page and hook.secret.startswith("whsec_")
    assert hook.secret not in client.get(hook.get_absolute_url()).content.decode()
    assert (hook.owner, hook.region.code, hook.event_types) == (
        coordinator,
        "24",
        ["signal.logged", "alarm.raised"],
    )
    log_signal(f.official("2482"))
    assert (
        "Signal" in client.get(hook.get_absolute_url()).content.decode() or WebhookDelivery.objects.exists()
    )
    delivery = WebhookDelivery.objects.get()
    with mock.patch("config.egress.post", return_value=410):
        webhooks.deliver(delivery.pk)
    assert client.post(reverse("webhooks:redeliver", args=[hook.pk, delivery.pk])).status_code == 302
    assert WebhookDelivery.objects.get().state == "pending"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"url": "http://mottagare.example.se/hook"}, "url", "https"),
        ({"url": "https://127.0.0.1/hook"}, "url", ""),
        ({"url": "https://localhost/hook"}, "url", ""),
        ({"event_types": []}, "event_types", "This field is required."),
        ({"event_types": ["case.deleted"]}, "event_types", "Select a valid choice."),
        ({"municipalities": ["__GAVLE__"]}, "municipalities", ""),
        ({"region": "__21__"}, "region", "Select a valid choice."),
        ({"description": ""}, "description", "This field is required."),
    ],
)
def test_a_bad_webhook_says_why_and_saves_nothing(client, change, field, message):
    client.force_login(f.coordinator("24"))
    data = {
        "description": "Kontaktcenter", "url": "https://mottagare.example.se/hook",
        "region": f.region("24").pk, "event_types": ["signal.logged"], "municipalities": [],
    }  # fmt: skip
    data.update(change)
    if data.get("municipalities") == ["__GAVLE__"]:
        data["municipalities"] = [f.municipality("2180").pk]
    if data.get("region") == "__21__":
        data["region"] = f.region("21").pk
    with mock.patch("config.egress._resolve", return_value=["93.184.216.34"]):
        response = client.post(reverse("webhooks:create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors and message in " ".join(
        response.context["form"].errors[field]
    )
    assert not WebhookEndpoint.objects.exists()


def test_who_may_not_manage_webhooks(client):
    hook = endpoint("24")
    urls = [
        reverse("webhooks:list"), reverse("webhooks:create"), hook.get_absolute_url(),
        reverse("webhooks:edit", args=[hook.pk]),
    ]  # fmt: skip
    for user in (f.reader("24"), f.official("2482"), f.contact()):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(reverse("webhooks:action", args=[hook.pk, "delete"])).status_code == 403
    client.force_login(f.coordinator("21"))  # another region's: the endpoint is not there
    assert client.get(hook.get_absolute_url()).status_code == 404
    assert client.post(reverse("webhooks:action", args=[hook.pk, "off"])).status_code == 404
    assert "Kontaktcenter" not in client.get(reverse("webhooks:list")).content.decode()
    hook.refresh_from_db()
    assert hook.is_active
    client.force_login(f.admin())
    assert client.get(hook.get_absolute_url()).status_code == 200
    assert client.post(reverse("webhooks:action", args=[hook.pk, "bogus"])).status_code == 404


def test_turning_off_rotating_and_removing(client):
    hook = endpoint("24")
    client.force_login(hook.owner)
    old = hook.secret
    client.post(reverse("webhooks:action", args=[hook.pk, "rotate"]))
    hook.refresh_from_db()
    assert hook.secret != old and hook.previous_secret == old
    assert hook.secret in client.get(hook.get_absolute_url()).content.decode()
    client.post(reverse("webhooks:action", args=[hook.pk, "off"]))
    hook.refresh_from_db()
    assert not hook.is_active and not mail.outbox  # turned off by its owner: no mail
    client.post(reverse("webhooks:action", args=[hook.pk, "on"]))
    hook.refresh_from_db()
    assert hook.is_active and hook.history.count() >= 3
    client.post(reverse("webhooks:action", args=[hook.pk, "delete"]))
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("which", ["list", "detail"])
def test_query_counts_do_not_grow_with_endpoints_and_deliveries(client, which):
    coordinator = f.coordinator("24")
    client.force_login(coordinator)
    hook = endpoint("24", owner=coordinator)
    official = f.official("2482")
    url = reverse("webhooks:list") if which == "list" else hook.get_absolute_url()
    log_signal(official)
    few = count_queries(client, url, warm=True)
    for _ in range(20):
        endpoint("24", owner=coordinator)
    for _ in range(5):
        log_signal(official)
    many = count_queries(client, url, warm=True)
    assert many == few, (few, many)
    assert Signal.objects.count() == 6
