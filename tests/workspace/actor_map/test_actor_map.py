"""The actor map: inline editing of an actor's place, the map itself, and its warnings."""

import pytest
from django.urls import reverse

from establishments.models import CaseMember, Theme
from establishments.slots import CASE_TABS
from tests.workspace.conftest import member
from workspace.actor_map.selectors import actor_map_progress, case_members

pytestmark = pytest.mark.django_db


def edit_url(w, m):
    return reverse("workspace:item_edit", args=[w["case"].pk, "casemember", m.pk])


def valid_data(w, m, **overrides):
    data = {
        "version": m.version,
        "case_role": "huvudansvarig",
        "engagement": "engagerad",
        "themes": ["kompetensforsorjning", "mark"],
        "mandate": "Beslutar om regionala utvecklingsmedel.",
        "contact": w["maria"].pk,
        "deputy_contact": w["erik"].pk,
        "influence": "4",
        "interest": "5",
        "change_reason": "Efter mötet",
    }
    data.update(overrides)
    return data


def test_the_map_page_shows_every_actor_the_svg_and_the_table(client, w):
    client.force_login(w["coordinator"])
    response = client.get(reverse("workspace:actor_map", args=[w["case"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<svg class="actor-map__svg"') == 2
    assert '<title id="rings-title">' in body and '<desc id="grid-desc">' in body
    for name in ("Nordanvind Batteri AB", "Skelleftea kommun", "Region Vasterbotten"):
        assert f'<th scope="row">{name}</th>' in body
    assert 'aria-current="page"' in body


def test_a_coordinator_edits_an_actor_inline(client, w):
    client.force_login(w["coordinator"])
    m = member(w, "region")
    response = client.post(edit_url(w, m), valid_data(w, m), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Beslutar om regionala" in response.content.decode()
    m.refresh_from_db()
    assert (m.case_role, m.influence, m.interest, m.contact, m.deputy_contact) == (
        "huvudansvarig",
        4,
        5,
        w["maria"],
        w["erik"],
    )
    assert m.themes == ["kompetensforsorjning", "mark"]
    assert m.version == 2
    last = m.history.first()
    assert last.history_user == w["coordinator"] and last.history_change_reason == "Efter mötet"


def test_adding_an_organisation_from_the_registry(client, w):
    client.force_login(w["coordinator"])
    url = reverse("workspace:item_create", args=[w["case"].pk, "casemember"])
    assert "Utomstaende AB" in client.get(url).content.decode()
    response = client.post(
        url, {"organisation": w["outsider_org"].pk, "case_role": "stodjande", "engagement": "bor_engageras"}
    )
    assert response.status_code == 302
    assert (
        CaseMember.objects.get(case=w["case"], organisation=w["outsider_org"]).engagement == "bor_engageras"
    )
    # already a member: not offered, and refused
    response = client.post(
        url, {"organisation": w["outsider_org"].pk, "case_role": "stodjande", "engagement": "engagerad"}
    )
    assert response.status_code == 200
    assert CaseMember.objects.filter(case=w["case"], organisation=w["outsider_org"]).count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"influence": "7"}, "influence"),
        ({"interest": "0"}, "interest"),
        ({"contact": "stranger"}, "contact"),
        ({"deputy_contact": "stranger"}, "deputy_contact"),
        ({"themes": ["kompetensforsorjning", "glassfabrik"]}, "themes"),
        ({"mandate": "x" * 2001}, "mandate"),
        ({"case_role": "kung"}, "case_role"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(client, w, overrides, field):
    client.force_login(w["coordinator"])
    m = member(w, "region")
    if overrides.get("contact") == "stranger":
        overrides["contact"] = w["stranger"].pk
    if overrides.get("deputy_contact") == "stranger":
        overrides["deputy_contact"] = w["stranger"].pk
    before = m.history.count()
    response = client.post(edit_url(w, m), valid_data(w, m, **overrides), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode() or "errors" in response.content.decode()
    assert response.context["form"].errors.get(field), response.context["form"].errors
    m.refresh_from_db()
    assert m.version == 1 and m.history.count() == before and m.mandate == ""


def test_the_deputy_must_differ_from_the_contact(client, w):
    client.force_login(w["coordinator"])
    m = member(w, "region")
    response = client.post(edit_url(w, m), valid_data(w, m, deputy_contact=w["maria"].pk))
    assert response.context["form"].errors["deputy_contact"]
    m.refresh_from_db()
    assert m.contact is None


def test_a_stale_edit_is_refused_and_shows_the_newer_version(client, w):
    client.force_login(w["coordinator"])
    m = member(w, "region")
    client.post(edit_url(w, m), valid_data(w, m, mandate="Första versionen"))
    response = client.post(
        edit_url(w, m), valid_data(w, m, mandate="Andra", version=1), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Första versionen" in body  # the newer version is shown next to the refused edit
    m.refresh_from_db()
    assert m.mandate == "Första versionen" and m.version == 2


def _warning_keys(w):
    client_members = case_members(user=w["coordinator"], case=w["case"])
    from workspace.actor_map.selectors import actor_map_warnings

    return {x["key"]: x["text"] for x in actor_map_warnings(client_members)}


def test_warnings_are_computed_from_the_map(w):
    keys = _warning_keys(w)
    assert set(keys) == {"owner", "mandate", "themes"}  # nobody has a contact yet: no deputy warning
    assert "3 aktörer" in keys["mandate"] or "3 actors" in keys["mandate"]

    CaseMember.objects.filter(pk=member(w, "company").pk).update(case_role="ager", mandate="Äger")
    CaseMember.objects.filter(pk=member(w, "region").pk).update(
        contact=w["maria"], mandate="Samordnar", themes=Theme.values[:6]
    )
    CaseMember.objects.filter(pk=member(w, "kommun").pk).update(
        contact=w["johan"], deputy_contact=w["anders"], mandate="Mark", themes=Theme.values[6:10]
    )
    keys = _warning_keys(w)
    assert set(keys) == {"deputy", "themes"}
    assert "Maria Lundberg (Region Vasterbotten)" in keys["deputy"]
    assert str(Theme.COMMUNICATION.label) in keys["themes"] or "Kommunikation" in keys["themes"]
    progress = actor_map_progress(user=w["coordinator"], case=w["case"])
    assert (progress.done, progress.total) == (2, 4)
    assert progress.missing == list(keys.values())

    CaseMember.objects.filter(pk=member(w, "region").pk).update(
        deputy_contact=w["erik"], themes=[*Theme.values[:6], Theme.COMMUNICATION]
    )
    registered = next(tab.progress for tab in CASE_TABS.values() if tab.key == "actor_map")
    progress = registered(user=w["coordinator"], case=w["case"])
    assert (progress.done, progress.total, progress.missing) == (4, 4, [])


def test_an_empty_map_has_no_progress(w):
    CaseMember.objects.filter(case=w["case"]).delete()
    progress = actor_map_progress(user=w["coordinator"], case=w["case"])
    assert progress.done == 0 and progress.missing


def test_the_overview_shows_the_moment_with_what_is_missing(client, w):
    client.force_login(w["coordinator"])
    body = client.get(w["case"].get_absolute_url()).content.decode()
    assert reverse("workspace:actor_map", args=[w["case"].pk]) in body
    assert reverse("workspace:contact_routes", args=[w["case"].pk]) in body
