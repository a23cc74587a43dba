"""The core path end to end, in-process: raise → deliver → answer → escalate → close."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alarms.answering.services import AlreadyAnswered, alarm_close, recipient_answer
from alarms.core.models import AlarmKind, Recipient, Response, Step
from alarms.delivery.messages import answer_token, delivery_from_token
from alarms.delivery.models import Delivery
from alarms.escalation.services import escalate_due
from alarms.inbox.models import Notification
from alarms.raising.services import alarm_raise
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_raises_delivers_escalates_and_closes(django_capture_on_commit_callbacks):
    official = f.official("2482")
    contact_user = f.contact()
    a = f.roster_entry(
        "24",
        organisation=contact_user.organisation,
        channels=("email", "inapp"),
        user_for_primary=contact_user,
    )
    b = f.roster_entry("24")
    c = f.roster_entry("24", deputy=False)
    coordinator = f.coordinator("24", email="samordnare@example.se")
    with django_capture_on_commit_callbacks(execute=True):
        alarm = alarm_raise(
            user=official,
            municipality=f.municipality("2482"),
            kind=AlarmKind.DRILL,
            message="Övning: batterifabrik",
        )
    assert alarm.recipients.count() == 3
    assert Delivery.objects.filter(alarm=alarm, state=Delivery.State.SENT).count() == 4
    assert len(mail.outbox) == 3 and all(
        "[ÖVNING]" in m.subject or "[DRILL]" in m.subject for m in mail.outbox
    )
    assert Notification.objects.filter(user=contact_user).count() == 1

    ra = alarm.recipients.get(organisation=a.organisation)
    recipient_answer(recipient=ra, response=Response.MOBILISING, who_comes="Anna", user=contact_user)
    rb = alarm.recipients.get(organisation=b.organisation)
    token = answer_token(rb.deliveries.first())
    d = delivery_from_token(token)
    recipient_answer(recipient=d.recipient, response=Response.DECLINED, reason="Semester", person=d.person)
    with pytest.raises(AlreadyAnswered):
        recipient_answer(recipient=d.recipient, response=Response.MOBILISING, person=d.person)

    later = timezone.now() + timedelta(minutes=11)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_due(now=later) == 1  # only c is silent; c has no deputy
    rc = Recipient.objects.get(alarm=alarm, organisation=c.organisation)
    assert rc.step == Step.COORDINATOR
    assert [m.to for m in mail.outbox] == [["samordnare@example.se"]]
    assert Notification.objects.filter(user=coordinator).count() == 1

    alarm_close(alarm=alarm, user=coordinator, note="Klart")
    assert escalate_due(now=later + timedelta(hours=1)) == 0
