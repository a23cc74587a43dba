import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.models import User
from config.history import history_entries
from config.inline import edit_item, history_page
from config.views import apply_service_errors, filters_from, paginate, querystring_without_page, require

from . import selectors, services, workspace
from .forms import (
    CaseFilterForm,
    CaseForm,
    DismissForm,
    EngagementForm,
    ExpectationForm,
    FollowUpForm,
    GrantForm,
    JournalEntryForm,
    LinkForm,
    MilestoneForm,
    PhaseForm,
    ResourceForm,
    SignalFilterForm,
    SignalForm,
)
from .models import CaseMember, Confidentiality, StaleEdit

# --- Signals -----------------------------------------------------------------------------------


@login_required
def signal_list(request):
    form = SignalFilterForm(request.GET or None)
    filters = filters_from(form) if form.is_bound else {}
    page = paginate(request, selectors.signal_list(user=request.user, filters=filters))
    return render(
        request,
        "establishments/signal_list.html",
        {
            "form": form,
            "page": page,
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
            messages.success(request, _("The signal is logged. The region's coordinators have been told."))
            return redirect(signal)
    return render(request, "establishments/signal_form.html", {"form": form})


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
        {"object": signal, "entries": history_entries(signal), "back_url": signal.get_absolute_url()},
    )


# --- Cases -------------------------------------------------------------------------------------


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None)
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
            "can_create": policy.can_create_case(request.user),
        },
    )


def _case_csv(qs) -> HttpResponse:
    """The filtered list as CSV. A confidential case appears by its code name only: files leave the system."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="arenden.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
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
    for case in qs.iterator(chunk_size=500):
        confidential = case.confidentiality == Confidentiality.CONFIDENTIAL
        writer.writerow(
            [
                case.public_name,
                _("(confidential)") if confidential else (case.company.name if case.company else ""),
                "" if confidential else case.sector,
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
        initial = {
            "name": signal.source_label,
            "company": signal.source_organisation,
            "sector": signal.sector,
            "lead_municipality": signal.municipality,
            "target_jobs": signal.jobs,
            "confidentiality": signal.confidentiality,
            "description": signal.summary,
        }
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


@login_required
def case_detail(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    services.case_record_view(case=case, user=request.user, path=request.path)
    context = selectors.case_workspace_context(user=request.user, case=case, active_tab="overview")
    context["phase_form"] = PhaseForm(initial={"phase": case.phase})
    context["moments"] = workspace.overview(user=request.user, case=case)
    context.update(selectors.case_detail_context(user=request.user, case=case))
    return render(request, "establishments/case_detail.html", context)


@login_required
def case_edit(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    require(policy.can_change_case(request.user, case))
    services.case_record_view(case=case, user=request.user, path=request.path)
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


@login_required
@require_POST
def case_phase(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    require(policy.can_change_case(request.user, case))
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            case = services.case_change_phase(case=case, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, _("The phase is changed."))
            # Routine 10: a case just closed or lost asks for its retrospective (checklist lessons).
            if policy.can_write_lesson(request.user, case) and not case.lessons.exists():
                return redirect("checklist:lesson_create", case_pk=case.pk)
    else:
        messages.error(request, _("Choose a valid phase."))
    return redirect(case)


@login_required
def case_history(request, pk):
    case = selectors.case_get(user=request.user, pk=pk)
    services.case_record_view(case=case, user=request.user, path=request.path)
    return render(
        request,
        "history.html",
        {"object": case, "entries": history_entries(case), "back_url": case.get_absolute_url()},
    )


@login_required
def case_access(request, pk):
    """Who is granted a confidential case, who viewed it, and granting more people."""
    case = selectors.case_get(user=request.user, pk=pk)
    require(policy.can_grant_case(request.user, case))
    form = GrantForm(request.POST or None)
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST.get("revoke", "")
            target = User.objects.filter(pk=revoke).first() if revoke.isdigit() else None
            if target is None:
                messages.error(request, _("No such user."))
            else:
                try:
                    services.case_revoke(case=case, user=target, by=request.user)
                    messages.success(request, _("Access removed for %(user)s.") % {"user": target})
                except ValidationError as exc:
                    for m in exc.messages:
                        messages.error(request, m)
            return redirect("establishments:case_access", pk=case.pk)
        if form.is_valid():
            services.case_grant(
                case=case,
                user=form.cleaned_data["user"],
                by=request.user,
                can_change=form.cleaned_data["can_change"],
            )
            messages.success(request, _("Access granted to %(user)s.") % {"user": form.cleaned_data["user"]})
            return redirect("establishments:case_access", pk=case.pk)
    return render(
        request,
        "establishments/case_access.html",
        {
            "case": case,
            "form": form,
            "granted": list(services.case_granted_users(case).order_by("first_name", "last_name")),
            "views": selectors.case_views(user=request.user, case=case),
        },
    )


# --- Moment 1 (målbild) and the journal --------------------------------------------------------

GOAL_FORMS = {"expectation": ExpectationForm, "milestone": MilestoneForm, "resourcecommitment": ResourceForm}
JOURNAL_FORMS = {"journalentry": JournalEntryForm, "followup": FollowUpForm}
ITEM_FORMS = {**GOAL_FORMS, **JOURNAL_FORMS}
ITEM_TABS = {**dict.fromkeys(GOAL_FORMS, "goals"), **dict.fromkeys(JOURNAL_FORMS, "journal")}


def _workspace(request, case_pk, tab):
    case = selectors.case_get(user=request.user, pk=case_pk)
    services.case_record_view(case=case, user=request.user, path=request.path)
    return case, selectors.case_workspace_context(user=request.user, case=case, active_tab=tab)


def _item(request, case, kind, pk):
    """One item of the case that the user may read, or 404."""
    if kind not in ITEM_FORMS:
        raise Http404
    model = ITEM_FORMS[kind]._meta.model
    item = policy.visible_items(request.user, case, model.objects.all()).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


@login_required
def goals(request, case_pk):
    case, context = _workspace(request, case_pk, "goals")
    context.update(selectors.goals_context(user=request.user, case=case))
    if context["can_edit"]:
        context["forms"] = {kind: form(case=case) for kind, form in GOAL_FORMS.items()}
    return render(request, "establishments/goals.html", context)


@login_required
def journal(request, case_pk):
    case, context = _workspace(request, case_pk, "journal")
    context.update(selectors.journal_context(user=request.user, case=case))
    if context["can_edit"]:
        context["forms"] = {kind: form(case=case) for kind, form in JOURNAL_FORMS.items()}
    return render(request, "establishments/journal.html", context)


@login_required
def item_edit(request, case_pk, kind, pk=None):
    """Create or edit an expectation, milestone, resource, journal entry or follow-up (inline)."""
    case = selectors.case_get(user=request.user, pk=case_pk)
    if kind not in ITEM_FORMS:
        raise Http404
    item = _item(request, case, kind, pk) if pk else ITEM_FORMS[kind]._meta.model(case=case)
    if not (request.method == "GET" and request.GET.get("view")):
        require(policy.can_edit_workspace(request.user, case))
    tab = ITEM_TABS[kind]
    template = "establishments/goals.html" if tab == "goals" else "establishments/journal.html"
    return edit_item(
        request,
        case=case,
        item=item,
        form_class=ITEM_FORMS[kind],
        item_template=f"{template}#{kind}",
        page_url=reverse(f"establishments:{tab}", kwargs={"case_pk": case.pk}),
        save=lambda obj, version, reason: services.case_item_save(
            user=request.user, item=obj, expected_version=version, reason=reason
        ),
        context={
            **selectors.case_workspace_context(user=request.user, case=case, active_tab=tab),
            "item_tag": "li",
        },
        reload_after_create=kind == "followup",
    )


@login_required
@require_POST
def item_delete(request, case_pk, kind, pk):
    case = selectors.case_get(user=request.user, pk=case_pk)
    require(policy.can_edit_workspace(request.user, case))
    item = _item(request, case, kind, pk)
    version = request.POST.get("version", "")
    try:
        services.case_item_delete(
            user=request.user, item=item, expected_version=int(version) if version.isdigit() else None
        )
    except StaleEdit:
        if request.htmx:
            return HttpResponse(status=409)
        messages.error(request, _("Someone else changed this meanwhile; nothing was removed."))
    if request.htmx:
        return HttpResponse("")
    return redirect("establishments:" + ITEM_TABS[kind], case_pk=case.pk)


def _history_kinds() -> dict[str, tuple]:
    """Every workspace record whose history this page shows: kind -> (model, tab URL name)."""
    from actors.models import ContactRoute, RouteStep

    kinds = {
        kind: (form._meta.model, "establishments:" + ITEM_TABS[kind]) for kind, form in ITEM_FORMS.items()
    }
    kinds.update(
        {
            "casemember": (CaseMember, "actors:actor_map"),
            "contactroute": (ContactRoute, "actors:contact_routes"),
            "routestep": (RouteStep, "actors:contact_routes"),
        }
    )
    return kinds


@login_required
def item_history(request, case_pk, kind, pk):
    """Who changed which field of a workspace record, from what, to what, when and why."""
    case = selectors.case_get(user=request.user, pk=case_pk)
    model, tab = _history_kinds().get(kind, (None, None))
    if model is None:
        raise Http404
    levels = policy.sharing_levels_for(request.user, case)
    if model is CaseMember:
        records, levels = CaseMember.objects.filter(case=case), None  # the actor map has no sharing levels
    else:
        records = policy.visible_items(request.user, case, model.objects.all())
    if kind == "routestep":
        records = records.filter(route__sharing__in=levels)  # a step is no more shared than its route
    item = get_object_or_404(records, pk=pk)
    back_url = reverse(tab, kwargs={"case_pk": case.pk})
    return history_page(request, case=case, item=item, back_url=back_url, sharing_levels=levels)


@login_required
@require_POST
def engagement_change(request, case_pk, member_pk):
    """Moment 1: mark an actor engaged, to be engaged, or informed (htmx or a plain form)."""
    case = selectors.case_get(user=request.user, pk=case_pk)
    require(policy.can_edit_workspace(request.user, case))
    member = get_object_or_404(CaseMember.objects.select_related("organisation"), case=case, pk=member_pk)
    form = EngagementForm(request.POST)
    error = None
    if form.is_valid():
        member.engagement = form.cleaned_data["engagement"]
        try:
            member = services.case_member_save(
                user=request.user,
                member=member,
                expected_version=form.cleaned_data["version"],
                reason=gettext_noop("Engagement changed"),
            )
        except StaleEdit as exc:
            member, error = exc.current, _("Someone else changed this actor meanwhile; shown as it is now.")
    else:
        error = _("Choose an engagement.")
    if request.htmx:
        return render(
            request,
            "establishments/goals.html#member",
            {"case": case, "m": member, "error": error, "can_edit": True},
        )
    if error:
        messages.error(request, error)
    return redirect("establishments:goals", case_pk=case.pk)
