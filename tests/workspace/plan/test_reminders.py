"""E-mails: proposals reach the owning organisation's contacts; reminders go once per due date."""

from datetime import timedelta

import pytest
from django.core import mail

from establishments import access
from workspace.plan import services as plan_services
from workspace.plan.tasks import send_action_reminders

from .conftest import make_action

pytestmark = pytest.mark.django_db


def test_proposing_mails_the_organisations_contacts(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_propose(user=plan.coordinator, action=plan.action, expected_version=1)
    recipients = {to for m in mail.outbox for to in m.to}
    assert recipients == {"fatima@example.se"}
    assert "Starta YH-utbildning" in mail.outbox[0].body
    assert f"/arenden/{plan.case.pk}/handlingsplan/" in mail.outbox[0].body


def test_a_confidential_proposal_mail_tells_nothing(plan, django_capture_on_commit_callbacks):
    action = make_action(
        plan.confidential, plan.coordinator, owner_organisation=plan.af, title="Hemlig åtgärd"
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_propose(user=plan.coordinator, action=action, expected_version=1)
    assert not mail.outbox  # her organisation is a member, but the case is not granted to her
    access.case_grant(case=plan.confidential, user=plan.contact, by=plan.coordinator, can_change=False)
    other = make_action(
        plan.confidential, plan.coordinator, owner_organisation=plan.af, title="Hemlig åtgärd 2"
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_propose(user=plan.coordinator, action=other, expected_version=1)
    assert [m.to for m in mail.outbox] == [["fatima@example.se"]]
    text = mail.outbox[0].subject + mail.outbox[0].body
    assert "Projekt Nordljus" in text
    assert "Hemlig" not in text


def test_reminders_go_once(plan, settings):
    settings.ACTION_REMINDER_DAYS = 7
    soon = make_action(
        plan.case,
        plan.coordinator,
        title="Snart",
        owner_organisation=plan.af,
        owner_person=plan.fatima,
        due_date=plan.today + timedelta(days=5),
    )
    make_action(
        plan.case, plan.coordinator, title="Klar", due_date=plan.today + timedelta(days=2), status="klar"
    )
    make_action(plan.case, plan.coordinator, title="Passerad", due_date=plan.today - timedelta(days=2))
    assert send_action_reminders() == 1
    assert len(mail.outbox) == 2  # the owning person and the case's coordinator
    assert {to for m in mail.outbox for to in m.to} == {"fatima.person@example.se", "samordnare@example.se"}
    assert "Snart" in mail.outbox[0].body
    assert send_action_reminders() == 0
    assert len(mail.outbox) == 2
    soon.refresh_from_db()
    assert soon.reminder_sent_for_due_date == soon.due_date
    # A new due date within the window earns a new reminder.
    soon.due_date = plan.today + timedelta(days=6)
    plan_services.action_save(
        user=plan.coordinator, action=soon, expected_version=soon.version, reason="Flyttad"
    )
    assert send_action_reminders() == 1
    assert send_action_reminders() == 0


def test_a_failed_mail_is_tried_again(plan, monkeypatch):
    make_action(
        plan.case,
        plan.coordinator,
        title="Snart",
        owner_person=plan.fatima,
        owner_organisation=plan.af,
        due_date=plan.today + timedelta(days=1),
    )

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("workspace.plan.tasks.send_mass_mail", broken)
    assert send_action_reminders() == 0
    monkeypatch.undo()
    assert send_action_reminders() == 1
