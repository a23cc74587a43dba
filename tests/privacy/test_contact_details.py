"""Who sees a person's e-mail and phone (``accounts.policy.can_see_contact_details``): the staff see
everyone's; readers and actor contacts those of their own organisation and of the member
organisations of the cases their organisation is a member of and they may see."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import policy
from accounts.models import RoleName
from actors.models import Organisation
from tests import factories as f
from tests.factories import bulk_people
from tests.helpers import count_queries, shows, sv

pytestmark = pytest.mark.django_db

HIDDEN_NOTE = "Contact details are shown for people in your organisation and in your cases."


@pytest.fixture
def orgs():
    """Our organisation, a partner on an open case with us, one on a restricted case with us, one on
    a confidential case with us (nobody here is granted it), and one far away on no case with us."""
    names = ["Vår kommun", "Partnern", "Begränsade", "Hemliga", "Långt borta"]
    own, partner, restricted, secret, far = [f.OrganisationFactory(name=n) for n in names]
    open_case = f.CaseFactory()
    restricted_case = f.CaseFactory(confidentiality="begransad")
    secret_case = f.CaseFactory(confidentiality="konfidentiell", code_name="Projekt Hemlis")
    other_region = f.CaseFactory(lead_municipality=f.municipality("2180"))
    for case, members in (
        (open_case, [own, partner]),
        (restricted_case, [own, restricted]),
        (secret_case, [own, secret]),
        (other_region, [far]),
    ):
        for org in members:
            case.memberships.create(organisation=org)
    return {"own": own, "partner": partner, "restricted": restricted, "secret": secret, "far": far}


@pytest.fixture
def people(orgs):
    return {
        key: f.PersonFactory(
            organisation=org, name=f"Person {key}", email=f"{key}@example.se", phone="070-111 22 33"
        )
        for key, org in orgs.items()
    }


def user_of(role: str, org: Organisation):
    if role == "contact":
        return f.contact(organisation=org)
    return f.reader("24", organisation=org)


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("contact", {"own", "partner", "restricted"}),  # a contact sees its organisation's restricted cases
        ("reader", {"own", "partner"}),  # a reader sees open cases only
    ],
)
def test_readers_and_contacts_see_their_organisation_and_their_cases(orgs, people, role, visible):
    user = user_of(role, orgs["own"])
    seen = {key for key, person in people.items() if policy.can_see_contact_details(user, person)}
    assert seen == visible
    narrowed = policy.contact_organisations(user, Organisation.objects.all())
    assert {o.pk for o in narrowed} == {orgs[key].pk for key in visible}


def test_a_confidential_case_opens_contacts_only_once_granted(orgs, people):
    from guardian.shortcuts import assign_perm

    user = f.contact(organisation=orgs["own"])
    assert not policy.can_see_contact_details(user, people["secret"])
    case = orgs["secret"].case_memberships.get().case
    assign_perm(policy.VIEW_CASE, user, case)
    user = type(user).objects.get(pk=user.pk)  # a new request: nothing cached
    assert policy.can_see_contact_details(user, people["secret"])


@pytest.mark.parametrize("make", [f.admin, lambda: f.coordinator("21"), lambda: f.official("2180")])
def test_the_staff_see_everyone(people, make):
    user = make()
    assert all(policy.can_see_contact_details(user, p) for p in people.values())
    assert policy.sees_all_contact_details(user)


def test_nobody_else_sees_any(people):
    inactive = f.contact(organisation=people["own"].organisation, is_active=False)
    no_role = f.UserFactory()
    reader_without_org = f.reader("24")
    for user in (inactive, no_role, reader_without_org):
        assert not any(policy.can_see_contact_details(user, p) for p in people.values())


def test_everyone_sees_their_own(people):
    reader = f.reader("24")
    mine = f.PersonFactory(organisation=people["far"].organisation, user=reader, email="mig@example.se")
    assert policy.can_see_contact_details(reader, mine)


# --- The pages -----------------------------------------------------------------------------------


def test_person_page_shows_or_hides_them(client, orgs, people):
    client.force_login(f.contact(organisation=orgs["own"]))
    partner = client.get(reverse("actors:person_detail", args=[people["partner"].pk]))
    assert shows(partner, "partner@example.se") and shows(partner, "070-111 22 33")
    far = client.get(reverse("actors:person_detail", args=[people["far"].pk]))
    assert (
        shows(far, "Person far")
        and not shows(far, "far@example.se")
        and "070-111" not in far.content.decode()
    )
    assert shows(far, sv(HIDDEN_NOTE))


def test_organisation_page_hides_them_with_a_note(client, orgs, people):
    client.force_login(f.reader("24", organisation=orgs["own"]))
    far = client.get(reverse("actors:organisation_detail", args=[orgs["far"].pk]))
    assert shows(far, "Person far") and not shows(far, "far@example.se")
    assert shows(far, sv(HIDDEN_NOTE))
    partner = client.get(reverse("actors:organisation_detail", args=[orgs["partner"].pk]))
    assert shows(partner, "partner@example.se") and not shows(partner, sv(HIDDEN_NOTE))


def test_history_shows_earlier_contact_details_to_whom_it_shows_the_current(client, orgs, people):
    from actors.services import person_save

    far = people["far"]
    far.email = "far.ny@example.se"
    person_save(user=f.admin(), person=far, reason="Ny adress")
    client.force_login(f.contact(organisation=orgs["own"]))
    page = client.get(reverse("actors:person_history", args=[far.pk])).content.decode()
    assert "far@example.se" not in page and "far.ny@example.se" not in page
    client.force_login(f.coordinator("24"))
    page = client.get(reverse("actors:person_history", args=[far.pk])).content.decode()
    assert "far@example.se" in page and "far.ny@example.se" in page


def test_search_by_e_mail_finds_only_whom_one_may_see(client, orgs, people):
    client.force_login(f.contact(organisation=orgs["own"]))
    assert not shows(client.get(reverse("search") + "?q=far@example"), "Person far")
    assert shows(client.get(reverse("search") + "?q=partner@example"), "Person partner")
    assert shows(client.get(reverse("search") + "?q=Person far"), "Person far")  # by name, as before


def test_contact_routes_hide_them(client, orgs, people):
    from workspace.core.services import item_save
    from workspace.routes.models import ContactRoute

    case = orgs["partner"].case_memberships.get().case
    admin = f.admin()
    item_save(
        user=admin,
        item=ContactRoute(
            case=case,
            topic="ovrigt",
            first_contact=people["far"],
            answers="Allt om mark",
            sharing="medlemmar",
        ),
    )
    item_save(
        user=admin,
        item=ContactRoute(
            case=case,
            topic="ovrigt",
            first_contact=people["partner"],
            answers="Vatten",
            sharing="etableraren",
        ),
    )
    client.force_login(f.contact(organisation=orgs["own"]))
    page = client.get(reverse("workspace:contact_routes", args=[case.pk]))
    assert page.status_code == 200
    assert shows(page, "Person far") and not shows(page, "far@example.se") and shows(page, sv(HIDDEN_NOTE))
    assert shows(page, "partner@example.se")
    # "En väg in", as a page and as a PDF (written uncompressed: its text can be searched).
    item_save(
        user=admin,
        item=ContactRoute(
            case=case,
            topic="mark_tillstand",
            first_contact=people["far"],
            answers="Mark",
            sharing="etableraren",
        ),
    )
    page = client.get(reverse("workspace:one_way_in", args=[case.pk]))
    assert (
        shows(page, "Person far") and not shows(page, "far@example.se") and shows(page, "partner@example.se")
    )
    pdf = client.get(reverse("workspace:one_way_in_pdf", args=[case.pk])).content
    assert b"partner@example.se" in pdf and b"far@example.se" not in pdf


def test_the_admin_columns_follow_the_policy(people, rf):
    from django.contrib import admin

    from actors.models import Person

    person_admin = admin.site._registry[Person]
    for user, shown in ((f.UserFactory(is_staff=True, is_superuser=True), False), (f.admin(), True)):
        request = rf.get("/")
        request.user = user
        *_, email, phone = person_admin.get_list_display(request)
        assert (email(people["far"]), phone(people["far"])) == (
            ("far@example.se", "070-111 22 33") if shown else ("–", "–")
        )
        assert ("email" in person_admin.get_search_fields(request)) is shown
        assert ("email" in (person_admin.get_exclude(request, people["far"]) or [])) is not shown


# --- Query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["contact", "reader"])
def test_the_people_list_asks_once_whatever_the_number_of_people(client, orgs, role):
    client.force_login(user_of(role, orgs["own"]))
    url = reverse("actors:organisation_detail", args=[orgs["partner"].pk])
    bulk_people(orgs["partner"], 3, prefix="Fa")
    count_queries(client, url)  # warm-up
    few = count_queries(client, url)
    bulk_people(orgs["partner"], 60, prefix="Manga")
    many = count_queries(client, url)
    assert few == many, f"organisation page: {few} queries at 3 people, {many} at 63"


def test_search_results_ask_once_whatever_the_number_of_people(client, orgs):
    client.force_login(f.contact(organisation=orgs["own"]))
    url = reverse("search") + "?q=Sokbar"
    bulk_people(orgs["far"], 2, prefix="Sokbar A")
    count_queries(client, url)
    few = count_queries(client, url)
    bulk_people(orgs["partner"], 15, prefix="Sokbar B")
    many = count_queries(client, url)
    assert few == many


def test_the_contact_cache_is_dropped_when_the_user_changes(orgs, people):
    user = f.contact(organisation=orgs["far"])
    assert not policy.can_see_contact_details(user, people["partner"])
    user.organisation = orgs["own"]
    policy.forget(user)
    assert policy.can_see_contact_details(user, people["partner"])


def test_the_readers_group_is_the_role(orgs):
    assert Group.objects.filter(name=RoleName.READER).exists()
