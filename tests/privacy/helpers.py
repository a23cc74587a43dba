"""A person with a life in Samhandla, for the export and erasure tests: a registry entry changed a few
times, a user account with a second factor, a calendar feed and login records, alarm channels, roles
(one as deputy), a place on a roster, and an open alarm of region 24 (tests/alarms/harness_world.py)
that named them."""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt, AccessLog
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from actors.services import person_save
from alarms.answering.services import recipient_answer
from alarms.rosters.models import Channel
from tests import factories as f
from tests.alarms.harness_world import alarm_world
from workspace.plan.services import calendar_feed_create

NAME = "Primär Kontakt"
OLD_EMAIL, EMAIL, PHONE = "primar.gammal@example.se", "primar@example.se", "+46701112233"
ANSWERED_AT = timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 42))


def life(world) -> dict:
    """The world's actor contact and their person (the primary contact of the member organisation on
    region 24's roster), given a history and every kind of data an erasure touches."""
    w = alarm_world(world)
    person, user = w["alarm_primary"], w["contact"]
    admin = w["admin"]
    person.email, person.title = OLD_EMAIL, "Beredskapssamordnare"
    person_save(user=admin, person=person, reason=f"Ny titel för {NAME}")
    person.email, person.phone = EMAIL, PHONE
    person_save(user=admin, person=person, reason="Ny adress")
    Channel.objects.create(person=person, kind="sms", target=PHONE, position=3)
    colleague = f.PersonFactory(organisation=person.organisation, name="Kollegan")
    f.RoleFactory(organisation=person.organisation, person=person, deputy=colleague, title="Beredskap")
    f.RoleFactory(organisation=person.organisation, person=colleague, deputy=person, title="Kollegans roll")
    user.first_name, user.last_name = "Primär", "Kontakt"
    user.save()
    TOTPDevice.objects.create(user=user, name="Telefonen", confirmed=True)
    codes = StaticDevice.objects.create(user=user, name="Reservkoder", confirmed=True)
    StaticToken.objects.create(device=codes, token="abcd1234")
    calendar_feed_create(user=user)
    for model in (AccessLog, AccessAttempt):
        fields = (
            {"get_data": "", "post_data": "", "failures_since_start": 1} if model is AccessAttempt else {}
        )
        model.objects.create(
            username=user.username, ip_address="10.1.2.3", user_agent="Firefox", http_accept="*/*",
            path_info="/logga-in/", **fields,
        )  # fmt: skip
    return {
        "person": person,
        "user": user,
        "admin": admin,
        "recipient": w["alarm_recipient"],
        "world": w,
        "phone": person.phone,  # as the registry stores it (normalised)
    }


def answer(subject: dict):
    """The organisation answers the open alarms that named the person, through their link: the open
    case's with who comes (naming them), the confidential case's plainly."""
    answered = recipient_answer(
        recipient=subject["recipient"],
        response="mobilising",
        who_comes=f"{NAME} och två kollegor, ring {PHONE}",
        person=subject["person"],
        now=ANSWERED_AT,
    )
    other = subject["world"]["alarm_confidential"].recipients.get(organisation=answered.organisation)
    recipient_answer(recipient=other, response="mobilising", who_comes="Vi kommer", person=subject["person"])
    return answered


def strings_of(subject: dict, username: str) -> list[str]:
    """What identifies them: none of it may be left anywhere after an erasure."""
    return [NAME, OLD_EMAIL, EMAIL, PHONE, subject["phone"], username, "Beredskapssamordnare"]
