"""Rows for tests/test_access_harness.py: every URL of the rounds and answers (checklist/rounds/views.py),
with the users who must be refused (403 or 404) and what a refused request must leave unchanged;
and the small builders the rounds tests share.

``checklist:answer_link`` is not a row: it is the one open URL of this area (the contact's
personal, signed, expiring link works without logging in; tests/checklist/rounds/test_link.py tries
forged, expired, reused and closed-round links). It belongs in the harness's OPEN_URLS.

Who may do what (accounts.policy): a round of region 24 is seen by the region's staff
(coordinators, its municipalities' officials, readers, admins); it is opened, closed and reminded by
the region's coordinators and admins; an organisation's answers are seen by its own users and the
region's staff, and answered only by its own users. Outside the region nobody knows the round exists
(404).
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from actors.models import Level, OrganisationType
from checklist.models import Participant, Round, Routine, RoutineAnswer
from checklist.rounds import services
from tests import factories as f
from tests.world import MANAGERS_21, MANAGERS_24, OUTSIDERS_24, REGION_24, Row, everyone_but

# A round of region 24 is opened, closed and reminded by MANAGERS_24; outside the region
# (OUTSIDERS_24) nobody knows it exists (404). Its title is in the harness's SECRETS; on this area's
# pages a refused user sees no round's title at all.
ROUND_WORD = ("Omgång",)


def _harness_round(region, organisations, opened_by, title) -> Round:
    """A round made straight in the database: the harness world's organisations have no region,
    so the service (which asks only the region's own and national organisations) would refuse them."""
    round_ = Round.objects.filter(title=title).first()
    if round_ is not None:
        return round_
    round_ = Round.objects.create(
        region=region, title=title, deadline=timezone.localdate() + timedelta(days=10), opened_by=opened_by
    )
    routines = list(Routine.objects.filter(is_current=True))
    round_.routines.set(routines)
    for org in organisations:
        contact = f.PersonFactory(organisation=org)
        p = Participant.objects.create(round=round_, organisation=org, contact=contact)
        RoutineAnswer.objects.bulk_create([RoutineAnswer(participant=p, routine=r) for r in routines])
    return round_


def rounds_world(w: dict) -> dict:
    if "rounds_round" in w:
        return w
    w["rounds_round"] = _harness_round(
        f.region("24"), [w["member_org"], w["organisation"]], w["coordinator"], "Omgång VB (harness)"
    )
    w["rounds_participant"] = w["rounds_round"].participants.get(organisation=w["member_org"])
    w["rounds_other_round"] = _harness_round(
        f.region("21"), [w["organisation"]], w["coordinator_other_region"], "Omgång Gävleborg (harness)"
    )
    w["rounds_other_participant"] = w["rounds_other_round"].participants.get()
    return w


def rows(w) -> list[Row]:
    w = rounds_world(w)
    round_, other = w["rounds_round"], w["rounds_other_round"]
    p, other_p = w["rounds_participant"], w["rounds_other_participant"]
    table = [
        ("checklist:my_rounds", reverse("checklist:my_rounds"), []),
        (
            "checklist:round_create",
            reverse("checklist:round_create", args=["24"]),
            everyone_but(*MANAGERS_24),
        ),
        (
            "checklist:round_create",
            reverse("checklist:round_create", args=["21"]),
            everyone_but(*MANAGERS_21),
        ),
        (
            "checklist:round_detail",
            reverse("checklist:round_detail", args=[round_.pk]),
            ["contact", *OUTSIDERS_24],
        ),
        (
            "checklist:round_close",
            reverse("checklist:round_close", args=[round_.pk]),
            everyone_but(*MANAGERS_24),
        ),
        (
            "checklist:round_remind",
            reverse("checklist:round_remind", args=[round_.pk]),
            everyone_but(*MANAGERS_24),
        ),
        # The organisation's own contact and the region's staff see its answers; nobody else.
        ("checklist:answer", reverse("checklist:answer", args=[round_.pk, p.pk]), OUTSIDERS_24),
        (
            "checklist:answer_history",
            reverse("checklist:answer_history", args=[round_.pk, p.pk]),
            OUTSIDERS_24,
        ),
        # Another region's round: nobody of region 24 reaches it (Gävle's official does: region 21).
        (
            "checklist:round_detail",
            reverse("checklist:round_detail", args=[other.pk]),
            [*REGION_24, "contact_other"],
        ),
        (
            "checklist:round_close",
            reverse("checklist:round_close", args=[other.pk]),
            everyone_but(*MANAGERS_21),
        ),
        (
            "checklist:round_remind",
            reverse("checklist:round_remind", args=[other.pk]),
            everyone_but(*MANAGERS_21),
        ),
        (
            "checklist:answer",
            reverse("checklist:answer", args=[other.pk, other_p.pk]),
            [*REGION_24, "contact_other"],
        ),
        (
            "checklist:answer_history",
            reverse("checklist:answer_history", args=[other.pk, other_p.pk]),
            [*REGION_24, "contact_other"],
        ),
        # A participant asked under the wrong round's URL is not found either.
        ("checklist:answer", reverse("checklist:answer", args=[other.pk, p.pk]), everyone_but()),
    ]
    # The users not refused get the page; reminding is POST only (tests/checklist/rounds/test_pages.py).
    return [
        Row(*row, allowed_get=() if row[0] == "checklist:round_remind" else (200,), secrets=ROUND_WORD)
        for row in table
    ]


def state(w) -> tuple:
    """The rounds (open or closed), who has submitted or been reminded, and every answer."""
    return (
        Round.objects.filter(closed_at__isnull=True).count(),
        Round.objects.count(),
        list(Participant.objects.order_by("pk").values_list("submitted_at", "reminded_on")),
        list(RoutineAnswer.objects.order_by("pk").values_list("value", "comment")),
    )


# --- Builders the rounds tests share -----------------------------------------------------------


def region_org(region_code="24", name=None, with_contact=True, **kw):
    """An organisation of the region with (by default) one person with an e-mail address."""
    region = f.region(region_code)
    org = f.OrganisationFactory(
        region=region, type=kw.pop("type", OrganisationType.KOMMUN), level=kw.pop("level", Level.LOKAL), **kw
    )
    if name:
        org.name = name
        org.save()
    if with_contact:
        f.PersonFactory(organisation=org)
    return org


def open_round(coordinator=None, n=3, organisations=None, region_code="24", deadline_days=10, **kw) -> Round:
    coordinator = coordinator or f.coordinator(region_code)
    organisations = (
        organisations if organisations is not None else [region_org(region_code) for _ in range(n)]
    )
    return services.round_open(
        user=coordinator,
        region=f.region(region_code),
        title=kw.pop("title", "Bedömningsomgång våren"),
        deadline=timezone.localdate() + timedelta(days=deadline_days),
        organisations=organisations,
        **kw,
    )


def full_values(participant, value="ja", **extra) -> dict:
    """Every routine of the participant's round answered with ``value`` (a plan where needed)."""
    plan = {"plan_what": "Ta fram en rutin", "plan_who": "Näringslivschefen"} if value != "ja" else {}
    return {a.routine_id: {"value": value, "comment": "", **plan, **extra} for a in participant.answers.all()}


def sheet_post(p: Participant, action="draft", values=None, **extra) -> dict:
    """The POST of the answer form: every routine's fields, as the browser sends them."""
    data = {"action": action, **extra}
    given = values or {}
    for a in p.answers.all():
        row = given.get(a.routine_id, {})
        prefix = f"r{a.routine_id}-"
        data[prefix + "value"] = row.get("value", "")
        for name in ("comment", "plan_what", "plan_who"):
            data[prefix + name] = row.get(name, "")
        data[prefix + "plan_when"] = row.get("plan_when", "")
    return {k: v for k, v in data.items() if v is not None}


def answers_state() -> list[tuple]:
    """Every answer's value, comment and plan: what a refused or bad request must leave unchanged."""
    return list(RoutineAnswer.objects.order_by("pk").values_list("value", "comment", "plan_what"))
