from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.models import RoleName, User
from config.exports import csv_response
from config.history import history_entries
from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require

from . import access, disclosure, selectors, services
from .decorators import case_page
from .forms import (
    CaseFilterForm,
    CaseForm,
    DismissForm,
    GrantForm,
    LinkForm,
    PhaseForm,
    SignalFilterForm,
    SignalForm,
)
from .slots import CASE_CLOSED, case_moments

# --- Signals -----------------------------------------------------------------------------------


@login_required
def signal_list(request):
    form = SignalFilterForm(request.GET or None, user=request.user)
    filters = filters_from(form) if form.is_bound else {}
    page = paginate(request, selectors.signal_list(user=request.user, filters=filters))
    return render(
        request,
        "establishments/signal_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "qs": querystring_without_page(request),
            "can_log": policy.can_log_signal(request.user),
        },
    )


@login_required
def signal_create(request):
    require(policy.can_log_signal(request.user))
    form = SignalForm(
        request.POST or None,
        user=request.user,
        initial={"received_at": timezone.localtime(), "channel": "telefon"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.signal_log(logged_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _signal_receipt(request.user, signal))
            return redirect(signal)
    return render(
        request,
        "establishments/signal_form.html",
        {"form": form, "official": policy.role_of(request.user) == RoleName.OFFICIAL},
    )


def _signal_receipt(user, signal) -> str:
    """What happens next, as the policy has it: who is told, and who triages."""
    if policy.can_triage_signal(user, signal):
        if policy.role_of(user) == RoleName.OFFICIAL:
            return _(
                "The signal is logged and the region's coordinators have been told. You may triage it "
                "yourself (take it up, open a case or dismiss it), or leave that to the coordinators."
            )
        return _("The signal is logged. The region's other coordinators have been told.")
    return _("The signal is logged. The region's coordinators have been told and triage it.")


@login_required
def signal_duplicates(request):
    """htmx: likely duplicates of what is being typed into the signal form."""
    form = SignalForm(request.GET, user=request.user)
    form.is_valid()  # only to clean what can be cleaned; errors are not shown here
    data = getattr(form, "cleaned_data", {})
    duplicates = selectors.signal_duplicates(
        user=request.user,
        municipality=data.get("municipality"),
        source_organisation=data.get("source_organisation"),
        source_text=data.get("source_text", ""),
        received_at=data.get("received_at") or timezone.now(),
    )
    return render(request, "establishments/signal_form.html#duplicates", {"duplicates": duplicates})


@login_required
def signal_detail(request, pk):
    signal = selectors.signal_get(user=request.user, pk=pk)
    can_triage = policy.can_triage_signal(request.user, signal)
    context = {
        "signal": signal,
        "can_triage": can_triage,
        "triage_collapsed": policy.role_of(request.user) == RoleName.OFFICIAL,
        "can_see_caller": policy.can_see_signal_caller(request.user, signal),
        "duplicates": selectors.signal_duplicates(
            user=request.user,
            municipality=signal.municipality,
            source_organisation=signal.source_organisation,
            source_text=signal.source_text,
            received_at=signal.received_at,
            exclude_pk=signal.pk,
        ),
    }
    if can_triage and signal.is_open:
        context["dismiss_form"] = DismissForm()
        context["link_form"] = LinkForm(cases=selectors.cases_for_select(user=request.user))
    return render(request, "establishments/signal_detail.html", context)


@login_required
@require_POST
def signal_triage(request, pk, action):
    signal = selectors.signal_get(user=request.user, pk=pk)
    try:
        if action == "assess":
            services.signal_start_assessment(signal=signal, user=request.user)
            messages.success(request, _("The signal is under assessment."))
        elif action == "dismiss":
            form = DismissForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say why the signal is dismissed."))
            services.signal_dismiss(signal=signal, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The signal is dismissed."))
        elif action == "link":
            form = LinkForm(request.POST, cases=selectors.cases_for_select(user=request.user))
            if not form.is_valid():
                raise ValidationError(_("Choose a case you can see."))
            services.signal_link_to_case(signal=signal, case=form.cleaned_data["case"], user=request.user)
            messages.success(request, _("The signal is linked to the case."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect(signal)


@login_required
def signal_history(request, pk):
    signal = selectors.signal_get(user=request.user, pk=pk)
    return render(
        request,
        "history.html",
        {
            "object": signal,
            # The contact person is personal data: only those who triage the signal see it, now or before.
            "entries": history_entries(
                signal, hidden=set() if policy.can_see_signal_caller(request.user, signal) else {"caller"}
            ),
            "back_url": signal.get_absolute_url(),
        },
    )


# --- Cases -------------------------------------------------------------------------------------


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None, user=request.user)
    filters = filters_from(form) if form.is_bound else {}
    qs = selectors.case_list(user=request.user, filters=filters)
    if request.GET.get("format") == "csv":
        return _case_csv(qs.filter(is_drill=False))  # files leave the system: never with drill cases
    page = paginate(request, qs)
    return render(
        request,
        "establishments/case_list.html",
        {
            "form": form,
            "page": page,
            "qs": querystring_without_page(request),
            "filtered": bool(filters),
            "can_create": policy.can_create_case(request.user),
        },
    )


def _case_csv(qs) -> HttpResponse:
    """The filtered list as CSV, as ``disclosure`` allows a file to say it; every cell through
    ``config.exports.safe_cell``, so that no text typed into a case is run as a formula."""
    response, writer = csv_response("arenden.csv")
    writer.writerow(
        [
            _("Case"),
            _("Company"),
            _("Sector"),
            _("Phase"),
            _("Phase began"),
            _("Lead municipality"),
            _("Region"),
            _("Confidentiality"),
            _("Target jobs"),
            _("Responsible coordinator"),
            _("Deputy"),
        ]
    )
    file = disclosure.Audience.FILE
    for case in qs.iterator(chunk_size=500):
        writer.writerow(
            [
                disclosure.case_name(case, file),
                _("(confidential)") if case.is_confidential else disclosure.company_name(case, file),
                disclosure.sector(case, file),
                case.get_phase_display(),
                timezone.localtime(case.phase_started_at).date().isoformat(),
                case.lead_municipality.name,
                case.region.name,
                case.get_confidentiality_display(),
                case.target_jobs or "",
                str(case.coordinator),
                str(case.deputy),
            ]
        )
    return response


def _case_form_save(request, form, case=None):
    data = dict(form.cleaned_data)
    candidates = data.pop("candidate_municipalities")
    members = data.pop("members")
    reason = data.pop("change_reason", "")
    if case is None:
        signal = None
        if signal_pk := request.GET.get("signal"):
            signal = selectors.signal_get(user=request.user, pk=signal_pk)
        return services.case_create(
            user=request.user, candidate_municipalities=candidates, members=members, signal=signal, **data
        )
    return services.case_update(
        case=case,
        user=request.user,
        candidate_municipalities=candidates,
        members=members,
        reason=reason,
        **data,
    )


@login_required
def case_create(request):
    require(policy.can_create_case(request.user))
    initial = {}
    signal = None
    if signal_pk := request.GET.get("signal"):
        signal = selectors.signal_get(user=request.user, pk=signal_pk)
        require(policy.can_triage_signal(request.user, signal) and signal.is_open)
        initial = CaseForm.initial_from_signal(signal)
    form = CaseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = _case_form_save(request, form)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The case is opened."))
            return redirect(case)
    return render(request, "establishments/case_form.html", {"form": form, "signal": signal})


@case_page()
def case_detail(request, case):
    context = selectors.case_workspace_context(user=request.user, case=case, active_tab="overview")
    context["phase_form"] = PhaseForm(initial={"phase": case.phase})
    reads = selectors.CaseReads(case, request.user)
    context["moments"] = case_moments(user=request.user, case=case, reads=reads)
    context.update(selectors.case_detail_context(user=request.user, case=case, reads=reads))
    return render(request, "establishments/case_detail.html", context)


@case_page(may=policy.can_change_case)
def case_edit(request, case):
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = _case_form_save(request, form, case)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The case is saved."))
            return redirect(case)
    return render(request, "establishments/case_form.html", {"form": form, "case": case})


@case_page(may=policy.can_change_case)
@require_POST
def case_phase(request, case):
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            case = services.case_change_phase(case=case, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("The phase is changed."))
            for next_page in CASE_CLOSED.values():  # e.g. the retrospective of a case just closed
                if url := next_page(request.user, case):
                    return redirect(url)
    else:
        messages.error(request, _("Choose a valid phase."))
    return redirect(case)


@case_page()
def case_history(request, case):
    return render(
        request,
        "history.html",
        {"object": case, "entries": history_entries(case), "back_url": case.get_absolute_url()},
    )


@case_page(may=policy.can_grant_case)
def case_access(request, case):
    """Who is granted a confidential case, who viewed it, and granting more people."""
    form = GrantForm(request.POST or None)
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST.get("revoke", "")
            target = User.objects.filter(pk=revoke).first() if revoke.isdecimal() else None
            if target is None:
                messages.error(request, _("No such user."))
            else:
                try:
                    access.case_revoke(case=case, user=target, by=request.user)
                    messages.success(request, _("Access removed for %(user)s.") % {"user": target})
                except ValidationError as exc:
                    for m in exc.messages:
                        messages.error(request, m)
            return redirect("establishments:case_access", case_pk=case.pk)
        if form.is_valid():
            try:
                access.case_grant(
                    case=case,
                    user=form.cleaned_data["user"],
                    by=request.user,
                    can_change=form.cleaned_data["can_change"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Access granted to %(user)s.") % {"user": form.cleaned_data["user"]}
                )
                return redirect("establishments:case_access", case_pk=case.pk)
    return render(
        request,
        "establishments/case_access.html",
        {
            "case": case,
            "form": form,
            "granted": list(access.case_granted_users(case).order_by("first_name", "last_name")),
            "changes": selectors.access_changes(user=request.user, case=case),
            "views": selectors.case_views(user=request.user, case=case),
        },
    )
