"""Demo data of the drills: one finished workshop drill in Västerbotten.

Three weeks ago the regional coordinator (``samordnare``, Maria Lundberg) ran the guide's workshop
for Umeå: "Imorgon får regionen ett samtal om en stor etablering i Umeå …". Five roles took part and
answered *Vad kan din roll bidra med? Hur skulle du gå tillväga?*; the drill was closed a week later.

Every participant is a user. The demo world has three users of Västerbotten who may take part
(``samordnare``, ``tjansteman`` of Skellefteå and ``kontakt`` at Arbetsförmedlingen), so two more
are made here, for people the registry already has: Elin Forsberg (näringslivschef, Umeå kommun;
``tjansteman.umea``) and Per Wikström (miljöprövning, Länsstyrelsen i Västerbottens län;
``kontakt.lansstyrelsen``). They log in with the demo password like the others.

Everything goes through the services (``drill_services``); what they date by the clock (the drill
case and its phase changes) is moved back afterwards, as seed_demo does. No e-mail is sent.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation

from accounts.models import RoleName, User
from accounts.services import user_create
from actors.models import Municipality, Organisation, Person
from actors.services import person_save
from checklist.drills import services as drill_services
from checklist.models import Drill
from demo.data.people import PASSWORD
from establishments.models import EstablishmentCase, PhaseChange

MUNICIPALITY = "2480"  # Umeå
STARTER = "samordnare"

SCENARIO = (
    "Imorgon får regionen ett samtal om en stor etablering i Umeå: ett bolag vill bygga en anläggning "
    "för vätgas och grönt stål med 1 500 arbetstillfällen och behöver inom en vecka besked om mark, "
    "elförsörjning och hur kompetensen ska säkras. Bolaget vill att uppgifterna hålls internt tills "
    "vidare."
)

# Users the demo adds: username: (person name, organisation name, role, municipality code).
EXTRA_USERS: dict[str, tuple[str, str, str, str | None]] = {
    "tjansteman.umea": ("Elin Forsberg", "Umeå kommun", RoleName.OFFICIAL, "2480"),
    "kontakt.lansstyrelsen": ("Per Wikström", "Länsstyrelsen i Västerbottens län", RoleName.CONTACT, None),
}

# username: (role in the drill, hours after the start it was answered, contribution, approach)
ANSWERS: list[tuple[str, str, int, str, str]] = [
    (
        "samordnare",
        "Regional samordnare, Region Västerbotten",
        3,
        "Jag håller ihop regionens svar och ser till att rätt aktörer kopplas in snabbt. Jag kan kalla in "
        "de utpekade aktörerna via larmlistan och ta fram regionens underlag om kompetensförsörjning, "
        "kollektivtrafik och vård.",
        "Ringer tillbaka till Umeå kommun samma dag, öppnar ett ärende i Samhandla och larmar de utpekade "
        "aktörerna. Bokar en första avstämning inom 48 timmar med kommunen, Länsstyrelsen och "
        "Arbetsförmedlingen, och utser en ersättare direkt så att det inte hänger på mig.",
    ),
    (
        "tjansteman.umea",
        "Näringslivschef, Umeå kommun",
        5,
        "Det är oftast oss bolaget ringer först. Vi kan ge besked om planlagd industrimark, kommunens "
        "handläggningstider för bygglov och detaljplan, och förmedla kontakten med det lokala elnätsbolaget.",
        "Loggar signalen direkt och tar fram tre tänkbara tomter med planstatus och avstånd till "
        "stamnätet. Frågor om elnät och tillstånd lämnar jag över till rätt person i stället för att gissa, "
        "och vi kommer överens med bolaget om vad som får spridas innan namnet nämns för någon annan.",
    ),
    (
        "tjansteman",
        "Näringslivsutvecklare, Skellefteå kommun",
        22,
        "Erfarenheter från batterietableringen i Skellefteå: vad som tog tid, vilka kontaktvägar som "
        "fungerade och hur vi tog emot många nya invånare på kort tid – bostäder, skolplatser och jobb "
        "för medföljande.",
        "Delar vår checklista för mottagande och bostadsförsörjning och erbjuder Umeås näringslivsenhet ett "
        "erfarenhetsutbyte redan första veckan. Regionen vinner på att etableringen hamnar i länet, så vi "
        "ställer upp även om vi själva hade velat ha den.",
    ),
    (
        "kontakt",
        "Arbetsgivarsamordnare, Arbetsförmedlingen",
        26,
        "En bild av arbetskraftsutbudet i länet och i landet, matchning och rekrytering via EURES, och "
        "arbetsmarknadsutbildningar som kan starta inom några månader.",
        "När bolaget har angett yrken och volymer tar vi fram en första rekryteringsbild tillsammans med "
        "regionen. Jag kopplar in vår nationella funktion för stora etableringar och bokar ett möte med "
        "bolagets HR inom två veckor.",
    ),
    (
        "kontakt.lansstyrelsen",
        "Handläggare miljöprövning, Länsstyrelsen i Västerbottens län",
        49,
        "Tidig vägledning om miljötillstånd, vattenverksamhet och riksintressen, och en ärlig bild av hur "
        "lång prövningen brukar bli för en anläggning av den här storleken.",
        "Erbjuder ett tidigt samråd så snart bolaget har en tänkbar plats. Vi behöver veta vatten- och "
        "elbehov, utsläpp och vem hos bolaget som äger tillståndsfrågan. Bolaget måste också veta från "
        "början att det vi får in kan bli allmän handling enligt offentlighetsprincipen.",
    ),
]

STARTED_DAYS_AGO = 21
CLOSED_DAYS_AGO = 14


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _extra_users(admin, password: str | None) -> dict[str, User]:
    users = {}
    for username, (name, org_name, role, municipality_code) in EXTRA_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            organisation = Organisation.objects.filter(name=org_name).first()
            if organisation is None:
                continue
            person = Person.objects.filter(name=name, organisation=organisation).first()
            first, last = name.split(" ", 1)
            user = user_create(
                by=admin,
                username=username,
                email=person.email if person and person.email else f"{username}@example.se",
                first_name=first,
                last_name=last,
                role=role,
                organisation=organisation,
                municipality=Municipality.objects.get(code=municipality_code) if municipality_code else None,
                password=password,
            )
            if person is not None and person.user_id is None:
                person.user = user
                person_save(user=admin, person=person, reason="Demodata: användarkonto för övningen")
        users[username] = user
    return users


def seed(stdout=None) -> Drill | None:
    """Create the finished demo drill, once; does nothing if it exists or the demo world is missing."""
    municipality = Municipality.objects.select_related("region").filter(code=MUNICIPALITY).first()
    existing = Drill.objects.filter(municipality=municipality, started_by__username=STARTER).first()
    if existing is not None:
        _say(stdout, "Övningen finns redan.")
        return existing
    users = {
        u.username: u for u in User.objects.filter(username__in=["admin", STARTER, "tjansteman", "kontakt"])
    }
    if municipality is None or len(users) < 4:
        _say(stdout, "Demovärlden saknas (kör seed_demo först); ingen övning skapad.")
        return None
    users |= _extra_users(users["admin"], PASSWORD)
    now = timezone.now()
    started = (now - timedelta(days=STARTED_DAYS_AGO)).replace(hour=9, minute=0, second=0, microsecond=0)
    participants = [(users[username], role) for username, role, *_rest in ANSWERS if username in users]
    starter = users[STARTER]
    with translation.override("sv"):
        drill = drill_services.drill_start(
            user=starter,
            municipality=municipality,
            scenario=SCENARIO,
            participants=participants,
            now=started,
            notify=False,
        )
        for username, _role, hours, contribution, approach in ANSWERS:
            if username in users:
                drill_services.drill_answer(
                    user=users[username],
                    drill=drill,
                    contribution=contribution,
                    approach=approach,
                    now=started + timedelta(hours=hours),
                )
        closed = (now - timedelta(days=CLOSED_DAYS_AGO)).replace(hour=15, minute=30, second=0, microsecond=0)
        drill = drill_services.drill_close(user=starter, drill=drill, now=closed)
    # The services date the drill case and its phases by the clock: move them to the story's days.
    case = drill.case
    PhaseChange.objects.filter(case=case, from_phase="").update(changed_at=started)
    PhaseChange.objects.filter(case=case).exclude(from_phase="").update(changed_at=closed)
    EstablishmentCase.objects.filter(pk=case.pk).update(phase_started_at=closed)
    _say(stdout, f"Övning i {municipality} med {len(participants)} deltagare, avslutad.")
    return drill
