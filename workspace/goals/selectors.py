"""Reads for moment 1 (målbild och förankring), narrowed by the access policy first."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import policy
from config.queries import count_of
from establishments.models import CaseMember, EstablishmentCase
from establishments.selectors import CaseReads, case_facts
from establishments.slots import Check, Progress

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


def goals_facts(user, case: EstablishmentCase) -> dict:
    """What moment 1's checks count, as expressions on the case's row."""
    members = CaseMember.objects.filter(case=OuterRef("pk"))
    return {
        "expectations": Exists(
            Expectation.objects.filter(case=OuterRef("pk"), kind=Expectation.Kind.EXPECTATION)
        ),
        "fears": Exists(Expectation.objects.filter(case=OuterRef("pk"), kind=Expectation.Kind.FEAR)),
        "milestones": Exists(Milestone.objects.filter(case=OuterRef("pk"))),
        "resources": Exists(ResourceCommitment.objects.filter(case=OuterRef("pk"))),
        "members": count_of(members),
        "not_engaged": count_of(members.filter(engagement=CaseMember.Engagement.SHOULD)),
    }


def goals_progress(*, user, case: EstablishmentCase, reads: CaseReads | None = None) -> Progress:
    """Five checks of moment 1, each with where it is put right, in one query (none of its own with
    ``reads``: the overview reads every moment's facts at once)."""
    url = reverse("workspace:goals", kwargs={"case_pk": case.pk})
    facts = case_facts(user=user, case=case, tab="goals", facts=goals_facts, reads=reads)
    not_engaged = facts["not_engaged"]
    checks = [
        Check(
            _("Expectations are recorded"),
            facts["expectations"],
            f"{url}#h-expectations",
            _("no expectations recorded"),
        ),
        Check(
            _("Fears are recorded"),
            facts["fears"],
            f"{url}#h-expectations",
            _("no fears recorded"),
        ),
        Check(
            _("The timeline has milestones"),
            facts["milestones"],
            f"{url}#h-timeline",
            _("no milestones on the timeline"),
        ),
        Check(
            _("Resources are committed"),
            facts["resources"],
            f"{url}#h-resources",
            _("no resources committed"),
        ),
    ]
    if not facts["members"]:
        engaged = Check(
            _("Every actor who should be engaged is"),
            False,
            f"{url}#h-engagement",
            _("No actors in the case yet."),
        )
    else:
        engaged = Check(
            _("Every actor who should be engaged is"),
            not not_engaged,
            f"{url}#h-engagement",
            ngettext(
                "%(n)d actor should be engaged but is not",
                "%(n)d actors should be engaged but are not",
                not_engaged,
            )
            % {"n": not_engaged}
            if not_engaged
            else "",
        )
    checks.append(engaged)
    return Progress(checks)
