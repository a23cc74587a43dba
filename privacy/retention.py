"""How long personal data is kept: one table of rules, what the next purge would remove, the purge.

Each rule says what it removes, the setting that holds its period in days (config/settings.py, from
the environment), the default, and why that long. The privacy page and the README render or repeat
this table, so they never disagree with what runs. ``purge`` runs every night
(``privacy.tasks.purge``, beat at 03:15); ``preview`` counts the same rows without touching them,
for the administrators' page.

What is not here, and why:

- the answer links in alarm messages and checklist invitations are signed, not stored
  (``config/links.py``): there is no token row to delete, and a link stops working by itself (an
  alarm's after ``ALARM_LINK_MAX_AGE_HOURS``, a round's a fortnight after its deadline);
- cases, their workspace records, alarms with their answers and timelines, and the history of who
  changed what are records of a public body's work (*allmänna handlingar*): they are kept or culled
  under the archive rules (*arkivlagen*, the authority's *gallringsbeslut*), not by this table;
- expired sessions are removed by Django's ``clearsessions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, User
from actors.models import Person
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.rosters.models import Channel
from establishments.models import CaseViewLog
from workspace.plan.models import CalendarFeed

BATCH_SIZE = 500


@dataclass(frozen=True)
class Rule:
    """One line of the retention table.

    ``rows(cutoff)`` gives the querysets of what is due at that cut-off; ``blank`` names the fields
    emptied (the row itself is kept); without it the rows are deleted.
    """

    key: str
    what: str
    setting: str
    default_days: int
    reason: str
    rows: Callable[[datetime], list[QuerySet]]
    blank: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting, self.default_days))

    def cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)


def _erased(cutoff: datetime) -> QuerySet:
    """The erasures (``privacy.erasure``) done before the cut-off."""
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_ERASED, at__lt=cutoff)


def _gone_before(history: QuerySet, live: QuerySet, cutoff: datetime) -> QuerySet:
    """Ids of the objects of ``history`` that are no longer among ``live`` and whose last change
    (their removal) is older than the cut-off."""
    return (
        history.order_by()  # no ordering in the GROUP BY
        .exclude(id__in=live.values("pk"))
        .values("id")
        .annotate(last=Max("history_date"))
        .filter(last__lt=cutoff)
        .values("id")
    )


def _view_log(cutoff):
    return [CaseViewLog.objects.filter(viewed_at__lt=cutoff)]


def _delivery_addresses(cutoff):
    done = [Delivery.State.SENT, Delivery.State.FAILED, Delivery.State.CANCELLED]
    return [Delivery.objects.filter(created_at__lt=cutoff, state__in=done).exclude(target="")]


def _notifications(cutoff):
    return [Notification.objects.filter(created_at__lt=cutoff)]


def _calendar_feeds(cutoff):
    return [CalendarFeed.objects.filter(revoked_at__lt=cutoff)]


def _people_history(cutoff):
    people = Person.history.model.objects
    erased = _erased(cutoff)
    return [
        people.filter(
            Q(id__in=_gone_before(people.all(), Person.objects.all(), cutoff))
            | Q(id__in=erased.exclude(person_id=None).values("person_id"))
        ),
        User.history.model.objects.filter(id__in=erased.exclude(user=None).values("user_id")),
    ]


def _channel_history(cutoff):
    channels = Channel.history.model.objects
    return [channels.filter(id__in=_gone_before(channels.all(), Channel.objects.all(), cutoff))]


def _login_records(cutoff):
    return [
        AccessAttempt.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        AccessLog.objects.filter(attempt_time__lt=cutoff),
    ]


def _audit_events(cutoff):
    return [AuditEvent.objects.filter(at__lt=cutoff)]


RULES: list[Rule] = [
    Rule(
        "view_log",
        _("Views of confidential cases and signals (who, when, which page)"),
        "RETENTION_VIEW_LOG_DAYS",
        730,
        _(
            "Long enough to follow up a suspected leak over the active years of a confidential "
            "establishment; after that the log only describes the staff's work."
        ),
        _view_log,
    ),
    Rule(
        "delivery_addresses",
        _("The e-mail address, phone number or webhook an alarm message was sent to"),
        "RETENTION_DELIVERY_ADDRESS_DAYS",
        90,
        _(
            "An alarm closes within 30 days and its report is written in the weeks after; then it needs "
            "who was reached, when and how it went, which stay. Only the address is emptied."
        ),
        _delivery_addresses,
        blank=("target",),
    ),
    Rule(
        "notifications",
        _("Messages in the in-app inboxes"),
        "RETENTION_NOTIFICATION_DAYS",
        365,
        _(
            "An inbox message is the reader's copy of an alarm, which itself stays with its answers and "
            "timeline; a year lets the reader look back over the past year's alarms."
        ),
        _notifications,
    ),
    Rule(
        "calendar_feeds",
        _("Revoked calendar feed addresses"),
        "RETENTION_REVOKED_FEED_DAYS",
        30,
        _(
            "A revoked address answers nothing; it is kept a month so a user can be told why an old "
            "calendar subscription stopped."
        ),
        _calendar_feeds,
    ),
    Rule(
        "people_history",
        _("The change history of people removed from the registry or erased, and of erased accounts"),
        "RETENTION_PERSON_HISTORY_DAYS",
        365,
        _(
            "For a year after someone leaves, the history answers who changed their entry and when; "
            "then nothing in the registry points at them any more."
        ),
        _people_history,
    ),
    Rule(
        "channel_history",
        _("Earlier addresses of removed alarm channels"),
        "RETENTION_CHANNEL_HISTORY_DAYS",
        365,
        _(
            "Answers, for a year, where alarms went before a channel was removed (an alarm's report, a "
            "complaint); then the address has no use."
        ),
        _channel_history,
    ),
    Rule(
        "login_records",
        _("Login records: user names, network addresses and browsers of logins and failed logins"),
        "RETENTION_LOGIN_RECORD_DAYS",
        180,
        _(
            "Half a year to look into a break-in attempt or a lockout afterwards; a lockout itself lasts "
            "minutes."
        ),
        _login_records,
    ),
    Rule(
        "audit_events",
        _("Security and privacy events (second factor, exports, erasures, purges)"),
        "RETENTION_AUDIT_EVENT_DAYS",
        1825,
        _(
            "They hold no personal data besides the account and show that an export, erasure or purge "
            "was done (GDPR art. 5.2): kept longer than what they are about, five years."
        ),
        _audit_events,
    ),
]


@dataclass(frozen=True)
class Due:
    rule: Rule
    cutoff: datetime
    count: int


def preview(*, now: datetime | None = None) -> list[Due]:
    """What a purge at ``now`` would remove or empty, rule by rule (one count per table)."""
    now = now or timezone.now()
    result = []
    for rule in RULES:
        cutoff = rule.cutoff(now)
        result.append(Due(rule, cutoff, sum(qs.count() for qs in rule.rows(cutoff))))
    return result


def purge(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Remove (or empty) what every rule says is due at ``now``, ``batch_size`` rows per transaction,
    so a first run over years of data holds no table for long; then record one ``RETENTION_PURGE``
    event with the counts. Safe to run twice: what is gone is not counted again."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rule in RULES:
        cutoff = rule.cutoff(now)
        total = 0
        for qs in rule.rows(cutoff):
            while True:
                with transaction.atomic():
                    ids = list(qs.order_by().values_list("pk", flat=True)[:batch_size])
                    if not ids:
                        break
                    batch = qs.model._default_manager.filter(pk__in=ids)
                    if rule.blank:
                        batch.update(**dict.fromkeys(rule.blank, ""))
                    else:
                        batch.delete()
                total += len(ids)
        counts[rule.key] = total
    detail = " ".join(f"{key}={count}" for key, count in counts.items())
    AuditEvent.objects.create(kind=AuditEvent.Kind.RETENTION_PURGE, detail=detail[:500])
    return counts
