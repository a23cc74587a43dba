"""The controls of the fuzz suite's checks (tests/fuzz/engine.py): they fail where they must. A view
that writes and then refuses is a partial write; a view that lets an exception escape is a server
error; a known server error's input is recognised, and only that input."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors import services as actor_services
from actors.models import Organisation

from . import known
from .engine import COUNTER, Sender
from .known import Known, known_error

pytestmark = pytest.mark.django_db

ORGANISATION = {"name": "Kontrollen AB", "type": "foretag", "level": "lokal"}


@pytest.fixture
def sender(client, world):
    client.force_login(world["coordinator"])
    return Sender(client, "control")


def test_a_write_then_a_refusal_is_a_partial_write(sender, monkeypatch):
    def leaky_save(*, user, organisation, reason=""):
        Organisation.objects.create(
            name="Läckan AB", type="foretag", level="lokal"
        )  # no savepoint of its own
        raise ValidationError("Refused after writing.")

    monkeypatch.setattr(actor_services, "organisation_save", leaky_save)
    with pytest.raises(AssertionError, match="partial write"):
        sender.send("post", reverse("actors:organisation_create"), ORGANISATION)


def test_a_refusal_that_undid_its_own_write_is_no_partial_write(sender, monkeypatch):
    from django.db import transaction

    def careful_save(*, user, organisation, reason=""):
        with transaction.atomic():
            Organisation.objects.create(name="Ångrat AB", type="foretag", level="lokal")
            raise ValidationError("Refused; the write is undone.")

    monkeypatch.setattr(actor_services, "organisation_save", careful_save)
    assert sender.send("post", reverse("actors:organisation_create"), ORGANISATION).status_code == 200
    assert sender.accepted == 0


def test_an_escaping_exception_is_a_server_error(sender, monkeypatch):
    def broken_save(**kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(actor_services, "organisation_save", broken_save)
    monkeypatch.setattr(COUNTER, "server_errors", COUNTER.server_errors)  # the control's own: put back after
    errors = COUNTER.server_errors
    with pytest.raises(RuntimeError):
        sender.send("post", reverse("actors:organisation_create"), ORGANISATION)
    assert COUNTER.server_errors == errors + 1


def test_a_known_server_error_is_recognised_by_its_input_only(monkeypatch):
    """None is known today (tests/fuzz/known.py); an entry like the one case_create once had."""
    entry = Known(
        "establishments:case_create",
        lambda method, query, data, kw: not (query.get("signal") or ["1"])[-1].isdecimal(),
        "test_opening_a_case_from_a_signal_that_is_no_number",
    )
    monkeypatch.setattr(known, "KNOWN", [entry])
    assert known_error("get", reverse("establishments:case_create") + "?signal=abc", None) is not None
    assert known_error("get", reverse("establishments:case_create"), {"signal": "abc"}) is not None
    assert known_error("get", reverse("establishments:case_create") + "?signal=12", None) is None
    assert known_error("post", reverse("establishments:case_create"), {"name": "abc"}) is None
