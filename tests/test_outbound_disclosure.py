"""Every outbound channel, run for a case at each confidentiality level, checked against the one
disclosure rule (establishments/disclosure.py; README, "The disclosure rule").

The rule, as the README's table states it (written out here again, independently of the module):

=========  =====================================  ===============  ====================================
audience   open / restricted                      confidential     channels
=========  =====================================  ===============  ====================================
MESSAGE    name (company, shared content)         code name only   e-mails, the calendar feed
ROSTER     open: name; restricted: not named      not named        alarm e-mail, SMS, webhook, in-app
FILE       name, company, what the reader reads   code name        case list CSV, action plan XLSX
COMPANY    name, company; company-shared items    code name        "En väg in" (PDF)
=========  =====================================  ===============  ====================================

An internal item's content never leaves in a message, an alarm or a company text.
"""

import io
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Confidentiality, Sharing
from alarms.delivery.messages import render_message
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.raising.services import alarm_raise
from establishments.access import case_grant, grant_core_team
from establishments.tasks import notify_access_change
from tests import factories as f
from tests.workspace.routes.test_one_way_in import pdf_text
from workspace.plan.export import due_dates_ical
from workspace.plan.models import Action
from workspace.plan.tasks import notify_commitment_proposed
from workspace.routes.models import ContactRoute, RouteStep, RouteTopic

pytestmark = [pytest.mark.django_db]

OPEN, RESTRICTED, CONFIDENTIAL = (
    Confidentiality.OPEN,
    Confidentiality.RESTRICTED,
    Confidentiality.CONFIDENTIAL,
)
TOPIC = RouteTopic.values[0]
NAME, CODE, COMPANY, SECTOR = "Batterifabriken", "Projekt Nordljus", "Nordanvind Batteri AB", "Batterisektorn"
SHARED, INTERNAL, COMPANY_ITEM = (
    "Markreserv vid Hedensbyn",
    "Intern bedömning av marken",
    "Välkommen till länet",
)


def world(level):
    coordinator = f.coordinator("24")
    member = f.OrganisationFactory(name="Medlemmen AB")
    case = f.CaseFactory(
        name=NAME,
        code_name=CODE,
        confidentiality=level,
        company=f.CompanyFactory(name=COMPANY),
        sector=SECTOR,
        coordinator=coordinator,
        deputy=f.coordinator("24"),
    )
    case.memberships.create(organisation=member)
    contact = f.contact(organisation=member, email="kontakt@example.se")
    if level == CONFIDENTIAL:
        grant_core_team(case, coordinator, case.deputy)
        case_grant(case=case, user=contact, by=coordinator, can_change=False)
    common = {"case": case, "theme": "mark", "created_by": coordinator, "due_date": timezone.localdate()}
    shared = Action.objects.create(
        title=SHARED,
        owner_organisation=member,
        commitment="foreslagen",
        proposed_by=coordinator,
        sharing=Sharing.MEMBERS,
        **common,
    )
    internal = Action.objects.create(title=INTERNAL, sharing=Sharing.INTERNAL, **common)
    person = f.PersonFactory(organisation=member)
    for text, sharing in ((COMPANY_ITEM, Sharing.COMPANY), (INTERNAL, Sharing.INTERNAL)):
        route = ContactRoute.objects.create(
            case=case, topic=TOPIC, first_contact=person, sharing=sharing, created_by=coordinator
        )
        RouteStep.objects.create(
            case=case,
            route=route,
            order=1,
            person=person,
            handles=text,
            sharing=sharing,
            created_by=coordinator,
        )
    return {
        "case": case,
        "coordinator": coordinator,
        "contact": contact,
        "shared": shared,
        "internal": internal,
    }


# --- The channels: each returns every text it sends out ------------------------------------------


def commitment_email(w, client):
    mail.outbox.clear()
    notify_commitment_proposed(w["shared"].pk)
    return [m.subject + "\n" + m.body for m in mail.outbox]


def access_email(w, client):
    mail.outbox.clear()
    notify_access_change(w["case"].pk, w["contact"].pk, "grant")
    return [m.subject + "\n" + m.body for m in mail.outbox]


def calendar_feed(w, client):
    return [due_dates_ical(user=w["coordinator"], actions=[w["shared"], w["internal"]]).decode()]


def _alarm(w):
    entry = f.roster_entry("24", channels=("email", "sms", "webhook", "inapp"), user_for_primary=f.contact())
    alarm = alarm_raise(
        user=w["coordinator"],
        municipality=w["case"].lead_municipality,
        kind="etablering",
        message="Vi behöver er på plats.",
        case=w["case"],
    )
    return alarm, entry


def alarm_messages(w, client):
    alarm, _entry = _alarm(w)
    texts = []
    for delivery in Delivery.objects.filter(alarm=alarm).exclude(kind="inapp"):
        m = render_message(delivery)
        texts.append("\n".join([m.subject, m.body, m.short, json.dumps(m.data, ensure_ascii=False)]))
    assert {d.kind for d in Delivery.objects.filter(alarm=alarm)} >= {"email", "sms", "webhook"}
    return texts


def in_app(w, client):
    alarm, _entry = _alarm(w)
    notes = list(Notification.objects.filter(alarm=alarm))
    assert notes
    return [n.title + "\n" + n.body for n in notes]


def case_list_csv(w, client):
    client.force_login(w["coordinator"])
    response = client.get(reverse("establishments:case_list") + "?format=csv")
    assert response.status_code == 200
    return [response.content.decode("utf-8-sig")]


def action_plan_xlsx(w, client):
    client.force_login(w["coordinator"])
    response = client.get(reverse("workspace:action_plan_export", args=[w["case"].pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    return ["\n".join(cells)]


def one_way_in_pdf(w, client):
    client.force_login(w["coordinator"])
    response = client.get(reverse("workspace:one_way_in_pdf", args=[w["case"].pk]))
    assert response.status_code == 200
    return [pdf_text(response.content)]


# (channel, audience, must name the case in every text it sends)
CHANNELS = [
    (commitment_email, "MESSAGE"),
    (access_email, "MESSAGE"),
    (calendar_feed, "MESSAGE"),
    (alarm_messages, "ROSTER"),
    (in_app, "ROSTER"),
    (case_list_csv, "FILE"),
    (action_plan_xlsx, "FILE"),
    (one_way_in_pdf, "COMPANY"),
]


def rule(audience: str, level: str) -> tuple[set[str], set[str]]:
    """(what every text must say, what no text may say) about the case, from the README's table."""
    never = {INTERNAL} if audience in ("MESSAGE", "ROSTER", "COMPANY") else set()
    if audience == "ROSTER":
        never |= {SHARED, CODE, COMPANY, SECTOR}
        return ({NAME}, never) if level == OPEN else (set(), never | {NAME})
    if level == CONFIDENTIAL:
        never |= {NAME, COMPANY, SECTOR}
        if audience == "MESSAGE":
            never |= {SHARED}
        return {CODE}, never
    return {NAME}, never


@pytest.mark.parametrize("level", [OPEN, RESTRICTED, CONFIDENTIAL])
@pytest.mark.parametrize("channel, audience", CHANNELS, ids=[c.__name__ for c, _a in CHANNELS])
def test_every_outbound_channel_follows_the_rule(client, settings, channel, audience, level):
    settings.SMS_GATEWAY_URL = "https://sms.example.se/send"  # SMS on, so the alarm has an SMS too
    w = world(level)
    texts = channel(w, client)
    assert texts, f"{channel.__name__} sent nothing"
    must, never = rule(audience, level)
    for text in texts:
        for word in must:
            assert word in text, f"{channel.__name__} ({level}) does not say {word!r}"
        for word in never:
            assert word not in text, f"{channel.__name__} ({level}) says {word!r}"
