"""Forms of the standing structure: the roster's escalation policy, its entries, a person's channels.

The forms check what a person filling them in needs to hear at once (a person of another
organisation, the same person twice, an organisation already on the roster); the services check
the same rules again, and permissions, before anything is saved.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation, Person
from config.egress import EgressRefused, check_url

from .models import Channel, ChannelKind, Roster, RosterEntry


class RosterPolicyForm(forms.ModelForm):
    class Meta:
        model = Roster
        fields = ["deputy_after_minutes", "coordinator_after_minutes", "max_repeats", "auto_close_hours"]


def designatable_organisations(region, keep: int | None = None):
    """Who can be designated on a region's roster: the region's own organisations and those that
    belong to no region (national and international bodies such as Arbetsförmedlingen); ``keep``
    is an organisation already on the roster, which stays choosable whatever its region."""
    return Organisation.objects.filter(
        Q(region=region) | Q(region__isnull=True) | Q(pk=keep if keep else None)
    ).order_by("name")


class PersonChoiceField(forms.ModelChoiceField):
    """Offers the chosen organisation's people, but accepts any person, so that the form can say
    "does not belong to this organisation" instead of an unhelpful "not a valid choice"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return Person.objects.select_related("organisation").get(pk=value)
        except (ValueError, TypeError, Person.DoesNotExist) as exc:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from exc


class RosterEntryForm(forms.ModelForm):
    primary = PersonChoiceField(
        label=_("Primary contact"),
        queryset=Person.objects.none(),
        help_text=_("Alarmed first, on all of their switched-on channels."),
    )
    deputy = PersonChoiceField(
        label=_("Deputy"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Alarmed when the primary contact does not answer in time."),
    )

    class Meta:
        model = RosterEntry
        fields = ["organisation", "primary", "deputy"]

    def __init__(self, *args, roster: Roster, organisation: Organisation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        self.instance.roster = roster
        self.fields["organisation"].queryset = designatable_organisations(
            roster.region, keep=self.instance.organisation_id
        )
        self.fields["organisation"].help_text = _(
            "Organisations of the region, and national ones. Then choose two of its people."
        )
        if organisation is None and self.instance.organisation_id:
            organisation = self.instance.organisation
        self.organisation = organisation
        people = Person.objects.filter(organisation=organisation) if organisation else Person.objects.none()
        for name in ("primary", "deputy"):
            self.fields[name].queryset = people.order_by("name")
            if organisation is None:
                self.fields[name].help_text = _("Choose the organisation first.")

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        primary, deputy = cleaned.get("primary"), cleaned.get("deputy")
        if organisation is not None:
            if self.roster.pk is not None:  # a roster not yet stored has no entries
                duplicate = RosterEntry.objects.filter(roster=self.roster, organisation=organisation)
                if duplicate.exclude(pk=self.instance.pk).exists():
                    self.add_error("organisation", _("The organisation is already on the roster."))
            for name, person in (("primary", primary), ("deputy", deputy)):
                if person is not None and person.organisation_id != organisation.pk:
                    self.add_error(
                        name,
                        _("%(name)s does not belong to %(organisation)s.")
                        % {"name": person.name, "organisation": organisation},
                    )
        if primary is not None and deputy is not None and primary.pk == deputy.pk:
            self.add_error("deputy", _("The deputy must be another person than the primary contact."))
        return cleaned

    def _post_clean(self):
        # The model's own check of deputy ≠ primary would repeat the message above as a form error.
        if "deputy" in self.errors:
            self.instance.deputy = None
            return
        super()._post_clean()


class ChannelForm(forms.ModelForm):
    """A channel. A webhook URL is checked by the egress guard (``config.egress.check_url``: https,
    a public host that resolves to public addresses only, ``WEBHOOK_ALLOWED_HOSTS``), and the URL
    works like a password: once saved it is never shown again, not even in this form. Editing a
    webhook, an empty address keeps the current one (checked again at every send)."""

    class Meta:
        model = Channel
        fields = ["kind", "target", "is_enabled"]
        labels = {"is_enabled": _("Switched on")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance
        self.kept_webhook = stored.target if stored.pk and stored.kind == ChannelKind.WEBHOOK else ""
        if self.kept_webhook:
            self.initial["target"] = ""
            self.fields["target"].help_text = _(
                "Now %(address)s. Leave the field empty to keep it, or give the whole new URL: a "
                "webhook URL works like a password, so it is not shown again."
            ) % {"address": stored.display_target}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != ChannelKind.WEBHOOK:
            return cleaned
        target = (cleaned.get("target") or "").strip()
        if not target and self.kept_webhook:
            cleaned["target"] = self.kept_webhook
        elif target:
            try:
                check_url(target, allowed_hosts=settings.WEBHOOK_ALLOWED_HOSTS)
            except EgressRefused as exc:
                self.add_error("target", exc.message)
        return cleaned
