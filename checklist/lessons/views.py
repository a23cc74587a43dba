"""Lessons (routine 10: *fånga upp resultat och lärande*): the library, and writing a case's lesson.

Thin views: the policy decides who may do what (accounts/policy.py), the selectors read, the
services write.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import policy
from config.history import history_entries
from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require
from establishments.decorators import case_page

from . import selectors, services
from .forms import LessonFilterForm, LessonForm
from .models import Lesson


@login_required
def lesson_library(request):
    form = LessonFilterForm(request.GET or None, user=request.user)
    filters = filters_from(form) if form.is_bound else {}
    page = paginate(request, selectors.lesson_list(user=request.user, filters=filters))
    return render(
        request,
        "checklist/lesson_library.html",
        {"form": form, "page": page, "qs": querystring_without_page(request), "filtered": bool(filters)},
    )


def _lesson_form_page(request, *, case, lesson: Lesson, template_context: dict):
    form = LessonForm(request.POST if request.method == "POST" else None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_save(user=request.user, lesson=form.instance, themes=form.cleaned_data["themes"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The lesson is saved."))
            return redirect(case)
    return render(request, "checklist/lesson_form.html", {"form": form, "case": case, **template_context})


@case_page()  # 404: a case the user may not see; a confidential case's view is logged
def lesson_create(request, case):
    if not policy.can_write_lesson(request.user, case):
        if policy.can_change_case(request.user, case):
            # Those who run the case are told why, rather than refused without a word.
            return render(request, "checklist/lesson_refused.html", {"case": case}, status=403)
        raise PermissionDenied
    return _lesson_form_page(request, case=case, lesson=Lesson(case=case), template_context={})


@login_required
def lesson_edit(request, pk):
    lesson = selectors.lesson_get(user=request.user, pk=pk)  # 404: a lesson the user may not see
    require(policy.can_write_lesson(request.user, lesson.case))
    return _lesson_form_page(
        request,
        case=lesson.case,
        lesson=lesson,
        template_context={"lesson": lesson, "entries": history_entries(lesson, limit=20)},
    )
