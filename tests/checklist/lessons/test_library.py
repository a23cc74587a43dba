"""The lessons library: lessons of every case the user may see, searchable and filterable by theme
and region; a confidential case's lessons reach only those granted the case (not even as a count)."""

import re

import pytest
from django.urls import reverse

from checklist.models import Lesson, LessonTheme
from tests import factories as f
from tests.checklist.harness_lessons import closed_case, confidential_closed_case, write_lesson
from tests.helpers import count_queries
from tests.world import LESSON_SECRETS

pytestmark = [pytest.mark.django_db, pytest.mark.english]

URL = reverse("checklist:lesson_library")


@pytest.fixture
def lib():
    """Three lessons: an open closed case in Västerbotten, a lost confidential one (granted to its
    coordinator and deputy), and a lost drill case in Gävleborg; the first and the last shared with
    their cases' members, the confidential one internal (tests/checklist/lessons/test_sharing.py)."""
    w = {"coordinator": f.coordinator("24"), "deputy": f.coordinator("24"), "gavle": f.coordinator("21")}
    w["case"] = closed_case(coordinator=w["coordinator"], deputy=w["deputy"], name="Norrskensfabriken")
    w["member"] = f.OrganisationFactory()
    w["case"].memberships.create(organisation=w["member"])
    w["lesson"] = write_lesson(
        w["case"],
        w["coordinator"],
        themes=["mark", "el_vatten"],
        what_worked="Markbeskedet kom snabbt",
        sharing="medlemmar",
    )
    w["conf"] = confidential_closed_case(coordinator=w["coordinator"], deputy=w["deputy"])
    w["conf_lesson"] = write_lesson(
        w["conf"], w["deputy"], themes=["mark"], what_worked="Vinterlärdom: sekretessen höll"
    )
    w["drill"] = closed_case(
        coordinator=w["gavle"],
        deputy=f.coordinator("21"),
        lead_municipality=f.municipality("2180"),
        phase="forlorad",
        is_drill=True,
        name="Övningsetablering Gävle",
    )
    w["drill_lesson"] = write_lesson(
        w["drill"], w["gavle"], themes=["larmsystem"], what_worked="Larmet gick ut", sharing="medlemmar"
    )
    return w


def rows_shown(body: str) -> int:
    return int(re.search(r"(\d+) rows?", body).group(1))


def get(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_lesson_shows_its_case_region_phase_themes_author_and_date(client, lib):
    body = get(client, lib["coordinator"])
    lesson = lib["lesson"]
    assert "Markbeskedet kom snabbt" in body
    assert f'href="{lib["case"].get_absolute_url()}"' in body and "Norrskensfabriken" in body
    assert "Västerbottens län" in body or "Västerbotten" in body
    assert "Closed" in body
    assert "Land and property" in body and "Power and water supply" in body
    assert str(lesson.created_by) in body
    assert lesson.created_at.strftime("%Y") in body
    # The granted coordinator sees the confidential case's lesson under its code name only.
    assert "Vinterlärdom" in body and "Projekt Vinterljus" in body and "Hemliga Vinterbolaget" not in body


def test_a_drill_cases_lesson_is_marked_as_a_drill(client, lib):
    body = get(client, f.admin())
    article = body[body.index("Övningsetablering Gävle") - 600 : body.index("Larmet gick ut")]
    assert "badge--drill" in article and "Drill" in article
    norrsken = body[body.index("Norrskensfabriken") : body.index("Markbeskedet kom snabbt")]
    assert "badge--drill" not in norrsken


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "Vinter"},
        {"q": "Vinterljus"},
        {"q": "Hemliga"},
        {"q": "sekretessen"},
        {"theme": "mark"},
        {"theme": "mark", "q": "lärdom"},
        {"region": "REGION"},
        {"page": "2"},
    ],
)
def test_a_confidential_cases_lessons_stay_hidden_from_those_not_granted(client, lib, params):
    region = f.region("24").pk
    params = {k: (region if v == "REGION" else v) for k, v in params.items()}
    outsiders = {
        "same_region_coordinator": f.coordinator("24"),
        "admin": f.admin(),
        "official": f.official("2482"),
        "reader": f.reader("24"),
        "member_contact": f.contact(lib["member"]),
        "other_region": lib["gavle"],
    }
    for key, user in outsiders.items():
        body = get(client, user, **params)
        assert not any(s in body for s in LESSON_SECRETS), (key, params)
        # Not even as a count: the number of rows is what the user may see.
        expected = Lesson.objects.exclude(case=lib["conf"]).filter(
            case__in=_visible_cases(user), pk__in=_readable(user)
        )
        if params.get("theme"):
            expected = expected.filter(themes__theme=params["theme"])
        if params.get("region"):
            expected = expected.filter(case__region=params["region"])
        if params.get("q"):
            expected = expected.filter(what_worked__icontains=params["q"])
        assert rows_shown(body) == expected.count(), (key, params)
    for user in (lib["coordinator"], lib["deputy"]):
        body = get(client, user, q="Vinterljus")
        assert "Vinterlärdom" in body and rows_shown(body) == 1


def _readable(user) -> list[int]:
    """The lessons shared at a level the user may read in their case (``policy.sharing_levels_for``)."""
    from accounts.policy import sharing_levels_for

    lessons = Lesson.objects.select_related("case")
    return [lesson.pk for lesson in lessons if lesson.sharing in sharing_levels_for(user, lesson.case)]


def _visible_cases(user):
    from establishments.selectors import visible_cases

    return visible_cases(user=user)


def test_readers_and_contacts_see_only_their_cases_lessons(client, lib):
    reader_body = get(client, f.reader("24"))
    assert "Markbeskedet kom snabbt" in reader_body and "Larmet gick ut" not in reader_body
    contact_body = get(client, f.contact(lib["member"]))
    assert "Markbeskedet kom snabbt" in contact_body and "Larmet gick ut" not in contact_body
    assert rows_shown(get(client, f.contact())) == 0
    gavle_body = get(client, lib["gavle"])
    assert "Larmet gick ut" in gavle_body and "Markbeskedet" not in gavle_body


def test_search_covers_the_three_texts_and_the_public_name(client, lib):
    admin = f.admin()
    write_lesson(
        lib["case"], lib["coordinator"], what_did_not="Tillstånden dröjde", do_differently="Ring tidigt"
    )
    assert rows_shown(get(client, admin, q="markbeskedet")) == 1  # case-insensitive
    assert rows_shown(get(client, admin, q="Tillstånden")) == 1
    assert rows_shown(get(client, admin, q="ring tidigt")) == 1
    assert rows_shown(get(client, admin, q="Norrskens")) == 2  # both lessons of the case
    # The granted coordinator finds the confidential case by its code name, not by its real name.
    assert rows_shown(get(client, lib["coordinator"], q="Vinterljus")) == 1
    assert rows_shown(get(client, lib["coordinator"], q="Hemliga Vinterbolaget")) == 0


def test_filters_by_theme_and_region(client, lib):
    admin = f.admin()
    body = get(client, admin, theme="larmsystem")
    assert "Larmet gick ut" in body and rows_shown(body) == 1
    body = get(client, admin, region=f.region("21").pk)
    assert "Larmet gick ut" in body and "Markbeskedet" not in body
    body = get(client, admin, region=f.region("24").pk, theme="el_vatten")
    assert "Markbeskedet" in body and rows_shown(body) == 1
    assert rows_shown(get(client, admin, region=f.region("22").pk)) == 0
    assert "No lessons match." in get(client, admin, region=f.region("22").pk)


@pytest.mark.parametrize(
    "params",
    [
        {"region": "abc"},
        {"region": "999999"},
        {"region": "-1"},
        {"theme": "bogus"},
        {"theme": ["mark", "bostader"]},
        {"q": "%"},
        {"q": "_"},
        {"q": "'; DROP TABLE checklist_lesson; --"},
        {"q": "\\"},
        {"q": "a\x00b"},
        {"q": "x" * 500},
        {"q": "<script>alert(1)</script>"},
        {"page": "abc"},
        {"page": "99999"},
    ],
)
def test_bad_filters_never_fail_and_change_nothing(client, lib, params):
    before = (Lesson.objects.count(), LessonTheme.objects.count(), Lesson.history.count())
    body = get(client, f.admin(), **params)
    assert "<script>alert(1)</script>" not in body
    assert (Lesson.objects.count(), LessonTheme.objects.count(), Lesson.history.count()) == before


def test_pages_of_fifty(client, lib):
    admin = f.admin()
    for i in range(60):
        write_lesson(lib["case"], lib["coordinator"], what_worked=f"Lärdom {i}")
    first = get(client, admin)
    assert first.count('class="card lesson"') == 50
    assert rows_shown(first) == 62  # 61 on the case, one on the drill case; none of the confidential
    second = get(client, admin, page=2)
    assert second.count('class="card lesson"') == 12


def test_query_count_does_not_grow_with_lessons(client, lib):
    coordinator = lib["coordinator"]
    client.force_login(coordinator)
    counts = []
    for n in (3, 60):
        while Lesson.objects.filter(case=lib["case"]).count() < n:
            write_lesson(lib["case"], coordinator, themes=["mark", "bostader", "transport"])
        for params in ({}, {"q": "gick", "theme": "mark", "region": f.region("24").pk}):
            counts.append(count_queries(client, URL, data=params, warm=True))
    print("lesson_library queries at 3 and 60 lessons:", counts)
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_the_region_filter_starts_from_the_users_own_region(client):
    """The library is national: every region can be chosen, the user's own comes first."""
    from checklist.lessons.forms import LessonFilterForm
    from tests import factories as factories

    coordinator = factories.coordinator("21")
    choices = [value for value, _ in LessonFilterForm(user=coordinator).fields["region"].choices]
    assert choices[0] == "" and choices[1] == coordinator.region_id and len(choices) == 22
    client.force_login(coordinator)
    page = client.get(reverse("checklist:lesson_library")).content.decode()
    select = page[page.index('name="region"') :]
    first = re.search(r'<option value="(\d+)"', select)
    assert first and int(first.group(1)) == coordinator.region_id
