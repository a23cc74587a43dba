"""The standing structure's rules: a region's roster and its escalation policy, the organisations
designated on it, and every person's channels. Each write checks the access policy first and keeps
its history."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy
from config.egress import EgressRefused, check_url
from config.history import save_audited

from .models import Channel, ChannelKind, Roster, RosterEntry
from .selectors import roster_region_ids


def roster_for(region) -> Roster:
    """The region's roster, created with the default policy on first use."""
    roster, _created = Roster.objects.get_or_create(region=region)
    return roster


def roster_policy_save(*, user, roster: Roster) -> Roster:
    if not policy.can_edit_roster(user, roster.region):
        raise PermissionDenied
    with transaction.atomic():
        return save_audited(roster, user=user, reason=_("Escalation policy changed"))


def roster_entry_save(*, user, entry: RosterEntry) -> RosterEntry:
    if not policy.can_edit_roster(user, entry.roster.region):
        raise PermissionDenied
    if entry.primary_id and entry.primary.organisation_id != entry.organisation_id:
        raise ValidationError({"primary": _("The person does not belong to this organisation.")})
    if entry.deputy_id and entry.deputy.organisation_id != entry.organisation_id:
        raise ValidationError({"deputy": _("The person does not belong to this organisation.")})
    with transaction.atomic():
        if entry.pk is None and not entry.position:
            last = entry.roster.entries.order_by("-position").values_list("position", flat=True).first()
            entry.position = (last or 0) + 1
        return save_audited(entry, user=user)


def roster_entry_delete(*, user, entry: RosterEntry) -> None:
    if not policy.can_edit_roster(user, entry.roster.region):
        raise PermissionDenied
    with transaction.atomic():
        entry._history_user = user
        entry.delete()


def _may_edit_channels(user, person) -> bool:
    return policy.can_edit_channels(user, person, roster_regions=roster_region_ids(person))


def channel_save(*, user, channel: Channel) -> Channel:
    if not _may_edit_channels(user, channel.person):
        raise PermissionDenied
    if channel.kind == ChannelKind.INAPP:
        channel.target = ""
        if channel.person.user_id is None:
            raise ValidationError({"kind": _("The in-app inbox needs a user account linked to the person.")})
    elif not channel.target:
        raise ValidationError({"target": _("Give the address this channel sends to.")})
    _validate_target(channel)
    with transaction.atomic():
        if channel.pk is None:
            last = (
                channel.person.alarm_channels.order_by("-position").values_list("position", flat=True).first()
            )
            channel.position = (last or 0) + 1
        else:
            # A corrected address is worth a new try: forget the last failure.
            channel.last_failure_at, channel.last_failure = None, ""
        return save_audited(channel, user=user)


def _validate_target(channel: Channel) -> None:
    from django.core.validators import EmailValidator

    from actors.validators import validate_phone

    if channel.kind == ChannelKind.WEBHOOK:
        # The egress guard's rules without the name lookup (the form looks it up; sending does again).
        try:
            check_url(channel.target, allowed_hosts=settings.WEBHOOK_ALLOWED_HOSTS, resolve=False)
        except EgressRefused as exc:
            raise ValidationError({"target": exc.messages}) from exc
        return
    validators = {
        ChannelKind.EMAIL: (EmailValidator(), _("Enter a valid e-mail address.")),
        ChannelKind.SMS: (validate_phone, _("Enter a mobile number, e.g. +46 70 123 45 67.")),
    }
    if channel.kind not in validators:
        return
    validate, message = validators[channel.kind]
    try:
        validate(channel.target)
    except ValidationError as exc:
        raise ValidationError({"target": message}) from exc
    if channel.kind == ChannelKind.SMS:
        # SMS gateways take E.164 only: "070-123 45 67" is stored as "+46701234567".
        import phonenumbers

        number = phonenumbers.parse(channel.target, "SE")
        channel.target = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def channel_delete(*, user, channel: Channel) -> None:
    if not _may_edit_channels(user, channel.person):
        raise PermissionDenied
    with transaction.atomic():
        channel._history_user = user
        channel.delete()


def channel_move(*, user, channel: Channel, up: bool) -> None:
    """Swap a channel with its neighbour in the person's order."""
    if not _may_edit_channels(user, channel.person):
        raise PermissionDenied
    with transaction.atomic():
        channels = list(Channel.objects.select_for_update().filter(person_id=channel.person_id))
        index = next(i for i, c in enumerate(channels) if c.pk == channel.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(channels):
            return
        channels[index], channels[other] = channels[other], channels[index]
        for position, c in enumerate(channels, start=1):
            if c.position != position:
                c.position = position
                save_audited(c, user=user, reason=_("Order changed"))
