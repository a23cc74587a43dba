"""The demo's readiness: two rounds of Västerbotten with differing answers (unless the rounds demo
made them), and a readiness plan with actions born of the latest round's handlingsplaner."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from actors.models import Region
from checklist.models import RegionalAction, Round
from checklist.readiness.matrix import round_matrix
from checklist.readiness.trends import region_trend
from demo import checklist_readiness as demo_readiness

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=StringIO())
    mail.outbox.clear()


def test_the_demo_holds_two_rounds_a_disagreement_a_movement_and_a_plan(demo):
    """seed_demo runs the rounds demo, then this one: two rounds, and a plan made of their answers."""
    region = Region.objects.get(code="24")
    autumn, spring = Round.objects.filter(region=region).order_by("opened_at")
    assert not autumn.is_open
    assert 4 in [c.routine.number for c in round_matrix(autumn).disagreements]
    trend = region_trend(region)
    moved = [
        mv for o in trend.organisations for mv in o.moves if mv.before and mv.after and mv.before != mv.after
    ]
    assert moved, "some answers moved between the rounds"

    actions = list(RegionalAction.objects.filter(region=region).select_related("source_answer__participant"))
    assert actions
    assert all(a.source_answer.participant.round.region_id == region.pk for a in actions)
    assert all(a.history.exists() and a.owner_organisation_id for a in actions)

    # Idempotent.
    assert demo_readiness.seed(stdout=StringIO()) == 0
    assert RegionalAction.objects.count() == len(actions)
    assert Round.objects.filter(region=region).count() == 2


def test_without_the_demo_world_it_does_nothing():
    out = StringIO()
    assert demo_readiness.seed(stdout=out) == 0
    assert not Round.objects.exists() and "seed_demo" in out.getvalue()
