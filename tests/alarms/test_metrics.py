"""/metrics: the alarm chain in Prometheus' text format (alarms/health/metrics.py, config/metrics_view.py).

The output parses as Prometheus parses it, and says what the outbox holds; it is read in a fixed
number of queries whatever the data. Who may read it is who may read /health/'s details: the bearer
token (HEALTH_TOKEN) or a staff user; a logged-in user who may not gets 403, anyone else 401 with
``WWW-Authenticate: Bearer`` (a scraper cannot follow a login page). It never names a case, an
organisation or a person, and a database that does not answer gives 503, never 500."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from accounts import sessions
from accounts.models import RoleName
from actors.models import Organisation, Person
from alarms.core.models import AlarmKind
from alarms.delivery.models import Delivery
from alarms.health.models import PipelineHeartbeat
from alarms.health.services import heartbeat_seen
from alarms.raising.services import alarm_raise
from alarms.rosters.models import ChannelKind
from establishments.models import EstablishmentCase
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("metrics")
TOKEN = "metrics-token-for-the-tests-0123456789abcdef"
BROKER = "alarms.health.selectors._broker_ok"
P = "samhandla_alarm_"
FAMILIES = {
    P + "deliveries",
    P + "oldest_queued_delivery_age_seconds",
    P + "delivery_latency_seconds",
    P + "delivery_retries",  # the parser names a counter's family without its _total
    P + "worker_heartbeat_age_seconds",
    P + "broker_up",
    P + "worker_up",
}
BOUNDS = ["1.0", "2.0", "5.0", "10.0", "15.0", "30.0", "60.0", "120.0", "300.0", "+Inf"]


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = TOKEN


def scrape(client, token=TOKEN):
    return client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")


def samples(client) -> dict:
    """The scrape, parsed: {(sample name, {label: value} as sorted tuple): value}; the family names
    under the key "families"."""
    response = scrape(client)
    assert response.status_code == 200, response.content
    parsed = list(text_string_to_metric_families(response.content.decode()))
    found = {(s.name, tuple(sorted(s.labels.items()))): s.value for fam in parsed for s in fam.samples}
    found["families"] = {fam.name: fam for fam in parsed}
    return found


def bucket(found, le) -> float:
    return found[(P + "delivery_latency_seconds_bucket", (("le", le),))]


@pytest.fixture
def outbox():
    """An alarm with one recipient, its outbox emptied; ``make`` writes deliveries as a test wants them."""
    f.roster_entry("24", deputy=False)
    alarm = alarm_raise(
        user=f.official("2482"), municipality=f.municipality("2482"), kind=AlarmKind.DRILL, message="Övning"
    )
    recipient = alarm.recipients.get()
    Delivery.objects.all().delete()
    now = timezone.now()
    made = []

    def make(state=Delivery.State.QUEUED, kind=ChannelKind.EMAIL, age=0.0, latency=None, **fields):
        created = now - timedelta(seconds=age)
        delivery = Delivery.objects.create(
            alarm=alarm,
            recipient=recipient,
            kind=kind,
            key=f"metrics-{len(made)}",
            state=state,
            created_at=created,
            queued_at=created,
            sent_at=created + timedelta(seconds=latency) if latency is not None else None,
            **fields,
        )
        made.append(delivery)
        return delivery

    make.now = now
    return make


# --- The format ----------------------------------------------------------------------------------


def test_it_answers_prometheus_text_that_parses_with_every_metric(client):
    response = scrape(client)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE_LATEST
    assert "no-store" in response["Cache-Control"]  # no cache between a scraper and the site
    families = {fam.name: fam for fam in text_string_to_metric_families(response.content.decode())}
    # The delayed deliveries are there where the pipeline counts them (see the test of its own below).
    assert FAMILIES <= set(families) <= FAMILIES | {P + "delayed_deliveries"}
    assert families[P + "delivery_latency_seconds"].type == "histogram"
    assert families[P + "delivery_retries"].type == "counter"
    assert all(fam.documentation for fam in families.values())  # every metric has its HELP
    assert all(
        fam.type == "gauge" for name, fam in families.items() if name.endswith(("_up", "_age_seconds"))
    )


def test_head_answers_as_get_without_a_body(client):
    response = client.head(URL, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response.content == b""


def test_the_url_is_metrics_without_a_slash():
    assert URL == "/metrics"


# --- What it says ----------------------------------------------------------------------------------


def test_an_empty_outbox_says_zero_everywhere(client, outbox):
    found = samples(client)
    deliveries = found["families"][P + "deliveries"].samples
    assert len(deliveries) == len(Delivery.State.values) * len(ChannelKind.values)  # 0 included
    assert {s.value for s in deliveries} == {0}
    assert found[(P + "oldest_queued_delivery_age_seconds", ())] == 0
    assert all(bucket(found, le) == 0 for le in BOUNDS)
    assert found[(P + "delivery_latency_seconds_count", ())] == 0
    assert found[(P + "delivery_latency_seconds_sum", ())] == 0
    assert found[(P + "delivery_retries_total", ())] == 0


def test_deliveries_are_counted_by_state_and_channel(client, outbox):
    outbox(Delivery.State.SENT, ChannelKind.EMAIL, latency=1)
    outbox(Delivery.State.SENT, ChannelKind.EMAIL, latency=1)
    outbox(Delivery.State.QUEUED, ChannelKind.SMS)
    outbox(Delivery.State.FAILED, ChannelKind.WEBHOOK)
    outbox(Delivery.State.CANCELLED, ChannelKind.INAPP)
    found = samples(client)

    def count(state, channel):
        return found[(P + "deliveries", (("channel", channel), ("state", state)))]

    assert count("sent", "email") == 2
    assert count("queued", "sms") == 1
    assert count("failed", "webhook") == 1
    assert count("cancelled", "inapp") == 1
    assert count("sending", "email") == 0 and count("sent", "sms") == 0
    assert sum(s.value for s in found["families"][P + "deliveries"].samples) == 5


def test_the_latency_histogram_of_sent_deliveries(client, outbox):
    outbox(Delivery.State.SENT, ChannelKind.EMAIL, age=100, latency=1.5)
    outbox(Delivery.State.SENT, ChannelKind.EMAIL, age=100, latency=40)
    outbox(Delivery.State.QUEUED, ChannelKind.EMAIL, age=500)  # not sent: not in the histogram
    outbox(Delivery.State.FAILED, ChannelKind.EMAIL, age=500)
    found = samples(client)
    assert [bucket(found, le) for le in BOUNDS] == [0, 1, 1, 1, 1, 1, 2, 2, 2, 2]
    assert found[(P + "delivery_latency_seconds_count", ())] == 2
    assert found[(P + "delivery_latency_seconds_sum", ())] == pytest.approx(41.5)


def test_a_latency_on_a_bucket_bound_counts_in_that_bucket(client, outbox):
    outbox(Delivery.State.SENT, latency=5)
    outbox(Delivery.State.SENT, latency=301)
    found = samples(client)
    assert [bucket(found, le) for le in BOUNDS] == [0, 0, 1, 1, 1, 1, 1, 1, 1, 2]


def test_the_oldest_due_delivery_and_how_long_it_has_waited(client, outbox):
    outbox(Delivery.State.QUEUED, age=50)
    outbox(Delivery.State.QUEUED, age=10)
    found = samples(client)
    assert 50 <= found[(P + "oldest_queued_delivery_age_seconds", ())] <= 55


def test_only_deliveries_due_and_waiting_count_for_the_oldest(client, outbox):
    # A retry waits from its retry time, not from when it was written; one not due yet does not wait.
    outbox(Delivery.State.SENDING, age=3000, next_attempt_at=outbox.now - timedelta(seconds=80))
    outbox(Delivery.State.QUEUED, age=5000, next_attempt_at=outbox.now + timedelta(seconds=60))
    outbox(Delivery.State.QUEUED, age=50)
    for done in (Delivery.State.SENT, Delivery.State.FAILED, Delivery.State.CANCELLED):
        outbox(done, age=9000, latency=1 if done == Delivery.State.SENT else None)
    found = samples(client)
    assert 80 <= found[(P + "oldest_queued_delivery_age_seconds", ())] <= 85


def test_nothing_due_is_zero(client, outbox):
    outbox(Delivery.State.QUEUED, age=5000, next_attempt_at=outbox.now + timedelta(seconds=60))
    outbox(Delivery.State.SENT, age=5000, latency=3)
    assert samples(client)[(P + "oldest_queued_delivery_age_seconds", ())] == 0


def test_retries_are_the_attempts_beyond_the_first(client, outbox):
    for attempts in (0, 1, 3, 5):
        outbox(Delivery.State.SENT, latency=1, attempts=attempts)
    outbox(Delivery.State.FAILED, attempts=2)
    assert samples(client)[(P + "delivery_retries_total", ())] == 2 + 4 + 1


def test_no_heartbeat_yet_is_no_sample(client):
    found = samples(client)
    assert found["families"][P + "worker_heartbeat_age_seconds"].samples == []


def test_the_heartbeats_age(client):
    PipelineHeartbeat.objects.update_or_create(
        pk=1, defaults={"sent_at": timezone.now(), "seen_at": timezone.now() - timedelta(seconds=30)}
    )
    assert 30 <= samples(client)[(P + "worker_heartbeat_age_seconds", ())] <= 35


def test_in_eager_mode_broker_and_worker_are_up(client):
    found = samples(client)
    assert (found[(P + "broker_up", ())], found[(P + "worker_up", ())]) == (1, 1)


def test_a_broker_that_answers_and_a_fresh_heartbeat_are_up(client, with_broker):
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=True):
        found = samples(client)
    assert (found[(P + "broker_up", ())], found[(P + "worker_up", ())]) == (1, 1)


def test_a_broker_that_does_not_answer_and_no_heartbeat_are_down(client, with_broker):
    with mock.patch(BROKER, autospec=True, return_value=False):
        found = samples(client)
    assert (found[(P + "broker_up", ())], found[(P + "worker_up", ())]) == (0, 0)


def test_a_stale_heartbeat_is_a_worker_down(client, with_broker):
    PipelineHeartbeat.objects.update_or_create(
        pk=1, defaults={"sent_at": timezone.now(), "seen_at": timezone.now() - timedelta(hours=1)}
    )
    with mock.patch(BROKER, autospec=True, return_value=True):
        found = samples(client)
    assert (found[(P + "broker_up", ())], found[(P + "worker_up", ())]) == (1, 0)
    assert 3590 <= found[(P + "worker_heartbeat_age_seconds", ())] <= 3610


def test_it_never_reads_the_pipeline_from_the_cache(client, with_broker):
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=True):
        assert samples(client)[(P + "broker_up", ())] == 1
    with mock.patch(BROKER, autospec=True, return_value=False):
        assert samples(client)[(P + "broker_up", ())] == 0


def stub_pipeline(**fields):
    return SimpleNamespace(eager=False, broker_ok=True, worker_ok=True, worker_seen_at=None, **fields)


def test_the_delayed_deliveries_where_the_pipeline_counts_them(client):
    with mock.patch("alarms.health.selectors.pipeline", return_value=stub_pipeline(delayed=7)) as pipeline:
        found = samples(client)
    pipeline.assert_called_once_with(use_cache=False)
    assert found[(P + "delayed_deliveries", ())] == 7


def test_no_delayed_deliveries_metric_where_the_pipeline_does_not_count_them(client):
    with mock.patch("alarms.health.selectors.pipeline", return_value=stub_pipeline()):
        found = samples(client)
    assert P + "delayed_deliveries" not in found["families"]


# --- A fixed number of queries ---------------------------------------------------------------------


def queries_of_a_scrape(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert scrape(client).status_code == 200
    return len(queries)


def fill(outbox, n: int) -> None:
    states, kinds = Delivery.State.values, ChannelKind.values
    for i in range(n):
        state = states[i % len(states)]
        outbox(
            state,
            kinds[i % len(kinds)],
            age=10 * i,
            latency=i % 400 if state == Delivery.State.SENT else None,
            attempts=i % 4,
            next_attempt_at=outbox.now - timedelta(seconds=i) if i % 3 == 0 else None,
        )


def test_the_same_number_of_queries_with_1_and_with_50_deliveries(client, outbox):
    fill(outbox, 1)
    one = queries_of_a_scrape(client)
    fill(outbox, 49)
    assert Delivery.objects.count() == 50
    assert queries_of_a_scrape(client) == one
    assert one <= 3  # eager mode: the outbox's counts, its aggregate, the heartbeat


def test_the_same_number_of_queries_with_a_broker(client, outbox, with_broker):
    heartbeat_seen(timezone.now())
    with mock.patch(BROKER, autospec=True, return_value=True):
        fill(outbox, 1)
        one = queries_of_a_scrape(client)
        fill(outbox, 49)
        assert queries_of_a_scrape(client) == one


# --- Who may read it -------------------------------------------------------------------------------


def test_an_anonymous_caller_is_asked_for_a_token_not_sent_to_log_in(client, outbox):
    outbox(Delivery.State.QUEUED)
    response = client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Location" not in response
    assert P not in response.content.decode()


@pytest.mark.parametrize(
    "header",
    [
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        f"Bearer {TOKEN.upper()}",
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer wrong",
    ],
)
def test_a_wrong_token_is_401(client, header):
    response = client.get(URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert P not in response.content.decode()


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "   ",
        "Bearer åäö",
        "Bearer \t",
        f"Bearer {TOKEN} {TOKEN}",
        "Bearer " + "x" * 10_000,
        "Bearer%00",
        "🔑 🔑",
        "Bearer ' OR 1=1 --",
    ],
)
def test_a_malformed_authorization_header_is_401_never_500(client, header):
    response = client.get(URL, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_the_scheme_is_read_in_any_case(client):
    assert client.get(URL, HTTP_AUTHORIZATION=f"bEaReR {TOKEN}").status_code == 200


@pytest.mark.parametrize("presented", ["", " ", "anything"])
def test_with_an_empty_setting_the_token_path_is_off(client, settings, presented):
    settings.HEALTH_TOKEN = ""
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {presented}").status_code == 401


NOT_STAFF = {
    RoleName.COORDINATOR: lambda: f.coordinator("24"),
    RoleName.OFFICIAL: lambda: f.official("2482"),
    RoleName.CONTACT: lambda: f.contact(),
    RoleName.READER: lambda: f.reader("24"),
}


def test_every_role_but_the_administrators_is_listed():
    assert set(NOT_STAFF) == set(RoleName) - {RoleName.ADMIN}


@pytest.mark.parametrize("role", sorted(NOT_STAFF), ids=lambda role: role.label)
def test_a_logged_in_user_who_is_not_staff_is_refused_403(client, role):
    client.force_login(NOT_STAFF[role]())
    response = client.get(URL)
    assert response.status_code == 403
    assert P not in response.content.decode()


def test_a_wrong_token_does_not_help_a_user_who_is_not_staff(client):
    client.force_login(f.reader("24"))
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer wrong").status_code == 403


def test_a_deactivated_administrator_is_not_logged_in(client):
    client.force_login(f.admin(is_active=False))
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize(
    "make",
    [
        lambda: f.admin(),
        lambda: f.coordinator("24", is_staff=True),
        lambda: f.UserFactory(role=RoleName.ADMIN, is_staff=False),
    ],
    ids=["administrator", "staff coordinator", "administrator role without is_staff"],
)
def test_a_staff_user_reads_the_metrics(client, make):
    client.force_login(make())
    response = client.get(URL)
    assert response.status_code == 200
    assert P + "deliveries" in response.content.decode()


def test_the_token_reads_the_metrics(client):
    assert scrape(client).status_code == 200


def test_a_staff_session_that_owes_its_second_factor_is_refused(client):
    client.force_login(f.admin())
    session = client.session
    session[sessions.SECOND_FACTOR] = sessions.PENDING
    session.save()
    response = client.get(URL)
    assert response.status_code == 403  # not sent to the second factor's page: a scraper follows no link


def test_a_confidential_cases_alarm_names_nothing(client, aw):
    """The world's alarms, one on a confidential case: the metrics count them and name nothing."""
    client.force_login(aw["admin"])
    body = client.get(URL).content.decode()
    families = {fam.name: fam for fam in text_string_to_metric_families(body)}
    counted = sum(s.value for s in families[P + "deliveries"].samples)
    assert counted == Delivery.objects.count() > 0  # the world's alarms are in the outbox, counted
    case = aw["case_confidential"]
    names = {case.name, case.code_name, aw["alarm_confidential"].message}
    names |= set(EstablishmentCase.objects.values_list("name", flat=True))
    names |= set(Organisation.objects.values_list("name", flat=True))
    names |= set(Person.objects.values_list("name", flat=True))
    names |= set(Person.objects.exclude(email="").values_list("email", flat=True))
    names |= set(Delivery.objects.exclude(target="").values_list("target", flat=True))
    leaked = sorted(name for name in names if name and name in body)
    assert not leaked
    assert "Hemligt namn" in names and "Projekt Nordljus" in names  # the control: the names were asked


# --- Bad input ---------------------------------------------------------------------------------------


def snapshot() -> list:
    return [
        list(Delivery.objects.order_by("pk").values()),
        list(PipelineHeartbeat.objects.values()),
    ]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_other_methods_are_405_and_change_nothing(client, outbox, method):
    outbox(Delivery.State.QUEUED, age=50)
    heartbeat_seen(timezone.now())
    before = snapshot()
    response = getattr(client, method)(URL, {"state": "sent"}, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert snapshot() == before


def test_a_post_by_a_staff_user_is_405_too(client):
    client.force_login(f.admin())
    assert client.post(URL).status_code == 405


# --- The database down -------------------------------------------------------------------------------


def database_down():
    return mock.patch.object(CursorWrapper, "execute", side_effect=OperationalError("connection refused"))


def test_a_database_that_does_not_answer_is_503_with_a_short_text_not_500(client):
    with database_down():
        response = scrape(client)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert 0 < len(body) < 200 and "connection refused" not in body and P not in body


@pytest.mark.english
def test_the_503_text_in_english(client):
    with database_down():
        assert scrape(client).content.decode() == "The database does not answer: no metrics now."


def test_the_503_text_in_swedish(client):
    with database_down():
        assert scrape(client).content.decode() == "Databasen svarar inte: inga mätvärden just nu."


def test_a_staff_user_who_cannot_be_identified_while_the_database_is_down_is_401(client):
    client.force_login(f.admin())
    with database_down():
        response = client.get(URL)
    assert response.status_code == 401
