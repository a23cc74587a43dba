"""The registry's search (``actors.selectors``: the search page's organisations and people): what it
finds, for whom, whatever the database (SQLite here; PostgreSQL through its trigram indexes, migration
0005, in CI)."""

import pytest
from django.db import connection

from actors import selectors
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    own, other = f.OrganisationFactory(name="Eget förbund"), f.OrganisationFactory(name="Annat förbund")
    return {
        "own": f.PersonFactory(organisation=own, name="Anna Berg", title="Rektor", email="anna@eget.se"),
        "other": f.PersonFactory(organisation=other, name="Bo Ek", title="Chef", email="bo@annat.se"),
        "own_org": own,
    }


def found(user, q) -> set[str]:
    return {p.name for p in selectors.person_list(user=user, filters={"q": q})}


@pytest.mark.parametrize(
    ("q", "expected"), [("anna", {"Anna Berg"}), ("REKTOR", {"Anna Berg"}), ("chef", {"Bo Ek"})]
)
def test_people_are_found_by_name_or_title(people, q, expected):
    assert found(f.reader("24"), q) == expected


def test_staff_find_anyone_by_e_mail_address(people):
    for user in (f.admin(), f.coordinator("24"), f.official("2482")):
        assert found(user, "annat.se") == {"Bo Ek"}


def test_a_contact_finds_by_e_mail_only_those_whose_details_they_may_see(people):
    contact = f.contact(organisation=people["own_org"])

    assert found(contact, "eget.se") == {"Anna Berg"}
    assert found(contact, "annat.se") == set()  # the search must not tell whose address it is
    assert found(contact, "Bo Ek") == {"Bo Ek"}  # the name is no secret


def test_a_reader_without_an_organisation_finds_nobody_by_e_mail(people):
    assert found(f.reader("24"), "@") == set()


@pytest.mark.parametrize("q", ["ANNAT FÖRBUND", "förbund", "annat"])
def test_organisations_are_found_in_any_case(people, q):
    names = {o.name for o in selectors.organisation_list(user=f.reader("24"), filters={"q": q})}
    assert "Annat förbund" in names


@pytest.mark.parametrize(
    ("query", "indexes"),
    [
        (
            lambda user: selectors.organisation_list(user=user, filters={"q": "förbund"}),
            {
                "actors_organisation_name_trgm",
                "actors_organisation_org_number_trgm",
                "actors_organisation_notes_trgm",
            },
        ),
        (
            lambda user: selectors.person_list(user=user, filters={"q": "anna"}),
            {"actors_person_name_trgm", "actors_person_title_trgm", "actors_person_email_trgm"},
        ),
    ],
)
def test_postgresql_answers_the_search_from_its_trigram_indexes(people, query, indexes):
    if connection.vendor != "postgresql":
        pytest.skip("trigram indexes are PostgreSQL's (SQLite scans)")
    sql, params = query(f.coordinator("24")).order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table is read whole: leave the planner only the indexes that answer the search itself,
        # to see that the search's expressions are the indexed ones.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert all(index in plan for index in indexes), plan
