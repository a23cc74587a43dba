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


def test_the_roster_and_the_report_are_in_swedish(client, drill):
    alarm, _contact = drill
    client.force_login(f.coordinator("24"))
    roster = client.get(reverse("alarms:roster", args=["24"])).content.decode()
    assert "Larmlista" in roster and "Eskaleringsregler" in roster
    report = client.get(reverse("alarms:report", args=[alarm.pk])).content.decode()
    assert "Larmrapport" in report and "Övning" in report
