"""What the tests of "attention first" share (tests/test_dashboard_attention.py and the
tests under tests/alarms/ on awaiting answers): an organisation on region 24's roster with its own actor
contact, and alarms, proposed actions, rounds and overdue actions for it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from alarms.core.models import Alarm
from alarms.raising.services import alarm_raise
from tests import factories as f
from workspace.plan.models import Action


def member(name: str = "Larmade aktören"):
    """An organisation on region 24's roster, with an actor contact who is its primary contact
    (by e-mail and in the app). Returns (organisation, contact user)."""
    org = f.OrganisationFactory(name=name)
    user = f.contact(organisation=org)
    f.roster_entry("24", organisation=org, channels=("email", "inapp"), user_for_primary=user)
    return org, user


def raise_alarm(raiser=None, message: str = "Batterifabrik söker mark", kind: str = "etablering") -> Alarm:
    return alarm_raise(
        user=raiser or f.coordinator("24"), municipality=f.municipality("2482"), kind=kind, message=message
    )


def action(
    case, owner, *, title="Åtagande", commitment="ej_foreslagen", due_in=30, sharing="medlemmar", **kw
):
    return Action.objects.create(
        case=case,
        theme="mark",
        title=title,
        owner_organisation=owner,
        commitment=commitment,
        proposed_at=timezone.now() if commitment == "foreslagen" else None,
        due_date=timezone.localdate() + timedelta(days=due_in),
        sharing=sharing,
        created_by=case.coordinator,
        **kw,
    )
