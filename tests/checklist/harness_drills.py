"""Rows for tests/test_access_harness.py: every URL of the drill pages (checklist/drills/views.py), with
the users who must be refused (403 or 404), and what a refused request must leave unchanged.

Two drills are made on first use (idempotent: the harness asks for its routes more than once):

- ``drills_drill``, in Skellefteå (region 24), started by ``coordinator`` with ``coordinator``,
  ``official`` and ``contact`` taking part. Region 24's coordinators and the admin follow it; its
  participants answer (each their own row); readers and everyone outside the region do not know it.
- ``drills_other``, in Gävle (region 21), started by ``coordinator_other_region`` with
  ``official_other`` taking part: nobody of region 24 reaches it.

Starting a drill opens a drill case, so building these rows adds two EstablishmentCase rows: the
harness builds every row before it takes its snapshot of what a refused request must not change.
"""

from __future__ import annotations

from django.urls import reverse

from checklist.drills.services import drill_start
from checklist.models import Drill, DrillAnswer
from establishments.models import CaseMember, EstablishmentCase
from tests import factories as f
from tests.world import COORDINATORS, MANAGERS_21, MANAGERS_24, REGION_24, Row, everyone_but

# Who may start a drill: the coordinators (of any region: each for their own) and administrators
# (COORDINATORS); who may close a drill of region 24: its coordinators and administrators (MANAGERS_24).


def drill_world(w):
    if "drills_drill" not in w:
        w["drills_drill"] = drill_start(
            user=w["coordinator"],
            municipality=f.municipality("2482"),
            scenario="Imorgon får regionen ett samtal om en stor etablering i Skellefteå.",
            participants=[
                (w["coordinator"], "Regional samordnare"),
                (w["official"], "Näringslivsutvecklare, Skellefteå kommun"),
                (w["contact"], "Kontaktperson, Medlemmen"),
            ],
            notify=False,
        )
        w["drills_other"] = drill_start(
            user=w["coordinator_other_region"],
            municipality=f.municipality("2180"),
            scenario="Imorgon får regionen ett samtal om en stor etablering i Gävle.",
            participants=[(w["official_other"], "Näringslivsutvecklare, Gävle kommun")],
            notify=False,
        )
    return w


def rows(w) -> list[Row]:
    w = drill_world(w)
    drill, other = w["drills_drill"].pk, w["drills_other"].pk
    outside_24 = ["coordinator_other_region", "official_other", "reader", "contact_other"]
    table = [
        ("checklist:drill_list", reverse("checklist:drill_list"), []),
        ("checklist:drill_start", reverse("checklist:drill_start"), everyone_but(*COORDINATORS)),
        ("checklist:drill_detail", reverse("checklist:drill_detail", args=[drill]), outside_24),
        (
            "checklist:drill_answer",
            reverse("checklist:drill_answer", args=[drill]),
            everyone_but("coordinator", "official", "contact"),
        ),
        ("checklist:drill_close", reverse("checklist:drill_close", args=[drill]), everyone_but(*MANAGERS_24)),
        (
            "checklist:drill_detail",
            reverse("checklist:drill_detail", args=[other]),
            [*REGION_24, "contact_other"],
        ),
        (
            "checklist:drill_answer",
            reverse("checklist:drill_answer", args=[other]),
            everyone_but("official_other"),
        ),
        (
            "checklist:drill_close",
            reverse("checklist:drill_close", args=[other]),
            everyone_but(*MANAGERS_21),
        ),
    ]
    # The users not refused get the page; a drill's answer is POST only (405 for a GET).
    return [Row(*row, allowed_get=(405,) if row[0] == "checklist:drill_answer" else (200,)) for row in table]


def state(w) -> tuple:
    """The drills, their answers (and the history of both), and the cases they opened."""
    return (
        list(Drill.objects.order_by("pk").values_list("closed_at", "scenario")),
        list(DrillAnswer.objects.order_by("pk").values_list("contribution", "approach", "answered_at")),
        list(EstablishmentCase.objects.order_by("pk").values_list("pk", "phase")),
        CaseMember.objects.count(),
        Drill.history.count(),
        DrillAnswer.history.count(),
    )


# --- Helpers of the drill tests (tests/checklist/drills/) -------------------------------------------


def start(user, participants, municipality_code="2482", scenario="Imorgon får regionen ett samtal.", **kw):
    """A drill started through the service; ``participants`` are users (each in a default role) or
    (user, role) pairs."""
    pairs = [p if isinstance(p, tuple) else (p, f"Roll {p.pk}") for p in participants]
    return drill_start(
        user=user,
        municipality=f.municipality(municipality_code),
        scenario=scenario,
        participants=pairs,
        notify=kw.pop("notify", False),
        **kw,
    )


def answers_state(drill) -> list[tuple]:
    """What a refused or bad request must leave untouched."""
    return list(
        drill.answers.order_by("pk").values_list("user_id", "role", "contribution", "approach", "answered_at")
    )
