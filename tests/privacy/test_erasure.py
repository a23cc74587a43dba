"""Erasing a person's personal data (privacy/erasure.py) from the confirmation page: what goes, what
stays true for the case, who may, and that a wrong confirmation changes nothing."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.hashers import is_password_usable
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import policy
from accounts.models import AuditEvent, User
from actors.models import Person, Role
from alarms.core.models import AlarmEvent, Recipient
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.rosters.models import Channel, RosterEntry
from tests import factories as f
from tests.factories import bulk_people, bulk_roles
from tests.helpers import count_queries, shows, sv
from workspace.plan.models import CalendarFeed

from .helpers import ANSWERED_AT, EMAIL, NAME, OLD_EMAIL, PHONE, answer, life, strings_of

pytestmark = pytest.mark.django_db


def url(person) -> str:
    return reverse("privacy:person_erase", args=[person.pk])


@pytest.fixture
def subject(world):
    return life(world)


def snapshot(subject) -> tuple:
    person, user = subject["person"], subject["user"]
    return (
        tuple(Person.history.filter(id=person.pk).values_list("name", "email", "phone", "title")),
        tuple(User.history.filter(id=user.pk).values_list("username", "email", "first_name")),
        tuple(Channel.objects.filter(person=person).values_list("pk", "target")),
        tuple(Role.objects.filter(person=person).values_list("pk", "valid_to")),
        tuple(Delivery.objects.filter(person=person).values_list("pk", "target")),
        User.objects.filter(pk=user.pk)
        .values_list("username", "is_active", "password", "session_salt")
        .get(),
        TOTPDevice.objects.filter(user=user).count(),
        Notification.objects.filter(user=user).count(),
        AuditEvent.objects.filter(kind=AuditEvent.Kind.PERSON_ERASED).count(),
    )


def test_after_erasure_nothing_identifies_them_and_the_case_stays_true(client, subject):
    answer(subject)
    person, user, admin = subject["person"], subject["user"], subject["admin"]
    username = user.username
    victim = client.__class__()
    victim.force_login(user)
    logged_in = victim.get(reverse("dashboard"))  # logged in (owing the second factor, which they have)
    assert logged_in.status_code == 200 or logged_in.url.split("?")[0] != reverse("login")
    deliveries = {d.pk: (d.state, d.sent_at, d.created_at) for d in Delivery.objects.filter(person=person)}
    assert deliveries and any(d.target for d in Delivery.objects.filter(person=person))

    client.force_login(admin)
    response = client.post(url(person), {"confirmation": str(person.pk)})
    assert response.status_code == 302, (response.context["plan"].blockers, response.context["form"].errors)
    assert response.url == person.get_absolute_url()

    # The registry entry and every earlier version of it.
    person.refresh_from_db()
    assert (person.name, person.title, person.email, person.phone) == (
        f"Raderad person {person.pk}",
        "",
        "",
        "",
    )
    assert person.organisation == subject["recipient"].organisation  # the entry keeps its organisation
    historical = Person.history.model.objects.filter(id=person.pk)
    assert historical.count() >= 3
    # The account and every earlier version of it.
    user.refresh_from_db()
    assert user.username == f"raderad-{user.pk}" and not user.is_active
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not is_password_usable(user.password)
    historical_user = User.history.model.objects.filter(id=user.pk)
    for text in strings_of(subject, username):
        for row in [*historical.values(), *historical_user.values()]:
            assert text not in str(row.values()), (text, row)
        for row in Channel.history.model.objects.filter(person=person).values():
            assert text not in str(row.values()), (text, row)
    # Its sessions have ended: the old login no longer works.
    logged_out = victim.get(reverse("dashboard"))
    assert logged_out.status_code == 302 and logged_out.url.split("?")[0] == reverse("login")
    # Channels, second factor, inbox, calendar feeds and login records are gone; roles ended.
    assert not Channel.objects.filter(person=person).exists()
    assert (
        not TOTPDevice.objects.filter(user=user).exists()
        and not StaticDevice.objects.filter(user=user).exists()
    )
    assert not Notification.objects.filter(user=user).exists()
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert not AccessLog.objects.filter(username=username).exists()
    assert not AccessAttempt.objects.filter(username=username).exists()
    today = timezone.localdate()
    assert set(Role.objects.filter(person=person).values_list("valid_to", flat=True)) == {today}
    assert not Role.objects.filter(deputy=person).exists()
    assert not RosterEntry.objects.filter(deputy=person).exists()
    # The deliveries keep their state and times, without the address.
    for d in Delivery.objects.filter(person=person):
        assert d.target == "" and (d.state, d.sent_at, d.created_at) == deliveries[d.pk]
    assert not policy.can_answer_by_link(Delivery.objects.filter(person=person).exclude(kind="inapp").first())
    # The alarm still says the organisation answered at 10:42, through the (erased) person.
    recipient = Recipient.objects.get(pk=subject["recipient"].pk)
    assert (recipient.response, recipient.responded_at, recipient.responded_by_person_id) == (
        "mobilising",
        ANSWERED_AT,
        person.pk,
    )
    assert NAME not in recipient.who_comes and PHONE not in recipient.who_comes
    assert "två kollegor" in recipient.who_comes
    event = AlarmEvent.objects.get(recipient=recipient, kind="mobilising")
    assert event.at == ANSWERED_AT and NAME not in event.text
    # The erasure is recorded without personal data.
    audit = AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_ERASED)
    assert (audit.by, audit.user, audit.person_id) == (admin, user, person.pk)
    for text in strings_of(subject, username):
        assert text not in audit.detail
    assert "channels=3" in audit.detail and "roles_ended=1" in audit.detail


def test_the_page_says_what_will_be_replaced_deleted_and_kept(client, subject):
    answer(subject)
    client.force_login(subject["admin"])
    page = client.get(url(subject["person"]))
    assert page.status_code == 200
    plan = page.context["plan"]
    counts = {str(line.label): line.count for line in plan.replaced + plan.deleted + plan.ended + plan.kept}
    assert counts[sv("Alarm channels")] == 3
    assert counts[sv("Current roles (they end today)")] == 1
    assert counts[sv("Alarm answers they gave (the organisation answered, and when)")] == 2
    assert counts[sv("Second-factor devices")] == 2
    for text in ("Replaced", "Deleted or emptied", "Ended or taken off", "Kept", "Erase the personal data"):
        assert shows(page, sv(text)), text


@pytest.mark.parametrize("confirmation", ["", "fel", "12345678", "\x00", "Primär", "Raderad person"])
def test_a_wrong_confirmation_changes_nothing(client, subject, confirmation):
    answer(subject)
    before = snapshot(subject)
    client.force_login(subject["admin"])
    response = client.post(url(subject["person"]), {"confirmation": confirmation})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert snapshot(subject) == before


def test_the_name_confirms_too(client, subject):
    answer(subject)
    client.force_login(subject["admin"])
    response = client.post(url(subject["person"]), {"confirmation": "  primär   KONTAKT "})
    assert response.status_code == 302


def test_an_unanswered_open_alarm_holds_the_erasure(client, subject):
    before = snapshot(subject)
    client.force_login(subject["admin"])
    page = client.get(url(subject["person"]))
    assert page.context["plan"].blockers and shows(page, sv("The data cannot be erased now."))
    response = client.post(url(subject["person"]), {"confirmation": str(subject["person"].pk)})
    assert response.status_code == 200 and snapshot(subject) == before


def test_a_case_coordinator_is_erased_only_after_someone_else_is_appointed(client, world):
    client.force_login(world["admin"])
    coordinator = world["coordinator"]
    before = User.objects.filter(pk=coordinator.pk).values().get()
    response = client.post(
        reverse("privacy:user_erase", args=[coordinator.pk]), {"confirmation": str(coordinator.pk)}
    )
    assert response.status_code == 200 and response.context["plan"].blockers
    assert User.objects.filter(pk=coordinator.pk).values().get() == before


def test_nobody_erases_their_own_account(client, world):
    admin = world["admin"]
    client.force_login(admin)
    response = client.post(reverse("privacy:user_erase", args=[admin.pk]), {"confirmation": str(admin.pk)})
    assert response.status_code == 200 and response.context["plan"].blockers
    admin.refresh_from_db()
    assert admin.is_active and not admin.username.startswith("raderad")


def test_an_account_without_a_registry_entry_is_erased_by_its_own_page(client, world):
    reader = world["reader"]
    username, email = reader.username, reader.email
    client.force_login(world["admin"])
    response = client.post(reverse("privacy:user_erase", args=[reader.pk]), {"confirmation": username})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.username == f"raderad-{reader.pk}" and not reader.is_active
    for row in User.history.model.objects.filter(id=reader.pk).values():
        assert username not in str(row.values()) and email not in str(row.values())
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_ERASED).person_id is None


@pytest.mark.parametrize("key", ["coordinator", "official", "reader", "contact", "contact_other"])
def test_only_administrators_reach_the_erasure(client, subject, key):
    answer(subject)
    # The contact is the subject: without their second factor here, so the refusal is the page's.
    TOTPDevice.objects.filter(user=subject["user"]).delete()
    StaticDevice.objects.filter(user=subject["user"]).delete()
    client.force_login(subject["world"][key])  # a login writes the account's history: before the snapshot
    before = snapshot(subject)
    person, user = subject["person"], subject["user"]
    for target in (url(person), reverse("privacy:user_erase", args=[user.pk])):
        assert client.get(target).status_code == 403
        assert client.post(target, {"confirmation": str(person.pk)}).status_code == 403
    assert snapshot(subject) == before


def test_anonymous_users_are_sent_to_log_in(client, subject):
    response = client.post(url(subject["person"]), {"confirmation": str(subject["person"].pk)})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_unknown_person_is_not_found(client, world):
    client.force_login(world["admin"])
    assert client.get(reverse("privacy:person_erase", args=[987654])).status_code == 404
    assert client.get(reverse("privacy:user_erase", args=[987654])).status_code == 404


@pytest.mark.parametrize("route", ["person", "user"])
def test_the_page_asks_as_many_queries_whatever_the_person_holds(client, world, route):
    org = f.OrganisationFactory()
    person = f.PersonFactory(organisation=org, user=f.contact(organisation=org))
    client.force_login(world["admin"])
    page = reverse(f"privacy:{route}_erase", args=[person.pk if route == "person" else person.user_id])

    def grow(n, prefix):
        others = bulk_people(org, n, prefix=prefix)
        bulk_roles([person] * n, others, title=f"{prefix} roll")
        Channel.objects.bulk_create(
            [Channel(person=person, kind="email", target=f"{prefix}{i}@example.se") for i in range(n)]
        )

    grow(2, "a")
    count_queries(client, page)
    few = count_queries(client, page)
    grow(40, "b")
    many = count_queries(client, page)
    assert few == many, f"erasure page: {few} queries with 2 channels and roles, {many} with 42"


def test_the_erasure_itself_does_not_ask_more_per_history_row(client, world):
    """The history rows are replaced with one statement per table, not one per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actors.services import person_save

    client.force_login(world["admin"])
    counts = []
    for changes in (1, 30):
        person = f.PersonFactory(organisation=f.OrganisationFactory(), email="x@example.se")
        for i in range(changes):
            person.title = f"Titel {i}"
            person_save(user=world["admin"], person=person)
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(url(person), {"confirmation": str(person.pk)}).status_code == 302
        counts.append(len(ctx.captured_queries))
        assert not Person.history.filter(id=person.pk, email="x@example.se").exists()
    assert counts[0] == counts[1], counts


def test_email_and_phone_of_the_subject_are_absent_from_the_person_table(subject):
    """The control for the checks above: before an erasure they are there."""
    person = subject["person"]
    assert Person.history.filter(id=person.pk, email=OLD_EMAIL).exists()
    assert Person.objects.filter(pk=person.pk, email=EMAIL).exclude(phone="").exists()


def test_a_signal_naming_them_as_contact_person_loses_the_name_and_keeps_the_rest(client, subject):
    """The caller's details typed into a signal are personal data: erased with the person, in the
    signal and in its earlier versions; another caller and the signal itself stay as they were."""
    answer(subject)  # an unanswered open alarm would hold the erasure
    person, admin = subject["person"], subject["admin"]
    named = f.SignalFactory(caller=f"{NAME}, {PHONE}")
    named.summary = "Ringer åter på fredag."
    named.save()  # an earlier version with the caller in history too
    other = f.SignalFactory(caller="Någon Annan, 070-999 88 77")
    client.force_login(admin)
    page = client.get(url(person))
    assert "kontaktperson" in page.content.decode().lower()
    response = client.post(url(person), {"confirmation": str(person.pk)})
    assert response.status_code == 302
    named.refresh_from_db()
    assert named.caller == f"Raderad person {person.pk}, Raderad person {person.pk}"
    assert named.subject.startswith("Fabrik") and named.summary == "Ringer åter på fredag."
    for row in named.history.all():
        assert NAME not in row.caller and PHONE not in row.caller
    assert other.__class__.objects.get(pk=other.pk).caller == "Någon Annan, 070-999 88 77"
    assert "signal_callers=1" in AuditEvent.objects.get(kind=AuditEvent.Kind.PERSON_ERASED).detail
