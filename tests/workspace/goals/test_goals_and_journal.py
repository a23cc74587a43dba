"""Moment 1 (målbild och förankring) and the journal: inline items, sharing, concurrency."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from establishments.models import CaseMember
from tests import factories as f
from tests.helpers import count_queries
from workspace.core.services import item_save
from workspace.goals.models import Expectation, Milestone
from workspace.goals.selectors import goals_progress
from workspace.journal.models import FollowUp, JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    coordinator, deputy = f.coordinator("24"), f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    case.memberships.create(organisation=f.OrganisationFactory(name="Skellefteå kommun"))
    return case


def create_url(case, kind):
    return reverse("workspace:item_create", kwargs={"case_pk": case.pk, "kind": kind})


def edit_url(item, kind):
    return reverse("workspace:item_edit", kwargs={"case_pk": item.case_id, "kind": kind, "pk": item.pk})


def expectation(case, **kw):
    item = Expectation(case=case, kind=kw.pop("kind", "forvantan"), text=kw.pop("text", "Fler jobb"), **kw)
    return item_save(user=case.coordinator, item=item)


def test_it_adds_an_expectation_inline(client, case):
    client.force_login(case.coordinator)
    org = case.members.get()

    response = client.post(
        create_url(case, "expectation"),
        {"kind": "farhaga", "text": "Bostadsbrist", "organisation": org.pk, "sharing": "intern"},
        HTTP_HX_REQUEST="true",
    )

    item = Expectation.objects.get()
    assert response.status_code == 200
    assert f'id="expectation-{item.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert (item.kind, item.organisation, item.created_by, item.version) == (
        "farhaga",
        org,
        case.coordinator,
        1,
    )
    assert item.history.get().history_user == case.coordinator


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "forvantan", "text": ""}, "text"),
        ({"kind": "forvantan", "text": "x" * 2001}, "text"),
        ({"kind": "hopp", "text": "Något"}, "kind"),
        ({"kind": "forvantan", "text": "Något", "sharing": "alla"}, "sharing"),
    ],
)
def test_it_rejects_bad_input_and_saves_nothing(client, case, data, field):
    client.force_login(case.coordinator)

    response = client.post(
        create_url(case, "expectation"), {"sharing": "medlemmar", **data}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response["HX-Retarget"] == "#new-expectation"
    assert Expectation.objects.count() == 0


def test_an_organisation_outside_the_case_is_refused(client, case):
    client.force_login(case.coordinator)
    outsider = f.OrganisationFactory()

    response = client.post(
        create_url(case, "expectation"),
        {"kind": "forvantan", "text": "X", "organisation": outsider.pk, "sharing": "intern"},
    )

    assert "organisation" in response.context["form"].errors
    assert Expectation.objects.count() == 0


def test_a_milestone_needs_a_real_date(client, case):
    client.force_login(case.coordinator)

    response = client.post(
        create_url(case, "milestone"),
        {"kind": "byggstart", "title": "Byggstart", "date": "2027-02-30", "sharing": "intern"},
    )

    assert "date" in response.context["form"].errors
    assert Milestone.objects.count() == 0


def test_a_resource_needs_people_or_money(client, case):
    client.force_login(case.coordinator)
    org = case.members.get()

    response = client.post(
        create_url(case, "resourcecommitment"),
        {"organisation": org.pk, "description": "Stöd", "sharing": "intern"},
    )

    assert response.context["form"].non_field_errors()


def test_a_stale_edit_is_refused_and_shows_the_newer_version(client, case):
    item = expectation(case, text="Original")
    other = case.deputy
    client.force_login(other)
    first = client.post(
        edit_url(item, "expectation"),
        {"kind": "forvantan", "text": "Först sparad", "sharing": "medlemmar", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert first.status_code == 200
    client.force_login(case.coordinator)

    second = client.post(
        edit_url(item, "expectation"),
        {"kind": "forvantan", "text": "Skrivet samtidigt", "sharing": "medlemmar", "version": 1},
        HTTP_HX_REQUEST="true",
    )

    item.refresh_from_db()
    assert item.text == "Först sparad" and item.version == 2
    html = second.content.decode()
    assert "Först sparad" in html  # the newer version is shown beside the refused edit
    assert second.context["form"].non_field_errors()
    assert 'name="version" value="2"' in html  # saving again now knowingly replaces version 2


def test_a_stale_delete_removes_nothing(client, case):
    item = expectation(case)
    item_save(user=case.coordinator, item=item, expected_version=1)
    client.force_login(case.coordinator)

    response = client.post(
        reverse("workspace:item_delete", kwargs={"case_pk": case.pk, "kind": "expectation", "pk": item.pk}),
        {"version": "1"},
        HTTP_HX_REQUEST="true",
    )

    # Nothing is removed; the item is shown again as it is now, with why.
    assert response.status_code == 200
    assert gettext(
        "Someone else changed this meanwhile; nothing was removed. This is the newer version."
    ) in (response.content.decode())
    assert Expectation.objects.filter(pk=item.pk).exists()


def test_it_deletes_with_history(client, case):
    item = expectation(case)
    client.force_login(case.coordinator)

    client.post(
        reverse("workspace:item_delete", kwargs={"case_pk": case.pk, "kind": "expectation", "pk": item.pk}),
        {"version": "1"},
    )

    assert not Expectation.objects.exists()
    assert Expectation.history.filter(id=item.pk, history_type="-").get().history_user == case.coordinator


def test_actor_contacts_see_shared_items_only_and_cannot_edit(client, case):
    org = case.members.get()
    contact = f.contact(organisation=org)
    shared = expectation(case, text="Delad förväntan", sharing="medlemmar")
    internal = expectation(case, text="Intern farhåga", kind="farhaga", sharing="intern")
    client.force_login(contact)

    page = client.get(reverse("workspace:goals", kwargs={"case_pk": case.pk})).content.decode()

    assert "Delad förväntan" in page and "Intern farhåga" not in page
    assert client.get(edit_url(internal, "expectation") + "?view=1").status_code == 404  # not there for them
    assert client.get(edit_url(internal, "expectation")).status_code == 403  # and no form for them at all
    assert (
        client.post(
            edit_url(shared, "expectation"),
            {"kind": "forvantan", "text": "Ändrat", "sharing": "medlemmar", "version": 1},
        ).status_code
        == 403
    )
    assert (
        client.post(
            create_url(case, "expectation"), {"kind": "forvantan", "text": "Nytt", "sharing": "medlemmar"}
        ).status_code
        == 403
    )
    shared.refresh_from_db()
    assert shared.text == "Delad förväntan" and Expectation.objects.count() == 2


def test_an_unknown_kind_is_not_found(client, case):
    client.force_login(case.coordinator)
    assert client.get(create_url(case, "signal")).status_code == 404


def test_engagement_is_changed_and_gaps_listed(client, case):
    member = case.memberships.get()
    client.force_login(case.coordinator)

    client.post(
        reverse("workspace:engagement_change", kwargs={"case_pk": case.pk, "member_pk": member.pk}),
        {"engagement": "bor_engageras", "version": 1},
    )

    member.refresh_from_db()
    assert member.engagement == CaseMember.Engagement.SHOULD and member.version == 2
    progress = goals_progress(user=case.coordinator, case=case)
    engaged = ngettext(
        "%(n)d actor should be engaged but is not", "%(n)d actors should be engaged but are not", 1
    )
    assert engaged % {"n": 1} in progress.missing


def test_a_stale_engagement_change_is_refused(client, case):
    member = case.memberships.get()
    client.force_login(case.coordinator)
    url = reverse("workspace:engagement_change", kwargs={"case_pk": case.pk, "member_pk": member.pk})
    client.post(url, {"engagement": "informeras", "version": 1})

    client.post(url, {"engagement": "bor_engageras", "version": 1})

    member.refresh_from_db()
    assert member.engagement == "informeras"


def test_goals_progress_counts_what_is_done(case):
    assert goals_progress(user=case.coordinator, case=case).done == 1  # nobody unengaged
    expectation(case)
    expectation(case, kind="farhaga")
    item_save(user=case.coordinator, item=Milestone(case=case, title="Byggstart", date="2027-05-01"))
    progress = goals_progress(user=case.coordinator, case=case)
    assert (progress.done, progress.total) == (4, 5)
    assert progress.missing == [gettext("no resources committed")]


def test_the_journal_keeps_meetings_decisions_and_follow_ups(client, case):
    client.force_login(case.coordinator)
    org = case.members.get()
    client.post(
        create_url(case, "journalentry"),
        {
            "kind": "beslut",
            "date": "2026-11-20",
            "title": "Styrgrupp",
            "participants": "Region, kommun",
            "sharing": "medlemmar",
        },
    )
    entry = JournalEntry.objects.get()

    response = client.post(
        create_url(case, "followup"),
        {
            "entry": entry.pk,
            "text": "Boka lokal",
            "owner": org.pk,
            "due": "2026-12-01",
            "sharing": "medlemmar",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.headers.get("HX-Refresh") == "true", response.context and response.context["form"].errors
    assert FollowUp.objects.get().entry == entry
    page = client.get(reverse("workspace:journal", kwargs={"case_pk": case.pk})).content.decode()
    assert "Styrgrupp" in page and "Boka lokal" in page


def test_a_follow_up_cannot_hang_on_another_cases_meeting(client, case):
    other = f.CaseFactory(coordinator=f.coordinator("24"))
    entry = item_save(user=other.coordinator, item=JournalEntry(case=other, date="2026-11-01", title="Annat"))
    client.force_login(case.coordinator)

    response = client.post(
        create_url(case, "followup"),
        {"entry": entry.pk, "text": "X", "owner": case.members.get().pk, "sharing": "intern"},
    )

    assert "entry" in response.context["form"].errors
    assert FollowUp.objects.count() == 0


def grow_workspace(case, n):
    from actors.models import Organisation
    from workspace.goals.models import ResourceCommitment

    user = case.coordinator
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Org {case.pk}-{i}-{n}", type="kommun", level="lokal") for i in range(n)]
    )
    CaseMember.objects.bulk_create([CaseMember(case=case, organisation=o) for o in orgs])
    Expectation.objects.bulk_create(
        [
            Expectation(
                case=case,
                kind="forvantan" if i % 2 else "farhaga",
                text=f"T{i}",
                organisation=orgs[i],
                created_by=user,
            )
            for i in range(n)
        ]
    )
    Milestone.objects.bulk_create(
        [Milestone(case=case, title=f"M{i}", date="2027-01-01", created_by=user) for i in range(n)]
    )
    ResourceCommitment.objects.bulk_create(
        [
            ResourceCommitment(case=case, organisation=orgs[i], description="D", people=1, created_by=user)
            for i in range(n)
        ]
    )
    entries = JournalEntry.objects.bulk_create(
        [JournalEntry(case=case, date="2026-11-01", title=f"J{i}", created_by=user) for i in range(n)]
    )
    FollowUp.objects.bulk_create(
        [FollowUp(case=case, entry=entries[i], text="F", owner=orgs[i], created_by=user) for i in range(n)]
    )


@pytest.mark.parametrize("page", ["goals", "journal", "case_detail"])
def test_query_counts_do_not_grow(client, case, page, django_assert_num_queries):
    client.force_login(case.coordinator)
    url = (
        case.get_absolute_url()
        if page == "case_detail"
        else reverse(f"workspace:{page}", kwargs={"case_pk": case.pk})
    )
    counts = []
    for n in (5, 195):
        grow_workspace(case, n)
        counts.append(count_queries(client, url, warm=True))
    print(f"{page}: {counts[0]} queries at 5 items, {counts[1]} at 200")
    assert counts[0] == counts[1], counts


def test_history_pages_cover_actor_map_and_contact_route_records(client, case):
    from workspace.routes.models import ContactRoute

    member = case.memberships.get()
    person = f.PersonFactory(organisation=member.organisation)
    route = item_save(
        user=case.coordinator,
        item=ContactRoute(
            case=case, topic="bostader", first_contact=person, answers="Bostäder", sharing="intern"
        ),
        reason="Ny väg",
    )
    client.force_login(case.coordinator)
    for kind, pk in (("casemember", member.pk), ("contactroute", route.pk)):
        url = reverse("workspace:item_history", kwargs={"case_pk": case.pk, "kind": kind, "pk": pk})
        assert client.get(url).status_code == 200, kind
    contact = f.contact(organisation=member.organisation)
    client.force_login(contact)
    url = reverse(
        "workspace:item_history", kwargs={"case_pk": case.pk, "kind": "contactroute", "pk": route.pk}
    )
    assert client.get(url).status_code == 404  # an internal route's history stays internal
    bad = reverse("workspace:item_history", kwargs={"case_pk": case.pk, "kind": "user", "pk": 1})
    assert client.get(bad).status_code == 404
