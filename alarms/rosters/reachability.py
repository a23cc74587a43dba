"""Who can be reached when the alarm goes: the one place that decides whether a channel works.

The roster page, the confirmation before raising and the raise itself all ask these functions, so
the check a coordinator reads is the same rule the alarm follows. They work on prefetched objects
(``alarms.rosters.selectors``) and run no queries of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from config.egress import FAILED_MESSAGE

from .models import ChannelKind


def kind_available(kind: str) -> bool:
    """Whether a channel kind can be used at all on this installation: SMS needs a gateway
    (``SMS_GATEWAY_URL``); the transports ask this too (``Transport.is_available``)."""
    return kind != ChannelKind.SMS or bool(settings.SMS_GATEWAY_URL)


def channel_problem(channel) -> str | None:
    """Why a channel cannot carry an alarm now, or None when it can."""
    if not channel.is_enabled:
        return _("switched off")
    if not kind_available(channel.kind):
        return _("SMS is not configured on this installation")
    if channel.kind == ChannelKind.INAPP:
        user = channel.person.user
        if user is None or not user.is_active:
            return _("the person has no active user account")
    elif not channel.target:
        return _("no address")
    if channel.last_failure_at:
        # A webhook's or the SMS gateway's failure is shown in the same words whatever it was
        # (``config.egress``): a status or a connection error would make the channel a port scanner.
        # Failures recorded before the egress guard said more; they are not shown either.
        error = channel.last_failure
        if channel.kind in (ChannelKind.WEBHOOK, ChannelKind.SMS):
            error = str(FAILED_MESSAGE)
        return _("last delivery failed: %(error)s") % {"error": error}
    return None


def working_channels(person) -> list:
    """The person's channels that can carry an alarm, in the person's order."""
    return [c for c in person.alarm_channels.all() if channel_problem(c) is None]


@dataclass
class PersonCheck:
    person: object
    channels: list
    problems: list[str] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        return bool(self.channels) and not self.problems


@dataclass
class EntryCheck:
    entry: object
    primary: PersonCheck
    deputy: PersonCheck | None
    problems: list[str] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        """Somebody of the organisation can be alarmed now."""
        return self.primary.reachable or bool(self.deputy and self.deputy.reachable)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_person(person, organisation) -> PersonCheck:
    channels = working_channels(person)
    problems = []
    if not channels:
        problems.append(_("%(name)s has no working channel") % {"name": person.name})
    if person.organisation_id != organisation.pk:
        problems.append(
            _("%(name)s is no longer at %(organisation)s")
            % {"name": person.name, "organisation": organisation}
        )
    roles = [r for r in person.roles.all() if r.organisation_id == organisation.pk]
    if roles and all(r.has_ended for r in roles):
        problems.append(
            _("%(name)s's role at %(organisation)s has ended")
            % {"name": person.name, "organisation": organisation}
        )
    return PersonCheck(person=person, channels=channels, problems=problems)


def check_entry(entry) -> EntryCheck:
    primary = check_person(entry.primary, entry.organisation)
    deputy = check_person(entry.deputy, entry.organisation) if entry.deputy_id else None
    problems = list(primary.problems)
    if deputy is None:
        problems.append(_("no deputy"))
    else:
        problems.extend(deputy.problems)
    return EntryCheck(entry=entry, primary=primary, deputy=deputy, problems=problems)
