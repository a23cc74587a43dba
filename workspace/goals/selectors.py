"""Reads for moment 1 (målbild och förankring), narrowed by the access policy first."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import policy
from establishments.models import CaseMember, EstablishmentCase
from establishments.slots import Progress

from .models import Expectation, Milestone, ResourceCommitment


def goals_context(*, user, case: EstablishmentCase) -> dict:
    """Moment 1: expectations and fears, engagement, timeline and committed resources."""
    expectations = list(policy.visible_items(user, case, Expectation.objects.select_related("organisation")))
    members = list(case.memberships.select_related("organisation").order_by("organisation__name"))
    return {
        "expectations": [e for e in expectations if e.kind == Expectation.Kind.EXPECTATION],
        "fears": [e for e in expectations if e.kind == Expectation.Kind.FEAR],
        "members": members,
        "not_engaged": [m for m in members if m.engagement == CaseMember.Engagement.SHOULD],
        "milestones": list(policy.visible_items(user, case, Milestone.objects.all())),
        "resources": list(
            policy.visible_items(user, case, ResourceCommitment.objects.select_related("organisation"))
        ),
    }


def goals_progress(*, user, case: EstablishmentCase):
    kinds = set(Expectation.objects.filter(case=case).values_list("kind", flat=True))
    not_engaged = case.memberships.filter(engagement=CaseMember.Engagement.SHOULD).count()
    checks = {
        _("no expectations recorded"): Expectation.Kind.EXPECTATION in kinds,
        _("no fears recorded"): Expectation.Kind.FEAR in kinds,
        _("no milestones on the timeline"): Milestone.objects.filter(case=case).exists(),
        _("no resources committed"): ResourceCommitment.objects.filter(case=case).exists(),
    }
    missing = [str(label) for label, ok in checks.items() if not ok]
    if not_engaged:
        missing.append(
            ngettext(
                "%(n)d actor should be engaged but is not",
                "%(n)d actors should be engaged but are not",
                not_engaged,
            )
            % {"n": not_engaged}
        )
    total = len(checks) + 1
    return Progress(done=total - len(missing), total=total, missing=missing)
