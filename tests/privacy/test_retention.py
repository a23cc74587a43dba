"""Retention (privacy/retention.py): with the clock fixed, a row just older than its rule's period is
purged (deleted, or its address emptied), one just younger is kept, the preview counts exactly what
the purge then removes, and the nightly task is scheduled."""

from datetime import datetime, timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from actors.models import Person
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.rosters.models import Channel
from establishments.models import CaseViewLog
from privacy import retention, tasks
from tests import factories as f
from tests.alarms.harness_world import alarm_world
from tests.helpers import count_queries, shows, sv
from workspace.plan.models import CalendarFeed

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 6, 1, 3, 15))
MINUTE = timedelta(minutes=1)


def rule(key: str) -> retention.Rule:
    return next(r for r in retention.RULES if r.key == key)


def edges(key: str) -> tuple[datetime, datetime]:
    """Just older and just younger than the rule's period, at NOW."""
    cutoff = rule(key).cutoff(NOW)
    return cutoff - MINUTE, cutoff + MINUTE


def _login_record(model, username, when):
    extra = {"get_data": "", "post_data": "", "failures_since_start": 1} if model is AccessAttempt else {}
    row = model.objects.create(
        username=username, ip_address="10.0.0.1", user_agent="x", http_accept="*/*", path_info="/", **extra
    )
    model.objects.filter(pk=row.pk).update(attempt_time=when)
    return row


def _gone_person(when):
    person = f.PersonFactory()
    pk = person.pk
    person.delete()  # removed from the registry: its history stays
    Person.history.filter(id=pk).update(history_date=when)
    return pk


def _erased_person(when):
    person = f.PersonFactory()
    event = AuditEvent.objects.create(kind=AuditEvent.Kind.PERSON_ERASED, person_id=person.pk)
    AuditEvent.objects.filter(pk=event.pk).update(at=when)
    return person.pk


def _removed_channel(when):
    channel = f.ChannelFactory(target="gammal@example.se")
    pk = channel.pk
    channel.delete()
    Channel.history.filter(id=pk).update(history_date=when)
    return pk


@pytest.fixture
def rows(world):
    """For every rule, a row just older than its period (``old``) and one just younger (``young``)."""
    w = alarm_world(world)
    made = {}
    old, young = edges("view_log")
    made["view_log"] = [
        CaseViewLog.objects.create(
            case=w["case_confidential"], user=w["coordinator"], path="/", viewed_at=t
        ).pk
        for t in (old, young)
    ]
    old, young = edges("delivery_addresses")
    recipient = w["alarm_recipient"]
    made["delivery_addresses"] = [
        Delivery.objects.create(
            alarm=w["alarm"], recipient=recipient, person=w["alarm_primary"], kind="email",
            target="primar@example.se", key=f"retention-{i}", state=Delivery.State.SENT, created_at=t,
        ).pk
        for i, t in enumerate((old, young))
    ]  # fmt: skip
    old, young = edges("notifications")
    made["notifications"] = [
        Notification.objects.create(
            user=w["contact"], alarm=w["alarm"], title="Larm", body="Larm", created_at=t
        ).pk
        for t in (old, young)
    ]
    old, young = edges("calendar_feeds")
    made["calendar_feeds"] = [
        CalendarFeed.objects.create(user=w["reader"], token=f"token-{i}", revoked_at=t).pk
        for i, t in enumerate((old, young))
    ]
    old, young = edges("people_history")
    made["people_history"] = [_gone_person(old), _gone_person(young)]
    made["erased_people"] = [_erased_person(old), _erased_person(young)]
    old, young = edges("channel_history")
    made["channel_history"] = [_removed_channel(old), _removed_channel(young)]
    old, young = edges("login_records")
    made["login_records"] = [
        [_login_record(model, f"someone-{i}", t).pk for i, t in enumerate((old, young))]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]
    old, young = edges("audit_events")
    events = [AuditEvent.objects.create(kind=AuditEvent.Kind.SESSIONS_ENDED) for _ in range(2)]
    for e, t in zip(events, (old, young), strict=True):
        AuditEvent.objects.filter(pk=e.pk).update(at=t)
    made["audit_events"] = [e.pk for e in events]
    return made


def test_just_older_is_purged_and_just_younger_kept(rows):
    counts = retention.purge(now=NOW)
    old, young = 0, 1

    view_logs = CaseViewLog.objects.filter(pk__in=rows["view_log"])
    assert list(view_logs.values_list("pk", flat=True)) == [rows["view_log"][young]]

    targets = dict(Delivery.objects.filter(pk__in=rows["delivery_addresses"]).values_list("pk", "target"))
    assert targets[rows["delivery_addresses"][old]] == "" and targets[rows["delivery_addresses"][young]]
    assert Delivery.objects.filter(pk=rows["delivery_addresses"][old], state=Delivery.State.SENT).exists()

    assert set(Notification.objects.filter(pk__in=rows["notifications"]).values_list("pk", flat=True)) == {
        rows["notifications"][young]
    }
    assert set(CalendarFeed.objects.filter(pk__in=rows["calendar_feeds"]).values_list("pk", flat=True)) == {
        rows["calendar_feeds"][young]
    }
    gone_old, gone_young = rows["people_history"]
    assert not Person.history.filter(id=gone_old).exists() and Person.history.filter(id=gone_young).exists()
    erased_old, erased_young = rows["erased_people"]
    assert not Person.history.filter(id=erased_old).exists()
    assert Person.history.filter(id=erased_young).exists()
    assert Person.objects.filter(pk=erased_old).exists()  # the entry itself stays; only its history goes
    removed_old, removed_young = rows["channel_history"]
    assert not Channel.history.filter(id=removed_old).exists()
    assert Channel.history.filter(id=removed_young).exists()
    for model, pks in zip((AccessAttempt, AccessFailureLog, AccessLog), rows["login_records"], strict=True):
        assert list(model.objects.filter(pk__in=pks).values_list("pk", flat=True)) == [pks[young]]
    kept = AuditEvent.objects.filter(pk__in=rows["audit_events"]).values_list("pk", flat=True)
    assert list(kept) == [rows["audit_events"][young]]

    assert counts["view_log"] == 1 and counts["delivery_addresses"] == 1 and counts["notifications"] == 1
    assert counts["login_records"] == 3 and counts["audit_events"] == 1


def test_the_preview_counts_what_the_purge_removes(rows):
    due = {d.rule.key: d.count for d in retention.preview(now=NOW)}
    assert all(due.values()), due  # every rule has something due: the comparison means something
    assert retention.purge(now=NOW) == due
    assert not any(d.count for d in retention.preview(now=NOW))


def test_the_purge_runs_in_batches_and_twice_is_harmless(rows):
    first = retention.purge(now=NOW, batch_size=1)
    assert first["login_records"] == 3
    second = retention.purge(now=NOW, batch_size=1)
    assert not any(second.values())


def test_each_purge_is_recorded_with_its_counts(rows):
    counts = retention.purge(now=NOW)
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.RETENTION_PURGE).latest("pk")
    assert event.by is None and event.user is None and event.person_id is None
    assert event.detail == " ".join(f"{key}={value}" for key, value in counts.items())


def test_the_periods_come_from_the_settings(rows, settings):
    settings.RETENTION_VIEW_LOG_DAYS = rule("view_log").default_days * 10
    assert retention.purge(now=NOW)["view_log"] == 0


def test_every_rule_has_a_setting_a_default_and_a_reason():
    keys = [r.key for r in retention.RULES]
    assert len(keys) == len(set(keys))
    for r in retention.RULES:
        assert getattr(settings, r.setting) == r.default_days, r.setting
        assert str(r.what) and len(str(r.reason)) > 40


def test_the_task_is_scheduled_nightly_and_purges():
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-purge"]
    assert entry["task"] == tasks.purge.name == "privacy.tasks.purge"
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {15}
    assert isinstance(tasks.purge.delay().get(), dict)
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.RETENTION_PURGE).count() == 1


# --- The preview page ------------------------------------------------------------------------------


def test_the_page_shows_each_rule_with_its_count_and_purges_nothing(client, rows, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client.force_login(f.admin())
    page = client.get(reverse("privacy:retention"))
    assert page.status_code == 200
    due = {d.rule.key: d.count for d in page.context["due"]}
    assert due == {d.rule.key: d.count for d in retention.preview(now=NOW)}
    for r in retention.RULES:
        assert shows(page, str(r.what)) and shows(page, r.setting)
    assert shows(page, sv("Retention: the next purge"))
    assert CaseViewLog.objects.filter(pk__in=rows["view_log"]).count() == 2
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RETENTION_PURGE).exists()


@pytest.mark.parametrize("make", [lambda: f.coordinator("24"), f.reader, f.contact, lambda: f.official()])
def test_only_administrators_see_the_page(client, make):
    client.force_login(make())
    assert client.get(reverse("privacy:retention")).status_code == 403


def test_the_page_takes_no_post(client):
    client.force_login(f.admin())
    assert client.post(reverse("privacy:retention")).status_code == 405
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RETENTION_PURGE).exists()


def test_the_page_asks_as_many_queries_whatever_is_due(client, world):
    client.force_login(world["admin"])
    url = reverse("privacy:retention")
    old = timezone.now() - timedelta(days=4000)

    def grow(n):
        for _ in range(n):
            _login_record(AccessLog, f"x-{AccessLog.objects.count()}", old)
            _gone_person(old)
        CaseViewLog.objects.bulk_create(
            [CaseViewLog(case=world["case_confidential"], user=world["admin"], path="/", viewed_at=old)] * n
        )

    grow(1)
    count_queries(client, url)
    few = count_queries(client, url)
    grow(20)
    many = count_queries(client, url)
    assert few == many
