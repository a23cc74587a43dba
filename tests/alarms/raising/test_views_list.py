"""The list of alarms: who sees which, open ones first, drills marked, the raise button."""

import pytest
from django.urls import reverse

from alarms.answering.services import alarm_close, recipient_answer
from tests.alarms.views_helpers import raise_alarm
from tests.world import SECRETS

pytestmark = pytest.mark.django_db

URL = reverse("alarms:list")


def listed(client):
    return list(client.get(URL).context["page"])


def test_anonymous_users_are_sent_to_log_in(client, aw):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_coordinator_sees_the_regions_alarms_only(client, aw):
    client.force_login(aw["coordinator"])
    alarms = listed(client)
    assert aw["alarm"] in alarms and aw["alarm_confidential"] in alarms
    assert aw["alarm_other_region"] not in alarms


def test_another_regions_official_sees_only_their_own(client, aw):
    client.force_login(aw["official_other"])
    assert listed(client) == [aw["alarm_other_region"]]


def test_a_contact_whose_organisation_was_not_alarmed_sees_nothing(client, aw):
    client.force_login(aw["contact_other"])
    assert listed(client) == []


@pytest.mark.parametrize("key", ["coordinator", "official", "reader", "contact", "contact_other", "admin"])
def test_the_list_never_names_a_case(client, aw, key):
    client.force_login(aw[key])
    body = client.get(URL).content.decode()
    assert not any(s in body for s in SECRETS)


def test_open_alarms_come_first_and_stand_out(client, aw):
    alarm_close(alarm=aw["alarm_confidential"], user=aw["coordinator"])
    newest_open = raise_alarm(aw["official"])
    client.force_login(aw["coordinator"])
    alarms = listed(client)
    assert [a.is_open for a in alarms] == [True, True, False]
    assert alarms[0] == newest_open
    body = client.get(URL).content.decode()
    assert body.count('class="alarm-row--open') == 2


def test_the_answered_count_is_shown(client, aw):
    recipient_answer(recipient=aw["alarm_recipient"], response="mobilising", user=aw["contact"])
    client.force_login(aw["coordinator"])
    row = next(a for a in listed(client) if a == aw["alarm"])
    assert (row.answered_count, row.recipient_count, row.mobilising_count) == (1, 1, 1)


def test_a_drill_is_marked_as_a_drill(client, aw):
    client.force_login(aw["official_other"])
    body = client.get(URL).content.decode()
    assert 'data-kind="ovning"' in body and 'class="badge badge--drill" data-drill="true"' in body


@pytest.mark.parametrize(
    "key, shown",
    [("official", True), ("coordinator", True), ("admin", True), ("reader", False), ("contact", False)],
)
def test_the_raise_button_is_shown_to_those_who_may_raise(client, aw, key, shown):
    client.force_login(aw[key])
    assert (reverse("alarms:raise") in client.get(URL).content.decode()) is shown


def test_it_links_the_roster_and_the_drill_comparison(client, aw):
    client.force_login(aw["coordinator"])
    body = client.get(URL).content.decode()
    assert reverse("alarms:roster_index") in body and reverse("alarms:compare") in body


def test_it_shows_fifty_alarms_a_page(client, aw):
    for _ in range(50):
        raise_alarm(aw["official"])
    client.force_login(aw["official"])
    page = client.get(URL).context["page"]
    assert len(page) == 50 and page.paginator.num_pages == 2
    assert len(client.get(URL + "?page=2").context["page"]) == 2
