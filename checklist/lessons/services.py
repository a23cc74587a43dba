"""Writes for lessons (routine 10: *fånga upp resultat och lärande*): the short retrospective of a
closed case, tagged by blueprint theme."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy
from config.history import save_audited
from establishments.models import EstablishmentCase, Theme

from .models import Lesson, LessonTheme


def _clean_themes(themes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(str(t) for t in themes or []))
    if not chosen:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    unknown = [t for t in chosen if t not in Theme.values]
    if unknown:
        raise ValidationError({"themes": _("Unknown theme.")})
    return chosen


@transaction.atomic
def lesson_save(*, user, lesson: Lesson, themes: Iterable[str]) -> Lesson:
    """Write or change a lesson and its themes, with history (who and why).

    Only for a closed or lost case, by someone who may change the case (``policy.can_write_lesson``).
    The case of an existing lesson never changes.
    """
    # The case as it is now, locked: a phase change at the same moment cannot slip past the check.
    case = EstablishmentCase.objects.select_for_update().get(pk=lesson.case_id)
    if not policy.can_write_lesson(user, case):
        raise PermissionDenied
    chosen = _clean_themes(themes)
    creating = lesson.pk is None
    if creating:
        lesson.created_by = user
    else:
        stored = Lesson.objects.select_for_update().get(pk=lesson.pk)
        if stored.case_id != case.pk:
            raise PermissionDenied
        lesson.created_by_id, lesson.created_at = stored.created_by_id, stored.created_at
    before = set() if creating else set(lesson.themes.values_list("theme", flat=True))
    themes_changed = set(chosen) != before
    if creating:
        reason = gettext_noop("Lesson written")
    elif themes_changed:
        # LessonTheme keeps no history of its own: the lesson's history row says that they changed.
        reason = gettext_noop("Lesson and its themes changed")
    else:
        reason = gettext_noop("Lesson changed")
    lesson = save_audited(lesson, user=user, reason=reason)
    if themes_changed:
        LessonTheme.objects.filter(lesson=lesson).exclude(theme__in=chosen).delete()
        LessonTheme.objects.bulk_create(
            [LessonTheme(lesson=lesson, theme=t) for t in chosen if t not in before]
        )
    return lesson
