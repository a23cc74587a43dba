"""The workspace's core: every kind of record goes through the one set of endpoints, which log every
view of a confidential case, refuse a view-only user, and refuse a stale edit by the one rule."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Confidentiality, Sharing
from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation
from establishments import access
from establishments import services as case_services
from establishments.models import CaseMember, CaseViewLog
from establishments.slots import CASE_TABS
from tests import factories as f
from workspace.core import kinds
from workspace.core.versioning import StaleEdit
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.plan.models import Action
from workspace.routes.models import ContactRoute, RouteStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def conf():
    """A confidential case, its two responsible coordinators, and one record of every kind."""
    coordinator, deputy = f.coordinator("24"), f.coordinator("24")
    org = f.OrganisationFactory(name="Skellefteå kommun")
    person = f.PersonFactory(organisation=org)
    case = case_services.case_create(
        user=coordinator,
        name="Hemlig fabrik",
        code_name="Projekt Norrsken",
        confidentiality=Confidentiality.CONFIDENTIAL,
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=deputy,
        members=[org],
    )
    by = {"case": case, "created_by": coordinator, "sharing": Sharing.MEMBERS}
    entry = JournalEntry.objects.create(date=date(2026, 3, 1), title="Möte", **by)
    route = ContactRoute.objects.create(topic="mark_tillstand", first_contact=person, answers="Mark", **by)
    gap = CompetenceGap.objects.create(
        occupation=Occupation.objects.filter(level=4).first(), year=2027, needed=10, source="annan", **by
    )
    records = {
        "expectation": Expectation.objects.create(kind="forvantan", text="Jobb", **by),
        "milestone": Milestone.objects.create(title="Byggstart", date=date(2027, 1, 1), **by),
        "resourcecommitment": ResourceCommitment.objects.create(
            organisation=org, description="Tid", people=1, **by
        ),
        "journalentry": entry,
        "followup": FollowUp.objects.create(entry=entry, text="Ring", owner=org, **by),
        "contactroute": route,
        "routestep": RouteStep.objects.create(route=route, order=1, person=person, handles="Mark", **by),
        "action": Action.objects.create(theme="mark", title="Markreserv", **by),
        "competencegap": gap,
        "intervention": Intervention.objects.create(
            gap=gap, kind="yh", organisation=org, places_per_year=5, start=date(2026, 8, 1), **by
        ),
        "livingneed": LivingNeed.objects.create(kind="bostader", description="Bostäder", **by),
        "casemember": CaseMember.objects.get(case=case, organisation=org),
    }
    return {"case": case, "coordinator": coordinator, "records": records}


def test_every_kind_of_record_is_registered_once():
    assert set(kinds.all_kinds()) == {
        "expectation", "milestone", "resourcecommitment", "journalentry", "followup", "casemember",
        "contactroute", "routestep", "action", "competencegap", "intervention", "livingneed",
    }  # fmt: skip


def test_the_guides_five_moments_are_tabs_in_their_order_and_the_journal_last():
    tabs = [(tab.number, tab.key) for tab in CASE_TABS.values()]
    assert tabs == [
        (1, "goals"), (2, "competence"), (3, "actor_map"), (4, "contact_routes"), (5, "action_plan"),
        (None, "journal"),
    ]  # fmt: skip
    assert all(tab.progress for tab in CASE_TABS.values() if tab.number)


@pytest.mark.parametrize("kind", sorted(kinds.all_kinds()))
def test_every_endpoint_of_every_kind_logs_the_view_of_a_confidential_case(client, conf, kind):
    """Before, three tabs' inline endpoints did not write the view log: now one decorator does."""
    item = conf["records"][kind]
    client.force_login(conf["coordinator"])
    case = conf["case"].pk
    urls = [
        reverse("workspace:item_edit", args=[case, kind, item.pk]) + "?view=1",
        reverse("workspace:item_edit", args=[case, kind, item.pk]),
        reverse("workspace:item_history", args=[case, kind, item.pk]),
    ]
    for url in urls:
        before = CaseViewLog.objects.filter(case=conf["case"]).count()
        assert client.get(url).status_code == 200, url
        logged = CaseViewLog.objects.filter(case=conf["case"]).order_by("-pk").first()
        assert CaseViewLog.objects.filter(case=conf["case"]).count() == before + 1
        assert logged.user == conf["coordinator"] and logged.path == url.split("?")[0]


def test_a_view_only_user_of_the_case_gets_the_fragment_but_no_form(client, conf):
    item = conf["records"]["expectation"]
    edit = reverse("workspace:item_edit", args=[conf["case"].pk, "expectation", item.pk])
    official = f.official("2482")
    access.case_grant(case=conf["case"], user=official, by=conf["coordinator"], can_change=False)
    client.force_login(official)
    assert client.get(edit + "?view=1").status_code == 200
    assert client.get(edit).status_code == 403
    assert (
        client.post(
            edit, {"kind": "forvantan", "text": "Nej", "sharing": "medlemmar", "version": 1}
        ).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.text == "Jobb"


def test_an_unknown_kind_is_not_found(client, conf):
    client.force_login(conf["coordinator"])
    for name in ("item_create",):
        assert client.get(reverse(f"workspace:{name}", args=[conf["case"].pk, "user"])).status_code == 404
    assert client.get(reverse("workspace:item_history", args=[conf["case"].pk, "user", 1])).status_code == 404


def test_the_actor_map_has_no_removal_through_the_generic_endpoint(client, conf):
    member = conf["records"]["casemember"]
    client.force_login(conf["coordinator"])
    url = reverse("workspace:item_delete", args=[conf["case"].pk, "casemember", member.pk])

    assert client.post(url, {"version": member.version}).status_code == 404
    assert CaseMember.objects.filter(pk=member.pk).exists()


def test_the_one_stale_edit_rule_holds_for_case_members_too(conf):
    from workspace.core.services import member_save

    member = conf["records"]["casemember"]
    member_save(user=conf["coordinator"], member=member, expected_version=member.version, reason="x")
    stale = CaseMember.objects.get(pk=member.pk)
    stale.version = 1
    with pytest.raises(StaleEdit) as refused:
        member_save(user=conf["coordinator"], member=stale, expected_version=1, reason="y")
    assert refused.value.current.version == 2
