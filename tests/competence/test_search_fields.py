"""The search-as-you-type fields of moment 2 (the project's, actors/widgets.py: the occupation, with
its suggestions from competence:occupation_search, and the responsible organisation): the tab lists
no registry and no SSYK list; typing asks the server for suggestions; without JavaScript what was
typed is resolved to exactly one row, or refused with a message that says none or which several
match."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from competence.models import CompetenceGap, Intervention, LivingNeed, Occupation
from tests import factories as f
from tests.helpers import count_queries

from .conftest import make_gap, make_intervention, make_need, occupation
from .test_bad_input import create_url, edit_url, gap_data

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def tab_url(case) -> str:
    return reverse("competence:case_competence", kwargs={"case_pk": case.pk})


def search_url(case) -> str:
    return reverse("competence:occupation_search", kwargs={"case_pk": case.pk})


def typed_gap(text: str, key: str = "", **kw) -> dict:
    """The gap form as a browser without JavaScript sends it: the text box and the (empty) key."""
    return {**gap_data(**kw), "occupation": key, "occupation_text": text}


# --- The tab is light ------------------------------------------------------------------------------


def test_the_tab_lists_neither_the_registry_nor_every_occupation(client, w):
    for i in range(30):
        f.OrganisationFactory(name=f"Registerbolag {i}")
    make_gap(w.case, w.coordinator)
    client.force_login(w.coordinator)
    body = client.get(tab_url(w.case)).content.decode()
    assert "Registerbolag" not in body
    assert str(occupation("2141")) not in body  # an occupation without a gap
    assert not re.search(r'<select[^>]*name="(occupation|organisation)"', body)
    assert 'name="occupation_text"' in body and "data-search-input" in body
    assert f'hx-get="{search_url(w.case)}"' in body
    # The forms to add an intervention or a need come when their section is opened.
    assert 'name="description"' not in body  # no need form
    assert re.search(r'<div id="new-livingneed" class="add__slot" hx-get="[^"]+"', body)
    assert f'hx-get="{create_url(w.case, "livingneed")}"' in body
    assert f'href="{create_url(w.case, "livingneed")}"' in body  # without JavaScript: its own page


# --- Resolving what was typed (no JavaScript) ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["7411", " 7411 ", "7411 Installations- och industrielektriker", "7411 whatever the label says"],
)
def test_a_typed_code_is_that_occupation(client, w, text):
    client.force_login(w.coordinator)
    response = client.post(tab_url(w.case), typed_gap(text))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CompetenceGap.objects.get(case=w.case).occupation == occupation("7411")


def test_a_name_written_out_in_full_or_in_part_is_that_occupation(client, w):
    client.force_login(w.coordinator)
    full = occupation("8189")
    assert client.post(tab_url(w.case), typed_gap(full.name_sv.upper())).status_code == 302
    assert client.post(tab_url(w.case), typed_gap(full.name_en, year=2028)).status_code == 302
    assert set(CompetenceGap.objects.values_list("occupation__code", flat=True)) == {"8189"}


def test_several_matches_are_named_and_nothing_is_saved(client, w):
    client.force_login(w.coordinator)
    response = client.post(tab_url(w.case), typed_gap("elektriker"))
    body = response.content.decode()
    assert response.status_code == 200 and not CompetenceGap.objects.exists()
    assert "Several occupations match “elektriker” (among them " in body
    assert "7411" in body and "7412" in body
    assert "Type more of the name or the four-digit SSYK code, or choose one from the suggestions." in body
    assert 'value="elektriker"' in body  # what was typed stays in the box
    assert 'id="add-gap" open' in body


def test_many_matches_are_refused_naming_a_few(client, w):
    client.force_login(w.coordinator)
    body = client.post(tab_url(w.case), typed_gap("2")).content.decode()
    assert "Several occupations match “2” (among them 2111 " in body
    assert not CompetenceGap.objects.exists()


@pytest.mark.parametrize("text", ["zzqqx", "9999", "81", "<script>alert(1)</script>", "a\x00b"])
def test_no_match_is_refused_with_a_clear_message(client, w, text):
    client.force_login(w.coordinator)
    response = client.post(tab_url(w.case), typed_gap(text))
    body = response.content.decode()
    assert response.status_code == 200 and not CompetenceGap.objects.exists()
    assert "<script>alert" not in body
    if text in {"zzqqx", "9999"}:
        assert f"No occupation matches “{text}”. Type part of the name or the four-digit SSYK code." in body
    else:
        assert 'class="errors"' in body


def test_an_empty_box_is_required(client, w):
    client.force_login(w.coordinator)
    body = client.post(tab_url(w.case), typed_gap("   ")).content.decode()
    assert "This field is required." in body and not CompetenceGap.objects.exists()


def test_a_chosen_key_counts_while_the_text_is_its_label(client, w):
    chosen = occupation("8189")
    client.force_login(w.coordinator)
    assert client.post(tab_url(w.case), typed_gap(str(chosen), key=str(chosen.pk))).status_code == 302
    assert CompetenceGap.objects.get().occupation == chosen


def test_text_changed_after_choosing_is_resolved_anew(client, w):
    """The key of an earlier choice, with other text typed since: the text is what counts."""
    client.force_login(w.coordinator)
    response = client.post(tab_url(w.case), typed_gap("7411", key=str(occupation("8189").pk)))
    assert response.status_code == 302
    assert CompetenceGap.objects.get().occupation == occupation("7411")


def test_a_key_above_level_four_or_of_nothing_is_not_taken(client, w):
    client.force_login(w.coordinator)
    major = occupation("81")
    for key in [str(major.pk), "99999999999999999999999", "²"]:
        response = client.post(tab_url(w.case), typed_gap(str(major), key=key))
        assert response.status_code == 200
    assert not CompetenceGap.objects.exists()


def test_the_edit_form_shows_the_chosen_occupation_and_organisation_by_name(client, w):
    gap = make_gap(w.case, w.coordinator, code="8189")
    org = f.OrganisationFactory(name="Yrkeshögskolan Norrsken")
    intervention = make_intervention(gap, w.coordinator, organisation=org)
    client.force_login(w.coordinator)
    body = client.get(edit_url(w.case, "competencegap", gap.pk), headers={"HX-Request": "true"}).content
    assert f'value="{occupation("8189")}"'.encode() in body
    assert f'name="occupation" value="{occupation("8189").pk}" data-search-key'.encode() in body
    body = client.get(edit_url(w.case, "intervention", intervention.pk)).content.decode()
    assert 'name="organisation_text" value="Yrkeshögskolan Norrsken"' in body


def test_an_intervention_and_a_need_take_a_typed_organisation(client, w):
    gap = make_gap(w.case, w.coordinator)
    org = f.OrganisationFactory(name="Yrkeshögskolan Norrsken", org_number="556016-0680")
    f.OrganisationFactory(name="Yrkeshögskolan Norrsken Syd")
    client.force_login(w.coordinator)
    base = {
        "gap": gap.pk, "kind": "yh", "places_per_year": 20, "start": "2027-08-15", "status": "planerad",
        "sharing": "medlemmar", "organisation": "",
    }  # fmt: skip
    for text in ["yrkeshögskolan norrsken", "556016-0680", "Yrkeshögskolan Norrsken "]:
        response = client.post(create_url(w.case, "intervention"), {**base, "organisation_text": text})
        assert response.status_code == 302, (text, response.content.decode()[:3000])
    assert set(Intervention.objects.values_list("organisation", flat=True)) == {org.pk}
    response = client.post(create_url(w.case, "intervention"), {**base, "organisation_text": "Norrsken"})
    body = response.content.decode()
    assert (
        "Several organisations match “Norrsken”, among them Yrkeshögskolan Norrsken; "
        "Yrkeshögskolan Norrsken Syd." in body
    )
    response = client.post(create_url(w.case, "intervention"), {**base, "organisation_text": "Ingen sådan"})
    assert "No organisation matches “Ingen sådan”. Type part of the name or the organisation number." in (
        response.content.decode()
    )
    assert Intervention.objects.count() == 3
    need = {"kind": "bostader", "description": "Bostäder", "status": "identifierat", "sharing": "medlemmar"}
    data = {**need, "organisation": "", "organisation_text": ""}
    assert client.post(create_url(w.case, "livingneed"), data).status_code == 302
    assert LivingNeed.objects.get().organisation is None  # optional: an empty box is nobody yet


def test_emptying_the_box_takes_away_an_optional_organisation(client, w):
    need = make_need(w.case, w.coordinator, organisation=w.member)
    client.force_login(w.coordinator)
    data = {
        "kind": need.kind, "description": need.description, "status": need.status, "sharing": need.sharing,
        "version": need.version, "change_reason": "Ingen ansvarar längre", "organisation": str(w.member.pk),
        "organisation_text": "",
    }  # fmt: skip
    assert client.post(edit_url(w.case, "livingneed", need.pk), data).status_code == 302
    need.refresh_from_db()
    assert need.organisation is None


# --- The occupation suggestions ---------------------------------------------------------------------


def options(body: str) -> list[str]:
    return re.findall(r'data-label="([^"]*)"', body)


def test_the_occupation_suggestions_offer_matches_and_say_how_many(client, w):
    client.force_login(w.coordinator)
    url = search_url(w.case)
    body = client.get(url, {"q": "elektriker"}).content.decode()
    assert any(o.startswith("7411 ") for o in options(body))
    assert re.search(
        r'<li role="option" class="search-field__option" data-value="\d+" data-label="7411 ', body
    )
    assert re.search(r'<template data-search-status data-count="\d+">\d+ suggestions\. Choose', body)
    assert options(client.get(url, {"q": "7411"}).content.decode()) == [str(occupation("7411"))]
    assert options(client.get(url, {"q": "7411 Installations"}).content.decode()) == [str(occupation("7411"))]
    body = client.get(url, {"q": "zzqqx"}).content.decode()
    assert options(body) == [] and 'data-count="0">Nothing matches “zzqqx”.' in body
    body = client.get(url).content.decode()  # nothing typed: the first occupations
    assert len(options(body)) == 20
    keys = re.findall(r'data-value="(\d+)"', client.get(url, {"q": "2"}).content.decode())
    assert len(keys) == 20 and all(o.level == 4 for o in Occupation.objects.filter(pk__in=keys))
    assert client.get(url, {"q": "a"})["Cache-Control"] == "private, no-store"


def test_the_occupation_suggestions_survive_odd_input(client, w):
    client.force_login(w.coordinator)
    for q in ["", "%", "_", "'; DROP TABLE", "x" * 500, "<script>", "9999", "a\x00b", "²", "{{ 7*7 }}"]:
        response = client.get(search_url(w.case), {"q": q})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()


def test_only_those_who_record_in_the_workspace_ask_for_suggestions(client, w):
    url = search_url(w.case) + "?q=a"
    assert client.get(url).status_code == 302  # to log in
    for who, status in [("reader", 403), ("contact", 403), ("coordinator_other_region", 404),
                        ("contact_other", 404), ("official", 200), ("admin", 200)]:  # fmt: skip
        client.force_login(getattr(w, who))
        assert client.get(url).status_code == status, who
    client.force_login(w.official)
    assert client.get(search_url(w.confidential) + "?q=a").status_code == 404
    client.force_login(w.coordinator)
    assert client.post(url).status_code == 405


def test_the_suggestions_ask_the_same_few_queries_however_many_gaps(client, w):
    client.force_login(w.coordinator)
    url = search_url(w.case) + "?q=o"
    client.get(url)
    small = count_queries(client, url)
    for code in ["8189", "7411", "2141"]:
        for year in range(2026, 2031):
            make_gap(w.case, w.coordinator, code=code, year=year)
    large = count_queries(client, url)
    assert small == large, (small, large)
    assert small <= 8, small


def test_a_new_intervention_form_of_a_gap_keeps_its_gap_and_searches_organisations(client, w):
    gap = make_gap(w.case, w.coordinator)
    client.force_login(w.coordinator)
    body = client.get(create_url(w.case, "intervention") + f"?gap={gap.pk}").content.decode()
    assert f'<option value="{gap.pk}" selected>' in body
    assert f'hx-get="{reverse("actors:suggest", args=["organisation"])}"' in body
    assert 'name="organisation_text"' in body


def test_the_year_of_an_intervention_sentence_is_written_as_before(client, w):
    gap = make_gap(w.case, w.coordinator, year=2027)
    make_intervention(gap, w.coordinator, start=date(2027, 8, 1), end_year=2029, places=1200)
    client.force_login(w.coordinator)
    body = client.get(tab_url(w.case)).content.decode()
    assert "1,200 a year from 1 Aug 2027 to 2029" in body or re.search(r"1,200 a year from .* to 2029", body)
