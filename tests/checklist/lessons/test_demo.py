"""The demo's lessons: three retrospectives of one lost case in Västerbotten, through the services."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from checklist.lessons.selectors import lesson_list
from checklist.models import Lesson
from demo import checklist_lessons as demo_lessons
from establishments.models import EstablishmentCase, Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)  # seed_demo seeds the lessons with the rest
    return out


def test_the_demo_holds_lessons_from_one_closed_case(demo):
    out = demo

    case = EstablishmentCase.objects.get(name=demo_lessons.CASE_NAME)
    assert case.phase == Phase.LOST and not case.is_drill
    assert case.phase_changes.get(to_phase=Phase.LOST).changed_at < case.created_at  # dated back
    lessons = list(Lesson.objects.filter(case=case).prefetch_related("themes"))
    assert len(lessons) == 3
    assert all(lesson.themes.all() for lesson in lessons)
    assert {lesson.created_by.username for lesson in lessons} == {"samordnare", "tjansteman"}
    assert all(lesson.history.get().history_user == lesson.created_by for lesson in lessons)
    assert set(Lesson.objects.values_list("case", flat=True)) == {case.pk}  # one closed case
    assert "Lärdomar: 3" in out.getvalue()

    def visible(username):
        return lesson_list(user=User.objects.get(username=username)).count()

    # Two are shared with the case's members; the one about the leak to the press stays internal.
    assert sorted(lesson.sharing for lesson in lessons) == ["intern", "medlemmar", "medlemmar"]
    assert visible("samordnare") == visible("tjansteman") == 3
    assert visible("lasare") == visible("kontakt") == 2
    assert visible("samordnare.gavleborg") == 0


def test_seeding_twice_adds_nothing(demo):
    demo_lessons.seed()
    counts = (EstablishmentCase.objects.count(), Lesson.objects.count(), Lesson.history.count())
    demo_lessons.seed()
    assert (EstablishmentCase.objects.count(), Lesson.objects.count(), Lesson.history.count()) == counts


def test_without_the_demo_users_it_does_nothing():
    out = StringIO()
    demo_lessons.seed(stdout=out)
    assert not Lesson.objects.exists() and not EstablishmentCase.objects.exists()
    assert "saknas" in out.getvalue()
