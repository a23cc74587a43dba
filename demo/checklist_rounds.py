"""Demo data of the assessment rounds: Västerbotten's two *bedömningsomgångar*.

The earlier round opened about six and a half months ago and is closed; the later one opened three
weeks ago and is still open, with its deadline six days ahead. Each is named by the half-year it
opened in (``season_title``: "våren" January to June, "hösten" July to December), so the names fit
the dates whenever the demo is seeded; the code calls them autumn and spring only as the earlier and
the later. Eight organisations are asked in both: the region,
Skellefteå and Umeå kommun, Komvux Skellefteå, Länsstyrelsen, Arbetsförmedlingen, Umeå universitet
and Yrkeshögskolan Norrsken.

Why the later round stays open: the demo then shows every part of answering, not only the result.
Six organisations have submitted (so the matrix, the readiness figure and its trend have two
rounds to compare: the readiness pages count submitted answers, open round or not);
Arbetsförmedlingen has a draft with six of ten routines answered, so the demo contact (``kontakt``,
Fatima Karimi) logs in to "Go on answering"; Umeå kommun has not started, and both were reminded
yesterday, so the coordinator's status page has something to chase.

The answers differ the way they do in a real region. On routine 4 (a shared record of where
signals come in) the region says Ja while Skellefteå, Umeå and Komvux Skellefteå say Nej in the
autumn, so the matrix flags the disagreement. Most answers move between the rounds (Skellefteå's
routine 3 Nej → Delvis, the region's routine 6 Delvis → Ja, Komvux's routine 1 Nej → Delvis …), and
Skellefteå changed one answer after submitting, with a reason, so its history shows it.

Everything goes through the services: ``round_open`` (with ``invite=False``: the demo's addresses
are invented and must not be mailed), ``answer_save`` (dated by its ``now``; through the personal
link for most, in the app for the two organisations with demo users), ``round_close``. Only the
reminder date is set directly, as the reminder task would have left it yesterday, without mailing.

Idempotent: nothing happens when Västerbotten already has a round, or when the demo world
(``seed_demo``) is missing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from actors.models import Organisation, Person, Region
from checklist.models import Participant, Round
from checklist.rounds import services

REGION = "24"
COORDINATOR = "samordnare"

# key: (organisation, contact person, the demo user who answers in the app, or None: the link)
ORGANISATIONS = {
    "region": ("Region Västerbotten", "Maria Lundberg", None),
    "skelleftea": ("Skellefteå kommun", "Johan Nyström", "tjansteman"),
    "umea": ("Umeå kommun", "Elin Forsberg", None),
    "komvux": ("Komvux Skellefteå", "Ingrid Nilsson", None),
    "lst": ("Länsstyrelsen i Västerbottens län", "Per Wikström", None),
    "af": ("Arbetsförmedlingen", "Fatima Karimi", "kontakt"),
    "umu": ("Umeå universitet", "Sofia Hedlund", None),
    "yh": ("Yrkeshögskolan Norrsken AB", "Robert Marklund", None),
}

# Routines 1–10 per organisation: J(a), D(elvis), N(ej), "." not answered yet; None: not started.
AUTUMN = {
    "region": "JJDJDDNDND",
    "skelleftea": "DDNNDJNDDN",
    "umea": "DNNNNDNDNN",
    "komvux": "NNDNDDNJNN",
    "lst": "DDDDDJDDNN",
    "af": "DDDNJDNJDN",
    "umu": "NDDNDDDJND",
    "yh": "NNDNDDNDDN",
}
SPRING = {
    "region": "JJJJDJDJDD",
    "skelleftea": "JDDDJDDDDD",
    "umea": None,
    "komvux": "DDDNDJDJDD",
    "lst": "JDJDDJDJDD",
    "af": "DJDNJD....",
    "umu": "DJDNDJDJDJ",
    "yh": "DDDNDJDDDD",
}
LETTERS = {"J": "ja", "D": "delvis", "N": "nej", ".": ""}


def season_title(opened) -> str:
    """A round's name by the half-year it opened in: "Bedömningsomgång våren 2026" (January to June)
    or "Bedömningsomgång hösten 2026" (July to December). The demo's rounds open more than half a
    year apart, so their names always differ."""
    day = timezone.localdate(opened)
    return f"Bedömningsomgång {'våren' if day.month <= 6 else 'hösten'} {day.year}"


# What each organisation's handlingsplan says, routine by routine (the first that fits is used:
# the organisation's own, else the routine's general one).
PLANS = {
    1: "Utse en namngiven kontaktperson för regional samordning av etableringar, med ersättare",
    2: "Gå igenom guiden på ledningsgruppens möte och lägga den på intranätet",
    3: "Skriva en överenskommelse om ägarskap för etableringsfrågor med regionen och grannkommunerna",
    4: "Registrera alla etableringssignaler i Samhandla, oavsett var de kommer in",
    5: "Ta fram en hänvisningslista per sakfråga och öva den med växeln och näringslivsenheten",
    6: "Uppdatera kontaktlistan och ersättarna inför sommaren",
    7: "Hålla en workshop om kringeffekter (bostäder, skola, vård) med befintliga arbetsgivare",
    8: "Ta fram en riktlinje för vilken information om pågående etableringar som får spridas",
    9: "Kartlägga etablerarens underleverantörer tillsammans med Business Sweden och klustret",
    10: "Hålla en kort återblick med lärdomar efter varje avslutat ärende",
}
OWN_PLANS = {
    ("umea", 4): "Koppla kommunens ärendesystem till regionens gemensamma signallogg",
    ("komvux", 4): "Lägga in förfrågningar om utbildning från etablerare i den gemensamma loggen",
    ("af", 7): "Ta fram en bild av hur rekryteringen påverkar befintliga arbetsgivare i länet",
    ("umu", 9): "Samla bolagens behov av uppdragsutbildning tidigt i processen",
    ("yh", 2): "Presentera guiden för ledningsgrupperna i våra YH-utbildningar",
    ("lst", 9): "Tidigt samråd med etableraren om tillståndsprocessen och underleverantörernas behov",
}
WHO = {
    "region": "Regional samordnare",
    "skelleftea": "Näringslivsenheten",
    "umea": "Näringslivschefen",
    "komvux": "Rektor",
    "lst": "Enheten för miljöprövning",
    "af": "Sektionschef, stora etableringar",
    "umu": "Samverkansstrategen",
    "yh": "Utbildningsledaren",
}
COMMENTS = {
    ("autumn", "region", 4): "Alla signaler som kommer till regionen loggas sedan 2023.",
    ("autumn", "skelleftea", 4): "Signalerna hamnar hos den som råkar svara; ingen samlad logg.",
    ("autumn", "umea", 4): "Vi ser inte vad som kommit in till regionen eller grannkommunen.",
    ("autumn", "komvux", 4): "Förfrågningar om utbildning kommer direkt till rektor och stannar där.",
    ("autumn", "umea", 2): "Guiden är okänd utanför näringslivskontoret.",
    ("autumn", "af", 5): "Vi lämnar alltid över till rätt sektion samma dag.",
    ("autumn", "lst", 8): "Sekretessen kring pågående prövningar är tydlig, men inte det som ligger före.",
    ("spring", "region", 6): "Kontaktlistan gicks igenom i januari och har ersättare för alla roller.",
    ("spring", "skelleftea", 4): "Signalerna loggas nu, men växeln är inte med ännu.",
    ("spring", "komvux", 1): "Vi vet nu vem på regionen vi ska kontakta.",
    ("spring", "lst", 1): "Länsstyrelsen har en utsedd kontakt sedan förra omgången.",
    ("spring", "umu", 10): "Vi håller återblickar efter varje uppdragsutbildning.",
    ("spring", "yh", 6): "Ny utbildningsledare med ersättare på plats.",
}


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _values(participant: Participant, code: str, season: str, key: str, opened) -> dict:
    routines = {a.routine.number: a.routine_id for a in participant.answers.select_related("routine")}
    values = {}
    for number, letter in enumerate(code, start=1):
        value = LETTERS[letter]
        row = {"value": value, "comment": COMMENTS.get((season, key, number), "")}
        if value in ("delvis", "nej"):
            row |= {
                "plan_what": OWN_PLANS.get((key, number), PLANS[number]),
                "plan_who": WHO[key],
                "plan_when": timezone.localdate(opened) + timedelta(days=90 + 30 * (number % 4)),
            }
        values[routines[number]] = row
    return values


def _answer(round_, answers: dict, season: str, opened, users: dict, submit_days: dict) -> dict:
    participants = {
        p.organisation.name: p for p in round_.participants.select_related("organisation", "contact")
    }
    done = {}
    for key, code in answers.items():
        name, _person, username = ORGANISATIONS[key]
        p = participants.get(name)
        if p is None or code is None:
            continue
        user = users.get(username) if username else None
        who = {"user": user} if user is not None else {"person": p.contact}
        now = opened + timedelta(days=submit_days.get(key, 5), hours=2)
        services.answer_save(
            participant=p,
            values=_values(p, code, season, key, opened),
            submit="." not in code,
            now=now,
            **who,
        )
        done[key] = p
    return done


@transaction.atomic
def seed(stdout=None) -> None:
    region = Region.objects.filter(code=REGION).first()
    if region is None or Round.objects.filter(region=region).exists():
        _write(stdout, "Bedömningsomgångarna finns redan (eller regionen saknas); hoppas över.")
        return
    users = {u.username: u for u in User.objects.filter(username__in=[COORDINATOR, "tjansteman", "kontakt"])}
    coordinator = users.get(COORDINATOR)
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=[v[0] for v in ORGANISATIONS.values()])}
    if coordinator is None or len(orgs) < len(ORGANISATIONS):
        _write(stdout, "Demovärlden saknas; bedömningsomgångarna hoppas över (kör seed_demo först).")
        return
    people = {(p.organisation_id, p.name): p for p in Person.objects.filter(organisation__in=orgs.values())}
    organisations = [orgs[name] for name, _p, _u in ORGANISATIONS.values()]
    contacts = {
        orgs[name].pk: people[(orgs[name].pk, person)]
        for name, person, _u in ORGANISATIONS.values()
        if (orgs[name].pk, person) in people
    }
    now = timezone.now()

    # The earlier round: opened about six and a half months ago, closed a week after its deadline.
    autumn_opened = now - timedelta(days=196)
    autumn = services.round_open(
        user=coordinator,
        region=region,
        title=season_title(autumn_opened),
        deadline=timezone.localdate(autumn_opened) + timedelta(days=28),
        organisations=organisations,
        contacts=contacts,
        now=autumn_opened,
        invite=False,
    )
    days = {"region": 3, "skelleftea": 12, "umea": 27, "komvux": 21, "lst": 8, "af": 15, "umu": 18, "yh": 24}
    _answer(autumn, AUTUMN, "autumn", autumn_opened, users, days)
    services.round_close(user=coordinator, round=autumn, now=autumn_opened + timedelta(days=35))

    # The later round: opened three weeks ago, deadline in six days; still open.
    spring_opened = now - timedelta(days=21)
    spring = services.round_open(
        user=coordinator,
        region=region,
        title=season_title(spring_opened),
        deadline=timezone.localdate(now) + timedelta(days=6),
        organisations=organisations,
        contacts=contacts,
        now=spring_opened,
        invite=False,
    )
    days = {"region": 2, "skelleftea": 6, "komvux": 13, "lst": 9, "af": 16, "umu": 11, "yh": 18}
    done = _answer(spring, SPRING, "spring", spring_opened, users, days)

    # Skellefteå changes an answer after submitting: the history keeps the reason.
    skelleftea = done.get("skelleftea")
    if skelleftea is not None and "tjansteman" in users:
        routine_6 = skelleftea.answers.get(routine__number=6)
        services.answer_save(
            participant=skelleftea,
            user=users["tjansteman"],
            values={
                routine_6.routine_id: {
                    "value": "ja",
                    "comment": "Kontaktlistan uppdaterad efter länsträffen.",
                }
            },
            reason="Kontaktlistan och ersättarna klara efter länsträffen",
            now=spring_opened + timedelta(days=14),
        )

    # Those who have not submitted were reminded yesterday (dated as the reminder task leaves it).
    Participant.objects.filter(round=spring, submitted_at__isnull=True).update(
        reminded_on=timezone.localdate(now) - timedelta(days=1)
    )
    answered = spring.participants.filter(submitted_at__isnull=False).count()
    _write(
        stdout,
        f"Bedömningsomgångar: {autumn.title} (stängd) och {spring.title} "
        f"({answered} av {len(organisations)} har svarat).",
    )
