"""The readiness plan's services on their own: the stale-edit rule of the case workspace
(workspace.core.versioning) and the owner rule (RegionalAction.clean), refused by the service
whatever form (or none) the call came from."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from checklist.models import RegionalAction, Value
from checklist.readiness import services
from tests import factories as f
from tests.checklist.readiness.helpers import answer, fill, open_round
from workspace.core.versioning import StaleEdit

pytestmark = [pytest.mark.django_db, pytest.mark.english]


@pytest.fixture
def coordinator():
    return f.coordinator("24")


@pytest.fixture
def org():
    return f.OrganisationFactory(name="Skellefteå kommun")


@pytest.fixture
def nej(org):
    round_ = open_round(organisations=[org], title="Våren")
    fill(round_, org, {4: Value.NO})
    return answer(round_, org, 4)


@pytest.fixture
def action(coordinator, org, nej):
    return services.action_from_answer(
        user=coordinator, answer=nej, title="Rutin 4", theme="larmsystem", owner_organisation=org
    )


def fresh(action) -> RegionalAction:
    return RegionalAction.objects.get(pk=action.pk)


def elsewhere():
    """An organisation of Gävleborg (21), never asked in one of Västerbotten's (24) rounds."""
    return f.OrganisationFactory(name="Gävle kommun", region=f.region("21"))


# --- The stale-edit rule ------------------------------------------------------------------------


def test_a_new_action_is_version_1_and_each_save_the_next(coordinator, action):
    assert action.version == 1
    mine = fresh(action)
    mine.status = "pagar"
    saved = services.action_save(user=coordinator, action=mine, reason="Igång", expected_version=1)
    assert saved.version == fresh(action).version == 2
    latest = action.history.order_by("-history_id").first()
    assert latest.history_user == coordinator and latest.history_change_reason == "Igång"
    assert latest.version == 2


def test_a_stale_edit_is_refused_with_the_newer_version_and_changes_nothing(coordinator, action):
    other = f.coordinator("24")
    theirs, mine = fresh(action), fresh(action)
    theirs.status = "klar"
    services.action_save(user=other, action=theirs, reason="Klart", expected_version=1)
    history = action.history.count()
    mine.title = "Min ändring"
    with pytest.raises(StaleEdit) as refused:
        services.action_save(user=coordinator, action=mine, reason="Min", expected_version=1)
    assert refused.value.current.version == 2 and refused.value.current.status == "klar"
    stored = fresh(action)
    assert (stored.title, stored.status, stored.version) == ("Rutin 4", "klar", 2)
    assert action.history.count() == history


def test_a_second_save_at_the_newer_version_replaces_it(coordinator, action):
    theirs, mine = fresh(action), fresh(action)
    theirs.status = "klar"
    services.action_save(user=f.coordinator("24"), action=theirs, expected_version=1)
    mine.status = "stoppad"
    with pytest.raises(StaleEdit) as refused:
        services.action_save(user=coordinator, action=mine, expected_version=1)
    services.action_save(
        user=coordinator, action=mine, reason="Medvetet", expected_version=refused.value.current.version
    )
    stored = fresh(action)
    assert (stored.status, stored.version) == ("stoppad", 3)
    latest = action.history.order_by("-history_id").first()
    assert latest.history_user == coordinator and latest.history_change_reason == "Medvetet"


def test_an_action_never_moves_to_another_regions_plan(coordinator, action):
    moved = fresh(action)
    moved.region = f.region("21")
    with pytest.raises(PermissionDenied):
        services.action_save(user=f.admin(), action=moved, expected_version=1)
    assert fresh(action).region.code == "24"


# --- The owner rule -----------------------------------------------------------------------------


def test_the_service_refuses_an_owner_of_another_region(coordinator, nej):
    with pytest.raises(ValidationError) as refused:
        services.action_from_answer(
            user=coordinator, answer=nej, title="x", theme="larmsystem", owner_organisation=elsewhere()
        )
    assert "owner_organisation" in refused.value.message_dict
    assert "one of the region's organisations" in refused.value.message_dict["owner_organisation"][0]
    assert not RegionalAction.objects.exists()


def test_the_service_refuses_handing_an_action_to_another_region(coordinator, action):
    mine = fresh(action)
    mine.owner_organisation = elsewhere()
    with pytest.raises(ValidationError) as refused:
        services.action_save(user=coordinator, action=mine, expected_version=1)
    assert "owner_organisation" in refused.value.message_dict
    stored = fresh(action)
    assert stored.owner_organisation.name == "Skellefteå kommun" and stored.version == 1


def test_the_regions_own_and_its_municipalities_organisations_may_own_one(coordinator, action):
    own = f.OrganisationFactory(name="Region Västerbotten", region=f.region("24"))
    mine = fresh(action)
    mine.owner_organisation = own
    services.action_save(user=coordinator, action=mine, expected_version=1)
    assert fresh(action).owner_organisation == own


def test_an_owner_already_stored_is_kept_wherever_it_is_now(coordinator, action):
    # The owner was the region's when chosen; since then it belongs elsewhere (moved in the registry).
    RegionalAction.objects.filter(pk=action.pk).update(owner_organisation=elsewhere())
    stored = fresh(action)
    stored.status = "pagar"
    services.action_save(user=coordinator, action=stored, expected_version=1)
    assert fresh(action).status == "pagar" and fresh(action).owner_organisation.name == "Gävle kommun"


def test_the_owning_person_must_work_at_the_owning_organisation(coordinator, org, nej):
    stranger = f.PersonFactory(organisation=f.OrganisationFactory(region=f.region("24")))
    with pytest.raises(ValidationError) as refused:
        services.action_from_answer(
            user=coordinator,
            answer=nej,
            title="x",
            theme="larmsystem",
            owner_organisation=org,
            owner_person=stranger,
        )
    assert "owner_person" in refused.value.message_dict
    assert not RegionalAction.objects.exists()
