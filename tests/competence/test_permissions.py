"""Who may see and change moment 2: the tab, the inline edits, the history and the search."""

import pytest
from django.urls import reverse

from competence.models import CompetenceGap, Intervention, LivingNeed
from establishments.models import CaseViewLog

from .conftest import make_gap, make_intervention, make_need

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def tab(case):
    return reverse("competence:case_competence", kwargs={"case_pk": case.pk})


def url(name, case, kind=None, pk=None):
    kwargs = {"case_pk": case.pk}
    if kind:
        kwargs["kind"] = kind
    if pk:
        kwargs["pk"] = pk
    namespace = "workspace" if name.startswith("item_") else "competence"  # records: the workspace's
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


GAP_POST = {
    "year": 2027, "needed": 10, "regional_supply": 0, "source": "annan", "confidence": "hog",
    "sharing": "medlemmar",
}  # fmt: skip


def test_anonymous_users_are_sent_to_log_in(client, w):
    gap = make_gap(w.case, w.coordinator)
    for target in [
        tab(w.case),
        url("item_edit", w.case, "competencegap", gap.pk),
        url("occupation_search", w.case),
    ]:
        response = client.get(target)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["coordinator", "deputy", "official", "admin", "reader", "contact"])
def test_those_who_see_the_case_see_the_tab(client, w, who):
    make_gap(w.case, w.coordinator)
    client.force_login(getattr(w, who))
    response = client.get(tab(w.case))
    assert response.status_code == 200
    assert "8189" in response.content.decode()


@pytest.mark.parametrize("who", ["coordinator_other_region", "contact_other"])
def test_others_do_not_reach_the_tab(client, w, who):
    gap = make_gap(w.case, w.coordinator)
    client.force_login(getattr(w, who))
    for target in [
        tab(w.case),
        url("summary", w.case),
        url("item_history", w.case, "competencegap", gap.pk),
        url("item_edit", w.case, "competencegap", gap.pk),
    ]:
        assert client.get(target).status_code == 404, target


def test_a_confidential_case_is_only_for_those_granted_it(client, w):
    gap = make_gap(w.confidential, w.coordinator, note="Hemlig siffra")
    for who in ["official", "admin", "reader", "contact", "coordinator_other_region"]:
        client.force_login(getattr(w, who))
        for target in [tab(w.confidential), url("item_history", w.confidential, "competencegap", gap.pk)]:
            response = client.get(target)
            assert response.status_code == 404, (who, target)
            assert "Hemlig siffra" not in response.content.decode()
        response = client.post(url("item_edit", w.confidential, "competencegap", gap.pk), {**GAP_POST})
        assert response.status_code == 404
    client.force_login(w.deputy)
    assert client.get(tab(w.confidential)).status_code == 200
    # Every view of a confidential case is logged.
    assert CaseViewLog.objects.filter(case=w.confidential, user=w.deputy).exists()


@pytest.mark.parametrize("who", ["reader", "contact"])
def test_readers_and_actor_contacts_cannot_change_anything(client, w, who):
    gap = make_gap(w.case, w.coordinator)
    intervention = make_intervention(gap, w.coordinator)
    need = make_need(w.case, w.coordinator)
    client.force_login(getattr(w, who))
    body = client.get(tab(w.case)).content.decode()
    assert 'id="add-gap"' not in body and "ta-bort" not in body
    for kind, item in [("competencegap", gap), ("intervention", intervention), ("livingneed", need)]:
        assert client.get(url("item_edit", w.case, kind, item.pk)).status_code == 403
        assert client.post(url("item_edit", w.case, kind, item.pk), {"needed": 1}).status_code == 403
        assert client.post(url("item_delete", w.case, kind, item.pk), {"version": 1}).status_code == 403
        assert client.post(url("item_create", w.case, kind), {**GAP_POST}).status_code == 403
        assert client.get(url("item_history", w.case, kind, item.pk)).status_code == 200
    assert client.get(url("occupation_search", w.case) + "?q=el").status_code == 403
    assert CompetenceGap.objects.count() == 1 and Intervention.objects.count() == 1
    assert LivingNeed.objects.count() == 1
    gap.refresh_from_db()
    assert gap.version == 1


@pytest.mark.parametrize("who", ["reader", "contact"])
def test_internal_items_are_hidden_from_readers_and_actor_contacts(client, w, who):
    shared = make_gap(w.case, w.coordinator, code="7411", note="Delas med medlemmarna")
    internal = make_gap(w.case, w.coordinator, code="2141", sharing="intern", note="Bolagets hemliga siffror")
    make_intervention(shared, w.coordinator, title="Intern insats", sharing="intern")
    make_intervention(internal, w.coordinator, title="Insats på intern brist", sharing="medlemmar")
    make_need(w.case, w.coordinator, description="Intern bostadsfråga", sharing="intern")
    client.force_login(getattr(w, who))
    body = client.get(tab(w.case)).content.decode()
    assert "Delas med medlemmarna" in body
    for secret in [
        "Bolagets hemliga siffror",
        "2141",
        "Intern insats",
        "Insats på intern brist",
        "Intern bostadsfråga",
    ]:
        assert secret not in body, secret
    assert client.get(url("item_history", w.case, "competencegap", internal.pk)).status_code == 404
    summary = client.get(url("summary", w.case)).content.decode()
    assert "2141" not in summary
    # The coordinator sees everything.
    client.force_login(w.coordinator)
    body = client.get(tab(w.case)).content.decode()
    assert "Bolagets hemliga siffror" in body and "Intern insats" in body


def test_an_item_of_another_case_is_not_found_through_this_case(client, w):
    other = make_gap(w.confidential, w.coordinator)
    client.force_login(w.coordinator)
    assert client.get(url("item_edit", w.case, "competencegap", other.pk)).status_code == 404
    assert (
        client.post(url("item_delete", w.case, "competencegap", other.pk), {"version": 1}).status_code == 404
    )
    assert client.get(url("item_edit", w.case, "nonsense", other.pk)).status_code == 404
    assert CompetenceGap.objects.filter(pk=other.pk).exists()
