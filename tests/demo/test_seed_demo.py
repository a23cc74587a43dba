"""``manage.py seed_demo``: the demo data `make run` loads."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.http import HttpRequest
from stdnum.se import orgnr

from accounts import policy
from accounts.models import Confidentiality, RoleName, User
from actors.models import Organisation, OrganisationType, Person, Role
from demo.data.people import PASSWORD, USERS
from establishments.models import (
    CaseMember,
    CaseUserObjectPermission,
    EstablishmentCase,
    Phase,
    PhaseChange,
    Signal,
    SignalUserObjectPermission,
)

pytestmark = pytest.mark.django_db

COUNTED = [
    Organisation,
    Person,
    Role,
    User,
    Signal,
    EstablishmentCase,
    CaseMember,
    PhaseChange,
    CaseUserObjectPermission,
    SignalUserObjectPermission,
]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    numbers = {model.__name__: model.objects.count() for model in COUNTED}
    audited = (Organisation, Signal, EstablishmentCase)
    numbers |= {f"history of {m.__name__}": m.history.count() for m in audited}
    return numbers


def user(username: str) -> User:
    return User.objects.get(username=username)


def test_it_creates_valid_organisations_of_every_type():
    seed()
    assert set(Organisation.objects.values_list("type", flat=True)) == set(OrganisationType.values)
    for org in Organisation.objects.all():
        assert orgnr.is_valid(org.org_number), org
        org.full_clean()
    skelleftea = Organisation.objects.get(name="Skellefteå kommun")
    assert (skelleftea.municipality.code, skelleftea.region.code, skelleftea.level) == ("2482", "24", "lokal")
    assert Organisation.objects.get(name="Arbetsförmedlingen").level == "nationell"
    assert not Organisation.objects.filter(name__icontains="northvolt").exists()
    for region_code in ("24", "21", "22"):
        municipalities = Organisation.objects.filter(region__code=region_code, type=OrganisationType.KOMMUN)
        assert municipalities.count() >= 2


def test_it_creates_people_roles_and_users():
    out = seed()
    for person in Person.objects.all():
        person.full_clean()  # e-mail and phone number are valid
    assert Role.objects.filter(deputy__isnull=True).exists(), "some role must be person-dependent"
    assert any(role.has_ended for role in Role.objects.all())
    assert not Role.objects.filter(mandate="").exists()

    for username, (role, *_rest) in USERS.items():
        account = authenticate(HttpRequest(), username=username, password=PASSWORD)
        assert account is not None, username
        assert policy.role_of(account) == role
        assert Person.objects.filter(user=account).exists(), username
        line = next(line for line in out.splitlines() if line.split()[:1] == [username])
        assert role in line and PASSWORD in line
    for account in User.objects.filter(groups__name__in=[RoleName.COORDINATOR, RoleName.OFFICIAL]):
        assert account.email.endswith(".example.se")
    assert user("samordnare").region.code == "24"
    assert user("samordnare.gavleborg").region.code == "21"
    assert user("tjansteman").municipality.code == "2482"
    assert user("tjansteman.gavle").municipality.code == "2180"


def test_it_logs_signals_in_every_state():
    seed()
    assert set(Signal.objects.values_list("state", flat=True)) == set(Signal.State.values)
    for region_code in ("24", "21", "22"):
        assert Signal.objects.filter(municipality__region__code=region_code).count() >= 3
    for signal in Signal.objects.filter(state=Signal.State.DISMISSED):
        assert signal.dismissal_reason
    for signal in Signal.objects.filter(state=Signal.State.LINKED):
        assert signal.case_id
    for signal in Signal.objects.all():
        assert signal.history.first().history_user_id is not None  # logged through the services


def test_it_opens_the_battery_case_in_skelleftea():
    seed()
    case = EstablishmentCase.objects.get(lead_municipality__code="2482", sector="Batteritillverkning")
    assert case.confidentiality == Confidentiality.OPEN
    assert case.phase == Phase.CONSTRUCTION
    assert case.target_jobs == 3500
    assert case.coordinator == user("samordnare")
    assert case.deputy not in (None, case.coordinator)
    assert case.candidate_municipalities.count() >= 2
    assert case.phase_changes.count() >= 3
    assert case.signals.count() >= 2
    contact = user("kontakt")
    assert case.members.filter(pk=contact.organisation_id).exists()
    assert policy.can_view_case(contact, case)


def test_the_confidential_case_is_only_visible_to_its_core_team():
    seed()
    case = EstablishmentCase.objects.get(confidentiality=Confidentiality.CONFIDENTIAL)
    assert case.code_name and case.public_name == case.code_name
    assert case.lead_municipality.code == "2180"
    assert case.candidate_municipalities.filter(code="2181").exists()
    assert (case.coordinator.username, case.deputy.username) == ("samordnare.gavleborg", "tjansteman.gavle")
    for username in ("samordnare.gavleborg", "tjansteman.gavle"):
        assert (
            policy.visible_cases(user(username), EstablishmentCase.objects.all()).filter(pk=case.pk).exists()
        ), username
    for username in ("samordnare", "admin", "kontakt", "lasare", "samordnare.vn"):
        assert (
            not policy.visible_cases(user(username), EstablishmentCase.objects.all())
            .filter(pk=case.pk)
            .exists()
        ), username
    signal = case.signals.get()
    assert signal.confidentiality == Confidentiality.CONFIDENTIAL
    assert not policy.visible_signals(user("samordnare"), Signal.objects.all()).filter(pk=signal.pk).exists()
    assert (
        policy.visible_signals(user("samordnare.gavleborg"), Signal.objects.all())
        .filter(pk=signal.pk)
        .exists()
    )


def test_running_it_again_changes_nothing():
    seed()
    before = counts()
    out = seed()
    assert counts() == before
    assert "finns redan" in out
    assert "admin" in out and PASSWORD in out


def test_scale_adds_cases_with_signals_organisations_and_people_each_time():
    seed()
    seed(scale=5)  # the first run also makes every region's public bodies, coordinator, roster and rounds
    before = counts()
    seed(scale=5)
    after = counts()
    assert after["EstablishmentCase"] == before["EstablishmentCase"] + 5
    assert after["Signal"] == before["Signal"] + 15
    assert after["Organisation"] == before["Organisation"] + 10
    assert after["Person"] == before["Person"] + 20
    assert after["history of Signal"] >= before["history of Signal"] + 2 * 15  # several versions each

    call_command("seed_demo", "--scale", "5", stdout=StringIO())
    assert EstablishmentCase.objects.count() == before["EstablishmentCase"] + 10
    names = list(EstablishmentCase.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    for model in (Organisation, Person, Role, Signal, EstablishmentCase):
        for obj in model.objects.all():
            obj.full_clean()
    new = EstablishmentCase.objects.filter(name__startswith="Demoetablering")
    assert {c.region.code for c in new} > {"24", "21", "22"}  # every fourth lies in another region
    assert all(policy.can_view_case(c.coordinator, c) for c in new)
