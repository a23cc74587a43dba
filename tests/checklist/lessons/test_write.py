"""Writing and editing a lesson (routine 10): only for a closed or lost case, by whoever may change
it; bad input re-renders with a message and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from checklist.lessons.services import lesson_save
from checklist.models import Lesson, LessonTheme
from establishments import services
from establishments.models import Phase
from tests import factories as f
from tests.checklist.harness_lessons import closed_case, confidential_closed_case, write_lesson
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

GOOD = {
    "what_worked": "Samlat besked om mark inom två veckor.",
    "what_did_not": "Effektbeskedet dröjde.",
    "do_differently": "Ta fram en effektkarta i förväg.",
    "themes": ["el_vatten", "mark"],
    "sharing": "medlemmar",
}


@pytest.fixture
def team():
    return f.coordinator("24"), f.coordinator("24")


def create_url(case):
    return reverse("checklist:lesson_create", args=[case.pk])


def edit_url(lesson):
    return reverse("checklist:lesson_edit", args=[lesson.pk])


def state():
    return Lesson.objects.count(), Lesson.history.count(), LessonTheme.objects.count()


# --- Writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.CLOSED, Phase.LOST])
def test_the_coordinator_writes_a_lesson_on_a_closed_or_lost_case(client, team, phase):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy, phase=phase)
    client.force_login(coordinator)

    page = client.get(create_url(case))
    assert page.status_code == 200
    assert "What worked" in page.content.decode()
    response = client.post(create_url(case), GOOD)

    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    lesson = Lesson.objects.get(case=case)
    assert lesson.created_by == coordinator
    assert lesson.what_worked == GOOD["what_worked"]
    assert lesson.sharing == "medlemmar"
    assert sorted(t.theme for t in lesson.themes.all()) == ["el_vatten", "mark"]
    record = lesson.history.get()
    assert record.history_user == coordinator
    assert record.history_change_reason == "Lesson written"


def test_an_open_case_is_refused_with_a_clear_message(client, team):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy, phase=Phase.OPERATION)
    client.force_login(coordinator)

    for method in (client.get, client.post):
        response = method(create_url(case), GOOD)
        assert response.status_code == 403
        assert "A lesson is written when the case is closed or lost" in response.content.decode()
    assert state() == (0, 0, 0)


@pytest.mark.parametrize(
    "who, status",
    [
        ("reader", 403),  # sees the case, may not change it
        ("member_contact", 403),  # an organisation of the case: reads, does not write
        ("other_contact", 404),
        ("other_region", 404),
        ("official_other", 404),
    ],
)
def test_users_who_may_not_change_the_case_cannot_write_its_lesson(client, team, who, status):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy)
    member = f.OrganisationFactory()
    case.memberships.create(organisation=member)
    user = {
        "reader": lambda: f.reader("24"),
        "member_contact": lambda: f.contact(member),
        "other_contact": lambda: f.contact(),
        "other_region": lambda: f.coordinator("21"),
        "official_other": lambda: f.official("2180"),
    }[who]()
    client.force_login(user)

    assert client.get(create_url(case)).status_code == status
    assert client.post(create_url(case), GOOD).status_code == status
    assert state() == (0, 0, 0)


def test_a_confidential_case_is_unknown_to_those_not_granted(client, team):
    coordinator, deputy = team
    case = confidential_closed_case(coordinator=coordinator, deputy=deputy)
    for user in (f.coordinator("24"), f.admin(), f.official("2482"), f.reader("24")):
        client.force_login(user)
        response = client.post(create_url(case), GOOD)
        assert response.status_code == 404
        assert "Vinterljus" not in response.content.decode()
    client.force_login(deputy)
    assert client.post(create_url(case), GOOD).status_code == 302
    assert Lesson.objects.get().created_by == deputy


def test_unknown_case_is_404(client, team):
    client.force_login(team[0])
    assert client.get(reverse("checklist:lesson_create", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "change, message",
    [
        ({"what_worked": ""}, "This field is required."),
        ({"what_did_not": "   "}, "This field is required."),
        ({"do_differently": "x" * 2001}, "at most 2000 characters"),
        ({"themes": []}, "Choose at least one theme."),
        ({"themes": ["mark", "hittepa"]}, "Unknown theme."),
    ],
)
def test_bad_input_is_shown_and_nothing_is_saved(client, team, change, message):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy)
    client.force_login(coordinator)

    response = client.post(create_url(case), {**GOOD, **change})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert state() == (0, 0, 0)


def test_the_service_checks_the_permission_and_the_themes_too(team):
    coordinator, deputy = team
    open_case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    with pytest.raises(PermissionDenied):
        write_lesson(open_case, coordinator)
    case = closed_case(coordinator=coordinator, deputy=deputy)
    with pytest.raises(PermissionDenied):
        write_lesson(case, f.reader("24"))
    with pytest.raises(ValidationError):
        write_lesson(case, coordinator, themes=["inte_ett_tema"])
    with pytest.raises(ValidationError):
        write_lesson(case, coordinator, themes=[])
    with pytest.raises(ValidationError):
        write_lesson(case, coordinator, what_worked="")
    assert state() == (0, 0, 0)


# --- Editing ----------------------------------------------------------------------------------


def test_editing_keeps_the_history_and_updates_the_themes(client, team):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy)
    lesson = write_lesson(case, coordinator, themes=["mark", "bostader"])
    client.force_login(deputy)

    response = client.post(edit_url(lesson), {**GOOD, "what_worked": "Bättre formulerat", "themes": ["mark"]})

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.what_worked == "Bättre formulerat"
    assert lesson.created_by == coordinator  # the author stays the author
    assert [t.theme for t in lesson.themes.all()] == ["mark"]
    records = list(lesson.history.order_by("history_date"))
    assert [r.history_user for r in records] == [coordinator, deputy]
    assert records[0].what_worked == "Det gick bra"
    assert records[1].history_change_reason == "Lesson and its themes changed"
    page = client.get(edit_url(lesson)).content.decode()
    assert "History" in page and "Lesson and its themes changed" in page


def test_edit_bad_input_changes_nothing(client, team):
    coordinator, deputy = team
    lesson = write_lesson(closed_case(coordinator=coordinator, deputy=deputy), coordinator)
    client.force_login(coordinator)
    before = state()

    for bad in ({"what_worked": ""}, {"themes": ["bogus"]}, {"themes": []}):
        response = client.post(edit_url(lesson), {**GOOD, **bad})
        assert response.status_code == 200
    assert state() == before
    lesson.refresh_from_db()
    assert lesson.what_worked == "Det gick bra"
    assert [t.theme for t in lesson.themes.all()] == ["mark"]


def test_edit_is_refused_to_readers_outsiders_and_once_the_case_reopens(client, team):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy)
    lesson = write_lesson(case, coordinator, sharing="medlemmar")  # the reader may read it, not edit it
    before = state()
    for user, status in ((f.reader("24"), 403), (f.coordinator("21"), 404), (f.contact(), 404)):
        client.force_login(user)
        assert client.get(edit_url(lesson)).status_code == status
        assert client.post(edit_url(lesson), GOOD).status_code == status
    services.case_change_phase(case=case, user=coordinator, phase=Phase.OPERATION, note="Återupptaget")
    client.force_login(coordinator)
    assert client.post(edit_url(lesson), GOOD).status_code == 403
    assert client.get(reverse("checklist:lesson_edit", args=[999999])).status_code == 404
    assert state() == before


# --- The case: the prompt, and the phase change that leads to it ----------------------------------


def test_closing_a_case_leads_to_the_lesson_form(client, team):
    coordinator, deputy = team
    case = f.CaseFactory(coordinator=coordinator, deputy=deputy, phase=Phase.OPERATION)
    client.force_login(coordinator)
    phase_url = reverse("establishments:case_phase", args=[case.pk])

    response = client.post(phase_url, {"phase": Phase.CLOSED})
    assert response["Location"] == create_url(case)

    # Not for a phase that does not close the case, and not once a lesson is written.
    other = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    assert (
        client.post(reverse("establishments:case_phase", args=[other.pk]), {"phase": "drift"})["Location"]
        == other.get_absolute_url()
    )
    write_lesson(case, coordinator)
    client.post(phase_url, {"phase": Phase.OPERATION})
    assert client.post(phase_url, {"phase": Phase.LOST})["Location"] == case.get_absolute_url()


def test_the_case_overview_asks_for_a_retrospective_and_lists_lessons(client, team):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy)
    prompt = "The case is closed: write a short retrospective."

    client.force_login(coordinator)
    body = client.get(case.get_absolute_url()).content.decode()
    assert prompt in body and create_url(case) in body

    client.force_login(f.reader("24"))
    body = client.get(case.get_absolute_url()).content.decode()
    assert prompt not in body and create_url(case) not in body

    lesson = write_lesson(case, coordinator, what_worked="Marken var klar i tid", sharing="medlemmar")
    write_lesson(case, coordinator, what_worked="Intern lärdom")  # internal: for the case's staff only
    body = client.get(case.get_absolute_url()).content.decode()
    assert "Marken var klar i tid" in body and edit_url(lesson) not in body  # the reader reads only
    assert "Intern lärdom" not in body
    client.force_login(coordinator)
    body = client.get(case.get_absolute_url()).content.decode()
    assert prompt not in body and edit_url(lesson) in body and "Intern lärdom" in body

    open_case = f.CaseFactory(coordinator=coordinator, deputy=deputy)
    assert prompt not in client.get(open_case.get_absolute_url()).content.decode()


def test_query_counts_do_not_grow_with_lessons_or_history(client, team):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy)
    lesson = write_lesson(case, coordinator)
    client.force_login(coordinator)
    counts = {"overview": [], "edit": [], "create": []}
    for n in (3, 30):
        while case.lessons.count() < n:
            write_lesson(case, coordinator, themes=["mark", "bostader", "transport"])
        while lesson.history.count() < n:
            lesson_save(
                user=coordinator,
                lesson=lesson,
                themes=["mark"] if lesson.history.count() % 2 else ["el_vatten"],
            )
        counts["overview"].append(count_queries(client, case.get_absolute_url(), warm=True))
        counts["edit"].append(count_queries(client, edit_url(lesson), warm=True))
        counts["create"].append(count_queries(client, create_url(case), warm=True))
    print(counts)
    for page, (small, large) in counts.items():
        assert small == large, (page, small, large)


def test_an_empty_post_is_shown_as_missing_fields(client, team):
    coordinator, deputy = team
    case = closed_case(coordinator=coordinator, deputy=deputy)
    client.force_login(coordinator)
    response = client.post(create_url(case), {})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("This field is required.") == 4 and "Choose at least one theme." in body  # and sharing
    assert state() == (0, 0, 0)


def test_writing_the_lesson_of_a_confidential_case_is_a_logged_view(client):
    from establishments.models import CaseViewLog

    coordinator = f.coordinator("24")
    case = services.case_create(
        user=coordinator,
        name="Hemlig",
        code_name="Projekt Polaris",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=coordinator,
        deputy=f.coordinator("24"),
    )
    services.case_change_phase(case=case, user=coordinator, phase="forlorad")
    client.force_login(coordinator)
    url = reverse("checklist:lesson_create", args=[case.pk])

    assert client.get(url).status_code == 200
    assert CaseViewLog.objects.filter(case=case, user=coordinator, path=url).count() == 1
