"""The report as CSV, for Excel."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from alarms.core.models import AlarmKind
from tests import factories as f
from tests.alarms.harness_reports import finished_alarm, grow_roster
from tests.world import SECRETS

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return f.coordinator("24")


def download(client, alarm) -> tuple[bytes, list[list[str]]]:
    response = client.get(reverse("alarms:report_csv", args=[alarm.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    raw = response.content
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_it_starts_with_a_bom_so_excel_reads_utf8(client, coordinator):
    f.roster_entry("24", organisation=f.OrganisationFactory(name="Länsstyrelsen i Västerbotten"))
    alarm = finished_alarm(coordinator)
    client.force_login(coordinator)
    raw, rows = download(client, alarm)
    assert raw.startswith("\ufeff".encode())
    assert "Länsstyrelsen i Västerbotten" in [row[0] for row in rows]


def test_the_first_line_marks_a_drill(client, coordinator):
    grow_roster(1)
    alarm = finished_alarm(coordinator, kind=AlarmKind.DRILL)
    client.force_login(coordinator)
    with translation.override("sv"):
        mark = gettext("DRILL")
    _, rows = download(client, alarm)
    assert rows[0][0] == mark


def test_an_alarm_that_is_not_a_drill_is_not_marked_as_one(client, coordinator):
    grow_roster(1)
    alarm = finished_alarm(coordinator, kind=AlarmKind.CLOSURE)
    client.force_login(coordinator)
    with translation.override("sv"):
        mark = gettext("DRILL")
    _, rows = download(client, alarm)
    assert rows[0][0] != mark


def test_the_column_headers_are_translated(client, coordinator):
    grow_roster(1)
    alarm = finished_alarm(coordinator)
    client.force_login(coordinator)
    _, rows = download(client, alarm)
    with translation.override("sv"):
        expected = [gettext("Organisation"), gettext("First delivered"), gettext("Answered")]
    assert rows[1][:3] == expected


def test_one_row_per_organisation_with_its_answer_and_time(client, coordinator):
    grow_roster(3)
    alarm = finished_alarm(coordinator)
    client.force_login(coordinator)
    _, rows = download(client, alarm)
    header, data = rows[1], rows[2:]
    assert len(data) == 3
    first = dict(zip(header, data[0], strict=True))
    with translation.override("sv"):
        assert first[gettext("Time to answer (min:s)")] == "2:05"
        assert first[gettext("Time to answer (seconds)")] == "125"
        assert first[gettext("Who comes")] == "Anna Andersson"
        second = dict(zip(header, data[1], strict=True))
        assert second[gettext("Reason")] == "Alla på semester"
        silent = dict(zip(header, data[2], strict=True))
        assert silent[gettext("Answered")] == "" and silent[gettext("To the deputy")]


def test_it_names_the_case_only_to_those_who_may_see_it(client, aw):
    w = aw
    client.force_login(w["coordinator"])
    raw, _ = download(client, w["alarm_confidential"])
    assert "Projekt Nordljus" in raw.decode("utf-8-sig")  # the control
    for key in ("coordinator_same_region", "official", "reader", "contact", "admin"):
        client.force_login(w[key])
        raw, _ = download(client, w["alarm_confidential"])
        assert not any(secret in raw.decode("utf-8-sig") for secret in SECRETS), key


def test_another_regions_alarm_is_not_found(client, aw):
    w = aw
    client.force_login(w["coordinator"])
    assert client.get(reverse("alarms:report_csv", args=[w["alarm_other_region"].pk])).status_code == 404
