"""Demo data of "seeing it": Västerbotten's two assessment rounds, if the rounds demo has not made
them, and the region's readiness plan with actions born of the latest round's handlingsplaner.

The rounds (only when the region has none): one about seven months ago, closed, and one three weeks
ago, still open, each named by the half-year it opened in (``checklist_rounds.season_title``).
Six organisations are asked; their answers differ the way they do in
a real region: the region and Länsstyrelsen are more confident than the municipalities (on routine 4,
the shared record of signals, the region says Ja and Skellefteå and Umeå say Nej, so the matrix
flags it), most answers improve between the rounds (Skellefteå's routine 2 goes Nej → Delvis), and
Komvux Skellefteå has only saved a draft of the spring round, so it shows as "not submitted". The
rounds are made in the database (as the rounds services would shape them, with history) rather than
through ``round_open``, which would e-mail invitations to the demo's invented addresses; the answers
go through ``answer_save`` as the contacts' own, through their personal link.

The actions go through ``plan_services.action_from_answer`` and ``action_save``, so their history is
what the application itself records. Idempotent: nothing happens when the region already has a
readiness action, or when the demo world (``seed_demo``) is missing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from actors.models import Organisation, Person, Region
from checklist.models import Participant, RegionalAction, Round, Routine, RoutineAnswer
from checklist.readiness import services as plan_services
from checklist.readiness.selectors import suggested_action
from checklist.rounds import services
from workspace.plan.models import ActionStatus

from .checklist_rounds import season_title

REGION = "24"
COORDINATOR = "samordnare"
ORGANISATIONS = [
    "Region Västerbotten",
    "Skellefteå kommun",
    "Umeå kommun",
    "Länsstyrelsen i Västerbottens län",
    "Arbetsförmedlingen",
    "Komvux Skellefteå",
]
# Answers to routines 1–10 per organisation: J(a), D(elvis), N(ej); None: only a draft.
AUTUMN = {
    "Region Västerbotten": "JJDNDJDJND",
    "Skellefteå kommun": "DNNNDDNDNN",
    "Umeå kommun": "DDDNNDNDNN",
    "Länsstyrelsen i Västerbottens län": "JDDNDJDJND",
    "Arbetsförmedlingen": "NNDNDDDDNN",
    "Komvux Skellefteå": "NNNNDNNNNN",
}
SPRING = {
    "Region Västerbotten": "JJJJJJDJDJ",
    "Skellefteå kommun": "JDDNJDDJDD",
    "Umeå kommun": "DDDNDDDDDD",
    "Länsstyrelsen i Västerbottens län": "JJDDJJDJDJ",
    "Arbetsförmedlingen": "DDDDJDDJND",
    "Komvux Skellefteå": None,
}
LETTERS = {"J": "ja", "D": "delvis", "N": "nej"}
WORDS = {"ja": "Ja", "delvis": "Delvis", "nej": "Nej"}
PLANS = {
    1: "Utse en regional samordnare för etableringar, med mandat och en ersättare",
    2: "Presentera guiden på nästa kommundirektörsträff och lägga den på intranätet",
    3: "Ta fram en överenskommelse om ägarskap för etableringsfrågor mellan kommunerna och regionen",
    4: "Registrera alla etableringssignaler i Samhandla, oavsett var de kommer in",
    5: "Ta fram en hänvisningslista med kontaktvägar per sakfråga och öva den i växeln",
    6: "Uppdatera kontaktlistor och ersättare inför sommaren",
    7: "Hålla en workshop om kringeffekter med befintliga arbetsgivare",
    8: "Ta fram en riktlinje för vilken information om pågående etableringar som får spridas",
    9: "Kartlägga etablerarens underleverantörer tillsammans med Business Sweden",
    10: "Hålla en kort återblick med lärdomar efter varje avslutat ärende",
}
COMMENTS = {
    "delvis": "Finns delvis, men är inte känt i hela organisationen.",
    "nej": "Saknas i dag.",
}
WHO = {
    "Region Västerbotten": "Regional utvecklingsdirektör",
    "Skellefteå kommun": "Näringslivschef",
    "Umeå kommun": "Näringslivsdirektör",
    "Länsstyrelsen i Västerbottens län": "Enhetschef, samhällsbyggnad",
    "Arbetsförmedlingen": "Sektionschef",
    "Komvux Skellefteå": "Rektor",
}
# The readiness actions: (organisation, routine number, status).
ACTIONS = [
    ("Skellefteå kommun", 4, ActionStatus.IN_PROGRESS),
    ("Umeå kommun", 4, ActionStatus.PLANNED),
    ("Arbetsförmedlingen", 9, ActionStatus.PLANNED),
    ("Skellefteå kommun", 2, ActionStatus.DONE),
]


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _values(answers: dict[int, int], letters: str, org_name: str, opened) -> dict:
    values = {}
    for number, letter in enumerate(letters, start=1):
        value = LETTERS[letter]
        row = {"value": value, "comment": "", "plan_what": "", "plan_who": "", "plan_when": None}
        if value != "ja":
            row.update(
                comment=COMMENTS[value],
                plan_what=PLANS[number],
                plan_who=WHO[org_name],
                plan_when=timezone.localdate(opened) + timedelta(days=60 + 10 * number),
            )
        values[answers[number]] = row
    return values


def _round(region, user, title, days_ago, answers_by_org, orgs, close: bool) -> Round:
    opened = (timezone.now() - timedelta(days=days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
    round_ = Round(
        region=region, title=title, deadline=timezone.localdate(opened) + timedelta(days=30), opened_by=user
    )
    round_.opened_at = opened
    round_._history_user, round_._history_date = user, opened
    round_._change_reason = services.REASON_OPENED
    round_.save()
    routines = list(Routine.objects.filter(is_current=True).order_by("number"))
    round_.routines.set(routines)
    participants = bulk_create_with_history(
        [
            Participant(round=round_, organisation=o, contact=services.default_contact(o))
            for o in sorted(orgs.values(), key=lambda o: o.name)
        ],
        Participant,
        default_user=user,
        default_change_reason=services.REASON_OPENED,
        default_date=opened,
    )
    bulk_create_with_history(
        [RoutineAnswer(participant=p, routine=r) for p in participants for r in routines],
        RoutineAnswer,
        default_user=user,
        default_change_reason=services.REASON_OPENED,
        default_date=opened,
    )
    for i, p in enumerate(participants):
        letters = answers_by_org[p.organisation.name]
        ids = {r.number: r.pk for r in routines}
        when = opened + timedelta(days=3 + 2 * i, hours=i)
        if p.contact is None:
            continue
        if letters is None:  # a draft: half answered, never submitted
            draft = _values(ids, "DNDNN", p.organisation.name, opened)
            services.answer_save(participant=p, values=draft, person=p.contact, now=when)
            continue
        services.answer_save(
            participant=p,
            values=_values(ids, letters, p.organisation.name, opened),
            person=p.contact,
            submit=True,
            now=when,
        )
    if close:
        services.round_close(user=user, round=round_, now=opened + timedelta(days=35))
    return round_


@transaction.atomic
def seed(stdout=None) -> int:
    """Returns the number of readiness actions made (0 when already seeded or without the demo)."""
    region = Region.objects.filter(code=REGION).first()
    user = User.objects.filter(username=COORDINATOR).first()
    if region is None or user is None:
        _say(stdout, "Demovärlden saknas (kör seed_demo först); ingen beredskapsplan skapad.")
        return 0
    if RegionalAction.objects.filter(region=region).exists():
        _say(stdout, "Beredskapsplanen finns redan.")
        return 0
    with translation.override("sv"):
        if not Round.objects.filter(region=region).exists():
            orgs = {o.name: o for o in Organisation.objects.filter(name__in=ORGANISATIONS)}
            if len(orgs) < len(ORGANISATIONS):
                _say(stdout, "Demoorganisationerna saknas; inga bedömningsomgångar skapade.")
                return 0
            now = timezone.now()  # each round named by the half-year it opened in
            _round(region, user, season_title(now - timedelta(days=210)), 210, AUTUMN, orgs, close=True)
            _round(region, user, season_title(now - timedelta(days=21)), 21, SPRING, orgs, close=False)
        latest = Round.objects.filter(region=region).order_by("-opened_at", "-pk").first()
        made = 0
        for org_name, number, status in ACTIONS:
            answer = (
                RoutineAnswer.objects.select_related(
                    "routine",
                    "participant__organisation",
                    "participant__contact",
                    "participant__round__region",
                )
                .filter(
                    participant__round=latest,
                    participant__organisation__name=org_name,
                    participant__submitted_at__isnull=False,
                    routine__number=number,
                    value__in=["delvis", "nej"],
                )
                .first()
            )
            if answer is None:
                continue
            fields = {k: v for k, v in suggested_action(answer).items() if k in plan_services.EDITABLE}
            # The demo is Swedish whatever the catalogue holds: the texts the form would suggest.
            fields["title"] = f"Rutin {number}: {answer.plan_what}"[:200]
            fields["current_state"] = (
                f"{org_name} svarade {WORDS[answer.value]} i ”{latest.title}”. {answer.comment}"
            )
            fields["owner_organisation"] = answer.participant.organisation
            fields["owner_person"] = Person.objects.filter(pk=fields["owner_person"]).first()
            action = plan_services.action_from_answer(user=user, answer=answer, **fields)
            if status != ActionStatus.PLANNED:
                action.status = status
                plan_services.action_save(user=user, action=action, reason="Arbetet har kommit i gång")
            made += 1
    _say(stdout, f"Beredskapsplan för {region.name}: {made} åtgärder.")
    return made
