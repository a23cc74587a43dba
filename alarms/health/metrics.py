"""The alarm chain as Prometheus metrics, for ``/metrics`` (config/metrics_view.py).

Read from the database at scrape time, in a fixed number of queries whatever the data: the outbox's
counts by state and channel (one query), its oldest due delivery, the delivery latency histogram and
the retries (one aggregate), the workers' heartbeat (one), and the pipeline's broker and worker as
``selectors.pipeline`` reads them (none in eager mode; otherwise its own, and a broker round trip).

The metrics carry counts and ages only, never a name, an address or a case: whoever may scrape
them learns how the chain runs, not whom it reached or about what. Their HELP texts are for
operators and are not translated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, Sum
from django.utils import timezone
from prometheus_client import generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from alarms.delivery.models import Delivery, waiting, waiting_since
from alarms.delivery.models import due as due_now
from alarms.rosters.models import ChannelKind

from . import selectors
from .models import PipelineHeartbeat

# The upper bounds (seconds) of the latency histogram's buckets; +Inf is added.
LATENCY_BUCKETS = (1, 2, 5, 10, 15, 30, 60, 120, 300)

PREFIX = "samhandla_alarm_"
HELP = {
    "deliveries": "Alarm deliveries (one message to one person on one channel) in the outbox, "
    "by state and channel.",
    "oldest_queued_delivery_age_seconds": "Seconds the oldest due delivery has waited to be sent "
    "(queued or sending, counted from its retry time if it has one, else from when it was written); "
    "0 when none waits.",
    "delivery_latency_seconds": "Seconds from writing a delivery to sending it, over the deliveries sent.",
    "delivery_retries_total": "Send attempts beyond the first, summed over the deliveries in the outbox.",
    "worker_heartbeat_age_seconds": "Seconds since a worker last ran the beat's heartbeat "
    "(no sample before the first).",
    "broker_up": "1 when the message broker answers (or tasks run in the web process, eager mode), else 0.",
    "worker_up": "1 when a worker ran the heartbeat within twice its interval (or eager mode), else 0.",
    "delayed_deliveries": "Deliveries waiting to be sent longer than ALARM_DELAYED_AFTER_SECONDS.",
}


@dataclass(frozen=True)
class Reading:
    """What the metrics say, as read at one moment."""

    now: datetime
    counts: dict[tuple[str, str], int]  # (state, channel) -> deliveries
    oldest_due: datetime | None  # when the oldest due delivery began to wait
    latency_buckets: tuple[int, ...]  # sent deliveries with latency <= each of LATENCY_BUCKETS
    latency_count: int
    latency_sum: float  # seconds
    retries: int
    heartbeat_seen_at: datetime | None
    pipeline: selectors.Pipeline


def _outbox_counts() -> dict[tuple[str, str], int]:
    """Every state × channel, 0 included (and any other pair the table holds)."""
    counts = {(state, kind): 0 for state in Delivery.State.values for kind in ChannelKind.values}
    rows = Delivery.objects.order_by().values_list("state", "kind").annotate(n=Count("pk"))
    for state, kind, n in rows:
        counts[(state, kind)] = n
    return counts


def _outbox_figures(now: datetime) -> dict:
    """The oldest due delivery, the latency histogram and the retries: one aggregate query."""
    sent = Q(state=Delivery.State.SENT, sent_at__isnull=False)
    due = waiting() & due_now(now=now)
    retried = Q(attempts__gt=1)
    latency = ExpressionWrapper(F("sent_at") - F("created_at"), output_field=DurationField())
    buckets = {
        f"le_{i}": Count("pk", filter=sent & Q(latency__lte=timedelta(seconds=bound)))
        for i, bound in enumerate(LATENCY_BUCKETS)
    }
    return (
        Delivery.objects.order_by()
        .annotate(latency=latency)
        .aggregate(
            **buckets,
            sent=Count("pk", filter=sent),
            latency_sum=Sum("latency", filter=sent),
            attempts_sum=Sum("attempts", filter=retried),
            retried_count=Count("pk", filter=retried),
            oldest_due=Min(waiting_since(), filter=due),
        )
    )


def read(now: datetime | None = None) -> Reading:
    """Everything the metrics say, from the database now (raises ``DatabaseError`` while it is down)."""
    now = now or timezone.now()
    counts = _outbox_counts()
    figures = _outbox_figures(now)
    seen_at = PipelineHeartbeat.objects.filter(pk=1).values_list("seen_at", flat=True).first()
    latency_sum = figures["latency_sum"]
    return Reading(
        now=now,
        counts=counts,
        oldest_due=figures["oldest_due"],
        latency_buckets=tuple(figures[f"le_{i}"] for i in range(len(LATENCY_BUCKETS))),
        latency_count=figures["sent"],
        latency_sum=latency_sum.total_seconds() if latency_sum is not None else 0.0,
        retries=(figures["attempts_sum"] or 0) - figures["retried_count"],
        heartbeat_seen_at=seen_at,
        pipeline=selectors.pipeline(use_cache=False),
    )


def _seconds_since(moment: datetime | None, now: datetime) -> float:
    return 0.0 if moment is None else max(0.0, (now - moment).total_seconds())


def families(reading: Reading) -> Iterator:
    """The metric families of one reading."""
    deliveries = GaugeMetricFamily(PREFIX + "deliveries", HELP["deliveries"], labels=["state", "channel"])
    for (state, kind), n in sorted(reading.counts.items()):
        deliveries.add_metric([state, kind], n)
    yield deliveries

    yield GaugeMetricFamily(
        PREFIX + "oldest_queued_delivery_age_seconds",
        HELP["oldest_queued_delivery_age_seconds"],
        value=_seconds_since(reading.oldest_due, reading.now),
    )

    bounds = [str(float(bound)) for bound in LATENCY_BUCKETS] + ["+Inf"]
    yield HistogramMetricFamily(
        PREFIX + "delivery_latency_seconds",
        HELP["delivery_latency_seconds"],
        buckets=list(zip(bounds, [*reading.latency_buckets, reading.latency_count], strict=True)),
        sum_value=reading.latency_sum,
    )

    yield CounterMetricFamily(
        PREFIX + "delivery_retries_total", HELP["delivery_retries_total"], value=reading.retries
    )

    heartbeat = GaugeMetricFamily(
        PREFIX + "worker_heartbeat_age_seconds", HELP["worker_heartbeat_age_seconds"]
    )
    if reading.heartbeat_seen_at is not None:
        heartbeat.add_metric([], _seconds_since(reading.heartbeat_seen_at, reading.now))
    yield heartbeat

    status = reading.pipeline
    broker_up = status.eager or status.broker_ok
    worker_up = status.eager or status.worker_ok
    yield GaugeMetricFamily(PREFIX + "broker_up", HELP["broker_up"], value=int(broker_up))
    yield GaugeMetricFamily(PREFIX + "worker_up", HELP["worker_up"], value=int(worker_up))
    delayed = getattr(status, "delayed", None)
    if delayed is not None:
        yield GaugeMetricFamily(PREFIX + "delayed_deliveries", HELP["delayed_deliveries"], value=delayed)


class AlarmChainCollector(Collector):
    """A collector of prometheus_client: each ``collect()`` reads the database anew."""

    def collect(self) -> Iterator:
        yield from families(read())


def exposition() -> bytes:
    """The metrics in Prometheus' text format, read now, from a registry of their own (never the
    library's global one, which would add the process's metrics and keep state between requests).
    Raises ``DatabaseError`` while the database is down: nothing half read is ever written out."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(AlarmChainCollector())
    return generate_latest(registry)
