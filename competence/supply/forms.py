"""The education supply's forms: an offering, and the register's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import RoleName
from actors.forms import ChangeReasonMixin, PlaceFilterForm
from actors.models import Municipality, Organisation
from actors.widgets import SearchChoiceField, SearchMultipleChoiceField
from config.forms import DATE_WIDGET

from ..models import Occupation
from .models import Offering, OfferingForm, OfferingStatus


class OccupationsField(SearchMultipleChoiceField):
    """The SSYK unit groups an offering trains for, typed and chosen (``suggestions.OCCUPATIONS``,
    registered as the source "occupation")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "occupation")
        super().__init__(queryset=Occupation.objects.filter(level=4).order_by("code"), **kwargs)


class OfferingEditForm(ChangeReasonMixin, forms.ModelForm):
    provider = SearchChoiceField(
        label=_("Provider"),
        source="organisation",
        queryset=Organisation.objects.select_related("municipality", "region"),
        help_text=_("The organisation that gives it, from the actor registry."),
    )
    municipality = SearchChoiceField(
        label=_("Municipality"),
        source="municipality-any",
        queryset=Municipality.objects.select_related("region"),
        help_text=_("Where it is given."),
    )
    occupations = OccupationsField(
        label=_("Trains for (SSYK)"),
        help_text=_("The SSYK 2012 unit groups (four digits) it trains for; at least one."),
    )
    link = forms.URLField(label=_("Web page"), required=False, assume_scheme="https", max_length=200)
    change_reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    class Meta:
        model = Offering
        fields = [
            "name", "provider", "form", "occupations", "sun_field", "municipality", "places_per_year",
            "graduates_per_year", "start", "end", "status", "source", "link", "note",
        ]  # fmt: skip
        widgets = {"start": DATE_WIDGET, "end": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].offer("organisation", user=user)
        self.fields["municipality"].offer("municipality-any", user=user)
        self.fields["provider"].queryset = policy.offering_providers(user, self.fields["provider"].queryset)
        self.fields["municipality"].queryset = policy.offering_places(
            user, self.fields["municipality"].queryset
        )
        if policy.role_of(user) == RoleName.CONTACT:  # an actor contact gives their own organisation's
            del self.fields["provider"]
            self.instance.provider_id = user.organisation_id
        if self.instance.pk and not self.is_bound:
            self.initial["occupations"] = list(self.instance.occupations.all())


class OfferingFilterForm(PlaceFilterForm):
    """The register's filters: national, the user's region first (see ``PlaceFilterForm``)."""

    field_order = ["q", "occupation", "form", "status", "region", "municipality"]
    national = True

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    occupation = SearchChoiceField(
        label=_("Occupation (SSYK)"),
        required=False,
        source="occupation",
        queryset=Occupation.objects.filter(level=4).order_by("code"),
    )
    form = forms.ChoiceField(
        label=_("Form"), required=False, choices=[("", _("All forms"))] + OfferingForm.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Every status"))] + OfferingStatus.choices
    )

    def clean_q(self):
        return self.cleaned_data["q"].strip()
