"""The search-as-you-type field (actors/widgets.py) and its suggestions (actors:suggest): the lists'
filters choose a municipality by typing, with the same rows the <select> offered, with and without
JavaScript; the suggestions are the user's to see, survive odd input and cost the same few queries
however large the registry grows."""

import pytest
from django.urls import reverse

from actors.forms import OrganisationFilterForm
from actors.models import Municipality
from actors.suggestions import SOURCES
from establishments.forms import CaseFilterForm, SignalFilterForm
from tests import factories as f
from tests.factories import populated_organisations
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def suggest_url(source: str, q: str = "") -> str:
    return reverse("actors:suggest", args=[source]) + (f"?q={q}" if q else "")


def suggested(response) -> list[str]:
    """The labels of the options an answer offers, in order."""
    body = response.content.decode()
    return [part.split('"', 1)[0] for part in body.split('data-label="')[1:]]


# --- The field, without JavaScript -------------------------------------------------------------------


def test_a_typed_name_is_resolved_to_its_municipality():
    form = SignalFilterForm({"municipality_text": "skellefteå", "municipality": ""}, user=f.coordinator("24"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"] == f.municipality("2482")


def test_a_four_digit_code_or_a_unique_part_of_the_name_is_enough():
    coordinator = f.coordinator("24")

    for typed in ("2482", "kellefte"):
        form = SignalFilterForm({"municipality_text": typed}, user=coordinator)
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["municipality"].code == "2482"


def test_nothing_matching_is_said_in_words():
    form = SignalFilterForm({"municipality_text": "Atlantis"}, user=f.coordinator("24"))

    assert not form.is_valid()
    assert form.errors["municipality"] == [
        "No municipality matches “Atlantis”. Type part of the name or the four-digit code."
    ]


def test_several_matching_are_named():
    form = OrganisationFilterForm({"municipality_text": "sal"}, user=f.coordinator("24"))

    assert not form.is_valid()
    message = form.errors["municipality"][0]
    assert message.startswith("Several municipalities match “sal”, among them Sala; Salem;")


def test_the_exact_name_wins_over_names_that_hold_it():
    # "Sala" is a municipality of its own, and part of others' names (Salem).
    form = OrganisationFilterForm({"municipality_text": "Sala"}, user=f.coordinator("24"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["municipality"].name == "Sala"


def test_a_municipality_outside_the_users_scope_is_not_found_by_its_name():
    form = CaseFilterForm({"municipality_text": "Gävle"}, user=f.coordinator("24"))

    assert not form.is_valid() and "municipality" in form.errors


def test_a_key_alone_is_a_plain_choice_as_a_select_sent_it():
    coordinator = f.coordinator("24")

    mine = SignalFilterForm({"municipality": f.municipality("2482").pk}, user=coordinator)
    other = SignalFilterForm({"municipality": f.municipality("2180").pk}, user=coordinator)

    assert mine.is_valid() and mine.cleaned_data["municipality"].code == "2482"
    assert not other.is_valid() and "municipality" in other.errors


@pytest.mark.parametrize("key", ["abc", "-1", "2482x", "9" * 30, "²", "\x00"])
def test_a_bad_key_is_an_invalid_choice_not_a_crash(key):
    form = SignalFilterForm({"municipality": key}, user=f.admin())

    assert not form.is_valid() and "municipality" in form.errors


def test_a_chosen_key_is_kept_while_the_text_is_its_name_and_dropped_when_it_changes():
    coordinator = f.coordinator("24")
    skelleftea, umea = f.municipality("2482"), f.municipality("2480")

    kept = SignalFilterForm(
        {"municipality": skelleftea.pk, "municipality_text": "Skellefteå"}, user=coordinator
    )
    retyped = SignalFilterForm({"municipality": skelleftea.pk, "municipality_text": "Umeå"}, user=coordinator)
    emptied = SignalFilterForm({"municipality": skelleftea.pk, "municipality_text": " "}, user=coordinator)

    assert kept.is_valid() and kept.cleaned_data["municipality"] == skelleftea
    assert retyped.is_valid() and retyped.cleaned_data["municipality"] == umea
    assert emptied.is_valid() and emptied.cleaned_data["municipality"] is None


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "x" * 70_000, "%", "_", "<b>", "😀", "\u202eevil"])
def test_odd_text_is_an_answer_not_a_crash(client, text):
    client.force_login(f.coordinator("24"))

    for url in (reverse("actors:organisation_list"), reverse("establishments:signal_list")):
        response = client.get(url, {"municipality_text": text, "municipality": ""})
        assert response.status_code == 200


def test_the_page_shows_the_chosen_municipality_when_reloaded(client):
    client.force_login(f.coordinator("24"))
    skelleftea = f.municipality("2482")

    response = client.get(reverse("actors:organisation_list"), {"municipality_text": "skellefte"})

    body = response.content.decode()
    assert 'name="municipality_text" value="Skellefteå"' in body
    assert f'name="municipality" value="{skelleftea.pk}"' in body
    # ... and from a link that has the key only
    body = client.get(reverse("actors:organisation_list"), {"municipality": skelleftea.pk}).content.decode()
    assert 'name="municipality_text" value="Skellefteå"' in body


def test_an_error_is_shown_with_its_field(client):
    client.force_login(f.coordinator("24"))

    response = client.get(reverse("establishments:signal_list"), {"municipality_text": "Atlantis"})

    body = response.content.decode()
    assert 'id="id_municipality_error"' in body and "No municipality matches “Atlantis”" in body
    assert (
        'aria-invalid="true"' in body
        and 'aria-describedby="id_municipality_error id_municipality_hint"' in body
    )
    assert 'name="municipality_text" value="Atlantis"' in body


def test_the_filters_render_no_select_of_municipalities(client):
    client.force_login(f.admin())

    for url in (reverse("actors:organisation_list"), reverse("establishments:signal_list")):
        body = client.get(url).content.decode()
        assert 'name="municipality_text"' in body and 'role="listbox"' in body
        assert '<select name="municipality"' not in body
        assert body.count("<option") < 60  # the types, levels, regions and states: a few dozen


# --- The suggestions --------------------------------------------------------------------------------


def test_a_coordinators_filter_suggests_their_regions_municipalities_only(client):
    client.force_login(f.coordinator("24"))

    labels = suggested(client.get(suggest_url("municipality")))
    codes = set(Municipality.objects.filter(name__in=labels).values_list("region__code", flat=True))

    assert codes == {"24"} and len(labels) == Municipality.objects.filter(region__code="24").count()
    assert "Gävle" not in suggested(client.get(suggest_url("municipality", "gävle")))


def test_an_official_is_suggested_their_own_municipality_only(client):
    client.force_login(f.official("2482"))

    assert suggested(client.get(suggest_url("municipality"))) == ["Skellefteå"]


def test_the_registry_suggests_every_municipality_the_users_own_region_first(client):
    client.force_login(f.coordinator("24"))
    own = set(Municipality.objects.filter(region__code="24").values_list("name", flat=True))

    labels = suggested(client.get(suggest_url("municipality-any")))

    assert len(labels) == 20 and set(labels[: len(own)]) == own and not own & set(labels[len(own) :])
    assert suggested(client.get(suggest_url("municipality-any", "skel")))[0] == "Skellefteå"
    assert "Sala" in suggested(client.get(suggest_url("municipality-any", "sala")))


def test_names_that_start_with_the_text_come_first(client):
    client.force_login(f.admin())

    labels = suggested(client.get(suggest_url("municipality-any", "sal")))

    # Sala and Salem start with it; Uppsala län's municipalities (Enköping ...) are found by their region.
    assert labels[:2] == ["Sala", "Salem"] and "Enköping" in labels


def test_organisations_are_found_by_name_or_number(client):
    client.force_login(f.reader("24"))
    company = f.CompanyFactory(name="Batterifabriken AB", org_number="556016-0680")
    f.CompanyFactory(name="Annat bolag AB")

    assert suggested(client.get(suggest_url("organisation", "batteri"))) == [company.name]
    assert suggested(client.get(suggest_url("organisation", "556016"))) == [company.name]


def test_the_answer_says_how_many_or_that_nothing_matches(client):
    client.force_login(f.admin())

    some = client.get(suggest_url("municipality-any", "skellefteå")).content.decode()
    none = client.get(suggest_url("municipality-any", "atlantis")).content.decode()

    assert 'data-count="1">1 suggestion.' in some and 'role="option"' in some
    assert 'data-count="0">Nothing matches “atlantis”.' in none and 'role="option"' not in none


@pytest.mark.parametrize(
    "q", ["\x00", "a\x00b", "x" * 70_000, "%25", "_", "%3Cscript%3E", "😀", "\u202eevil", "{{ 7*7 }}", "'"]
)
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_suggestions_survive_odd_input(client, source, q):
    client.force_login(f.coordinator("24"))
    f.OrganisationFactory(name="<script>alert(1)</script>")

    response = client.get(suggest_url(source, q))

    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_an_unknown_source_is_not_found(client):
    client.force_login(f.coordinator("24"))

    assert client.get(suggest_url("people")).status_code == 404
    assert client.get(reverse("actors:suggest", args=["x" * 300])).status_code == 404


# --- Who may ask ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [f.admin, f.coordinator, f.official, f.reader, f.contact])
def test_every_role_may_ask(client, make):
    client.force_login(make())

    for source in SOURCES:
        assert client.get(suggest_url(source, "a")).status_code == 200


def test_nobody_else_may(client):
    url = suggest_url("organisation", "a")

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(f.UserFactory())  # no role
    assert client.get(url).status_code == 403
    client.force_login(f.coordinator("24", is_active=False))
    assert client.get(url).status_code in (302, 403)


def test_it_only_answers_get(client):
    client.force_login(f.coordinator("24"))

    assert client.post(suggest_url("organisation"), {"q": "a"}).status_code == 405


# --- Queries ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["municipality", "municipality-any", "organisation"])
def test_the_suggestions_cost_the_same_queries_for_5_and_200_organisations(client, source):
    client.force_login(f.coordinator("24"))
    populated_organisations(5, prefix="A")
    url = suggest_url(source, "a")
    count_queries(client, url)  # warm-up

    few = count_queries(client, url)
    populated_organisations(195, prefix="B")
    many = count_queries(client, url)

    # The session, the user, their role and the rows (organisations: those whose name starts with the
    # text, then those whose name holds it), in the request's savepoint.
    assert few == many <= 7, f"suggestions of {source}: {few} queries at 5 rows, {many} at 200"


def test_a_municipality_filter_costs_one_query_however_it_was_given(client):
    client.force_login(f.coordinator("24"))
    url = reverse("establishments:signal_list")
    skelleftea = f.municipality("2482")
    count_queries(client, url)  # warm-up

    plain = count_queries(client, url)
    by_key = count_queries(client, url + f"?municipality={skelleftea.pk}")
    by_name = count_queries(client, url + "?municipality_text=Skellefte%C3%A5&municipality=")
    chosen = count_queries(client, url + f"?municipality_text=Skellefte%C3%A5&municipality={skelleftea.pk}")

    # The list itself filtered (its count and page) and the one look-up of the municipality; the
    # <select> it replaces cost a query of its own on every page.
    assert by_key == by_name == chosen <= plain + 1


# --- The same field in the signal and case forms ---------------------------------------------------


def test_a_signals_sender_is_typed_among_companies_and_business_sweden():
    from establishments.forms import SignalForm

    official = f.official("2482")
    company = f.CompanyFactory(name="Nordbatteri AB", org_number="556677-8899")
    f.OrganisationFactory(name="Nordbatteri kommunförbund")  # no company: not a sender to choose

    form = SignalForm(user=official)
    assert form.fields["source_organisation"].source == "signal-source"
    for typed in ("nordbatteri", "556677-8899"):
        form = SignalForm({"source_organisation_text": typed}, user=official)
        form.is_valid()
        assert "source_organisation" not in form.errors, (typed, form.errors)
        assert form.cleaned_data["source_organisation"] == company


def test_a_cases_company_is_typed_and_shown_again():
    from establishments.forms import CaseForm

    coordinator = f.coordinator("24")
    company = f.CompanyFactory(name="Vätgasbolaget Norr AB")
    case = f.CaseFactory(coordinator=coordinator, company=company)

    shown = str(CaseForm(instance=case, user=coordinator)["company"])
    typed = CaseForm({"company_text": "vätgasbolaget"}, instance=case, user=coordinator)
    typed.is_valid()

    assert 'name="company_text" value="Vätgasbolaget Norr AB"' in shown and f'value="{company.pk}"' in shown
    assert "company" not in typed.errors and typed.cleaned_data["company"] == company


def test_the_signal_and_case_forms_render_no_select_of_organisations(client):
    client.force_login(f.coordinator("24"))
    for _ in range(3):
        f.CompanyFactory()

    signal_form = client.get(reverse("establishments:signal_create")).content.decode()
    case_form = client.get(reverse("establishments:case_create")).content.decode()

    assert (
        'name="source_organisation_text"' in signal_form
        and '<select name="source_organisation"' not in signal_form
    )
    assert 'name="company_text"' in case_form and '<select name="company"' not in case_form


def test_company_suggestions_are_companies_only(client):
    client.force_login(f.coordinator("24"))
    f.CompanyFactory(name="Nordbatteri AB")
    f.OrganisationFactory(name="Nordbatteri förening")
    f.OrganisationFactory(name="Business Sweden Nord", type="business_sweden")

    assert suggested(client.get(suggest_url("company", "nord"))) == ["Nordbatteri AB"]
    # Names that start with the text before names that hold it.
    assert suggested(client.get(suggest_url("signal-source", "nord"))) == [
        "Nordbatteri AB",
        "Business Sweden Nord",
    ]
