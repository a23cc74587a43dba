"""The education supply's forms: an offering, and the register's filters."""

from __future__ import annotations

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import RoleName
from actors.forms import ChangeReasonMixin, PlaceFilterForm
from actors.models import Municipality, Organisation
from actors.services import import_max_bytes, size_label
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


# The model's rule that an offering ends after it starts (a database constraint), and what it says.
ENDS_AFTER_START = next(c for c in Offering._meta.constraints if c.name == "offering_ends_after_it_starts")


class OfferingRowForm(OfferingEditForm):
    """One row of a CSV import (``importer.plan``), checked by the offering form's own fields and the
    model's validation. The provider, the place and the occupations are no fields here: the importer
    finds what the file names for the whole file at once, within the bounds the policy sets this form
    (``policy.offering_providers``, ``policy.offering_places``), and sets them on the instance.

    ``columns``: the fields the file has a column for. An offering the row changes keeps the values
    of the others; a new one gets the model's defaults.

    The end is checked against the start here, in Python: the model's constraint would ask the
    database once a row, and a preview asks the same few questions however long the file."""

    RESOLVED = ("provider", "municipality", "occupations", "change_reason")

    def __init__(self, data, *, instance, user, columns):
        super().__init__(data, instance=instance, user=user)
        for name in list(self.fields):
            if name in self.RESOLVED or name not in columns:
                del self.fields[name]

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() | {"end"}  # the constraint: see _post_clean

    def _post_clean(self):
        super()._post_clean()
        start, end = self.instance.start, self.instance.end
        if start and end and end < start and "end" not in self.errors:
            self.add_error(
                "end" if "end" in self.fields else "start", ENDS_AFTER_START.violation_error_message
            )


class OfferingImportForm(forms.Form):
    """The CSV file of offerings to import (its columns: ``importer.COLUMNS``)."""

    file = forms.FileField(label=_("CSV file"), widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))

    def __init__(self, *args, max_rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "UTF-8, comma or semicolon separated; at most %(size)s and %(rows)s rows."
        ) % {"size": size_label(import_max_bytes()), "rows": number_format(max_rows, force_grouping=True)}

    def refuse_file(self, message: str) -> None:
        """The upload could not be read (too large, cut off, broken): ``message`` says why, in place
        of whatever the field would say of a body that never arrived."""
        self.errors.clear()
        self.add_error("file", message)


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
