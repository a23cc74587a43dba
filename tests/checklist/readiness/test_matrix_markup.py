"""The matrix's cells, its list of action plans and the lessons library's cards are written in Python
(checklist/templatetags/checklist_pages.py): what people type reaches them escaped, and every cell
says its answer in words, with its pop-up, its link and the words a screen reader hears."""

from __future__ import annotations

import pytest
from django.urls import reverse

from checklist.models import RegionalAction, Value
from tests import factories as f
from tests.checklist.harness_lessons import closed_case, write_lesson
from tests.checklist.readiness.helpers import answer, fill, open_round

pytestmark = [pytest.mark.django_db, pytest.mark.english]

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"


@pytest.fixture
def hostile_round():
    orgs = [f.OrganisationFactory(name=f"Kommun {HOSTILE}"), f.OrganisationFactory(name="Utkastkommunen")]
    round_ = open_round(organisations=orgs, title="Hösten")
    fill(round_, orgs[0], {3: Value.NO, 4: Value.PARTLY})
    fill(round_, orgs[1], Value.YES, submit=False)
    nej = answer(round_, orgs[0], 3)
    nej.comment = f"Kommentar {HOSTILE}"
    nej.plan_who = f"Vem {HOSTILE}"
    nej.save()
    action = RegionalAction.objects.create(
        region=round_.region, source_answer=nej, theme="larmsystem", title="Åtgärd",
        owner_organisation=orgs[0], created_by=f.coordinator("24"),
    )  # fmt: skip
    return round_, orgs, nej, action


def page(client, user, name, round_):
    client.force_login(user)
    response = client.get(reverse(name, args=[round_.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_matrix_escapes_names_comments_and_plans(client, hostile_round):
    round_, orgs, nej, action = hostile_round
    body = page(client, f.coordinator("24"), "checklist:matrix", round_)
    assert "<script>" not in body and "<b>bold" not in body
    assert f'<th scope="row">Kommun {ESCAPED}</th>' in body
    assert f"<strong>Comment:</strong> Kommentar {ESCAPED}" in body  # the pop-up
    assert f'<td class="prewrap">Kommentar {ESCAPED}</td>' in body  # the list of plans
    assert f"<td>Vem {ESCAPED}</td>" in body


def test_every_cell_says_its_answer_and_links_its_action(client, hostile_round):
    round_, orgs, nej, action = hostile_round
    body = page(client, f.coordinator("24"), "checklist:matrix", round_)
    assert body.count('<td class="matrix__cell') == 20
    assert body.count('data-answer="ja"') >= 8
    assert '<td class="matrix__cell matrix__cell--nej" data-answer="nej">' in body
    assert '<span class="matrix__value" tabindex="0">No</span>' in body
    assert f"Kommun {ESCAPED}, routine 3: No" in body  # the pop-up's head
    # Routine 3's Nej has an action; routine 4's Delvis offers one: both say so to a screen reader.
    assert reverse("checklist:action_edit", args=[action.pk]) in body
    assert f"the readiness action made of Kommun {ESCAPED}’s answer to routine 3" in body
    partly = answer(round_, orgs[0], 4)
    assert reverse("checklist:action_from_answer", args=[partly.pk]) in body
    assert f"make a readiness action of Kommun {ESCAPED}’s answer to routine 4" in body
    # The draft's cells: a dash for the eye, the words for a screen reader.
    assert '<span aria-hidden="true">–</span><span class="visually-hidden">not submitted</span>' in body
    assert '<br><span class="badge badge--warn">not submitted</span>' in body


def test_those_who_may_only_look_get_no_action_links(client, hostile_round):
    round_, *_ = hostile_round
    body = page(client, f.official("2482"), "checklist:matrix", round_)
    assert "matrix__act" not in body
    assert reverse("checklist:action_edit", args=[hostile_round[3].pk]) not in body


def test_the_print_page_has_no_links_and_no_pop_ups(client, hostile_round):
    round_, *_ = hostile_round
    body = page(client, f.coordinator("24"), "checklist:matrix_print", round_)
    assert "<script>alert" not in body
    assert "matrix__plan" not in body and "matrix__act" not in body
    assert f'<td class="prewrap">Kommentar {ESCAPED}</td>' in body


def test_the_lessons_library_escapes_the_texts(client):
    coordinator = f.coordinator("24")
    case = closed_case(coordinator=coordinator, deputy=f.coordinator("24"), name=f"Fabrik {HOSTILE}")
    write_lesson(case, coordinator, themes=["mark"], what_worked=f"Bra {HOSTILE}", sharing="medlemmar")
    client.force_login(coordinator)
    body = client.get(reverse("checklist:lesson_library")).content.decode()
    assert "<script>" not in body
    assert f"Fabrik {ESCAPED}</a></h2>" in body and f'<dd class="prewrap">Bra {ESCAPED}</dd>' in body
    assert f'<a href="{case.get_absolute_url()}">' in body
    assert '<span class="badge">Land and property</span>' in body
