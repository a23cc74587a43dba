"""The alarm pages speak the domain's Swedish: "Vi sluter upp", "Kan inte", "Övning", "Larmlista"."""

import pytest
from django.urls import reverse

from alarms.raising.services import alarm_raise
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def drill():
    contact = f.contact()
    f.roster_entry(
        "24", organisation=contact.organisation, channels=("email", "inapp"), user_for_primary=contact
    )
    alarm = alarm_raise(
        user=f.official("2482"),
        municipality=f.municipality("2482"),
        kind="ovning",
        message="Övning: datahall",
    )
    return alarm, contact


def test_the_board_is_in_swedish(client, drill):
    alarm, contact = drill
    client.force_login(contact)
    page = client.get(alarm.get_absolute_url()).content.decode()
    for words in (
        "ÖVNING",
        "Vi sluter upp",
        "Kan inte",
        "Vilka fakta behöver vi?",
        "Hur startar vi processen?",
    ):
        assert words in page, words


def test_the_boards_badges_and_its_late_messages_are_in_swedish(client, drill, settings):
    """The board's badges are written in Python (alarm_pages.py): their msgids must reach the catalogue."""
    from datetime import timedelta

    from django.utils import timezone

    settings.ALARM_DELAYED_AFTER_SECONDS = 30
    alarm, contact = drill
    late = alarm.deliveries.count()
    alarm.deliveries.update(state="queued", sent_at=None, created_at=timezone.now() - timedelta(minutes=2))
    alarm.recipients.update(first_delivered_at=None)
    client.force_login(contact)
    page = " ".join(client.get(alarm.get_absolute_url()).content.decode().split())
    for words in (
        "Aviserad, skickas",
        "Inget svar än",
        f"{late} meddelanden försenade",
        "systemet fortsätter att försöka",
    ):
        assert words in page, words
    assert "Notified, sending" not in page and "No answer yet" not in page


def test_the_roster_and_the_report_are_in_swedish(client, drill):
    alarm, _contact = drill
    client.force_login(f.coordinator("24"))
    roster = client.get(reverse("alarms:roster", args=["24"])).content.decode()
    assert "Larmlista" in roster and "Eskaleringsregler" in roster
    report = client.get(reverse("alarms:report", args=[alarm.pk])).content.decode()
    assert "Larmrapport" in report and "Övning" in report
