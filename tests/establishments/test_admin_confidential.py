"""The Django admin shows no confidential case or signal to a user not granted it, its history pages
included (finding 5: the history pages fell back to the last historical row and showed the real
name, company and description; the alarm admin showed the real company)."""

import pytest
from django.urls import reverse

from alarms.core.models import Alarm
from checklist.models import Lesson
from tests import factories as f
from tests.world import CASE_SECRETS

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(world):
    return f.admin(is_superuser=True)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def shows_a_secret(response) -> bool:
    body = response.content.decode()
    return any(secret in body for secret in (*CASE_SECRETS, "150 MW"))


def confidential_alarm(world) -> Alarm:
    case = world["case_confidential"]
    return Alarm.objects.create(
        region=case.region,
        municipality=case.lead_municipality,
        kind="etablering",
        case=case,
        raised_by=world["coordinator"],
        closes_at=case.created_at,
        deputy_after_minutes=10,
        coordinator_after_minutes=10,
        max_repeats=2,
    )


def test_a_superuser_without_a_grant_reaches_no_confidential_page(client, world, superuser):
    case, signal = world["case_confidential"], world["signal_confidential"]
    alarm = confidential_alarm(world)
    lesson = Lesson.objects.create(case=case, created_by=world["coordinator"])
    client.force_login(superuser)
    pages = [
        admin_url(type(signal), "history", signal.pk),
        admin_url(type(signal), "change", signal.pk),
        admin_url(type(case), "history", case.pk),
        admin_url(type(case), "change", case.pk),
        admin_url(Alarm, "history", alarm.pk),
        admin_url(Alarm, "change", alarm.pk),
        admin_url(Lesson, "history", lesson.pk),
    ]
    history = case.history.order_by("history_id").first()
    pages.append(admin_url(type(case), "simple_history", case.pk, history.history_id))
    for url in pages:
        response = client.get(url)
        assert response.status_code in (302, 404), url  # 302: Django's "does not exist" back to the list
        assert not shows_a_secret(response), url
    for model in (type(case), type(signal), Alarm, Lesson):
        response = client.get(admin_url(model, "changelist"))
        assert response.status_code == 200
        assert not shows_a_secret(response), model


def test_the_alarm_admin_names_a_case_by_its_code_name(client, world):
    case = world["case_confidential"]
    alarm = confidential_alarm(world)
    coordinator = world["coordinator"]  # granted the case; made staff to open the admin
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save()
    client.force_login(coordinator)
    response = client.get(admin_url(Alarm, "change", alarm.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert case.code_name in body
    assert "Hemligt namn" not in body


def test_the_admin_shows_webhook_urls_masked(client, world):
    channel = f.ChannelFactory(kind="webhook", target="https://hooks.example.se/T000/B000/hemlig-nyckel")
    client.force_login(f.admin(is_superuser=True))
    for url in (admin_url(type(channel), "changelist"), admin_url(type(channel), "change", channel.pk)):
        response = client.get(url)
        assert response.status_code == 200
        assert "hemlig-nyckel" not in response.content.decode()
        assert "hooks.example.se" in response.content.decode()


def test_a_history_version_is_never_put_back(client, world):
    """simple-history's version page saved a posted version with only the history permission: a
    channel the admin keeps read only was reverted, its old webhook restored."""
    channel = f.ChannelFactory(kind="webhook", target="https://hooks.example.se/old")
    old = channel.history.order_by("history_id").first()
    channel.target, channel.is_enabled = "https://hooks.example.se/new", False
    channel.save()
    client.force_login(f.admin(is_superuser=True))
    url = admin_url(type(channel), "simple_history", channel.pk, old.history_id)
    assert client.get(url).status_code == 200
    response = client.post(url, {"person": channel.person_id, "kind": "webhook", "target": old.target})
    assert response.status_code == 403
    channel.refresh_from_db()
    assert channel.target.endswith("/new") and not channel.is_enabled


def test_the_registry_is_not_deleted_in_the_admin(client, world):
    """Its delete page listed what hangs on an organisation by name, a confidential case's records too."""
    organisation = world["case_confidential"].memberships.first().organisation
    client.force_login(f.admin(is_superuser=True))
    response = client.get(admin_url(type(organisation), "delete", organisation.pk))
    assert response.status_code == 403
    assert not shows_a_secret(response)
