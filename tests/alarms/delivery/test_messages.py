"""What an alarm message says: messages leave the system, so a confidential case is never named."""

import pytest

from alarms.delivery.messages import render_message
from alarms.delivery.models import Delivery
from alarms.raising.services import alarm_raise
from establishments import services as case_services
from tests import factories as f

pytestmark = pytest.mark.django_db


def _first_message(case, user):
    f.roster_entry("24")
    alarm = alarm_raise(
        user=user, municipality=f.municipality("2482"), kind="etablering", message="Samla alla", case=case
    )
    return render_message(Delivery.objects.filter(alarm=alarm).first())


def test_it_names_an_open_case():
    coordinator = f.coordinator("24")
    case = f.CaseFactory(name="Batterifabriken", coordinator=coordinator)
    message = _first_message(case, coordinator)
    assert "Batterifabriken" in message.body


def test_it_never_names_a_confidential_case_not_even_by_its_code_name():
    coordinator = f.coordinator("24")
    case = case_services.case_create(
        user=coordinator, name="Hemligt namn", code_name="Projekt Nordljus", confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"), coordinator=coordinator, deputy=f.coordinator("24"),
    )  # fmt: skip
    message = _first_message(case, coordinator)
    for text in (message.subject, message.body, message.short, str(message.data)):
        assert "Hemligt namn" not in text and "Projekt Nordljus" not in text
    assert "Samla alla" in message.body


def test_a_drill_says_so_in_every_form_of_the_message():
    official = f.official("2482")
    f.roster_entry("24")
    alarm = alarm_raise(user=official, municipality=f.municipality("2482"), kind="ovning", message="Övning")
    message = render_message(Delivery.objects.filter(alarm=alarm).first())
    assert message.data["drill"] is True
    for text in (message.subject, message.body, message.short):
        assert "ÖVNING" in text.upper() or "DRILL" in text.upper()
