"""Redis stopped while people work: logging a signal, inviting a user, proposing a commitment, opening
a checklist round and starting a drill all answer as usual, through the pages, and every message they
owe goes out once Redis is back, without anyone doing anything (the task outbox and its flusher)."""

import importlib
import time
from datetime import timedelta
from email import message_from_binary_file

from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleName
from checklist.models import Routine
from outbox.models import QueuedTask
from tests import factories as f
from tests.checklist.harness_rounds import region_org
from workspace.plan.models import Action

from .harness import RELIABILITY, wait_until

pytestmark = RELIABILITY

FLUSH_BOUND = 10  # seconds from a worker able to reach Redis to every waiting message sent


def _recipients(maildir) -> set[str]:
    found = set()
    for path in maildir.glob("*.eml"):
        with open(path, "rb") as fh:
            found.add(message_from_binary_file(fh)["To"])
    return found


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_five_actions_succeed_with_redis_down_and_their_messages_go_when_it_is_back(pipeline):
    if not Routine.objects.exists():  # the transactional test database was flushed
        importlib.import_module("checklist.migrations.0002_load_routines").forwards(apps, None)
    official = f.official("2482", email="tjansteman@example.se")
    coordinator = f.coordinator("24", email="samordnare@example.se")
    admin = f.admin(email="admin@example.se")
    organisation = f.OrganisationFactory(name="Arbetsförmedlingen")
    f.contact(organisation=organisation, email="kontakt@example.se")
    case = f.CaseFactory(coordinator=coordinator, deputy=f.coordinator("24"))
    case.memberships.create(organisation=organisation)
    action = Action.objects.create(
        case=case, theme="mark", title="Markreserv", owner_organisation=organisation, created_by=coordinator
    )
    asked = region_org()  # its person gets the round's invitation
    participant = f.official("2482", email="deltagare@example.se")

    pipeline.redis.stop()
    started = time.monotonic()
    answers = {
        "signal": _client(official).post(
            reverse("establishments:signal_create"),
            {
                "subject": "Batterifabrik, cirka 300 jobb, Skellefteå",
                "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "channel": "telefon",
                "source_text": "Okänt batteribolag",
                "municipality": f.municipality("2482").pk,
                "summary": "Frågar om 40 hektar mark.",
                "confidentiality": "oppen",
            },
        ),
        "invitation": _client(admin).post(
            reverse("accounts:user_create"),
            {
                "username": "ny.samordnare",
                "email": "ny.samordnare@example.se",
                "role": RoleName.COORDINATOR,
                "region": f.region("24").pk,
                "how": "invite",
            },
        ),
        "commitment": _client(coordinator).post(
            reverse("workspace:action_propose", args=[case.pk, action.pk]), {"version": action.version}
        ),
        "round": _client(coordinator).post(
            reverse("checklist:round_create", args=["24"]),
            {
                "title": "Hösten",
                "deadline": (timezone.localdate() + timedelta(days=21)).isoformat(),
                "organisations": [asked.pk],
            },
        ),
        "drill": _client(coordinator).post(
            reverse("checklist:drill_start"),
            {
                "municipality": f.municipality("2482").pk,
                "scenario": "Imorgon får regionen ett samtal om en stor etablering i Skellefteå.",
                f"take_{participant.pk}": "on",
                f"role_{participant.pk}": "Näringslivsutvecklare",
            },
        ),
    }
    took = time.monotonic() - started

    # Every page answers as it does with Redis up: a redirect to what was made (no 500).
    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 302)
    waiting = sorted(QueuedTask.objects.values_list("task", flat=True))
    assert waiting == sorted(
        [
            "establishments.tasks.notify_new_signal",
            "accounts.tasks.send_invitation",
            "workspace.plan.tasks.notify_commitment_proposed",
            "checklist.tasks.send_round_invitations",
            "checklist.tasks.notify_drill_participants",
        ]
    )
    assert _recipients(pipeline.maildir) == set()

    pipeline.redis.start()
    worker = pipeline.start_worker()  # with beat: its flush reaches the waiting calls
    ready = time.monotonic()
    expected = {
        "samordnare@example.se",  # the new signal, to the region's coordinator
        "ny.samordnare@example.se",  # the invitation
        "kontakt@example.se",  # the commitment proposed to the organisation
        asked.people.get().email,  # the round's invitation
        "deltagare@example.se",  # the drill's notice
    }
    wait_until(
        lambda: expected <= _recipients(pipeline.maildir), FLUSH_BOUND, interval=0.1, what="every message"
    )
    flushed = time.monotonic() - ready
    assert not QueuedTask.objects.exists()
    assert worker.alive
    print(
        f"\n[broker down] five actions in {took:.2f} s; every message {flushed:.1f} s after the worker was up"
    )
