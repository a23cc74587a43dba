"""The list filters start from the user's own place: the signal and case lists offer only the
user's scope (they show nothing else); the national registry offers every place, the user's own
first."""

import pytest

from actors.forms import OrganisationFilterForm
from actors.selectors import filter_municipalities
from establishments.forms import CaseFilterForm, SignalFilterForm
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [SignalFilterForm, CaseFilterForm])
def test_a_coordinator_is_offered_their_regions_municipalities_and_no_region(form_class):
    form = form_class(user=f.coordinator("24"))

    assert "region" not in form.fields
    assert set(form.fields["municipality"].queryset.values_list("region__code", flat=True)) == {"24"}


def test_an_official_is_offered_their_own_municipality_only():
    official = f.official("2482")

    assert list(filter_municipalities(user=official)) == [official.municipality]
    form = SignalFilterForm(user=official)
    assert "region" not in form.fields and "municipality" not in form.fields


def test_an_administrator_chooses_among_all_regions():
    form = SignalFilterForm(user=f.admin())

    assert "region" in form.fields
    assert form.fields["municipality"].queryset.count() == filter_municipalities(user=f.admin()).count() > 200


def test_a_municipality_outside_the_scope_is_not_a_valid_filter():
    form = CaseFilterForm({"municipality": f.municipality("2180").pk}, user=f.coordinator("24"))

    assert not form.is_valid() and "municipality" in form.errors


def test_the_registry_offers_every_place_with_the_users_own_first():
    coordinator = f.coordinator("24")
    form = OrganisationFilterForm(user=coordinator)

    regions = [value for value, _ in form.fields["region"].choices if value]
    assert regions[0] == coordinator.region.pk and len(regions) == 21
    # The municipality is typed: every municipality may be chosen, the suggestions put the user's
    # own region's first (tests/actors/test_search_field.py).
    assert form.fields["municipality"].source == "municipality-any"
    assert form.fields["municipality"].queryset.count() == 290
    # Any municipality stays a valid filter.
    assert OrganisationFilterForm({"municipality": f.municipality("2180").pk}, user=coordinator).is_valid()
    assert OrganisationFilterForm({"municipality_text": "Gävle"}, user=coordinator).is_valid()


def test_without_a_user_the_form_offers_everything():
    form = OrganisationFilterForm()

    assert "region" in form.fields and form.fields["municipality"].queryset.count() > 200
