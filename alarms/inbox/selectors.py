"""Reads of the in-app inbox: a user's own notices only, and the alarms that still wait for the
answer of the user's organisation.

"Unread" and "unanswered" are different things: a notice is read when it (or its alarm) is opened;
an alarm waits for an answer until the organisation has answered it or the alarm is closed, however
often it is opened.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from accounts import policy
from accounts.models import RoleName
from alarms.core.models import Alarm, Recipient, Response

from .models import Notification


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(user=user)
        .select_related("alarm__municipality")
        .order_by("-created_at", "-pk")
    )


def _answers_for_an_organisation(user) -> bool:
    """Only an organisation's own users (not readers) answer for it (``policy.can_answer_alarm``)."""
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return False
    return policy.role_of(user) not in {None, RoleName.READER}


def awaiting_answer(user) -> QuerySet[Recipient]:
    """The open alarms that reached the user's organisation and that it has not answered yet,
    oldest first (the one waiting longest on top). A coordinator's phone answers for others are
    not "waiting for them": only their own organisation's."""
    if not _answers_for_an_organisation(user):
        return Recipient.objects.none()
    return (
        Recipient.objects.filter(
            organisation_id=user.organisation_id,
            response=Response.PENDING,
            alarm__state=Alarm.State.OPEN,
        )
        .select_related("alarm__municipality", "alarm__region", "organisation")
        .order_by("alarm__raised_at", "pk")
    )


def awaiting_count(user) -> int:
    if not _answers_for_an_organisation(user):
        return 0
    return Recipient.objects.filter(
        organisation_id=user.organisation_id, response=Response.PENDING, alarm__state=Alarm.State.OPEN
    ).count()


def header_counts(user) -> tuple[int, int]:
    """``unread_count`` and ``awaiting_count`` together, as every page's header shows them: one
    query for both (only the first for a user who answers for no organisation). Plain SQL, the same
    filters as those two: built through the ORM, the two counts cost more to compose than to run,
    on every page."""
    if not getattr(user, "is_authenticated", False):
        return 0, 0
    if not _answers_for_an_organisation(user):
        return unread_count(user), 0
    notice, recipient, alarm = Notification._meta, Recipient._meta, Alarm._meta

    def column(meta, name: str) -> str:
        return connection.ops.quote_name(meta.get_field(name).column)

    sql = (
        f"SELECT (SELECT COUNT(*) FROM {connection.ops.quote_name(notice.db_table)} n"
        f" WHERE n.{column(notice, 'user')} = %s AND n.{column(notice, 'read_at')} IS NULL),"
        f" (SELECT COUNT(*) FROM {connection.ops.quote_name(recipient.db_table)} r"
        f" JOIN {connection.ops.quote_name(alarm.db_table)} a"
        f" ON a.{column(alarm, 'id')} = r.{column(recipient, 'alarm')}"
        f" WHERE r.{column(recipient, 'organisation')} = %s AND r.{column(recipient, 'response')} = %s"
        f" AND a.{column(alarm, 'state')} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.organisation_id, Response.PENDING, Alarm.State.OPEN])
        unread, awaiting = cursor.fetchone()
    return unread, awaiting
