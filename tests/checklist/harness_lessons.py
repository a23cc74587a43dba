"""Rows for tests/test_access_harness.py: every URL of the lessons (routine 10) and of the routines'
versions (checklist/lessons/views.py, checklist/routines/views.py), with the users who must be
refused (403 or 404, never 405), and what a refused request must leave unchanged.

Also the small builders the lesson and routine tests share. Objects are made on first use and kept
in the world under keys starting with ``lessons_``, so calling ``rows`` twice builds nothing twice.

The harness's own confidential case must stay in its phase (the harness checks it), so the lessons
get their own cases: a closed open case, a lost confidential one ("Projekt Vinterljus", granted to
the harness's coordinator and deputy only), and the harness's open case, where nobody may write one.
The lessons are internal (the default): a reader or actor contact of the closed case who asks for
one gets a 404 (``selectors.lesson_get``); tests/checklist/lessons/test_sharing.py reads the levels.
"""

from __future__ import annotations

from django.urls import reverse

from checklist.lessons.services import lesson_save
from checklist.models import Lesson, LessonTheme, Routine
from establishments import services
from establishments.models import Phase
from tests import factories as f
from tests.world import CORE_TEAM, STAFF_24, Row, everyone_but

# Who may change an open case of Skellefteå (region 24), and so write its lesson once it is closed:
# STAFF_24. What must never reach a user not granted the lessons' confidential case:
# tests.world.LESSON_SECRETS (in the harness's SECRETS).

# What a refused POST sends: a lesson, and a routine's new wording.
POST = {
    "what_worked": "x",
    "what_did_not": "x",
    "do_differently": "x",
    "themes": ["mark"],
    "sharing": "medlemmar",
    "text_sv": "Ny lydelse",
    "text_en": "New wording",
}


def closed_case(*, coordinator, deputy, phase: str = Phase.CLOSED, **kw):
    """An open (not confidential) case of Skellefteå, closed or lost."""
    return f.CaseFactory(coordinator=coordinator, deputy=deputy, phase=phase, **kw)


def confidential_closed_case(*, coordinator, deputy, phase: str = Phase.LOST, name="Hemliga Vinterbolaget"):
    """A confidential case (granted to its coordinator and deputy by the service), then lost."""
    case = services.case_create(
        user=coordinator,
        name=name,
        code_name="Projekt Vinterljus",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=deputy,
    )
    return services.case_change_phase(case=case, user=coordinator, phase=phase)


def write_lesson(case, user, themes=("mark",), text="Det gick bra", **kw) -> Lesson:
    lesson = Lesson(
        case=case,
        what_worked=kw.pop("what_worked", text),
        what_did_not=kw.pop("what_did_not", "Det gick sämre"),
        do_differently=kw.pop("do_differently", "Gör om, gör rätt"),
        **kw,
    )
    return lesson_save(user=user, lesson=lesson, themes=list(themes))


def lessons_world(w: dict) -> dict:
    if "lessons_case_closed" in w:
        return w
    w["lessons_case_closed"] = closed_case(coordinator=w["coordinator"], deputy=w["deputy"])
    w["lessons_case_closed"].memberships.create(organisation=w["member_org"])
    w["lessons_case_confidential"] = confidential_closed_case(
        coordinator=w["coordinator"], deputy=w["deputy"]
    )
    w["lessons_lesson"] = write_lesson(w["lessons_case_closed"], w["coordinator"])
    w["lessons_lesson_confidential"] = write_lesson(
        w["lessons_case_confidential"], w["coordinator"], what_worked="Vinterlärdom: marken var klar i tid"
    )
    w["lessons_routine"] = Routine.objects.get(number=1, is_current=True)
    return w


def rows(w) -> list[Row]:
    w = lessons_world(w)
    open_case = w["case_open"]  # phase "signal": nobody may write its lesson yet
    closed = w["lessons_case_closed"]
    conf = w["lessons_case_confidential"]
    table = [
        ("checklist:lesson_library", reverse("checklist:lesson_library"), []),
        ("checklist:lesson_create", reverse("checklist:lesson_create", args=[open_case.pk]), everyone_but()),
        (
            "checklist:lesson_create",
            reverse("checklist:lesson_create", args=[closed.pk]),
            everyone_but(*STAFF_24),
        ),
        (
            "checklist:lesson_create",
            reverse("checklist:lesson_create", args=[conf.pk]),
            everyone_but(*CORE_TEAM),
        ),
        (
            "checklist:lesson_edit",
            reverse("checklist:lesson_edit", args=[w["lessons_lesson"].pk]),
            everyone_but(*STAFF_24),
        ),
        (
            "checklist:lesson_edit",
            reverse("checklist:lesson_edit", args=[w["lessons_lesson_confidential"].pk]),
            everyone_but(*CORE_TEAM),
        ),
        ("checklist:routine_list", reverse("checklist:routine_list"), []),
        ("checklist:routine_add", reverse("checklist:routine_add"), everyone_but("admin")),
        (
            "checklist:routine_revise",
            reverse("checklist:routine_revise", args=[w["lessons_routine"].pk]),
            everyone_but("admin"),
        ),
    ]
    # Every page answers GET and POST: a refused user gets 403 or 404, never 405; the others the page.
    return [Row(*row, post=POST, refused_status=(403, 404), allowed_get=(200,)) for row in table]


def state(w) -> tuple:
    """The lessons (and their history and themes) and every routine's versions."""
    return (
        Lesson.objects.count(),
        Lesson.history.count(),
        LessonTheme.objects.count(),
        list(Routine.objects.order_by("pk").values_list("pk", "version", "is_current", "text_sv")),
    )
