"""Who may see and who may change the actor registry, page by page."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests import factories as f
from tests.helpers import csv_upload, registry_snapshot

pytestmark = pytest.mark.django_db

VIEW_ONLY_ROLES = {
    "reader": lambda: f.reader("24"),
    "contact": lambda: f.contact(),
    "official": lambda: f.official("2482"),
}
EDITOR_ROLES = {"admin": lambda: f.admin(), "coordinator": lambda: f.coordinator("24")}

VIEW_PAGES = [
    "organisation_list",
    "person_list",
    "organisation_detail",
    "organisation_history",
    "person_detail",
    "person_history",
    "role_history",
]
EDIT_PAGES = [
    "organisation_create",
    "organisation_edit",
    "person_create",
    "person_edit",
    "role_create",
    "role_edit",
    "import",
]


@pytest.fixture
def registry():
    m = f.municipality("2482")
    org = f.OrganisationFactory(name="Skellefteå kommun", municipality=m, region=m.region)
    person = f.PersonFactory(organisation=org, name="Anna Berg")
    deputy = f.PersonFactory(organisation=org, name="Bo Ek")
    role = f.RoleFactory(organisation=org, person=person, title="Näringslivschef")
    return SimpleNamespace(org=org, person=person, deputy=deputy, role=role)


def url_of(page: str, r) -> str:
    args = {
        "organisation_list": [],
        "person_list": [],
        "organisation_detail": [r.org.pk],
        "organisation_history": [r.org.pk],
        "person_detail": [r.person.pk],
        "person_history": [r.person.pk],
        "role_history": [r.role.pk],
        "organisation_create": [],
        "organisation_edit": [r.org.pk],
        "person_create": [],
        "person_edit": [r.person.pk],
        "role_create": [r.org.pk],
        "role_edit": [r.org.pk, r.role.pk],
        "import": [],
    }[page]
    return reverse(f"actors:{page}", args=args)


def valid_post(page: str, r) -> dict:
    """A POST that an editor's browser would send and that the registry accepts."""
    return {
        "organisation_create": {"name": "Ny organisation AB", "type": "foretag", "level": "lokal"},
        "organisation_edit": {"name": "Omdöpt kommun", "type": "kommun", "level": "lokal"},
        "person_create": {"name": "Ny Person", "organisation": r.org.pk},
        "person_edit": {"name": "Anna Omdöpt", "organisation": r.org.pk},
        "role_create": {"person": r.person.pk, "title": "Ny roll", "valid_from": "2025-01-01"},
        "role_edit": {
            "person": r.person.pk,
            "title": "Omdöpt roll",
            "valid_from": "2025-01-01",
            "deputy": r.deputy.pk,
        },
        "import": {
            "kind": "organisations",
            "file": csv_upload("name,type,level\nImporterad AB,foretag,lokal\n"),
        },
    }[page]


@pytest.mark.parametrize("page", VIEW_PAGES + EDIT_PAGES)
def test_it_sends_anonymous_to_login_and_ignores_their_post(client, registry, page):
    url = url_of(page, registry)
    before = registry_snapshot()
    for response in (
        client.get(url),
        client.post(url, valid_post(page, registry) if page in EDIT_PAGES else {}),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert registry_snapshot() == before


@pytest.mark.parametrize("role", VIEW_ONLY_ROLES)
@pytest.mark.parametrize("page", VIEW_PAGES)
def test_it_lets_every_role_read_the_registry(client, registry, role, page):
    client.force_login(VIEW_ONLY_ROLES[role]())
    assert client.get(url_of(page, registry)).status_code == 200


@pytest.mark.parametrize("role", VIEW_ONLY_ROLES)
@pytest.mark.parametrize("page", EDIT_PAGES)
def test_it_forbids_view_only_roles_to_edit_and_a_forged_post_changes_nothing(client, registry, role, page):
    client.force_login(VIEW_ONLY_ROLES[role]())
    assert client.get(url_of(page, registry)).status_code == 403
    before = registry_snapshot()
    response = client.post(url_of(page, registry), valid_post(page, registry))
    assert response.status_code == 403
    assert registry_snapshot() == before


@pytest.mark.parametrize("role", EDITOR_ROLES)
@pytest.mark.parametrize("page", EDIT_PAGES)
def test_it_lets_editors_make_the_same_post(client, registry, role, page):
    # The positive control of the forged-post test: the very same request does change the registry.
    client.force_login(EDITOR_ROLES[role]())
    assert client.get(url_of(page, registry)).status_code == 200
    before = registry_snapshot()
    response = client.post(url_of(page, registry), valid_post(page, registry))
    assert response.status_code == 302, response.context["form"].errors if response.context else None
    assert registry_snapshot() != before


def test_it_shows_edit_links_to_editors_only(client, registry):
    edit_url = url_of("organisation_edit", registry)
    client.force_login(f.reader("24"))
    assert edit_url not in client.get(url_of("organisation_detail", registry)).content.decode()
    client.force_login(f.coordinator("24"))
    assert edit_url in client.get(url_of("organisation_detail", registry)).content.decode()


@pytest.mark.parametrize("page", VIEW_PAGES + EDIT_PAGES)
def test_it_shows_nothing_to_a_user_without_a_role(client, registry, page):
    user = f.UserFactory()
    assert not user.groups.exists()
    client.force_login(user)
    # 403 where the page is the registry itself, 404 where it names one object: neither leaks data.
    assert client.get(url_of(page, registry)).status_code in {403, 404}


def test_it_treats_a_user_whose_group_is_not_a_role_as_without_role(client, registry):
    user = f.UserFactory()
    user.groups.add(Group.objects.create(name="Bokklubben"))
    client.force_login(user)
    assert client.get(url_of("organisation_list", registry)).status_code == 403
