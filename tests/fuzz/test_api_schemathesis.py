"""Schemathesis against the API's own OpenAPI schema: for every operation, generated requests (valid
and not) sent as a coordinator, a municipal official (a read-write token: the signal intake) and an
actor contact. No answer may be a server error, and every documented answer must match the schema.
The count of requests is printed; the run asks for at least 2,000."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from guardian.shortcuts import assign_perm
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from accounts import api_tokens, policy
from accounts.models import Confidentiality
from establishments.models import Signal
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.english]

USERS = ("coordinator", "official", "contact")
EXAMPLES = 16  # per operation and user: 45 operations x 3 users x 16 > 2,000 requests


@pytest.fixture
def api_schema():
    """The schema as the app makes it, calling the app in this process (WSGI). As Django's test client
    does, a request does not close the test's database connection when it ends."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    loaded.location = "/api/schema/"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield loaded
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def tokens():
    coordinator = f.coordinator("24")
    official = f.official("2482")
    contact = f.contact()
    case = f.CaseFactory(coordinator=coordinator, name="Öppna fabriken")
    secret = f.CaseFactory(
        coordinator=coordinator, code_name="Projekt Gran", confidentiality=Confidentiality.CONFIDENTIAL
    )
    assign_perm(policy.VIEW_CASE, coordinator, secret)
    Signal.objects.create(
        subject="Fabrik", municipality=f.municipality("2482"), channel="telefon", logged_by=official
    )
    person = f.PersonFactory()
    f.RoleFactory(person=person, organisation=person.organisation)
    assert case.pk
    users = {"coordinator": coordinator, "official": official, "contact": contact}
    return {
        key: api_tokens.token_create(user=user, name="fuzz", read_only=key != "official").secret
        for key, user in users.items()
    }


def test_the_api_answers_every_generated_request_without_a_server_error(api_schema, tokens):
    """Every operation of the schema, generated requests (negative ones too: invalid bodies, bad
    parameters) as each user. A failing example is shrunk and reported by Hypothesis."""
    sent = server_errors = operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
        )
        def run(case):
            nonlocal sent, server_errors
            for key in USERS:
                response = case.call(headers={"Authorization": f"Bearer {tokens[key]}"})
                sent += 1
                server_errors += response.status_code >= 500
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        run()
    print(f"schemathesis: {operations} operations, {sent} requests, {server_errors} server errors")
    assert operations >= 45 and sent >= 2000 and server_errors == 0
