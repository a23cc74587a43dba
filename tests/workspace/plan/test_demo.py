"""The demo's action plan: seeded through the services, with every commitment state."""

import pytest
from django.core.management import call_command

from workspace.plan.models import Action, CommitmentState

pytestmark = pytest.mark.django_db


def _only_competence_and_plan(self):
    """Only the two moments the action plan builds on: the plan's demo alone, and quicker."""
    from demo.competence import seed_competence
    from demo.plan import seed_action_plan

    context = {"case": self.cases["batteri"], "users": self.users, "orgs": self.orgs, "people": self.people}
    seed_competence(**context)
    seed_action_plan(**context)


def test_seed_demo_fills_the_action_plan(settings, monkeypatch):
    from demo.seeder import DemoSeeder

    monkeypatch.setattr(DemoSeeder, "create_workspace", _only_competence_and_plan)
    call_command("seed_demo", verbosity=0)
    actions = Action.objects.filter(case__name__startswith="Nordanvind")
    assert actions.count() >= 10
    assert actions.values("theme").distinct().count() >= 6
    assert actions.filter(commitment=CommitmentState.ACCEPTED).count() >= 2
    declined = actions.get(commitment=CommitmentState.DECLINED)
    assert declined.decline_reason
    waiting = actions.get(commitment=CommitmentState.PROPOSED)
    assert waiting.owner_organisation.name == "Arbetsförmedlingen"
    assert sum(1 for a in actions if a.overdue) == 1
    assert actions.filter(gaps__isnull=False).exists() and actions.filter(living_needs__isnull=False).exists()
    from competence.models import CompetenceGap, LivingNeed

    case = actions.first().case
    assert not CompetenceGap.objects.filter(case=case, actions__isnull=True).exists()
    assert not LivingNeed.objects.filter(case=case, actions__isnull=True).exists()
