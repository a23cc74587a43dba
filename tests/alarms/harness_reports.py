"""Reports, drill comparison and the inbox: rows for tests/test_access_harness.py, and the alarms
the report tests share.

``rows(w)`` lists every URL of report_views.py with the users who must be refused (403/404/405).
Objects come from ``tests.alarms.harness_world.alarm_world``; the contact's in-app notice is
delivered here if the world's alarm has not been delivered yet (the harness runs inside a
transaction, so the raise's on-commit delivery never ran).
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from alarms.answering.services import alarm_close, recipient_answer
from alarms.core.models import Alarm, AlarmKind, Response
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver
from alarms.escalation.services import escalate_due
from alarms.inbox.models import Notification
from alarms.raising.services import alarm_raise
from tests import factories as f
from tests.alarms.harness_world import alarm_world
from tests.world import OUTSIDERS_24, STAFF_21, Row, everyone_but

# What a refused POST sends (besides the harness's usual fields).
POST = {"kind": "x", "reason": "x"}


def contact_notification(w) -> Notification:
    """The harness contact's in-app notice of the world's open alarm (delivered once)."""
    if w.get("alarm_notification") is None:
        delivery = Delivery.objects.get(
            alarm=w["alarm"], person=w["alarm_primary"], kind="inapp", step=0, round=0
        )
        deliver(delivery.pk)
        w["alarm_notification"] = Notification.objects.get(delivery=delivery)
    return w["alarm_notification"]


def rows(w) -> list[Row]:
    alarm_world(w)
    conf = w["alarm_confidential"].pk
    other = w["alarm_other_region"].pk
    # An alarm of region 24 raised in Skellefteå is followed by everyone but OUTSIDERS_24; Gävle's
    # drill by region 21's staff only.
    other_outsiders = everyone_but(*STAFF_21)
    notification = contact_notification(w)
    page = {"post": POST, "allowed_get": (200,)}  # the users not refused read the page
    post_only = {"post": POST}
    return [
        Row("alarms:report", reverse("alarms:report", args=[conf]), OUTSIDERS_24, **page),
        Row("alarms:report_csv", reverse("alarms:report_csv", args=[conf]), OUTSIDERS_24, **page),
        Row("alarms:report", reverse("alarms:report", args=[other]), other_outsiders, **page),
        Row("alarms:report_csv", reverse("alarms:report_csv", args=[other]), other_outsiders, **page),
        # Lists narrowed to what the user may see: nobody is refused.
        Row("alarms:compare", reverse("alarms:compare"), [], **page),
        Row("alarms:inbox", reverse("alarms:inbox"), [], **page),
        Row("alarms:inbox_read_all", reverse("alarms:inbox_read_all"), [], **post_only),
        # Someone else's notice does not exist (GET is 405 for everyone).
        Row(
            "alarms:notification_open",
            reverse("alarms:notification_open", args=[notification.pk]),
            everyone_but("contact"),
            **post_only,
        ),
    ]


def state(w) -> tuple:
    """The contact's notice, unread: a refused request neither opens (reads) nor deletes it."""
    notice = contact_notification(w)
    return list(Notification.objects.filter(pk=notice.pk).values_list("pk", "read_at"))


# --- Alarms for the report tests -------------------------------------------------------------------


def grow_roster(n: int, region_code: str = "24") -> list:
    """``n`` more organisations on the region's roster, each with a primary and a deputy by e-mail."""
    return [f.roster_entry(region_code) for _ in range(n)]


def finished_alarm(
    user,
    kind: str = AlarmKind.DRILL,
    code: str = "2482",
    close: bool = True,
    case=None,
    raised_at=None,
    first_after: int = 125,
) -> Alarm:
    """An alarm on the region's roster as it stands: the first organisation mobilises after
    ``first_after`` seconds (Anna comes), the second cannot (on holiday) a minute later, every
    other stays silent and is escalated to its deputy after ten minutes. Closed after an hour."""
    raised_at = raised_at or timezone.now() - timedelta(hours=2)
    alarm = alarm_raise(
        user=user, municipality=f.municipality(code), kind=kind, message="Övningslarm: batterifabrik",
        case=case, now=raised_at,
    )  # fmt: skip
    recipients = list(alarm.recipients.select_related("primary").order_by("position", "pk"))
    # The raise's deliveries never leave the outbox inside a test transaction; say they were sent.
    Delivery.objects.filter(alarm=alarm).update(state=Delivery.State.SENT, sent_at=raised_at)
    alarm.recipients.update(first_delivered_at=raised_at + timedelta(seconds=3))
    if recipients:
        recipient_answer(
            recipient=recipients[0], response=Response.MOBILISING, who_comes="Anna Andersson",
            person=recipients[0].primary, now=raised_at + timedelta(seconds=first_after),
        )  # fmt: skip
    if len(recipients) > 1:
        recipient_answer(
            recipient=recipients[1], response=Response.DECLINED, reason="Alla på semester",
            person=recipients[1].primary, now=raised_at + timedelta(seconds=first_after + 60),
        )  # fmt: skip
    escalate_due(now=raised_at + timedelta(minutes=11))
    if close:
        alarm = alarm_close(alarm=alarm, now=raised_at + timedelta(hours=1))
    return Alarm.objects.get(pk=alarm.pk)
