"""The in-app inbox: a user's notices of the alarms that reached them, newest first; a notice of an
alarm that still waits for the answer of the user's organisation carries the answer buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from config.views import paginate, querystring_without_page

from . import selectors, services


@login_required
@require_GET
def inbox(request):
    page = paginate(request, selectors.inbox(request.user))
    awaiting = {r.alarm_id: r for r in selectors.awaiting_answer(request.user)}
    # The answer buttons go on the newest notice of each waiting alarm (an escalated alarm may have
    # several): one answer form per alarm, and its card is where the answer leads back to.
    seen = set()
    for notification in page:
        waiting = awaiting.get(notification.alarm_id)
        notification.awaiting = waiting if notification.alarm_id not in seen else None
        notification.awaiting_above = waiting is not None and notification.alarm_id in seen
        seen.add(notification.alarm_id)
    return render(
        request,
        "alarms/inbox.html",
        {
            "page": page,
            "qs": querystring_without_page(request),
            "awaiting": list(awaiting.values()),
            "here": request.get_full_path(),
        },
    )


@login_required
@require_POST
def notification_open(request, pk):
    """Opening a notice reads it and leads to its alarm; someone else's notice does not exist."""
    notification = get_object_or_404(selectors.inbox(request.user), pk=pk)
    services.notification_read(user=request.user, notification=notification)
    return redirect(notification.alarm)


@login_required
@require_POST
def inbox_read_all(request):
    count = services.notifications_read_all(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
            )
            % {"count": count},
        )
    return redirect("alarms:inbox")
