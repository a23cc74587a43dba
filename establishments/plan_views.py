"""Pages of the action plan (moment 5): the tab, inline editing, commitments, exports, calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from config.inline import edit_item, history_page
from config.views import require

from . import plan_selectors, plan_services, selectors, services
from .models import Action, CalendarFeed, StaleEdit
from .plan_export import action_plan_xlsx, due_dates_ical
from .plan_forms import ActionForm, RespondForm, VersionForm

ITEM_TEMPLATE = "establishments/plan_tab.html#action"


def _workspace(request, case_pk):
    case = selectors.case_get(user=request.user, pk=case_pk)
    services.case_record_view(case=case, user=request.user, path=request.path)
    return case, selectors.case_workspace_context(user=request.user, case=case, active_tab="action_plan")


def _page_url(case) -> str:
    return reverse("establishments:action_plan", kwargs={"case_pk": case.pk})


@login_required
def action_plan(request, case_pk):
    case, context = _workspace(request, case_pk)
    context.update(plan_selectors.action_plan_context(user=request.user, case=case))
    if context["can_edit"]:
        context["form"] = ActionForm(case=case, instance=Action(case=case))
    return render(request, "establishments/plan_tab.html", context)


@login_required
def action_edit(request, case_pk, pk=None):
    """Create or edit an action, inline with htmx or as a page."""
    case = selectors.case_get(user=request.user, pk=case_pk)
    action = plan_selectors.action_get(user=request.user, case=case, pk=pk) if pk else Action(case=case)
    if not (request.method == "GET" and request.GET.get("view")):
        require(policy.can_edit_workspace(request.user, case))
    context = selectors.case_workspace_context(user=request.user, case=case, active_tab="action_plan")
    return edit_item(
        request,
        case=case,
        item=action,
        form_class=ActionForm,
        item_template=ITEM_TEMPLATE,
        page_url=_page_url(case),
        save=lambda obj, version, reason: plan_services.action_save(
            user=request.user, action=obj, expected_version=version, reason=reason
        ),
        context=context,
        reload_after_create=True,  # a new action belongs under its theme
    )


@login_required
@require_POST
def action_delete(request, case_pk, pk):
    case = selectors.case_get(user=request.user, pk=case_pk)
    require(policy.can_edit_workspace(request.user, case))
    action = plan_selectors.action_get(user=request.user, case=case, pk=pk)
    form = VersionForm(request.POST)
    try:
        plan_services.action_delete(
            user=request.user,
            action=action,
            expected_version=form.cleaned_data["version"] if form.is_valid() else None,
        )
    except StaleEdit:
        messages.error(
            request, _("Someone else changed this action meanwhile. Look at it again before removing it.")
        )
    else:
        messages.success(request, _("The action is removed."))
    if request.htmx:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return redirect(_page_url(case))


@login_required
def action_history(request, case_pk, pk):
    case = selectors.case_get(user=request.user, pk=case_pk)
    action = plan_selectors.action_get(user=request.user, case=case, pk=pk)
    return history_page(request, case=case, item=action, back_url=_page_url(case))


def _answer(request, case, action, *, error: str = "", ok: str = ""):
    """The action's fragment (htmx) or the tab again (no JavaScript), with a message."""
    if request.htmx:
        context = selectors.case_workspace_context(user=request.user, case=case, active_tab="action_plan")
        context.update(plan_selectors.action_plan_context(user=request.user, case=case))
        fresh = next((a for a in context["actions"] if a.pk == action.pk), action)
        context.update({"item": fresh, "error": error, "notice": ok})
        return render(request, ITEM_TEMPLATE, context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    elif ok:
        messages.success(request, ok)
    return redirect(_page_url(case) + f"#action-{action.pk}")


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@login_required
@require_POST
def action_propose(request, case_pk, pk):
    case = selectors.case_get(user=request.user, pk=case_pk)
    require(policy.can_edit_workspace(request.user, case))
    action = plan_selectors.action_get(user=request.user, case=case, pk=pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _answer(
            request, case, action, error=_("The form was incomplete; reload the page and try again.")
        )
    try:
        plan_services.action_propose(
            user=request.user, action=action, expected_version=form.cleaned_data["version"]
        )
    except StaleEdit:
        return _answer(
            request,
            case,
            action,
            error=_("Someone else changed this action meanwhile; look at it again first."),
        )
    except ValidationError as exc:
        return _answer(request, case, action, error=_errors(exc))
    return _answer(
        request,
        case,
        action,
        ok=_("Proposed to %(org)s. Its contacts have been told by e-mail.")
        % {"org": action.owner_organisation},
    )


@login_required
@require_POST
def action_respond(request, case_pk, pk):
    """Accept or decline (with a reason) an action proposed to the user's organisation."""
    case = selectors.case_get(user=request.user, pk=case_pk)
    action = plan_selectors.action_get(user=request.user, case=case, pk=pk)
    if not policy.can_respond_to_commitment(request.user, action):
        raise PermissionDenied
    form = RespondForm(request.POST)
    if not form.is_valid():
        return _answer(
            request, case, action, error=_("Choose to accept or decline; reload the page and try again.")
        )
    accept = form.cleaned_data["decision"] == "accept"
    try:
        plan_services.action_respond(
            user=request.user,
            action=action,
            accept=accept,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleEdit:
        return _answer(
            request,
            case,
            action,
            error=_("The action was changed after you opened it. Read it again, then answer."),
        )
    except ValidationError as exc:
        return _answer(request, case, action, error=_errors(exc))
    return _answer(
        request, case, action, ok=_("You accepted the action.") if accept else _("You declined the action.")
    )


@login_required
@require_GET
def action_plan_export(request, case_pk):
    """The action plan as XLSX: ``?for=company`` holds only what may be shared with the company."""
    case = selectors.case_get(user=request.user, pk=case_pk)
    services.case_record_view(case=case, user=request.user, path=request.path)
    audience = "company" if request.GET.get("for") == "company" else "internal"
    actions = plan_selectors.action_export_rows(user=request.user, case=case, audience=audience)
    content = action_plan_xlsx(case=case, actions=actions, audience=audience)
    name = slugify(f"handlingsplan-{case.public_name}-{'etableraren' if audience == 'company' else 'intern'}")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- Calendar feed -----------------------------------------------------------------------------


def feed_url(request, feed: CalendarFeed) -> str:
    """The private address of a feed, reached without logging in, by its token."""
    return request.build_absolute_uri(reverse("establishments:calendar_feed", kwargs={"token": feed.token}))


@login_required
def calendar_feed_settings(request):
    """Where a user makes, replaces or revokes the private address of their calendar of due dates."""
    require(policy.role_of(request.user) is not None)
    if request.method == "POST":
        if revoke := request.POST.get("revoke"):
            feed = (
                CalendarFeed.objects.filter(pk=revoke, user=request.user).first()
                if revoke.isdigit()
                else None
            )
            if feed is None:
                raise Http404
            plan_services.calendar_feed_revoke(user=request.user, feed=feed)
            messages.success(request, _("The calendar address is revoked; it no longer works."))
        else:
            plan_services.calendar_feed_create(user=request.user)
            messages.success(
                request, _("Your new calendar address is ready. Earlier addresses no longer work.")
            )
        return redirect("establishments:calendar_feed_settings")
    feeds = plan_selectors.calendar_feeds(user=request.user)
    active = next((f for f in feeds if f.active), None)
    return render(
        request,
        "establishments/plan_calendar.html",
        {"feeds": feeds, "active": active, "active_url": feed_url(request, active) if active else ""},
    )


@require_GET
def calendar_feed(request, token):
    """The iCalendar feed itself, for calendar programs: no login, the token is the key."""
    feed = plan_selectors.calendar_feed_get(token=token)
    actions = plan_selectors.calendar_actions(user=feed.user)
    response = HttpResponse(
        due_dates_ical(user=feed.user, actions=actions), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
