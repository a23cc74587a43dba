"""The registry's list filters start from the user's own place."""

import pytest

from actors.forms import OrganisationFilterForm
from actors.selectors import filter_municipalities
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_coordinator_is_offered_their_regions_municipalities_and_no_region():
    form = OrganisationFilterForm(user=f.coordinator("24"))

    assert "region" not in form.fields
    assert set(form.fields["municipality"].queryset.values_list("region__code", flat=True)) == {"24"}


def test_an_official_is_offered_their_own_municipality():
    official = f.official("2482")

    form = OrganisationFilterForm(user=official)

    assert list(form.fields["municipality"].queryset) == [official.municipality]
    assert "region" not in form.fields


def test_an_administrator_chooses_among_all_regions():
    form = OrganisationFilterForm(user=f.admin())

    assert "region" in form.fields
    assert form.fields["municipality"].queryset.count() == filter_municipalities(user=f.admin()).count() > 200


def test_a_municipality_outside_the_scope_is_not_a_valid_filter():
    form = OrganisationFilterForm({"municipality": f.municipality("2180").pk}, user=f.coordinator("24"))

    assert not form.is_valid() and "municipality" in form.errors


def test_without_a_user_the_form_offers_everything():
    form = OrganisationFilterForm()

    assert "region" in form.fields and form.fields["municipality"].queryset.count() > 200
