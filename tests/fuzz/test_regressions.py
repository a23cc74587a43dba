"""The server errors the fuzz suite found, each as the smallest input that caused it.

Each answers with a refusal now. A server error found later whose fix has to wait is listed in
tests/fuzz/known.py (the fuzz then does not send that input) with its test here marked
``xfail(strict=True)``, so the fix is noticed and both are removed together.
"""

from __future__ import annotations

import pytest
from django.core import signing
from django.db import connection
from django.urls import reverse

from actors.models import Organisation, Person
from alarms.delivery.messages import LINK_SALT as ALARM_SALT
from checklist.rounds.personal_link import LINK_SALT as ROUND_SALT
from tests import factories as f
from tests.helpers import csv_upload
from workspace.plan import services as plan_services
from workspace.plan.models import Action

from .targets import item

pytestmark = pytest.mark.django_db

# "²" and "①" pass str.isdigit() and int() refuses them; a key no database integer holds.
SUPERSCRIPT_TWO, CIRCLED_ONE, OVER_64_BITS = "²", "①", "99999999999999999999999"
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL compares such keys")


@pytest.fixture
def coordinator(client, world):
    client.force_login(world["coordinator"])
    return world["coordinator"]


def ws(name, world, **kwargs):
    return reverse(f"workspace:{name}", kwargs={"case_pk": world["case_open"].pk, **kwargs})


# --- Fixed --------------------------------------------------------------------------------------------


def test_removing_a_record_with_a_version_that_is_a_superscript_digit(client, world, coordinator):
    """workspace/core/views.py, item_delete: the version went to int() after isdigit()."""
    url = ws("item_delete", world, kind="milestone", pk=item(world, "milestone").pk)
    assert client.post(url, {"version": SUPERSCRIPT_TWO}).status_code == 302


def test_a_new_step_for_a_route_that_is_a_superscript_digit(client, world, coordinator):
    """workspace/routes/views.py, new_step: ?route= went to a key lookup after isdigit()."""
    url = ws("item_create", world, kind="routestep") + f"?route={SUPERSCRIPT_TWO}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"person": world["alarm_primary"].pk, "handles": "x"}).status_code == 404


def test_revoking_a_calendar_address_that_is_a_superscript_digit(client, world, coordinator):
    """workspace/plan/views.py, calendar_feed_settings: "revoke" went to a key lookup after isdigit()."""
    plan_services.calendar_feed_create(user=world["coordinator"])
    response = client.post(reverse("workspace:calendar_feed_settings"), {"revoke": CIRCLED_ONE})
    assert response.status_code == 404


def test_a_new_intervention_for_a_gap_that_is_a_superscript_digit(client, world, coordinator):
    """competence/views.py, _new_intervention: ?gap= went to a key lookup after isdigit()."""
    assert (
        client.get(ws("item_create", world, kind="intervention") + f"?gap={SUPERSCRIPT_TWO}").status_code
        == 200
    )


def test_the_occupation_search_keeping_an_occupation_that_is_a_superscript_digit(client, world, coordinator):
    """competence/views.py, occupation_search: ?occupation= went to a key lookup after isdigit()."""
    url = reverse("competence:occupation_search", kwargs={"case_pk": world["case_open"].pk})
    assert client.get(url, {"occupation_q": "svets", "occupation": SUPERSCRIPT_TWO}).status_code == 200


def test_the_alarm_board_answering_for_a_recipient_that_is_a_superscript_digit(client, world, coordinator):
    """alarms/raising/views.py, _detail_context: ?answer_for= went to int() after isdigit()."""
    url = reverse("alarms:detail", args=[world["alarm"].pk])
    assert client.get(url, {"answer_for": SUPERSCRIPT_TWO}).status_code == 200


@pytest.mark.parametrize("payload", [{"p": {}}, {"p": []}, {"p": "x"}, {"p": True, "c": 1}, {"p": 2**70}])
def test_a_round_link_signed_with_a_payload_of_another_shape(client, world, payload):
    """checklist/rounds/personal_link.py: a signed payload whose "p" is no key went to a key lookup
    (a token only the secret key can sign, but the link must refuse it, not fail)."""
    token = signing.dumps(payload, salt=ROUND_SALT, compress=True)
    url = reverse("checklist:answer_link", args=[token])
    assert client.get(url).status_code == 400
    assert client.post(url, {"action": "draft"}).status_code == 400


def test_importing_a_field_over_the_csv_modules_limit(client, world, coordinator):
    """actors/services.py, _read_rows: csv.Error ("field larger than field limit") escaped."""
    before = Organisation.objects.count()
    content = "name,type,level,notes\nFuzz AB,foretag,lokal," + "x" * 140_000 + "\n"
    response = client.post(reverse("actors:import"), {"kind": "organisations", "file": csv_upload(content)})
    assert response.status_code == 200
    assert (
        "cannot be read as CSV from line 2" in response.content.decode()
        or Organisation.objects.count() == before
    )
    assert Organisation.objects.count() == before


def test_importing_utf16_without_its_byte_order_mark(client, world, coordinator):
    """actors/services.py, _read_rows: UTF-16 without BOM reads as UTF-8 with NUL after each letter;
    PostgreSQL refuses NUL in text (a server error there), SQLite stored the names with them."""
    before = Person.objects.count()
    content = "name,organisation\nAnna,Medlemmen\n".encode("utf-16-le")
    response = client.post(reverse("actors:import"), {"kind": "people", "file": csv_upload(content)})
    assert response.status_code == 200
    assert Person.objects.count() == before


def test_a_calendar_feed_token_with_a_nul(client, world):
    """workspace/plan/selectors.py, calendar_feed_get: PostgreSQL refuses to compare a NUL."""
    feed = plan_services.calendar_feed_create(user=world["coordinator"])
    token = feed.token[:5] + "\x00" + feed.token[5:]
    assert client.get(reverse("workspace:calendar_feed", kwargs={"token": token})).status_code == 404


def test_the_occupation_search_for_a_nul(client, world, coordinator):
    """competence/selectors.py, occupation_search: PostgreSQL refuses to compare a NUL."""
    url = reverse("competence:occupation_search", kwargs={"case_pk": world["case_open"].pk})
    assert client.get(url, {"occupation_q": "svets\x00"}).status_code == 200


@sqlite_only
def test_an_action_with_a_gap_key_over_64_bits(client, world, coordinator):
    """workspace/plan/forms.py, ActionForm: SQLite cannot compare a key over 64 bits (OverflowError in
    Django's ModelMultipleChoiceField); actors.forms.ModelMultipleChoiceField refuses it."""
    before = Action.objects.count()
    data = {
        "theme": "mark",
        "title": "x",
        "status": "planerad",
        "sharing": "medlemmar",
        "gaps": [OVER_64_BITS],
    }
    response = client.post(ws("item_create", world, kind="action"), data)
    assert response.status_code == 200 and Action.objects.count() == before


@sqlite_only
def test_a_round_asking_an_organisation_key_over_64_bits(client, world, coordinator):
    """checklist/rounds/forms.py, RoundForm: the same, for the organisations asked."""
    data = {
        "title": "x",
        "deadline": "2099-01-01",
        "organisations": [world["fuzz_region_org"].pk, OVER_64_BITS],
    }
    assert client.post(reverse("checklist:round_create", args=["24"]), data).status_code == 400


# --- Fixed in the case, roster, duplicate, search and answer-link code ---------------------------


def test_opening_a_case_from_a_signal_that_is_no_number(client, world, coordinator):
    assert client.get(reverse("establishments:case_create") + "?signal=abc").status_code == 404


def test_revoking_access_with_a_digit_that_is_no_number(client, world, coordinator):
    url = reverse("establishments:case_access", args=[world["case_confidential"].pk])
    assert client.post(url, {"revoke": SUPERSCRIPT_TWO}).status_code == 302


def test_a_roster_entry_for_an_organisation_that_is_no_number(client, world, coordinator):
    assert (
        client.get(reverse("alarms:entry_create", args=["24"]), {"organisation": SUPERSCRIPT_TWO}).status_code
        == 200
    )


def test_likely_duplicates_of_a_signal_received_in_year_one(client, world):
    client.force_login(world["official"])
    query = {"received_at": "0001-01-01T00:00", "municipality": f.municipality("2482").pk}
    assert client.get(reverse("establishments:signal_duplicates"), query).status_code == 200


@sqlite_only
def test_a_case_with_a_member_key_over_64_bits(client, world, coordinator):
    data = {
        "name": "x",
        "lead_municipality": f.municipality("2482").pk,
        "confidentiality": "oppen",
        "coordinator": world["coordinator"].pk,
        "deputy": world["deputy"].pk,
        "members": [OVER_64_BITS],
    }
    assert client.post(reverse("establishments:case_create"), data).status_code == 200


def test_searching_for_a_nul_character(client, world, coordinator):
    assert client.get(reverse("search"), {"q": "Hemlig\x00"}).status_code == 200


@pytest.mark.parametrize("payload", [{"d": ""}, {"d": []}, {"d": {}}, {"d": "x"}])
def test_an_alarm_link_signed_with_a_payload_of_another_shape(client, world, payload):
    token = signing.dumps(payload, salt=ALARM_SALT, compress=True)
    assert client.get(reverse("alarms:answer_link", args=[token])).status_code == 400
