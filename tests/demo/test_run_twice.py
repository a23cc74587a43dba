"""Running ``seed_demo`` again adds nothing anywhere: not a row in any table, history included."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def every_table() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


def test_the_second_run_adds_no_row_to_any_table():
    first = StringIO()
    call_command("seed_demo", stdout=first)
    before = every_table()
    second = StringIO()
    call_command("seed_demo", stdout=second)
    after = every_table()
    assert {label: (before[label], n) for label, n in after.items() if n != before[label]} == {}
    # The same counts and the same logins table: everything after the part that says what it seeded.
    assert first.getvalue().split("Organisationer:")[1] == second.getvalue().split("Organisationer:")[1]
