"""A lesson's sharing level (as a workspace item's, ``accounts.models.Sharing``; internal by default):
readers and actor contacts of the case never read an internal lesson, not in the library, not on
the lesson's own page, not on the case's page, not even as a count; they read one shared with the
case's members or the company. The writer chooses the level; a bad one is refused and saves
nothing. Existing lessons became internal (checklist/migrations/0005_lesson_sharing.py)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from accounts import policy
from checklist.lessons import selectors
from checklist.models import Lesson, LessonTheme
from tests import factories as f
from tests.checklist.harness_lessons import closed_case, write_lesson
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

LIBRARY = reverse("checklist:lesson_library")
INTERNAL_TEXT = "Kommunerna svarade pressen olika"
MEMBERS_TEXT = "Markbeskedet kom på två veckor"
COMPANY_TEXT = "Bolaget fick ett samlat besked"
GOOD = {
    "what_worked": "Samlat besked om mark.",
    "what_did_not": "Effektbeskedet dröjde.",
    "do_differently": "Ta fram en effektkarta.",
    "themes": ["mark"],
}


@pytest.fixture
def sw():
    """A closed case of Skellefteå with a member organisation, and one lesson at each level."""
    w = {"coordinator": f.coordinator("24"), "deputy": f.coordinator("24"), "member": f.OrganisationFactory()}
    w["case"] = closed_case(coordinator=w["coordinator"], deputy=w["deputy"], name="Norrskensfabriken")
    w["case"].memberships.create(organisation=w["member"])
    w["internal"] = write_lesson(w["case"], w["coordinator"], what_worked=INTERNAL_TEXT)
    w["members"] = write_lesson(w["case"], w["coordinator"], what_worked=MEMBERS_TEXT, sharing="medlemmar")
    w["company"] = write_lesson(w["case"], w["coordinator"], what_worked=COMPANY_TEXT, sharing="etableraren")
    w["reader"] = f.reader("24")
    w["contact"] = f.contact(w["member"])
    return w


def edit_url(lesson):
    return reverse("checklist:lesson_edit", args=[lesson.pk])


def rows_shown(body: str) -> int:
    return int(re.search(r"(\d+) rows?", body).group(1))


def state():
    return (
        list(Lesson.objects.order_by("pk").values_list("pk", "sharing", "what_worked")),
        Lesson.history.count(),
        LessonTheme.objects.count(),
    )


# --- Reading ------------------------------------------------------------------------------------


def test_a_lesson_is_internal_unless_its_writer_shares_it(sw):
    assert sw["internal"].sharing == "intern"
    assert Lesson._meta.get_field("sharing").default == "intern"


@pytest.mark.parametrize("who", ["reader", "contact"])
def test_readers_and_contacts_never_read_an_internal_lesson(client, sw, who):
    client.force_login(sw[who])

    library = client.get(LIBRARY).content.decode()
    assert INTERNAL_TEXT not in library
    assert MEMBERS_TEXT in library and COMPANY_TEXT in library
    assert rows_shown(library) == 2  # not even as a count
    for params in ({"q": "pressen"}, {"theme": "mark"}, {"region": f.region("24").pk}, {"page": "2"}):
        assert INTERNAL_TEXT not in client.get(LIBRARY, params).content.decode(), params
    assert rows_shown(client.get(LIBRARY, {"q": "pressen"}).content.decode()) == 0

    case_page = client.get(sw["case"].get_absolute_url())
    assert case_page.status_code == 200
    body = case_page.content.decode()
    assert INTERNAL_TEXT not in body and MEMBERS_TEXT in body and COMPANY_TEXT in body

    # The lesson's own page: unknown (404), not refused (403), so that it is not even confirmed.
    assert client.get(edit_url(sw["internal"])).status_code == 404
    assert client.post(edit_url(sw["internal"]), {**GOOD, "sharing": "medlemmar"}).status_code == 404
    assert client.get(edit_url(sw["members"])).status_code == 403  # read, never written by them

    assert list(selectors.lesson_list(user=sw[who])) == [sw["company"], sw["members"]]
    assert selectors.case_lessons(user=sw[who], case=sw["case"]) == [sw["company"], sw["members"]]
    with pytest.raises(Http404):
        selectors.lesson_get(user=sw[who], pk=sw["internal"].pk)
    assert selectors.lesson_get(user=sw[who], pk=sw["members"].pk) == sw["members"]


def test_a_case_with_only_internal_lessons_shows_readers_no_lessons_section(client, sw):
    Lesson.objects.exclude(pk=sw["internal"].pk).update(sharing="intern")
    client.force_login(sw["reader"])
    body = client.get(sw["case"].get_absolute_url()).content.decode()
    assert 'id="h-lessons"' not in body and INTERNAL_TEXT not in body
    assert rows_shown(client.get(LIBRARY).content.decode()) == 0


def test_the_cases_staff_read_every_lesson(client, sw):
    for user in (sw["coordinator"], sw["deputy"], f.official("2482"), f.admin()):
        client.force_login(user)
        library = client.get(LIBRARY).content.decode()
        assert INTERNAL_TEXT in library and rows_shown(library) == 3
        assert INTERNAL_TEXT in client.get(sw["case"].get_absolute_url()).content.decode()
    client.force_login(sw["coordinator"])
    assert client.get(edit_url(sw["internal"])).status_code == 200


def test_the_pages_show_each_lessons_sharing_level(client, sw):
    client.force_login(sw["coordinator"])
    library = client.get(LIBRARY).content.decode()
    case_page = client.get(sw["case"].get_absolute_url()).content.decode()
    for body in (library, case_page):
        assert "Internal: the case&#x27;s coordinators and officials" in body
        assert "Case members" in body and "Also the establishing company" in body


def test_the_library_narrows_by_each_cases_own_levels(monkeypatch, sw):
    """``sharing_levels_for`` is asked per case: where it answers differently for two cases, each
    case's lessons are narrowed by its own answer."""
    other = closed_case(coordinator=sw["coordinator"], deputy=sw["deputy"], name="Polarhallen")
    other_internal = write_lesson(other, sw["coordinator"], what_worked="Internt i Polarhallen")
    other_members = write_lesson(other, sw["coordinator"], sharing="medlemmar")
    real = policy.sharing_levels_for

    def levels(user, case):
        return ["intern"] if case.pk == other.pk else real(user, case)

    monkeypatch.setattr(policy, "sharing_levels_for", levels)
    assert set(selectors.lesson_list(user=sw["reader"])) == {sw["members"], sw["company"], other_internal}
    assert other_members not in selectors.lesson_list(user=sw["reader"])


# --- Writing ------------------------------------------------------------------------------------


def test_the_form_offers_the_workspaces_levels_with_internal_chosen(client, sw):
    client.force_login(sw["coordinator"])
    body = client.get(reverse("checklist:lesson_create", args=[sw["case"].pk])).content.decode()
    assert 'type="radio" name="sharing" value="intern"' in body
    assert re.search(r'<input type="radio" name="sharing" value="intern"[^>]*checked', body)
    assert 'value="medlemmar"' in body and 'value="etableraren"' in body
    assert "May be shared with" in body and "Case members" in body


@pytest.mark.parametrize("level", ["intern", "medlemmar", "etableraren"])
def test_the_writer_sets_the_level(client, sw, level):
    client.force_login(sw["coordinator"])
    response = client.post(
        reverse("checklist:lesson_create", args=[sw["case"].pk]), {**GOOD, "sharing": level}
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get(what_worked=GOOD["what_worked"])
    assert lesson.sharing == level and lesson.history.get().sharing == level


def test_changing_the_level_is_kept_in_history(client, sw):
    client.force_login(sw["deputy"])
    lesson = sw["internal"]
    response = client.post(
        edit_url(lesson),
        {
            "what_worked": lesson.what_worked,
            "what_did_not": lesson.what_did_not,
            "do_differently": lesson.do_differently,
            "themes": ["mark"],
            "sharing": "medlemmar",
        },
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.sharing == "medlemmar"
    assert list(lesson.history.order_by("history_date").values_list("sharing", flat=True)) == [
        "intern",
        "medlemmar",
    ]
    page = client.get(edit_url(lesson)).content.decode()
    assert "Internal: the case&#x27;s coordinators and officials" in page and "Case members" in page
    client.force_login(sw["reader"])
    assert lesson.what_worked in client.get(LIBRARY).content.decode()  # now shared with the reader


@pytest.mark.parametrize("bad", ["", "alla", "INTERN", "intern ", "<b>x</b>", "intern\x00"])
def test_a_bad_level_is_a_clear_form_error_and_saves_nothing(client, sw, bad):
    client.force_login(sw["coordinator"])
    before = state()

    created = client.post(reverse("checklist:lesson_create", args=[sw["case"].pk]), {**GOOD, "sharing": bad})
    edited = client.post(edit_url(sw["internal"]), {**GOOD, "sharing": bad})

    for response in (created, edited):
        assert response.status_code == 200
        body = response.content.decode()
        assert "Select a valid choice." in body or "This field is required." in body
        assert "<b>x</b>" not in body
    assert state() == before


def test_the_service_refuses_a_bad_level_too(sw):
    before = state()
    with pytest.raises(ValidationError) as exc:
        write_lesson(sw["case"], sw["coordinator"], sharing="alla")
    assert "sharing" in exc.value.message_dict
    assert state() == before


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reader", "contact", "coordinator"])
def test_query_counts_do_not_grow_with_lessons(client, sw, who):
    client.force_login(sw[who])
    counts = []
    for n in (3, 40):
        while Lesson.objects.count() < n:
            level = ("intern", "medlemmar", "etableraren")[Lesson.objects.count() % 3]
            write_lesson(sw["case"], sw["coordinator"], themes=["mark", "bostader"], sharing=level)
        counts.append(
            (
                count_queries(client, LIBRARY, warm=True),
                count_queries(client, LIBRARY, data={"q": "gick", "theme": "mark"}, warm=True),
                count_queries(client, sw["case"].get_absolute_url(), warm=True),
            )
        )
    print(who, "library, filtered library, case page at 3 and 40 lessons:", counts)
    assert counts[0] == counts[1], counts


# --- The migration ------------------------------------------------------------------------------


def test_the_migration_makes_existing_lessons_and_their_history_internal():
    """checklist/migrations/0005_lesson_sharing.py adds the field with the default "intern" to the
    lesson and its historical model: every row there is keeps its place and becomes internal."""
    import importlib

    from django.db import migrations

    migration = importlib.import_module("checklist.migrations.0005_lesson_sharing").Migration
    added = {
        op.model_name: op.field
        for op in migration.operations
        if isinstance(op, migrations.AddField) and op.name == "sharing"
    }
    assert set(added) == {"lesson", "historicallesson"}
    assert all(field.default == "intern" and not field.null for field in added.values())
    assert not [
        op for op in migration.operations if not isinstance(op, migrations.AddField)
    ]  # no row removed
