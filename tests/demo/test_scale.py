"""``seed_demo --scale N``: N more cases, each with the same small world around it (``demo.scale``)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from actors.models import Organisation, Person, Role
from establishments.models import (
    CaseMember,
    CaseUserObjectPermission,
    EstablishmentCase,
    PhaseChange,
    Signal,
    SignalUserObjectPermission,
)

pytestmark = pytest.mark.django_db

CANDIDATES = EstablishmentCase.candidate_municipalities.through
# Rows (and history rows, where the model keeps history) per scale case.
PER_CASE = {
    EstablishmentCase: 1,
    Organisation: 2,
    Person: 4,
    Role: 2,
    CaseMember: 2,
    PhaseChange: 1,
    CANDIDATES: 1,
    Signal: 3,
}
AUDITED = (EstablishmentCase, Organisation, Person, Role, CaseMember, Signal)


def counts() -> dict:
    numbers = {model: model.objects.count() for model in PER_CASE}
    numbers |= {f"history of {m.__name__}": m.history.count() for m in AUDITED}
    numbers |= {m: m.objects.count() for m in (CaseUserObjectPermission, SignalUserObjectPermission)}
    return numbers


def test_scale_20_adds_the_promised_rows_per_case():
    call_command("seed_demo", stdout=StringIO())
    before = counts()
    out = StringIO()
    call_command("seed_demo", "--scale", "20", stdout=out)
    after = counts()

    for model, per_case in PER_CASE.items():
        assert after[model] - before[model] == 20 * per_case, model
    for model in AUDITED:
        key = f"history of {model.__name__}"
        assert after[key] - before[key] == 20 * PER_CASE[model], key
    # Nothing is confidential, so nobody is granted anything.
    assert after[CaseUserObjectPermission] == before[CaseUserObjectPermission]
    assert after[SignalUserObjectPermission] == before[SignalUserObjectPermission]
    assert "La till 20 ärenden (Demoetablering 0001–0020)" in out.getvalue()


def test_each_scale_case_has_its_own_small_world():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--scale", "20", stdout=StringIO())
    cases = EstablishmentCase.objects.filter(name__startswith="Demoetablering ")
    assert cases.count() == 20
    for case in cases.prefetch_related("signals", "memberships", "candidate_municipalities"):
        states = sorted(s.state for s in case.signals.all())
        assert states.count(Signal.State.LINKED) == 2, case
        members = {m.organisation_id for m in case.memberships.all()}
        assert len(members) == 2 and case.company_id in members, case
        assert [m.pk for m in case.candidate_municipalities.all()] == [case.lead_municipality_id]
        assert case.region_id == case.lead_municipality.region_id
    # The third signal of each case: new, under assessment or dismissed (as a duplicate), in turn.
    third = Signal.objects.filter(source_text__startswith="Förfrågan ", source_text__endswith="-2")
    assert Counter(third.values_list("state", flat=True)) == {
        Signal.State.NEW: 6,
        Signal.State.ASSESSING: 7,
        Signal.State.DISMISSED: 7,
    }
    assert all(s.dismissal_reason for s in third.filter(state=Signal.State.DISMISSED))
    # The three regions take turns, and three roles in four have a deputy.
    assert Counter(cases.values_list("region__code", flat=True)) == {"24": 6, "21": 7, "22": 7}
    roles = Role.objects.filter(title="Kontaktperson etablering")
    assert roles.count() == 40
    assert roles.filter(deputy__isnull=False).count() == 30


def test_scale_numbers_on_from_the_last_run():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--scale", "2", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--scale", "3", stdout=out)
    assert "(Demoetablering 0003–0005)" in out.getvalue()
    assert EstablishmentCase.objects.filter(name__startswith="Demoetablering ").count() == 5
