"""Reads of the lessons, narrowed by the access policy first: the lessons of cases the user may see
(``policy.visible_lessons``), and of those only the sharing levels the user may read in each case
(``policy.sharing_levels_for``, as for a workspace item): an internal lesson reaches only the case's
own staff."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import policy
from accounts.models import Confidentiality
from establishments.models import EstablishmentCase

from .models import Lesson


def _readable(user, qs: QuerySet[Lesson]) -> QuerySet[Lesson]:
    """Narrow ``qs`` (lessons of cases the user may see) to the sharing levels the user may read in
    each lesson's case. One query for the cases, however many lessons; the cases are grouped by
    their levels, so the usual answer (one set of levels for every case) is one list of cases.

    The lessons are then found by those cases' ids: the list is the policy's answer (the cases come
    from ``qs``), and the count and the page do not ask the policy's case rules again."""
    cases = (
        EstablishmentCase.objects.filter(pk__in=qs.values("case_id"))
        .only("pk", "region_id", "lead_municipality_id", "confidentiality", "coordinator_id", "deputy_id")
        .order_by()
    )
    by_levels: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for case in cases:
        by_levels[tuple(sorted(policy.sharing_levels_for(user, case)))].append(case.pk)
    if not by_levels:
        return qs.none()
    readable = Q()
    for levels, case_ids in by_levels.items():
        readable |= Q(case_id__in=case_ids, sharing__in=levels)
    return Lesson.objects.filter(readable)


def lesson_list(*, user, filters: dict | None = None) -> QuerySet[Lesson]:
    """The lessons the user may read, newest first; ``filters``: q, theme, region.

    A confidential case's lessons reach only those granted the case (``policy.visible_lessons``);
    its real name is never searched, only the code name the page shows. An internal lesson reaches
    only those who read a case's internal items (``policy.sharing_levels_for``), not even as a count.
    """
    filters = filters or {}
    qs = (
        _readable(user, policy.visible_lessons(user, Lesson.objects.all()))
        .select_related("case__region", "created_by")
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
    """One lesson the user may read; 404 for one of a case the user may not see, or one shared at
    a level the user may not read (an internal lesson, for a reader or an actor contact)."""
    lesson = (
        policy.visible_lessons(user, Lesson.objects.all())
        .select_related("case__region", "created_by")
        .filter(pk=pk)
        .first()
    )
    if lesson is None or lesson.sharing not in policy.sharing_levels_for(user, lesson.case):
        raise Http404
    return lesson


def lesson_themes(lesson: Lesson) -> list[str]:
    return [t.theme for t in lesson.themes.all()]


def case_lessons(*, user, case: EstablishmentCase) -> list[Lesson]:
    """One case's lessons the user may read, for its overview (the case itself is already visible to
    the user): only the sharing levels ``policy.sharing_levels_for`` allows."""
    if not policy.can_view_case(user, case):
        return []
    return list(
        case.lessons.filter(sharing__in=policy.sharing_levels_for(user, case))
        .select_related("created_by")
        .prefetch_related("themes")
        .order_by("-created_at")
    )
