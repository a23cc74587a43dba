"""Demo data for the action plan (moment 5) of the battery-factory case, made through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from competence.models import CompetenceGap, LivingNeed
from workspace.plan import services as plan_services
from workspace.plan.models import Action, ActionStatus

# (theme, title, nuläge, börläge, organisation key, person key, days until due, status, sharing,
#  gap occupations (SSYK prefixes) or living-need kinds it serves)
ACTIONS = [
    (
        "kompetensforsorjning",
        "Starta YH-utbildningen Processoperatör battericelltillverkning",
        "Ingen utbildning för processoperatörer i regionen; bolaget rekryterar internationellt.",
        "60 examinerade per år från 2027, med praktik i fabriken.",
        "yh_norrsken",
        "robert",
        120,
        ActionStatus.IN_PROGRESS,
        "etableraren",
        ["gap:81"],
    ),
    (
        "kompetensforsorjning",
        "Regionalt yrkesvux: underhållstekniker och elektriker, 60 platser per år",
        "Komvux har 12 platser inom el och automation.",
        "60 platser per år, med start i januari och augusti.",
        "komvux_ske",
        "ingrid",
        60,
        ActionStatus.PLANNED,
        "medlemmar",
        ["gap:7"],
    ),
    (
        "kompetensforsorjning",
        "Matcha arbetssökande mot de första 500 tjänsterna",
        "Bolaget annonserar själv; Arbetsförmedlingen har inget samlat uppdrag.",
        "En gemensam rekryteringsprocess med förmedling, validering och uppföljning.",
        "af",
        "fatima",
        21,
        ActionStatus.PLANNED,
        "medlemmar",
        ["gap:rest"],
    ),
    (
        "bostader",
        "Detaljplan för 1 200 nya bostäder i Norrböle",
        "Planprogram antaget; detaljplan ej påbörjad.",
        "Antagen detaljplan och första byggstart av 300 lägenheter.",
        "skelleftea",
        "sara",
        200,
        ActionStatus.IN_PROGRESS,
        "etableraren",
        ["bostader"],
    ),
    (
        "mottagarkapacitet",
        "Internationell skola med 150 platser",
        "Ingen engelskspråkig skola i kommunen; familjer väljer Umeå.",
        "En internationell skola F–9 med 150 platser.",
        "skelleftea",
        "anders",
        240,
        ActionStatus.PLANNED,
        "medlemmar",
        ["internationell_skola"],
    ),
    (
        "el_vatten",
        "Säkra 200 MW anslutning för etapp 2",
        "Kapacitet bekräftad för etapp 1 (100 MW).",
        "Beslut om anslutning för etapp 2 före bolagets investeringsbeslut.",
        "svk",
        "nils",
        300,
        ActionStatus.PLANNED,
        "medlemmar",
        [],
    ),
    (
        "transport",
        "Busstrafik till industriområdet anpassad till skiftarbete",
        "Bussar går bara dagtid, var 30:e minut.",
        "Avgångar vid varje skiftbyte, alla dagar.",
        "region_vb",
        "erik",
        90,
        ActionStatus.IN_PROGRESS,
        "etableraren",
        ["kollektivtrafik"],
    ),
    (
        "mottagarkapacitet",
        "Välkomstcenter för inflyttare och medföljande",
        "Inflyttare hänvisas mellan kommun, region och föreningar.",
        "En väg in för inflyttare: bostad, skola, jobb för medföljande och föreningsliv.",
        "nya_skelleftebor",
        "amira",
        -10,
        ActionStatus.IN_PROGRESS,
        "medlemmar",
        ["jobb_medfoljande"],
    ),
    (
        "tillstand",
        "Samordnad tillståndsprocess för etapp 3",
        "Miljöprövning och bygglov handläggs var för sig.",
        "Ett gemensamt samråd och en tidplan för alla tillstånd.",
        "lst_vb",
        "per",
        45,
        ActionStatus.PLANNED,
        "intern",
        [],
    ),
    (
        "kommunikation",
        "Gemensam kommunikationsplan mot bolaget och allmänheten",
        "Varje aktör kommunicerar själv.",
        "Ett gemensamt budskap och en talesperson per fråga.",
        "region_vb",
        "maria",
        14,
        ActionStatus.DONE,
        "medlemmar",
        [],
    ),
    (
        "myndighetssamverkan",
        "Kvartalsvisa avstämningar mellan myndigheterna",
        "Avstämningar sker när något brinner.",
        "Fasta möten varje kvartal med protokoll och uppföljning.",
        "region_vb",
        "erik",
        30,
        ActionStatus.IN_PROGRESS,
        "intern",
        [],
    ),
]


def _links(case, keys):
    gaps, needs = [], []
    for key in keys:
        if key == "gap:rest":  # every gap the education actions do not serve: matching and recruitment
            gaps += list(CompetenceGap.objects.filter(case=case).exclude(occupation__code__regex=r"^(81|7)"))
        elif key.startswith("gap:"):
            gaps += list(CompetenceGap.objects.filter(case=case, occupation__code__startswith=key[4:]))
        else:
            needs += list(LivingNeed.objects.filter(case=case, kind=key))
    return gaps, needs


def seed_action_plan(*, case, users, orgs, people) -> list[Action]:
    """About ten actions over several themes: some accepted, one declined with a reason, one proposed
    to Arbetsförmedlingen (the ``kontakt`` user's organisation) still unanswered, one overdue."""
    coordinator = users["samordnare"]
    today = timezone.localdate()
    created = {}
    for theme, title, now, target, org, person, days, status, sharing, links in ACTIONS:
        action = Action(
            case=case,
            theme=theme,
            title=title,
            current_state=now,
            target_state=target,
            owner_organisation=orgs.get(org),
            owner_person=people.get(person),
            due_date=today + timedelta(days=days),
            status=status,
            sharing=sharing,
        )
        if action.owner_person and action.owner_person.organisation_id != action.owner_organisation_id:
            action.owner_person = None
        action = plan_services.action_save(user=coordinator, action=action, reason="Demodata")
        gaps, needs = _links(case, links)
        action.gaps.set(gaps)
        action.living_needs.set(needs)
        created[title[:20]] = action
    # The welcome centre answers for every living-environment need no other action serves.
    created["Välkomstcenter för i"].living_needs.add(
        *LivingNeed.objects.filter(case=case, actions__isnull=True)
    )

    def propose(key):
        return plan_services.action_propose(user=coordinator, action=created[key], notify=False)

    def answer(key, user, accept=True, reason=""):
        plan_services.action_respond(user=users[user], action=created[key], accept=accept, reason=reason)

    # Accepted: the municipality takes on the housing plan, the region the buses and the communication.
    propose("Detaljplan för 1 200")
    answer("Detaljplan för 1 200", "tjansteman")
    propose("Busstrafik till indu")
    answer("Busstrafik till indu", "samordnare")
    propose("Gemensam kommunikati")
    answer("Gemensam kommunikati", "samordnare")
    # Declined, with a reason.
    propose("Internationell skola")
    answer(
        "Internationell skola",
        "tjansteman",
        accept=False,
        reason="Kommunen saknar beslut om finansiering; frågan tas upp i budgetberedningen inför 2027.",
    )
    # Proposed to Arbetsförmedlingen, waiting for the kontakt user's answer.
    propose("Matcha arbetssökande")
    return list(created.values())
