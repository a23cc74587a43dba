"""Rows for tests/test_access_harness.py: every URL of "seeing it" (checklist/readiness/views.py),
with the users who must be refused (403 or 404), and what a refused request must leave unchanged.

Made on first use (idempotent, stored under ``readiness_*`` keys): a round of region 24 asking the
harness's two organisations (the contact's own, ``member_org``, and ``organisation``), where
``member_org`` has submitted a Nej on routine 4 with a handlingsplan, a readiness action made of that
answer, and a round of region 21 with an action of its own.

Who may do what (accounts.policy): a region's readiness (overview, matrix, XLSX, print, trend,
plan) is seen by its coordinators, its municipalities' officials, its readers and administrators;
actions are made and edited by its coordinators and administrators. An actor contact answers for
their own organisation (checklist:answer) but never sees the region's matrix, even of a round their
organisation takes part in. Outside the region nobody knows the round or action exists (404).
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from checklist.models import Participant, RegionalAction, Round, Routine, RoutineAnswer
from tests import factories as f
from tests.world import MANAGERS_21, MANAGERS_24, STAFF_21, Row, everyone_but

# Those who must not see region 24's readiness: outside the region, and the actor contacts. Region
# 21's is seen by its staff (STAFF_21); actions are made by each region's managers.
NOT_VIEWERS_24 = ["coordinator_other_region", "official_other", "contact", "contact_other"]
# What a refused POST sends: an action.
POST = {"title": "Kapad", "theme": "larmsystem", "status": "klar", "reason": "x"}


def _round(region_code, organisations, opened_by, title) -> Round:
    round_ = Round.objects.filter(title=title).first()
    if round_ is not None:
        return round_
    round_ = Round.objects.create(
        region=f.region(region_code),
        title=title,
        deadline=timezone.localdate() + timedelta(days=10),
        opened_by=opened_by,
    )
    routines = list(Routine.objects.filter(is_current=True))
    round_.routines.set(routines)
    for org in organisations:
        p = Participant.objects.create(round=round_, organisation=org, submitted_at=timezone.now())
        RoutineAnswer.objects.bulk_create(
            [
                RoutineAnswer(
                    participant=p,
                    routine=r,
                    value="nej" if r.number == 4 else "ja",
                    plan_what="Hemlig plan" if r.number == 4 else "",
                )
                for r in routines
            ]
        )
    return round_


def _action(answer, user) -> RegionalAction:
    return RegionalAction.objects.get_or_create(
        source_answer=answer,
        defaults={
            "region": answer.participant.round.region,
            "theme": "larmsystem",
            "title": "Rutin 4 i harnessen",
            "created_by": user,
        },
    )[0]


def readiness_world(w: dict) -> dict:
    if "readiness_round" in w:
        return w
    w["readiness_round"] = _round(
        "24", [w["member_org"], w["organisation"]], w["coordinator"], "Beredskap VB (harness)"
    )
    w["readiness_answer"] = RoutineAnswer.objects.get(
        participant__round=w["readiness_round"], participant__organisation=w["member_org"], routine__number=4
    )
    w["readiness_action"] = _action(w["readiness_answer"], w["coordinator"])
    w["readiness_other_round"] = _round(
        "21", [w["organisation"]], w["coordinator_other_region"], "Beredskap Gävleborg (harness)"
    )
    w["readiness_other_answer"] = RoutineAnswer.objects.get(
        participant__round=w["readiness_other_round"], routine__number=4
    )
    w["readiness_other_action"] = _action(w["readiness_other_answer"], w["coordinator_other_region"])
    return w


def rows(w) -> list[Row]:
    w = readiness_world(w)
    r24, r21 = w["readiness_round"].pk, w["readiness_other_round"].pk
    outside_21 = everyone_but(*STAFF_21)
    table = [
        # Administrators choose a region; the others are sent to their own (contacts to their answers).
        ("checklist:readiness_index", reverse("checklist:readiness_index"), []),
        ("checklist:overview", reverse("checklist:overview", args=["24"]), NOT_VIEWERS_24),
        ("checklist:trends", reverse("checklist:trends", args=["24"]), NOT_VIEWERS_24),
        ("checklist:plan", reverse("checklist:plan", args=["24"]), NOT_VIEWERS_24),
        ("checklist:matrix", reverse("checklist:matrix", args=[r24]), NOT_VIEWERS_24),
        ("checklist:matrix_xlsx", reverse("checklist:matrix_xlsx", args=[r24]), NOT_VIEWERS_24),
        ("checklist:matrix_print", reverse("checklist:matrix_print", args=[r24]), NOT_VIEWERS_24),
        (
            "checklist:action_from_answer",
            reverse("checklist:action_from_answer", args=[w["readiness_answer"].pk]),
            everyone_but(*MANAGERS_24),
        ),
        (
            "checklist:action_edit",
            reverse("checklist:action_edit", args=[w["readiness_action"].pk]),
            everyone_but(*MANAGERS_24),
        ),
        # Region 21: nobody of region 24 reaches it, not even its coordinators.
        ("checklist:overview", reverse("checklist:overview", args=["21"]), outside_21),
        ("checklist:trends", reverse("checklist:trends", args=["21"]), outside_21),
        ("checklist:plan", reverse("checklist:plan", args=["21"]), outside_21),
        ("checklist:matrix", reverse("checklist:matrix", args=[r21]), outside_21),
        ("checklist:matrix_xlsx", reverse("checklist:matrix_xlsx", args=[r21]), outside_21),
        ("checklist:matrix_print", reverse("checklist:matrix_print", args=[r21]), outside_21),
        (
            "checklist:action_from_answer",
            reverse("checklist:action_from_answer", args=[w["readiness_other_answer"].pk]),
            everyone_but(*MANAGERS_21),
        ),
        (
            "checklist:action_edit",
            reverse("checklist:action_edit", args=[w["readiness_other_action"].pk]),
            everyone_but(*MANAGERS_21),
        ),
    ]
    # The users not refused get the page; on the index, all but administrators are sent on to theirs.
    return [
        Row(*row, post=POST, allowed_get=(200, 302) if row[0] == "checklist:readiness_index" else (200,))
        for row in table
    ]


def state(w) -> tuple:
    """The regions' readiness actions and their history."""
    return (
        RegionalAction.objects.count(),
        RegionalAction.history.count(),
        list(RegionalAction.objects.order_by("pk").values_list("pk", "title", "status", "due_date")),
    )
