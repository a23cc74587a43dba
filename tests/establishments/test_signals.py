from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Confidentiality
from establishments.models import Signal
from tests import factories as f

pytestmark = pytest.mark.django_db

CREATE = reverse("establishments:signal_create")


def signal_post(**overrides):
    data = {
        "subject": "Batterifabrik, cirka 1 200 jobb, Skellefteå",
        "caller": "Anna Berg, 070-123 45 67",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "received_by": "",
        "channel": "telefon",
        "source_text": "Okänt batteribolag",
        "municipality": f.municipality("2482").pk,
        "summary": "Ringde och frågade om 40 hektar mark och 200 MW.",
        "sector": "Batterier",
        "jobs": "1200",
        "power_mw": "200",
        "land_hectares": "40",
        "investment_msek": "5000",
        "confidentiality": "oppen",
    }
    data.update(overrides)
    return data


def test_it_logs_a_signal_and_tells_the_regions_coordinators(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    official = f.official("2482")
    coordinator = f.coordinator("24", email="samordnare@example.se")
    f.coordinator("21", email="annan@example.se")  # another region: not told
    client.force_login(official)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, signal_post())

    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == signal.get_absolute_url()
    assert signal.logged_by == official
    assert signal.received_by == str(official)
    assert signal.state == Signal.State.NEW
    assert signal.power_mw == 200
    assert signal.history.count() == 1
    assert signal.history.get().history_user == official
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    # Named by its subject: never the free-text sender, never the caller's name or number.
    assert "Batterifabrik, cirka 1 200 jobb, Skellefteå" in mailoutbox[0].subject
    for mail_text in (mailoutbox[0].subject, mailoutbox[0].body):
        assert "Anna Berg" not in mail_text and "070-123" not in mail_text
        assert "Okänt batteribolag" not in mail_text
    assert signal.caller == "Anna Berg, 070-123 45 67"


def test_it_hides_a_confidential_signal_in_the_email(client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(f.official("2482"))
    f.coordinator("24", email="samordnare@example.se")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CREATE,
            signal_post(
                source_text="Hemligbolaget AB",
                subject="Hemligbolagets fabrik, Skellefteå",
                confidentiality="konfidentiell",
                summary="Hemlig fabrik för Hemligbolaget",
            ),
        )

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "Hemligbolaget" not in mail.subject + mail.body
    assert "Skellefteå" in mail.subject


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject", ""),
        ("subject", "   "),
        ("subject", "x" * 121),
        ("subject", "Okänt bolag, Anna Berg, 070-123 45 67"),
        ("subject", "Ring anna.berg@example.se om fabriken"),
        ("subject", "Fabrik, Anna Berg, 070-123 45 67"),
        ("summary", ""),
        ("summary", "x" * 4001),
        ("received_at", "2026-13-45T25:99"),
        ("channel", "brevduva"),
        ("power_mw", "-5"),
        ("jobs", "många"),
        ("municipality", "999999"),
    ],
)
def test_it_rejects_bad_input_with_a_message_and_saves_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks, field, value
):
    client.force_login(f.official("2482"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, signal_post(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert b"errors" in response.content
    assert Signal.objects.count() == 0
    assert mailoutbox == []


def test_it_refuses_a_municipality_outside_the_officials_own(client):
    client.force_login(f.official("2482"))

    response = client.post(CREATE, signal_post(municipality=f.municipality("2180").pk))

    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert Signal.objects.count() == 0


@pytest.mark.parametrize("role", ["reader", "contact"])
def test_it_forbids_logging_for_roles_without_the_right(client, role):
    user = f.reader("24") if role == "reader" else f.contact()
    client.force_login(user)

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, signal_post()).status_code == 403
    assert Signal.objects.count() == 0


def test_it_shows_likely_duplicates_while_logging(client):
    official = f.official("2482")
    old = f.SignalFactory(
        source_text="Nordbatteri",
        municipality=f.municipality("2482"),
        received_at=timezone.now() - timedelta(days=30),
    )
    f.SignalFactory(
        source_text="Gammalt",
        municipality=f.municipality("2482"),
        received_at=timezone.now() - timedelta(days=200),
    )
    hidden = f.SignalFactory(
        source_text="Nordbatteri",
        municipality=f.municipality("2482"),
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    client.force_login(official)

    response = client.get(
        reverse("establishments:signal_duplicates"),
        {"municipality": f.municipality("2482").pk, "source_text": "Nordbatteri"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<li>") == 1
    assert old.get_absolute_url() in html
    assert hidden.get_absolute_url() not in html
    assert "<html" not in html  # a fragment, not a page


def test_duplicates_endpoint_ignores_garbage(client):
    client.force_login(f.official("2482"))

    response = client.get(
        reverse("establishments:signal_duplicates"), {"municipality": "x", "received_at": "y"}
    )

    assert response.status_code == 200
    assert "<li>" not in response.content.decode()
