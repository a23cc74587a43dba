"""The disclosure rule (establishments/disclosure.py): what leaves the system about a case, decided
once, for every confidentiality level and audience, and what the messages and files really say."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Confidentiality, Sharing
from establishments import disclosure
from establishments.access import case_grant
from establishments.disclosure import Audience
from tests import factories as f
from workspace.plan.export import due_dates_ical
from workspace.plan.models import Action
from workspace.plan.tasks import notify_commitment_proposed

pytestmark = pytest.mark.django_db

OPEN, RESTRICTED, CONFIDENTIAL = (
    Confidentiality.OPEN,
    Confidentiality.RESTRICTED,
    Confidentiality.CONFIDENTIAL,
)


def case(level):
    company = f.CompanyFactory(name="Nordanvind Batteri AB")
    return f.CaseFactory(
        name="Batterifabriken",
        code_name="Projekt Nordljus",
        confidentiality=level,
        company=company,
        sector="Batteri",
        coordinator=f.coordinator("24"),
        deputy=f.coordinator("24"),
    )


@pytest.mark.parametrize(
    "level, audience, name, company",
    [
        (OPEN, Audience.MESSAGE, "Batterifabriken", "Nordanvind Batteri AB"),
        (RESTRICTED, Audience.MESSAGE, "Batterifabriken", "Nordanvind Batteri AB"),
        (CONFIDENTIAL, Audience.MESSAGE, "Projekt Nordljus", ""),
        (OPEN, Audience.ROSTER, "Batterifabriken", "Nordanvind Batteri AB"),
        (RESTRICTED, Audience.ROSTER, "", ""),
        (CONFIDENTIAL, Audience.ROSTER, "", ""),
        (OPEN, Audience.FILE, "Batterifabriken", "Nordanvind Batteri AB"),
        (CONFIDENTIAL, Audience.FILE, "Projekt Nordljus", ""),
        (OPEN, Audience.COMPANY, "Batterifabriken", "Nordanvind Batteri AB"),
        (CONFIDENTIAL, Audience.COMPANY, "Projekt Nordljus", ""),
    ],
)
def test_how_a_case_is_named_to_each_audience(level, audience, name, company):
    c = case(level)
    assert disclosure.case_name(c, audience) == name
    assert disclosure.company_name(c, audience) == company
    assert disclosure.sector(c, audience) == ("Batteri" if company else "")


@pytest.mark.parametrize(
    "level, audience, sharing, shown",
    [
        (OPEN, Audience.MESSAGE, Sharing.MEMBERS, True),
        (RESTRICTED, Audience.MESSAGE, Sharing.MEMBERS, True),
        (OPEN, Audience.MESSAGE, Sharing.INTERNAL, False),  # an internal item never goes in a message
        (CONFIDENTIAL, Audience.MESSAGE, Sharing.MEMBERS, False),
        (OPEN, Audience.ROSTER, Sharing.COMPANY, False),
        (OPEN, Audience.COMPANY, Sharing.MEMBERS, False),
        (CONFIDENTIAL, Audience.COMPANY, Sharing.COMPANY, True),
        (CONFIDENTIAL, Audience.FILE, Sharing.INTERNAL, True),  # a file holds what its reader may read
    ],
)
def test_what_content_a_text_may_carry(level, audience, sharing, shown):
    assert disclosure.shows_content(case(level), audience, sharing) is shown


def _proposed(level, sharing=Sharing.MEMBERS):
    c = case(level)
    org = c.members.first() or f.OrganisationFactory()
    c.memberships.get_or_create(organisation=org)
    contact = f.contact(organisation=org, email="kontakt@example.se")
    if c.is_confidential:
        case_grant(case=c, user=contact, by=c.coordinator, can_change=False)
    action = Action.objects.create(
        case=c,
        theme="mark",
        title="Markreserv vid Hedensbyn",
        owner_organisation=org,
        commitment="foreslagen",
        sharing=sharing,
        created_by=c.coordinator,
        due_date=timezone.localdate(),
        proposed_by=c.coordinator,
    )
    return action


@pytest.mark.parametrize("level", [OPEN, RESTRICTED])
def test_a_commitment_e_mail_names_an_open_or_restricted_case_with_its_action(level):
    notify_commitment_proposed(_proposed(level).pk)

    (message,) = mail.outbox
    assert "Batterifabriken" in message.subject and "Markreserv vid Hedensbyn" in message.body


def test_a_commitment_e_mail_names_a_confidential_case_by_its_code_name_without_content():
    notify_commitment_proposed(_proposed(CONFIDENTIAL).pk)

    (message,) = mail.outbox
    text = message.subject + message.body
    assert "Projekt Nordljus" in text
    assert "Batterifabriken" not in text and "Markreserv" not in text and "Nordanvind" not in text


def test_the_calendar_feed_keeps_internal_and_confidential_content_out():
    shared = _proposed(OPEN)
    internal = Action.objects.create(
        case=shared.case, theme="mark", title="Intern bedömning av marken", sharing=Sharing.INTERNAL,
        created_by=shared.case.coordinator, due_date=timezone.localdate(),
    )  # fmt: skip
    secret = _proposed(CONFIDENTIAL)

    feed = due_dates_ical(user=shared.case.coordinator, actions=[shared, internal, secret]).decode()

    assert "Markreserv vid Hedensbyn (Batterifabriken)" in feed
    assert "Intern bedömning" not in feed
    assert "Projekt Nordljus" in feed and "Batterifabriken" in feed.split("Projekt Nordljus")[0]
    assert feed.count("Markreserv") == 1  # the confidential case's action is there by code name only
