"""The demo's tables (``demo.data``) fit together, and stay pure data. No database needed."""

import ast
from pathlib import Path

from demo.data.cases import CASES
from demo.data.organisations import ORGANISATIONS, REGION_CODES
from demo.data.people import COORDINATORS, PEOPLE, USERS
from demo.data.roles import ROLES
from demo.data.signals import SIGNALS

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"


def test_every_key_names_something_in_its_table():
    assert all(org in ORGANISATIONS for _name, _title, org in PEOPLE.values())
    for spec in ROLES:
        assert spec.person in PEOPLE and (spec.deputy is None or spec.deputy in PEOPLE), spec
    for username, (_role, person, _region, _municipality) in USERS.items():
        assert person in PEOPLE, username
    assert set(COORDINATORS) == set(REGION_CODES) and set(COORDINATORS.values()) <= set(USERS)
    for spec in SIGNALS:
        assert spec.logged_by in USERS and (spec.source is None or spec.source in ORGANISATIONS), spec
    for key, spec in CASES.items():
        named = {spec.opened_by, spec.coordinator, spec.deputy}
        assert named <= set(USERS), key
        assert {spec.company, *spec.members} <= set(ORGANISATIONS), key
        assert spec.lead_municipality in spec.candidate_municipalities, key
        assert spec.opened_days_ago is not None or not spec.phases, key  # phases need a past


def test_each_case_is_opened_by_one_signal_before_any_is_linked_to_it():
    opened = []
    for spec in SIGNALS:
        outcome, _, detail = spec.outcome.partition(":")
        if outcome == "case":
            opened.append(detail)
        elif outcome == "link":
            assert detail in opened, spec
    assert sorted(opened) == sorted(CASES)


def test_the_tables_query_nothing_and_call_no_service():
    for path in DATA.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert not module.endswith("services") and not module.startswith("django.db"), path.name
