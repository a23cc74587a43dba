"""The alarm's pages: the list, raising (with a confirmation step), and the live status board with
the forms it carries: an answer given in the app, a first-response note, closing. Those forms post
here because an error shows the board again; their rules are ``alarms.answering.services`` and
``alarms.raising.services``.

Thin views: who may do what is asked of ``accounts.policy``, reads come from the selectors and
every change is made by the services.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import policy
from alarms.answering import services as answering
from alarms.answering.forms import AnswerForm, CloseForm
from alarms.answering.selectors import answerable
from alarms.core.models import Alarm, AlarmKind, Question, Recipient
from alarms.health import selectors as health
from alarms.health.banner import delay_causes, is_warned
from alarms.inbox.services import notifications_read_for_alarm
from alarms.rosters.selectors import roster_check
from config.views import apply_service_errors, paginate, require
from establishments import selectors as case_selectors

from . import selectors, services
from .forms import NoteForm, RaiseForm, may_raise_alarms

# --- The list ----------------------------------------------------------------------------------


@login_required
def alarm_list(request):
    open_first = Case(
        When(state=Alarm.State.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    alarms = selectors.alarm_list(request.user).order_by(open_first, "-raised_at", "-pk")
    return render(
        request,
        "alarms/alarm_list.html",
        {"page": paginate(request, alarms), "can_raise": may_raise_alarms(request.user)},
    )


# --- Raising -----------------------------------------------------------------------------------


def _pk_param(request, name: str) -> int | None:
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _raise_source(request):
    """The case or signal the alarm is raised from (404 when the user may not see it), and the
    municipality that follows from it."""
    if (case_pk := _pk_param(request, "case")) is not None:
        case = case_selectors.case_get(user=request.user, pk=case_pk)
        return case, None, case.lead_municipality
    if (signal_pk := _pk_param(request, "signal")) is not None:
        signal = case_selectors.signal_get(user=request.user, pk=signal_pk)
        return None, signal, signal.municipality
    return None, None, None


@login_required
def raise_alarm(request):
    case, signal, fixed = _raise_source(request)
    form = RaiseForm(request.POST or None, user=request.user, fixed_municipality=fixed)
    if case is not None and case.is_drill:
        form.fields["kind"].choices = [(AlarmKind.DRILL, AlarmKind.DRILL.label)]
        form.fields["kind"].initial = AlarmKind.DRILL
    if fixed is not None:
        require(policy.can_raise_alarm(request.user, fixed))
    else:
        require(form.fields["municipality"].queryset.exists())
    context = {"form": form, "case": case, "signal": signal, "fixed_municipality": fixed}
    if request.method != "POST" or not form.is_valid() or "edit" in request.POST:
        return render(request, "alarms/raise.html", context)

    data = form.cleaned_data
    checks = roster_check(data["municipality"].region)
    if not checks:
        form.add_error(
            None,
            _("%(region)s has no alarm roster yet: a coordinator must designate the organisations first.")
            % {"region": data["municipality"].region},
        )
        return render(request, "alarms/raise.html", context)
    if request.POST.get("confirm") == "1":
        try:
            alarm = services.alarm_raise(user=request.user, case=case, signal=signal, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return render(request, "alarms/raise.html", context)
        messages.success(
            request,
            ngettext(
                "The alarm is raised: %(count)d organisation is being alarmed now.",
                "The alarm is raised: %(count)d organisations are being alarmed now.",
                len(checks),
            )
            % {"count": len(checks)},
        )
        return redirect(alarm)
    roster = checks[0].entry.roster
    context.update(
        {
            "data": data,
            "is_drill": data["kind"] == AlarmKind.DRILL,
            "kind_label": AlarmKind(data["kind"]).label,
            "checks": checks,
            "reachable_count": sum(1 for c in checks if c.reachable),
            "roster": roster,
            "questions": [label for _value, label in Question.choices],
            "pipeline": health.pipeline(),
            "can_view_roster": policy.can_view_roster(request.user, roster.region),
        }
    )
    return render(request, "alarms/raise_confirm.html", context)


# --- The status board --------------------------------------------------------------------------


def _live_context(alarm: Alarm, user) -> dict:
    """What the live part of the board shows; a fixed number of queries whatever the roster's size."""
    recipients = selectors.board(alarm)
    metrics = selectors.metrics(alarm, recipients)
    return {
        "alarm": alarm,
        "recipients": recipients,
        "metrics": metrics,
        "pending_count": metrics.recipients - metrics.answered,
        "events": list(selectors.timeline(alarm)),
        "failed": list(selectors.failed_deliveries(alarm)),
        # What holds late messages up (the broker, the workers), while any are late.
        "delay_causes": delay_causes(user) if metrics.late and alarm.is_open else [],
        # The advice to phone is for those who raise and follow alarms, not the alarmed.
        "late_warned": is_warned(user),
        "late_after": settings.ALARM_DELAYED_AFTER_SECONDS,
    }


def _with_live_html(request, context: dict) -> dict:
    """Render the live part once, and a version of it: a poll that finds nothing new gets 204
    (htmx swaps nothing, and screen readers hear nothing)."""
    html = render_to_string("alarms/detail.html#live_content", context, request=request)
    context["live_html"] = html
    context["version"] = hashlib.sha256(html.encode()).hexdigest()[:16]
    return context


def _detail_context(request, alarm: Alarm, *, answer_form=None, answer_for=None, note_form=None) -> dict:
    user = request.user
    context = _live_context(alarm, request.user)
    may_answer = answerable(user, context["recipients"]) if alarm.is_open else []
    own = [r for r in may_answer if user.organisation_id and r.organisation_id == user.organisation_id]
    on_behalf = [r for r in may_answer if r not in own]
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if answer_for is None and (pk := request.GET.get("answer_for", "")).isdecimal():
        answer_for = next((r for r in on_behalf if r.pk == int(pk)), None)
    can_note = alarm.is_open and policy.can_add_alarm_note(user, alarm)
    context.update(
        {
            "can_see_case": policy.can_see_alarm_case(user, alarm),
            "can_close": alarm.is_open and policy.can_close_alarm(user, alarm),
            "own_answers": [
                (r, answer_form if r == answer_for else AnswerForm(auto_id=f"id_r{r.pk}_%s")) for r in own
            ],
            "on_behalf": on_behalf,
            "answer_for": answer_for if answer_for in on_behalf else None,
            "answer_for_form": answer_form
            if answer_for in on_behalf and answer_form is not None
            else AnswerForm(auto_id="id_phone_%s"),
            "checklist": selectors.checklist(alarm),
            "note_form": (note_form or NoteForm()) if can_note else None,
        }
    )
    return _with_live_html(request, context)


def _show_service_errors(request, form, exc: ValidationError) -> None:
    """A service's field errors go onto the form; the rest (the alarm was closed meanwhile) are
    shown as messages, since the form they came from may no longer be on the page."""
    if hasattr(exc, "error_dict"):
        apply_service_errors(form, exc)
    else:
        for message in exc.messages:
            messages.error(request, message)


@login_required
def detail(request, pk):
    alarm = selectors.alarm_for(request.user, pk)
    notifications_read_for_alarm(user=request.user, alarm=alarm)
    return render(request, "alarms/detail.html", _detail_context(request, alarm))


@login_required
def board(request, pk):
    """htmx: the live part of the board, polled every few seconds while the alarm is open."""
    alarm = selectors.alarm_for_board(request.user, pk)
    context = _with_live_html(request, _live_context(alarm, request.user))
    if request.GET.get("v") == context["version"]:
        return HttpResponse(status=204)
    context["oob"] = True
    return render(request, "alarms/detail.html#live", context)


@login_required
@require_POST
def answer(request, pk, recipient_pk):
    """An organisation's answer given in the app, by its own people or recorded by a coordinator."""
    alarm = selectors.alarm_for(request.user, pk)
    recipient = get_object_or_404(
        Recipient.objects.select_related("organisation"), alarm=alarm, pk=recipient_pk
    )
    recipient.alarm = alarm
    require(policy.can_answer_alarm(request.user, recipient))
    own = request.user.organisation_id == recipient.organisation_id
    form = AnswerForm(request.POST, auto_id=f"id_r{recipient.pk}_%s" if own else "id_phone_%s")
    if form.is_valid():
        try:
            answered = answering.recipient_answer(recipient=recipient, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _show_service_errors(request, form, exc)
        else:
            messages.success(
                request,
                _("The answer for %(organisation)s is recorded: %(answer)s.")
                % {"organisation": recipient.organisation, "answer": answered.get_response_display()},
            )
            return redirect(alarm)
    context = _detail_context(request, alarm, answer_form=form, answer_for=recipient)
    return render(request, "alarms/detail.html", context)


@login_required
@require_POST
def note_add(request, pk):
    alarm = selectors.alarm_for(request.user, pk)
    require(policy.can_add_alarm_note(request.user, alarm))
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(user=request.user, alarm=alarm, **form.cleaned_data)
        except ValidationError as exc:
            _show_service_errors(request, form, exc)
        else:
            messages.success(request, _("Your contribution is added to the checklist."))
            return redirect(f"{alarm.get_absolute_url()}#checklist")
    return render(request, "alarms/detail.html", _detail_context(request, alarm, note_form=form))


@login_required
def close(request, pk):
    alarm = selectors.alarm_for(request.user, pk)
    require(policy.can_close_alarm(request.user, alarm))
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answering.alarm_close(alarm=alarm, user=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The alarm is closed. Nothing more is sent or escalated."))
            return redirect(alarm)
    recipients = selectors.board(alarm)
    return render(
        request,
        "alarms/close.html",
        {"alarm": alarm, "form": form, "metrics": selectors.metrics(alarm, recipients)},
    )
