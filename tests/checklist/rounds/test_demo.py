"""The demo's assessment rounds: two rounds for Västerbotten with realistic, differing answers."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from checklist.models import Participant, Round, RoutineAnswer
from demo import checklist_rounds as demo_rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(mailoutbox):
    call_command("seed_demo", stdout=StringIO())
    # seed_demo may already run the rounds demo; the other areas' demos may make rounds only if
    # the region has none. Start from the rounds demo's own.
    if not Round.objects.filter(title__startswith="Bedömningsomgång hösten").exists():
        Round.objects.all().delete()
    demo_rounds.seed(stdout=StringIO())
    mailoutbox.clear()


def value(round_, org, number):
    return RoutineAnswer.objects.get(
        participant__round=round_, participant__organisation__name=org, routine__number=number
    ).value


def test_two_rounds_for_vasterbotten_with_differing_and_moving_answers(demo, mailoutbox):
    autumn, spring = Round.objects.filter(region__code="24").order_by("opened_at")
    assert not autumn.is_open and spring.is_open
    assert (timezone.now() - autumn.opened_at).days > 150
    assert spring.deadline > timezone.localdate()
    assert autumn.participants.count() == spring.participants.count() == 8
    assert autumn.participants.filter(submitted_at__isnull=True).count() == 0
    assert spring.participants.filter(submitted_at__isnull=False).count() == 6
    # Disagreement on routine 4 in the autumn: the region says Ja, three municipal actors Nej.
    assert value(autumn, "Region Västerbotten", 4) == "ja"
    for org in ("Skellefteå kommun", "Umeå kommun", "Komvux Skellefteå"):
        assert value(autumn, org, 4) == "nej"
    # Movement between the rounds.
    assert (value(autumn, "Skellefteå kommun", 3), value(spring, "Skellefteå kommun", 3)) == ("nej", "delvis")
    assert (value(autumn, "Region Västerbotten", 6), value(spring, "Region Västerbotten", 6)) == (
        "delvis",
        "ja",
    )
    # Every submitted Delvis and Nej has a handlingsplan.
    submitted = RoutineAnswer.objects.filter(participant__submitted_at__isnull=False)
    assert not submitted.filter(value__in=["delvis", "nej"], plan_what="").exists()
    assert not submitted.filter(value="").exists()
    # Arbetsförmedlingen's draft: the demo contact goes on answering.
    af = spring.participants.get(organisation__name="Arbetsförmedlingen")
    assert not af.is_submitted and af.answers.exclude(value="").count() == 6
    # Skellefteå's change after submission, with its reason, in the history.
    reasons = RoutineAnswer.history.filter(
        participant_id=spring.participants.get(organisation__name="Skellefteå kommun").pk
    )
    assert reasons.filter(history_change_reason__startswith="Kontaktlistan").exists()
    assert Participant.objects.filter(round=spring, reminded_on__isnull=False).count() == 2
    assert not mailoutbox  # the demo mails nobody
    # Idempotent.
    demo_rounds.seed()
    assert Round.objects.filter(region__code="24").count() == 2


def test_the_demo_pages_work(demo, client):
    spring = Round.objects.filter(region__code="24").order_by("opened_at").last()
    client.force_login(User.objects.get(username="samordnare"))
    body = client.get(spring.get_absolute_url()).content.decode()
    assert "6 of 8" in body or "6 av 8" in body
    client.force_login(User.objects.get(username="kontakt"))
    af = spring.participants.get(organisation__name="Arbetsförmedlingen")
    assert (
        reverse("checklist:answer", args=[spring.pk, af.pk])
        in client.get(reverse("checklist:my_rounds")).content.decode()
    )
    assert client.get(reverse("checklist:answer", args=[spring.pk, af.pk])).status_code == 200
