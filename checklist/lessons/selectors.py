"""Reads of the lessons, narrowed by the access policy first."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import policy
from accounts.models import Confidentiality
from establishments.models import EstablishmentCase

from .models import Lesson


def lesson_list(*, user, filters: dict | None = None) -> QuerySet[Lesson]:
    """The lessons of every case the user may see, newest first; ``filters``: q, theme, region.

    A confidential case's lessons reach only those granted the case (``policy.visible_lessons``);
    its real name is never searched, only the code name the page shows.
    """
    filters = filters or {}
    qs = (
        policy.visible_lessons(user, Lesson.objects.all())
        .select_related("case__region", "case__lead_municipality", "created_by")
        .prefetch_related("themes")
    )
    if theme := filters.get("theme"):
        qs = qs.filter(themes__theme=theme)  # one row per (lesson, theme): no duplicates
    if region := filters.get("region"):
        qs = qs.filter(case__region=region)
    if q := filters.get("q"):
        confidential = Q(case__confidentiality=Confidentiality.CONFIDENTIAL)
        qs = qs.filter(
            Q(what_worked__icontains=q)
            | Q(what_did_not__icontains=q)
            | Q(do_differently__icontains=q)
            | (~confidential & Q(case__name__icontains=q))
            | (confidential & Q(case__code_name__icontains=q))
        )
    return qs.order_by("-created_at", "-pk")


def lesson_get(*, user, pk: int) -> Lesson:
    lesson = (
        policy.visible_lessons(user, Lesson.objects.all())
        .select_related("case__region", "created_by")
        .filter(pk=pk)
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def lesson_themes(lesson: Lesson) -> list[str]:
    return [t.theme for t in lesson.themes.all()]


def case_lessons(*, user, case: EstablishmentCase) -> list[Lesson]:
    """One case's lessons, for its overview (the case itself is already visible to the user)."""
    if not policy.can_view_case(user, case):
        return []
    return list(case.lessons.select_related("created_by").prefetch_related("themes").order_by("-created_at"))
