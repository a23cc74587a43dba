"""The message names who raised the alarm: a region's coordinator raising an alarm about Skellefteå
is not "Skellefteå has raised the alarm"."""

import pytest

from alarms.delivery.messages import raised_by_label, render_message
from alarms.delivery.models import Delivery
from tests import factories as f
from tests.alarms.harness_attention import member, raise_alarm
from tests.helpers import queries_of

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def body_of(alarm) -> str:
    return render_message(Delivery.objects.filter(alarm=alarm, kind="email").first()).body


def test_a_coordinator_of_the_region_raises_for_the_region():
    member()
    region_org = f.OrganisationFactory(name="Region Västerbotten")
    alarm = raise_alarm(f.coordinator("24", organisation=region_org))
    body = body_of(alarm)
    assert "Region Västerbotten has raised the alarm (Establishment, Skellefteå)." in body
    assert "Skellefteå has raised" not in body


def test_a_coordinator_without_an_organisation_raises_for_the_region():
    member()
    alarm = raise_alarm(f.coordinator("24"))
    assert raised_by_label(alarm) == str(f.region("24"))
    assert f"{f.region('24')} has raised the alarm" in body_of(alarm)


def test_an_official_raises_for_the_municipality():
    member()
    alarm = raise_alarm(f.official("2482"))
    assert "Skellefteå has raised the alarm (Establishment, Skellefteå)." in body_of(alarm)


def test_the_delivery_reads_the_raiser_with_the_rest():
    """The deliverer loads the raiser with the delivery: no query more per message."""
    from alarms.delivery.services import _DELIVERY_RELATED

    member()
    alarm = raise_alarm(f.coordinator("24", organisation=f.OrganisationFactory(name="Regionen")))
    delivery = Delivery.objects.select_related(*_DELIVERY_RELATED).filter(alarm=alarm, kind="email").first()
    assert queries_of(lambda: raised_by_label(delivery.alarm)) == 0
