"""The number of SQL queries per page does not grow with the data (measured at 5 and 200 rows)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from establishments import access, services
from establishments.models import CaseMember, CaseViewLog, EstablishmentCase, PhaseChange, Signal
from tests import factories as f
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return f.coordinator("24")


def make_signals(n, user, case=None):
    m = f.municipality("2482")
    now = timezone.now()
    orgs = f.CompanyFactory.create_batch(3)
    Signal.objects.bulk_create(
        [
            Signal(
                received_at=now - timedelta(hours=i),
                received_by="Växeln",
                logged_by=user,
                channel="telefon",
                source_organisation=orgs[i % 3] if i % 2 else None,
                source_text=f"Bolag {i}",
                summary="Mark",
                municipality=m,
                case=case,
                state="kopplad" if case else "ny",
            )
            for i in range(n)
        ]
    )


def make_cases(n, coordinator):
    deputy = f.coordinator("24")
    m = f.municipality("2482")
    companies = f.CompanyFactory.create_batch(3)
    cases = EstablishmentCase.objects.bulk_create(
        [
            EstablishmentCase(
                name=f"Etablering {i}",
                lead_municipality=m,
                region=m.region,
                coordinator=coordinator,
                deputy=deputy,
                created_by=coordinator,
                company=companies[i % 3],
                target_jobs=100 + i,
            )
            for i in range(n)
        ]
    )
    through = EstablishmentCase.candidate_municipalities.through
    through.objects.bulk_create(
        [through(establishmentcase_id=c.pk, municipality=f.municipality("2480")) for c in cases]
    )
    return cases


def grow(n, coordinator):
    """n signals, n cases, and for one case: n signals, n members, n phase changes, n history rows."""
    make_signals(n, coordinator)
    make_cases(n, coordinator)
    case = f.CaseFactory(coordinator=coordinator, deputy=f.coordinator("24"), name="Fokus")
    make_signals(n, coordinator, case=case)
    orgs = f.OrganisationFactory.create_batch(n)
    CaseMember.objects.bulk_create([CaseMember(case=case, organisation=o) for o in orgs])
    PhaseChange.objects.bulk_create(
        [
            PhaseChange(case=case, from_phase="signal", to_phase="utredning", changed_by=coordinator)
            for _ in range(n)
        ]
    )
    for i in range(min(n, 60)):  # the history page shows the latest 50 changes
        case.target_jobs = i
        case._history_user = coordinator
        case.save()
    return case


def conf_case(coordinator):
    return services.case_create(
        user=coordinator,
        name="Hemligt",
        code_name="Projekt X",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=f.coordinator("24"),
    )


PAGES = {
    "dashboard": lambda case, conf: reverse("dashboard"),
    "search": lambda case, conf: reverse("search") + "?q=Etablering",
    "signal_list": lambda case, conf: reverse("establishments:signal_list"),
    "signal_detail": lambda case, conf: case.signals.first().get_absolute_url(),
    "signal_history": lambda case, conf: reverse(
        "establishments:signal_history", args=[case.signals.first().pk]
    ),
    "signal_form": lambda case, conf: reverse("establishments:signal_create"),
    "signal_duplicates": lambda case, conf: (
        reverse("establishments:signal_duplicates") + f"?municipality={case.lead_municipality_id}"
    ),
    "case_list": lambda case, conf: reverse("establishments:case_list"),
    "case_csv": lambda case, conf: reverse("establishments:case_list") + "?format=csv",
    "case_detail": lambda case, conf: case.get_absolute_url(),
    "case_history": lambda case, conf: reverse("establishments:case_history", args=[case.pk]),
    "case_edit": lambda case, conf: reverse("establishments:case_edit", args=[case.pk]),
    "case_create": lambda case, conf: reverse("establishments:case_create"),
    "case_access": lambda case, conf: reverse("establishments:case_access", args=[conf.pk]),
}


# The most queries these pages make (the session, the user and the request's savepoints included):
# a page may come to need fewer, never more. The search asks once which organisations have the word
# in their name, so that a rare word is found from the indexes instead of by reading every case and
# signal.
MOST = {"dashboard": 12, "search": 11, "signal_list": 8, "case_list": 8, "case_detail": 22}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_does_not_grow_with_the_data(client, coordinator, page):
    client.force_login(coordinator)
    conf = conf_case(coordinator)
    case = grow(5, coordinator)
    url = PAGES[page](case, conf)
    client.get(url)  # warm up: session, content types
    small = count_queries(client, url)

    grow(195, coordinator)
    CaseViewLog.objects.bulk_create([CaseViewLog(case=conf, user=coordinator, path="/") for _ in range(200)])
    for _ in range(20):
        access.case_grant(case=conf, user=f.coordinator("24"), by=coordinator)
    large = count_queries(client, PAGES[page](case, conf))

    print(f"{page}: {small} queries at 5 rows, {large} at 200")
    assert small == large, f"{page}: {small} queries at 5 rows, {large} at 200"
    assert large <= MOST.get(page, large), f"{page}: {large} queries, at most {MOST[page]} before"
