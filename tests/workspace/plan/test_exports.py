"""The XLSX export respects sharing; the calendar feed is private, revocable and narrowed by the policy."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from workspace.plan import services as plan_services
from workspace.plan.models import CalendarFeed

from .conftest import make_action

pytestmark = pytest.mark.django_db


def export(client, case, audience=""):
    url = reverse("workspace:action_plan_export", kwargs={"case_pk": case.pk})
    response = client.get(url + (f"?for={audience}" if audience else ""))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    header_index = next(i for i, r in enumerate(rows) if r[0] in ("Tema", "Theme"))
    return rows[0][0], rows[header_index], rows[header_index + 1 :], response


@pytest.fixture
def shared(plan):
    make_action(plan.case, plan.coordinator, title="Intern åtgärd", sharing="intern")
    make_action(
        plan.case,
        plan.coordinator,
        title="Till bolaget",
        sharing="etableraren",
        theme="mark",
        due_date=plan.today + timedelta(days=3),
        current_state="Ingen mark",
        target_state="=SUM(A1)",
    )
    return plan


def titles(rows):
    return sorted(r[1] for r in rows)


def test_internal_export_holds_everything_the_user_may_see(client, shared):
    client.force_login(shared.coordinator)
    title, header, rows, response = export(client, shared.case)
    assert titles(rows) == ["Intern åtgärd", "Starta YH-utbildning i processteknik", "Till bolaget"]
    assert len(header) == 14
    yh = next(r for r in rows if r[1].startswith("Starta"))
    assert yh[4] == "Arbetsförmedlingen" and yh[5] == "Fatima Karimi"
    assert yh[6].date() == shared.action.due_date
    company_row = next(r for r in rows if r[1] == "Till bolaget")
    assert company_row[3] == "'=SUM(A1)"  # never a live formula
    assert ".xlsx" in response["Content-Disposition"]


def test_company_export_holds_only_what_may_be_shared_with_the_company(client, shared):
    client.force_login(shared.coordinator)
    _title, header, rows, _ = export(client, shared.case, "company")
    assert titles(rows) == ["Till bolaget"]
    assert len(header) == 8  # no commitments, reasons or sharing


def test_a_contacts_internal_export_leaves_out_internal_actions(client, shared):
    client.force_login(shared.contact)
    _title, _header, rows, _ = export(client, shared.case)
    assert titles(rows) == ["Starta YH-utbildning i processteknik", "Till bolaget"]


def test_a_confidential_case_is_exported_by_its_code_name(client, plan):
    make_action(plan.confidential, plan.coordinator, title="Åtgärd")
    client.force_login(plan.coordinator)
    title, _header, rows, response = export(client, plan.confidential)
    assert "Projekt Nordljus" in title and "Hemligt namn" not in title
    assert "hemligt" not in response["Content-Disposition"].lower()
    assert "nordljus" in response["Content-Disposition"]


# --- Calendar --------------------------------------------------------------------------------


def make_feed(client, user) -> str:
    client.force_login(user)
    response = client.post(reverse("workspace:calendar_feed_settings"))
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    return reverse("workspace:calendar_feed_settings") + f"{feed.token}.ics"


def events(url):
    response = Client().get(url)  # a calendar program: no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_feed_lists_due_dates_the_user_may_see(client, shared):
    make_action(shared.confidential, shared.coordinator, title="Hemlig", due_date=shared.today)
    make_action(shared.case, shared.coordinator, title="Utan datum")
    make_action(shared.case, shared.coordinator, title="Klar", due_date=shared.today, status="klar")
    url = make_feed(client, shared.coordinator)
    found = events(url)
    name = shared.case.public_name
    assert set(found) == {
        f"Starta YH-utbildning i processteknik ({name})",
        f"Till bolaget ({name})",
        "Slutdatum för en åtgärd i Projekt Nordljus"
        if "Slutdatum för en åtgärd i Projekt Nordljus" in found
        else "Action due in Projekt Nordljus",
    }
    yh = found[f"Starta YH-utbildning i processteknik ({name})"]
    assert yh.decoded("dtstart") == shared.action.due_date

    contact_url = make_feed(client, shared.contact)
    assert set(events(contact_url)) == {
        f"Starta YH-utbildning i processteknik ({name})",
        f"Till bolaget ({name})",
    }


def test_the_feed_is_narrowed_at_request_time(client, plan):
    url = make_feed(client, plan.contact)
    assert events(url)
    plan.case.memberships.filter(organisation=plan.af).delete()
    assert events(url) == {}


def test_revoked_replaced_and_unknown_feeds_are_404(client, plan):
    url = make_feed(client, plan.coordinator)
    assert Client().get(url).status_code == 200
    new_url = make_feed(client, plan.coordinator)  # replacing revokes the old address
    assert Client().get(url).status_code == 404
    assert Client().get(new_url).status_code == 200
    feed = CalendarFeed.objects.get(user=plan.coordinator, revoked_at__isnull=True)
    client.post(reverse("workspace:calendar_feed_settings"), {"revoke": feed.pk})
    assert Client().get(new_url).status_code == 404
    assert Client().get(reverse("workspace:calendar_feed_settings") + "nonsense.ics").status_code == 404


def test_a_user_cannot_revoke_someone_elses_feed(client, plan):
    make_feed(client, plan.coordinator)
    feed = CalendarFeed.objects.get(user=plan.coordinator)
    client.force_login(plan.contact)
    response = client.post(reverse("workspace:calendar_feed_settings"), {"revoke": feed.pk})
    assert response.status_code == 404
    feed.refresh_from_db()
    assert feed.active


def test_a_deactivated_users_feed_stops(client, plan):
    url = make_feed(client, plan.coordinator)
    plan.coordinator.is_active = False
    plan.coordinator.save()
    assert Client().get(url).status_code == 404


def test_calendar_settings_page_shows_the_address(client, plan):
    url = make_feed(client, plan.coordinator)
    body = client.get(reverse("workspace:calendar_feed_settings")).content.decode()
    assert url in body
    plan_services.calendar_feed_create(user=plan.coordinator)
    assert CalendarFeed.objects.filter(user=plan.coordinator, revoked_at__isnull=True).count() == 1
