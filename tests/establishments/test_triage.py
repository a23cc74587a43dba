import pytest
from django.urls import reverse

from accounts import policy
from establishments import services
from establishments.models import EstablishmentCase, Signal
from tests import factories as f

pytestmark = pytest.mark.django_db


def triage(client, signal, action, **data):
    return client.post(reverse("establishments:signal_triage", args=[signal.pk, action]), data)


def test_it_moves_a_signal_through_assessment_and_dismissal(client):
    coordinator = f.coordinator("24")
    signal = f.SignalFactory()
    client.force_login(coordinator)

    triage(client, signal, "assess")
    signal.refresh_from_db()
    assert signal.state == Signal.State.ASSESSING

    triage(client, signal, "dismiss", reason="Bolaget valde Norge.")
    signal.refresh_from_db()
    assert signal.state == Signal.State.DISMISSED
    assert signal.dismissal_reason == "Bolaget valde Norge."
    assert [h.history_user for h in signal.history.all()[:2]] == [coordinator, coordinator]


def test_it_will_not_dismiss_without_a_reason(client):
    client.force_login(f.coordinator("24"))
    signal = f.SignalFactory()

    response = triage(client, signal, "dismiss", reason="   ")

    signal.refresh_from_db()
    assert signal.state == Signal.State.NEW
    assert response.status_code == 302


def test_it_opens_a_case_from_a_signal(client):
    coordinator = f.coordinator("24")
    deputy = f.coordinator("24")
    signal = f.SignalFactory(jobs=300, sector="Batterier")
    client.force_login(coordinator)

    form = client.get(reverse("establishments:case_create") + f"?signal={signal.pk}")
    assert form.context["form"].initial["target_jobs"] == 300

    response = client.post(
        reverse("establishments:case_create") + f"?signal={signal.pk}",
        {
            "name": "Batterifabriken",
            "kind": "nyetablering",
            "lead_municipality": signal.municipality_id,
            "confidentiality": "oppen",
            "coordinator": coordinator.pk,
            "deputy": deputy.pk,
            "target_jobs": "300",
        },
    )

    case = EstablishmentCase.objects.get()
    assert response["Location"] == case.get_absolute_url()
    signal.refresh_from_db()
    assert signal.state == Signal.State.LINKED and signal.case == case
    assert case.region.code == "24"
    assert case.phase_changes.count() == 1


def test_it_links_a_signal_to_an_existing_case(client):
    coordinator = f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator)
    signal = f.SignalFactory()
    client.force_login(coordinator)

    triage(client, signal, "link", case=case.pk)

    signal.refresh_from_db()
    assert signal.case == case and signal.state == Signal.State.LINKED


def test_linking_to_a_confidential_case_makes_the_signal_confidential():
    coordinator = f.coordinator("24")
    case = services.case_create(
        user=coordinator,
        name="Datahall",
        code_name="Projekt Norrsken",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=f.coordinator("24"),
    )
    signal = f.SignalFactory()
    other = f.coordinator("24")

    services.signal_link_to_case(signal=signal, case=case, user=coordinator)

    signal.refresh_from_db()
    assert signal.confidentiality == "konfidentiell"
    assert not policy.can_view_signal(other, signal)


def test_it_refuses_to_link_to_a_case_in_another_region(client):
    coordinator = f.coordinator("24")
    other_case = f.CaseFactory(lead_municipality=f.municipality("2180"))
    signal = f.SignalFactory()
    client.force_login(coordinator)

    triage(client, signal, "link", case=other_case.pk)

    signal.refresh_from_db()
    assert signal.state == Signal.State.NEW and signal.case is None


def test_it_does_not_triage_twice(client):
    coordinator = f.coordinator("24")
    signal = f.SignalFactory(state=Signal.State.DISMISSED, dismissal_reason="Nej")
    client.force_login(coordinator)

    triage(client, signal, "assess")

    signal.refresh_from_db()
    assert signal.state == Signal.State.DISMISSED


def test_an_unknown_action_is_forbidden(client):
    client.force_login(f.coordinator("24"))
    signal = f.SignalFactory()

    assert triage(client, signal, "explode").status_code == 403


def test_a_reader_cannot_triage(client):
    client.force_login(f.reader("24"))
    signal = f.SignalFactory()

    assert triage(client, signal, "assess").status_code == 404
    signal.refresh_from_db()
    assert signal.state == Signal.State.NEW
