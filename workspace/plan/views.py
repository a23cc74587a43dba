"""Pages of the action plan (moment 5): the tab, commitments, exports, the calendar feed. Actions are
edited through workspace.core.views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from config.views import require
from establishments.decorators import case_page
from establishments.selectors import case_workspace_context
from workspace.core.versioning import StaleEdit

from . import selectors, services
from .export import action_plan_xlsx, due_dates_ical
from .forms import RespondForm, VersionForm
from .models import CalendarFeed

TEMPLATE = "workspace/plan_tab.html"
ITEM_TEMPLATE = f"{TEMPLATE}#action"
BANNER_TEMPLATE = f"{TEMPLATE}#banner"


def _page_url(case) -> str:
    return reverse("workspace:action_plan", kwargs={"case_pk": case.pk})


@case_page()
def action_plan(request, case):
    context = case_workspace_context(user=request.user, case=case, active_tab="action_plan")
    context.update(selectors.action_plan_context(user=request.user, case=case))
    return render(request, TEMPLATE, context)  # the form to add an action comes when it is opened


def _answer(request, case, action, *, error: str = "", ok: str = ""):
    """The action's fragment (htmx) or the tab again (no JavaScript), with a message."""
    if request.htmx:
        context = case_workspace_context(user=request.user, case=case, active_tab="action_plan")
        context.update(selectors.action_plan_context(user=request.user, case=case))
        fresh = next((a for a in context["actions"] if a.pk == action.pk), action)
        context.update({"item": fresh, "error": error, "notice": ok})
        # The banner's counts change with the commitment: sent along out of band.
        banner = render_to_string(BANNER_TEMPLATE, {**context, "oob": True}, request=request)
        item = render_to_string(ITEM_TEMPLATE, context, request=request)
        return HttpResponse(item + banner, status=400 if error else 200)
    if error:
        messages.error(request, error)
    elif ok:
        messages.success(request, ok)
    return redirect(_page_url(case) + f"#action-{action.pk}")


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@case_page(may=policy.can_edit_workspace)
@require_POST
def action_propose(request, case, pk):
    action = selectors.action_get(user=request.user, case=case, pk=pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _answer(
            request, case, action, error=_("The form was incomplete; reload the page and try again.")
        )
    try:
        services.action_propose(
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


@case_page()
@require_POST
def action_respond(request, case, pk):
    """Accept or decline (with a reason) an action proposed to the user's organisation."""
    action = selectors.action_get(user=request.user, case=case, pk=pk)
    if not policy.can_respond_to_commitment(request.user, action):
        raise PermissionDenied
    form = RespondForm(request.POST)
    if not form.is_valid():
        return _answer(
            request, case, action, error=_("Choose to accept or decline; reload the page and try again.")
        )
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.action_respond(
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


@case_page()
@require_GET
def action_plan_export(request, case):
    """The action plan as XLSX: ``?for=company`` holds only what may be shared with the company."""
    audience = "company" if request.GET.get("for") == "company" else "internal"
    actions = selectors.action_export_rows(user=request.user, case=case, audience=audience)
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
    return request.build_absolute_uri(reverse("workspace:calendar_feed", kwargs={"token": feed.token}))


@login_required
def calendar_feed_settings(request):
    """Where a user makes, replaces or revokes the private address of their calendar of due dates."""
    require(policy.role_of(request.user) is not None)
    if request.method == "POST":
        if revoke := request.POST.get("revoke"):
            feed = (
                CalendarFeed.objects.filter(pk=revoke, user=request.user).first()
                if revoke.isdecimal()  # not isdigit: "²" is a digit that no primary key is
                else None
            )
            if feed is None:
                raise Http404
            services.calendar_feed_revoke(user=request.user, feed=feed)
            messages.success(request, _("The calendar address is revoked; it no longer works."))
        else:
            services.calendar_feed_create(user=request.user)
            messages.success(
                request, _("Your new calendar address is ready. Earlier addresses no longer work.")
            )
        return redirect("workspace:calendar_feed_settings")
    feeds = selectors.calendar_feeds(user=request.user)
    active = next((f for f in feeds if f.active), None)
    return render(
        request,
        "workspace/plan_calendar.html",
        {"feeds": feeds, "active": active, "active_url": feed_url(request, active) if active else ""},
    )


@require_GET
def calendar_feed(request, token):
    """The iCalendar feed itself, for calendar programs: no login, the token is the key."""
    feed = selectors.calendar_feed_get(token=token)
    actions = selectors.calendar_actions(user=feed.user)
    response = HttpResponse(
        due_dates_ical(user=feed.user, actions=actions), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
