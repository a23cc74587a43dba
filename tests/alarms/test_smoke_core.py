"""The core path end to end, in-process: raise → deliver → answer → escalate → close."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alarms import services
from alarms.models import AlarmKind, Delivery, Notification, Recipient, Response, Step
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
        alarm = services.alarm_raise(
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
    services.recipient_answer(recipient=ra, response=Response.MOBILISING, who_comes="Anna", user=contact_user)
    rb = alarm.recipients.get(organisation=b.organisation)
    token = services.answer_token(rb.deliveries.first())
    d = services.delivery_from_token(token)
    services.recipient_answer(
        recipient=d.recipient, response=Response.DECLINED, reason="Semester", person=d.person
    )
    with pytest.raises(services.AlreadyAnswered):
        services.recipient_answer(recipient=d.recipient, response=Response.MOBILISING, person=d.person)

    later = timezone.now() + timedelta(minutes=11)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_due(now=later) == 1  # only c is silent; c has no deputy
    rc = Recipient.objects.get(alarm=alarm, organisation=c.organisation)
    assert rc.step == Step.COORDINATOR
    assert [m.to for m in mail.outbox] == [["samordnare@example.se"]]
    assert Notification.objects.filter(user=coordinator).count() == 1

    services.alarm_close(alarm=alarm, user=coordinator, note="Klart")
    assert services.escalate_due(now=later + timedelta(hours=1)) == 0
