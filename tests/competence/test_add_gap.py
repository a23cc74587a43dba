"""Adding a competence gap from the form at the top of the tab: a saved gap is confirmed by name and
the tab opens at its row; a refused one keeps the form open with its errors and saves nothing; only
those who may record in the workspace may add one, and a confidential case stays out of sight."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from competence.models import CompetenceGap

from .conftest import make_gap, occupation
from .test_bad_input import gap_data
from .test_query_counts import grow

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def tab_url(case) -> str:
    return reverse("competence:case_competence", kwargs={"case_pk": case.pk})


def test_the_add_form_stands_at_the_top_of_the_list_for_an_editor(client, w):
    make_gap(w.case, w.coordinator)
    client.force_login(w.coordinator)
    body = client.get(tab_url(w.case)).content.decode()
    form_at = body.index('id="add-gap"')
    list_at = body.index('id="list-competencegap"')
    assert form_at < list_at  # above the list, not below it
    assert f'action="{tab_url(w.case)}#add-gap"' in body
    assert "Add a competence gap" in body


def test_a_saved_gap_is_confirmed_and_the_tab_opens_at_its_row(client, w):
    client.force_login(w.coordinator)
    response = client.post(tab_url(w.case), gap_data())
    gap = CompetenceGap.objects.get(case=w.case)
    assert response.status_code == 302
    assert response["Location"] == f"{tab_url(w.case)}#gap-{gap.pk}"
    assert (gap.occupation, gap.year, gap.needed, gap.regional_supply) == (occupation("7411"), 2027, 50, 10)
    assert gap.created_by == w.coordinator and gap.history.count() == 1
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [f"The competence gap “{occupation('7411').name}, 2027” has been added."]
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="gap-{gap.pk}"' in page  # the anchor the redirect points at


@pytest.mark.parametrize(
    "bad",
    [{"needed": -5}, {"year": "nästa år"}, {"occupation": ""}, {"source": "gissning"}, {"sharing": "alla"}],
)
def test_a_bad_gap_keeps_the_form_open_with_its_errors_and_saves_nothing(client, w, bad):
    client.force_login(w.coordinator)
    response = client.post(tab_url(w.case), gap_data(**bad))
    body = response.content.decode()
    assert response.status_code == 200
    assert not CompetenceGap.objects.filter(case=w.case).exists()
    assert "The competence gap was not added. Correct what is marked below and try again." in body
    assert 'id="add-gap" open' in body  # the form stays open, with what was typed
    assert 'class="errors"' in body
    assert not list(get_messages(response.wsgi_request))


def test_the_same_occupation_and_year_twice_is_refused_in_the_form(client, w):
    make_gap(w.case, w.coordinator, code="7411", year=2027)
    client.force_login(w.coordinator)
    response = client.post(tab_url(w.case), gap_data())
    assert response.status_code == 200
    assert CompetenceGap.objects.filter(case=w.case).count() == 1
    assert 'id="add-gap" open' in response.content.decode()


@pytest.mark.parametrize("who", ["reader", "contact"])
def test_readers_and_actor_contacts_may_not_add_a_gap(client, w, who):
    client.force_login(getattr(w, who))
    assert client.get(tab_url(w.case)).status_code == 200  # they read the tab
    body = client.get(tab_url(w.case)).content.decode()
    assert 'id="add-gap"' not in body
    assert client.post(tab_url(w.case), gap_data()).status_code == 403
    assert not CompetenceGap.objects.exists()


@pytest.mark.parametrize(
    "who", ["official", "reader", "contact", "contact_other", "coordinator_other_region"]
)
def test_a_confidential_case_is_neither_shown_nor_added_to(client, w, who):
    make_gap(w.confidential, w.coordinator, note="Hemlig fabrik")
    client.force_login(getattr(w, who))
    assert client.get(tab_url(w.confidential)).status_code == 404
    response = client.post(tab_url(w.confidential), gap_data())
    assert response.status_code == 404
    assert CompetenceGap.objects.filter(case=w.confidential).count() == 1
    assert "Hemlig" not in response.content.decode()


def test_the_core_team_adds_to_a_confidential_case(client, w):
    client.force_login(w.deputy)
    response = client.post(tab_url(w.confidential), gap_data())
    assert response.status_code == 302
    assert CompetenceGap.objects.filter(case=w.confidential).count() == 1


def test_adding_asks_the_same_number_of_queries_at_5_and_200_gaps(client, w):
    from tests.helpers import count_queries

    client.force_login(w.coordinator)
    url = tab_url(w.case)
    grow(w.case, w.coordinator, 4)
    client.get(url)  # warm up
    small_refused = count_queries(client, url, method="post", data=gap_data(needed=-1))
    small = count_queries(client, url, method="post", data=gap_data(year=2031), status=302)
    grow(w.case, w.coordinator, 196)
    large_refused = count_queries(client, url, method="post", data=gap_data(needed=-1))
    large = count_queries(client, url, method="post", data=gap_data(year=2032), status=302)
    assert small == large, (small, large)
    assert small_refused == large_refused, (small_refused, large_refused)
