"""Demo data for the battery-factory case's actor map (moment 3) and contact routes (moment 4).

Called by ``demo.seeder`` with what it has created: ``users`` by username, ``orgs`` and ``people`` by
their keys in ``demo.data``. Everything goes through the services, so history and versions are real.
Some gaps are left on purpose, so the warnings have something to show: two actors without a
mandate, contacts without a deputy, the theme "kommunikation" without anyone responsible, a route
with no fallback, one not verified for 120 days, and one whose first contact has left.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Sharing
from establishments.models import CaseMember
from workspace.actor_map.services import case_member_update
from workspace.routes.models import ContactRoute, RouteStep
from workspace.routes.services import contact_route_save, route_step_save

R = CaseMember.CaseRole
E = CaseMember.Engagement

# org key: (role in the case, engagement, themes, mandate, contact, deputy, influence, interest)
ACTORS = {
    "nordanvind": (
        R.OWNER,
        E.ENGAGED,
        ["kompetensforsorjning", "mark", "el_vatten"],
        "Äger etableringen. Beslutar om tidplan, rekryteringsplan och utbildningssamarbeten.",
        "annika",
        "jonas",
        5,
        5,
    ),
    "region_vb": (
        R.LEAD,
        E.ENGAGED,
        ["myndighetssamverkan", "flernivasamverkan", "larmsystem", "kompetensforsorjning"],
        "Leder samordningen. Beslutar om regionala utvecklingsmedel upp till 500 000 kr per ärende.",
        "maria",
        "erik",
        5,
        5,
    ),
    "skelleftea": (
        R.LEAD,
        E.ENGAGED,
        ["mottagarkapacitet", "mark", "bostader", "tillstand"],
        "Beslutar om markanvisning, detaljplaner och kommunal service enligt delegation.",
        "johan",
        "sara",
        5,
        5,
    ),
    "umea": (
        R.SUPPORT,
        E.ENGAGED,
        ["bostader"],
        "Kan erbjuda bostäder och skolplatser i Umeå för pendlare.",
        "elin",
        None,
        3,
        3,
    ),
    "lst_vb": (
        R.DECIDER,
        E.ENGAGED,
        ["tillstand"],
        "Prövar miljötillstånd; kan prioritera handläggning inom enheten.",
        "per",
        "linnea",
        5,
        3,
    ),
    "af": (
        R.SUPPORT,
        E.ENGAGED,
        ["kompetensforsorjning"],
        "Beslutar om rekryteringsträffar, arbetsmarknadsutbildning och EURES-insatser.",
        "fatima",
        "henrik",
        4,
        5,
    ),
    "svk": (R.DECIDER, E.SHOULD, ["el_vatten"], "Beslutar om anslutning till stamnätet.", "nils", None, 5, 2),
    "umu": (
        R.SUPPORT,
        E.ENGAGED,
        ["kompetensforsorjning"],
        "Kan starta uppdragsutbildning inom batteriteknik inom sex månader.",
        "sofia",
        None,
        3,
        4,
    ),
    "yh_norrsken": (
        R.SUPPORT,
        E.ENGAGED,
        ["kompetensforsorjning"],
        "Ansöker om YH-utbildningar; beslut fattas av MYH.",
        "robert",
        None,
        2,
        5,
    ),
    "komvux_ske": (
        R.SUPPORT,
        E.ENGAGED,
        ["kompetensforsorjning"],
        "Beslutar om platser inom regionalt yrkesvux och lärlingsvux.",
        "ingrid",
        None,
        2,
        4,
    ),
    "gy_ske": (R.SUPPORT, E.INFORMED, ["kompetensforsorjning"], "", "mattias", None, 2, 3),
    "myh": (
        R.DECIDER,
        E.INFORMED,
        ["kompetensforsorjning"],
        "Beslutar om YH-utbildningar i ansökningsomgångarna.",
        "magnus",
        None,
        4,
        2,
    ),
    "tc_vb": (R.SUPPORT, E.SHOULD, [], "Samordnar certifierade utbildningsanordnare.", "therese", None, 2, 3),
    "voc_vb": (R.INFORMED, E.INFORMED, [], "", "camilla", None, 1, 2),
    "kluster": (
        R.SUPPORT,
        E.ENGAGED,
        ["transport"],
        "Samlar underleverantörerna; kan ordna leverantörsdagar.",
        "helena",
        None,
        2,
        4,
    ),
    "teknikforetagen": (R.INFORMED, E.INFORMED, [], "Företräder medlemsföretagen.", "ulrika", None, 2, 2),
    "if_metall": (R.INFORMED, E.SHOULD, [], "", "kenneth", None, 2, 3),
    "nya_skelleftebor": (
        R.SUPPORT,
        E.SHOULD,
        ["mottagarkapacitet"],
        "Tar emot inflyttade familjer: språkcafé, mentorer och föreningsliv.",
        "amira",
        None,
        1,
        4,
    ),
}

# (topic, first contact, what they can answer, sharing, days since verified, internal note,
#  steps: (person, what they handle, is_fallback))
ROUTES = [
    (
        "kompetensforsorjning",
        "fatima",
        "Rekryteringsträffar, kandidatunderlag, arbetsmarknadsutbildning och rekrytering från andra länder "
        "(EURES).",
        Sharing.COMPANY,
        12,
        "Fatima vill ha frågor samlade inför måndagsmötet.",
        [
            ("sofia", "Uppdragsutbildning och nya kurser inom batteriteknik", False),
            ("robert", "YH-utbildningar i batteriproduktion och automation", False),
            ("henrik", "Beslut om arbetsmarknadsutbildning när Fatima är borta", True),
        ],
    ),
    (
        "mark_tillstand",
        "johan",
        "Ledig industrimark, planläge, markoption och vilka tillstånd som behövs.",
        Sharing.COMPANY,
        20,
        "Markfrågan är politiskt känslig i Ersmark; stäm av med kommunledningen.",
        [
            ("sara", "Markkartor, markoption och exploateringstidplan", False),
            ("per", "Miljötillstånd och samråd", False),
            ("linnea", "Plan- och tillståndsfrågor när Per är borta", True),
        ],
    ),
    (
        "el_vatten",
        "nils",
        "Kapacitet i stamnätet och tidplan för anslutning.",
        Sharing.COMPANY,
        120,
        "",
        [("johan", "Kommunalt vatten och avlopp", False)],
    ),
    (
        "bostader",
        "anders",
        "Kommunens bostadsplanering och tillfälliga bostäder under byggtiden.",
        Sharing.MEMBERS,
        45,
        "Anders har slutat; ny kontakt behövs.",
        [
            ("elin", "Bostäder och skolplatser i Umeå för pendlare", False),
            ("maria", "Regional samordning när kommunen inte kan svara", True),
        ],
    ),
    (
        "skola",
        "mattias",
        "Gymnasieutbildningar och samarbeten med arbetslivet; skolplatser för inflyttade barn.",
        Sharing.COMPANY,
        30,
        "",
        [
            ("ingrid", "Komvux, svenska för invandrare och lärlingsvux", False),
            ("amira", "Språkcafé, mentorer och föreningsliv för medföljande", False),
            ("johan", "Kommunens samlade besked om skola och förskola", True),
        ],
    ),
    (
        "kommunikation",
        "maria",
        "Vad som får sägas om etableringen, och när; gemensamma pressmeddelanden.",
        Sharing.INTERNAL,
        60,
        "Inga uppgifter om investeringsbelopp före bolagets eget besked.",
        [("erik", "Talesperson när Maria är borta", True)],
    ),
]


def seed_actor_map_and_routes(*, case, users, orgs, people) -> None:
    user = users["samordnare"]
    members = {m.organisation_id: m for m in CaseMember.objects.filter(case=case)}
    for key, (role, engagement, themes, mandate, contact, deputy, influence, interest) in ACTORS.items():
        member = members.get(orgs[key].pk) if key in orgs else None
        if member is None:
            continue
        member.case_role, member.engagement, member.themes, member.mandate = role, engagement, themes, mandate
        member.contact = people.get(contact)
        member.deputy_contact = people.get(deputy) if deputy else None
        member.influence, member.interest = influence, interest
        case_member_update(user=user, member=member, expected_version=member.version, reason="Aktörskartan")

    today = timezone.localdate()
    for topic, first, answers, sharing, days, note, steps in ROUTES:
        route = contact_route_save(
            user=user,
            route=ContactRoute(
                case=case,
                topic=topic,
                first_contact=people[first],
                answers=answers,
                sharing=sharing,
                last_verified=today - timedelta(days=days),
                note=note,
            ),
            reason="Kontaktvägar",
        )
        for order, (person, handles, fallback) in enumerate(steps, start=1):
            route_step_save(
                user=user,
                step=RouteStep(
                    case=case,
                    route=route,
                    order=order,
                    person=people[person],
                    handles=handles,
                    is_fallback=fallback,
                    sharing=sharing,
                ),
                reason="Kontaktvägar",
            )
