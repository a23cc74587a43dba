"""The demo data of the drills: one finished workshop drill in Västerbotten (Umeå), with every
participating role's realistic answers, closed; made once, through the services."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from checklist.models import Drill
from demo import checklist_drills as demo_drills
from demo.data.people import PASSWORD
from establishments.models import EstablishmentCase, Phase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_sms_gateway(settings):
    settings.SMS_GATEWAY_URL = ""


def test_it_does_nothing_without_the_demo_world():
    out = StringIO()
    assert demo_drills.seed(stdout=out) is None
    assert not Drill.objects.exists() and "seed_demo" in out.getvalue()


def test_one_finished_drill_in_vasterbotten(client):
    call_command("seed_demo", stdout=StringIO())
    mail.outbox.clear()
    drill = demo_drills.seed(stdout=StringIO())
    assert not mail.outbox  # a demo tells nobody
    assert (drill.municipality.name, drill.municipality.region.code) == ("Umeå", "24")
    assert drill.started_by.username == "samordnare" and drill.closed_at is not None
    assert drill.started_at < drill.closed_at
    answers = list(drill.answers.select_related("user"))
    assert 4 <= len(answers) <= 6
    assert {a.user.username for a in answers} >= {"samordnare", "tjansteman", "kontakt"}
    for a in answers:
        assert a.answered_at and drill.started_at < a.answered_at < drill.closed_at, a.role
        assert len(a.contribution) > 80 and len(a.approach) > 80, a.role
    assert len({a.role for a in answers}) == len(answers)
    case = drill.case
    assert case.is_drill and case.phase == Phase.CLOSED and case.lead_municipality == drill.municipality
    # The extra demo users log in like the others, and are the registry's people.
    for username in demo_drills.EXTRA_USERS:
        user = authenticate(HttpRequest(), username=username, password=PASSWORD)
        assert user is not None and user.person.name == demo_drills.EXTRA_USERS[username][0]
    # Every participant reaches the drill and its case.
    for a in answers:
        client.force_login(a.user)
        assert client.get(drill.get_absolute_url()).status_code == 200, a.user
        assert client.get(case.get_absolute_url()).status_code == 200, a.user
    client.force_login(User.objects.get(username="lasare"))
    assert client.get(reverse("checklist:drill_detail", args=[drill.pk])).status_code == 404


def test_it_is_made_once():
    call_command("seed_demo", stdout=StringIO())
    first = demo_drills.seed()
    before = (Drill.objects.count(), EstablishmentCase.objects.count(), User.objects.count())
    assert demo_drills.seed().pk == first.pk
    assert (Drill.objects.count(), EstablishmentCase.objects.count(), User.objects.count()) == before
