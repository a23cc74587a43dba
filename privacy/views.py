"""The privacy page (public), and the administrators' pages: a person's or user's data exported or
erased, and what the next retention purge removes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import policy
from accounts.models import User
from actors.models import Person
from config.views import apply_service_errors, require

from . import retention
from .erasure import erase, erased_name, erased_username, erasure_plan
from .export import person_export, subject_of
from .forms import EraseForm

PERSON, USER = "person", "user"


@require_GET
def page(request):
    """What Samhandla stores, why, for how long (the retention table itself), who sees contact
    details, the rights and whom to ask; for everyone, logged in or not."""
    return render(
        request,
        "privacy/page.html",
        {
            "rules": retention.RULES,
            "contact": settings.PRIVACY_CONTACT,
            "alarm_link_hours": settings.ALARM_LINK_MAX_AGE_HOURS,
        },
    )


def _subject(kind: str, pk: int):
    if kind == PERSON:
        return subject_of(
            person=get_object_or_404(Person.objects.select_related("organisation", "user"), pk=pk)
        )
    return subject_of(user=get_object_or_404(User, pk=pk))


def _back_url(person, user) -> str:
    return person.get_absolute_url() if person is not None else user.get_absolute_url()


@login_required
def subject_export(request, pk, kind=PERSON):
    require(policy.can_manage_personal_data(request.user))
    person, user = _subject(kind, pk)
    if request.method == "POST":
        document = person_export(by=request.user, person=person, user=user)
        response = HttpResponse(document, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="samhandla-{kind}-{pk}.json"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "privacy/export.html",
        {"person": person, "subject_user": user, "back_url": _back_url(person, user)},
    )


@login_required
def subject_erase(request, pk, kind=PERSON):
    require(policy.can_manage_personal_data(request.user))
    person, user = _subject(kind, pk)
    plan = erasure_plan(by=request.user, person=person, user=user)
    form = EraseForm(request.POST or None, plan=plan)
    if request.method == "POST" and not plan.blockers and form.is_valid():
        try:
            erase(by=request.user, confirmation=form.cleaned_data["confirmation"], person=person, user=user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The personal data were erased. The erasure is recorded."))
            return redirect(_back_url(person, user))
    sections = [
        (_("Replaced"), plan.replaced, _("In the record and in every earlier version of it.")),
        (_("Deleted or emptied"), plan.deleted, ""),
        (_("Ended or taken off"), plan.ended, _("Recorded in the history, as erased by you.")),
        (_("Kept"), plan.kept, _("The authorities' records: they now name the erased entry.")),
    ]
    return render(
        request,
        "privacy/erase.html",
        {
            "plan": plan,
            "form": form,
            "sections": sections,
            "erased": erased_name(person) if person is not None else erased_username(user),
            "back_url": _back_url(person, user),
        },
    )


@login_required
@require_GET
def retention_preview(request):
    require(policy.can_manage_personal_data(request.user))
    now = timezone.now()
    return render(request, "privacy/retention.html", {"due": retention.preview(now=now), "now": now})
