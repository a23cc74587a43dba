"""A signal's subject (what, how big, where) and its contact person (personal data): who sees the
caller, what names a signal and a case made from it, the lists' filters from the user's own place,
and "Mina ärenden" for the official who logged the signal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from accounts import policy
from establishments import selectors, services
from establishments.forms import CaseFilterForm, CaseForm, SignalFilterForm
from establishments.models import Signal
from tests import factories as f
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

CALLER = "Anna Berg, 070-123 45 67"
SOURCE = "Okänt bolag, ringde växeln"


def logged(official, **kw):
    fields = {
        "channel": "telefon",
        "subject": "Batterifabrik, cirka 1 500 jobb, Skellefteå",
        "caller": CALLER,
        "source_text": SOURCE,
        "summary": "Söker mark.",
        "municipality": official.municipality,
        "jobs": 1500,
    }
    fields.update(kw)
    return services.signal_log(logged_by=official, notify=False, **fields)


# --- Who sees the caller ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["official", "coordinator", "admin"])
def test_those_who_triage_see_the_caller(client, who):
    official = f.official("2482")
    signal = logged(official)
    user = {"official": official, "coordinator": f.coordinator("24"), "admin": f.admin()}[who]
    client.force_login(user)

    page = client.get(signal.get_absolute_url()).content.decode()

    assert policy.can_see_signal_caller(user, signal)
    assert CALLER in page
    assert "Batterifabrik, cirka 1 500 jobb, Skellefteå" in page


@pytest.mark.parametrize("who", ["reader", "contact", "other_official", "other_coordinator"])
def test_readers_and_contacts_can_not_open_signals_nor_see_the_caller(client, who):
    official = f.official("2482")
    signal = logged(official)
    user = {
        "reader": f.reader("24"),
        "contact": f.contact(),
        "other_official": f.official("2180"),
        "other_coordinator": f.coordinator("21"),
    }[who]
    client.force_login(user)

    assert client.get(signal.get_absolute_url()).status_code == 404
    assert client.get(reverse("establishments:signal_history", args=[signal.pk])).status_code == 404
    search = client.get(reverse("search"), {"q": "Anna"}).content.decode()
    assert "Anna Berg" not in search and "070-123" not in search
    assert not policy.can_see_signal_caller(user, signal)


@pytest.mark.parametrize("who", ["reader", "contact", "other_official"])
def test_a_granted_confidential_signal_shows_no_caller_to_those_outside_its_place(client, who):
    official = f.official("2482")
    signal = logged(official, confidentiality="konfidentiell")
    user = {"reader": f.reader("24"), "contact": f.contact(), "other_official": f.official("2180")}[who]
    assign_perm(policy.VIEW_SIGNAL, user, signal)
    client.force_login(user)

    detail = client.get(signal.get_absolute_url())
    history = client.get(reverse("establishments:signal_history", args=[signal.pk]))
    search = client.get(reverse("search"), {"q": "Batterifabrik"})

    assert detail.status_code == 200 and history.status_code == 200
    for response in (detail, history, search):
        page = response.content.decode()
        assert "Anna Berg" not in page and "070-123" not in page
    assert "Batterifabrik" in search.content.decode()  # found by its subject


def test_the_caller_is_not_searchable(client):
    official = f.official("2482")
    logged(official)
    client.force_login(f.coordinator("24"))

    assert list(selectors.signal_list(user=official, filters={"q": "Anna Berg"})) == []
    assert len(selectors.signal_list(user=official, filters={"q": "batterifabrik"})) == 1


# --- What names a signal -------------------------------------------------------------------------


def test_the_subject_names_the_signal_everywhere(client):
    official = f.official("2482")
    signal = logged(official)
    client.force_login(official)

    for url in (
        reverse("establishments:signal_list"),
        signal.get_absolute_url(),
        reverse("establishments:signal_history", args=[signal.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Batterifabrik, cirka 1 500 jobb, Skellefteå" in page
    assert str(signal) == signal.subject
    recent = selectors.recent_changes(user=official)
    assert [r["label"] for r in recent if r["what"] == "Signal"] == [signal.subject]


def test_the_list_shows_size_with_grouped_numbers(client):
    official = f.official("2482")
    logged(official, investment_msek=25000, power_mw=300)
    client.force_login(official)

    page = client.get(reverse("establishments:signal_list")).content.decode()

    assert "1\u00a0500" in page and "25\u00a0000" in page and "300" in page


def test_the_empty_list_says_how_to_log_and_a_filter_says_no_match(client):
    official = f.official("2482")
    client.force_login(official)

    empty = client.get(reverse("establishments:signal_list"))
    filtered = client.get(reverse("establishments:signal_list"), {"q": "finns inte"})

    assert empty.context["filtered"] is False and b"empty-state" in empty.content
    assert reverse("establishments:signal_create").encode() in empty.content
    assert filtered.context["filtered"] is True and b"empty-state" not in filtered.content


def test_a_missing_subject_is_named_and_nothing_is_saved(client):
    client.force_login(f.official("2482"))
    data = {
        "subject": "",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "telefon",
        "municipality": f.municipality("2482").pk,
        "summary": "Något",
        "confidentiality": "oppen",
    }

    response = client.post(reverse("establishments:signal_create"), data)
    too_long = client.post(reverse("establishments:signal_create"), {**data, "subject": "x" * 121})

    assert response.status_code == 200
    assert "vad, hur stort, var" in " ".join(response.context["form"].errors["subject"])
    assert "subject" in too_long.context["form"].errors
    assert Signal.objects.count() == 0


def test_the_subject_field_comes_first_and_the_caller_is_labelled_as_personal_data(client):
    client.force_login(f.official("2482"))

    response = client.get(reverse("establishments:signal_create"))

    form = response.context["form"]
    assert next(iter(form.fields)) == "subject"
    assert form.fields["subject"].required and form.fields["subject"].max_length == 120
    assert "Personuppgift" in str(form.fields["caller"].help_text)
    assert 'name="subject"' in response.content.decode()


# --- Opening a case from a signal --------------------------------------------------------------


def test_the_case_form_prefill_never_holds_the_caller_or_the_free_text(client):
    official = f.official("2482")
    signal = logged(official)
    client.force_login(official)

    response = client.get(reverse("establishments:case_create"), {"signal": signal.pk})

    initial = response.context["form"].initial
    assert initial["name"] == signal.subject
    page = response.content.decode()
    for secret in ("Anna Berg", "070-123", SOURCE):
        assert secret not in str(initial)
        assert secret not in page


def test_the_case_is_named_by_the_registry_company_when_there_is_one(client):
    official = f.official("2482")
    company = f.CompanyFactory(name="Nordbatteri AB")
    signal = logged(official, source_organisation=company)

    initial = CaseForm.initial_from_signal(signal)

    assert initial["name"] == "Nordbatteri AB" and initial["company"] == company
    assert initial["lead_municipality"] == signal.municipality
    assert initial["candidate_municipalities"] == [signal.municipality_id]


def test_the_case_form_marks_required_fields_before_sending(client):
    coordinator = f.coordinator("24")
    f.OrganisationFactory()
    client.force_login(coordinator)

    response = client.get(reverse("establishments:case_create"))

    page = response.content.decode()
    form = response.context["form"]
    for name in ("name", "lead_municipality", "coordinator", "deputy"):
        assert form.fields[name].required
        assert f'name="{name}"' in page
    assert page.count('class="req-text"') >= 4
    assert 'id="id_deputy"' in page and "en annan person än den ansvariga samordnaren" in page
    assert 'type="checkbox" name="candidate_municipalities"' in page
    # Members: typed and chosen among the registry's organisations, not a box per organisation.
    assert 'name="members_text"' in page and 'type="checkbox" name="members"' not in page
    assert "js/case_form.js" in page
    # The region's municipalities only.
    offered = set(form.fields["candidate_municipalities"].queryset.values_list("region__code", flat=True))
    assert offered == {"24"}


def test_the_case_form_query_count_does_not_grow_with_organisations(client):
    coordinator = f.coordinator("24")
    official = f.official("2482")
    signal = logged(official)
    client.force_login(coordinator)
    url = reverse("establishments:case_create") + f"?signal={signal.pk}"
    f.OrganisationFactory.create_batch(3)
    small = count_queries(client, url)
    f.OrganisationFactory.create_batch(60)

    assert count_queries(client, url) == small


def test_the_signal_list_query_count_does_not_grow(client):
    official = f.official("2482")
    client.force_login(official)
    url = reverse("establishments:signal_list")
    for i in range(3):
        logged(official, received_at=timezone.now() - timedelta(hours=i))
    small = count_queries(client, url)
    for i in range(30):
        logged(
            official, source_organisation=f.CompanyFactory(), received_at=timezone.now() - timedelta(days=i)
        )

    assert count_queries(client, url) == small


# --- Officials' triage -------------------------------------------------------------------------


def test_the_official_is_told_what_happens_next_and_gets_the_triage_tucked_away(client):
    official = f.official("2482")
    client.force_login(official)
    data = {
        "subject": "Lager, cirka 80 jobb, Skellefteå",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "telefon",
        "municipality": official.municipality_id,
        "summary": "Söker mark.",
        "confidentiality": "oppen",
    }

    response = client.post(reverse("establishments:signal_create"), data, follow=True)

    text = response.content.decode()
    assert "Du kan hantera den själv" in " ".join(str(m) for m in response.context["messages"])
    assert response.context["can_triage"] and response.context["triage_collapsed"]
    assert 'class="triage-details"' in text


def test_the_coordinator_gets_the_triage_open(client):
    signal = logged(f.official("2482"))
    client.force_login(f.coordinator("24"))

    response = client.get(signal.get_absolute_url())

    assert response.context["can_triage"] and not response.context["triage_collapsed"]
    assert b'class="triage-details"' not in response.content


# --- "Mina ärenden" ----------------------------------------------------------------------------


def test_my_cases_hold_the_case_made_from_the_officials_signal():
    official = f.official("2482")
    signal = logged(official)
    coordinator, deputy = f.coordinator("24"), f.coordinator("24")
    case = services.case_create(
        user=coordinator,
        signal=signal,
        name=signal.subject,
        lead_municipality=f.municipality("2480"),  # led elsewhere in the region: still theirs
        coordinator=coordinator,
        deputy=deputy,
    )
    case.candidate_municipalities.add(f.municipality("2482"))
    other = f.CaseFactory(lead_municipality=f.municipality("2480"), coordinator=coordinator, deputy=deputy)

    mine = selectors.dashboard(user=official)["my_cases"]

    assert case in mine and other not in mine
    assert case in selectors.my_cases(user=coordinator) and other in selectors.my_cases(user=coordinator)


def test_my_cases_of_an_official_hold_their_municipalitys_cases():
    official = f.official("2482")
    led = f.CaseFactory(lead_municipality=f.municipality("2482"))

    assert led in selectors.my_cases(user=official)


# --- Filters from the user's own place ------------------------------------------------------------


def test_a_coordinators_filters_offer_only_their_regions_municipalities():
    coordinator = f.coordinator("24")
    for form_class in (SignalFilterForm, CaseFilterForm):
        form = form_class(user=coordinator)
        regions = set(form.fields["municipality"].queryset.values_list("region__code", flat=True))
        assert regions == {"24"}
        assert "region" not in form.fields


def test_an_officials_filters_have_no_municipality_to_choose():
    official = f.official("2482")
    for form_class in (SignalFilterForm, CaseFilterForm):
        form = form_class(user=official)
        assert "municipality" not in form.fields and "region" not in form.fields


def test_an_admin_filters_by_region_and_any_municipality():
    admin = f.admin()
    form = SignalFilterForm(user=admin)
    assert "region" in form.fields
    assert form.fields["municipality"].queryset.count() > 200


def test_a_municipality_outside_the_scope_is_dropped_not_fatal(client):
    coordinator = f.coordinator("24")
    client.force_login(coordinator)

    response = client.get(reverse("establishments:signal_list"), {"municipality": f.municipality("2180").pk})

    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
