"""Two coordinators edit the same gap from the same version: the second is refused, the first is
kept, and nothing is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from competence.models import CompetenceGap

from .conftest import make_gap

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def test_the_second_of_two_edits_from_the_same_version_is_refused(w):
    gap = make_gap(w.case, w.coordinator, code="7233", needed=150, supply=40)
    url = reverse("workspace:item_edit", kwargs={"case_pk": w.case.pk, "kind": "competencegap", "pk": gap.pk})
    first, second = Client(), Client()
    first.force_login(w.coordinator)
    second.force_login(w.deputy)
    form_a = first.get(url, headers={"HX-Request": "true"}).content.decode()
    form_b = second.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'name="version" value="1"' in form_a and 'name="version" value="1"' in form_b
    data = {
        "occupation": gap.occupation_id, "year": gap.year, "regional_supply": 40, "source": "etableraren",
        "confidence": "hog", "sharing": "medlemmar", "version": 1,
    }  # fmt: skip

    ok = first.post(
        url, {**data, "needed": 200, "change_reason": "Bolagets nya plan"}, headers={"HX-Request": "true"}
    )
    assert ok.status_code == 200 and "item--editing" not in ok.content.decode()
    assert ok["HX-Trigger"] == "competence-changed"

    refused = second.post(
        url, {**data, "needed": 90, "change_reason": "Min gissning"}, headers={"HX-Request": "true"}
    )
    body = refused.content.decode()
    assert "Someone else saved this while you were editing" in body
    assert 'name="version" value="2"' in body  # saving again would knowingly replace version 2

    gap.refresh_from_db()
    assert (gap.needed, gap.version) == (200, 2)
    reasons = list(CompetenceGap.history.filter(id=gap.pk).values_list("history_change_reason", flat=True))
    assert "Bolagets nya plan" in reasons and "Min gissning" not in reasons


def test_a_stale_delete_is_refused_and_the_newer_version_shown(w, client):
    gap = make_gap(w.case, w.coordinator)
    gap.needed = 300
    from competence import services

    services.competence_gap_save(user=w.deputy, gap=gap, expected_version=1)
    client.force_login(w.coordinator)
    url = reverse(
        "workspace:item_delete", kwargs={"case_pk": w.case.pk, "kind": "competencegap", "pk": gap.pk}
    )
    response = client.post(url, {"version": 1}, headers={"HX-Request": "true"})
    assert "nothing was removed" in response.content.decode()
    assert CompetenceGap.objects.filter(pk=gap.pk, needed=300).exists()
    # The current version removes it; the removal is kept in history with who did it.
    response = client.post(url, {"version": 2}, headers={"HX-Request": "true"})
    assert response.content == b""
    assert not CompetenceGap.objects.filter(pk=gap.pk).exists()
    last = CompetenceGap.history.filter(id=gap.pk).first()
    assert last.history_type == "-" and last.history_user == w.coordinator
