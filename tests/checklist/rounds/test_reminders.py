"""Reminders before the deadline (Celery beat): once a day, only to those who have not submitted,
to the contact (with the personal link) and the organisation's Aktörskontakt users."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from checklist.models import Participant
from checklist.rounds import mail, services, tasks
from tests import factories as f
from tests.checklist.harness_rounds import full_values, open_round

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.CHECKLIST_REMINDER_DAYS = 7


def test_it_reminds_once_a_day_only_those_who_have_not_submitted(mailoutbox):
    round_ = open_round(n=3, deadline_days=5)
    done, draft, silent = round_.participants.order_by("pk")
    services.answer_save(participant=done, person=done.contact, values=full_values(done), submit=True)
    services.answer_save(
        participant=draft, person=draft.contact, values=dict(list(full_values(draft).items())[:3])
    )
    user = f.contact(silent.organisation)
    today = timezone.localdate()

    assert tasks.send_checklist_reminders.delay().get() == 2
    recipients = sorted(to for m in mailoutbox for to in m.to)
    assert recipients == sorted([draft.contact.email, silent.contact.email, user.email])
    contact_mail = next(m for m in mailoutbox if m.to == [silent.contact.email])
    assert "/checklista/svara/" in contact_mail.body and "5 days left" in contact_mail.subject
    user_mail = next(m for m in mailoutbox if m.to == [user.email])
    assert "/checklista/svara/" not in user_mail.body  # the personal link is the contact's alone
    assert set(Participant.objects.filter(reminded_on=today).values_list("pk", flat=True)) == {
        draft.pk,
        silent.pk,
    }

    # The same day again: nothing. The next day: again, to the two.
    assert mail.send_reminders() == 0
    assert len(mailoutbox) == 3
    assert mail.send_reminders(today=today + timedelta(days=1)) == 2
    assert len(mailoutbox) == 6


def test_it_does_not_remind_too_early_after_the_deadline_or_in_a_closed_round(mailoutbox):
    today = timezone.localdate()
    far = open_round(n=1, deadline_days=20)
    assert mail.send_reminders(today=today) == 0
    assert mail.send_reminders(today=far.deadline - timedelta(days=7)) == 1
    # The deadline day itself still counts; the day after does not.
    assert mail.send_reminders(today=far.deadline) == 1
    assert mail.send_reminders(today=far.deadline + timedelta(days=1)) == 0
    services.round_close(user=far.opened_by, round=far)
    assert mail.send_reminders(today=far.deadline) == 0
    assert len(mailoutbox) == 2


def test_a_failed_mail_is_tried_again_on_the_next_run(mailoutbox):
    round_ = open_round(n=1, deadline_days=3)
    with mock.patch(
        "checklist.rounds.mail.send_mass_mail", autospec=True, side_effect=ConnectionRefusedError
    ):
        assert mail.send_reminders() == 0
    assert round_.participants.get().reminded_on is None
    assert mail.send_reminders() == 1
    assert len(mailoutbox) == 1


def test_an_organisation_without_anyone_to_mail_is_marked_and_skipped(mailoutbox):
    round_ = open_round(n=1, deadline_days=3)
    p = round_.participants.get()
    Participant.objects.filter(pk=p.pk).update(contact=None)
    assert mail.send_reminders() == 0
    assert not mailoutbox
