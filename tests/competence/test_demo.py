"""The demo data of moment 2 goes in through the services and fills the tab."""

import pytest
from django.urls import reverse

from competence.models import CompetenceGap, Intervention, LivingNeed
from competence.selectors import competence_progress
from demo.competence import seed_competence
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]

ORG_KEYS = [
    "komvux_ske", "yh_norrsken", "af", "tc_vb", "umu", "business_sweden", "skelleftea", "region_vb",
    "nya_skelleftebor",
]  # fmt: skip


@pytest.mark.swedish
def test_seed_competence_fills_the_battery_case(client):
    coordinator = f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator, name="Nordanvind battericellfabrik")
    orgs = {key: f.OrganisationFactory(name=key) for key in ORG_KEYS}
    seed_competence(case=case, users={"samordnare": coordinator}, orgs=orgs, people={})

    assert CompetenceGap.objects.filter(case=case).count() >= 20
    assert Intervention.objects.filter(case=case).count() >= 12
    kinds = set(LivingNeed.objects.filter(case=case).values_list("kind", flat=True))
    assert {"bostader", "forskola_skola", "internationell_skola", "jobb_medfoljande"} <= kinds
    gap = CompetenceGap.objects.filter(case=case).first()
    assert gap.history.first().history_change_reason == "Demodata"

    # The region's education supply: a YH programme and Komvux courses in Skellefteå, the case's
    # interventions of the same name pointing to them, each marked as invented figures.
    from competence.models import Offering

    offerings = Offering.objects.order_by("name")
    assert {o.form for o in offerings} == {"yh", "komvux"} and offerings.count() == 3
    assert all(o.source == "Demodata: påhittade siffror" for o in offerings)
    assert Intervention.objects.filter(case=case, offering__isnull=False).count() == 2
    electricians = Offering.objects.get(name="Elektriker, yrkesvux")
    assert (electricians.status, [o.code for o in electricians.occupations.all()]) == ("ansokt", ["7411"])

    progress = competence_progress(user=coordinator, case=case)
    assert 0 < progress.done < progress.total  # rich, with something left to do
    client.force_login(coordinator)
    body = client.get(reverse("competence:case_competence", kwargs={"case_pk": case.pk})).content.decode()
    assert "Andra process- och maskinoperatörer" in body and "<svg" in body


def test_seed_competence_fits_the_demo_world():
    """With the real demo (its users, organisations and battery case), keyed as seed_demo keys them."""
    from django.core.management import call_command

    from establishments.models import EstablishmentCase

    call_command("seed_demo", stdout=__import__("io").StringIO())
    case = EstablishmentCase.objects.get(name__startswith="Nordanvind")
    assert CompetenceGap.objects.filter(case=case).count() >= 20
    assert LivingNeed.objects.filter(case=case, organisation__name="Skellefteå kommun").exists()
