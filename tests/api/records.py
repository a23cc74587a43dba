"""One record of every kind the API reads from a case's workspace, and a round with answers, for the
API's tests: made through the models, as a tab's form would leave them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from checklist.lessons.models import Lesson, LessonTheme
from checklist.rounds import services as round_services
from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation
from establishments.models import CaseMember
from tests import factories as f
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.routes.models import ContactRoute, RouteStep

# The API's URL segment of each record kind in ``case_records``.
PREFIXES = {
    "expectation": "expectations",
    "milestone": "milestones",
    "resourcecommitment": "resource-commitments",
    "casemember": "members",
    "contactroute": "contact-routes",
    "routestep": "route-steps",
    "journalentry": "journal-entries",
    "followup": "follow-ups",
    "competencegap": "competence-gaps",
    "intervention": "interventions",
    "livingneed": "living-needs",
    "lesson": "lessons",
}


def occupation(code: str = "7411") -> Occupation:
    return Occupation.objects.get_or_create(
        code=code, defaults={"level": 4, "name_sv": f"Yrke {code}", "name_en": f"Occupation {code}"}
    )[0]


def case_records(case, user, *, sharing: str = "medlemmar", text: str = "Hemlig") -> dict:
    """A record of every kind in ``case``, each saying ``text``; keyed by model name."""
    org = f.OrganisationFactory(name=f"{text} organisation")
    person = f.PersonFactory(organisation=org, name=f"{text} Person")
    common = {"case": case, "sharing": sharing, "created_by": user}
    route = ContactRoute.objects.create(
        **common, topic="bostader", first_contact=person, answers=f"{text} svar"
    )
    entry = JournalEntry.objects.create(
        **common, kind="mote", date=datetime.date(2026, 3, 1), title=f"{text} möte", notes=text
    )
    year = 2027 + CompetenceGap.objects.filter(case=case).count()
    gap = CompetenceGap.objects.create(
        **common, occupation=occupation(), year=year, needed=40, regional_supply=10, source="etableraren",
        note=text,
    )  # fmt: skip
    lesson = Lesson.objects.create(
        case=case, what_worked=f"{text} lärdom", what_did_not="x", do_differently="y", sharing=sharing,
        created_by=user,
    )  # fmt: skip
    LessonTheme.objects.create(lesson=lesson, theme="kompetensforsorjning")
    return {
        "expectation": Expectation.objects.create(**common, kind="forvantan", text=f"{text} förväntan"),
        "milestone": Milestone.objects.create(
            **common, title=f"{text} milstolpe", date=datetime.date(2027, 1, 1)
        ),
        "resourcecommitment": ResourceCommitment.objects.create(
            **common, organisation=org, description=f"{text} resurs", people=2
        ),
        "casemember": CaseMember.objects.create(case=case, organisation=org, mandate=f"{text} mandat"),
        "contactroute": route,
        "routestep": RouteStep.objects.create(**common, route=route, order=1, person=person, handles=text),
        "journalentry": entry,
        "followup": FollowUp.objects.create(**common, entry=entry, text=f"{text} uppföljning", owner=org),
        "competencegap": gap,
        "intervention": Intervention.objects.create(
            **common,
            gap=gap,
            kind="yh",
            title=f"{text} utbildning",
            organisation=org,
            places_per_year=12,
            start=datetime.date(2026, 8, 1),
        ),  # fmt: skip
        "livingneed": LivingNeed.objects.create(**common, kind="bostader", description=text, quantity=30),
        "lesson": lesson,
    }


def round_with_answers(region_code: str, coordinator, organisations, *, submit: int = 1):
    """A round of the region asking ``organisations``; the first ``submit`` of them have answered
    Ja to every routine and submitted."""
    round_ = round_services.round_open(
        user=coordinator,
        region=f.region(region_code),
        title="Omgång",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        organisations=organisations,
        invite=False,
    )
    for participant in list(round_.participants.order_by("organisation__name", "pk"))[:submit]:
        answers = list(participant.answers.all())
        round_services.answer_save(
            user=coordinator_of(participant),
            participant=participant,
            values={a.routine_id: {"value": "ja"} for a in answers},
            submit=True,
        )
    return round_


def coordinator_of(participant):
    """A user of the participant's organisation (who answers for it)."""
    return f.contact(organisation=participant.organisation)
