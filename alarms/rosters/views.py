"""The standing structure of the alarm chain: each region's roster (*larmlista*) with its escalation
policy and reachability check, and every person's notification channels.

Thin views: the access policy decides (accounts.policy), the reachability check is
``alarms.rosters.reachability`` (the same rule the alarm follows), writes go through
``alarms.rosters.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import policy
from actors.models import Person, Region
from config.views import apply_service_errors, require

from . import reachability, selectors, services
from .forms import ChannelForm, RosterEntryForm, RosterPolicyForm, designatable_organisations
from .models import Channel, Roster, RosterEntry

# --- Rosters -----------------------------------------------------------------------------------


def _region(code: str) -> Region:
    return get_object_or_404(Region, code=code)


def _stored_roster(region: Region) -> Roster:
    """The region's roster as stored, or an unsaved one with the default policy: a page that only
    shows the roster creates nothing."""
    return Roster.objects.filter(region=region).first() or Roster(region=region)


def _decorate(checks: list) -> None:
    """Each channel learns why it cannot carry an alarm (no queries: everything is prefetched)."""
    for check in checks:
        for person_check in (check.primary, check.deputy):
            if person_check is None:
                continue
            for channel in person_check.person.alarm_channels.all():
                channel.problem = reachability.channel_problem(channel)


@login_required
def roster_index(request):
    """Coordinators and officials go straight to their region's roster; administrators choose."""
    user = request.user
    if not policy.is_admin(user):
        region_id = policy.region_id_of(user)
        region = Region.objects.filter(pk=region_id).first() if region_id else None
        require(region is not None and policy.can_view_roster(user, region))
        return redirect("alarms:roster", code=region.code)
    checks = selectors.roster_checks_by_region()
    rows = [
        {
            "region": region,
            "size": len(checks.get(region.pk, [])),
            "problems": sum(1 for c in checks.get(region.pk, []) if not c.ok),
            "unreachable": sum(1 for c in checks.get(region.pk, []) if not c.reachable),
        }
        for region in Region.objects.order_by("name")
    ]
    return render(request, "alarms/roster_index.html", {"rows": rows})


def _roster_page(request, region: Region, policy_form=None, status: int = 200):
    checks = selectors.roster_check(region)
    _decorate(checks)
    roster = _stored_roster(region)
    can_edit = policy.can_edit_roster(request.user, region)
    if can_edit and policy_form is None:
        policy_form = RosterPolicyForm(instance=_stored_roster(region))
    context = {
        "region": region,
        "roster": roster,
        "checks": checks,
        "problem_count": sum(1 for c in checks if not c.ok),
        "unreachable_count": sum(1 for c in checks if not c.reachable),
        "can_edit": can_edit,
        "policy_form": policy_form if can_edit else None,
        "show_index": policy.is_admin(request.user),
    }
    return render(request, "alarms/roster.html", context, status=status)


@login_required
def roster(request, code):
    region = _region(code)
    require(policy.can_view_roster(request.user, region))
    return _roster_page(request, region)


@login_required
def roster_policy(request, code):
    region = _region(code)
    require(policy.can_edit_roster(request.user, region))
    if request.method != "POST":
        return redirect(reverse("alarms:roster", args=[region.code]) + "#policy")
    form = RosterPolicyForm(request.POST, instance=_stored_roster(region))
    if form.is_valid():
        try:
            services.roster_policy_save(user=request.user, roster=form.save(commit=False))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The escalation policy is saved."))
            return redirect(reverse("alarms:roster", args=[region.code]) + "#policy")
    return _roster_page(request, region, policy_form=form)


def _chosen_organisation(region: Region, value, entry: RosterEntry | None):
    if value and str(value).isdecimal():
        keep = entry.organisation_id if entry else None
        return designatable_organisations(region, keep=keep).filter(pk=value).first()
    return None


def _entry_form(request, region: Region, entry: RosterEntry | None):
    """Create (``entry`` None) or edit a roster entry. Choosing the organisation first offers its
    people: with htmx the people fields are swapped in place; without, the "show its people"
    button posts the form back unsaved."""
    user = request.user
    roster = _stored_roster(region)
    creating = entry is None
    data = request.POST if request.method == "POST" else None
    organisation = _chosen_organisation(region, (data or request.GET).get("organisation"), entry)
    entry = entry or RosterEntry(roster=roster)
    if data is not None and "refresh" in data:
        initial = {"organisation": organisation}
        if organisation is not None:
            for name in ("primary", "deputy"):
                if data.get(name, "").isdecimal():
                    initial[name] = data[name]
        form = RosterEntryForm(initial=initial, instance=entry, roster=roster, organisation=organisation)
    elif data is not None:
        form = RosterEntryForm(data, instance=entry, roster=roster, organisation=organisation)
        if form.is_valid():
            try:
                with transaction.atomic():
                    obj = form.save(commit=False)
                    obj.roster = services.roster_for(region)
                    services.roster_entry_save(user=user, entry=obj)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if creating:
                    message = _("%(organisation)s is on the roster.") % {"organisation": obj.organisation}
                else:
                    message = _("Saved.")
                messages.success(request, message)
                return redirect("alarms:roster", code=region.code)
    else:
        initial = {"organisation": organisation} if organisation is not None else {}
        form = RosterEntryForm(initial=initial, instance=entry, roster=roster, organisation=organisation)
    return render(
        request,
        "alarms/roster_entry_form.html",
        {"region": region, "form": form, "entry": None if creating else entry},
    )


def _entry(region: Region, pk: int) -> RosterEntry:
    return get_object_or_404(
        RosterEntry.objects.select_related("roster__region", "organisation", "primary", "deputy"),
        pk=pk,
        roster__region=region,
    )


@login_required
def entry_create(request, code):
    region = _region(code)
    require(policy.can_edit_roster(request.user, region))
    return _entry_form(request, region, None)


@login_required
def entry_edit(request, code, pk):
    region = _region(code)
    require(policy.can_edit_roster(request.user, region))
    return _entry_form(request, region, _entry(region, pk))


@login_required
def entry_delete(request, code, pk):
    region = _region(code)
    require(policy.can_edit_roster(request.user, region))
    entry = _entry(region, pk)
    if request.method == "POST":
        services.roster_entry_delete(user=request.user, entry=entry)
        messages.success(
            request, _("%(organisation)s is no longer on the roster.") % {"organisation": entry.organisation}
        )
        return redirect("alarms:roster", code=region.code)
    return render(request, "alarms/roster_entry_delete.html", {"region": region, "entry": entry})


# --- Channels ----------------------------------------------------------------------------------


def _person(pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("organisation", "user"), pk=pk)


def _roster_places(person: Person) -> list[RosterEntry]:
    """The roster entries that name the person, as primary contact or deputy."""
    return list(
        RosterEntry.objects.filter(Q(primary=person) | Q(deputy=person))
        .select_related("roster__region", "organisation")
        .order_by("roster__region__name", "organisation__name")
    )


def _may_edit_channels(user, person: Person) -> bool:
    return policy.can_edit_channels(user, person, roster_regions=selectors.roster_region_ids(person))


def _region_ids(places: list[RosterEntry]) -> list[int]:
    return sorted({place.roster.region_id for place in places})


def _channels_url(user, person: Person) -> str:
    if person.user_id and person.user_id == user.pk:
        return reverse("alarms:my_channels")
    return reverse("alarms:person_channels", args=[person.pk])


def _channels_page(request, person: Person | None, places=None, add_form=None, status: int = 200):
    user = request.user
    channels, can_edit = [], False
    if person is not None:
        channels = list(person.alarm_channels.order_by("position", "pk"))
        for channel in channels:
            channel.problem = reachability.channel_problem(channel)
        places = _roster_places(person) if places is None else places
        can_edit = policy.can_edit_channels(user, person, roster_regions=_region_ids(places))
    context = {
        "person": person,
        "channels": channels,
        "working_count": sum(1 for c in channels if c.problem is None),
        "places": places or [],
        "can_edit": can_edit,
        "add_form": (add_form or ChannelForm()) if can_edit else None,
        "is_self": person is not None and person.user_id == user.pk,
    }
    return render(request, "alarms/channels.html", context, status=status)


@login_required
def my_channels(request):
    person = Person.objects.select_related("organisation", "user").filter(user=request.user).first()
    return _channels_page(request, person)


@login_required
def person_channels(request, person_pk):
    person = _person(person_pk)
    places = _roster_places(person)
    require(policy.can_view_channels(request.user, person, roster_regions=_region_ids(places)))
    return _channels_page(request, person, places=places)


@login_required
def channel_create(request, person_pk):
    person = _person(person_pk)
    require(_may_edit_channels(request.user, person))
    if request.method != "POST":
        return redirect(_channels_url(request.user, person) + "#add-channel")
    form = ChannelForm(request.POST, instance=Channel(person=person))
    if form.is_valid():
        try:
            channel = services.channel_save(user=request.user, channel=form.save(commit=False))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(channel)s is added.") % {"channel": channel})
            return redirect(_channels_url(request.user, person))
    return _channels_page(request, person, add_form=form)


def _channel(pk: int) -> Channel:
    return get_object_or_404(Channel.objects.select_related("person__organisation", "person__user"), pk=pk)


@login_required
def channel_edit(request, pk):
    channel = _channel(pk)
    person = channel.person
    require(_may_edit_channels(request.user, person))
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_save(user=request.user, channel=form.save(commit=False))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_channels_url(request.user, person))
    return render(
        request,
        "alarms/channels_form.html",
        {"form": form, "channel": channel, "person": person, "back_url": _channels_url(request.user, person)},
    )


@login_required
def channel_delete(request, pk):
    channel = _channel(pk)
    person = channel.person
    require(_may_edit_channels(request.user, person))
    back_url = _channels_url(request.user, person)
    if request.method == "POST":
        label = str(channel)
        services.channel_delete(user=request.user, channel=channel)
        messages.success(request, _("%(channel)s is removed.") % {"channel": label})
        return redirect(back_url)
    return render(
        request, "alarms/channels_delete.html", {"channel": channel, "person": person, "back_url": back_url}
    )


@login_required
@require_POST
def channel_move(request, pk):
    channel = _channel(pk)
    person = channel.person
    require(_may_edit_channels(request.user, person))
    back_url = _channels_url(request.user, person)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Say whether the channel moves up or down. Nothing was changed."))
        return redirect(back_url)
    order = list(person.alarm_channels.order_by("position", "pk").values_list("pk", flat=True))
    index = order.index(channel.pk)
    if (direction == "up" and index == 0) or (direction == "down" and index == len(order) - 1):
        if direction == "up":
            text = _("%(channel)s is already first. Nothing was changed.")
        else:
            text = _("%(channel)s is already last. Nothing was changed.")
        messages.warning(request, text % {"channel": channel})
        return redirect(back_url)
    services.channel_move(user=request.user, channel=channel, up=direction == "up")
    messages.success(request, _("The order is changed."))
    return redirect(back_url)
