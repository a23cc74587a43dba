"""The workspace tabs drawn cheaply: links joined rather than reversed, rows drawn in Python, create
forms fetched when opened, progress in few queries; each the same as what it replaced, escaped, and
no more than the reader may see."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from accounts.models import Sharing
from config.paths import link
from tests.helpers import queries_of
from tests.workspace.conftest import make_route, make_step, member
from workspace.core.services import item_save
from workspace.goals.models import Expectation
from workspace.goals.selectors import goals_progress
from workspace.journal.models import JournalEntry
from workspace.plan.models import Action
from workspace.plan.selectors import action_plan_progress
from workspace.routes.models import ContactRoute

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script> & Co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"

NAMES = [
    ("workspace:item_create", (7, "expectation")),
    ("workspace:item_edit", (7, "routestep", 12)),
    ("workspace:item_delete", (7, "action", 12)),
    ("workspace:item_history", (7, "casemember", 12)),
    ("workspace:goals", (7,)),
    ("workspace:engagement_change", (7, 3)),
    ("workspace:actor_map", (7,)),
    ("workspace:contact_routes", (7,)),
    ("workspace:route_verify", (7, 3)),
    ("workspace:action_plan", (7,)),
    ("workspace:action_propose", (7, 3)),
    ("workspace:action_respond", (7, 3)),
    ("workspace:journal", (7,)),
    ("competence:case_competence", (7,)),
    ("actors:organisation_detail", (3,)),
]


# --- Links ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, args", NAMES)
def test_a_link_is_the_url_reverse_gives(name, args):
    assert link(name, *args) == reverse(name, args=args)
    assert link(name, *map(str, args)) == reverse(name, args=args)


def test_a_link_quotes_and_refuses_as_reverse_does():
    assert link("workspace:item_edit", 1, "a b&ä", 2) == reverse("workspace:item_edit", args=[1, "a b&ä", 2])
    for bad in ("x", "", -1, "1 2"):
        with pytest.raises(NoReverseMatch):
            link("workspace:item_edit", bad, "action", 2)
    for bad in ("", "a/b"):
        with pytest.raises(NoReverseMatch):
            link("workspace:item_edit", 1, bad, 2)
        with pytest.raises(NoReverseMatch):
            reverse("workspace:item_edit", args=[1, bad, 2])


def test_a_link_follows_the_script_prefix():
    set_script_prefix("/samhandla/")
    try:
        assert (
            link("workspace:goals", 5)
            == "/samhandla/arenden/5/malbild/"
            == reverse("workspace:goals", args=[5])
        )
    finally:
        set_script_prefix("/")
    assert link("workspace:goals", 5) == "/arenden/5/malbild/"


def test_the_link_tag_draws_what_the_url_tag_draws():
    engine = engines["django"]
    context = {"case": {"pk": 4}, "kind": "milestone", "pk": 9}
    url = engine.from_string(
        "{% url 'workspace:item_edit' case.pk kind pk %}|{% url 'workspace:goals' case.pk as u %}{{ u }}"
    ).render(context)
    fast = engine.from_string(
        "{% load workspace_rows %}{% link 'workspace:item_edit' case.pk kind pk %}|"
        "{% link 'workspace:goals' case.pk as u %}{{ u }}"
    ).render(context)
    assert fast == url == "/arenden/4/poster/milestone/9/|/arenden/4/malbild/"


# --- Create forms come when their section is opened ----------------------------------------------


def page(client, user, name, case) -> str:
    client.force_login(user)
    response = client.get(reverse(f"workspace:{name}", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "tab, kinds",
    [("goals", ["expectation", "milestone", "resourcecommitment"]), ("action_plan", ["action"])],
)
def test_a_tab_draws_no_create_form_but_fetches_it_when_opened(client, w, tab, kinds):
    body = page(client, w["coordinator"], tab, w["case"])
    assert "<textarea" not in body and 'name="sharing"' not in body
    for kind in kinds:
        url = reverse("workspace:item_create", args=[w["case"].pk, kind])
        slot = f'<div id="new-{kind}" class="add__slot" hx-get="{url}"'
        assert slot + ' hx-trigger="toggle once from:closest details"' in body
        assert f'<a href="{url}">' in body  # without JavaScript: the form on a page of its own
        fetched = client.get(url, HTTP_HX_REQUEST="true")
        assert fetched.status_code == 200
        fragment = fetched.content.decode()
        assert f'id="new-{kind}"' in fragment and "<form" in fragment and "<html" not in fragment
        assert "<html" in client.get(url).content.decode()


def test_the_journal_shows_its_first_form_open_and_fetches_the_rest(client, w):
    body = page(client, w["coordinator"], "journal", w["case"])
    assert '<details class="add" open>' in body and 'name="title"' in body  # nothing recorded yet
    assert 'id="new-followup"' not in body
    item_save(
        user=w["coordinator"],
        item=JournalEntry(case=w["case"], date="2026-11-01", title="Styrgrupp", sharing=Sharing.MEMBERS),
    )
    body = page(client, w["coordinator"], "journal", w["case"])
    assert 'name="title"' not in body and " open>" not in body
    for kind in ("journalentry", "followup"):
        assert f'<div id="new-{kind}" class="add__slot"' in body


@pytest.mark.parametrize("who", ["reader", "contact"])
def test_who_may_not_record_gets_no_form_to_open(client, w, who):
    for tab in ("goals", "action_plan", "journal"):
        body = page(client, w[who], tab, w["case"])
        assert "add__slot" not in body and 'class="add' not in body, tab
    url = reverse("workspace:item_create", args=[w["case"].pk, "expectation"])
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 403


# --- Rows drawn in Python: escaped, and only what the reader may do -------------------------------


def test_rows_escape_what_people_wrote(client, w):
    case = w["case"]
    w["maria"].name = HOSTILE
    w["maria"].save()
    w["region"].name = HOSTILE
    w["region"].save()
    route = make_route(case, w["maria"], sharing=Sharing.MEMBERS, answers=HOSTILE)
    make_step(route, w["maria"], handles=HOSTILE, sharing=Sharing.MEMBERS)
    item_save(
        user=case.coordinator,
        item=Action(
            case=case, theme="mark", title=HOSTILE, owner_organisation=w["region"], sharing="medlemmar"
        ),
    )
    m = member(w, "region")
    m.mandate = HOSTILE
    m.save()
    item_save(user=case.coordinator, item=Expectation(case=case, kind="forvantan", text=HOSTILE))
    for tab in ("contact_routes", "action_plan", "actor_map", "goals"):
        body = page(client, w["coordinator"], tab, case)
        assert "<script>" not in body, tab
        assert ESCAPED in body, tab


def test_a_reader_sees_rows_without_edit_links_or_forms(client, w):
    case = w["case"]
    route = make_route(case, w["maria"], sharing=Sharing.MEMBERS)
    make_step(route, w["erik"], sharing=Sharing.MEMBERS, fallback=True)
    item_save(user=case.coordinator, item=Action(case=case, theme="mark", title="Mark", sharing="medlemmar"))
    for tab in ("contact_routes", "action_plan", "actor_map", "goals"):
        body = page(client, w["reader"], tab, case)
        main = body[body.index("<main") :]
        assert "/historik/" in main, tab
        assert "hx-get=" not in main and "hx-post=" not in main and "<form" not in main, tab


def test_an_actor_contact_sees_no_internal_route_or_note(client, w):
    case = w["case"]
    make_route(case, w["maria"], sharing=Sharing.INTERNAL, note="Hemlig anteckning")
    shared = make_route(case, w["erik"], topic="bostader", sharing=Sharing.MEMBERS, note="Intern notering")
    body = page(client, w["contact"], "contact_routes", case)
    assert f'id="contactroute-{shared.pk}"' in body
    assert ContactRoute.objects.filter(case=case).count() == 2 and body.count('class="item route"') == 1
    assert "Hemlig anteckning" not in body and "Intern notering" not in body


def test_an_edited_row_comes_back_as_the_tab_draws_it(client, w):
    """The fragment htmx swaps in (``?view=1``, the inline form's cancel) is the row of the tab."""
    case = w["case"]
    route = make_route(case, w["maria"], sharing=Sharing.MEMBERS)
    make_step(route, w["erik"], sharing=Sharing.MEMBERS)
    action = item_save(
        user=case.coordinator, item=Action(case=case, theme="mark", title="Mark", sharing="intern")
    )
    client.force_login(w["coordinator"])
    for kind, pk, tab in (
        ("contactroute", route.pk, "contact_routes"),
        ("action", action.pk, "action_plan"),
        ("casemember", member(w, "region").pk, "actor_map"),
    ):
        url = reverse("workspace:item_edit", args=[case.pk, kind, pk]) + "?view=1"
        fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        body = page(client, w["coordinator"], tab, case)
        start = body.index(f'id="{kind}-{pk}"')
        head = fragment[fragment.index(f'id="{kind}-{pk}"') :][:400]
        if kind == "contactroute":  # outside its topic's section the row names its topic
            head = head.replace("Kompetensförsörjning: ", "")
        if kind == "casemember":  # its number is the tab's, in the map's order
            start = body.index(f'id="{kind}-{pk}"')
            body = body[:start] + re.sub(r'<span class="badge">\d+</span> ', "", body[start:], count=1)
        assert body[start : start + len(head)] == head, kind


# --- The overview's progress in few queries ------------------------------------------------------


def test_the_progress_of_goals_and_plan_takes_few_queries(w):
    case, user = w["case"], w["coordinator"]
    item_save(user=user, item=Action(case=case, theme="mark", title="Mark", sharing="intern"))
    assert queries_of(lambda: goals_progress(user=user, case=case)) == 1
    assert queries_of(lambda: action_plan_progress(user=user, case=case)) == 3


def test_the_engagement_select_answers_with_the_row(client, w):
    m = member(w, "kommun")
    client.force_login(w["coordinator"])
    url = reverse("workspace:engagement_change", args=[w["case"].pk, m.pk])
    response = client.post(url, {"engagement": "bor_engageras", "version": m.version}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.strip().startswith(f'<li class="item" id="member-{m.pk}">')
    assert '<option value="bor_engageras" selected>' in body and "csrfmiddlewaretoken" in body
    assert f'hx-post="{url}"' in body


def test_a_row_has_a_token_field_as_csrf_token_draws_it():
    """No token (a row drawn outside a request) gives no field, as ``{% csrf_token %}`` would."""
    from workspace.templatetags.workspace_rows import csrf_input

    assert csrf_input({}) == "" and csrf_input({"csrf_token": "NOTPROVIDED"}) == ""
    assert csrf_input({"csrf_token": "abc"}) == '<input type="hidden" name="csrfmiddlewaretoken" value="abc">'
