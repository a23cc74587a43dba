"""Assessment rounds (*bedömningsomgångar*) of the scale data: every region's rounds of the last two
years, as ``checklist.rounds.services`` records them (``round_open``, ``answer_save``, ``round_close``),
in bulk.

Each region gets four rounds, half a year or so apart: three closed a week after their deadline and
the latest opened three weeks ago and still open (Västerbotten, whose two latest rounds are the
hand-written demo's, gets the two before them). Each round asks the region, the county
administrative board, Arbetsförmedlingen and two other national bodies, up to twelve municipalities
and up to six of the region's other organisations. About three in four answer a closed round and
submit (some in the app by their own user, most through the personal link), a few leave a draft;
in the open round fewer have submitted yet, a quarter are half way, and those who have not
submitted were reminded yesterday. The answers improve from round to round; every Delvis and Nej
carries a handlingsplan. Made once per region: a region whose rounds its own scale coordinator
(``samordnare.<SCB code>``) has opened is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from actors.models import Level, Organisation, OrganisationType, Person
from checklist.rounds.models import Participant, Round, RoutineAnswer, Value
from checklist.rounds.services import (
    REASON_CLOSED,
    REASON_DRAFT,
    REASON_LINK_DRAFT,
    REASON_LINK_SUBMITTED,
    REASON_OPENED,
    REASON_SUBMITTED,
)
from checklist.routines.models import Routine
from demo.checklist_rounds import PLANS, season_title
from demo.scale_history import Version, insert

AGES = [580, 390, 196, 21]  # days since each round opened, about half a year apart; the last is open
WHO = {
    OrganisationType.KOMMUN: "Näringslivsenheten",
    OrganisationType.REGION: "Regional samordnare",
    OrganisationType.LANSSTYRELSEN: "Enheten för samhällsbyggnad",
    OrganisationType.ARBETSFORMEDLINGEN: "Sektionschef, stora etableringar",
}
COMMENTS = [
    "Rutinen finns men är inte känd utanför ledningsgruppen.",
    "Vi har utsett en kontakt men saknar ersättare.",
    "Förbättrat sedan förra omgången.",
]


def seed(*, directory, users, history, now) -> int:
    """Open (and mostly close) the rounds of every region that has none of its own yet; returns how
    many rounds were made."""
    d = directory
    done = set(
        Round.objects.filter(opened_by__in=list(d.scale_coordinator.values())).values_list(
            "region_id", flat=True
        )
    )
    with_rounds = set(Round.objects.values_list("region_id", flat=True))
    routines = list(Routine.objects.filter(is_current=True).order_by("number"))
    national = list(
        Organisation.objects.filter(region__isnull=True, level__in=[Level.NATIONELL, Level.INTERNATIONELL])
        .exclude(type=OrganisationType.FORETAG)
        .exclude(pk=d.af.pk)
        .order_by("pk")[:2]
    )
    plans = []
    for r_index, (code, region) in enumerate(sorted(d.regions.items())):
        if region.pk in done or not routines:
            continue
        public = {d.region_org[code].pk, d.lst_org[code].pk, *(o.pk for o in d.kommun_org.values())}
        own = list(
            Organisation.objects.filter(region=region)
            .exclude(type=OrganisationType.FORETAG)
            .exclude(pk__in=public)
            .order_by("pk")[:6]
        )
        kommuner = [d.kommun_org[m.pk] for m in d.municipalities.get(code, [])][:12]
        orgs = [d.region_org[code], d.lst_org[code], d.af, *national, *kommuner, *own]
        ages = AGES[:2] if region.pk in with_rounds else AGES
        for k, age in enumerate(ages):
            plans.append((code, region, r_index, k, len(ages), age, orgs))
    if not plans:
        return 0
    contacts = _contacts({o.pk for *_rest, orgs in plans for o in orgs})
    rounds = []
    for code, region, _r, k, total, age, _orgs in plans:
        opener = d.scale_coordinator[code]
        opened = now - timedelta(days=age, hours=k)
        is_open = k == total - 1 and age == AGES[-1]
        round_ = Round(
            region=region,
            title=season_title(opened),
            deadline=timezone.localdate(now) + timedelta(days=6)
            if is_open
            else (opened + timedelta(days=28)).date(),
            opened_by=opener,
            opened_at=opened,
        )
        versions = [Version(opened, opener.pk, REASON_OPENED, {"closed_at": None, "closed_by_id": None})]
        if not is_open:
            round_.closed_at, round_.closed_by = opened + timedelta(days=35), opener
            versions.append(Version(round_.closed_at, opener.pk, REASON_CLOSED, {}))
        rounds.append((round_, versions))
    insert(history, Round, rounds)
    Routines = Round.routines.through
    Routines.objects.bulk_create(
        [Routines(round_id=round_.pk, routine_id=r.pk) for round_, _v in rounds for r in routines],
        batch_size=2000,
    )
    participants, answers = [], []
    for (round_, _v), (_code, _region, r_index, k, _total, _age, orgs) in zip(rounds, plans, strict=True):
        for j, org in enumerate(orgs):
            contact = contacts.get(org.pk)
            participant = Participant(round=round_, organisation=org, contact=contact)
            user = d.org_user.get(org.pk) if j % 2 == 0 else None
            fate = (r_index * 5 + j * 3 + k) % 20
            if round_.is_open:
                state = "submitted" if fate < 8 else ("draft" if fate < 13 else "none")
            else:
                state = "submitted" if fate < 15 else ("draft" if fate < 17 else "none")
            if contact is None and user is None:
                state = "none"
            submitted = round_.opened_at + timedelta(days=2 + (j * 5 + k) % 25, hours=j % 8)
            if round_.is_open:
                submitted = min(submitted, now - timedelta(hours=2 + j))
            p_versions = [Version(round_.opened_at, round_.opened_by_id, REASON_OPENED, {})]
            if state == "submitted":
                participant.submitted_at = submitted
                participant.submitted_by = user
                participant.submitted_by_person = None if user else contact
                p_versions[0].values = {
                    "submitted_at": None,
                    "submitted_by_id": None,
                    "submitted_by_person_id": None,
                }
                reason = REASON_SUBMITTED if user else REASON_LINK_SUBMITTED
                p_versions.append(Version(submitted, user.pk if user else None, reason, {}))
            elif round_.is_open and state == "none":
                participant.reminded_on = timezone.localdate(now) - timedelta(days=1)
            participants.append((participant, p_versions))
            answers.append((participant, state, submitted, user, org, r_index + j, k))
    insert(history, Participant, participants)
    rows = []
    for participant, state, submitted, user, org, seed_, k in answers:
        for routine in routines:
            rows.append(
                (
                    RoutineAnswer(participant=participant, routine=routine),
                    _answer_versions(participant, routine, state, submitted, user, org, seed_, k),
                )
            )
    insert(history, RoutineAnswer, rows)
    return len(rounds)


def _contacts(org_pks: set[int]) -> dict[int, Person]:
    """Each organisation's contact for a round: the first person by name with an e-mail address."""
    found: dict[int, Person] = {}
    for person in Person.objects.filter(organisation_id__in=org_pks).exclude(email="").order_by("name", "pk"):
        found.setdefault(person.organisation_id, person)
    return found


def _value(seed: int, number: int, k: int) -> str:
    """Better from round to round: more Ja, fewer Nej."""
    x = (seed * 7 + number * 3 + k * 5) % 10
    if x < 3 + k:
        return Value.YES
    return Value.PARTLY if x < 7 + k // 2 else Value.NO


def _answer_versions(participant, routine, state, submitted, user, org, seed, k) -> list[Version]:
    round_ = participant.round
    versions = [Version(round_.opened_at, round_.opened_by_id, REASON_OPENED, {})]
    if state == "none":
        return versions
    value = _value(seed, routine.number, k)
    final = {"value": value, "comment": "", "plan_what": "", "plan_who": "", "plan_when": None}
    if (seed + routine.number) % 7 == 0:
        final["comment"] = COMMENTS[(seed + k) % len(COMMENTS)]
    if value != Value.YES:
        final |= {
            "plan_what": PLANS[routine.number],
            "plan_who": WHO.get(org.type, "Verksamhetschefen"),
            "plan_when": timezone.localdate(round_.opened_at)
            + timedelta(days=90 + 30 * (routine.number % 4)),
        }
    blank = {"value": "", "comment": "", "plan_what": "", "plan_who": "", "plan_when": None}
    versions[0].values = blank
    by = user.pk if user else None
    draft_at = round_.opened_at + (submitted - round_.opened_at) / 2
    if state == "draft":
        # Half the sheet filled in, the rest still blank (a save writes only what changed).
        if routine.number <= 5:
            versions.append(Version(draft_at, by, REASON_DRAFT if user else REASON_LINK_DRAFT, final))
        return versions
    if routine.number <= 3 and seed % 3 == 0:  # began with a draft, submitted later
        versions.append(Version(draft_at, by, REASON_DRAFT if user else REASON_LINK_DRAFT, final))
    versions.append(Version(submitted, by, REASON_SUBMITTED if user else REASON_LINK_SUBMITTED, final))
    return versions
