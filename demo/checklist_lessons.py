"""Demo data of the lessons (routine 10): three retrospectives of one closed case.

The hand-written demo (demo/seeder.py) has no closed or lost case,
so this adds a small one in Västerbotten: a data centre that looked at Umeå and Skellefteå and went
to Luleå, in Norrbotten, because power could be had two years sooner there (phase *förlorad*). It is
opened and walked through its phases with the establishments services, then dated back, as
seed_demo does with its cases; the lessons go through ``lesson_save`` and are dated back too.
Two are shared with the case's members (actor contacts and readers read them); the one about the
leak to the press names who said what, and stays internal.

Idempotent: it does nothing when the case is already there, or when the demo users are missing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Confidentiality, Sharing, User
from actors.models import Level, Municipality, Organisation, OrganisationType
from actors.services import organisation_save
from checklist.lessons.services import lesson_save
from checklist.models import Lesson
from establishments.models import CaseKind, EstablishmentCase, Phase, PhaseChange
from establishments.services import case_change_phase, case_create

CASE_NAME = "Polarhall datacenter, Umeå eller Skellefteå"
COMPANY_NAME = "Polarhall Datacenter AB"
USERNAMES = ("admin", "samordnare", "tjansteman")
MEMBERS = (
    "Umeå kommun",
    "Skellefteå kommun",
    "Region Västerbotten",
    "Arbetsförmedlingen",
    "Svenska kraftnät",
    "Umeå universitet",
)

# (author, days ago, themes, what worked, what did not, what to do differently, sharing)
LESSONS = [
    (
        "samordnare",
        236,
        ["el_vatten", "mark", "myndighetssamverkan"],
        "Kommunerna, regionen och Länsstyrelsen gav bolaget ett samlat besked om mark, detaljplan och "
        "tillstånd inom två veckor. Ett gemensamt möte med Svenska kraftnät tidigt i utredningen gjorde "
        "att alla visste vilken kapacitet som fanns och när.",
        "Beskedet om elanslutning kom för sent och var för svagt: vi kunde inte lova 80 MW före 2029, "
        "medan Luleå kunde ansluta två år tidigare. Vi hade ingen aktuell bild av ledig effekt när "
        "förfrågan kom, och bolaget fick vänta tre veckor på ett svar som borde ha funnits.",
        "Ta fram en aktuell effektkarta tillsammans med nätägarna innan nästa förfrågan, och larma "
        "Svenska kraftnät redan vid signalen. Säg tidigt och tydligt till bolaget vad vi inte kan "
        "leverera, så att vi hinner erbjuda alternativ som en tomt närmare stamnätet.",
        Sharing.MEMBERS,
    ),
    (
        "tjansteman",
        233,
        ["kompetensforsorjning", "kommunikation"],
        "Arbetsförmedlingen och Umeå universitet tog på en vecka fram ett underlag om drifttekniker, "
        "elektriker och kyltekniker i länet, med utbildningar som kan starta inom ett år. Bolaget kallade "
        "det det bästa kompetensunderlag de fått av någon ort.",
        "Uppgifter om förhandlingen stod i lokalpressen innan bolaget var redo att gå ut, och det kostade "
        "förtroende. Det var oklart vem som fick säga vad, och två kommuner svarade journalisten olika.",
        "Kom överens om mandat för vad som får spridas (rutin 8) redan vid första mötet, utse en "
        "talesperson och använd ett kodnamn från början när bolaget ber om sekretess.",
        Sharing.INTERNAL,
    ),
    (
        "samordnare",
        230,
        ["mottagarkapacitet", "bostader"],
        "Skellefteå kunde snabbt visa bostäder för de första sextio inflyttade teknikerna och en plan "
        "för förskoleplatser, något bolaget sa att andra orter inte kunnat.",
        "Vi mätte inte hur lång tid det tog från signal till första samlade svar, så vi kan inte jämföra "
        "ärendet med andra eller visa bolaget att vi blivit snabbare.",
        "Logga signalen i Samhandla samma dag och följ ledtiderna i varje ärende. Ta upp ärendet i nästa "
        "bedömningsomgång under rutin 10, så att lärdomarna når alla aktörer och inte bara kärngruppen.",
        Sharing.MEMBERS,
    ),
]


def _write(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _date_back(case: EstablishmentCase, steps: list[tuple[str, int]], opened_days_ago: int) -> None:
    """Date the phase changes as they happened in the story (the services date a change now)."""
    now = timezone.now()
    PhaseChange.objects.filter(case=case, from_phase="").update(
        changed_at=now - timedelta(days=opened_days_ago)
    )
    for phase, days_ago in steps:
        PhaseChange.objects.filter(case=case, to_phase=phase).update(
            changed_at=now - timedelta(days=days_ago)
        )
    last_days_ago = steps[-1][1]
    EstablishmentCase.objects.filter(pk=case.pk).update(phase_started_at=now - timedelta(days=last_days_ago))


@transaction.atomic
def seed(stdout=None) -> None:
    if EstablishmentCase.objects.filter(name=CASE_NAME).exists():
        _write(stdout, "Lärdomarna finns redan; hoppas över.")
        return
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    if set(users) != set(USERNAMES):
        _write(stdout, "Demoanvändarna saknas; lärdomarna hoppas över (kör seed_demo först).")
        return
    coordinator, official = users["samordnare"], users["tjansteman"]
    umea = Municipality.objects.get(code="2480")
    skelleftea = Municipality.objects.get(code="2482")
    company = Organisation.objects.filter(name=COMPANY_NAME).first() or organisation_save(
        user=users["admin"],
        organisation=Organisation(
            name=COMPANY_NAME,
            org_number="559321-0007",
            type=OrganisationType.FORETAG,
            level=Level.INTERNATIONELL,
            notes="Bygger datacenter i Norden (påhittat bolag). Valde till slut Luleå.",
        ),
        reason="Demodata",
    )
    members = list(Organisation.objects.filter(name__in=MEMBERS)) + [company]
    case = case_create(
        user=coordinator,
        name=CASE_NAME,
        company=company,
        sector="Datacenter",
        kind=CaseKind.DUPLICATION,
        lead_municipality=umea,
        candidate_municipalities=[umea, skelleftea],
        phase=Phase.INVESTIGATION,
        confidentiality=Confidentiality.OPEN,
        target_jobs=120,
        coordinator=coordinator,
        deputy=official,
        members=members,
        description=(
            "Datacenter med 80 MW effektbehov som kopierar bolagets anläggning i Finland. Två tomter "
            "jämfördes, i Umeå och i Skellefteå. Bolaget valde Luleå, där elanslutningen kunde ske två år "
            "tidigare."
        ),
    )
    steps = [
        (Phase.NEGOTIATION, "Bolaget förhandlar om två tomter; effektbeskedet från nätägarna väntas.", 330),
        (Phase.LOST, "Bolaget valde Luleå: elanslutning två år tidigare än vi kunde erbjuda.", 240),
    ]
    for phase, note, _days in steps:
        case = case_change_phase(case=case, user=coordinator, phase=phase, note=note)
    _date_back(case, [(phase, days) for phase, _note, days in steps], opened_days_ago=420)
    case.refresh_from_db()

    now = timezone.now()
    for author, days_ago, themes, worked, did_not, differently, sharing in LESSONS:
        written = now - timedelta(days=days_ago)
        lesson = lesson_save(
            user=users[author],
            lesson=Lesson(
                case=case,
                what_worked=worked,
                what_did_not=did_not,
                do_differently=differently,
                sharing=sharing,
                created_at=written,
            ),
            themes=themes,
        )
        Lesson.history.filter(id=lesson.pk).update(history_date=written)
    _write(stdout, f"Lärdomar: {len(LESSONS)} från ärendet {CASE_NAME} (förlorat).")
