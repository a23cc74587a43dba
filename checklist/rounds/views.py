"""The pages of rounds and answers: my rounds, opening a round, its status, closing and reminding,
the organisation's answer form (in the app and through the personal link), and its history.

Thin views: who may do what is asked of ``accounts.policy``, reads come from ``selectors`` and every
change is made by ``services`` (the answers), ``mail`` (reminders) and ``personal_link`` (reading a
personal link).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import policy
from actors.models import Region
from config import links
from config.views import apply_service_errors, require

from . import mail, personal_link, selectors, services
from .forms import AnswerSheet, RoundForm

ACTIONS = {"draft", "submit", "change"}


def _service_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(str(m) for messages_ in exc.message_dict.values() for m in messages_)
    return " ".join(str(m) for m in exc.messages)


# --- My rounds ---------------------------------------------------------------------------------


@login_required
def my_rounds(request):
    """An organisation's open and past rounds; for the region's staff, the region's rounds too."""
    user = request.user
    participations = list(selectors.my_participations(user))
    rounds = list(selectors.with_counts(selectors.visible_rounds(user)).order_by("-opened_at", "-pk")[:50])
    all_regions = list(policy.readiness_regions(user, Region.objects.order_by("name")))
    if policy.is_admin(user):  # every region: list those that have rounds
        regions = list(Region.objects.filter(checklist_rounds__isnull=False).distinct().order_by("name"))
    else:
        regions = all_regions
    context = {
        "open_participations": [p for p in participations if p.round.is_open],
        "past_participations": [p for p in participations if not p.round.is_open],
        "rounds": rounds,
        "regions": regions,
        "manageable_regions": [r for r in all_regions if policy.can_manage_rounds(user, r)],
    }
    return render(request, "checklist/my_rounds.html", context)


# --- Opening, following, reminding and closing a round -----------------------------------------


def _managed_region(user, code) -> Region:
    region = get_object_or_404(Region, code=code)
    if not policy.can_manage_rounds(user, region):
        if policy.can_view_readiness(user, region):
            raise PermissionDenied
        raise Http404
    return region


@login_required
def round_create(request, code):
    region = _managed_region(request.user, code)
    form = RoundForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(
                user=request.user,
                region=region,
                title=form.cleaned_data["title"],
                deadline=form.cleaned_data["deadline"],
                organisations=list(form.cleaned_data["organisations"]),
                contacts={k: v for k, v in form.contacts().items() if v is not None},
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            participants = round_.participants.count()
            messages.success(
                request,
                ngettext(
                    "The round is open for %(n)s organisation; its contact is invited by e-mail.",
                    "The round is open for %(n)s organisations; their contacts are invited by e-mail.",
                    participants,
                )
                % {"n": participants},
            )
            return redirect(round_)
    return render(
        request,
        "checklist/round_form.html",
        {"form": form, "region": region},
        status=400 if request.method == "POST" else 200,
    )


def _round_status(round_):
    participants = list(selectors.participants(round_).prefetch_related(None))
    routine_count = round_.routines.count()
    submitted = sum(1 for p in participants if p.is_submitted)
    drafts = sum(1 for p in participants if not p.is_submitted and p.answered_count)
    return {
        "participants": participants,
        "routine_count": routine_count,
        "submitted_count": submitted,
        "draft_count": drafts,
        "not_started_count": len(participants) - submitted - drafts,
    }


@login_required
def round_detail(request, pk):
    round_ = selectors.round_for(request.user, pk)
    context = {
        "round": round_,
        "can_manage": policy.can_manage_rounds(request.user, round_.region),
        **_round_status(round_),
    }
    return render(request, "checklist/round_detail.html", context)


@login_required
def round_close(request, pk):
    round_ = selectors.round_for(request.user, pk)
    require(policy.can_manage_rounds(request.user, round_.region))
    if request.method == "POST":
        try:
            services.round_close(user=request.user, round=round_)
        except ValidationError as exc:
            messages.error(request, _service_message(exc))
        else:
            messages.success(request, _("The round is closed. Its answers are kept as they were submitted."))
        return redirect(round_)
    return render(request, "checklist/round_close.html", {"round": round_, **_round_status(round_)})


@login_required
@require_POST
def round_remind(request, pk):
    round_ = selectors.round_for(request.user, pk)
    require(policy.can_manage_rounds(request.user, round_.region))
    try:
        sent = mail.round_remind(user=request.user, round=round_)
    except ValidationError as exc:
        messages.error(request, _service_message(exc))
    else:
        if sent:
            messages.success(
                request,
                ngettext(
                    "A reminder was sent to %(n)s organisation that has not submitted.",
                    "Reminders sent to %(n)s organisations that have not submitted.",
                    sent,
                )
                % {"n": sent},
            )
        else:
            messages.info(
                request,
                _(
                    "No reminders sent: every organisation has submitted, has been reminded today, or has "
                    "nobody with an e-mail address."
                ),
            )
    return redirect(round_)


# --- Answering in the app ----------------------------------------------------------------------


def _answer_context(participant, answers, sheet, **extra) -> dict:
    answered = sum(1 for a in answers if a.value)
    return {
        "participant": participant,
        "round": participant.round,
        "organisation": participant.organisation,
        "answers": answers,
        "sheet": sheet,
        "answered_count": answered,
        "routine_count": len(answers),
        **extra,
    }


@login_required
def answer(request, pk, participant_pk):
    """The organisation's answer form: drafts, submission, and changes after submission with a
    reason. The region's staff see it read-only."""
    user = request.user
    participant = selectors.participant_for(user, pk, participant_pk)
    round_ = participant.round
    can_answer = policy.can_answer_round(user, participant)
    own = bool(user.organisation_id) and user.organisation_id == participant.organisation_id
    answers = selectors.answers_of(participant)
    url = reverse("checklist:answer", args=[round_.pk, participant.pk])
    extra = {
        "can_answer": can_answer,
        "own": own,
        "history_url": reverse("checklist:answer_history", args=[round_.pk, participant.pk]),
        "can_view_round": policy.can_view_readiness(user, round_.region),
    }

    if request.method == "POST":
        if not can_answer:
            if policy.answers_for_organisation(user, participant) and not round_.is_open:
                messages.error(request, _("The round is closed: answers can no longer be saved or changed."))
                return render(
                    request,
                    "checklist/answer.html",
                    _answer_context(participant, answers, None, **extra),
                    status=400,
                )
            raise PermissionDenied
        action = request.POST.get("action")
        if action not in ACTIONS:
            return HttpResponse(_("Choose to save a draft or to submit."), status=400)
        change = participant.is_submitted
        sheet = AnswerSheet(answers, request.POST, with_reason=change)
        error = ""
        if sheet.is_valid():
            try:
                services.answer_save(
                    participant=participant,
                    values=sheet.values(),
                    user=user,
                    submit=action == "submit",
                    reason=sheet.reason.cleaned_data["reason"] if change else "",
                )
            except ValidationError as exc:
                sheet.add_service_errors(exc)
                error = _service_message(exc) if not getattr(exc, "per_routine", None) else exc.messages[0]
            else:
                if change:
                    messages.success(request, _("The change is saved and kept in the history."))
                elif action == "submit":
                    messages.success(request, _("Thank you. Your answers are submitted to the coordinator."))
                else:
                    messages.success(request, _("Draft saved. You can come back and go on later."))
                return redirect(url)
        else:
            error = _("Some answers could not be saved; see the messages below.")
        return render(
            request,
            "checklist/answer.html",
            _answer_context(participant, answers, sheet, editing=True, change=change, error=error, **extra),
            status=400,
        )

    change = participant.is_submitted and can_answer and request.GET.get("change") == "1"
    editing = can_answer and (not participant.is_submitted or change)
    sheet = AnswerSheet(answers, with_reason=change) if editing else None
    return render(
        request,
        "checklist/answer.html",
        _answer_context(participant, answers, sheet, editing=editing, change=change, **extra),
    )


@login_required
def answer_history(request, pk, participant_pk):
    participant = selectors.participant_for(request.user, pk, participant_pk)
    answers = selectors.answers_of(participant)
    return render(
        request,
        "checklist/answer_history.html",
        {
            "participant": participant,
            "round": participant.round,
            "entries": selectors.answer_history(participant, answers),
            "back_url": reverse("checklist:answer", args=[participant.round_id, participant.pk]),
        },
    )


# --- Answering through the personal link (no login) ---------------------------------------------


def _link_response(request, context: dict, status: int = 200) -> HttpResponse:
    return links.link_response(request, "checklist/answer_link.html", context, status=status)


@never_cache
def answer_link(request, token):
    """The contact's personal link: the same form without an account. A forged, expired or
    closed-round link changes nothing and says why; after submission it shows the answers read-only
    (changes then go through the app, with a reason)."""
    try:
        participant = personal_link.participant_from_token(token)
    except links.LinkError as exc:
        context = {"link_error": exc.message, "kind": exc.kind}
        if exc.record is not None:
            context |= {"round": exc.record.round, "organisation": exc.record.organisation}
        return _link_response(request, context, status=exc.status)
    answers = selectors.answers_of(participant)
    person = participant.contact
    if participant.is_submitted:
        if request.method == "POST":
            messages.warning(request, _("The answers have already been submitted. Nothing was changed."))
        return _link_response(request, _answer_context(participant, answers, None, person=person, link=True))
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("draft", "submit"):
            return _link_response(
                request,
                {"link_error": _("Choose to save a draft or to submit."), "kind": "invalid"},
                status=400,
            )
        sheet = AnswerSheet(answers, request.POST)
        error = ""
        if sheet.is_valid():
            try:
                services.answer_save(
                    participant=participant, values=sheet.values(), person=person, submit=action == "submit"
                )
            except ValidationError as exc:
                sheet.add_service_errors(exc)
                error = exc.messages[0] if getattr(exc, "per_routine", None) else _service_message(exc)
            else:
                if action == "submit":
                    messages.success(request, _("Thank you. Your answers are submitted to the coordinator."))
                else:
                    messages.success(
                        request,
                        _("Draft saved. Use the same link to come back and go on, until the deadline."),
                    )
                return redirect(reverse("checklist:answer_link", args=[token]))
        else:
            error = _("Some answers could not be saved; see the messages below.")
        return _link_response(
            request,
            _answer_context(participant, answers, sheet, person=person, link=True, editing=True, error=error),
            status=400,
        )
    sheet = AnswerSheet(answers)
    return _link_response(
        request, _answer_context(participant, answers, sheet, person=person, link=True, editing=True)
    )
